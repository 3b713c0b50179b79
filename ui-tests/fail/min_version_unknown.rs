use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(min_version = "5.7")]
struct OpenHow {
    #[abi(since = "5.6", offset = 0)]
    flags: u64,
    #[abi(since = "5.6", offset = 8)]
    mode: u64,
}

fn main() {}
