use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = "5.2", offset = 0)]
    flags: u64,
    #[abi(since = "5.x", offset = 8)]
    mode: u64,
}

fn main() {}
