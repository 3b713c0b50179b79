//! `struct bpf_btf_info`.

use extensible_abi::extensible_abi;

/// `struct bpf_btf_info`: what `BPF_OBJ_GET_INFO_BY_FD` reports about a BTF
/// object.
///
/// | Linux | `sizeof` | added |
/// |---|---|---|
/// | 4.18 | 16 | `btf`, `btf_size`, `id` |
/// | 5.11 | 32 | `name`, `name_len`, `kernel_btf` |
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[abi(version = "4.18", size = 16)]
#[abi(version = "5.11", size = 32)]
pub struct bpf_btf_info {
    /// User pointer: buffer for the raw BTF data. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 0)]
    pub btf: u64,
    /// In/out: room in `btf`, size of the BTF data. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 8)]
    pub btf_size: u32,
    /// The BTF object's id. Added in Linux 4.18.
    #[abi(since = "4.18", offset = 12)]
    pub id: u32,
    /// User pointer: buffer for the object's name ("vmlinux", a module's
    /// name). Added in Linux 5.11.
    #[abi(since = "5.11", offset = 16)]
    pub name: u64,
    /// In/out: room in `name`, length of the name with its NUL. Added in
    /// Linux 5.11.
    #[abi(since = "5.11", offset = 24)]
    pub name_len: u32,
    /// Non-zero for kernel (vmlinux or module) BTF. Added in Linux 5.11.
    #[abi(since = "5.11", offset = 28)]
    pub kernel_btf: u32,
}
