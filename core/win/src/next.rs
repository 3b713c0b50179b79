//! "next": a release after v1.5.0 that appends one field to each info
//! struct. It does not exist; the #4160 scenario needs a runtime one
//! release newer than a v1.5.0 caller, and a caller built against a
//! release newer than the runtime, and this is the smallest honest
//! stand-in: an append, the one change the attribute allows.
//!
//! Each struct is its v1.5.0 counterpart with `next_field` at the end
//! (a `u64` where the struct is 8-aligned, so no padding appears), which a
//! runtime at [`NEXT`] sets to [`NEXT_FIELD_VALUE`]. The extension structs
//! do the same, for a provider built against the next release: its
//! header says `size` 80, `total_size` 80.

use extensible_abi::extensible_abi;

use crate::ext::ebpf_extension_header_t;
use crate::{release, Guid, BPF_OBJ_NAME_LEN};

/// The hypothetical release's number: `"1.6"`.
pub const NEXT: u32 = release(1, 6);

/// What a runtime at [`NEXT`] reports in `next_field`, so a caller can
/// tell the field was written.
pub const NEXT_FIELD_VALUE: u32 = 0x4286;

/// [`bpf_map_info`](crate::bpf_map_info) plus `next_field` (100 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::next::bpf_map_info_next;
///
/// let sizes: Vec<_> = bpf_map_info_next::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.2", 96), ("1.6", 100)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct bpf_map_info_next {
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 8)]
    pub key_size: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 12)]
    pub value_size: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 16)]
    pub max_entries: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 20)]
    pub name: [u8; BPF_OBJ_NAME_LEN],
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 84)]
    pub map_flags: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 88)]
    pub inner_map_id: u32,
    /// As in [`bpf_map_info`](crate::bpf_map_info).
    #[abi(since = "0.2", offset = 92)]
    pub pinned_path_count: u32,
    /// The appended field.
    #[abi(since = "1.6", offset = 96)]
    pub next_field: u32,
}

/// [`bpf_prog_info`](crate::bpf_prog_info) plus `next_field` (136 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::next::bpf_prog_info_next;
///
/// let sizes: Vec<_> = bpf_prog_info_next::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.2", 12), ("0.5", 128), ("1.6", 136)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct bpf_prog_info_next {
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.2", offset = 4)]
    pub r#type: u32,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.2", offset = 8)]
    pub nr_map_ids: u32,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 12)]
    pub _pad: u32,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 16)]
    pub map_ids: u64,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 24)]
    pub name: [u8; BPF_OBJ_NAME_LEN],
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 88)]
    pub type_uuid: Guid,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 104)]
    pub attach_type_uuid: Guid,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 120)]
    pub pinned_path_count: u32,
    /// As in [`bpf_prog_info`](crate::bpf_prog_info).
    #[abi(since = "0.5", offset = 124)]
    pub link_count: u32,
    /// The appended field.
    #[abi(since = "1.6", offset = 128)]
    pub next_field: u64,
}

/// [`bpf_link_info`](crate::bpf_link_info) plus `next_field` (64 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::next::bpf_link_info_next;
///
/// let sizes: Vec<_> = bpf_link_info_next::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
/// assert_eq!(sizes, [("0.2", 52), ("0.3", 56), ("1.6", 64)]);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct bpf_link_info_next {
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 0)]
    pub id: u32,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 4)]
    pub prog_id: u32,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 8)]
    pub r#type: u32,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 12)]
    pub attach_type: u32,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 16)]
    pub attach_type_uuid: Guid,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 32)]
    pub program_type_uuid: Guid,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.2", offset = 48)]
    pub _union_0_2: u32,
    /// As in [`bpf_link_info`](crate::bpf_link_info).
    #[abi(since = "0.3", offset = 52)]
    pub _union_0_3: u32,
    /// The appended field.
    #[abi(since = "1.6", offset = 56)]
    pub next_field: u64,
}

/// [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t)
/// plus `next_field` (80 bytes): a newer provider's helper prototype.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::header_size;
/// use extensible_abi_win::next::{ebpf_helper_function_prototype_next, NEXT};
///
/// let l = ebpf_helper_function_prototype_next::LAYOUT;
/// assert_eq!((header_size(l, NEXT), l.size), (80, 80));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(header_version = 1)]
pub struct ebpf_helper_function_prototype_next {
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 0, header)]
    pub header: ebpf_extension_header_t,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 24)]
    pub helper_id: u32,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 28)]
    pub _pad: u32,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 32)]
    pub name: u64,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 40)]
    pub return_type: u32,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.15", offset = 44)]
    pub arguments: [u32; 5],
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.16", offset = 64)]
    pub flags: u8,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.18", offset = 65)]
    pub implicit_context: u8,
    /// As in [`ebpf_helper_function_prototype_t`](crate::ext::ebpf_helper_function_prototype_t).
    #[abi(since = "0.18", offset = 66)]
    pub _pad_tail: [u8; 6],
    /// The appended field.
    #[abi(since = "1.6", offset = 72)]
    pub next_field: u64,
}

/// [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t) plus
/// `next_field` (80 bytes): a newer provider's program data.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::ext::header_size;
/// use extensible_abi_win::next::{ebpf_program_data_next, NEXT};
///
/// let l = ebpf_program_data_next::LAYOUT;
/// assert_eq!((header_size(l, NEXT), l.size), (80, 80));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(header_version = 1)]
pub struct ebpf_program_data_next {
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 0, header)]
    pub header: ebpf_extension_header_t,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 24)]
    pub program_info: u64,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 32)]
    pub program_type_specific_helper_function_addresses: u64,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 40)]
    pub global_helper_function_addresses: u64,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 48)]
    pub context_create: u64,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 56)]
    pub context_destroy: u64,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.15", offset = 64)]
    pub required_irql: u8,
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.18", offset = 65)]
    pub _pad: [u8; 3],
    /// As in [`ebpf_program_data_t`](crate::ext::ebpf_program_data_t).
    #[abi(since = "0.18", offset = 68)]
    pub capabilities: u32,
    /// The appended field.
    #[abi(since = "1.6", offset = 72)]
    pub next_field: u64,
}
