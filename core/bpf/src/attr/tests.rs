//! Tests of the attr structs against facts measured on this machine: the
//! running Linux 6.18 kernel's BTF and the Linux 6.1 UAPI header.

use core::mem::size_of;
use std::borrow::ToOwned;
use std::format;
use std::vec::Vec;

use super::*;
use crate::UapiStruct;
use extensible_abi::{bytes_of, version_size, ExtensibleAbi, Layout};

/// Every named member of every command struct of `union bpf_attr` in Linux
/// 6.18, as (Rust struct, member path, offsetof in `union bpf_attr`,
/// sizeof): read from the running 6.18 kernel's BTF
/// (`/sys/kernel/btf/vmlinux`, `uname -r` 6.18.44) with a throwaway Python
/// BTF parser that walked `union bpf_attr` member by member (anonymous
/// structs and unions flattened into their parent, as C names them). An
/// anonymous command struct is named for its first member (`map_type`:
/// `bpf_attr_map_create`, …). Union member `value`/`next_key` etc. all
/// appear.
const BTF_6_18: &[(&str, &str, usize, usize)] = &[
    ("bpf_attr_map_create", "map_type", 0, 4),
    ("bpf_attr_map_create", "key_size", 4, 4),
    ("bpf_attr_map_create", "value_size", 8, 4),
    ("bpf_attr_map_create", "max_entries", 12, 4),
    ("bpf_attr_map_create", "map_flags", 16, 4),
    ("bpf_attr_map_create", "inner_map_fd", 20, 4),
    ("bpf_attr_map_create", "numa_node", 24, 4),
    ("bpf_attr_map_create", "map_name", 28, 16),
    ("bpf_attr_map_create", "map_ifindex", 44, 4),
    ("bpf_attr_map_create", "btf_fd", 48, 4),
    ("bpf_attr_map_create", "btf_key_type_id", 52, 4),
    ("bpf_attr_map_create", "btf_value_type_id", 56, 4),
    ("bpf_attr_map_create", "btf_vmlinux_value_type_id", 60, 4),
    ("bpf_attr_map_create", "map_extra", 64, 8),
    ("bpf_attr_map_create", "value_type_btf_obj_fd", 72, 4),
    ("bpf_attr_map_create", "map_token_fd", 76, 4),
    ("bpf_attr_map_create", "excl_prog_hash", 80, 8),
    ("bpf_attr_map_create", "excl_prog_hash_size", 88, 4),
    ("bpf_attr_map_elem", "map_fd", 0, 4),
    ("bpf_attr_map_elem", "key", 8, 8),
    ("bpf_attr_map_elem", "value", 16, 8),
    ("bpf_attr_map_elem", "next_key", 16, 8),
    ("bpf_attr_map_elem", "flags", 24, 8),
    ("bpf_attr_batch", "in_batch", 0, 8),
    ("bpf_attr_batch", "out_batch", 8, 8),
    ("bpf_attr_batch", "keys", 16, 8),
    ("bpf_attr_batch", "values", 24, 8),
    ("bpf_attr_batch", "count", 32, 4),
    ("bpf_attr_batch", "map_fd", 36, 4),
    ("bpf_attr_batch", "elem_flags", 40, 8),
    ("bpf_attr_batch", "flags", 48, 8),
    ("bpf_attr_prog_load", "prog_type", 0, 4),
    ("bpf_attr_prog_load", "insn_cnt", 4, 4),
    ("bpf_attr_prog_load", "insns", 8, 8),
    ("bpf_attr_prog_load", "license", 16, 8),
    ("bpf_attr_prog_load", "log_level", 24, 4),
    ("bpf_attr_prog_load", "log_size", 28, 4),
    ("bpf_attr_prog_load", "log_buf", 32, 8),
    ("bpf_attr_prog_load", "kern_version", 40, 4),
    ("bpf_attr_prog_load", "prog_flags", 44, 4),
    ("bpf_attr_prog_load", "prog_name", 48, 16),
    ("bpf_attr_prog_load", "prog_ifindex", 64, 4),
    ("bpf_attr_prog_load", "expected_attach_type", 68, 4),
    ("bpf_attr_prog_load", "prog_btf_fd", 72, 4),
    ("bpf_attr_prog_load", "func_info_rec_size", 76, 4),
    ("bpf_attr_prog_load", "func_info", 80, 8),
    ("bpf_attr_prog_load", "func_info_cnt", 88, 4),
    ("bpf_attr_prog_load", "line_info_rec_size", 92, 4),
    ("bpf_attr_prog_load", "line_info", 96, 8),
    ("bpf_attr_prog_load", "line_info_cnt", 104, 4),
    ("bpf_attr_prog_load", "attach_btf_id", 108, 4),
    ("bpf_attr_prog_load", "attach_prog_fd", 112, 4),
    ("bpf_attr_prog_load", "attach_btf_obj_fd", 112, 4),
    ("bpf_attr_prog_load", "core_relo_cnt", 116, 4),
    ("bpf_attr_prog_load", "fd_array", 120, 8),
    ("bpf_attr_prog_load", "core_relos", 128, 8),
    ("bpf_attr_prog_load", "core_relo_rec_size", 136, 4),
    ("bpf_attr_prog_load", "log_true_size", 140, 4),
    ("bpf_attr_prog_load", "prog_token_fd", 144, 4),
    ("bpf_attr_prog_load", "fd_array_cnt", 148, 4),
    ("bpf_attr_prog_load", "signature", 152, 8),
    ("bpf_attr_prog_load", "signature_size", 160, 4),
    ("bpf_attr_prog_load", "keyring_id", 164, 4),
    ("bpf_attr_obj_pin", "pathname", 0, 8),
    ("bpf_attr_obj_pin", "bpf_fd", 8, 4),
    ("bpf_attr_obj_pin", "file_flags", 12, 4),
    ("bpf_attr_obj_pin", "path_fd", 16, 4),
    ("bpf_attr_prog_attach", "target_fd", 0, 4),
    ("bpf_attr_prog_attach", "target_ifindex", 0, 4),
    ("bpf_attr_prog_attach", "attach_bpf_fd", 4, 4),
    ("bpf_attr_prog_attach", "attach_type", 8, 4),
    ("bpf_attr_prog_attach", "attach_flags", 12, 4),
    ("bpf_attr_prog_attach", "replace_bpf_fd", 16, 4),
    ("bpf_attr_prog_attach", "relative_fd", 20, 4),
    ("bpf_attr_prog_attach", "relative_id", 20, 4),
    ("bpf_attr_prog_attach", "expected_revision", 24, 8),
    ("bpf_attr_test", "prog_fd", 0, 4),
    ("bpf_attr_test", "retval", 4, 4),
    ("bpf_attr_test", "data_size_in", 8, 4),
    ("bpf_attr_test", "data_size_out", 12, 4),
    ("bpf_attr_test", "data_in", 16, 8),
    ("bpf_attr_test", "data_out", 24, 8),
    ("bpf_attr_test", "repeat", 32, 4),
    ("bpf_attr_test", "duration", 36, 4),
    ("bpf_attr_test", "ctx_size_in", 40, 4),
    ("bpf_attr_test", "ctx_size_out", 44, 4),
    ("bpf_attr_test", "ctx_in", 48, 8),
    ("bpf_attr_test", "ctx_out", 56, 8),
    ("bpf_attr_test", "flags", 64, 4),
    ("bpf_attr_test", "cpu", 68, 4),
    ("bpf_attr_test", "batch_size", 72, 4),
    ("bpf_attr_get_id", "start_id", 0, 4),
    ("bpf_attr_get_id", "prog_id", 0, 4),
    ("bpf_attr_get_id", "map_id", 0, 4),
    ("bpf_attr_get_id", "btf_id", 0, 4),
    ("bpf_attr_get_id", "link_id", 0, 4),
    ("bpf_attr_get_id", "next_id", 4, 4),
    ("bpf_attr_get_id", "open_flags", 8, 4),
    ("bpf_attr_get_id", "fd_by_id_token_fd", 12, 4),
    ("bpf_attr_info", "bpf_fd", 0, 4),
    ("bpf_attr_info", "info_len", 4, 4),
    ("bpf_attr_info", "info", 8, 8),
    ("bpf_attr_query", "target_fd", 0, 4),
    ("bpf_attr_query", "target_ifindex", 0, 4),
    ("bpf_attr_query", "attach_type", 4, 4),
    ("bpf_attr_query", "query_flags", 8, 4),
    ("bpf_attr_query", "attach_flags", 12, 4),
    ("bpf_attr_query", "prog_ids", 16, 8),
    ("bpf_attr_query", "prog_cnt", 24, 4),
    ("bpf_attr_query", "count", 24, 4),
    ("bpf_attr_query", "prog_attach_flags", 32, 8),
    ("bpf_attr_query", "link_ids", 40, 8),
    ("bpf_attr_query", "link_attach_flags", 48, 8),
    ("bpf_attr_query", "revision", 56, 8),
    ("bpf_attr_raw_tracepoint", "name", 0, 8),
    ("bpf_attr_raw_tracepoint", "prog_fd", 8, 4),
    ("bpf_attr_raw_tracepoint", "cookie", 16, 8),
    ("bpf_attr_btf_load", "btf", 0, 8),
    ("bpf_attr_btf_load", "btf_log_buf", 8, 8),
    ("bpf_attr_btf_load", "btf_size", 16, 4),
    ("bpf_attr_btf_load", "btf_log_size", 20, 4),
    ("bpf_attr_btf_load", "btf_log_level", 24, 4),
    ("bpf_attr_btf_load", "btf_log_true_size", 28, 4),
    ("bpf_attr_btf_load", "btf_flags", 32, 4),
    ("bpf_attr_btf_load", "btf_token_fd", 36, 4),
    ("bpf_attr_task_fd_query", "pid", 0, 4),
    ("bpf_attr_task_fd_query", "fd", 4, 4),
    ("bpf_attr_task_fd_query", "flags", 8, 4),
    ("bpf_attr_task_fd_query", "buf_len", 12, 4),
    ("bpf_attr_task_fd_query", "buf", 16, 8),
    ("bpf_attr_task_fd_query", "prog_id", 24, 4),
    ("bpf_attr_task_fd_query", "fd_type", 28, 4),
    ("bpf_attr_task_fd_query", "probe_offset", 32, 8),
    ("bpf_attr_task_fd_query", "probe_addr", 40, 8),
    ("bpf_attr_link_create", "prog_fd", 0, 4),
    ("bpf_attr_link_create", "map_fd", 0, 4),
    ("bpf_attr_link_create", "target_fd", 4, 4),
    ("bpf_attr_link_create", "target_ifindex", 4, 4),
    ("bpf_attr_link_create", "attach_type", 8, 4),
    ("bpf_attr_link_create", "flags", 12, 4),
    ("bpf_attr_link_create", "target_btf_id", 16, 4),
    ("bpf_attr_link_create", "iter_info", 16, 8),
    ("bpf_attr_link_create", "iter_info_len", 24, 4),
    ("bpf_attr_link_create", "perf_event", 16, 8),
    ("bpf_attr_link_create", "perf_event.bpf_cookie", 16, 8),
    ("bpf_attr_link_create", "kprobe_multi", 16, 32),
    ("bpf_attr_link_create", "kprobe_multi.flags", 16, 4),
    ("bpf_attr_link_create", "kprobe_multi.cnt", 20, 4),
    ("bpf_attr_link_create", "kprobe_multi.syms", 24, 8),
    ("bpf_attr_link_create", "kprobe_multi.addrs", 32, 8),
    ("bpf_attr_link_create", "kprobe_multi.cookies", 40, 8),
    ("bpf_attr_link_create", "tracing", 16, 16),
    ("bpf_attr_link_create", "tracing.target_btf_id", 16, 4),
    ("bpf_attr_link_create", "tracing.cookie", 24, 8),
    ("bpf_attr_link_create", "netfilter", 16, 16),
    ("bpf_attr_link_create", "netfilter.pf", 16, 4),
    ("bpf_attr_link_create", "netfilter.hooknum", 20, 4),
    ("bpf_attr_link_create", "netfilter.priority", 24, 4),
    ("bpf_attr_link_create", "netfilter.flags", 28, 4),
    ("bpf_attr_link_create", "tcx", 16, 16),
    ("bpf_attr_link_create", "tcx.relative_fd", 16, 4),
    ("bpf_attr_link_create", "tcx.relative_id", 16, 4),
    ("bpf_attr_link_create", "tcx.expected_revision", 24, 8),
    ("bpf_attr_link_create", "uprobe_multi", 16, 48),
    ("bpf_attr_link_create", "uprobe_multi.path", 16, 8),
    ("bpf_attr_link_create", "uprobe_multi.offsets", 24, 8),
    ("bpf_attr_link_create", "uprobe_multi.ref_ctr_offsets", 32, 8),
    ("bpf_attr_link_create", "uprobe_multi.cookies", 40, 8),
    ("bpf_attr_link_create", "uprobe_multi.cnt", 48, 4),
    ("bpf_attr_link_create", "uprobe_multi.flags", 52, 4),
    ("bpf_attr_link_create", "uprobe_multi.pid", 56, 4),
    ("bpf_attr_link_create", "netkit", 16, 16),
    ("bpf_attr_link_create", "netkit.relative_fd", 16, 4),
    ("bpf_attr_link_create", "netkit.relative_id", 16, 4),
    ("bpf_attr_link_create", "netkit.expected_revision", 24, 8),
    ("bpf_attr_link_create", "cgroup", 16, 16),
    ("bpf_attr_link_create", "cgroup.relative_fd", 16, 4),
    ("bpf_attr_link_create", "cgroup.relative_id", 16, 4),
    ("bpf_attr_link_create", "cgroup.expected_revision", 24, 8),
    ("bpf_attr_link_update", "link_fd", 0, 4),
    ("bpf_attr_link_update", "new_prog_fd", 4, 4),
    ("bpf_attr_link_update", "new_map_fd", 4, 4),
    ("bpf_attr_link_update", "flags", 8, 4),
    ("bpf_attr_link_update", "old_prog_fd", 12, 4),
    ("bpf_attr_link_update", "old_map_fd", 12, 4),
    ("bpf_attr_link_detach", "link_fd", 0, 4),
    ("bpf_attr_enable_stats", "type", 0, 4),
    ("bpf_attr_iter_create", "link_fd", 0, 4),
    ("bpf_attr_iter_create", "flags", 4, 4),
    ("bpf_attr_prog_bind_map", "prog_fd", 0, 4),
    ("bpf_attr_prog_bind_map", "map_fd", 4, 4),
    ("bpf_attr_prog_bind_map", "flags", 8, 4),
    ("bpf_attr_token_create", "flags", 0, 4),
    ("bpf_attr_token_create", "bpffs_fd", 4, 4),
    ("bpf_attr_prog_stream_read", "stream_buf", 0, 8),
    ("bpf_attr_prog_stream_read", "stream_buf_len", 8, 4),
    ("bpf_attr_prog_stream_read", "stream_id", 12, 4),
    ("bpf_attr_prog_stream_read", "prog_fd", 16, 4),
];

/// `sizeof` each command struct in Linux 6.18, from the same BTF walk
/// (the BTF type's size for named members; anonymous structs have a BTF
/// type of their own too).
const SIZES_6_18: &[(&str, usize)] = &[
    ("bpf_attr_map_create", 96),
    ("bpf_attr_map_elem", 32),
    ("bpf_attr_batch", 56),
    ("bpf_attr_prog_load", 168),
    ("bpf_attr_obj_pin", 24),
    ("bpf_attr_prog_attach", 32),
    ("bpf_attr_test", 80),
    ("bpf_attr_get_id", 16),
    ("bpf_attr_info", 16),
    ("bpf_attr_query", 64),
    ("bpf_attr_raw_tracepoint", 24),
    ("bpf_attr_btf_load", 40),
    ("bpf_attr_task_fd_query", 48),
    ("bpf_attr_link_create", 64),
    ("bpf_attr_link_create_perf_event", 8),
    ("bpf_attr_link_create_kprobe_multi", 32),
    ("bpf_attr_link_create_tracing", 16),
    ("bpf_attr_link_create_netfilter", 16),
    ("bpf_attr_link_create_tcx", 16),
    ("bpf_attr_link_create_uprobe_multi", 48),
    ("bpf_attr_link_create_netkit", 16),
    ("bpf_attr_link_create_cgroup", 16),
    ("bpf_attr_link_update", 16),
    ("bpf_attr_link_detach", 4),
    ("bpf_attr_enable_stats", 4),
    ("bpf_attr_iter_create", 8),
    ("bpf_attr_prog_bind_map", 12),
    ("bpf_attr_token_create", 8),
    ("bpf_attr_prog_stream_read", 24),
];

/// Every member of `union bpf_attr` in `/usr/include/linux/bpf.h`, the
/// Linux 6.1.187 UAPI header, as (Rust struct, member path, offsetof,
/// sizeof): a throwaway C program compiled with `cc` printed
/// `offsetof(union bpf_attr, m)` and `sizeof(((union bpf_attr *)0)->m)` for
/// every member designator of the header.
const HEADER_6_1: &[(&str, &str, usize, usize)] = &[
    ("bpf_attr_map_create", "map_type", 0, 4),
    ("bpf_attr_map_create", "key_size", 4, 4),
    ("bpf_attr_map_create", "value_size", 8, 4),
    ("bpf_attr_map_create", "max_entries", 12, 4),
    ("bpf_attr_map_create", "map_flags", 16, 4),
    ("bpf_attr_map_create", "inner_map_fd", 20, 4),
    ("bpf_attr_map_create", "numa_node", 24, 4),
    ("bpf_attr_map_create", "map_name", 28, 16),
    ("bpf_attr_map_create", "map_ifindex", 44, 4),
    ("bpf_attr_map_create", "btf_fd", 48, 4),
    ("bpf_attr_map_create", "btf_key_type_id", 52, 4),
    ("bpf_attr_map_create", "btf_value_type_id", 56, 4),
    ("bpf_attr_map_create", "btf_vmlinux_value_type_id", 60, 4),
    ("bpf_attr_map_create", "map_extra", 64, 8),
    ("bpf_attr_map_elem", "map_fd", 0, 4),
    ("bpf_attr_map_elem", "key", 8, 8),
    ("bpf_attr_map_elem", "value", 16, 8),
    ("bpf_attr_map_elem", "next_key", 16, 8),
    ("bpf_attr_map_elem", "flags", 24, 8),
    ("bpf_attr_batch", "in_batch", 0, 8),
    ("bpf_attr_batch", "out_batch", 8, 8),
    ("bpf_attr_batch", "keys", 16, 8),
    ("bpf_attr_batch", "values", 24, 8),
    ("bpf_attr_batch", "count", 32, 4),
    ("bpf_attr_batch", "map_fd", 36, 4),
    ("bpf_attr_batch", "elem_flags", 40, 8),
    ("bpf_attr_batch", "flags", 48, 8),
    ("bpf_attr_prog_load", "prog_type", 0, 4),
    ("bpf_attr_prog_load", "insn_cnt", 4, 4),
    ("bpf_attr_prog_load", "insns", 8, 8),
    ("bpf_attr_prog_load", "license", 16, 8),
    ("bpf_attr_prog_load", "log_level", 24, 4),
    ("bpf_attr_prog_load", "log_size", 28, 4),
    ("bpf_attr_prog_load", "log_buf", 32, 8),
    ("bpf_attr_prog_load", "kern_version", 40, 4),
    ("bpf_attr_prog_load", "prog_flags", 44, 4),
    ("bpf_attr_prog_load", "prog_name", 48, 16),
    ("bpf_attr_prog_load", "prog_ifindex", 64, 4),
    ("bpf_attr_prog_load", "expected_attach_type", 68, 4),
    ("bpf_attr_prog_load", "prog_btf_fd", 72, 4),
    ("bpf_attr_prog_load", "func_info_rec_size", 76, 4),
    ("bpf_attr_prog_load", "func_info", 80, 8),
    ("bpf_attr_prog_load", "func_info_cnt", 88, 4),
    ("bpf_attr_prog_load", "line_info_rec_size", 92, 4),
    ("bpf_attr_prog_load", "line_info", 96, 8),
    ("bpf_attr_prog_load", "line_info_cnt", 104, 4),
    ("bpf_attr_prog_load", "attach_btf_id", 108, 4),
    ("bpf_attr_prog_load", "attach_prog_fd", 112, 4),
    ("bpf_attr_prog_load", "attach_btf_obj_fd", 112, 4),
    ("bpf_attr_prog_load", "core_relo_cnt", 116, 4),
    ("bpf_attr_prog_load", "fd_array", 120, 8),
    ("bpf_attr_prog_load", "core_relos", 128, 8),
    ("bpf_attr_prog_load", "core_relo_rec_size", 136, 4),
    ("bpf_attr_obj_pin", "pathname", 0, 8),
    ("bpf_attr_obj_pin", "bpf_fd", 8, 4),
    ("bpf_attr_obj_pin", "file_flags", 12, 4),
    ("bpf_attr_prog_attach", "target_fd", 0, 4),
    ("bpf_attr_prog_attach", "attach_bpf_fd", 4, 4),
    ("bpf_attr_prog_attach", "attach_type", 8, 4),
    ("bpf_attr_prog_attach", "attach_flags", 12, 4),
    ("bpf_attr_prog_attach", "replace_bpf_fd", 16, 4),
    ("bpf_attr_test", "prog_fd", 0, 4),
    ("bpf_attr_test", "retval", 4, 4),
    ("bpf_attr_test", "data_size_in", 8, 4),
    ("bpf_attr_test", "data_size_out", 12, 4),
    ("bpf_attr_test", "data_in", 16, 8),
    ("bpf_attr_test", "data_out", 24, 8),
    ("bpf_attr_test", "repeat", 32, 4),
    ("bpf_attr_test", "duration", 36, 4),
    ("bpf_attr_test", "ctx_size_in", 40, 4),
    ("bpf_attr_test", "ctx_size_out", 44, 4),
    ("bpf_attr_test", "ctx_in", 48, 8),
    ("bpf_attr_test", "ctx_out", 56, 8),
    ("bpf_attr_test", "flags", 64, 4),
    ("bpf_attr_test", "cpu", 68, 4),
    ("bpf_attr_test", "batch_size", 72, 4),
    ("bpf_attr_get_id", "start_id", 0, 4),
    ("bpf_attr_get_id", "prog_id", 0, 4),
    ("bpf_attr_get_id", "map_id", 0, 4),
    ("bpf_attr_get_id", "btf_id", 0, 4),
    ("bpf_attr_get_id", "link_id", 0, 4),
    ("bpf_attr_get_id", "next_id", 4, 4),
    ("bpf_attr_get_id", "open_flags", 8, 4),
    ("bpf_attr_info", "bpf_fd", 0, 4),
    ("bpf_attr_info", "info_len", 4, 4),
    ("bpf_attr_info", "info", 8, 8),
    ("bpf_attr_query", "target_fd", 0, 4),
    ("bpf_attr_query", "attach_type", 4, 4),
    ("bpf_attr_query", "query_flags", 8, 4),
    ("bpf_attr_query", "attach_flags", 12, 4),
    ("bpf_attr_query", "prog_ids", 16, 8),
    ("bpf_attr_query", "prog_cnt", 24, 4),
    ("bpf_attr_query", "prog_attach_flags", 32, 8),
    ("bpf_attr_raw_tracepoint", "name", 0, 8),
    ("bpf_attr_raw_tracepoint", "prog_fd", 8, 4),
    ("bpf_attr_btf_load", "btf", 0, 8),
    ("bpf_attr_btf_load", "btf_log_buf", 8, 8),
    ("bpf_attr_btf_load", "btf_size", 16, 4),
    ("bpf_attr_btf_load", "btf_log_size", 20, 4),
    ("bpf_attr_btf_load", "btf_log_level", 24, 4),
    ("bpf_attr_task_fd_query", "pid", 0, 4),
    ("bpf_attr_task_fd_query", "fd", 4, 4),
    ("bpf_attr_task_fd_query", "flags", 8, 4),
    ("bpf_attr_task_fd_query", "buf_len", 12, 4),
    ("bpf_attr_task_fd_query", "buf", 16, 8),
    ("bpf_attr_task_fd_query", "prog_id", 24, 4),
    ("bpf_attr_task_fd_query", "fd_type", 28, 4),
    ("bpf_attr_task_fd_query", "probe_offset", 32, 8),
    ("bpf_attr_task_fd_query", "probe_addr", 40, 8),
    ("bpf_attr_link_create", "prog_fd", 0, 4),
    ("bpf_attr_link_create", "target_fd", 4, 4),
    ("bpf_attr_link_create", "target_ifindex", 4, 4),
    ("bpf_attr_link_create", "attach_type", 8, 4),
    ("bpf_attr_link_create", "flags", 12, 4),
    ("bpf_attr_link_create", "target_btf_id", 16, 4),
    ("bpf_attr_link_create", "iter_info", 16, 8),
    ("bpf_attr_link_create", "iter_info_len", 24, 4),
    ("bpf_attr_link_create", "perf_event", 16, 8),
    ("bpf_attr_link_create", "perf_event.bpf_cookie", 16, 8),
    ("bpf_attr_link_create", "kprobe_multi", 16, 32),
    ("bpf_attr_link_create", "kprobe_multi.flags", 16, 4),
    ("bpf_attr_link_create", "kprobe_multi.cnt", 20, 4),
    ("bpf_attr_link_create", "kprobe_multi.syms", 24, 8),
    ("bpf_attr_link_create", "kprobe_multi.addrs", 32, 8),
    ("bpf_attr_link_create", "kprobe_multi.cookies", 40, 8),
    ("bpf_attr_link_create", "tracing", 16, 16),
    ("bpf_attr_link_create", "tracing.target_btf_id", 16, 4),
    ("bpf_attr_link_create", "tracing.cookie", 24, 8),
    ("bpf_attr_link_update", "link_fd", 0, 4),
    ("bpf_attr_link_update", "new_prog_fd", 4, 4),
    ("bpf_attr_link_update", "flags", 8, 4),
    ("bpf_attr_link_update", "old_prog_fd", 12, 4),
    ("bpf_attr_link_detach", "link_fd", 0, 4),
    ("bpf_attr_enable_stats", "type", 0, 4),
    ("bpf_attr_iter_create", "link_fd", 0, 4),
    ("bpf_attr_iter_create", "flags", 4, 4),
    ("bpf_attr_prog_bind_map", "prog_fd", 0, 4),
    ("bpf_attr_prog_bind_map", "map_fd", 4, 4),
    ("bpf_attr_prog_bind_map", "flags", 8, 4),
];

/// C's `sizeof` of each command struct in the Linux 6.1 header: `sizeof`
/// the member for named ones; for anonymous ones (which C cannot name) the
/// end of the last member rounded up to the largest member `_Alignof`,
/// both printed by the same C program. Structs 6.1 did not have are absent.
const SIZES_6_1: &[(&str, usize)] = &[
    ("bpf_attr_map_create", 72),
    ("bpf_attr_map_elem", 32),
    ("bpf_attr_batch", 56),
    ("bpf_attr_prog_load", 144),
    ("bpf_attr_obj_pin", 16),
    ("bpf_attr_prog_attach", 20),
    ("bpf_attr_test", 80),
    ("bpf_attr_get_id", 12),
    ("bpf_attr_info", 16),
    ("bpf_attr_query", 40),
    ("bpf_attr_raw_tracepoint", 16),
    ("bpf_attr_btf_load", 32),
    ("bpf_attr_task_fd_query", 48),
    ("bpf_attr_link_create", 48),
    ("bpf_attr_link_create_perf_event", 8),
    ("bpf_attr_link_create_kprobe_multi", 32),
    ("bpf_attr_link_create_tracing", 16),
    ("bpf_attr_link_update", 16),
    ("bpf_attr_link_detach", 4),
    ("bpf_attr_enable_stats", 4),
    ("bpf_attr_iter_create", 8),
    ("bpf_attr_prog_bind_map", 12),
];

/// `sizeof(union bpf_attr)` in the Linux 6.1 header (same C program).
const BPF_ATTR_SIZE_6_1: usize = 144;

const V6_1: u32 = release(6, 1);

fn uapi(name: &str) -> &'static UapiStruct {
    ALL.iter().find(|s| s.layout.name == name).unwrap_or_else(|| panic!("no struct {name}"))
}

fn member_struct(parent: &UapiStruct, member: &str) -> Option<&'static UapiStruct> {
    let c_member = if parent.c_member.is_empty() {
        member.to_owned()
    } else {
        format!("{}.{member}", parent.c_member)
    };
    ALL.iter().find(|s| s.c_member == c_member)
}

/// A C member of `s` by name: a Rust field that is not `_` storage, or an
/// alias. Gives (offset in `s`, size, since).
fn direct(s: &UapiStruct, name: &str) -> Option<(usize, usize, u32)> {
    if let Some(f) = s.layout.fields.iter().find(|f| f.name == name && !f.name.starts_with('_')) {
        return Some((f.offset, f.size, f.since));
    }
    s.aliases.iter().find(|a| a.name == name).map(|a| (a.offset, a.size, a.since))
}

/// A member path (`"kprobe_multi.cookies"`) of `s`: offset in `s`, size,
/// and the newest `since` along the path.
fn resolve(s: &UapiStruct, path: &str) -> Option<(usize, usize, u32)> {
    match path.split_once('.') {
        None => direct(s, path),
        Some((head, tail)) => {
            let (offset, _, since) = direct(s, head)?;
            let inner = member_struct(s, head)?;
            let (o, size, s2) = resolve(inner, tail)?;
            Some((offset + o, size, since.max(s2)))
        }
    }
}

/// The C members a struct has at version `at`: its non-`_` fields and its
/// aliases.
fn members_at(s: &UapiStruct, at: u32) -> Vec<&'static str> {
    let mut v: Vec<&str> = s
        .layout
        .fields
        .iter()
        .filter(|f| !f.name.starts_with('_') && f.since <= at)
        .map(|f| f.name)
        .chain(s.aliases.iter().filter(|a| a.since <= at).map(|a| a.name))
        .collect();
    v.sort_unstable();
    v
}

/// The rows of a fact table about struct `name`'s direct members (paths
/// without a dot), and about a member struct's members (`prefix.x`).
fn rows<'a>(
    table: &'a [(&'a str, &'a str, usize, usize)],
    owner: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a str, usize, usize)> + 'a {
    table.iter().filter(move |r| r.0 == owner).filter_map(move |&(_, path, off, size)| {
        let rest =
            if prefix.is_empty() { path } else { path.strip_prefix(prefix)?.strip_prefix('.')? };
        (!rest.contains('.')).then_some((rest, off, size))
    })
}

/// The top-level struct a member struct belongs to, the member path of it
/// inside that struct, and its offset there.
fn owner_of(s: &UapiStruct) -> (&'static UapiStruct, &'static str, usize) {
    let (parent_member, member) = s.c_member.rsplit_once('.').expect("a member struct");
    let parent = ALL.iter().find(|p| p.c_member == parent_member).unwrap();
    let offset = direct(parent, member).unwrap().0;
    (parent, member, offset)
}

#[test]
fn newest_sizes_are_linux_6_18() {
    assert_eq!(SIZES_6_18.len(), ALL.len());
    for &(name, size) in SIZES_6_18 {
        let s = uapi(name);
        assert_eq!(s.layout.size, size, "{name}");
        assert_eq!(s.layout.newest().size, size, "{name}");
        assert!(size <= BPF_ATTR_SIZE);
    }
    assert_eq!(ALL.iter().map(|s| s.layout.size).max(), Some(BPF_ATTR_SIZE));
    assert_eq!(bpf_attr_prog_load::LAYOUT.size, BPF_ATTR_SIZE);
}

#[test]
fn every_member_is_where_linux_6_18_has_it() {
    for &(owner, path, offset, size) in BTF_6_18 {
        let s = uapi(owner);
        let found = resolve(s, path).unwrap_or_else(|| panic!("{owner}: no C member {path}"));
        assert_eq!((found.0, found.1), (offset, size), "{owner}.{path}");
    }
    // And nothing more: every member the Rust side claims is in the BTF.
    for s in ALL {
        let (owner, prefix, base) = if s.c_member.contains('.') {
            let (parent, member, offset) = owner_of(s);
            (parent.layout.name, member, offset)
        } else {
            (s.layout.name, "", 0)
        };
        let btf: Vec<_> = rows(BTF_6_18, owner, prefix).collect();
        for name in members_at(s, u32::MAX) {
            let (o, size, _) = direct(s, name).unwrap();
            assert!(
                btf.contains(&(name, base + o, size)),
                "{}.{name} at {o} ({size} bytes) is not in Linux 6.18",
                s.layout.name
            );
        }
    }
}

#[test]
fn linux_6_1_header_members_and_sizes() {
    assert_eq!(BPF_ATTR_SIZE_6_1, 144);
    for s in ALL {
        let name = s.layout.name;
        let expected = SIZES_6_1.iter().find(|e| e.0 == name).map(|e| e.1);
        let (owner, prefix, base) = if s.c_member.contains('.') {
            let (parent, member, offset) = owner_of(s);
            (parent.layout.name, member, offset)
        } else {
            (name, "", 0)
        };
        let header: Vec<_> = rows(HEADER_6_1, owner, prefix).collect();
        let Some(expected) = expected else {
            // Not in 6.1 at all: no field, no version that old.
            assert!(s.layout.oldest().number > V6_1, "{name} should be in the 6.1 header");
            assert!(header.is_empty(), "{name}");
            continue;
        };
        assert_eq!(version_size(s.layout.fields, V6_1), expected, "sizeof {name} in 6.1");
        let mut names: Vec<&str> = header.iter().map(|r| r.0).collect();
        names.sort_unstable();
        assert_eq!(members_at(s, V6_1), names, "the members of {name} in 6.1");
        for (member, offset, size) in header {
            let (o, sz, _) = direct(s, member).unwrap();
            assert_eq!((base + o, sz), (offset, size), "{name}.{member} in 6.1");
        }
    }
}

#[test]
fn version_tables() {
    let expect: &[(&str, &[(&str, usize)])] = &[
        (
            "bpf_attr_map_create",
            &[
                ("3.18", 16),
                ("4.6", 20),
                ("4.12", 24),
                ("4.14", 28),
                ("4.15", 44),
                ("4.16", 48),
                ("4.18", 60),
                ("5.6", 64),
                ("5.16", 72),
                ("6.9", 80),
                ("6.18", 96),
            ],
        ),
        ("bpf_attr_map_elem", &[("3.18", 24), ("3.19", 32)]),
        ("bpf_attr_batch", &[("5.6", 56)]),
        (
            "bpf_attr_prog_load",
            &[
                ("3.18", 40),
                ("4.1", 48),
                ("4.12", 48),
                ("4.15", 72),
                ("4.17", 72),
                ("5.0", 112),
                ("5.5", 120),
                ("5.14", 128),
                ("5.17", 144),
                ("6.4", 144),
                ("6.9", 152),
                ("6.14", 152),
                ("6.18", 168),
            ],
        ),
        ("bpf_attr_obj_pin", &[("4.4", 16), ("4.15", 16), ("6.5", 24)]),
        ("bpf_attr_prog_attach", &[("4.10", 16), ("5.6", 20), ("6.6", 32)]),
        ("bpf_attr_test", &[("4.12", 40), ("5.2", 64), ("5.10", 72), ("5.18", 80)]),
        ("bpf_attr_get_id", &[("4.13", 8), ("4.15", 12), ("6.15", 16)]),
        ("bpf_attr_info", &[("4.13", 16)]),
        ("bpf_attr_query", &[("4.15", 32), ("6.0", 40), ("6.6", 64)]),
        ("bpf_attr_raw_tracepoint", &[("4.17", 16), ("6.10", 24)]),
        ("bpf_attr_btf_load", &[("4.18", 32), ("6.4", 32), ("6.9", 40)]),
        ("bpf_attr_task_fd_query", &[("4.18", 48)]),
        ("bpf_attr_link_create", &[("5.7", 16), ("5.9", 32), ("5.18", 48), ("6.6", 64)]),
        ("bpf_attr_link_create_perf_event", &[("5.15", 8)]),
        ("bpf_attr_link_create_kprobe_multi", &[("5.18", 32)]),
        ("bpf_attr_link_create_tracing", &[("5.19", 16)]),
        ("bpf_attr_link_create_netfilter", &[("6.4", 16)]),
        ("bpf_attr_link_create_tcx", &[("6.6", 16)]),
        ("bpf_attr_link_create_uprobe_multi", &[("6.6", 48)]),
        ("bpf_attr_link_create_netkit", &[("6.7", 16)]),
        ("bpf_attr_link_create_cgroup", &[("6.17", 16)]),
        ("bpf_attr_link_update", &[("5.7", 16)]),
        ("bpf_attr_link_detach", &[("5.9", 4)]),
        ("bpf_attr_enable_stats", &[("5.8", 4)]),
        ("bpf_attr_iter_create", &[("5.8", 8)]),
        ("bpf_attr_prog_bind_map", &[("5.10", 12)]),
        ("bpf_attr_token_create", &[("6.9", 8)]),
        ("bpf_attr_prog_stream_read", &[("6.17", 24)]),
    ];
    assert_eq!(expect.len(), ALL.len());
    for &(name, versions) in expect {
        let got: Vec<_> = uapi(name).layout.versions.iter().map(|v| (v.label, v.size)).collect();
        assert_eq!(got, versions, "{name}");
    }
}

/// The members C named in bytes that were padding: fields whose `since`
/// is the release that named them (as the 6.1 header and the 6.18 BTF have
/// them: `linux_6_1_header_members_and_sizes`,
/// `every_member_is_where_linux_6_18_has_it`), and whose bytes count from
/// the release they came in, when they were padding: no other field has
/// them, and the struct reached past them then. The version tables are
/// those of before, when `core_relo_cnt` was a `_core_relo_cnt` storage
/// field dated 5.14 and the others had no `padding_since` (`version_tables`).
#[test]
fn fields_born_in_former_padding() {
    let born: Vec<_> = ALL
        .iter()
        .flat_map(|s| crate::born_in_padding(s.layout).map(|f| (s.layout.name, f)))
        .map(|(s, f)| (s, f.name, f.since, f.bytes_since))
        .collect();
    let r = release;
    assert_eq!(
        born,
        [
            ("bpf_attr_prog_load", "prog_flags", r(4, 12), r(4, 1)),
            ("bpf_attr_prog_load", "expected_attach_type", r(4, 17), r(4, 15)),
            ("bpf_attr_prog_load", "attach_btf_id", r(5, 5), r(5, 0)),
            ("bpf_attr_prog_load", "core_relo_cnt", r(5, 17), r(5, 5)),
            ("bpf_attr_prog_load", "log_true_size", r(6, 4), r(5, 17)),
            ("bpf_attr_prog_load", "fd_array_cnt", r(6, 14), r(6, 9)),
            ("bpf_attr_obj_pin", "file_flags", r(4, 15), r(4, 4)),
            ("bpf_attr_btf_load", "btf_log_true_size", r(6, 4), r(4, 18)),
        ]
    );
    // And no other member's bytes were padding before it.
    for s in ALL {
        crate::check_bytes_dates(s.layout);
    }
    // It is no alias any more; `attach_btf_obj_fd` (a union member) is.
    let aliases: Vec<_> = uapi("bpf_attr_prog_load").aliases.iter().map(|a| a.name).collect();
    assert_eq!(aliases, ["attach_btf_obj_fd"]);
    let load = bpf_attr_prog_load { core_relo_cnt: 7, ..Default::default() };
    assert_eq!(&bytes_of(&load)[116..120], &7u32.to_ne_bytes());
}

#[test]
fn all_lists_each_struct_once_in_union_bpf_attr() {
    for (i, s) in ALL.iter().enumerate() {
        assert_eq!(s.c_type, "union bpf_attr");
        assert!(s.bitfields.is_empty(), "union bpf_attr has no bitfields");
        assert!(ALL[..i].iter().all(|t| t.layout.name != s.layout.name), "{} twice", s.layout.name);
        if !s.c_member.is_empty() {
            assert!(ALL[..i].iter().all(|t| t.c_member != s.c_member), "{} twice", s.c_member);
        }
        if s.c_member.contains('.') {
            // A member struct comes after its parent, which has an alias
            // for it with the same size and the struct's own release.
            let (parent, member, _) = owner_of(s);
            assert!(ALL[..i].iter().any(|t| t.c_member == parent.c_member));
            let alias = parent.aliases.iter().find(|a| a.name == member).unwrap();
            assert_eq!(alias.size, s.layout.size, "{member}");
            assert_eq!(alias.since, s.layout.oldest().number, "{member}");
        }
    }
    assert!(crate::all().any(|s| s.layout.name == "bpf_attr_link_create"));
}

#[test]
fn aliases_are_well_formed() {
    for s in ALL {
        let fields = s.layout.fields;
        for a in s.aliases {
            let storage = fields.iter().find(|f| f.name == a.storage).unwrap_or_else(|| {
                panic!("{}: alias {} has no storage field {}", s.layout.name, a.name, a.storage)
            });
            // The alias starts where its storage does, within the struct,
            // and its bytes existed (as a field or padding) when it came.
            assert_eq!(a.offset, storage.offset, "{}.{}", s.layout.name, a.name);
            assert!(a.offset + a.size <= s.layout.size, "{}.{}", s.layout.name, a.name);
            assert!(storage.since <= a.since, "{}.{}", s.layout.name, a.name);
            let end = a.offset + a.size;
            let grown = fields.iter().filter(|f| f.offset < end).map(|f| f.since).max().unwrap();
            assert!(grown <= a.since, "{}.{}: its bytes came after it", s.layout.name, a.name);
            // No alias shadows a field.
            assert!(fields.iter().all(|f| f.name != a.name), "{}.{}", s.layout.name, a.name);
        }
    }
}

#[test]
fn commands() {
    // offsetofend(union bpf_attr, <CMD>_LAST_FIELD), measured on the
    // running 6.18 kernel: bpf(cmd) with every field the command reads set
    // to a value failing later than CHECK_ATTR (bad fds, bad pointers,
    // valid flags), then one non-zero byte at each offset in turn: EINVAL
    // from the first byte here on, another errno in the last field.
    // (BPF_ITER_CREATE's and BPF_PROG_BIND_MAP's last field is a `flags`
    // that must be zero anyway: there only the EINVAL from the end on was
    // seen.)
    let measured: [usize; 38] = [
        92, 32, 32, 16, 24, 168, 20, 20, 32, 32, 76, 8, 8, 4, 12, 16, 64, 24, 40, 16, 48, 32, 4, 8,
        56, 56, 56, 56, 60, 16, 4, 8, 4, 8, 4, 12, 8, 20,
    ];
    assert_eq!(COMMANDS.len(), MAX_BPF_CMD as usize);
    for (n, &end) in measured.iter().enumerate() {
        let n = n as u32;
        let c = command(n).unwrap();
        assert_eq!(c.cmd, n);
        assert_eq!(last_field_end(n), Some(end), "{}", c.name);
        assert!(end <= BPF_ATTR_SIZE);
        assert!(end <= c.attr.size, "{}", c.name);
        assert_eq!(attr_layout(n).map(|l| l.name), Some(c.attr.name));
        // The last field is a member of the command's struct, ending there.
        let s = ALL.iter().find(|s| s.layout.name == c.attr.name).unwrap();
        let path = match s.c_member {
            "" => c.last_field,
            m => c.last_field.strip_prefix(m).and_then(|p| p.strip_prefix('.')).unwrap(),
        };
        let (o, size, since) = resolve(s, path).unwrap_or_else(|| panic!("{}", c.last_field));
        assert_eq!(o + size, end, "{}", c.name);
        assert!(since <= release(6, 18));
    }
    assert_eq!(command(MAX_BPF_CMD), None);
    assert_eq!(last_field_end(u32::MAX), None);
    assert_eq!(attr_layout(MAX_BPF_CMD), None);

    // Commands that share a struct share its layout.
    let same = |a: u32, b: u32| attr_layout(a).unwrap() == attr_layout(b).unwrap();
    for c in [BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY] {
        assert!(same(BPF_MAP_LOOKUP_ELEM, c));
    }
    assert!(same(BPF_MAP_LOOKUP_ELEM, BPF_MAP_LOOKUP_AND_DELETE_ELEM));
    assert!(same(BPF_MAP_LOOKUP_ELEM, BPF_MAP_FREEZE));
    assert!(same(BPF_OBJ_PIN, BPF_OBJ_GET));
    assert!(same(BPF_PROG_ATTACH, BPF_PROG_DETACH));
    for c in [
        BPF_MAP_GET_NEXT_ID,
        BPF_PROG_GET_FD_BY_ID,
        BPF_MAP_GET_FD_BY_ID,
        BPF_BTF_GET_FD_BY_ID,
        BPF_BTF_GET_NEXT_ID,
        BPF_LINK_GET_FD_BY_ID,
        BPF_LINK_GET_NEXT_ID,
    ] {
        assert!(same(BPF_PROG_GET_NEXT_ID, c));
    }
    for c in [BPF_MAP_LOOKUP_AND_DELETE_BATCH, BPF_MAP_UPDATE_BATCH, BPF_MAP_DELETE_BATCH] {
        assert!(same(BPF_MAP_LOOKUP_BATCH, c));
    }
    assert!(!same(BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM));
    assert_eq!(BPF_PROG_RUN, BPF_PROG_TEST_RUN);
    assert_eq!(command(BPF_LINK_CREATE).unwrap().last_field, "link_create.uprobe_multi.pid");
    // Releases only grow with the command number.
    assert!(COMMANDS.windows(2).all(|w| w[0].since <= w[1].since));
}

#[test]
fn simple_alias_accessors() {
    let mut elem = bpf_attr_map_elem::default();
    elem.set_next_key(0x1122_3344_5566_7788);
    assert_eq!(elem.value, 0x1122_3344_5566_7788);
    assert_eq!(elem.next_key(), elem.value);
    assert_eq!(&bytes_of(&elem)[16..24], &0x1122_3344_5566_7788_u64.to_ne_bytes());

    let mut load = bpf_attr_prog_load { core_relo_cnt: 7, ..Default::default() };
    load.set_attach_btf_obj_fd(9);
    assert_eq!((load.attach_btf_obj_fd(), load.attach_prog_fd), (9, 9));
    assert_eq!(&bytes_of(&load)[112..116], &9u32.to_ne_bytes());
    assert_eq!(&bytes_of(&load)[116..120], &7u32.to_ne_bytes());

    let mut id = bpf_attr_get_id::default();
    for (set, get) in [
        (
            bpf_attr_get_id::set_prog_id as fn(&mut bpf_attr_get_id, u32),
            bpf_attr_get_id::prog_id as fn(&bpf_attr_get_id) -> u32,
        ),
        (bpf_attr_get_id::set_map_id, bpf_attr_get_id::map_id),
        (bpf_attr_get_id::set_btf_id, bpf_attr_get_id::btf_id),
        (bpf_attr_get_id::set_link_id, bpf_attr_get_id::link_id),
    ] {
        set(&mut id, 42);
        assert_eq!((get(&id), id.start_id), (42, 42));
        id.start_id = 0;
    }

    let mut attach = bpf_attr_prog_attach::default();
    attach.set_target_ifindex(3);
    attach.set_relative_id(4);
    assert_eq!((attach.target_fd, attach.relative_fd), (3, 4));
    assert_eq!((attach.target_ifindex(), attach.relative_id()), (3, 4));

    let mut query = bpf_attr_query::default();
    query.set_target_ifindex(5);
    query.set_count(6);
    assert_eq!((query.target_fd, query.prog_cnt, query.count()), (5, 6, 6));
    assert_eq!(query.target_ifindex(), 5);

    let mut update = bpf_attr_link_update::default();
    update.set_new_map_fd(10);
    update.set_old_map_fd(11);
    assert_eq!((update.new_prog_fd, update.old_prog_fd), (10, 11));
    assert_eq!((update.new_map_fd(), update.old_map_fd()), (10, 11));

    let mut tcx = bpf_attr_link_create_tcx::default();
    tcx.set_relative_id(12);
    assert_eq!((tcx.relative_fd, tcx.relative_id()), (12, 12));
    let mut netkit = bpf_attr_link_create_netkit::default();
    netkit.set_relative_id(13);
    assert_eq!(netkit.relative_fd, 13);
    let mut cgroup = bpf_attr_link_create_cgroup::default();
    cgroup.set_relative_id(14);
    assert_eq!(cgroup.relative_id(), 14);
}

#[test]
fn link_create_union_members() {
    let mut attr = bpf_attr_link_create { prog_fd: 1, ..Default::default() };
    attr.set_map_fd(2);
    attr.set_target_ifindex(3);
    assert_eq!((attr.prog_fd, attr.target_fd, attr.map_fd(), attr.target_ifindex()), (2, 3, 2, 3));

    let kprobe =
        bpf_attr_link_create_kprobe_multi { flags: 1, cnt: 2, syms: 3, addrs: 4, cookies: 5 };
    attr.set_kprobe_multi(kprobe);
    assert_eq!(attr.kprobe_multi(), kprobe);
    // The member sits at link_create + 16, over iter_info and the storage.
    assert_eq!(&bytes_of(&attr)[16..48], bytes_of(&kprobe));
    assert_eq!(&bytes_of(&attr.iter_info)[..4], &1u32.to_ne_bytes());
    // kprobe_multi.syms starts at link_create + 24, where iter_info_len is.
    assert_eq!(bytes_of(&attr.iter_info_len), &bytes_of(&kprobe)[8..12]);
    assert_eq!(attr._union_32_48, [4, 5]);

    // A smaller member zeroes the rest of the union.
    let tcx = bpf_attr_link_create_tcx { relative_fd: 9, _pad0: 0, expected_revision: 10 };
    attr.set_tcx(tcx);
    assert_eq!(attr.tcx(), tcx);
    assert_eq!(attr.netkit().relative_fd, 9);
    assert_eq!(attr.cgroup().expected_revision, 10);
    assert!(bytes_of(&attr)[32..].iter().all(|&b| b == 0));
    assert_eq!((attr.prog_fd, attr.target_fd), (2, 3), "the fields before the union stay");

    // tracing overlays target_btf_id.
    attr.set_target_btf_id(77);
    assert_eq!(attr.tracing().target_btf_id, 77);
    assert_eq!(attr.tracing().cookie, 0);
    attr.set_tracing(bpf_attr_link_create_tracing { target_btf_id: 78, _pad0: 0, cookie: 79 });
    assert_eq!(attr.target_btf_id(), 78);
    // tracing.cookie is at 24..32 of link_create: iter_info_len's bytes
    // and the storage after them.
    assert_eq!(&bytes_of(&attr)[24..32], &79u64.to_ne_bytes());

    attr.set_perf_event(bpf_attr_link_create_perf_event { bpf_cookie: 0xdead_beef });
    assert_eq!(attr.iter_info, 0xdead_beef);
    assert_eq!(attr.perf_event().bpf_cookie, 0xdead_beef);

    let uprobe = bpf_attr_link_create_uprobe_multi {
        path: 1,
        offsets: 2,
        ref_ctr_offsets: 3,
        cookies: 4,
        cnt: 5,
        flags: 6,
        pid: 7,
        _pad_tail: 0,
    };
    attr.set_uprobe_multi(uprobe);
    assert_eq!(attr.uprobe_multi(), uprobe);
    assert_eq!(&bytes_of(&attr)[16..64], bytes_of(&uprobe));
    let pid_end = LINK_CREATE_UNION_OFFSET_FOR_TESTS + 44;
    assert_eq!(last_field_end(BPF_LINK_CREATE), Some(pid_end));

    let nf = bpf_attr_link_create_netfilter { pf: 2, hooknum: 1, priority: -100, flags: 0 };
    attr.set_netfilter(nf);
    assert_eq!(attr.netfilter(), nf);
    assert!(bytes_of(&attr)[32..].iter().all(|&b| b == 0));
}

const LINK_CREATE_UNION_OFFSET_FOR_TESTS: usize = link::LINK_CREATE_UNION_OFFSET;

#[test]
fn older_callers_and_check_attr_tails() {
    // A 6.1 caller fills 144 bytes of prog_load; the rest reads as zero.
    let mut old = [0u8; 144];
    old[..4].copy_from_slice(&1u32.to_ne_bytes());
    old[136..140].copy_from_slice(&16u32.to_ne_bytes());
    let load = bpf_attr_prog_load::from_partial(&old).unwrap();
    assert_eq!((load.prog_type, load.core_relo_rec_size), (1, 16));
    assert_eq!((load.prog_token_fd, load.signature, load.keyring_id), (0, 0, 0));
    assert_eq!(bpf_attr_prog_load::version_for_len(144).unwrap().label, "6.4");

    // The union is read at BPF_ATTR_SIZE bytes whatever the command; the
    // CHECK_ATTR tail of BPF_MAP_DELETE_ELEM covers value and flags.
    let mut attr = [0u8; BPF_ATTR_SIZE];
    let mut elem = bpf_attr_map_elem { map_fd: 3, key: 0x1000, ..Default::default() };
    elem.copy_truncated(&mut attr);
    let end = last_field_end(BPF_MAP_DELETE_ELEM).unwrap();
    assert!(attr[end..].iter().all(|&b| b == 0));
    elem.flags = 1;
    elem.copy_truncated(&mut attr);
    assert!(attr[end..].iter().any(|&b| b != 0), "flags is past DELETE's last field");
    assert!(attr[last_field_end(BPF_MAP_UPDATE_ELEM).unwrap()..].iter().all(|&b| b == 0));

    // Version probing works on command structs like on info structs.
    assert!(bpf_attr_map_create::is_present("map_extra", 72));
    assert!(!bpf_attr_map_create::is_present("map_token_fd", 72));
    assert_eq!(size_of::<bpf_attr_link_create>(), 64);
    let _: &Layout = bpf_attr_link_create::LAYOUT;
}
