use extensible_abi::{extensible_abi, ExtensibleAbi, Partial};

/// A field named with a keyword, as `bpf_link_info.type` is.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkInfo {
    #[abi(since = 1, offset = 0)]
    pub r#type: u32,
    #[abi(since = 1, offset = 4)]
    pub id: u32,
}

fn main() {
    // The layout names the field as C does, without `r#`.
    let names: Vec<_> = LinkInfo::LAYOUT.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["type", "id"]);
    assert!(LinkInfo::LAYOUT.field("r#type").is_none());
    assert_eq!(LinkInfo::FIELDS.r#type.name(), "type");
    assert!(LinkInfo::is_present("type", 4));

    let info = Partial::new(LinkInfo { r#type: 3, id: 9 }, 4);
    assert_eq!(info.get(LinkInfo::FIELDS.r#type), Some(3));
    assert_eq!(info.get(LinkInfo::FIELDS.id), None);
}
