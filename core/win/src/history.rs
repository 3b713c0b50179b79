//! How the info structs got their shapes, commit by commit, and the one
//! released layout that no longer exists: `bpf_prog_info` of v0.2.0 …
//! v0.4.0.
//!
//! Every change up to #811 came before the first tag, v0.2.0 (there is no
//! v0.1.0); #1288 and #1311 are first in v0.3.0, #1395 in v0.5.0.
//! "insert" is a field added before existing ones, which moves them; the
//! attribute refuses that at compile time (`ui-tests/fail/win_*.rs` replay
//! each insertion), and accepts every append (`ui-tests/pass/win_appends.rs`).
//!
//! # `bpf_map_info`
//!
//! | commit (PR) | date | change | `sizeof` |
//! |---|---|---|---|
//! | b6a0fb84b (#510) | 2021-09-10 | created: id 0, type 4, key_size 8, value_size 12, max_entries 16, name 20 | 84 |
//! | 52e4acdcd (#553) | 2021-09-17 | append inner_map_id @84 | 88 |
//! | 6d3be2a0c (#581) | 2021-09-21 | append pinned_path_count @88 | 92 |
//! | 20d7a6565 (#576) | 2021-09-23 | **insert** map_flags @84: inner_map_id 84→88, pinned_path_count 88→92 | 96 |
//!
//! Unchanged since, at every tag from v0.2.0 to v1.5.0.
//!
//! # `bpf_prog_info`
//!
//! | commit (PR) | date | first tag | change | `sizeof` |
//! |---|---|---|---|---|
//! | b6a0fb84b (#510) | 2021-09-10 | v0.2.0 | created: id 0, nr_map_ids 4, name 8 | 72 |
//! | aa09128ae (#534) | 2021-09-15 | v0.2.0 | **insert** type @4 (nr_map_ids 4→8, name 8→12), and append type_uuid @76 | 92 |
//! | 956244fb7 (#548) | 2021-09-17 | v0.2.0 | append pinned_path_count @92, link_count @96 | 100 |
//! | 3470d6d7b (#811) | 2022-04-01 | v0.2.0 | **insert** attach_type_uuid @92 (pinned_path_count 92→108, link_count 96→112) | 116 |
//! | 568e8f0bd (#1395) | 2022-09-30 | v0.5.0 | **insert** map_ids @16 after a 4-byte hole: name and everything after move by 12 | 128 |
//!
//! Project issue 15 counted three insertions; #534 is one too (the facts
//! file, `win-facts.md` §6.2): four in all.
//!
//! # `bpf_link_info`
//!
//! | commit (PR) | date | first tag | change | `sizeof` |
//! |---|---|---|---|---|
//! | b6a0fb84b (#510) | 2021-09-10 | v0.2.0 | created: id 0, prog_id 4 | 8 |
//! | 20d7a6565 (#576) | 2021-09-23 | v0.2.0 | append type @8, union { struct { int attach_type } } @12 | 16 |
//! | 1a1776908 (#603) | 2021-09-28 | v0.2.0 | append attach_type_uuid @16, program_type_uuid @32 inside that union's struct | 48 |
//! | 59c0b4e18 (#755) | 2022-02-14 | v0.2.0 | those fields move out of the union, at the same offsets; append union { xdp.ifindex } @48 | 52 |
//! | 7e0738ee0 (#1288) | 2022-07-29 | v0.3.0 | attach_type `int` → `enum bpf_attach_type` (same size) | 52 |
//! | e4ccdc8b1 (#1311) | 2022-08-07 | v0.3.0 | the union gains `cgroup.cgroup_id` (u64), `attach_data`: 8 bytes, 8-aligned | 56 |
//!
//! Only appends: a v0.2.0 caller's 52 bytes are a prefix of today's 56.

use extensible_abi::extensible_abi;

use crate::{Guid, BPF_OBJ_NAME_LEN};

/// `struct bpf_prog_info` as v0.2.0, v0.3.0 and v0.4.0 declared it (116
/// bytes): the layout #811 left and #1395 replaced.
///
/// A caller built against these releases and a runtime of v0.5.0 or later
/// agree on `id`, `type` and `nr_map_ids` only: from byte 12 on, each reads
/// the other's bytes as different fields, whatever length it passes.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::{bpf_prog_info, history::bpf_prog_info_0_2};
///
/// assert_eq!(bpf_prog_info_0_2::LAYOUT.size, 116);
/// let old = bpf_prog_info_0_2::LAYOUT.field("name").unwrap().offset;
/// let new = bpf_prog_info::LAYOUT.field("name").unwrap().offset;
/// assert_eq!((old, new), (12, 24));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "0.2", size = 116)]
pub struct bpf_prog_info_0_2 {
    /// The program's id.
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// `enum bpf_prog_type`.
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    /// How many maps the program uses (output only: there was no
    /// `map_ids` yet).
    #[abi(since = "0.2", offset = 8)]
    pub nr_map_ids: u32,
    /// The program's name, NUL-padded.
    #[abi(since = "0.2", offset = 12)]
    pub name: [u8; BPF_OBJ_NAME_LEN],
    /// The program type's GUID.
    #[abi(since = "0.2", offset = 76)]
    pub type_uuid: Guid,
    /// The expected attach type's GUID.
    #[abi(since = "0.2", offset = 92)]
    pub attach_type_uuid: Guid,
    /// How many paths the program is pinned at.
    #[abi(since = "0.2", offset = 108)]
    pub pinned_path_count: u32,
    /// How many links the program has.
    #[abi(since = "0.2", offset = 112)]
    pub link_count: u32,
}
