use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(version = 1, sizeof = 8)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
}

fn main() {}
