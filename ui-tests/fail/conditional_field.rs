use extensible_abi::extensible_abi;

// A field under `#[cfg]`: the struct would not have in every build the
// fields its layout table lists.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
    #[cfg(any())]
    #[abi(since = 2, offset = 8)]
    mode: u64,
}

fn main() {}
