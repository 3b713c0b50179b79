//! Page holes: every command's attr, every info struct and the other
//! buffers the kernel scans, placed so that an unmapped (or read-only)
//! page begins at each position that decides the kernel's answer.
//!
//! The kernel's order, which the cases walk through position by position:
//!
//! 1. a length over `PAGE_SIZE` is `E2BIG` before a byte is read;
//! 2. the caller's bytes past the kernel's size are scanned
//!    (`bpf_check_uarg_tail_zero` → `check_zeroed_user`, an aligned word at
//!    a time): a non-zero byte before the hole is `E2BIG`, a zero prefix up
//!    to the hole `EFAULT`;
//! 3. the known part is copied (`copy_from_user`): a hole anywhere in it is
//!    `EFAULT`, whatever the tail holds;
//! 4. the command runs; what it writes back goes out by `copy_to_user`
//!    (the bytes before a hole or a read-only page are written, then
//!    `EFAULT`) or by `put_user` (one store: where any byte of it cannot be
//!    written, none is).
//!
//! Each step also checks which of these the answer is ([`Want`]), on
//! every backend, so a case whose post-copy answer happened to be `EFAULT`
//! or `E2BIG` would show instead of proving nothing.

use std::rc::Rc;

use extensible_abi::{bytes_of, ExtensibleAbi};
use extensible_abi_bpf::attr::{self, *};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};

use super::cases::{
    cmd_name, create_array, elem, exceptions, get_id, info_attr, info_call, int_btf, link_attr,
    load_btf, load_func_btf, load_ret0, map_attr, prog_attr, ret0, sized, test_attr, with_map,
    xdp_link, BAD_FD, NO_ID,
};
use super::harness::{
    AttrAt, Build, Call, Case, Edge, Env, Kind, Outcome, EDGE, GUARD_EDGE, RO_EDGE,
};

/// The kernel's limit on attr and info lengths.
const PAGE: usize = 4096;
const EFAULT: i32 = 14;
const E2BIG: i32 = 7;

/// Which step of the kernel's order answers a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// The copies succeeded and the command ran: its own answer, which is
    /// neither `EFAULT` nor `E2BIG` for the contents chosen here.
    Ran,
    /// `EFAULT`: a hole before any non-zero tail byte, in the known part,
    /// or where the command writes back.
    Fault,
    /// `E2BIG`: over a page, or a non-zero byte before the hole.
    TooBig,
}

impl Want {
    /// The check of an outcome against `self`.
    fn check(self) -> impl Fn(&Env, &Outcome) -> Result<(), String> + 'static {
        move |_, o| match (self, o.result) {
            (Want::Fault, Err(EFAULT)) | (Want::TooBig, Err(E2BIG)) => Ok(()),
            (Want::Ran, Err(EFAULT | E2BIG)) => {
                Err(format!("{:?}: the command did not get past the copies", o.result))
            }
            (Want::Ran, _) => Ok(()),
            (w, r) => Err(format!("{r:?}, where the kernel's order gives {w:?}")),
        }
    }
}

/// Buffer fills repeated before every step (what a command reads).
type Fills = Vec<(usize, usize, Build)>;

/// Attr contents for `cmd` that pass every check before the copy and give
/// the command's own answer after it: valid where that is cheap (a map,
/// a program, a BTF object, an element of a map, an info query, a tcx
/// query), else a bad fd or id (`EBADF`, `ENOENT`, `EINVAL`). Buffers and
/// objects are added to `c`.
fn command_base(cmd: u32, c: &mut Case) -> (Build, Fills) {
    let mut fills: Fills = Vec::new();
    let b = |f: fn(&Env) -> Vec<u8>| -> Build { Rc::new(f) };
    let attr: Build = match cmd {
        BPF_MAP_CREATE => b(|_| bytes_of(&map_attr(BPF_MAP_TYPE_ARRAY, 4, 8, 4, b"hole")).to_vec()),
        BPF_MAP_LOOKUP_ELEM
        | BPF_MAP_UPDATE_ELEM
        | BPF_MAP_DELETE_ELEM
        | BPF_MAP_GET_NEXT_KEY
        | BPF_MAP_LOOKUP_AND_DELETE_ELEM
        | BPF_MAP_FREEZE => {
            let kb = c.buf(8, None);
            let vb = c.buf(8, None);
            c.push(create_array("m"));
            // Key 0 (in range), the value 8 bytes.
            fills.push((kb, 0, Rc::new(|_| vec![0u8; 8])));
            fills.push((vb, 0, Rc::new(|_| 7u64.to_ne_bytes().to_vec())));
            Rc::new(move |e| bytes_of(&elem(e.fd("m"), e.buf(kb), e.buf(vb), 0)).to_vec())
        }
        BPF_PROG_LOAD => {
            let ib = c.buf(16, None);
            let lb = c.buf(4, None);
            fills.push((ib, 0, Rc::new(|_| ret0())));
            fills.push((lb, 0, Rc::new(|_| b"GPL\0".to_vec())));
            Rc::new(move |e| bytes_of(&prog_attr(e, ib, 2, lb, b"hole")).to_vec())
        }
        BPF_OBJ_PIN | BPF_OBJ_GET => {
            let pb = c.buf(32, None);
            fills.push((pb, 0, Rc::new(|_| b"/nonexistent-extabi/hole\0".to_vec())));
            let fd = if cmd == BPF_OBJ_PIN { BAD_FD } else { 0 };
            Rc::new(move |e| {
                bytes_of(&bpf_attr_obj_pin {
                    pathname: e.buf(pb),
                    bpf_fd: fd,
                    ..Default::default()
                })
                .to_vec()
            })
        }
        BPF_PROG_ATTACH | BPF_PROG_DETACH => b(|_| {
            bytes_of(&bpf_attr_prog_attach {
                target_fd: BAD_FD,
                attach_bpf_fd: BAD_FD,
                ..Default::default()
            })
            .to_vec()
        }),
        BPF_PROG_TEST_RUN => {
            b(|_| bytes_of(&bpf_attr_test { prog_fd: BAD_FD, ..Default::default() }).to_vec())
        }
        BPF_PROG_GET_NEXT_ID | BPF_MAP_GET_NEXT_ID | BPF_BTF_GET_NEXT_ID | BPF_LINK_GET_NEXT_ID => {
            b(|_| bytes_of(&get_id(0x7fff_fffe, 0, 0, 0)).to_vec())
        }
        BPF_PROG_GET_FD_BY_ID
        | BPF_MAP_GET_FD_BY_ID
        | BPF_BTF_GET_FD_BY_ID
        | BPF_LINK_GET_FD_BY_ID => b(|_| bytes_of(&get_id(NO_ID, 0, 0, 0)).to_vec()),
        BPF_OBJ_GET_INFO_BY_FD => {
            let ib = c.buf(8, None);
            c.push(create_array("m"));
            // The map's type: 4 bytes written, and info_len.
            Rc::new(move |e| bytes_of(&info_attr(e.fd("m"), 4, e.buf(ib))).to_vec())
        }
        BPF_PROG_QUERY => b(|_| {
            // tcx on lo: nothing attached, revision 1.
            bytes_of(&bpf_attr_query {
                target_fd: 1,
                attach_type: BPF_TCX_INGRESS,
                ..Default::default()
            })
            .to_vec()
        }),
        BPF_RAW_TRACEPOINT_OPEN => b(|_| {
            bytes_of(&bpf_attr_raw_tracepoint { prog_fd: BAD_FD, ..Default::default() }).to_vec()
        }),
        BPF_BTF_LOAD => {
            let blob = int_btf();
            let len = blob.len() as u32;
            let bb = c.buf(blob.len(), None);
            fills.push((bb, 0, Rc::new(move |_| blob.clone())));
            Rc::new(move |e| {
                bytes_of(&bpf_attr_btf_load { btf: e.buf(bb), btf_size: len, ..Default::default() })
                    .to_vec()
            })
        }
        BPF_TASK_FD_QUERY => b(|_| {
            bytes_of(&bpf_attr_task_fd_query {
                pid: std::process::id(),
                fd: BAD_FD,
                ..Default::default()
            })
            .to_vec()
        }),
        BPF_MAP_LOOKUP_BATCH
        | BPF_MAP_LOOKUP_AND_DELETE_BATCH
        | BPF_MAP_UPDATE_BATCH
        | BPF_MAP_DELETE_BATCH => {
            b(|_| bytes_of(&bpf_attr_batch { map_fd: BAD_FD, ..Default::default() }).to_vec())
        }
        BPF_LINK_CREATE => b(|_| bytes_of(&link_attr(BAD_FD, 1, BPF_XDP, 0)).to_vec()),
        BPF_LINK_UPDATE => b(|_| {
            bytes_of(&bpf_attr_link_update {
                link_fd: BAD_FD,
                new_prog_fd: BAD_FD,
                ..Default::default()
            })
            .to_vec()
        }),
        // BPF_STATS_RUN_TIME is 0; 1 is no statistics type (EINVAL): no
        // statistics are switched on system-wide.
        BPF_ENABLE_STATS => b(|_| bytes_of(&bpf_attr_enable_stats { r#type: 1 }).to_vec()),
        BPF_ITER_CREATE => {
            b(|_| bytes_of(&bpf_attr_iter_create { link_fd: BAD_FD, flags: 0 }).to_vec())
        }
        BPF_LINK_DETACH => b(|_| bytes_of(&bpf_attr_link_detach { link_fd: BAD_FD }).to_vec()),
        BPF_PROG_BIND_MAP => b(|_| {
            bytes_of(&bpf_attr_prog_bind_map { prog_fd: BAD_FD, map_fd: BAD_FD, flags: 0 }).to_vec()
        }),
        BPF_TOKEN_CREATE => {
            b(|_| bytes_of(&bpf_attr_token_create { flags: 0, bpffs_fd: BAD_FD }).to_vec())
        }
        BPF_PROG_STREAM_READ_BY_FD => {
            let sb = c.buf(8, None);
            Rc::new(move |e| {
                bytes_of(&bpf_attr_prog_stream_read {
                    stream_buf: e.buf(sb),
                    stream_buf_len: 8,
                    stream_id: 1,
                    prog_fd: BAD_FD,
                    _pad_tail: 0,
                })
                .to_vec()
            })
        }
        _ => panic!("no hole base for bpf command {cmd}: add one"),
    };
    (attr, fills)
}

/// Bytes set non-zero in a struct's tail: (offset, value).
type Pokes = Vec<(usize, u8)>;

/// A struct passed as `.1` bytes of which `.0` are mapped before the
/// hole, with `.2` set, and which step of the kernel's order answers.
type Position = (usize, u32, Pokes, Want);

/// A non-zero byte whose set bit moves with its position.
fn poke(at: usize) -> (usize, u8) {
    (at, 1 << (at % 8))
}

/// The tail's contents, for a step's label.
fn tail(pokes: &Pokes) -> String {
    match pokes.first() {
        Some((at, _)) => format!("byte {at} set"),
        None => "tail zero".into(),
    }
}

/// Where a hole starts relative to an extensible struct of `known` bytes
/// whose last meaningful byte ends at `last` (`last <= known`): `(mapped,
/// len, pokes, want)`, the struct passed as `len` bytes of which `mapped`
/// are mapped before the hole. Two holes past the struct, one
/// word-aligned from its start and one not, get a non-zero byte at every
/// position before them.
fn positions(last: usize, known: usize) -> Vec<Position> {
    use Want::*;
    let k = known;
    let mut v = vec![
        // The known part: ends at the hole, runs into it by one byte, by
        // half, entirely.
        (last, last as u32, vec![], Ran),
        (last - 1, last as u32, vec![], Fault),
        (last / 2, last as u32, vec![], Fault),
        (0, last as u32, vec![], Fault),
        (k, k as u32, vec![], Ran),
        (k - 1, k as u32, vec![], Fault),
        // A tail whose first byte is in the hole (the known part mapped,
        // or not).
        (k, k as u32 + 1, vec![], Fault),
        (k, PAGE as u32, vec![], Fault),
        (k - 1, PAGE as u32, vec![], Fault),
        (last, PAGE as u32, vec![], Fault),
        // Over a page: nothing is read.
        (0, PAGE as u32 + 1, vec![], TooBig),
        (k, u32::MAX, vec![], TooBig),
    ];
    if last < k {
        v.push((last, k as u32, vec![], Fault));
    }
    for extra in [8, 13] {
        let n = k + extra;
        v.push((n, PAGE as u32, vec![], Fault));
        v.extend((k..n).map(|at| (n, PAGE as u32, vec![poke(at)], TooBig)));
        v.push((n, n as u32, vec![], Ran));
        v.push((n, n as u32, vec![poke(n - 1)], TooBig));
    }
    // Where the last field ends the struct, some positions coincide.
    let mut seen = std::collections::HashSet::new();
    v.retain(|(m, len, pokes, _)| seen.insert((*m, *len, pokes.clone())));
    v
}

/// Every command's attr at every position around a page hole
/// ([`positions`] of its last field and `sizeof(union bpf_attr)`).
pub fn attr_holes() -> Vec<Case> {
    let mut v = Vec::new();
    for command in attr::COMMANDS {
        let cmd = command.cmd;
        let last = command.last_field_end;
        let mut c = Case::new(format!("hole/attr/{}", cmd_name(cmd)));
        let (base, fills) = command_base(cmd, &mut c);
        for (mapped, size, pokes, want) in positions(last, BPF_ATTR_SIZE) {
            let base = base.clone();
            let what = tail(&pokes);
            let mut call = Call::new(
                format!("size {size}, {mapped} bytes before the hole, {what}"),
                cmd,
                size,
                move |e| sized(&base(e), mapped, &pokes),
            )
            .at(AttrAt::BeforeGuard(mapped))
            .check(want.check());
            call.fill.extend(fills.iter().cloned());
            c.push(call);
        }
        v.push(c);
    }
    v
}

/// `GUARD_EDGE - mapped + range`: where bytes of a struct placed `mapped`
/// bytes before an edge show in that edge's compared bytes.
fn at_edge(mapped: usize, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    GUARD_EDGE - mapped + r.start..GUARD_EDGE - mapped + r.end
}

/// The edge's compared-bytes index for [`Call::skip_buf`].
fn edge_index(edge: Edge) -> usize {
    match edge {
        Edge::Guard => EDGE,
        Edge::Rodata => RO_EDGE,
    }
}

/// Creates the object of `kind` as "o"; returns the next-id command.
fn make_object(c: &mut Case, kind: Kind) -> u32 {
    let (call, next) = match kind {
        Kind::Map => (create_array("o"), BPF_MAP_GET_NEXT_ID),
        Kind::Prog => (load_ret0(c, "o"), BPF_PROG_GET_NEXT_ID),
        Kind::Btf => (load_btf(c, "o"), BPF_BTF_GET_NEXT_ID),
        Kind::Link => (xdp_link(c, "o"), BPF_LINK_GET_NEXT_ID),
    };
    c.push(call);
    next
}

const KINDS: [(Kind, &str); 4] =
    [(Kind::Map, "map"), (Kind::Prog, "prog"), (Kind::Btf, "btf"), (Kind::Link, "link")];

/// Fields the kernel writes back into the attr, with the hole (or the
/// read-only page) at each byte of them: `put_user` (`next_id`,
/// `info_len`) writes nothing of a value it cannot write whole;
/// `copy_to_user` (a tcx query's `attach_flags`, `revision`, `prog_cnt`;
/// a test run's `data_size_out`, `retval`, `duration`) writes the bytes
/// before the edge. The attr's bytes past `size` hold 0xff, so every byte
/// written shows.
pub fn attr_write_back() -> Vec<Case> {
    let mut v = Vec::new();
    let edges = |n: usize, ro: &[usize]| -> Vec<(Edge, usize)> {
        let mut e: Vec<_> = (4..=n).map(|m| (Edge::Guard, m)).collect();
        e.extend(ro.iter().map(|&m| (Edge::Rodata, m)));
        e
    };
    let at = |edge: Edge, mapped: usize| match edge {
        Edge::Guard => AttrAt::BeforeGuard(mapped),
        Edge::Rodata => AttrAt::BeforeRodata(mapped),
    };
    for (kind, name) in KINDS {
        // *_GET_NEXT_ID from the id before ours: next_id is ours.
        let mut c = Case::new(format!("hole/write-back/{name}/next_id"));
        let next = make_object(&mut c, kind);
        for (edge, mapped) in edges(8, &[4, 6, 8]) {
            let want = if mapped == 8 { Want::Ran } else { Want::Fault };
            let mut call = Call::new(
                format!("start_id 4 bytes, {mapped} bytes before {edge:?}"),
                next,
                4,
                |e| bytes_of(&get_id(e.id("o").wrapping_sub(1), u32::MAX, 0, 0)).to_vec(),
            )
            .at(at(edge, mapped))
            .check(want.check());
            if mapped == 8 {
                // The id is each backend's own.
                call = call.skip_buf(edge_index(edge), at_edge(8, 4..8)).check(move |e, o| {
                    let b = &o.edge_after(edge)[GUARD_EDGE - 4..];
                    match u32::from_ne_bytes(b.try_into().unwrap()) == e.id("o") {
                        true => Ok(()),
                        false => Err(format!("next_id {b:02x?} is not o's id {}", e.id("o"))),
                    }
                });
            }
            c.push(call);
        }
        v.push(c);
        // OBJ_GET_INFO_BY_FD with only bpf_fd passed: info_len 0 is
        // written back.
        let mut c = Case::new(format!("hole/write-back/{name}/info_len"));
        make_object(&mut c, kind);
        for (edge, mapped) in edges(8, &[4, 6, 8]) {
            let want = if mapped == 8 { Want::Ran } else { Want::Fault };
            c.push(
                Call::new(
                    format!("bpf_fd 4 bytes, {mapped} bytes before {edge:?}"),
                    BPF_OBJ_GET_INFO_BY_FD,
                    4,
                    |e| bytes_of(&info_attr(e.fd("o"), u32::MAX, 0)).to_vec(),
                )
                .at(at(edge, mapped))
                .check(want.check()),
            );
        }
        v.push(c);
    }
    // A tcx query passes 8 bytes; attach_flags (12), revision (56) and
    // prog_cnt (24) come back in that order.
    let mut c = Case::new("hole/write-back/PROG_QUERY/tcx");
    let query = |_: &Env| {
        let mut a = sized(&[], 64, &[]);
        a.fill(0xff);
        a[..8].copy_from_slice(
            &bytes_of(&bpf_attr_query {
                target_fd: 1,
                attach_type: BPF_TCX_INGRESS,
                ..Default::default()
            })[..8],
        );
        a
    };
    let mut places: Vec<(Edge, usize)> =
        [8, 12, 14, 16, 26, 56, 60, 63, 64].iter().map(|&m| (Edge::Guard, m)).collect();
    places.extend([14, 60, 64].iter().map(|&m| (Edge::Rodata, m)));
    for (edge, mapped) in places {
        let want = if mapped == 64 { Want::Ran } else { Want::Fault };
        c.push(
            Call::new(format!("8 bytes, {mapped} bytes before {edge:?}"), BPF_PROG_QUERY, 8, query)
                .at(at(edge, mapped))
                .check(want.check()),
        );
    }
    v.push(c);
    // log_true_size (PROG_LOAD, at 140) and btf_log_true_size (BTF_LOAD,
    // at 28) go out by copy_to_user after a successful load: with the
    // attr's end in read-only memory, the load fails with EFAULT.
    for cmd in [BPF_PROG_LOAD, BPF_BTF_LOAD] {
        let mut c = Case::new(format!("hole/write-back/{}/log_true_size", cmd_name(cmd)));
        let (base, fills) = command_base(cmd, &mut c);
        let (size, at) = match cmd {
            BPF_PROG_LOAD => (168, 140),
            _ => (40, 28),
        };
        for mapped in [at, at + 2, at + 4] {
            let want = if mapped == at + 4 { Want::Ran } else { Want::Fault };
            let base = base.clone();
            let mut call = Call::new(
                format!("size {size}, {mapped} bytes before the read-only page"),
                cmd,
                size,
                move |e| {
                    let mut a = sized(&base(e), size as usize, &[]);
                    a[at..at + 4].fill(0xff);
                    a
                },
            )
            .at(AttrAt::BeforeRodata(mapped))
            .check(want.check());
            call.fill.extend(fills.iter().cloned());
            c.push(call);
        }
        v.push(c);
    }
    // A test run passes 32 bytes (up to repeat); data_size_out (12) and
    // retval (4) come back, then duration (36, a time: not compared).
    let mut c = Case::new("hole/write-back/PROG_TEST_RUN/duration");
    let p = load_ret0(&mut c, "p");
    c.push(p);
    let din = c.buf(64, None);
    for (edge, mapped) in [36, 38, 40].iter().map(|&m| (Edge::Guard, m)).chain([(Edge::Rodata, 38)])
    {
        let want = if mapped == 40 { Want::Ran } else { Want::Fault };
        c.push(
            Call::new(
                format!("32 bytes, {mapped} bytes before {edge:?}"),
                BPF_PROG_TEST_RUN,
                32,
                {
                    move |e| {
                        let mut a = bytes_of(&test_attr(e, din, 64, None, 0))[..32].to_vec();
                        a.extend([0xff; 8]);
                        a
                    }
                },
            )
            .fill(din, 0, |_| (0u8..64).collect())
            .at(at(edge, mapped))
            .skip_buf(edge_index(edge), at_edge(mapped, 36..40))
            .check(want.check()),
        );
    }
    v.push(c);
    v
}

/// A test run's context in (`bpf_ctx_init`, `bpf_check_uarg_tail_zero`
/// against `sizeof(struct __sk_buff)`, 192) at every position around a
/// hole.
pub fn ctx_holes() -> Vec<Case> {
    const SKB: usize = 192;
    let mut c = Case::new("hole/test_run/ctx_in");
    let p = load_ret0(&mut c, "p");
    c.push(p);
    let din = c.buf(64, None);
    // The context's last meaningful byte: all of it (its fields are zero).
    for (mapped, len, pokes, want) in positions(SKB, SKB) {
        let what = tail(&pokes);
        let ctx = sized(&[], mapped, &pokes);
        c.push(
            Call::new(
                format!("ctx_size_in {len}, {mapped} bytes before the hole, {what}"),
                BPF_PROG_TEST_RUN,
                80,
                move |e| {
                    let mut a = test_attr(e, din, 64, None, 0);
                    a.ctx_in = e.guard - mapped as u64;
                    a.ctx_size_in = len;
                    bytes_of(&a).to_vec()
                },
            )
            .fill(din, 0, |_| (0u8..64).collect())
            .at_edge(Edge::Guard, move |_| ctx.clone())
            .skip_attr(36..40)
            .check(want.check()),
        );
    }
    vec![c]
}

/// A program's `func_info` record (`bpf_check_uarg_tail_zero` per record
/// against the kernel's 8 bytes, then the copy) at every position around
/// a hole: a 24-byte record, a non-zero byte of its tail before the hole
/// is `E2BIG` (the kernel's record size is written back into
/// `func_info_rec_size` and the verifier log says why), a zero tail up
/// to the hole `EFAULT`.
pub fn func_info_holes() -> Vec<Case> {
    use Want::*;
    let mut c = Case::new("hole/prog_load/func_info");
    let l = load_func_btf(&mut c, "b");
    c.push(l);
    let ib = c.buf(16, None);
    let lb = c.buf(4, None);
    let logb = c.buf(4200, None);
    // (record size, bytes mapped before the hole, pokes, want)
    let mut places: Vec<(u32, usize, Pokes, Want)> = vec![
        (24, 24, vec![], Ran),
        (24, 24, vec![poke(23)], TooBig),
        (24, 8, vec![], Fault),
        (24, 7, vec![], Fault),
        (24, 0, vec![], Fault),
        (8, 8, vec![], Ran),
        (8, 7, vec![], Fault),
    ];
    for n in [13, 16] {
        places.push((24, n, vec![], Fault));
        places.extend((8..n).map(|at| (24, n, vec![poke(at)], TooBig)));
    }
    for (rec, mapped, pokes, want) in places {
        // { insn_off 0, type_id 4: main }, then the tail.
        let mut record = sized(&[0, 0, 0, 0, 4, 0, 0, 0], mapped.max(8), &pokes);
        record.truncate(mapped);
        let what = tail(&pokes);
        c.push(
            Call::with(
                format!("record of {rec} bytes, {mapped} before the hole, {what}"),
                BPF_PROG_LOAD,
                168,
                move |e| {
                    let mut a = prog_attr(e, ib, 2, lb, b"btf_prog");
                    a.prog_btf_fd = e.fd("b");
                    a.func_info_rec_size = rec;
                    a.func_info_cnt = 1;
                    a.func_info = e.guard - mapped as u64;
                    a.log_level = 1;
                    a.log_buf = e.buf(logb);
                    a.log_size = 4096;
                    a
                },
            )
            .fill(ib, 0, |_| ret0())
            .fill(lb, 0, |_| b"GPL\0".to_vec())
            .fill(logb, 0, |_| vec![0u8; 4200])
            .at_edge(Edge::Guard, move |_| record.clone())
            .check(want.check()),
        );
    }
    vec![c]
}

/// The info struct of `T` at every position around a page hole
/// ([`positions`] of its size), and straddling the end of a read-write
/// page before a read-only one (`copy_to_user` writes what fits, then
/// `EFAULT`).
fn info_positions<T: ExtensibleAbi>(kind: Kind, name: &str) -> Case {
    let l = T::LAYOUT;
    let k = l.size;
    let mut c = Case::new(format!("hole/info/{name}"));
    make_object(&mut c, kind);
    let mut places: Vec<(Edge, Position)> =
        positions(k, k).into_iter().map(|p| (Edge::Guard, p)).collect();
    // Short callers: 8 bytes, ending at the hole or running into it.
    places.push((Edge::Guard, (8, 8, vec![], Want::Ran)));
    places.push((Edge::Guard, (7, 8, vec![], Want::Fault)));
    for mapped in [k, k - 1, k - 4, k / 2, 1] {
        let want = if mapped == k { Want::Ran } else { Want::Fault };
        places.push((Edge::Rodata, (mapped, k as u32, vec![], want)));
    }
    for (edge, (mapped, len, pokes, want)) in places {
        let what = tail(&pokes);
        let info = sized(&[], mapped, &pokes);
        let mut call = Call::new(
            format!("info_len {len}, {mapped} bytes before {edge:?}, {what}"),
            BPF_OBJ_GET_INFO_BY_FD,
            16,
            move |e| {
                let end = if edge == Edge::Guard { e.guard } else { e.rodata };
                bytes_of(&info_attr(e.fd("o"), len, end - mapped as u64)).to_vec()
            },
        )
        .at_edge(edge, move |_| info.clone())
        .check(want.check());
        for f in exceptions(l) {
            let fi = l.field(f).unwrap();
            call = call.skip_buf(edge_index(edge), at_edge(mapped, fi.offset..fi.end()));
        }
        c.push(call);
    }
    c
}

/// `BPF_OBJ_GET_INFO_BY_FD` of a map, a program, a BTF object and a link
/// with the info buffer around a hole; and a program's `map_ids` array
/// (`put_user` per id) running into one.
pub fn info_holes() -> Vec<Case> {
    let mut v = vec![
        info_positions::<bpf_map_info>(Kind::Map, "map"),
        info_positions::<bpf_prog_info>(Kind::Prog, "prog"),
        info_positions::<bpf_btf_info>(Kind::Btf, "btf"),
        info_positions::<bpf_link_info>(Kind::Link, "link"),
    ];
    let mut c = Case::new("hole/info/prog/map_ids");
    c.push(create_array("m"));
    let ib = c.buf(32, None);
    let lb = c.buf(4, None);
    c.push(
        Call::with("load a prog using m", BPF_PROG_LOAD, 168, move |e| {
            prog_attr(e, ib, 4, lb, b"uses_m")
        })
        .fill(ib, 0, |e| with_map(e.fd("m")))
        .fill(lb, 0, |_| b"GPL\0".to_vec())
        .save("p", Some(Kind::Prog)),
    );
    let info = c.buf(bpf_prog_info::LAYOUT.size, Some(bpf_prog_info::LAYOUT));
    let len = bpf_prog_info::LAYOUT.size as u32;
    for (edge, mapped) in
        [0, 2, 4].iter().map(|&m| (Edge::Guard, m)).chain([(Edge::Rodata, 2), (Edge::Rodata, 4)])
    {
        let want = if mapped == 4 { Want::Ran } else { Want::Fault };
        let mut call = info_call::<bpf_prog_info>("p", info, len)
            .fill(info, 0, move |e| {
                let end = if edge == Edge::Guard { e.guard } else { e.rodata };
                let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                i.nr_map_ids = 1;
                i.map_ids = end - mapped as u64;
                bytes_of(&i).to_vec()
            })
            .at_edge(edge, |_| vec![0xff; 4])
            .check(want.check());
        call.label = format!("map_ids: 1 id, {mapped} bytes before {edge:?}");
        if mapped == 4 {
            // The id is each backend's own.
            call =
                call.skip_buf(edge_index(edge), GUARD_EDGE - 4..GUARD_EDGE).check(move |e, o| {
                    let b = &o.edge_after(edge)[GUARD_EDGE - 4..];
                    match u32::from_ne_bytes(b.try_into().unwrap()) == e.id("m") {
                        true => Ok(()),
                        false => Err(format!("map_ids[0] {b:02x?} is not m's id {}", e.id("m"))),
                    }
                });
        }
        c.push(call);
    }
    v.push(c);
    v
}

/// Every hole case.
pub fn all() -> Vec<Case> {
    let mut v = attr_holes();
    v.extend(attr_write_back());
    v.extend(ctx_holes());
    v.extend(func_info_holes());
    v.extend(info_holes());
    v
}
