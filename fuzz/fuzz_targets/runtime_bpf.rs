//! The runtime's `bpf()` entry over a simulated address space, driven by
//! sequences of calls, memory writes and closes whose fd-like attr fields
//! can name the fds earlier calls of the same input returned. The input
//! format and every invariant: `fuzz/src/runtime_harness.rs`; the per-
//! command errno sets: `fuzz/src/errnos.rs`; the seeds:
//! `fuzz/src/seeds.rs` (written to `fuzz/seeds/runtime_bpf/` by
//! `bash scripts/fuzz.sh seeds`).
#![no_main]

use extensible_abi_fuzz::runtime_harness::Harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    Harness::run_input(input);
});
