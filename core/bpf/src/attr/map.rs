//! The map commands' attrs: `BPF_MAP_CREATE`, the element commands and the
//! batch commands.

use super::release;
use crate::Alias;
use extensible_abi::extensible_abi;

/// The anonymous struct of `union bpf_attr` that `BPF_MAP_CREATE` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 3.18 | 16 | `map_type`, `key_size`, `value_size`, `max_entries` |
/// | 4.6 | 20 | `map_flags` |
/// | 4.12 | 24 | `inner_map_fd` |
/// | 4.14 | 28 | `numa_node` |
/// | 4.15 | 44 | `map_name` |
/// | 4.16 | 48 | `map_ifindex` |
/// | 4.18 | 60 | `btf_fd`, `btf_key_type_id`, `btf_value_type_id` |
/// | 5.6 | 64 | `btf_vmlinux_value_type_id` |
/// | 5.16 | 72 | `map_extra` |
/// | 6.9 | 80 | `value_type_btf_obj_fd`, `map_token_fd` |
/// | 6.18 | 96 | `excl_prog_hash`, `excl_prog_hash_size` (4 bytes of tail padding) |
///
/// `CHECK_ATTR` (6.18): everything after `excl_prog_hash_size` must be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "3.18", size = 16)]
#[abi(version = "4.6", size = 20)]
#[abi(version = "4.12", size = 24)]
#[abi(version = "4.14", size = 28)]
#[abi(version = "4.15", size = 44)]
#[abi(version = "4.16", size = 48)]
#[abi(version = "4.18", size = 60)]
#[abi(version = "5.6", size = 64)]
#[abi(version = "5.16", size = 72)]
#[abi(version = "6.9", size = 80)]
#[abi(version = "6.18", size = 96)]
pub struct bpf_attr_map_create {
    /// `enum bpf_map_type`. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 0)]
    pub map_type: u32,
    /// Key size in bytes. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 4)]
    pub key_size: u32,
    /// Value size in bytes. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 8)]
    pub value_size: u32,
    /// Maximum number of entries. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 12)]
    pub max_entries: u32,
    /// `BPF_F_*` map creation flags. Added in Linux 4.6.
    #[abi(since = "4.6", offset = 16)]
    pub map_flags: u32,
    /// Fd of the inner map of a map-in-map. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 20)]
    pub inner_map_fd: u32,
    /// NUMA node (with `BPF_F_NUMA_NODE`). Added in Linux 4.14.
    #[abi(since = "4.14", offset = 24)]
    pub numa_node: u32,
    /// The map's name, NUL-padded (C `char[BPF_OBJ_NAME_LEN]`). Added in
    /// Linux 4.15.
    #[abi(since = "4.15", offset = 28)]
    pub map_name: [u8; 16],
    /// Ifindex of the netdev to create an offloaded map on. Added in
    /// Linux 4.16.
    #[abi(since = "4.16", offset = 44)]
    pub map_ifindex: u32,
    /// Fd of the BTF object describing key and value. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 48)]
    pub btf_fd: u32,
    /// BTF type id of the key. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 52)]
    pub btf_key_type_id: u32,
    /// BTF type id of the value. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 56)]
    pub btf_value_type_id: u32,
    /// BTF type id of a kernel struct stored as the value (struct_ops).
    /// Added in Linux 5.6.
    #[abi(since = "5.6", offset = 60)]
    pub btf_vmlinux_value_type_id: u32,
    /// Per-map-type extra (bloom filter hash count, arena address). Added
    /// in Linux 5.16.
    #[abi(since = "5.16", offset = 64)]
    pub map_extra: u64,
    /// Fd of the BTF object holding `btf_vmlinux_value_type_id` (C
    /// `__s32`). Added in Linux 6.9.
    #[abi(since = "6.9", offset = 72)]
    pub value_type_btf_obj_fd: i32,
    /// BPF token fd, with `BPF_F_TOKEN_FD` in `map_flags` (C `__s32`).
    /// Added in Linux 6.9.
    #[abi(since = "6.9", offset = 76)]
    pub map_token_fd: i32,
    /// User pointer to the hash of the only program allowed to use the map.
    /// Added in Linux 6.18.
    #[abi(since = "6.18", offset = 80)]
    pub excl_prog_hash: u64,
    /// Size of the `excl_prog_hash` buffer. Added in Linux 6.18.
    #[abi(since = "6.18", offset = 88)]
    pub excl_prog_hash_size: u32,
    /// Tail padding, since Linux 6.18.
    #[abi(since = "6.18", offset = 92)]
    pub _pad_tail: u32,
}

/// The anonymous struct of `union bpf_attr` that `BPF_MAP_LOOKUP_ELEM`,
/// `BPF_MAP_UPDATE_ELEM`, `BPF_MAP_DELETE_ELEM`, `BPF_MAP_GET_NEXT_KEY`,
/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM` and `BPF_MAP_FREEZE` read.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 3.18 | 24 | `map_fd` (4 bytes of padding after it), `key`, `value` / `next_key` |
/// | 3.19 | 32 | `flags` |
///
/// C's `union { value; next_key; }` is the field `value`; `next_key` is an
/// alias ([`Self::next_key`]).
///
/// `CHECK_ATTR` (6.18): lookup, update and lookup-and-delete read up to
/// `flags`, get-next-key up to `next_key`, delete up to `key`, freeze only
/// `map_fd`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "3.18", size = 24)]
#[abi(version = "3.19", size = 32)]
pub struct bpf_attr_map_elem {
    /// The map's fd. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 0)]
    pub map_fd: u32,
    /// Padding before the 8-aligned `key`, since Linux 3.18.
    #[abi(since = "3.18", offset = 4)]
    pub _pad0: u32,
    /// User pointer to the key. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 8)]
    pub key: u64,
    /// User pointer to the value; the same bytes are `next_key`
    /// ([`Self::next_key`]) for `BPF_MAP_GET_NEXT_KEY`. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 16)]
    pub value: u64,
    /// `BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`, `BPF_F_LOCK`…. Added in Linux
    /// 3.19.
    #[abi(since = "3.19", offset = 24)]
    pub flags: u64,
}

impl bpf_attr_map_elem {
    /// `next_key`: user pointer to where `BPF_MAP_GET_NEXT_KEY` writes the
    /// next key (the union member sharing `value`'s bytes). Added in Linux
    /// 3.18.
    #[inline]
    pub fn next_key(&self) -> u64 {
        self.value
    }

    /// Sets `next_key`.
    #[inline]
    pub fn set_next_key(&mut self, value: u64) {
        self.value = value;
    }
}

/// The C members of a union in [`bpf_attr_map_elem`] beyond its first.
pub(super) const MAP_ELEM_ALIASES: &[Alias] =
    &[Alias { name: "next_key", storage: "value", offset: 16, size: 8, since: release(3, 18) }];

/// `union bpf_attr`'s member `batch`, which the `BPF_MAP_*_BATCH` commands
/// read.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.6 | 56 | every field |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.6", size = 56)]
pub struct bpf_attr_batch {
    /// User pointer to the batch to start from (`NULL`: the beginning).
    /// Added in Linux 5.6.
    #[abi(since = "5.6", offset = 0)]
    pub in_batch: u64,
    /// User pointer to where the kernel writes the batch to resume from.
    /// Added in Linux 5.6.
    #[abi(since = "5.6", offset = 8)]
    pub out_batch: u64,
    /// User pointer to the keys. Added in Linux 5.6.
    #[abi(since = "5.6", offset = 16)]
    pub keys: u64,
    /// User pointer to the values. Added in Linux 5.6.
    #[abi(since = "5.6", offset = 24)]
    pub values: u64,
    /// In: how many elements `keys`/`values` hold; out: how many were
    /// processed. Added in Linux 5.6.
    #[abi(since = "5.6", offset = 32)]
    pub count: u32,
    /// The map's fd. Added in Linux 5.6.
    #[abi(since = "5.6", offset = 36)]
    pub map_fd: u32,
    /// Per-element flags (`BPF_F_LOCK`…). Added in Linux 5.6.
    #[abi(since = "5.6", offset = 40)]
    pub elem_flags: u64,
    /// Flags of the whole operation. Added in Linux 5.6.
    #[abi(since = "5.6", offset = 48)]
    pub flags: u64,
}
