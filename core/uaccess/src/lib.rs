//! Checked copies to and from "user" memory with no system call on the good
//! path: the Linux kernel's `copy_from_user` exception table, in user space.
//!
//! An in-process runtime that emulates a system call (`bpf(cmd, attr,
//! size)`) gets raw addresses from its caller and must treat them as the
//! kernel treats user pointers: an unmapped or read-only address is
//! `EFAULT`, never a crash. `process_vm_readv` does that with a system call
//! per access; this crate does it the kernel's way. The copy, clear and scan
//! routines are written in assembly, and every instruction of theirs that
//! touches user memory is listed in an *exception table* of (faulting
//! instruction, fix-up) pairs. A `SIGSEGV`/`SIGBUS` handler looks the
//! faulting program counter up in that table; when it is one of ours it moves
//! the program counter to the fix-up, which returns how many bytes were not
//! copied. Every other fault is handed to the handler that was installed
//! before ours.
//!
//! ```
//! use extensible_abi_uaccess as uaccess;
//!
//! let src = *b"struct bytes";
//! let mut dst = [0u8; 12];
//! // SAFETY: `dst` is ours and valid for 12 bytes of writes.
//! let not_copied = unsafe { uaccess::copy_from_user(dst.as_mut_ptr(), src.as_ptr() as u64, 12) };
//! if uaccess::SUPPORTED {
//!     assert_eq!((not_copied, &dst), (0, &src));
//! }
//! // The NULL page is refused before anything is touched, as is every range
//! // that access_ok refuses: nothing copied, no signal.
//! // SAFETY: as above.
//! assert_eq!(unsafe { uaccess::copy_from_user(dst.as_mut_ptr(), 16, 12) }, 12);
//! ```
//!
//! # The routines
//!
//! | routine | the kernel's | returns |
//! |---|---|---|
//! | [`copy_from_user`] | `copy_from_user` | bytes not copied |
//! | [`copy_to_user`] | `copy_to_user` | bytes not copied |
//! | [`clear_user`] | `clear_user` | bytes not cleared |
//! | [`check_zeroed_user`] | `check_zeroed_user` | first non-zero byte, or [`Fault`] |
//!
//! Counts are exact: when a copy stops at a hole, every byte before the
//! first inaccessible byte has been copied (a write has written them, as in
//! the kernel) and the count is the number of bytes from that byte on.
//!
//! Before touching anything, every routine applies [`access_ok`]: a range
//! that wraps, ends above [`USER_ADDR_LIMIT`], or starts in the NULL page
//! (below [`MIN_USER_ADDR`]) is refused as "nothing done". A zero length is
//! never refused and touches nothing, as in the kernel.
//!
//! # Why a fault inside a routine is recoverable
//!
//! - The routines are leaf functions with the C calling convention. They use
//!   only call-clobbered registers (x86_64: `rax rcx rdx rsi rdi r8`–`r11`,
//!   `xmm0` and `xmm1`; aarch64: `x0`–`x9`), no stack, and never call anything, so
//!   at any instruction of theirs the caller's state is exactly what the C
//!   ABI says it is across a call; nothing of Rust's is half-modified: the
//!   only memory they write is the destination range, which the caller
//!   handed over for the duration of the call.
//! - A fault is precise: the faulting instruction has not completed, and the
//!   registers hold the state before it (for x86's `rep movsb`/`rep stosb`,
//!   the state before the faulting element, with `rcx` the elements left).
//! - Each fix-up only continues with that register state: every wide
//!   access (the word loops, and x86's overlapping moves of a range's first
//!   and last 16, 8, 4 or 2 bytes, which address from the current position
//!   without moving it) falls back to the byte loop at the current position,
//!   which redoes what the wide accesses did, stops at the first byte that
//!   faults, and whose fix-up returns the count left. Accesses go up in
//!   address order and a faulting one writes nothing, so no byte past the
//!   first faulting one is ever written. So the returned count is exact
//!   whatever a wide access or the CPU's string engine did before faulting.
//! - The handler changes nothing but the program counter in the interrupted
//!   context, and only when the fault was raised by the kernel (`si_code >
//!   0`, not a `kill`) at an instruction the table lists. The table is a
//!   static array in read-only data, scanned without allocation, locks or
//!   panics: the handler is async-signal-safe.
//!
//! # Why every other fault is forwarded
//!
//! A fault elsewhere is not ours to judge: it may be a stack overflow (Rust's
//! std reports it from its own `SIGSEGV` handler), a garbage collector's
//! write barrier, or a bug. The handler calls the previous disposition with
//! the same arguments (`sa_sigaction` when it had `SA_SIGINFO`, else
//! `sa_handler`), with its `sa_mask` (and the signal itself unless it had
//! `SA_NODEFER`) blocked, as the kernel would have run it. When the previous
//! disposition was `SIG_DFL` or `SIG_IGN`, the handler restores `SIG_DFL`
//! and returns: the faulting instruction runs again and the process dies of
//! the same signal, with the same core dump. (A `SIGSEGV` sent with `kill`
//! while `SIG_IGN` was in force is ignored; with `SIG_DFL`, it is re-raised.)
//!
//! Our handler is installed with `SA_SIGINFO | SA_ONSTACK | SA_NODEFER`:
//! `SA_ONSTACK` so that a stack overflow reaches std's handler on the
//! thread's alternate signal stack (without it the kernel cannot deliver the
//! signal on the exhausted stack); `SA_NODEFER` so that the signal is not
//! blocked while a previous handler runs unless that handler asked for it.
//! Threads without an alternate stack run the handler on their own stack;
//! it needs a few hundred bytes.
//!
//! # What the caller guarantees
//!
//! The user side may be anything: unmapped, read-only, `PROT_NONE`, a
//! truncated file (`SIGBUS`), the NULL page, a non-canonical address. The
//! Rust side (`dst` of [`copy_from_user`], `src` of [`copy_to_user`]) must
//! be valid for the access, and no Rust reference may be live to user bytes
//! that a routine writes. A fault on the Rust side is a bug in the caller:
//! in the word and byte loops only user-side accesses are listed, so it
//! crashes as it should; inside x86's `rep movsb` (lengths of
//! [`REP_THRESHOLD`] and more) the one instruction touches both sides and, as
//! in the kernel, such a fault is reported as bytes not copied.
//!
//! # Integration
//!
//! The handler is installed by [`install`], or lazily by the first routine
//! called. Install it **after** any handler of the host's own (so that ours
//! chains to it). A handler installed later replaces ours: it must forward
//! the faults it does not own to the handler it replaced, as ours does,
//! or faults inside these routines crash; [`handler_is_current`] tells
//! whether ours is still the one the kernel calls. Our handler never
//! re-installs itself (re-installing over a handler that chains to ours
//! would make a loop). `SA_RESETHAND` of a previous handler is not
//! emulated (it stays installed).
//!
//! The first [`install`] makes four `sigaction` calls while other threads
//! that call it meanwhile spin; call it once at start-up rather than first
//! from a signal handler. After that every routine pays one atomic load
//! for it. The assembly symbols are hidden and carry the crate version
//! (`__extabi_uaccess_0_1_0_*`), so two versions of the crate can coexist
//! in one binary, each with its own table and handler in the chain.
//!
//! # Targets
//!
//! Linux on x86_64 and aarch64 (64-bit, any libc). Elsewhere [`SUPPORTED`] is
//! false, [`install`] returns false, and every routine reports "nothing
//! done", so that a caller falls back to another way (`process_vm_readv`).
//!
//! Under Miri there is no assembly and no signal: the routines apply
//! [`access_ok`] and then copy, clear and scan with plain memory accesses.
//! The caller vouches under Miri that every address is valid, and Miri
//! checks that it is.
//!
//! # Minimum Rust
//!
//! `rust-version = "1.84"`, the framework's, which CI builds it with. The
//! library code itself needs no more than `global_asm!` (1.59) and
//! `core::ffi` types (1.64); libc 0.2 needs 1.65.
#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

#[cfg(test)]
extern crate std;

use core::fmt;

/// [`REP_THRESHOLD`] as a literal, for the assembly.
macro_rules! rep_threshold {
    () => {
        512
    };
}

#[cfg(all(
    not(miri),
    target_os = "linux",
    target_pointer_width = "64",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[path = "native.rs"]
mod imp;

#[cfg(miri)]
#[path = "plain.rs"]
mod imp;

#[cfg(all(
    not(miri),
    not(all(
        target_os = "linux",
        target_pointer_width = "64",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))
))]
#[path = "stub.rs"]
mod imp;

/// Whether the checked routines work on this target. When false, every
/// routine reports "nothing done" (and [`install`] returns false), so a
/// caller can fall back to `process_vm_readv`.
///
/// ```
/// let linux_64 = cfg!(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")));
/// assert_eq!(extensible_abi_uaccess::SUPPORTED, linux_64 || cfg!(miri));
/// ```
pub const SUPPORTED: bool = imp::SUPPORTED;

/// The lowest address a routine accepts: the NULL page is refused
/// (`mmap_min_addr` keeps it unmapped anyway, and a small integer is far
/// more often a bug than a pointer).
pub const MIN_USER_ADDR: u64 = 4096;

/// The end of the user address range that a routine accepts: a range must
/// end at or below it.
///
/// - x86_64: `0x0000_7fff_ffff_f000`, the kernel's `TASK_SIZE_MAX` with
///   4-level paging (the top page below 2^47 is a guard page). With 5-level
///   paging the kernel maps user memory above 2^47 only for an `mmap` hint
///   above it; such memory is refused here, as a kernel with 4-level paging
///   would refuse it.
/// - aarch64: 2^48, `TASK_SIZE` with 48-bit virtual addresses (the kernel's
///   default mapping window even with 52-bit VAs, which like x86 need an
///   `mmap` hint). Tagged pointers (top-byte-ignore) are above the limit and
///   refused, as the kernel refuses them from a process that has not opted
///   into the tagged address ABI. A kernel with fewer VA bits simply has
///   nothing mapped near the limit: those accesses fault and are recovered.
///
/// A non-canonical address on x86_64 raises `SIGSEGV` like an unmapped one,
/// so the limit is about matching the kernel, not about safety.
#[cfg(not(target_arch = "aarch64"))]
pub const USER_ADDR_LIMIT: u64 = 0x0000_7fff_ffff_f000;
/// The end of the user address range that a routine accepts: a range must
/// end at or below it.
///
/// - x86_64: `0x0000_7fff_ffff_f000`, the kernel's `TASK_SIZE_MAX` with
///   4-level paging (the top page below 2^47 is a guard page). With 5-level
///   paging the kernel maps user memory above 2^47 only for an `mmap` hint
///   above it; such memory is refused here, as a kernel with 4-level paging
///   would refuse it.
/// - aarch64: 2^48, `TASK_SIZE` with 48-bit virtual addresses (the kernel's
///   default mapping window even with 52-bit VAs, which like x86 need an
///   `mmap` hint). Tagged pointers (top-byte-ignore) are above the limit and
///   refused, as the kernel refuses them from a process that has not opted
///   into the tagged address ABI. A kernel with fewer VA bits simply has
///   nothing mapped near the limit: those accesses fault and are recovered.
#[cfg(target_arch = "aarch64")]
pub const USER_ADDR_LIMIT: u64 = 1 << 48;

/// From this many bytes on, the x86_64 copies and clears use `rep movsb` /
/// `rep stosb` (memcpy speed with ERMS/FSRM); below, what memcpy does for
/// small sizes, which starts faster: a 32-byte SSE loop ending in one or two
/// 16-byte moves that overlap bytes already copied, and under 16 bytes two
/// overlapping moves of 8, 4 or 2 bytes. (aarch64 always uses 16-byte
/// `ldp`/`stp` loops, an 8-byte step and a byte tail.)
pub const REP_THRESHOLD: usize = rep_threshold!();

/// A user address that faulted: `EFAULT`.
///
/// ```
/// use extensible_abi_uaccess::Fault;
/// assert_eq!(Fault.errno(), 14);
/// assert_eq!(Fault.to_string(), "bad address in user memory (EFAULT)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fault;

impl Fault {
    /// The Linux errno, positive: `EFAULT` (14).
    pub const fn errno(self) -> i32 {
        14
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bad address in user memory (EFAULT)")
    }
}

/// The kernel's `access_ok`, plus the NULL page: whether `len` bytes from
/// `addr` lie in `MIN_USER_ADDR..=USER_ADDR_LIMIT` without wrapping. A zero
/// length is accepted at any address up to the limit.
///
/// ```
/// use extensible_abi_uaccess::{access_ok, USER_ADDR_LIMIT};
/// assert!(access_ok(0x10000, 4096));
/// assert!(!access_ok(0, 1));                      // the NULL page
/// assert!(!access_ok(4095, 2));                   // starts in it
/// assert!(!access_ok(u64::MAX - 3, 8));           // wraps
/// assert!(!access_ok(USER_ADDR_LIMIT - 4, 8));    // leaves user space
/// assert!(access_ok(USER_ADDR_LIMIT - 8, 8));
/// ```
#[inline]
pub fn access_ok(addr: u64, len: usize) -> bool {
    let Ok(len) = u64::try_from(len) else {
        return false;
    };
    match addr.checked_add(len) {
        Some(end) => (len == 0 || addr >= MIN_USER_ADDR) && end <= USER_ADDR_LIMIT,
        None => false,
    }
}

/// Installs the `SIGSEGV`/`SIGBUS` handler that turns faults inside the
/// routines into short counts. Idempotent and thread-safe; every routine
/// calls it (one atomic load once installed). Returns false where
/// unsupported or if `sigaction` failed; the routines then do nothing.
///
/// Call it after the host installed its own fault handlers, if any: ours
/// forwards every fault that is not inside a routine to the handler it
/// found. Under Miri it installs nothing and returns true.
///
/// ```
/// if extensible_abi_uaccess::install() {
///     assert!(extensible_abi_uaccess::handler_is_current() || cfg!(miri));
/// }
/// ```
#[inline] // After the first call, a load and a compare: worth inlining.
pub fn install() -> bool {
    imp::install()
}

/// Whether our handler is the one the kernel would run now for both
/// `SIGSEGV` and `SIGBUS` (asks the kernel with `sigaction`). False before
/// [`install`], after a handler installed later replaced ours, where
/// unsupported, and under Miri.
pub fn handler_is_current() -> bool {
    imp::handler_is_current()
}

/// Copies `len` bytes from the user address `src` to `dst`. Returns the
/// number of bytes **not** copied: 0 is success; on a fault at `src + k`,
/// the bytes before `k` were copied and `len - k` is returned. A range that
/// [`access_ok`] refuses is not touched and `len` is returned.
///
/// ```
/// use extensible_abi_uaccess::copy_from_user;
/// let user = [7u8; 32];
/// let mut buf = [0u8; 32];
/// // SAFETY: `buf` is valid for 32 bytes of writes.
/// let left = unsafe { copy_from_user(buf.as_mut_ptr(), user.as_ptr() as u64, 32) };
/// assert_eq!(left, if extensible_abi_uaccess::SUPPORTED { 0 } else { 32 });
/// ```
///
/// # Safety
///
/// `dst` must be valid for `len` bytes of writes, with no live Rust
/// reference to them, and must not overlap the user range. The user range
/// may be anything (it is only read, and a fault is recovered), except under
/// Miri, where it must be valid for reads.
#[inline]
pub unsafe fn copy_from_user(dst: *mut u8, src: u64, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    if !access_ok(src, len) || !install() {
        return len;
    }
    // SAFETY: the caller vouches for `dst`; `src..src + len` passed
    // access_ok, so it fits in `usize`, and the handler is installed, so a
    // fault on the user side ends the copy with a count instead of a crash.
    unsafe { imp::copy_from_user(dst, src as usize, len) }
}

/// Copies `len` bytes from `src` to the user address `dst`. Returns the
/// number of bytes **not** copied; like the kernel's, a write that faults at
/// `dst + k` has written the `k` bytes before the hole. A range that
/// [`access_ok`] refuses is not touched and `len` is returned.
///
/// ```
/// use extensible_abi_uaccess::copy_to_user;
/// let mut user = [0u8; 8];
/// let addr = user.as_mut_ptr() as u64;
/// // SAFETY: `user` is writable and no reference to it is live during the call.
/// let left = unsafe { copy_to_user(addr, [1u8; 8].as_ptr(), 8) };
/// if extensible_abi_uaccess::SUPPORTED {
///     assert_eq!((left, user), (0, [1; 8]));
/// }
/// ```
///
/// # Safety
///
/// `src` must be valid for `len` bytes of reads and must not overlap the user
/// range. The user range may be unmapped or read-only (the write is
/// recovered), but if it is mapped and writable, writing it must be sound:
/// no live Rust reference to those bytes, no Rust object whose invariants
/// the bytes carry. Under Miri it must be valid for writes.
#[inline]
pub unsafe fn copy_to_user(dst: u64, src: *const u8, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    if !access_ok(dst, len) || !install() {
        return len;
    }
    // SAFETY: the caller vouches for `src` and for the soundness of writing
    // the user range; it passed access_ok and faults are recovered.
    unsafe { imp::copy_to_user(dst as usize, src, len) }
}

/// Zeroes `len` bytes at the user address `dst` (the kernel's `clear_user`).
/// Returns the number of bytes **not** cleared; bytes before a hole are
/// cleared. A range that [`access_ok`] refuses is not touched and `len` is
/// returned.
///
/// ```
/// use extensible_abi_uaccess::clear_user;
/// let mut user = [9u8; 8];
/// let addr = user.as_mut_ptr() as u64;
/// // SAFETY: `user` is writable and no reference to it is live during the call.
/// let left = unsafe { clear_user(addr, 8) };
/// if extensible_abi_uaccess::SUPPORTED {
///     assert_eq!((left, user), (0, [0; 8]));
/// }
/// ```
///
/// # Safety
///
/// As for the user side of [`copy_to_user`]: writing zeros to the range, if
/// it is mapped and writable, must be sound.
#[inline]
pub unsafe fn clear_user(dst: u64, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    if !access_ok(dst, len) || !install() {
        return len;
    }
    // SAFETY: the caller vouches for the soundness of writing the range; it
    // passed access_ok and faults are recovered.
    unsafe { imp::clear_user(dst as usize, len) }
}

/// The kernel's `check_zeroed_user`, with the position of the first non-zero
/// byte: `Ok(None)` when all `len` bytes at `src` are zero, `Ok(Some(off))`
/// when the first non-zero byte is at `src + off`, `Err(Fault)` when a word
/// faulted before any non-zero byte was seen (or [`access_ok`] refuses the
/// range).
///
/// Exactly the kernel's order of accesses: the range is read as **aligned**
/// 8-byte words, from the word holding `src` to the word holding the last
/// byte; bytes of the first word before `src` and of the last word past the
/// end are masked off (never reported, but their word is read). The scan
/// stops at the first word with a non-zero byte in range and never touches a
/// later word. So a non-zero byte before an unmapped page is `Some`, and an
/// all-zero range that runs into one is `Err`. It allocates nothing, and a
/// 4 GiB length costs only the words up to the first non-zero one or the
/// fault. A zero length is `Ok(None)` at any address, as in the kernel.
///
/// ```
/// use extensible_abi_uaccess::check_zeroed_user;
/// let mut tail = [0u8; 40];
/// if extensible_abi_uaccess::SUPPORTED {
///     // SAFETY: reading `tail` is sound.
///     assert_eq!(unsafe { check_zeroed_user(tail.as_ptr() as u64, 40) }, Ok(None));
///     tail[29] = 1;
///     // SAFETY: as above.
///     assert_eq!(unsafe { check_zeroed_user(tail.as_ptr() as u64 + 3, 37) }, Ok(Some(26)));
/// }
/// // SAFETY: refused before any access.
/// assert!(unsafe { check_zeroed_user(8, 16) }.is_err());
/// ```
///
/// # Safety
///
/// Reading the words of the range must be sound: under Miri the bytes in
/// range must be valid for reads (the masked bytes are then not read). On
/// the native targets any address is fine (faults are recovered), save
/// memory whose reads have side effects (device mappings).
#[inline]
pub unsafe fn check_zeroed_user(src: u64, len: usize) -> Result<Option<usize>, Fault> {
    if len == 0 {
        return Ok(None);
    }
    if !access_ok(src, len) || !install() {
        return Err(Fault);
    }
    let plan = ScanPlan::new(src as usize, len);
    // SAFETY: the words of the plan cover `src..src + len` rounded out to
    // whole aligned words, which stay in the same pages as the range; the
    // range passed access_ok and faults are recovered (under Miri, the
    // caller vouches for the bytes in range, and only those are read).
    let (index, value) =
        unsafe { imp::scan_words(plan.start, plan.words, plan.first_mask, plan.last_mask) };
    plan.result(index, value)
}

/// How [`check_zeroed_user`] reads a range: the aligned word holding the
/// first byte, how many words, and which bytes of the first and last word
/// are in range (`0xff` bytes of the masks; the two masks both apply to a
/// single word).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ScanPlan {
    start: usize,
    words: usize,
    /// Bytes before `src` in the first word are off.
    first_mask: u64,
    /// Bytes past the end in the last word are off.
    last_mask: u64,
    /// `src - start`.
    align: usize,
}

const WORD: usize = 8;

/// The word with bytes `from..8` of memory order set to `0xff`, the others
/// zero (`from < 8`).
fn mask_from(from: usize) -> u64 {
    if cfg!(target_endian = "little") {
        u64::MAX << (8 * from)
    } else {
        u64::MAX >> (8 * from)
    }
}

/// The word with bytes `0..to` of memory order set to `0xff` (`1 <= to <= 8`).
fn mask_to(to: usize) -> u64 {
    if cfg!(target_endian = "little") {
        u64::MAX >> (8 * (WORD - to))
    } else {
        u64::MAX << (8 * (WORD - to))
    }
}

/// The memory-order index of the first non-zero byte of a non-zero word.
fn first_nonzero_byte(word: u64) -> usize {
    let bits =
        if cfg!(target_endian = "little") { word.trailing_zeros() } else { word.leading_zeros() };
    bits as usize / 8
}

impl ScanPlan {
    /// `len > 0` and `src + len` does not overflow.
    fn new(src: usize, len: usize) -> Self {
        let align = src % WORD;
        let total = align + len;
        let words = total / WORD + usize::from(total % WORD != 0);
        let last_bytes = total - (words - 1) * WORD;
        ScanPlan {
            start: src - align,
            words,
            first_mask: mask_from(align),
            last_mask: mask_to(last_bytes),
            align,
        }
    }

    /// Turns the routine's answer (index of the first word with a non-zero
    /// byte in range and that word masked; `words` when none; `usize::MAX`
    /// on a fault) into the offset of the first non-zero byte.
    fn result(&self, index: usize, value: u64) -> Result<Option<usize>, Fault> {
        if index == usize::MAX {
            return Err(Fault);
        }
        if index >= self.words || value == 0 {
            return Ok(None);
        }
        Ok(Some(index * WORD + first_nonzero_byte(value) - self.align))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn scan_plan_masks_both_ends() {
        let p = ScanPlan::new(0x1003, 2);
        assert_eq!((p.start, p.words, p.align), (0x1000, 1, 3));
        assert_eq!(p.first_mask.to_ne_bytes(), [0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(p.last_mask.to_ne_bytes(), [0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0]);
        let p = ScanPlan::new(0x1000, 16);
        assert_eq!((p.words, p.first_mask, p.last_mask), (2, u64::MAX, u64::MAX));
        let p = ScanPlan::new(0x1007, 2);
        assert_eq!((p.start, p.words), (0x1000, 2));
        assert_eq!(p.last_mask.to_ne_bytes(), [0xff, 0, 0, 0, 0, 0, 0, 0]);
        let p = ScanPlan::new(0x1001, 4 << 30);
        assert_eq!(p.words, (4 << 30) / 8 + 1);
    }

    #[test]
    fn scan_plan_reports_offsets_from_src() {
        let p = ScanPlan::new(0x1003, 30);
        assert_eq!(p.result(usize::MAX, 0), Err(Fault));
        assert_eq!(p.result(p.words, 0), Ok(None));
        let v = u64::from_ne_bytes([0, 0, 0, 0, 5, 0, 0, 0]);
        assert_eq!(p.result(0, v), Ok(Some(1)));
        assert_eq!(p.result(2, v), Ok(Some(17)));
    }

    #[test]
    fn access_ok_matches_the_kernel_and_refuses_the_null_page() {
        assert!(access_ok(MIN_USER_ADDR, 1));
        assert!(!access_ok(MIN_USER_ADDR - 1, 1));
        assert!(access_ok(0, 0) && access_ok(USER_ADDR_LIMIT, 0));
        assert!(!access_ok(USER_ADDR_LIMIT + 1, 0));
        assert!(access_ok(MIN_USER_ADDR, (USER_ADDR_LIMIT - MIN_USER_ADDR) as usize));
        assert!(!access_ok(MIN_USER_ADDR, (USER_ADDR_LIMIT - MIN_USER_ADDR) as usize + 1));
        assert!(!access_ok(u64::MAX, 1) && !access_ok(1 << 63, 1 << 63));
        assert!(!access_ok(MIN_USER_ADDR, usize::MAX));
    }

    /// Refused ranges are not touched: these addresses would crash (or be
    /// UB under Miri) if anything dereferenced them.
    #[test]
    fn refused_ranges_report_nothing_done() {
        let mut buf = [0u8; 64];
        let bad = [0u64, 1, 4095, USER_ADDR_LIMIT, USER_ADDR_LIMIT + 4096, u64::MAX - 8, 1 << 63];
        for &addr in &bad {
            for len in [1usize, 9, 64] {
                // SAFETY: `buf` is valid for 64 bytes; the user side is refused.
                unsafe {
                    assert_eq!(copy_from_user(buf.as_mut_ptr(), addr, len), len, "{addr:#x}+{len}");
                    assert_eq!(copy_to_user(addr, buf.as_ptr(), len), len);
                    assert_eq!(clear_user(addr, len), len);
                    assert_eq!(check_zeroed_user(addr, len), Err(Fault));
                }
            }
        }
        // A zero length touches nothing and succeeds anywhere, as in the kernel.
        // SAFETY: nothing is accessed.
        unsafe {
            assert_eq!(copy_from_user(buf.as_mut_ptr(), 0, 0), 0);
            assert_eq!(check_zeroed_user(0, 0), Ok(None));
        }
    }

    /// What runs under Miri too: valid memory, every routine.
    #[test]
    fn valid_memory_round_trips() {
        if !SUPPORTED {
            return;
        }
        let src: Vec<u8> = (0..200u8).collect();
        let mut dst = std::vec![0u8; 200];
        for len in [0usize, 1, 7, 8, 9, 63, 64, 65, 200] {
            dst.fill(0);
            // SAFETY: both buffers are valid for 200 bytes.
            let left = unsafe { copy_from_user(dst.as_mut_ptr(), src.as_ptr() as u64, len) };
            assert_eq!((left, &dst[..len]), (0, &src[..len]));
            dst.fill(0);
            // SAFETY: as above; no reference to `dst` is live during the call.
            let left = unsafe { copy_to_user(dst.as_mut_ptr() as u64, src.as_ptr(), len) };
            assert_eq!((left, &dst[..len]), (0, &src[..len]));
            // SAFETY: as above.
            let left = unsafe { clear_user(dst.as_mut_ptr() as u64 + 1, len.saturating_sub(1)) };
            assert_eq!(left, 0);
            assert!(dst[1..len.max(1)].iter().all(|&b| b == 0));
        }
        // The address is taken afresh for every scan, so that under Miri it
        // carries the provenance of the latest borrow.
        let scan = |buf: &[u8], start: usize, len: usize| {
            // SAFETY: callers keep `start..start + len` inside `buf`.
            unsafe { check_zeroed_user(buf.as_ptr() as u64 + start as u64, len) }
        };
        let mut zeros = [0u8; 96];
        // Miri is slow: every start within a word, fewer lengths.
        let (starts, lens) = if cfg!(miri) { (0..9, 1..20) } else { (0..24, 1..48) };
        for start in starts {
            for len in lens.clone() {
                assert_eq!(scan(&zeros, start, len), Ok(None));
                zeros[(start + len) % 96] = 0xaa; // outside the range: masked
                zeros[(start + 95) % 96] = 0xbb;
                assert_eq!(scan(&zeros, start, len), Ok(None), "{start} {len}");
                zeros.fill(0);
                zeros[start + len - 1] = 1;
                assert_eq!(scan(&zeros, start, len), Ok(Some(len - 1)));
                zeros.fill(0);
            }
        }
    }
}
