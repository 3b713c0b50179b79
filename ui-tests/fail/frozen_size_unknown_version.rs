use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(version = 3, size = 16)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
    #[abi(since = 2, offset = 8)]
    mode: u64,
}

fn main() {}
