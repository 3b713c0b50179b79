use super::UserMemory;
use crate::AbiError;
use extensible_abi_uaccess as uaccess;

/// This process's own memory, addressed by raw pointer values, checked the
/// way the kernel checks user pointers and at `memcpy` speed: the copies,
/// clears and tail scans run in `extensible-abi-uaccess`'s routines, whose
/// faulting instructions have fix-ups (an exception table, as the kernel's
/// `copy_from_user` has), so a good address costs a copy and a bad one a
/// trapped fault answered with `EFAULT`, never a crash. No system call on
/// the good path, where [`ProcessMemory`](super::ProcessMemory) makes one
/// per access.
///
/// Feature `uaccess`; Linux on x86_64 and aarch64 ([`CheckedMemory::new`]
/// is `None` elsewhere: fall back to `ProcessMemory`). Reads, writes,
/// [`UserMemory::zero`] and [`UserMemory::first_nonzero`] behave at a hole
/// as the kernel's `copy_from_user`, `copy_to_user`, `clear_user` and
/// `check_zeroed_user`: a write or a clear that faults has done the bytes
/// before the hole, and the scan judges aligned words in order, so a
/// non-zero byte before the hole is found and a zero prefix is `EFAULT`.
/// Ranges the kernel's `access_ok` refuses (the NULL page, wrapping, above
/// the user address limit) are `EFAULT` without a touch.
///
/// The first `new` installs a `SIGSEGV`/`SIGBUS` handler that turns a fault
/// inside the routines into `EFAULT` and hands every other fault to the
/// handler installed before it (see the crate `extensible-abi-uaccess`:
/// install yours, if any, first).
///
/// ```
/// # #[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))] {
/// use extensible_abi::user::{self, CheckedMemory};
///
/// let mut out = [0u8; 4];
/// // SAFETY: the only addresses passed are `out`'s (no reference to it is
/// // live while `mem` writes it) and ones that do not map.
/// let mut mem = unsafe { CheckedMemory::new() }.unwrap();
/// user::write_pod(&mut mem, out.as_mut_ptr() as u64, &7u32).unwrap();
/// assert_eq!(u32::from_ne_bytes(out), 7);
/// // An unmapped address: EFAULT, not a crash.
/// assert_eq!(user::read_pod::<u32, _>(&mem, 0x10).unwrap_err().errno(), 14);
/// # }
/// ```
#[derive(Debug)]
pub struct CheckedMemory {
    _private: (),
}

impl CheckedMemory {
    /// The memory of this process, or `None` where the checked routines
    /// do not exist (then use `ProcessMemory`).
    ///
    /// # Safety
    ///
    /// Addresses handed to it are raw pointers from a caller that owns the
    /// memory behind them: no Rust reference may be live to any byte that
    /// is written through it. (An address that does not map, or maps
    /// read-only for a write, is `EFAULT`: that needs no promise.)
    pub unsafe fn new() -> Option<Self> {
        (uaccess::SUPPORTED && uaccess::install()).then_some(CheckedMemory { _private: () })
    }
}

#[cold]
fn fault(addr: u64, len: usize) -> AbiError {
    AbiError::Fault { addr, len: len as u64 }
}

// Inline: what is left around the routine's call is a compare.
impl UserMemory for CheckedMemory {
    #[inline]
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        // SAFETY: `dst` is a buffer we hold exclusively, valid for
        // `dst.len()` bytes of writes; the user side may be anything.
        match unsafe { uaccess::copy_from_user(dst.as_mut_ptr(), addr, dst.len()) } {
            0 => Ok(()),
            _ => Err(fault(addr, dst.len())),
        }
    }

    #[inline]
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        // SAFETY: `src` is valid for `src.len()` bytes of reads; by the
        // contract of `new`, no Rust reference is live to the bytes at
        // `addr`, which may otherwise be anything.
        match unsafe { uaccess::copy_to_user(addr, src.as_ptr(), src.len()) } {
            0 => Ok(()),
            _ => Err(fault(addr, src.len())),
        }
    }

    fn first_nonzero(&self, addr: u64, len: usize) -> Result<Option<usize>, AbiError> {
        // SAFETY: the routine only reads the user range, which may be
        // anything.
        unsafe { uaccess::check_zeroed_user(addr, len) }.map_err(|_| fault(addr, len))
    }

    fn zero(&mut self, addr: u64, len: usize) -> Result<(), AbiError> {
        // SAFETY: as in `write`.
        match unsafe { uaccess::clear_user(addr, len) } {
            0 => Ok(()),
            _ => Err(fault(addr, len)),
        }
    }
}
