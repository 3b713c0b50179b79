use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args<const N: usize> {
    #[abi(since = 1, offset = 0)]
    names: [u64; N],
}

fn main() {}
