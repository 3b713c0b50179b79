// eBPF-for-Windows' appends compile: each struct annotated commit by
// commit (the versions count the commits that changed it), with the
// `sizeof` each commit gave it checked against the facts.
use extensible_abi::{extensible_abi, ExtensibleAbi};

/// bpf_map_info: #510 created it (1), #553 appended `inner_map_id` (2),
/// #581 `pinned_path_count` (3). (#576 then inserted `map_flags`: see
/// ui-tests/fail/win_576_map_flags_inserted.rs.)
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct bpf_map_info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 1, offset = 4)]
    pub r#type: u32,
    #[abi(since = 1, offset = 8)]
    pub key_size: u32,
    #[abi(since = 1, offset = 12)]
    pub value_size: u32,
    #[abi(since = 1, offset = 16)]
    pub max_entries: u32,
    #[abi(since = 1, offset = 20)]
    pub name: [u8; 64],
    #[abi(since = 2, offset = 84)]
    pub inner_map_id: u32, // #553
    #[abi(since = 3, offset = 88)]
    pub pinned_path_count: u32, // #581
}

/// bpf_prog_info after #534 (1), and #548's appends (2).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct bpf_prog_info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 1, offset = 4)]
    pub r#type: u32,
    #[abi(since = 1, offset = 8)]
    pub nr_map_ids: u32,
    #[abi(since = 1, offset = 12)]
    pub name: [u8; 64],
    #[abi(since = 1, offset = 76)]
    pub type_uuid: [u32; 4],
    #[abi(since = 2, offset = 92)]
    pub pinned_path_count: u32, // #548
    #[abi(since = 2, offset = 96)]
    pub link_count: u32, // #548
}

/// bpf_link_info: #510 (1), #576 (2), #603 (3), #755 (4, v0.2.0's 52
/// bytes), #1311 (5, v0.3.0: the union's `u64` member makes it 8 bytes
/// and the struct 8-aligned, 56 bytes). #1288 changed a type's name only.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct bpf_link_info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 1, offset = 4)]
    pub prog_id: u32,
    #[abi(since = 2, offset = 8)]
    pub r#type: u32, // #576
    #[abi(since = 2, offset = 12)]
    pub attach_type: u32, // #576
    #[abi(since = 3, offset = 16)]
    pub attach_type_uuid: [u32; 4], // #603
    #[abi(since = 3, offset = 32)]
    pub program_type_uuid: [u32; 4], // #603
    #[abi(since = 4, offset = 48)]
    pub _union_xdp: u32, // #755: union { xdp.ifindex }
    #[abi(since = 5, offset = 52)]
    pub _union_cgroup: u32, // #1311: cgroup.cgroup_id, attach_data
    #[abi(since = 5, offset = 56)]
    pub _align: [u64; 0], // #1311: the union's u64 aligns the struct
}

fn sizes(versions: &[extensible_abi::VersionInfo]) -> Vec<usize> {
    versions.iter().map(|v| v.size).collect()
}

fn main() {
    assert_eq!(sizes(bpf_map_info::LAYOUT.versions), [84, 88, 92]);
    assert_eq!(sizes(bpf_prog_info::LAYOUT.versions), [92, 100]);
    assert_eq!(sizes(bpf_link_info::LAYOUT.versions), [8, 16, 48, 52, 56]);
    assert_eq!(bpf_link_info::LAYOUT.align, 8);
    // Every older caller's bytes are a prefix of the newest struct.
    assert_eq!(bpf_link_info::version_for_len(52).unwrap().number, 4);
}
