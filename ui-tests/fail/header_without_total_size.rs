// A header holds the writer's size and its total size (the stride).
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Header {
    #[abi(since = 1, offset = 0, header = "version")]
    version: u32,
    #[abi(since = 1, offset = 4)]
    _pad: u32,
    #[abi(since = 1, offset = 8, header = "size")]
    size: u64,
}

fn main() {}
