//! libbpf's option structs as eBPF-for-Windows' API reads them.
//!
//! Both are libbpf's extensible structs (their first member, `sz`, is
//! their size), but eBPF-for-Windows reads the members it uses at their
//! offsets and never looks at `sz`; so does this library. Their `since`
//! is 1: their history is libbpf's and is not tracked here.

use extensible_abi::extensible_abi;

/// `struct bpf_map_create_opts` through `map_ifindex` (48 bytes), as
/// libbpf 1.x declares it. `bpf_map_create` reads `inner_map_fd`,
/// `map_flags`, `numa_node` and `map_ifindex`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct bpf_map_create_opts {
    /// `size_t sz`.
    #[abi(since = 1, offset = 0)]
    pub sz: u64,
    /// Ignored.
    #[abi(since = 1, offset = 8)]
    pub btf_fd: u32,
    /// Ignored.
    #[abi(since = 1, offset = 12)]
    pub btf_key_type_id: u32,
    /// Ignored.
    #[abi(since = 1, offset = 16)]
    pub btf_value_type_id: u32,
    /// Ignored.
    #[abi(since = 1, offset = 20)]
    pub btf_vmlinux_value_type_id: u32,
    /// The inner map's fd (0: none).
    #[abi(since = 1, offset = 24)]
    pub inner_map_fd: u32,
    /// Must be 0.
    #[abi(since = 1, offset = 28)]
    pub map_flags: u32,
    /// Ignored.
    #[abi(since = 1, offset = 32)]
    pub map_extra: u64,
    /// Must be 0.
    #[abi(since = 1, offset = 40)]
    pub numa_node: u32,
    /// Must be 0.
    #[abi(since = 1, offset = 44)]
    pub map_ifindex: u32,
}

/// `struct bpf_prog_load_opts` through `log_true_size` (112 bytes), as
/// libbpf 1.2+ declares it. `bpf_prog_load` reads `log_size` and
/// `log_buf` only, so only the 104 bytes through `log_buf` are read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct bpf_prog_load_opts {
    /// `size_t sz`.
    #[abi(since = 1, offset = 0)]
    pub sz: u64,
    /// Ignored.
    #[abi(since = 1, offset = 8)]
    pub attempts: i32,
    /// Ignored (eBPF-for-Windows' `bpf_prog_load` does not read it).
    #[abi(since = 1, offset = 12)]
    pub expected_attach_type: u32,
    /// Ignored.
    #[abi(since = 1, offset = 16)]
    pub prog_btf_fd: u32,
    /// Ignored.
    #[abi(since = 1, offset = 20)]
    pub prog_flags: u32,
    /// Ignored.
    #[abi(since = 1, offset = 24)]
    pub prog_ifindex: u32,
    /// Ignored.
    #[abi(since = 1, offset = 28)]
    pub kern_version: u32,
    /// Ignored.
    #[abi(since = 1, offset = 32)]
    pub attach_btf_id: u32,
    /// Ignored.
    #[abi(since = 1, offset = 36)]
    pub attach_prog_fd: u32,
    /// Ignored.
    #[abi(since = 1, offset = 40)]
    pub attach_btf_obj_fd: u32,
    /// C's implicit padding, named.
    #[abi(since = 1, offset = 44)]
    pub _pad: u32,
    /// Ignored (`const int *`).
    #[abi(since = 1, offset = 48)]
    pub fd_array: u64,
    /// Ignored (`const void *`).
    #[abi(since = 1, offset = 56)]
    pub func_info: u64,
    /// Ignored.
    #[abi(since = 1, offset = 64)]
    pub func_info_cnt: u32,
    /// Ignored.
    #[abi(since = 1, offset = 68)]
    pub func_info_rec_size: u32,
    /// Ignored (`const void *`).
    #[abi(since = 1, offset = 72)]
    pub line_info: u64,
    /// Ignored.
    #[abi(since = 1, offset = 80)]
    pub line_info_cnt: u32,
    /// Ignored.
    #[abi(since = 1, offset = 84)]
    pub line_info_rec_size: u32,
    /// Ignored.
    #[abi(since = 1, offset = 88)]
    pub log_level: u32,
    /// The log buffer's size: set exactly when `log_buf` is.
    #[abi(since = 1, offset = 92)]
    pub log_size: u32,
    /// The log buffer (`char *`); nothing is written to it: no verifier
    /// runs here.
    #[abi(since = 1, offset = 96)]
    pub log_buf: u64,
    /// Not written.
    #[abi(since = 1, offset = 104)]
    pub log_true_size: u32,
    /// Tail padding, named.
    #[abi(since = 1, offset = 108)]
    pub _pad_tail: u32,
}

/// How many bytes of `bpf_prog_load_opts` eBPF-for-Windows reads: through
/// `log_buf`.
pub const PROG_LOAD_OPTS_READ: usize = 104;
