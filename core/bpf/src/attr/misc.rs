//! The tracing, BTF, statistics and token commands' attrs.

use extensible_abi::extensible_abi;

/// `union bpf_attr`'s member `raw_tracepoint`, which
/// `BPF_RAW_TRACEPOINT_OPEN` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.17 | 16 | `name`, `prog_fd` (4 bytes of tail padding) |
/// | 6.10 | 24 | `cookie` (the padding before it stays, a C `__u32 :32`) |
///
/// `CHECK_ATTR` (6.18): everything after `cookie` must be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.17", size = 16)]
#[abi(version = "6.10", size = 24)]
pub struct bpf_attr_raw_tracepoint {
    /// User pointer to the tracepoint's name. Added in Linux 4.17.
    #[abi(since = "4.17", offset = 0)]
    pub name: u64,
    /// The program's fd. Added in Linux 4.17.
    #[abi(since = "4.17", offset = 8)]
    pub prog_fd: u32,
    /// Padding before the 8-aligned `cookie`, since Linux 6.10.
    #[abi(since = "6.10", offset = 12)]
    pub _pad0: u32,
    /// Value `bpf_get_attach_cookie()` returns. Added in Linux 6.10.
    #[abi(since = "6.10", offset = 16)]
    pub cookie: u64,
}

/// The anonymous struct of `union bpf_attr` that `BPF_BTF_LOAD` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.18 | 32 | `btf`, `btf_log_buf`, `btf_size`, `btf_log_size`, `btf_log_level` (4 bytes of tail padding) |
/// | 6.4 | 32 | `btf_log_true_size`, in that padding |
/// | 6.9 | 40 | `btf_flags`, `btf_token_fd` |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.18", size = 32)]
#[abi(version = "6.4", size = 32)]
#[abi(version = "6.9", size = 40)]
pub struct bpf_attr_btf_load {
    /// User pointer to the BTF blob. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 0)]
    pub btf: u64,
    /// User pointer to the log buffer. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 8)]
    pub btf_log_buf: u64,
    /// Size of the BTF blob. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 16)]
    pub btf_size: u32,
    /// Size of the log buffer. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 20)]
    pub btf_log_size: u32,
    /// Verbosity of the log. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 24)]
    pub btf_log_level: u32,
    /// Output: the log size the checker needed. Added in Linux 6.4, in bytes
    /// that were tail padding from 4.18.
    #[abi(since = "6.4", offset = 28, padding_since = "4.18")]
    pub btf_log_true_size: u32,
    /// `BPF_F_TOKEN_FD`. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 32)]
    pub btf_flags: u32,
    /// BPF token fd, with `BPF_F_TOKEN_FD` in `btf_flags` (C `__s32`). Added
    /// in Linux 6.9.
    #[abi(since = "6.9", offset = 36)]
    pub btf_token_fd: i32,
}

/// `union bpf_attr`'s member `task_fd_query`, which `BPF_TASK_FD_QUERY`
/// reads and writes back.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.18 | 48 | every field |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.18", size = 48)]
pub struct bpf_attr_task_fd_query {
    /// The task's pid. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 0)]
    pub pid: u32,
    /// The fd in that task. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 4)]
    pub fd: u32,
    /// Flags (none defined: must be zero). Added in Linux 4.18.
    #[abi(since = "4.18", offset = 8)]
    pub flags: u32,
    /// In: size of `buf`; out: length of the name. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 12)]
    pub buf_len: u32,
    /// User pointer to where the kernel writes the tracepoint, symbol or
    /// file name. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 16)]
    pub buf: u64,
    /// Output: id of the attached program. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 24)]
    pub prog_id: u32,
    /// Output: `BPF_FD_TYPE_*`. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 28)]
    pub fd_type: u32,
    /// Output: probe offset. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 32)]
    pub probe_offset: u64,
    /// Output: probe address. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 40)]
    pub probe_addr: u64,
}

/// `union bpf_attr`'s member `enable_stats`, which `BPF_ENABLE_STATS`
/// reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 4 | `type` |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.8", size = 4)]
pub struct bpf_attr_enable_stats {
    /// `enum bpf_stats_type`. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub r#type: u32,
}

/// `union bpf_attr`'s member `token_create`, which `BPF_TOKEN_CREATE`
/// reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.9 | 8 | every field |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.9", size = 8)]
pub struct bpf_attr_token_create {
    /// Flags (none defined: must be zero). Added in Linux 6.9.
    #[abi(since = "6.9", offset = 0)]
    pub flags: u32,
    /// Fd of the bpffs mount to create the token from. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 4)]
    pub bpffs_fd: u32,
}
