// eBPF-for-Windows' struct bpf_map_info as commit 6d3be2a0c (#581) left
// it, 92 bytes, annotated version by version (1: #510, 2: #553, 3: #581;
// all before the first tag, v0.2.0). Then #576 (20d7a6565) inserts
// `map_flags` before `inner_map_id`: every released caller would read
// `inner_map_id` at 84 and `pinned_path_count` at 88, where the new
// struct keeps other fields. The attribute refuses the edit, naming the
// field that moved.
use extensible_abi::extensible_abi;

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
    #[abi(since = 4, offset = 84)]
    pub map_flags: u32, // #576
    #[abi(since = 2, offset = 84)]
    pub inner_map_id: u32,
    #[abi(since = 3, offset = 88)]
    pub pinned_path_count: u32,
}

fn main() {}
