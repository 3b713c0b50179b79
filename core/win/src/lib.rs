//! eBPF-for-Windows on the extensible-abi framework: its info structs with
//! their release history, and a profile of its runtime whose get-info rule
//! is chosen per runtime, to replay the bug this project was born from.
//!
//! eBPF-for-Windows' `bpf_obj_get_info_by_fd` refused any `info_len`
//! smaller than its own `sizeof(struct bpf_map_info)` (its issue #4160), so
//! a program built against an older header broke on a newer runtime.
//! #4286 (Release-v0.21.0) made it copy `min(info_len, sizeof)`. This crate
//! shows, call by call, what that repaired and what it still leaves
//! broken:
//!
//! - [`bpf_map_info`], [`bpf_prog_info`], [`bpf_link_info`]: the info
//!   structs as v1.5.0 declares them (96, 128 and 56 bytes on x64), each
//!   field's `since` the release that gave it its present offset;
//!   [`history`] has the commits that shaped them and the v0.2.0 … v0.4.0
//!   `bpf_prog_info`, a layout that a mid-struct insertion (#1395) replaced;
//! - [`sys`]: the Linux-prefix structs of its `bpf()`;
//! - [`ext`]: the extension header and two structs that carry it,
//!   declared for the framework's header readers, and
//!   [`ShippedWalk`](ext::ShippedWalk), what v1.5.0's unbounded array walk
//!   would do with a header (#5552), computed;
//! - `Runtime` (feature `std`): an in-process runtime acting as a chosen
//!   release, answering get-info under a chosen [`Rule`] (as shipped before
//!   #4286, as in v1.5.0, or Linux's), on both the direct API and `bpf()`,
//!   and validating a provider's extension data under the same rule
//!   (`validate_program_data`, `validate_helper_prototype_array`), every
//!   access to a caller's memory through `extensible_abi::user`;
//! - [`next`]: a hypothetical release after v1.5.0 that appends a field, to
//!   put a caller one release behind the runtime and one ahead of it.
//!
//! ```
//! use extensible_abi::ExtensibleAbi;
//! use extensible_abi_win::{bpf_map_info, history::bpf_prog_info_0_2, bpf_prog_info};
//!
//! assert_eq!(bpf_map_info::LAYOUT.size, 96);
//! assert_eq!(bpf_prog_info::LAYOUT.size, 128);
//! // A v0.4.0 caller and a v0.5.0 runtime disagree on where `name` is.
//! assert_ne!(
//!     bpf_prog_info_0_2::LAYOUT.field("name").unwrap().offset,
//!     bpf_prog_info::LAYOUT.field("name").unwrap().offset,
//! );
//! ```
//!
//! # Releases
//!
//! Releases are tags like `v0.2.0` and `Release-v0.21.0`; a field's `since`
//! is the release string (`"0.2"`, `"0.21"`, `"1.5"`), numbered by the
//! attribute as `X << 16 | Y << 8` ([`release`]).
//!
//! # Where the facts differ from project issue 15
//!
//! The layouts and rules come from `win-facts.md`, read from
//! eBPF-for-Windows' source at each tag. Where they contradict the issue,
//! this crate follows them: `bpf_map_info` has had one layout since before
//! the first tag (#576), not merely since v0.5.0; `bpf_link_info` was 52
//! bytes at v0.2.0 and 56 from v0.3.0; #534 was an insertion too, so four
//! insertions moved fields (#534, #576, #811, #1395); `info_len == 0` is
//! `EINVAL` because of #4208, not #4286; an `info_len` of 65520 or more is
//! `EOTHER` from v1.3.0 (#5200), not `EINVAL` or `E2BIG`; and the `bpf()`
//! path zero-extends a short struct only from Release-v1.0.0-rc1 (#4360).
//!
//! # Features
//!
//! - `std` (default): the `Runtime` profile.
//!
//! Without it the crate is `#![no_std]`: the structs and constants only.

#![no_std]
#![deny(missing_docs)]
#![allow(non_camel_case_types)] // C's struct names

#[cfg(feature = "std")]
extern crate std;

pub mod consts;
pub mod ext;
pub mod guid;
pub mod history;
pub mod info;
pub mod next;
mod rule;
#[cfg(feature = "std")]
mod runtime;
pub mod sys;

pub use guid::Guid;
pub use info::{bpf_link_info, bpf_map_info, bpf_prog_info};
pub use rule::{Rule, LINUX_MAX_TOTAL_SIZE};
#[cfg(feature = "std")]
pub use runtime::{
    bpf::{BPF_ATTR_SIZE, UNINITIALIZED},
    info::LINUX_MAX_INFO_LEN,
    read_c_string, Error, MapCreateOpts, Runtime, MAX_ARRAY_BYTES,
};

/// `BPF_OBJ_NAME_LEN`: 64 at every tag (Linux's is 16).
pub const BPF_OBJ_NAME_LEN: usize = 64;

/// A release as the attribute numbers `since = "X.Y"`: `X << 16 | Y << 8`.
///
/// ```
/// assert_eq!(extensible_abi_win::release(0, 21), 0x1500);
/// ```
pub const fn release(major: u32, minor: u32) -> u32 {
    major << 16 | minor << 8
}
