//! An in-process eBPF object runtime whose [`Runtime::bpf`] entry behaves
//! like Linux's `bpf(2)`: the same attr rules, the same errno, the same
//! lengths written back, for callers built against any header version.
//!
//! Every command goes through one path ([`Runtime::bpf`]):
//!
//! 1. `size > PAGE_SIZE`: `E2BIG`; a non-zero byte of the caller's attr
//!    past `sizeof(union bpf_attr)` (at this runtime's ABI level): `E2BIG`;
//!    then `min(size, sizeof)` bytes are copied, the rest is zero
//!    (`user::read_partial`, the kernel's `bpf_check_uarg_tail_zero` and
//!    `copy_from_bpfptr`);
//! 2. an unknown command: `EINVAL`;
//! 3. `CHECK_ATTR`: a non-zero byte past the command's last field: `EINVAL`;
//! 4. the command reads its attr struct with `from_partial_at` and moves
//!    every user buffer through the [`Call`] helpers, which are the
//!    framework's `user::*` functions and nothing else.
//!
//! A runtime can act as an older kernel release ([`Runtime::with_abi_level`]):
//! it then knows, accepts and reports only that release's struct sizes.
//!
//! ```
//! use extensible_abi::user::SimMemory;
//! use extensible_abi::{bytes_of, errno};
//! use extensible_abi_bpf::attr::{bpf_attr_map_create, BPF_MAP_CREATE};
//! use extensible_abi_bpf::consts::BPF_MAP_TYPE_ARRAY;
//! use extensible_abi_runtime::Runtime;
//!
//! let rt = Runtime::new();
//! let mut mem = SimMemory::new();
//! let attr = bpf_attr_map_create {
//!     map_type: BPF_MAP_TYPE_ARRAY,
//!     key_size: 4,
//!     value_size: 8,
//!     max_entries: 16,
//!     ..Default::default()
//! };
//! let addr = mem.alloc_bytes(bytes_of(&attr));
//! let fd = rt.bpf(&mut mem, BPF_MAP_CREATE, addr, 20).unwrap();
//! assert!(fd > 0);
//! // A size over PAGE_SIZE is E2BIG before a byte is read, as in Linux.
//! assert_eq!(rt.bpf(&mut mem, BPF_MAP_CREATE, addr, 4097).unwrap_err().errno(), errno::E2BIG);
//! ```

#![deny(missing_docs)]

mod btf_obj;
mod call;
pub mod client;
mod info;
mod link;
mod lock;
mod map;
mod name;
mod object;
mod prog;
#[cfg(target_os = "linux")]
mod real_fd;
#[cfg(test)]
mod testing;
/// The commands whose objects the runtime does not have (pinning, attach,
/// raw tracepoints, task queries, iterators, tokens): their argument
/// checks, then the kernel's answer for a missing object.
mod unmodelled;

pub use call::Call;
pub use link::XdpNativeCheck;
pub use object::ObjectKind;

use extensible_abi::user::{self, UserMemory};
use extensible_abi::{errno, AbiError};
use extensible_abi_bpf::attr::{self, BPF_ATTR_ALIGN};

use lock::{ReadGuard, StateLock, WriteGuard};
use object::State;

/// The kernel's `PAGE_SIZE` on x86-64: the largest attr or info length
/// `bpf(2)` accepts (`bpf_check_uarg_tail_zero`).
pub const PAGE_SIZE: usize = 4096;

/// Runs `f` with this process's own memory, checked as the kernel checks
/// user pointers (a bad address is `EFAULT`, never a crash): the framework's
/// [`CheckedMemory`](extensible_abi::user::CheckedMemory) (copies with
/// fix-ups, no system call) where the platform has its routines, else
/// [`ProcessMemory`](extensible_abi::user::ProcessMemory)
/// (`process_vm_readv`/`writev`). What the C entry and the client's
/// [`client::InProcess`] hand [`Runtime::bpf`].
///
/// # Safety
///
/// Addresses `f` passes to the memory are raw pointers from a caller that
/// owns the memory behind them: no Rust reference may be live to a byte
/// written through it, and every byte read must be initialized.
#[cfg(target_os = "linux")]
pub unsafe fn with_own_memory<R>(f: impl FnOnce(&mut dyn UserMemory) -> R) -> R {
    // SAFETY: forwarded to the caller (the two constructors have the same
    // contract).
    match unsafe { user::CheckedMemory::new() } {
        Some(mut mem) => f(&mut mem),
        // SAFETY: as above.
        None => f(&mut unsafe { user::ProcessMemory::new() }),
    }
}

/// `KERNEL_VERSION(major, minor, 0)`: how ABI levels are numbered.
pub const fn release(major: u32, minor: u32) -> u32 {
    major << 16 | minor << 8
}

/// The newest ABI level this crate knows: Linux 6.18.
pub const NEWEST_LEVEL: u32 = release(6, 18);

/// An in-process eBPF runtime: an fd table, id allocators per object kind,
/// and maps, programs, BTF objects and links. `Send + Sync`: any number of
/// threads may call [`Runtime::bpf`] at once.
#[derive(Debug)]
pub struct Runtime {
    level: u32,
    /// `sizeof(union bpf_attr)` at `level`.
    attr_size: usize,
    /// The most bytes of storage one map may take (`ENOMEM` past it).
    map_limit: u64,
    state: StateLock<State>,
}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

impl Runtime {
    /// A runtime acting as the newest kernel release this crate knows.
    pub fn new() -> Self {
        Self::with_abi_level(NEWEST_LEVEL)
    }

    /// A runtime acting as kernel release `level`
    /// (`KERNEL_VERSION(x, y, 0)`, see [`release`]): every struct has the
    /// size it had in that release, commands added later are `EINVAL`, and
    /// fields added later are rejected as that release rejected them.
    pub fn with_abi_level(level: u32) -> Self {
        Runtime {
            level,
            attr_size: attr_size_at(level),
            map_limit: map::MAX_MAP_BYTES,
            state: StateLock::default(),
        }
    }

    /// This runtime with real fds: every fd it hands out is a real,
    /// otherwise unused file descriptor of the process (a placeholder
    /// `memfd`, see `real_fd.rs`), so its numbers never collide with the
    /// process's files and a `close(2)` of one closes only the
    /// placeholder. [`Runtime::close`] closes the object and the
    /// placeholder. (The default, [`Runtime::new`], numbers fds from 3 in a
    /// table of its own, touching no process state.)
    ///
    /// # Panics
    ///
    /// If this runtime has already handed out an fd.
    #[cfg(target_os = "linux")]
    pub fn with_real_fds(self) -> Self {
        {
            let mut st = self.lock();
            assert!(st.fds_is_empty(), "with_real_fds on a runtime that has fds");
            st.real.get_or_insert_with(Default::default);
        }
        self
    }

    /// This runtime with at most `bytes` of storage per map (1 GiB by
    /// default): a `BPF_MAP_CREATE` whose storage would need more, or a
    /// hash update past it, is `ENOMEM`, as the kernel's is when memory
    /// runs out. For a fuzzer: whatever sizes an input asks for, its maps
    /// stay small and each call's cost bounded.
    pub fn with_map_limit(mut self, bytes: u64) -> Self {
        self.map_limit = bytes;
        self
    }

    /// This runtime with `dev_xdp_attach`'s refusal of driver and hardware
    /// mode where `check` says: the one rule two builds of Linux 6.18
    /// order differently ([`XdpNativeCheck`]). The default is
    /// [`XdpNativeCheck::First`].
    pub fn with_xdp_native_check(self, check: XdpNativeCheck) -> Self {
        self.lock().netdev.native_check = check;
        self
    }

    /// Whether this runtime's fds are real ([`Runtime::with_real_fds`]).
    #[cfg(target_os = "linux")]
    pub fn uses_real_fds(&self) -> bool {
        self.lock().real.is_some()
    }

    /// The kernel release this runtime acts as.
    pub fn abi_level(&self) -> u32 {
        self.level
    }

    /// `sizeof(union bpf_attr)` at this runtime's ABI level.
    pub fn attr_size(&self) -> usize {
        self.attr_size
    }

    /// `bpf(cmd, attr, size)`: the command's result (an fd, 0, …) or the
    /// errno the kernel would give. `attr` is an address in `mem`, as the
    /// kernel receives a user pointer.
    ///
    /// Generic over the memory only for the uniform checks and
    /// `BPF_OBJ_GET_INFO_BY_FD` of a map, the query callers make all the
    /// time, so that their copies compile to the memory's own code (a
    /// `memcpy` for [`DirectMemory`](extensible_abi::user::DirectMemory));
    /// every other command runs on `&mut dyn UserMemory`.
    pub fn bpf<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        cmd: u32,
        attr_addr: u64,
        size: u32,
    ) -> Result<i64, AbiError> {
        let size = size as usize;
        // 1. bpf_check_uarg_tail_zero + copy_from_bpfptr. The buffer starts
        // zeroed and only the caller's `n` bytes are copied in, so every
        // byte past them is zero without a second fill, and the scans below
        // look at the caller's bytes only.
        user::check_limit(size, PAGE_SIZE)?;
        let mut buf = AttrBuf::default();
        let n = read_attr(mem, attr_addr, size, &mut buf.0[..self.attr_size])?;
        // 2. An unknown command (or one newer than this release).
        let command = attr::command(cmd)
            .filter(|c| c.since <= self.level)
            .ok_or(AbiError::Invalid { what: "unknown bpf command" })?;
        // 3. CHECK_ATTR: bytes `last..attr_size` must be zero; past `n`
        // they are.
        let last = command.last_field_end.min(command.attr.size_at(self.level));
        if n > last && extensible_abi::first_nonzero(&buf.0[last..n]).is_some() {
            return Err(AbiError::Invalid { what: "attr bytes past the command's last field" });
        }
        // 4. The command.
        if cmd == attr::BPF_OBJ_GET_INFO_BY_FD {
            return info::get_info_by_fd(self, mem, attr_addr, &buf.0[..n], size);
        }
        let mut mem = mem;
        let mut call = Call::new(self, &mut mem, attr_addr, &buf.0[..n], size);
        call.dispatch(cmd)
    }

    /// `close(fd)` of an fd this runtime handed out: `EBADF` if it did not.
    pub fn close(&self, fd: i32) -> Result<(), AbiError> {
        // With real fds the placeholder is closed after the lock is
        // released: a program's own close() in front of libc's may call
        // back into the runtime.
        let placeholder = self.lock().close(fd)?;
        #[cfg(target_os = "linux")]
        if let Some(fd) = placeholder {
            real_fd::release(fd);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = placeholder;
        Ok(())
    }

    /// The tables, exclusively: creating, closing, id changes.
    pub(crate) fn lock(&self) -> WriteGuard<'_, State> {
        self.state.write()
    }

    /// The tables for a lookup: any number of calls resolve fds at once,
    /// without writing a shared cache line (see `lock.rs`).
    #[inline]
    pub(crate) fn read(&self) -> ReadGuard<'_, State> {
        self.state.read()
    }
}

/// A `union bpf_attr`-sized, suitably aligned buffer.
#[repr(C, align(8))]
struct AttrBuf([u8; attr::BPF_ATTR_SIZE]);

impl Default for AttrBuf {
    fn default() -> Self {
        AttrBuf([0; attr::BPF_ATTR_SIZE])
    }
}

/// `user::read_partial` into a buffer that is already zero: the caller's
/// bytes past `dst.len()` must be zero (`E2BIG`), then `min(len,
/// dst.len())` bytes are copied, and that count is returned; the rest of
/// `dst` is left as it is.
fn read_attr<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    len: usize,
    dst: &mut [u8],
) -> Result<usize, AbiError> {
    let known = dst.len();
    if len > known {
        let tail =
            addr.checked_add(known as u64).ok_or(AbiError::Fault { addr, len: len as u64 })?;
        if let Some(i) = user::check_zeroed(mem, tail, len - known)? {
            let name = "union bpf_attr";
            return Err(AbiError::NonZeroTail { name, size: known, offset: known + i });
        }
    }
    let n = len.min(known);
    mem.read(addr, &mut dst[..n])?;
    Ok(n)
}

/// `sizeof(union bpf_attr)` in release `level`: its largest member then,
/// rounded up to the union's alignment.
pub fn attr_size_at(level: u32) -> usize {
    let largest = attr::ALL
        .iter()
        .filter(|s| !s.c_member.contains('.'))
        .map(|s| s.layout.size_at(level))
        .max()
        .unwrap_or(0);
    largest.div_ceil(BPF_ATTR_ALIGN) * BPF_ATTR_ALIGN
}

/// `AbiError` for an errno with a reason.
pub(crate) const fn err(errno: i32, what: &'static str) -> AbiError {
    match errno {
        errno::EINVAL => AbiError::Invalid { what },
        _ => AbiError::Errno { errno, what },
    }
}

#[cfg(test)]
mod tests;
