use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C, packed)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
}

fn main() {}
