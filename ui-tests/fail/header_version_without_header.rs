use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(header_version = 1)]
struct Plain {
    #[abi(since = 1, offset = 0)]
    a: u64,
}

fn main() {}
