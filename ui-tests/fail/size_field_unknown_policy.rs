use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Attr {
    #[abi(since = 1, offset = 0, size_field = "writeback")]
    size: u32,
    #[abi(since = 1, offset = 4, size_field = 3)]
    len: u32,
}

fn main() {}
