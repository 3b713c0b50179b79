//! The object commands' attrs: pinning, ids and info, attaching and
//! querying.

use super::release;
use extensible_abi::extensible_abi;

/// The anonymous struct of `union bpf_attr` that `BPF_OBJ_PIN` and
/// `BPF_OBJ_GET` read.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.4 | 16 | `pathname`, `bpf_fd` (4 bytes of tail padding) |
/// | 4.15 | 16 | `file_flags`, in that padding |
/// | 6.5 | 24 | `path_fd` (4 bytes of tail padding) |
///
/// `CHECK_ATTR` (6.18, `BPF_OBJ_LAST_FIELD`): everything after `path_fd`
/// must be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.4", size = 16)]
#[abi(version = "4.15", size = 16)]
#[abi(version = "6.5", size = 24)]
pub struct bpf_attr_obj_pin {
    /// User pointer to the path in bpffs. Added in Linux 4.4.
    #[abi(since = "4.4", offset = 0)]
    pub pathname: u64,
    /// Pin: the object's fd; get: must be zero. Added in Linux 4.4.
    #[abi(since = "4.4", offset = 8)]
    pub bpf_fd: u32,
    /// `BPF_F_RDONLY`, `BPF_F_WRONLY`, `BPF_F_PATH_FD`. Added in Linux 4.15,
    /// in bytes that were tail padding from 4.4.
    #[abi(since = "4.15", offset = 12, padding_since = "4.4")]
    pub file_flags: u32,
    /// Directory fd `pathname` is relative to, with `BPF_F_PATH_FD` (C
    /// `__s32`). Added in Linux 6.5.
    #[abi(since = "6.5", offset = 16)]
    pub path_fd: i32,
    /// Tail padding, since Linux 6.5.
    #[abi(since = "6.5", offset = 20)]
    pub _pad_tail: u32,
}

/// The anonymous struct of `union bpf_attr` that the `*_GET_NEXT_ID` and
/// `*_GET_FD_BY_ID` commands read.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.13 | 8 | `start_id` / `prog_id` / `map_id`, `next_id` |
/// | 4.15 | 12 | `open_flags` |
/// | 4.18 | 12 | `btf_id`, sharing `start_id`'s bytes |
/// | 5.8 | 12 | `link_id`, sharing `start_id`'s bytes |
/// | 6.15 | 16 | `fd_by_id_token_fd` |
///
/// C's `union { start_id; prog_id; map_id; btf_id; link_id; }` is the field
/// `start_id`; the others are aliases with accessors.
///
/// `CHECK_ATTR` (6.18): the `*_GET_NEXT_ID` commands read up to `next_id`,
/// `BPF_PROG_GET_FD_BY_ID` and `BPF_LINK_GET_FD_BY_ID` only the id,
/// `BPF_MAP_GET_FD_BY_ID` up to `open_flags`, `BPF_BTF_GET_FD_BY_ID` up to
/// `fd_by_id_token_fd`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.13", size = 8)]
#[abi(version = "4.15", size = 12)]
#[abi(version = "6.15", size = 16)]
pub struct bpf_attr_get_id {
    /// The id to start after (`*_GET_NEXT_ID`); the same bytes are
    /// `prog_id`, `map_id`, `btf_id` and `link_id` (`*_GET_FD_BY_ID`).
    /// Added in Linux 4.13.
    #[abi(since = "4.13", offset = 0)]
    pub start_id: u32,
    /// Output of `*_GET_NEXT_ID`: the next id. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 4)]
    pub next_id: u32,
    /// `BPF_F_RDONLY`, `BPF_F_WRONLY`, `BPF_F_TOKEN_FD`. Added in Linux
    /// 4.15.
    #[abi(since = "4.15", offset = 8)]
    pub open_flags: u32,
    /// BPF token fd, with `BPF_F_TOKEN_FD` in `open_flags` (C `__s32`).
    /// Added in Linux 6.15.
    #[abi(since = "6.15", offset = 12)]
    pub fd_by_id_token_fd: i32,
}

u32_aliases! {
    /// The C members of the union in [`bpf_attr_get_id`] beyond its first.
    GET_ID_ALIASES for bpf_attr_get_id;
    /// `prog_id`, for `BPF_PROG_GET_FD_BY_ID` (shares `start_id`'s bytes).
    /// Added in Linux 4.13.
    prog_id, set_prog_id = start_id, since release(4, 13);
    /// `map_id`, for `BPF_MAP_GET_FD_BY_ID` (shares `start_id`'s bytes).
    /// Added in Linux 4.13.
    map_id, set_map_id = start_id, since release(4, 13);
    /// `btf_id`, for `BPF_BTF_GET_FD_BY_ID` (shares `start_id`'s bytes).
    /// Added in Linux 4.18.
    btf_id, set_btf_id = start_id, since release(4, 18);
    /// `link_id`, for `BPF_LINK_GET_FD_BY_ID` (shares `start_id`'s bytes).
    /// Added in Linux 5.8.
    link_id, set_link_id = start_id, since release(5, 8);
}

/// `union bpf_attr`'s member `info`, which `BPF_OBJ_GET_INFO_BY_FD` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.13 | 16 | every field |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.13", size = 16)]
pub struct bpf_attr_info {
    /// Fd of the program, map, BTF object, link or token. Added in Linux
    /// 4.13.
    #[abi(since = "4.13", offset = 0)]
    pub bpf_fd: u32,
    /// In: size of the `info` buffer; out: how many bytes the kernel wrote.
    /// Added in Linux 4.13.
    #[abi(since = "4.13", offset = 4)]
    pub info_len: u32,
    /// User pointer to the info struct (`struct bpf_prog_info`, …). Added in
    /// Linux 4.13.
    #[abi(since = "4.13", offset = 8)]
    pub info: u64,
}

/// The anonymous struct of `union bpf_attr` that `BPF_PROG_ATTACH` and
/// `BPF_PROG_DETACH` read.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.10 | 16 | `target_fd`, `attach_bpf_fd`, `attach_type`, `attach_flags` |
/// | 5.6 | 20 | `replace_bpf_fd` |
/// | 6.6 | 32 | `target_ifindex` (sharing `target_fd`'s bytes), `relative_fd` / `relative_id`, `expected_revision` |
///
/// C's `union { target_fd; target_ifindex; }` is the field `target_fd`,
/// `union { relative_fd; relative_id; }` the field `relative_fd`; the
/// second members are aliases with accessors.
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.10", size = 16)]
#[abi(version = "5.6", size = 20)]
#[abi(version = "6.6", size = 32)]
pub struct bpf_attr_prog_attach {
    /// Fd of the object to attach to (cgroup, map…); the same bytes are
    /// `target_ifindex` ([`Self::target_ifindex`]). Added in Linux 4.10.
    #[abi(since = "4.10", offset = 0)]
    pub target_fd: u32,
    /// Fd of the program to attach. Added in Linux 4.10.
    #[abi(since = "4.10", offset = 4)]
    pub attach_bpf_fd: u32,
    /// `enum bpf_attach_type`. Added in Linux 4.10.
    #[abi(since = "4.10", offset = 8)]
    pub attach_type: u32,
    /// `BPF_F_ALLOW_OVERRIDE`, `BPF_F_ALLOW_MULTI`, `BPF_F_REPLACE`,
    /// `BPF_F_BEFORE`…. Added in Linux 4.10.
    #[abi(since = "4.10", offset = 12)]
    pub attach_flags: u32,
    /// Fd of the program to replace, with `BPF_F_REPLACE`. Added in Linux
    /// 5.6.
    #[abi(since = "5.6", offset = 16)]
    pub replace_bpf_fd: u32,
    /// Fd of the program or link to attach before or after; the same bytes
    /// are `relative_id` ([`Self::relative_id`]). Added in Linux 6.6.
    #[abi(since = "6.6", offset = 20)]
    pub relative_fd: u32,
    /// The revision the caller expects the attach point to be at (0: any).
    /// Added in Linux 6.6.
    #[abi(since = "6.6", offset = 24)]
    pub expected_revision: u64,
}

u32_aliases! {
    /// The C members of the unions in [`bpf_attr_prog_attach`] beyond their
    /// first.
    PROG_ATTACH_ALIASES for bpf_attr_prog_attach;
    /// `target_ifindex`: the netdev to attach to (tcx, netkit), sharing
    /// `target_fd`'s bytes. Added in Linux 6.6.
    target_ifindex, set_target_ifindex = target_fd, since release(6, 6);
    /// `relative_id`: id of the program or link to attach before or after
    /// (with `BPF_F_ID`), sharing `relative_fd`'s bytes. Added in Linux 6.6.
    relative_id, set_relative_id = relative_fd, since release(6, 6);
}

/// `union bpf_attr`'s member `query`, which `BPF_PROG_QUERY` reads and
/// writes back.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.15 | 32 | `target_fd`, `attach_type`, `query_flags`, `attach_flags`, `prog_ids`, `prog_cnt` (4 bytes of tail padding) |
/// | 6.0 | 40 | `prog_attach_flags` (the padding before it stays) |
/// | 6.6 | 64 | `target_ifindex` (sharing `target_fd`'s bytes), `count` (sharing `prog_cnt`'s), `link_ids`, `link_attach_flags`, `revision` |
///
/// C's `union { target_fd; target_ifindex; }` is the field `target_fd`,
/// `union { prog_cnt; count; }` the field `prog_cnt`; the second members
/// are aliases with accessors.
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.15", size = 32)]
#[abi(version = "6.0", size = 40)]
#[abi(version = "6.6", size = 64)]
pub struct bpf_attr_query {
    /// Fd of the object to query; the same bytes are `target_ifindex`
    /// ([`Self::target_ifindex`]). Added in Linux 4.15.
    #[abi(since = "4.15", offset = 0)]
    pub target_fd: u32,
    /// `enum bpf_attach_type`. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 4)]
    pub attach_type: u32,
    /// `BPF_F_QUERY_EFFECTIVE`. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 8)]
    pub query_flags: u32,
    /// Output: the attach flags of the attach point. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 12)]
    pub attach_flags: u32,
    /// User pointer to where the kernel writes program ids. Added in Linux
    /// 4.15.
    #[abi(since = "4.15", offset = 16)]
    pub prog_ids: u64,
    /// In: room in `prog_ids`; out: how many programs are attached. The same
    /// bytes are `count` ([`Self::count`]). Added in Linux 4.15.
    #[abi(since = "4.15", offset = 24)]
    pub prog_cnt: u32,
    /// Padding before the 8-aligned `prog_attach_flags`, since Linux 6.0 (C
    /// `__u32 :32` from 6.6).
    #[abi(since = "6.0", offset = 28)]
    pub _pad0: u32,
    /// User pointer to where the kernel writes per-program attach flags.
    /// Added in Linux 6.0.
    #[abi(since = "6.0", offset = 32)]
    pub prog_attach_flags: u64,
    /// User pointer to where the kernel writes link ids. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 40)]
    pub link_ids: u64,
    /// User pointer to where the kernel writes per-link attach flags. Added
    /// in Linux 6.6.
    #[abi(since = "6.6", offset = 48)]
    pub link_attach_flags: u64,
    /// Output: the attach point's revision. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 56)]
    pub revision: u64,
}

u32_aliases! {
    /// The C members of the unions in [`bpf_attr_query`] beyond their first.
    QUERY_ALIASES for bpf_attr_query;
    /// `target_ifindex`: the netdev to query (tcx, netkit), sharing
    /// `target_fd`'s bytes. Added in Linux 6.6.
    target_ifindex, set_target_ifindex = target_fd, since release(6, 6);
    /// `count`: the newer name of `prog_cnt`, sharing its bytes. Added in
    /// Linux 6.6.
    count, set_count = prog_cnt, since release(6, 6);
}
