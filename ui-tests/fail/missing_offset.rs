use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
    #[abi(since = 1)]
    mode: u64,
}

fn main() {}
