use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(since = 1)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
}

fn main() {}
