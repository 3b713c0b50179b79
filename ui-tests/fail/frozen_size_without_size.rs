use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(version = "4.13")]
struct MapInfo {
    #[abi(since = "4.13", offset = 0)]
    map_type: u32,
    #[abi(since = "4.13", offset = 4)]
    id: u32,
}

fn main() {}
