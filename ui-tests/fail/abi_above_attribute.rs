use extensible_abi::extensible_abi;

// Attributes above `#[extensible_abi]` are resolved before the macro runs,
// and `abi` means nothing to the compiler on its own.
#[abi(version = 1, size = 8)]
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi(since = 1, offset = 0)]
    flags: u64,
}

fn main() {}
