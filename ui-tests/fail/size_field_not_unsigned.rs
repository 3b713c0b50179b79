// A size field holds a byte count: an unsigned integer.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Attr {
    #[abi(since = 1, offset = 0, size_field = "write_back")]
    size: i32,
    #[abi(since = 1, offset = 4)]
    policy: u32,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Req {
    #[abi(since = 1, offset = 0, size_field = "strict")]
    size: [u8; 4],
    #[abi(since = 1, offset = 4)]
    id: u32,
}

fn main() {}
