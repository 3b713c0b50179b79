//! `runtime_bpf` with the input's memory as real pages of this process,
//! which the runtime reads and writes through `CheckedMemory` (copies with
//! fix-ups, a `SIGSEGV` handler), with real unmapped pages after every
//! buffer: a pointer that runs off one faults for real and must come back
//! as `EFAULT`. Same input format, same invariants, same seeds as
//! `runtime_bpf` (`fuzz/src/runtime_harness.rs`, `fuzz/src/real_memory.rs`).
#![no_main]

use extensible_abi_fuzz::runtime_harness::{Harness, Mode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    Harness::run_input_in(Mode::Checked, input);
});
