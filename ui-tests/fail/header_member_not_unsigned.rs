use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Header {
    #[abi(since = 1, offset = 0, header = "version")]
    version: i16,
    #[abi(since = 1, offset = 2)]
    _pad: [u8; 6],
    #[abi(since = 1, offset = 8, header = "size")]
    size: u64,
    #[abi(since = 1, offset = 16, header = "total_size")]
    total_size: [u8; 8],
}

fn main() {}
