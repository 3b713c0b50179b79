//! Layouts the fuzz targets exercise, and the invariant every one must
//! keep, written from the rule itself rather than from the code under test.

use extensible_abi::{bytes_of, extensible_abi, AbiError, ExtensibleAbi};

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tiny {
    #[abi(since = 1, offset = 0)]
    pub a: u8,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
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

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nested {
    #[abi(since = 1, offset = 0)]
    pub hdr: u64,
    #[abi(since = 1, offset = 8)]
    pub inner: Mixed,
    #[abi(since = 4, offset = 24)]
    pub more: [u64; 3],
}

/// `from_partial_at(src, level)` must equal the rule: with `known` the
/// size at `level`, any non-zero byte of `src` past `known` is E2BIG naming
/// the first one; else the result is `src[..min(len, known)]` then zeros.
/// `copy_truncated_at` must write exactly `min(dst.len(), known)` bytes.
// Each target that includes this module uses only part of it (user_copy
// takes the layouts, not `check`).
#[allow(dead_code)]
pub fn check<T: ExtensibleAbi + PartialEq + core::fmt::Debug>(src: &[u8], level: u32) {
    let size = core::mem::size_of::<T>();
    let known = T::LAYOUT.size_at(level);
    assert!(known <= size);
    let got = T::from_partial_at(src, level);
    match src.iter().skip(known).position(|&b| b != 0) {
        Some(i) => assert_eq!(
            got,
            Err(AbiError::NonZeroTail { name: T::LAYOUT.name, size: known, offset: known + i })
        ),
        None => {
            let value = got.expect("a zero tail is accepted");
            let n = src.len().min(known);
            let bytes = bytes_of(&value);
            assert_eq!(&bytes[..n], &src[..n]);
            assert!(bytes[n..].iter().all(|&b| b == 0));
            // Output: exactly min(len, known) bytes, nothing after.
            let mut dst = vec![0xa5u8; src.len() + 8];
            let w = value.copy_truncated_at(&mut dst[..src.len()], level);
            assert_eq!(w, src.len().min(known));
            assert_eq!(&dst[..w], &bytes[..w]);
            assert!(dst[w..].iter().all(|&b| b == 0xa5));
        }
    }
}
