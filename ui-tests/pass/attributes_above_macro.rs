use extensible_abi::{extensible_abi, ExtensibleAbi};

// `#[repr(C)]` and `#[derive]` written above `#[extensible_abi]` work: the
// macro receives every attribute of the item but its own, whatever the
// order. (A struct-level `#[abi(...)]` must go below `#[extensible_abi]`:
// see ui-tests/fail/abi_above_attribute.rs.)
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[extensible_abi]
#[abi(version = 1, size = 16)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    #[abi(since = 1, offset = 8)]
    pub mode: u64,
}

fn main() {
    assert_eq!(Args::LAYOUT.size, 16);
    assert_eq!(Args::LAYOUT.versions[0].size, 16);
    let args = Args { flags: 1, mode: 2 };
    let copy = args;
    assert_eq!(
        Args::from_partial(extensible_abi::bytes_of(&copy)),
        Ok(args)
    );
}
