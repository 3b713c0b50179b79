use alloc::vec;
use alloc::vec::Vec;

use super::{range_end, UserMemory};
use crate::AbiError;

/// A simulated, bounds-checked address space: any number of mapped ranges,
/// each writable or read-only, with everything else unmapped. Accesses may
/// span adjacent ranges; an access that touches any unmapped byte (or, for
/// a write, any read-only byte) fails with `EFAULT`. As the kernel's
/// `copy_to_user` does, a faulting write has written the bytes before the
/// first byte it could not write; a faulting read fills nothing.
///
/// ```
/// use extensible_abi::user::{SimMemory, UserMemory};
///
/// let mut mem = SimMemory::new();
/// let attr = mem.alloc(16);            // writable, zeroed, guard gap after
/// let ro = mem.alloc_readonly(&[1, 2, 3]);
/// mem.write(attr, &[9; 16]).unwrap();
/// assert_eq!(mem.write(ro, &[0]).unwrap_err().errno(), 14);        // EFAULT
/// // One past the end: EFAULT, with the 8 bytes before the hole written.
/// assert_eq!(mem.write(attr + 8, &[0; 9]).unwrap_err().errno(), 14);
/// assert_eq!(mem.bytes(attr, 16).unwrap(), &[9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct SimMemory {
    /// Sorted by `base`, never overlapping.
    regions: Vec<Region>,
    /// Where [`SimMemory::alloc`] places the next range.
    next: u64,
}

#[derive(Clone, Debug)]
struct Region {
    base: u64,
    data: Vec<u8>,
    writable: bool,
}

impl Region {
    fn end(&self) -> u64 {
        self.base + self.data.len() as u64
    }
}

/// First address [`SimMemory::alloc`] hands out: low addresses, NULL
/// among them, stay unmapped.
const ALLOC_BASE: u64 = 0x1_0000;
/// Unmapped bytes left after every allocation, so overruns fault.
const GUARD: u64 = 0x1000;

impl SimMemory {
    /// An address space with nothing mapped.
    pub fn new() -> Self {
        SimMemory { regions: Vec::new(), next: ALLOC_BASE }
    }

    /// Maps `bytes` at `base`, writable or read-only.
    ///
    /// # Panics
    ///
    /// When the range wraps the address space or overlaps a mapped one.
    pub fn map(&mut self, base: u64, bytes: &[u8], writable: bool) {
        let end = base.checked_add(bytes.len() as u64).expect("mapping wraps the address space");
        let i = self.regions.partition_point(|r| r.base < base);
        let overlaps_prev = i > 0 && self.regions[i - 1].end() > base;
        let overlaps_next = i < self.regions.len() && self.regions[i].base < end;
        assert!(!overlaps_prev && !overlaps_next, "mapping {base:#x}..{end:#x} overlaps another");
        self.regions.insert(i, Region { base, data: bytes.to_vec(), writable });
        self.next = self.next.max(end.saturating_add(GUARD));
    }

    /// Maps `len` zero bytes, writable, at a fresh address followed by an
    /// unmapped guard gap; returns the address.
    pub fn alloc(&mut self, len: usize) -> u64 {
        self.alloc_with(&vec![0; len], true)
    }

    /// Maps a writable copy of `bytes` at a fresh address; returns it.
    pub fn alloc_bytes(&mut self, bytes: &[u8]) -> u64 {
        self.alloc_with(bytes, true)
    }

    /// Maps a read-only copy of `bytes` at a fresh address; returns it.
    pub fn alloc_readonly(&mut self, bytes: &[u8]) -> u64 {
        self.alloc_with(bytes, false)
    }

    fn alloc_with(&mut self, bytes: &[u8], writable: bool) -> u64 {
        // Keep every allocation 16-aligned, as a C allocator would.
        let base = self.next.div_ceil(16) * 16;
        self.map(base, bytes, writable);
        base
    }

    /// Unmaps the range that starts at `base`; returns whether one did.
    pub fn unmap(&mut self, base: u64) -> bool {
        match self.regions.binary_search_by_key(&base, |r| r.base) {
            Ok(i) => {
                self.regions.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// The `len` bytes at `addr` when they lie in one mapped range.
    pub fn bytes(&self, addr: u64, len: usize) -> Option<&[u8]> {
        let r = self.region_at(addr)?;
        let start = (addr - r.base) as usize;
        r.data.get(start..start.checked_add(len)?)
    }

    /// Index of the range holding `addr`.
    fn index_at(&self, addr: u64) -> Option<usize> {
        let i = self.regions.partition_point(|r| r.base <= addr).checked_sub(1)?;
        (addr < self.regions[i].end()).then_some(i)
    }

    fn region_at(&self, addr: u64) -> Option<&Region> {
        self.index_at(addr).map(|i| &self.regions[i])
    }

    /// Splits `addr..addr + len` into pieces `(region index, offset in
    /// region, piece length)`, calling `f` for each; `EFAULT` if any byte
    /// is unmapped (or read-only when `need_write`), before `f` sees a
    /// piece that follows the hole.
    fn walk(
        &self,
        addr: u64,
        len: usize,
        need_write: bool,
        mut f: impl FnMut(usize, usize, usize, usize),
    ) -> Result<(), AbiError> {
        let fault = AbiError::Fault { addr, len: len as u64 };
        let end = range_end(addr, len)?;
        let (mut at, mut done) = (addr, 0usize);
        while at < end {
            let i = self.index_at(at).ok_or(fault)?;
            let r = &self.regions[i];
            if need_write && !r.writable {
                return Err(fault);
            }
            let n = (r.end().min(end) - at) as usize;
            f(i, (at - r.base) as usize, done, n);
            at += n as u64;
            done += n;
        }
        Ok(())
    }
}

impl UserMemory for SimMemory {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        self.walk(addr, dst.len(), false, |i, off, done, n| {
            dst[done..done + n].copy_from_slice(&self.regions[i].data[off..off + n]);
        })
    }

    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        let fault = AbiError::Fault { addr, len: src.len() as u64 };
        let end = range_end(addr, src.len())?;
        // Piece by piece up to the first byte that cannot be written, as
        // copy_to_user stops at it.
        let (mut at, mut done) = (addr, 0);
        while at < end {
            let i = self.index_at(at).ok_or(fault)?;
            let r = &mut self.regions[i];
            if !r.writable {
                return Err(fault);
            }
            let off = (at - r.base) as usize;
            let n = (r.data.len() - off).min(src.len() - done);
            r.data[off..off + n].copy_from_slice(&src[done..done + n]);
            at += n as u64;
            done += n;
        }
        Ok(())
    }
}
