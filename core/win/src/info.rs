//! The info structs `bpf_obj_get_info_by_fd` fills, as eBPF-for-Windows
//! v1.5.0 declares them (`include/ebpf_structs.h`), x64.
//!
//! Each field's `since` is the release that gave it its present offset, so
//! a struct's version table says which prefix of it a caller built against
//! an older release shares with the present one. Where a field moved (a
//! mid-struct insertion), the older caller's struct is another layout:
//! [`crate::history`] has it, and no length rule can make the two agree.
//!
//! | struct | versions (release: size of the shared prefix) | `sizeof` at v1.5.0 |
//! |---|---|---|
//! | [`bpf_map_info`] | 0.2: 96 | 96 |
//! | [`bpf_prog_info`] | 0.2: 12, 0.5: 128 | 128 |
//! | [`bpf_link_info`] | 0.2: 52, 0.3: 56 | 56 |

use extensible_abi::extensible_abi;

use crate::{Guid, BPF_OBJ_NAME_LEN};

/// `struct bpf_map_info`: one layout at every tag from v0.2.0 to v1.5.0.
///
/// | release | `sizeof` | change |
/// |---|---|---|
/// | v0.2.0 | 96 | the layout of commit 20d7a6565 (#576, 2021-09-23), before the first tag |
///
/// Its history before the first tag (#510, #553, #581 appends, then #576
/// inserting `map_flags` before `inner_map_id`) is in [`crate::history`].
/// The runtime always sets `map_flags` to 0 and `inner_map_id` to
/// `EBPF_ID_NONE` (0) for maps that are not maps of maps.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::bpf_map_info;
///
/// assert_eq!(bpf_map_info::LAYOUT.size, 96);
/// assert_eq!(bpf_map_info::LAYOUT.field("pinned_path_count").unwrap().offset, 92);
/// // The #4160 reporter's call: sizeof(info) - sizeof(info.pinned_path_count).
/// assert!(!bpf_map_info::is_present("pinned_path_count", 92));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "0.2", size = 96)]
pub struct bpf_map_info {
    /// The map's id (`ebpf_id_t`).
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// `ebpf_map_type_t` (see [`crate::consts::map_type`]).
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    /// Key size in bytes.
    #[abi(since = "0.2", offset = 8)]
    pub key_size: u32,
    /// Value size in bytes.
    #[abi(since = "0.2", offset = 12)]
    pub value_size: u32,
    /// Maximum number of entries.
    #[abi(since = "0.2", offset = 16)]
    pub max_entries: u32,
    /// The map's name, NUL-padded (`char name[BPF_OBJ_NAME_LEN]`).
    #[abi(since = "0.2", offset = 20)]
    pub name: [u8; BPF_OBJ_NAME_LEN],
    /// Map flags (#576 inserted it here; always 0).
    #[abi(since = "0.2", offset = 84)]
    pub map_flags: u32,
    /// The inner map's id, for maps of maps; else 0 (`EBPF_ID_NONE`).
    #[abi(since = "0.2", offset = 88)]
    pub inner_map_id: u32,
    /// How many paths the map is pinned at.
    #[abi(since = "0.2", offset = 92)]
    pub pinned_path_count: u32,
}

/// `struct bpf_prog_info` as v0.5.0 through v1.5.0 declare it.
///
/// | release | `sizeof` | change |
/// |---|---|---|
/// | v0.2.0 … v0.4.0 | 116 | another layout: [`crate::history::bpf_prog_info_0_2`] |
/// | v0.5.0 | 128 | #1395 (568e8f0bd) inserted `map_ids` after `nr_map_ids`, behind a 4-byte hole: `name` and every field after it moved by 12 |
///
/// So only `id`, `type` and `nr_map_ids` (12 bytes, version "0.2") mean
/// the same to a caller built against v0.2.0 … v0.4.0; version "0.5" is
/// the whole struct. `map_ids` is both input and output: the runtime reads
/// the caller's `nr_map_ids` and `map_ids` and writes map ids there.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::bpf_prog_info;
///
/// let sizes: Vec<_> = bpf_prog_info::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.2", 12), ("0.5", 128)]);
/// assert_eq!((bpf_prog_info::LAYOUT.size, bpf_prog_info::LAYOUT.align), (128, 8));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "0.2", size = 12)]
#[abi(version = "0.5", size = 128)]
pub struct bpf_prog_info {
    /// The program's id.
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// `enum bpf_prog_type` (#534 inserted it here).
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    /// In: how many ids `map_ids` has room for. Out: how many maps the
    /// program uses.
    #[abi(since = "0.2", offset = 8)]
    pub nr_map_ids: u32,
    /// C's implicit padding before `map_ids`, named.
    #[abi(since = "0.5", offset = 12)]
    pub _pad: u32,
    /// In and out: the caller's `ebpf_id_t` array (`uintptr_t`).
    #[abi(since = "0.5", offset = 16)]
    pub map_ids: u64,
    /// The program's name, NUL-padded.
    #[abi(since = "0.5", offset = 24)]
    pub name: [u8; BPF_OBJ_NAME_LEN],
    /// The program type's GUID.
    #[abi(since = "0.5", offset = 88)]
    pub type_uuid: Guid,
    /// The expected attach type's GUID.
    #[abi(since = "0.5", offset = 104)]
    pub attach_type_uuid: Guid,
    /// How many paths the program is pinned at.
    #[abi(since = "0.5", offset = 120)]
    pub pinned_path_count: u32,
    /// How many links the program has.
    #[abi(since = "0.5", offset = 124)]
    pub link_count: u32,
}

/// `struct bpf_link_info` as v0.3.0 through v1.5.0 declare it (its union
/// as storage fields, one per release that grew it).
///
/// | release | `sizeof` | change |
/// |---|---|---|
/// | v0.2.0 | 52 | union { `xdp.ifindex` } at 48; struct alignment 4 |
/// | v0.3.0 | 56 | #1311 (e4ccdc8b1): the union gained `cgroup.cgroup_id` (u64) and `attach_data`, so it is 8 bytes, 8-aligned, and so is the struct |
///
/// #1288 (v0.3.0) changed `attach_type` from `int` to `enum
/// bpf_attach_type` without changing its size. The runtime copies an
/// extension's attach parameters into the union (at most its 8 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::bpf_link_info;
///
/// let sizes: Vec<_> = bpf_link_info::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.2", 52), ("0.3", 56)]);
/// assert_eq!(bpf_link_info::LAYOUT.align, 8);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "0.2", size = 52)]
#[abi(version = "0.3", size = 56)]
pub struct bpf_link_info {
    /// The link's id.
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// The linked program's id.
    #[abi(since = "0.2", offset = 4)]
    pub prog_id: u32,
    /// `enum bpf_link_type`.
    #[abi(since = "0.2", offset = 8)]
    pub r#type: u32,
    /// `enum bpf_attach_type` (`int` before v0.3.0).
    #[abi(since = "0.2", offset = 12)]
    pub attach_type: u32,
    /// The attach type's GUID.
    #[abi(since = "0.2", offset = 16)]
    pub attach_type_uuid: Guid,
    /// The program type's GUID.
    #[abi(since = "0.2", offset = 32)]
    pub program_type_uuid: Guid,
    /// Union bytes 0..4, since v0.2.0: `xdp.ifindex`, or the low half of
    /// `cgroup.cgroup_id` / `attach_data`. Read with [`Self::xdp_ifindex`],
    /// [`Self::cgroup_id`], [`Self::attach_data`].
    #[abi(since = "0.2", offset = 48)]
    pub _union_0_2: u32,
    /// Union bytes 4..8, since v0.3.0 (#1311).
    #[abi(since = "0.3", offset = 52)]
    pub _union_0_3: u32,
    /// No bytes: the 8-byte alignment the union's `u64` member gave the
    /// struct in v0.3.0.
    #[abi(since = "0.3", offset = 56)]
    pub _align_0_3: [u64; 0],
}

impl bpf_link_info {
    /// `xdp.ifindex`.
    pub const fn xdp_ifindex(&self) -> u32 {
        self._union_0_2
    }

    /// `attach_data`: the union's 8 bytes.
    pub fn attach_data(&self) -> [u8; 8] {
        let mut b = [0; 8];
        b[..4].copy_from_slice(&self._union_0_2.to_ne_bytes());
        b[4..].copy_from_slice(&self._union_0_3.to_ne_bytes());
        b
    }

    /// Stores `attach_data`: the union's 8 bytes.
    pub fn set_attach_data(&mut self, data: [u8; 8]) {
        let [a, b, c, d, e, f, g, h] = data;
        self._union_0_2 = u32::from_ne_bytes([a, b, c, d]);
        self._union_0_3 = u32::from_ne_bytes([e, f, g, h]);
    }

    /// `cgroup.cgroup_id`.
    pub fn cgroup_id(&self) -> u64 {
        u64::from_ne_bytes(self.attach_data())
    }
}
