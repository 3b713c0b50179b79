//! The user-memory boundary: [`UserMemory`] and the only functions through
//! which a runtime reads structs from, and writes structs to, its callers.
//!
//! Runtimes receive raw user addresses (`info`, `log_buf`, `map_ids`, …)
//! inside attr structs. They never dereference them: every access goes
//! through a [`UserMemory`], which fails with `EFAULT` where the kernel's
//! `copy_from_user`/`copy_to_user` would. Four implementations:
//!
//! - [`SliceMemory`]: one caller buffer at a chosen address (no allocation);
//! - `SimMemory` (feature `alloc`): a bounds-checked simulated address
//!   space with any number of mapped, read-only and unmapped ranges, for
//!   tests, fuzzing and differential runs;
//! - `ProcessMemory` (feature `std`, Linux): this process's own memory,
//!   for a C entry point that is handed real pointers; a bad pointer is
//!   `EFAULT`, at the price of a system call per access;
//! - [`DirectMemory`]: this process's own memory with plain copies, for
//!   callers that vouch for their pointers (its constructor is `unsafe`).

mod direct;
mod slice;
pub use direct::DirectMemory;
pub use slice::SliceMemory;

#[cfg(feature = "alloc")]
mod sim;
#[cfg(feature = "alloc")]
pub use sim::SimMemory;

#[cfg(all(feature = "std", target_os = "linux"))]
mod process;
#[cfg(all(feature = "std", target_os = "linux"))]
pub use process::ProcessMemory;

use core::mem::size_of;

use crate::{bytes_of, bytes_of_mut, first_nonzero, zeroed, AbiError, ExtensibleAbi, Pod};

/// A caller's address space, as a runtime sees it: reads and writes at
/// `u64` addresses that fail with [`AbiError::Fault`] (`EFAULT`) where
/// nothing is mapped.
///
/// Implementations of this crate check a whole access before doing any of
/// it, except `ProcessMemory`, which, like the kernel, may have written
/// part of a range when a write faults.
pub trait UserMemory {
    /// Fills `dst` with the bytes at `addr..addr + dst.len()`.
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError>;

    /// Stores `src` at `addr..addr + src.len()`.
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError>;
}

impl<M: UserMemory + ?Sized> UserMemory for &mut M {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        (**self).read(addr, dst)
    }
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        (**self).write(addr, src)
    }
}

/// `addr + len` as the end of an access, or `EFAULT` when it wraps.
pub(crate) fn range_end(addr: u64, len: usize) -> Result<u64, AbiError> {
    addr.checked_add(len as u64).ok_or(AbiError::Fault { addr, len: len as u64 })
}

/// How many bytes the tail-zero scan reads per step: a caller may pass a
/// length of gigabytes, and the scan never holds more than this.
pub const SCAN_CHUNK: usize = 256;

/// Offset (from `addr`) of the first non-zero byte of the `len` user bytes
/// at `addr`, or `None` when all are zero: Linux's `check_zeroed_user`.
///
/// Reads [`SCAN_CHUNK`] bytes at a time into a stack buffer, so any `len`
/// is fine; stops at the first non-zero byte or the first fault (`EFAULT`).
pub fn check_zeroed<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
) -> Result<Option<usize>, AbiError> {
    range_end(addr, len)?;
    let mut buf = [0u8; SCAN_CHUNK];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(SCAN_CHUNK);
        mem.read(addr + done as u64, &mut buf[..n])?;
        if let Some(i) = first_nonzero(&buf[..n]) {
            return Ok(Some(done + i));
        }
        done += n;
    }
    Ok(None)
}

/// Reads an extensible struct the caller passed as `len` bytes at `addr`,
/// with Linux's `copy_struct_from_user` rules:
///
/// - `len` shorter than `T`: the bytes there are read and the rest is zero;
/// - `len` longer: the bytes past `size_of::<T>()` are scanned (in bounded
///   chunks) and must be zero, else `E2BIG`
///   ([`AbiError::NonZeroTail`]);
/// - any unmapped byte in `addr..addr + len`: `EFAULT`.
///
/// ```
/// use extensible_abi::{extensible_abi, user::{self, SliceMemory}};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// struct How { #[abi(since = 1, offset = 0)] flags: u64, #[abi(since = 2, offset = 8)] mode: u64 }
///
/// let mut buf = [0u8; 64];
/// buf[0] = 5;
/// let mem = SliceMemory::new(0x1000, &mut buf);
/// assert_eq!(user::read_struct::<How, _>(&mem, 0x1000, 8), Ok(How { flags: 5, mode: 0 }));
/// assert_eq!(user::read_struct::<How, _>(&mem, 0x1000, 64), Ok(How { flags: 5, mode: 0 }));
/// assert_eq!(user::read_struct::<How, _>(&mem, 0x1000, 65).unwrap_err().errno(), 14); // EFAULT
/// ```
pub fn read_struct<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
) -> Result<T, AbiError> {
    read_known_prefix::<T, M>(mem, addr, len, size_of::<T>())
}

/// [`read_struct`] as a runtime at ABI level `level` reads it: only the
/// size of the newest version numbered `<= level` is known
/// ([`Layout::size_at`](crate::Layout::size_at)); see
/// [`ExtensibleAbi::from_partial_at`].
pub fn read_struct_at<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    level: u32,
) -> Result<T, AbiError> {
    read_known_prefix::<T, M>(mem, addr, len, T::LAYOUT.size_at(level))
}

/// The one user-memory read of an extensible struct: `known` bytes are
/// understood, the caller's bytes past them must be zero.
fn read_known_prefix<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    known: usize,
) -> Result<T, AbiError> {
    let mut value: T = zeroed();
    read_partial(mem, addr, len, &mut bytes_of_mut(&mut value)[..known], T::LAYOUT.name)?;
    Ok(value)
}

/// `copy_struct_from_user` into a byte buffer: the caller passed `len`
/// bytes at `addr`, this side knows `dst.len()` of them. Bytes past
/// `dst.len()` must be zero (`E2BIG`, naming `name` and the first non-zero
/// byte; scanned in bounded chunks), `min(len, dst.len())` bytes are
/// copied and the rest of `dst` is zeroed. Returns the count copied.
///
/// This is the one mechanism behind [`read_struct`] and its variants; use
/// it directly for a struct whose known size is chosen at run time (a
/// runtime's `union bpf_attr` at an emulated kernel release).
pub fn read_partial<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    dst: &mut [u8],
    name: &'static str,
) -> Result<usize, AbiError> {
    let known = dst.len();
    if len > known {
        if let Some(i) = check_zeroed(mem, addr + known as u64, len - known)? {
            return Err(AbiError::NonZeroTail { name, size: known, offset: known + i });
        }
    }
    let n = len.min(known);
    mem.read(addr, &mut dst[..n])?;
    dst[n..].fill(0);
    Ok(n)
}

/// [`read_struct`] with a hard limit first: `len > max_len` is `E2BIG`
/// before any byte is read (the kernel's `bpf_check_uarg_tail_zero` refuses
/// anything over `PAGE_SIZE` this way).
pub fn read_struct_limited<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    max_len: usize,
) -> Result<T, AbiError> {
    check_limit(len, max_len)?;
    read_struct(mem, addr, len)
}

/// [`read_struct_at`] with the hard limit of [`read_struct_limited`]: the
/// kernel's `bpf_check_uarg_tail_zero` followed by its copy, as a runtime
/// at ABI level `level` does it.
pub fn read_struct_limited_at<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    max_len: usize,
    level: u32,
) -> Result<T, AbiError> {
    check_limit(len, max_len)?;
    read_struct_at(mem, addr, len, level)
}

/// `len > max_len` is `E2BIG` ([`AbiError::TooBig`]).
pub fn check_limit(len: usize, max_len: usize) -> Result<(), AbiError> {
    if len > max_len {
        return Err(AbiError::TooBig { len: len as u64, max: max_len as u64 });
    }
    Ok(())
}

/// Writes the first `min(len, size_of::<T>())` bytes of `value` to `addr`
/// and returns that count: the kernel's rule for info structs, where the
/// count is then written back to the caller's length field. Bytes past the
/// count are not touched.
pub fn write_struct<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    len: usize,
    value: &T,
) -> Result<usize, AbiError> {
    write_known_prefix(mem, addr, len, value, size_of::<T>())
}

/// [`write_struct`] as a runtime at ABI level `level` writes: at most the
/// size of the newest version numbered `<= level`.
pub fn write_struct_at<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    len: usize,
    value: &T,
    level: u32,
) -> Result<usize, AbiError> {
    write_known_prefix(mem, addr, len, value, T::LAYOUT.size_at(level))
}

fn write_known_prefix<T: Pod, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    len: usize,
    value: &T,
    known: usize,
) -> Result<usize, AbiError> {
    let n = len.min(known);
    mem.write(addr, &bytes_of(value)[..n])?;
    Ok(n)
}

/// Reads one plain-old-data value (an `__u32` length, an array of ids…).
pub fn read_pod<T: Pod, M: UserMemory + ?Sized>(mem: &M, addr: u64) -> Result<T, AbiError> {
    let mut value: T = zeroed();
    mem.read(addr, bytes_of_mut(&mut value))?;
    Ok(value)
}

/// Writes one plain-old-data value (a length written back, an id…).
pub fn write_pod<T: Pod, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    value: &T,
) -> Result<(), AbiError> {
    mem.write(addr, bytes_of(value))
}

#[cfg(test)]
mod tests;
