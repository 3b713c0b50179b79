//! `GUID`: how eBPF-for-Windows names program types and attach types.

use extensible_abi::extensible_abi;

/// C's `GUID` (`ebpf_program_type_t`, `ebpf_attach_type_t` in
/// eBPF-for-Windows): 16 bytes, 4-aligned, `{u32, u16, u16, u8[8]}`.
///
/// ```
/// use extensible_abi::ExtensibleAbi;
/// use extensible_abi_win::Guid;
///
/// assert_eq!((Guid::LAYOUT.size, Guid::LAYOUT.align), (16, 4));
/// ```
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Guid {
    /// `Data1`.
    #[abi(since = "0.2", offset = 0)]
    pub data1: u32,
    /// `Data2`.
    #[abi(since = "0.2", offset = 4)]
    pub data2: u16,
    /// `Data3`.
    #[abi(since = "0.2", offset = 6)]
    pub data3: u16,
    /// `Data4`.
    #[abi(since = "0.2", offset = 8)]
    pub data4: [u8; 8],
}

impl Guid {
    /// A GUID from its four parts, as C writes `{d1, d2, d3, {d4…}}`.
    pub const fn new(data1: u32, data2: u16, data3: u16, data4: [u8; 8]) -> Self {
        Guid { data1, data2, data3, data4 }
    }

    /// The all-zero GUID (`EBPF_ATTACH_TYPE_UNSPECIFIED`).
    pub const ZERO: Guid = Guid::new(0, 0, 0, [0; 8]);

    /// Whether this is the all-zero GUID.
    pub const fn is_zero(&self) -> bool {
        self.data1 == 0 && self.data2 == 0 && self.data3 == 0 && u64::from_ne_bytes(self.data4) == 0
    }
}

/// Program type GUIDs (`EBPF_PROGRAM_TYPE_*`, v1.5.0
/// `include/ebpf_program_attach_type_guids.h`).
pub mod program_type {
    use super::Guid;

    /// `EBPF_PROGRAM_TYPE_XDP`.
    pub const XDP: Guid =
        Guid::new(0xf1832a85, 0x85d5, 0x45b0, [0x98, 0xa0, 0x70, 0x69, 0xd6, 0x30, 0x13, 0xb0]);
    /// `EBPF_PROGRAM_TYPE_BIND`.
    pub const BIND: Guid =
        Guid::new(0x608c517c, 0x6c52, 0x4a26, [0xb6, 0x77, 0xbb, 0x1c, 0x34, 0x42, 0x5a, 0xdf]);
    /// `EBPF_PROGRAM_TYPE_CGROUP_SOCK_ADDR`.
    pub const CGROUP_SOCK_ADDR: Guid =
        Guid::new(0x92ec8e39, 0xaeec, 0x11ec, [0x9a, 0x30, 0x18, 0x60, 0x24, 0x89, 0xbe, 0xee]);
    /// `EBPF_PROGRAM_TYPE_SOCK_OPS`.
    pub const SOCK_OPS: Guid =
        Guid::new(0x43fb224d, 0x68f8, 0x46d6, [0xaa, 0x3f, 0xc8, 0x56, 0x51, 0x8c, 0xbb, 0x32]);
    /// `EBPF_PROGRAM_TYPE_SAMPLE`.
    pub const SAMPLE: Guid =
        Guid::new(0xf788ef4a, 0x207d, 0x4dc3, [0x85, 0xcf, 0x0f, 0x2e, 0xa1, 0x07, 0x21, 0x3c]);
}

/// Attach type GUIDs (`EBPF_ATTACH_TYPE_*`, same header).
pub mod attach_type {
    use super::Guid;

    /// `EBPF_ATTACH_TYPE_UNSPECIFIED`: all zero.
    pub const UNSPECIFIED: Guid = Guid::ZERO;
    /// `EBPF_ATTACH_TYPE_XDP`.
    pub const XDP: Guid =
        Guid::new(0x85e0d8ef, 0x579e, 0x4931, [0xb0, 0x72, 0x8e, 0xe2, 0x26, 0xbb, 0x2e, 0x9d]);
    /// `EBPF_ATTACH_TYPE_BIND`.
    pub const BIND: Guid =
        Guid::new(0xb9707e04, 0x8127, 0x4c72, [0x83, 0x3e, 0x05, 0xb1, 0xfb, 0x43, 0x94, 0x96]);
    /// `EBPF_ATTACH_TYPE_SAMPLE`.
    pub const SAMPLE: Guid =
        Guid::new(0xf788ef4b, 0x207d, 0x4dc3, [0x85, 0xcf, 0x0f, 0x2e, 0xa1, 0x07, 0x21, 0x3c]);
}
