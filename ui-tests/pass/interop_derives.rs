// `#[extensible_abi(zerocopy, bytemuck)]`: the struct gets zerocopy's
// `FromBytes`, `IntoBytes`, `Immutable` and `KnownLayout` (derived through
// the framework's re-export) and bytemuck's `Zeroable` and `Pod`, and can
// nest in another struct that asks for them.
use extensible_abi::{extensible_abi, ExtensibleAbi};
use zerocopy::{FromBytes, FromZeros, IntoBytes};

#[extensible_abi(zerocopy, bytemuck)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    #[abi(since = 1, offset = 0)]
    pub start: u32,
    #[abi(since = 1, offset = 4)]
    pub end: u32,
}

#[extensible_abi(bytemuck, zerocopy)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query {
    #[abi(since = 1, offset = 0)]
    pub range: Range,
    #[abi(since = 2, offset = 8)]
    pub flags: u64,
}

fn main() {
    let q = Query { range: Range { start: 1, end: 2 }, flags: 3 };

    // zerocopy
    assert_eq!(q.as_bytes(), extensible_abi::bytes_of(&q));
    let bytes = q.as_bytes().to_vec();
    assert_eq!(Query::read_from_bytes(&bytes), Ok(q));
    let r: &Query = Query::ref_from_bytes(&bytes).unwrap();
    assert_eq!(*r, q);
    let (prefix, rest) = Range::read_from_prefix(&bytes).unwrap();
    assert_eq!((prefix, rest.len()), (q.range, 8));
    assert_eq!(Query::new_zeroed(), Query::zeroed());

    // bytemuck
    assert_eq!(bytemuck::bytes_of(&q), &bytes[..]);
    let back: Query = bytemuck::pod_read_unaligned(&bytes);
    assert_eq!(back, q);
    let ranges: &[Range] = bytemuck::cast_slice(&bytes[..8]);
    assert_eq!(ranges, &[q.range]);
    assert_eq!(<Query as bytemuck::Zeroable>::zeroed(), Query::default());

    // and ours, on the same struct
    assert_eq!(Query::from_partial(&bytes[..8]).unwrap().flags, 0);
}
