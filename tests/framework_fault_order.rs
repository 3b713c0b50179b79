//! The kernel's fault order at a page hole, for every user memory of the
//! framework and every way the framework reads or writes through one.
//!
//! One mapped page is followed by an unmapped one. At every start position
//! in the last 48 bytes before the hole (and at the hole), for every
//! length that reaches the hole and a few that do not, and with a non-zero
//! byte at every position before the hole (or none), each operation must
//! give what the kernel gives, as a reference model computes it from
//! `copy_struct_from_user`, `check_zeroed_user` and `copy_struct_to_user`
//! (the facts are in their doc comments in `core/abi/src/user/mod.rs`):
//!
//! - a non-zero byte before the hole is found (`E2BIG`), and `EFAULT` comes
//!   only when every byte before the first unmapped one is zero;
//! - reads change nothing; writes change exactly the bytes before the hole
//!   that the kernel writes, and nothing else of the page.

use extensible_abi::user::{self, InfoBuf, SimMemory, SliceMemory, UserMemory};
use extensible_abi::{bytes_of, errno, extensible_abi, CopyOut, ExtensibleAbi};

const PAGE: usize = 4096;
/// Where the simulated memories map their page.
const SIM_BASE: u64 = 0x40_0000;

/// A 24-byte struct in two versions (16, 24).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct How {
    #[abi(since = 1, offset = 0)]
    flags: u64,
    #[abi(since = 1, offset = 8)]
    mode: u64,
    #[abi(since = 2, offset = 16)]
    resolve: u64,
}
const K: usize = 24;

/// A memory with one mapped page at `base()` and a hole after it.
trait Hole {
    fn mem(&mut self) -> &mut dyn UserMemory;
    fn base(&self) -> u64;
    /// The page's bytes now.
    fn page(&mut self) -> Vec<u8>;
    /// Sets the page's bytes.
    fn set(&mut self, bytes: &[u8]);
}

struct Sim(SimMemory);
impl Hole for Sim {
    fn mem(&mut self) -> &mut dyn UserMemory {
        &mut self.0
    }
    fn base(&self) -> u64 {
        SIM_BASE
    }
    fn page(&mut self) -> Vec<u8> {
        self.0.bytes(SIM_BASE, PAGE).unwrap().to_vec()
    }
    fn set(&mut self, bytes: &[u8]) {
        self.0.write(SIM_BASE, bytes).unwrap();
    }
}

fn sim() -> Sim {
    let mut m = SimMemory::new();
    m.map(SIM_BASE, &[0; PAGE], true);
    Sim(m)
}

/// One page, leaked once per test so the memory can borrow it for good.
struct Slice(SliceMemory<'static>);
impl Hole for Slice {
    fn mem(&mut self) -> &mut dyn UserMemory {
        &mut self.0
    }
    fn base(&self) -> u64 {
        SIM_BASE
    }
    fn page(&mut self) -> Vec<u8> {
        let mut v = vec![0; PAGE];
        self.0.read(SIM_BASE, &mut v).unwrap();
        v
    }
    fn set(&mut self, bytes: &[u8]) {
        self.0.write(SIM_BASE, bytes).unwrap();
    }
}

fn slice() -> Slice {
    Slice(SliceMemory::new(SIM_BASE, Box::leak(Box::new([0u8; PAGE]))))
}

#[cfg(target_os = "linux")]
mod real {
    use super::*;
    use std::ffi::c_void;

    extern "C" {
        fn mmap(
            addr: *mut c_void,
            len: usize,
            prot: i32,
            flags: i32,
            fd: i32,
            off: i64,
        ) -> *mut c_void;
        fn munmap(addr: *mut c_void, len: usize) -> i32;
    }
    const PROT_READ: i32 = 1;
    const PROT_WRITE: i32 = 2;
    const PROT_NONE: i32 = 0;
    const MAP_PRIVATE: i32 = 2;
    const MAP_ANONYMOUS: i32 = 0x20;
    const MAP_FIXED: i32 = 0x10;

    /// Two real pages, the second `PROT_NONE`; accessed through `M`.
    pub struct Real<M> {
        pub mem: M,
        at: *mut u8,
    }

    impl<M> Real<M> {
        pub fn new(mem: M) -> Self {
            // SAFETY: a fresh private anonymous mapping of two pages; then
            // the second is replaced by a PROT_NONE mapping (MAP_FIXED over
            // our own range), so no other memory is affected.
            let at = unsafe {
                let at = mmap(
                    std::ptr::null_mut(),
                    2 * PAGE,
                    PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS,
                    -1,
                    0,
                );
                assert_ne!(at as isize, -1, "mmap");
                let hole = (at as *mut u8).add(PAGE).cast::<c_void>();
                let r = mmap(hole, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                assert_eq!(r, hole, "mmap of the hole");
                at.cast::<u8>()
            };
            Real { mem, at }
        }
    }

    impl<M> Drop for Real<M> {
        fn drop(&mut self) {
            // SAFETY: the two pages mapped by `new`, no longer used.
            unsafe { munmap(self.at.cast(), 2 * PAGE) };
        }
    }

    impl<M: UserMemory> Hole for Real<M> {
        fn mem(&mut self) -> &mut dyn UserMemory {
            &mut self.mem
        }
        fn base(&self) -> u64 {
            self.at as u64
        }
        fn page(&mut self) -> Vec<u8> {
            // SAFETY: the first page is mapped read-write and no reference
            // to it is live (the memory under test accesses it by address).
            unsafe { std::slice::from_raw_parts(self.at, PAGE) }.to_vec()
        }
        fn set(&mut self, bytes: &[u8]) {
            // SAFETY: as in `page`.
            unsafe { std::slice::from_raw_parts_mut(self.at, PAGE) }.copy_from_slice(bytes);
        }
    }
}

/// Every memory under test, fresh, by name.
fn memories() -> Vec<(&'static str, Box<dyn Hole>)> {
    #[allow(unused_mut)]
    let mut v: Vec<(&'static str, Box<dyn Hole>)> =
        vec![("SimMemory", Box::new(sim())), ("SliceMemory", Box::new(slice()))];
    #[cfg(all(target_os = "linux", not(miri)))]
    {
        // SAFETY: the tests hand it only addresses of the two pages of
        // `Real`, whose first page no reference is live to during a call.
        v.push(("ProcessMemory", Box::new(real::Real::new(unsafe { user::ProcessMemory::new() }))));
        // SAFETY: as above.
        let checked = unsafe { user::CheckedMemory::new() };
        let has_routines = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));
        assert_eq!(checked.is_some(), has_routines, "CheckedMemory where uaccess has routines");
        if let Some(mem) = checked {
            v.push(("CheckedMemory", Box::new(real::Real::new(mem))));
        }
    }
    v
}

/// Start offsets (from the page's start) and lengths to try: every start
/// in the last 48 bytes and at the hole, lengths from 0 to past the hole.
fn starts() -> impl Iterator<Item = usize> {
    let n = if cfg!(miri) { 12 } else { 48 };
    PAGE - n..=PAGE
}
fn lengths() -> impl Iterator<Item = usize> {
    let max = if cfg!(miri) { 40 } else { 64 };
    (0..=max).chain([255, 256, 257, PAGE, PAGE + 1, 4 << 30])
}

/// Where the first unmapped byte of `start..start + len` is, relative to
/// `start`: `None` when the range is all mapped.
fn hole_at(start: usize, len: usize) -> Option<usize> {
    (start + len > PAGE).then(|| PAGE.saturating_sub(start))
}

/// The kernel's `check_zeroed_user` over the page model: the first
/// non-zero byte before the hole, else `EFAULT` if the range reaches the
/// hole, else all zero.
fn model_scan(page: &[u8], start: usize, len: usize) -> Result<Option<usize>, i32> {
    let mapped = len.min(PAGE.saturating_sub(start));
    if let Some(i) = page[start.min(PAGE)..start.min(PAGE) + mapped].iter().position(|&b| b != 0) {
        return Ok(Some(i));
    }
    match hole_at(start, len) {
        Some(_) => Err(errno::EFAULT),
        None => Ok(None),
    }
}

#[test]
fn check_zeroed_finds_a_byte_before_the_hole_and_faults_only_on_zeros() {
    for (name, mut m) in memories() {
        for start in starts() {
            // No non-zero byte, then one at every position before the hole.
            for nz in std::iter::once(None).chain((start..PAGE).map(Some)) {
                let mut page = vec![0u8; PAGE];
                if let Some(p) = nz {
                    page[p] = 0x5a;
                }
                m.set(&page);
                for len in lengths() {
                    let addr = m.base() + start as u64;
                    let got = user::check_zeroed(m.mem(), addr, len).map_err(|e| e.errno());
                    assert_eq!(
                        got,
                        model_scan(&page, start, len),
                        "{name}: start {start} len {len} non-zero at {nz:?}"
                    );
                    assert_eq!(m.page(), page, "{name}: a scan wrote");
                }
            }
        }
    }
}

/// The kernel's `copy_struct_from_user` of `How` (K bytes) from `len`
/// bytes at `start`: the tail is scanned first, then the known part read.
fn model_read(page: &[u8], start: usize, len: usize) -> Result<How, i32> {
    if len > K && model_scan(page, start + K, len - K)?.is_some() {
        return Err(errno::E2BIG);
    }
    let n = len.min(K);
    if hole_at(start, n).is_some() {
        return Err(errno::EFAULT);
    }
    let mut bytes = [0u8; K];
    bytes[..n].copy_from_slice(&page[start..start + n]);
    Ok(How::from_partial(&bytes).unwrap())
}

#[test]
fn read_struct_scans_the_tail_before_it_reads_the_struct() {
    for (name, mut m) in memories() {
        for start in starts() {
            for nz in std::iter::once(None).chain((start..PAGE).map(Some)) {
                let mut page = vec![0u8; PAGE];
                // Known bytes that are not zero, so a copy shows.
                for (i, b) in page.iter_mut().enumerate().skip(start).take(K) {
                    *b = i as u8 | 1;
                }
                if let Some(p) = nz.filter(|&p| p >= start + K) {
                    page[p] = 0x5a;
                }
                m.set(&page);
                for len in lengths() {
                    let addr = m.base() + start as u64;
                    let got =
                        user::read_struct::<How, _>(m.mem(), addr, len).map_err(|e| e.errno());
                    assert_eq!(
                        got,
                        model_read(&page, start, len),
                        "{name}: start {start} len {len}"
                    );
                    // InfoBuf::open applies the same tail rule (its limit aside).
                    let info = InfoBuf::open::<How, _>(
                        m.mem(),
                        addr,
                        len.min(u32::MAX as usize) as u32,
                        usize::MAX,
                    );
                    let want = match model_read(&page, start, len) {
                        Err(e) if e == errno::E2BIG => Err(e),
                        _ if len > K => model_scan(&page, start + K, len - K).map(|_| K),
                        _ => Ok(len),
                    };
                    if len <= u32::MAX as usize {
                        assert_eq!(
                            info.map(|b| b.len()).map_err(|e| e.errno()),
                            want,
                            "{name}: InfoBuf start {start} len {len}"
                        );
                    }
                    assert_eq!(m.page(), page, "{name}: a read wrote");
                }
            }
        }
    }
}

/// The page after `copy_struct_to_user` of `value` to `len` bytes at
/// `start`: the caller's bytes past K zeroed up to the hole first (`EFAULT`
/// there, the struct unwritten), then the struct's `min(len, K)` bytes
/// written up to the hole.
fn model_write_zero_extended(
    page: &mut [u8],
    start: usize,
    len: usize,
    value: &How,
) -> Result<CopyOut, i32> {
    if len > K {
        let from = (start + K).min(PAGE);
        let to = (start + len).min(PAGE);
        page[from..to].fill(0);
        if hole_at(start + K, len - K).is_some() {
            return Err(errno::EFAULT);
        }
    }
    let n = len.min(K);
    let to = (start + n).min(PAGE);
    page[start.min(PAGE)..to].copy_from_slice(&bytes_of(value)[..to - start.min(PAGE)]);
    if hole_at(start, n).is_some() {
        return Err(errno::EFAULT);
    }
    Ok(CopyOut { copied: n, ignored_trailing: bytes_of(value)[n..].iter().any(|&b| b != 0) })
}

#[test]
fn write_struct_zero_extended_zeroes_first_and_stops_at_the_hole() {
    let value = How { flags: 0x0101_0101_0101_0101, mode: 0x0202, resolve: 0x0303 };
    for (name, mut m) in memories() {
        for start in starts() {
            for len in lengths().filter(|&l| l <= 2 * PAGE) {
                let page = vec![0xa5u8; PAGE];
                m.set(&page);
                let mut want = page.clone();
                let expected = model_write_zero_extended(&mut want, start, len, &value);
                let addr = m.base() + start as u64;
                let got = user::write_struct_zero_extended(m.mem(), addr, len, &value)
                    .map_err(|e| e.errno());
                assert_eq!(got, expected, "{name}: start {start} len {len}");
                assert_eq!(m.page(), want, "{name}: bytes after start {start} len {len}");
            }
        }
    }
}

#[test]
fn copy_zero_extended_on_slices() {
    let value = How { flags: 1, mode: 0, resolve: 3 };
    for len in 0..64 {
        let mut buf = vec![0xa5u8; len];
        let out = value.copy_zero_extended(&mut buf);
        let n = len.min(K);
        assert_eq!(out.copied, n);
        // `resolve` (bytes 16..24) is non-zero: a caller shorter than 24
        // bytes misses a byte of it.
        assert_eq!(out.ignored_trailing, len < 17, "len {len}");
        assert_eq!(&buf[..n], &bytes_of(&value)[..n]);
        assert!(buf[n..].iter().all(|&b| b == 0), "len {len}");
    }
    // All-zero bytes past the caller's length are not "ignored".
    let v = How { flags: 1 << 56, ..How::default() };
    assert!(!v.copy_zero_extended(&mut [0u8; 8]).ignored_trailing);
    assert!(v.copy_zero_extended(&mut [0u8; 7]).ignored_trailing);
}

#[test]
fn info_buffers_write_what_fits_and_report_it() {
    for (name, mut m) in memories() {
        let value = How { flags: 7, mode: 8, resolve: 9 };
        // The length field sits at the page's start; the buffer at `start`.
        for start in starts().filter(|&s| s >= 8) {
            for len in lengths().filter(|&l| l <= PAGE) {
                let page = vec![0u8; PAGE];
                m.set(&page);
                let base = m.base();
                let addr = base + start as u64;
                let got = InfoBuf::open::<How, _>(m.mem(), addr, len as u32, PAGE)
                    .and_then(|b| b.write(m.mem(), &value, base));
                let mut want = page.clone();
                let expected = if len > K && hole_at(start + K, len - K).is_some() {
                    Err(errno::EFAULT)
                } else {
                    let n = len.min(K);
                    let to = (start + n).min(PAGE);
                    want[start..to].copy_from_slice(&bytes_of(&value)[..to - start]);
                    if hole_at(start, n).is_some() {
                        Err(errno::EFAULT)
                    } else {
                        want[..4].copy_from_slice(&(n as u32).to_ne_bytes());
                        Ok(n as u32)
                    }
                };
                assert_eq!(got.map_err(|e| e.errno()), expected, "{name}: start {start} len {len}");
                assert_eq!(m.page(), want, "{name}: bytes after start {start} len {len}");
            }
        }
    }
}

/// `put_pod` is the kernel's `put_user`, one store: a value that runs into
/// the hole is not written at all, where `write_pod` (`copy_to_user`)
/// writes the bytes before it.
#[test]
fn put_pod_writes_a_value_whole_or_not_at_all() {
    fn check<T: extensible_abi::Pod>(name: &str, m: &mut dyn Hole, value: T) {
        let size = std::mem::size_of::<T>();
        for start in starts() {
            let page = vec![0xa5u8; PAGE];
            let addr = m.base() + start as u64;
            let fits = start + size <= PAGE;
            for put in [true, false] {
                m.set(&page);
                let got = if put {
                    user::put_pod(m.mem(), addr, &value)
                } else {
                    user::write_pod(m.mem(), addr, &value)
                };
                let mut want = page.clone();
                if fits || !put {
                    let to = (start + size).min(PAGE);
                    want[start..to].copy_from_slice(&bytes_of(&value)[..to - start]);
                }
                let expected = if fits { Ok(()) } else { Err(errno::EFAULT) };
                assert_eq!(got.map_err(|e| e.errno()), expected, "{name}: {size} bytes at {start}");
                assert_eq!(m.page(), want, "{name}: put {put}, {size} bytes at {start}");
            }
        }
    }
    for (name, mut m) in memories() {
        check(name, m.as_mut(), 0x0102_0304u32);
        check(name, m.as_mut(), 0x0102_0304_0506_0708u64);
    }
}

/// The same where read-only memory follows: the part that took the write
/// is put back.
#[test]
fn put_pod_into_read_only_memory_leaves_every_byte() {
    let mut m = SimMemory::new();
    m.map(SIM_BASE, &[0xa5; PAGE], true);
    m.map(SIM_BASE + PAGE as u64, &[0x5a; PAGE], false);
    for start in PAGE - 8..=PAGE {
        let addr = SIM_BASE + start as u64;
        let got = user::put_pod(&mut m, addr, &u64::MAX).map_err(|e| e.errno());
        let fits = start + 8 <= PAGE;
        assert_eq!(got, if fits { Ok(()) } else { Err(errno::EFAULT) }, "at {start}");
        let mut want = vec![0xa5u8; PAGE];
        if fits {
            want[start..start + 8].fill(0xff);
        }
        assert_eq!(m.bytes(SIM_BASE, PAGE).unwrap(), &want[..], "at {start}");
        assert_eq!(m.bytes(SIM_BASE + PAGE as u64, PAGE).unwrap(), &[0x5a; PAGE][..]);
        m.write(SIM_BASE, &[0xa5; PAGE]).unwrap();
    }
}
