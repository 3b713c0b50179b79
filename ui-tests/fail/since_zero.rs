use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 0, offset = 0)]
    flags: u64,
}

fn main() {}
