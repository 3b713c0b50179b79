//! The link commands' attrs: `BPF_LINK_CREATE` and the members of its
//! per-attach-type union, `BPF_LINK_UPDATE`, `BPF_LINK_DETACH`,
//! `BPF_ITER_CREATE`.

use core::mem::size_of;

use super::release;
use crate::Alias;
use extensible_abi::extensible_abi;

/// Where `link_create`'s per-attach-type union starts.
pub(super) const LINK_CREATE_UNION_OFFSET: usize = 16;

/// The size of that union in Linux 6.18 (its largest member,
/// `uprobe_multi`).
const LINK_CREATE_UNION_LEN: usize = 48;

/// `union bpf_attr`'s member `link_create`, which `BPF_LINK_CREATE` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.7 | 16 | `prog_fd`, `target_fd`, `attach_type`, `flags` |
/// | 5.9 | 32 | `target_ifindex` (sharing `target_fd`'s bytes), `iter_info`, `iter_info_len` (4 bytes of tail padding) |
/// | 5.10 | 32 | the union: `target_btf_id` over `iter_info` |
/// | 5.15 | 32 | `perf_event` |
/// | 5.18 | 48 | `kprobe_multi` |
/// | 5.19 | 48 | `tracing` |
/// | 6.4 | 48 | `map_fd` (sharing `prog_fd`'s bytes), `netfilter` |
/// | 6.6 | 64 | `tcx`, `uprobe_multi` |
/// | 6.7 | 64 | `netkit` |
/// | 6.17 | 64 | `cgroup` |
///
/// Bytes 16..64 are C's per-attach-type union. Its members of 5.9,
/// `iter_info` and `iter_info_len`, are fields; the bytes the union grew by
/// later are the storage fields `_union_28_32` (5.9), `_union_32_48` (5.18)
/// and `_union_48_64` (6.6). `target_btf_id` and the struct members
/// (`perf_event`, `kprobe_multi`, …, each an extensible struct of its own)
/// are aliases starting at `iter_info`, read and written with getters and
/// setters ([`Self::kprobe_multi`], [`Self::set_kprobe_multi`]). `map_fd`
/// and `target_ifindex` are aliases of `prog_fd` and `target_fd`.
///
/// `CHECK_ATTR` (6.18): everything after `uprobe_multi.pid` (byte 60) must
/// be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.7", size = 16)]
#[abi(version = "5.9", size = 32)]
#[abi(version = "5.18", size = 48)]
#[abi(version = "6.6", size = 64)]
pub struct bpf_attr_link_create {
    /// Fd of the program to attach; the same bytes are `map_fd`
    /// ([`Self::map_fd`]). Added in Linux 5.7.
    #[abi(since = "5.7", offset = 0)]
    pub prog_fd: u32,
    /// Fd of the object to attach to; the same bytes are `target_ifindex`
    /// ([`Self::target_ifindex`]). Added in Linux 5.7.
    #[abi(since = "5.7", offset = 4)]
    pub target_fd: u32,
    /// `enum bpf_attach_type`. Added in Linux 5.7.
    #[abi(since = "5.7", offset = 8)]
    pub attach_type: u32,
    /// Flags of the link. Added in Linux 5.7.
    #[abi(since = "5.7", offset = 12)]
    pub flags: u32,
    /// User pointer to a `union bpf_iter_link_info` (iterator links); the
    /// first bytes of the per-attach-type union. Added in Linux 5.9.
    #[abi(since = "5.9", offset = 16)]
    pub iter_info: u64,
    /// Size of the `iter_info` buffer. Added in Linux 5.9.
    #[abi(since = "5.9", offset = 24)]
    pub iter_info_len: u32,
    /// Bytes 28..32 of `link_create`: tail padding in Linux 5.9, part of the
    /// union's larger members since (`kprobe_multi.syms`, …).
    #[abi(since = "5.9", offset = 28)]
    pub _union_28_32: u32,
    /// Bytes 32..48 of `link_create`: the union grew by them with
    /// `kprobe_multi` in Linux 5.18.
    #[abi(since = "5.18", offset = 32)]
    pub _union_32_48: [u64; 2],
    /// Bytes 48..64 of `link_create`: the union grew by them with
    /// `uprobe_multi` in Linux 6.6.
    #[abi(since = "6.6", offset = 48)]
    pub _union_48_64: [u64; 2],
}

union_members!(bpf_attr_link_create, LINK_CREATE_UNION_OFFSET, LINK_CREATE_UNION_LEN;
    target_btf_id, set_target_btf_id: u32;
    perf_event, set_perf_event: bpf_attr_link_create_perf_event;
    kprobe_multi, set_kprobe_multi: bpf_attr_link_create_kprobe_multi;
    tracing, set_tracing: bpf_attr_link_create_tracing;
    netfilter, set_netfilter: bpf_attr_link_create_netfilter;
    tcx, set_tcx: bpf_attr_link_create_tcx;
    uprobe_multi, set_uprobe_multi: bpf_attr_link_create_uprobe_multi;
    netkit, set_netkit: bpf_attr_link_create_netkit;
    cgroup, set_cgroup: bpf_attr_link_create_cgroup;
);

const fn member<T>(name: &'static str, since: u32) -> Alias {
    Alias {
        name,
        storage: "iter_info",
        offset: LINK_CREATE_UNION_OFFSET,
        size: size_of::<T>(),
        since,
    }
}

u32_aliases! {
    /// The C members of [`bpf_attr_link_create`] without a Rust field: the
    /// second members of its small unions, and the per-attach-type union's
    /// members other than `iter_info`/`iter_info_len` (whose `storage` is
    /// `iter_info`, where they start; the longer ones go on through the
    /// `_union_*` fields).
    LINK_CREATE_ALIASES for bpf_attr_link_create;
    /// `map_fd`: fd of the struct_ops map to attach (`BPF_STRUCT_OPS`
    /// links), sharing `prog_fd`'s bytes. Added in Linux 6.4.
    map_fd, set_map_fd = prog_fd, since release(6, 4);
    /// `target_ifindex`: the netdev to attach to (XDP, tcx, netkit), sharing
    /// `target_fd`'s bytes. Added in Linux 5.9.
    target_ifindex, set_target_ifindex = target_fd, since release(5, 9);
    @extra [
        member::<u32>("target_btf_id", release(5, 10)),
        member::<bpf_attr_link_create_perf_event>("perf_event", release(5, 15)),
        member::<bpf_attr_link_create_kprobe_multi>("kprobe_multi", release(5, 18)),
        member::<bpf_attr_link_create_tracing>("tracing", release(5, 19)),
        member::<bpf_attr_link_create_netfilter>("netfilter", release(6, 4)),
        member::<bpf_attr_link_create_tcx>("tcx", release(6, 6)),
        member::<bpf_attr_link_create_uprobe_multi>("uprobe_multi", release(6, 6)),
        member::<bpf_attr_link_create_netkit>("netkit", release(6, 7)),
        member::<bpf_attr_link_create_cgroup>("cgroup", release(6, 17)),
    ]
}

/// `link_create.perf_event`: the union member of `BPF_PERF_EVENT` links.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.15 | 8 | `bpf_cookie` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.15", size = 8)]
pub struct bpf_attr_link_create_perf_event {
    /// Value `bpf_get_attach_cookie()` returns. Added in Linux 5.15.
    #[abi(since = "5.15", offset = 0)]
    pub bpf_cookie: u64,
}

/// `link_create.kprobe_multi`: the union member of `BPF_TRACE_KPROBE_MULTI`
/// (and session) links.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.18 | 32 | every field |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.18", size = 32)]
pub struct bpf_attr_link_create_kprobe_multi {
    /// `BPF_F_KPROBE_MULTI_RETURN`. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 0)]
    pub flags: u32,
    /// Number of entries in `syms`/`addrs`/`cookies`. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 4)]
    pub cnt: u32,
    /// User pointer to the symbol names. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 8)]
    pub syms: u64,
    /// User pointer to the addresses. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 16)]
    pub addrs: u64,
    /// User pointer to the cookies. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 24)]
    pub cookies: u64,
}

/// `link_create.tracing`: the union member of fentry/fexit/fmod_ret/LSM
/// links, overlaying `target_btf_id`.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.19 | 16 | `target_btf_id` (4 bytes of padding after it), `cookie` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.19", size = 16)]
pub struct bpf_attr_link_create_tracing {
    /// BTF id of the target (overlays `link_create.target_btf_id`). Added in
    /// Linux 5.19.
    #[abi(since = "5.19", offset = 0)]
    pub target_btf_id: u32,
    /// Padding before the 8-aligned `cookie`, since Linux 5.19.
    #[abi(since = "5.19", offset = 4)]
    pub _pad0: u32,
    /// Value `bpf_get_attach_cookie()` returns. Added in Linux 5.19.
    #[abi(since = "5.19", offset = 8)]
    pub cookie: u64,
}

/// `link_create.netfilter`: the union member of `BPF_NETFILTER` links.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.4 | 16 | every field |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.4", size = 16)]
pub struct bpf_attr_link_create_netfilter {
    /// Protocol family (`NFPROTO_*`). Added in Linux 6.4.
    #[abi(since = "6.4", offset = 0)]
    pub pf: u32,
    /// Netfilter hook number. Added in Linux 6.4.
    #[abi(since = "6.4", offset = 4)]
    pub hooknum: u32,
    /// Hook priority (C `__s32`). Added in Linux 6.4.
    #[abi(since = "6.4", offset = 8)]
    pub priority: i32,
    /// `BPF_F_NETFILTER_IP_DEFRAG`. Added in Linux 6.4.
    #[abi(since = "6.4", offset = 12)]
    pub flags: u32,
}

/// `link_create.tcx`: the union member of tcx links.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 16 | `relative_fd` / `relative_id` (4 bytes of padding after it), `expected_revision` |
///
/// C's `union { relative_fd; relative_id; }` is the field `relative_fd`
/// with the alias [`Self::relative_id`].
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.6", size = 16)]
pub struct bpf_attr_link_create_tcx {
    /// Fd of the program or link to attach before or after; the same bytes
    /// are `relative_id`. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub relative_fd: u32,
    /// Padding before the 8-aligned `expected_revision`, since Linux 6.6.
    #[abi(since = "6.6", offset = 4)]
    pub _pad0: u32,
    /// The revision the caller expects the attach point to be at (0: any).
    /// Added in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub expected_revision: u64,
}

/// `link_create.uprobe_multi`: the union member of
/// `BPF_TRACE_UPROBE_MULTI` (and session) links, the union's largest.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 48 | every field (4 bytes of tail padding) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.6", size = 48)]
pub struct bpf_attr_link_create_uprobe_multi {
    /// User pointer to the binary's path. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub path: u64,
    /// User pointer to the probe offsets. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub offsets: u64,
    /// User pointer to the reference counter offsets. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 16)]
    pub ref_ctr_offsets: u64,
    /// User pointer to the cookies. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 24)]
    pub cookies: u64,
    /// Number of probes. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 32)]
    pub cnt: u32,
    /// `BPF_F_UPROBE_MULTI_RETURN`. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 36)]
    pub flags: u32,
    /// Only fire for this process (0: any). Added in Linux 6.6.
    #[abi(since = "6.6", offset = 40)]
    pub pid: u32,
    /// Tail padding, since Linux 6.6.
    #[abi(since = "6.6", offset = 44)]
    pub _pad_tail: u32,
}

/// `link_create.netkit`: the union member of netkit links.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.7 | 16 | `relative_fd` / `relative_id` (4 bytes of padding after it), `expected_revision` |
///
/// C's `union { relative_fd; relative_id; }` is the field `relative_fd`
/// with the alias [`Self::relative_id`].
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.7", size = 16)]
pub struct bpf_attr_link_create_netkit {
    /// Fd of the program or link to attach before or after; the same bytes
    /// are `relative_id`. Added in Linux 6.7.
    #[abi(since = "6.7", offset = 0)]
    pub relative_fd: u32,
    /// Padding before the 8-aligned `expected_revision`, since Linux 6.7.
    #[abi(since = "6.7", offset = 4)]
    pub _pad0: u32,
    /// The revision the caller expects the attach point to be at (0: any).
    /// Added in Linux 6.7.
    #[abi(since = "6.7", offset = 8)]
    pub expected_revision: u64,
}

/// `link_create.cgroup`: the union member of cgroup links attached with
/// the multi-program ordering API.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.17 | 16 | `relative_fd` / `relative_id` (4 bytes of padding after it), `expected_revision` |
///
/// C's `union { relative_fd; relative_id; }` is the field `relative_fd`
/// with the alias [`Self::relative_id`].
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.17", size = 16)]
pub struct bpf_attr_link_create_cgroup {
    /// Fd of the program or link to attach before or after; the same bytes
    /// are `relative_id`. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 0)]
    pub relative_fd: u32,
    /// Padding before the 8-aligned `expected_revision`, since Linux 6.17.
    #[abi(since = "6.17", offset = 4)]
    pub _pad0: u32,
    /// The revision the caller expects the attach point to be at (0: any).
    /// Added in Linux 6.17.
    #[abi(since = "6.17", offset = 8)]
    pub expected_revision: u64,
}

u32_aliases! {
    /// The alias of [`bpf_attr_link_create_tcx`].
    TCX_ALIASES for bpf_attr_link_create_tcx;
    /// `relative_id`: id of the program or link to attach before or after
    /// (with `BPF_F_ID`), sharing `relative_fd`'s bytes. Added in Linux 6.6.
    relative_id, set_relative_id = relative_fd, since release(6, 6);
}

u32_aliases! {
    /// The alias of [`bpf_attr_link_create_netkit`].
    NETKIT_ALIASES for bpf_attr_link_create_netkit;
    /// `relative_id`: id of the program or link to attach before or after
    /// (with `BPF_F_ID`), sharing `relative_fd`'s bytes. Added in Linux 6.7.
    relative_id, set_relative_id = relative_fd, since release(6, 7);
}

u32_aliases! {
    /// The alias of [`bpf_attr_link_create_cgroup`].
    CGROUP_ALIASES for bpf_attr_link_create_cgroup;
    /// `relative_id`: id of the program or link to attach before or after
    /// (with `BPF_F_ID`), sharing `relative_fd`'s bytes. Added in Linux 6.17.
    relative_id, set_relative_id = relative_fd, since release(6, 17);
}

/// `union bpf_attr`'s member `link_update`, which `BPF_LINK_UPDATE` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.7 | 16 | `link_fd`, `new_prog_fd`, `flags`, `old_prog_fd` |
/// | 6.4 | 16 | `new_map_fd`, `old_map_fd`, sharing `new_prog_fd`'s and `old_prog_fd`'s bytes |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.7", size = 16)]
pub struct bpf_attr_link_update {
    /// The link's fd. Added in Linux 5.7.
    #[abi(since = "5.7", offset = 0)]
    pub link_fd: u32,
    /// Fd of the new program; the same bytes are `new_map_fd`
    /// ([`Self::new_map_fd`]). Added in Linux 5.7.
    #[abi(since = "5.7", offset = 4)]
    pub new_prog_fd: u32,
    /// `BPF_F_REPLACE`. Added in Linux 5.7.
    #[abi(since = "5.7", offset = 8)]
    pub flags: u32,
    /// Fd of the program expected to be replaced, with `BPF_F_REPLACE`; the
    /// same bytes are `old_map_fd` ([`Self::old_map_fd`]). Added in Linux
    /// 5.7.
    #[abi(since = "5.7", offset = 12)]
    pub old_prog_fd: u32,
}

u32_aliases! {
    /// The C members of the unions in [`bpf_attr_link_update`] beyond their
    /// first.
    LINK_UPDATE_ALIASES for bpf_attr_link_update;
    /// `new_map_fd`: fd of the new struct_ops map, sharing `new_prog_fd`'s
    /// bytes. Added in Linux 6.4.
    new_map_fd, set_new_map_fd = new_prog_fd, since release(6, 4);
    /// `old_map_fd`: fd of the struct_ops map expected to be replaced,
    /// sharing `old_prog_fd`'s bytes. Added in Linux 6.4.
    old_map_fd, set_old_map_fd = old_prog_fd, since release(6, 4);
}

/// `union bpf_attr`'s member `link_detach`, which `BPF_LINK_DETACH` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.9 | 4 | `link_fd` |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.9", size = 4)]
pub struct bpf_attr_link_detach {
    /// The link's fd. Added in Linux 5.9.
    #[abi(since = "5.9", offset = 0)]
    pub link_fd: u32,
}

/// `union bpf_attr`'s member `iter_create`, which `BPF_ITER_CREATE` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 8 | `link_fd`, `flags` |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.8", size = 8)]
pub struct bpf_attr_iter_create {
    /// Fd of the iterator link. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub link_fd: u32,
    /// Flags (none defined: must be zero). Added in Linux 5.8.
    #[abi(since = "5.8", offset = 4)]
    pub flags: u32,
}
