// #1395 again (see win_1395_map_ids_inserted.rs), done the way that
// silences the offset checks: the moved fields' frozen offsets rewritten
// to where they now are, and `map_ids` dated as if it had always been
// there. v0.2.0's released size, frozen with the struct, still refuses it:
// v0.2.0 … v0.4.0 callers pass 116 bytes laid out the old way.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
#[abi(version = "0.2", size = 116)]
pub struct bpf_prog_info {
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    #[abi(since = "0.2", offset = 8)]
    pub nr_map_ids: u32,
    #[abi(since = "0.2", offset = 12)]
    pub _pad: u32,
    #[abi(since = "0.2", offset = 16)]
    pub map_ids: u64,
    #[abi(since = "0.2", offset = 24)]
    pub name: [u8; 64],
    #[abi(since = "0.2", offset = 88)]
    pub type_uuid: [u32; 4],
    #[abi(since = "0.2", offset = 104)]
    pub attach_type_uuid: [u32; 4],
    #[abi(since = "0.2", offset = 120)]
    pub pinned_path_count: u32,
    #[abi(since = "0.2", offset = 124)]
    pub link_count: u32,
}

fn main() {}
