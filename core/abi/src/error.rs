//! [`AbiError`]: what can go wrong at an extensible-ABI boundary, with the
//! Linux errno each case maps to.

use core::fmt;

/// Linux errno values (positive, as in `<asm-generic/errno-base.h>`), the
/// numbers [`AbiError::errno`] returns.
pub mod errno {
    /// Operation not permitted.
    pub const EPERM: i32 = 1;
    /// No such file or directory / entry.
    pub const ENOENT: i32 = 2;
    /// Argument list too long: a struct longer than known with a non-zero tail.
    pub const E2BIG: i32 = 7;
    /// Bad file descriptor.
    pub const EBADF: i32 = 9;
    /// Out of memory.
    pub const ENOMEM: i32 = 12;
    /// Permission denied.
    pub const EACCES: i32 = 13;
    /// Bad address: a user pointer that does not map.
    pub const EFAULT: i32 = 14;
    /// Device or resource busy.
    pub const EBUSY: i32 = 16;
    /// Object exists.
    pub const EEXIST: i32 = 17;
    /// Invalid argument.
    pub const EINVAL: i32 = 22;
    /// No space left: an output buffer too small for the data.
    pub const ENOSPC: i32 = 28;
    /// No such device or address: `netkit_dev_fetch` for a device that is
    /// no netkit.
    pub const ENXIO: i32 = 6;
    /// No such device: an ifindex with no device.
    pub const ENODEV: i32 = 19;
    /// Not a directory: a path lookup through a file that is none.
    pub const ENOTDIR: i32 = 20;
    /// Too many open files in the system.
    pub const ENFILE: i32 = 23;
    /// Too many open files in the process (`RLIMIT_NOFILE`).
    pub const EMFILE: i32 = 24;
    /// Result out of range.
    pub const ERANGE: i32 = 34;
    /// File name too long: no NUL in `PATH_MAX` bytes, or a component over
    /// `NAME_MAX`.
    pub const ENAMETOOLONG: i32 = 36;
    /// Too many symbolic links in a path.
    pub const ELOOP: i32 = 40;
    /// Link has been severed: a detached `bpf_link`.
    pub const ENOLINK: i32 = 67;
    /// Protocol error: the verifier's answer to an fd index without an
    /// `fd_array`.
    pub const EPROTO: i32 = 71;
    /// File descriptor in bad state: `BPF_OBJ_GET_INFO_BY_FD` on an fd
    /// that is not open.
    pub const EBADFD: i32 = 77;
    /// Operation not supported.
    pub const EOPNOTSUPP: i32 = 95;
    /// Stale file handle: `bpf_mprog_attach`/`detach` with an
    /// `expected_revision` that is not the attach point's.
    pub const ESTALE: i32 = 116;
    /// The kernel-internal `ENOTSUPP` (not `EOPNOTSUPP`), which some `bpf()`
    /// commands return to user space as is (a BTF header version or flags
    /// it does not support; some map commands).
    pub const ENOTSUPP: i32 = 524;
}

/// An error at an extensible-ABI boundary.
///
/// Every variant maps to the errno the Linux kernel returns in the same
/// situation, through [`AbiError::errno`].
///
/// ```
/// use extensible_abi::{AbiError, errno};
///
/// let e = AbiError::NonZeroTail { name: "open_how", size: 24, offset: 30 };
/// assert_eq!(e.errno(), errno::E2BIG);
/// assert_eq!(e.to_string(),
///     "open_how: the caller's struct is longer than the 24 bytes known here \
///      and byte 30 of it is not zero (E2BIG)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AbiError {
    /// The caller passed more bytes than the struct has and one of the
    /// unknown bytes is not zero: a field this side does not know was set.
    /// `E2BIG`.
    NonZeroTail {
        /// The struct's name, as in its layout table.
        name: &'static str,
        /// The size known here (`size_of` of the newest version).
        size: usize,
        /// Offset, from the start of the caller's struct, of the first
        /// non-zero byte past `size`.
        offset: usize,
    },
    /// A length over a hard limit (the kernel's `PAGE_SIZE` for attrs).
    /// `E2BIG`.
    TooBig {
        /// The length the caller passed.
        len: u64,
        /// The largest length accepted.
        max: u64,
    },
    /// A struct's own size field holds a size outside `min..=max`, under a
    /// policy that answers `E2BIG` (`sched_setattr`'s, `perf_event_open`'s;
    /// over the limit under any policy). `E2BIG`.
    SizeOutOfRange {
        /// The struct's name, as in its layout table.
        name: &'static str,
        /// The size the caller's field holds.
        size: u64,
        /// The size of the struct's first version.
        min: usize,
        /// The largest size accepted.
        max: usize,
    },
    /// The caller's struct is shorter than the struct's first version
    /// (`#[abi(min_version = N)]`, the kernel's `*_SIZE_VER0`). `EINVAL`.
    TooShort {
        /// The struct's name, as in its layout table.
        name: &'static str,
        /// The length the caller passed.
        len: usize,
        /// The shortest length accepted.
        min: usize,
    },
    /// A user address range that is not mapped (or not writable, for a
    /// write). `EFAULT`.
    Fault {
        /// First address of the access.
        addr: u64,
        /// Length of the access in bytes.
        len: u64,
    },
    /// An argument is invalid; `what` says which and why. `EINVAL`.
    Invalid {
        /// A short human-readable reason.
        what: &'static str,
    },
    /// Any other errno, with a reason.
    Errno {
        /// The positive errno.
        errno: i32,
        /// A short human-readable reason.
        what: &'static str,
    },
}

impl AbiError {
    /// The Linux errno for this error, as a positive `i32`.
    pub const fn errno(&self) -> i32 {
        match *self {
            AbiError::NonZeroTail { .. }
            | AbiError::TooBig { .. }
            | AbiError::SizeOutOfRange { .. } => errno::E2BIG,
            AbiError::Fault { .. } => errno::EFAULT,
            AbiError::Invalid { .. } | AbiError::TooShort { .. } => errno::EINVAL,
            AbiError::Errno { errno, .. } => errno,
        }
    }
}

impl fmt::Display for AbiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AbiError::NonZeroTail { name, size, offset } => write!(
                f,
                "{name}: the caller's struct is longer than the {size} bytes known here \
                 and byte {offset} of it is not zero (E2BIG)"
            ),
            AbiError::TooBig { len, max } => {
                write!(f, "length {len} is over the limit of {max} bytes (E2BIG)")
            }
            AbiError::Fault { addr, len } => {
                write!(f, "bad address: {len} bytes at {addr:#x} are not mapped (EFAULT)")
            }
            AbiError::Invalid { what } => write!(f, "invalid argument: {what} (EINVAL)"),
            AbiError::SizeOutOfRange { name, size, min, max } => {
                write!(f, "{name}: the size field says {size} bytes, outside {min}..={max} (E2BIG)")
            }
            AbiError::TooShort { name, len, min } => write!(
                f,
                "{name}: the caller's struct is {len} bytes, shorter than the {min} bytes of its \
                 first version (EINVAL)"
            ),
            AbiError::Errno { errno, what } => write!(f, "{what} (errno {errno})"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for AbiError {}
