//! Every input the `runtime_bpf` fuzzer ever failed on, kept under
//! `fuzz/regressions/runtime_bpf/` (its artifact, renamed for what it
//! found) and run through the harness here, plus each one rebuilt as a
//! readable call sequence with the result the kernel gives.

use std::path::PathBuf;

use extensible_abi_bpf::attr::*;
use extensible_abi_fuzz::runtime_harness::Harness;
use extensible_abi_fuzz::seeds::{Expect, Seq};

#[test]
fn every_regression_input_passes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("regressions/runtime_bpf");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let input = std::fs::read(entry.unwrap().path()).unwrap();
        Harness::run_input(&input);
        n += 1;
    }
    assert!(n > 0);
}

/// Finding 1 (a wrong invariant, not a runtime bug): `ld_imm64` with
/// `src_reg = BPF_PSEUDO_MAP_IDX` (5) and no `fd_array` is `EPROTO`, as
/// the kernel's `resolve_pseudo_ldimm64` returns ("fd_idx without fd_array
/// is invalid"); the first errno table left EPROTO out of PROG_LOAD's set.
#[test]
fn map_idx_without_fd_array_is_eproto() {
    use core::mem::offset_of;
    let mut insns = vec![0x18, 0x51, 0, 0, 0, 0, 0, 0];
    insns.extend([0u8; 8]);
    insns.extend(extensible_abi_fuzz::seeds::RET0);
    let mut s = Seq::default();
    s.write(0, 0, &insns).write(1, 0, b"GPL\0").call(
        BPF_PROG_LOAD,
        vec![
            extensible_abi_fuzz::seeds::raw(
                (offset_of!(bpf_attr_prog_load, prog_type) / 8) as u8,
                1 | 4 << 32,
            ),
            extensible_abi_fuzz::seeds::buf(
                (offset_of!(bpf_attr_prog_load, insns) / 8) as u8,
                0,
                0,
            ),
            extensible_abi_fuzz::seeds::buf(
                (offset_of!(bpf_attr_prog_load, license) / 8) as u8,
                1,
                0,
            ),
        ],
        Expect::Errno(71),
    );
    let outcomes = Harness::run_input(&s.bytes());
    assert_eq!(outcomes[0].result, Err(71));
}
