//! The program commands' attrs: `BPF_PROG_LOAD`, `BPF_PROG_TEST_RUN`,
//! `BPF_PROG_BIND_MAP`, `BPF_PROG_STREAM_READ_BY_FD`.

use super::release;
use extensible_abi::extensible_abi;

/// The anonymous struct of `union bpf_attr` that `BPF_PROG_LOAD` reads, the
/// largest command struct: its size is [`BPF_ATTR_SIZE`](super::BPF_ATTR_SIZE).
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 3.18 | 40 | `prog_type`, `insn_cnt`, `insns`, `license`, `log_level`, `log_size`, `log_buf` |
/// | 4.1 | 48 | `kern_version` (4 bytes of tail padding) |
/// | 4.12 | 48 | `prog_flags`, in that padding |
/// | 4.15 | 72 | `prog_name`, `prog_ifindex` (4 bytes of tail padding) |
/// | 4.17 | 72 | `expected_attach_type`, in that padding |
/// | 5.0 | 112 | `prog_btf_fd`, `func_info_rec_size`, `func_info`, `func_info_cnt`, `line_info_rec_size`, `line_info`, `line_info_cnt` (4 bytes of tail padding) |
/// | 5.5 | 120 | `attach_btf_id` (in that padding), `attach_prog_fd` (4 bytes of tail padding) |
/// | 5.11 | 120 | `attach_btf_obj_fd`, sharing `attach_prog_fd`'s bytes |
/// | 5.14 | 128 | `fd_array` (the padding before it became a C `__u32 :32`) |
/// | 5.17 | 144 | `core_relo_cnt` (in that padding), `core_relos`, `core_relo_rec_size` (4 bytes of tail padding) |
/// | 6.4 | 144 | `log_true_size`, in that padding |
/// | 6.9 | 152 | `prog_token_fd` (4 bytes of tail padding) |
/// | 6.14 | 152 | `fd_array_cnt`, in that padding |
/// | 6.18 | 168 | `signature`, `signature_size`, `keyring_id` |
///
/// C's `union { attach_prog_fd; attach_btf_obj_fd; }` is the field
/// `attach_prog_fd` with the alias [`Self::attach_btf_obj_fd`].
/// `core_relo_cnt` took bytes that were padding before 5.17 (tail padding
/// from 5.5, a C `__u32 :32` from 5.14): it is dated 5.17, and its bytes
/// count in the size from 5.5 (`padding_since`).
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "3.18", size = 40)]
#[abi(version = "4.1", size = 48)]
#[abi(version = "4.12", size = 48)]
#[abi(version = "4.15", size = 72)]
#[abi(version = "4.17", size = 72)]
#[abi(version = "5.0", size = 112)]
#[abi(version = "5.5", size = 120)]
#[abi(version = "5.14", size = 128)]
#[abi(version = "5.17", size = 144)]
#[abi(version = "6.4", size = 144)]
#[abi(version = "6.9", size = 152)]
#[abi(version = "6.14", size = 152)]
#[abi(version = "6.18", size = 168)]
pub struct bpf_attr_prog_load {
    /// `enum bpf_prog_type`. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 0)]
    pub prog_type: u32,
    /// Number of instructions. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 4)]
    pub insn_cnt: u32,
    /// User pointer to the instructions. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 8)]
    pub insns: u64,
    /// User pointer to the license string. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 16)]
    pub license: u64,
    /// Verbosity of the verifier log. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 24)]
    pub log_level: u32,
    /// Size of the log buffer. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 28)]
    pub log_size: u32,
    /// User pointer to the log buffer. Added in Linux 3.18.
    #[abi(since = "3.18", offset = 32)]
    pub log_buf: u64,
    /// `LINUX_VERSION_CODE` the program was built for (kprobes, once).
    /// Added in Linux 4.1.
    #[abi(since = "4.1", offset = 40)]
    pub kern_version: u32,
    /// `BPF_F_*` load flags. Added in Linux 4.12, in bytes that were tail
    /// padding from 4.1.
    #[abi(since = "4.12", offset = 44, padding_since = "4.1")]
    pub prog_flags: u32,
    /// The program's name, NUL-padded (C `char[BPF_OBJ_NAME_LEN]`). Added in
    /// Linux 4.15.
    #[abi(since = "4.15", offset = 48)]
    pub prog_name: [u8; 16],
    /// Ifindex of the netdev to offload to. Added in Linux 4.15.
    #[abi(since = "4.15", offset = 64)]
    pub prog_ifindex: u32,
    /// The attach type the program is verified for. Added in Linux 4.17,
    /// in bytes that were tail padding from 4.15.
    #[abi(since = "4.17", offset = 68, padding_since = "4.15")]
    pub expected_attach_type: u32,
    /// Fd of the program's BTF. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 72)]
    pub prog_btf_fd: u32,
    /// Size of one `struct bpf_func_info` record. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 76)]
    pub func_info_rec_size: u32,
    /// User pointer to the func info records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 80)]
    pub func_info: u64,
    /// Number of func info records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 88)]
    pub func_info_cnt: u32,
    /// Size of one `struct bpf_line_info` record. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 92)]
    pub line_info_rec_size: u32,
    /// User pointer to the line info records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 96)]
    pub line_info: u64,
    /// Number of line info records. Added in Linux 5.0.
    #[abi(since = "5.0", offset = 104)]
    pub line_info_cnt: u32,
    /// BTF type id of the attach target. Added in Linux 5.5, in bytes that
    /// were tail padding from 5.0.
    #[abi(since = "5.5", offset = 108, padding_since = "5.0")]
    pub attach_btf_id: u32,
    /// Fd of the program to attach to (freplace, fentry on BPF); the same
    /// bytes are `attach_btf_obj_fd` ([`Self::attach_btf_obj_fd`]). Added in
    /// Linux 5.5.
    #[abi(since = "5.5", offset = 112)]
    pub attach_prog_fd: u32,
    /// Number of `core_relos` records. Added in Linux 5.17, in bytes that
    /// were padding before: tail padding from 5.5, then a C `__u32 :32`
    /// from 5.14, when the 8-aligned `fd_array` came after them.
    #[abi(since = "5.17", offset = 116, padding_since = "5.5")]
    pub core_relo_cnt: u32,
    /// User pointer to an array of fds that instructions may refer to by
    /// index. Added in Linux 5.14.
    #[abi(since = "5.14", offset = 120)]
    pub fd_array: u64,
    /// User pointer to `struct bpf_core_relo` records. Added in Linux 5.17.
    #[abi(since = "5.17", offset = 128)]
    pub core_relos: u64,
    /// Size of one `struct bpf_core_relo` record. Added in Linux 5.17.
    #[abi(since = "5.17", offset = 136)]
    pub core_relo_rec_size: u32,
    /// Output: the log size the verifier needed. Added in Linux 6.4, in
    /// bytes that were tail padding from 5.17.
    #[abi(since = "6.4", offset = 140, padding_since = "5.17")]
    pub log_true_size: u32,
    /// BPF token fd, with `BPF_F_TOKEN_FD` in `prog_flags` (C `__s32`).
    /// Added in Linux 6.9.
    #[abi(since = "6.9", offset = 144)]
    pub prog_token_fd: i32,
    /// Number of fds in `fd_array` (to bind them all). Added in Linux 6.14,
    /// in bytes that were tail padding from 6.9.
    #[abi(since = "6.14", offset = 148, padding_since = "6.9")]
    pub fd_array_cnt: u32,
    /// User pointer to the program's signature. Added in Linux 6.18.
    #[abi(since = "6.18", offset = 152)]
    pub signature: u64,
    /// Size of the signature. Added in Linux 6.18.
    #[abi(since = "6.18", offset = 160)]
    pub signature_size: u32,
    /// Serial of the keyring to verify the signature with (C `__s32`).
    /// Added in Linux 6.18.
    #[abi(since = "6.18", offset = 164)]
    pub keyring_id: i32,
}

u32_aliases! {
    /// The C member of the union in [`bpf_attr_prog_load`] beyond its first.
    PROG_LOAD_ALIASES for bpf_attr_prog_load;
    /// `attach_btf_obj_fd`: fd of the (module) BTF object holding
    /// `attach_btf_id` (the union member sharing `attach_prog_fd`'s bytes).
    /// Added in Linux 5.11.
    attach_btf_obj_fd, set_attach_btf_obj_fd = attach_prog_fd, since release(5, 11);
}

/// `union bpf_attr`'s member `test`, which `BPF_PROG_TEST_RUN` (also
/// called `BPF_PROG_RUN`) reads and writes back.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.12 | 40 | `prog_fd`, `retval`, `data_size_in`, `data_size_out`, `data_in`, `data_out`, `repeat`, `duration` |
/// | 5.2 | 64 | `ctx_size_in`, `ctx_size_out`, `ctx_in`, `ctx_out` |
/// | 5.10 | 72 | `flags`, `cpu` |
/// | 5.18 | 80 | `batch_size` (4 bytes of tail padding) |
///
/// `CHECK_ATTR` (6.18): everything after `batch_size` must be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "4.12", size = 40)]
#[abi(version = "5.2", size = 64)]
#[abi(version = "5.10", size = 72)]
#[abi(version = "5.18", size = 80)]
pub struct bpf_attr_test {
    /// The program's fd. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 0)]
    pub prog_fd: u32,
    /// Output: the program's return value. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 4)]
    pub retval: u32,
    /// Size of the input data. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 8)]
    pub data_size_in: u32,
    /// In: size of the output buffer; out: size of the output data. Added
    /// in Linux 4.12.
    #[abi(since = "4.12", offset = 12)]
    pub data_size_out: u32,
    /// User pointer to the input data. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 16)]
    pub data_in: u64,
    /// User pointer to the output buffer. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 24)]
    pub data_out: u64,
    /// How many times to run the program. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 32)]
    pub repeat: u32,
    /// Output: average run time in nanoseconds. Added in Linux 4.12.
    #[abi(since = "4.12", offset = 36)]
    pub duration: u32,
    /// Size of the input context. Added in Linux 5.2.
    #[abi(since = "5.2", offset = 40)]
    pub ctx_size_in: u32,
    /// In: size of the context output buffer; out: size of the context.
    /// Added in Linux 5.2.
    #[abi(since = "5.2", offset = 44)]
    pub ctx_size_out: u32,
    /// User pointer to the input context. Added in Linux 5.2.
    #[abi(since = "5.2", offset = 48)]
    pub ctx_in: u64,
    /// User pointer to the context output buffer. Added in Linux 5.2.
    #[abi(since = "5.2", offset = 56)]
    pub ctx_out: u64,
    /// `BPF_F_TEST_*` flags. Added in Linux 5.10.
    #[abi(since = "5.10", offset = 64)]
    pub flags: u32,
    /// CPU to run on (with `BPF_F_TEST_RUN_ON_CPU`). Added in Linux 5.10.
    #[abi(since = "5.10", offset = 68)]
    pub cpu: u32,
    /// Frames per batch in XDP live-packet mode. Added in Linux 5.18.
    #[abi(since = "5.18", offset = 72)]
    pub batch_size: u32,
    /// Tail padding, since Linux 5.18.
    #[abi(since = "5.18", offset = 76)]
    pub _pad_tail: u32,
}

/// `union bpf_attr`'s member `prog_bind_map`, which `BPF_PROG_BIND_MAP`
/// reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 5.10 | 12 | every field |
///
/// `CHECK_ATTR` (6.18): every field is read.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.10", size = 12)]
pub struct bpf_attr_prog_bind_map {
    /// The program's fd. Added in Linux 5.10.
    #[abi(since = "5.10", offset = 0)]
    pub prog_fd: u32,
    /// The map's fd. Added in Linux 5.10.
    #[abi(since = "5.10", offset = 4)]
    pub map_fd: u32,
    /// Flags (none defined: must be zero). Added in Linux 5.10.
    #[abi(since = "5.10", offset = 8)]
    pub flags: u32,
}

/// `union bpf_attr`'s member `prog_stream_read`, which
/// `BPF_PROG_STREAM_READ_BY_FD` reads.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 6.17 | 24 | every field (4 bytes of tail padding) |
///
/// `CHECK_ATTR` (6.18): everything after `prog_fd` must be zero.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "6.17", size = 24)]
pub struct bpf_attr_prog_stream_read {
    /// User pointer to the buffer to read into. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 0)]
    pub stream_buf: u64,
    /// Size of `stream_buf`. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 8)]
    pub stream_buf_len: u32,
    /// `BPF_STDOUT` or `BPF_STDERR`. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 12)]
    pub stream_id: u32,
    /// The program's fd. Added in Linux 6.17.
    #[abi(since = "6.17", offset = 16)]
    pub prog_fd: u32,
    /// Tail padding, since Linux 6.17.
    #[abi(since = "6.17", offset = 20)]
    pub _pad_tail: u32,
}
