//! The info structs against layout facts measured on this machine.
//!
//! `LINUX_6_1_*`: every named member of the four info structs in
//! `/usr/include/linux/bpf.h` (the Linux 6.1.187 UAPI header), anonymous
//! unions flattened into C member paths. Measured by a throwaway script
//! that parsed the header's struct bodies for member names and compiled a
//! C program printing `sizeof`, `offsetof` and member `sizeof` for each
//! (the bitfield's bit by setting it in a zeroed struct and scanning).
//!
//! `LINUX_6_18_*`: the same, from the running kernel's BTF
//! (`/sys/kernel/btf/vmlinux`, `uname -r` 6.18.44), read by a throwaway BTF
//! parser (struct/union members with their bit offsets, typedefs resolved).

use alloc::string::String;
use alloc::vec::Vec;
use core::mem::{align_of, size_of};

use super::*;
use crate::UapiStruct;
use extensible_abi::{bytes_of, bytes_of_mut, version_size, ExtensibleAbi};

const LINUX_6_1_SIZES: &[(&str, usize)] =
    &[("bpf_map_info", 88), ("bpf_prog_info", 232), ("bpf_btf_info", 32), ("bpf_link_info", 48)];
const LINUX_6_18_SIZES: &[(&str, usize)] =
    &[("bpf_link_info", 64), ("bpf_prog_info", 232), ("bpf_map_info", 104), ("bpf_btf_info", 32)];

const LINUX_6_1_BITFIELDS: &[(&str, &str, u32, u32)] =
    &[("bpf_prog_info", "gpl_compatible", 672, 1)];
const LINUX_6_1_MEMBERS: &[(&str, &str, usize, usize)] = &[
    ("bpf_map_info", "type", 0, 4),
    ("bpf_map_info", "id", 4, 4),
    ("bpf_map_info", "key_size", 8, 4),
    ("bpf_map_info", "value_size", 12, 4),
    ("bpf_map_info", "max_entries", 16, 4),
    ("bpf_map_info", "map_flags", 20, 4),
    ("bpf_map_info", "name", 24, 16),
    ("bpf_map_info", "ifindex", 40, 4),
    ("bpf_map_info", "btf_vmlinux_value_type_id", 44, 4),
    ("bpf_map_info", "netns_dev", 48, 8),
    ("bpf_map_info", "netns_ino", 56, 8),
    ("bpf_map_info", "btf_id", 64, 4),
    ("bpf_map_info", "btf_key_type_id", 68, 4),
    ("bpf_map_info", "btf_value_type_id", 72, 4),
    ("bpf_map_info", "map_extra", 80, 8),
    ("bpf_prog_info", "type", 0, 4),
    ("bpf_prog_info", "id", 4, 4),
    ("bpf_prog_info", "tag", 8, 8),
    ("bpf_prog_info", "jited_prog_len", 16, 4),
    ("bpf_prog_info", "xlated_prog_len", 20, 4),
    ("bpf_prog_info", "jited_prog_insns", 24, 8),
    ("bpf_prog_info", "xlated_prog_insns", 32, 8),
    ("bpf_prog_info", "load_time", 40, 8),
    ("bpf_prog_info", "created_by_uid", 48, 4),
    ("bpf_prog_info", "nr_map_ids", 52, 4),
    ("bpf_prog_info", "map_ids", 56, 8),
    ("bpf_prog_info", "name", 64, 16),
    ("bpf_prog_info", "ifindex", 80, 4),
    ("bpf_prog_info", "netns_dev", 88, 8),
    ("bpf_prog_info", "netns_ino", 96, 8),
    ("bpf_prog_info", "nr_jited_ksyms", 104, 4),
    ("bpf_prog_info", "nr_jited_func_lens", 108, 4),
    ("bpf_prog_info", "jited_ksyms", 112, 8),
    ("bpf_prog_info", "jited_func_lens", 120, 8),
    ("bpf_prog_info", "btf_id", 128, 4),
    ("bpf_prog_info", "func_info_rec_size", 132, 4),
    ("bpf_prog_info", "func_info", 136, 8),
    ("bpf_prog_info", "nr_func_info", 144, 4),
    ("bpf_prog_info", "nr_line_info", 148, 4),
    ("bpf_prog_info", "line_info", 152, 8),
    ("bpf_prog_info", "jited_line_info", 160, 8),
    ("bpf_prog_info", "nr_jited_line_info", 168, 4),
    ("bpf_prog_info", "line_info_rec_size", 172, 4),
    ("bpf_prog_info", "jited_line_info_rec_size", 176, 4),
    ("bpf_prog_info", "nr_prog_tags", 180, 4),
    ("bpf_prog_info", "prog_tags", 184, 8),
    ("bpf_prog_info", "run_time_ns", 192, 8),
    ("bpf_prog_info", "run_cnt", 200, 8),
    ("bpf_prog_info", "recursion_misses", 208, 8),
    ("bpf_prog_info", "verified_insns", 216, 4),
    ("bpf_prog_info", "attach_btf_obj_id", 220, 4),
    ("bpf_prog_info", "attach_btf_id", 224, 4),
    ("bpf_btf_info", "btf", 0, 8),
    ("bpf_btf_info", "btf_size", 8, 4),
    ("bpf_btf_info", "id", 12, 4),
    ("bpf_btf_info", "name", 16, 8),
    ("bpf_btf_info", "name_len", 24, 4),
    ("bpf_btf_info", "kernel_btf", 28, 4),
    ("bpf_link_info", "type", 0, 4),
    ("bpf_link_info", "id", 4, 4),
    ("bpf_link_info", "prog_id", 8, 4),
    ("bpf_link_info", "raw_tracepoint", 16, 16),
    ("bpf_link_info", "raw_tracepoint.tp_name", 16, 8),
    ("bpf_link_info", "raw_tracepoint.tp_name_len", 24, 4),
    ("bpf_link_info", "tracing", 16, 12),
    ("bpf_link_info", "tracing.attach_type", 16, 4),
    ("bpf_link_info", "tracing.target_obj_id", 20, 4),
    ("bpf_link_info", "tracing.target_btf_id", 24, 4),
    ("bpf_link_info", "cgroup", 16, 16),
    ("bpf_link_info", "cgroup.cgroup_id", 16, 8),
    ("bpf_link_info", "cgroup.attach_type", 24, 4),
    ("bpf_link_info", "iter", 16, 32),
    ("bpf_link_info", "iter.target_name", 16, 8),
    ("bpf_link_info", "iter.target_name_len", 24, 4),
    ("bpf_link_info", "iter.map", 28, 4),
    ("bpf_link_info", "iter.map.map_id", 28, 4),
    ("bpf_link_info", "iter.cgroup", 32, 16),
    ("bpf_link_info", "iter.cgroup.cgroup_id", 32, 8),
    ("bpf_link_info", "iter.cgroup.order", 40, 4),
    ("bpf_link_info", "iter.task", 32, 8),
    ("bpf_link_info", "iter.task.tid", 32, 4),
    ("bpf_link_info", "iter.task.pid", 36, 4),
    ("bpf_link_info", "netns", 16, 8),
    ("bpf_link_info", "netns.netns_ino", 16, 4),
    ("bpf_link_info", "netns.attach_type", 20, 4),
    ("bpf_link_info", "xdp", 16, 4),
    ("bpf_link_info", "xdp.ifindex", 16, 4),
];

const LINUX_6_18_BITFIELDS: &[(&str, &str, u32, u32)] =
    &[("bpf_prog_info", "gpl_compatible", 672, 1)];
const LINUX_6_18_MEMBERS: &[(&str, &str, usize, usize)] = &[
    ("bpf_link_info", "type", 0, 4),
    ("bpf_link_info", "id", 4, 4),
    ("bpf_link_info", "prog_id", 8, 4),
    ("bpf_link_info", "raw_tracepoint", 16, 24),
    ("bpf_link_info", "raw_tracepoint.tp_name", 16, 8),
    ("bpf_link_info", "raw_tracepoint.tp_name_len", 24, 4),
    ("bpf_link_info", "raw_tracepoint.cookie", 32, 8),
    ("bpf_link_info", "tracing", 16, 24),
    ("bpf_link_info", "tracing.attach_type", 16, 4),
    ("bpf_link_info", "tracing.target_obj_id", 20, 4),
    ("bpf_link_info", "tracing.target_btf_id", 24, 4),
    ("bpf_link_info", "tracing.cookie", 32, 8),
    ("bpf_link_info", "cgroup", 16, 16),
    ("bpf_link_info", "cgroup.cgroup_id", 16, 8),
    ("bpf_link_info", "cgroup.attach_type", 24, 4),
    ("bpf_link_info", "iter", 16, 32),
    ("bpf_link_info", "iter.target_name", 16, 8),
    ("bpf_link_info", "iter.target_name_len", 24, 4),
    ("bpf_link_info", "iter.map", 28, 4),
    ("bpf_link_info", "iter.map.map_id", 28, 4),
    ("bpf_link_info", "iter.cgroup", 32, 16),
    ("bpf_link_info", "iter.cgroup.cgroup_id", 32, 8),
    ("bpf_link_info", "iter.cgroup.order", 40, 4),
    ("bpf_link_info", "iter.task", 32, 8),
    ("bpf_link_info", "iter.task.tid", 32, 4),
    ("bpf_link_info", "iter.task.pid", 36, 4),
    ("bpf_link_info", "netns", 16, 8),
    ("bpf_link_info", "netns.netns_ino", 16, 4),
    ("bpf_link_info", "netns.attach_type", 20, 4),
    ("bpf_link_info", "xdp", 16, 4),
    ("bpf_link_info", "xdp.ifindex", 16, 4),
    ("bpf_link_info", "struct_ops", 16, 4),
    ("bpf_link_info", "struct_ops.map_id", 16, 4),
    ("bpf_link_info", "netfilter", 16, 16),
    ("bpf_link_info", "netfilter.pf", 16, 4),
    ("bpf_link_info", "netfilter.hooknum", 20, 4),
    ("bpf_link_info", "netfilter.priority", 24, 4),
    ("bpf_link_info", "netfilter.flags", 28, 4),
    ("bpf_link_info", "kprobe_multi", 16, 32),
    ("bpf_link_info", "kprobe_multi.addrs", 16, 8),
    ("bpf_link_info", "kprobe_multi.count", 24, 4),
    ("bpf_link_info", "kprobe_multi.flags", 28, 4),
    ("bpf_link_info", "kprobe_multi.missed", 32, 8),
    ("bpf_link_info", "kprobe_multi.cookies", 40, 8),
    ("bpf_link_info", "uprobe_multi", 16, 48),
    ("bpf_link_info", "uprobe_multi.path", 16, 8),
    ("bpf_link_info", "uprobe_multi.offsets", 24, 8),
    ("bpf_link_info", "uprobe_multi.ref_ctr_offsets", 32, 8),
    ("bpf_link_info", "uprobe_multi.cookies", 40, 8),
    ("bpf_link_info", "uprobe_multi.path_size", 48, 4),
    ("bpf_link_info", "uprobe_multi.count", 52, 4),
    ("bpf_link_info", "uprobe_multi.flags", 56, 4),
    ("bpf_link_info", "uprobe_multi.pid", 60, 4),
    ("bpf_link_info", "perf_event", 16, 48),
    ("bpf_link_info", "perf_event.type", 16, 4),
    ("bpf_link_info", "perf_event.uprobe", 24, 32),
    ("bpf_link_info", "perf_event.uprobe.file_name", 24, 8),
    ("bpf_link_info", "perf_event.uprobe.name_len", 32, 4),
    ("bpf_link_info", "perf_event.uprobe.offset", 36, 4),
    ("bpf_link_info", "perf_event.uprobe.cookie", 40, 8),
    ("bpf_link_info", "perf_event.uprobe.ref_ctr_offset", 48, 8),
    ("bpf_link_info", "perf_event.kprobe", 24, 40),
    ("bpf_link_info", "perf_event.kprobe.func_name", 24, 8),
    ("bpf_link_info", "perf_event.kprobe.name_len", 32, 4),
    ("bpf_link_info", "perf_event.kprobe.offset", 36, 4),
    ("bpf_link_info", "perf_event.kprobe.addr", 40, 8),
    ("bpf_link_info", "perf_event.kprobe.missed", 48, 8),
    ("bpf_link_info", "perf_event.kprobe.cookie", 56, 8),
    ("bpf_link_info", "perf_event.tracepoint", 24, 24),
    ("bpf_link_info", "perf_event.tracepoint.tp_name", 24, 8),
    ("bpf_link_info", "perf_event.tracepoint.name_len", 32, 4),
    ("bpf_link_info", "perf_event.tracepoint.cookie", 40, 8),
    ("bpf_link_info", "perf_event.event", 24, 24),
    ("bpf_link_info", "perf_event.event.config", 24, 8),
    ("bpf_link_info", "perf_event.event.type", 32, 4),
    ("bpf_link_info", "perf_event.event.cookie", 40, 8),
    ("bpf_link_info", "tcx", 16, 8),
    ("bpf_link_info", "tcx.ifindex", 16, 4),
    ("bpf_link_info", "tcx.attach_type", 20, 4),
    ("bpf_link_info", "netkit", 16, 8),
    ("bpf_link_info", "netkit.ifindex", 16, 4),
    ("bpf_link_info", "netkit.attach_type", 20, 4),
    ("bpf_link_info", "sockmap", 16, 8),
    ("bpf_link_info", "sockmap.map_id", 16, 4),
    ("bpf_link_info", "sockmap.attach_type", 20, 4),
    ("bpf_prog_info", "type", 0, 4),
    ("bpf_prog_info", "id", 4, 4),
    ("bpf_prog_info", "tag", 8, 8),
    ("bpf_prog_info", "jited_prog_len", 16, 4),
    ("bpf_prog_info", "xlated_prog_len", 20, 4),
    ("bpf_prog_info", "jited_prog_insns", 24, 8),
    ("bpf_prog_info", "xlated_prog_insns", 32, 8),
    ("bpf_prog_info", "load_time", 40, 8),
    ("bpf_prog_info", "created_by_uid", 48, 4),
    ("bpf_prog_info", "nr_map_ids", 52, 4),
    ("bpf_prog_info", "map_ids", 56, 8),
    ("bpf_prog_info", "name", 64, 16),
    ("bpf_prog_info", "ifindex", 80, 4),
    ("bpf_prog_info", "netns_dev", 88, 8),
    ("bpf_prog_info", "netns_ino", 96, 8),
    ("bpf_prog_info", "nr_jited_ksyms", 104, 4),
    ("bpf_prog_info", "nr_jited_func_lens", 108, 4),
    ("bpf_prog_info", "jited_ksyms", 112, 8),
    ("bpf_prog_info", "jited_func_lens", 120, 8),
    ("bpf_prog_info", "btf_id", 128, 4),
    ("bpf_prog_info", "func_info_rec_size", 132, 4),
    ("bpf_prog_info", "func_info", 136, 8),
    ("bpf_prog_info", "nr_func_info", 144, 4),
    ("bpf_prog_info", "nr_line_info", 148, 4),
    ("bpf_prog_info", "line_info", 152, 8),
    ("bpf_prog_info", "jited_line_info", 160, 8),
    ("bpf_prog_info", "nr_jited_line_info", 168, 4),
    ("bpf_prog_info", "line_info_rec_size", 172, 4),
    ("bpf_prog_info", "jited_line_info_rec_size", 176, 4),
    ("bpf_prog_info", "nr_prog_tags", 180, 4),
    ("bpf_prog_info", "prog_tags", 184, 8),
    ("bpf_prog_info", "run_time_ns", 192, 8),
    ("bpf_prog_info", "run_cnt", 200, 8),
    ("bpf_prog_info", "recursion_misses", 208, 8),
    ("bpf_prog_info", "verified_insns", 216, 4),
    ("bpf_prog_info", "attach_btf_obj_id", 220, 4),
    ("bpf_prog_info", "attach_btf_id", 224, 4),
    ("bpf_map_info", "type", 0, 4),
    ("bpf_map_info", "id", 4, 4),
    ("bpf_map_info", "key_size", 8, 4),
    ("bpf_map_info", "value_size", 12, 4),
    ("bpf_map_info", "max_entries", 16, 4),
    ("bpf_map_info", "map_flags", 20, 4),
    ("bpf_map_info", "name", 24, 16),
    ("bpf_map_info", "ifindex", 40, 4),
    ("bpf_map_info", "btf_vmlinux_value_type_id", 44, 4),
    ("bpf_map_info", "netns_dev", 48, 8),
    ("bpf_map_info", "netns_ino", 56, 8),
    ("bpf_map_info", "btf_id", 64, 4),
    ("bpf_map_info", "btf_key_type_id", 68, 4),
    ("bpf_map_info", "btf_value_type_id", 72, 4),
    ("bpf_map_info", "btf_vmlinux_id", 76, 4),
    ("bpf_map_info", "map_extra", 80, 8),
    ("bpf_map_info", "hash", 88, 8),
    ("bpf_map_info", "hash_size", 96, 4),
    ("bpf_btf_info", "btf", 0, 8),
    ("bpf_btf_info", "btf_size", 8, 4),
    ("bpf_btf_info", "id", 12, 4),
    ("bpf_btf_info", "name", 16, 8),
    ("bpf_btf_info", "name_len", 24, 4),
    ("bpf_btf_info", "kernel_btf", 28, 4),
];

const fn v(major: u32, minor: u32) -> u32 {
    release(major, minor)
}

fn top(u: &UapiStruct) -> &'static str {
    u.c_type.strip_prefix("struct ").expect("info structs are C structs")
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.into()
    } else {
        alloc::format!("{prefix}.{name}")
    }
}

/// The struct of [`ALL`] whose C member path is `path` in `c_type`.
fn by_path(c_type: &str, path: &str) -> Option<&'static UapiStruct> {
    ALL.iter().find(|u| u.c_type == c_type && u.c_member == path)
}

/// Where the C member `u` starts in its top-level struct, and the release
/// that added it (following its parents' fields and aliases).
fn member_base(u: &UapiStruct) -> (usize, u32) {
    if u.c_member.is_empty() {
        return (0, 0);
    }
    let (parent_path, name) = u.c_member.rsplit_once('.').unwrap_or(("", u.c_member));
    let parent = by_path(u.c_type, parent_path)
        .unwrap_or_else(|| panic!("{}: no parent struct `{parent_path}` in ALL", u.c_member));
    let (parent_base, parent_since) = member_base(parent);
    let (offset, since) = match parent.layout.field(name) {
        Some(f) => (f.offset, f.since),
        None => {
            let a = parent.aliases.iter().find(|a| a.name == name).unwrap_or_else(|| {
                panic!("{}: `{name}` is neither a field nor an alias of its parent", u.c_member)
            });
            (a.offset, a.since)
        }
    };
    (parent_base + offset, since.max(parent_since))
}

/// The size C gives the member at `path` (a struct of [`ALL`]) as of
/// release `max`, or `fallback` when it is a plain field.
fn size_at(c_type: &str, path: &str, max: u32, fallback: usize) -> usize {
    by_path(c_type, path).map_or(fallback, |u| version_size(u.layout.fields, max))
}

type Members = Vec<(&'static str, String, usize, usize)>;
type Bits = Vec<(&'static str, String, u32, u32)>;

/// Every C member the metadata describes as of release `max`: struct, C
/// member path, offset in the top-level struct, size; and the bitfields.
fn c_members(max: u32) -> (Members, Bits) {
    let (mut members, mut bits) = (Vec::new(), Vec::new());
    for u in ALL {
        let (base, since) = member_base(u);
        if since > max {
            continue;
        }
        let t = top(u);
        for f in u.layout.fields.iter().filter(|f| f.since <= max && !f.name.starts_with('_')) {
            let path = join(u.c_member, f.name);
            let size = size_at(u.c_type, &path, max, f.size);
            members.push((t, path, base + f.offset, size));
        }
        for a in u.aliases.iter().filter(|a| a.since <= max) {
            let path = join(u.c_member, a.name);
            let size = size_at(u.c_type, &path, max, a.size);
            members.push((t, path, base + a.offset, size));
        }
        for b in u.bitfields.iter().filter(|b| b.since <= max) {
            bits.push((t, join(u.c_member, b.name), base as u32 * 8 + b.bit_offset, b.bits));
        }
    }
    members.sort();
    bits.sort();
    (members, bits)
}

fn facts(
    members: &[(&'static str, &str, usize, usize)],
    bits: &[(&'static str, &str, u32, u32)],
) -> (Members, Bits) {
    let mut m: Members = members.iter().map(|&(s, p, o, n)| (s, p.into(), o, n)).collect();
    let mut b: Bits = bits.iter().map(|&(s, p, o, n)| (s, p.into(), o, n)).collect();
    m.sort();
    b.sort();
    (m, b)
}

fn assert_same(what: &str, got: &Members, want: &Members) {
    if let Some(g) = got.iter().find(|g| !want.contains(g)) {
        panic!("{what}: the metadata has {g:?}, C does not");
    }
    if let Some(w) = want.iter().find(|w| !got.contains(w)) {
        panic!("{what}: C has {w:?}, the metadata does not");
    }
    assert_eq!(got.len(), want.len(), "{what}: a member is described twice");
}

#[test]
fn newest_sizes_are_the_running_kernels() {
    for u in ALL {
        let want = if u.c_member.is_empty() {
            LINUX_6_18_SIZES.iter().find(|s| s.0 == top(u)).map(|s| s.1)
        } else {
            LINUX_6_18_MEMBERS.iter().find(|m| m.0 == top(u) && m.1 == u.c_member).map(|m| m.3)
        };
        let want =
            want.unwrap_or_else(|| panic!("{} {}: not in the 6.18 BTF", u.c_type, u.c_member));
        assert_eq!(u.layout.size, want, "{} {}", u.c_type, u.c_member);
        assert_eq!(u.layout.newest().size, want, "{} {}", u.c_type, u.c_member);
    }
    // The top-level structs are `__attribute__((aligned(8)))`.
    assert_eq!(align_of::<bpf_map_info>(), 8);
    assert_eq!(align_of::<bpf_prog_info>(), 8);
    assert_eq!(align_of::<bpf_btf_info>(), 8);
    assert_eq!(align_of::<bpf_link_info>(), 8);
}

#[test]
fn every_member_of_the_running_kernel_is_described() {
    let (members, bits) = c_members(v(6, 18));
    let (want_members, want_bits) = facts(LINUX_6_18_MEMBERS, LINUX_6_18_BITFIELDS);
    assert_same("6.18", &members, &want_members);
    assert_eq!(bits, want_bits);
}

#[test]
fn linux_6_1_is_the_header_on_this_machine() {
    for &(name, size) in LINUX_6_1_SIZES {
        let u = by_path(&alloc::format!("struct {name}"), "").unwrap();
        assert_eq!(version_size(u.layout.fields, v(6, 1)), size, "{name} in 6.1");
        assert_eq!(u.layout.version_for_len(size).unwrap().size, size, "{name} in 6.1");
    }
    // The fields with since <= 6.1 (and aliases, bitfields, union members)
    // are exactly the header's members, at the same offsets and sizes.
    let (members, bits) = c_members(v(6, 1));
    let (want_members, want_bits) = facts(LINUX_6_1_MEMBERS, LINUX_6_1_BITFIELDS);
    assert_same("6.1", &members, &want_members);
    assert_eq!(bits, want_bits);
}

#[test]
fn storage_of_aliases_and_bitfields() {
    for u in ALL {
        let l = u.layout;
        for a in u.aliases {
            let s = l
                .field(a.storage)
                .unwrap_or_else(|| panic!("{}: no storage {}", a.name, a.storage));
            assert_eq!(a.offset, s.offset, "{} starts at its storage", a.name);
            assert!(a.offset + a.size <= l.size, "{} ends inside {}", a.name, l.name);
            assert!(l.field(a.name).is_none(), "{} is also a field", a.name);
            // Every field it spans is storage: `_`-prefixed, or the one
            // union member a field is named for.
            for f in l.fields.iter().filter(|f| f.offset < a.offset + a.size && f.end() > a.offset)
            {
                assert!(
                    f.name.starts_with('_') || f.name == a.storage,
                    "{} spans {}",
                    a.name,
                    f.name
                );
            }
        }
        for b in u.bitfields {
            let s = l.field(b.storage).unwrap();
            assert!(s.name.starts_with('_'));
            let start = s.offset as u32 * 8;
            assert!(b.bit_offset >= start && b.bit_offset + b.bits <= start + s.size as u32 * 8);
            assert!(s.since <= b.since);
        }
    }
}

#[test]
fn version_tables() {
    fn sizes(l: &extensible_abi::Layout) -> Vec<(&'static str, usize)> {
        l.versions.iter().map(|v| (v.label, v.size)).collect()
    }
    assert_eq!(
        sizes(bpf_prog_info::LAYOUT),
        [
            ("4.13", 40),
            ("4.15", 80),
            ("4.16", 104),
            ("4.18", 128),
            ("5.0", 192),
            ("5.1", 208),
            ("5.12", 216),
            ("5.16", 224),
            ("6.0", 232)
        ]
    );
    assert_eq!(
        sizes(bpf_map_info::LAYOUT),
        [
            ("4.13", 24),
            ("4.15", 40),
            ("4.16", 64),
            ("4.18", 80),
            ("5.6", 80),
            ("5.16", 88),
            ("6.9", 88),
            ("6.18", 104)
        ]
    );
    assert_eq!(sizes(bpf_btf_info::LAYOUT), [("4.18", 16), ("5.11", 32)]);
    assert_eq!(sizes(bpf_link_info::LAYOUT), [("5.8", 32), ("6.1", 48), ("6.7", 56), ("6.8", 64)]);
    assert_eq!(sizes(bpf_link_info_perf_event::LAYOUT), [("6.6", 32), ("6.7", 40), ("6.9", 48)]);
    assert_eq!(sizes(bpf_link_info_tracing::LAYOUT), [("5.8", 4), ("5.13", 12), ("6.17", 24)]);
    // What a caller learns from the length a kernel wrote back.
    assert_eq!(bpf_link_info::version_for_len(32).unwrap().label, "5.8");
    assert_eq!(bpf_link_info::version_for_len(56).unwrap().label, "6.7");
    // 88 bytes are 5.16's and 6.9's: the newest version that fits is 6.9.
    assert_eq!(bpf_map_info::version_for_len(88).unwrap().label, "6.9");
    assert_eq!(bpf_map_info::version_for_len(87).unwrap().label, "5.6");
    assert!(bpf_map_info::is_present("map_extra", 88));
    assert!(!bpf_map_info::is_present("hash", 88));
}

/// The version tables before the members C named in former padding were
/// fields of their own (when they were `_` storage fields dated with their
/// bytes' release, and aliases): the tables now are these, plus the
/// naming releases, each a version of the size of the one before.
#[test]
fn naming_releases_add_versions_of_the_same_size() {
    let before: &[(&str, &[(&str, usize)])] = &[
        (
            "bpf_prog_info",
            &[
                ("4.13", 40),
                ("4.15", 80),
                ("4.16", 104),
                ("4.18", 128),
                ("5.0", 192),
                ("5.1", 208),
                ("5.12", 216),
                ("5.16", 224),
                ("6.0", 232),
            ],
        ),
        (
            "bpf_map_info",
            &[("4.13", 24), ("4.15", 40), ("4.16", 64), ("4.18", 80), ("5.16", 88), ("6.18", 104)],
        ),
    ];
    for &(name, old) in before {
        let l = ALL.iter().find(|u| u.layout.name == name).unwrap().layout;
        let born: Vec<u32> =
            l.fields.iter().filter(|f| f.bytes_since != f.since).map(|f| f.since).collect();
        let mut kept = Vec::new();
        for (i, v) in l.versions.iter().enumerate() {
            if old.iter().any(|o| o.0 == v.label) {
                kept.push((v.label, v.size));
            } else {
                // A new version: a release that named a field in former
                // padding, and added no bytes.
                assert!(born.contains(&v.number), "{name} {}: a new version", v.label);
                assert!(i > 0 && l.versions[i - 1].size == v.size, "{name} {}: grew", v.label);
            }
        }
        assert_eq!(kept, old, "{name}: the old versions and their sizes");
    }
}

/// The members C named in bytes that were padding: fields whose `since` is
/// the release that named them, as the 6.1 header and the 6.18 BTF have
/// them (`c_members` above), and whose bytes count from the release they
/// came in, when they were padding: no other field has them, and the
/// struct reached past them then. Every other member's bytes came with it.
#[test]
fn fields_born_in_former_padding() {
    let born: Vec<_> = ALL
        .iter()
        .flat_map(|u| crate::born_in_padding(u.layout).map(|f| (u.layout.name, f)))
        .map(|(s, f)| (s, f.name, f.since, f.bytes_since))
        .collect();
    assert_eq!(
        born,
        [
            ("bpf_prog_info", "attach_btf_obj_id", v(6, 0), v(5, 16)),
            ("bpf_map_info", "btf_vmlinux_value_type_id", v(5, 6), v(4, 16)),
            ("bpf_map_info", "btf_vmlinux_id", v(6, 9), v(4, 18)),
        ]
    );
    // And no other member's bytes were padding before it.
    for u in ALL {
        crate::check_bytes_dates(u.layout);
    }
    // Neither is an alias any more.
    assert!(ALL.iter().all(|u| u.aliases.iter().all(|a| !a.name.starts_with("btf_vmlinux"))));
}

#[test]
fn gpl_compatible_round_trip() {
    let b = prog::BITFIELDS[0];
    let (byte, bit) = ((b.bit_offset / 8) as usize, b.bit_offset % 8);
    // The bit C's layout puts `gpl_compatible` in, in memory order.
    let mask = if cfg!(target_endian = "little") { 1u8 << bit } else { 0x80 >> bit };

    let mut info = bpf_prog_info::zeroed();
    assert!(!info.gpl_compatible());
    info.set_gpl_compatible(true);
    assert!(info.gpl_compatible());
    assert_eq!(bytes_of(&info)[byte], mask);
    assert_eq!(bytes_of(&info).iter().filter(|&&x| x != 0).count(), 1);
    info.set_gpl_compatible(false);
    assert_eq!(info, bpf_prog_info::zeroed());

    // The other 31 bits (C's unnamed `:31`) are left alone.
    info._gpl_compatible = !0;
    info.set_gpl_compatible(false);
    assert!(!info.gpl_compatible());
    assert_eq!(info._gpl_compatible.count_ones(), 31);
    assert_eq!(bytes_of(&info)[byte] & mask, 0);
    info.set_gpl_compatible(true);
    assert_eq!(info._gpl_compatible, !0);

    // Read from C's bytes.
    let mut raw = [0u8; size_of::<bpf_prog_info>()];
    raw[byte] = mask;
    assert!(bpf_prog_info::from_partial(&raw).unwrap().gpl_compatible());
}

#[test]
fn map_info_fields_born_in_padding_are_at_c_offsets() {
    let mut info = bpf_map_info::zeroed();
    info.btf_vmlinux_value_type_id = 0x1122_3344;
    info.btf_vmlinux_id = 0x5566_7788;
    let bytes = bytes_of(&info);
    assert_eq!(bytes[44..48], 0x1122_3344u32.to_ne_bytes());
    assert_eq!(bytes[76..80], 0x5566_7788u32.to_ne_bytes());
    // A 4.16 kernel wrote 64 bytes, padding included: the bytes of
    // `btf_vmlinux_value_type_id` are there (zero), those of
    // `btf_vmlinux_id` not yet.
    let view = extensible_abi::Partial::<bpf_map_info>::from_bytes(&bytes[..64], 64).unwrap();
    assert_eq!(view.get(bpf_map_info::FIELDS.btf_vmlinux_value_type_id), Some(0x1122_3344));
    assert_eq!(view.get(bpf_map_info::FIELDS.btf_vmlinux_id), None);
}

/// A value of `T` whose bytes are 1, 2, 3, …: every field non-zero and
/// distinct.
fn pattern<T: ExtensibleAbi>(seed: u8) -> T {
    let mut value = T::zeroed();
    for (i, b) in bytes_of_mut(&mut value).iter_mut().enumerate() {
        *b = seed.wrapping_add(i as u8) | 1;
    }
    value
}

/// Sets a union member through `set`, reads it back through `get`, and
/// checks where its bytes went: at `offset` of the owner, the rest of the
/// owner's union zero.
fn check_member<O, M>(get: fn(&O) -> M, set: fn(&mut O, M), offset: usize, union_end: usize)
where
    O: ExtensibleAbi + PartialEq + core::fmt::Debug,
    M: ExtensibleAbi + PartialEq + core::fmt::Debug,
{
    let value = pattern::<M>(7);
    // Start from an owner whose union is full of another member's bytes.
    let mut owner = pattern::<O>(100);
    set(&mut owner, value);
    assert_eq!(get(&owner), value);
    let bytes = bytes_of(&owner);
    let end = offset + size_of::<M>();
    assert_eq!(&bytes[offset..end], bytes_of(&value));
    assert!(bytes[end..union_end].iter().all(|&b| b == 0), "stale union bytes");
    // Bytes before the union are untouched.
    assert_eq!(&bytes[..offset], &bytes_of(&pattern::<O>(100))[..offset]);
    // A reader built from C's bytes sees the same member.
    assert_eq!(get(&O::from_partial(bytes).unwrap()), value);
}

#[test]
fn link_info_members_round_trip() {
    type L = bpf_link_info;
    let (o, e) = (L::UNION_OFFSET, size_of::<L>());
    check_member(L::raw_tracepoint, L::set_raw_tracepoint, o, e);
    check_member(L::tracing, L::set_tracing, o, e);
    check_member(L::cgroup, L::set_cgroup, o, e);
    check_member(L::iter, L::set_iter, o, e);
    check_member(L::netns, L::set_netns, o, e);
    check_member(L::xdp, L::set_xdp, o, e);
    check_member(L::struct_ops, L::set_struct_ops, o, e);
    check_member(L::netfilter, L::set_netfilter, o, e);
    check_member(L::kprobe_multi, L::set_kprobe_multi, o, e);
    check_member(L::uprobe_multi, L::set_uprobe_multi, o, e);
    check_member(L::perf_event, L::set_perf_event, o, e);
    check_member(L::tcx, L::set_tcx, o, e);
    check_member(L::netkit, L::set_netkit, o, e);
    check_member(L::sockmap, L::set_sockmap, o, e);

    type P = bpf_link_info_perf_event;
    let (o, e) = (P::UNION_OFFSET, size_of::<P>());
    check_member(P::uprobe, P::set_uprobe, o, e);
    check_member(P::kprobe, P::set_kprobe, o, e);
    check_member(P::tracepoint, P::set_tracepoint, o, e);
    check_member(P::event, P::set_event, o, e);

    type I = bpf_link_info_iter;
    check_member(I::task, I::set_task, 16, size_of::<I>());
}

#[test]
fn link_info_accessors_match_c_offsets() {
    // A kprobe perf event link as C lays it out: perf_event.kprobe.cookie
    // is at byte 56 of struct bpf_link_info (6.18 BTF).
    let mut info = bpf_link_info::zeroed();
    let mut perf = bpf_link_info_perf_event::zeroed();
    let mut kprobe = bpf_link_info_perf_event_kprobe::zeroed();
    kprobe.cookie = 0xc0ff_ee00_dead_beef;
    kprobe.addr = 0xffff_ffff_8100_0000;
    perf.r#type = 3;
    perf.set_kprobe(kprobe);
    info.set_perf_event(perf);
    let bytes = bytes_of(&info);
    assert_eq!(bytes[56..64], 0xc0ff_ee00_dead_beefu64.to_ne_bytes());
    assert_eq!(bytes[40..48], 0xffff_ffff_8100_0000u64.to_ne_bytes());
    assert_eq!(bytes[16..20], 3u32.to_ne_bytes());
    assert_eq!(info.perf_event().kprobe(), kprobe);
    // iter.task.pid is at byte 36.
    let mut iter = bpf_link_info_iter::zeroed();
    iter.set_task(bpf_link_info_iter_task { tid: 0, pid: 4242 });
    info.set_iter(iter);
    assert_eq!(bytes_of(&info)[36..40], 4242u32.to_ne_bytes());
    assert_eq!(info.iter().task().pid, 4242);
}
