//! `struct bpf_link_info` and the structs of its per-link-type union.
//!
//! Every union member is a struct of its own, `bpf_link_info_<member>`
//! (`bpf_link_info_perf_event_kprobe` for a member of a nested union), with
//! its own release history; [`bpf_link_info`] holds the union as storage
//! fields and reads and writes members through methods.

use core::mem::size_of;

use super::release;
use crate::Alias;
use extensible_abi::extensible_abi;

/// `struct bpf_link_info`: what `BPF_OBJ_GET_INFO_BY_FD` reports about a
/// link. `type` (`enum bpf_link_type`) says which union member is valid.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 32 | `type`, `id`, `prog_id`; union members `raw_tracepoint`, `tracing`, `cgroup`, `netns` (union: 16 bytes at 16) |
/// | 5.9 | 32 | `xdp` |
/// | 5.10 | 32 | `iter` |
/// | 6.1 | 48 | `iter` grew to 32 bytes (`cgroup`, `task`) |
/// | 6.4 | 48 | `struct_ops`, `netfilter` |
/// | 6.6 | 48 | `kprobe_multi`, `perf_event`, `tcx` |
/// | 6.7 | 56 | `perf_event` grew to 40 bytes (`kprobe.missed`); `netkit` |
/// | 6.8 | 64 | `uprobe_multi` (48 bytes) |
/// | 6.10 | 64 | `sockmap` |
///
/// The union is the storage fields `_union_5_8` … `_union_6_8`, one per
/// release that grew it; read a member with its method
/// ([`Self::kprobe_multi`]) and store one with its setter
/// ([`Self::set_kprobe_multi`]).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.8", size = 32)]
#[abi(version = "6.1", size = 48)]
#[abi(version = "6.7", size = 56)]
#[abi(version = "6.8", size = 64)]
pub struct bpf_link_info {
    /// `enum bpf_link_type`: which union member is valid. Added in Linux
    /// 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub r#type: u32,
    /// The link's id. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 4)]
    pub id: u32,
    /// The id of the linked program. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 8)]
    pub prog_id: u32,
    /// Padding before the union (which is 8-aligned), since Linux 5.8.
    #[abi(since = "5.8", offset = 12)]
    pub _pad: u32,
    /// Union bytes 0..16: the union as Linux 5.8 had it.
    #[abi(since = "5.8", offset = 16)]
    pub _union_5_8: [u64; 2],
    /// Union bytes 16..32, since Linux 6.1 (`iter.cgroup`/`iter.task`).
    #[abi(since = "6.1", offset = 32)]
    pub _union_6_1: [u64; 2],
    /// Union bytes 32..40, since Linux 6.7 (`perf_event.kprobe.missed`).
    #[abi(since = "6.7", offset = 48)]
    pub _union_6_7: u64,
    /// Union bytes 40..48, since Linux 6.8 (`uprobe_multi`).
    #[abi(since = "6.8", offset = 56)]
    pub _union_6_8: u64,
}

impl bpf_link_info {
    /// Offset of the union in the struct.
    pub const UNION_OFFSET: usize = 16;
    /// Size of the union in the newest release.
    pub const UNION_SIZE: usize = size_of::<Self>() - Self::UNION_OFFSET;

    /// The union's bytes.
    #[inline]
    pub fn union_bytes(&self) -> &[u8] {
        &extensible_abi::bytes_of(self)[Self::UNION_OFFSET..]
    }
}

union_members! {
    bpf_link_info, bpf_link_info::UNION_OFFSET, bpf_link_info::UNION_SIZE;
    raw_tracepoint, set_raw_tracepoint: bpf_link_info_raw_tracepoint;
    tracing, set_tracing: bpf_link_info_tracing;
    cgroup, set_cgroup: bpf_link_info_cgroup;
    iter, set_iter: bpf_link_info_iter;
    netns, set_netns: bpf_link_info_netns;
    xdp, set_xdp: bpf_link_info_xdp;
    struct_ops, set_struct_ops: bpf_link_info_struct_ops;
    netfilter, set_netfilter: bpf_link_info_netfilter;
    kprobe_multi, set_kprobe_multi: bpf_link_info_kprobe_multi;
    uprobe_multi, set_uprobe_multi: bpf_link_info_uprobe_multi;
    perf_event, set_perf_event: bpf_link_info_perf_event;
    tcx, set_tcx: bpf_link_info_tcx;
    netkit, set_netkit: bpf_link_info_netkit;
    sockmap, set_sockmap: bpf_link_info_sockmap;
}

const fn member(name: &'static str, size: usize, since: u32) -> Alias {
    Alias { name, storage: "_union_5_8", offset: bpf_link_info::UNION_OFFSET, size, since }
}

/// The members of `bpf_link_info`'s union, in C's order. Each starts at
/// the union, in `_union_5_8`, and spans as many of the union's storage
/// fields as its newest size needs.
#[rustfmt::skip]
pub(super) const LINK_ALIASES: &[Alias] = &[
    member("raw_tracepoint", size_of::<bpf_link_info_raw_tracepoint>(), release(5, 8)),
    member("tracing", size_of::<bpf_link_info_tracing>(), release(5, 8)),
    member("cgroup", size_of::<bpf_link_info_cgroup>(), release(5, 8)),
    member("iter", size_of::<bpf_link_info_iter>(), release(5, 10)),
    member("netns", size_of::<bpf_link_info_netns>(), release(5, 8)),
    member("xdp", size_of::<bpf_link_info_xdp>(), release(5, 9)),
    member("struct_ops", size_of::<bpf_link_info_struct_ops>(), release(6, 4)),
    member("netfilter", size_of::<bpf_link_info_netfilter>(), release(6, 4)),
    member("kprobe_multi", size_of::<bpf_link_info_kprobe_multi>(), release(6, 6)),
    member("uprobe_multi", size_of::<bpf_link_info_uprobe_multi>(), release(6, 8)),
    member("perf_event", size_of::<bpf_link_info_perf_event>(), release(6, 6)),
    member("tcx", size_of::<bpf_link_info_tcx>(), release(6, 6)),
    member("netkit", size_of::<bpf_link_info_netkit>(), release(6, 7)),
    member("sockmap", size_of::<bpf_link_info_sockmap>(), release(6, 10)),
];

/// `bpf_link_info.raw_tracepoint` (`BPF_LINK_TYPE_RAW_TRACEPOINT`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 16 | `tp_name`, `tp_name_len` (4 bytes of tail padding) |
/// | 6.17 | 24 | `cookie` (the padding became an unnamed `__u32 :32`) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.8", size = 16)]
#[abi(version = "6.17", size = 24)]
pub struct bpf_link_info_raw_tracepoint {
    /// In/out: user pointer to a buffer for the tracepoint's name. Added in
    /// Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub tp_name: u64,
    /// In/out: room in `tp_name`, length of the name with its NUL. Added in
    /// Linux 5.8.
    #[abi(since = "5.8", offset = 8)]
    pub tp_name_len: u32,
    /// Padding, since Linux 5.8.
    #[abi(since = "5.8", offset = 12)]
    pub _pad: u32,
    /// The BPF cookie given at attach time. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 16)]
    pub cookie: u64,
}

/// `bpf_link_info.tracing` (`BPF_LINK_TYPE_TRACING`: fentry, fexit,
/// fmod_ret, LSM, freplace).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 4 | `attach_type` |
/// | 5.13 | 12 | `target_obj_id`, `target_btf_id` |
/// | 6.17 | 24 | `cookie` (after an unnamed `__u32 :32`) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.8", size = 4)]
#[abi(version = "5.13", size = 12)]
#[abi(version = "6.17", size = 24)]
pub struct bpf_link_info_tracing {
    /// `enum bpf_attach_type`. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub attach_type: u32,
    /// The target program's id for `BPF_PROG_TYPE_EXT`, else the target's
    /// BTF object id. Added in Linux 5.13.
    #[abi(since = "5.13", offset = 4)]
    pub target_obj_id: u32,
    /// The target's BTF type id inside that object. Added in Linux 5.13.
    #[abi(since = "5.13", offset = 8)]
    pub target_btf_id: u32,
    /// Padding, since Linux 6.17.
    #[abi(since = "6.17", offset = 12)]
    pub _pad: u32,
    /// The BPF cookie given at attach time. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 16)]
    pub cookie: u64,
}

/// `bpf_link_info.cgroup` (`BPF_LINK_TYPE_CGROUP`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 16 | `cgroup_id`, `attach_type` (4 bytes of tail padding) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.8", size = 16)]
pub struct bpf_link_info_cgroup {
    /// The cgroup's id. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub cgroup_id: u64,
    /// `enum bpf_attach_type`. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 8)]
    pub attach_type: u32,
    /// Tail padding, since Linux 5.8.
    #[abi(since = "5.8", offset = 12)]
    pub _pad_tail: u32,
}

/// `bpf_link_info.iter` (`BPF_LINK_TYPE_ITER`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.10 | 16 | `target_name`, `target_name_len`, `map` (in a one-member union) |
/// | 6.1 | 32 | a second union: `cgroup` (16 bytes), `task` (8 bytes) |
///
/// The second union is the field `cgroup` (its first and largest member);
/// `task` shares its bytes: [`Self::task`], [`Self::set_task`].
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.10", size = 16)]
#[abi(version = "6.1", size = 32)]
pub struct bpf_link_info_iter {
    /// In/out: user pointer to a buffer for the iterator target's name.
    /// Added in Linux 5.10.
    #[abi(since = "5.10", offset = 0)]
    pub target_name: u64,
    /// In/out: room in `target_name`, length of the name with its NUL.
    /// Added in Linux 5.10.
    #[abi(since = "5.10", offset = 8)]
    pub target_name_len: u32,
    /// The map iterator's parameters (the only member of the first
    /// union). Added in Linux 5.10.
    #[abi(since = "5.10", offset = 12)]
    pub map: bpf_link_info_iter_map,
    /// The cgroup iterator's parameters (first member of the second union;
    /// `task` shares its bytes). Added in Linux 6.1.
    #[abi(since = "6.1", offset = 16)]
    pub cgroup: bpf_link_info_iter_cgroup,
}

union_members! {
    bpf_link_info_iter, 16, size_of::<bpf_link_info_iter_cgroup>();
    task, set_task: bpf_link_info_iter_task;
}

/// The members of `iter`'s second union beyond `cgroup`.
pub(super) const ITER_ALIASES: &[Alias] = &[Alias {
    name: "task",
    storage: "cgroup",
    offset: 16,
    size: size_of::<bpf_link_info_iter_task>(),
    since: release(6, 1),
}];

/// `bpf_link_info.iter.map`: a map iterator's map.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.10 | 4 | `map_id` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.10", size = 4)]
pub struct bpf_link_info_iter_map {
    /// The iterated map's id. Added in Linux 5.10.
    #[abi(since = "5.10", offset = 0)]
    pub map_id: u32,
}

/// `bpf_link_info.iter.cgroup`: a cgroup iterator's start and order.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.1 | 16 | `cgroup_id`, `order` (4 bytes of tail padding) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.1", size = 16)]
pub struct bpf_link_info_iter_cgroup {
    /// The starting cgroup's id. Added in Linux 6.1.
    #[abi(since = "6.1", offset = 0)]
    pub cgroup_id: u64,
    /// `enum bpf_cgroup_iter_order`. Added in Linux 6.1.
    #[abi(since = "6.1", offset = 8)]
    pub order: u32,
    /// Tail padding, since Linux 6.1.
    #[abi(since = "6.1", offset = 12)]
    pub _pad_tail: u32,
}

/// `bpf_link_info.iter.task`: a task iterator's thread or process.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.1 | 8 | `tid`, `pid` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.1", size = 8)]
pub struct bpf_link_info_iter_task {
    /// The iterated thread's id, or 0. Added in Linux 6.1.
    #[abi(since = "6.1", offset = 0)]
    pub tid: u32,
    /// The iterated process's id, or 0. Added in Linux 6.1.
    #[abi(since = "6.1", offset = 4)]
    pub pid: u32,
}

/// `bpf_link_info.netns` (`BPF_LINK_TYPE_NETNS`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.8 | 8 | `netns_ino`, `attach_type` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.8", size = 8)]
pub struct bpf_link_info_netns {
    /// The network namespace's inode number. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 0)]
    pub netns_ino: u32,
    /// `enum bpf_attach_type`. Added in Linux 5.8.
    #[abi(since = "5.8", offset = 4)]
    pub attach_type: u32,
}

/// `bpf_link_info.xdp` (`BPF_LINK_TYPE_XDP`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.9 | 4 | `ifindex` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "5.9", size = 4)]
pub struct bpf_link_info_xdp {
    /// The network device. Added in Linux 5.9.
    #[abi(since = "5.9", offset = 0)]
    pub ifindex: u32,
}

/// `bpf_link_info.struct_ops` (`BPF_LINK_TYPE_STRUCT_OPS`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.4 | 4 | `map_id` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.4", size = 4)]
pub struct bpf_link_info_struct_ops {
    /// The struct_ops map's id. Added in Linux 6.4.
    #[abi(since = "6.4", offset = 0)]
    pub map_id: u32,
}

/// `bpf_link_info.netfilter` (`BPF_LINK_TYPE_NETFILTER`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.4 | 16 | `pf`, `hooknum`, `priority`, `flags` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.4", size = 16)]
pub struct bpf_link_info_netfilter {
    /// Protocol family (`NFPROTO_*`). Added in Linux 6.4.
    #[abi(since = "6.4", offset = 0)]
    pub pf: u32,
    /// Netfilter hook number. Added in Linux 6.4.
    #[abi(since = "6.4", offset = 4)]
    pub hooknum: u32,
    /// Hook priority (C `__s32`). Added in Linux 6.4.
    #[abi(since = "6.4", offset = 8)]
    pub priority: i32,
    /// `BPF_F_NETFILTER_*` flags. Added in Linux 6.4.
    #[abi(since = "6.4", offset = 12)]
    pub flags: u32,
}

/// `bpf_link_info.kprobe_multi` (`BPF_LINK_TYPE_KPROBE_MULTI`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 16 | `addrs`, `count`, `flags` |
/// | 6.7 | 24 | `missed` |
/// | 6.9 | 32 | `cookies` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 16)]
#[abi(version = "6.7", size = 24)]
#[abi(version = "6.9", size = 32)]
pub struct bpf_link_info_kprobe_multi {
    /// User pointer: buffer for the probed addresses (`u64` each). Added in
    /// Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub addrs: u64,
    /// In/out: room in `addrs`/`cookies`, number of probed functions.
    /// Added in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub count: u32,
    /// `BPF_F_KPROBE_MULTI_*` flags. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 12)]
    pub flags: u32,
    /// Missed runs. Added in Linux 6.7.
    #[abi(since = "6.7", offset = 16)]
    pub missed: u64,
    /// User pointer: buffer for the BPF cookies (`u64` each). Added in
    /// Linux 6.9.
    #[abi(since = "6.9", offset = 24)]
    pub cookies: u64,
}

/// `bpf_link_info.uprobe_multi` (`BPF_LINK_TYPE_UPROBE_MULTI`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.8 | 48 | every field |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.8", size = 48)]
pub struct bpf_link_info_uprobe_multi {
    /// User pointer: buffer for the probed binary's path. Added in Linux
    /// 6.8.
    #[abi(since = "6.8", offset = 0)]
    pub path: u64,
    /// User pointer: buffer for the probe offsets (`u64` each). Added in
    /// Linux 6.8.
    #[abi(since = "6.8", offset = 8)]
    pub offsets: u64,
    /// User pointer: buffer for the reference counter offsets (`u64` each).
    /// Added in Linux 6.8.
    #[abi(since = "6.8", offset = 16)]
    pub ref_ctr_offsets: u64,
    /// User pointer: buffer for the BPF cookies (`u64` each). Added in
    /// Linux 6.8.
    #[abi(since = "6.8", offset = 24)]
    pub cookies: u64,
    /// In/out: room in `path`, length of the path with its NUL. Added in
    /// Linux 6.8.
    #[abi(since = "6.8", offset = 32)]
    pub path_size: u32,
    /// In/out: room in the arrays, number of probes. Added in Linux 6.8.
    #[abi(since = "6.8", offset = 36)]
    pub count: u32,
    /// `BPF_F_UPROBE_MULTI_*` flags. Added in Linux 6.8.
    #[abi(since = "6.8", offset = 40)]
    pub flags: u32,
    /// The process the probes are limited to, or 0. Added in Linux 6.8.
    #[abi(since = "6.8", offset = 44)]
    pub pid: u32,
}

/// `bpf_link_info.perf_event` (`BPF_LINK_TYPE_PERF_EVENT`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 32 | `type`, an unnamed `__u32 :32`, a union of `uprobe` (16), `kprobe` (24), `tracepoint` (16), `event` (16) |
/// | 6.7 | 40 | `kprobe.missed` |
/// | 6.9 | 48 | `cookie` in every member |
/// | 6.16 | 48 | `uprobe.ref_ctr_offset` |
///
/// The union's members grew at different times and none of them is always
/// the largest, so the union is the storage fields `_union_6_6` …
/// `_union_6_9`, and every member is read with a method
/// ([`Self::kprobe`]) and stored with a setter ([`Self::set_kprobe`]).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 32)]
#[abi(version = "6.7", size = 40)]
#[abi(version = "6.9", size = 48)]
pub struct bpf_link_info_perf_event {
    /// `enum bpf_perf_event_type`: which union member is valid. Added in
    /// Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub r#type: u32,
    /// Padding (C's unnamed `__u32 :32`), since Linux 6.6.
    #[abi(since = "6.6", offset = 4)]
    pub _pad: u32,
    /// Union bytes 0..24, since Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub _union_6_6: [u64; 3],
    /// Union bytes 24..32, since Linux 6.7 (`kprobe.missed`).
    #[abi(since = "6.7", offset = 32)]
    pub _union_6_7: u64,
    /// Union bytes 32..40, since Linux 6.9 (`kprobe.cookie`).
    #[abi(since = "6.9", offset = 40)]
    pub _union_6_9: u64,
}

impl bpf_link_info_perf_event {
    /// Offset of the union in the struct.
    pub const UNION_OFFSET: usize = 8;
    /// Size of the union in the newest release.
    pub const UNION_SIZE: usize = size_of::<Self>() - Self::UNION_OFFSET;
}

union_members! {
    bpf_link_info_perf_event,
    bpf_link_info_perf_event::UNION_OFFSET,
    bpf_link_info_perf_event::UNION_SIZE;
    uprobe, set_uprobe: bpf_link_info_perf_event_uprobe;
    kprobe, set_kprobe: bpf_link_info_perf_event_kprobe;
    tracepoint, set_tracepoint: bpf_link_info_perf_event_tracepoint;
    event, set_event: bpf_link_info_perf_event_event;
}

const fn perf_member(name: &'static str, size: usize) -> Alias {
    Alias {
        name,
        storage: "_union_6_6",
        offset: bpf_link_info_perf_event::UNION_OFFSET,
        size,
        since: release(6, 6),
    }
}

/// The members of `perf_event`'s union, in C's order.
pub(super) const PERF_EVENT_ALIASES: &[Alias] = &[
    perf_member("uprobe", size_of::<bpf_link_info_perf_event_uprobe>()),
    perf_member("kprobe", size_of::<bpf_link_info_perf_event_kprobe>()),
    perf_member("tracepoint", size_of::<bpf_link_info_perf_event_tracepoint>()),
    perf_member("event", size_of::<bpf_link_info_perf_event_event>()),
];

/// `bpf_link_info.perf_event.uprobe` (`BPF_PERF_EVENT_UPROBE`,
/// `BPF_PERF_EVENT_URETPROBE`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 16 | `file_name`, `name_len`, `offset` |
/// | 6.9 | 24 | `cookie` |
/// | 6.16 | 32 | `ref_ctr_offset` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 16)]
#[abi(version = "6.9", size = 24)]
#[abi(version = "6.16", size = 32)]
pub struct bpf_link_info_perf_event_uprobe {
    /// In/out: user pointer to a buffer for the probed file's name. Added
    /// in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub file_name: u64,
    /// In/out: room in `file_name`, length of the name with its NUL. Added
    /// in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub name_len: u32,
    /// The probe's offset in the file. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 12)]
    pub offset: u32,
    /// The BPF cookie given at attach time. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 16)]
    pub cookie: u64,
    /// The offset of the probe's reference counter (semaphore). Added in
    /// Linux 6.16.
    #[abi(since = "6.16", offset = 24)]
    pub ref_ctr_offset: u64,
}

/// `bpf_link_info.perf_event.kprobe` (`BPF_PERF_EVENT_KPROBE`,
/// `BPF_PERF_EVENT_KRETPROBE`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 24 | `func_name`, `name_len`, `offset`, `addr` |
/// | 6.7 | 32 | `missed` |
/// | 6.9 | 40 | `cookie` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 24)]
#[abi(version = "6.7", size = 32)]
#[abi(version = "6.9", size = 40)]
pub struct bpf_link_info_perf_event_kprobe {
    /// In/out: user pointer to a buffer for the probed function's name.
    /// Added in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub func_name: u64,
    /// In/out: room in `func_name`, length of the name with its NUL. Added
    /// in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub name_len: u32,
    /// The probe's offset from the function. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 12)]
    pub offset: u32,
    /// The probed address. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 16)]
    pub addr: u64,
    /// Missed runs. Added in Linux 6.7.
    #[abi(since = "6.7", offset = 24)]
    pub missed: u64,
    /// The BPF cookie given at attach time. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 32)]
    pub cookie: u64,
}

/// `bpf_link_info.perf_event.tracepoint` (`BPF_PERF_EVENT_TRACEPOINT`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 16 | `tp_name`, `name_len` (4 bytes of tail padding) |
/// | 6.9 | 24 | `cookie` (the padding became an unnamed `__u32 :32`) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 16)]
#[abi(version = "6.9", size = 24)]
pub struct bpf_link_info_perf_event_tracepoint {
    /// In/out: user pointer to a buffer for the tracepoint's name. Added in
    /// Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub tp_name: u64,
    /// In/out: room in `tp_name`, length of the name with its NUL. Added in
    /// Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub name_len: u32,
    /// Padding, since Linux 6.6.
    #[abi(since = "6.6", offset = 12)]
    pub _pad: u32,
    /// The BPF cookie given at attach time. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 16)]
    pub cookie: u64,
}

/// `bpf_link_info.perf_event.event` (`BPF_PERF_EVENT_EVENT`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 16 | `config`, `type` (4 bytes of tail padding) |
/// | 6.9 | 24 | `cookie` (the padding became an unnamed `__u32 :32`) |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 16)]
#[abi(version = "6.9", size = 24)]
pub struct bpf_link_info_perf_event_event {
    /// The perf event's `config`. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub config: u64,
    /// The perf event's `type` (`PERF_TYPE_*`). Added in Linux 6.6.
    #[abi(since = "6.6", offset = 8)]
    pub r#type: u32,
    /// Padding, since Linux 6.6.
    #[abi(since = "6.6", offset = 12)]
    pub _pad: u32,
    /// The BPF cookie given at attach time. Added in Linux 6.9.
    #[abi(since = "6.9", offset = 16)]
    pub cookie: u64,
}

/// `bpf_link_info.tcx` (`BPF_LINK_TYPE_TCX`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.6 | 8 | `ifindex`, `attach_type` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.6", size = 8)]
pub struct bpf_link_info_tcx {
    /// The network device. Added in Linux 6.6.
    #[abi(since = "6.6", offset = 0)]
    pub ifindex: u32,
    /// `enum bpf_attach_type` (`BPF_TCX_INGRESS`/`BPF_TCX_EGRESS`). Added in
    /// Linux 6.6.
    #[abi(since = "6.6", offset = 4)]
    pub attach_type: u32,
}

/// `bpf_link_info.netkit` (`BPF_LINK_TYPE_NETKIT`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.7 | 8 | `ifindex`, `attach_type` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.7", size = 8)]
pub struct bpf_link_info_netkit {
    /// The netkit device. Added in Linux 6.7.
    #[abi(since = "6.7", offset = 0)]
    pub ifindex: u32,
    /// `enum bpf_attach_type` (`BPF_NETKIT_PRIMARY`/`BPF_NETKIT_PEER`).
    /// Added in Linux 6.7.
    #[abi(since = "6.7", offset = 4)]
    pub attach_type: u32,
}

/// `bpf_link_info.sockmap` (`BPF_LINK_TYPE_SOCKMAP`).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.10 | 8 | `map_id`, `attach_type` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "6.10", size = 8)]
pub struct bpf_link_info_sockmap {
    /// The sockmap's id. Added in Linux 6.10.
    #[abi(since = "6.10", offset = 0)]
    pub map_id: u32,
    /// `enum bpf_attach_type`. Added in Linux 6.10.
    #[abi(since = "6.10", offset = 4)]
    pub attach_type: u32,
}
