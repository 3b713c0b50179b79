//! The `runtime_bpf_checked` mode: the input's memory as real pages read
//! through `CheckedMemory`, with real holes. Every seed and every earlier
//! finding keeps all the harness's invariants there and gets the same
//! results as on the simulated memory; calls whose pointers run into a
//! hole, land on the read-only page or lie outside the region fault for
//! real (or are refused) and come back as the kernel's `EFAULT` (or
//! `E2BIG` for a non-zero byte before the hole), with only allowed bytes
//! written.

use core::mem::{offset_of, size_of};
use std::path::PathBuf;

use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::info::bpf_map_info;
use extensible_abi_fuzz::runtime_harness::{
    kind, Harness, Mode, Outcome, Slot, BUF_LEN, LEVELS, LEVEL_TAG, ZONE,
};
use extensible_abi_fuzz::seeds::{all, buf, elem, fd_lo, map_create, raw, Expect, Seq};

/// Runs `input` in both modes: the outcomes must be the same.
fn both(input: &[u8]) -> Vec<Outcome> {
    let sim = Harness::run_input_in(Mode::Sim, input);
    let real = Harness::run_input_in(Mode::Checked, input);
    assert_eq!(sim, real, "the two memories disagree");
    real
}

#[test]
fn every_seed_succeeds_on_real_memory_at_every_level() {
    for (name, seq) in all() {
        let outcomes = both(&seq.bytes());
        for (i, (o, e)) in outcomes.iter().zip(&seq.expect).enumerate() {
            let ok = match (e, &o.result) {
                (Expect::Fd, Ok(fd)) => *fd >= 3,
                (Expect::Zero, Ok(0)) => true,
                (Expect::Errno(x), Err(y)) => x == y,
                _ => false,
            };
            assert!(ok, "{name}: call {i} (cmd {}) returned {:?}, expected {e:?}", o.cmd, o.result);
        }
        for sel in 0..LEVELS.len() {
            let mut input = vec![LEVEL_TAG, sel as u8];
            input.extend(seq.bytes());
            assert_eq!(both(&input).len(), seq.expect.len(), "{name} at level #{sel}");
        }
    }
}

#[test]
fn every_regression_input_passes_on_real_memory() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("regressions/runtime_bpf");
    for entry in std::fs::read_dir(dir).unwrap() {
        both(&std::fs::read(entry.unwrap().path()).unwrap());
    }
}

/// An array map (4-byte keys, 8-byte values), key 0 in buffer 0.
fn with_map() -> Seq {
    let mut s = Seq::default();
    s.call(BPF_MAP_CREATE, map_create(2, 4, 8, 4), Expect::Fd).write(0, 0, &[0; 4]);
    s
}

const EFAULT: i32 = 14;
const E2BIG: i32 = 7;

fn results(s: &Seq) -> Vec<Result<i64, i32>> {
    both(&s.bytes()).into_iter().map(|o| o.result).collect()
}

#[test]
fn a_value_running_into_the_hole_is_efault() {
    let end = (BUF_LEN + ZONE) as u16;
    let mut s = with_map();
    // The whole value fits before the hole, then 4 of its 8 bytes do.
    s.call(BPF_MAP_LOOKUP_ELEM, elem(0, Some((0, 0)), Some((2, end - 8)), 0), Expect::Zero);
    s.call(BPF_MAP_LOOKUP_ELEM, elem(0, Some((0, 0)), Some((2, end - 4)), 0), Expect::Zero);
    // A key running into the hole.
    s.call(BPF_MAP_LOOKUP_ELEM, elem(0, Some((0, end - 2)), Some((2, 0)), 0), Expect::Zero);
    assert_eq!(results(&s), [Ok(3), Ok(0), Err(EFAULT), Err(EFAULT)]);
}

#[test]
fn an_info_struct_running_into_the_hole() {
    let end = (BUF_LEN + ZONE) as u16;
    let size = size_of::<bpf_map_info>();
    let info = |s: &mut Seq, len: usize, b: u8, off: u16| {
        s.call(
            BPF_OBJ_GET_INFO_BY_FD,
            vec![
                fd_lo((offset_of!(bpf_attr_info, bpf_fd) / 8) as u8, 0, len as u32),
                buf((offset_of!(bpf_attr_info, info) / 8) as u8, b, off),
            ],
            Expect::Zero,
        );
    };
    let mut s = with_map();
    info(&mut s, size, 3, end - size as u16); // fits exactly
    info(&mut s, size, 3, end - 8); // the struct runs into the hole
    info(&mut s, 300, 1, end - 200); // a zero tail runs into the hole
    s.write(1, end - 60, &[1]); // a non-zero byte of the tail before it
    info(&mut s, 300, 1, end - 200);
    assert_eq!(results(&s), [Ok(3), Ok(0), Err(EFAULT), Err(EFAULT), Err(E2BIG)]);
}

#[test]
fn read_only_and_outside_the_region_are_efault_and_untouched() {
    let mut s = with_map();
    // The value pointer on the read-only page.
    let mut ro = elem(0, Some((0, 0)), None, 0);
    ro.push(Slot {
        word: (offset_of!(bpf_attr_map_elem, value) / 8) as u8,
        kind: kind::RO,
        value: 16 << 8,
    });
    s.call(BPF_MAP_LOOKUP_ELEM, ro, Expect::Zero);
    // A raw pointer below the region, one past it, and one at a real
    // object of this process: refused before anything is touched.
    let canary = Box::new([0x5au8; 8]);
    for addr in [0x1000, 0x60_2000, canary.as_ptr() as u64] {
        let mut v = elem(0, Some((0, 0)), None, 0);
        v.push(raw((offset_of!(bpf_attr_map_elem, value) / 8) as u8, addr));
        s.call(BPF_MAP_LOOKUP_ELEM, v, Expect::Zero);
    }
    let outcomes = Harness::run_input_in(Mode::Checked, &s.bytes());
    let got: Vec<_> = outcomes.into_iter().map(|o| o.result).collect();
    assert_eq!(got, [Ok(3), Err(EFAULT), Err(EFAULT), Err(EFAULT), Err(EFAULT)]);
    assert_eq!(*canary, [0x5a; 8]);
}
