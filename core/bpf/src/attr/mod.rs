//! The per-command parts of `union bpf_attr`, the argument of `bpf(2)`,
//! exactly as Linux 6.18 lays them out, each an extensible struct with its
//! real release history.
//!
//! `bpf(cmd, attr, size)` reads `min(size, sizeof(union bpf_attr))` bytes
//! (a longer `attr` must have an all-zero tail, else `E2BIG`), zeroes the
//! rest, and then checks the command's own rule, `CHECK_ATTR`: every byte
//! after the last field the command knows must be zero, else `EINVAL`.
//! [`COMMANDS`] records, per command, its attr struct and that last field
//! ([`last_field_end`]).
//!
//! Each struct's `since` values are the Linux releases that added its
//! fields (numbered `KERNEL_VERSION(x, y, 0)`), and its version table gives
//! C's `sizeof` in every release that changed it: what a caller built
//! against that release passes as `size` when it fills the whole struct.
//!
//! | struct | C | sizes (Linux release: bytes) |
//! |---|---|---|
//! | [`bpf_attr_map_create`] | anonymous | 3.18: 16, 4.6: 20, 4.12: 24, 4.14: 28, 4.15: 44, 4.16: 48, 4.18: 60, 5.6: 64, 5.16: 72, 6.9: 80, 6.18: 96 |
//! | [`bpf_attr_map_elem`] | anonymous | 3.18: 24, 3.19: 32 |
//! | [`bpf_attr_batch`] | `batch` | 5.6: 56 |
//! | [`bpf_attr_prog_load`] | anonymous | 3.18: 40, 4.1: 48, 4.12: 48, 4.15: 72, 4.17: 72, 5.0: 112, 5.5: 120, 5.14: 128, 5.17: 144, 6.4: 144, 6.9: 152, 6.14: 152, 6.18: 168 |
//! | [`bpf_attr_obj_pin`] | anonymous | 4.4: 16, 4.15: 16, 6.5: 24 |
//! | [`bpf_attr_prog_attach`] | anonymous | 4.10: 16, 5.6: 20, 6.6: 32 |
//! | [`bpf_attr_test`] | `test` | 4.12: 40, 5.2: 64, 5.10: 72, 5.18: 80 |
//! | [`bpf_attr_get_id`] | anonymous | 4.13: 8, 4.15: 12, 6.15: 16 |
//! | [`bpf_attr_info`] | `info` | 4.13: 16 |
//! | [`bpf_attr_query`] | `query` | 4.15: 32, 6.0: 40, 6.6: 64 |
//! | [`bpf_attr_raw_tracepoint`] | `raw_tracepoint` | 4.17: 16, 6.10: 24 |
//! | [`bpf_attr_btf_load`] | anonymous | 4.18: 32, 6.4: 32, 6.9: 40 |
//! | [`bpf_attr_task_fd_query`] | `task_fd_query` | 4.18: 48 |
//! | [`bpf_attr_link_create`] | `link_create` | 5.7: 16, 5.9: 32, 5.18: 48, 6.6: 64 |
//! | [`bpf_attr_link_create_perf_event`] | `link_create.perf_event` | 5.15: 8 |
//! | [`bpf_attr_link_create_kprobe_multi`] | `link_create.kprobe_multi` | 5.18: 32 |
//! | [`bpf_attr_link_create_tracing`] | `link_create.tracing` | 5.19: 16 |
//! | [`bpf_attr_link_create_netfilter`] | `link_create.netfilter` | 6.4: 16 |
//! | [`bpf_attr_link_create_tcx`] | `link_create.tcx` | 6.6: 16 |
//! | [`bpf_attr_link_create_uprobe_multi`] | `link_create.uprobe_multi` | 6.6: 48 |
//! | [`bpf_attr_link_create_netkit`] | `link_create.netkit` | 6.7: 16 |
//! | [`bpf_attr_link_create_cgroup`] | `link_create.cgroup` | 6.17: 16 |
//! | [`bpf_attr_link_update`] | `link_update` | 5.7: 16 |
//! | [`bpf_attr_link_detach`] | `link_detach` | 5.9: 4 |
//! | [`bpf_attr_enable_stats`] | `enable_stats` | 5.8: 4 |
//! | [`bpf_attr_iter_create`] | `iter_create` | 5.8: 8 |
//! | [`bpf_attr_prog_bind_map`] | `prog_bind_map` | 5.10: 12 |
//! | [`bpf_attr_token_create`] | `token_create` | 6.9: 8 |
//! | [`bpf_attr_prog_stream_read`] | `prog_stream_read` | 6.17: 24 |
//!
//! Every struct starts at offset 0 of `union bpf_attr`, so an offset in a
//! command's struct is also its offset in the union.
//!
//! # How C's shapes are kept
//!
//! - Padding, which C leaves implicit, is a `_pad…` field; its `since` is
//!   the release that made those bytes padding.
//! - A union whose members all have the size of the first (`value` /
//!   `next_key`, `target_fd` / `target_ifindex`) is one Rust field named
//!   for the first member; the others are [`Alias`]es of it, with accessor
//!   methods.
//! - A member C named later in bytes that were padding before
//!   (`prog_load.core_relo_cnt`, or tail padding: `obj_pin.file_flags`,
//!   `btf_load.btf_log_true_size`) is a field with its real release as
//!   `since` and the release its bytes came in (as padding) as
//!   `padding_since` (its layout entry's `bytes_since`): its bytes count in
//!   every version from then, so each version's size stays C's `sizeof`,
//!   and the attribute proves at compile time that the field lies only on
//!   bytes that were padding.
//! - The per-attach-type union of `link_create` grew release after release
//!   (5.9: 16 bytes, 5.18: 32, 6.6: 48). Its first bytes are the members it
//!   started with in 5.9, `iter_info` and `iter_info_len`, then `_union_X_Y`
//!   storage fields (bytes `X..Y` of `link_create`), one per release that
//!   grew it, so the version table stays true. Every other member
//!   (`target_btf_id`, `perf_event`, `kprobe_multi`, …) is an [`Alias`] whose
//!   `storage` is `iter_info`, where its bytes start; a member longer than
//!   `iter_info` continues through the storage fields after it. Each struct
//!   member is an extensible struct of its own
//!   ([`bpf_attr_link_create_kprobe_multi`]), read and written through a
//!   getter/setter pair.
//!
//! There are no C bitfields in `union bpf_attr`.

#![allow(non_camel_case_types)]

use core::mem::{offset_of, size_of};

use super::{Alias, UapiStruct};
use extensible_abi::{bytes_of, bytes_of_mut, ExtensibleAbi, Layout, Pod};

/// Generates a getter and a setter for each member of a union whose bytes
/// are `offset..offset + len` of `$owner`, and proves at compile time that
/// every member fits in them.
macro_rules! union_members {
    ($owner:ident, $offset:expr, $len:expr; $($get:ident, $set:ident: $ty:ty;)*) => {
        impl $owner {
            $(
                #[doc = concat!(
                    "The union member `", stringify!($get), "`, read from the union's bytes ",
                    "(whichever member the command set: the attach type tells which).",
                )]
                #[inline]
                pub fn $get(&self) -> $ty {
                    $crate::attr::read_pod(extensible_abi::bytes_of(self), $offset)
                }

                #[doc = concat!(
                    "Stores `value` as the union member `", stringify!($get), "`; the union's bytes ",
                    "past it are zeroed, so no byte of another member is left behind.",
                )]
                #[inline]
                pub fn $set(&mut self, value: $ty) {
                    $crate::attr::write_pod(extensible_abi::bytes_of_mut(self), $offset, $len, &value)
                }
            )*
        }

        const _: () = {
            $(
                ::core::assert!(
                    ::core::mem::size_of::<$ty>() <= $len,
                    concat!("union member `", stringify!($get), "` is larger than its storage"),
                );
            )*
            ::core::assert!($offset + $len <= ::core::mem::size_of::<$owner>());
        };
    };
}

mod link;
mod map;
mod misc;
mod obj;
mod prog;
#[cfg(test)]
mod tests;

pub use link::*;
pub use map::*;
pub use misc::*;
pub use obj::*;
pub use prog::*;

/// `KERNEL_VERSION(major, minor, 0)`: how a release string `"X.Y"` in
/// `#[abi(since = "X.Y")]` is numbered.
const fn release(major: u32, minor: u32) -> u32 {
    major << 16 | minor << 8
}

/// The `T` whose bytes start at `offset` of `bytes` (a union member).
#[inline]
fn read_pod<T: Pod>(bytes: &[u8], offset: usize) -> T {
    let mut value: T = extensible_abi::zeroed();
    bytes_of_mut(&mut value).copy_from_slice(&bytes[offset..offset + size_of::<T>()]);
    value
}

/// Writes `value` at `offset` of `bytes` and zeroes the rest of the `len`
/// bytes from `offset` (a union member and its union's storage).
#[inline]
fn write_pod<T: Pod>(bytes: &mut [u8], offset: usize, len: usize, value: &T) {
    let storage = &mut bytes[offset..offset + len];
    let n = size_of::<T>();
    storage[..n].copy_from_slice(bytes_of(value));
    storage[n..].fill(0);
}

/// `sizeof(union bpf_attr)` in Linux 6.18: the largest command struct,
/// [`bpf_attr_prog_load`]. Measured from the running 6.18 kernel's BTF
/// (`/sys/kernel/btf/vmlinux`); 144 in the Linux 6.1 header.
pub const BPF_ATTR_SIZE: usize = 168;

/// `union bpf_attr` is `__attribute__((aligned(8)))`.
pub const BPF_ATTR_ALIGN: usize = 8;

/// `enum bpf_cmd`: create a map. Linux 3.18.
pub const BPF_MAP_CREATE: u32 = 0;
/// `enum bpf_cmd`: look an element up. Linux 3.18.
pub const BPF_MAP_LOOKUP_ELEM: u32 = 1;
/// `enum bpf_cmd`: create or update an element. Linux 3.18.
pub const BPF_MAP_UPDATE_ELEM: u32 = 2;
/// `enum bpf_cmd`: delete an element. Linux 3.18.
pub const BPF_MAP_DELETE_ELEM: u32 = 3;
/// `enum bpf_cmd`: iterate over the keys. Linux 3.18.
pub const BPF_MAP_GET_NEXT_KEY: u32 = 4;
/// `enum bpf_cmd`: verify and load a program. Linux 3.18.
pub const BPF_PROG_LOAD: u32 = 5;
/// `enum bpf_cmd`: pin an object in bpffs. Linux 4.4.
pub const BPF_OBJ_PIN: u32 = 6;
/// `enum bpf_cmd`: open a pinned object. Linux 4.4.
pub const BPF_OBJ_GET: u32 = 7;
/// `enum bpf_cmd`: attach a program to a cgroup, socket map, netdev…. Linux 4.10.
pub const BPF_PROG_ATTACH: u32 = 8;
/// `enum bpf_cmd`: detach a program. Linux 4.10.
pub const BPF_PROG_DETACH: u32 = 9;
/// `enum bpf_cmd`: run a program once on test input. Linux 4.12.
pub const BPF_PROG_TEST_RUN: u32 = 10;
/// `enum bpf_cmd`: the newer name of [`BPF_PROG_TEST_RUN`]. Linux 5.14.
pub const BPF_PROG_RUN: u32 = BPF_PROG_TEST_RUN;
/// `enum bpf_cmd`: the next program id. Linux 4.13.
pub const BPF_PROG_GET_NEXT_ID: u32 = 11;
/// `enum bpf_cmd`: the next map id. Linux 4.13.
pub const BPF_MAP_GET_NEXT_ID: u32 = 12;
/// `enum bpf_cmd`: an fd for a program id. Linux 4.13.
pub const BPF_PROG_GET_FD_BY_ID: u32 = 13;
/// `enum bpf_cmd`: an fd for a map id. Linux 4.13.
pub const BPF_MAP_GET_FD_BY_ID: u32 = 14;
/// `enum bpf_cmd`: an object's info struct. Linux 4.13.
pub const BPF_OBJ_GET_INFO_BY_FD: u32 = 15;
/// `enum bpf_cmd`: the programs attached to a target. Linux 4.15.
pub const BPF_PROG_QUERY: u32 = 16;
/// `enum bpf_cmd`: attach to a raw tracepoint. Linux 4.17.
pub const BPF_RAW_TRACEPOINT_OPEN: u32 = 17;
/// `enum bpf_cmd`: load BTF. Linux 4.18.
pub const BPF_BTF_LOAD: u32 = 18;
/// `enum bpf_cmd`: an fd for a BTF id. Linux 4.18.
pub const BPF_BTF_GET_FD_BY_ID: u32 = 19;
/// `enum bpf_cmd`: what a task's perf event or raw tracepoint fd runs. Linux 4.18.
pub const BPF_TASK_FD_QUERY: u32 = 20;
/// `enum bpf_cmd`: look an element up and delete it. Linux 4.20.
pub const BPF_MAP_LOOKUP_AND_DELETE_ELEM: u32 = 21;
/// `enum bpf_cmd`: make a map read-only for user space. Linux 5.2.
pub const BPF_MAP_FREEZE: u32 = 22;
/// `enum bpf_cmd`: the next BTF id. Linux 5.4.
pub const BPF_BTF_GET_NEXT_ID: u32 = 23;
/// `enum bpf_cmd`: look elements up in batches. Linux 5.6.
pub const BPF_MAP_LOOKUP_BATCH: u32 = 24;
/// `enum bpf_cmd`: look elements up and delete them in batches. Linux 5.6.
pub const BPF_MAP_LOOKUP_AND_DELETE_BATCH: u32 = 25;
/// `enum bpf_cmd`: update elements in batches. Linux 5.6.
pub const BPF_MAP_UPDATE_BATCH: u32 = 26;
/// `enum bpf_cmd`: delete elements in batches. Linux 5.6.
pub const BPF_MAP_DELETE_BATCH: u32 = 27;
/// `enum bpf_cmd`: create a link. Linux 5.7.
pub const BPF_LINK_CREATE: u32 = 28;
/// `enum bpf_cmd`: replace a link's program. Linux 5.7.
pub const BPF_LINK_UPDATE: u32 = 29;
/// `enum bpf_cmd`: an fd for a link id. Linux 5.8.
pub const BPF_LINK_GET_FD_BY_ID: u32 = 30;
/// `enum bpf_cmd`: the next link id. Linux 5.8.
pub const BPF_LINK_GET_NEXT_ID: u32 = 31;
/// `enum bpf_cmd`: turn statistics on. Linux 5.8.
pub const BPF_ENABLE_STATS: u32 = 32;
/// `enum bpf_cmd`: an iterator fd from an iterator link. Linux 5.8.
pub const BPF_ITER_CREATE: u32 = 33;
/// `enum bpf_cmd`: detach a link. Linux 5.9.
pub const BPF_LINK_DETACH: u32 = 34;
/// `enum bpf_cmd`: tie a map's lifetime to a program. Linux 5.10.
pub const BPF_PROG_BIND_MAP: u32 = 35;
/// `enum bpf_cmd`: create a BPF token from a bpffs. Linux 6.9.
pub const BPF_TOKEN_CREATE: u32 = 36;
/// `enum bpf_cmd`: read a program's stdout/stderr stream. Linux 6.17.
pub const BPF_PROG_STREAM_READ_BY_FD: u32 = 37;
/// `__MAX_BPF_CMD` in Linux 6.18: one past the last command.
pub const MAX_BPF_CMD: u32 = 38;

/// One command of `bpf(2)` as Linux 6.18 handles it: the attr struct it
/// reads and the last field its `CHECK_ATTR` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Command {
    /// The `enum bpf_cmd` value.
    pub cmd: u32,
    /// The C name, `"BPF_MAP_CREATE"`.
    pub name: &'static str,
    /// The release that added the command, as `KERNEL_VERSION(x, y, 0)`.
    pub since: u32,
    /// The layout of the command's attr struct (commands sharing a struct
    /// share the layout).
    pub attr: &'static Layout,
    /// The member `<CMD>_LAST_FIELD` names in `kernel/bpf/syscall.c` of
    /// Linux 6.18, as a member designator of `union bpf_attr`
    /// (`"excl_prog_hash_size"`, `"link_create.uprobe_multi.pid"`).
    pub last_field: &'static str,
    /// `offsetofend(union bpf_attr, last_field)`: `CHECK_ATTR` fails with
    /// `EINVAL` when any byte from here to [`BPF_ATTR_SIZE`] is non-zero.
    pub last_field_end: usize,
}

/// `offsetof(S, field) + sizeof(field)`.
macro_rules! end_of {
    ($s:ty, $f:ident: $t:ty) => {
        offset_of!($s, $f) + size_of::<$t>()
    };
}

const fn cmd(
    cmd: u32,
    name: &'static str,
    since: u32,
    attr: &'static Layout,
    last_field: &'static str,
    last_field_end: usize,
) -> Command {
    Command { cmd, name, since, attr, last_field, last_field_end }
}

// Where the commands' last fields end, from the structs themselves.
const MAP_ELEM_FLAGS_END: usize = end_of!(bpf_attr_map_elem, flags: u64);
const MAP_ELEM_KEY_END: usize = end_of!(bpf_attr_map_elem, key: u64);
// `next_key` is an alias of `value`.
const MAP_ELEM_NEXT_KEY_END: usize = end_of!(bpf_attr_map_elem, value: u64);
const MAP_ELEM_MAP_FD_END: usize = end_of!(bpf_attr_map_elem, map_fd: u32);
const GET_ID_NEXT_ID_END: usize = end_of!(bpf_attr_get_id, next_id: u32);
// `prog_id` and `link_id` are aliases of `start_id`.
const GET_ID_START_ID_END: usize = end_of!(bpf_attr_get_id, start_id: u32);
const LINK_CREATE_LAST_END: usize =
    link::LINK_CREATE_UNION_OFFSET + end_of!(bpf_attr_link_create_uprobe_multi, pid: u32);

/// Every command of Linux 6.18, indexed by its number: `COMMANDS[c].cmd
/// == c`. The last fields are those `kernel/bpf/syscall.c` of 6.18 names
/// (`#define BPF_MAP_CREATE_LAST_FIELD excl_prog_hash_size`, …; the pin
/// and get commands share `BPF_OBJ_LAST_FIELD`, the `*_GET_NEXT_ID`
/// commands `BPF_OBJ_GET_NEXT_ID_LAST_FIELD`, the batch commands
/// `BPF_MAP_BATCH_LAST_FIELD`). Each `last_field_end` was also measured on
/// the running 6.18 kernel: with every field the command reads set to a
/// value that fails later than `CHECK_ATTR` (a bad fd, a bad pointer), a
/// non-zero byte at `last_field_end` gives `EINVAL` and one in the last
/// field does not.
pub const COMMANDS: &[Command] = &[
    cmd(
        BPF_MAP_CREATE,
        "BPF_MAP_CREATE",
        release(3, 18),
        bpf_attr_map_create::LAYOUT,
        "excl_prog_hash_size",
        end_of!(bpf_attr_map_create, excl_prog_hash_size: u32),
    ),
    cmd(
        BPF_MAP_LOOKUP_ELEM,
        "BPF_MAP_LOOKUP_ELEM",
        release(3, 18),
        bpf_attr_map_elem::LAYOUT,
        "flags",
        MAP_ELEM_FLAGS_END,
    ),
    cmd(
        BPF_MAP_UPDATE_ELEM,
        "BPF_MAP_UPDATE_ELEM",
        release(3, 18),
        bpf_attr_map_elem::LAYOUT,
        "flags",
        MAP_ELEM_FLAGS_END,
    ),
    cmd(
        BPF_MAP_DELETE_ELEM,
        "BPF_MAP_DELETE_ELEM",
        release(3, 18),
        bpf_attr_map_elem::LAYOUT,
        "key",
        MAP_ELEM_KEY_END,
    ),
    cmd(
        BPF_MAP_GET_NEXT_KEY,
        "BPF_MAP_GET_NEXT_KEY",
        release(3, 18),
        bpf_attr_map_elem::LAYOUT,
        "next_key",
        MAP_ELEM_NEXT_KEY_END,
    ),
    cmd(
        BPF_PROG_LOAD,
        "BPF_PROG_LOAD",
        release(3, 18),
        bpf_attr_prog_load::LAYOUT,
        "keyring_id",
        end_of!(bpf_attr_prog_load, keyring_id: i32),
    ),
    cmd(
        BPF_OBJ_PIN,
        "BPF_OBJ_PIN",
        release(4, 4),
        bpf_attr_obj_pin::LAYOUT,
        "path_fd",
        end_of!(bpf_attr_obj_pin, path_fd: i32),
    ),
    cmd(
        BPF_OBJ_GET,
        "BPF_OBJ_GET",
        release(4, 4),
        bpf_attr_obj_pin::LAYOUT,
        "path_fd",
        end_of!(bpf_attr_obj_pin, path_fd: i32),
    ),
    cmd(
        BPF_PROG_ATTACH,
        "BPF_PROG_ATTACH",
        release(4, 10),
        bpf_attr_prog_attach::LAYOUT,
        "expected_revision",
        end_of!(bpf_attr_prog_attach, expected_revision: u64),
    ),
    cmd(
        BPF_PROG_DETACH,
        "BPF_PROG_DETACH",
        release(4, 10),
        bpf_attr_prog_attach::LAYOUT,
        "expected_revision",
        end_of!(bpf_attr_prog_attach, expected_revision: u64),
    ),
    cmd(
        BPF_PROG_TEST_RUN,
        "BPF_PROG_TEST_RUN",
        release(4, 12),
        bpf_attr_test::LAYOUT,
        "test.batch_size",
        end_of!(bpf_attr_test, batch_size: u32),
    ),
    cmd(
        BPF_PROG_GET_NEXT_ID,
        "BPF_PROG_GET_NEXT_ID",
        release(4, 13),
        bpf_attr_get_id::LAYOUT,
        "next_id",
        GET_ID_NEXT_ID_END,
    ),
    cmd(
        BPF_MAP_GET_NEXT_ID,
        "BPF_MAP_GET_NEXT_ID",
        release(4, 13),
        bpf_attr_get_id::LAYOUT,
        "next_id",
        GET_ID_NEXT_ID_END,
    ),
    cmd(
        BPF_PROG_GET_FD_BY_ID,
        "BPF_PROG_GET_FD_BY_ID",
        release(4, 13),
        bpf_attr_get_id::LAYOUT,
        "prog_id",
        GET_ID_START_ID_END,
    ),
    cmd(
        BPF_MAP_GET_FD_BY_ID,
        "BPF_MAP_GET_FD_BY_ID",
        release(4, 13),
        bpf_attr_get_id::LAYOUT,
        "open_flags",
        end_of!(bpf_attr_get_id, open_flags: u32),
    ),
    cmd(
        BPF_OBJ_GET_INFO_BY_FD,
        "BPF_OBJ_GET_INFO_BY_FD",
        release(4, 13),
        bpf_attr_info::LAYOUT,
        "info.info",
        end_of!(bpf_attr_info, info: u64),
    ),
    cmd(
        BPF_PROG_QUERY,
        "BPF_PROG_QUERY",
        release(4, 15),
        bpf_attr_query::LAYOUT,
        "query.revision",
        end_of!(bpf_attr_query, revision: u64),
    ),
    cmd(
        BPF_RAW_TRACEPOINT_OPEN,
        "BPF_RAW_TRACEPOINT_OPEN",
        release(4, 17),
        bpf_attr_raw_tracepoint::LAYOUT,
        "raw_tracepoint.cookie",
        end_of!(bpf_attr_raw_tracepoint, cookie: u64),
    ),
    cmd(
        BPF_BTF_LOAD,
        "BPF_BTF_LOAD",
        release(4, 18),
        bpf_attr_btf_load::LAYOUT,
        "btf_token_fd",
        end_of!(bpf_attr_btf_load, btf_token_fd: i32),
    ),
    cmd(
        BPF_BTF_GET_FD_BY_ID,
        "BPF_BTF_GET_FD_BY_ID",
        release(4, 18),
        bpf_attr_get_id::LAYOUT,
        "fd_by_id_token_fd",
        end_of!(bpf_attr_get_id, fd_by_id_token_fd: i32),
    ),
    cmd(
        BPF_TASK_FD_QUERY,
        "BPF_TASK_FD_QUERY",
        release(4, 18),
        bpf_attr_task_fd_query::LAYOUT,
        "task_fd_query.probe_addr",
        end_of!(bpf_attr_task_fd_query, probe_addr: u64),
    ),
    cmd(
        BPF_MAP_LOOKUP_AND_DELETE_ELEM,
        "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
        release(4, 20),
        bpf_attr_map_elem::LAYOUT,
        "flags",
        MAP_ELEM_FLAGS_END,
    ),
    cmd(
        BPF_MAP_FREEZE,
        "BPF_MAP_FREEZE",
        release(5, 2),
        bpf_attr_map_elem::LAYOUT,
        "map_fd",
        MAP_ELEM_MAP_FD_END,
    ),
    cmd(
        BPF_BTF_GET_NEXT_ID,
        "BPF_BTF_GET_NEXT_ID",
        release(5, 4),
        bpf_attr_get_id::LAYOUT,
        "next_id",
        GET_ID_NEXT_ID_END,
    ),
    cmd(
        BPF_MAP_LOOKUP_BATCH,
        "BPF_MAP_LOOKUP_BATCH",
        release(5, 6),
        bpf_attr_batch::LAYOUT,
        "batch.flags",
        end_of!(bpf_attr_batch, flags: u64),
    ),
    cmd(
        BPF_MAP_LOOKUP_AND_DELETE_BATCH,
        "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
        release(5, 6),
        bpf_attr_batch::LAYOUT,
        "batch.flags",
        end_of!(bpf_attr_batch, flags: u64),
    ),
    cmd(
        BPF_MAP_UPDATE_BATCH,
        "BPF_MAP_UPDATE_BATCH",
        release(5, 6),
        bpf_attr_batch::LAYOUT,
        "batch.flags",
        end_of!(bpf_attr_batch, flags: u64),
    ),
    cmd(
        BPF_MAP_DELETE_BATCH,
        "BPF_MAP_DELETE_BATCH",
        release(5, 6),
        bpf_attr_batch::LAYOUT,
        "batch.flags",
        end_of!(bpf_attr_batch, flags: u64),
    ),
    cmd(
        BPF_LINK_CREATE,
        "BPF_LINK_CREATE",
        release(5, 7),
        bpf_attr_link_create::LAYOUT,
        "link_create.uprobe_multi.pid",
        LINK_CREATE_LAST_END,
    ),
    cmd(
        BPF_LINK_UPDATE,
        "BPF_LINK_UPDATE",
        release(5, 7),
        bpf_attr_link_update::LAYOUT,
        "link_update.old_prog_fd",
        end_of!(bpf_attr_link_update, old_prog_fd: u32),
    ),
    cmd(
        BPF_LINK_GET_FD_BY_ID,
        "BPF_LINK_GET_FD_BY_ID",
        release(5, 8),
        bpf_attr_get_id::LAYOUT,
        "link_id",
        GET_ID_START_ID_END,
    ),
    cmd(
        BPF_LINK_GET_NEXT_ID,
        "BPF_LINK_GET_NEXT_ID",
        release(5, 8),
        bpf_attr_get_id::LAYOUT,
        "next_id",
        GET_ID_NEXT_ID_END,
    ),
    cmd(
        BPF_ENABLE_STATS,
        "BPF_ENABLE_STATS",
        release(5, 8),
        bpf_attr_enable_stats::LAYOUT,
        "enable_stats.type",
        end_of!(bpf_attr_enable_stats, r#type: u32),
    ),
    cmd(
        BPF_ITER_CREATE,
        "BPF_ITER_CREATE",
        release(5, 8),
        bpf_attr_iter_create::LAYOUT,
        "iter_create.flags",
        end_of!(bpf_attr_iter_create, flags: u32),
    ),
    cmd(
        BPF_LINK_DETACH,
        "BPF_LINK_DETACH",
        release(5, 9),
        bpf_attr_link_detach::LAYOUT,
        "link_detach.link_fd",
        end_of!(bpf_attr_link_detach, link_fd: u32),
    ),
    cmd(
        BPF_PROG_BIND_MAP,
        "BPF_PROG_BIND_MAP",
        release(5, 10),
        bpf_attr_prog_bind_map::LAYOUT,
        "prog_bind_map.flags",
        end_of!(bpf_attr_prog_bind_map, flags: u32),
    ),
    cmd(
        BPF_TOKEN_CREATE,
        "BPF_TOKEN_CREATE",
        release(6, 9),
        bpf_attr_token_create::LAYOUT,
        "token_create.bpffs_fd",
        end_of!(bpf_attr_token_create, bpffs_fd: u32),
    ),
    cmd(
        BPF_PROG_STREAM_READ_BY_FD,
        "BPF_PROG_STREAM_READ_BY_FD",
        release(6, 17),
        bpf_attr_prog_stream_read::LAYOUT,
        "prog_stream_read.prog_fd",
        end_of!(bpf_attr_prog_stream_read, prog_fd: u32),
    ),
];

// The table is indexed by command number and covers every command.
const _: () = {
    assert!(COMMANDS.len() == MAX_BPF_CMD as usize);
    let mut i = 0;
    while i < COMMANDS.len() {
        let c = &COMMANDS[i];
        assert!(c.cmd as usize == i, "COMMANDS must be indexed by command number");
        assert!(c.last_field_end <= c.attr.size, "a last field ends inside its struct");
        assert!(c.attr.size <= BPF_ATTR_SIZE);
        i += 1;
    }
};

/// The command numbered `cmd` (an `enum bpf_cmd` value), if Linux 6.18
/// has it.
pub const fn command(cmd: u32) -> Option<&'static Command> {
    if (cmd as usize) < COMMANDS.len() {
        Some(&COMMANDS[cmd as usize])
    } else {
        None
    }
}

/// The layout of the attr struct of command `cmd`.
pub const fn attr_layout(cmd: u32) -> Option<&'static Layout> {
    match command(cmd) {
        Some(c) => Some(c.attr),
        None => None,
    }
}

/// `offsetofend(union bpf_attr, <CMD>_LAST_FIELD)` in Linux 6.18: where the
/// kernel's `CHECK_ATTR(cmd)` starts requiring zero bytes (up to
/// [`BPF_ATTR_SIZE`]); `None` for an unknown command.
///
/// ```
/// use extensible_abi_bpf::attr::{last_field_end, BPF_MAP_CREATE, BPF_MAP_DELETE_ELEM};
///
/// assert_eq!(last_field_end(BPF_MAP_CREATE), Some(92));
/// // Delete reads only map_fd and key: value and flags must be zero.
/// assert_eq!(last_field_end(BPF_MAP_DELETE_ELEM), Some(16));
/// assert_eq!(last_field_end(1000), None);
/// ```
pub const fn last_field_end(cmd: u32) -> Option<usize> {
    match command(cmd) {
        Some(c) => Some(c.last_field_end),
        None => None,
    }
}

const ATTR: &str = "union bpf_attr";

const fn uapi(
    layout: &'static Layout,
    c_member: &'static str,
    aliases: &'static [Alias],
) -> UapiStruct {
    UapiStruct { layout, c_type: ATTR, c_member, bitfields: &[], aliases }
}

/// Every attr struct of this module, in the order of `union bpf_attr`; a
/// struct comes before the structs that are its members (`link_create`
/// before `link_create.kprobe_multi`).
pub const ALL: &[UapiStruct] = &[
    uapi(bpf_attr_map_create::LAYOUT, "", &[]),
    uapi(bpf_attr_map_elem::LAYOUT, "", map::MAP_ELEM_ALIASES),
    uapi(bpf_attr_batch::LAYOUT, "batch", &[]),
    uapi(bpf_attr_prog_load::LAYOUT, "", prog::PROG_LOAD_ALIASES),
    uapi(bpf_attr_obj_pin::LAYOUT, "", &[]),
    uapi(bpf_attr_prog_attach::LAYOUT, "", obj::PROG_ATTACH_ALIASES),
    uapi(bpf_attr_test::LAYOUT, "test", &[]),
    uapi(bpf_attr_get_id::LAYOUT, "", obj::GET_ID_ALIASES),
    uapi(bpf_attr_info::LAYOUT, "info", &[]),
    uapi(bpf_attr_query::LAYOUT, "query", obj::QUERY_ALIASES),
    uapi(bpf_attr_raw_tracepoint::LAYOUT, "raw_tracepoint", &[]),
    uapi(bpf_attr_btf_load::LAYOUT, "", &[]),
    uapi(bpf_attr_task_fd_query::LAYOUT, "task_fd_query", &[]),
    uapi(bpf_attr_link_create::LAYOUT, "link_create", link::LINK_CREATE_ALIASES),
    uapi(bpf_attr_link_create_perf_event::LAYOUT, "link_create.perf_event", &[]),
    uapi(bpf_attr_link_create_kprobe_multi::LAYOUT, "link_create.kprobe_multi", &[]),
    uapi(bpf_attr_link_create_tracing::LAYOUT, "link_create.tracing", &[]),
    uapi(bpf_attr_link_create_netfilter::LAYOUT, "link_create.netfilter", &[]),
    uapi(bpf_attr_link_create_tcx::LAYOUT, "link_create.tcx", link::TCX_ALIASES),
    uapi(bpf_attr_link_create_uprobe_multi::LAYOUT, "link_create.uprobe_multi", &[]),
    uapi(bpf_attr_link_create_netkit::LAYOUT, "link_create.netkit", link::NETKIT_ALIASES),
    uapi(bpf_attr_link_create_cgroup::LAYOUT, "link_create.cgroup", link::CGROUP_ALIASES),
    uapi(bpf_attr_link_update::LAYOUT, "link_update", link::LINK_UPDATE_ALIASES),
    uapi(bpf_attr_link_detach::LAYOUT, "link_detach", &[]),
    uapi(bpf_attr_enable_stats::LAYOUT, "enable_stats", &[]),
    uapi(bpf_attr_iter_create::LAYOUT, "iter_create", &[]),
    uapi(bpf_attr_prog_bind_map::LAYOUT, "prog_bind_map", &[]),
    uapi(bpf_attr_token_create::LAYOUT, "token_create", &[]),
    uapi(bpf_attr_prog_stream_read::LAYOUT, "prog_stream_read", &[]),
];
