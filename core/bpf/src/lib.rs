//! Linux's eBPF ABI on the extensible-abi framework: the UAPI structs that
//! `bpf()` exchanges as pointer + size, each an extensible struct annotated
//! with its real kernel history (the `since` of every field is the kernel
//! release that added it, so each struct's version table answers "what was
//! `sizeof` in kernel X.Y"), the UAPI constants, a BTF reader ([`btf`]) and
//! a safe `bpf()` client (`client`, with `std`).
//!
//! Structs keep their C names (`bpf_map_info`), fields their C names
//! (`r#type` where C's is a Rust keyword). Rust fields whose name starts
//! with `_` are not C members: explicit padding, the storage word of C
//! bitfields (listed in [`UapiStruct::bitfields`]), or the storage of a
//! union (its members listed in [`UapiStruct::aliases`]); accessors read
//! and write those. A member C declared in a later release in bytes that
//! were padding before (`bpf_map_info.btf_vmlinux_id`) is a field of its
//! own, declared with `padding_since`: its `since` is the release that
//! named it, its `bytes_since` the release its bytes came in.
//!
//! ```
//! use extensible_abi::ExtensibleAbi;
//! use extensible_abi_bpf::info::bpf_map_info;
//!
//! // sizeof(struct bpf_map_info) in Linux 4.13, which introduced it.
//! let first = bpf_map_info::LAYOUT.oldest();
//! assert_eq!((first.label, first.size), ("4.13", 24));
//! ```
//!
//! # Features
//!
//! - `std` (default): the `client` (its live-kernel backend on Linux).
//! - `alloc`: `btf::BtfIndex`.
//!
//! Without them the crate is `#![no_std]` and allocation-free.

#![no_std]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

use extensible_abi::Layout;

/// Members of a C union that share a `u32` Rust field's bytes (`prog_id`
/// in `start_id`'s, `target_ifindex` in `target_fd`'s, …): for each, a
/// getter and a setter with the given docs, and one entry of the
/// struct's alias table `$table` (name, storage field, offset, release),
/// which the layout proofs check against the C header and the kernel's
/// BTF; `@extra` entries (members of other shapes) follow them in the table.
macro_rules! u32_aliases {
    (
        $(#[$table_doc:meta])*
        $table:ident for $owner:ident;
        $( $(#[$doc:meta])* $name:ident, $set:ident = $field:ident, since $since:expr; )*
        $( @extra [ $($extra:expr),* $(,)? ] )?
    ) => {
        impl $owner {
            $(
                $(#[$doc])*
                #[inline]
                pub fn $name(&self) -> u32 {
                    self.$field
                }

                #[doc = concat!("Sets `", stringify!($name), "`.")]
                #[inline]
                pub fn $set(&mut self, value: u32) {
                    self.$field = value;
                }
            )*
        }

        $(#[$table_doc])*
        pub(super) const $table: &[$crate::Alias] = &[
            $( $crate::alias_u32(stringify!($name), stringify!($field), core::mem::offset_of!($owner, $field), $since), )*
            $( $($extra,)* )?
        ];
    };
}

pub mod attr;
pub mod btf;
#[cfg(all(feature = "std", target_os = "linux"))]
pub mod client;
pub mod consts;
pub mod info;

/// Where one of this module's structs sits in the C UAPI headers, so its
/// layout can be proved against `<linux/bpf.h>` and the kernel's BTF.
#[derive(Clone, Copy, Debug)]
pub struct UapiStruct {
    /// The Rust struct's layout table.
    pub layout: &'static Layout,
    /// The C type that holds it: `"struct bpf_map_info"`, `"union bpf_attr"`.
    pub c_type: &'static str,
    /// The member of `c_type` the struct is, as a C member designator
    /// (`"raw_tracepoint"`, `"batch"`), or `""` when its fields are direct
    /// members of `c_type` (the struct itself, or an anonymous struct in
    /// `union bpf_attr`). Field offsets in the Rust struct are relative to
    /// this member's start.
    pub c_member: &'static str,
    /// C bitfields, stored in a `_`-prefixed Rust field.
    pub bitfields: &'static [Bitfield],
    /// C members that share storage with another (members of a nested
    /// union beyond the one the Rust field is named for).
    pub aliases: &'static [Alias],
}

/// A C member with no Rust field of its own: another name for bytes Rust
/// fields hold, read and written through accessors. A member of a nested
/// union, beyond the one a Rust field is named for (or every member when
/// the union is `_`-prefixed storage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The C member's name.
    pub name: &'static str,
    /// The Rust field where its bytes start. A member of a union that grew
    /// over releases spans that storage field and the ones after it, up to
    /// `offset + size`.
    pub storage: &'static str,
    /// Byte offset from the start of the struct.
    pub offset: usize,
    /// Size in bytes.
    pub size: usize,
    /// The kernel release that added it, as `KERNEL_VERSION(x, y, 0)`.
    pub since: u32,
}

/// An alias of a 4-byte C member (the usual case).
pub(crate) const fn alias_u32(
    name: &'static str,
    storage: &'static str,
    offset: usize,
    since: u32,
) -> Alias {
    Alias { name, storage, offset, size: 4, since }
}

/// A C bitfield (`__u32 gpl_compatible:1;`) held in a Rust storage field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bitfield {
    /// The C member's name.
    pub name: &'static str,
    /// The Rust field that stores it.
    pub storage: &'static str,
    /// Offset in bits from the start of the struct (as BTF reports it).
    pub bit_offset: u32,
    /// Width in bits.
    pub bits: u32,
    /// The kernel release that added it, as `KERNEL_VERSION(x, y, 0)` (the
    /// storage field's `since` may be older: bitfields can take bytes that
    /// were padding).
    pub since: u32,
}

/// The fields of `l` born in former padding (`bytes_since` older than
/// `since`), each checked: a C member (no `_`), both releases versions of
/// the table, its bytes inside the struct as it stood at `bytes_since`
/// without it (so they were padding then, which no other field holds), and
/// counted in the size of every version from then.
#[cfg(test)]
pub(crate) fn born_in_padding(
    l: &'static Layout,
) -> impl Iterator<Item = &'static extensible_abi::FieldInfo> {
    l.fields.iter().filter(|f| f.bytes_since != f.since).inspect(move |f| {
        let who = (l.name, f.name);
        assert!(f.bytes_since < f.since, "{who:?}");
        assert!(!f.name.starts_with('_'), "{who:?} is a C member");
        assert!(l.version(f.since).is_some() && l.version(f.bytes_since).is_some(), "{who:?}");
        assert!(size_without(l, f, f.bytes_since) >= f.end(), "{who:?}: past the struct then");
        let mut others = l.fields.iter().filter(|g| g.name != f.name);
        assert!(others.all(|g| g.end() <= f.offset || g.offset >= f.end()), "{who:?}");
        for v in l.versions.iter().filter(|v| v.number >= f.bytes_since) {
            assert!(v.size >= f.end(), "{who:?}: not counted in {}", v.label);
        }
    })
}

/// C's `sizeof` of the struct of `l` at version `v` without the field `f`:
/// how far its bytes reached when `f`'s were not a field.
#[cfg(test)]
fn size_without(l: &Layout, f: &extensible_abi::FieldInfo, v: u32) -> usize {
    let then = l.fields.iter().filter(|g| g.name != f.name && g.bytes_since <= v);
    let end = then.clone().map(|g| g.end()).max().unwrap_or(0);
    let align = then.map(|g| g.align).max().unwrap_or(1);
    end.div_ceil(align) * align
}

/// Every C member of `l` (a field not starting with `_`) is dated with the
/// release its bytes came in: `bytes_since` is the first version in which
/// the struct reached past its bytes without it (they were padding then,
/// the field's `padding_since`), or its `since` when no version before it
/// did. So no member born in former padding, tail padding included, is
/// left without `padding_since`.
#[cfg(test)]
pub(crate) fn check_bytes_dates(l: &'static Layout) {
    for f in l.fields.iter().filter(|f| !f.name.starts_with('_')) {
        let first = l
            .versions
            .iter()
            .map(|v| v.number)
            .filter(|&v| v < f.since)
            .find(|&v| size_without(l, f, v) >= f.end());
        assert_eq!(f.bytes_since, first.unwrap_or(f.since), "{}.{}", l.name, f.name);
    }
}

/// Every struct of this module, info structs first.
pub fn all() -> impl Iterator<Item = &'static UapiStruct> {
    info::ALL.iter().chain(attr::ALL.iter())
}
