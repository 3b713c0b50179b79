use super::{range_end, UserMemory};
use crate::AbiError;

/// This process's memory with plain loads and stores, for callers that
/// vouch for every address they pass: what a runtime uses when the pointers
/// come from its own safe client (as `extensible_abi_runtime::client::InProcessDirect`'s do), or
/// from code as trusted as itself.
///
/// It refuses what the kernel's `access_ok` refuses without touching
/// memory — a range in the first page (`NULL` plus a small offset, never
/// mapped on Linux) or one that wraps or leaves the address space — with
/// `EFAULT`; any other address is dereferenced. That makes a struct copy a
/// `memcpy` (about as fast as the slice path) where `ProcessMemory`
/// spends a system call on each access to turn a bad pointer into
/// `EFAULT` instead of a crash.
///
/// ```
/// use extensible_abi::user::{self, DirectMemory};
///
/// let mut out = [0u8; 4];
/// // SAFETY: the only address passed is `out`'s, valid for 4 bytes and
/// // not otherwise borrowed while `mem` writes it.
/// let mut mem = unsafe { DirectMemory::new() };
/// user::write_pod(&mut mem, out.as_mut_ptr() as u64, &7u32).unwrap();
/// assert_eq!(u32::from_ne_bytes(out), 7);
/// assert_eq!(user::read_pod::<u32, _>(&mem, 8).unwrap_err().errno(), 14); // EFAULT
/// ```
#[derive(Debug)]
pub struct DirectMemory {
    _private: (),
}

/// Addresses below this are the `NULL` page: never mapped, always `EFAULT`.
const NULL_PAGE: u64 = 4096;

impl DirectMemory {
    /// Plain access to this process's memory.
    ///
    /// # Safety
    ///
    /// Every address outside the first page handed to it, with its length,
    /// must be valid for the access: readable and initialized for a read,
    /// writable for a write, with no Rust reference live to the bytes
    /// written. A bad pointer is undefined behaviour here, not `EFAULT`.
    pub unsafe fn new() -> Self {
        DirectMemory { _private: () }
    }

    /// `access_ok`: a non-empty range clear of the `NULL` page that neither
    /// wraps nor leaves the address space.
    #[inline]
    fn access_ok(addr: u64, len: usize) -> Result<usize, AbiError> {
        let end = range_end(addr, len)?;
        if addr < NULL_PAGE || end > usize::MAX as u64 {
            return Err(AbiError::Fault { addr, len: len as u64 });
        }
        Ok(addr as usize)
    }
}

// Inline: a struct copy through it is meant to compile to the copy.
impl UserMemory for DirectMemory {
    #[inline]
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        if dst.is_empty() {
            return Ok(());
        }
        let at = Self::access_ok(addr, dst.len())?;
        // SAFETY: by the contract of `new`, `at..+len` is valid,
        // initialized memory.
        unsafe { copy_from(at, dst) };
        Ok(())
    }

    #[inline]
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        if src.is_empty() {
            return Ok(());
        }
        let at = Self::access_ok(addr, src.len())?;
        // SAFETY: by the contract of `new`, `at..+len` is writable and no
        // Rust reference is live to it.
        unsafe { copy_to(at, src) };
        Ok(())
    }
}

/// Copies the `dst.len()` bytes at address `at` into `dst`. The address
/// came from a pointer cast to an integer (which exposed its provenance):
/// the copy takes that provenance back.
///
/// # Safety
///
/// `at..at + dst.len()` must be valid, initialized memory (it cannot
/// overlap `dst`, a buffer the caller holds exclusively).
#[inline]
pub(super) unsafe fn copy_from(at: usize, dst: &mut [u8]) {
    let src: *const u8 = core::ptr::with_exposed_provenance(at);
    // SAFETY: forwarded to the caller.
    unsafe { copy(src, dst.as_mut_ptr(), dst.len()) };
}

/// Copies `src` to address `at` (provenance as in [`copy_from`]).
///
/// # Safety
///
/// `at..at + src.len()` must be writable, with no Rust reference live to
/// it (so it cannot overlap `src`).
#[inline]
pub(super) unsafe fn copy_to(at: usize, src: &[u8]) {
    let dst: *mut u8 = core::ptr::with_exposed_provenance_mut(at);
    // SAFETY: forwarded to the caller.
    unsafe { copy(src.as_ptr(), dst, src.len()) };
}

/// `copy_nonoverlapping`, with a copy of 8 to 16 bytes (an attr, a key, a
/// value) as two overlapping 8-byte moves rather than a call to `memcpy`
/// for a length the compiler does not know.
///
/// # Safety
///
/// As `copy_nonoverlapping`: `src..+len` readable, `dst..+len` writable,
/// not overlapping.
#[inline]
unsafe fn copy(src: *const u8, dst: *mut u8, len: usize) {
    if (8..=16).contains(&len) {
        // SAFETY: both moves lie inside the ranges (`len >= 8`); bytes the
        // two share are written twice with the same value.
        unsafe {
            let head = core::ptr::read_unaligned(src.cast::<u64>());
            let tail = core::ptr::read_unaligned(src.add(len - 8).cast::<u64>());
            core::ptr::write_unaligned(dst.cast::<u64>(), head);
            core::ptr::write_unaligned(dst.add(len - 8).cast::<u64>(), tail);
        }
    } else {
        // SAFETY: forwarded to the caller.
        unsafe { core::ptr::copy_nonoverlapping(src, dst, len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_refuses_what_access_ok_refuses() {
        let src = [1u8, 2, 3, 4];
        let mut dst = [0u8; 4];
        // SAFETY: only `src` (read) and `dst` (written, not borrowed while
        // `mem` writes it) are addressed, plus ranges refused unread.
        let mut mem = unsafe { DirectMemory::new() };
        mem.read(src.as_ptr() as u64, &mut dst).unwrap();
        assert_eq!(dst, src);
        mem.write(dst.as_mut_ptr() as u64, &[9, 9]).unwrap();
        assert_eq!(dst, [9, 9, 3, 4]);
        let efault = |r: Result<(), AbiError>| r.unwrap_err().errno();
        let mut b = [0u8; 8];
        assert_eq!(efault(mem.read(0, &mut b)), 14);
        assert_eq!(efault(mem.read(4095, &mut b)), 14);
        assert_eq!(efault(mem.read(u64::MAX - 3, &mut b)), 14);
        assert_eq!(efault(mem.write(0x10, &b)), 14);
        // Nothing to copy is never a fault, as for copy_{from,to}_user.
        mem.read(0, &mut []).unwrap();
        mem.write(0, &[]).unwrap();
    }

    #[test]
    fn copies_of_8_to_16_bytes_are_exact() {
        let src: [u8; 24] = core::array::from_fn(|i| i as u8 + 1);
        for len in 7..=17 {
            let mut dst = [0u8; 24];
            // SAFETY: as above: `src` read, `dst` written, nothing else.
            let mut mem = unsafe { DirectMemory::new() };
            mem.read(src.as_ptr() as u64 + 3, &mut dst[..len]).unwrap();
            assert_eq!(dst[..len], src[3..3 + len]);
            assert!(dst[len..].iter().all(|&b| b == 0), "{len}: wrote past the end");
            let mut out = [0u8; 24];
            mem.write(out.as_mut_ptr() as u64 + 5, &src[..len]).unwrap();
            assert_eq!(out[5..5 + len], src[..len]);
            assert!(out[..5].iter().chain(&out[5 + len..]).all(|&b| b == 0), "{len}");
        }
    }
}
