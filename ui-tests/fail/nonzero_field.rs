use extensible_abi::extensible_abi;
use std::num::NonZeroU32;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    map_fd: NonZeroU32,
}

fn main() {}
