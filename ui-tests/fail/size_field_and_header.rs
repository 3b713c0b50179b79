use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Both {
    #[abi(since = 1, offset = 0, size_field = "strict")]
    len: u64,
    #[abi(since = 1, offset = 8, header = "size")]
    size: u64,
    #[abi(since = 1, offset = 16, header = "total_size")]
    total_size: u64,
}

fn main() {}
