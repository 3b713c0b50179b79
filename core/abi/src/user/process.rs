use core::ffi::{c_ulong, c_void};
use core::sync::atomic::{AtomicU8, Ordering};

use super::{range_end, UserMemory};
use crate::AbiError;

/// This process's own memory, addressed by raw pointer values: the user
/// side of a C entry point such as `extabi_bpf(cmd, attr, size)`.
///
/// Accesses go through `process_vm_readv`/`process_vm_writev` on the
/// process itself, so an unmapped or read-only address gives `EFAULT`, as
/// the kernel's `copy_from_user` does, instead of a crash. Like the kernel,
/// a write that faults part-way may have written the bytes before the hole.
/// Where those system calls are refused (a seccomp filter, or Miri), the
/// accesses fall back to direct copies.
#[derive(Debug)]
pub struct ProcessMemory {
    _private: (),
}

/// Whether `process_vm_*v` work here: 0 unknown, 1 yes, 2 no.
static CHECKED_COPIES: AtomicU8 = AtomicU8::new(0);

#[repr(C)]
struct IoVec {
    base: *mut c_void,
    len: usize,
}

extern "C" {
    fn getpid() -> i32;
    fn process_vm_readv(
        pid: i32,
        local: *const IoVec,
        liovcnt: c_ulong,
        remote: *const IoVec,
        riovcnt: c_ulong,
        flags: c_ulong,
    ) -> isize;
    fn process_vm_writev(
        pid: i32,
        local: *const IoVec,
        liovcnt: c_ulong,
        remote: *const IoVec,
        riovcnt: c_ulong,
        flags: c_ulong,
    ) -> isize;
}

const ENOSYS: i32 = 38;
const EPERM: i32 = 1;

impl ProcessMemory {
    /// The memory of this process.
    ///
    /// # Safety
    ///
    /// Addresses handed to it are raw pointers from a caller that owns the
    /// memory behind them: no Rust reference may be live to any byte that
    /// is written through it, and every byte read must be initialized.
    /// Where the checked system calls are refused, every address must also
    /// be valid for the access, because the fallback dereferences it.
    pub unsafe fn new() -> Self {
        ProcessMemory { _private: () }
    }

    /// Copies `len` bytes with `process_vm_readv` (`write == false`, from
    /// `remote` into `local`) or `process_vm_writev`. `None` when those
    /// calls are refused here, else whether all bytes moved.
    fn checked_copy(local: *mut u8, remote: u64, len: usize, write: bool) -> Option<bool> {
        if cfg!(miri) || CHECKED_COPIES.load(Ordering::Relaxed) == 2 {
            return None;
        }
        let l = IoVec { base: local.cast(), len };
        let r = IoVec { base: remote as usize as *mut c_void, len };
        // SAFETY: the iovecs point at `len` bytes of a buffer the caller of
        // this function owns (`local`) and at a remote range the kernel
        // checks itself, faulting with EFAULT instead of touching an
        // unmapped page. The calls only read the iovec structs.
        let n = unsafe {
            let pid = getpid();
            if write {
                process_vm_writev(pid, &l, 1, &r, 1, 0)
            } else {
                process_vm_readv(pid, &l, 1, &r, 1, 0)
            }
        };
        if n < 0 {
            let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            if e == ENOSYS || e == EPERM {
                CHECKED_COPIES.store(2, Ordering::Relaxed);
                return None;
            }
            return Some(false);
        }
        // Stored once, not on every copy: a store per call would make the
        // cache line a point of contention between threads (and with
        // whatever static the linker puts beside it).
        if CHECKED_COPIES.load(Ordering::Relaxed) != 1 {
            CHECKED_COPIES.store(1, Ordering::Relaxed);
        }
        Some(n as usize == len)
    }
}

impl UserMemory for ProcessMemory {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        let len = dst.len();
        let fault = AbiError::Fault { addr, len: len as u64 };
        if len == 0 {
            return Ok(());
        }
        range_end(addr, len)?;
        if addr == 0 || addr > usize::MAX as u64 {
            return Err(fault);
        }
        match Self::checked_copy(dst.as_mut_ptr(), addr, len, false) {
            Some(true) => Ok(()),
            Some(false) => Err(fault),
            None => {
                // SAFETY: the checked calls are refused here, so by the
                // contract of `new` the caller vouched that `addr..+len` is
                // valid, initialized memory.
                unsafe { super::direct::copy_from(addr as usize, dst) };
                Ok(())
            }
        }
    }

    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        let len = src.len();
        let fault = AbiError::Fault { addr, len: len as u64 };
        if len == 0 {
            return Ok(());
        }
        range_end(addr, len)?;
        if addr == 0 || addr > usize::MAX as u64 {
            return Err(fault);
        }
        match Self::checked_copy(src.as_ptr().cast_mut(), addr, len, true) {
            Some(true) => Ok(()),
            Some(false) => Err(fault),
            None => {
                // SAFETY: as in `read`; by the contract of `new` the bytes
                // are writable and no Rust reference is live to them.
                unsafe { super::direct::copy_to(addr as usize, src) };
                Ok(())
            }
        }
    }
}
