use extensible_abi::{extensible_abi, ExtensibleAbi};

/// Padding between fields and at the tail, named as fields.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 1, offset = 4)]
    pub _pad: [u8; 4],
    #[abi(since = 1, offset = 8)]
    pub addr: u64,
    #[abi(since = 2, offset = 16)]
    pub len: u32,
    #[abi(since = 2, offset = 20)]
    pub _pad_tail: u32,
}

/// A later field in bytes that were tail padding of an older version, as
/// `bpf_prog_info` does: version 1 ends at 12 and C's sizeof is 16.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Grown {
    #[abi(since = 1, offset = 0)]
    pub addr: u64,
    #[abi(since = 1, offset = 8)]
    pub len: u32,
    #[abi(since = 2, offset = 12)]
    pub flags: u32,
}

fn main() {
    let sizes: Vec<_> = Info::LAYOUT
        .versions
        .iter()
        .map(|v| (v.number, v.size))
        .collect();
    assert_eq!(sizes, [(1, 16), (2, 24)]);
    assert_eq!(Info::LAYOUT.field("_pad").unwrap().size, 4);
    assert_eq!(Info::LAYOUT.field("_pad_tail").unwrap().offset, 20);

    let sizes: Vec<_> = Grown::LAYOUT
        .versions
        .iter()
        .map(|v| (v.number, v.size))
        .collect();
    assert_eq!(sizes, [(1, 16), (2, 16)]);
    // A runtime reporting 16 bytes speaks version 2, the newest that fits.
    assert_eq!(Grown::version_for_len(16).unwrap().number, 2);
}
