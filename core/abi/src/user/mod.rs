//! The user-memory boundary: [`UserMemory`] and the only functions through
//! which a runtime reads structs from, and writes structs to, its callers.
//!
//! Runtimes receive raw user addresses (`info`, `log_buf`, `map_ids`, …)
//! inside attr structs. They never dereference them: every access goes
//! through a [`UserMemory`], which fails with `EFAULT` where the kernel's
//! `copy_from_user`/`copy_to_user` would. Five implementations:
//!
//! - [`SliceMemory`]: one caller buffer at a chosen address (no allocation);
//! - `SimMemory` (feature `alloc`): a bounds-checked simulated address
//!   space with any number of mapped, read-only and unmapped ranges, for
//!   tests, fuzzing and differential runs;
//! - `ProcessMemory` (feature `std`, Linux): this process's own memory,
//!   for a C entry point that is handed real pointers; a bad pointer is
//!   `EFAULT`, at the price of a system call per access;
//! - `CheckedMemory` (feature `uaccess`, Linux on x86_64 and aarch64): this
//!   process's own memory through copy routines with fix-ups, so a bad
//!   pointer is `EFAULT` at the cost of a `memcpy`, not a system call;
//! - [`DirectMemory`]: this process's own memory with plain copies, for
//!   callers that vouch for their pointers (its constructor is `unsafe`).

mod direct;
mod sized;
mod slice;
pub use direct::DirectMemory;
pub use sized::{read_header_array, read_sized, read_with_header, HeaderRule};
pub use slice::SliceMemory;

#[cfg(feature = "alloc")]
mod sim;
#[cfg(feature = "alloc")]
pub use sim::SimMemory;

#[cfg(all(feature = "std", target_os = "linux"))]
mod process;
#[cfg(all(feature = "std", target_os = "linux"))]
pub use process::ProcessMemory;

#[cfg(feature = "uaccess")]
mod checked;
#[cfg(feature = "uaccess")]
pub use checked::CheckedMemory;

use core::mem::size_of;

use crate::{bytes_of, bytes_of_mut, first_nonzero, zeroed, AbiError, CopyOut, ExtensibleAbi, Pod};

/// A caller's address space, as a runtime sees it: reads and writes at
/// `u64` addresses that fail with [`AbiError::Fault`] (`EFAULT`) where
/// nothing is mapped.
///
/// As with the kernel's `copy_to_user`, a write that faults has written the
/// bytes before the first one it could not write (the implementations of
/// this crate write exactly those); after a read that faults, `dst` holds
/// unspecified bytes.
pub trait UserMemory {
    /// Fills `dst` with the bytes at `addr..addr + dst.len()`.
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError>;

    /// Stores `src` at `addr..addr + src.len()`.
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError>;

    /// Offset (from `addr`) of the first non-zero byte of the `len` bytes
    /// at `addr`, `None` when all are zero: the kernel's
    /// `check_zeroed_user`, with its fault order. The kernel reads the
    /// range as aligned machine words and judges each word before it reads
    /// the next, so a non-zero byte before an unmapped address is found
    /// (`Some`), and `EFAULT` comes only when every byte before the first
    /// unmapped one is zero.
    ///
    /// The provided method reads [`SCAN_CHUNK`] bytes at a time into a
    /// stack buffer (any `len` is fine, nothing is allocated, and the scan
    /// stops at the first non-zero chunk); when a chunk faults it reads that
    /// chunk again one aligned word at a time (the part of each word inside
    /// the range), so the answer is the kernel's for any memory whose holes
    /// start at word boundaries, as pages do. Implementations may scan
    /// faster; they must give the same answers.
    fn first_nonzero(&self, addr: u64, len: usize) -> Result<Option<usize>, AbiError> {
        scan_chunked(self, addr, len)
    }

    /// Zeroes the `len` bytes at `addr`: the kernel's `clear_user`, which
    /// `copy_struct_to_user` uses on the caller's bytes past the struct.
    /// Like the kernel's, a zeroing that faults has zeroed the bytes before
    /// the hole.
    ///
    /// The provided method writes [`SCAN_CHUNK`] zero bytes at a time and,
    /// where a write faults, that chunk again a byte at a time.
    fn zero(&mut self, addr: u64, len: usize) -> Result<(), AbiError> {
        zero_chunked(self, addr, len)
    }
}

impl<M: UserMemory + ?Sized> UserMemory for &mut M {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        (**self).read(addr, dst)
    }
    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        (**self).write(addr, src)
    }
    fn first_nonzero(&self, addr: u64, len: usize) -> Result<Option<usize>, AbiError> {
        (**self).first_nonzero(addr, len)
    }
    fn zero(&mut self, addr: u64, len: usize) -> Result<(), AbiError> {
        (**self).zero(addr, len)
    }
}

/// The kernel's machine word, the unit of `check_zeroed_user`'s reads.
const WORD: u64 = core::mem::size_of::<u64>() as u64;

/// [`UserMemory::first_nonzero`]'s provided scan: a chunk at a time, and a
/// chunk that faults again a word at a time, to find what the kernel finds.
fn scan_chunked<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
) -> Result<Option<usize>, AbiError> {
    range_end(addr, len)?;
    let mut buf = [0u8; SCAN_CHUNK];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(SCAN_CHUNK);
        let at = addr + done as u64;
        match mem.read(at, &mut buf[..n]) {
            Ok(()) => {
                if let Some(i) = first_nonzero(&buf[..n]) {
                    return Ok(Some(done + i));
                }
            }
            Err(fault) => return scan_words(mem, at, n, fault).map(|i| Some(done + i)),
        }
        done += n;
    }
    Ok(None)
}

/// The `n` bytes at `at`, one aligned word at a time, knowing that reading
/// all of them at once faulted with `fault`: the offset of the first
/// non-zero byte in the words before the first one that faults, or that
/// fault. (The bytes read whole did fault, so some word does.)
fn scan_words<M: UserMemory + ?Sized>(
    mem: &M,
    at: u64,
    n: usize,
    fault: AbiError,
) -> Result<usize, AbiError> {
    let end = at + n as u64;
    let mut word = [0u8; WORD as usize];
    let mut a = at;
    while a < end {
        let next = ((a / WORD) + 1).saturating_mul(WORD).min(end);
        let part = &mut word[..(next - a) as usize];
        mem.read(a, part)?;
        if let Some(i) = first_nonzero(part) {
            return Ok((a - at) as usize + i);
        }
        a = next;
    }
    Err(fault)
}

/// [`UserMemory::zero`]'s provided zeroing.
fn zero_chunked<M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    len: usize,
) -> Result<(), AbiError> {
    range_end(addr, len)?;
    const ZEROS: [u8; SCAN_CHUNK] = [0; SCAN_CHUNK];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(SCAN_CHUNK);
        let at = addr + done as u64;
        if let Err(fault) = mem.write(at, &ZEROS[..n]) {
            // Zero up to the hole, as clear_user does.
            for i in 0..n as u64 {
                mem.write(at + i, &[0])?;
            }
            return Err(fault);
        }
        done += n;
    }
    Ok(())
}

/// `addr + len` as the end of an access, or `EFAULT` when it wraps.
pub(crate) fn range_end(addr: u64, len: usize) -> Result<u64, AbiError> {
    addr.checked_add(len as u64).ok_or(AbiError::Fault { addr, len: len as u64 })
}

/// How many bytes the tail-zero scan reads per step: a caller may pass a
/// length of gigabytes, and the scan never holds more than this.
pub const SCAN_CHUNK: usize = 256;

/// Offset (from `addr`) of the first non-zero byte of the `len` user bytes
/// at `addr`, or `None` when all are zero: Linux's `check_zeroed_user`,
/// through [`UserMemory::first_nonzero`].
///
/// Any `len` is fine: nothing is allocated and the scan stops at the first
/// non-zero word. The fault order is the kernel's: a non-zero byte before
/// an unmapped address is `Some`, and `EFAULT` comes only when every byte
/// before the first unmapped one is zero.
///
/// ```
/// use extensible_abi::user::{self, SimMemory};
///
/// let mut mem = SimMemory::new();
/// let mut bytes = [0u8; 16];
/// bytes[9] = 1;
/// let tail = mem.alloc_bytes(&bytes); // an unmapped gap follows
/// // A non-zero byte before the hole: found, as the kernel finds it (E2BIG).
/// assert_eq!(user::check_zeroed(&mem, tail, 64), Ok(Some(9)));
/// assert_eq!(user::check_zeroed(&mem, tail, 9), Ok(None));
/// // Zero up to the hole: EFAULT.
/// let zeros = mem.alloc(16);
/// assert_eq!(user::check_zeroed(&mem, zeros, 64).unwrap_err().errno(), 14);
/// ```
///
/// Like the kernel's, the scan judges whole aligned words: where a word's
/// bytes inside the range include an unmapped one, the word faults,
/// whatever its bytes before the hole hold. (The kernel also reads the
/// word's bytes outside the range; on real memory holes are whole pages,
/// so the two never differ.)
pub fn check_zeroed<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
) -> Result<Option<usize>, AbiError> {
    range_end(addr, len)?;
    mem.first_nonzero(addr, len)
}

/// Reads an extensible struct the caller passed as `len` bytes at `addr`,
/// with Linux's `copy_struct_from_user` rules:
///
/// - `len` shorter than `T`: the bytes there are read and the rest is zero;
/// - `len` longer: the bytes past `size_of::<T>()` are scanned (in bounded
///   chunks) and must be zero, else `E2BIG`
///   ([`AbiError::NonZeroTail`]);
/// - any unmapped byte in `addr..addr + len`: `EFAULT`, with the kernel's
///   fault order (the tail is scanned before the struct is read);
/// - `len` shorter than the struct's first version, where it declares one
///   (`#[abi(min_version = N)]`): `EINVAL`, before anything is read.
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
    let min = const { T::LAYOUT.min_len() };
    if len < min {
        return Err(AbiError::TooShort { name: T::LAYOUT.name, len, min });
    }
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
        let tail =
            addr.checked_add(known as u64).ok_or(AbiError::Fault { addr, len: len as u64 })?;
        if let Some(i) = check_zeroed(mem, tail, len - known)? {
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

/// Writes `value` to the caller's `len` bytes at `addr` with the kernel's
/// `copy_struct_to_user` (Linux 6.13), the rule of `sched_getattr`,
/// `PIDFD_GET_INFO` and `file_getattr`: the caller's bytes from our size to
/// `len` are zeroed, then `min(len, size)` bytes of `value` are copied;
/// [`CopyOut::ignored_trailing`] reports a shorter caller that did not
/// receive a non-zero byte of ours. In the kernel's order: a hole in the
/// bytes zeroed is `EFAULT` with the bytes before it zeroed and nothing of
/// the struct written; a hole in the struct's part is `EFAULT` after the
/// bytes before it (where the memory writes partially, as the kernel's
/// does).
///
/// ```
/// use extensible_abi::{extensible_abi, user::{self, SimMemory, UserMemory}, CopyOut};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy)]
/// struct Attr { #[abi(since = 1, offset = 0)] size: u32, #[abi(since = 1, offset = 4)] policy: u32 }
///
/// let mut mem = SimMemory::new();
/// let buf = mem.alloc_bytes(&[0xff; 16]);
/// let out = user::write_struct_zero_extended(&mut mem, buf, 16, &Attr { size: 8, policy: 1 });
/// assert_eq!(out, Ok(CopyOut { copied: 8, ignored_trailing: false }));
/// assert_eq!(mem.bytes(buf, 16).unwrap(), &[8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/// ```
pub fn write_struct_zero_extended<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    len: usize,
    value: &T,
) -> Result<CopyOut, AbiError> {
    let size = size_of::<T>();
    range_end(addr, len)?;
    if len > size {
        mem.zero(addr + size as u64, len - size)?;
    }
    let copied = write_known_prefix(mem, addr, len, value, size)?;
    Ok(CopyOut { copied, ignored_trailing: crate::abi::ignored_trailing(bytes_of(value), copied) })
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

/// A caller's info buffer under bpf's output rule
/// (`BPF_OBJ_GET_INFO_BY_FD`'s `info`/`info_len`): the caller's bytes past
/// our size must be zero (`E2BIG`), `min(info_len, size)` bytes are
/// exchanged, and that count is written back to the caller's length field.
///
/// [`InfoBuf::open`] does the checks the kernel does before it touches the
/// object (`bpf_check_uarg_tail_zero`: over `max_len` or a non-zero tail is
/// `E2BIG`, a hole before any non-zero byte is `EFAULT`), [`InfoBuf::read`]
/// reads the caller's struct as input where the command has in/out fields
/// (array pointers and their counts), and [`InfoBuf::write`] copies the
/// answer and writes the length back (`copy_to_user`, then `put_user`).
///
/// ```
/// use extensible_abi::{extensible_abi, user::{self, InfoBuf, SimMemory, UserMemory}};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// struct Info { #[abi(since = 1, offset = 0)] id: u32, #[abi(since = 2, offset = 4)] flags: u32 }
///
/// let mut mem = SimMemory::new();
/// let info = mem.alloc(16); // the caller's buffer: a newer, longer struct
/// let info_len = mem.alloc(4); // where the caller keeps info_len
/// let buf = InfoBuf::open::<Info, _>(&mem, info, 16, 4096).unwrap();
/// let written = buf.write(&mut mem, &Info { id: 7, flags: 1 }, info_len).unwrap();
/// assert_eq!(written, 8);
/// assert_eq!(user::read_pod::<u32, _>(&mem, info_len), Ok(8));
/// // A non-zero byte past our 8: a field we do not know was set.
/// mem.write(info + 12, &[1]).unwrap();
/// assert_eq!(InfoBuf::open::<Info, _>(&mem, info, 16, 4096).unwrap_err().errno(), 7);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "an opened info buffer is answered with InfoBuf::write"]
pub struct InfoBuf {
    addr: u64,
    len: usize,
}

impl InfoBuf {
    /// Checks the caller's `info_len` bytes at `addr` against `T`'s size:
    /// `info_len > max_len` is `E2BIG` before anything is read, then the
    /// bytes past `size_of::<T>()` are scanned (`E2BIG`, or `EFAULT` with
    /// the kernel's fault order).
    pub fn open<T: ExtensibleAbi, M: UserMemory + ?Sized>(
        mem: &M,
        addr: u64,
        info_len: u32,
        max_len: usize,
    ) -> Result<Self, AbiError> {
        Self::open_known(mem, addr, info_len, max_len, size_of::<T>(), T::LAYOUT.name)
    }

    /// [`InfoBuf::open`] as a runtime at ABI level `level` does it: it knows
    /// `T` only up to the newest version numbered `<= level`.
    pub fn open_at<T: ExtensibleAbi, M: UserMemory + ?Sized>(
        mem: &M,
        addr: u64,
        info_len: u32,
        max_len: usize,
        level: u32,
    ) -> Result<Self, AbiError> {
        Self::open_known(mem, addr, info_len, max_len, T::LAYOUT.size_at(level), T::LAYOUT.name)
    }

    fn open_known<M: UserMemory + ?Sized>(
        mem: &M,
        addr: u64,
        info_len: u32,
        max_len: usize,
        known: usize,
        name: &'static str,
    ) -> Result<Self, AbiError> {
        let len = info_len as usize;
        check_limit(len, max_len)?;
        if len > known {
            let tail =
                addr.checked_add(known as u64).ok_or(AbiError::Fault { addr, len: len as u64 })?;
            if let Some(i) = check_zeroed(mem, tail, len - known)? {
                return Err(AbiError::NonZeroTail { name, size: known, offset: known + i });
            }
        }
        Ok(InfoBuf { addr, len: len.min(known) })
    }

    /// How many bytes are exchanged: `min(info_len, size)`, the length
    /// [`InfoBuf::write`] reports.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is exchanged (`info_len` 0).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The caller's struct as input: its first [`InfoBuf::len`] bytes, the
    /// rest zero (the kernel's `copy_from_user(&info, uinfo, info_len)`).
    pub fn read<T: ExtensibleAbi, M: UserMemory + ?Sized>(&self, mem: &M) -> Result<T, AbiError> {
        let mut value: T = zeroed();
        self.read_into(mem, &mut value)?;
        Ok(value)
    }

    /// [`InfoBuf::read`] into `value`, which should be zero (its bytes
    /// past [`InfoBuf::len`] are left as they are): for a runtime that
    /// fills the answer in place rather than moving a struct about.
    pub fn read_into<T: ExtensibleAbi, M: UserMemory + ?Sized>(
        &self,
        mem: &M,
        value: &mut T,
    ) -> Result<(), AbiError> {
        let bytes = bytes_of_mut(value);
        // The whole struct is the common case: a copy of a constant size
        // (inlined moves where the memory's copy is inlined).
        if self.len < bytes.len() {
            mem.read(self.addr, &mut bytes[..self.len])
        } else {
            mem.read(self.addr, bytes)
        }
    }

    /// Writes the answer's first [`InfoBuf::len`] bytes to the caller's
    /// buffer (`copy_to_user`: where it faults, the bytes before the fault
    /// are written) and that length, as a `u32`, at `len_addr` (the
    /// caller's `info_len`, by `put_user`: [`put_pod`]); returns the
    /// length. Bytes past it are not touched.
    pub fn write<T: ExtensibleAbi, M: UserMemory + ?Sized>(
        self,
        mem: &mut M,
        value: &T,
        len_addr: u64,
    ) -> Result<u32, AbiError> {
        let bytes = bytes_of(value);
        let n = self.len.min(bytes.len());
        // As in `read_into`: the whole struct is a copy of a constant size.
        if n < bytes.len() {
            mem.write(self.addr, &bytes[..n])?;
        } else {
            mem.write(self.addr, bytes)?;
        }
        let written = n as u32;
        put_pod(mem, len_addr, &written)?;
        Ok(written)
    }
}

/// Reads one plain-old-data value (an `__u32` length, an array of ids…).
pub fn read_pod<T: Pod, M: UserMemory + ?Sized>(mem: &M, addr: u64) -> Result<T, AbiError> {
    let mut value: T = zeroed();
    mem.read(addr, bytes_of_mut(&mut value))?;
    Ok(value)
}

/// Writes one plain-old-data value as the kernel's `copy_to_user` does:
/// where the range runs into a hole or read-only memory, the bytes before
/// it are written, then `EFAULT` (a test run's `retval`, a query's
/// `revision`, …). For the kernel's `put_user`, see [`put_pod`].
pub fn write_pod<T: Pod, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    value: &T,
) -> Result<(), AbiError> {
    mem.write(addr, bytes_of(value))
}

/// Writes one plain-old-data value as the kernel's `put_user` does (an
/// `info_len`, a `next_id`, a map id): one store, so where any byte of it
/// cannot be written, none is, and the answer is `EFAULT`. ([`write_pod`]
/// is `copy_to_user`, which writes the bytes before the hole.)
///
/// A value inside one aligned machine word is written at once: like the
/// scan ([`UserMemory::first_nonzero`]), this relies on holes and
/// read-only ranges starting at word boundaries, as pages do. A value
/// across words is read first (a hole: `EFAULT`, nothing written), and
/// where the write then faults part-way (read-only memory) the bytes read
/// are written back over the part that took the write, so the caller's
/// memory is left as it was (a store by another thread to those very
/// bytes during the call may be undone, as with any racing write).
///
/// ```
/// use extensible_abi::user::{self, SimMemory, UserMemory};
///
/// let mut mem = SimMemory::new();
/// let buf = mem.alloc_bytes(&[0xff; 8]); // a hole follows
/// // 4 bytes across the end of the mapping: nothing is written.
/// assert_eq!(user::put_pod(&mut mem, buf + 6, &0u32).unwrap_err().errno(), 14);
/// assert_eq!(mem.bytes(buf, 8).unwrap(), &[0xff; 8]);
/// // copy_to_user writes what fits.
/// assert_eq!(user::write_pod(&mut mem, buf + 6, &0u32).unwrap_err().errno(), 14);
/// assert_eq!(mem.bytes(buf + 6, 2).unwrap(), &[0, 0]);
/// ```
pub fn put_pod<T: Pod, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    value: &T,
) -> Result<(), AbiError> {
    let len = size_of::<T>() as u64;
    range_end(addr, len as usize)?;
    if addr % WORD + len <= WORD {
        return mem.write(addr, bytes_of(value));
    }
    let before: T = read_pod(mem, addr)?;
    if let Err(fault) = mem.write(addr, bytes_of(value)) {
        // Undo the part written; this write faults at the same byte.
        let _ = mem.write(addr, bytes_of(&before));
        return Err(fault);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
