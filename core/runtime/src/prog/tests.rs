//! Tests of the program commands, each error path with canaries: nothing
//! the kernel would not write is written, and no object is left behind.

use super::*;
use crate::btf_obj::{BPF_LOG_FIXED, BPF_LOG_LEVEL1};
use crate::link::LO_IFINDEX;
use crate::testing::{Fixture, CANARY};
use crate::NEWEST_LEVEL;
use extensible_abi::bytes_of;
use extensible_abi_bpf::attr::{
    bpf_attr_test, BPF_PROG_BIND_MAP, BPF_PROG_LOAD, BPF_PROG_TEST_RUN,
};

fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[0] = code;
    b[1] = src << 4 | dst;
    b[2..4].copy_from_slice(&off.to_le_bytes());
    b[4..].copy_from_slice(&imm.to_le_bytes());
    b
}

fn prog(insns: &[[u8; 8]]) -> Vec<u8> {
    insns.concat()
}

fn mov0(imm: i32) -> [u8; 8] {
    insn(0xb7, 0, 0, 0, imm)
}

const EXIT: [u8; 8] = [0x95, 0, 0, 0, 0, 0, 0, 0];

impl Fixture {
    fn load_attr(&mut self, insns: &[u8]) -> bpf_attr_prog_load {
        let insns = self.mem.alloc_bytes(insns);
        let license = self.mem.alloc_bytes(b"GPL\0");
        bpf_attr_prog_load {
            prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
            insn_cnt: 0,
            insns,
            license,
            ..Default::default()
        }
    }

    /// `BPF_PROG_LOAD`: the result and the attr as the call left it.
    fn prog_load(&mut self, a: &bpf_attr_prog_load) -> (Result<i64, i32>, Vec<u8>) {
        self.call_back(BPF_PROG_LOAD, bytes_of(a))
    }

    /// Loads `insns` as a socket filter; the fd.
    fn load_ok(&mut self, insns: &[u8]) -> u32 {
        let mut a = self.load_attr(insns);
        a.insn_cnt = (insns.len() / 8) as u32;
        self.prog_load(&a).0.expect("load") as u32
    }

    fn no_prog(&mut self) -> bool {
        let id = extensible_abi_bpf::attr::bpf_attr_get_id::default();
        self.call_attr(extensible_abi_bpf::attr::BPF_PROG_GET_NEXT_ID, &id) == Err(errno::ENOENT)
    }
}

#[test]
fn load_and_info() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.prog_name[..5].copy_from_slice(b"hello");
    let fd = t.prog_load(&a).0.unwrap() as u32;
    assert_eq!(fd, 3);
    let (r, info, len) = t.obj_info(fd, &zeroed_info(), 232);
    assert_eq!(r, Ok(0));
    assert_eq!(len, 232);
    assert_eq!(info.r#type, BPF_PROG_TYPE_SOCKET_FILTER);
    assert_eq!(info.id, 1);
    // The live 6.18 kernel's tag of `r0 = 0; exit` (SHA-256).
    assert_eq!(info.tag, [0x59, 0xf4, 0xa9, 0x31, 0x74, 0x4d, 0xcd, 0xc6]);
    assert_eq!(&info.name[..6], b"hello\0");
    assert!(info.gpl_compatible());
    assert_eq!((info.xlated_prog_len, info.jited_prog_len), (16, 0));
    assert_eq!((info.nr_jited_ksyms, info.nr_jited_func_lens, info.nr_prog_tags), (1, 1, 1));
    assert_eq!(
        (info.func_info_rec_size, info.line_info_rec_size, info.jited_line_info_rec_size),
        (8, 16, 8)
    );
    assert_eq!(info.verified_insns, 2);
    // A short info: only what fits, and info_len says so.
    let (r, _, len) = t.obj_info(fd, &zeroed_info(), 8);
    assert_eq!((r, len), (Ok(0), 8));
}

fn zeroed_info() -> bpf_prog_info {
    extensible_abi::zeroed()
}

#[test]
fn tag_follows_the_abi_level() {
    let code = prog(&[mov0(0), EXIT]);
    // SHA-1 before 6.18, as the kernels of those releases.
    let sha1 = sha1::sha1(&code);
    assert_eq!(calc_tag(&code, release(6, 17)), sha1[..8]);
    assert_eq!(calc_tag(&code, NEWEST_LEVEL), sha256::sha256(&code)[..8]);
    // Map fd immediates do not count.
    let a = prog(&[insn(0x18, 1, 1, 0, 3), insn(0, 0, 0, 0, 0), mov0(0), EXIT]);
    let b = prog(&[insn(0x18, 1, 1, 0, 9), insn(0, 0, 0, 0, 0), mov0(0), EXIT]);
    assert_eq!(calc_tag(&a, NEWEST_LEVEL), calc_tag(&b, NEWEST_LEVEL));
    let c = prog(&[insn(0x18, 1, 0, 0, 3), insn(0, 0, 0, 0, 0), mov0(0), EXIT]);
    let d = prog(&[insn(0x18, 1, 0, 0, 9), insn(0, 0, 0, 0, 0), mov0(0), EXIT]);
    assert_ne!(calc_tag(&c, NEWEST_LEVEL), calc_tag(&d, NEWEST_LEVEL));
}

#[test]
fn insn_cnt_bounds() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    for (cnt, want) in
        [(0, errno::E2BIG), (1_000_001, errno::E2BIG), (u32::MAX, errno::E2BIG), (3, errno::EFAULT)]
    {
        a.insn_cnt = cnt;
        assert_eq!(t.prog_load(&a).0, Err(want), "{cnt}");
    }
    assert!(t.no_prog());
    // Before 5.2, 4096 was the limit for root too.
    let mut old = Fixture::at(release(5, 1));
    let mut a = old.load_attr(&code);
    for (cnt, want) in [(4097, errno::E2BIG), (4096, errno::EFAULT)] {
        a.insn_cnt = cnt;
        assert_eq!(old.prog_load(&a).0, Err(want), "{cnt}");
    }
}

#[test]
fn license_rules() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    for (lic, gpl) in
        [(&b"GPL\0"[..], true), (b"Dual BSD/GPL\0", true), (b"GPL \0", false), (b"MIT\0", false)]
    {
        a.license = t.mem.alloc_bytes(lic);
        let fd = t.prog_load(&a).0.unwrap() as u32;
        assert_eq!(t.obj_info(fd, &zeroed_info(), 232).1.gpl_compatible(), gpl, "{lic:?}");
    }
    // A NUL before the end of the mapping is fine; none before it faults.
    a.license = t.mem.alloc_bytes(b"GPL\0");
    assert!(t.prog_load(&a).0.is_ok());
    a.license = t.mem.alloc_bytes(b"GPL");
    assert_eq!(t.prog_load(&a).0, Err(errno::EFAULT));
    // 127 bytes without a NUL: cut, not refused.
    a.license = t.mem.alloc_bytes(&[b'G'; 127]);
    assert!(t.prog_load(&a).0.is_ok());
    a.license = 0;
    assert_eq!(t.prog_load(&a).0, Err(errno::EFAULT));
}

#[test]
fn names_types_flags() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.prog_name = *b"abcdefghijklmnop";
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.prog_name = [0; 16];
    a.prog_name[..3].copy_from_slice(b"a-b");
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.prog_name = [0; 16];
    for ty in [BPF_PROG_TYPE_UNSPEC, BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_TRACING, 999] {
        a.prog_type = ty;
        assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL), "type {ty}");
    }
    a.prog_type = BPF_PROG_TYPE_XDP;
    a.prog_flags = 1 << 8;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.prog_flags = 0;
    a.prog_ifindex = LO_IFINDEX;
    assert_eq!(t.prog_load(&a).0, Err(errno::EOPNOTSUPP));
    a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    assert!(t.no_prog());
}

#[test]
fn log_rules() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    let buf = t.canary(256);
    // Bad combinations: EINVAL, nothing written.
    for (level, size, ptr) in
        [(0, 256, buf), (1, 256, 0), (1, 0, buf), (16, 256, buf), (1, 1 << 30, buf)]
    {
        a.log_level = level;
        a.log_size = size;
        a.log_buf = ptr;
        let (r, after) = t.prog_load(&a);
        assert_eq!(r, Err(errno::EINVAL), "{level} {size}");
        assert_eq!(&after[140..144], &[0; 4]);
        assert!(t.untouched(buf, 256));
    }
    // A good log: the kernel's statistics line, and log_true_size.
    let line = b"processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";
    a.log_level = BPF_LOG_LEVEL1;
    a.log_size = 256;
    a.log_buf = buf;
    let (r, after) = t.prog_load(&a);
    assert!(r.is_ok());
    assert_eq!(t.mem.bytes(buf, line.len()).unwrap(), line);
    assert_eq!(t.mem.bytes(buf + line.len() as u64, 1).unwrap(), [0]);
    assert!(t.untouched(buf + line.len() as u64 + 1, 256 - line.len() - 1));
    assert_eq!(u32::from_le_bytes(after[140..144].try_into().unwrap()), 98);
    // Too short: ENOSPC, the newest bytes kept, the size it needed.
    let small = t.canary(64);
    a.log_size = 40;
    a.log_buf = small;
    let (r, after) = t.prog_load(&a);
    assert_eq!(r, Err(errno::ENOSPC));
    assert_eq!(t.mem.bytes(small, 40).unwrap(), b"tal_states 0 peak_states 0 mark_read 0\n\0");
    assert!(t.untouched(small + 40, 24));
    assert_eq!(u32::from_le_bytes(after[140..144].try_into().unwrap()), 98);
    // BPF_LOG_FIXED keeps the oldest.
    a.log_level = BPF_LOG_LEVEL1 | BPF_LOG_FIXED;
    assert_eq!(t.prog_load(&a).0, Err(errno::ENOSPC));
    assert_eq!(t.mem.bytes(small, 40).unwrap(), b"processed 2 insns (limit 1000000) max_s\0");
    // A bad pointer: EFAULT.
    a.log_level = BPF_LOG_LEVEL1;
    a.log_buf = 0x10;
    assert_eq!(t.prog_load(&a).0, Err(errno::EFAULT));
    // An attr too short for log_true_size: not written (it is not there).
    a.log_buf = buf;
    a.log_size = 256;
    let bytes = bytes_of(&a)[..140].to_vec();
    let (r, after) = t.call_back(BPF_PROG_LOAD, &bytes);
    assert!(r.is_ok());
    assert_eq!(after, bytes);
    // The verifier's failure with a log too short: ENOSPC wins.
    let bad = prog(&[mov0(0), mov0(0)]);
    let mut b = t.load_attr(&bad);
    b.insn_cnt = 2;
    b.log_level = BPF_LOG_LEVEL1;
    b.log_size = 10;
    b.log_buf = buf;
    let (r, after) = t.prog_load(&b);
    assert_eq!(r, Err(errno::ENOSPC));
    assert_eq!(u32::from_le_bytes(after[140..144].try_into().unwrap()), 130);
}

#[test]
fn log_true_size_only_from_6_4() {
    let mut t = Fixture::at(release(6, 1));
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.log_level = BPF_LOG_LEVEL1;
    a.log_size = 256;
    a.log_buf = t.canary(256);
    let bytes = bytes_of(&a)[..t.rt.attr_size().min(144)].to_vec();
    let (r, after) = t.call_back(BPF_PROG_LOAD, &bytes);
    assert!(r.is_ok());
    assert_eq!(after, bytes);
}

#[test]
fn verifier_failures() {
    let mut t = Fixture::new();
    let cases: &[(&[[u8; 8]], i32, &str)] = &[
        (&[mov0(0), mov0(0)], errno::EINVAL, "last insn is not an exit or jmp\n"),
        (
            &[insn(0x05, 0, 0, 5, 0), mov0(0), EXIT],
            errno::EINVAL,
            "jump out of range from insn 0 to 6\n",
        ),
        (&[mov0(0), EXIT, mov0(0), EXIT], errno::EINVAL, "unreachable insn 2\n"),
        (&[insn(0xff, 0, 0, 0, 0), mov0(0), EXIT], errno::EINVAL, "unknown opcode ff\n"),
        (&[EXIT], errno::EACCES, "R0 !read_ok\n"),
        (
            &[insn(0x18, 1, 1, 0, 999), insn(0, 0, 0, 0, 0), mov0(0), EXIT],
            errno::EBADF,
            "fd 999 is not pointing to valid bpf_map\n",
        ),
        (
            &[insn(0x18, 1, 7, 0, 0), insn(0, 0, 0, 0, 0), mov0(0), EXIT],
            errno::EINVAL,
            "unrecognized bpf_ld_imm64 insn\n",
        ),
        (
            &[insn(0x18, 1, 0, 0, 0), insn(0, 1, 0, 0, 0), mov0(0), EXIT],
            errno::EINVAL,
            "invalid bpf_ld_imm64 insn\n",
        ),
    ];
    let buf = t.canary(512);
    for &(code, e, msg) in cases {
        let code = prog(code);
        let mut a = t.load_attr(&code);
        a.insn_cnt = (code.len() / 8) as u32;
        a.log_level = BPF_LOG_LEVEL1;
        a.log_size = 512;
        a.log_buf = buf;
        assert_eq!(t.prog_load(&a).0, Err(e), "{msg}");
        let log = t.mem.bytes(buf, msg.len()).unwrap();
        assert_eq!(log, msg.as_bytes());
    }
    assert!(t.no_prog());
}

#[test]
fn ld_imm64_map_fd_references_the_map() {
    let mut t = Fixture::new();
    // An fd that is a program, not a map: EINVAL.
    let p = t.load_ok(&prog(&[mov0(0), EXIT]));
    let code = prog(&[insn(0x18, 1, 1, 0, p as i32), insn(0, 0, 0, 0, 0), mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 4;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
}

#[test]
fn func_and_line_info() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    // Records without a BTF object: prog_btf_fd 0 is stdin, an open file
    // that is no BTF object: EINVAL, as the kernel; an fd that is not
    // open: EBADF; an fd of another kind of object: EINVAL.
    let rec = t.mem.alloc_bytes(&[0u8; 32]);
    a.func_info = rec;
    a.func_info_cnt = 1;
    a.func_info_rec_size = 8;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.prog_btf_fd = 1000;
    assert_eq!(t.prog_load(&a).0, Err(errno::EBADF));
    let p = t.load_ok(&code);
    a.prog_btf_fd = p;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
}

/// A BTF blob with `int` (1), a `FUNC_PROTO` returning it (2) and a
/// `FUNC` "main" (3); strings "\0main\0int\0f.c\0x\0".
fn btf_blob() -> Vec<u8> {
    let strs = b"\0main\0int\0f.c\0x\0";
    let mut types = Vec::new();
    for w in [6u32, 1 << 24, 4, 1 << 24 | 32, 0, 13 << 24, 1, 1, 12 << 24 | 1, 2] {
        types.extend_from_slice(&w.to_le_bytes());
    }
    let mut v = Vec::new();
    v.extend_from_slice(&0xeb9fu16.to_le_bytes());
    v.extend_from_slice(&[1, 0]);
    for w in [24u32, 0, types.len() as u32, types.len() as u32, strs.len() as u32] {
        v.extend_from_slice(&w.to_le_bytes());
    }
    v.extend_from_slice(&types);
    v.extend_from_slice(strs);
    v
}

/// Func and line info records, against the live kernel's answers.
#[test]
fn info_records() {
    let mut t = Fixture::new();
    let btf = t.btf_from(&btf_blob());
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.prog_btf_fd = btf;
    let logbuf = t.canary(256);
    a.log_level = BPF_LOG_LEVEL1;
    a.log_buf = logbuf;
    a.log_size = 256;
    let rec = |words: &[u32]| -> Vec<u8> { words.iter().flat_map(|w| w.to_le_bytes()).collect() };
    // func info: sizes below 8, over 252, not a multiple of 4.
    a.func_info = t.mem.alloc_bytes(&rec(&[0, 3, 0, 0, 0, 0]));
    a.func_info_cnt = 1;
    for (size, want) in
        [(4, errno::EINVAL), (10, errno::EINVAL), (256, errno::EINVAL), (8, 0), (12, 0), (24, 0)]
    {
        a.func_info_rec_size = size;
        let (r, after) = t.prog_load(&a);
        if want == 0 {
            let fd = r.unwrap() as u32;
            let mut input = zeroed_info();
            let out = t.canary(16);
            input.nr_func_info = 2;
            input.func_info_rec_size = 8;
            input.func_info = out;
            let (r, info, _) = t.obj_info(fd, &input, 232);
            assert_eq!((r, info.nr_func_info, info.btf_id), (Ok(0), 1, 1));
            assert_eq!(t.mem.bytes(out, 8).unwrap(), &rec(&[0, 3])[..]);
            assert!(t.untouched(out + 8, 8));
        } else {
            assert_eq!(r, Err(want), "{size}");
            let msg = format!("invalid func info rec size {size}\n");
            assert_eq!(t.mem.bytes(logbuf, msg.len()).unwrap(), msg.as_bytes());
            assert_eq!(&after[76..80], &size.to_le_bytes());
        }
    }
    // A non-zero byte past the known 8: E2BIG, and the known size written
    // back into func_info_rec_size.
    a.func_info = t.mem.alloc_bytes(&rec(&[0, 3, 1]));
    a.func_info_rec_size = 12;
    let (r, after) = t.prog_load(&a);
    assert_eq!(r, Err(errno::E2BIG));
    assert_eq!(&after[76..80], &8u32.to_le_bytes());
    let msg = b"nonzero tailing record in func infoprocessed 0 insns";
    assert_eq!(t.mem.bytes(logbuf, msg.len()).unwrap(), msg);
    // ... but a fault in that tail is EFAULT, and nothing written back.
    let tail = t.mem.alloc_bytes(&rec(&[0, 3]));
    a.func_info = tail;
    let (r, after) = t.prog_load(&a);
    assert_eq!(r, Err(errno::EFAULT));
    assert_eq!(&after[76..80], &12u32.to_le_bytes());
    // Offsets and types.
    a.func_info_rec_size = 8;
    for (words, cnt, msg) in [
        (&[1u32, 3][..], 1, "nonzero insn_off 1 for the first func info record"),
        (&[0, 3, 0, 3], 2, "same or smaller insn offset (0) than previous func info record (0)"),
        (&[0, 1], 1, "invalid type id 1 in func info"),
        (&[0, 99], 1, "invalid type id 99 in func info"),
        (&[0, 3, 1, 3], 2, "number of funcs in func_info doesn't match number of subprogs\n"),
    ] {
        a.func_info = t.mem.alloc_bytes(&rec(words));
        a.func_info_cnt = cnt;
        assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL), "{msg}");
        assert_eq!(t.mem.bytes(logbuf, msg.len()).unwrap(), msg.as_bytes());
    }
    // Line info.
    a.func_info_cnt = 0;
    a.func_info = 0;
    a.func_info_rec_size = 0;
    a.line_info_rec_size = 16;
    for (words, cnt, want, msg) in [
        (&[0u32, 6, 1, 0][..], 1, 0, ""),
        (&[1, 6, 1, 0], 1, errno::EINVAL, "missing bpf_line_info for func#0\n"),
        (
            &[0, 6, 1, 0, 0, 6, 1, 0],
            2,
            errno::EINVAL,
            "Invalid line_info[1].insn_off:0 (prev_offset:0 prog->len:2)\n",
        ),
        (
            &[0, 6, 1, 0, 2, 6, 1, 0],
            2,
            errno::EINVAL,
            "Invalid line_info[1].insn_off:2 (prev_offset:0 prog->len:2)\n",
        ),
        (&[0, 99, 1, 0], 1, errno::EINVAL, "Invalid line_info[0].line_off or .file_name_off\n"),
    ] {
        a.line_info = t.mem.alloc_bytes(&rec(words));
        a.line_info_cnt = cnt;
        let r = t.prog_load(&a).0;
        if want == 0 {
            assert!(r.is_ok());
        } else {
            assert_eq!(r, Err(want), "{msg}");
            assert_eq!(t.mem.bytes(logbuf, msg.len()).unwrap(), msg.as_bytes());
        }
    }
    a.line_info = t.mem.alloc_bytes(&rec(&[0, 6, 1, 0, 1]));
    a.line_info_cnt = 1;
    a.line_info_rec_size = 20;
    let (r, after) = t.prog_load(&a);
    assert_eq!(r, Err(errno::E2BIG));
    assert_eq!(&after[92..96], &16u32.to_le_bytes());
    a.line_info_rec_size = 8;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
}

#[test]
fn info_arrays() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let fd = t.load_ok(&code);
    let mut input = zeroed_info();
    // xlated: min(room, len) bytes, the true length back.
    let x = t.canary(64);
    input.xlated_prog_len = 8;
    input.xlated_prog_insns = x;
    let (r, info, _) = t.obj_info(fd, &input, 232);
    assert_eq!((r, info.xlated_prog_len), (Ok(0), 16));
    assert_eq!(t.mem.bytes(x, 8).unwrap(), &code[..8]);
    assert!(t.untouched(x + 8, 56));
    // prog_tags.
    let tags = t.canary(32);
    let mut input = zeroed_info();
    input.nr_prog_tags = 4;
    input.prog_tags = tags;
    let (_, info, _) = t.obj_info(fd, &input, 232);
    assert_eq!(info.nr_prog_tags, 1);
    assert_eq!(t.mem.bytes(tags, 8).unwrap(), info.tag);
    assert!(t.untouched(tags + 8, 24));
    // A bad pointer: EFAULT, and the caller's info untouched.
    input.prog_tags = 0x10;
    let (r, _, _) = t.obj_info(fd, &input, 232);
    assert_eq!(r, Err(errno::EFAULT));
    // Bad rec sizes: EINVAL.
    for (nr, size) in [(0, 7), (1, 0), (1, 9)] {
        let mut input = zeroed_info();
        input.nr_func_info = nr;
        input.func_info_rec_size = size;
        assert_eq!(t.obj_info(fd, &input, 232).0, Err(errno::EINVAL));
    }
    // No maps: nr_map_ids 0 and nothing written.
    let ids = t.canary(16);
    let mut input = zeroed_info();
    input.nr_map_ids = 4;
    input.map_ids = ids;
    let (_, info, _) = t.obj_info(fd, &input, 232);
    assert_eq!(info.nr_map_ids, 0);
    assert!(t.untouched(ids, 16));
    // Tail padding is an unknown field: E2BIG, nothing written.
    let mut input = zeroed_info();
    input._pad_tail = 1 << 24;
    input.nr_prog_tags = 1;
    input.prog_tags = tags;
    let (r, _, len) = t.obj_info(fd, &input, 232);
    assert_eq!((r, len), (Err(errno::E2BIG), 232));
    // Fields the kernel does not set keep the caller's values.
    let mut input = zeroed_info();
    input.netns_ino = 77;
    assert_eq!(t.obj_info(fd, &input, 232).1.netns_ino, 77);
}

#[test]
fn info_at_an_older_level() {
    let mut t = Fixture::at(release(5, 0));
    let fd = t.load_ok(&prog(&[mov0(0), EXIT]));
    let (r, info, len) = t.obj_info(fd, &zeroed_info(), 232);
    assert_eq!((r, len), (Ok(0), 192));
    assert_eq!(info.run_cnt, 0);
    assert_eq!(info.tag, sha1::sha1(&prog(&[mov0(0), EXIT]))[..8]);
}

fn test_attr(t: &mut Fixture, fd: u32, data: &[u8]) -> (bpf_attr_test, u64) {
    let din = t.mem.alloc_bytes(data);
    let dout = t.canary(256);
    (
        bpf_attr_test {
            prog_fd: fd,
            data_size_in: data.len() as u32,
            data_in: din,
            data_out: dout,
            ..Default::default()
        },
        dout,
    )
}

fn words(after: &[u8]) -> (u32, u32) {
    (
        u32::from_le_bytes(after[4..8].try_into().unwrap()),
        u32::from_le_bytes(after[12..16].try_into().unwrap()),
    )
}

#[test]
fn test_run_skb_and_xdp() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(7), EXIT]);
    let sf = t.load_ok(&code);
    let pkt: Vec<u8> = (1..=40).collect();
    let (a, out) = test_attr(&mut t, sf, &pkt);
    let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
    assert_eq!(r, Ok(0));
    assert_eq!(words(&after), (7, 40));
    // A socket filter's packet comes back with a zeroed Ethernet header.
    let got = t.mem.bytes(out, 40).unwrap();
    assert_eq!(&got[..14], &[0; 14]);
    assert_eq!(&got[14..], &pkt[14..]);
    assert!(t.untouched(out + 40, 216));
    // data_size_out too small: copied up to it, ENOSPC, sizes written.
    let (mut a, out) = test_attr(&mut t, sf, &pkt);
    a.data_size_out = 10;
    let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
    assert_eq!(r, Err(errno::ENOSPC));
    assert_eq!(words(&after), (7, 40));
    assert!(t.untouched(out + 10, 246));
    // Sizes out of range, flags: EINVAL and nothing written.
    for (len, flags) in [(13usize, 0u32), (3713, 0), (40, 1), (40, BPF_F_TEST_XDP_LIVE_FRAMES)] {
        let data = vec![1u8; len];
        let (mut a, out) = test_attr(&mut t, sf, &data);
        a.flags = flags;
        let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
        assert_eq!(r, Err(errno::EINVAL), "{len} {flags}");
        assert_eq!(after, bytes_of(&a));
        assert!(t.untouched(out, 256));
    }
    // XDP: the packet as is.
    let mut la = t.load_attr(&code);
    la.insn_cnt = 2;
    la.prog_type = BPF_PROG_TYPE_XDP;
    let xdp = t.prog_load(&la).0.unwrap() as u32;
    let (a, out) = test_attr(&mut t, xdp, &pkt);
    let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
    assert_eq!((r, words(&after)), (Ok(0), (7, 40)));
    assert_eq!(t.mem.bytes(out, 40).unwrap(), &pkt[..]);
    // A kprobe has no test run: ENOTSUPP.
    la.prog_type = BPF_PROG_TYPE_KPROBE;
    let kp = t.prog_load(&la).0.unwrap() as u32;
    let (a, _) = test_attr(&mut t, kp, &pkt);
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(ENOTSUPP));
    // Bad fd, bad data pointer.
    let (mut a, _) = test_attr(&mut t, 99, &pkt);
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EBADF));
    a.prog_fd = sf;
    a.data_in = 0;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EFAULT));
}

#[test]
fn test_run_reads_the_packet() {
    let mut t = Fixture::new();
    // r0 = *(u8 *)(r1 + 0): the first byte the program sees.
    let code = prog(&[insn(0x71, 0, 1, 0, 0), EXIT]);
    let mut la = t.load_attr(&code);
    la.insn_cnt = 2;
    la.prog_type = BPF_PROG_TYPE_SCHED_CLS; // sees the Ethernet header
    let tc = t.prog_load(&la).0.unwrap() as u32;
    let pkt: Vec<u8> = (1..=40).collect();
    let (a, _) = test_attr(&mut t, tc, &pkt);
    let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
    assert_eq!((r, words(&after).0), (Ok(0), 1));
    // A read outside the packet and the stack faults (an absolute
    // address: a read just past the packet may land in the interpreter's
    // own stack allocation, which it allows).
    let code = prog(&[insn(0xb7, 2, 0, 0, 0x10), insn(0x71, 0, 2, 0, 0), EXIT]);
    let mut la = t.load_attr(&code);
    la.insn_cnt = 3;
    let sf = t.prog_load(&la).0.unwrap() as u32;
    let (a, out) = test_attr(&mut t, sf, &pkt);
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EFAULT));
    assert!(t.untouched(out, 256));
}

#[test]
fn test_run_ctx() {
    let mut t = Fixture::new();
    let sf = t.load_ok(&prog(&[mov0(7), EXIT]));
    let pkt: Vec<u8> = (1..=40).collect();
    // ctx_out only: the kernel's __sk_buff with ifindex 1 and wire_len.
    let (mut a, _) = test_attr(&mut t, sf, &pkt);
    let cout = t.canary(256);
    a.ctx_out = cout;
    a.ctx_size_out = 256;
    let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
    assert_eq!(r, Ok(0));
    assert_eq!(u32::from_le_bytes(after[44..48].try_into().unwrap()), 192);
    let ctx = t.mem.bytes(cout, 192).unwrap();
    assert_eq!(&ctx[40..44], &1u32.to_le_bytes());
    assert_eq!(&ctx[160..164], &26u32.to_le_bytes());
    assert!(t.untouched(cout + 192, 64));
    // Size without pointer: EINVAL.
    a.ctx_out = 0;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EINVAL));
    // A field the kernel does not accept; a non-zero tail.
    let mut bad = vec![0u8; 200];
    bad[0] = 1; // __sk_buff.len
    let (mut a, _) = test_attr(&mut t, sf, &pkt);
    a.ctx_in = t.mem.alloc_bytes(&bad);
    a.ctx_size_in = 192;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EINVAL));
    bad[0] = 0;
    bad[196] = 1;
    a.ctx_in = t.mem.alloc_bytes(&bad);
    a.ctx_size_in = 200;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::E2BIG));
}

#[test]
fn bind_map_rules() {
    let mut t = Fixture::new();
    let p = t.load_ok(&prog(&[mov0(0), EXIT]));
    let a = bpf_attr_prog_bind_map { prog_fd: p, map_fd: p, flags: 0 };
    assert_eq!(t.call_attr(BPF_PROG_BIND_MAP, &a), Err(errno::EINVAL));
    let a = bpf_attr_prog_bind_map { prog_fd: 99, map_fd: p, flags: 0 };
    assert_eq!(t.call_attr(BPF_PROG_BIND_MAP, &a), Err(errno::EBADF));
    let a = bpf_attr_prog_bind_map { prog_fd: p, map_fd: p, flags: 1 };
    assert_eq!(t.call_attr(BPF_PROG_BIND_MAP, &a), Err(errno::EINVAL));
}

#[test]
fn stats_count_runs_while_an_fd_is_open() {
    let mut t = Fixture::new();
    let sf = t.load_ok(&prog(&[mov0(7), EXIT]));
    let pkt: Vec<u8> = (1..=40).collect();
    let bad = bpf_attr_enable_stats { r#type: 1 };
    assert_eq!(t.call_attr(extensible_abi_bpf::attr::BPF_ENABLE_STATS, &bad), Err(errno::EINVAL));
    let on = bpf_attr_enable_stats { r#type: BPF_STATS_RUN_TIME };
    let stats = t.call_attr(extensible_abi_bpf::attr::BPF_ENABLE_STATS, &on).unwrap() as u32;
    // The stats fd is no bpf object.
    assert_eq!(t.obj_info(stats, &zeroed_info(), 232).0, Err(errno::EINVAL));
    let (mut a, _) = test_attr(&mut t, sf, &pkt);
    a.repeat = 5;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Ok(0));
    assert_eq!(t.obj_info(sf, &zeroed_info(), 232).1.run_cnt, 5);
    t.rt.close(stats as i32).unwrap();
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Ok(0));
    assert_eq!(t.obj_info(sf, &zeroed_info(), 232).1.run_cnt, 5);
    // Without stats, nothing was counted before either.
    let other = t.load_ok(&prog(&[mov0(7), EXIT]));
    a.prog_fd = other;
    t.call_attr(BPF_PROG_TEST_RUN, &a).unwrap();
    assert_eq!(t.obj_info(other, &zeroed_info(), 232).1.run_cnt, 0);
}

#[test]
fn query_targets() {
    let mut t = Fixture::new();
    let p = t.load_ok(&prog(&[mov0(0), EXIT]));
    let q = |target: u32, attach_type: u32, attach_flags: u32| bpf_attr_query {
        target_fd: target,
        attach_type,
        attach_flags,
        revision: 0xdddd,
        ..Default::default()
    };
    let cmd = extensible_abi_bpf::attr::BPF_PROG_QUERY;
    for (target, ty, want) in [
        (p, BPF_CGROUP_INET_INGRESS, errno::EBADF),
        (99, BPF_FLOW_DISSECTOR, errno::EBADF), // closed fd
        (p, BPF_SK_LOOKUP, errno::EINVAL),      // not a netns
        (p, BPF_SK_MSG_VERDICT, errno::EINVAL), // not a map
        (p, BPF_XDP, errno::EINVAL),            // XDP has no query
        (LO_IFINDEX, BPF_NETKIT_PRIMARY, errno::EINVAL),
        (5, BPF_TCX_INGRESS, errno::ENODEV), // a device that is not there
    ] {
        let a = q(target, ty, 0);
        let (r, after) = t.call_back(cmd, bytes_of(&a));
        assert_eq!(r, Err(want), "{ty}");
        assert_eq!(after, bytes_of(&a));
    }
    // tcx on the loopback: nothing attached, revision 1.
    let a = q(LO_IFINDEX, BPF_TCX_INGRESS, 0);
    let (r, after) = t.call_back(cmd, bytes_of(&a));
    assert_eq!(r, Ok(0));
    assert_eq!(u64::from_le_bytes(after[56..64].try_into().unwrap()), 1);
    assert_eq!(&after[24..28], &[0; 4]);
    assert_eq!(t.call_attr(cmd, &q(LO_IFINDEX, BPF_TCX_INGRESS, 1)), Err(errno::EINVAL));
    let mut flags = q(LO_IFINDEX, BPF_TCX_INGRESS, 0);
    flags.query_flags = 2;
    assert_eq!(t.call_attr(cmd, &flags), Err(errno::EINVAL));
}

#[test]
fn signatures_and_attach_targets() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), EXIT]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.attach_btf_id = 1;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.attach_btf_id = 0;
    let p = t.load_ok(&code);
    a.attach_prog_fd = p;
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    a.attach_prog_fd = 0;
    // Signatures, as the live 6.18 kernel answers them.
    let sig = t.mem.alloc_bytes(&[0x30; 64]);
    for (ptr, size, keyring, want) in [
        (sig, 64, 0, errno::EOPNOTSUPP),
        (sig, 64, 2, errno::EOPNOTSUPP),
        (sig, 64, 3, errno::EINVAL),
        (0x10, 8, 0, errno::ENOMEM),
        (sig, 8193, 0, errno::EINVAL),
    ] {
        a.signature = ptr;
        a.signature_size = size;
        a.keyring_id = keyring;
        assert_eq!(t.prog_load(&a).0, Err(want), "{size} {keyring}");
    }
    assert!(!t.no_prog());
}

#[test]
fn stream_read() {
    let mut t = Fixture::new();
    let p = t.load_ok(&prog(&[mov0(0), EXIT]));
    let cmd = extensible_abi_bpf::attr::BPF_PROG_STREAM_READ_BY_FD;
    let s = |fd: u32, id: u32| extensible_abi_bpf::attr::bpf_attr_prog_stream_read {
        stream_buf: 0x10,
        stream_buf_len: 64,
        stream_id: id,
        prog_fd: fd,
        _pad_tail: 0,
    };
    assert_eq!(t.call_attr(cmd, &s(p, BPF_STREAM_STDOUT)), Ok(0));
    assert_eq!(t.call_attr(cmd, &s(p, BPF_STREAM_STDERR)), Ok(0));
    assert_eq!(t.call_attr(cmd, &s(p, 3)), Err(errno::ENOENT));
    assert_eq!(t.call_attr(cmd, &s(99, 1)), Err(errno::EBADF));
}

fn ldmap(fd: u32, src: u8, off: i32) -> [[u8; 8]; 2] {
    [insn(0x18, 1, src, 0, fd as i32), insn(0, 0, 0, 0, off)]
}

/// Map references, direct value loads, the dump and the tag, as the live
/// 6.18 kernel answers them.
#[test]
fn map_references() {
    let mut t = Fixture::new();
    let arr1 = t.map(BPF_MAP_TYPE_ARRAY, 8, 1);
    let arr2 = t.map(BPF_MAP_TYPE_ARRAY, 8, 2);
    let hash = t.map(BPF_MAP_TYPE_HASH, 8, 1);
    let buf = t.canary(256);
    let try_load = |t: &mut Fixture, code: Vec<u8>| -> (Result<i64, i32>, Vec<u8>) {
        let mut a = t.load_attr(&code);
        a.insn_cnt = (code.len() / 8) as u32;
        a.log_level = BPF_LOG_LEVEL1;
        a.log_size = 256;
        a.log_buf = buf;
        let r = t.prog_load(&a).0;
        (r, t.mem.bytes(buf, 64).unwrap().to_vec())
    };
    for (fd, off, want, msg) in [
        (arr1, 0, Ok(()), ""),
        (arr1, 4, Ok(()), ""),
        (arr1, 8, Err(errno::EINVAL), "invalid access to map value pointer, value_size=8 off=8\n"),
        (arr2, 0, Err(ENOTSUPP), "invalid access to map value pointer, value_size=8 off=0\n"),
        (hash, 0, Err(errno::EINVAL), "no direct value access support for this map type\n"),
        (arr1, 1 << 29, Err(errno::EINVAL), "direct value offset of 536870912 is not allowed\n"),
    ] {
        let code = [&ldmap(fd, 2, off)[..], &[mov0(0), EXIT]].concat().concat();
        let (r, log) = try_load(&mut t, code);
        match want {
            Ok(()) => assert!(r.is_ok(), "{fd} {off}"),
            Err(e) => {
                assert_eq!(r, Err(e), "{msg}");
                assert_eq!(&log[..msg.len()], msg.as_bytes());
            }
        }
    }
    // Three loads of two maps: two map ids, in first-use order; the dump
    // carries the ids; the tag ignores the fds.
    let code = [&ldmap(arr1, 1, 0)[..], &ldmap(hash, 1, 0), &ldmap(arr1, 1, 0), &[mov0(0), EXIT]]
        .concat()
        .concat();
    let (r, _) = try_load(&mut t, code.clone());
    let fd = r.unwrap() as u32;
    let ids = t.canary(16);
    let x = t.canary(64);
    let mut input = zeroed_info();
    input.nr_map_ids = 4;
    input.map_ids = ids;
    input.xlated_prog_len = 64;
    input.xlated_prog_insns = x;
    let (r, info, _) = t.obj_info(fd, &input, 232);
    assert_eq!((r, info.nr_map_ids, info.xlated_prog_len, info.verified_insns), (Ok(0), 2, 64, 5));
    let id_of = |t: &mut Fixture, map: u32| {
        let zeroed: extensible_abi_bpf::info::bpf_map_info = extensible_abi::zeroed();
        let (r, info, _) = t.obj_info(map, &zeroed, 80);
        r.unwrap();
        info.id
    };
    let (id1, id2) = (id_of(&mut t, arr1), id_of(&mut t, hash));
    assert_eq!(t.mem.bytes(ids, 8).unwrap(), [id1.to_le_bytes(), id2.to_le_bytes()].concat());
    assert!(t.untouched(ids + 8, 8));
    let xl = t.mem.bytes(x, 64).unwrap().to_vec();
    assert_eq!(&xl[4..8], &id1.to_le_bytes());
    assert_eq!(&xl[20..24], &id2.to_le_bytes());
    assert_eq!(&xl[48..64], &code[48..64]);
    let zero =
        [&ldmap(0, 1, 0)[..], &ldmap(0, 1, 0), &ldmap(0, 1, 0), &[mov0(0), EXIT]].concat().concat();
    assert_eq!(info.tag, sha256::sha256(&zero)[..8]);
    // A small nr_map_ids: that many ids, the true count back.
    let ids = t.canary(16);
    let mut input = zeroed_info();
    input.nr_map_ids = 1;
    input.map_ids = ids;
    assert_eq!(t.obj_info(fd, &input, 232).1.nr_map_ids, 2);
    assert!(t.untouched(ids + 4, 12));
    // BPF_PROG_BIND_MAP adds a map once.
    let p = t.load_ok(&prog(&[mov0(0), EXIT]));
    for _ in 0..2 {
        let a = bpf_attr_prog_bind_map { prog_fd: p, map_fd: arr2, flags: 0 };
        assert_eq!(t.call_attr(BPF_PROG_BIND_MAP, &a), Ok(0));
    }
    let mut input = zeroed_info();
    input.nr_map_ids = 1;
    input.map_ids = t.canary(4);
    assert_eq!(t.obj_info(p, &input, 232).1.nr_map_ids, 1);
}

/// A map made for one program (`excl_prog_hash`, 6.18): only the program
/// whose SHA-256 digest it names may use it.
#[test]
fn exclusive_maps() {
    let mut t = Fixture::new();
    let code = |fd: u32, r0: i32| [&ldmap(fd, 1, 0)[..], &[mov0(r0), EXIT]].concat().concat();
    let digest = sha256::sha256(&code(0, 0));
    let hash = t.mem.alloc_bytes(&digest);
    let a = extensible_abi_bpf::attr::bpf_attr_map_create {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 8,
        max_entries: 1,
        excl_prog_hash: hash,
        excl_prog_hash_size: 32,
        ..Default::default()
    };
    let map = t.call_attr(extensible_abi_bpf::attr::BPF_MAP_CREATE, &a).unwrap() as u32;
    let ok = code(map, 0);
    let mut la = t.load_attr(&ok);
    la.insn_cnt = 4;
    assert!(t.prog_load(&la).0.is_ok());
    let other = code(map, 1);
    let mut la = t.load_attr(&other);
    la.insn_cnt = 4;
    let buf = t.canary(256);
    la.log_level = BPF_LOG_LEVEL1;
    la.log_size = 256;
    la.log_buf = buf;
    assert_eq!(t.prog_load(&la).0, Err(errno::EACCES));
    let msg = b"program's hash doesn't match map's excl_prog_hash\n";
    assert_eq!(t.mem.bytes(buf, msg.len()).unwrap(), msg);
}

#[test]
fn log_level_2_lists_the_function() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(0), mov0(0)]);
    let mut a = t.load_attr(&code);
    a.insn_cnt = 2;
    a.log_level = BPF_LOG_LEVEL2;
    a.log_size = 256;
    a.log_buf = t.canary(256);
    assert_eq!(t.prog_load(&a).0, Err(errno::EINVAL));
    let want = b"func#0 @0\nlast insn is not an exit or jmp\nprocessed 0 insns";
    assert_eq!(t.mem.bytes(a.log_buf, want.len()).unwrap(), want);
}

/// XDP packets past the linear 3520 bytes: fragments, and the kernel's
/// way of copying them back (measured on 6.18: with `data_size_out` 1000
/// of a 4096-byte packet, bytes 424..1000 of the output are the 576-byte
/// fragment; under 576, `ENOSPC` with nothing written).
#[test]
fn xdp_fragments() {
    let mut t = Fixture::new();
    let code = prog(&[mov0(7), EXIT]);
    let mut la = t.load_attr(&code);
    la.insn_cnt = 2;
    la.prog_type = BPF_PROG_TYPE_XDP;
    let xdp = t.prog_load(&la).0.unwrap() as u32;
    let pkt: Vec<u8> = (0..4096u32).map(|i| (i * 7) as u8).collect();
    for (size_out, result, written) in [
        (0u32, Ok(0), true),
        (5000, Ok(0), true),
        (1000, Err(errno::ENOSPC), true),
        (576, Err(errno::ENOSPC), true),
        (575, Err(errno::ENOSPC), false),
    ] {
        let din = t.mem.alloc_bytes(&pkt);
        let dout = t.canary(8192);
        let a = bpf_attr_test {
            prog_fd: xdp,
            retval: 0xdead,
            data_size_in: 4096,
            data_size_out: size_out,
            data_in: din,
            data_out: dout,
            ..Default::default()
        };
        let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
        assert_eq!(r, result, "{size_out}");
        let out = t.mem.bytes(dout, 8192).unwrap().to_vec();
        if !written {
            assert_eq!(after, bytes_of(&a));
            assert!(t.untouched(dout, 8192));
            continue;
        }
        assert_eq!(words(&after), (7, 4096));
        match size_out {
            0 | 5000 => assert_eq!(&out[..4096], &pkt[..]),
            1000 => {
                assert_eq!(&out[..424], &pkt[..424]);
                assert_eq!(&out[424..1000], &pkt[3520..]);
            }
            _ => assert_eq!(&out[..576], &pkt[3520..]),
        }
        let end = if size_out == 0 { 4096 } else { size_out.min(4096) as usize };
        assert!(out[end..].iter().all(|&b| b == CANARY));
    }
    // More than 17 fragments: ENOMEM.
    let big = vec![1u8; 3520 + 17 * 4096 + 1];
    let din = t.mem.alloc_bytes(&big);
    let a = bpf_attr_test {
        prog_fd: xdp,
        data_size_in: big.len() as u32,
        data_in: din,
        ..Default::default()
    };
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::ENOMEM));
}

/// XDP contexts and live frames, as measured on 6.18.
#[test]
fn xdp_ctx_and_live_frames() {
    let mut t = Fixture::new();
    // r0 = *(u8 *)(r1 + 0): the first byte the program sees.
    let code = prog(&[insn(0x71, 0, 1, 0, 0), EXIT]);
    let mut la = t.load_attr(&code);
    la.insn_cnt = 2;
    la.prog_type = BPF_PROG_TYPE_XDP;
    let xdp = t.prog_load(&la).0.unwrap() as u32;
    let pkt: Vec<u8> = (1..=40).collect();
    let ctx = |w: [u32; 6]| -> Vec<u8> { w.iter().flat_map(|x| x.to_le_bytes()).collect() };
    for (md, flags, want) in [
        ([0, 0, 0, 0, 0, 0], 0, Ok(1)),
        ([0, 30, 0, 0, 0, 0], 0, Ok(1)),
        ([4, 40, 0, 0, 0, 0], 0, Ok(5)), // 4 bytes of metadata first
        ([0, 41, 0, 0, 0, 0], 0, Err(errno::EINVAL)),
        ([8, 4, 0, 0, 0, 0], 0, Err(errno::EINVAL)),
        ([3, 40, 0, 0, 0, 0], 0, Err(errno::EINVAL)),
        ([4, 40, 4, 0, 0, 0], 0, Err(errno::EINVAL)),
        ([0, 40, 0, 1, 0, 0], 0, Ok(1)),
        ([0, 40, 0, 2, 0, 0], 0, Err(errno::ENODEV)),
        ([0, 40, 0, 1, 1, 0], 0, Err(errno::EINVAL)),
        ([0, 40, 0, 0, 0, 1], 0, Err(errno::EINVAL)),
        ([0, 0, 0, 0, 0, 0], BPF_F_TEST_XDP_LIVE_FRAMES, Err(errno::EINVAL)),
        ([0, 40, 0, 0, 0, 0], BPF_F_TEST_XDP_LIVE_FRAMES, Ok(0)),
    ] {
        let (mut a, _) = test_attr(&mut t, xdp, &pkt);
        if flags != 0 {
            a.data_out = 0;
        }
        a.flags = flags;
        a.ctx_in = t.mem.alloc_bytes(&ctx(md));
        a.ctx_size_in = 24;
        let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
        match want {
            Ok(retval) => assert_eq!((r, words(&after)), (Ok(0), (retval, 40)), "{md:?}"),
            Err(e) => assert_eq!(r, Err(e), "{md:?}"),
        }
    }
    // Live frames: batch_size bounds, size bound, retval 0.
    for (batch, size, want) in [
        (256, 40, Ok(0)),
        (257, 40, Err(errno::E2BIG)),
        (0, 3408, Ok(0)),
        (0, 3409, Err(errno::EINVAL)),
    ] {
        let data = vec![1u8; size];
        let (mut a, out) = test_attr(&mut t, xdp, &data);
        a.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
        a.batch_size = batch;
        a.repeat = 3;
        if size > 256 {
            a.data_out = 0;
        }
        let (r, after) = t.call_back(BPF_PROG_TEST_RUN, bytes_of(&a));
        assert_eq!(r, want.map(i64::from), "{batch} {size}");
        if want.is_ok() {
            assert_eq!(words(&after), (0, size as u32));
            if size <= 256 {
                assert!(t.mem.bytes(out, size).unwrap().iter().all(|&b| b == 1));
            }
        }
    }
    let (mut a, _) = test_attr(&mut t, xdp, &pkt);
    a.batch_size = 1;
    assert_eq!(t.call_attr(BPF_PROG_TEST_RUN, &a), Err(errno::EINVAL));
}

/// Random attrs and random programs: every command answers, none panics,
/// and a failed load leaves no program behind.
#[test]
fn random_inputs_do_not_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut t = Fixture::new();
    let map = t.map(BPF_MAP_TYPE_ARRAY, 8, 1);
    let mut loaded = 0;
    let mut ran = 0;
    // Under Miri a few dozen rounds: each one loads, runs and queries.
    let rounds = if cfg!(miri) { 40 } else { 3000 };
    for round in 0..rounds {
        // A random short program, biased to valid opcodes and registers.
        let n = (next() % 6) as usize;
        let mut code = Vec::new();
        for _ in 0..n {
            let ops = [
                0xb7u8, 0xbf, 0x07, 0x15, 0x05, 0x95, 0x18, 0x00, 0x71, 0x61, 0x63, 0x85, 0x30,
                0x06, 0xff,
            ];
            let r = next();
            code.extend_from_slice(&insn(
                ops[(r % ops.len() as u64) as usize],
                ((r >> 8) % 12) as u8,
                ((r >> 12) % 3) as u8,
                ((r >> 16) % 5) as i16 - 2,
                if r >> 40 & 1 == 0 { map as i32 } else { (r >> 32) as i32 % 64 },
            ));
        }
        if next() % 8 != 0 {
            code.extend_from_slice(&[mov0((next() % 3) as i32), EXIT].concat());
        }
        let mut a = t.load_attr(&code);
        a.insn_cnt = (code.len() / 8) as u32;
        a.prog_type = [
            BPF_PROG_TYPE_SOCKET_FILTER,
            BPF_PROG_TYPE_SCHED_CLS,
            BPF_PROG_TYPE_XDP,
            BPF_PROG_TYPE_KPROBE,
        ][(next() % 4) as usize];
        if next() % 2 == 0 {
            a.log_level = BPF_LOG_LEVEL1;
            a.log_size = (next() % 300) as u32;
            a.log_buf = t.canary(300);
        }
        let before = t.no_prog();
        if let Ok(fd) = t.prog_load(&a).0 {
            let pkt: Vec<u8> = (0..(next() % 80) as u8).collect();
            let (mut ta, _) = test_attr(&mut t, fd as u32, &pkt);
            ta.repeat = (next() % 3) as u32;
            ta.data_size_out = (next() % 64) as u32;
            loaded += 1;
            ran += usize::from(t.call_attr(BPF_PROG_TEST_RUN, &ta).is_ok());
            let _ = t.obj_info(fd as u32, &zeroed_info(), (next() % 240) as u32);
            t.rt.close(fd as i32).unwrap();
        } else {
            assert_eq!(t.no_prog(), before, "round {round}");
        }
        // Raw random attrs for every program command.
        let mut raw = [0u8; 168];
        for b in raw.iter_mut() {
            *b = if next() % 4 == 0 { next() as u8 } else { 0 };
        }
        for cmd in [
            BPF_PROG_LOAD,
            BPF_PROG_TEST_RUN,
            BPF_PROG_BIND_MAP,
            extensible_abi_bpf::attr::BPF_PROG_QUERY,
            extensible_abi_bpf::attr::BPF_PROG_STREAM_READ_BY_FD,
        ] {
            let _ = t.call(cmd, &raw[..(next() % 169) as usize]);
        }
    }
    // The generator reaches the loader's and the interpreter's success
    // paths too.
    // (50 and 10 of 3000 rounds; in proportion under Miri.)
    assert!(loaded * 60 > rounds && ran * 300 > rounds, "{loaded} loaded, {ran} ran");
}

/// Level-2 logs of programs the runtime accepts (or refuses in
/// `do_check`), byte for byte as Linux 6.18 writes them (taken from the
/// live kernel with the same programs, socket filters, log_size 65536).
#[test]
fn log_level_2_matches_the_kernel() {
    type Case = (&'static str, Vec<u8>, Result<(), i32>, &'static str);
    let cases: &[Case] = &[
        (
            "ret0",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 0\n\
\x20     1: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 0                        ; R0=0\n\
1: (95) exit\n\
processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "constbranch",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x15, 0, 0, 1, 0), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 0\n\
\x20     1: 0......... (15) if r0 == 0x0 goto pc+1\n\
\x20     2: .......... (b7) r0 = 1\n\
\x20     3: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 0                        ; R0=0\n\
1: (15) if r0 == 0x0 goto pc+1\n\
mark_precise: frame0: last_idx 1 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = 0\n\
1: R0=0\n\
3: (95) exit\n\
processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "r1branch",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x15, 1, 0, 1, 0), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1........ (b7) r0 = 0\n\
\x20     1: 01........ (15) if r1 == 0x0 goto pc+1\n\
\x20     2: .......... (b7) r0 = 1\n\
\x20     3: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 0                        ; R0=0\n\
1: (15) if r1 == 0x0 goto pc+1        ; R1=ctx()\n\
2: (b7) r0 = 1                        ; R0=1\n\
3: (95) exit\n\
\n\
from 1 to 3: R0=0 R1=ctx() R10=fp0\n\
3: R0=0 R1=ctx() R10=fp0\n\
3: (95) exit\n\
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "nums",
            prog(&[insn(0xb7, 0, 0, 0, 1000), insn(0xb7, 0, 0, 0, 1024), insn(0xb7, 0, 0, 0, 1025), insn(0xb7, 0, 0, 0, 65535), insn(0xb7, 0, 0, 0, 65536), insn(0xb7, 0, 0, 0, 100000), insn(0xb7, 0, 0, 0, -1), insn(0xb7, 0, 0, 0, -512), insn(0xb7, 0, 0, 0, -513), insn(0xb7, 0, 0, 0, -1000), insn(0xb7, 0, 0, 0, -65536), insn(0xb7, 0, 0, 0, -65537), insn(0xb7, 0, 0, 0, 2147483647), insn(0xb7, 0, 0, 0, -2147483648), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 1000\n\
\x20     1: .......... (b7) r0 = 1024\n\
\x20     2: .......... (b7) r0 = 1025\n\
\x20     3: .......... (b7) r0 = 65535\n\
\x20     4: .......... (b7) r0 = 65536\n\
\x20     5: .......... (b7) r0 = 100000\n\
\x20     6: .......... (b7) r0 = -1\n\
\x20     7: .......... (b7) r0 = -512\n\
\x20     8: .......... (b7) r0 = -513\n\
\x20     9: .......... (b7) r0 = -1000\n\
\x20    10: .......... (b7) r0 = -65536\n\
\x20    11: .......... (b7) r0 = -65537\n\
\x20    12: .......... (b7) r0 = 2147483647\n\
\x20    13: .......... (b7) r0 = -2147483648\n\
\x20    14: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 1000                     ; R0=1000\n\
1: (b7) r0 = 1024                     ; R0=1024\n\
2: (b7) r0 = 1025                     ; R0=1025\n\
3: (b7) r0 = 65535                    ; R0=0xffff\n\
4: (b7) r0 = 65536                    ; R0=0x10000\n\
5: (b7) r0 = 100000                   ; R0=0x186a0\n\
6: (b7) r0 = -1                       ; R0=-1\n\
7: (b7) r0 = -512                     ; R0=-512\n\
8: (b7) r0 = -513                     ; R0=-513\n\
9: (b7) r0 = -1000                    ; R0=-1000\n\
10: (b7) r0 = -65536                  ; R0=0xffffffffffff0000\n\
11: (b7) r0 = -65537                  ; R0=0xfffffffffffeffff\n\
12: (b7) r0 = 2147483647              ; R0=0x7fffffff\n\
13: (b7) r0 = -2147483648             ; R0=0xffffffff80000000\n\
14: (95) exit\n\
processed 15 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "jmpx",
            prog(&[insn(0xb7, 0, 0, 0, 600), insn(0xb7, 2, 0, 0, 3), insn(0x2d, 0, 2, 1, 0), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 600\n\
\x20     1: 0......... (b7) r2 = 3\n\
\x20     2: 0.2....... (2d) if r0 > r2 goto pc+1\n\
\x20     3: .......... (b7) r0 = 1\n\
\x20     4: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 600                      ; R0=600\n\
1: (b7) r2 = 3                        ; R2=3\n\
2: (2d) if r0 > r2 goto pc+1\n\
mark_precise: frame0: last_idx 2 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 1: (b7) r2 = 3\n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = 600\n\
mark_precise: frame0: last_idx 2 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r2 stack= before 1: (b7) r2 = 3\n\
2: R0=600 R2=3\n\
4: (95) exit\n\
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "err",
            prog(&[insn(0xb7, 2, 0, 0, 3), insn(0x95, 0, 0, 0, 0)]),
            Err(errno::EACCES),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: 0......... (b7) r2 = 3\n\
\x20     1: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r2 = 3                        ; R2=3\n\
1: (95) exit\n\
R0 !read_ok\n\
processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "alu",
            prog(&[insn(0xb7, 0, 0, 0, 1), insn(0x67, 0, 0, 0, 3), insn(0x57, 0, 0, 0, 255), insn(0x07, 0, 0, 0, 5), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 1\n\
\x20     1: 0......... (67) r0 <<= 3\n\
\x20     2: 0......... (57) r0 &= 255\n\
\x20     3: 0......... (07) r0 += 5\n\
\x20     4: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 1                        ; R0=1\n\
1: (67) r0 <<= 3                      ; R0=8\n\
2: (57) r0 &= 255                     ; R0=8\n\
3: (07) r0 += 5                       ; R0=13\n\
4: (95) exit\n\
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "ptrs",
            prog(&[insn(0xbf, 2, 10, 0, 0), insn(0x07, 2, 0, 0, -8), insn(0xb4, 0, 0, 0, -1), insn(0x18, 3, 0, 0, -1), insn(0x00, 0, 0, 0, 5), insn(0xbf, 4, 1, 0, 0), insn(0x07, 4, 0, 0, 8), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1........ (bf) r2 = r10\n\
\x20     1: .12....... (07) r2 += -8\n\
\x20     2: .1........ (b4) w0 = -1\n\
\x20     3: 01........ (18) r3 = 0x5ffffffff\n\
\x20     5: 01........ (bf) r4 = r1\n\
\x20     6: 0...4..... (07) r4 += 8\n\
\x20     7: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (bf) r2 = r10                      ; R2=fp0 R10=fp0\n\
1: (07) r2 += -8                      ; R2=fp-8\n\
2: (b4) w0 = -1                       ; R0=0xffffffff\n\
3: (18) r3 = 0x5ffffffff              ; R3=0x5ffffffff\n\
5: (bf) r4 = r1                       ; R1=ctx() R4=ctx()\n\
6: (07) r4 += 8                       ; R4=ctx(off=8)\n\
7: (95) exit\n\
processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "alu32",
            prog(&[insn(0xb4, 0, 0, 0, 7), insn(0x04, 0, 0, 0, -9), insn(0x74, 0, 0, 0, 1), insn(0xc4, 0, 0, 0, 1), insn(0xa4, 0, 0, 0, 3), insn(0xbc, 2, 0, 0, 0), insn(0x2c, 0, 2, 0, 0), insn(0x84, 0, 0, 0, 0), insn(0x87, 2, 0, 0, 0), insn(0x1f, 2, 0, 0, 0), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b4) w0 = 7\n\
\x20     1: 0......... (04) w0 += -9\n\
\x20     2: 0......... (74) w0 >>= 1\n\
\x20     3: 0......... (c4) w0 s>>= 1\n\
\x20     4: 0......... (a4) w0 ^= 3\n\
\x20     5: 0......... (bc) w2 = w0\n\
\x20     6: 0.2....... (2c) w0 *= w2\n\
\x20     7: 0.2....... (84) w0 = -w0\n\
\x20     8: 0.2....... (87) r2 = -r2\n\
\x20     9: 0.2....... (1f) r2 -= r0\n\
\x20    10: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b4) w0 = 7                        ; R0=7\n\
1: (04) w0 += -9                      ; R0=0xfffffffe\n\
2: (74) w0 >>= 1                      ; R0=0x7fffffff\n\
3: (c4) w0 s>>= 1                     ; R0=0x3fffffff\n\
4: (a4) w0 ^= 3                       ; R0=0x3ffffffc\n\
5: (bc) w2 = w0                       ; R0=0x3ffffffc R2=0x3ffffffc\n\
6: (2c) w0 *= w2                      ; R0=16 R2=0x3ffffffc\n\
7: (84) w0 = -w0                      ; R0=0xfffffff0\n\
8: (87) r2 = -r2                      ; R2=0xffffffffc0000004\n\
9: (1f) r2 -= r0                      ; R0=0xfffffff0 R2=0xfffffffec0000014\n\
10: (95) exit\n\
processed 11 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "jset",
            prog(&[insn(0xb7, 0, 0, 0, 6), insn(0x45, 0, 0, 1, 1), insn(0x07, 0, 0, 0, 1), insn(0x56, 0, 0, 1, 7), insn(0x05, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 6\n\
\x20     1: 0......... (45) if r0 & 0x1 goto pc+1\n\
\x20     2: 0......... (07) r0 += 1\n\
\x20     3: 0......... (56) if w0 != 0x7 goto pc+1\n\
\x20     4: 0......... (05) goto pc+0\n\
\x20     5: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 6                        ; R0=6\n\
1: (45) if r0 & 0x1 goto pc+1\n\
mark_precise: frame0: last_idx 1 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = 6\n\
1: R0=6\n\
2: (07) r0 += 1                       ; R0=7\n\
3: (56) if w0 != 0x7 goto pc+1\n\
mark_precise: frame0: last_idx 3 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 2: (07) r0 += 1\n\
mark_precise: frame0: regs=r0 stack= before 1: (45) if r0 & 0x1 goto pc+1\n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = 6\n\
3: R0=7\n\
4: (05) goto pc+0\n\
5: (95) exit\n\
processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "jmp32const",
            prog(&[insn(0xb7, 0, 0, 0, -1), insn(0x16, 0, 0, 1, -1), insn(0xb7, 0, 0, 0, 1), insn(0x66, 0, 0, 1, 0), insn(0x95, 0, 0, 0, 0), insn(0xb4, 0, 0, 0, 2), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = -1\n\
\x20     1: 0......... (16) if w0 == 0xffffffff goto pc+1\n\
\x20     2: .......... (b7) r0 = 1\n\
\x20     3: 0......... (66) if w0 s> 0x0 goto pc+1\n\
\x20     4: 0......... (95) exit\n\
\x20     5: .......... (b4) w0 = 2\n\
\x20     6: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = -1                       ; R0=-1\n\
1: (16) if w0 == 0xffffffff goto pc+1\n\
mark_precise: frame0: last_idx 1 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = -1\n\
1: R0=-1\n\
3: (66) if w0 s> 0x0 goto pc+1\n\
mark_precise: frame0: last_idx 3 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r0 stack= before 1: (16) if w0 == 0xffffffff goto pc+1\n\
mark_precise: frame0: regs=r0 stack= before 0: (b7) r0 = -1\n\
3: R0=-1\n\
4: (95) exit\n\
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "gotos",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x05, 0, 0, 1, 0), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Err(errno::EINVAL),
            "func#0 @0\n\
unreachable insn 2\n\
processed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "failmid",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x15, 1, 0, 2, 0), insn(0xb7, 2, 0, 0, 1), insn(0x95, 0, 0, 0, 0), insn(0xbf, 0, 3, 0, 0), insn(0x95, 0, 0, 0, 0)]),
            Err(errno::EACCES),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1.3...... (b7) r0 = 0\n\
\x20     1: 01.3...... (15) if r1 == 0x0 goto pc+2\n\
\x20     2: 0......... (b7) r2 = 1\n\
\x20     3: 0......... (95) exit\n\
\x20     4: ...3...... (bf) r0 = r3\n\
\x20     5: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 0                        ; R0=0\n\
1: (15) if r1 == 0x0 goto pc+2        ; R1=ctx()\n\
2: (b7) r2 = 1                        ; R2=1\n\
3: (95) exit\n\
\n\
from 1 to 4: R0=0 R1=ctx() R10=fp0\n\
4: R0=0 R1=ctx() R10=fp0\n\
4: (bf) r0 = r3\n\
R3 !read_ok\n\
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "ldabs",
            prog(&[insn(0xbf, 6, 1, 0, 0), insn(0x30, 0, 0, 0, 0), insn(0x28, 0, 0, 0, 2), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: 012345.789 (bf) r6 = r1\n\
\x20     1: 0123456789 (30) r0 = *(u8 *)skb[0]\n\
\x20     2: 0123456789 (28) r0 = *(u16 *)skb[2]\n\
\x20     3: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (bf) r6 = r1                       ; R1=ctx() R6=ctx()\n\
1: (30) r0 = *(u8 *)skb[0]            ; R0=scalar() R6=ctx()\n\
2: (28) r0 = *(u16 *)skb[2]           ; R0=scalar() R6=ctx()\n\
3: (95) exit\n\
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "mul",
            prog(&[insn(0xb7, 0, 0, 0, 3), insn(0x27, 0, 0, 0, -5), insn(0xbf, 3, 0, 0, 0), insn(0x2f, 3, 0, 0, 0), insn(0x77, 3, 0, 0, 2), insn(0xc7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (b7) r0 = 3\n\
\x20     1: 0......... (27) r0 *= -5\n\
\x20     2: 0......... (bf) r3 = r0\n\
\x20     3: 0..3...... (2f) r3 *= r0\n\
\x20     4: 0..3...... (77) r3 >>= 2\n\
\x20     5: 0......... (c7) r0 s>>= 1\n\
\x20     6: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 3                        ; R0=3\n\
1: (27) r0 *= -5                      ; R0=-15\n\
2: (bf) r3 = r0                       ; R0=-15 R3=-15\n\
3: (2f) r3 *= r0                      ; R0=-15 R3=225\n\
4: (77) r3 >>= 2                      ; R3=56\n\
5: (c7) r0 s>>= 1                     ; R0=-8\n\
6: (95) exit\n\
processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "fpcmp",
            prog(&[insn(0xbf, 2, 10, 0, 0), insn(0x15, 2, 0, 1, 0), insn(0xb7, 0, 0, 0, 0), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .......... (bf) r2 = r10\n\
\x20     1: ..2....... (15) if r2 == 0x0 goto pc+1\n\
\x20     2: .......... (b7) r0 = 0\n\
\x20     3: .......... (b7) r0 = 1\n\
\x20     4: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (bf) r2 = r10                      ; R2=fp0 R10=fp0\n\
1: (15) if r2 == 0x0 goto pc+1        ; R2=fp0\n\
2: (b7) r0 = 0                        ; R0=0\n\
3: (b7) r0 = 1                        ; R0=1\n\
4: (95) exit\n\
\n\
from 1 to 3: R1=ctx() R2=fp0 R10=fp0\n\
3: R1=ctx() R2=fp0 R10=fp0\n\
3: (b7) r0 = 1                        ; R0=1\n\
4: (95) exit\n\
processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "ctxoff",
            prog(&[insn(0xb7, 0, 0, 0, 0), insn(0x61, 3, 1, 4, 0), insn(0x1d, 3, 3, 0, 0), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1........ (b7) r0 = 0\n\
\x20     1: 01........ (61) r3 = *(u32 *)(r1 +4)\n\
\x20     2: 0..3...... (1d) if r3 == r3 goto pc+0\n\
\x20     3: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (b7) r0 = 0                        ; R0=0\n\
1: (61) r3 = *(u32 *)(r1 +4)          ; R1=ctx() R3=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))\n\
2: (1d) if r3 == r3 goto pc+0         ; R3=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))\n\
3: (95) exit\n\
\n\
from 2 to 3: R0=0 R1=ctx() R3=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff)) R10=fp0\n\
3: R0=0 R1=ctx() R3=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff)) R10=fp0\n\
3: (95) exit\n\
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "u8eq300",
            prog(&[insn(0x71, 2, 1, 0, 0), insn(0xb7, 0, 0, 0, 0), insn(0x15, 2, 0, 1, 300), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1........ (71) r2 = *(u8 *)(r1 +0)\n\
\x20     1: ..2....... (b7) r0 = 0\n\
\x20     2: 0.2....... (15) if r2 == 0x12c goto pc+1\n\
\x20     3: .......... (b7) r0 = 1\n\
\x20     4: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (71) r2 = *(u8 *)(r1 +0)           ; R1=ctx() R2=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n\
1: (b7) r0 = 0                        ; R0=0\n\
2: (15) if r2 == 0x12c goto pc+1\n\
mark_precise: frame0: last_idx 2 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r2 stack= before 1: (b7) r0 = 0\n\
mark_precise: frame0: regs=r2 stack= before 0: (71) r2 = *(u8 *)(r1 +0)\n\
2: R2=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n\
3: (b7) r0 = 1                        ; R0=1\n\
4: (95) exit\n\
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "u8ne300",
            prog(&[insn(0x71, 2, 1, 0, 0), insn(0xb7, 0, 0, 0, 0), insn(0x55, 2, 0, 1, 300), insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: .1........ (71) r2 = *(u8 *)(r1 +0)\n\
\x20     1: ..2....... (b7) r0 = 0\n\
\x20     2: 0.2....... (55) if r2 != 0x12c goto pc+1\n\
\x20     3: .......... (b7) r0 = 1\n\
\x20     4: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (71) r2 = *(u8 *)(r1 +0)           ; R1=ctx() R2=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n\
1: (b7) r0 = 0                        ; R0=0\n\
2: (55) if r2 != 0x12c goto pc+1\n\
mark_precise: frame0: last_idx 2 first_idx 0 subseq_idx -1 \n\
mark_precise: frame0: regs=r2 stack= before 1: (b7) r0 = 0\n\
mark_precise: frame0: regs=r2 stack= before 0: (71) r2 = *(u8 *)(r1 +0)\n\
2: R2=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n\
4: (95) exit\n\
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
        (
            "ldind",
            prog(&[insn(0xbf, 6, 1, 0, 0), insn(0xb7, 2, 0, 0, 0), insn(0x50, 0, 2, 0, 1), insn(0x95, 0, 0, 0, 0)]),
            Ok(()),
            "func#0 @0\n\
Live regs before insn:\n\
\x20     0: 01.345.789 (bf) r6 = r1\n\
\x20     1: 01.3456789 (b7) r2 = 0\n\
\x20     2: 0123456789 (50) r0 = *(u8 *)skb[r2 + 1]\n\
\x20     3: 0......... (95) exit\n\
0: R1=ctx() R10=fp0\n\
0: (bf) r6 = r1                       ; R1=ctx() R6=ctx()\n\
1: (b7) r2 = 0                        ; R2=0\n\
2: (50) r0 = *(u8 *)skb[r2 + 1]       ; R0=scalar() R6=ctx()\n\
3: (95) exit\n\
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
        ),
    ];
    for (name, code, result, want) in cases {
        let mut t = Fixture::new();
        let mut a = t.load_attr(code);
        a.insn_cnt = (code.len() / 8) as u32;
        a.log_level = BPF_LOG_LEVEL2;
        a.log_size = 65536;
        a.log_buf = t.canary(65536);
        let (r, attr) = t.prog_load(&a);
        assert_eq!(r.map(|_| ()), *result, "{name}");
        let log = t.mem.bytes(a.log_buf, want.len() + 2).unwrap();
        assert_eq!(String::from_utf8_lossy(&log[..want.len()]), *want, "{name}");
        assert_eq!(&log[want.len()..], &[0, CANARY], "{name}");
        let true_size = u32::from_ne_bytes(attr[140..144].try_into().unwrap());
        assert_eq!(true_size as usize, want.len() + 1, "{name}");
    }
}

/// Level 2 with a short buffer: the newest bytes are kept (rotation), the
/// size the whole log needed is reported, and the load fails with ENOSPC
/// (measured on 6.18 with `r0 = 0; exit`: 271 bytes).
#[test]
fn log_level_2_short_buffer() {
    for (level, size, want) in [
        (BPF_LOG_LEVEL2, 128u32, &b"          ; R0=0\n1: (95) exit\nprocessed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"[..]),
        (BPF_LOG_LEVEL2 | BPF_LOG_FIXED, 128, &b"func#0 @0\nLive regs before insn:\n      0: .......... (b7) r0 = 0\n      1: 0......... (95) exit\n0: R1=ctx() R10=fp0\n0: (b7) r0 ="[..]),
    ] {
        let mut t = Fixture::new();
        let code = prog(&[mov0(0), EXIT]);
        let mut a = t.load_attr(&code);
        a.insn_cnt = 2;
        a.log_level = level;
        a.log_size = size;
        a.log_buf = t.canary(256);
        let (r, attr) = t.prog_load(&a);
        assert_eq!(r, Err(errno::ENOSPC));
        assert_eq!(t.mem.bytes(a.log_buf, want.len() + 2).unwrap(), [want, &[0, CANARY]].concat());
        assert_eq!(u32::from_ne_bytes(attr[140..144].try_into().unwrap()), 271);
    }
}
