use extensible_abi::{extensible_abi, ExtensibleAbi};

/// Versions named after the kernel release that added the fields, with
/// each release's size frozen.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
#[abi(version = "4.13", size = 16)]
#[abi(version = "5.2.1", size = 24)]
pub struct MapInfo {
    #[abi(since = "4.13", offset = 0)]
    pub map_type: u32,
    #[abi(since = "4.13", offset = 4)]
    pub id: u32,
    #[abi(since = "4.13", offset = 8)]
    pub key_size: u32,
    #[abi(since = "4.13", offset = 12)]
    pub value_size: u32,
    #[abi(since = "5.2.1", offset = 16)]
    pub btf_id: u32,
    #[abi(since = "5.2.1", offset = 20)]
    pub _pad_tail: u32,
}

fn main() {
    let versions: Vec<_> = MapInfo::LAYOUT
        .versions
        .iter()
        .map(|v| (v.number, v.label, v.size))
        .collect();
    assert_eq!(
        versions,
        [(0x04_0d_00, "4.13", 16), (0x05_02_01, "5.2.1", 24)]
    );
    assert_eq!(MapInfo::LAYOUT.field("btf_id").unwrap().since, 0x05_02_01);
    assert_eq!(MapInfo::version_for_len(20).unwrap().label, "4.13");
    assert_eq!(MapInfo::version_for_len(24).unwrap().label, "5.2.1");
    assert!(MapInfo::version_for_len(15).is_none());
}
