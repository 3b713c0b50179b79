//! The kernels' other rules, declared with the attribute: a first version
//! below which a caller is refused (`min_version`), a struct's own size
//! field read by a policy (`size_field`), headers `{version, size,
//! total_size}` and arrays of them, and fields born in former padding
//! (`padding_since`). Each error path against what the kernel (or
//! eBPF-for-Windows' fix) answers, with the bytes it must not touch.

use extensible_abi::user::{self, HeaderRule, SimMemory, UserMemory};
use extensible_abi::{bytes_of, errno, extensible_abi, AbiError, ExtensibleAbi, Role, SizePolicy};

const E2BIG: i32 = errno::E2BIG;
const EINVAL: i32 = errno::EINVAL;
const EFAULT: i32 = errno::EFAULT;

/// `struct open_how`: `OPEN_HOW_SIZE_VER0` is 24, and openat2 refuses less.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "5.6")]
struct OpenHow {
    #[abi(since = "5.6", offset = 0)]
    flags: u64,
    #[abi(since = "5.6", offset = 8)]
    mode: u64,
    #[abi(since = "5.6", offset = 16)]
    resolve: u64,
}

/// `struct clone_args` in its three versions (64, 80, 88 bytes).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "5.3")]
struct CloneArgs {
    #[abi(since = "5.3", offset = 0)]
    flags: u64,
    #[abi(since = "5.3", offset = 8)]
    rest: [u64; 7],
    #[abi(since = "5.5", offset = 64)]
    set_tid: u64,
    #[abi(since = "5.5", offset = 72)]
    set_tid_size: u64,
    #[abi(since = "5.7", offset = 80)]
    cgroup: u64,
}

#[test]
fn below_the_first_version_is_einval_and_used_len_never_goes_there() {
    for len in 0..24 {
        let err = OpenHow::from_partial(&[0u8; 24][..len]).unwrap_err();
        assert_eq!(err, AbiError::TooShort { name: "OpenHow", len, min: 24 });
        assert_eq!(err.errno(), EINVAL);
    }
    assert_eq!(OpenHow::from_partial(&[0u8; 24]), Ok(OpenHow::default()));
    // O_RDONLY and nothing else: every byte zero, yet 24 to pass.
    assert_eq!(OpenHow::default().used_len(), 24);
    assert_eq!(OpenHow { mode: 1, ..Default::default() }.used_len(), 24);
    // clone3: 64 at least, and the newer fields' ends above it.
    assert_eq!(CloneArgs::default().used_len(), 64);
    assert_eq!(CloneArgs { set_tid: 1, ..Default::default() }.used_len(), 72);
    assert_eq!(CloneArgs { cgroup: 1, ..Default::default() }.used_len(), 88);
    assert_eq!(CloneArgs::from_partial(&[0u8; 63]).unwrap_err().errno(), EINVAL);
    assert_eq!(CloneArgs::from_partial_at(&[0u8; 40], 0x05_05_00).unwrap_err().errno(), EINVAL);
    // The minimum comes before the tail: a short struct is EINVAL whatever
    // it holds, and through user memory nothing is read.
    let mut mem = SimMemory::new();
    assert_eq!(user::read_struct::<OpenHow, _>(&mem, 0x18, 23).unwrap_err().errno(), EINVAL);
    assert_eq!(user::read_struct::<OpenHow, _>(&mem, 0x18, 24).unwrap_err().errno(), EFAULT);
    let a = mem.alloc_bytes(&[1; 24]);
    assert_eq!(user::read_struct::<OpenHow, _>(&mem, a, 16).unwrap_err().errno(), EINVAL);
    assert_eq!(OpenHow::LAYOUT.min_len(), 24);
    assert_eq!(CloneArgs::LAYOUT.min_len(), 64);
}

/// `struct sched_attr`'s two versions (48 in 3.14, 56 in 5.3), its size in
/// its first field, read as `sched_copy_attr` reads it.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct SchedAttr {
    #[abi(since = "3.14", offset = 0, size_field = "write_back")]
    size: u32,
    #[abi(since = "3.14", offset = 4)]
    policy: u32,
    #[abi(since = "3.14", offset = 8)]
    flags: u64,
    #[abi(since = "3.14", offset = 16)]
    rest: [u64; 4],
    #[abi(since = "5.3", offset = 48)]
    util_min: u32,
    #[abi(since = "5.3", offset = 52)]
    util_max: u32,
}

/// `struct mnt_id_req` (24 in 6.8, 32 in 6.11), size in its first field,
/// read as `copy_mnt_id_req` reads it.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MntIdReq {
    #[abi(since = "6.8", offset = 0, size_field = "strict")]
    size: u32,
    #[abi(since = "6.8", offset = 4)]
    spare: u32,
    #[abi(since = "6.8", offset = 8)]
    mnt_id: u64,
    #[abi(since = "6.8", offset = 16)]
    param: u64,
    #[abi(since = "6.11", offset = 24)]
    mnt_ns_id: u64,
}

/// A Windows-style struct whose `cbSize` must be one of its known sizes.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct WinInfo {
    #[abi(since = 1, offset = 0, size_field = "known")]
    cb_size: u16,
    #[abi(since = 1, offset = 2)]
    kind: u16,
    #[abi(since = 1, offset = 4)]
    id: u32,
    #[abi(since = 2, offset = 8)]
    extra: u64,
}

/// The caller's struct: `size` in the size field, `bytes` after it,
/// mapped with an unmapped gap after `len` bytes.
fn caller(mem: &mut SimMemory, len: usize, size: u32, set: &[(usize, u8)]) -> u64 {
    let mut b = vec![0u8; len];
    b[..4.min(len)].copy_from_slice(&size.to_ne_bytes()[..4.min(len)]);
    for &(at, v) in set {
        b[at] = v;
    }
    mem.alloc_bytes(&b)
}

fn size_field(mem: &SimMemory, addr: u64) -> u32 {
    user::read_pod(mem, addr).unwrap()
}

#[test]
fn write_back_policy_is_sched_copy_attrs() {
    let mut mem = SimMemory::new();
    let read = |mem: &mut SimMemory, a| user::read_sized::<SchedAttr, _>(mem, a, 4096);
    // 0 is the first version: 48 bytes read, the size field left as it was.
    let a = caller(&mut mem, 48, 0, &[(4, 1)]);
    assert_eq!(read(&mut mem, a).map(|s| (s.size, s.policy)), Ok((0, 1)));
    assert_eq!(size_field(&mem, a), 0);
    // Every released size and a larger one with a zero tail.
    for size in [48, 56, 64, 4096] {
        let set: &[(usize, u8)] = if size >= 56 { &[(52, 9)] } else { &[] };
        let a = caller(&mut mem, size as usize, size, set);
        let got = read(&mut mem, a).unwrap();
        assert_eq!(got.util_max, if size >= 56 { 9 } else { 0 }, "size {size}");
        assert_eq!(size_field(&mem, a), size, "nothing written back on success");
    }
    // Below the first version, over the limit, a non-zero tail: E2BIG, and
    // our size written into the caller's field.
    for (len, size, set) in [
        (48, 1u32, vec![]),
        (48, 47, vec![]),
        (4100, 4097, vec![]),
        (64, 64, vec![(60, 1)]),
        (57, 57, vec![(56, 1)]),
    ] {
        let a = caller(&mut mem, len, size, &set);
        assert_eq!(read(&mut mem, a).unwrap_err().errno(), E2BIG, "size {size}");
        assert_eq!(size_field(&mem, a), 56, "size {size}: our size written back");
    }
    // A fault reading the size field or the struct: EFAULT, nothing written.
    assert_eq!(read(&mut mem, 0x18).unwrap_err().errno(), EFAULT);
    let a = caller(&mut mem, 8, 48, &[]);
    assert_eq!(read(&mut mem, a).unwrap_err().errno(), EFAULT);
    assert_eq!(size_field(&mem, a), 48);
    // The tail is scanned before the struct is read (the kernel's order): a
    // non-zero byte before a hole is E2BIG with the write-back; a zero tail
    // running into it is EFAULT. (The hole at a word boundary, as pages.)
    let a = caller(&mut mem, 64, 100, &[(58, 1)]);
    assert_eq!(read(&mut mem, a).unwrap_err().errno(), E2BIG);
    assert_eq!(size_field(&mem, a), 56);
    let a = caller(&mut mem, 64, 100, &[]);
    assert_eq!(read(&mut mem, a).unwrap_err().errno(), EFAULT);
    assert_eq!(size_field(&mem, a), 100);
}

#[test]
fn strict_policy_is_copy_mnt_id_reqs() {
    let mut mem = SimMemory::new();
    let read = |mem: &mut SimMemory, a| user::read_sized::<MntIdReq, _>(mem, a, 4096);
    for size in [0u32, 1, 23] {
        let a = caller(&mut mem, 32, size, &[]);
        let err = read(&mut mem, a).unwrap_err();
        assert_eq!(err.errno(), EINVAL, "size {size}");
        assert_eq!(size_field(&mem, a), size, "nothing written back");
    }
    let a = caller(&mut mem, 24, 24, &[(8, 5)]);
    assert_eq!(read(&mut mem, a).map(|r| (r.mnt_id, r.mnt_ns_id)), Ok((5, 0)));
    let a = caller(&mut mem, 40, 40, &[(24, 6)]);
    assert_eq!(read(&mut mem, a).map(|r| r.mnt_ns_id), Ok(6));
    let a = caller(&mut mem, 40, 40, &[(39, 1)]);
    assert_eq!(read(&mut mem, a).unwrap_err().errno(), E2BIG);
    assert_eq!(size_field(&mem, a), 40, "nothing written back");
    let a = caller(&mut mem, 32, 4097, &[]);
    assert_eq!(read(&mut mem, a).unwrap_err().errno(), E2BIG);
    assert_eq!(size_field(&mem, a), 4097);
}

#[test]
fn known_policy_accepts_only_the_tables_sizes() {
    let mut mem = SimMemory::new();
    let mut put = |cb: u16, len: usize| {
        let mut b = vec![0u8; len];
        b[..2].copy_from_slice(&cb.to_ne_bytes());
        b[4] = 3;
        mem.alloc_bytes(&b)
    };
    let (a8, a16, a24, a12) = (put(8, 8), put(16, 16), put(24, 24), put(12, 16));
    let read = |a| user::read_sized::<WinInfo, _>(&mut mem.clone(), a, 4096);
    assert_eq!(read(a8).map(|w| w.id), Ok(3));
    assert_eq!(read(a16).map(|w| w.id), Ok(3));
    // A newer caller (24) and a size that is no version's: refused.
    assert_eq!(read(a24).unwrap_err().errno(), EINVAL);
    assert_eq!(read(a12).unwrap_err().errno(), EINVAL);
}

#[test]
fn the_layout_says_which_field_and_policy() {
    let (f, p) = SchedAttr::LAYOUT.size_field().unwrap();
    assert_eq!((f.name, f.offset, f.size, p), ("size", 0, 4, SizePolicy::WriteBack));
    assert_eq!(MntIdReq::LAYOUT.size_field().unwrap().1, SizePolicy::Strict);
    assert_eq!(WinInfo::LAYOUT.size_field().unwrap().0.role, Role::Size(SizePolicy::Known));
    assert_eq!(OpenHow::LAYOUT.size_field(), None);
    assert_eq!(SchedAttr::LAYOUT.first_size(), 48);
}

/// eBPF-for-Windows' `ebpf_extension_header_t` (x64: 24 bytes).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ExtHeader {
    #[abi(since = 1, offset = 0, header = "version")]
    version: u16,
    #[abi(since = 1, offset = 2)]
    _pad: [u8; 6],
    #[abi(since = 1, offset = 8, header = "size")]
    size: u64,
    #[abi(since = 1, offset = 16, header = "total_size")]
    total_size: u64,
}

/// A helper prototype with its history: size 36 (through `arg`), then 37
/// (`flags`), then 38 (`implicit`) in the same 40-byte `sizeof`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(header_version = 1)]
struct Proto {
    #[abi(since = 1, offset = 0, header)]
    header: ExtHeader,
    #[abi(since = 1, offset = 24)]
    id: u32,
    #[abi(since = 1, offset = 28)]
    name: u32,
    #[abi(since = 1, offset = 32)]
    arg: u32,
    #[abi(since = 2, offset = 36, padding_since = 1)]
    flags: u8,
    #[abi(since = 3, offset = 37, padding_since = 1)]
    implicit: u8,
    #[abi(since = 1, offset = 38)]
    _pad_tail: [u8; 2],
}

/// One writer's struct: header, then `id` … as bytes.
fn proto_bytes(version: u16, size: u64, total: u64, body: &[(usize, u8)]) -> Vec<u8> {
    let mut b = vec![0u8; total.clamp(40, 256) as usize];
    b[0..2].copy_from_slice(&version.to_ne_bytes());
    b[8..16].copy_from_slice(&size.to_ne_bytes());
    b[16..24].copy_from_slice(&total.to_ne_bytes());
    b[24] = 7;
    for &(at, v) in body {
        b[at] = v;
    }
    b
}

#[test]
fn headers_take_older_and_newer_writers_and_bound_total_size() {
    let h = Proto::LAYOUT.header().unwrap();
    assert_eq!((h.version, h.size, h.total_size, h.end), (Some((0, 2)), (8, 8), (16, 8), 24));
    // The version table: three versions, one sizeof.
    let sizes: Vec<_> = Proto::LAYOUT.versions.iter().map(|v| (v.number, v.size)).collect();
    assert_eq!(sizes, [(1, 40), (2, 40), (3, 40)]);
    let read = |b: &[u8], rule| {
        let mut mem = SimMemory::new();
        let a = mem.alloc_bytes(b);
        user::read_with_header::<Proto, _>(&mem, a, 4096, rule).map_err(|e| e.errno())
    };
    use HeaderRule::{Extensible, KnownSizes};
    // Every released writer, under both rules.
    for (size, flags) in [(36, 0), (37, 1), (38, 1)] {
        for rule in [Extensible, KnownSizes] {
            let got = read(&proto_bytes(1, size, 40, &[(36, 1), (37, 1)]), rule).unwrap();
            assert_eq!((got.id, got.flags, got.implicit), (7, flags, u8::from(size == 38)));
        }
    }
    // A future writer (size 44, total 48): ours if the bytes we lack are zero.
    assert!(read(&proto_bytes(1, 44, 48, &[]), Extensible).is_ok());
    assert_eq!(read(&proto_bytes(1, 44, 48, &[(40, 1)]), Extensible), Err(E2BIG));
    assert_eq!(read(&proto_bytes(1, 44, 48, &[(38, 1)]), Extensible), Err(E2BIG));
    // ...which the shipped rule refuses whatever it holds.
    assert_eq!(read(&proto_bytes(1, 44, 48, &[]), KnownSizes), Err(EINVAL));
    assert_eq!(read(&proto_bytes(1, 35, 40, &[]), KnownSizes), Err(EINVAL));
    // Too old, a wrong version, total_size below size or over the limit.
    assert_eq!(read(&proto_bytes(1, 30, 40, &[]), Extensible), Err(EINVAL));
    assert_eq!(read(&proto_bytes(2, 38, 40, &[]), Extensible), Err(EINVAL));
    assert_eq!(read(&proto_bytes(1, 38, 37, &[]), Extensible), Err(EINVAL));
    assert_eq!(read(&proto_bytes(1, 38, 1 << 40, &[]), Extensible), Err(EINVAL));
}

#[test]
fn total_size_is_refused_before_any_byte_past_the_header_is_read() {
    // The #5552 case: a header whose total_size runs past the limit, with
    // nothing mapped after it. EINVAL, not EFAULT: refused, not followed.
    let mut mem = SimMemory::new();
    let a = mem.alloc_bytes(&proto_bytes(1, 38, 40, &[])[..24]);
    let b = proto_bytes(1, 38, 100_000, &[]);
    mem.write(a, &b[..24]).unwrap();
    let err = user::read_with_header::<Proto, _>(&mem, a, 4096, HeaderRule::Extensible);
    assert_eq!(err.unwrap_err().errno(), EINVAL);
    let mut out = [Proto::default(); 4];
    let err = user::read_header_array(&mem, a, &mut out, 4096, HeaderRule::Extensible);
    assert_eq!(err.unwrap_err().errno(), EINVAL);
    assert_eq!(out, [Proto::default(); 4], "nothing written");
    // A well-formed header with the body unmapped: EFAULT.
    mem.write(a, &proto_bytes(1, 38, 40, &[])[..24]).unwrap();
    let err = user::read_with_header::<Proto, _>(&mem, a, 4096, HeaderRule::Extensible);
    assert_eq!(err.unwrap_err().errno(), EFAULT);
}

#[test]
fn arrays_are_walked_with_a_checked_stride() {
    let mut mem = SimMemory::new();
    // Three elements of a newer writer's 48-byte struct.
    let mut bytes = Vec::new();
    for i in 0..3u8 {
        let mut e = proto_bytes(1, 44, 48, &[(28, i)]);
        e.truncate(48);
        bytes.extend(e);
    }
    let a = mem.alloc_bytes(&bytes);
    let mut out = [Proto::default(); 3];
    user::read_header_array(&mem, a, &mut out, 4096, HeaderRule::Extensible).unwrap();
    assert_eq!(out.map(|p| p.name), [0, 1, 2]);
    // An element whose total_size differs from the first's: EINVAL.
    let mut odd = bytes.clone();
    odd[48 + 16] = 40;
    let b = mem.alloc_bytes(&odd);
    let err = user::read_header_array(&mem, b, &mut out, 4096, HeaderRule::Extensible);
    assert_eq!(err.unwrap_err().errno(), EINVAL);
    // More elements than memory: EFAULT at the first missing one.
    let mut more = [Proto::default(); 4];
    let err = user::read_header_array(&mem, a, &mut more, 4096, HeaderRule::Extensible);
    assert_eq!(err.unwrap_err().errno(), EFAULT);
}

/// `bpf_map_info`'s two members C named in former padding, declared so.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct MapInfoTail {
    #[abi(since = "4.16", offset = 0)]
    ifindex: u32,
    #[abi(since = "5.6", offset = 4, padding_since = "4.16")]
    btf_vmlinux_value_type_id: u32,
    #[abi(since = "4.16", offset = 8)]
    netns_dev: u64,
    #[abi(since = "4.18", offset = 16)]
    btf_id: u32,
    #[abi(since = "6.9", offset = 20, padding_since = "4.18")]
    btf_vmlinux_id: u32,
    #[abi(since = "5.16", offset = 24)]
    map_extra: u64,
}

#[test]
fn fields_born_in_padding_keep_the_sizes_and_date_the_names() {
    let l = MapInfoTail::LAYOUT;
    let sizes: Vec<_> = l.versions.iter().map(|v| (v.label, v.size)).collect();
    assert_eq!(
        sizes,
        [("4.16", 16), ("4.18", 24), ("5.6", 24), ("5.16", 32), ("6.9", 32)],
        "C's sizeof at each release, and each naming release a version"
    );
    let f = l.field("btf_vmlinux_value_type_id").unwrap();
    assert_eq!((f.since, f.bytes_since), (0x05_06_00, 0x04_10_00));
    assert_eq!(l.field("btf_vmlinux_id").unwrap().bytes_since, 0x04_12_00);
    assert_eq!(bytes_of(&MapInfoTail::default()).len(), 32);
}

/// `perf_event_attr`'s first 64 bytes: `bp_type` and `config1` took the
/// bytes 2.6.31 named `__reserved_2` and `__reserved_3`. The second of
/// them ends the struct, so only the frozen size of 2.6.31 (64 bytes, a
/// released fact) shows the bytes were there: named padding.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
#[abi(version = "2.6.31", size = 64)]
struct PerfAttrHead {
    #[abi(since = "2.6.31", offset = 0)]
    r#type: u32,
    #[abi(since = "2.6.31", offset = 4)]
    size: u32,
    #[abi(since = "2.6.31", offset = 8)]
    rest: [u64; 5],
    #[abi(since = "2.6.31", offset = 48)]
    wakeup_events: u32,
    #[abi(since = "2.6.33", offset = 52, padding_since = "2.6.31")]
    bp_type: u32,
    #[abi(since = "2.6.33", offset = 56, padding_since = "2.6.31")]
    config1: u64,
}

#[test]
fn fields_born_in_named_padding_lean_on_the_frozen_size() {
    let sizes: Vec<_> = PerfAttrHead::LAYOUT.versions.iter().map(|v| (v.label, v.size)).collect();
    assert_eq!(sizes, [("2.6.31", 64), ("2.6.33", 64)]);
}
