//! Extension structs: eBPF-for-Windows' `ebpf_extension_header_t` and two
//! structs that start with it, with their size histories, x64.
//!
//! These are declarations only. How the runtime accepts them (the header's
//! `version` compared exactly, its `size` looked up in a hand-kept list,
//! `total_size` used as an array stride, unchecked until #5552 proposed
//! bounds) is for the framework's declarative header support to express;
//! this crate writes no validation of its own for them.
//!
//! #3573 (f7ec16834, Release-v0.17.0) grew the header from 16 to 24 bytes
//! and so moved every field of every header-carrying struct by 8, with
//! every version constant left at 1: the `since` of each field below is
//! v0.17, the release that gave it its present offset, and an extension
//! built against v0.15/v0.16 shares nothing with these layouts but the
//! header's first 16 bytes.

use extensible_abi::extensible_abi;

/// `ebpf_extension_header_t` (v1.5.0 `include/ebpf_windows.h:214-226`).
///
/// | release | `sizeof` | change |
/// |---|---|---|
/// | Release-v0.15.0 | 16 | created (#3326): `version`, `size` |
/// | Release-v0.17.0 | 24 | #3573 appended `total_size` |
///
/// `size` is the struct's size without tail padding
/// (`EBPF_SIZE_INCLUDING_FIELD(T, last_field)`), `total_size` its `sizeof`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::ebpf_extension_header_t;
///
/// let sizes: Vec<_> = ebpf_extension_header_t::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.15", 16), ("0.17", 24)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ebpf_extension_header_t {
    /// Changed only for incompatible changes: 1 for every struct so far.
    #[abi(since = "0.15", offset = 0)]
    pub version: u16,
    /// C's implicit padding before `size`, named.
    #[abi(since = "0.15", offset = 2)]
    pub _pad: [u8; 6],
    /// The struct's size up to the end of its last field (`size_t`).
    #[abi(since = "0.15", offset = 8)]
    pub size: u64,
    /// The struct's `sizeof` (`size_t`).
    #[abi(since = "0.17", offset = 16)]
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
/// The version table has v0.17 and v0.18 (both 72 bytes: `implicit_context`
/// took tail padding); the header's `size` (64, 65, 66) tells them apart.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::ebpf_helper_function_prototype_t;
///
/// let sizes: Vec<_> = ebpf_helper_function_prototype_t::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.17", 72), ("0.18", 72)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ebpf_helper_function_prototype_t {
    /// The extension header.
    #[abi(since = "0.17", offset = 0)]
    pub header: ebpf_extension_header_t,
    /// The helper's id.
    #[abi(since = "0.17", offset = 24)]
    pub helper_id: u32,
    /// C's implicit padding before `name`, named.
    #[abi(since = "0.17", offset = 28)]
    pub _pad: u32,
    /// `const char*`: the helper's name.
    #[abi(since = "0.17", offset = 32)]
    pub name: u64,
    /// `ebpf_return_type_t`.
    #[abi(since = "0.17", offset = 40)]
    pub return_type: u32,
    /// `ebpf_argument_type_t arguments[5]`.
    #[abi(since = "0.17", offset = 44)]
    pub arguments: [u32; 5],
    /// `ebpf_helper_function_prototype_flags_t` (one byte of bitfields).
    #[abi(since = "0.17", offset = 64)]
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
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::ebpf_program_data_t;
///
/// let sizes: Vec<_> = ebpf_program_data_t::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.17", 72), ("0.18", 72)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ebpf_program_data_t {
    /// The extension header.
    #[abi(since = "0.17", offset = 0)]
    pub header: ebpf_extension_header_t,
    /// `const ebpf_program_info_t*`.
    #[abi(since = "0.17", offset = 24)]
    pub program_info: u64,
    /// `const ebpf_helper_function_addresses_t*`.
    #[abi(since = "0.17", offset = 32)]
    pub program_type_specific_helper_function_addresses: u64,
    /// `const ebpf_helper_function_addresses_t*`.
    #[abi(since = "0.17", offset = 40)]
    pub global_helper_function_addresses: u64,
    /// `ebpf_program_context_create_t` (a function pointer).
    #[abi(since = "0.17", offset = 48)]
    pub context_create: u64,
    /// `ebpf_program_context_destroy_t` (a function pointer).
    #[abi(since = "0.17", offset = 56)]
    pub context_destroy: u64,
    /// `uint8_t required_irql`.
    #[abi(since = "0.17", offset = 64)]
    pub required_irql: u8,
    /// C's implicit padding before `capabilities`, named (tail padding
    /// before v0.18).
    #[abi(since = "0.18", offset = 65)]
    pub _pad: [u8; 3],
    /// `program_data_capabilities_t` (a `u32` union of flags).
    #[abi(since = "0.18", offset = 68)]
    pub capabilities: u32,
}
