use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Range {
    #[abi(since = 1, offset = 0)]
    pub start: u64,
    #[abi(since = 1, offset = 8)]
    pub end: u64,
}

// The macro cannot know `size_of::<Range>()`, so it says how to work it out.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub range: Range,
    #[abi(since = 1)]
    pub flags: u64,
}

fn main() {}
