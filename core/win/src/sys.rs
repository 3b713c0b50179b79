//! The structs of eBPF-for-Windows' Linux-compatible `bpf(cmd, attr,
//! size)` (v1.5.0 `include/linux/bpf.h`): prefixes of Linux's UAPI
//! structs, with Linux's field order (`type` before `id`, the reverse of
//! the native info structs) and 16-byte names (`SYS_BPF_OBJ_NAME_LEN`).
//!
//! The three `sys_bpf_*_info_t` arrived with #3980 (79425aa4d), first in
//! Release-v0.21.0; before it the `bpf()` path passed the native struct
//! straight through. The attr structs are declared as v1.5.0 has them;
//! their own history was not researched, so their version table has
//! v1.5.0 alone.

use extensible_abi::extensible_abi;

/// `SYS_BPF_OBJ_NAME_LEN`: Linux's `BPF_OBJ_NAME_LEN`.
pub const SYS_BPF_OBJ_NAME_LEN: usize = 16;

/// `sys_bpf_obj_info_attr_t`: `BPF_OBJ_GET_INFO_BY_FD`'s attr (16 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_obj_info_attr_t;
///
/// assert_eq!(sys_bpf_obj_info_attr_t::LAYOUT.size, 16);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_obj_info_attr_t {
    /// The object's fd.
    #[abi(since = "1.5", offset = 0)]
    pub bpf_fd: u32,
    /// In: the caller's info buffer size. Out (Linux, and Windows before
    /// Release-v0.21.0): the bytes written.
    #[abi(since = "1.5", offset = 4)]
    pub info_len: u32,
    /// The caller's info buffer.
    #[abi(since = "1.5", offset = 8)]
    pub info: u64,
}

/// `sys_bpf_map_info_t` (40 bytes): Linux 4.15's `struct bpf_map_info`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_map_info_t;
///
/// assert_eq!(sys_bpf_map_info_t::LAYOUT.size, 40);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_map_info_t {
    /// Map type (the native number: only 0–3 are Linux's).
    #[abi(since = "0.21", offset = 0)]
    pub r#type: u32,
    /// Map id.
    #[abi(since = "0.21", offset = 4)]
    pub id: u32,
    /// Key size.
    #[abi(since = "0.21", offset = 8)]
    pub key_size: u32,
    /// Value size.
    #[abi(since = "0.21", offset = 12)]
    pub value_size: u32,
    /// Maximum number of entries.
    #[abi(since = "0.21", offset = 16)]
    pub max_entries: u32,
    /// Map flags.
    #[abi(since = "0.21", offset = 20)]
    pub map_flags: u32,
    /// NUL-terminated name (the native 64-byte name, truncated).
    #[abi(since = "0.21", offset = 24)]
    pub name: [u8; SYS_BPF_OBJ_NAME_LEN],
}

/// `sys_bpf_prog_info_t` (80 bytes): Linux 4.15's `struct bpf_prog_info`.
///
/// Windows fills `type`, `id`, `nr_map_ids`, `map_ids` and `name`; the
/// rest is zero, and a non-zero `jited_prog_len`, `xlated_prog_len`,
/// `jited_prog_insns` or `xlated_prog_insns` from the caller is `-EINVAL`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_prog_info_t;
///
/// assert_eq!(sys_bpf_prog_info_t::LAYOUT.size, 80);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_prog_info_t {
    /// Program type (the native number).
    #[abi(since = "0.21", offset = 0)]
    pub r#type: u32,
    /// Program id.
    #[abi(since = "0.21", offset = 4)]
    pub id: u32,
    /// Program tag (not filled).
    #[abi(since = "0.21", offset = 8)]
    pub tag: [u8; 8],
    /// Not supported: must be 0.
    #[abi(since = "0.21", offset = 16)]
    pub jited_prog_len: u32,
    /// Not supported: must be 0.
    #[abi(since = "0.21", offset = 20)]
    pub xlated_prog_len: u32,
    /// Not supported: must be 0.
    #[abi(since = "0.21", offset = 24)]
    pub jited_prog_insns: u64,
    /// Not supported: must be 0.
    #[abi(since = "0.21", offset = 32)]
    pub xlated_prog_insns: u64,
    /// Not supported.
    #[abi(since = "0.21", offset = 40)]
    pub load_time: u64,
    /// Not supported.
    #[abi(since = "0.21", offset = 48)]
    pub created_by_uid: u32,
    /// In: room in `map_ids`. Out: the program's map count.
    #[abi(since = "0.21", offset = 52)]
    pub nr_map_ids: u32,
    /// The caller's map id array.
    #[abi(since = "0.21", offset = 56)]
    pub map_ids: u64,
    /// NUL-terminated name (the native 64-byte name, truncated).
    #[abi(since = "0.21", offset = 64)]
    pub name: [u8; SYS_BPF_OBJ_NAME_LEN],
}

/// `sys_bpf_link_info_t` (12 bytes): the first three fields of Linux's
/// `struct bpf_link_info`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_link_info_t;
///
/// assert_eq!(sys_bpf_link_info_t::LAYOUT.size, 12);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_link_info_t {
    /// Link type.
    #[abi(since = "0.21", offset = 0)]
    pub r#type: u32,
    /// Link id.
    #[abi(since = "0.21", offset = 4)]
    pub id: u32,
    /// The linked program's id.
    #[abi(since = "0.21", offset = 8)]
    pub prog_id: u32,
}

/// `sys_bpf_map_create_attr_t`: `BPF_MAP_CREATE`'s attr (48 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_map_create_attr_t;
///
/// assert_eq!(sys_bpf_map_create_attr_t::LAYOUT.size, 48);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_map_create_attr_t {
    /// Map type.
    #[abi(since = "1.5", offset = 0)]
    pub map_type: u32,
    /// Key size.
    #[abi(since = "1.5", offset = 4)]
    pub key_size: u32,
    /// Value size.
    #[abi(since = "1.5", offset = 8)]
    pub value_size: u32,
    /// Maximum number of entries.
    #[abi(since = "1.5", offset = 12)]
    pub max_entries: u32,
    /// Passed on to `bpf_map_create`, which refuses non-zero.
    #[abi(since = "1.5", offset = 16)]
    pub map_flags: u32,
    /// The inner map's fd, for maps of maps.
    #[abi(since = "1.5", offset = 20)]
    pub inner_map_fd: u32,
    /// Passed on to `bpf_map_create`, which refuses non-zero.
    #[abi(since = "1.5", offset = 24)]
    pub numa_node: u32,
    /// Name: NUL-terminated within 16 bytes, else `-EINVAL`.
    #[abi(since = "1.5", offset = 28)]
    pub map_name: [u8; SYS_BPF_OBJ_NAME_LEN],
    /// Passed on to `bpf_map_create`, which refuses non-zero.
    #[abi(since = "1.5", offset = 44)]
    pub map_ifindex: u32,
}

/// `sys_bpf_map_lookup_attr_t`: `BPF_MAP_LOOKUP_ELEM`'s and
/// `BPF_MAP_UPDATE_ELEM`'s attr (32 bytes).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_map_lookup_attr_t;
///
/// assert_eq!(sys_bpf_map_lookup_attr_t::LAYOUT.size, 32);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_map_lookup_attr_t {
    /// The map's fd.
    #[abi(since = "1.5", offset = 0)]
    pub map_fd: u32,
    /// Padding (`_pad0` in C).
    #[abi(since = "1.5", offset = 4)]
    pub _pad0: u32,
    /// The key's address.
    #[abi(since = "1.5", offset = 8)]
    pub key: u64,
    /// The value's address.
    #[abi(since = "1.5", offset = 16)]
    pub value: u64,
    /// Lookup: must be 0. Update: `BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`.
    #[abi(since = "1.5", offset = 24)]
    pub flags: u64,
}

/// `sys_bpf_prog_load_attr_t`: `BPF_PROG_LOAD`'s attr (144 bytes, the
/// size of `union bpf_attr`).
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::sys::sys_bpf_prog_load_attr_t;
///
/// assert_eq!(sys_bpf_prog_load_attr_t::LAYOUT.size, 144);
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sys_bpf_prog_load_attr_t {
    /// `enum bpf_prog_type` (Windows' numbers).
    #[abi(since = "1.5", offset = 0)]
    pub prog_type: u32,
    /// Instruction count.
    #[abi(since = "1.5", offset = 4)]
    pub insn_cnt: u32,
    /// The instructions' address.
    #[abi(since = "1.5", offset = 8)]
    pub insns: u64,
    /// The license string's address (ignored).
    #[abi(since = "1.5", offset = 16)]
    pub license: u64,
    /// 0 or 1.
    #[abi(since = "1.5", offset = 24)]
    pub log_level: u32,
    /// Log buffer size.
    #[abi(since = "1.5", offset = 28)]
    pub log_size: u32,
    /// Log buffer address: set exactly when `log_level` is.
    #[abi(since = "1.5", offset = 32)]
    pub log_buf: u64,
    /// Ignored.
    #[abi(since = "1.5", offset = 40)]
    pub kern_version: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 44)]
    pub prog_flags: u32,
    /// Name: NUL-terminated within 16 bytes, else `-EINVAL`.
    #[abi(since = "1.5", offset = 48)]
    pub prog_name: [u8; SYS_BPF_OBJ_NAME_LEN],
    /// Must be 0 (with everything up to `log_true_size`).
    #[abi(since = "1.5", offset = 64)]
    pub prog_ifindex: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 68)]
    pub expected_attach_type: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 72)]
    pub prog_btf_fd: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 76)]
    pub func_info_rec_size: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 80)]
    pub func_info: u64,
    /// Must be 0.
    #[abi(since = "1.5", offset = 88)]
    pub func_info_cnt: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 92)]
    pub line_info_rec_size: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 96)]
    pub line_info: u64,
    /// Must be 0.
    #[abi(since = "1.5", offset = 104)]
    pub line_info_cnt: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 108)]
    pub attach_btf_id: u32,
    /// Must be 0 (union with `attach_btf_obj_fd`).
    #[abi(since = "1.5", offset = 112)]
    pub attach_prog_fd: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 116)]
    pub core_relo_cnt: u32,
    /// Must be 0.
    #[abi(since = "1.5", offset = 120)]
    pub fd_array: u64,
    /// Must be 0.
    #[abi(since = "1.5", offset = 128)]
    pub core_relos: u64,
    /// Must be 0.
    #[abi(since = "1.5", offset = 136)]
    pub core_relo_rec_size: u32,
    /// Out: the verifier log's true size (written back since #4360).
    #[abi(since = "1.5", offset = 140)]
    pub log_true_size: u32,
}
