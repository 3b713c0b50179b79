//! The user-memory boundary (DESIGN.md §4): struct copy-in with the tail
//! check done in bounded chunks, copy-out of `min(len, size)` bytes, and
//! `EFAULT` wherever the kernel's copy_{from,to}_user would give it.

use core::mem::size_of;
use extensible_abi::user::{self, SimMemory, SliceMemory, UserMemory};
use extensible_abi::{bytes_of, errno, extensible_abi, AbiError, ExtensibleAbi};

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 1, offset = 4)]
    pub kind: u32,
    #[abi(since = 2, offset = 8)]
    pub flags: u64,
    #[abi(since = 3, offset = 16)]
    pub name: [u8; 16],
}

const SIZE: usize = size_of::<Info>();

fn sample() -> Info {
    Info { id: 7, kind: 2, flags: 0x0102_0304_0506_0708, name: *b"hello_world\0\0\0\0\0" }
}

/// Lengths to try: all of them natively, a sample under Miri.
fn lengths() -> impl Iterator<Item = usize> {
    (0..=4 * SIZE).step_by(if cfg!(miri) { 7 } else { 1 })
}

#[test]
fn read_struct_matches_from_partial_for_every_length_and_tail() {
    for len in lengths() {
        let mut bytes = vec![0u8; len];
        let n = len.min(SIZE);
        bytes[..n].copy_from_slice(&bytes_of(&sample())[..n]);
        for poison in std::iter::once(None).chain((SIZE..len).map(Some)) {
            if let Some(p) = poison {
                bytes[p] = 0x42;
            }
            let mut mem = SimMemory::new();
            let addr = mem.alloc_bytes(&bytes);
            let got = user::read_struct::<Info, _>(&mem, addr, len);
            assert_eq!(got, Info::from_partial(&bytes), "len {len} poison {poison:?}");
            if let Some(p) = poison {
                assert_eq!(got.unwrap_err().errno(), errno::E2BIG);
                bytes[p] = 0;
            }
        }
    }
}

#[test]
fn read_struct_faults_like_copy_struct_from_user() {
    let mut mem = SimMemory::new();
    let addr = mem.alloc_bytes(bytes_of(&sample()));
    // The whole struct: fine. One byte more runs into the guard gap.
    assert_eq!(user::read_struct::<Info, _>(&mem, addr, SIZE), Ok(sample()));
    let err = user::read_struct::<Info, _>(&mem, addr, SIZE + 1).unwrap_err();
    assert_eq!(err.errno(), errno::EFAULT);
    // NULL, with a length, faults; with length 0 reads nothing and succeeds.
    assert_eq!(user::read_struct::<Info, _>(&mem, 0, 8).unwrap_err().errno(), errno::EFAULT);
    assert_eq!(user::read_struct::<Info, _>(&mem, 0, 0), Ok(Info::default()));
    // An address range that wraps the address space.
    assert_eq!(
        user::read_struct::<Info, _>(&mem, u64::MAX - 3, 8).unwrap_err().errno(),
        errno::EFAULT
    );
    // Part of the struct mapped: EFAULT, as copy_from_user of the prefix fails.
    let short = mem.alloc_bytes(&[1, 2, 3, 4]);
    assert_eq!(user::read_struct::<Info, _>(&mem, short, 8).unwrap_err().errno(), errno::EFAULT);
    assert!(user::read_struct::<Info, _>(&mem, short, 4).is_ok());
}

#[test]
fn huge_lengths_are_scanned_in_bounded_chunks() {
    // A caller claims its struct is 4 GiB long. Nothing past the first page
    // is mapped: the scan must stop at the first unmapped chunk with EFAULT
    // (no 4 GiB buffer, no 4 GiB loop).
    let mut mem = SimMemory::new();
    let addr = mem.alloc(4096);
    let len = 4usize << 30;
    let err = user::read_struct::<Info, _>(&mem, addr, len).unwrap_err();
    // The tail scan starts after the struct and reads SCAN_CHUNK at a time;
    // the chunk that crosses the end of the page faults, and read again a
    // word at a time (the kernel's unit), the first word past the page is
    // the one that faults.
    assert_eq!(err, AbiError::Fault { addr: addr + 4096, len: 8 });
    // A non-zero byte inside the mapped part is found first: E2BIG.
    mem.write(addr + 100, &[1]).unwrap();
    let err = user::read_struct::<Info, _>(&mem, addr, len).unwrap_err();
    assert_eq!(err, AbiError::NonZeroTail { name: "Info", size: SIZE, offset: 100 });
    // The limited variant refuses before reading anything.
    let err = user::read_struct_limited::<Info, _>(&mem, 0, len, 4096).unwrap_err();
    assert_eq!(err, AbiError::TooBig { len: len as u64, max: 4096 });
    assert_eq!(err.errno(), errno::E2BIG);
}

#[test]
fn check_zeroed_reports_offsets_across_chunks_and_regions() {
    let mut mem = SimMemory::new();
    // Two adjacent regions: a scan may cross from one into the other.
    mem.map(0x10_0000, &[0; 300], true);
    mem.map(0x10_0000 + 300, &[0; 700], false);
    assert_eq!(user::check_zeroed(&mem, 0x10_0000, 1000), Ok(None));
    for pos in [0usize, 255, 256, 299, 300, 511, 512, 999] {
        let mut m = mem.clone();
        m.unmap(0x10_0000 + 300);
        let mut tail = vec![0u8; 700];
        if pos >= 300 {
            tail[pos - 300] = 9;
        }
        m.map(0x10_0000 + 300, &tail, false);
        if pos < 300 {
            m.write(0x10_0000 + pos as u64, &[9]).unwrap();
        }
        assert_eq!(user::check_zeroed(&m, 0x10_0000, 1000), Ok(Some(pos)));
    }
    assert_eq!(user::check_zeroed(&mem, 0x10_0000, 1001).unwrap_err().errno(), errno::EFAULT);
}

#[test]
fn write_struct_copies_min_len_size_and_not_a_byte_more() {
    for len in lengths() {
        let mut mem = SimMemory::new();
        let addr = mem.alloc_bytes(&vec![0xcc; len + 32]);
        let n = user::write_struct(&mut mem, addr, len, &sample()).unwrap();
        assert_eq!(n, len.min(SIZE));
        let out = mem.bytes(addr, len + 32).unwrap();
        assert_eq!(&out[..n], &bytes_of(&sample())[..n]);
        assert!(out[n..].iter().all(|&b| b == 0xcc), "len {len}");
    }
}

#[test]
fn faulting_writes_stop_at_the_hole() {
    let mut mem = SimMemory::new();
    let ro = mem.alloc_readonly(&[0xaa; 64]);
    let rw = mem.alloc(8);
    let err = user::write_struct(&mut mem, ro, 64, &sample()).unwrap_err();
    assert_eq!(err.errno(), errno::EFAULT);
    assert_eq!(mem.bytes(ro, 64).unwrap(), &[0xaa; 64]);
    // Runs past the end of a writable range: the bytes before the hole are
    // written, as copy_to_user writes them.
    assert_eq!(user::write_struct(&mut mem, rw, 16, &sample()).unwrap_err().errno(), errno::EFAULT);
    assert_eq!(mem.bytes(rw, 8).unwrap(), &bytes_of(&sample())[..8]);
    // Length 0 writes nothing and never faults, even at NULL.
    assert_eq!(user::write_struct(&mut mem, 0, 0, &sample()), Ok(0));
}

#[test]
fn pods_and_slices() {
    let mut buf = [0u8; 16];
    let mut mem = SliceMemory::new(0x2000, &mut buf);
    user::write_pod(&mut mem, 0x2004, &0xdead_beefu32).unwrap();
    assert_eq!(user::read_pod::<u32, _>(&mem, 0x2004), Ok(0xdead_beef));
    assert_eq!(user::read_pod::<u64, _>(&mem, 0x200c).unwrap_err().errno(), errno::EFAULT);
    assert_eq!(user::read_pod::<u8, _>(&mem, 0x1fff).unwrap_err().errno(), errno::EFAULT);
    assert_eq!(buf[4..8], 0xdead_beefu32.to_ne_bytes());
}

#[test]
fn sim_memory_write_spans_adjacent_regions() {
    let mut mem = SimMemory::new();
    mem.map(0x5000, &[0; 4], true);
    mem.map(0x5004, &[0; 4], true);
    mem.write(0x5002, &[1, 2, 3, 4]).unwrap();
    let mut out = [0u8; 8];
    mem.read(0x5000, &mut out).unwrap();
    assert_eq!(out, [0, 0, 1, 2, 3, 4, 0, 0]);
}

#[cfg(all(target_os = "linux", not(miri)))]
mod process {
    use super::*;
    use extensible_abi::user::ProcessMemory;

    #[test]
    fn real_pointers_round_trip() {
        let src = sample();
        let mut dst = [0xccu8; SIZE + 8];
        // SAFETY: the addresses used are of `src` (only read) and `dst`
        // (written while no reference to it is live).
        let mut mem = unsafe { ProcessMemory::new() };
        let got = user::read_struct::<Info, _>(&mem, &src as *const Info as u64, SIZE).unwrap();
        assert_eq!(got, src);
        let n = user::write_struct(&mut mem, dst.as_mut_ptr() as u64, 12, &src).unwrap();
        assert_eq!(n, 12);
        assert_eq!(&dst[..12], &bytes_of(&src)[..12]);
        assert!(dst[12..].iter().all(|&b| b == 0xcc));
    }

    #[test]
    fn bad_pointers_fault_instead_of_crashing() {
        // SAFETY: only unmapped or read-only addresses are written, and
        // the reads are of valid or unmapped memory.
        let mut mem = unsafe { ProcessMemory::new() };
        // Below mmap_min_addr nothing can be mapped.
        assert_eq!(
            user::read_struct::<Info, _>(&mem, 0x800, 8).unwrap_err().errno(),
            errno::EFAULT
        );
        assert_eq!(user::read_struct::<Info, _>(&mem, 0, 8).unwrap_err().errno(), errno::EFAULT);
        // A kernel address.
        assert_eq!(
            user::read_pod::<u64, _>(&mem, 0xffff_ffff_8000_0000).unwrap_err().errno(),
            errno::EFAULT
        );
        // Read-only memory (a string literal in .rodata) cannot be written.
        static RO: [u8; 8] = *b"readonly";
        let err = user::write_pod(&mut mem, RO.as_ptr() as u64, &0u64).unwrap_err();
        assert_eq!(err.errno(), errno::EFAULT);
        assert_eq!(&RO, b"readonly");
    }
}

#[test]
fn user_copies_at_an_older_abi_level() {
    // Info's versions: 1 = 8 bytes, 2 = 16, 3 = 32.
    let mut mem = SimMemory::new();
    let addr = mem.alloc_bytes(bytes_of(&sample()));
    // Level 2 knows 16 bytes: `name` (non-zero) is an unknown tail.
    let err = user::read_struct_at::<Info, _>(&mem, addr, SIZE, 2).unwrap_err();
    assert_eq!(err, AbiError::NonZeroTail { name: "Info", size: 16, offset: 16 });
    let got = user::read_struct_at::<Info, _>(&mem, addr, 16, 2).unwrap();
    assert_eq!(got, Info { name: [0; 16], ..sample() });
    let out = mem.alloc_bytes(&[0xcc; 40]);
    assert_eq!(user::write_struct_at(&mut mem, out, 40, &sample(), 1), Ok(8));
    assert_eq!(&mem.bytes(out, 40).unwrap()[8..], &[0xcc; 32]);
    assert_eq!(user::write_struct_at(&mut mem, out, 40, &sample(), 3), Ok(SIZE));
}

#[test]
fn read_partial_into_a_run_time_sized_buffer() {
    let mut mem = SimMemory::new();
    let addr = mem.alloc_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
    let mut dst = [0xffu8; 8];
    // Longer than known, zero tail: the known 8 bytes.
    assert_eq!(user::read_partial(&mem, addr, 12, &mut dst, "attr"), Ok(8));
    assert_eq!(dst, [1, 2, 3, 4, 5, 6, 7, 8]);
    // Shorter: what is there, the rest zeroed (not left as it was).
    let mut dst = [0xffu8; 8];
    assert_eq!(user::read_partial(&mem, addr, 3, &mut dst, "attr"), Ok(3));
    assert_eq!(dst, [1, 2, 3, 0, 0, 0, 0, 0]);
    // A non-zero byte past what is known: E2BIG naming the buffer, and
    // `dst` untouched.
    let mut dst = [0xffu8; 4];
    let err = user::read_partial(&mem, addr, 12, &mut dst, "attr").unwrap_err();
    assert_eq!(err, AbiError::NonZeroTail { name: "attr", size: 4, offset: 4 });
    assert_eq!(dst, [0xff; 4]);
    assert_eq!(user::check_limit(4097, 4096).unwrap_err().errno(), errno::E2BIG);
    assert_eq!(user::check_limit(4096, 4096), Ok(()));
    // A tail past the end of the address space: EFAULT (the kernel's
    // access_ok), not an overflow.
    let mut dst = [0u8; 8];
    let err = user::read_partial(&mem, u64::MAX - 4, 16, &mut dst, "attr").unwrap_err();
    assert_eq!(err.errno(), errno::EFAULT);
}
