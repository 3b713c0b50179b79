//! BTF_LOAD and bpf_btf_info on the runtime, with canaries. The expected
//! log texts, sizes and errnos were measured on Linux 6.18.

use super::super::{release, Runtime, NEWEST_LEVEL};
use super::{walk, Logger, VLog, BPF_LOG_FIXED, BPF_LOG_LEVEL1};
use crate::testing::{every_kind_btf, int_btf, Fixture, CANARY};
use extensible_abi::user::UserMemory;
use extensible_abi::{bytes_of, errno, zeroed, ExtensibleAbi};
use extensible_abi_bpf::attr::{bpf_attr_btf_load, BPF_BTF_LOAD};
use extensible_abi_bpf::btf::Btf;
use extensible_abi_bpf::consts::{BPF_F_RDONLY, BPF_F_TOKEN_FD};
use extensible_abi_bpf::info::bpf_btf_info;

const HEADER_LOG: &str = "magic: 0xeb9f\nversion: 1\nflags: 0x0\nhdr_len: 24\ntype_off: 0\ntype_len: 16\nstr_off: 16\nstr_len: 5\nbtf_total_size: 45\n";
const INT_LINE: &str = "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=(none)\n";

/// A fixture with `blob` and a log buffer of 4096 canaries in its memory:
/// the fixture and their addresses.
fn setup(blob: &[u8], rt: Runtime) -> (Fixture, u64, u64) {
    let mut t = Fixture::with(rt);
    let (blob, log) = (t.bytes(blob), t.canary(4096));
    (t, blob, log)
}

impl Fixture {
    /// BTF_LOAD with `a` as `size` bytes (canaries after them).
    fn btf_load(&mut self, a: &bpf_attr_btf_load, size: usize) -> Result<i64, i32> {
        self.call(BPF_BTF_LOAD, &bytes_of(a)[..size])
    }

    /// The attr as the last call left it.
    fn btf_attr(&self) -> bpf_attr_btf_load {
        bpf_attr_btf_load::from_partial(self.mem.bytes(self.attr, 40).unwrap()).unwrap()
    }
}

/// The attr that loads the `len` bytes at `blob`.
fn blob_attr(blob: u64, len: usize) -> bpf_attr_btf_load {
    bpf_attr_btf_load { btf: blob, btf_size: len as u32, ..Default::default() }
}

fn with_nul(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

#[test]
fn a_good_blob_loads_and_reports_its_log() {
    let blob = int_btf();
    let (mut s, blob_at, log) = setup(&blob, Runtime::new());
    let a = blob_attr(blob_at, blob.len());
    assert_eq!(s.btf_load(&a, 40), Ok(3));
    assert_eq!(s.btf_attr().btf_log_true_size, 0);

    let a = bpf_attr_btf_load {
        btf_log_buf: log,
        btf_log_size: 4096,
        btf_log_level: BPF_LOG_LEVEL1,
        ..a
    };
    assert_eq!(s.btf_load(&a, 40), Ok(4));
    let want = with_nul(&format!("{HEADER_LOG}{INT_LINE}"));
    assert_eq!(want.len(), 176);
    assert_eq!(s.read(log, want.len()), &want[..]);
    assert_eq!(s.read(log, want.len() + 1)[want.len()], CANARY);
    assert_eq!(s.btf_attr().btf_log_true_size, 176);

    // No buffer, level 1: nothing written but the true size.
    let a =
        bpf_attr_btf_load { btf_log_buf: 0, btf_log_size: 0, btf_log_level: BPF_LOG_LEVEL1, ..a };
    assert_eq!(s.btf_load(&a, 40), Ok(5));
    assert_eq!(s.btf_attr().btf_log_true_size, 176);
    // An attr of 28 bytes does not cover btf_log_true_size: not written.
    assert_eq!(s.btf_load(&a, 28), Ok(6));
    assert_eq!(s.mem.bytes(s.attr + 28, 4).unwrap(), &[CANARY; 4]);
}

#[test]
fn a_short_log_rotates_or_truncates_and_fails_with_enospc() {
    let blob = int_btf();
    let (mut s, blob_at, log) = setup(&blob, Runtime::new());
    let a = bpf_attr_btf_load {
        btf_log_buf: log,
        btf_log_size: 20,
        btf_log_level: BPF_LOG_LEVEL1,
        ..blob_attr(blob_at, blob.len())
    };
    assert_eq!(s.btf_load(&a, 40), Err(errno::ENOSPC));
    assert_eq!(s.read(log, 21), b"32 encoding=(none)\n\0\xaa");
    assert_eq!(s.btf_attr().btf_log_true_size, 176);
    // BPF_LOG_FIXED keeps the start.
    let a = bpf_attr_btf_load { btf_log_level: BPF_LOG_LEVEL1 | BPF_LOG_FIXED, ..a };
    assert_eq!(s.btf_load(&a, 40), Err(errno::ENOSPC));
    assert_eq!(s.read(log, 21), b"magic: 0xeb9f\nversi\0\xaa");
    // No object was made: the next one gets fd 3 and id 1.
    let a = blob_attr(blob_at, blob.len());
    assert_eq!(s.btf_load(&a, 40), Ok(3));
    assert_eq!(s.rt.lock().next_id(super::ObjectKind::Btf, 0), Ok(1));
}

#[test]
fn bad_log_attributes_are_einval_and_write_nothing() {
    let blob = int_btf();
    let (mut s, blob_at, log) = setup(&blob, Runtime::new());
    let base =
        bpf_attr_btf_load { btf_log_true_size: 0xaaaa_aaaa, ..blob_attr(blob_at, blob.len()) };
    let bad = [
        (log, 0, 1),       // a buffer without a size
        (0, 100, 1),       // a size without a buffer
        (log, 100, 0),     // a buffer with level 0
        (log, 4096, 16),   // an unknown level bit
        (log, 1 << 30, 1), // over UINT_MAX >> 2
    ];
    for (buf, size, level) in bad {
        let a = bpf_attr_btf_load {
            btf_log_buf: buf,
            btf_log_size: size,
            btf_log_level: level,
            ..base
        };
        assert_eq!(s.btf_load(&a, 40), Err(errno::EINVAL), "{buf:#x} {size} {level}");
        assert_eq!(s.btf_attr().btf_log_true_size, u32::from_ne_bytes([CANARY; 4]));
        assert_eq!(s.read(log, 1), &[CANARY]);
    }
    // The largest size is fine (the buffer is only written as far as used).
    let a = bpf_attr_btf_load {
        btf_log_buf: log,
        btf_log_size: (1 << 30) - 1,
        btf_log_level: BPF_LOG_LEVEL1,
        ..base
    };
    assert_eq!(s.btf_load(&a, 40), Ok(3));
    // Before 6.4 there was no BPF_LOG_FIXED, and no btf_log_true_size.
    let (mut old, old_blob, old_log) = setup(&blob, Runtime::with_abi_level(release(6, 1)));
    let a = bpf_attr_btf_load {
        btf_log_buf: old_log,
        btf_log_size: 4096,
        btf_log_level: BPF_LOG_FIXED,
        ..blob_attr(old_blob, blob.len())
    };
    assert_eq!(old.btf_load(&a, 32), Err(errno::EINVAL));
    let a = bpf_attr_btf_load { btf_log_level: BPF_LOG_LEVEL1, ..a };
    assert_eq!(old.btf_load(&a, 32), Ok(3));
    assert_eq!(old.mem.bytes(old.attr + 28, 4).unwrap(), &[0; 4]);
}

#[test]
fn size_pointer_flags_and_token_errors() {
    let blob = int_btf();
    let (mut s, blob_at, _) = setup(&blob, Runtime::new());
    let base = blob_attr(blob_at, blob.len());
    // Over 16 MiB: E2BIG, even with a bad log.
    let a = bpf_attr_btf_load { btf_size: 16 << 20 | 1, btf_log_level: 16, ..base };
    assert_eq!(s.btf_load(&a, 40), Err(errno::E2BIG));
    // Size 0: EINVAL (no hdr_len).
    assert_eq!(s.btf_load(&bpf_attr_btf_load { btf_size: 0, ..base }, 40), Err(errno::EINVAL));
    // A NULL blob: EFAULT, after the log was checked, and the true size
    // (0) is written.
    let a = bpf_attr_btf_load { btf: 0, btf_log_level: 16, ..base };
    assert_eq!(s.btf_load(&a, 40), Err(errno::EINVAL));
    let a = bpf_attr_btf_load { btf: 0, ..base };
    assert_eq!(s.btf_load(&a, 40), Err(errno::EFAULT));
    assert_eq!(s.btf_attr().btf_log_true_size, 0);
    // A blob running off its mapping: EFAULT.
    assert_eq!(s.btf_load(&bpf_attr_btf_load { btf_size: 4096, ..base }, 40), Err(errno::EFAULT));
    // btf_flags.
    assert_eq!(s.btf_load(&bpf_attr_btf_load { btf_flags: 2, ..base }, 40), Err(errno::EINVAL));
    let tok = |fd| bpf_attr_btf_load { btf_flags: BPF_F_TOKEN_FD, btf_token_fd: fd, ..base };
    assert_eq!(s.btf_load(&tok(999), 40), Err(errno::EBADF));
    assert_eq!(s.btf_load(&tok(-1), 40), Err(errno::EBADF));
    // A token fd without the flag is ignored.
    assert_eq!(s.btf_load(&bpf_attr_btf_load { btf_token_fd: 999, ..base }, 40), Ok(3));
    // One of the runtime's fds, but not a token: EINVAL.
    assert_eq!(s.btf_load(&tok(3), 40), Err(errno::EINVAL));
    // A fault in the log buffer: EFAULT, no object, true size written.
    let a = bpf_attr_btf_load {
        btf_log_buf: 8,
        btf_log_size: 4096,
        btf_log_level: BPF_LOG_LEVEL1,
        ..base
    };
    assert_eq!(s.btf_load(&a, 40), Err(errno::EFAULT));
    assert_eq!(s.btf_attr().btf_log_true_size, 176);
    assert_eq!(
        s.rt.lock().next_id(super::ObjectKind::Btf, 1),
        Err(extensible_abi::AbiError::Errno { errno: errno::ENOENT, what: "no next id" })
            .map_err(|e: extensible_abi::AbiError| e)
    );
}

#[test]
fn a_bad_blob_logs_the_kernels_message() {
    let mut blob = int_btf();
    blob[0] = 0;
    let (mut s, blob_at, log) = setup(&blob, Runtime::new());
    let a = bpf_attr_btf_load {
        btf_log_buf: log,
        btf_log_size: 4096,
        btf_log_level: BPF_LOG_LEVEL1,
        ..blob_attr(blob_at, blob.len())
    };
    assert_eq!(s.btf_load(&a, 40), Err(errno::EINVAL));
    let want = with_nul(&format!("{}Invalid magic", HEADER_LOG.replace("0xeb9f", "0xeb00")));
    assert_eq!(want.len(), 129);
    assert_eq!(s.read(log, 130), &[&want[..], &[CANARY]].concat()[..]);
    assert_eq!(s.btf_attr().btf_log_true_size, 129);
    // A short buffer: ENOSPC wins over EINVAL.
    s.mem.write(log, &[CANARY; 4096]).unwrap();
    let a = bpf_attr_btf_load { btf_log_size: 10, ..a };
    assert_eq!(s.btf_load(&a, 40), Err(errno::ENOSPC));
    assert_eq!(s.read(log, 11), b"lid magic\0\xaa");
}

/// The walk's verdict with the log on, at most 64 KiB of it.
fn walked(blob: &[u8]) -> (Result<(), i32>, Vec<u8>) {
    let mut t = Fixture::new();
    let log_addr = t.mem.alloc(1 << 16);
    let attr = [0u8; 8];
    let (r, n) = {
        let mut c = super::super::Call::new(&t.rt, &mut t.mem, 0, &attr, 0);
        let mut log =
            VLog::new(BPF_LOG_LEVEL1 | BPF_LOG_FIXED, log_addr, 1 << 16, NEWEST_LEVEL).unwrap();
        let r = walk(&mut Logger { c: &mut c, log: &mut log }, blob).map_err(|e| e.errno());
        (r, log.finalize(&mut c).0)
    };
    let text = t.read(log_addr, n as usize - 1);
    (r, text)
}

#[test]
fn the_logging_walk_is_core_btf_plus_kind_rules_on_every_one_byte_change() {
    // Under Miri a sample of the positions and values: the walk is the
    // same code for each, and every position costs seconds there.
    let (step, values): (usize, &[u8]) =
        if cfg!(miri) { (41, &[0, 0xff]) } else { (1, &[0, 1, 3, 4, 0x10, 0x18, 0x80, 0xff]) };
    for blob in [int_btf(), every_kind_btf()] {
        assert_eq!(Btf::parse(&blob).map(drop).map_err(|e| e.errno()), Ok(()));
        for i in (0..blob.len()).step_by(step) {
            for &v in values {
                let mut b = blob.clone();
                b[i] = v;
                let ours = walked(&b).0;
                let reader = Btf::parse(&b).map(drop).map_err(|e| e.errno());
                // The walk repeats some per-kind rules core::btf leaves
                // out: it may refuse more, never less, and refuses what
                // the reader refuses with the reader's errno unless one of
                // those rules refused first.
                assert!(ours.is_err() || reader.is_ok(), "byte {i} = {v:#x}: {ours:?} {reader:?}");
                assert!(reader.is_ok() || ours.is_err(), "byte {i} = {v:#x}");
            }
        }
        // Every cut, too.
        for n in (0..blob.len()).step_by(step) {
            let ours = walked(&blob[..n]).0;
            let reader = Btf::parse(&blob[..n]).map(drop).map_err(|e| e.errno());
            assert!(ours.is_err() || reader.is_ok(), "cut at {n}");
            assert!(reader.is_ok() || ours.is_err(), "cut at {n}");
        }
    }
}

#[test]
fn every_kind_has_its_log_line() {
    let (r, text) = walked(&every_kind_btf());
    assert_eq!(r, Ok(()), "{}", String::from_utf8_lossy(&text));
    let text = String::from_utf8(text).unwrap();
    let lines: Vec<&str> = text.lines().skip(9).collect();
    let want = [
        "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=SIGNED",
        "[2] PTR (anon) type_id=1",
        "[3] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=4",
        "[4] STRUCT s size=8 vlen=2",
        "\ta type_id=1 bits_offset=0",
        "\t(anon) type_id=1 bits_offset=32",
        "[5] UNION s size=4 vlen=1",
        "\tb type_id=1 bitfield_size=3 bits_offset=0",
        "[6] ENUM e size=4 vlen=2",
        "\tX val=-1",
        "\tY val=7",
        "[7] FWD X union",
        "[8] TYPEDEF X type_id=1",
        "[9] VOLATILE (anon) type_id=1",
        "[10] CONST (anon) type_id=1",
        "[11] RESTRICT (anon) type_id=2",
        "[12] FUNC_PROTO (anon) return=1 args=(1 p, 2 a, vararg)",
        "[13] FUNC f type_id=12",
        "[14] VAR v type_id=1 linkage=1",
        "[15] DATASEC .data size=4 vlen=1",
        "\t type_id=14 offset=0 size=4",
        "[16] FLOAT u64 size=8",
        "[17] DECL_TAG tag type=4 component_idx=-1",
        "[18] TYPE_TAG tag type_id=1",
        "[19] ENUM64 E64 size=8 vlen=1",
        "\tX val=8589934593",
        "[20] FUNC_PROTO (anon) return=0 args=(void)",
        "[21] FUNC_PROTO (anon) return=0 args=(vararg)",
    ];
    assert_eq!(lines, want);
}

/// BTF info through OBJ_GET_INFO_BY_FD: a fixture with a BTF object
/// ([`int_btf`]), its fd, and a buffer of 64 canaries.
fn info_case() -> (Fixture, u32, u64) {
    let mut t = Fixture::new();
    let fd = t.btf();
    let buf = t.canary(64);
    (t, fd, buf)
}

impl Fixture {
    /// OBJ_GET_INFO_BY_FD of the BTF object `fd`: the `info_len` written
    /// back.
    fn btf_info(&mut self, fd: u32, input: &bpf_btf_info, len: u32) -> Result<u32, i32> {
        let (r, _, n) = self.obj_info(fd, input, len);
        r.map(|_| n)
    }

    /// The caller's struct as the last call left it.
    fn btf_info_now(&self) -> bpf_btf_info {
        bpf_btf_info::from_partial(self.mem.bytes(self.info, 32).unwrap()).unwrap()
    }
}

#[test]
fn btf_info_copies_what_fits_and_reports_the_size() {
    let (mut c, fd, buf) = info_case();
    let blob = int_btf();
    let mut input: bpf_btf_info = zeroed();
    assert_eq!(c.btf_info(fd, &input, 64), Ok(32));
    let info = c.btf_info_now();
    assert_eq!((info.id, info.btf_size, info.name_len, info.kernel_btf), (1, 45, 0, 0));
    assert_eq!(c.mem.bytes(c.info + 32, 32).unwrap(), &[0; 32]);
    // The whole blob, then only its start (no ENOSPC).
    input.btf = buf;
    input.btf_size = 64;
    assert_eq!(c.btf_info(fd, &input, 32), Ok(32));
    assert_eq!(c.mem.bytes(buf, 46).unwrap(), &[&blob[..], &[CANARY]].concat()[..]);
    assert_eq!(c.btf_info_now().btf_size, 45);
    c.mem.write(buf, &[CANARY; 64]).unwrap();
    input.btf_size = 10;
    assert_eq!(c.btf_info(fd, &input, 32), Ok(32));
    assert_eq!(c.mem.bytes(buf, 11).unwrap(), &[&blob[..10], &[CANARY]].concat()[..]);
    assert_eq!(c.btf_info_now().btf_size, 45);
    // A bad buffer: EFAULT, and the caller's info is untouched.
    input.btf = 8;
    assert_eq!(c.btf_info(fd, &input, 32), Err(errno::EFAULT));
    assert_eq!(c.btf_info_now().btf, 8);
    // A 4.18 caller (16 bytes): bytes past them untouched.
    input.btf = 0;
    input.btf_size = 0;
    assert_eq!(c.btf_info(fd, &input, 16), Ok(16));
    assert_eq!(c.mem.bytes(c.info + 16, 16).unwrap(), &[CANARY; 16]);
    // name/name_len: both or neither.
    input.name = buf;
    assert_eq!(c.btf_info(fd, &input, 32), Err(errno::EINVAL));
    input.name = 0;
    input.name_len = 5;
    assert_eq!(c.btf_info(fd, &input, 32), Err(errno::EINVAL));
    // The name is empty: its NUL is written, name_len is 0.
    c.mem.write(buf, &[CANARY; 64]).unwrap();
    input.name = buf;
    input.name_len = 1;
    assert_eq!(c.btf_info(fd, &input, 32), Ok(32));
    assert_eq!(c.mem.bytes(buf, 2).unwrap(), &[0, CANARY]);
    assert_eq!(c.btf_info_now().name_len, 0);
    // The blob is copied before the name check fails, as the kernel does.
    c.mem.write(buf, &[CANARY; 64]).unwrap();
    let bad = bpf_btf_info { btf: buf, btf_size: 4, name: 0, name_len: 1, ..zeroed() };
    assert_eq!(c.btf_info(fd, &bad, 32), Err(errno::EINVAL));
    assert_eq!(c.mem.bytes(buf, 5).unwrap(), &[&blob[..4], &[CANARY]].concat()[..]);
}

#[test]
fn btf_ids_and_get_fd_by_id() {
    use extensible_abi_bpf::attr::{bpf_attr_get_id, BPF_BTF_GET_FD_BY_ID, BPF_BTF_GET_NEXT_ID};
    let blob = int_btf();
    let (mut s, blob_at, _) = setup(&blob, Runtime::new());
    let a = blob_attr(blob_at, blob.len());
    assert_eq!(s.btf_load(&a, 40), Ok(3));
    assert_eq!(s.btf_load(&a, 40), Ok(4));
    s.rt.close(3).unwrap();
    let call = |s: &mut Fixture, cmd, g: &bpf_attr_get_id| s.call_attr(cmd, g);
    // Id 1 went with its last fd; 2 lives.
    let g = bpf_attr_get_id { start_id: 0, ..Default::default() };
    assert_eq!(call(&mut s, BPF_BTF_GET_NEXT_ID, &g), Ok(0));
    assert_eq!(s.mem.bytes(s.attr + 4, 4).unwrap(), &2u32.to_ne_bytes());
    assert_eq!(
        call(&mut s, BPF_BTF_GET_FD_BY_ID, &bpf_attr_get_id { start_id: 1, ..g }),
        Err(errno::ENOENT)
    );
    assert_eq!(call(&mut s, BPF_BTF_GET_FD_BY_ID, &bpf_attr_get_id { start_id: 2, ..g }), Ok(3));
    // open_flags: only BPF_F_TOKEN_FD, and then the token fd is checked
    // (EBADF for an fd the runtime did not hand out, EINVAL for one of
    // its objects: none is a token). Without the flag the fd is ignored.
    let tok =
        |flags, fd| bpf_attr_get_id { start_id: 2, open_flags: flags, fd_by_id_token_fd: fd, ..g };
    assert_eq!(call(&mut s, BPF_BTF_GET_FD_BY_ID, &tok(BPF_F_RDONLY, 0)), Err(errno::EINVAL));
    assert_eq!(call(&mut s, BPF_BTF_GET_FD_BY_ID, &tok(BPF_F_TOKEN_FD, 999)), Err(errno::EBADF));
    assert_eq!(
        call(&mut s, BPF_BTF_GET_FD_BY_ID, &tok(BPF_F_TOKEN_FD | 1, 999)),
        Err(errno::EINVAL)
    );
    assert_eq!(call(&mut s, BPF_BTF_GET_FD_BY_ID, &tok(BPF_F_TOKEN_FD, 4)), Err(errno::EINVAL));
    assert_eq!(call(&mut s, BPF_BTF_GET_FD_BY_ID, &tok(0, 999)), Ok(5));
    // Before 6.15 there was no token here: the flag is just unknown.
    let (mut old, old_blob, _) = setup(&blob, Runtime::with_abi_level(release(6, 14)));
    let a = blob_attr(old_blob, blob.len());
    assert_eq!(old.btf_load(&a, 40), Ok(3));
    let g = bpf_attr_get_id { start_id: 1, open_flags: BPF_F_TOKEN_FD, ..Default::default() };
    assert_eq!(call(&mut old, BPF_BTF_GET_FD_BY_ID, &g), Err(errno::EINVAL));
}

#[test]
fn int_and_reference_kind_rules() {
    let cases: &[(usize, u8, &str, i32)] = &[
        // byte of int_btf() to change, its value, the kernel's line, errno
        (24 + 4, 1, "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=(none) vlen != 0", errno::EINVAL),
        (24 + 7, 0x81, "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=(none) Invalid btf_info kind_flag", errno::EINVAL),
        (24 + 15, 0x10, "[1] INT int Invalid int_data:10000020", errno::EINVAL),
        (24 + 12, 200, "[1] INT int size=4 bits_offset=0 nr_bits=200 encoding=(none) nr_bits exceeds 128", errno::EINVAL),
        (24 + 8, 3, "[1] INT int size=3 bits_offset=0 nr_bits=32 encoding=(none) nr_bits exceeds type_size", errno::EINVAL),
        (24 + 15, 3, "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=UNKN Unsupported encoding", extensible_abi_bpf::btf::ENOTSUPP),
    ];
    for &(at, v, line, e) in cases {
        let mut b = int_btf();
        b[at] = v;
        let (r, text) = walked(&b);
        assert_eq!(r, Err(e), "{line}");
        assert_eq!(String::from_utf8(text).unwrap().lines().last(), Some(line));
    }
}

#[test]
fn the_other_kinds_rules() {
    // (offset in every_kind_btf() of a u32 to set, its value, the last
    // line of the log); all EINVAL. Records start at 24: ARRAY 52, STRUCT
    // 76, ENUM 136, FWD 164, FUNC 260, VAR 272, DATASEC 288, FLOAT 312,
    // DECL_TAG 324.
    let cases: &[(usize, u32, &str)] = &[
        (52 + 8, 1, "[3] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=4 size != 0"),
        (76 + 16, 0, "\ta type_id=0 bits_offset=0 Invalid type_id"),
        (76 + 20, 40, "\t(anon) type_id=1 bits_offset=32 Invalid member bits_offset"),
        (136 + 8, 3, "[6] ENUM e size=3 vlen=2 Unexpected size"),
        (164 + 8, 1, "[7] FWD X union type != 0"),
        (260 + 4, 12 << 24 | 3, "[13] FUNC f type_id=12 Invalid func linkage"),
        (272 + 12, 2, "[14] VAR v type_id=1 linkage=2 Linkage not supported"),
        (288 + 20, 5, "\t type_id=14 offset=0 size=5 Invalid size"),
        (312 + 8, 3, "[16] FLOAT u64 size=3 Invalid type_size"),
        (324 + 12, -2i32 as u32, "[17] DECL_TAG tag type=4 component_idx=-2 Invalid component_idx"),
    ];
    for &(at, v, line) in cases {
        let mut b = every_kind_btf();
        b[at..at + 4].copy_from_slice(&v.to_ne_bytes());
        let (r, text) = walked(&b);
        assert_eq!(r, Err(errno::EINVAL), "{line}");
        assert_eq!(String::from_utf8(text).unwrap().lines().last(), Some(line));
    }
}
