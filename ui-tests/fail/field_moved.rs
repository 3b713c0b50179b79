use extensible_abi::extensible_abi;

// `flags` was a `u32` when it was frozen; widening it moved `mode`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
    #[abi(since = 1, offset = 4)]
    mode: u32,
    #[abi(since = 1, offset = 8)]
    _pad: u32,
}

fn main() {}
