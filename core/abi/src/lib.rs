//! C-ABI structs that grow over time without breaking old or new callers.
//!
//! Kernels and runtimes exchange structs as "pointer + size": `bpf(cmd,
//! attr, size)`, `info`/`info_len`, `clone3`, `openat2`. Structs gain fields
//! release by release, and both sides must keep working whatever version the
//! other was built against. Linux's rules (`copy_struct_from_user`,
//! `bpf_check_uarg_tail_zero`) make that work:
//!
//! - a caller's struct shorter than ours: read what is there, zero the rest;
//! - longer: accept only if the unknown tail is all zero, else `E2BIG`;
//! - output: copy `min(len, sizeof)` bytes and report the count.
//!
//! `#[extensible_abi]` makes a struct follow them by construction: from
//! per-field `since`/`offset` annotations it generates the version table and
//! compile-time proofs that no field moved and no byte is padding, and the
//! struct gets [`ExtensibleAbi::from_partial`] and
//! [`ExtensibleAbi::copy_truncated`].
//!
//! ```
//! use extensible_abi::{extensible_abi, ExtensibleAbi};
//!
//! /// struct open_how, as openat2(2) takes it.
//! #[extensible_abi]
//! #[repr(C)]
//! #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
//! pub struct OpenHow {
//!     #[abi(since = 1, offset = 0)]  pub flags: u64,
//!     #[abi(since = 1, offset = 8)]  pub mode: u64,
//!     #[abi(since = 1, offset = 16)] pub resolve: u64,
//! }
//!
//! let how = OpenHow::from_partial(&[0u8; 40]).unwrap();
//! assert_eq!(how, OpenHow::default());
//! assert_eq!(OpenHow::LAYOUT.size, 24);
//! ```
//!
//! The user-memory boundary of a runtime lives in [`user`]; C headers
//! generated from the layout tables, with static assertions of every
//! offset and size, in [`c_header`].
//!
//! # Features
//!
//! - `std` (default): `std::error::Error` for [`AbiError`], and
//!   `user::ProcessMemory` (Linux). With the default features the crate
//!   has no dependency but its attribute macro.
//! - `alloc`: `user::SimMemory`, a simulated address space.
//! - `uaccess` (off by default): `user::CheckedMemory`, real pointers
//!   checked at `memcpy` speed by copy routines with fix-ups, from the
//!   `extensible-abi-uaccess` crate (which depends on `libc`).
//! - `zerocopy` (zerocopy 0.8) and `bytemuck` (bytemuck 1), off by default:
//!   fields whose types implement zerocopy's `FromBytes + IntoBytes +
//!   Immutable` or `bytemuck::Pod` are accepted with no impl of [`Pod`],
//!   and `#[extensible_abi(zerocopy)]` / `#[extensible_abi(bytemuck)]`
//!   give the struct those crates' traits (see the
//!   [attribute's reference](macro@extensible_abi#zerocopy-and-bytemuck)).
//!   They add the one dependency each.
//!
//! With neither `std` nor `alloc`, the framework is `#![no_std]` and
//! allocation-free.
//!
//! The attribute's full reference (keys, rules, the size of a version,
//! `crate = "..."`, the interop features) is the documentation of
//! [`extensible_abi`](macro@extensible_abi).
//!
//! # The eBPF crates
//!
//! The project's flagship applies the framework to Linux's eBPF ABI in
//! crates of their own, which depend on this one and never the other way:
//! `extensible-abi-bpf` (every UAPI struct with its kernel history, the
//! constants, a BTF reader, a client), `extensible-abi-runtime` (an
//! in-process `bpf()` that behaves like Linux's) and `extensible-abi-capi`
//! (its C library, `-lextabi`).

#![no_std]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// Lets the attribute's generated code, which names `::extensible_abi`,
// work inside this crate too.
extern crate self as extensible_abi;

mod abi;
pub mod c_header;
mod error;
mod layout;
mod pod;
mod proof;
mod scan;
pub mod user;

pub use abi::{CopyOut, ExtensibleAbi, FieldRef, Partial};
pub use error::{errno, AbiError};
pub use layout::{version_size, FieldInfo, HeaderLayout, Layout, Role, SizePolicy, VersionInfo};
pub use pod::{bytes_of, bytes_of_mut, zeroed, Pod};
pub use scan::first_nonzero;

// No doc comment: rustdoc shows this re-export with the macro's own
// documentation, the attribute's full reference (macros/src/attribute.md,
// whose examples run as the macro crate's doctests); a comment here would
// be shown above it.
pub use extensible_abi_macros::extensible_abi;

/// Items the attribute's generated code names. Not public API.
#[doc(hidden)]
pub mod __private;
