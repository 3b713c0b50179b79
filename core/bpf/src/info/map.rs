//! `struct bpf_map_info`.

use extensible_abi::extensible_abi;

/// `struct bpf_map_info`: what `BPF_OBJ_GET_INFO_BY_FD` reports about a map.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.13 | 24 | `type` … `map_flags` |
/// | 4.15 | 40 | `name` |
/// | 4.16 | 64 | `ifindex`, `netns_dev`, `netns_ino` (4 bytes of padding after `ifindex`) |
/// | 4.18 | 80 | `btf_id`, `btf_key_type_id`, `btf_value_type_id` (4 bytes of tail padding) |
/// | 5.6 | 80 | `btf_vmlinux_value_type_id`, in the padding after `ifindex` |
/// | 5.16 | 88 | `map_extra` |
/// | 6.9 | 88 | `btf_vmlinux_id`, in the padding after `btf_value_type_id` |
/// | 6.18 | 104 | `hash`, `hash_size` (4 bytes of tail padding) |
///
/// `btf_vmlinux_value_type_id` and `btf_vmlinux_id` took bytes that were
/// padding (`padding_since`): each is dated with the release that named it
/// (5.6, 6.9), a version of the same size as the one before, while its
/// bytes count in the size from the release they came in (4.16, 4.18), so
/// every version's size stays C's `sizeof`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "4.13", size = 24)]
#[abi(version = "4.15", size = 40)]
#[abi(version = "4.16", size = 64)]
#[abi(version = "4.18", size = 80)]
#[abi(version = "5.6", size = 80)]
#[abi(version = "5.16", size = 88)]
#[abi(version = "6.9", size = 88)]
#[abi(version = "6.18", size = 104)]
pub struct bpf_map_info {
    /// `enum bpf_map_type`. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 0)]
    pub r#type: u32,
    /// The map's id. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 4)]
    pub id: u32,
    /// Key size in bytes. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 8)]
    pub key_size: u32,
    /// Value size in bytes. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 12)]
    pub value_size: u32,
    /// Maximum number of entries. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 16)]
    pub max_entries: u32,
    /// `BPF_F_*` map flags. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 20)]
    pub map_flags: u32,
    /// The map's name, NUL-padded (C `char[BPF_OBJ_NAME_LEN]`). Added in
    /// Linux 4.15.
    #[abi(since = "4.15", offset = 24)]
    pub name: [u8; 16],
    /// The device of an offloaded map. Added in Linux 4.16.
    #[abi(since = "4.16", offset = 40)]
    pub ifindex: u32,
    /// The vmlinux BTF type id of a struct_ops map's value. Added in Linux
    /// 5.6, in bytes that were padding from 4.16 (they came with
    /// `ifindex`/`netns_dev`), so zero from older kernels.
    #[abi(since = "5.6", offset = 44, padding_since = "4.16")]
    pub btf_vmlinux_value_type_id: u32,
    /// Network namespace device of an offloaded map. Added in Linux 4.16.
    #[abi(since = "4.16", offset = 48)]
    pub netns_dev: u64,
    /// Network namespace inode of an offloaded map. Added in Linux 4.16.
    #[abi(since = "4.16", offset = 56)]
    pub netns_ino: u64,
    /// The id of the map's BTF object. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 64)]
    pub btf_id: u32,
    /// BTF type id of the key. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 68)]
    pub btf_key_type_id: u32,
    /// BTF type id of the value. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 72)]
    pub btf_value_type_id: u32,
    /// The id of the kernel (vmlinux or module) BTF object of a struct_ops
    /// map's value type. Added in Linux 6.9, in bytes that were tail
    /// padding from 4.18 and an unnamed `__u32 :32` from 5.16, so zero
    /// from older kernels.
    #[abi(since = "6.9", offset = 76, padding_since = "4.18")]
    pub btf_vmlinux_id: u32,
    /// Map-type specific extra (e.g. the bloom filter's hash count). Added
    /// in Linux 5.16.
    #[abi(since = "5.16", offset = 80)]
    pub map_extra: u64,
    /// In/out: user pointer to a buffer for the map's SHA-256 hash. Added in
    /// Linux 6.18.
    #[abi(since = "6.18", offset = 88)]
    pub hash: u64,
    /// In/out: size of the `hash` buffer. Added in Linux 6.18.
    #[abi(since = "6.18", offset = 96)]
    pub hash_size: u32,
    /// Tail padding (C's unnamed `__u32 :32`), since Linux 6.18.
    #[abi(since = "6.18", offset = 100)]
    pub _pad_tail: u32,
}
