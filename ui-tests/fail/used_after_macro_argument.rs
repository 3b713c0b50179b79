use extensible_abi::{extensible_abi, ExtensibleAbi};

// A mistaken argument of the attribute is reported, taken as meant, and
// the struct is expanded and checked as usual: its own mistake is reported
// in the same build.
#[extensible_abi(crate = extensible_abi)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub fd: u32,
    #[abi(since = 1, offset = 8)]
    pub flags: u64,
}

fn main() {
    let _ = Args::from_partial(&[]);
}
