//! eBPF-for-Windows' numbers: object, map, program, link and attach types,
//! `ebpf_result_t`, and the errno each result becomes.
//!
//! # Errno values
//!
//! eBPF-for-Windows reports errors as MSVC CRT errno values. This profile
//! runs on Linux, so it reports each as **the Linux errno of the same
//! name** ([`errno`]): `ENOBUFS` is 105 here (119 in MSVC), `ENOTSUP` is
//! Linux's 95 (`EOPNOTSUPP`; 129 in MSVC), `EFAULT`, `EINVAL`, `EBADF` are
//! the same in both. Linux has no `EOTHER` (MSVC 131, which on Linux is
//! `ENOTRECOVERABLE`), so it gets a value of its own, [`errno::EOTHER`]
//! (4131), that no Linux errno uses.

use crate::release;

/// `ebpf_object_type_t` (v1.5.0 `include/ebpf_core_structs.h:36-42`).
pub mod object_type {
    /// `EBPF_OBJECT_UNKNOWN`.
    pub const UNKNOWN: u32 = 0;
    /// `EBPF_OBJECT_MAP`.
    pub const MAP: u32 = 1;
    /// `EBPF_OBJECT_LINK`.
    pub const LINK: u32 = 2;
    /// `EBPF_OBJECT_PROGRAM`.
    pub const PROGRAM: u32 = 3;
}

/// `ebpf_map_type_t` / `enum bpf_map_type` (v1.5.0
/// `include/ebpf_structs.h:17-38`). Only 0–3 have Linux's numbers.
pub mod map_type {
    /// `BPF_MAP_TYPE_UNSPEC`.
    pub const UNSPEC: u32 = 0;
    /// `BPF_MAP_TYPE_HASH`.
    pub const HASH: u32 = 1;
    /// `BPF_MAP_TYPE_ARRAY`.
    pub const ARRAY: u32 = 2;
    /// `BPF_MAP_TYPE_PROG_ARRAY`.
    pub const PROG_ARRAY: u32 = 3;
    /// `BPF_MAP_TYPE_PERCPU_HASH` (Linux: 5).
    pub const PERCPU_HASH: u32 = 4;
    /// `BPF_MAP_TYPE_PERCPU_ARRAY` (Linux: 6).
    pub const PERCPU_ARRAY: u32 = 5;
    /// `BPF_MAP_TYPE_HASH_OF_MAPS`.
    pub const HASH_OF_MAPS: u32 = 6;
    /// `BPF_MAP_TYPE_ARRAY_OF_MAPS`.
    pub const ARRAY_OF_MAPS: u32 = 7;
    /// `BPF_MAP_TYPE_LRU_HASH` (Linux: 9).
    pub const LRU_HASH: u32 = 8;
    /// `BPF_MAP_TYPE_LPM_TRIE`.
    pub const LPM_TRIE: u32 = 9;
    /// `BPF_MAP_TYPE_QUEUE`.
    pub const QUEUE: u32 = 10;
    /// `BPF_MAP_TYPE_LRU_PERCPU_HASH`.
    pub const LRU_PERCPU_HASH: u32 = 11;
    /// `BPF_MAP_TYPE_STACK`.
    pub const STACK: u32 = 12;
    /// `BPF_MAP_TYPE_RINGBUF` (Linux: 27).
    pub const RINGBUF: u32 = 13;
    /// `BPF_MAP_TYPE_PERF_EVENT_ARRAY` (Release-v0.21.0).
    pub const PERF_EVENT_ARRAY: u32 = 14;
    /// `BPF_MAP_TYPE_SAMPLE_HASH_MAP` (Release-v1.1).
    pub const SAMPLE_HASH_MAP: u32 = 15;
    /// `BPF_MAP_TYPE_XSKMAP` (v1.2.1).
    pub const XSKMAP: u32 = 16;

    /// The first release whose runtime knows map type `t`, `None` for a
    /// number it never had.
    pub const fn first_release(t: u32) -> Option<u32> {
        match t {
            1..=13 => Some(super::release(0, 2)),
            14 => Some(super::release(0, 21)),
            15 => Some(super::release(1, 1)),
            16 => Some(super::release(1, 2)),
            _ => None,
        }
    }
}

/// `enum bpf_prog_type` (v1.5.0 `include/ebpf_structs.h:187-272`); Linux's
/// numbers differ (its XDP is 6).
pub mod prog_type {
    /// `BPF_PROG_TYPE_UNSPEC`.
    pub const UNSPEC: u32 = 0;
    /// `BPF_PROG_TYPE_XDP`.
    pub const XDP: u32 = 1;
    /// `BPF_PROG_TYPE_BIND`.
    pub const BIND: u32 = 2;
    /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`.
    pub const CGROUP_SOCK_ADDR: u32 = 3;
    /// `BPF_PROG_TYPE_SOCK_OPS`.
    pub const SOCK_OPS: u32 = 4;
    /// `BPF_PROG_TYPE_NETEVENT` (its GUID lives in its extension's header;
    /// not modelled).
    pub const NETEVENT: u32 = 5;
    /// `BPF_PROG_TYPE_PROCESS` (its GUID lives in its extension's header;
    /// not modelled).
    pub const PROCESS: u32 = 6;
    /// `BPF_PROG_TYPE_SAMPLE`.
    pub const SAMPLE: u32 = 999;

    /// The GUID of program type `t` (`ebpf_get_ebpf_program_type`), for
    /// the types this profile models.
    pub const fn guid(t: u32) -> Option<crate::Guid> {
        use crate::guid::program_type as g;
        match t {
            XDP => Some(g::XDP),
            BIND => Some(g::BIND),
            CGROUP_SOCK_ADDR => Some(g::CGROUP_SOCK_ADDR),
            SOCK_OPS => Some(g::SOCK_OPS),
            SAMPLE => Some(g::SAMPLE),
            _ => None,
        }
    }
}

/// `enum bpf_link_type` (v1.5.0 `include/ebpf_structs.h:281-288`).
pub mod link_type {
    /// `BPF_LINK_TYPE_UNSPEC`.
    pub const UNSPEC: u32 = 0;
    /// `BPF_LINK_TYPE_PLAIN`.
    pub const PLAIN: u32 = 1;
    /// `BPF_LINK_TYPE_CGROUP`.
    pub const CGROUP: u32 = 2;
    /// `BPF_LINK_TYPE_XDP`.
    pub const XDP: u32 = 3;
}

/// `enum bpf_attach_type` (v1.5.0), the values this profile uses.
pub mod bpf_attach_type {
    /// `BPF_ATTACH_TYPE_UNSPEC`.
    pub const UNSPEC: u32 = 0;
    /// `BPF_XDP`.
    pub const XDP: u32 = 1;
    /// `BPF_ATTACH_TYPE_BIND`.
    pub const BIND: u32 = 2;
}

/// Errno values as this profile reports them: the Linux errno of the same
/// name, and `EOTHER`, which Linux lacks, as a value of its own.
pub mod errno {
    pub use extensible_abi::errno::{
        E2BIG, EACCES, EBADF, EEXIST, EFAULT, EINVAL, ENOENT, ENOMEM, ENOSPC, EPERM,
    };

    /// `ENOBUFS` (Linux 105; MSVC 119).
    pub const ENOBUFS: i32 = 105;
    /// `ENOTSUP`: Linux's value (95, the same as `EOPNOTSUPP`; MSVC 129).
    pub const ENOTSUP: i32 = 95;
    /// `EOTHER`: MSVC's catch-all (131 there, which on Linux is
    /// `ENOTRECOVERABLE`), here 4131 so it names no Linux error.
    pub const EOTHER: i32 = 4131;
}

/// `ebpf_result_t` (v1.5.0 `include/ebpf_result.h:16-123`): what the
/// native API returns; [`EbpfResult::errno`] is `ebpf_result_to_errno`.
///
/// ```
/// use extensible_abi_win::consts::{errno, EbpfResult};
///
/// assert_eq!(EbpfResult::InsufficientBuffer.errno(), errno::ENOBUFS);
/// assert_eq!(EbpfResult::ArithmeticOverflow.errno(), errno::EOTHER);
/// assert_eq!(EbpfResult::from_raw(31), Some(EbpfResult::InvalidPointer));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
#[allow(missing_docs)] // each variant is the C name, EBPF_<NAME>
pub enum EbpfResult {
    Success = 0,
    VerificationFailed = 1,
    JitCompilationFailed = 2,
    ProgramLoadFailed = 3,
    InvalidFd = 4,
    InvalidObject = 5,
    InvalidArgument = 6,
    ObjectNotFound = 7,
    ObjectAlreadyExists = 8,
    FileNotFound = 9,
    AlreadyPinned = 10,
    NotPinned = 11,
    NoMemory = 12,
    ProgramTooLarge = 13,
    RpcException = 14,
    AlreadyInitialized = 15,
    ElfParsingFailed = 16,
    Failed = 17,
    OperationNotSupported = 18,
    KeyNotFound = 19,
    AccessDenied = 20,
    BlockedByPolicy = 21,
    ArithmeticOverflow = 22,
    ExtensionFailedToLoad = 23,
    InsufficientBuffer = 24,
    NoMoreKeys = 25,
    KeyAlreadyExists = 26,
    NoMoreTailCalls = 27,
    Pending = 28,
    OutOfSpace = 29,
    Canceled = 30,
    InvalidPointer = 31,
    Timeout = 32,
    StaleId = 33,
    InvalidState = 34,
}

impl EbpfResult {
    const ALL: [EbpfResult; 35] = {
        use EbpfResult::*;
        [
            Success,
            VerificationFailed,
            JitCompilationFailed,
            ProgramLoadFailed,
            InvalidFd,
            InvalidObject,
            InvalidArgument,
            ObjectNotFound,
            ObjectAlreadyExists,
            FileNotFound,
            AlreadyPinned,
            NotPinned,
            NoMemory,
            ProgramTooLarge,
            RpcException,
            AlreadyInitialized,
            ElfParsingFailed,
            Failed,
            OperationNotSupported,
            KeyNotFound,
            AccessDenied,
            BlockedByPolicy,
            ArithmeticOverflow,
            ExtensionFailedToLoad,
            InsufficientBuffer,
            NoMoreKeys,
            KeyAlreadyExists,
            NoMoreTailCalls,
            Pending,
            OutOfSpace,
            Canceled,
            InvalidPointer,
            Timeout,
            StaleId,
            InvalidState,
        ]
    };

    /// The result numbered `v`, `None` past the last one.
    pub const fn from_raw(v: u32) -> Option<Self> {
        if (v as usize) < Self::ALL.len() {
            Some(Self::ALL[v as usize])
        } else {
            None
        }
    }

    /// `ebpf_result_to_errno` (v1.5.0 `libs/api_common/api_common.hpp:145-211`),
    /// with each errno as [`errno`] numbers it; results it has no case for
    /// fall to its `default:`, `EOTHER`.
    pub const fn errno(self) -> i32 {
        use errno::*;
        use EbpfResult::*;
        match self {
            Success => 0,
            VerificationFailed => EACCES,
            InvalidFd => EBADF,
            InvalidObject | InvalidArgument | AlreadyInitialized | ExtensionFailedToLoad => EINVAL,
            ObjectNotFound | FileNotFound | KeyNotFound | NoMoreKeys => ENOENT,
            ObjectAlreadyExists => EEXIST,
            NoMemory => ENOMEM,
            OperationNotSupported => ENOTSUP,
            AccessDenied => EPERM,
            InsufficientBuffer => ENOBUFS,
            OutOfSpace => ENOSPC,
            InvalidPointer => EFAULT,
            JitCompilationFailed | ProgramLoadFailed | AlreadyPinned | NotPinned
            | ProgramTooLarge | RpcException | ElfParsingFailed | Failed | BlockedByPolicy
            | ArithmeticOverflow | KeyAlreadyExists | NoMoreTailCalls | Pending | Canceled
            | Timeout | StaleId | InvalidState => EOTHER,
        }
    }
}

/// The largest `info_len` whose get-info request (a 16-byte header, then
/// the caller's bytes) still fits the IOCTL's `u16` length: 65519.
pub const MAX_INFO_LEN_IN_IOCTL: u32 = u16::MAX as u32 - 16;

/// `bpf()` commands (v1.5.0 `include/linux/bpf.h:59-83`) that this
/// profile models, and `BPF_LINK_CREATE`, which eBPF-for-Windows lacks.
pub mod cmd {
    /// `BPF_MAP_CREATE`.
    pub const BPF_MAP_CREATE: u32 = 0;
    /// `BPF_MAP_LOOKUP_ELEM`.
    pub const BPF_MAP_LOOKUP_ELEM: u32 = 1;
    /// `BPF_MAP_UPDATE_ELEM`.
    pub const BPF_MAP_UPDATE_ELEM: u32 = 2;
    /// `BPF_PROG_LOAD`.
    pub const BPF_PROG_LOAD: u32 = 5;
    /// `BPF_OBJ_GET_INFO_BY_FD`.
    pub const BPF_OBJ_GET_INFO_BY_FD: u32 = 15;
    /// `BPF_LINK_CREATE`, Linux's 28: not in eBPF-for-Windows' enum, so its
    /// `bpf()` answers it as an unknown command, `-EINVAL`.
    pub const BPF_LINK_CREATE: u32 = 28;
}
