use extensible_abi::{extensible_abi, ExtensibleAbi, Layout, Partial};

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenHow {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    #[abi(since = 1, offset = 8)]
    pub mode: u64,
    #[abi(since = 2, offset = 16)]
    pub resolve: u64,
}

// The layout table and the field descriptors are usable in `const` context.
const LAYOUT: &Layout = OpenHow::LAYOUT;
const SIZE: usize = LAYOUT.size;
const VER0: usize = LAYOUT.oldest().size;
const RESOLVE_AT: usize = OpenHow::FIELDS.resolve.offset();
const RESOLVE_IN_V1: bool = LAYOUT.is_present("resolve", VER0);
const _: () = assert!(SIZE == 24 && VER0 == 16 && RESOLVE_AT == 16 && !RESOLVE_IN_V1);
static SCRATCH: [u8; OpenHow::LAYOUT.size] = [0; OpenHow::LAYOUT.size];

fn main() {
    assert_eq!(SCRATCH.len(), 24);
    assert_eq!(LAYOUT.version_for_len(16).map(|v| v.number), Some(1));

    // A version-1 runtime wrote 16 bytes back.
    let how = OpenHow {
        flags: 2,
        mode: 0o644,
        resolve: 8,
    };
    let mut buf = [0u8; 24];
    let n = how.copy_truncated(&mut buf[..16]);
    assert_eq!(n, 16);
    let back = Partial::<OpenHow>::from_bytes(&buf, n).unwrap();
    assert_eq!(back.get(OpenHow::FIELDS.flags), Some(2));
    assert_eq!(back.get(OpenHow::FIELDS.mode), Some(0o644));
    assert_eq!(back.get(OpenHow::FIELDS.resolve), None);
    assert_eq!(back.version().unwrap().number, 1);
}
