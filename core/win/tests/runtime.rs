//! The runtime profile, case by case: every row of `Rule`'s tables, on
//! the direct API and on `bpf()`, each asserting the answer the facts
//! document for that rule (`win-facts.md` §2.2, §2.3, §3.2, §3.3), and the
//! objects themselves (maps with storage, programs and their map
//! references, links).

use extensible_abi::user::{self, SimMemory, UserMemory};
use extensible_abi::{bytes_of, zeroed, ExtensibleAbi};
use extensible_abi_win::consts::{cmd, errno, map_type, prog_type, EbpfResult};
use extensible_abi_win::guid::{attach_type, program_type};
use extensible_abi_win::history::bpf_prog_info_0_2;
use extensible_abi_win::next::{NEXT, NEXT_FIELD_VALUE};
use extensible_abi_win::sys::{
    sys_bpf_map_create_attr_t, sys_bpf_map_info_t, sys_bpf_obj_info_attr_t, sys_bpf_prog_info_t,
    sys_bpf_prog_load_attr_t,
};
use extensible_abi_win::{
    bpf_link_info, bpf_map_info, bpf_prog_info, release, Error, MapCreateOpts, Rule, Runtime,
    UNINITIALIZED,
};

const V1_5: u32 = release(1, 5);
const MAP_NAME: &[u8] = b"a_map_named_for_issue_4160";
/// `r0 = 0; exit`.
const RET0: [u64; 2] = [0x0000_0000_0000_00b7, 0x95];

fn map(rt: &Runtime) -> i32 {
    rt.map_create(map_type::ARRAY, MAP_NAME, 4, 8, 2, MapCreateOpts::default()).unwrap()
}

/// An `LDDW r1, map fd` pair (`src == 1`).
fn ld_map(fd: i32) -> [u64; 2] {
    [0x18 | 1 << 8 | 1 << 12 | u64::from(fd as u32) << 32, 0]
}

/// A program using the maps `fds` (each loaded by an `LDDW`), then `RET0`.
fn prog(rt: &Runtime, mem: &mut SimMemory, ty: u32, fds: &[i32]) -> i32 {
    let mut insns: Vec<u64> = fds.iter().flat_map(|&fd| ld_map(fd)).collect();
    insns.extend(RET0);
    let at = mem.alloc_bytes(&insns.iter().flat_map(|i| i.to_ne_bytes()).collect::<Vec<_>>());
    rt.prog_load(mem, ty, b"prog", at, insns.len() as u64, 0, 0).unwrap()
}

/// A caller's buffer of `len` bytes filled with `fill`, and its `info_len`.
fn caller(mem: &mut SimMemory, len: u32, fill: u8) -> (u64, u64) {
    let info = mem.alloc_bytes(&vec![fill; len as usize]);
    let len_at = mem.alloc_bytes(&len.to_ne_bytes());
    (info, len_at)
}

fn len_of(mem: &SimMemory, at: u64) -> u32 {
    user::read_pod(mem, at).unwrap()
}

fn errno_of<T: std::fmt::Debug>(r: Result<T, Error>) -> i32 {
    r.unwrap_err().errno()
}

/// The direct API on a map, under one rule, at `len`: the result and, on
/// success, `(info_len after, the caller's bytes)`.
fn map_query(rule: Rule, len: u32, fill: u8) -> Result<(u32, Vec<u8>), i32> {
    let rt = Runtime::new(V1_5, rule);
    let fd = map(&rt);
    let mut mem = SimMemory::new();
    let (info, len_at) = caller(&mut mem, len, fill);
    rt.obj_get_info_by_fd(&mut mem, fd, info, len_at).map_err(|e| e.errno())?;
    let bytes = if len == 0 { vec![] } else { mem.bytes(info, len as usize).unwrap().to_vec() };
    Ok((len_of(&mem, len_at), bytes))
}

#[test]
fn the_4160_call() {
    // info_len = sizeof(info) - sizeof(info.pinned_path_count)
    let len = 96 - 4;
    assert_eq!(map_query(Rule::Pre4286, len, 0), Err(errno::ENOBUFS));
    for rule in [Rule::V1_5, Rule::Linux] {
        let (written, bytes) = map_query(rule, len, 0).unwrap();
        assert_eq!(written, 92, "{rule:?}");
        let mut full: bpf_map_info = zeroed();
        extensible_abi::bytes_of_mut(&mut full)[..92].copy_from_slice(&bytes);
        assert_eq!((full.r#type, full.key_size, full.value_size, full.max_entries), (2, 4, 8, 2));
        assert_eq!(&full.name[..MAP_NAME.len() + 1], &[MAP_NAME, &[0]].concat()[..]);
    }
}

#[test]
fn info_len_zero() {
    assert_eq!(map_query(Rule::Pre4286, 0, 0), Err(errno::ENOBUFS)); // before #4208
    assert_eq!(map_query(Rule::V1_5, 0, 0), Err(errno::EINVAL)); // #4208
    assert_eq!(map_query(Rule::Linux, 0, 0), Ok((0, vec![])));
}

#[test]
fn shorter_copies_only_what_fits() {
    // Bytes past info_len are the caller's: never touched.
    for rule in [Rule::V1_5, Rule::Linux] {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let mut mem = SimMemory::new();
        let (info, len_at) = caller(&mut mem, 96, 0xEE);
        user::write_pod(&mut mem, len_at, &10u32).unwrap();
        rt.obj_get_info_by_fd(&mut mem, fd, info, len_at).unwrap();
        assert_eq!(len_of(&mem, len_at), 10);
        let b = mem.bytes(info, 96).unwrap();
        assert_eq!(&b[4..8], &2u32.to_ne_bytes(), "{rule:?}: type");
        assert!(b[10..].iter().all(|&x| x == 0xEE), "{rule:?}: wrote past info_len");
    }
}

#[test]
fn longer_with_zero_tail_reports_sizeof() {
    for rule in Rule::ALL {
        let (written, bytes) = map_query(rule, 112, 0).unwrap();
        assert_eq!(written, 96, "{rule:?}");
        assert!(bytes[96..].iter().all(|&x| x == 0));
    }
}

#[test]
fn longer_with_a_field_set_past_sizeof() {
    let with_tail = |rule| {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let mut mem = SimMemory::new();
        let (info, len_at) = caller(&mut mem, 112, 0);
        user::write_pod(&mut mem, info + 100, &7u32).unwrap();
        rt.obj_get_info_by_fd(&mut mem, fd, info, len_at).map(|()| len_of(&mem, len_at))
    };
    // Windows never looks at the bytes past its struct.
    assert_eq!(with_tail(Rule::Pre4286), Ok(96));
    assert_eq!(with_tail(Rule::V1_5), Ok(96));
    assert_eq!(errno_of(with_tail(Rule::Linux)), errno::E2BIG);
}

#[test]
fn oversized_info_len() {
    let q = |rule, len: u32| {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let mut mem = SimMemory::new();
        let (info, len_at) = caller(&mut mem, 96, 0);
        user::write_pod(&mut mem, len_at, &len).unwrap();
        rt.obj_get_info_by_fd(&mut mem, fd, info, len_at).map(|()| len_of(&mem, len_at))
    };
    // 65519 is the largest that fits the IOCTL's u16 (with its header);
    // past the caller's 96 bytes the request copy is never examined, so
    // the unmapped bytes after them do not matter to Windows.
    assert_eq!(q(Rule::V1_5, 65519), Ok(96));
    assert_eq!(errno_of(q(Rule::V1_5, 65520)), errno::EOTHER); // #5200
    assert_eq!(EbpfResult::ArithmeticOverflow.errno(), errno::EOTHER);
    // Release-v0.20.0 narrowed with static_cast<uint16_t>: 65520 wraps
    // below the header (EINVAL); 65536 + 96 acts as 96.
    assert_eq!(errno_of(q(Rule::Pre4286, 65520)), errno::EINVAL);
    assert_eq!(q(Rule::Pre4286, 65536 + 96), Ok(96));
    assert_eq!(errno_of(q(Rule::Pre4286, 65536 + 95)), errno::ENOBUFS);
    // Linux: over a page is E2BIG before anything is read.
    assert_eq!(errno_of(q(Rule::Linux, 4097)), errno::E2BIG);
}

#[test]
fn null_pointers() {
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let mut mem = SimMemory::new();
        let (info, len_at) = caller(&mut mem, 96, 0);
        let no_info = rt.obj_get_info_by_fd(&mut mem, fd, 0, len_at);
        let no_len = rt.obj_get_info_by_fd(&mut mem, fd, info, 0);
        match rule {
            Rule::Pre4286 => {
                assert_eq!(errno_of(no_info), errno::EINVAL);
                assert_eq!(errno_of(no_len), errno::EINVAL);
            }
            Rule::V1_5 => {
                // Only the type is fetched; nothing written.
                assert_eq!(no_info, Ok(()));
                assert_eq!(len_of(&mem, len_at), 96);
                assert_eq!(errno_of(no_len), errno::EINVAL);
            }
            Rule::Linux => {
                assert_eq!(errno_of(no_info), errno::EFAULT);
                assert_eq!(errno_of(no_len), errno::EFAULT);
                user::write_pod(&mut mem, len_at, &0u32).unwrap();
                assert_eq!(rt.obj_get_info_by_fd(&mut mem, fd, 0, len_at), Ok(()));
            }
        }
        assert_eq!(errno_of(rt.obj_get_info_by_fd(&mut mem, 99, info, len_at)), errno::EBADF);
    }
}

#[test]
fn program_minimum_length() {
    for (rule, len, expect) in [
        (Rule::Pre4286, 127, Err(errno::ENOBUFS)),
        (Rule::Pre4286, 128, Ok(128)),
        (Rule::V1_5, 23, Err(errno::EINVAL)), // offsetof(bpf_prog_info, name) is 24
        (Rule::V1_5, 24, Ok(24)),
        (Rule::Linux, 4, Ok(4)),
        (Rule::Linux, 23, Ok(23)),
    ] {
        let rt = Runtime::new(V1_5, rule);
        let mut mem = SimMemory::new();
        let p = prog(&rt, &mut mem, prog_type::XDP, &[]);
        let (info, len_at) = caller(&mut mem, len, 0);
        let r = rt.obj_get_info_by_fd(&mut mem, p, info, len_at);
        assert_eq!(
            r.map(|()| len_of(&mem, len_at)).map_err(|e| e.errno()),
            expect,
            "{rule:?} {len}"
        );
    }
}

/// A program of two maps, queried with `nr_map_ids` room at `map_ids`.
fn map_ids_query(
    rule: Rule,
    nr: u32,
    with_array: bool,
) -> (Result<(), i32>, bpf_prog_info, Vec<u32>, [u32; 2]) {
    let rt = Runtime::new(V1_5, rule);
    let mut mem = SimMemory::new();
    let (m1, m2) = (map(&rt), map(&rt));
    let ids = [rt.object_id(m1).unwrap(), rt.object_id(m2).unwrap()];
    let p = prog(&rt, &mut mem, prog_type::XDP, &[m1, m2, m1]);
    let array = mem.alloc(4 * nr as usize);
    let mut input: bpf_prog_info = zeroed();
    input.nr_map_ids = nr;
    input.map_ids = if with_array { array } else { 0 };
    let info = mem.alloc_bytes(bytes_of(&input));
    let len_at = mem.alloc_bytes(&128u32.to_ne_bytes());
    let r = rt.obj_get_info_by_fd(&mut mem, p, info, len_at).map_err(|e| e.errno());
    let out: bpf_prog_info = user::read_pod(&mem, info).unwrap();
    let written: Vec<u32> =
        (0..nr).map(|i| user::read_pod(&mem, array + 4 * u64::from(i)).unwrap()).collect();
    (r, out, written, ids)
}

#[test]
fn short_nr_map_ids() {
    // Windows: the ids that fit are written, then EFAULT, and the info
    // struct is not copied back.
    for rule in [Rule::Pre4286, Rule::V1_5] {
        let (r, out, written, ids) = map_ids_query(rule, 1, true);
        assert_eq!(r, Err(errno::EFAULT), "{rule:?}");
        assert_eq!(written, [ids[0]]);
        assert_eq!((out.id, out.nr_map_ids), (0, 1), "{rule:?}: info copied back");
    }
    // Linux clamps: one id, success, nr_map_ids tells the count.
    let (r, out, written, ids) = map_ids_query(Rule::Linux, 1, true);
    assert_eq!(r, Ok(()));
    assert_eq!(written, [ids[0]]);
    assert_eq!(out.nr_map_ids, 2); // two maps: the third LDDW reuses the first
    assert_ne!(out.id, 0);
}

#[test]
fn enough_nr_map_ids() {
    for rule in Rule::ALL {
        let (r, out, written, ids) = map_ids_query(rule, 2, true);
        assert_eq!(r, Ok(()), "{rule:?}");
        assert_eq!(written, ids);
        assert_eq!(out.nr_map_ids, 2);
        assert_eq!(out.name[..5], *b"prog\0");
        assert_eq!(out.type_uuid, program_type::XDP);
        assert_eq!(out.attach_type_uuid, attach_type::UNSPECIFIED);
    }
}

#[test]
fn map_ids_null_with_room() {
    // Windows skips a NULL array; Linux writes to it.
    for rule in [Rule::Pre4286, Rule::V1_5] {
        let (r, out, _, _) = map_ids_query(rule, 2, false);
        assert_eq!((r, out.nr_map_ids), (Ok(()), 2), "{rule:?}");
    }
    assert_eq!(map_ids_query(Rule::Linux, 2, false).0, Err(errno::EFAULT));
}

#[test]
fn links() {
    let rt = Runtime::new(V1_5, Rule::Pre4286);
    let mut mem = SimMemory::new();
    let p = prog(&rt, &mut mem, prog_type::XDP, &[]);
    let ifindex = 7u32.to_ne_bytes();
    let l = rt.link_attach(p, None, &ifindex).unwrap();
    // 52 bytes: a v0.2.0 caller's struct.
    let (info, len_at) = caller(&mut mem, 52, 0);
    assert_eq!(errno_of(rt.obj_get_info_by_fd(&mut mem, l, info, len_at)), errno::ENOBUFS);
    rt.set_rule(Rule::V1_5);
    rt.obj_get_info_by_fd(&mut mem, l, info, len_at).unwrap();
    assert_eq!(len_of(&mem, len_at), 52);
    let mut out: bpf_link_info = zeroed();
    extensible_abi::bytes_of_mut(&mut out)[..52].copy_from_slice(mem.bytes(info, 52).unwrap());
    assert_eq!(out.xdp_ifindex(), 7);
    assert_eq!((out.r#type, out.attach_type), (3, 1)); // BPF_LINK_TYPE_XDP, BPF_XDP
    assert_eq!(out.prog_id, rt.object_id(p).unwrap());
    assert_eq!(
        (out.attach_type_uuid, out.program_type_uuid),
        (attach_type::XDP, program_type::XDP)
    );

    // The program counts its links, until they close.
    let (pinfo, plen) = caller(&mut mem, 128, 0);
    rt.obj_get_info_by_fd(&mut mem, p, pinfo, plen).unwrap();
    assert_eq!(user::read_pod::<bpf_prog_info, _>(&mem, pinfo).unwrap().link_count, 1);
    rt.close(l).unwrap();
    rt.obj_get_info_by_fd(&mut mem, p, pinfo, plen).unwrap();
    assert_eq!(user::read_pod::<bpf_prog_info, _>(&mem, pinfo).unwrap().link_count, 0);

    // Only XDP is modelled.
    let e = rt.link_attach(p, Some(attach_type::BIND), &[]).unwrap_err();
    assert_eq!(e, Error::Ebpf(EbpfResult::OperationNotSupported));
    let b = prog(&rt, &mut mem, prog_type::BIND, &[]);
    assert_eq!(errno_of(rt.link_attach(b, None, &[])), errno::EINVAL);
}

/// A runtime of each release speaks that release's struct.
#[test]
fn releases_speak_their_layouts() {
    for (rel, kind, size) in [
        (release(0, 2), "link", 52),
        (release(0, 3), "link", 56),
        (release(0, 4), "prog", 116),
        (release(0, 5), "prog", 128),
        (V1_5, "map", 96),
        (NEXT, "map", 100),
        (NEXT, "prog", 136),
        (NEXT, "link", 64),
    ] {
        let rt = Runtime::new(rel, Rule::Pre4286);
        let mut mem = SimMemory::new();
        let p = prog(&rt, &mut mem, prog_type::XDP, &[]);
        let fd = match kind {
            "map" => map(&rt),
            "prog" => p,
            _ => rt.link_attach(p, None, &[]).unwrap(),
        };
        // The strict rule: one byte short is refused, the size itself not.
        let (info, len_at) = caller(&mut mem, size - 1, 0);
        assert_eq!(errno_of(rt.obj_get_info_by_fd(&mut mem, fd, info, len_at)), errno::ENOBUFS);
        let (info, len_at) = caller(&mut mem, 200, 0);
        rt.obj_get_info_by_fd(&mut mem, fd, info, len_at).unwrap();
        assert_eq!(len_of(&mem, len_at), size, "{rel:#x} {kind}");
        if rel == NEXT {
            let next = user::read_pod::<u32, _>(
                &mem,
                info + [96, 128, 56]
                    [["map", "prog", "link"].iter().position(|k| *k == kind).unwrap()],
            );
            assert_eq!(next, Ok(NEXT_FIELD_VALUE));
        }
        if kind == "prog" && size == 116 {
            let old: bpf_prog_info_0_2 = user::read_pod(&mem, info).unwrap();
            assert_eq!(old.name[..5], *b"prog\0");
            assert_eq!(old.type_uuid, program_type::XDP);
        }
    }
}

// ---- the bpf() path ----

/// `bpf(BPF_OBJ_GET_INFO_BY_FD)` with a `len`-byte info buffer filled with
/// `fill`: the result, `attr.info_len` after, the buffer after.
fn bpf_query(
    rt: &Runtime,
    fd: i32,
    len: u32,
    fill: u8,
    attr_size: u32,
) -> (Result<i64, i32>, u32, Vec<u8>) {
    let mut mem = SimMemory::new();
    let info = mem.alloc_bytes(&vec![fill; len as usize]);
    let attr = sys_bpf_obj_info_attr_t { bpf_fd: fd as u32, info_len: len, info };
    let mut bytes = bytes_of(&attr).to_vec();
    bytes.resize(attr_size.max(16) as usize, 0);
    let at = mem.alloc_bytes(&bytes);
    let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, attr_size).map_err(|e| e.errno());
    (r, len_of(&mem, at + 4), mem.bytes(info, len as usize).unwrap().to_vec())
}

#[test]
fn bpf_path_linux_shaped_map_info() {
    let mut name16 = [0u8; 16];
    name16[..15].copy_from_slice(&MAP_NAME[..15]); // truncated, NUL-terminated
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let id = rt.object_id(fd).unwrap();
        // Linux 6.18's 104-byte struct bpf_map_info.
        let (r, info_len, b) = bpf_query(&rt, fd, 104, 0, 16);
        assert_eq!(r, Ok(0), "{rule:?}");
        match rule {
            // The native struct, straight through: id first, then type.
            Rule::Pre4286 => {
                assert_eq!(info_len, 96);
                assert_eq!(&b[..8], &[id.to_ne_bytes(), 2u32.to_ne_bytes()].concat()[..]);
            }
            Rule::V1_5 | Rule::Linux => {
                let sys: sys_bpf_map_info_t = sys_bpf_map_info_t::from_partial(&b[..40]).unwrap();
                assert_eq!((sys.r#type, sys.id, sys.key_size, sys.max_entries), (2, id, 4, 2));
                assert_eq!(sys.name, name16);
                assert!(b[40..].iter().all(|&x| x == 0));
                // v1.5.0 never writes info_len back.
                assert_eq!(info_len, if rule == Rule::V1_5 { 104 } else { 40 }, "{rule:?}");
            }
        }
    }
}

#[test]
fn bpf_path_short_and_tail() {
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        // Linux 4.13's 24 bytes.
        let (r, info_len, b) = bpf_query(&rt, fd, 24, 0, 16);
        match rule {
            Rule::Pre4286 => assert_eq!(r, Err(errno::ENOBUFS)),
            _ => {
                assert_eq!(r, Ok(0));
                assert_eq!(info_len, 24);
                assert_eq!(&b[..4], &2u32.to_ne_bytes());
            }
        }
        // A field set past sys_bpf_map_info_t (40 bytes), in a 104-byte
        // buffer: make byte 50 non-zero.
        let mut mem = SimMemory::new();
        let mut buf = vec![0u8; 104];
        buf[50] = 1;
        let info = mem.alloc_bytes(&buf);
        let attr = sys_bpf_obj_info_attr_t { bpf_fd: fd as u32, info_len: 104, info };
        let at = mem.alloc_bytes(bytes_of(&attr));
        let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 16).map_err(|e| e.errno());
        let expect = match rule {
            Rule::Pre4286 => Ok(0), // the native struct's 96 bytes; 50 is inside it
            Rule::V1_5 => Err(errno::EINVAL),
            Rule::Linux => Err(errno::E2BIG),
        };
        assert_eq!(r, expect, "{rule:?}");
    }
}

#[test]
fn bpf_path_attr_rules() {
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        // A non-zero byte past the 16-byte attr, within union bpf_attr.
        let mut mem = SimMemory::new();
        let info = mem.alloc(96);
        let attr = sys_bpf_obj_info_attr_t { bpf_fd: fd as u32, info_len: 96, info };
        let mut bytes = bytes_of(&attr).to_vec();
        bytes.resize(200, 0);
        bytes[20] = 1;
        let at = mem.alloc_bytes(&bytes);
        let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 200).map_err(|e| e.errno());
        assert_eq!(r, Err(errno::EINVAL), "{rule:?}");
        // Past union bpf_attr (144 bytes): Linux's E2BIG.
        bytes[20] = 0;
        bytes[150] = 1;
        let at = mem.alloc_bytes(&bytes);
        let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 200).map_err(|e| e.errno());
        let expect = if rule == Rule::Linux { errno::E2BIG } else { errno::EINVAL };
        assert_eq!(r, Err(expect), "{rule:?}");

        // An 8-byte attr: no info pointer. Zero-extended it is NULL (the
        // copy faults); Release-v0.20.0's temporary held garbage.
        let (r, _, _) = bpf_query(&rt, fd, 96, 0, 8);
        assert_eq!(r, Err(errno::EFAULT), "{rule:?}");
    }
    assert_eq!(UNINITIALIZED, 0xA5);
}

#[test]
fn bpf_path_prog() {
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let mut mem = SimMemory::new();
        let m = map(&rt);
        let p = prog(&rt, &mut mem, prog_type::XDP, &[m]);
        // Linux 4.15's 80 bytes, with room for one map id.
        let ids = mem.alloc(4);
        let mut input = sys_bpf_prog_info_t { nr_map_ids: 1, map_ids: ids, ..Default::default() };
        let info = mem.alloc_bytes(bytes_of(&input));
        let attr = sys_bpf_obj_info_attr_t { bpf_fd: p as u32, info_len: 80, info };
        let at = mem.alloc_bytes(bytes_of(&attr));
        let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 16).map_err(|e| e.errno());
        if rule == Rule::Pre4286 {
            assert_eq!(r, Err(errno::ENOBUFS)); // 80 < the native 128
            continue;
        }
        assert_eq!(r, Ok(0), "{rule:?}");
        let out: sys_bpf_prog_info_t = user::read_pod(&mem, info).unwrap();
        assert_eq!((out.r#type, out.id, out.nr_map_ids), (1, rt.object_id(p).unwrap(), 1));
        assert_eq!(user::read_pod::<u32, _>(&mem, ids), Ok(rt.object_id(m).unwrap()));
        assert_eq!(out.name[..5], *b"prog\0");
        // What Windows does not have must not be asked for.
        input.jited_prog_len = 1;
        let info = mem.alloc_bytes(bytes_of(&input));
        let attr = sys_bpf_obj_info_attr_t { bpf_fd: p as u32, info_len: 80, info };
        let at = mem.alloc_bytes(bytes_of(&attr));
        let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 16).map_err(|e| e.errno());
        assert_eq!(r, Err(errno::EINVAL), "{rule:?}");
    }
}

#[test]
fn bpf_other_commands() {
    let rt = Runtime::new(V1_5, Rule::V1_5);
    let mut mem = SimMemory::new();
    // BPF_LINK_CREATE is not a Windows command.
    let at = mem.alloc(64);
    assert_eq!(errno_of(rt.bpf(&mut mem, cmd::BPF_LINK_CREATE, at, 64)), errno::EINVAL);

    // BPF_MAP_CREATE: the name must end within 16 bytes; flags are refused.
    let mut a = sys_bpf_map_create_attr_t {
        map_type: map_type::HASH,
        key_size: 4,
        value_size: 4,
        max_entries: 4,
        ..Default::default()
    };
    a.map_name[..3].copy_from_slice(b"abc");
    let at = mem.alloc_bytes(bytes_of(&a));
    let fd = rt.bpf(&mut mem, cmd::BPF_MAP_CREATE, at, 48).unwrap();
    assert_eq!(rt.object_type(fd as i32), Ok(1)); // EBPF_OBJECT_MAP
    a.map_name = [b'x'; 16];
    let at = mem.alloc_bytes(bytes_of(&a));
    assert_eq!(errno_of(rt.bpf(&mut mem, cmd::BPF_MAP_CREATE, at, 48)), errno::EINVAL);
    a.map_name = [0; 16];
    a.map_flags = 1;
    let at = mem.alloc_bytes(bytes_of(&a));
    assert_eq!(errno_of(rt.bpf(&mut mem, cmd::BPF_MAP_CREATE, at, 48)), errno::EINVAL);

    // BPF_PROG_LOAD: expected_attach_type must be 0; log_true_size is
    // written back when the attr reaches it.
    let insns = mem.alloc_bytes(&RET0.iter().flat_map(|i| i.to_ne_bytes()).collect::<Vec<_>>());
    let mut a = sys_bpf_prog_load_attr_t {
        prog_type: prog_type::SAMPLE,
        insn_cnt: 2,
        insns,
        log_true_size: 99,
        ..Default::default()
    };
    let at = mem.alloc_bytes(bytes_of(&a));
    let fd = rt.bpf(&mut mem, cmd::BPF_PROG_LOAD, at, 144).unwrap();
    assert_eq!(rt.object_type(fd as i32), Ok(3)); // EBPF_OBJECT_PROGRAM
    assert_eq!(user::read_pod::<u32, _>(&mem, at + 140), Ok(0));
    a.expected_attach_type = 1;
    let at = mem.alloc_bytes(bytes_of(&a));
    assert_eq!(errno_of(rt.bpf(&mut mem, cmd::BPF_PROG_LOAD, at, 144)), errno::EINVAL);
    a.expected_attach_type = 0;
    a.prog_type = 6; // Linux's XDP: Windows' PROCESS, whose GUID is not here
    let at = mem.alloc_bytes(bytes_of(&a));
    assert_eq!(errno_of(rt.bpf(&mut mem, cmd::BPF_PROG_LOAD, at, 144)), errno::EINVAL);
}

#[test]
fn map_storage() {
    let rt = Runtime::new(V1_5, Rule::V1_5);
    let mut mem = SimMemory::new();
    let arr = rt.map_create(map_type::ARRAY, b"a", 4, 8, 2, MapCreateOpts::default()).unwrap();
    let hash = rt.map_create(map_type::HASH, b"h", 4, 8, 1, MapCreateOpts::default()).unwrap();
    let k1 = mem.alloc_bytes(&1u32.to_ne_bytes());
    let k2 = mem.alloc_bytes(&2u32.to_ne_bytes());
    let v = mem.alloc_bytes(&0x1122_3344_5566_7788u64.to_ne_bytes());
    let out = mem.alloc(8);
    rt.map_update_elem(&mem, arr, k1, v, 0).unwrap();
    rt.map_lookup_elem(&mut mem, arr, k1, out).unwrap();
    assert_eq!(user::read_pod::<u64, _>(&mem, out), Ok(0x1122_3344_5566_7788));
    assert_eq!(errno_of(rt.map_update_elem(&mem, arr, k2, v, 0)), errno::EINVAL); // index 2 of 2
    assert_eq!(errno_of(rt.map_lookup_elem(&mut mem, hash, k1, out)), errno::ENOENT);
    rt.map_update_elem(&mem, hash, k1, v, 1).unwrap(); // BPF_NOEXIST
    assert_eq!(errno_of(rt.map_update_elem(&mem, hash, k1, v, 1)), errno::EOTHER);
    assert_eq!(errno_of(rt.map_update_elem(&mem, hash, k2, v, 0)), errno::ENOSPC); // full
    assert_eq!(errno_of(rt.map_update_elem(&mem, hash, k2, v, 2)), errno::ENOENT); // BPF_EXIST
                                                                                   // Types: 4 (PERCPU_HASH) is Windows' but not modelled; 17 is no type.
    let e = rt.map_create(4, b"", 4, 4, 1, MapCreateOpts::default()).unwrap_err();
    assert_eq!(e.errno(), errno::ENOTSUP);
    assert_eq!(errno_of(rt.map_create(17, b"", 4, 4, 1, MapCreateOpts::default())), errno::EINVAL);
    // Ring buffers came in v0.2.0, perf event arrays in Release-v0.21.0.
    let old = Runtime::new(release(0, 20), Rule::Pre4286);
    assert_eq!(errno_of(old.map_create(14, b"", 4, 4, 1, MapCreateOpts::default())), errno::EINVAL);
    // 64-byte names do not fit BPF_OBJ_NAME_LEN with the NUL.
    assert_eq!(
        errno_of(rt.map_create(1, &[b'n'; 64], 4, 4, 1, MapCreateOpts::default())),
        errno::EINVAL
    );
    assert!(rt.map_create(1, &[b'n'; 63], 4, 4, 1, MapCreateOpts::default()).is_ok());
}

#[test]
fn program_map_references() {
    let rt = Runtime::new(V1_5, Rule::V1_5);
    let mut mem = SimMemory::new();
    let m = map(&rt);
    // An LDDW whose imm is no map's fd.
    let bad: Vec<u8> = [ld_map(42), RET0].concat().iter().flat_map(|i| i.to_ne_bytes()).collect();
    let at = mem.alloc_bytes(&bad);
    assert_eq!(errno_of(rt.prog_load(&mem, prog_type::XDP, b"", at, 4, 0, 0)), errno::EBADF);
    // An LDDW cut off by the count.
    let cut: Vec<u8> = ld_map(m).iter().flat_map(|i| i.to_ne_bytes()).collect();
    let at = mem.alloc_bytes(&cut);
    assert_eq!(errno_of(rt.prog_load(&mem, prog_type::XDP, b"", at, 1, 0, 0)), errno::EINVAL);
    assert_eq!(rt.prog_load(&mem, prog_type::XDP, b"", at, 2, 0, 0).map(|_| ()), Ok(()));
    // An LDDW with src 0 is a plain constant, not a map reference.
    let konst: Vec<u8> =
        [[0x18u64 | 42 << 32, 0], RET0].concat().iter().flat_map(|i| i.to_ne_bytes()).collect();
    let at = mem.alloc_bytes(&konst);
    assert!(rt.prog_load(&mem, prog_type::XDP, b"", at, 4, 0, 0).is_ok());
    // Instructions at an unmapped address, a log size without a buffer.
    assert_eq!(errno_of(rt.prog_load(&mem, prog_type::XDP, b"", 0x10, 2, 0, 0)), errno::EFAULT);
    assert_eq!(errno_of(rt.prog_load(&mem, prog_type::XDP, b"", at, 4, 0, 16)), errno::EINVAL);
}

#[test]
fn ids_and_fds() {
    let rt = Runtime::new(V1_5, Rule::V1_5);
    let (a, b) = (map(&rt), map(&rt));
    assert_eq!((a, b), (3, 4));
    assert_eq!((rt.object_id(a), rt.object_id(b)), (Ok(1), Ok(2)));
    rt.close(a).unwrap();
    assert_eq!(errno_of(rt.close(a)), errno::EBADF);
    let c = map(&rt);
    assert_eq!((c, rt.object_id(c)), (3, Ok(3))); // lowest free fd, a fresh id
}

/// Every user-memory access faults cleanly: a read-only info buffer.
#[test]
fn read_only_buffer_faults() {
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let fd = map(&rt);
        let mut mem = SimMemory::new();
        let info = mem.alloc_readonly(&[0; 96]);
        let len_at = mem.alloc_bytes(&96u32.to_ne_bytes());
        assert_eq!(errno_of(rt.obj_get_info_by_fd(&mut mem, fd, info, len_at)), errno::EFAULT);
        assert!(mem.write(info, &[1]).is_err());
    }
}
