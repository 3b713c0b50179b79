// Every caller sets the size field, so it belongs to the first version.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Attr {
    #[abi(since = "3.14", offset = 0)]
    policy: u32,
    #[abi(since = "5.3", offset = 4, size_field = "write_back")]
    size: u32,
}

fn main() {}
