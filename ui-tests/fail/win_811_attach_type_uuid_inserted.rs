// eBPF-for-Windows' struct bpf_prog_info as commit 956244fb7 (#548) left
// it, 100 bytes (1: #534's layout, 2: #548's appends; before the first
// tag). Then #811 (3470d6d7b) inserts `attach_type_uuid` after
// `type_uuid`: `pinned_path_count` moves from 92 to 108 and `link_count`
// from 96 to 112.
use extensible_abi::extensible_abi;

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
    #[abi(since = 3, offset = 92)]
    pub attach_type_uuid: [u32; 4], // #811
    #[abi(since = 2, offset = 92)]
    pub pinned_path_count: u32,
    #[abi(since = 2, offset = 96)]
    pub link_count: u32,
}

fn main() {}
