//! Miri: no assembly and no signals. After `access_ok`, the routines copy,
//! clear and scan with plain memory accesses; the caller vouches that the
//! addresses are valid, and Miri checks it. The scan reads only the bytes in
//! range (the masked bytes of the first and last word may lie outside the
//! allocation), so its answers are those of the native scan on valid memory.
//!
//! The addresses are integers: the pointers they came from must have been
//! exposed (`ptr as u64` does), and Miri reports the casts back as
//! integer-to-pointer casts (a warning; `-Zmiri-permissive-provenance`
//! silences it). `ptr::with_exposed_provenance` would say the same, and is
//! newer than the crate's rust-version.

pub const SUPPORTED: bool = true;

pub fn install() -> bool {
    true
}

pub fn handler_is_current() -> bool {
    false
}

pub unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: under Miri the caller vouches for both ranges (copy_from_user's
    // contract); `ptr::copy` tolerates an overlap a test may make.
    unsafe { core::ptr::copy(src as *const u8, dst, len) };
    0
}

pub unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: as in copy_from_user.
    unsafe { core::ptr::copy(src, dst as *mut u8, len) };
    0
}

pub unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: under Miri the caller vouches that the range is writable.
    unsafe { core::ptr::write_bytes(dst as *mut u8, 0, len) };
    0
}

pub unsafe fn scan_words(
    start: usize,
    words: usize,
    first_mask: u64,
    last_mask: u64,
) -> (usize, u64) {
    for index in 0..words {
        let mut mask = if index == 0 { first_mask } else { u64::MAX };
        if index == words - 1 {
            mask &= last_mask;
        }
        let mut bytes = [0u8; 8];
        for (k, (b, m)) in bytes.iter_mut().zip(mask.to_ne_bytes()).enumerate() {
            if m != 0 {
                // SAFETY: a byte in range, which the caller vouches for.
                *b = unsafe { *((start + index * 8 + k) as *const u8) };
            }
        }
        let value = u64::from_ne_bytes(bytes);
        if value != 0 {
            return (index, value);
        }
    }
    (words, 0)
}
