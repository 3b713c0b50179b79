//! Targets without the assembly routines: nothing is installed and every
//! routine reports "nothing done", so that callers fall back.

pub const SUPPORTED: bool = false;

pub fn install() -> bool {
    false
}

pub fn handler_is_current() -> bool {
    false
}

pub unsafe fn copy_from_user(_dst: *mut u8, _src: usize, len: usize) -> usize {
    len
}

pub unsafe fn copy_to_user(_dst: usize, _src: *const u8, len: usize) -> usize {
    len
}

pub unsafe fn clear_user(_dst: usize, len: usize) -> usize {
    len
}

pub unsafe fn scan_words(
    _start: usize,
    _words: usize,
    _first_mask: u64,
    _last_mask: u64,
) -> (usize, u64) {
    (usize::MAX, 0)
}
