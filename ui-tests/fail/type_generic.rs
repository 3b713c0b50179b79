use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args<T> {
    #[abi(since = 1, offset = 0)]
    flags: T,
}

fn main() {}
