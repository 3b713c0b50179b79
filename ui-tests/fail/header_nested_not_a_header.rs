// A bare `header` names a header struct: not an integer, and not a
// struct without header members.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Plain {
    #[abi(since = 1, offset = 0)]
    a: u64,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(header_version = 1)]
struct WithInt {
    #[abi(since = 1, offset = 0, header)]
    header: u64,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[abi(header_version = 1)]
struct WithPlain {
    #[abi(since = 1, offset = 0, header)]
    header: Plain,
    #[abi(since = 1, offset = 8)]
    id: u64,
}

fn main() {}
