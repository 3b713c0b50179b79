// A field born in padding must lie in bytes the older version had: here
// version 1 ended at 8, before `extra`.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Info {
    #[abi(since = 1, offset = 0)]
    id: u64,
    #[abi(since = 2, offset = 8, padding_since = 1)]
    extra: u32,
    #[abi(since = 2, offset = 12)]
    more: u32,
}

fn main() {}
