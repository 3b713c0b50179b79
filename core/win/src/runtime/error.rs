//! [`Error`]: what a profile call fails with, and its errno.

use core::fmt;

use extensible_abi::AbiError;

use crate::consts::{errno, EbpfResult};

/// Why a call into the [`Runtime`](crate::Runtime) failed.
///
/// ```
/// use extensible_abi_win::consts::{errno, EbpfResult};
/// use extensible_abi_win::Error;
///
/// assert_eq!(Error::Ebpf(EbpfResult::InsufficientBuffer).errno(), errno::ENOBUFS);
/// assert_eq!(Error::Errno(errno::EINVAL).errno(), 22);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// An `ebpf_result_t` from the native API; its errno is
    /// `ebpf_result_to_errno`'s ([`EbpfResult::errno`]).
    Ebpf(EbpfResult),
    /// An errno the code returns directly (`bpf()`'s `-EINVAL` for a
    /// non-zero tail, say).
    Errno(i32),
    /// The framework's answer at the user-memory boundary: `EFAULT`, and
    /// under the Linux rule `E2BIG`.
    Abi(AbiError),
}

impl Error {
    /// The errno, positive, as [`errno`] numbers them.
    pub const fn errno(&self) -> i32 {
        match *self {
            Error::Ebpf(r) => r.errno(),
            Error::Errno(e) => e,
            Error::Abi(e) => e.errno(),
        }
    }

    /// `EBPF_INVALID_ARGUMENT`.
    pub(crate) const INVAL: Error = Error::Ebpf(EbpfResult::InvalidArgument);
    /// `EBPF_INVALID_FD`.
    pub(crate) const BADF: Error = Error::Ebpf(EbpfResult::InvalidFd);
    /// A direct `-EINVAL`.
    pub(crate) const EINVAL: Error = Error::Errno(errno::EINVAL);

    /// The `ebpf_result_t` a native API call reports this error as (for
    /// the Windows functions that return one, such as
    /// `ebpf_program_attach_by_fds`): a user-memory fault is
    /// `EBPF_INVALID_POINTER`, anything else not from the native API
    /// `EBPF_INVALID_ARGUMENT`.
    pub const fn ebpf_result(&self) -> EbpfResult {
        match *self {
            Error::Ebpf(r) => r,
            Error::Abi(AbiError::Fault { .. }) => EbpfResult::InvalidPointer,
            _ => EbpfResult::InvalidArgument,
        }
    }
}

impl From<AbiError> for Error {
    fn from(e: AbiError) -> Self {
        Error::Abi(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Ebpf(r) => write!(f, "EBPF_{r:?} (errno {})", r.errno()),
            Error::Errno(e) => write!(f, "errno {e}"),
            Error::Abi(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}
