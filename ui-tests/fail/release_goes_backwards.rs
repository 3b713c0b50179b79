use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct MapInfo {
    #[abi(since = "4.13", offset = 0)]
    map_type: u32,
    #[abi(since = "5.2", offset = 4)]
    btf_id: u32,
    #[abi(since = "4.13", offset = 8)]
    id: u32,
    #[abi(since = "5.2", offset = 12)]
    _pad_tail: u32,
}

fn main() {}
