//! The user-memory helpers over a simulated address space built from the
//! input: mapped, read-only and unmapped ranges, any address and length.
//! Invariants: no panic; a read gives exactly what `from_partial` gives on
//! the same bytes when they are all mapped, else EFAULT or E2BIG as the
//! kernel's copy_struct_from_user orders them; a write never changes a byte
//! outside `[addr, addr + min(len, size))` and changes nothing when it
//! fails.
#![no_main]

use extensible_abi::user::{self, SimMemory};
use extensible_abi::{errno, ExtensibleAbi};
use libfuzzer_sys::fuzz_target;

mod layouts;
use layouts::*;

const BASE: u64 = 0x10_000;

fuzz_target!(|input: &[u8]| {
    if input.len() < 8 {
        return;
    }
    let (head, data) = input.split_at(8);
    // Two adjacent ranges: [BASE, BASE+split) writable, then read-only,
    // then unmapped.
    let split = (head[0] as usize).min(data.len());
    let mut mem = SimMemory::new();
    if split > 0 {
        mem.map(BASE, &data[..split], true);
    }
    if split < data.len() {
        mem.map(BASE + split as u64, &data[split..], head[1] & 1 == 0);
    }
    let addr = BASE.wrapping_add(u64::from(head[2])).wrapping_sub(8);
    let len = usize::from(u16::from_le_bytes([head[3], head[4]])) % 512;
    let level = u32::from(head[5] % 6);

    let got = user::read_struct_at::<Nested, _>(&mem, addr, len, level);
    let mapped = len == 0 || (addr >= BASE && addr + len as u64 <= BASE + data.len() as u64);
    if mapped {
        let off = addr.saturating_sub(BASE) as usize;
        let src = if len == 0 { &[][..] } else { &data[off..off + len] };
        assert_eq!(got, Nested::from_partial_at(src, level));
    } else if let Err(e) = got {
        assert!(e.errno() == errno::EFAULT || e.errno() == errno::E2BIG);
    } else {
        // Success with part of the range unmapped is impossible.
        panic!("read succeeded over unmapped bytes");
    }

    // Writes: snapshot, write, compare.
    let value =
        Nested::from_partial(&data[..data.len().min(48)]).unwrap_or_else(|_| Nested::zeroed());
    let before: Vec<u8> =
        (0..data.len()).map(|i| mem.bytes(BASE + i as u64, 1).unwrap()[0]).collect();
    let r = user::write_struct_at(&mut mem, addr, len, &value, level);
    let after: Vec<u8> =
        (0..data.len()).map(|i| mem.bytes(BASE + i as u64, 1).unwrap()[0]).collect();
    match r {
        Err(e) => {
            assert_eq!(e.errno(), errno::EFAULT);
            assert_eq!(before, after, "a failed write changed memory");
        }
        Ok(n) => {
            assert_eq!(n, len.min(Nested::LAYOUT.size_at(level)));
            if n == 0 {
                assert_eq!(before, after, "an empty write changed memory");
                return;
            }
            let start = (addr - BASE) as usize;
            for i in 0..data.len() {
                if i < start || i >= start + n {
                    assert_eq!(before[i], after[i], "byte {i} outside the write changed");
                }
            }
            assert_eq!(&after[start..start + n], &extensible_abi::bytes_of(&value)[..n]);
        }
    }
});
