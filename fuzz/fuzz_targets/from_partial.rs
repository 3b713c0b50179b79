//! `from_partial_at` / `copy_truncated_at` on several layouts, any input
//! length and content, any ABI level.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod layouts;
use layouts::*;

fuzz_target!(|input: &[u8]| {
    let Some((&sel, rest)) = input.split_first() else { return };
    let level = u32::from(sel >> 2) % 6; // 0..=5: before, at and past every version
    match sel & 3 {
        0 => check::<Tiny>(rest, level),
        1 => check::<Mixed>(rest, level),
        _ => check::<Nested>(rest, level),
    }
});
