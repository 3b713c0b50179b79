//! The `#[extensible_abi]` attribute. Use it through the `extensible-abi`
//! crate, which re-exports it and holds the runtime items the generated code
//! names (through `::extensible_abi::__private`, or the path given by
//! `#[extensible_abi(crate = "...")]`). The attribute's reference is the
//! documentation of [`extensible_abi`](macro@extensible_abi).
//!
//! The macro is split the way `thiserror` and `serde_derive` are:
//! `ast` reads the struct, `attr` holds the `#[abi(...)]` and
//! `#[repr(...)]` grammar, `valid` reports every mistake it can see at
//! once with a span on the offending token, and `expand` writes the
//! layout table, whose entries prove in `const` what only the compiler
//! knows (offsets, sizes, padding), the field-type check and the trait
//! impls.

#![deny(missing_docs)]

extern crate proc_macro;

mod ast;
mod attr;
mod ctxt;
mod expand;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

// The reference is the attribute's documentation, shown both here and on
// its re-export `extensible_abi::extensible_abi` (rustdoc shows an inlined
// re-export with the item's docs). Its examples run as this crate's
// doctests, against the framework (a dev-dependency, with the interop
// features on). No intra-doc links: they would resolve in neither crate.
#[doc = include_str!("attribute.md")]
#[proc_macro_attribute]
pub fn extensible_abi(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let input = parse_macro_input!(input as DeriveInput);
    expand::expand(args, input).into()
}
