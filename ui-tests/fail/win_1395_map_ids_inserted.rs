// eBPF-for-Windows' struct bpf_prog_info as released in v0.2.0, v0.3.0
// and v0.4.0 (116 bytes). Then #1395 (568e8f0bd, first in v0.5.0)
// inserts the 8-byte `map_ids` after `nr_map_ids`, behind a 4-byte hole:
// `name` moves from 12 to 24 and every field after it by 12. A program
// built against v0.4.0 reads every one of them wrong on v0.5.0, whatever
// info_len it passes.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct bpf_prog_info {
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    #[abi(since = "0.2", offset = 8)]
    pub nr_map_ids: u32,
    #[abi(since = "0.5", offset = 12)]
    pub _pad: u32, // #1395
    #[abi(since = "0.5", offset = 16)]
    pub map_ids: u64, // #1395
    #[abi(since = "0.2", offset = 12)]
    pub name: [u8; 64],
    #[abi(since = "0.2", offset = 76)]
    pub type_uuid: [u32; 4],
    #[abi(since = "0.2", offset = 92)]
    pub attach_type_uuid: [u32; 4],
    #[abi(since = "0.2", offset = 108)]
    pub pinned_path_count: u32,
    #[abi(since = "0.2", offset = 112)]
    pub link_count: u32,
}

fn main() {}
