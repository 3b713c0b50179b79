//! Exhaustive checks of the DESIGN.md §3 semantics on several structs:
//! every input length from 0 to 4× the size, a non-zero byte at every tail
//! position, `copy_truncated` into every length with a canary after the
//! count, round trips, nested structs and fields cut in half by the length.

use core::mem::size_of;
use extensible_abi::{bytes_of, errno, extensible_abi, AbiError, ExtensibleAbi, Partial};

/// struct open_how (openat2(2)): three u64, one version.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenHow {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    #[abi(since = 1, offset = 8)]
    pub mode: u64,
    #[abi(since = 1, offset = 16)]
    pub resolve: u64,
}

/// Mixed widths, an array, named padding, and a version 1 whose size (8)
/// ends in what version 2 turned into fields.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mixed {
    #[abi(since = 1, offset = 0)]
    pub a: u32,
    #[abi(since = 1, offset = 4)]
    pub b: [u8; 3],
    #[abi(since = 1, offset = 7)]
    pub _pad: u8,
    #[abi(since = 2, offset = 8)]
    pub c: u16,
    #[abi(since = 2, offset = 10)]
    pub d: u16,
    #[abi(since = 3, offset = 12)]
    pub e: i32,
}

/// An extensible struct nested in another, and kernel-release versions.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.6", size = 32)]
#[abi(version = "6.1", size = 40)]
pub struct Outer {
    #[abi(since = "5.6", offset = 0)]
    pub hdr: u32,
    #[abi(since = "5.6", offset = 4)]
    pub _pad0: u32,
    #[abi(since = "5.6", offset = 8)]
    pub how: OpenHow,
    #[abi(since = "6.1", offset = 32)]
    pub extra: u64,
}

/// One byte: the smallest struct.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tiny {
    #[abi(since = 1, offset = 0)]
    pub a: u8,
}

/// `bpf_prog_info`-sized: 232 bytes, the last field ending at 228 with
/// its tail padding named.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Big {
    #[abi(since = 1, offset = 0)]
    pub words: [u64; 20],
    #[abi(since = 2, offset = 160)]
    pub more: [u64; 8],
    #[abi(since = 3, offset = 224)]
    pub last: u32,
    #[abi(since = 3, offset = 228)]
    pub _pad_tail: u32,
}

/// A value whose every byte is distinct and non-zero, so any misplaced or
/// missing byte shows.
fn patterned<T: ExtensibleAbi>() -> T {
    let mut v = T::zeroed();
    for (i, b) in extensible_abi::bytes_of_mut(&mut v).iter_mut().enumerate() {
        *b = (i % 251) as u8 + 1;
    }
    v
}

/// How far the exhaustive loops go: all of it natively, a sample under Miri.
fn lengths(size: usize) -> impl Iterator<Item = usize> {
    let step = if cfg!(miri) { (size / 3).max(1) } else { 1 };
    (0..=4 * size).step_by(step).chain(core::iter::once(4 * size))
}

fn exhaustive<T: ExtensibleAbi + PartialEq + core::fmt::Debug>() {
    let size = size_of::<T>();
    assert_eq!(T::LAYOUT.size, size);
    let sample: T = patterned();
    let bytes = bytes_of(&sample);

    for len in lengths(size) {
        // A caller's struct of `len` bytes: ours, then a zero tail.
        let mut src = vec![0u8; len];
        let n = len.min(size);
        src[..n].copy_from_slice(&bytes[..n]);
        let mut expected = vec![0u8; size];
        expected[..n].copy_from_slice(&bytes[..n]);

        let got = T::from_partial(&src).unwrap_or_else(|e| panic!("len {len}: {e}"));
        assert_eq!(bytes_of(&got), &expected[..], "{} len {len}", T::LAYOUT.name);

        // A non-zero byte at every tail position: E2BIG naming it.
        for pos in (size..len).step_by(if cfg!(miri) { 29 } else { 1 }) {
            for poison in [0x01u8, 0x80, 0xff] {
                src[pos] = poison;
                let err = T::from_partial(&src).unwrap_err();
                assert_eq!(
                    err,
                    AbiError::NonZeroTail { name: T::LAYOUT.name, size, offset: pos },
                    "{} len {len} pos {pos}",
                    T::LAYOUT.name
                );
                assert_eq!(err.errno(), errno::E2BIG);
            }
            // A second non-zero byte later does not hide the first.
            if pos + 1 < len {
                src[len - 1] = 7;
                let err = T::from_partial(&src).unwrap_err();
                assert!(matches!(err, AbiError::NonZeroTail { offset, .. } if offset == pos));
                src[len - 1] = 0;
            }
            src[pos] = 0;
        }

        // copy_truncated into a buffer of `len` bytes, canary after it.
        const CANARY: u8 = 0xcc;
        let mut dst = vec![CANARY; len + 16];
        let written = sample.copy_truncated(&mut dst[..len]);
        assert_eq!(written, n, "{} len {len}", T::LAYOUT.name);
        assert_eq!(&dst[..n], &bytes[..n]);
        assert!(
            dst[n..].iter().all(|&b| b == CANARY),
            "{} len {len}: wrote past {n}",
            T::LAYOUT.name
        );

        // Round trip through the truncated copy gives the truncated struct.
        let back = T::from_partial(&dst[..written]).unwrap();
        assert_eq!(bytes_of(&back), &expected[..]);

        // Present-field probing agrees with the bytes.
        let view = Partial::new(got, len);
        for f in T::LAYOUT.fields {
            assert_eq!(T::is_present(f.name, len), f.offset + f.size <= len);
        }
        assert_eq!(view.len(), n);
        let version = T::version_for_len(len);
        let expect_version = T::LAYOUT.versions.iter().rev().find(|v| v.size <= len);
        assert_eq!(version, expect_version);
    }
    // Whole-struct round trip.
    assert_eq!(T::from_partial(bytes_of(&sample)).unwrap(), sample);
}

#[test]
fn exhaustive_open_how() {
    exhaustive::<OpenHow>();
}

#[test]
fn exhaustive_mixed() {
    exhaustive::<Mixed>();
}

#[test]
fn exhaustive_outer_nested() {
    exhaustive::<Outer>();
}

#[test]
fn exhaustive_tiny() {
    exhaustive::<Tiny>();
}

#[test]
fn exhaustive_big() {
    exhaustive::<Big>();
}

#[test]
fn version_tables_are_c_sizeof_at_each_version() {
    let v = |l: &extensible_abi::Layout| -> Vec<(u32, &str, usize)> {
        l.versions.iter().map(|v| (v.number, v.label, v.size)).collect()
    };
    assert_eq!(v(OpenHow::LAYOUT), [(1, "1", 24)]);
    // Version 1 ends at 8 (a, b, _pad); version 2 at 12; version 3 at 16.
    assert_eq!(v(Mixed::LAYOUT), [(1, "1", 8), (2, "2", 12), (3, "3", 16)]);
    assert_eq!(v(Outer::LAYOUT), [(0x050600, "5.6", 32), (0x060100, "6.1", 40)]);
    assert_eq!(v(Tiny::LAYOUT), [(1, "1", 1)]);
    // 228 rounded up to the 8-byte alignment of the u64 arrays: 232.
    assert_eq!(v(Big::LAYOUT), [(1, "1", 160), (2, "2", 224), (3, "3", 232)]);
    assert_eq!(Big::version_for_len(231).unwrap().number, 2);
    assert_eq!(Big::version_for_len(159), None);
}

#[test]
fn layout_table_lists_every_field() {
    let fields: Vec<_> =
        Mixed::LAYOUT.fields.iter().map(|f| (f.name, f.offset, f.size, f.align, f.since)).collect();
    assert_eq!(
        fields,
        [
            ("a", 0, 4, 4, 1),
            ("b", 4, 3, 1, 1),
            ("_pad", 7, 1, 1, 1),
            ("c", 8, 2, 2, 2),
            ("d", 10, 2, 2, 2),
            ("e", 12, 4, 4, 3),
        ]
    );
    assert_eq!((Mixed::LAYOUT.name, Mixed::LAYOUT.size, Mixed::LAYOUT.align), ("Mixed", 16, 4));
    // And in const context.
    const OUTER_EXTRA: usize = match Outer::LAYOUT.field("extra") {
        Some(f) => f.offset,
        None => 0,
    };
    assert_eq!(OUTER_EXTRA, 32);
    const PRESENT: usize = Outer::LAYOUT.present_fields(33).len();
    assert_eq!(PRESENT, 3);
}

#[test]
fn field_cut_in_half_keeps_the_bytes_that_are_there() {
    let how = OpenHow { flags: 0x1111_1111_1111_1111, mode: 0x0807_0605_0403_0201, resolve: 9 };
    // 12 bytes: `flags`, then the first 4 bytes of `mode`.
    let got = OpenHow::from_partial(&bytes_of(&how)[..12]).unwrap();
    let mut mode = [0u8; 8];
    mode[..4].copy_from_slice(&how.mode.to_ne_bytes()[..4]);
    assert_eq!(got, OpenHow { flags: how.flags, mode: u64::from_ne_bytes(mode), resolve: 0 });
    // The cut field is not "present".
    let view = Partial::new(got, 12);
    assert_eq!(view.get(OpenHow::FIELDS.flags), Some(how.flags));
    assert_eq!(view.get(OpenHow::FIELDS.mode), None);
    assert!(!view.has(OpenHow::FIELDS.mode));
}

#[test]
fn nested_struct_is_read_through_its_parent() {
    let outer =
        Outer { hdr: 1, _pad0: 0, how: OpenHow { flags: 2, mode: 3, resolve: 4 }, extra: 5 };
    // A 5.6-era caller: 32 bytes; `extra` is zero.
    let got = Outer::from_partial(&bytes_of(&outer)[..32]).unwrap();
    assert_eq!(got, Outer { extra: 0, ..outer });
    let view = Partial::new(got, 32);
    assert_eq!(view.get(Outer::FIELDS.how), Some(outer.how));
    assert_eq!(view.get(Outer::FIELDS.extra), None);
    assert_eq!(view.version().unwrap().label, "5.6");
    // The nested struct is extensible on its own too.
    assert_eq!(OpenHow::from_partial(&bytes_of(&outer.how)[..16]).unwrap().resolve, 0);
}

#[test]
fn typed_present_field_access() {
    let m = Mixed { a: 1, b: [2, 3, 4], _pad: 0, c: 5, d: 6, e: -7 };
    let cases: [(usize, [bool; 5]); 5] = [
        (0, [false; 5]),
        (4, [true, false, false, false, false]),
        (8, [true, true, false, false, false]),
        (10, [true, true, true, false, false]),
        (16, [true; 5]),
    ];
    for (len, present) in cases {
        let view = Partial::<Mixed>::from_bytes(&bytes_of(&m)[..len], len).unwrap();
        let f = Mixed::FIELDS;
        assert_eq!(view.get(f.a), present[0].then_some(1));
        assert_eq!(view.get(f.b), present[1].then_some([2, 3, 4]));
        assert_eq!(view.get(f.c), present[2].then_some(5));
        assert_eq!(view.get(f.d), present[3].then_some(6));
        assert_eq!(view.get(f.e), present[4].then_some(-7));
    }
    assert_eq!(Mixed::FIELDS.e.name(), "e");
    assert_eq!(
        (Mixed::FIELDS.e.offset(), Mixed::FIELDS.e.size(), Mixed::FIELDS.e.since()),
        (12, 4, 3)
    );
    // A view never claims more than the struct has.
    assert_eq!(Partial::new(m, 1000).len(), 16);
}

#[test]
fn error_messages_name_the_struct_and_byte() {
    let mut src = [0u8; 40];
    src[33] = 1;
    let err = OpenHow::from_partial(&src).unwrap_err();
    assert_eq!(
        err.to_string(),
        "OpenHow: the caller's struct is longer than the 24 bytes known here and byte 33 of it \
         is not zero (E2BIG)"
    );
}

/// An older runtime's view: at ABI level `level` only the newest version
/// numbered `<= level` is known, for reads and writes alike.
fn exhaustive_at<T: ExtensibleAbi + PartialEq + core::fmt::Debug>(levels: &[u32]) {
    let size = size_of::<T>();
    let sample: T = patterned();
    let bytes = bytes_of(&sample);
    for &level in levels {
        // What the level knows, computed from the version list directly.
        let known =
            T::LAYOUT.versions.iter().rev().find(|v| v.number <= level).map_or(0, |v| v.size);
        assert_eq!(T::LAYOUT.size_at(level), known);
        for len in lengths(size) {
            let mut src = vec![0u8; len];
            let n = len.min(size);
            src[..n].copy_from_slice(&bytes[..n]);
            let got = T::from_partial_at(&src, level);
            if len > known && src[known..].iter().any(|&b| b != 0) {
                let first = known + src[known..].iter().position(|&b| b != 0).unwrap();
                assert_eq!(
                    got,
                    Err(AbiError::NonZeroTail { name: T::LAYOUT.name, size: known, offset: first }),
                    "{} level {level:#x} len {len}",
                    T::LAYOUT.name
                );
            } else {
                let mut expected = vec![0u8; size];
                let m = len.min(known);
                expected[..m].copy_from_slice(&src[..m]);
                assert_eq!(bytes_of(&got.unwrap()), &expected[..], "level {level:#x} len {len}");
            }
            let mut dst = vec![0xccu8; len + 8];
            let w = sample.copy_truncated_at(&mut dst[..len], level);
            assert_eq!(w, len.min(known));
            assert_eq!(&dst[..w], &bytes[..w]);
            assert!(dst[w..].iter().all(|&b| b == 0xcc));
        }
    }
}

#[test]
fn older_abi_levels_know_less() {
    exhaustive_at::<Mixed>(&[0, 1, 2, 3, 4, u32::MAX]);
    exhaustive_at::<Outer>(&[0, 0x050500, 0x050600, 0x050a00, 0x060100, 0x061200]);
    exhaustive_at::<OpenHow>(&[0, 1]);
    // The current level is exactly from_partial.
    let mut src = [0u8; 40];
    src[35] = 1;
    assert_eq!(Outer::from_partial_at(&src, 0x060100), Outer::from_partial(&src));
    assert_eq!(Outer::from_partial_at(&src, 0x050600).unwrap_err().errno(), errno::E2BIG);
}
