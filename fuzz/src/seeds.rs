//! Seed inputs for `runtime_bpf`: create-then-use sequences, built with the
//! input format's encoder (never typed as bytes), each with the result
//! every call must have. `tests/runtime_seeds.rs` runs them through the
//! harness and asserts those results; `WRITE_SEEDS=1 cargo test
//! --test runtime_seeds` (or `bash scripts/fuzz.sh seeds`) writes them to
//! `fuzz/seeds/runtime_bpf/`.

use core::mem::{offset_of, size_of};

use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};

use extensible_abi_runtime::release;

use crate::runtime_harness::{kind, size, Op, Slot, BUF, LEVELS, LEVEL_TAG};

// `int_btf()` (and `every_kind_btf()`), as every test that loads BTF has them.
include!("../../tests/support/btf_blobs.rs");

/// What a seed's call must return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A new fd.
    Fd,
    /// 0.
    Zero,
    /// This errno (a call that exercises a failure path on purpose).
    Errno(i32),
}

/// A seed under construction.
#[derive(Default)]
pub struct Seq {
    pub ops: Vec<Op>,
    pub expect: Vec<Expect>,
}

/// The 8-byte attr word holding the field at byte `off`.
const fn w(off: usize) -> u8 {
    (off / 8) as u8
}

/// Two u32 fields sharing a word.
const fn pair(lo: u32, hi: u32) -> u64 {
    lo as u64 | (hi as u64) << 32
}

pub fn raw(word: u8, value: u64) -> Slot {
    Slot { word, kind: kind::RAW, value }
}

/// A pointer into buffer `b` at `off`.
pub fn buf(word: u8, b: u8, off: u16) -> Slot {
    Slot { word, kind: kind::BUF, value: u64::from(b) | u64::from(off) << 8 }
}

/// Low half: the `sel`-th fd returned so far; high half: `hi`.
pub fn fd_lo(word: u8, sel: u8, hi: u32) -> Slot {
    Slot { word, kind: kind::FD_LO, value: u64::from(sel) | u64::from(hi) << 32 }
}

/// Low half: `lo`; high half: the `sel`-th fd.
pub fn fd_hi(word: u8, lo: u32, sel: u8) -> Slot {
    Slot { word, kind: kind::FD_HI, value: u64::from(lo) | u64::from(sel) << 32 }
}

/// Both halves fds.
pub fn fd_both(word: u8, lo: u8, hi: u8) -> Slot {
    Slot { word, kind: kind::FD_BOTH, value: u64::from(lo) | u64::from(hi) << 32 }
}

/// Low half: the id of the `sel`-th object created; high half: `hi`.
pub fn id_lo(word: u8, sel: u8, hi: u32) -> Slot {
    Slot { word, kind: kind::ID_LO, value: u64::from(sel) | u64::from(hi) << 32 }
}

impl Seq {
    pub fn call(&mut self, cmd: u32, slots: Vec<Slot>, expect: Expect) -> &mut Self {
        self.ops.push(Op::Call { cmd: cmd as u8, size_sel: size::FULL, slots });
        self.expect.push(expect);
        self
    }

    pub fn write(&mut self, b: u8, off: u16, bytes: &[u8]) -> &mut Self {
        self.ops.push(Op::Write { region: b, offset: off, bytes: bytes.to_vec() });
        self
    }

    pub fn close(&mut self, sel: u8) -> &mut Self {
        self.ops.push(Op::Close { sel });
        self
    }

    /// An info struct of `size` bytes at buffer `b`, offset `off`, with
    /// `fields` (offset in the struct, little-endian bytes) set.
    pub fn info_struct(
        &mut self,
        b: u8,
        off: u16,
        size: usize,
        fields: &[(usize, Vec<u8>)],
    ) -> &mut Self {
        let mut s = vec![0u8; size];
        for (at, bytes) in fields {
            s[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        self.write(b, off, &s)
    }

    /// `OBJ_GET_INFO_BY_FD` of the `sel`-th fd into buffer `b` at `off`.
    pub fn info(&mut self, sel: u8, len: usize, b: u8, off: u16) -> &mut Self {
        self.call(
            BPF_OBJ_GET_INFO_BY_FD,
            vec![
                fd_lo(w(offset_of!(bpf_attr_info, bpf_fd)), sel, len as u32),
                buf(w(offset_of!(bpf_attr_info, info)), b, off),
            ],
            Expect::Zero,
        )
    }

    pub fn bytes(&self) -> Vec<u8> {
        crate::runtime_harness::encode(&self.ops)
    }
}

type B = bpf_attr_btf_load;

/// `r0 = 0; exit`.
pub const RET0: [u8; 16] = [0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];

/// `r1 = map fd (ld_imm64, BPF_PSEUDO_MAP_FD); r0 = 0; exit`.
pub fn ld_map_fd(fd: i32) -> Vec<u8> {
    let mut v = vec![0x18, 0x11, 0, 0];
    v.extend(fd.to_le_bytes());
    v.extend([0u8; 8]);
    v.extend(RET0);
    v
}

pub fn map_create(map_type: u32, key: u32, value: u32, max: u32) -> Vec<Slot> {
    type A = bpf_attr_map_create;
    vec![
        raw(w(offset_of!(A, map_type)), pair(map_type, key)),
        raw(w(offset_of!(A, value_size)), pair(value, max)),
    ]
}

/// A `bpf_attr_map_elem` on the `sel`-th fd.
pub fn elem(sel: u8, key: Option<(u8, u16)>, value: Option<(u8, u16)>, flags: u64) -> Vec<Slot> {
    type A = bpf_attr_map_elem;
    let mut v = vec![fd_lo(w(offset_of!(A, map_fd)), sel, 0)];
    if let Some((b, o)) = key {
        v.push(buf(w(offset_of!(A, key)), b, o));
    }
    if let Some((b, o)) = value {
        v.push(buf(w(offset_of!(A, value)), b, o));
    }
    if flags != 0 {
        v.push(raw(w(offset_of!(A, flags)), flags));
    }
    v
}

/// A `bpf_attr_batch` on the `sel`-th fd with keys in buffer 2 at 64,
/// values in buffer 2 at 256, the token in buffer 3 at 0.
fn batch(sel: u8, count: u32, in_batch: bool) -> Vec<Slot> {
    type A = bpf_attr_batch;
    let mut v = vec![
        buf(w(offset_of!(A, out_batch)), 3, 0),
        buf(w(offset_of!(A, keys)), 2, 64),
        buf(w(offset_of!(A, values)), 2, 256),
        fd_hi(w(offset_of!(A, count)), count, sel),
    ];
    if in_batch {
        v.push(buf(w(offset_of!(A, in_batch)), 3, 0));
    }
    v
}

fn prog_load(prog_type: u32, insns: usize, log: Option<(u32, u32)>) -> Vec<Slot> {
    type A = bpf_attr_prog_load;
    let mut v = vec![
        raw(w(offset_of!(A, prog_type)), pair(prog_type, (insns / 8) as u32)),
        buf(w(offset_of!(A, insns)), 0, 0),
        buf(w(offset_of!(A, license)), 1, 0),
    ];
    if let Some((level, size)) = log {
        v.push(raw(w(offset_of!(A, log_level)), pair(level, size)));
        v.push(buf(w(offset_of!(A, log_buf)), 3, 0));
    }
    v
}

fn test_run(sel: u8, data: u32, out: u32) -> Vec<Slot> {
    type A = bpf_attr_test;
    vec![
        fd_lo(w(offset_of!(A, prog_fd)), sel, 0),
        raw(w(offset_of!(A, data_size_in)), pair(data, out)),
        buf(w(offset_of!(A, data_in)), 2, 0),
        buf(w(offset_of!(A, data_out)), 2, 256),
        raw(w(offset_of!(A, repeat)), 1),
    ]
}

fn get_id(start: Option<u8>) -> Vec<Slot> {
    match start {
        None => vec![],
        Some(sel) => vec![id_lo(w(offset_of!(bpf_attr_get_id, start_id)), sel, 0)],
    }
}

fn le32(x: u32) -> Vec<u8> {
    x.to_le_bytes().to_vec()
}

fn le64(x: u64) -> Vec<u8> {
    x.to_le_bytes().to_vec()
}

/// Every seed, by file name.
/// The releases the seed files are also written for (each seed prefixed
/// with [`LEVEL_TAG`] and the release's index in [`LEVELS`]), so that the
/// fuzzer starts from calls on runtimes acting as older kernels too.
pub const SEED_LEVELS: &[u32] = &[release(4, 18), release(5, 10), release(6, 1)];

/// Every seed file: each seed as it is (`name`), and at each of
/// [`SEED_LEVELS`] (`name@x.y`).
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, seq) in all() {
        out.push((name.to_string(), seq.bytes()));
        for &level in SEED_LEVELS {
            let sel = LEVELS.iter().position(|&l| l == level).expect("a listed level") as u8;
            let mut bytes = vec![LEVEL_TAG, sel];
            bytes.extend(seq.bytes());
            out.push((format!("{name}@{}.{}", level >> 16, level >> 8 & 0xff), bytes));
        }
    }
    out
}

pub fn all() -> Vec<(&'static str, Seq)> {
    let mut out = Vec::new();

    // An array map: create, update, lookup, next key, batches, info,
    // freeze, info with the values' hash, ids.
    let mut s = Seq::default();
    s.write(1, 0, &[1, 2, 3, 4, 5, 6, 7, 8])
        .call(BPF_MAP_CREATE, map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4), Expect::Fd)
        .call(BPF_MAP_UPDATE_ELEM, elem(0, Some((0, 0)), Some((1, 0)), 0), Expect::Zero)
        .call(BPF_MAP_LOOKUP_ELEM, elem(0, Some((0, 0)), Some((2, 0)), 0), Expect::Zero)
        .call(BPF_MAP_GET_NEXT_KEY, elem(0, Some((0, 0)), Some((3, 0)), 0), Expect::Zero)
        .call(BPF_MAP_LOOKUP_BATCH, batch(0, 2, false), Expect::Zero)
        .call(BPF_MAP_UPDATE_BATCH, batch(0, 2, false), Expect::Zero)
        .info(0, size_of::<bpf_map_info>(), 3, 64)
        .call(BPF_MAP_FREEZE, elem(0, None, None, 0), Expect::Zero)
        .info_struct(
            3,
            200,
            size_of::<bpf_map_info>(),
            &[
                (offset_of!(bpf_map_info, hash), le64(BUF[1] + 256)),
                (offset_of!(bpf_map_info, hash_size), le32(32)),
            ],
        )
        .info(0, size_of::<bpf_map_info>(), 3, 200)
        .call(BPF_MAP_GET_NEXT_ID, get_id(None), Expect::Zero)
        .call(BPF_MAP_GET_FD_BY_ID, get_id(Some(0)), Expect::Fd)
        .call(BPF_MAP_LOOKUP_ELEM, elem(1, Some((0, 0)), Some((2, 100)), 0), Expect::Zero)
        .call(BPF_MAP_UPDATE_ELEM, elem(1, Some((0, 0)), Some((1, 0)), 0), Expect::Errno(1));
    out.push(("map_array", s));

    // A hash map: updates, lookups, next key, batches, lookup-and-delete.
    let mut s = Seq::default();
    s.write(0, 0, &[1, 0, 0, 0, 2, 0, 0, 0])
        .write(1, 0, &[9; 16])
        .call(BPF_MAP_CREATE, map_create(BPF_MAP_TYPE_HASH, 4, 8, 8), Expect::Fd)
        .call(BPF_MAP_UPDATE_ELEM, elem(0, Some((0, 0)), Some((1, 0)), 0), Expect::Zero)
        .call(BPF_MAP_UPDATE_ELEM, elem(0, Some((0, 4)), Some((1, 8)), BPF_NOEXIST), Expect::Zero)
        .call(
            BPF_MAP_UPDATE_ELEM,
            elem(0, Some((0, 4)), Some((1, 8)), BPF_NOEXIST),
            Expect::Errno(17),
        )
        .call(BPF_MAP_LOOKUP_ELEM, elem(0, Some((0, 4)), Some((2, 0)), 0), Expect::Zero)
        .call(BPF_MAP_GET_NEXT_KEY, elem(0, None, Some((3, 0)), 0), Expect::Zero)
        .call(BPF_MAP_LOOKUP_BATCH, batch(0, 1, false), Expect::Zero)
        .call(BPF_MAP_LOOKUP_BATCH, batch(0, 1, true), Expect::Errno(2))
        .call(
            BPF_MAP_LOOKUP_AND_DELETE_ELEM,
            elem(0, Some((0, 0)), Some((2, 200)), 0),
            Expect::Zero,
        )
        .call(BPF_MAP_DELETE_ELEM, elem(0, Some((0, 4)), None, 0), Expect::Zero)
        .call(
            BPF_MAP_UPDATE_BATCH,
            {
                let mut v = batch(0, 2, false);
                v[1] = buf(w(offset_of!(bpf_attr_batch, keys)), 0, 0);
                v
            },
            Expect::Zero,
        )
        .call(BPF_MAP_LOOKUP_AND_DELETE_BATCH, batch(0, 8, false), Expect::Errno(2))
        .call(
            BPF_MAP_UPDATE_BATCH,
            {
                let mut v = batch(0, 2, false);
                v[1] = buf(w(offset_of!(bpf_attr_batch, keys)), 0, 0);
                v
            },
            Expect::Zero,
        )
        .call(
            BPF_MAP_DELETE_BATCH,
            {
                let mut v = batch(0, 2, false);
                v[1] = buf(w(offset_of!(bpf_attr_batch, keys)), 0, 0);
                v
            },
            Expect::Zero,
        )
        .info(0, size_of::<bpf_map_info>(), 3, 64);
    out.push(("map_hash", s));

    // An XDP program: load, test run, info with its arrays, a link on lo,
    // link info, update, detach, ids, stream read.
    let mut s = Seq::default();
    let prog_info = |s: &mut Seq| {
        type P = bpf_prog_info;
        s.info_struct(
            3,
            0,
            size_of::<P>(),
            &[
                (offset_of!(P, xlated_prog_len), le32(64)),
                (offset_of!(P, xlated_prog_insns), le64(BUF[1] + 64)),
                (offset_of!(P, nr_map_ids), le32(4)),
                (offset_of!(P, map_ids), le64(BUF[1] + 160)),
                (offset_of!(P, nr_jited_ksyms), le32(1)),
                (offset_of!(P, jited_ksyms), le64(BUF[1] + 180)),
                (offset_of!(P, nr_jited_func_lens), le32(1)),
                (offset_of!(P, jited_func_lens), le64(BUF[1] + 188)),
                (offset_of!(P, nr_prog_tags), le32(1)),
                (offset_of!(P, prog_tags), le64(BUF[1] + 192)),
            ],
        );
    };
    s.write(0, 0, &RET0).write(1, 0, b"GPL\0").write(2, 0, &[0x5a; 64]);
    s.call(BPF_PROG_LOAD, prog_load(BPF_PROG_TYPE_XDP, RET0.len(), Some((1, 256))), Expect::Fd)
        .call(BPF_PROG_TEST_RUN, test_run(0, 64, 128), Expect::Zero)
        .call(BPF_PROG_TEST_RUN, test_run(0, 64, 16), Expect::Errno(28));
    prog_info(&mut s);
    s.info(0, size_of::<bpf_prog_info>(), 3, 0)
        .call(
            BPF_LINK_CREATE,
            vec![
                fd_lo(w(offset_of!(bpf_attr_link_create, prog_fd)), 0, 1),
                raw(w(offset_of!(bpf_attr_link_create, attach_type)), pair(BPF_XDP, 0)),
            ],
            Expect::Fd,
        )
        .info(1, size_of::<bpf_link_info>(), 2, 300)
        .call(BPF_PROG_LOAD, prog_load(BPF_PROG_TYPE_XDP, RET0.len(), None), Expect::Fd)
        .call(
            BPF_LINK_UPDATE,
            vec![fd_both(w(offset_of!(bpf_attr_link_update, link_fd)), 1, 2)],
            Expect::Zero,
        )
        .call(
            BPF_LINK_DETACH,
            vec![fd_lo(w(offset_of!(bpf_attr_link_detach, link_fd)), 1, 0)],
            Expect::Zero,
        )
        .info(1, size_of::<bpf_link_info>(), 2, 300)
        .call(BPF_LINK_GET_NEXT_ID, get_id(None), Expect::Zero)
        .call(BPF_LINK_GET_FD_BY_ID, get_id(Some(1)), Expect::Fd)
        .call(BPF_PROG_GET_NEXT_ID, get_id(Some(0)), Expect::Zero)
        .call(BPF_PROG_GET_FD_BY_ID, get_id(Some(0)), Expect::Fd)
        .call(
            BPF_PROG_STREAM_READ_BY_FD,
            vec![
                buf(w(offset_of!(bpf_attr_prog_stream_read, stream_buf)), 3, 0),
                raw(w(offset_of!(bpf_attr_prog_stream_read, stream_buf_len)), pair(64, 1)),
                fd_lo(w(offset_of!(bpf_attr_prog_stream_read, prog_fd)), 0, 0),
            ],
            Expect::Zero,
        )
        .close(1)
        .close(3);
    out.push(("prog_xdp_link", s));

    // A program that uses a map (ld_imm64 of the map's fd, 3: the first fd
    // of a runtime): load, info with map_ids, bind another map.
    let mut s = Seq::default();
    s.write(0, 0, &ld_map_fd(3)).write(1, 0, b"GPL\0").write(2, 0, &[0x11; 64]);
    s.call(BPF_MAP_CREATE, map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1), Expect::Fd)
        .call(BPF_PROG_LOAD, prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 32, Some((2, 512))), Expect::Fd)
        .call(BPF_MAP_CREATE, map_create(BPF_MAP_TYPE_HASH, 8, 4, 4), Expect::Fd)
        .call(
            BPF_PROG_BIND_MAP,
            vec![fd_both(w(offset_of!(bpf_attr_prog_bind_map, prog_fd)), 1, 2)],
            Expect::Zero,
        );
    prog_info(&mut s);
    s.info(1, size_of::<bpf_prog_info>(), 3, 0).call(
        BPF_PROG_TEST_RUN,
        test_run(1, 64, 0),
        Expect::Zero,
    );
    out.push(("prog_with_maps", s));

    // Run-time stats: an fd, a test run, the counts in the info.
    let mut s = Seq::default();
    s.write(0, 0, &RET0).write(1, 0, b"GPL\0");
    s.call(BPF_ENABLE_STATS, vec![], Expect::Fd)
        .call(BPF_PROG_LOAD, prog_load(BPF_PROG_TYPE_SOCKET_FILTER, RET0.len(), None), Expect::Fd)
        .call(BPF_PROG_TEST_RUN, test_run(1, 32, 64), Expect::Zero)
        .info(1, size_of::<bpf_prog_info>(), 3, 0)
        .close(0);
    out.push(("stats", s));

    // A program with func and line info from a BTF object of every kind
    // (fuzz/seeds/btf_parse/mixed.btf: type 1 `int`, 4 `struct s` of 24
    // bytes, 7 a FUNC_PROTO, 8 the FUNC `f`), its info with those arrays, a
    // map with a BTF value type, and test runs with a context in and out.
    let mut s = Seq::default();
    let blob = include_bytes!("../seeds/btf_parse/mixed.btf");
    type L = bpf_attr_prog_load;
    let same_word =
        |a: usize, b: usize| assert_eq!(a / 8, b / 8, "fields {a} and {b} share a word");
    same_word(offset_of!(L, prog_btf_fd), offset_of!(L, func_info_rec_size));
    same_word(offset_of!(L, func_info_cnt), offset_of!(L, line_info_rec_size));
    same_word(offset_of!(L, line_info_cnt), offset_of!(L, attach_btf_id));
    let func_info: Vec<u8> = [0u32, 8].iter().flat_map(|x| x.to_le_bytes()).collect();
    let line_info: Vec<u8> = [0u32, 1, 1, 0].iter().flat_map(|x| x.to_le_bytes()).collect();
    s.write(2, 0, blob)
        .call(
            BPF_BTF_LOAD,
            vec![
                buf(w(offset_of!(B, btf)), 2, 0),
                raw(w(offset_of!(B, btf_size)), pair(blob.len() as u32, 0)),
            ],
            Expect::Fd,
        )
        .write(0, 0, &RET0)
        .write(1, 0, b"GPL\0")
        .write(1, 16, &func_info)
        .write(1, 32, &line_info)
        .write(2, 0, &[0x77; 64])
        .call(
            BPF_PROG_LOAD,
            {
                let mut v = prog_load(BPF_PROG_TYPE_XDP, RET0.len(), Some((2, 512)));
                v.push(fd_lo(w(offset_of!(L, prog_btf_fd)), 0, 8));
                v.push(buf(w(offset_of!(L, func_info)), 1, 16));
                v.push(raw(w(offset_of!(L, func_info_cnt)), pair(1, 16)));
                v.push(buf(w(offset_of!(L, line_info)), 1, 32));
                v.push(raw(w(offset_of!(L, line_info_cnt)), pair(1, 0)));
                v
            },
            Expect::Fd,
        );
    {
        type P = bpf_prog_info;
        s.info_struct(
            3,
            0,
            size_of::<P>(),
            &[
                (offset_of!(P, nr_func_info), le32(1)),
                (offset_of!(P, func_info_rec_size), le32(8)),
                (offset_of!(P, func_info), le64(BUF[1] + 300)),
                (offset_of!(P, nr_line_info), le32(1)),
                (offset_of!(P, line_info_rec_size), le32(16)),
                (offset_of!(P, line_info), le64(BUF[1] + 320)),
                (offset_of!(P, nr_jited_line_info), le32(1)),
                (offset_of!(P, jited_line_info_rec_size), le32(8)),
                (offset_of!(P, jited_line_info), le64(BUF[1] + 340)),
            ],
        );
    }
    s.info(1, size_of::<bpf_prog_info>(), 3, 0)
        .call(
            BPF_MAP_CREATE,
            {
                type A = bpf_attr_map_create;
                let mut v = map_create(BPF_MAP_TYPE_ARRAY, 4, 24, 2);
                v.push(fd_lo(w(offset_of!(A, btf_fd)), 0, 1));
                v.push(raw(w(offset_of!(A, btf_value_type_id)), 4));
                v
            },
            Expect::Fd,
        )
        .info(2, size_of::<bpf_map_info>(), 3, 256);
    // xdp_md in: data 0, data_end = the packet's 64 bytes.
    s.write(1, 400, &[0, 0, 0, 0, 64, 0, 0, 0]).call(
        BPF_PROG_TEST_RUN,
        {
            type T = bpf_attr_test;
            let mut v = test_run(1, 64, 128);
            v.push(raw(w(offset_of!(T, ctx_size_in)), pair(24, 24)));
            v.push(buf(w(offset_of!(T, ctx_in)), 1, 400));
            v.push(buf(w(offset_of!(T, ctx_out)), 3, 400));
            v
        },
        Expect::Zero,
    );
    out.push(("prog_btf_info", s));

    // A socket filter run with a zero __sk_buff in and out.
    let mut s = Seq::default();
    s.write(0, 0, &RET0).write(1, 0, b"GPL\0").write(2, 0, &[0x33; 64]);
    s.call(BPF_PROG_LOAD, prog_load(BPF_PROG_TYPE_SOCKET_FILTER, RET0.len(), None), Expect::Fd)
        .call(
            BPF_PROG_TEST_RUN,
            {
                type T = bpf_attr_test;
                let mut v = test_run(0, 64, 128);
                v.push(raw(w(offset_of!(T, ctx_size_in)), pair(192, 192)));
                v.push(buf(w(offset_of!(T, ctx_in)), 1, 256));
                v.push(buf(w(offset_of!(T, ctx_out)), 3, 300));
                v
            },
            Expect::Zero,
        );
    out.push(("prog_skb_ctx", s));

    // A BTF object: load with a log, info with the blob and the name, ids,
    // and a map whose key and value are its `int`.
    let mut s = Seq::default();
    let btf = int_btf();
    let btf_info = [
        (offset_of!(bpf_btf_info, btf), le64(BUF[1])),
        (offset_of!(bpf_btf_info, btf_size), le32(128)),
        (offset_of!(bpf_btf_info, name), le64(BUF[1] + 200)),
        (offset_of!(bpf_btf_info, name_len), le32(16)),
    ];
    s.write(0, 0, &btf);
    s.call(
        BPF_BTF_LOAD,
        vec![
            buf(w(offset_of!(B, btf)), 0, 0),
            buf(w(offset_of!(B, btf_log_buf)), 3, 0),
            raw(w(offset_of!(B, btf_size)), pair(btf.len() as u32, 256)),
            raw(w(offset_of!(B, btf_log_level)), 1),
        ],
        Expect::Fd,
    )
    .info_struct(2, 0, size_of::<bpf_btf_info>(), &btf_info)
    .info(0, size_of::<bpf_btf_info>(), 2, 0)
    .call(BPF_BTF_GET_NEXT_ID, get_id(None), Expect::Zero)
    .call(BPF_BTF_GET_FD_BY_ID, get_id(Some(0)), Expect::Fd)
    .call(
        BPF_MAP_CREATE,
        {
            type A = bpf_attr_map_create;
            let mut v = map_create(BPF_MAP_TYPE_ARRAY, 4, 4, 2);
            v.push(fd_lo(w(offset_of!(A, btf_fd)), 1, 1));
            v.push(raw(w(offset_of!(A, btf_value_type_id)), 1));
            v
        },
        Expect::Fd,
    )
    .info(2, size_of::<bpf_map_info>(), 3, 256)
    .close(0)
    // The first info wrote name_len 0 back: name without name_len is
    // EINVAL, so the struct is written afresh.
    .info_struct(2, 0, size_of::<bpf_btf_info>(), &btf_info)
    .info(1, size_of::<bpf_btf_info>(), 2, 0);
    out.push(("btf", s));

    out
}
