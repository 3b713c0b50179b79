//! `struct bpf_prog_info`.

use super::release;
use crate::Bitfield;
use extensible_abi::extensible_abi;

/// `struct bpf_prog_info`: what `BPF_OBJ_GET_INFO_BY_FD` reports about a
/// program. The `u64` fields named for arrays (`map_ids`, `jited_ksyms`, …)
/// are user pointers to buffers the caller provides, with the `nr_*` field
/// as their element count (in: room; out: the real count).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.13 | 40 | `type` … `xlated_prog_insns` |
/// | 4.15 | 80 | `load_time`, `created_by_uid`, `nr_map_ids`, `map_ids`, `name` |
/// | 4.16 | 104 | `ifindex`, `netns_dev`, `netns_ino` (4 bytes of padding after `ifindex`) |
/// | 4.18 | 128 | `gpl_compatible:1` (in that padding), `nr_jited_ksyms`, `nr_jited_func_lens`, `jited_ksyms`, `jited_func_lens` |
/// | 5.0 | 192 | `btf_id` … `prog_tags` (BTF func and line info, subprogram tags) |
/// | 5.1 | 208 | `run_time_ns`, `run_cnt` |
/// | 5.12 | 216 | `recursion_misses` |
/// | 5.16 | 224 | `verified_insns` (4 bytes of tail padding) |
/// | 6.0 | 232 | `attach_btf_obj_id` (in that tail padding), `attach_btf_id` (4 bytes of tail padding) |
///
/// `gpl_compatible` is a C bitfield: it lives in [`Self::_gpl_compatible`],
/// read with [`Self::gpl_compatible`].
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "4.13", size = 40)]
#[abi(version = "4.15", size = 80)]
#[abi(version = "4.16", size = 104)]
#[abi(version = "4.18", size = 128)]
#[abi(version = "5.0", size = 192)]
#[abi(version = "5.1", size = 208)]
#[abi(version = "5.12", size = 216)]
#[abi(version = "5.16", size = 224)]
#[abi(version = "6.0", size = 232)]
pub struct bpf_prog_info {
    /// `enum bpf_prog_type`. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 0)]
    pub r#type: u32,
    /// The program's id. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 4)]
    pub id: u32,
    /// The program's tag (a hash of its instructions). Added in Linux 4.13.
    #[abi(since = "4.13", offset = 8)]
    pub tag: [u8; 8],
    /// In/out: room in, length of the JITed image out. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 16)]
    pub jited_prog_len: u32,
    /// In/out: room in, length of the translated instructions out. Added
    /// in Linux 4.13.
    #[abi(since = "4.13", offset = 20)]
    pub xlated_prog_len: u32,
    /// User pointer: buffer for the JITed image. Added in Linux 4.13.
    #[abi(since = "4.13", offset = 24)]
    pub jited_prog_insns: u64,
    /// User pointer: buffer for the translated instructions. Added in
    /// Linux 4.13.
    #[abi(since = "4.13", offset = 32)]
    pub xlated_prog_insns: u64,
    /// Load time, in ns since boot. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 40)]
    pub load_time: u64,
    /// The uid that loaded the program. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 48)]
    pub created_by_uid: u32,
    /// In/out: room in `map_ids`, number of maps used. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 52)]
    pub nr_map_ids: u32,
    /// User pointer: buffer for the ids of the maps used (`u32` each).
    /// Added in Linux 4.15.
    #[abi(since = "4.15", offset = 56)]
    pub map_ids: u64,
    /// The program's name, NUL-padded (C `char[BPF_OBJ_NAME_LEN]`). Added in
    /// Linux 4.15.
    #[abi(since = "4.15", offset = 64)]
    pub name: [u8; 16],
    /// The device of an offloaded program. Added in Linux 4.16.
    #[abi(since = "4.16", offset = 80)]
    pub ifindex: u32,
    /// Storage word of the C bitfields `gpl_compatible:1` (Linux 4.18) and
    /// the unnamed `:31` after it: padding from Linux 4.16, when `ifindex`
    /// and `netns_dev` brought these bytes. Use [`Self::gpl_compatible`].
    #[abi(since = "4.16", offset = 84)]
    pub _gpl_compatible: u32,
    /// Network namespace device of an offloaded program. Added in Linux
    /// 4.16.
    #[abi(since = "4.16", offset = 88)]
    pub netns_dev: u64,
    /// Network namespace inode of an offloaded program. Added in Linux 4.16.
    #[abi(since = "4.16", offset = 96)]
    pub netns_ino: u64,
    /// In/out: room in `jited_ksyms`, number of JITed functions. Added in
    /// Linux 4.18.
    #[abi(since = "4.18", offset = 104)]
    pub nr_jited_ksyms: u32,
    /// In/out: room in `jited_func_lens`, number of JITed functions. Added
    /// in Linux 4.18.
    #[abi(since = "4.18", offset = 108)]
    pub nr_jited_func_lens: u32,
    /// User pointer: buffer for the JITed functions' addresses (`u64`
    /// each). Added in Linux 4.18.
    #[abi(since = "4.18", offset = 112)]
    pub jited_ksyms: u64,
    /// User pointer: buffer for the JITed functions' lengths (`u32` each).
    /// Added in Linux 4.18.
    #[abi(since = "4.18", offset = 120)]
    pub jited_func_lens: u64,
    /// The id of the program's BTF object. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 128)]
    pub btf_id: u32,
    /// In/out: size of one `bpf_func_info` record. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 132)]
    pub func_info_rec_size: u32,
    /// User pointer: buffer for `bpf_func_info` records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 136)]
    pub func_info: u64,
    /// In/out: number of `func_info` records. Added in Linux 5.0 (first
    /// written `func_info_cnt`, renamed before 5.0 was released).
    #[abi(since = "5.0", offset = 144)]
    pub nr_func_info: u32,
    /// In/out: number of `line_info` records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 148)]
    pub nr_line_info: u32,
    /// User pointer: buffer for `bpf_line_info` records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 152)]
    pub line_info: u64,
    /// User pointer: buffer for the JITed addresses of the line info
    /// records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 160)]
    pub jited_line_info: u64,
    /// In/out: number of `jited_line_info` records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 168)]
    pub nr_jited_line_info: u32,
    /// In/out: size of one `bpf_line_info` record. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 172)]
    pub line_info_rec_size: u32,
    /// In/out: size of one `jited_line_info` record. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 176)]
    pub jited_line_info_rec_size: u32,
    /// In/out: room in `prog_tags`, number of (sub)program tags. Added in
    /// Linux 5.0.
    #[abi(since = "5.0", offset = 180)]
    pub nr_prog_tags: u32,
    /// User pointer: buffer for the (sub)program tags (8 bytes each). Added
    /// in Linux 5.0.
    #[abi(since = "5.0", offset = 184)]
    pub prog_tags: u64,
    /// Total run time in ns (with `BPF_ENABLE_STATS`). Added in Linux 5.1.
    #[abi(since = "5.1", offset = 192)]
    pub run_time_ns: u64,
    /// Number of runs (with `BPF_ENABLE_STATS`). Added in Linux 5.1.
    #[abi(since = "5.1", offset = 200)]
    pub run_cnt: u64,
    /// Runs skipped because of recursion. Added in Linux 5.12.
    #[abi(since = "5.12", offset = 208)]
    pub recursion_misses: u64,
    /// Instructions the verifier processed. Added in Linux 5.16.
    #[abi(since = "5.16", offset = 216)]
    pub verified_insns: u32,
    /// The id of the BTF object of the attach target. Added in Linux 6.0,
    /// in bytes that were tail padding from 5.16.
    #[abi(since = "6.0", offset = 220, padding_since = "5.16")]
    pub attach_btf_obj_id: u32,
    /// The BTF type id of the attach target. Added in Linux 6.0.
    #[abi(since = "6.0", offset = 224)]
    pub attach_btf_id: u32,
    /// Tail padding (an unnamed `__u32 :32` in newer headers), since Linux
    /// 6.0.
    #[abi(since = "6.0", offset = 228)]
    pub _pad_tail: u32,
}

/// The bit of `gpl_compatible:1` in its storage word: C allocates
/// bitfields from the low-order bit on little-endian targets and from the
/// high-order bit on big-endian ones.
const GPL_COMPATIBLE_BIT: u32 = if cfg!(target_endian = "little") { 0 } else { 31 };

impl bpf_prog_info {
    /// `gpl_compatible:1`: whether the program's license is GPL-compatible.
    /// Added in Linux 4.18 (false before: the bits were padding).
    #[inline]
    pub fn gpl_compatible(&self) -> bool {
        self._gpl_compatible >> GPL_COMPATIBLE_BIT & 1 != 0
    }

    /// Sets `gpl_compatible:1`, leaving the other 31 bits of the storage
    /// word (C's unnamed `:31`) as they are.
    #[inline]
    pub fn set_gpl_compatible(&mut self, value: bool) {
        let mask = 1u32 << GPL_COMPATIBLE_BIT;
        self._gpl_compatible = (self._gpl_compatible & !mask) | if value { mask } else { 0 };
    }
}

/// The C bitfields.
pub(super) const BITFIELDS: &[Bitfield] = &[Bitfield {
    name: "gpl_compatible",
    storage: "_gpl_compatible",
    // Byte 84; BTF numbers bits in memory order, whatever the endianness.
    bit_offset: 84 * 8,
    bits: 1,
    since: release(4, 18),
}];
