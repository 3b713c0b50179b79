use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Header {
    #[abi(since = 1, offset = 0, header = "size")]
    size: u64,
    #[abi(since = 1, offset = 8, header = "total_size")]
    total_size: u64,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Both {
    #[abi(since = 1, offset = 0, header)]
    header: Header,
    #[abi(since = 1, offset = 16, header = "version")]
    version: u64,
}

fn main() {}
