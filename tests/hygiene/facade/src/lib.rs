//! A facade crate, as a framework built on extensible-abi would be: it
//! re-exports the crate as `facade::abi` and the attribute as
//! `facade::extensible_abi`, so its users need no dependency on
//! extensible-abi of their own and write
//! `#[facade::extensible_abi(crate = "facade::abi")]`.

#![no_std]

pub use extensible_abi as abi;
pub use extensible_abi::extensible_abi;
