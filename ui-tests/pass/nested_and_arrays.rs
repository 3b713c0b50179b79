use extensible_abi::{bytes_of, extensible_abi, ExtensibleAbi, Pod};

/// An extensible struct used as a field of another.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    #[abi(since = 1, offset = 0)]
    pub start: u32,
    #[abi(since = 1, offset = 4)]
    pub end: u32,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query {
    #[abi(since = 1, offset = 0)]
    pub range: Range,
    #[abi(since = 1, offset = 8)]
    pub ids: [u32; 4],
    #[abi(since = 1, offset = 24)]
    pub name: [[u8; 4]; 2],
    #[abi(since = 2, offset = 32)]
    pub more: [Range; 2],
}

fn assert_pod<T: Pod>() {}

fn main() {
    assert_pod::<Range>();
    assert_pod::<[Range; 2]>();

    let layout = Query::LAYOUT;
    assert_eq!(layout.size, 48);
    assert_eq!(layout.align, 4);
    let fields: Vec<_> = layout
        .fields
        .iter()
        .map(|f| (f.name, f.offset, f.size, f.since))
        .collect();
    assert_eq!(
        fields,
        [
            ("range", 0, 8, 1),
            ("ids", 8, 16, 1),
            ("name", 24, 8, 1),
            ("more", 32, 16, 2)
        ]
    );
    let versions: Vec<_> = layout.versions.iter().map(|v| (v.number, v.size)).collect();
    assert_eq!(versions, [(1, 32), (2, 48)]);

    // A version-1 caller's 32 bytes: the nested struct and arrays come
    // through, the version-2 array is zero.
    let q = Query {
        range: Range { start: 1, end: 2 },
        ids: [3, 4, 5, 6],
        name: [*b"abcd", *b"efgh"],
        more: [Range { start: 7, end: 8 }, Range { start: 9, end: 10 }],
    };
    let old = Query::from_partial(&bytes_of(&q)[..32]).unwrap();
    assert_eq!(
        old,
        Query {
            more: Default::default(),
            ..q
        }
    );
    assert_eq!(Query::from_partial(bytes_of(&q)).unwrap(), q);
}
