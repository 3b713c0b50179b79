//! Structs and hand-written baselines the benchmarks compare against.

use extensible_abi::extensible_abi;

/// A `bpf_prog_info`-sized struct: 232 bytes.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Big {
    /// Version 1.
    #[abi(since = 1, offset = 0)]
    pub words: [u64; 20],
    /// Version 2.
    #[abi(since = 2, offset = 160)]
    pub more: [u64; 8],
    /// Version 3.
    #[abi(since = 3, offset = 224)]
    pub last: u32,
    /// Tail padding, named.
    #[abi(since = 3, offset = 228)]
    pub _pad_tail: u32,
}

/// `struct open_how`: 24 bytes.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Small {
    /// flags
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    /// mode
    #[abi(since = 1, offset = 8)]
    pub mode: u64,
    /// resolve
    #[abi(since = 1, offset = 16)]
    pub resolve: u64,
}

/// What a careful C programmer writes by hand for `copy_struct_from_user`
/// on a kernel-side buffer: `memcpy` of the known prefix, `memset` of the
/// rest, and a byte scan of the tail. Returns `None` for a non-zero tail.
#[inline]
pub fn baseline_from_partial<const N: usize>(src: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let n = src.len().min(N);
    if src.len() > N && src[N..].iter().any(|&b| b != 0) {
        return None;
    }
    out[..n].copy_from_slice(&src[..n]);
    Some(out)
}

/// The hand-written output copy, `memcpy(dst, &info, min(len, sizeof info))`:
/// the struct's size is a constant, as `sizeof` is in C.
#[inline]
pub fn baseline_copy_truncated<const N: usize>(src: &[u8; N], dst: &mut [u8]) -> usize {
    let n = dst.len().min(N);
    dst[..n].copy_from_slice(&src[..n]);
    n
}

/// A map as the hand-written floor of `BPF_OBJ_GET_INFO_BY_FD` keeps it:
/// the fields its info reports.
#[derive(Clone, Debug)]
pub struct FloorMap {
    /// `id`.
    pub id: u32,
    /// `type`.
    pub map_type: u32,
    /// `key_size`.
    pub key_size: u32,
    /// `value_size`.
    pub value_size: u32,
    /// `max_entries`.
    pub max_entries: u32,
    /// `map_flags`.
    pub map_flags: u32,
    /// `name`.
    pub name: [u8; 16],
}

/// The floor's fd table: maps in a `Vec` indexed by fd, behind a read lock.
pub type FloorTable = std::sync::RwLock<Vec<Option<FloorMap>>>;

/// The floor of an info query: what any runtime answering
/// `BPF_OBJ_GET_INFO_BY_FD` of a map must at least do, written by hand.
/// The map found by fd in a `Vec` behind an uncontended read lock, its
/// `bpf_map_info` built, `copy_truncated` into the caller's buffer (the
/// caller's length: a run-time value, as `info_len` is), and the length
/// written back. No attr, no checks of the caller's struct, no reading of
/// it. `EBADF` (9) for an fd with no map.
#[inline(never)]
pub fn floor_map_info(
    table: &FloorTable,
    fd: u32,
    info: &mut [u8],
    info_len: &mut u32,
) -> Result<(), i32> {
    use extensible_abi::ExtensibleAbi;
    let built = {
        let maps = table.read().unwrap_or_else(|e| e.into_inner());
        let m = maps.get(fd as usize).and_then(Option::as_ref).ok_or(9)?;
        let mut i = extensible_abi_bpf::info::bpf_map_info::zeroed();
        i.r#type = m.map_type;
        i.id = m.id;
        i.key_size = m.key_size;
        i.value_size = m.value_size;
        i.max_entries = m.max_entries;
        i.map_flags = m.map_flags;
        i.name = m.name;
        i
    };
    *info_len = built.copy_truncated(info) as u32;
    Ok(())
}

/// A plain byte-at-a-time zero check.
#[inline]
pub fn scan_bytes(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b != 0)
}

/// A word-at-a-time zero check, then the byte inside the first non-zero
/// word.
#[inline]
pub fn scan_words(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        if u64::from_ne_bytes(c.try_into().expect("8 bytes")) != 0 {
            return c.iter().position(|&b| b != 0).map(|i| base + i);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&b| b != 0).map(|i| base + i)
}

/// The mean time, in ns, criterion recorded in this run's
/// `target/criterion` for the benchmark `id`: a function id of
/// `bench_function` (`"info_map/runtime"`), or `"<group>/<function>"` of a
/// benchmark group. Criterion writes `/` in names as `_`.
pub fn criterion_mean(id: &str) -> Option<f64> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion");
    let flat = dir.join(id.replace('/', "_"));
    let grouped = id.rsplit_once('/').map(|(g, f)| dir.join(g.replace('/', "_")).join(f));
    let text = [Some(flat), grouped]
        .into_iter()
        .flatten()
        .find_map(|p| std::fs::read_to_string(p.join("new/estimates.json")).ok())?;
    let at = text.find("\"mean\"")?;
    let pe = text[at..].find("\"point_estimate\":")? + at + 17;
    let end = text[pe..].find([',', '}'])? + pe;
    text[pe..end].trim().parse().ok()
}
