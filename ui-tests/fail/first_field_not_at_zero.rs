use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 8)]
    flags: u64,
}

fn main() {}
