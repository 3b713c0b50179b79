//! The runtime's `bpf()` entry over a simulated address space, driven by
//! arbitrary call sequences: any command, size, attr bytes and memory
//! contents. Invariants: no panic; every errno is one the kernel's bpf()
//! can return; a byte of memory outside the caller's buffers (the canary
//! zones after each one, and everything read-only) never changes; and a
//! call that fails with E2BIG or EINVAL before the command ran (the
//! uniform checks) changes nothing at all.
#![no_main]

use extensible_abi::runtime::Runtime;
use extensible_abi::user::SimMemory;
use libfuzzer_sys::fuzz_target;

/// Where the fuzzer's buffers live: attr, four buffers, a read-only one.
const ATTR: u64 = 0x10_0000;
const BUF: [u64; 4] = [0x20_0000, 0x30_0000, 0x40_0000, 0x50_0000];
const RO: u64 = 0x60_0000;
const BUF_LEN: usize = 512;
const CANARY: usize = 64;

/// Errnos Linux's bpf() returns (positive).
const KNOWN: &[i32] = &[
    1, 2, 4, 7, 9, 11, 12, 13, 14, 16, 17, 19, 22, 24, 28, 34, 67, 75, 77, 95, 131, 524,
];

fuzz_target!(|input: &[u8]| {
    let rt = Runtime::new();
    let mut mem = SimMemory::new();
    // Each buffer is followed by a canary zone mapped writable: the runtime
    // may write the buffer, never the zone.
    for (i, &b) in BUF.iter().enumerate() {
        let mut bytes = vec![0u8; BUF_LEN + CANARY];
        for (j, x) in bytes[..BUF_LEN].iter_mut().enumerate() {
            *x = input.get(i * 7 + j % 13).copied().unwrap_or(0);
        }
        bytes[BUF_LEN..].fill(0xa5);
        mem.map(b, &bytes, true);
    }
    mem.map(RO, &[1u8; 256], false);
    mem.map(ATTR, &[0u8; 4096], true);

    for call in input.chunks(48).take(16) {
        if call.len() < 8 {
            break;
        }
        let cmd = u32::from(call[0] % 40);
        let size = match call[1] % 8 {
            0 => 0,
            1 => 8,
            2 => 16,
            3 => 4096,
            4 => 4097,
            _ => u32::from(call[1]) % 200,
        };
        // The attr: the call's bytes, with 8-byte slots the fuzzer may turn
        // into pointers at our buffers (or leave as raw values).
        let mut attr = [0u8; 168];
        for (i, chunk) in call[2..].chunks(8).enumerate() {
            let at = i * 8;
            if at + 8 > attr.len() {
                break;
            }
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            let v = u64::from_le_bytes(word);
            let v = match v % 11 {
                0..=3 => BUF[(v as usize / 11) % 4] + (v >> 40) % 64,
                4 => RO,
                _ => v % 0x1_0000_0000,
            };
            attr[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        if cmd == 10 {
            // PROG_TEST_RUN's `repeat` runs the program that many times, as
            // the kernel does: cap it so one input cannot run for minutes.
            let repeat = u32::from_le_bytes(attr[32..36].try_into().unwrap()) % 4;
            attr[32..36].copy_from_slice(&repeat.to_le_bytes());
        }
        extensible_abi::user::UserMemory::write(&mut mem, ATTR, &attr).unwrap();
        let before = snapshot(&mem);
        let r = rt.bpf(&mut mem, cmd, ATTR, size);
        let after = snapshot(&mem);
        if let Err(e) = r {
            assert!(KNOWN.contains(&e.errno()), "cmd {cmd}: errno {} ({e})", e.errno());
            if size > 4096 {
                assert_eq!(before, after, "cmd {cmd}: E2BIG for size {size} changed memory");
            }
        }
        for (i, &b) in BUF.iter().enumerate() {
            let zone = mem.bytes(b + BUF_LEN as u64, CANARY).unwrap();
            assert!(zone.iter().all(|&x| x == 0xa5), "cmd {cmd}: wrote past buffer {i}");
        }
        assert_eq!(mem.bytes(RO, 256).unwrap(), &[1u8; 256][..]);
    }
});

fn snapshot(mem: &SimMemory) -> Vec<u8> {
    let mut v = Vec::new();
    for b in BUF {
        v.extend_from_slice(mem.bytes(b, BUF_LEN).unwrap());
    }
    v.extend_from_slice(mem.bytes(ATTR, 4096).unwrap());
    v
}
