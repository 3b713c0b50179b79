//! `BPF_OBJ_GET_INFO_BY_FD` info structs: what the kernel writes back about
//! a program, map, BTF object or link, each with its real release history.
//!
//! The kernel copies `min(info_len, sizeof)` bytes of its info struct and
//! reports the count, so the length a kernel writes tells its release (up
//! to releases that did not change the size). Each struct's `since` values
//! are the Linux releases that added the fields, numbered as
//! `KERNEL_VERSION(x, y, 0)`, and its version table gives C's `sizeof` in
//! every release that changed it.
//!
//! | struct | sizes |
//! |---|---|
//! | [`bpf_prog_info`] | 4.13: 40, 4.15: 80, 4.16: 104, 4.18: 128, 5.0: 192, 5.1: 208, 5.12: 216, 5.16: 224, 6.0: 232 |
//! | [`bpf_map_info`] | 4.13: 24, 4.15: 40, 4.16: 64, 4.18: 80, 5.6: 80, 5.16: 88, 6.9: 88, 6.18: 104 |
//! | [`bpf_btf_info`] | 4.18: 16, 5.11: 32 |
//! | [`bpf_link_info`] | 5.8: 32, 6.1: 48, 6.7: 56, 6.8: 64 |
//!
//! # How C's shapes are kept
//!
//! - A member C named later in bytes that were padding before
//!   (`bpf_map_info.btf_vmlinux_value_type_id`, `bpf_map_info.btf_vmlinux_id`;
//!   in tail padding, `bpf_prog_info.attach_btf_obj_id`) is a field with its
//!   real release as `since` and the release its bytes came in as
//!   `padding_since` (its layout entry's `bytes_since`): its bytes count in
//!   every version from then, so each version's size stays C's `sizeof`
//!   (the release that named it is a version, of the same size as the one
//!   before when it added nothing else), and the attribute proves at
//!   compile time that the field lies only on bytes that were padding.
//! - C bitfields (`bpf_prog_info.gpl_compatible:1`) live in a `_`-prefixed
//!   `u32` storage field, listed as a [`Bitfield`](super::Bitfield), read and
//!   written through methods.
//! - A union (the per-link-type part of `bpf_link_info`, the probe part of
//!   `perf_event`) is `_union_X_Y` storage fields, one per release that grew
//!   it, so the version table stays true; each union member is a struct of
//!   its own (`bpf_link_info_kprobe_multi`), an [`Alias`](super::Alias) of the
//!   storage, and a getter/setter pair.
//! - A union that never grew and whose first member is as large as the union
//!   (`iter`'s `cgroup`/`task`) is one Rust field named for the first member,
//!   the others aliases.

#![allow(non_camel_case_types)]

use core::mem::size_of;

use super::UapiStruct;
use extensible_abi::ExtensibleAbi;

/// Generates a getter and a setter for each member of a union held in the
/// storage bytes `offset..offset + len` of `$owner`, and proves at compile
/// time that every member fits in that storage.
macro_rules! union_members {
    ($owner:ident, $offset:expr, $len:expr; $($get:ident, $set:ident: $ty:ident;)*) => {
        impl $owner {
            $(
                #[doc = concat!(
                    "The union member `", stringify!($get), "`, read from the union's bytes (a [`",
                    stringify!($ty), "`] whatever the link or event type is: check the type first).",
                )]
                #[inline]
                pub fn $get(&self) -> $ty {
                    $crate::info::read_member(extensible_abi::bytes_of(self), $offset)
                }

                #[doc = concat!(
                    "Stores `value` as the union member `", stringify!($get), "`; the union's bytes ",
                    "past it are zeroed, so no byte of another member is left behind.",
                )]
                #[inline]
                pub fn $set(&mut self, value: $ty) {
                    $crate::info::write_member(extensible_abi::bytes_of_mut(self), $offset, $len, &value)
                }
            )*
        }

        const _: () = {
            $(
                ::core::assert!(
                    ::core::mem::size_of::<$ty>() <= $len,
                    concat!("union member `", stringify!($get), "` is larger than its storage"),
                );
            )*
            ::core::assert!($offset + $len <= ::core::mem::size_of::<$owner>());
        };
    };
}

mod btf;
mod link;
mod map;
mod prog;
#[cfg(all(test, feature = "alloc"))]
mod tests;

pub use btf::bpf_btf_info;
pub use link::*;
pub use map::bpf_map_info;
pub use prog::bpf_prog_info;

/// `KERNEL_VERSION(major, minor, 0)`: how a release string `"X.Y"` in
/// `#[abi(since = "X.Y")]` is numbered.
pub(crate) const fn release(major: u32, minor: u32) -> u32 {
    major << 16 | minor << 8
}

/// The `T` whose bytes start at `offset` of `bytes` (a union member).
#[inline]
fn read_member<T: ExtensibleAbi>(bytes: &[u8], offset: usize) -> T {
    match T::from_partial(&bytes[offset..offset + size_of::<T>()]) {
        Ok(value) => value,
        // A source of exactly `size_of::<T>()` bytes has no tail to check.
        Err(_) => unreachable!("from_partial of an exact-size slice cannot fail"),
    }
}

/// Writes `value` at `offset` of `bytes` and zeroes the rest of the `len`
/// storage bytes from `offset` (a union member).
#[inline]
fn write_member<T: ExtensibleAbi>(bytes: &mut [u8], offset: usize, len: usize, value: &T) {
    let storage = &mut bytes[offset..offset + len];
    let n = value.copy_truncated(storage);
    storage[n..].fill(0);
}

const fn uapi(
    layout: &'static extensible_abi::Layout,
    c_type: &'static str,
    c_member: &'static str,
) -> UapiStruct {
    UapiStruct { layout, c_type, c_member, bitfields: &[], aliases: &[] }
}

const LINK: &str = "struct bpf_link_info";

/// Every info struct of this module; a struct comes before the structs
/// that are its members (`bpf_link_info` before `raw_tracepoint`,
/// `perf_event` before `perf_event.kprobe`).
#[rustfmt::skip]
pub const ALL: &[UapiStruct] = &[
    UapiStruct { bitfields: prog::BITFIELDS, ..uapi(bpf_prog_info::LAYOUT, "struct bpf_prog_info", "") },
    uapi(bpf_map_info::LAYOUT, "struct bpf_map_info", ""),
    uapi(bpf_btf_info::LAYOUT, "struct bpf_btf_info", ""),
    UapiStruct { aliases: link::LINK_ALIASES, ..uapi(bpf_link_info::LAYOUT, LINK, "") },
    uapi(bpf_link_info_raw_tracepoint::LAYOUT, LINK, "raw_tracepoint"),
    uapi(bpf_link_info_tracing::LAYOUT, LINK, "tracing"),
    uapi(bpf_link_info_cgroup::LAYOUT, LINK, "cgroup"),
    UapiStruct { aliases: link::ITER_ALIASES, ..uapi(bpf_link_info_iter::LAYOUT, LINK, "iter") },
    uapi(bpf_link_info_iter_map::LAYOUT, LINK, "iter.map"),
    uapi(bpf_link_info_iter_cgroup::LAYOUT, LINK, "iter.cgroup"),
    uapi(bpf_link_info_iter_task::LAYOUT, LINK, "iter.task"),
    uapi(bpf_link_info_netns::LAYOUT, LINK, "netns"),
    uapi(bpf_link_info_xdp::LAYOUT, LINK, "xdp"),
    uapi(bpf_link_info_struct_ops::LAYOUT, LINK, "struct_ops"),
    uapi(bpf_link_info_netfilter::LAYOUT, LINK, "netfilter"),
    uapi(bpf_link_info_kprobe_multi::LAYOUT, LINK, "kprobe_multi"),
    uapi(bpf_link_info_uprobe_multi::LAYOUT, LINK, "uprobe_multi"),
    UapiStruct {
        aliases: link::PERF_EVENT_ALIASES,
        ..uapi(bpf_link_info_perf_event::LAYOUT, LINK, "perf_event")
    },
    uapi(bpf_link_info_perf_event_uprobe::LAYOUT, LINK, "perf_event.uprobe"),
    uapi(bpf_link_info_perf_event_kprobe::LAYOUT, LINK, "perf_event.kprobe"),
    uapi(bpf_link_info_perf_event_tracepoint::LAYOUT, LINK, "perf_event.tracepoint"),
    uapi(bpf_link_info_perf_event_event::LAYOUT, LINK, "perf_event.event"),
    uapi(bpf_link_info_tcx::LAYOUT, LINK, "tcx"),
    uapi(bpf_link_info_netkit::LAYOUT, LINK, "netkit"),
    uapi(bpf_link_info_sockmap::LAYOUT, LINK, "sockmap"),
];
