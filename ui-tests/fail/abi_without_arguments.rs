use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args {
    #[abi]
    flags: u64,
}

fn main() {}
