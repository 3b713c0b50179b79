//! The Linux eBPF UAPI structs that `bpf()` exchanges as pointer + size,
//! each an extensible struct annotated with its real kernel history: the
//! `since` of every field is the kernel release that added it, so each
//! struct's version table answers "what was `sizeof` in kernel X.Y".
//!
//! Structs keep their C names (`bpf_map_info`), fields their C names
//! (`r#type` where C's is a Rust keyword). Rust fields whose name starts
//! with `_` are not C members: explicit padding, or the storage word of C
//! bitfields (listed in [`UapiStruct::bitfields`], read by accessors).

use crate::Layout;

pub mod attr;
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

/// A C member with no Rust field of its own: another name for bytes a Rust
/// field holds (a member of a nested union), read through an accessor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The C member's name.
    pub name: &'static str,
    /// The Rust field whose bytes it shares.
    pub storage: &'static str,
    /// Byte offset from the start of the struct.
    pub offset: usize,
    /// Size in bytes.
    pub size: usize,
    /// The kernel release that added it, as `KERNEL_VERSION(x, y, 0)`.
    pub since: u32,
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
}

/// Every struct of this module, info structs first.
pub fn all() -> impl Iterator<Item = &'static UapiStruct> {
    info::ALL.iter().chain(attr::ALL.iter())
}
