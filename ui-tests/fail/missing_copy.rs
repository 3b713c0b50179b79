use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
}

fn main() {}
