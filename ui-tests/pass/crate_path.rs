// `crate = "..."` with the paths `use` takes: an extern crate, absolute,
// and paths inside this crate (`crate::`, `self::`, `super::`).
use extensible_abi::{extensible_abi, ExtensibleAbi};

mod reexport {
    pub use extensible_abi::*;
}

#[extensible_abi(crate = "extensible_abi")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Plain {
    #[abi(since = 1, offset = 0)]
    pub a: u32,
}

#[extensible_abi(crate = "::extensible_abi")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Absolute {
    #[abi(since = 1, offset = 0)]
    pub a: u32,
}

#[extensible_abi(crate = "crate::reexport", zerocopy, bytemuck)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct InCrate {
    #[abi(since = 1, offset = 0)]
    pub a: u32,
}

#[extensible_abi(crate = "self::reexport")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct InSelf {
    #[abi(since = 1, offset = 0)]
    pub a: u32,
}

mod nested {
    #[super::extensible_abi(crate = "super::reexport")]
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct InSuper {
        #[abi(since = 1, offset = 0)]
        pub a: u32,
    }
}

fn main() {
    assert_eq!(Plain::LAYOUT.size, 4);
    assert_eq!(Absolute::LAYOUT.size, 4);
    assert_eq!(InCrate::from_partial(&[1]).unwrap().a, 1);
    assert_eq!(zerocopy::IntoBytes::as_bytes(&InCrate { a: 2 }), &2u32.to_ne_bytes());
    assert_eq!(InSelf::LAYOUT.name, "InSelf");
    assert_eq!(nested::InSuper::FIELDS.a.offset(), 0);
}
