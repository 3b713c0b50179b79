//! Every routine at every position around a page hole: exact counts, exact
//! bytes, the kernel's fault order for the scan.
#![cfg(all(not(miri), target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]

mod common;

use common::{distances, lengths, pattern, Pages};
use extensible_abi_uaccess::{check_zeroed_user, clear_user, copy_from_user, copy_to_user, Fault};

const SENTINEL: u8 = 0xee;

#[test]
fn copy_from_user_stops_exactly_at_the_hole() {
    let mut pages = Pages::with_hole(libc::PROT_NONE);
    let page = pages.page;
    for (i, b) in pages.bytes(0).iter_mut().enumerate() {
        *b = pattern(i);
    }
    let hole = pages.page_addr(1);
    let mut dst = vec![0u8; 2 * page + 16];
    for k in distances(page) {
        for len in lengths(page) {
            dst.fill(SENTINEL);
            let src = hole - k as u64;
            // SAFETY: `dst` holds more than `len` bytes.
            let left = unsafe { copy_from_user(dst.as_mut_ptr(), src, len) };
            let copied = len.min(k);
            assert_eq!(left, len - copied, "k={k} len={len}");
            let expect: Vec<u8> = (page - k..page - k + copied).map(pattern).collect();
            assert_eq!(&dst[..copied], &expect[..], "k={k} len={len}");
            assert!(
                dst[copied..].iter().all(|&b| b == SENTINEL),
                "k={k} len={len}: wrote past the hole"
            );
        }
    }
    // Starting inside the hole: nothing.
    for j in [0u64, 1, 7, 8, 4000] {
        for len in [1usize, 8, 64, 65, 5000] {
            // SAFETY: as above.
            let left = unsafe { copy_from_user(dst.as_mut_ptr(), hole + j, len) };
            assert_eq!(left, len);
        }
    }
    // After the hole, the last page is readable again up to the next hole.
    pages.bytes(2).fill(5);
    // SAFETY: as above.
    let left = unsafe { copy_from_user(dst.as_mut_ptr(), pages.page_addr(2) + 3, page) };
    assert_eq!((left, dst[0], dst[page - 4]), (3, 5, 5));
}

fn copy_to_user_around(hole_prot: libc::c_int) {
    let mut pages = Pages::with_hole(hole_prot);
    let page = pages.page;
    let hole = pages.page_addr(1);
    let src: Vec<u8> = (0..2 * page + 16).map(pattern).collect();
    for k in distances(page) {
        for len in lengths(page) {
            pages.bytes(0).fill(SENTINEL);
            let dst = hole - k as u64;
            // SAFETY: `src` holds more than `len` bytes; the user side is
            // our own mapping, with no reference to it live during the call.
            let left = unsafe { copy_to_user(dst, src.as_ptr(), len) };
            let copied = len.min(k);
            assert_eq!(left, len - copied, "k={k} len={len}");
            let a = pages.bytes(0);
            assert_eq!(&a[page - k..page - k + copied], &src[..copied], "k={k} len={len}");
            assert!(a[..page - k].iter().all(|&b| b == SENTINEL));
            assert!(a[page - k + copied..].iter().all(|&b| b == SENTINEL));
        }
    }
    if hole_prot == libc::PROT_READ {
        assert!(pages.bytes(1).iter().all(|&b| b == 0), "the read-only page was written");
    }
}

#[test]
fn copy_to_user_stops_exactly_at_an_unmapped_page() {
    copy_to_user_around(libc::PROT_NONE);
}

#[test]
fn copy_to_user_stops_exactly_at_a_read_only_page() {
    copy_to_user_around(libc::PROT_READ);
}

#[test]
fn clear_user_stops_exactly_at_the_hole() {
    for prot in [libc::PROT_NONE, libc::PROT_READ] {
        let mut pages = Pages::with_hole(prot);
        let page = pages.page;
        let hole = pages.page_addr(1);
        for k in distances(page) {
            for len in lengths(page) {
                pages.bytes(0).fill(SENTINEL);
                // SAFETY: our own mapping, no reference live during the call.
                let left = unsafe { clear_user(hole - k as u64, len) };
                let cleared = len.min(k);
                assert_eq!(left, len - cleared, "k={k} len={len}");
                let a = pages.bytes(0);
                assert!(a[page - k..page - k + cleared].iter().all(|&b| b == 0));
                assert!(a[..page - k].iter().all(|&b| b == SENTINEL));
                assert!(a[page - k + cleared..].iter().all(|&b| b == SENTINEL));
            }
        }
    }
}

/// The word that holds the last byte of `len` bytes from `src` lies
/// before `hole` (words are aligned, so they never straddle a page).
fn ends_before(src: u64, len: usize, hole: u64) -> bool {
    src + len as u64 <= hole
}

#[test]
fn check_zeroed_user_follows_the_kernels_fault_order() {
    let mut pages = Pages::with_hole(libc::PROT_NONE);
    let page = pages.page;
    let hole = pages.page_addr(1);
    // Non-zero bytes after the hole must never be reached.
    pages.bytes(2).fill(0xff);
    for k in distances(page) {
        let src = hole - k as u64;
        for len in lengths(page) {
            pages.bytes(0).fill(0);
            // SAFETY: reads only; faults are recovered.
            let all_zero = unsafe { check_zeroed_user(src, len) };
            let expect =
                if len == 0 || ends_before(src, len, hole) { Ok(None) } else { Err(Fault) };
            assert_eq!(all_zero, expect, "k={k} len={len}");

            // Bytes of the first word before `src`, and of the last word
            // past the end, are masked off.
            let a = pages.bytes(0);
            let start = page - k;
            for b in &mut a[(start & !7)..start] {
                *b = 0x80;
            }
            let end = start + len;
            if end < page {
                let word_end = ((end + 7) & !7).min(page);
                for b in &mut a[end..word_end.max(end + 1)] {
                    *b = 0x40;
                }
            }
            // SAFETY: as above.
            let masked = unsafe { check_zeroed_user(src, len) };
            assert_eq!(masked, expect, "k={k} len={len} (masking)");

            // A non-zero byte at every position before the hole is found,
            // even when the range runs on into the hole.
            pages.bytes(0).fill(0);
            for pos in 0..len.min(k) {
                let a = pages.bytes(0);
                a[start + pos] = 1 + (pos % 255) as u8;
                // SAFETY: as above.
                let got = unsafe { check_zeroed_user(src, len) };
                assert_eq!(got, Ok(Some(pos)), "k={k} len={len} pos={pos}");
                pages.bytes(0)[start + pos] = 0;
            }
        }
    }
    // Starting inside the hole: a fault, whatever follows.
    for j in [0u64, 1, 8, 4001] {
        // SAFETY: as above.
        assert_eq!(unsafe { check_zeroed_user(hole + j, 64) }, Err(Fault));
    }
}

#[test]
fn check_zeroed_user_stops_at_the_first_non_zero_word() {
    let mut pages = Pages::with_hole(libc::PROT_NONE);
    let hole = pages.page_addr(1);
    let page = pages.page;
    let a = pages.bytes(0);
    a.fill(0);
    // Non-zero in the last word before the hole: the scan must not read the
    // hole's first word (it would fault and report Err instead).
    a[page - 1] = 9;
    for k in 1..=40usize {
        // SAFETY: reads only.
        let got = unsafe { check_zeroed_user(hole - k as u64, 64) };
        assert_eq!(got, Ok(Some(k - 1)), "k={k}");
    }
}

#[test]
fn four_gib_scans_allocate_nothing_and_stop_early() {
    let mut pages = Pages::with_hole(libc::PROT_NONE);
    let hole = pages.page_addr(1);
    let page = pages.page;
    let huge = 4usize << 30;
    pages.bytes(0).fill(0);
    let t = std::time::Instant::now();
    // SAFETY: reads only; the range passes access_ok and faults at the hole.
    assert_eq!(unsafe { check_zeroed_user(hole - 64, huge) }, Err(Fault));
    pages.bytes(0)[page - 3] = 1;
    // SAFETY: as above.
    assert_eq!(unsafe { check_zeroed_user(hole - 64, huge) }, Ok(Some(61)));
    // SAFETY: as above; a wrapping length is refused.
    let wraps = unsafe { check_zeroed_user(hole - 64, usize::MAX) };
    assert_eq!(wraps, Err(Fault));
    assert!(t.elapsed().as_secs() < 2, "the scans did not stop early");
    let mut dst = vec![0u8; 128];
    // A 4 GiB copy into a 128-byte buffer would be a bug; with the source
    // 64 bytes before the hole only 64 bytes move.
    // SAFETY: only 64 bytes can be written before the source faults.
    let left = unsafe { copy_from_user(dst.as_mut_ptr(), hole - 64, huge) };
    assert_eq!(left, huge - 64);
}

/// A truncated file raises SIGBUS, not SIGSEGV: recovered the same way.
#[test]
fn sigbus_past_the_end_of_a_file_is_recovered() {
    let page = common::page_size();
    // SAFETY: plain system calls on a fresh memfd and mapping.
    let map = unsafe {
        let fd = libc::memfd_create(c"uaccess-bus".as_ptr(), 0);
        assert!(fd >= 0);
        assert_eq!(libc::ftruncate(fd, page as libc::off_t), 0);
        let m = libc::mmap(
            std::ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            fd,
            0,
        );
        libc::close(fd);
        assert_ne!(m, libc::MAP_FAILED);
        m as u64
    };
    let end = map + page as u64;
    let mut dst = vec![SENTINEL; 256];
    for k in [0usize, 1, 7, 8, 9, 63, 64, 65, 100] {
        for len in [1usize, 8, 16, 64, 65, 200] {
            // SAFETY: `dst` holds 256 bytes; the file page is ours.
            unsafe {
                assert_eq!(copy_from_user(dst.as_mut_ptr(), end - k as u64, len), len - len.min(k));
                assert_eq!(copy_to_user(end - k as u64, dst.as_ptr(), len), len - len.min(k));
                assert_eq!(clear_user(end - k as u64, len), len - len.min(k));
                let zeroed = check_zeroed_user(end - k as u64, len);
                assert_eq!(zeroed, if len <= k { Ok(None) } else { Err(Fault) });
            }
        }
    }
    // SAFETY: our own mapping.
    unsafe { libc::munmap(map as *mut libc::c_void, 2 * page) };
}
