use extensible_abi::extensible_abi;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Range {
    pub start: u32,
    pub end: u32,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub ranges: [Range; 4],
}

fn main() {}
