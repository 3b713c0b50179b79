//! Extension structs: eBPF-for-Windows' `ebpf_extension_header_t` and two
//! structs that start with it, with their size histories, x64.
//!
//! The header is declared as the framework's header (`header = "version"`,
//! `"size"`, `"total_size"`), and each struct nests it (`header`) and
//! expects version 1 (`header_version = 1`), so the framework's
//! `extensible_abi::user::read_with_header` and `read_header_array` read
//! them: with `HeaderRule::KnownSizes` as the shipped runtime does (the
//! version exact, the `size` one of its hand-kept list), or with
//! `HeaderRule::Extensible`, Linux's rule applied to headers. Both refuse
//! a `total_size` below `size` or over a limit before anything past the
//! header is read, which is what #5552 proposes for the shipped runtime.
//! The runtime profile's `Runtime::validate_program_data` and
//! `Runtime::validate_helper_prototype_array` apply them per
//! [`Rule`](crate::Rule); this module writes no validation of its own.
//!
//! # Versions are the field sets the size lists name
//!
//! v1.5.0 accepts a helper prototype whose header `size` is 64, 65 or 66:
//! `EBPF_SIZE_INCLUDING_FIELD` of `arguments`, `flags` and
//! `implicit_context` in today's layout (`_ebpf_helper_function_prototype_supported_size`,
//! v1.5.0 `libs/shared/shared_common.c:77-84`). Each names the fields a
//! release had: v0.15's (#3326, the header), `flags` of v0.16 (#3344),
//! `implicit_context` of v0.18 (#3656). So each field's `since` below is
//! the release that named it, and each version's size is that field set
//! laid out as today, which makes the version table the hand-kept list
//! ([`header_size`] of each version; `KnownSizes` takes it from there).
//!
//! The offsets are v0.17's, though: #3573 (f7ec16834, Release-v0.17.0)
//! grew the header from 16 to 24 bytes and moved every field of every
//! header-carrying struct by 8, with every version constant left at 1. A
//! struct built against v0.15/v0.16 sends `size` 56/57, which is in no
//! list of v0.17 or later and so is refused by every rule; it shares only
//! the header's first 16 bytes with these layouts. The tables below give
//! each release's real `sizeof`.

use extensible_abi::{extensible_abi, Layout};

/// `ebpf_extension_header_t` (v1.5.0 `include/ebpf_windows.h:214-226`).
///
/// | release | `sizeof` | change |
/// |---|---|---|
/// | Release-v0.15.0 | 16 | created (#3326): `version`, `size` |
/// | Release-v0.17.0 | 24 | #3573 appended `total_size` |
///
/// `size` is the struct's size without tail padding
/// (`EBPF_SIZE_INCLUDING_FIELD(T, last_field)`), `total_size` its `sizeof`.
/// Declared as the framework's header: a struct that nests it with
/// `#[abi(header)]` is read by `user::read_with_header`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::ebpf_extension_header_t;
///
/// let l = ebpf_extension_header_t::LAYOUT;
/// let sizes: Vec<_> = l.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.15", 16), ("0.17", 24)]);
/// let h = l.header().unwrap(); // (offset, width) of each member
/// assert_eq!((h.version, h.size, h.total_size, h.end), (Some((0, 2)), (8, 8), (16, 8), 24));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ebpf_extension_header_t {
    /// Changed only for incompatible changes: 1 for every struct so far.
    #[abi(since = "0.15", offset = 0, header = "version")]
    pub version: u16,
    /// C's implicit padding before `size`, named.
    #[abi(since = "0.15", offset = 2)]
    pub _pad: [u8; 6],
    /// The struct's size up to the end of its last field (`size_t`).
    #[abi(since = "0.15", offset = 8, header = "size")]
    pub size: u64,
    /// The struct's `sizeof` (`size_t`).
    #[abi(since = "0.17", offset = 16, header = "total_size")]
    pub total_size: u64,
}

/// `ebpf_helper_function_prototype_t` as Release-v0.18.0 … v1.5.0 declare
/// it (72 bytes).
///
/// | release | `sizeof` | header `size`s accepted |
/// |---|---|---|
/// | v0.2.0 … Release-v0.14.1 | 40 | no header |
/// | Release-v0.15.0, -v0.15.1 | 56 | 56 |
/// | Release-v0.16.0 | 64 | 56, 57 (`flags` @56, #3344) |
/// | Release-v0.17.0, -v0.17.1 | 72 | 64, 65 (the header grew: every field +8) |
/// | Release-v0.18.0 … v1.5.0 | 72 | 64, 65, 66 (`implicit_context` @65, #3656) |
///
/// Its versions are the field sets v1.5.0's list names (see the
/// [module](self)): v0.15's through `arguments` (64 bytes in today's
/// layout), v0.16's `flags` and v0.18's `implicit_context`, both in what
/// was tail padding (72 bytes each); the header's `size` (64, 65, 66)
/// tells them apart.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::{ebpf_helper_function_prototype_t, header_size};
///
/// let l = ebpf_helper_function_prototype_t::LAYOUT;
/// let sizes: Vec<_> = l.versions.iter().map(|v| (v.label, v.size, header_size(l, v.number))).collect();
/// assert_eq!(sizes, [("0.15", 64, 64), ("0.16", 72, 65), ("0.18", 72, 66)]);
/// assert_eq!(l.header_version, Some(1));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(header_version = 1)]
pub struct ebpf_helper_function_prototype_t {
    /// The extension header.
    #[abi(since = "0.15", offset = 0, header)]
    pub header: ebpf_extension_header_t,
    /// The helper's id.
    #[abi(since = "0.15", offset = 24)]
    pub helper_id: u32,
    /// C's implicit padding before `name`, named.
    #[abi(since = "0.15", offset = 28)]
    pub _pad: u32,
    /// `const char*`: the helper's name.
    #[abi(since = "0.15", offset = 32)]
    pub name: u64,
    /// `ebpf_return_type_t`.
    #[abi(since = "0.15", offset = 40)]
    pub return_type: u32,
    /// `ebpf_argument_type_t arguments[5]`.
    #[abi(since = "0.15", offset = 44)]
    pub arguments: [u32; 5],
    /// `ebpf_helper_function_prototype_flags_t` (one byte of bitfields).
    #[abi(since = "0.16", offset = 64)]
    pub flags: u8,
    /// `bool implicit_context`.
    #[abi(since = "0.18", offset = 65)]
    pub implicit_context: u8,
    /// Tail padding, named.
    #[abi(since = "0.18", offset = 66)]
    pub _pad_tail: [u8; 6],
}

/// `ebpf_program_data_t` as Release-v0.18.0 … v1.5.0 declare it (72
/// bytes).
///
/// | release | `sizeof` | header `size`s accepted |
/// |---|---|---|
/// | v0.2.0 … v0.5.0 | 16 | no header |
/// | v0.6.0 … Release-v0.14.1 | 48 | no header |
/// | Release-v0.15.0 … -v0.16.0 | 64 | 57 |
/// | Release-v0.17.0, -v0.17.1 | 72 | 65 (the header grew: every field +8) |
/// | Release-v0.18.0 … v1.5.0 | 72 | 65, 72 (`capabilities` @68, #3698) |
///
/// Its versions are the field sets v1.5.0's list names: v0.15's through
/// `required_irql` (`EBPF_PROGRAM_DATA_SIZE_0`, 65) and v0.18's
/// `capabilities` (`_SIZE_1`, 72).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::{ebpf_program_data_t, header_size};
///
/// let l = ebpf_program_data_t::LAYOUT;
/// let sizes: Vec<_> = l.versions.iter().map(|v| (v.label, v.size, header_size(l, v.number))).collect();
/// assert_eq!(sizes, [("0.15", 72, 65), ("0.18", 72, 72)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(header_version = 1)]
pub struct ebpf_program_data_t {
    /// The extension header.
    #[abi(since = "0.15", offset = 0, header)]
    pub header: ebpf_extension_header_t,
    /// `const ebpf_program_info_t*`.
    #[abi(since = "0.15", offset = 24)]
    pub program_info: u64,
    /// `const ebpf_helper_function_addresses_t*`.
    #[abi(since = "0.15", offset = 32)]
    pub program_type_specific_helper_function_addresses: u64,
    /// `const ebpf_helper_function_addresses_t*`.
    #[abi(since = "0.15", offset = 40)]
    pub global_helper_function_addresses: u64,
    /// `ebpf_program_context_create_t` (a function pointer).
    #[abi(since = "0.15", offset = 48)]
    pub context_create: u64,
    /// `ebpf_program_context_destroy_t` (a function pointer).
    #[abi(since = "0.15", offset = 56)]
    pub context_destroy: u64,
    /// `uint8_t required_irql`.
    #[abi(since = "0.15", offset = 64)]
    pub required_irql: u8,
    /// C's implicit padding before `capabilities`, named (tail padding
    /// before v0.18).
    #[abi(since = "0.18", offset = 65)]
    pub _pad: [u8; 3],
    /// `program_data_capabilities_t` (a `u32` union of flags).
    #[abi(since = "0.18", offset = 68)]
    pub capabilities: u32,
}

/// The header `size` a writer of version `number` of `layout` sends:
/// `EBPF_SIZE_INCLUDING_FIELD` of its last field, the end of the last field
/// of that version that is not padding (named `_…`). These are the sizes
/// `HeaderRule::KnownSizes` accepts, one per version: for the structs here,
/// v1.5.0's hand-kept lists.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::{ext::{header_size, ebpf_program_data_t}, release};
///
/// assert_eq!(header_size(ebpf_program_data_t::LAYOUT, release(0, 15)), 65);
/// assert_eq!(header_size(ebpf_program_data_t::LAYOUT, release(1, 5)), 72);
/// ```
pub const fn header_size(layout: &Layout, number: u32) -> usize {
    layout.version_end(number)
}

/// What v1.5.0's code would do with a provider's helper-prototype array
/// whose element 0 carries the header `first`: computed from the header,
/// never performed (eBPF-for-Windows PR #5552, open).
///
/// v1.5.0 walks the array twice:
///
/// - `ebpf_validate_helper_function_prototype_array`
///   (`libs/shared/shared_common.c:296-316`) strides by element 0's
///   `total_size`, unchecked, and reads each element's `version`, `size`
///   and `name`;
/// - `_duplicate_helper_function_prototype_array` (514-531) strides by
///   `EBPF_PAD_8(element 0's size)` and copies that many bytes of each
///   element into a slot of `sizeof(ebpf_helper_function_prototype_t)`.
///
/// So a `total_size` far larger than the struct sends the validation walk
/// past the provider's array, and one that differs from the copy's stride
/// (a `total_size` below `size`, 0 included) has the copy take elements
/// the validation never looked at. The native-module walkers of
/// `libs/execution_context/ebpf_native.c` (1821-1828, 2713-2720) go
/// further: they use element 0's `total_size` as both stride and `memcpy`
/// length into a local of the struct's `sizeof`.
///
/// ```
/// use extensible_abi_win::ext::{ebpf_extension_header_t, ShippedWalk};
///
/// // Three 72-byte prototypes (216 bytes) whose first says total_size 1 MiB.
/// let first = ebpf_extension_header_t { version: 1, size: 66, total_size: 1 << 20, ..Default::default() };
/// let w = ShippedWalk::helper_prototype_array(&first, 3, 3 * 72);
/// assert_eq!(w.stride, 1 << 20);
/// assert_eq!(w.read_end, 2 * (1 << 20) + 40); // element 2's name
/// assert_eq!(w.read_past, 2 * (1 << 20) + 40 - 216);
/// assert_eq!(w.native_copy_past, (1 << 20) - 72);
///
/// // total_size 0: element 0 is validated three times, and the copy
/// // (stride EBPF_PAD_8(66) = 72) takes elements 1 and 2 unvalidated.
/// let w = ShippedWalk::helper_prototype_array(&ebpf_extension_header_t { total_size: 0, ..first }, 3, 216);
/// assert_eq!((w.stride, w.read_end, w.copy_stride, w.unvalidated), (0, 40, 72, 2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShippedWalk {
    /// The validation walk's stride: element 0's `total_size`.
    pub stride: u64,
    /// One past the last byte the validation walk reads, from the array's
    /// start, when every element passes: the end of the last element's
    /// `name` (saturating).
    pub read_end: u64,
    /// How far `read_end` lies past the provider's bytes (0 when inside).
    pub read_past: u64,
    /// The copy's stride and per-element `memcpy` length:
    /// `EBPF_PAD_8(size)` of element 0.
    pub copy_stride: u64,
    /// How many bytes each copy writes past its slot of the runtime's
    /// `sizeof` (0 for any size in the hand-kept list).
    pub copy_past: u64,
    /// Elements the copy takes from an offset where the validation walk
    /// checked no element (all but element 0 when `total_size` is 0).
    pub unvalidated: u32,
    /// Had the array been walked as `ebpf_native.c` walks its arrays
    /// (`memcpy(&local, entry, array[0].header.total_size)`), the bytes
    /// each copy writes past a local of the struct's `sizeof`.
    pub native_copy_past: u64,
}

impl ShippedWalk {
    /// The walks over `count` helper prototypes whose element 0 has the
    /// header `first`, where the provider really has `provided` bytes.
    pub const fn helper_prototype_array(
        first: &ebpf_extension_header_t,
        count: u32,
        provided: u64,
    ) -> ShippedWalk {
        use extensible_abi::ExtensibleAbi;
        let l = ebpf_helper_function_prototype_t::LAYOUT;
        let sizeof = l.size as u64;
        // What `_ebpf_validate_helper_function_prototype` reads of each
        // element: the header's version and size, and `name`.
        let reads = match (l.header(), l.field("name")) {
            (Some(h), Some(name)) => {
                let size = (h.size.0 + h.size.1) as u64;
                let name = name.end() as u64;
                if size > name {
                    size
                } else {
                    name
                }
            }
            _ => sizeof,
        };
        let stride = first.total_size;
        let last = if count == 0 { 0 } else { count as u64 - 1 };
        let read_end = if count == 0 {
            0
        } else {
            match last.checked_mul(stride) {
                Some(at) => at.saturating_add(reads),
                None => u64::MAX,
            }
        };
        // EBPF_PAD_8(X): ((X + 7) & ~7), in size_t arithmetic.
        let copy_stride = first.size.wrapping_add(7) & !7;
        ShippedWalk {
            stride,
            read_end,
            read_past: read_end.saturating_sub(provided),
            copy_stride,
            copy_past: copy_stride.saturating_sub(sizeof),
            unvalidated: unvalidated(count, stride, copy_stride),
            native_copy_past: stride.saturating_sub(sizeof),
        }
    }
}

/// How many of the copies at `i * copy` (`0 < i < count`) start where no
/// validated element does (`j * stride`, `j < count`).
const fn unvalidated(count: u32, stride: u64, copy: u64) -> u32 {
    if count <= 1 || copy == 0 {
        return 0;
    }
    if stride == 0 {
        return count - 1;
    }
    let (mut a, mut b) = (stride, copy);
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    // i * copy is a multiple of stride when i is a multiple of this...
    let period = (stride / a) as u128;
    // ...and is a validated element's offset when it is below count * stride.
    let below = (count as u128 * stride as u128 - 1) / copy as u128;
    let last = if below < count as u128 - 1 { below } else { count as u128 - 1 };
    count - 1 - (last / period) as u32
}
