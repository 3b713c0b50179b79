//! The `runtime_bpf` harness's memory as real pages of this process, for
//! its checked mode: the runtime reads and writes them through the
//! framework's `CheckedMemory` (copies with fix-ups), and a pointer that
//! runs off a buffer meets a real unmapped page, a real fault, and the
//! fault handler's `EFAULT`.
//!
//! The pages sit at the simulated address space's addresses (see
//! `runtime_harness`: the attr page, four buffers each ending a page, the
//! read-only bytes ending a page), mapped with `MAP_FIXED_NOREPLACE`, so
//! that an input, a seed or a raw attr word means the same in both modes.
//! Around each mapped page is a hole. What differs from the simulation:
//! the bytes before a buffer (or the read-only bytes) in its page are
//! mapped too (the page is the unit); the harness observes whole pages, so
//! a write there is seen.
//!
//! Accesses that start outside the region (the first page to the last)
//! are refused with `EFAULT` before anything is touched ([`Confined`]):
//! an attr word is any 64-bit value, and the fuzzer can learn real
//! addresses of this process from the comparisons it traces; without the
//! refusal a lookup could write into the fuzzer's own heap. Inside the
//! region every access goes to `CheckedMemory` unchanged; one that starts
//! in a mapped page and runs on meets a hole page before it can leave the
//! region, since every mapped page has a hole after it.

use core::ptr::NonNull;
use std::sync::{Mutex, MutexGuard};

use extensible_abi::user::{CheckedMemory, UserMemory};
use extensible_abi::AbiError;

/// The machine's page (the harness's addresses assume 4 KiB pages).
pub const PAGE: usize = 4096;

/// A page of the region and how it is mapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappedPage {
    pub addr: u64,
    pub writable: bool,
}

/// The mapped pages: the attr page, the four buffer pages, the read-only
/// page; everything else in `FIRST..END` is a hole.
pub const PAGES: [MappedPage; 6] = [
    MappedPage { addr: 0x10_0000, writable: true },
    MappedPage { addr: 0x20_0000, writable: true },
    MappedPage { addr: 0x30_0000, writable: true },
    MappedPage { addr: 0x40_0000, writable: true },
    MappedPage { addr: 0x50_0000, writable: true },
    MappedPage { addr: 0x60_0000, writable: false },
];

/// The region: from the first mapped page to the hole after the last.
pub const FIRST: u64 = 0x10_0000;
pub const END: u64 = 0x60_0000 + 2 * PAGE as u64;

/// The mapped pages, once per process (their addresses are fixed): a
/// checked-mode harness holds the lock for its lifetime.
pub struct Region {
    _private: (),
}

static REGION: Mutex<Option<Region>> = Mutex::new(None);

extern "C" {
    fn mmap(addr: *mut u8, len: usize, prot: i32, flags: i32, fd: i32, off: i64) -> *mut u8;
}

const PROT_READ: i32 = 1;
const PROT_WRITE: i32 = 2;
const MAP_PRIVATE: i32 = 0x02;
const MAP_ANONYMOUS: i32 = 0x20;
/// `MAP_FIXED_NOREPLACE` (Linux 4.17): fail rather than replace a mapping.
const MAP_FIXED_NOREPLACE: i32 = 0x10_0000;

impl Region {
    /// The region, mapped on first use and zeroed (the read-only bytes
    /// hold their ones): this thread's until the guard is dropped.
    ///
    /// # Panics
    ///
    /// If a page cannot be mapped at its address (something else of this
    /// process is there).
    pub fn take(ro: (u64, usize)) -> MutexGuard<'static, Option<Region>> {
        let mut guard = REGION.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            for p in PAGES {
                let prot = PROT_READ | PROT_WRITE;
                let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
                // SAFETY: a new anonymous mapping at an address nothing
                // else maps (NOREPLACE fails otherwise): no Rust object
                // can be there.
                let at = unsafe { mmap(p.addr as *mut u8, PAGE, prot, flags, -1, 0) };
                assert_eq!(at as u64, p.addr, "cannot map the harness page at {:#x}", p.addr);
            }
            let (ro_addr, ro_len) = ro;
            // SAFETY: inside the read-only page, just mapped writable and
            // reachable by no reference.
            unsafe { core::ptr::write_bytes(ro_addr as *mut u8, 1, ro_len) };
            let ro_page = PAGES[5].addr as *mut u8;
            // SAFETY: the page is ours (mapped above); from now on it is
            // only read.
            let r = unsafe { mprotect(ro_page, PAGE, PROT_READ) };
            assert_eq!(r, 0, "mprotect of the read-only page");
            *guard = Some(Region { _private: () });
        }
        for p in PAGES.iter().filter(|p| p.writable) {
            // SAFETY: a writable page of the region, which the guard makes
            // this thread's, with no reference to it live.
            unsafe { core::ptr::write_bytes(p.addr as *mut u8, 0, PAGE) };
        }
        guard
    }
}

extern "C" {
    fn mprotect(addr: *mut u8, len: usize, prot: i32) -> i32;
}

/// The mapped page holding `addr`, if any.
fn page_of(addr: u64) -> Option<MappedPage> {
    PAGES.iter().copied().find(|p| (p.addr..p.addr + PAGE as u64).contains(&addr))
}

/// The `len` bytes at `addr` when they all lie in one mapped page.
///
/// The caller holds the region (its guard from [`Region::take`]) and does
/// not let the runtime run while the slice is alive.
pub fn bytes(_region: &Region, addr: u64, len: usize) -> Option<&[u8]> {
    let p = page_of(addr)?;
    let end = addr.checked_add(len as u64)?;
    if end > p.addr + PAGE as u64 {
        return None;
    }
    let at = NonNull::new(addr as *mut u8)?;
    // SAFETY: inside a mapped page of the region, which the caller holds;
    // the runtime, the only other writer, does not run while the slice
    // lives (it borrows the region).
    Some(unsafe { core::slice::from_raw_parts(at.as_ptr(), len) })
}

/// Writes `src` at `addr`, inside one writable page: the harness's own
/// writes (the attr, the input's memory writes).
///
/// # Panics
///
/// Outside the writable pages.
pub fn write(_region: &mut Region, addr: u64, src: &[u8]) {
    let p = page_of(addr).filter(|p| p.writable).expect("a writable page");
    assert!(addr + src.len() as u64 <= p.addr + PAGE as u64, "inside one page");
    // SAFETY: inside a writable page of the region, held exclusively
    // (`&mut Region`), with no reference to those bytes live.
    unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), addr as *mut u8, src.len()) };
}

/// `CheckedMemory`, refusing (`EFAULT`, nothing touched) every access that
/// starts outside the region: see the module docs.
#[derive(Debug)]
pub struct Confined {
    mem: CheckedMemory,
}

impl Confined {
    /// The checked memory of the region.
    ///
    /// # Panics
    ///
    /// Where `CheckedMemory` does not exist (not Linux on x86_64 or
    /// aarch64).
    pub fn new(_region: &mut Region) -> Confined {
        // SAFETY: the only addresses it touches lie in the region (the rest
        // is refused), which the caller holds exclusively and keeps no
        // reference into while the runtime runs.
        let mem = unsafe { CheckedMemory::new() }.expect("CheckedMemory on this target");
        Confined { mem }
    }

    fn check(addr: u64, len: usize) -> Result<(), AbiError> {
        if len == 0 || (FIRST..END).contains(&addr) {
            Ok(())
        } else {
            Err(AbiError::Fault { addr, len: len as u64 })
        }
    }
}

impl UserMemory for Confined {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        Self::check(addr, dst.len())?;
        self.mem.read(addr, dst)
    }

    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        Self::check(addr, src.len())?;
        self.mem.write(addr, src)
    }

    fn first_nonzero(&self, addr: u64, len: usize) -> Result<Option<usize>, AbiError> {
        Self::check(addr, len)?;
        self.mem.first_nonzero(addr, len)
    }

    fn zero(&mut self, addr: u64, len: usize) -> Result<(), AbiError> {
        Self::check(addr, len)?;
        self.mem.zero(addr, len)
    }
}
