//! Shared helpers of the native tests: mappings with holes.
#![allow(dead_code)]

use std::ptr;

pub fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// `n` anonymous pages, unmapped on drop, each with its own protection.
pub struct Pages {
    pub base: *mut u8,
    pub page: usize,
    n: usize,
}

// SAFETY: the mapping is plain memory owned by this value; the tests share
// it between threads only through raw addresses.
unsafe impl Send for Pages {}
// SAFETY: as above.
unsafe impl Sync for Pages {}

impl Pages {
    pub fn new(n: usize) -> Pages {
        let page = page_size();
        // SAFETY: a fresh private anonymous mapping.
        let base = unsafe {
            libc::mmap(
                ptr::null_mut(),
                n * page,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(base, libc::MAP_FAILED);
        Pages { base: base.cast(), page, n }
    }

    /// `[rw][hole][rw][none]`: the hole is page 1, with protection `hole`.
    pub fn with_hole(hole: libc::c_int) -> Pages {
        let p = Pages::new(4);
        p.protect(1, hole);
        p.protect(3, libc::PROT_NONE);
        p
    }

    pub fn protect(&self, index: usize, prot: libc::c_int) {
        assert!(index < self.n);
        // SAFETY: a page of our own mapping.
        let rc =
            unsafe { libc::mprotect(self.base.add(index * self.page).cast(), self.page, prot) };
        assert_eq!(rc, 0);
    }

    pub fn addr(&self, offset: usize) -> u64 {
        self.base as u64 + offset as u64
    }

    /// The start of page `index`.
    pub fn page_addr(&self, index: usize) -> u64 {
        self.addr(index * self.page)
    }

    /// Page `index` as a slice (it must be readable).
    pub fn bytes(&mut self, index: usize) -> &mut [u8] {
        // SAFETY: a readable page of our own mapping; the tests touch it
        // only through this slice while it lives.
        unsafe { std::slice::from_raw_parts_mut(self.base.add(index * self.page), self.page) }
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        // SAFETY: our own mapping, no longer used.
        unsafe { libc::munmap(self.base.cast(), self.n * self.page) };
    }
}

/// Lengths around the word and `rep` thresholds, and some large ones.
pub fn lengths(page: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..=64).collect();
    v.extend([65, 95, 96, 97, 100, 127, 128, 129, 232, 255, 256, 511, 512, 513, 1000, 4095]);
    v.extend([page, page + 1, 2 * page]);
    v
}

/// Distances from the start of the range to the hole: every one up to 72,
/// then some far ones.
pub fn distances(page: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..=72).collect();
    v.extend([127, 128, 129, 1001, page - 1, page]);
    v
}

pub fn pattern(i: usize) -> u8 {
    (i * 7 + 3) as u8 | 1
}
