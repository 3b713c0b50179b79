//! The cases: commands × attr sizes × tail contents × info lengths × error
//! cases. Every case name is `area/what/variant`.

use extensible_abi::{bytes_of, ExtensibleAbi, Layout};
use extensible_abi_bpf::attr::{self, *};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};

use super::harness::{AttrAt, Call, Case, Env, Kind, Step, BAD_ADDR, EDGE, GUARD_EDGE};
pub use support::int_btf;

/// An fd no process has open: every prefix of its bytes is a closed fd too.
pub const BAD_FD: u32 = 0x7f7f_7f7f;
/// An id no object has (ids are cyclic up to INT_MAX; this one is never
/// reached on a test machine).
pub const NO_ID: u32 = 0x7fff_fff0;

/// `size` bytes of `base` (zero-extended), then `pokes` applied.
pub fn sized(base: &[u8], size: usize, pokes: &[(usize, u8)]) -> Vec<u8> {
    let mut v = vec![0u8; size.max(base.len())];
    v[..base.len()].copy_from_slice(base);
    for &(i, b) in pokes {
        if v.len() <= i {
            v.resize(i + 1, 0);
        }
        v[i] = b;
    }
    v
}

/// The sizes a caller of struct `l` passes: 0, 1, the end of every
/// field, every release's sizeof, `sizeof(union bpf_attr)`, 169, 4096.
pub fn attr_sizes(l: &Layout) -> Vec<usize> {
    let mut v = vec![0, 1];
    v.extend(l.fields.iter().filter(|f| !f.name.starts_with("_pad")).map(|f| f.end()));
    v.extend(l.versions.iter().map(|x| x.size));
    v.extend([BPF_ATTR_SIZE, BPF_ATTR_SIZE + 1, 4096]);
    v.sort_unstable();
    v.dedup();
    v
}

/// The info lengths a caller passes for info struct `l`: 0, 1, 8, each
/// release's size, the newest + 8.
pub fn info_lens(l: &Layout) -> Vec<usize> {
    let mut v = vec![0, 1, 8];
    v.extend(l.versions.iter().map(|x| x.size));
    v.extend([l.size + 8, 4096]);
    v.sort_unstable();
    v.dedup();
    v
}

pub fn cmd_name(cmd: u32) -> &'static str {
    attr::command(cmd).map(|c| c.name.trim_start_matches("BPF_")).unwrap_or("UNKNOWN")
}

// ---------------------------------------------------------------------
// The uniform path: every command, before the command itself runs.
// ---------------------------------------------------------------------

/// Page limit, tail E2BIG, bad attr pointers, CHECK_ATTR, unknown commands.
pub fn uniform() -> Vec<Case> {
    let mut v = Vec::new();
    for c in attr::COMMANDS {
        let n = cmd_name(c.cmd);
        let cmd = c.cmd;
        v.push(Case::new(format!("uniform/{n}/size=4097")).call(Call::new(
            "4097 zero bytes",
            cmd,
            4097,
            |_| vec![],
        )));
        v.push(Case::new(format!("uniform/{n}/size=8192")).call(Call::new(
            "8192 zero bytes",
            cmd,
            8192,
            |_| vec![],
        )));
        v.push(Case::new(format!("uniform/{n}/size=169,tail@168!=0")).call(Call::new(
            "byte 168 set",
            cmd,
            169,
            |_| sized(&[], 169, &[(168, 1)]),
        )));
        v.push(Case::new(format!("uniform/{n}/size=4096,tail@4095!=0")).call(Call::new(
            "byte 4095 set",
            cmd,
            4096,
            |_| sized(&[], 4096, &[(4095, 0x80)]),
        )));
        v.push(
            Case::new(format!("uniform/{n}/size=4096,tail@200!=0,@168..200=0")).call(Call::new(
                "byte 200 set",
                cmd,
                4096,
                |_| sized(&[], 4096, &[(200, 1)]),
            )),
        );
        v.push(
            Case::new(format!("uniform/{n}/attr=bad-pointer,size=8"))
                .call(Call::new("attr unmapped", cmd, 8, |_| vec![]).at(AttrAt::Raw(BAD_ADDR))),
        );
        v.push(Case::new(format!("uniform/{n}/attr=bad-pointer,size=4096")).call(
            Call::new("attr unmapped, long", cmd, 4096, |_| vec![]).at(AttrAt::Raw(BAD_ADDR)),
        ));
        v.push(
            Case::new(format!("uniform/{n}/attr=runs-into-guard,size=168")).call(
                Call::new("attr 100 bytes before unmapped page", cmd, 168, |_| vec![])
                    .at(AttrAt::BeforeGuard(100)),
            ),
        );
        v.push(
            Case::new(format!("uniform/{n}/attr=tail-runs-into-guard,size=4096")).call(
                Call::new("attr 200 bytes before unmapped page", cmd, 4096, |_| vec![])
                    .at(AttrAt::BeforeGuard(200)),
            ),
        );
        // CHECK_ATTR: a byte just past the last field, and the last byte.
        let end = c.last_field_end;
        if end < BPF_ATTR_SIZE {
            v.push(
                Case::new(format!("check_attr/{n}/byte@{end}(past {}),size=168", c.last_field))
                    .call(Call::new("byte past the last field", cmd, 168, move |_| {
                        sized(&[], 168, &[(end, 1)])
                    })),
            );
            v.push(
                Case::new(format!(
                    "check_attr/{n}/byte@{end}(past {}),size={}",
                    c.last_field,
                    end + 1
                ))
                .call(Call::new(
                    "byte past the last field, short attr",
                    cmd,
                    end as u32 + 1,
                    move |_| sized(&[], end + 1, &[(end, 1)]),
                )),
            );
            v.push(Case::new(format!("check_attr/{n}/byte@167,size=168")).call(Call::new(
                "last byte of the union",
                cmd,
                168,
                |_| sized(&[], 168, &[(167, 1)]),
            )));
        }
    }
    for cmd in [MAX_BPF_CMD, MAX_BPF_CMD + 1, 100, 0x7fff_ffff, u32::MAX] {
        for size in [0u32, 8, 168] {
            v.push(Case::new(format!("uniform/unknown-cmd={cmd}/size={size}")).call(Call::new(
                "unknown command",
                cmd,
                size,
                |_| vec![],
            )));
        }
        v.push(Case::new(format!("uniform/unknown-cmd={cmd}/size=4097")).call(Call::new(
            "unknown command, too long",
            cmd,
            4097,
            |_| vec![],
        )));
        v.push(Case::new(format!("uniform/unknown-cmd={cmd}/size=169,tail!=0")).call(Call::new(
            "unknown command, tail",
            cmd,
            169,
            |_| sized(&[], 169, &[(168, 1)]),
        )));
    }
    v
}

// ---------------------------------------------------------------------
// *_GET_NEXT_ID and *_GET_FD_BY_ID: error paths (the kernel's id space is
// shared with every other process, so success is only compared relative
// to our own objects, below).
// ---------------------------------------------------------------------

pub fn get_id(start_id: u32, next_id: u32, open_flags: u32, token: i32) -> bpf_attr_get_id {
    bpf_attr_get_id { start_id, next_id, open_flags, fd_by_id_token_fd: token }
}

/// `*_GET_NEXT_ID` and `*_GET_FD_BY_ID` error paths.
pub fn ids() -> Vec<Case> {
    let mut v = Vec::new();
    for cmd in
        [BPF_MAP_GET_NEXT_ID, BPF_PROG_GET_NEXT_ID, BPF_BTF_GET_NEXT_ID, BPF_LINK_GET_NEXT_ID]
    {
        let n = cmd_name(cmd);
        for (what, start) in [
            ("INT_MAX-1", 0x7fff_fffeu32),
            ("INT_MAX", 0x7fff_ffff),
            ("UINT_MAX", u32::MAX),
            ("2^31", 0x8000_0000),
        ] {
            for size in [4u32, 8, 12, 16, 168, 4096] {
                v.push(Case::new(format!("ids/{n}/start_id={what},size={size}")).call(Call::new(
                    "next id",
                    cmd,
                    size,
                    move |_| sized(bytes_of(&get_id(start, 0, 0, 0)), size as usize, &[]),
                )));
            }
        }
        v.push(Case::new(format!("ids/{n}/start_id=INT_MAX-1,next_id=canary")).call(Call::new(
            "next_id is output only",
            cmd,
            8,
            |_| bytes_of(&get_id(0x7fff_fffe, 0xdead_beef, 0, 0)).to_vec(),
        )));
        v.push(Case::new(format!("ids/{n}/open_flags!=0")).call(Call::new(
            "open_flags set",
            cmd,
            12,
            |_| bytes_of(&get_id(0x7fff_fffe, 0, 8, 0))[..12].to_vec(),
        )));
    }
    for cmd in
        [BPF_MAP_GET_FD_BY_ID, BPF_PROG_GET_FD_BY_ID, BPF_BTF_GET_FD_BY_ID, BPF_LINK_GET_FD_BY_ID]
    {
        let n = cmd_name(cmd);
        for (what, id) in
            [("0", 0u32), ("no-such-id", NO_ID), ("INT_MAX", 0x7fff_ffff), ("UINT_MAX", u32::MAX)]
        {
            for size in [4u32, 8, 12, 16, 168] {
                v.push(Case::new(format!("ids/{n}/id={what},size={size}")).call(Call::new(
                    "fd by id",
                    cmd,
                    size,
                    move |_| sized(bytes_of(&get_id(id, 0, 0, 0)), size as usize, &[]),
                )));
            }
        }
        for (what, flags) in [
            ("RDONLY", 1u32 << 3),
            ("WRONLY", 1 << 4),
            ("RDONLY|WRONLY", 3 << 3),
            ("bit0", 1),
            ("TOKEN_FD", 1 << 16),
            ("bit31", 1 << 31),
        ] {
            v.push(Case::new(format!("ids/{n}/no-such-id,open_flags={what}")).call(Call::new(
                "fd by id with open_flags",
                cmd,
                16,
                move |_| bytes_of(&get_id(NO_ID, 0, flags, 0)).to_vec(),
            )));
        }
        v.push(Case::new(format!("ids/{n}/no-such-id,token_fd=bad")).call(Call::new(
            "fd by id with a token fd but no flag",
            cmd,
            16,
            |_| bytes_of(&get_id(NO_ID, 0, 0, BAD_FD as i32)).to_vec(),
        )));
        v.push(Case::new(format!("ids/{n}/no-such-id,next_id!=0")).call(Call::new(
            "fd by id with next_id set",
            cmd,
            16,
            |_| bytes_of(&get_id(NO_ID, 7, 0, 0)).to_vec(),
        )));
    }
    v
}

// ---------------------------------------------------------------------
// OBJ_GET_INFO_BY_FD without an object.
// ---------------------------------------------------------------------

pub fn info_attr(fd: u32, len: u32, addr: u64) -> bpf_attr_info {
    bpf_attr_info { bpf_fd: fd, info_len: len, info: addr }
}

/// OBJ_GET_INFO_BY_FD on fds that are not bpf objects of this process.
pub fn info_errors() -> Vec<Case> {
    let mut v = Vec::new();
    for size in [4u32, 8, 16, 168, 4096] {
        for len in [0u32, 8, 4096, 4097] {
            let mut c = Case::new(format!("info/bad-fd/info_len={len},size={size}"));
            let b = c.buf(4200, None);
            c.push(Call::new("info of a bad fd", BPF_OBJ_GET_INFO_BY_FD, size, move |e| {
                sized(bytes_of(&info_attr(BAD_FD, len, e.buf(b))), size as usize, &[])
            }));
            v.push(c);
        }
    }
    let mut c = Case::new("info/bad-fd/info=bad-pointer");
    c.push(Call::new("bad fd and bad info pointer", BPF_OBJ_GET_INFO_BY_FD, 16, |_| {
        bytes_of(&info_attr(BAD_FD, 64, BAD_ADDR)).to_vec()
    }));
    v.push(c);
    for fd in [0u32, 1, 2] {
        let mut c = Case::new(format!("info/fd={fd}(stdio)"));
        let b = c.buf(4200, None);
        c.push(Call::new(format!("info of fd {fd}"), BPF_OBJ_GET_INFO_BY_FD, 16, move |e| {
            bytes_of(&info_attr(fd, 64, e.buf(b))).to_vec()
        }));
        v.push(c);
    }
    v.push(Case::new("info/fd=-1").call(Call::new("fd -1", BPF_OBJ_GET_INFO_BY_FD, 16, |_| {
        bytes_of(&info_attr(u32::MAX, 0, 0)).to_vec()
    })));
    v
}

// ---------------------------------------------------------------------
// Objects.
// ---------------------------------------------------------------------

/// An array (or other) map's create attr.
pub fn map_attr(map_type: u32, key: u32, value: u32, max: u32, name: &[u8]) -> bpf_attr_map_create {
    let mut a = bpf_attr_map_create {
        map_type,
        key_size: key,
        value_size: value,
        max_entries: max,
        ..Default::default()
    };
    a.map_name[..name.len()].copy_from_slice(name);
    a
}

/// Creates an array map `name` (4-byte keys, 8-byte values, 4 entries).
pub fn create_array(name: &str) -> Call {
    Call::with(format!("create array map {name}"), BPF_MAP_CREATE, 96, |_| {
        map_attr(BPF_MAP_TYPE_ARRAY, 4, 8, 4, b"diff_array")
    })
    .save(name, Some(Kind::Map))
}

/// Creates a hash map `name` (4-byte keys, 8-byte values, 4 entries).
pub fn create_hash(name: &str) -> Call {
    Call::with(format!("create hash map {name}"), BPF_MAP_CREATE, 96, |_| {
        map_attr(BPF_MAP_TYPE_HASH, 4, 8, 4, b"diff_hash")
    })
    .save(name, Some(Kind::Map))
}

/// `r0 = 0; exit`.
pub fn ret0() -> Vec<u8> {
    let mut i = vec![0u8; 16];
    i[0] = 0xb7;
    i[8] = 0x95;
    i
}

/// `r1 = map fd (ld_imm64 pseudo map fd); r0 = 0; exit`.
pub fn with_map(fd: u32) -> Vec<u8> {
    let mut i = vec![0u8; 32];
    i[0] = 0x18;
    i[1] = 0x01 | 1 << 4; // dst r1, src BPF_PSEUDO_MAP_FD
    i[4..8].copy_from_slice(&fd.to_ne_bytes());
    i[16] = 0xb7;
    i[24] = 0x95;
    i
}

/// The attr of a socket filter load of `insns` at buffer `ib`, license at
/// buffer `lb`.
pub fn prog_attr(e: &Env, ib: usize, n_insns: u32, lb: usize, name: &[u8]) -> bpf_attr_prog_load {
    let mut a = bpf_attr_prog_load {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insn_cnt: n_insns,
        insns: e.buf(ib),
        license: e.buf(lb),
        ..Default::default()
    };
    a.prog_name[..name.len()].copy_from_slice(name);
    a
}

/// Adds buffers for a program `r0 = 0; exit` (license "GPL") to `c` and
/// the call that loads it as `name`.
pub fn load_ret0(c: &mut Case, name: &str) -> Call {
    let ib = c.buf(16, None);
    let lb = c.buf(4, None);
    Call::with(format!("load prog {name}"), BPF_PROG_LOAD, 168, move |e| {
        prog_attr(e, ib, 2, lb, b"diff_prog")
    })
    .fill(ib, 0, |_| ret0())
    .fill(lb, 0, |_| b"GPL\0".to_vec())
    .save(name, Some(Kind::Prog))
}

/// Adds a buffer with [`int_btf`] to `c` and the call that loads it.
pub fn load_btf(c: &mut Case, name: &str) -> Call {
    let blob = int_btf();
    let len = blob.len();
    let bb = c.buf(len, None);
    Call::with(format!("load btf {name}"), BPF_BTF_LOAD, 40, move |e| bpf_attr_btf_load {
        btf: e.buf(bb),
        btf_size: len as u32,
        ..Default::default()
    })
    .fill(bb, 0, move |_| int_btf())
    .save(name, Some(Kind::Btf))
}

/// Fields of each info struct that are not compared, and why.
pub const INFO_EXCEPTIONS: &[(&str, &[&str], &str)] = &[
    ("bpf_map_info", &["id"], "ids are allocated per backend"),
    ("bpf_btf_info", &["id"], "ids are allocated per backend"),
    ("bpf_link_info", &["id", "prog_id"], "ids are allocated per backend"),
    (
        "bpf_prog_info",
        &["id", "load_time", "jited_prog_len", "run_time_ns", "run_cnt"],
        "id: per backend; load_time: a time; jited_prog_len: the size of the kernel's JIT image \
         (the runtime interprets: it has none); run_time_ns/run_cnt: statistics are switched on \
         system-wide in the kernel (another process may have BPF_ENABLE_STATS on). Compared, \
         though: created_by_uid, nr_jited_ksyms, nr_jited_func_lens, verified_insns, \
         recursion_misses",
    ),
];

pub fn exceptions(l: &Layout) -> &'static [&'static str] {
    INFO_EXCEPTIONS.iter().find(|(n, _, _)| *n == l.name).map(|(_, f, _)| *f).unwrap_or(&[])
}

/// An info call for the object `obj` into buffer `b` of `len` bytes
/// (the struct is `T`), with `T`'s exceptions.
pub fn info_call<T: ExtensibleAbi>(obj: &'static str, b: usize, len: u32) -> Call {
    let mut c =
        Call::new(format!("info of {obj}, info_len={len}"), BPF_OBJ_GET_INFO_BY_FD, 16, move |e| {
            bytes_of(&info_attr(e.fd(obj), len, e.buf(b))).to_vec()
        });
    for f in exceptions(T::LAYOUT) {
        c = c.skip_fields::<T>(b, &[f]);
    }
    c
}

/// The info-length matrix for one object kind: every length, zero and
/// non-zero tails, bad / read-only / partly unmapped info pointers.
fn info_matrix<T: ExtensibleAbi>(kind: &str, make: impl Fn(&mut Case) -> Call) -> Vec<Case> {
    let l = T::LAYOUT;
    let mut v = Vec::new();
    let base = |name: String| -> (Case, usize) {
        let mut c = Case::new(name);
        let b = c.buf(4200, Some(l));
        let mk = make(&mut c);
        c.push(mk);
        (c, b)
    };
    for len in info_lens(l) {
        let (mut c, b) = base(format!("{kind}/info/info_len={len},zero-tail"));
        // The caller's struct is zero (in/out fields off), the rest canary.
        c.push(info_call::<T>("obj", b, len as u32).fill(b, 0, move |_| vec![0u8; len]));
        v.push(c);
    }
    for len in [l.size + 1, l.size + 8, 4096] {
        let mut ats = vec![l.size, len - 1];
        ats.dedup();
        for at in ats {
            let (mut c, b) = base(format!("{kind}/info/info_len={len},tail@{at}!=0"));
            c.push(
                info_call::<T>("obj", b, len as u32)
                    .fill(b, 0, move |_| sized(&[], len, &[(at, 1)])),
            );
            v.push(c);
        }
    }
    for len in [4097u32, u32::MAX] {
        let (mut c, b) = base(format!("{kind}/info/info_len={len}"));
        c.push(info_call::<T>("obj", b, len).fill(b, 0, |_| vec![0u8; 4096]));
        v.push(c);
    }
    for len in [0u32, 8, l.size as u32, 4096] {
        let (mut c, _) = base(format!("{kind}/info/info=bad-pointer,info_len={len}"));
        c.push(Call::new(
            format!("info at a bad pointer, len {len}"),
            BPF_OBJ_GET_INFO_BY_FD,
            16,
            move |e| bytes_of(&info_attr(e.fd("obj"), len, BAD_ADDR)).to_vec(),
        ));
        v.push(c);
    }
    for len in [8u32, l.size as u32] {
        let (mut c, _) = base(format!("{kind}/info/info=read-only,info_len={len}"));
        c.push(Call::new(
            format!("info in a read-only page, len {len}"),
            BPF_OBJ_GET_INFO_BY_FD,
            16,
            move |e| bytes_of(&info_attr(e.fd("obj"), len, e.rodata)).to_vec(),
        ));
        v.push(c);
    }
    for mapped in [1usize, 8, 40] {
        // The caller's struct straddles the end of its mapping.
        let (mut c, _) =
            base(format!("{kind}/info/info_len=newest,straddles-guard({mapped}-mapped)"));
        let mut call = Call::new(
            format!("info with {mapped} bytes before a hole"),
            BPF_OBJ_GET_INFO_BY_FD,
            16,
            move |e| {
                bytes_of(&info_attr(e.fd("obj"), l.size as u32, e.guard - mapped as u64)).to_vec()
            },
        );
        let at = GUARD_EDGE - mapped;
        for f in exceptions(l) {
            let fi = l.field(f).unwrap();
            call = call.skip_buf(EDGE, at + fi.offset..at + fi.end());
        }
        c.push(call);
        v.push(c);
    }
    // The newest struct's trailing padding, when it has some.
    let end =
        l.fields.iter().filter(|f| !f.name.starts_with("_pad")).map(|f| f.end()).max().unwrap_or(0);
    if end < l.size {
        for at in [end, l.size - 1] {
            let len = l.size;
            let (mut c, b) = base(format!("{kind}/info/info_len={len},pad@{at}!=0"));
            c.push(
                info_call::<T>("obj", b, len as u32)
                    .fill(b, 0, move |_| sized(&[], len, &[(at, 1)])),
            );
            v.push(c);
        }
    }
    {
        let (mut c, b) = base(format!("{kind}/info/input=garbage(0xa5),info_len=newest"));
        c.push(info_call::<T>("obj", b, l.size as u32));
        v.push(c);
    }
    {
        let (mut c, _) = base(format!("{kind}/info/info=4096-bytes-running-into-guard"));
        c.push(Call::new(
            "info tail runs into an unmapped page",
            BPF_OBJ_GET_INFO_BY_FD,
            16,
            move |e| bytes_of(&info_attr(e.fd("obj"), 4096, e.guard - 200)).to_vec(),
        ));
        v.push(c);
    }
    for size in [8u32, 12, 16, 168, 4096] {
        let (mut c, b) = base(format!("{kind}/info/attr-size={size}"));
        let mut call = info_call::<T>("obj", b, l.size as u32).fill(b, 0, move |_| vec![0u8; 4096]);
        call.size = size;
        call.attr = std::rc::Rc::new(move |e: &Env| {
            sized(bytes_of(&info_attr(e.fd("obj"), l.size as u32, e.buf(b))), size as usize, &[])
        });
        c.push(call);
        v.push(c);
    }
    {
        let (c, b) = base(format!("{kind}/info/closed-fd"));
        let mut c = c.close("obj");
        c.push(info_call::<T>("obj", b, l.size as u32).fill(b, 0, move |_| vec![0u8; 4096]));
        v.push(c);
    }
    v
}

/// Info matrices for maps, programs and BTF objects.
pub fn info_objects() -> Vec<Case> {
    let mut v = info_matrix::<bpf_map_info>("map", |_| create_array("obj"));
    v.extend(info_matrix::<bpf_map_info>("hashmap", |_| create_hash("obj")));
    v.extend(info_matrix::<bpf_prog_info>("prog", |c| load_ret0(c, "obj")));
    v.extend(info_matrix::<bpf_btf_info>("btf", |c| load_btf(c, "obj")));
    v
}

/// Wrong object kinds: a command for one kind given an fd of another.
pub fn wrong_kind() -> Vec<Case> {
    let mut v = Vec::new();
    type Mk = fn(&mut Case) -> Call;
    let makers: [(&str, Mk); 3] = [
        ("map", |_| create_array("obj")),
        ("prog", |c| load_ret0(c, "obj")),
        ("btf", |c| load_btf(c, "obj")),
    ];
    for (kind, make) in makers {
        // Map element commands on a non-map.
        if kind != "map" {
            for cmd in [
                BPF_MAP_LOOKUP_ELEM,
                BPF_MAP_UPDATE_ELEM,
                BPF_MAP_DELETE_ELEM,
                BPF_MAP_GET_NEXT_KEY,
                BPF_MAP_FREEZE,
            ] {
                let mut c = Case::new(format!("wrong-kind/{}/on-{kind}", cmd_name(cmd)));
                let m = make(&mut c);
                c.push(m);
                let kb = c.buf(64, None);
                let end = attr::last_field_end(cmd).unwrap();
                c.push(Call::new(format!("{} on a {kind}", cmd_name(cmd)), cmd, 32, move |e| {
                    let a = bpf_attr_map_elem {
                        map_fd: e.fd("obj"),
                        key: e.buf(kb),
                        value: e.buf(kb) + 32,
                        ..Default::default()
                    };
                    bytes_of(&a)[..end].to_vec()
                }));
                v.push(c);
            }
            let mut c = Case::new(format!("wrong-kind/MAP_LOOKUP_BATCH/on-{kind}"));
            let m = make(&mut c);
            c.push(m);
            c.push(Call::with("batch on a non-map", BPF_MAP_LOOKUP_BATCH, 56, |e| {
                bpf_attr_batch { map_fd: e.fd("obj"), ..Default::default() }
            }));
            v.push(c);
        }
        if kind != "prog" {
            let mut c = Case::new(format!("wrong-kind/PROG_TEST_RUN/on-{kind}"));
            let m = make(&mut c);
            c.push(m);
            c.push(Call::with("test run on a non-prog", BPF_PROG_TEST_RUN, 80, |e| {
                bpf_attr_test { prog_fd: e.fd("obj"), ..Default::default() }
            }));
            v.push(c);
            let mut c = Case::new(format!("wrong-kind/LINK_DETACH/on-{kind}"));
            let m = make(&mut c);
            c.push(m);
            c.push(Call::with("detach a non-link", BPF_LINK_DETACH, 4, |e| bpf_attr_link_detach {
                link_fd: e.fd("obj"),
            }));
            v.push(c);
        }
        if kind != "map" {
            // A map-fd immediate naming a non-map.
            let mut c = Case::new(format!("wrong-kind/PROG_LOAD/ld_imm64-map-fd-is-{kind}"));
            let m = make(&mut c);
            c.push(m);
            let ib = c.buf(32, None);
            let lb = c.buf(4, None);
            c.push(
                Call::with("load with a non-map map fd", BPF_PROG_LOAD, 168, move |e| {
                    prog_attr(e, ib, 4, lb, b"")
                })
                .fill(ib, 0, |e| with_map(e.fd("obj")))
                .fill(lb, 0, |_| b"GPL\0".to_vec()),
            );
            v.push(c);
        }
    }
    v
}

/// Ids of our own objects: GET_NEXT_ID from just below ours, FD_BY_ID.
pub fn ids_of_objects() -> Vec<Case> {
    let mut v = Vec::new();
    type Mk = fn(&mut Case) -> Call;
    let makers: [(&str, u32, u32, Mk); 3] = [
        ("map", BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, |_| create_array("obj")),
        ("prog", BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, |c| load_ret0(c, "obj")),
        ("btf", BPF_BTF_GET_NEXT_ID, BPF_BTF_GET_FD_BY_ID, |c| load_btf(c, "obj")),
    ];
    for (kind, next, by_id, make) in makers {
        let mut c = Case::new(format!("{kind}/ids/next_id-from-id-1"));
        let m = make(&mut c);
        c.push(m);
        c.push(
            Call::new("next id from ours - 1", next, 8, |e| {
                bytes_of(&get_id(e.id("obj") - 1, 0, 0, 0)).to_vec()
            })
            .skip_attr(4..8)
            .check(|e, o| {
                if o.result == Ok(0) && o.attr_u32(4) != e.id("obj") {
                    return Err(format!("next_id {} is not our id {}", o.attr_u32(4), e.id("obj")));
                }
                Ok(())
            }),
        );
        v.push(c);
        for size in [4u32, 8, 12, 16] {
            let mut c = Case::new(format!("{kind}/ids/fd_by_id,size={size}"));
            let m = make(&mut c);
            c.push(m);
            c.push(
                Call::new("fd by our id", by_id, size, move |e| {
                    sized(bytes_of(&get_id(e.id("obj"), 0, 0, 0)), size as usize, &[])
                        [..size as usize]
                        .to_vec()
                })
                .save("again", None),
            );
            v.push(c);
        }
        for (what, flags) in
            [("RDONLY", 1u32 << 3), ("WRONLY", 1 << 4), ("RDONLY|WRONLY", 3 << 3), ("bit0", 1)]
        {
            let mut c = Case::new(format!("{kind}/ids/fd_by_id,open_flags={what}"));
            let m = make(&mut c);
            c.push(m);
            c.push(Call::new("fd by our id with flags", by_id, 12, move |e| {
                bytes_of(&get_id(e.id("obj"), 0, flags, 0))[..12].to_vec()
            }));
            v.push(c);
        }
        let mut c = Case::new(format!("{kind}/ids/fd_by_id-after-close"));
        let m = make(&mut c);
        c.push(m);
        let mut c = c.close("obj");
        c.push(Call::new("fd by the id of a freed object", by_id, 8, |e| {
            bytes_of(&get_id(e.id("obj"), 0, 0, 0))[..8].to_vec()
        }));
        v.push(c);
    }
    v
}

// ---------------------------------------------------------------------
// Maps: create over every attr size and error case, element commands,
// batches.
// ---------------------------------------------------------------------

/// A case that creates a map with `attr` (`size` bytes) as "m", then, if
/// that worked, reads its full info.
fn create_case(
    name: String,
    size: usize,
    attr: bpf_attr_map_create,
    pokes: Vec<(usize, u8)>,
) -> Case {
    let mut c = Case::new(name);
    let b = c.buf(4200, Some(bpf_map_info::LAYOUT));
    c.push(
        Call::new("create", BPF_MAP_CREATE, size as u32, move |_| {
            sized(&bytes_of(&attr)[..size.min(96)], size, &pokes)
        })
        .save("m", Some(Kind::Map)),
    );
    c.push(info_call::<bpf_map_info>("m", b, 104).fill(b, 0, |_| vec![0u8; 104]));
    c
}

/// MAP_CREATE: every attr size × array/hash, and the error cases.
pub fn map_create() -> Vec<Case> {
    let mut v = Vec::new();
    for (t, tn) in [(BPF_MAP_TYPE_ARRAY, "array"), (BPF_MAP_TYPE_HASH, "hash")] {
        let full = map_attr(t, 4, 8, 4, b"diff_map");
        for size in attr_sizes(bpf_attr_map_create::LAYOUT) {
            v.push(create_case(format!("map/create/{tn}/size={size}"), size, full, vec![]));
        }
        v.push(create_case(format!("map/create/{tn}/size=169,tail!=0"), 169, full, vec![(168, 1)]));
        v.push(create_case(
            format!("map/create/{tn}/size=4096,tail@4095!=0"),
            4096,
            full,
            vec![(4095, 1)],
        ));
        v.push(create_case(
            format!("map/create/{tn}/size=96,pad_tail!=0"),
            96,
            full,
            vec![(92, 1)],
        ));
        let bad: Vec<(&str, bpf_attr_map_create)> = vec![
            ("key_size=0", map_attr(t, 0, 8, 4, b"")),
            ("key_size=8", map_attr(t, 8, 8, 4, b"")),
            ("key_size=1", map_attr(t, 1, 8, 4, b"")),
            ("key_size=513", map_attr(t, 513, 8, 4, b"")),
            ("value_size=0", map_attr(t, 4, 0, 4, b"")),
            ("value_size=1", map_attr(t, 4, 1, 4, b"")),
            ("value_size=65536", map_attr(t, 4, 65536, 1, b"")),
            ("value_size=2^31", map_attr(t, 4, 1 << 31, 1, b"")),
            ("max_entries=0", map_attr(t, 4, 8, 0, b"")),
            ("max_entries=1", map_attr(t, 4, 8, 1, b"")),
            // (max_entries=2^31 of an array and value_size*max_entries
            // > 4 GiB are left out: the kernel allocates gigabytes for them.)
            ("max_entries=UINT_MAX", map_attr(t, 4, 8, u32::MAX, b"")),
            ("name=bad-name", map_attr(t, 4, 8, 4, b"bad-name")),
            ("name=sp ace", map_attr(t, 4, 8, 4, b"sp ace")),
            ("name=a.b_C9", map_attr(t, 4, 8, 4, b"a.b_C9")),
            ("name=15chars", map_attr(t, 4, 8, 4, b"abcdefghijklmno")),
            ("name=16chars-no-nul", map_attr(t, 4, 8, 4, b"abcdefghijklmnop")),
            ("name=utf8", map_attr(t, 4, 8, 4, "é".as_bytes())),
        ];
        for (what, a) in bad {
            v.push(create_case(format!("map/create/{tn}/{what}"), 96, a, vec![]));
        }
        {
            let mut a = map_attr(t, 4, 8, 4, b"x");
            a.map_name[5] = b'y';
            v.push(create_case(format!("map/create/{tn}/name=bytes-after-nul"), 96, a, vec![]));
        }
        for (what, flags) in [
            ("NO_PREALLOC", BPF_F_NO_PREALLOC),
            ("RDONLY", BPF_F_RDONLY),
            ("WRONLY", BPF_F_WRONLY),
            ("RDONLY|WRONLY", BPF_F_RDONLY | BPF_F_WRONLY),
            ("ZERO_SEED", BPF_F_ZERO_SEED),
            ("RDONLY_PROG", BPF_F_RDONLY_PROG),
            ("MMAPABLE", BPF_F_MMAPABLE),
            ("NUMA_NODE", 1 << 2),
            ("bit31", 1 << 31),
            ("bit20", 1 << 20),
        ] {
            let mut a = map_attr(t, 4, 8, 4, b"");
            a.map_flags = flags;
            v.push(create_case(format!("map/create/{tn}/map_flags={what}"), 96, a, vec![]));
        }
        for (what, f) in [
            ("inner_map_fd=bad", 0usize),
            ("numa_node=1-without-flag", 1),
            ("map_ifindex=1", 2),
            ("btf_fd=bad", 3),
            ("btf_key_type_id=1-without-btf", 4),
            ("btf_vmlinux_value_type_id=1", 5),
            ("map_extra=1", 6),
            ("value_type_btf_obj_fd=bad", 7),
            ("map_token_fd=bad", 8),
            ("excl_prog_hash=bad-pointer", 9),
            ("excl_prog_hash_size=32-no-pointer", 10),
        ] {
            let mut a = map_attr(t, 4, 8, 4, b"");
            match f {
                0 => a.inner_map_fd = BAD_FD,
                1 => a.numa_node = 1,
                2 => a.map_ifindex = 1,
                3 => a.btf_fd = BAD_FD,
                4 => a.btf_key_type_id = 1,
                5 => a.btf_vmlinux_value_type_id = 1,
                6 => a.map_extra = 1,
                7 => a.value_type_btf_obj_fd = BAD_FD as i32,
                8 => a.map_token_fd = BAD_FD as i32,
                9 => {
                    a.excl_prog_hash = BAD_ADDR;
                    a.excl_prog_hash_size = 32
                }
                _ => a.excl_prog_hash_size = 32,
            }
            v.push(create_case(format!("map/create/{tn}/{what}"), 96, a, vec![]));
        }
    }
    for (what, t) in [
        ("UNSPEC", 0u32),
        ("unknown=999", 999),
        ("PROG_ARRAY", 3),
        ("PERCPU_ARRAY", 6),
        ("RINGBUF", 27),
    ] {
        v.push(create_case(
            format!("map/create/type={what}"),
            96,
            map_attr(t, 4, 8, 4, b""),
            vec![],
        ));
    }
    v
}

/// An element-command attr.
pub fn elem(map_fd: u32, key: u64, value: u64, flags: u64) -> bpf_attr_map_elem {
    bpf_attr_map_elem { map_fd, key, value, flags, ..Default::default() }
}

/// A case on a fresh map "m" of type `t` (4-byte keys, 8-byte values, 4
/// entries) with a key buffer (0), a value buffer (1) and an out buffer
/// (2), each 64 bytes.
fn elem_case(name: String, t: u32, flags: u32) -> Case {
    let mut c = Case::new(name);
    c.buf(64, None);
    c.buf(64, None);
    c.buf(64, None);
    let mut a = map_attr(t, 4, 8, 4, b"elem");
    a.map_flags = flags;
    c.call(Call::with("create", BPF_MAP_CREATE, 96, move |_| a).save("m", Some(Kind::Map)))
}

/// `cmd` on map "m" with key at buffer 0 (holding `key`), value at buffer
/// `vb`.
fn elem_call(label: &str, cmd: u32, size: u32, key: u32, vb: usize, flags: u64) -> Call {
    Call::new(label, cmd, size, move |e| {
        sized(
            &bytes_of(&elem(e.fd("m"), e.buf(0), e.buf(vb), flags))[..(size as usize).min(32)],
            size as usize,
            &[],
        )
    })
    .fill(0, 0, move |_| key.to_ne_bytes().to_vec())
}

fn update(key: u32, value: u64, flags: u64) -> Call {
    elem_call(
        &format!("update {key}={value:#x} flags {flags}"),
        BPF_MAP_UPDATE_ELEM,
        32,
        key,
        1,
        flags,
    )
    .fill(1, 0, move |_| value.to_ne_bytes().to_vec())
}

fn lookup(key: u32) -> Call {
    elem_call(&format!("lookup {key}"), BPF_MAP_LOOKUP_ELEM, 32, key, 2, 0)
}

/// Element commands on array and hash maps.
pub fn map_elems() -> Vec<Case> {
    let mut v = Vec::new();
    for (t, tn) in [(BPF_MAP_TYPE_ARRAY, "array"), (BPF_MAP_TYPE_HASH, "hash")] {
        let p = |s: &str| format!("map/elem/{tn}/{s}");
        v.push(
            elem_case(p("update+lookup"), t, 0)
                .call(update(1, 0x1122_3344_5566_7788, 0))
                .call(lookup(1)),
        );
        v.push(elem_case(p("lookup-missing"), t, 0).call(lookup(2)));
        v.push(elem_case(p("lookup-key-out-of-range"), t, 0).call(lookup(4)));
        v.push(elem_case(p("update-key-out-of-range"), t, 0).call(update(4, 1, 0)));
        for size in [16u32, 20, 24, 32, 168, 169, 4096] {
            v.push(
                elem_case(p(&format!("update,size={size}")), t, 0)
                    .call({
                        let mut u = update(0, 7, BPF_EXIST);
                        u.size = size;
                        u
                    })
                    .call(lookup(0)),
            );
            v.push(elem_case(p(&format!("lookup,size={size}")), t, 0).call(update(0, 9, 0)).call(
                {
                    let mut l = lookup(0);
                    l.size = size;
                    l
                },
            ));
        }
        for (what, f) in [
            ("NOEXIST", BPF_NOEXIST),
            ("EXIST", BPF_EXIST),
            ("NOEXIST|EXIST", 3),
            ("F_LOCK", BPF_F_LOCK),
            ("bit40", 1 << 40),
        ] {
            v.push(
                elem_case(p(&format!("update,flags={what}")), t, 0)
                    .call(update(1, 5, f))
                    .call(lookup(1)),
            );
            v.push(
                elem_case(p(&format!("update-twice,flags={what}")), t, 0)
                    .call(update(1, 5, 0))
                    .call(update(1, 6, f))
                    .call(lookup(1)),
            );
            v.push(
                elem_case(p(&format!("lookup,flags={what}")), t, 0)
                    .call(update(1, 5, 0))
                    .call(elem_call("lookup with flags", BPF_MAP_LOOKUP_ELEM, 32, 1, 2, f)),
            );
        }
        v.push(elem_case(p("update,key=bad-pointer"), t, 0).call(Call::with(
            "update bad key",
            BPF_MAP_UPDATE_ELEM,
            32,
            |e| elem(e.fd("m"), BAD_ADDR, e.buf(1), 0),
        )));
        v.push(
            elem_case(p("update,value=bad-pointer"), t, 0)
                .call(elem_call("update bad value", BPF_MAP_UPDATE_ELEM, 32, 1, 1, 0).fill(
                    1,
                    0,
                    |_| vec![1; 8],
                ))
                .call({
                    let mut c = Call::with("update bad value", BPF_MAP_UPDATE_ELEM, 32, |e| {
                        elem(e.fd("m"), e.buf(0), BAD_ADDR, 0)
                    });
                    c.fill.push((0, 0, std::rc::Rc::new(|_: &Env| 1u32.to_ne_bytes().to_vec())));
                    c
                })
                .call(lookup(1)),
        );
        v.push(elem_case(p("lookup,key=bad-pointer"), t, 0).call(Call::with(
            "lookup bad key",
            BPF_MAP_LOOKUP_ELEM,
            32,
            |e| elem(e.fd("m"), BAD_ADDR, e.buf(2), 0),
        )));
        v.push(elem_case(p("lookup,value=bad-pointer"), t, 0).call(update(1, 3, 0)).call(
            Call::with("lookup into a bad pointer", BPF_MAP_LOOKUP_ELEM, 32, |e| {
                elem(e.fd("m"), e.buf(0), BAD_ADDR, 0)
            }),
        ));
        v.push(elem_case(p("lookup,value=read-only"), t, 0).call(update(1, 3, 0)).call(
            Call::with("lookup into read-only memory", BPF_MAP_LOOKUP_ELEM, 32, |e| {
                elem(e.fd("m"), e.buf(0), e.rodata, 0)
            }),
        ));
        v.push(elem_case(p("lookup,value=runs-into-guard"), t, 0).call(update(1, 3, 0)).call(
            Call::with("lookup into 4 bytes before a hole", BPF_MAP_LOOKUP_ELEM, 32, |e| {
                elem(e.fd("m"), e.buf(0), e.guard - 4, 0)
            }),
        ));
        v.push(elem_case(p("lookup,key=runs-into-guard"), t, 0).call(Call::with(
            "key 2 bytes before a hole",
            BPF_MAP_LOOKUP_ELEM,
            32,
            |e| elem(e.fd("m"), e.guard - 2, e.buf(2), 0),
        )));
        v.push(elem_case(p("delete-missing"), t, 0).call(elem_call(
            "delete 1",
            BPF_MAP_DELETE_ELEM,
            16,
            1,
            1,
            0,
        )));
        v.push(
            elem_case(p("delete-present"), t, 0)
                .call(update(1, 3, 0))
                .call(elem_call("delete 1", BPF_MAP_DELETE_ELEM, 16, 1, 1, 0))
                .call(lookup(1)),
        );
        v.push(elem_case(p("delete,key=bad-pointer"), t, 0).call(Call::with(
            "delete bad key",
            BPF_MAP_DELETE_ELEM,
            16,
            |e| elem(e.fd("m"), BAD_ADDR, 0, 0),
        )));
        v.push(
            elem_case(p("lookup_and_delete"), t, 0)
                .call(update(1, 3, 0))
                .call(elem_call("lookup and delete 1", BPF_MAP_LOOKUP_AND_DELETE_ELEM, 32, 1, 2, 0))
                .call(lookup(1)),
        );
        v.push(elem_case(p("lookup_and_delete-missing"), t, 0).call(elem_call(
            "lookup and delete 1",
            BPF_MAP_LOOKUP_AND_DELETE_ELEM,
            32,
            1,
            2,
            0,
        )));
        v.push(elem_case(p("lookup_and_delete,flags=F_LOCK"), t, 0).call(update(1, 3, 0)).call(
            elem_call("lookup and delete 1", BPF_MAP_LOOKUP_AND_DELETE_ELEM, 32, 1, 2, BPF_F_LOCK),
        ));
        // Iteration.
        v.push(elem_case(p("get_next_key,key=NULL,empty"), t, 0).call(Call::with(
            "first key",
            BPF_MAP_GET_NEXT_KEY,
            24,
            |e| elem(e.fd("m"), 0, e.buf(2), 0),
        )));
        v.push(elem_case(p("get_next_key,key=NULL,one"), t, 0).call(update(2, 1, 0)).call(
            Call::with("first key", BPF_MAP_GET_NEXT_KEY, 24, |e| elem(e.fd("m"), 0, e.buf(2), 0)),
        ));
        v.push(elem_case(p("get_next_key,last"), t, 0).call(update(3, 1, 0)).call(elem_call(
            "after 3",
            BPF_MAP_GET_NEXT_KEY,
            24,
            3,
            2,
            0,
        )));
        v.push(
            elem_case(p("get_next_key,missing-key"), t, 0).call(update(0, 1, 0)).call(elem_call(
                "after 7",
                BPF_MAP_GET_NEXT_KEY,
                24,
                7,
                2,
                0,
            )),
        );
        v.push(elem_case(p("get_next_key,next_key=bad-pointer"), t, 0).call(update(0, 1, 0)).call(
            Call::with("into a bad pointer", BPF_MAP_GET_NEXT_KEY, 24, |e| {
                elem(e.fd("m"), 0, BAD_ADDR, 0)
            }),
        ));
        if t == BPF_MAP_TYPE_HASH {
            // Iteration order of a zero-seed hash: jhash's bucket order.
            let mut c = elem_case(p("get_next_key,walk-4,zero-seed"), t, BPF_F_ZERO_SEED);
            for k in [7u32, 1, 3, 2] {
                c.push(update(k, 1, 0));
            }
            c.push(Call::with("first key", BPF_MAP_GET_NEXT_KEY, 24, |e| {
                elem(e.fd("m"), 0, e.buf(2), 0)
            }));
            for k in [7u32, 1, 3, 2] {
                c.push(elem_call(&format!("after {k}"), BPF_MAP_GET_NEXT_KEY, 24, k, 2, 0));
            }
            v.push(c);
        }
        // Freezing.
        v.push(
            elem_case(p("freeze,then-update"), t, 0)
                .call(Call::with("freeze", BPF_MAP_FREEZE, 4, |e| elem(e.fd("m"), 0, 0, 0)))
                .call(update(1, 1, 0))
                .call(lookup(1)),
        );
        v.push(
            elem_case(p("freeze-twice"), t, 0)
                .call(Call::with("freeze", BPF_MAP_FREEZE, 4, |e| elem(e.fd("m"), 0, 0, 0)))
                .call(Call::with("freeze again", BPF_MAP_FREEZE, 4, |e| elem(e.fd("m"), 0, 0, 0))),
        );
        v.push(
            elem_case(p("map_flags=RDONLY,update"), t, BPF_F_RDONLY)
                .call(update(1, 1, 0))
                .call(lookup(1)),
        );
        v.push(
            elem_case(p("map_flags=WRONLY,lookup"), t, BPF_F_WRONLY)
                .call(update(1, 1, 0))
                .call(lookup(1)),
        );
        v.push(elem_case(p("bad-fd"), t, 0).call(Call::with(
            "update a bad fd",
            BPF_MAP_UPDATE_ELEM,
            32,
            |e| elem(BAD_FD, e.buf(0), e.buf(1), 0),
        )));
        v.push(elem_case(p("closed-fd"), t, 0).close("m").call(update(1, 1, 0)));
        // Fill the map, then one more.
        let mut c = elem_case(p("fill,then-one-more"), t, 0);
        for k in 0..5 {
            c.push(update(k, u64::from(k) * 3, BPF_NOEXIST));
        }
        c.push(lookup(3));
        v.push(c);
    }
    v
}

/// The batch commands.
pub fn map_batches() -> Vec<Case> {
    let mut v = Vec::new();
    // A hash map's iteration order is its bucket order: with the kernel's
    // random seed it changes from map to map, so only results and counts
    // are compared there; with BPF_F_ZERO_SEED it is jhash's, fixed, and
    // every byte is compared.
    for (t, tn, mflags) in [
        (BPF_MAP_TYPE_ARRAY, "array", 0u32),
        (BPF_MAP_TYPE_HASH, "hash", 0),
        (BPF_MAP_TYPE_HASH, "hash-zero-seed", BPF_F_ZERO_SEED),
    ] {
        let random_order = t == BPF_MAP_TYPE_HASH && mflags == 0;
        for cmd in [
            BPF_MAP_LOOKUP_BATCH,
            BPF_MAP_LOOKUP_AND_DELETE_BATCH,
            BPF_MAP_UPDATE_BATCH,
            BPF_MAP_DELETE_BATCH,
        ] {
            let reads = cmd == BPF_MAP_LOOKUP_BATCH || cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH;
            let cn = cmd_name(cmd);
            for (what, count, elem_flags, flags, one) in [
                ("count=4", 4u32, 0u64, 0u64, false),
                ("count=1", 1, 0, 0, false),
                ("count=0", 0, 0, 0, false),
                ("count=5", 5, 0, 0, false),
                ("count=4,one-element", 4, 0, 0, true),
                ("elem_flags=F_LOCK", 4, BPF_F_LOCK, 0, false),
                ("elem_flags=NOEXIST", 4, BPF_NOEXIST, 0, false),
                ("elem_flags=bit8", 4, 1 << 8, 0, false),
                ("flags=1", 4, 0, 1, false),
            ] {
                if random_order && reads && count > 0 && count < 4 && !one {
                    // How many fit depends on the random bucket layout.
                    continue;
                }
                let mut c = Case::new(format!("map/batch/{tn}/{cn}/{what}"));
                c.buf(64, None); // key
                c.buf(64, None); // value
                let keys = c.buf(64, None);
                let vals = c.buf(128, None);
                let outb = c.buf(16, None);
                c.push(
                    Call::with("create", BPF_MAP_CREATE, 96, move |_| {
                        let mut a = map_attr(t, 4, 8, 4, b"batch");
                        a.map_flags = mflags;
                        a
                    })
                    .save("m", Some(Kind::Map)),
                );
                if one {
                    c.push(update(2, 0x22, 0));
                } else {
                    for k in 0..4 {
                        c.push(update(k, 0x100 + u64::from(k), 0));
                    }
                }
                let mut call =
                    Call::with(format!("{cn} {what}"), cmd, 56, move |e| bpf_attr_batch {
                        in_batch: 0,
                        out_batch: e.buf(outb),
                        keys: e.buf(keys),
                        values: e.buf(vals),
                        count,
                        map_fd: e.fd("m"),
                        elem_flags,
                        flags,
                    });
                if random_order && reads {
                    call = call.skip_buf(keys, 0..64).skip_buf(vals, 0..128).skip_buf(outb, 0..16);
                }
                if cmd == BPF_MAP_UPDATE_BATCH || cmd == BPF_MAP_DELETE_BATCH {
                    call = call
                        .fill(keys, 0, |_| {
                            [3u32, 1, 0, 2, 9].iter().flat_map(|k| k.to_ne_bytes()).collect()
                        })
                        .fill(vals, 0, |_| {
                            (0..5u64).flat_map(|k| (0x500 + k).to_ne_bytes()).collect()
                        });
                }
                c.push(call);
                if cmd == BPF_MAP_UPDATE_BATCH
                    || cmd == BPF_MAP_DELETE_BATCH
                    || cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH
                {
                    c.push(lookup(3));
                }
                v.push(c);
            }
            // Bad pointers.
            for (what, field) in [
                ("keys=bad-pointer", 0),
                ("values=bad-pointer", 1),
                ("out_batch=bad-pointer", 2),
                ("count-at-size=32", 3),
            ] {
                let mut c = Case::new(format!("map/batch/{tn}/{cn}/{what}"));
                c.buf(64, None);
                c.buf(64, None);
                let keys = c.buf(64, None);
                let vals = c.buf(128, None);
                let outb = c.buf(16, None);
                c.push(
                    Call::with("create", BPF_MAP_CREATE, 96, move |_| {
                        let mut a = map_attr(t, 4, 8, 4, b"batch");
                        a.map_flags = mflags;
                        a
                    })
                    .save("m", Some(Kind::Map)),
                );
                c.push(update(1, 0x11, 0));
                let size = if field == 3 { 32 } else { 56 };
                c.push(
                    Call::new(format!("{cn} {what}"), cmd, size, move |e| {
                        let a = bpf_attr_batch {
                            in_batch: 0,
                            out_batch: if field == 2 { BAD_ADDR } else { e.buf(outb) },
                            keys: if field == 0 { BAD_ADDR } else { e.buf(keys) },
                            values: if field == 1 { BAD_ADDR } else { e.buf(vals) },
                            count: 2,
                            map_fd: e.fd("m"),
                            elem_flags: 0,
                            flags: 0,
                        };
                        bytes_of(&a)[..size as usize].to_vec()
                    })
                    .fill(keys, 0, |_| [1u32, 2].iter().flat_map(|k| k.to_ne_bytes()).collect()),
                );
                v.push(c);
            }
        }
    }
    v
}

// ---------------------------------------------------------------------
// Programs: PROG_LOAD over every attr size and error case, prog_info's
// in/out arrays, PROG_TEST_RUN.
// ---------------------------------------------------------------------

/// `r0 = imm; exit`.
pub fn ret(imm: i32) -> Vec<u8> {
    let mut i = ret0();
    i[4..8].copy_from_slice(&imm.to_ne_bytes());
    i
}

/// A load case: buffers insns (0, 64 bytes), license (1, 32 bytes), log
/// (2, 512 bytes), info (3); `edit` adjusts the attr per backend; then,
/// when the load worked, the full info.
fn load_case(
    name: String,
    size: usize,
    insns: Vec<u8>,
    license: &'static [u8],
    edit: impl Fn(&Env, &mut bpf_attr_prog_load) + 'static,
    pokes: Vec<(usize, u8)>,
) -> Case {
    let mut c = Case::new(name);
    let ib = c.buf(64, None);
    let lb = c.buf(32, None);
    c.buf(512, None);
    let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
    let n = (insns.len() / 8) as u32;
    c.push(
        Call::new("load", BPF_PROG_LOAD, size as u32, move |e| {
            let mut a = prog_attr(e, ib, n, lb, b"diff_prog");
            edit(e, &mut a);
            sized(&bytes_of(&a)[..size.min(168)], size, &pokes)
        })
        .fill(ib, 0, move |_| insns.clone())
        .fill(lb, 0, move |_| license.to_vec())
        .save("p", Some(Kind::Prog)),
    );
    c.push(info_call::<bpf_prog_info>("p", info, 232).fill(info, 0, |_| vec![0u8; 232]));
    c
}

/// PROG_LOAD: sizes and errors.
pub fn prog_load() -> Vec<Case> {
    let mut v = Vec::new();
    for size in attr_sizes(bpf_attr_prog_load::LAYOUT) {
        v.push(load_case(
            format!("prog/load/size={size}"),
            size,
            ret0(),
            b"GPL\0",
            |_, _| {},
            vec![],
        ));
    }
    v.push(load_case(
        "prog/load/size=169,tail!=0".into(),
        169,
        ret0(),
        b"GPL\0",
        |_, _| {},
        vec![(168, 1)],
    ));
    let none = |_: &Env, _: &mut bpf_attr_prog_load| {};
    v.push(load_case("prog/load/ret42".into(), 168, ret(42), b"GPL\0", none, vec![]));
    v.push(load_case("prog/load/ret7".into(), 168, ret(7), b"GPL\0", none, vec![]));
    v.push(load_case("prog/load/ret7,size=112".into(), 112, ret(7), b"GPL\0", none, vec![]));
    type Edit = fn(&Env, &mut bpf_attr_prog_load);
    let edits: Vec<(&str, Edit)> = vec![
        ("prog_type=UNSPEC", |_, a| a.prog_type = 0),
        ("prog_type=999", |_, a| a.prog_type = 999),
        ("insn_cnt=0", |_, a| a.insn_cnt = 0),
        ("insn_cnt=1(no-exit)", |_, a| a.insn_cnt = 1),
        ("insn_cnt=1M+1", |_, a| a.insn_cnt = 1_000_001),
        ("insn_cnt=UINT_MAX", |_, a| a.insn_cnt = u32::MAX),
        ("insns=bad-pointer", |_, a| a.insns = BAD_ADDR),
        ("insns=runs-into-guard", |e, a| a.insns = e.guard - 8),
        ("license=bad-pointer", |_, a| a.license = BAD_ADDR),
        ("license=NULL", |_, a| a.license = 0),
        ("license=unterminated-before-guard", |e, a| a.license = e.guard - 3),
        ("name=bad-name", |_, a| {
            a.prog_name = [0; 16];
            a.prog_name[..3].copy_from_slice(b"a-b")
        }),
        ("name=16chars-no-nul", |_, a| a.prog_name = *b"abcdefghijklmnop"),
        ("name=a.b_C9", |_, a| {
            a.prog_name = [0; 16];
            a.prog_name[..6].copy_from_slice(b"a.b_C9")
        }),
        ("name=bytes-after-nul", |_, a| {
            a.prog_name = [0; 16];
            a.prog_name[0] = b'x';
            a.prog_name[4] = b'y';
        }),
        ("log_level=1,log_buf=NULL", |_, a| a.log_level = 1),
        ("log_level=0,log_buf-set", |e, a| {
            a.log_buf = e.buf(2);
            a.log_size = 512
        }),
        ("log_level=1,log_size=0", |e, a| {
            a.log_level = 1;
            a.log_buf = e.buf(2)
        }),
        ("log_level=1,log_size=127", |e, a| {
            a.log_level = 1;
            a.log_buf = e.buf(2);
            a.log_size = 127
        }),
        ("log_level=1,log_size=UINT_MAX", |e, a| {
            a.log_level = 1;
            a.log_buf = e.buf(2);
            a.log_size = u32::MAX
        }),
        ("log_level=32", |e, a| {
            a.log_level = 32;
            a.log_buf = e.buf(2);
            a.log_size = 512
        }),
        ("log_level=8(FIXED-only)", |e, a| {
            a.log_level = 8;
            a.log_buf = e.buf(2);
            a.log_size = 512
        }),
        ("log_buf=NULL,log_size=512", |_, a| {
            a.log_level = 1;
            a.log_size = 512
        }),
        ("log_true_size!=0-input", |_, a| a.log_true_size = 77),
        ("prog_flags=bit30", |_, a| a.prog_flags = 1 << 30),
        ("prog_flags=STRICT_ALIGNMENT", |_, a| a.prog_flags = 1),
        ("prog_flags=XDP_DEV_BOUND_ONLY", |_, a| a.prog_flags = BPF_F_XDP_DEV_BOUND_ONLY),
        ("prog_flags=TEST_REG_INVARIANTS", |_, a| a.prog_flags = BPF_F_TEST_REG_INVARIANTS),
        ("prog_flags=bit8", |_, a| a.prog_flags = 1 << 8),
        ("expected_attach_type=1", |_, a| a.expected_attach_type = 1),
        ("kern_version=1", |_, a| a.kern_version = 1),
        ("prog_ifindex=1", |_, a| a.prog_ifindex = 1),
        ("prog_btf_fd=bad", |_, a| a.prog_btf_fd = BAD_FD),
        ("func_info_rec_size=8-no-btf", |_, a| a.func_info_rec_size = 8),
        ("func_info_cnt=1-no-btf", |_, a| a.func_info_cnt = 1),
        ("line_info_cnt=1-no-btf", |_, a| a.line_info_cnt = 1),
        ("attach_btf_id=1", |_, a| a.attach_btf_id = 1),
        ("attach_prog_fd=bad", |_, a| a.attach_prog_fd = BAD_FD),
        ("core_relo_cnt=1", |_, a| a.core_relo_cnt = 1),
        ("fd_array=bad-pointer", |_, a| a.fd_array = BAD_ADDR),
        ("fd_array_cnt=1,fd_array=NULL", |_, a| a.fd_array_cnt = 1),
        ("prog_token_fd=bad", |_, a| a.prog_token_fd = BAD_FD as i32),
        ("signature=bad-pointer", |_, a| {
            a.signature = BAD_ADDR;
            a.signature_size = 8
        }),
        ("keyring_id=1", |_, a| a.keyring_id = 1),
    ];
    for (what, edit) in edits {
        v.push(load_case(format!("prog/load/{what}"), 168, ret0(), b"GPL\0", edit, vec![]));
    }
    for (what, lic) in [
        ("GPL", &b"GPL\0"[..]),
        ("Dual-BSD/GPL", b"Dual BSD/GPL\0"),
        ("GPL-v2", b"GPL v2\0"),
        ("Proprietary", b"Proprietary\0"),
        ("empty", b"\0"),
        ("gpl-lowercase", b"gpl\0"),
    ] {
        v.push(load_case(format!("prog/load/license={what}"), 168, ret0(), lic, none, vec![]));
    }
    // Verifier rejections the runtime must also catch.
    let mut no_exit = ret0();
    no_exit.truncate(8);
    v.push(load_case(
        "prog/load/reject/no-exit".into(),
        168,
        no_exit,
        b"GPL\0",
        |_, a| a.insn_cnt = 1,
        vec![],
    ));
    let mut bad_op = ret0();
    bad_op[0] = 0xff;
    v.push(load_case("prog/load/reject/bad-opcode".into(), 168, bad_op, b"GPL\0", none, vec![]));
    let mut r0_unset = vec![0u8; 8];
    r0_unset[0] = 0x95;
    v.push(load_case("prog/load/reject/r0-not-set".into(), 168, r0_unset, b"GPL\0", none, vec![]));
    // A map reference.
    for (what, fd_kind) in [("map", 0u8), ("bad-fd", 1)] {
        let mut c = Case::new(format!("prog/load/ld_imm64-map-fd={what}"));
        c.push(create_array("m"));
        let ib = c.buf(64, None);
        let lb = c.buf(32, None);
        let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
        let ids = c.buf(64, None);
        c.push(
            Call::with("load with a map reference", BPF_PROG_LOAD, 168, move |e| {
                prog_attr(e, ib, 4, lb, b"with_map")
            })
            .fill(ib, 0, move |e| with_map(if fd_kind == 0 { e.fd("m") } else { BAD_FD }))
            .fill(lb, 0, |_| b"GPL\0".to_vec())
            .save("p", Some(Kind::Prog)),
        );
        c.push(
            info_call::<bpf_prog_info>("p", info, 232)
                .fill(info, 0, move |e| {
                    let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                    i.nr_map_ids = 4;
                    i.map_ids = e.buf(ids);
                    bytes_of(&i).to_vec()
                })
                .skip_buf(ids, 0..4)
                .check(move |e, o| {
                    if o.result == Ok(0) && o.buf_u32(ids, 0) != e.id("m") {
                        return Err(format!(
                            "map_ids[0] = {} is not the map's id {}",
                            o.buf_u32(ids, 0),
                            e.id("m")
                        ));
                    }
                    Ok(())
                }),
        );
        v.push(c);
    }
    v
}

/// A case with program "p" (`r0 = 0; exit`, socket filter) and an info
/// buffer (returned) plus an array buffer (returned).
fn prog_info_case(name: String) -> (Case, usize, usize) {
    let mut c = Case::new(name);
    let l = load_ret0(&mut c, "p");
    c.push(l);
    let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
    let arr = c.buf(256, None);
    (c, info, arr)
}

/// prog_info's in/out arrays: xlated instructions, map ids, tags,
/// func_info/line_info, jited buffers with zero lengths.
pub fn prog_info_arrays() -> Vec<Case> {
    let mut v = Vec::new();
    type Set = fn(&mut bpf_prog_info, u64, u32);
    let arrays: Vec<(&str, Set, &[u32])> = vec![
        (
            "xlated_prog_insns",
            |i, a, n| {
                i.xlated_prog_insns = a;
                i.xlated_prog_len = n
            },
            &[0, 1, 8, 15, 16, 17, 256],
        ),
        (
            "map_ids",
            |i, a, n| {
                i.map_ids = a;
                i.nr_map_ids = n
            },
            &[0, 1, 4],
        ),
        (
            "prog_tags",
            |i, a, n| {
                i.prog_tags = a;
                i.nr_prog_tags = n
            },
            &[0, 1, 2],
        ),
        (
            "func_info",
            |i, a, n| {
                i.func_info = a;
                i.nr_func_info = n;
                i.func_info_rec_size = 8
            },
            &[0, 1],
        ),
        (
            "line_info",
            |i, a, n| {
                i.line_info = a;
                i.nr_line_info = n;
                i.line_info_rec_size = 16
            },
            &[0, 1],
        ),
        (
            "jited_prog_insns(len=0)",
            |i, a, _| {
                i.jited_prog_insns = a;
                i.jited_prog_len = 0
            },
            &[0],
        ),
        (
            "jited_ksyms(nr=0)",
            |i, a, _| {
                i.jited_ksyms = a;
                i.nr_jited_ksyms = 0
            },
            &[0],
        ),
    ];
    for (what, set, ns) in arrays {
        for &n in ns {
            for bad in [false, true] {
                if bad && n == 0 && what.starts_with("jited") {
                    continue;
                }
                let (mut c, info, arr) = prog_info_case(format!(
                    "prog/info/{what},n={n}{}",
                    if bad { ",bad-pointer" } else { "" }
                ));
                c.push(info_call::<bpf_prog_info>("p", info, 232).fill(info, 0, move |e| {
                    let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                    set(&mut i, if bad { BAD_ADDR } else { e.buf(arr) }, n);
                    bytes_of(&i).to_vec()
                }));
                v.push(c);
            }
        }
    }
    // An old caller's info_len with array fields it does not know.
    for len in [40u32, 80] {
        let (mut c, info, _) = prog_info_case(format!("prog/info/old-caller,info_len={len}"));
        c.push(
            info_call::<bpf_prog_info>("p", info, len)
                .fill(info, 0, move |_| vec![0u8; len as usize]),
        );
        v.push(c);
    }
    // func_info_rec_size / line_info_rec_size of a caller with records
    // of another size.
    for rs in [4u32, 12, 16, 32] {
        let (mut c, info, arr) = prog_info_case(format!("prog/info/func_info_rec_size={rs}"));
        c.push(info_call::<bpf_prog_info>("p", info, 232).fill(info, 0, move |e| {
            let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
            i.func_info = e.buf(arr);
            i.nr_func_info = 1;
            i.func_info_rec_size = rs;
            i.line_info = e.buf(arr);
            i.nr_line_info = 1;
            i.line_info_rec_size = rs;
            bytes_of(&i).to_vec()
        }));
        v.push(c);
    }
    v
}

pub fn test_attr(e: &Env, din: usize, n_in: u32, dout: Option<usize>, n_out: u32) -> bpf_attr_test {
    bpf_attr_test {
        prog_fd: e.fd("p"),
        data_in: e.buf(din),
        data_size_in: n_in,
        data_out: dout.map(|b| e.buf(b)).unwrap_or(0),
        data_size_out: n_out,
        ..Default::default()
    }
}

/// PROG_TEST_RUN of a socket filter.
pub fn prog_test_run() -> Vec<Case> {
    let mut v = Vec::new();
    let base = |name: String, imm: i32| -> (Case, usize, usize) {
        let mut c = Case::new(name);
        let ib = c.buf(16, None);
        let lb = c.buf(4, None);
        let din = c.buf(64, None);
        let dout = c.buf(128, None);
        c.buf(64, None); // ctx: buffer 4
        c.push(
            Call::with("load", BPF_PROG_LOAD, 168, move |e| prog_attr(e, ib, 2, lb, b"run"))
                .fill(ib, 0, move |_| ret(imm))
                .fill(lb, 0, |_| b"GPL\0".to_vec())
                .save("p", Some(Kind::Prog)),
        );
        (c, din, dout)
    };
    let packet = |_: &Env| (0u8..64).collect::<Vec<u8>>();
    for (what, n_in, out, n_out) in [
        ("in=14,out=NULL", 14u32, false, 0u32),
        ("in=64,out=128", 64, true, 128),
        ("in=64,out=64", 64, true, 64),
        ("in=64,out=4(ENOSPC)", 64, true, 4),
        ("in=64,out=0,data_out-set", 64, true, 0),
        ("in=13(too-short)", 13, false, 0),
        ("in=0", 0, false, 0),
        ("in=20,out=19", 20, true, 19),
    ] {
        for imm in [0, 1, 42] {
            let (mut c, din, dout) = base(format!("prog/test_run/ret{imm}/{what}"), imm);
            c.push(
                Call::with(format!("test run {what}"), BPF_PROG_TEST_RUN, 80, move |e| {
                    test_attr(e, din, n_in, if out { Some(dout) } else { None }, n_out)
                })
                .fill(din, 0, packet)
                .skip_attr(36..40),
            );
            v.push(c);
        }
    }
    type Edit = fn(&Env, &mut bpf_attr_test);
    let edits: Vec<(&str, Edit)> = vec![
        ("repeat=100", |_, a| a.repeat = 100),
        ("data_in=bad-pointer", |_, a| a.data_in = BAD_ADDR),
        ("data_out=bad-pointer", |_, a| a.data_out = BAD_ADDR),
        ("data_out=read-only", |e, a| a.data_out = e.rodata),
        ("flags=1", |_, a| a.flags = 1),
        ("flags=bit31", |_, a| a.flags = 1 << 31),
        ("cpu=1", |_, a| a.cpu = 1),
        ("batch_size=1", |_, a| a.batch_size = 1),
        ("duration=5-input", |_, a| a.duration = 5),
        ("retval=7-input", |_, a| a.retval = 7),
        ("ctx_size_in=8,ctx_in=NULL", |_, a| a.ctx_size_in = 8),
        ("ctx_in=bad-pointer", |_, a| {
            a.ctx_in = BAD_ADDR;
            a.ctx_size_in = 8
        }),
        ("ctx_out=buffer,ctx_size_out=4", |e, a| {
            a.ctx_out = e.buf(4);
            a.ctx_size_out = 4
        }),
        ("ctx_in=zeros(24)", |e, a| {
            a.ctx_in = e.buf(4);
            a.ctx_size_in = 24
        }),
        ("prog_fd=bad", |_, a| a.prog_fd = BAD_FD),
    ];
    for (what, edit) in edits {
        let (mut c, din, dout) = base(format!("prog/test_run/{what}"), 3);
        c.push(
            Call::with(format!("test run {what}"), BPF_PROG_TEST_RUN, 80, move |e| {
                let mut a = test_attr(e, din, 64, Some(dout), 128);
                edit(e, &mut a);
                a
            })
            .fill(din, 0, packet)
            .fill(dout, 0, |_| vec![0u8; 128])
            .skip_attr(36..40),
        );
        v.push(c);
    }
    for size in [16u32, 32, 40, 64, 72, 80, 168] {
        let (mut c, din, dout) = base(format!("prog/test_run/size={size}"), 3);
        c.push(
            Call::new(format!("test run, attr size {size}"), BPF_PROG_TEST_RUN, size, move |e| {
                sized(
                    &bytes_of(&test_attr(e, din, 64, Some(dout), 128))[..(size as usize).min(80)],
                    size as usize,
                    &[],
                )
            })
            .fill(din, 0, packet)
            .skip_attr(36..40),
        );
        v.push(c);
    }
    v
}

// ---------------------------------------------------------------------
// BTF objects: BTF_LOAD over every attr size, header errors, logs, and
// btf_info's in/out buffers.
// ---------------------------------------------------------------------

/// A BTF_LOAD case of `blob` (buffer 0), log buffer 1 (4200 bytes),
/// info buffer 2; `edit` adjusts the attr; then the full info.
fn btf_case(
    name: String,
    size: usize,
    blob: Vec<u8>,
    edit: impl Fn(&Env, &mut bpf_attr_btf_load) + 'static,
) -> Case {
    let mut c = Case::new(name);
    let len = blob.len();
    let bb = c.buf(len.max(1), None);
    let lb = c.buf(4200, None);
    let info = c.buf(4200, Some(bpf_btf_info::LAYOUT));
    let _ = lb;
    c.push(
        Call::new("btf load", BPF_BTF_LOAD, size as u32, move |e| {
            let mut a =
                bpf_attr_btf_load { btf: e.buf(bb), btf_size: len as u32, ..Default::default() };
            edit(e, &mut a);
            sized(&bytes_of(&a)[..size.min(40)], size, &[])
        })
        .fill(bb, 0, move |_| blob.clone())
        .save("b", Some(Kind::Btf)),
    );
    c.push(info_call::<bpf_btf_info>("b", info, 32).fill(info, 0, |_| vec![0u8; 32]));
    c
}

fn put_u32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_ne_bytes());
}

/// BTF_LOAD.
pub fn btf_load() -> Vec<Case> {
    let mut v = Vec::new();
    let none = |_: &Env, _: &mut bpf_attr_btf_load| {};
    for size in attr_sizes(bpf_attr_btf_load::LAYOUT) {
        v.push(btf_case(format!("btf/load/size={size}"), size, int_btf(), none));
    }
    type Blob = fn(&mut Vec<u8>);
    let blobs: Vec<(&str, Blob)> = vec![
        ("magic=bad", |b| b[0] = 0),
        ("version=2", |b| b[2] = 2),
        ("flags=1", |b| b[3] = 1),
        ("hdr_len=8", |b| put_u32(b, 4, 8)),
        ("hdr_len=28,tail=0", |b| {
            put_u32(b, 4, 28);
            b.splice(24..24, [0u8; 4]);
        }),
        ("hdr_len=28,tail!=0", |b| {
            put_u32(b, 4, 28);
            b.splice(24..24, [1u8, 0, 0, 0]);
        }),
        ("type_off=1", |b| put_u32(b, 8, 1)),
        ("type_len=15", |b| put_u32(b, 12, 15)),
        ("type_len=0", |b| put_u32(b, 12, 0)),
        ("str_off=past-end", |b| put_u32(b, 16, 100)),
        ("str_len=0", |b| put_u32(b, 20, 0)),
        ("str-not-nul-terminated", |b| {
            let n = b.len();
            b[n - 1] = b'x';
        }),
        ("str-first-not-nul", |b| {
            let n = b.len();
            b[n - 5] = b'x';
        }),
        ("truncated-to-header", |b| b.truncate(24)),
        ("truncated-to-20", |b| b.truncate(20)),
        ("trailing-garbage", |b| b.extend_from_slice(&[0u8; 4])),
        ("kind=unknown", |b| put_u32(b, 28, 31 << 24)),
        ("name_off=past-strings", |b| put_u32(b, 24, 99)),
    ];
    for (what, f) in blobs {
        let mut blob = int_btf();
        f(&mut blob);
        v.push(btf_case(format!("btf/load/{what}"), 40, blob.clone(), none));
        v.push(btf_case(format!("btf/load/{what},log_level=1"), 40, blob, |e, a| {
            a.btf_log_buf = e.buf(1);
            a.btf_log_size = 4096;
            a.btf_log_level = 1
        }));
    }
    type Edit = fn(&Env, &mut bpf_attr_btf_load);
    let edits: Vec<(&str, Edit)> = vec![
        ("btf_size=0", |_, a| a.btf_size = 0),
        ("btf_size=16M+1", |_, a| a.btf_size = (16 << 20) + 1),
        ("btf=bad-pointer", |_, a| a.btf = BAD_ADDR),
        ("btf=runs-into-guard", |e, a| a.btf = e.guard - 20),
        ("btf_flags=1", |_, a| a.btf_flags = 1),
        ("btf_flags=TOKEN_FD,token=bad", |_, a| {
            a.btf_flags = 1 << 16;
            a.btf_token_fd = BAD_FD as i32
        }),
        ("btf_token_fd=bad-without-flag", |_, a| a.btf_token_fd = BAD_FD as i32),
        ("log_true_size=5-input", |_, a| a.btf_log_true_size = 5),
    ];
    for (what, edit) in edits {
        v.push(btf_case(format!("btf/load/{what}"), 40, int_btf(), edit));
    }
    // Logs.
    for level in [1u32, 2, 3, 8, 9, 16, 0x20] {
        for size in [0u32, 64, 127, 128, 200, 4096] {
            for buf in [true, false] {
                if !buf && size == 0 {
                    continue;
                }
                v.push(btf_case(
                    format!(
                        "btf/load/log_level={level},log_size={size}{}",
                        if buf { "" } else { ",log_buf=NULL" }
                    ),
                    40,
                    int_btf(),
                    move |e, a| {
                        a.btf_log_level = level;
                        a.btf_log_size = size;
                        a.btf_log_buf = if buf { e.buf(1) } else { 0 };
                    },
                ));
            }
        }
    }
    v.push(btf_case("btf/load/log_level=0,log_buf-set".into(), 40, int_btf(), |e, a| {
        a.btf_log_buf = e.buf(1);
        a.btf_log_size = 512
    }));
    v.push(btf_case("btf/load/log=bad-pointer".into(), 40, int_btf(), |_, a| {
        a.btf_log_buf = BAD_ADDR;
        a.btf_log_size = 512;
        a.btf_log_level = 1
    }));
    v.push(btf_case("btf/load/log=read-only".into(), 40, int_btf(), |e, a| {
        a.btf_log_buf = e.rodata;
        a.btf_log_size = 512;
        a.btf_log_level = 1
    }));
    v.push(btf_case("btf/load/log_size=UINT_MAX".into(), 40, int_btf(), |e, a| {
        a.btf_log_buf = e.buf(1);
        a.btf_log_size = u32::MAX;
        a.btf_log_level = 1
    }));
    for size in [28usize, 32, 36] {
        let mut blob = int_btf();
        blob[0] = 0;
        v.push(btf_case(
            format!(
                "btf/load/bad-magic,log,attr-size={size}(log_true_size-{})",
                if size >= 32 { "present" } else { "absent" }
            ),
            size,
            blob,
            |e, a| {
                a.btf_log_buf = e.buf(1);
                a.btf_log_size = 4096;
                a.btf_log_level = 1
            },
        ));
    }
    v
}

/// btf_info's in/out buffers: the blob and the name.
pub fn btf_info_buffers() -> Vec<Case> {
    let mut v = Vec::new();
    let blob_len = int_btf().len() as u32;
    for (what, btf_size, name_len, bad) in [
        ("btf_size=0", 0u32, 0u32, false),
        ("btf_size=10", 10, 0, false),
        ("btf_size=exact", blob_len, 0, false),
        ("btf_size=exact+8", blob_len + 8, 0, false),
        ("btf=bad-pointer", blob_len, 0, true),
        ("name_len=0", 0, 0, false),
        ("name_len=1", 0, 1, false),
        ("name_len=16", 0, 16, false),
        ("name=bad-pointer", 0, 16, true),
    ] {
        let mut c = Case::new(format!("btf/info/{what}"));
        let l = load_btf(&mut c, "b");
        c.push(l);
        let info = c.buf(4200, Some(bpf_btf_info::LAYOUT));
        let out = c.buf(128, None);
        let is_name = what.starts_with("name");
        c.push(info_call::<bpf_btf_info>("b", info, 32).fill(info, 0, move |e| {
            let p = if bad { BAD_ADDR } else { e.buf(out) };
            let i = if is_name {
                bpf_btf_info { btf: 0, btf_size: 0, id: 0, name: p, name_len, kernel_btf: 0 }
            } else {
                bpf_btf_info { btf: p, btf_size, id: 0, name: 0, name_len: 0, kernel_btf: 0 }
            };
            bytes_of(&i).to_vec()
        }));
        v.push(c);
    }
    v
}

// ---------------------------------------------------------------------
// Links: an XDP link on `lo` (ifindex 1), the runtime's one attach point.
// ---------------------------------------------------------------------

/// Loads an XDP program returning XDP_PASS as `name`.
pub fn load_xdp(c: &mut Case, name: &str) -> Call {
    let ib = c.buf(16, None);
    let lb = c.buf(4, None);
    Call::with(format!("load xdp prog {name}"), BPF_PROG_LOAD, 168, move |e| {
        let mut a = prog_attr(e, ib, 2, lb, b"xdp_pass");
        a.prog_type = BPF_PROG_TYPE_XDP;
        a.expected_attach_type = BPF_XDP;
        a
    })
    .fill(ib, 0, |_| ret(2))
    .fill(lb, 0, |_| b"GPL\0".to_vec())
    .save(name, Some(Kind::Prog))
}

pub fn link_attr(prog_fd: u32, ifindex: u32, attach_type: u32, flags: u32) -> bpf_attr_link_create {
    bpf_attr_link_create { prog_fd, target_fd: ifindex, attach_type, flags, ..Default::default() }
}

/// Adds an XDP program "xp" and the call that links it to lo as `name`.
pub fn xdp_link(c: &mut Case, name: &str) -> Call {
    let l = load_xdp(c, "xp");
    c.push(l);
    Call::with(format!("link xdp to lo as {name}"), BPF_LINK_CREATE, 64, |e| {
        link_attr(e.fd("xp"), 1, BPF_XDP, 0)
    })
    .save(name, Some(Kind::Link))
}

/// LINK_CREATE, LINK_UPDATE, LINK_DETACH and link_info.
pub fn links() -> Vec<Case> {
    let mut v = info_matrix::<bpf_link_info>("link", |c| xdp_link(c, "obj"));
    for size in attr_sizes(bpf_attr_link_create::LAYOUT) {
        let mut c = Case::new(format!("link/create/size={size}"));
        let l = load_xdp(&mut c, "xp");
        c.push(l);
        let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
        c.push(
            Call::new("link", BPF_LINK_CREATE, size as u32, move |e| {
                sized(&bytes_of(&link_attr(e.fd("xp"), 1, BPF_XDP, 0))[..size.min(64)], size, &[])
            })
            .save("l", Some(Kind::Link)),
        );
        c.push(info_call::<bpf_link_info>("l", info, 64).fill(info, 0, |_| vec![0u8; 64]));
        v.push(c);
    }
    type Edit = fn(&Env, &mut bpf_attr_link_create);
    let edits: Vec<(&str, Edit)> = vec![
        ("ifindex=0", |_, a| a.target_fd = 0),
        ("ifindex=999999", |_, a| a.target_fd = 999_999),
        ("attach_type=0", |_, a| a.attach_type = 0),
        ("attach_type=SK_LOOKUP", |_, a| a.attach_type = 36),
        ("attach_type=999", |_, a| a.attach_type = 999),
        ("prog_fd=bad", |_, a| a.prog_fd = BAD_FD),
        ("prog_fd=map", |e, a| a.prog_fd = e.fd("m")),
        ("flags=SKB_MODE", |_, a| a.flags = 2),
        ("flags=DRV_MODE", |_, a| a.flags = 4),
        ("flags=HW_MODE", |_, a| a.flags = 8),
        ("flags=SKB|DRV", |_, a| a.flags = 6),
        ("flags=UPDATE_IF_NOEXIST", |_, a| a.flags = 1),
        ("flags=bit31", |_, a| a.flags = 1 << 31),
        ("iter_info=bad-pointer", |_, a| {
            a.iter_info = BAD_ADDR;
            a.iter_info_len = 8
        }),
        ("target_btf_id=1", |_, a| a.set_target_btf_id(1)),
    ];
    for (what, edit) in edits {
        let mut c = Case::new(format!("link/create/{what}"));
        c.push(create_array("m"));
        let l = load_xdp(&mut c, "xp");
        c.push(l);
        let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
        c.push(
            Call::with(format!("link {what}"), BPF_LINK_CREATE, 64, move |e| {
                let mut a = link_attr(e.fd("xp"), 1, BPF_XDP, 0);
                edit(e, &mut a);
                a
            })
            .save("l", Some(Kind::Link)),
        );
        c.push(info_call::<bpf_link_info>("l", info, 64).fill(info, 0, |_| vec![0u8; 64]));
        v.push(c);
    }
    // A socket filter is no XDP program.
    {
        let mut c = Case::new("link/create/prog=socket-filter");
        let p = load_ret0(&mut c, "sf");
        c.push(p);
        c.push(Call::with("link a socket filter to lo", BPF_LINK_CREATE, 64, |e| {
            link_attr(e.fd("sf"), 1, BPF_XDP, 0)
        }));
        v.push(c);
    }
    // Two links on lo.
    {
        let mut c = Case::new("link/create/second-link-EBUSY");
        let l = xdp_link(&mut c, "l1");
        c.push(l);
        c.push(Call::with("second link", BPF_LINK_CREATE, 64, |e| {
            link_attr(e.fd("xp"), 1, BPF_XDP, 0)
        }));
        v.push(c);
    }
    {
        let mut c = Case::new("link/create/after-close-of-first");
        let l = xdp_link(&mut c, "l1");
        c.push(l);
        let mut c = c.close("l1");
        c.push(
            Call::with("link again", BPF_LINK_CREATE, 64, |e| link_attr(e.fd("xp"), 1, BPF_XDP, 0))
                .save("l2", Some(Kind::Link)),
        );
        v.push(c);
    }
    // Detach, update.
    {
        let mut c = Case::new("link/detach/then-info");
        let l = xdp_link(&mut c, "l");
        c.push(l);
        let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
        c.push(Call::with("detach", BPF_LINK_DETACH, 4, |e| bpf_attr_link_detach {
            link_fd: e.fd("l"),
        }));
        c.push(info_call::<bpf_link_info>("l", info, 64).fill(info, 0, |_| vec![0u8; 64]));
        c.push(Call::with("detach again", BPF_LINK_DETACH, 4, |e| bpf_attr_link_detach {
            link_fd: e.fd("l"),
        }));
        c.push(Call::with("link after detach", BPF_LINK_CREATE, 64, |e| {
            link_attr(e.fd("xp"), 1, BPF_XDP, 0)
        }));
        v.push(c);
    }
    for (what, kind) in [("bad-fd", 0u8), ("prog-fd", 1), ("map-fd", 2)] {
        let mut c = Case::new(format!("link/detach/{what}"));
        c.push(create_array("m"));
        let l = load_xdp(&mut c, "xp");
        c.push(l);
        c.push(Call::with("detach", BPF_LINK_DETACH, 4, move |e| bpf_attr_link_detach {
            link_fd: match kind {
                0 => BAD_FD,
                1 => e.fd("xp"),
                _ => e.fd("m"),
            },
        }));
        v.push(c);
    }
    for (what, kind) in [
        ("new-prog", 0u8),
        ("same-prog", 1),
        ("REPLACE,old=right", 2),
        ("REPLACE,old=wrong", 3),
        ("flags=bit0", 4),
        ("old_prog-without-REPLACE", 5),
        ("new=socket-filter", 6),
        ("new=bad-fd", 7),
    ] {
        let mut c = Case::new(format!("link/update/{what}"));
        let l = xdp_link(&mut c, "l");
        c.push(l);
        let p2 = load_xdp(&mut c, "xp2");
        c.push(p2);
        let sf = load_ret0(&mut c, "sf");
        c.push(sf);
        let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
        c.push(Call::with(format!("update {what}"), BPF_LINK_UPDATE, 16, move |e| {
            bpf_attr_link_update {
                link_fd: e.fd("l"),
                new_prog_fd: match kind {
                    1 => e.fd("xp"),
                    6 => e.fd("sf"),
                    7 => BAD_FD,
                    _ => e.fd("xp2"),
                },
                flags: match kind {
                    2 | 3 => 1 << 2,
                    4 => 1,
                    _ => 0,
                },
                old_prog_fd: match kind {
                    2 => e.fd("xp"),
                    3 | 5 => e.fd("xp2"),
                    _ => 0,
                },
            }
        }));
        c.push(
            info_call::<bpf_link_info>("l", info, 64)
                .fill(info, 0, |_| vec![0u8; 64])
                .check(|_, _| Ok(())),
        );
        v.push(c);
    }
    // Ids.
    {
        let mut c = Case::new("link/ids/next_id-from-id-1,fd_by_id");
        let l = xdp_link(&mut c, "l");
        c.push(l);
        c.push(
            Call::new("next link id", BPF_LINK_GET_NEXT_ID, 8, |e| {
                bytes_of(&get_id(e.id("l") - 1, 0, 0, 0)).to_vec()
            })
            .skip_attr(4..8)
            .check(|e, o| {
                if o.result == Ok(0) && o.attr_u32(4) != e.id("l") {
                    return Err(format!(
                        "next_id {} is not our link's id {}",
                        o.attr_u32(4),
                        e.id("l")
                    ));
                }
                Ok(())
            }),
        );
        c.push(
            Call::new("link fd by id", BPF_LINK_GET_FD_BY_ID, 8, |e| {
                bytes_of(&get_id(e.id("l"), 0, 0, 0))[..8].to_vec()
            })
            .save("l2", None),
        );
        v.push(c);
    }
    v
}

// ---------------------------------------------------------------------
// PROG_BIND_MAP, ENABLE_STATS, PROG_QUERY, verifier logs, xlated
// instructions with a map reference.
// ---------------------------------------------------------------------

/// PROG_BIND_MAP, ENABLE_STATS and PROG_QUERY.
pub fn prog_misc() -> Vec<Case> {
    let mut v = Vec::new();
    for (what, kind) in [
        ("ok", 0u8),
        ("twice", 1),
        ("flags=1", 2),
        ("prog_fd=bad", 3),
        ("map_fd=bad", 4),
        ("prog_fd=map", 5),
        ("map_fd=prog", 6),
        ("size=8", 7),
    ] {
        let mut c = Case::new(format!("prog/bind_map/{what}"));
        c.push(create_array("m"));
        let l = load_ret0(&mut c, "p");
        c.push(l);
        let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
        let ids = c.buf(64, None);
        let size = if kind == 7 { 8 } else { 12 };
        let bind = move |label: &str| {
            Call::new(label, BPF_PROG_BIND_MAP, size, move |e| {
                let a = bpf_attr_prog_bind_map {
                    prog_fd: match kind {
                        3 => BAD_FD,
                        5 => e.fd("m"),
                        _ => e.fd("p"),
                    },
                    map_fd: match kind {
                        4 => BAD_FD,
                        6 => e.fd("p"),
                        _ => e.fd("m"),
                    },
                    flags: if kind == 2 { 1 } else { 0 },
                };
                bytes_of(&a)[..size as usize].to_vec()
            })
        };
        c.push(bind("bind"));
        if kind == 1 {
            c.push(bind("bind again"));
        }
        c.push(
            info_call::<bpf_prog_info>("p", info, 232)
                .fill(info, 0, move |e| {
                    let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                    i.nr_map_ids = 4;
                    i.map_ids = e.buf(ids);
                    bytes_of(&i).to_vec()
                })
                .skip_buf(ids, 0..4),
        );
        v.push(c);
    }
    for (what, t, size) in [
        ("type=RUN_TIME", 0u32, 4u32),
        ("type=1", 1, 4),
        ("type=UINT_MAX", u32::MAX, 4),
        ("size=0", 0, 0),
        ("size=168", 0, 168),
    ] {
        v.push(Case::new(format!("prog/enable_stats/{what}")).call(Call::new(
            "enable stats",
            BPF_ENABLE_STATS,
            size,
            move |_| sized(&t.to_ne_bytes(), size as usize, &[])[..size as usize].to_vec(),
        )));
    }
    {
        // With statistics on, run_cnt counts test runs (run_time_ns is a time).
        let mut c = Case::new("prog/enable_stats/run_cnt-after-3-runs");
        c.push(Call::new("enable stats", BPF_ENABLE_STATS, 4, |_| vec![0; 4]).save("stats", None));
        let l = load_ret0(&mut c, "p");
        c.push(l);
        let din = c.buf(64, None);
        let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
        c.push(
            Call::with("test run x3", BPF_PROG_TEST_RUN, 80, move |e| bpf_attr_test {
                prog_fd: e.fd("p"),
                data_in: e.buf(din),
                data_size_in: 64,
                repeat: 3,
                ..Default::default()
            })
            .fill(din, 0, |_| vec![0x11; 64])
            .skip_attr(36..40),
        );
        let mut ic = Call::new("info with run_cnt", BPF_OBJ_GET_INFO_BY_FD, 16, move |e| {
            bytes_of(&info_attr(e.fd("p"), 232, e.buf(info))).to_vec()
        })
        .fill(info, 0, |_| vec![0u8; 232]);
        for f in exceptions(bpf_prog_info::LAYOUT).iter().filter(|f| **f != "run_cnt") {
            ic = ic.skip_fields::<bpf_prog_info>(info, &[f]);
        }
        c.push(ic);
        v.push(c);
    }
    for (what, attach_type, target, flags) in [
        ("XDP,lo", 37u32, 1u32, 0u32),
        ("CGROUP_INET_INGRESS,bad-fd", 0, BAD_FD, 0),
        ("SK_LOOKUP,bad-fd", 36, BAD_FD, 0),
        ("attach_type=999", 999, 1, 0),
        ("query_flags=2", 37, 1, 2),
        ("TCX_INGRESS,lo", 46, 1, 0),
        ("NETKIT_PRIMARY,lo", 54, 1, 0),
    ] {
        let mut c = Case::new(format!("prog/query/{what}"));
        let ids = c.buf(64, None);
        c.push(Call::with(format!("query {what}"), BPF_PROG_QUERY, 64, move |e| bpf_attr_query {
            target_fd: target,
            attach_type,
            query_flags: flags,
            prog_ids: e.buf(ids),
            prog_cnt: 4,
            ..Default::default()
        }));
        v.push(c);
    }
    v
}

/// Verifier logs of programs that load, and xlated instructions with a
/// map reference.
pub fn prog_logs() -> Vec<Case> {
    let mut v = Vec::new();
    for (level, size) in [
        (1u32, 4096u32),
        (2, 4096),
        (4, 4096),
        (1, 128),
        (2, 128),
        (3, 200),
        (1 | 8, 128),
        (2 | 8, 128),
    ] {
        let mut c = load_case(
            format!("prog/load/log_level={level},log_size={size},loads"),
            168,
            ret0(),
            b"GPL\0",
            move |e, a| {
                a.log_level = level;
                a.log_buf = e.buf(2);
                a.log_size = size;
            },
            vec![],
        );
        // The log buffer is 512 bytes in load_case: use a bigger one.
        c.bufs[2].0 = 4200;
        if level & 4 != 0 {
            // BPF_LOG_STATS prints "verification time N usec": a time, of
            // varying length. Only the result is compared.
            if let Step::Bpf(call) = &mut c.steps[0] {
                call.skip_buf.push((2, 0..4200));
                call.skip_attr.push(140..144);
            }
        }
        v.push(c);
    }
    // Rejected programs with a log: the message, log_true_size.
    let mut bad = ret0();
    bad[0] = 0xff;
    for size in [4096u32, 128] {
        let mut c = load_case(
            format!("prog/load/reject/bad-opcode,log_size={size}"),
            168,
            bad.clone(),
            b"GPL\0",
            move |e, a| {
                a.log_level = 1;
                a.log_buf = e.buf(2);
                a.log_size = size;
            },
            vec![],
        );
        c.bufs[2].0 = 4200;
        v.push(c);
    }
    // log_true_size is written back only to callers whose attr has it
    // (6.4: size >= 144).
    for attr_size in [120usize, 128, 140, 144, 152] {
        for (what, insns) in [("reject/bad-opcode", bad.clone()), ("loads", ret0())] {
            let mut c = load_case(
                format!("prog/load/{what},log_level=1,log_size=4096,attr-size={attr_size}"),
                attr_size,
                insns,
                b"GPL\0",
                move |e, a| {
                    a.log_level = 1;
                    a.log_buf = e.buf(2);
                    a.log_size = 4096;
                },
                vec![],
            );
            c.bufs[2].0 = 4200;
            v.push(c);
        }
    }
    // xlated instructions of a program with a map reference: the kernel
    // puts the map's id in the immediate.
    let mut c = Case::new("prog/info/xlated-with-map-ref");
    c.push(create_array("m"));
    let ib = c.buf(64, None);
    let lb = c.buf(32, None);
    let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
    let xl = c.buf(64, None);
    c.push(
        Call::with("load with a map reference", BPF_PROG_LOAD, 168, move |e| {
            prog_attr(e, ib, 4, lb, b"with_map")
        })
        .fill(ib, 0, |e| with_map(e.fd("m")))
        .fill(lb, 0, |_| b"GPL\0".to_vec())
        .save("p", Some(Kind::Prog)),
    );
    c.push(
        info_call::<bpf_prog_info>("p", info, 232)
            .fill(info, 0, move |e| {
                let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                i.xlated_prog_insns = e.buf(xl);
                i.xlated_prog_len = 64;
                bytes_of(&i).to_vec()
            })
            .skip_buf(xl, 4..8)
            .check(move |e, o| {
                if o.result == Ok(0) && o.buf_u32(xl, 4) != e.id("m") {
                    return Err(format!(
                        "xlated ld_imm64 imm {} is not the map id {}",
                        o.buf_u32(xl, 4),
                        e.id("m")
                    ));
                }
                Ok(())
            }),
    );
    v.push(c);
    v
}

// ---------------------------------------------------------------------
// Commands whose objects the runtime does not have (pinning, attaching to
// kernel hooks, tracepoints, task queries, iterators, tokens) and stream
// reads: their argument checks, and the kernel's answer where the object
// does not exist (core/src/runtime/unmodelled.rs).
// ---------------------------------------------------------------------

/// One early-error call of each of those commands, then [`unmodelled_paths`].
pub fn unmodelled() -> Vec<Case> {
    let mut v = Vec::new();
    let mut add = |name: &str, cmd: u32, size: u32, attr: fn() -> Vec<u8>| {
        v.push(Case::new(format!("unmodelled/{}/{name}", cmd_name(cmd))).call(Call::new(
            name.to_string(),
            cmd,
            size,
            move |_| attr(),
        )));
    };
    add("pathname=bad-pointer,bpf_fd=bad", BPF_OBJ_PIN, 24, || {
        bytes_of(&bpf_attr_obj_pin { pathname: BAD_ADDR, bpf_fd: BAD_FD, ..Default::default() })
            .to_vec()
    });
    add("pathname=bad-pointer", BPF_OBJ_GET, 24, || {
        bytes_of(&bpf_attr_obj_pin { pathname: BAD_ADDR, ..Default::default() }).to_vec()
    });
    add("file_flags=bit31", BPF_OBJ_GET, 24, || {
        bytes_of(&bpf_attr_obj_pin {
            pathname: BAD_ADDR,
            file_flags: 1 << 31,
            ..Default::default()
        })
        .to_vec()
    });
    add("target=bad-fd", BPF_PROG_ATTACH, 32, || {
        bytes_of(&bpf_attr_prog_attach {
            target_fd: BAD_FD,
            attach_bpf_fd: BAD_FD,
            ..Default::default()
        })
        .to_vec()
    });
    add("target=bad-fd", BPF_PROG_DETACH, 32, || {
        bytes_of(&bpf_attr_prog_attach {
            target_fd: BAD_FD,
            attach_bpf_fd: BAD_FD,
            ..Default::default()
        })
        .to_vec()
    });
    add("name=bad-pointer,prog_fd=bad", BPF_RAW_TRACEPOINT_OPEN, 24, || {
        bytes_of(&bpf_attr_raw_tracepoint { name: BAD_ADDR, prog_fd: BAD_FD, ..Default::default() })
            .to_vec()
    });
    add("own-pid,fd=bad", BPF_TASK_FD_QUERY, 48, || {
        bytes_of(&bpf_attr_task_fd_query {
            pid: std::process::id(),
            fd: BAD_FD,
            ..Default::default()
        })
        .to_vec()
    });
    add("flags=1", BPF_TASK_FD_QUERY, 48, || {
        bytes_of(&bpf_attr_task_fd_query {
            pid: std::process::id(),
            fd: BAD_FD,
            flags: 1,
            ..Default::default()
        })
        .to_vec()
    });
    add("link_fd=bad", BPF_ITER_CREATE, 8, || {
        bytes_of(&bpf_attr_iter_create { link_fd: BAD_FD, flags: 0 }).to_vec()
    });
    add("flags=1", BPF_ITER_CREATE, 8, || {
        bytes_of(&bpf_attr_iter_create { link_fd: BAD_FD, flags: 1 }).to_vec()
    });
    add("bpffs_fd=bad", BPF_TOKEN_CREATE, 8, || {
        bytes_of(&bpf_attr_token_create { flags: 0, bpffs_fd: BAD_FD }).to_vec()
    });
    add("flags=1", BPF_TOKEN_CREATE, 8, || {
        bytes_of(&bpf_attr_token_create { flags: 1, bpffs_fd: BAD_FD }).to_vec()
    });
    add("prog_fd=bad", BPF_PROG_STREAM_READ_BY_FD, 24, || {
        bytes_of(&bpf_attr_prog_stream_read {
            stream_buf: BAD_ADDR,
            stream_buf_len: 8,
            stream_id: 1,
            prog_fd: BAD_FD,
            _pad_tail: 0,
        })
        .to_vec()
    });
    v.extend(unmodelled_paths());
    v
}

/// Loads a program `r0 = 0; exit` of `prog_type` as `name`.
fn load_typed(c: &mut Case, name: &str, prog_type: u32) -> Call {
    let ib = c.buf(16, None);
    let lb = c.buf(4, None);
    Call::with(format!("load prog {name} (type {prog_type})"), BPF_PROG_LOAD, 168, move |e| {
        bpf_attr_prog_load { prog_type, ..prog_attr(e, ib, 2, lb, b"diff_prog") }
    })
    .fill(ib, 0, |_| ret0())
    .fill(lb, 0, |_| b"GPL\0".to_vec())
    .save(name, Some(Kind::Prog))
}

/// The unmodelled commands past their first checks: with objects of the
/// runtime (map `m`, BTF `btf`, programs `sf` socket filter, `skskb`
/// SK_SKB, `skmsg` SK_MSG, `cls` SCHED_CLS, `rtw` RAW_TRACEPOINT_WRITABLE)
/// and strings in buffer 0, each call's answer where the object the
/// command needs does not exist (no bpffs, no sockmap, no tracepoint, no
/// such device or task, no iterator link, no bpffs root).
fn unmodelled_paths() -> Vec<Case> {
    type Attr = fn(&Env, u64) -> Vec<u8>;
    let mut v = Vec::new();
    let mut add = |name: &str, cmd: u32, size: u32, s: &'static [u8], attr: Attr| {
        let mut c = Case::new(format!("unmodelled/{}/{name}", cmd_name(cmd)));
        let sb = c.buf(s.len().max(1), None);
        c.push(create_array("m"));
        let btf = load_btf(&mut c, "btf");
        c.push(btf);
        for (p, t) in [("sf", 1), ("skskb", 14), ("skmsg", 16), ("cls", 3), ("rtw", 24)] {
            let l = load_typed(&mut c, p, t);
            c.push(l);
        }
        c.push(Call::new(name.to_string(), cmd, size, move |e| attr(e, e.buf(sb))).fill(
            sb,
            0,
            move |_| s.to_vec(),
        ));
        v.push(c);
    };
    fn pin(bpf_fd: u32, pathname: u64, file_flags: u32, path_fd: i32) -> Vec<u8> {
        bytes_of(&bpf_attr_obj_pin { pathname, bpf_fd, file_flags, path_fd, _pad_tail: 0 }).to_vec()
    }
    const PATH_FD: u32 = 1 << 14;
    const NEW: &[u8] = b"/tmp/extensible_abi_diff_no_such_name\0";
    // OBJ_PIN: the object, the path, then "not a bpffs".
    add("map,path=/tmp/new", BPF_OBJ_PIN, 24, NEW, |e, s| pin(e.fd("m"), s, 0, 0));
    add("prog,path=/tmp/new", BPF_OBJ_PIN, 24, NEW, |e, s| pin(e.fd("sf"), s, 0, 0));
    add("btf,path=/tmp/new", BPF_OBJ_PIN, 24, NEW, |e, s| pin(e.fd("btf"), s, 0, 0));
    add("map,path=bad-pointer", BPF_OBJ_PIN, 24, b"", |e, _| pin(e.fd("m"), BAD_ADDR, 0, 0));
    add("map,path=empty", BPF_OBJ_PIN, 24, b"\0", |e, s| pin(e.fd("m"), s, 0, 0));
    add("map,path=/", BPF_OBJ_PIN, 24, b"/\0", |e, s| pin(e.fd("m"), s, 0, 0));
    add("map,path=/tmp/..", BPF_OBJ_PIN, 24, b"/tmp/..\0", |e, s| pin(e.fd("m"), s, 0, 0));
    add(
        "map,path=new-with-slash",
        BPF_OBJ_PIN,
        24,
        b"/tmp/extensible_abi_diff_no_such_dir/\0",
        |e, s| pin(e.fd("m"), s, 0, 0),
    );
    add("map,relative,path_fd=map", BPF_OBJ_PIN, 24, b"rel\0", |e, s| {
        pin(e.fd("m"), s, PATH_FD, e.fd("m") as i32)
    });
    add("map,relative,path_fd=bad", BPF_OBJ_PIN, 24, b"rel\0", |e, s| {
        pin(e.fd("m"), s, PATH_FD, BAD_FD as i32)
    });
    add("map,absolute,path_fd=bad", BPF_OBJ_PIN, 24, NEW, |e, s| {
        pin(e.fd("m"), s, PATH_FD, BAD_FD as i32)
    });
    add("path_fd-without-flag", BPF_OBJ_PIN, 24, NEW, |e, s| pin(e.fd("m"), s, 0, 3));
    // OBJ_GET: the flags, the path, then nothing pinned.
    add("path=missing", BPF_OBJ_GET, 24, NEW, |_, s| pin(0, s, 0, 0));
    add("path=/", BPF_OBJ_GET, 24, b"/\0", |_, s| pin(0, s, 0, 0));
    add("path=empty", BPF_OBJ_GET, 24, b"\0", |_, s| pin(0, s, 0, 0));
    add("rdonly|wronly", BPF_OBJ_GET, 24, NEW, |_, s| pin(0, s, 3 << 3, 0));
    add("rdonly,path=missing", BPF_OBJ_GET, 24, NEW, |_, s| pin(0, s, 1 << 3, 0));
    add("relative,path_fd=map", BPF_OBJ_GET, 24, b"rel\0", |e, s| {
        pin(0, s, PATH_FD, e.fd("m") as i32)
    });
    add("relative,path_fd=bad", BPF_OBJ_GET, 24, b"rel\0", |_, s| {
        pin(0, s, PATH_FD, BAD_FD as i32)
    });
    // PROG_ATTACH / PROG_DETACH.
    fn pa(target_fd: u32, attach_bpf_fd: u32, attach_type: u32, attach_flags: u32) -> Vec<u8> {
        bytes_of(&bpf_attr_prog_attach {
            target_fd,
            attach_bpf_fd,
            attach_type,
            attach_flags,
            ..Default::default()
        })
        .to_vec()
    }
    for (cmd, size) in [(BPF_PROG_ATTACH, 32), (BPF_PROG_DETACH, 32)] {
        add("sk_skb,target=array", cmd, size, b"", |e, _| pa(e.fd("m"), e.fd("skskb"), 5, 0));
        add("sk_msg,target=array", cmd, size, b"", |e, _| pa(e.fd("m"), e.fd("skmsg"), 7, 0));
        add("sk_skb,target=prog", cmd, size, b"", |e, _| pa(e.fd("sf"), e.fd("skskb"), 5, 0));
        add("sk_skb,target=bad", cmd, size, b"", |e, _| pa(BAD_FD, e.fd("skskb"), 5, 0));
        add("sk_skb,prog=sf", cmd, size, b"", |e, _| pa(e.fd("m"), e.fd("sf"), 5, 0));
        add("sk_skb,flags=allow_multi", cmd, size, b"", |e, _| pa(e.fd("m"), e.fd("skskb"), 5, 2));
        add("sk_skb,relative_fd", cmd, size, b"", |e, _| {
            let mut a = pa(e.fd("m"), e.fd("skskb"), 5, 0);
            a[20] = 1;
            a
        });
        add("cgroup_ingress,prog=sf,target=map", cmd, size, b"", |e, _| {
            pa(e.fd("m"), e.fd("sf"), 0, 0)
        });
        add("cgroup_ingress,flags=bit7", cmd, size, b"", |_, _| pa(BAD_FD, BAD_FD, 0, 1 << 7));
        add("lsm_cgroup,target=map", cmd, size, b"", |e, _| pa(e.fd("m"), BAD_FD, 43, 0));
        add("tcx_ingress,ifindex=missing", cmd, size, b"", |e, _| pa(BAD_FD, e.fd("cls"), 46, 0));
        add("tcx_egress,prog=sf", cmd, size, b"", |e, _| pa(BAD_FD, e.fd("sf"), 47, 0));
        add("tcx_ingress,flags=allow_multi", cmd, size, b"", |e, _| pa(BAD_FD, e.fd("cls"), 46, 2));
        add("netkit_primary,ifindex=missing", cmd, size, b"", |e, _| {
            pa(BAD_FD, e.fd("cls"), 54, 0)
        });
        add("flow_dissector,target=0,prog=sf", cmd, size, b"", |e, _| pa(0, e.fd("sf"), 17, 0));
        add("flow_dissector,target=0,prog=bad", cmd, size, b"", |_, _| pa(0, BAD_FD, 17, 0));
        add("xdp,prog=map", cmd, size, b"", |e, _| pa(1, e.fd("m"), 37, 0));
        add("attach_type=unknown", cmd, size, b"", |_, _| pa(BAD_FD, BAD_FD, 48, 0));
    }
    add("tcx_ingress,lo,no-prog", BPF_PROG_DETACH, 32, b"", |_, _| pa(1, 0, 46, 0));
    // RAW_TRACEPOINT_OPEN: the program, its type, the name.
    fn rtp(prog_fd: u32, name: u64) -> Vec<u8> {
        bytes_of(&bpf_attr_raw_tracepoint { name, prog_fd, ..Default::default() }).to_vec()
    }
    const TP: &[u8] = b"extensible_abi_no_such_tracepoint\0";
    add("prog=raw_tp_writable,name=missing", BPF_RAW_TRACEPOINT_OPEN, 24, TP, |e, s| {
        rtp(e.fd("rtw"), s)
    });
    add("prog=raw_tp_writable,name=empty", BPF_RAW_TRACEPOINT_OPEN, 24, b"\0", |e, s| {
        rtp(e.fd("rtw"), s)
    });
    add("prog=raw_tp_writable,name=bad-pointer", BPF_RAW_TRACEPOINT_OPEN, 24, b"", |e, _| {
        rtp(e.fd("rtw"), BAD_ADDR)
    });
    add("prog=socket_filter", BPF_RAW_TRACEPOINT_OPEN, 24, TP, |e, s| rtp(e.fd("sf"), s));
    // PROG_STREAM_READ_BY_FD: the program's two streams, both empty.
    fn stream(prog_fd: u32, stream_id: u32) -> Vec<u8> {
        let (stream_buf, stream_buf_len, _pad_tail) = (BAD_ADDR, 8, 0);
        bytes_of(&bpf_attr_prog_stream_read {
            stream_buf,
            stream_buf_len,
            stream_id,
            prog_fd,
            _pad_tail,
        })
        .to_vec()
    }
    let cmd = BPF_PROG_STREAM_READ_BY_FD;
    add("prog=sf,stream=STDOUT", cmd, 24, b"", |e, _| stream(e.fd("sf"), BPF_STREAM_STDOUT));
    add("prog=sf,stream=STDERR", cmd, 24, b"", |e, _| stream(e.fd("sf"), BPF_STREAM_STDERR));
    add("prog=sf,stream=3", cmd, 24, b"", |e, _| stream(e.fd("sf"), 3));
    add("prog=map", BPF_RAW_TRACEPOINT_OPEN, 24, TP, |e, s| rtp(e.fd("m"), s));
    // TASK_FD_QUERY: the task, the fd, its kind.
    fn tfq(pid: u32, fd: u32) -> Vec<u8> {
        bytes_of(&bpf_attr_task_fd_query { pid, fd, ..Default::default() }).to_vec()
    }
    add("own-pid,fd=map", BPF_TASK_FD_QUERY, 48, b"", |e, _| tfq(std::process::id(), e.fd("m")));
    add("own-pid,fd=prog", BPF_TASK_FD_QUERY, 48, b"", |e, _| tfq(std::process::id(), e.fd("sf")));
    add("pid=missing", BPF_TASK_FD_QUERY, 48, b"", |e, _| tfq(0x7fff_fff0, e.fd("m")));
    add("pid=0", BPF_TASK_FD_QUERY, 48, b"", |e, _| tfq(0, e.fd("m")));
    // ITER_CREATE and TOKEN_CREATE on fds of other kinds.
    add("link_fd=map", BPF_ITER_CREATE, 8, b"", |e, _| {
        bytes_of(&bpf_attr_iter_create { link_fd: e.fd("m"), flags: 0 }).to_vec()
    });
    add("link_fd=prog", BPF_ITER_CREATE, 8, b"", |e, _| {
        bytes_of(&bpf_attr_iter_create { link_fd: e.fd("sf"), flags: 0 }).to_vec()
    });
    add("bpffs_fd=map", BPF_TOKEN_CREATE, 8, b"", |e, _| {
        bytes_of(&bpf_attr_token_create { flags: 0, bpffs_fd: e.fd("m") }).to_vec()
    });
    add("bpffs_fd=btf", BPF_TOKEN_CREATE, 8, b"", |e, _| {
        bytes_of(&bpf_attr_token_create { flags: 0, bpffs_fd: e.fd("btf") }).to_vec()
    });
    v
}

/// Element commands at every attr size of `bpf_attr_map_elem`.
pub fn map_elem_sizes() -> Vec<Case> {
    let mut v = Vec::new();
    for size in attr_sizes(bpf_attr_map_elem::LAYOUT) {
        if [16, 20, 24, 32, 168, 169, 4096].contains(&size) {
            continue; // update and lookup at these sizes are in map_elems
        }
        let s = size as u32;
        v.push(
            elem_case(format!("map/elem/array/update,size={size}"), BPF_MAP_TYPE_ARRAY, 0).call({
                let mut u = update(0, 7, 0);
                u.size = s;
                u
            }),
        );
        v.push(
            elem_case(format!("map/elem/array/lookup,size={size}"), BPF_MAP_TYPE_ARRAY, 0)
                .call(update(0, 9, 0))
                .call({
                    let mut l = lookup(0);
                    l.size = s;
                    l
                }),
        );
        for (cmd, vb) in [
            (BPF_MAP_DELETE_ELEM, 1usize),
            (BPF_MAP_GET_NEXT_KEY, 2),
            (BPF_MAP_LOOKUP_AND_DELETE_ELEM, 2),
            (BPF_MAP_FREEZE, 1),
        ] {
            let end = attr::last_field_end(cmd).unwrap();
            v.push(
                elem_case(
                    format!("map/elem/hash/{},size={size}", cmd_name(cmd)),
                    BPF_MAP_TYPE_HASH,
                    0,
                )
                .call(update(0, 9, 0))
                .call(
                    Call::new(format!("{} size {size}", cmd_name(cmd)), cmd, s, move |e| {
                        let a = elem(e.fd("m"), e.buf(0), e.buf(vb), 0);
                        sized(&bytes_of(&a)[..end.min(size)], size, &[])
                    })
                    .fill(0, 0, |_| 0u32.to_ne_bytes().to_vec()),
                ),
            );
        }
    }
    v
}

// ---------------------------------------------------------------------
// A runtime acting as an older release, called by a caller built against
// that release (attr and info sizes of then): it must answer as the
// kernel answers that caller.
// ---------------------------------------------------------------------

const fn rel(major: u32, minor: u32) -> u32 {
    major << 16 | minor << 8
}

/// Old callers against a runtime at their release.
pub fn old_levels() -> Vec<Case> {
    let mut v = Vec::new();
    for (ln, level) in [
        ("4.18", rel(4, 18)),
        ("5.4", rel(5, 4)),
        ("5.10", rel(5, 10)),
        ("6.1", rel(6, 1)),
        ("6.6", rel(6, 6)),
    ] {
        let msize = bpf_attr_map_create::LAYOUT.size_at(level);
        let minfo = bpf_map_info::LAYOUT.size_at(level) as u32;
        for (t, tn) in [(BPF_MAP_TYPE_ARRAY, "array"), (BPF_MAP_TYPE_HASH, "hash")] {
            let mut c = create_case(
                format!("level-{ln}/map/{tn}/create+info"),
                msize,
                map_attr(t, 4, 8, 4, b"old_caller"),
                vec![],
            );
            if let Step::Bpf(call) = &mut c.steps[1] {
                let b = 0;
                *call = info_call::<bpf_map_info>("m", b, minfo)
                    .fill(b, 0, move |_| vec![0u8; minfo as usize]);
            }
            c.push(update(0, 5, 0).fill(0, 0, |_| vec![0u8; 4]));
            c.level = Some(level);
            // `update` puts its key in buffer 0 (the info buffer, read
            // already) and its value in buffer 1.
            c.buf(64, None);
            v.push(c);
        }
        let psize = bpf_attr_prog_load::LAYOUT.size_at(level);
        let pinfo = bpf_prog_info::LAYOUT.size_at(level) as u32;
        let mut c = load_case(
            format!("level-{ln}/prog/load+info"),
            psize,
            ret(7),
            b"GPL\0",
            |_, _| {},
            vec![],
        );
        if let Step::Bpf(call) = &mut c.steps[1] {
            // The tag is SHA-1 before 6.18 (SHA-256 since): a runtime at an
            // older release reports that release's tag, the live kernel
            // 6.18's. Not compared here.
            *call = info_call::<bpf_prog_info>("p", 3, pinfo)
                .fill(3, 0, move |_| vec![0u8; pinfo as usize])
                .skip_fields::<bpf_prog_info>(3, &["tag"]);
        }
        c.level = Some(level);
        v.push(c);
        let bsize = bpf_attr_btf_load::LAYOUT.size_at(level);
        let binfo = bpf_btf_info::LAYOUT.size_at(level) as u32;
        let mut c = btf_case(format!("level-{ln}/btf/load+info"), bsize, int_btf(), |_, _| {});
        if let Step::Bpf(call) = &mut c.steps[1] {
            *call = info_call::<bpf_btf_info>("b", 2, binfo)
                .fill(2, 0, move |_| vec![0u8; binfo as usize]);
        }
        c.level = Some(level);
        v.push(c);
        if level >= rel(5, 10) {
            let lsize = bpf_attr_link_create::LAYOUT.size_at(level);
            let linfo = bpf_link_info::LAYOUT.size_at(level) as u32;
            let mut c = Case::new(format!("level-{ln}/link/create+info"));
            let p = load_xdp(&mut c, "xp");
            c.push(p);
            let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
            c.push(
                Call::new("link", BPF_LINK_CREATE, lsize as u32, move |e| {
                    bytes_of(&link_attr(e.fd("xp"), 1, BPF_XDP, 0))[..lsize].to_vec()
                })
                .save("l", Some(Kind::Link)),
            );
            c.push(
                info_call::<bpf_link_info>("l", info, linfo)
                    .fill(info, 0, move |_| vec![0u8; linfo as usize]),
            );
            c.level = Some(level);
            v.push(c);
        }
    }
    v
}

// ---------------------------------------------------------------------
// BTF in use: maps with key/value types, programs with func_info and
// line_info records of every record size.
// ---------------------------------------------------------------------

/// BTF with `int` (1), `long` (2), `int (void)` (3), `main` (4, global
/// function of type 3); strings for a file name and a source line.
pub fn func_btf() -> Vec<u8> {
    let strings = b"\0int\0long\0main\0f.c\0r0 = 0\0";
    let types: Vec<u32> = vec![
        1,
        1 << 24,
        4,
        32, // int
        5,
        1 << 24,
        8,
        64, // long
        0,
        13 << 24,
        1, // FUNC_PROTO: int (void)
        10,
        12 << 24 | 1,
        3, // FUNC main, global
    ];
    let type_len = (types.len() * 4) as u32;
    let mut b = Vec::new();
    for w in [0xeb9f_u32 | 1 << 16, 24, 0, type_len, type_len, strings.len() as u32] {
        b.extend_from_slice(&w.to_ne_bytes());
    }
    for w in types {
        b.extend_from_slice(&w.to_ne_bytes());
    }
    b.extend_from_slice(strings);
    b
}

const STR_FILE: u32 = 15;
const STR_LINE: u32 = 19;

/// Adds the [`func_btf`] blob and the call that loads it as `name`.
pub fn load_func_btf(c: &mut Case, name: &str) -> Call {
    let blob = func_btf();
    let len = blob.len();
    let bb = c.buf(len, None);
    Call::with(format!("load btf {name}"), BPF_BTF_LOAD, 40, move |e| bpf_attr_btf_load {
        btf: e.buf(bb),
        btf_size: len as u32,
        ..Default::default()
    })
    .fill(bb, 0, |_| func_btf())
    .save(name, Some(Kind::Btf))
}

/// Maps with BTF key and value types; programs with func_info/line_info.
pub fn btf_users() -> Vec<Case> {
    let mut v = Vec::new();
    for (what, key_t, val_t, ks, vs) in [
        ("int,long", 1u32, 2u32, 4u32, 8u32),
        ("key-type-size-mismatch", 2, 2, 4, 8),
        ("value-type=func", 1, 4, 4, 8),
        ("key-type=0,value-type=long", 0, 2, 4, 8),
        ("type-id-past-end", 1, 9, 4, 8),
    ] {
        let mut c = Case::new(format!("btf/map/{what}"));
        let l = load_func_btf(&mut c, "b");
        c.push(l);
        let info = c.buf(4200, Some(bpf_map_info::LAYOUT));
        c.push(
            Call::with(format!("create array with btf {what}"), BPF_MAP_CREATE, 96, move |e| {
                let mut a = map_attr(BPF_MAP_TYPE_ARRAY, ks, vs, 4, b"btf_map");
                a.btf_fd = e.fd("b");
                a.btf_key_type_id = key_t;
                a.btf_value_type_id = val_t;
                a
            })
            .save("m", Some(Kind::Map)),
        );
        c.push(
            info_call::<bpf_map_info>("m", info, 104)
                .fill(info, 0, |_| vec![0u8; 104])
                .skip_fields::<bpf_map_info>(info, &["btf_id"])
                .check(move |e, o| {
                    let got = o.buf_u32(info, 64);
                    if o.result == Ok(0) && got != 0 && got != e.id("b") {
                        return Err(format!(
                            "btf_id {got} is not the BTF object's id {}",
                            e.id("b")
                        ));
                    }
                    Ok(())
                }),
        );
        v.push(c);
    }
    // func_info / line_info in PROG_LOAD.
    type Rec = (&'static str, u32, u32, u32, u32, Option<usize>);
    // (what, func rec size, func cnt, line rec size, line cnt, non-zero byte in the first record)
    let recs: Vec<Rec> = vec![
        ("func,rec=8", 8, 1, 0, 0, None),
        ("func,rec=12,zero-tail", 12, 1, 0, 0, None),
        ("func,rec=12,tail!=0", 12, 1, 0, 0, Some(9)),
        ("func,rec=16,zero-tail", 16, 1, 0, 0, None),
        ("func,rec=4", 4, 1, 0, 0, None),
        ("func,rec=7", 7, 1, 0, 0, None),
        ("func,rec=9", 9, 1, 0, 0, None),
        ("func,rec=256", 256, 1, 0, 0, None),
        ("func,rec=257", 257, 1, 0, 0, None),
        ("func,rec=4096", 4096, 1, 0, 0, None),
        ("func,cnt=2", 8, 2, 0, 0, None),
        ("func,rec=8,cnt=0", 8, 0, 0, 0, None),
        ("line,rec=16", 0, 0, 16, 1, None),
        ("line,rec=20,zero-tail", 0, 0, 20, 1, None),
        ("line,rec=20,tail!=0", 0, 0, 20, 1, Some(17)),
        ("line,rec=8", 0, 0, 8, 1, None),
        ("line,rec=17", 0, 0, 17, 1, None),
        ("func+line", 8, 1, 16, 1, None),
        ("func+line,rec=24/32", 24, 1, 32, 1, None),
    ];
    for (what, frs, fcnt, lrs, lcnt, poke) in recs {
        for bad_ptr in [false, true] {
            if bad_ptr && fcnt == 0 && lcnt == 0 {
                continue;
            }
            let mut c = Case::new(format!(
                "btf/prog/{what}{}",
                if bad_ptr { ",records=bad-pointer" } else { "" }
            ));
            let l = load_func_btf(&mut c, "b");
            c.push(l);
            let ib = c.buf(16, None);
            let lb = c.buf(4, None);
            let fb = c.buf(8192, None);
            let lib = c.buf(8192, None);
            let logb = c.buf(4200, None);
            let info = c.buf(4200, Some(bpf_prog_info::LAYOUT));
            let out = c.buf(256, None);
            let fill_func = move |_: &Env| {
                let mut r = vec![0u8; (frs.max(8) * fcnt.max(1)) as usize];
                // { insn_off 0, type_id 4 (main) }, then more records.
                for i in 0..fcnt.max(1) as usize {
                    let o = i * frs.max(8) as usize;
                    r[o..o + 4].copy_from_slice(&(i as u32).to_ne_bytes());
                    r[o + 4..o + 8].copy_from_slice(&4u32.to_ne_bytes());
                }
                if let (Some(p), true) = (poke, frs > 0) {
                    r[p] = 1;
                }
                r
            };
            let fill_line = move |_: &Env| {
                let mut r = vec![0u8; (lrs.max(16) * lcnt.max(1)) as usize];
                // { insn_off 0, file_name_off, line_off, line_col (line 1) }
                r[4..8].copy_from_slice(&STR_FILE.to_ne_bytes());
                r[8..12].copy_from_slice(&STR_LINE.to_ne_bytes());
                r[12..16].copy_from_slice(&(1u32 << 10 | 1).to_ne_bytes());
                if let (Some(p), true) = (poke, lrs > 0) {
                    r[p] = 1;
                }
                r
            };
            c.push(
                Call::with(format!("load with {what}"), BPF_PROG_LOAD, 168, move |e| {
                    let mut a = prog_attr(e, ib, 2, lb, b"btf_prog");
                    a.prog_btf_fd = e.fd("b");
                    a.func_info_rec_size = frs;
                    a.func_info_cnt = fcnt;
                    a.func_info = if frs > 0 {
                        if bad_ptr {
                            BAD_ADDR
                        } else {
                            e.buf(fb)
                        }
                    } else {
                        0
                    };
                    a.line_info_rec_size = lrs;
                    a.line_info_cnt = lcnt;
                    a.line_info = if lrs > 0 {
                        if bad_ptr {
                            BAD_ADDR
                        } else {
                            e.buf(lib)
                        }
                    } else {
                        0
                    };
                    a.log_level = 1;
                    a.log_buf = e.buf(logb);
                    a.log_size = 4096;
                    a
                })
                .fill(ib, 0, |_| ret0())
                .fill(lb, 0, |_| b"GPL\0".to_vec())
                .fill(fb, 0, fill_func)
                .fill(lib, 0, fill_line)
                .save("p", Some(Kind::Prog)),
            );
            // The info with both arrays requested in the kernel's record sizes.
            c.push(
                info_call::<bpf_prog_info>("p", info, 232)
                    .fill(info, 0, move |e| {
                        let mut i = <bpf_prog_info as ExtensibleAbi>::zeroed();
                        i.func_info = e.buf(out);
                        i.nr_func_info = 2;
                        i.func_info_rec_size = 8;
                        i.line_info = e.buf(out) + 64;
                        i.nr_line_info = 2;
                        i.line_info_rec_size = 16;
                        bytes_of(&i).to_vec()
                    })
                    .skip_fields::<bpf_prog_info>(info, &["btf_id"])
                    .check(move |e, o| {
                        let got = o.buf_u32(info, 128);
                        if o.result == Ok(0) && got != 0 && got != e.id("b") {
                            return Err(format!(
                                "btf_id {got} is not the BTF object's id {}",
                                e.id("b")
                            ));
                        }
                        Ok(())
                    }),
            );
            v.push(c);
        }
    }
    v
}

/// PROG_TEST_RUN of XDP programs (the link cases' program type).
pub fn xdp_test_run() -> Vec<Case> {
    let mut v = Vec::new();
    type Edit = fn(&Env, &mut bpf_attr_test);
    let edits: Vec<(&str, Edit)> = vec![
        ("in=64,out=128", |_, _| {}),
        ("in=64,out=16(ENOSPC)", |_, a| a.data_size_out = 16),
        ("in=64,out=NULL", |_, a| {
            a.data_out = 0;
            a.data_size_out = 0
        }),
        ("in=13", |_, a| a.data_size_in = 13),
        ("in=14", |_, a| a.data_size_in = 14),
        ("in=0", |_, a| a.data_size_in = 0),
        ("in=4096", |_, a| a.data_size_in = 4096),
        ("repeat=5", |_, a| a.repeat = 5),
        ("flags=1", |_, a| a.flags = 1),
        ("flags=LIVE_FRAMES", |_, a| a.flags = 2),
        ("cpu=1", |_, a| a.cpu = 1),
        ("batch_size=4", |_, a| a.batch_size = 4),
        ("ctx_in=zeros(24)", |e, a| {
            a.ctx_in = e.buf(4);
            a.ctx_size_in = 24
        }),
        ("ctx_in=zeros(8)", |e, a| {
            a.ctx_in = e.buf(4);
            a.ctx_size_in = 8
        }),
        ("ctx_in=zeros(32),tail", |e, a| {
            a.ctx_in = e.buf(4);
            a.ctx_size_in = 32
        }),
        ("ctx_out=24", |e, a| {
            a.ctx_out = e.buf(5);
            a.ctx_size_out = 24
        }),
        ("ctx_in+ctx_out=24", |e, a| {
            a.ctx_in = e.buf(4);
            a.ctx_size_in = 24;
            a.ctx_out = e.buf(5);
            a.ctx_size_out = 24
        }),
        ("ctx_out=4(ENOSPC)", |e, a| {
            a.ctx_out = e.buf(5);
            a.ctx_size_out = 4
        }),
    ];
    for (imm, iname) in [(2i32, "PASS"), (1, "DROP"), (3, "TX"), (99, "ret99")] {
        for (what, edit) in &edits {
            if imm != 2 && !what.starts_with("in=64,out=") {
                continue;
            }
            let edit = *edit;
            let mut c = Case::new(format!("xdp/test_run/{iname}/{what}"));
            let ib = c.buf(16, None);
            let lb = c.buf(4, None);
            let din = c.buf(4200, None);
            let dout = c.buf(4200, None);
            c.buf(64, None); // ctx_in: buffer 4
            c.buf(64, None); // ctx_out: buffer 5
            c.push(
                Call::with("load xdp", BPF_PROG_LOAD, 168, move |e| {
                    let mut a = prog_attr(e, ib, 2, lb, b"xdp_run");
                    a.prog_type = BPF_PROG_TYPE_XDP;
                    a
                })
                .fill(ib, 0, move |_| ret(imm))
                .fill(lb, 0, |_| b"GPL\0".to_vec())
                .save("p", Some(Kind::Prog)),
            );
            c.push(
                Call::with(format!("xdp test run {what}"), BPF_PROG_TEST_RUN, 80, move |e| {
                    let mut a = test_attr(e, din, 64, Some(dout), 128);
                    edit(e, &mut a);
                    a
                })
                .fill(din, 0, |_| (0..4096u32).map(|i| i as u8).collect())
                .fill(4, 0, |_| {
                    let mut z = vec![0u8; 64];
                    z[24] = 1; // past xdp_md: a non-zero tail for ctx_size_in 32
                    z
                })
                .skip_attr(36..40),
            );
            v.push(c);
        }
    }
    v
}

/// Fds with access flags, closed fds of every kind, more link flags.
pub fn fd_flags_and_closed() -> Vec<Case> {
    let mut v = Vec::new();
    for (t, tn) in [(BPF_MAP_TYPE_ARRAY, "array"), (BPF_MAP_TYPE_HASH, "hash")] {
        for (what, flags) in [("RDONLY", BPF_F_RDONLY), ("WRONLY", BPF_F_WRONLY), ("none", 0)] {
            let mut c = elem_case(format!("map/fd-flags/{tn}/fd_by_id,{what}"), t, 0);
            c.push(update(1, 0x77, 0));
            c.push(
                Call::new(format!("fd by id, {what}"), BPF_MAP_GET_FD_BY_ID, 12, move |e| {
                    bytes_of(&get_id(e.id("m"), 0, flags, 0))[..12].to_vec()
                })
                .save("m2", None),
            );
            for (label, cmd, vb) in [
                ("update via the new fd", BPF_MAP_UPDATE_ELEM, 1usize),
                ("lookup via the new fd", BPF_MAP_LOOKUP_ELEM, 2),
                ("delete via the new fd", BPF_MAP_DELETE_ELEM, 1),
                ("next key via the new fd", BPF_MAP_GET_NEXT_KEY, 2),
                ("lookup and delete via the new fd", BPF_MAP_LOOKUP_AND_DELETE_ELEM, 2),
                ("freeze via the new fd", BPF_MAP_FREEZE, 1),
            ] {
                let end = attr::last_field_end(cmd).unwrap();
                c.push(
                    Call::new(label, cmd, 32, move |e| {
                        let a = elem(e.fd("m2"), e.buf(0), e.buf(vb), 0);
                        sized(&bytes_of(&a)[..end], 32, &[])
                    })
                    .fill(0, 0, |_| 1u32.to_ne_bytes().to_vec())
                    .fill(1, 0, |_| 0x99u64.to_ne_bytes().to_vec()),
                );
            }
            let info = c.buf(4200, Some(bpf_map_info::LAYOUT));
            c.push(info_call::<bpf_map_info>("m2", info, 104).fill(info, 0, |_| vec![0u8; 104]));
            v.push(c);
        }
    }
    // Closed fds of programs and links.
    {
        let mut c = Case::new("prog/test_run/closed-fd");
        let l = load_ret0(&mut c, "p");
        c.push(l);
        let din = c.buf(64, None);
        let mut c = c.close("p");
        c.push(Call::with("test run a closed fd", BPF_PROG_TEST_RUN, 80, move |e| bpf_attr_test {
            prog_fd: e.fd("p"),
            data_in: e.buf(din),
            data_size_in: 64,
            ..Default::default()
        }));
        v.push(c);
    }
    {
        let mut c = Case::new("link/detach/closed-fd");
        let l = xdp_link(&mut c, "l");
        c.push(l);
        let mut c = c.close("l");
        c.push(Call::with("detach a closed link fd", BPF_LINK_DETACH, 4, |e| {
            bpf_attr_link_detach { link_fd: e.fd("l") }
        }));
        // The link went with its last fd: lo is free again.
        c.push(
            Call::with("link again", BPF_LINK_CREATE, 64, |e| link_attr(e.fd("xp"), 1, BPF_XDP, 0))
                .save("l2", Some(Kind::Link)),
        );
        v.push(c);
    }
    {
        let mut c = Case::new("link/create/prog-closed-after-link");
        let l = xdp_link(&mut c, "l");
        c.push(l);
        let mut c = c.close("xp");
        let info = c.buf(4200, Some(bpf_link_info::LAYOUT));
        // The link holds the program: its info still names it.
        c.push(info_call::<bpf_link_info>("l", info, 64).fill(info, 0, |_| vec![0u8; 64]));
        v.push(c);
    }
    for (what, flags) in [("REPLACE", 16u32), ("UPDATE_IF_NOEXIST|SKB", 3)] {
        let mut c = Case::new(format!("link/create/flags={what}"));
        let p = load_xdp(&mut c, "xp");
        c.push(p);
        c.push(Call::with(format!("link with flags {what}"), BPF_LINK_CREATE, 64, move |e| {
            link_attr(e.fd("xp"), 1, BPF_XDP, flags)
        }));
        v.push(c);
    }
    v
}

/// Batch iteration in two steps: the second call resumes from the first
/// call's `out_batch`.
pub fn map_batch_resume() -> Vec<Case> {
    let mut v = Vec::new();
    for (t, tn, mflags) in [
        (BPF_MAP_TYPE_ARRAY, "array", 0u32),
        (BPF_MAP_TYPE_HASH, "hash-zero-seed", BPF_F_ZERO_SEED),
    ] {
        for cmd in [BPF_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_AND_DELETE_BATCH] {
            for (first, second) in [(2u32, 2u32), (2, 4), (1, 1), (3, 3)] {
                let cn = cmd_name(cmd);
                let mut c = Case::new(format!("map/batch-resume/{tn}/{cn}/count={first}+{second}"));
                c.buf(64, None);
                c.buf(64, None);
                let keys = c.buf(64, None);
                let vals = c.buf(128, None);
                let outb = c.buf(16, None);
                let outb2 = c.buf(16, None);
                c.push(
                    Call::with("create", BPF_MAP_CREATE, 96, move |_| {
                        let mut a = map_attr(t, 4, 8, 4, b"resume");
                        a.map_flags = mflags;
                        a
                    })
                    .save("m", Some(Kind::Map)),
                );
                for k in [5u32, 0, 2, 3] {
                    if t == BPF_MAP_TYPE_ARRAY && k > 3 {
                        continue;
                    }
                    c.push(update(k, 0x300 + u64::from(k), 0));
                }
                c.push(Call::with(format!("{cn} first {first}"), cmd, 56, move |e| {
                    bpf_attr_batch {
                        out_batch: e.buf(outb),
                        keys: e.buf(keys),
                        values: e.buf(vals),
                        count: first,
                        map_fd: e.fd("m"),
                        ..Default::default()
                    }
                }));
                c.push(Call::with(format!("{cn} then {second}"), cmd, 56, move |e| {
                    bpf_attr_batch {
                        in_batch: e.buf(outb),
                        out_batch: e.buf(outb2),
                        keys: e.buf(keys),
                        values: e.buf(vals),
                        count: second,
                        map_fd: e.fd("m"),
                        ..Default::default()
                    }
                }));
                v.push(c);
            }
            // A bad in_batch pointer.
            let cn = cmd_name(cmd);
            let mut c = Case::new(format!("map/batch-resume/{tn}/{cn}/in_batch=bad-pointer"));
            c.buf(64, None);
            c.buf(64, None);
            let keys = c.buf(64, None);
            let vals = c.buf(128, None);
            let outb = c.buf(16, None);
            c.push(
                Call::with("create", BPF_MAP_CREATE, 96, move |_| {
                    let mut a = map_attr(t, 4, 8, 4, b"resume");
                    a.map_flags = mflags;
                    a
                })
                .save("m", Some(Kind::Map)),
            );
            c.push(update(1, 1, 0));
            c.push(Call::with(format!("{cn} from a bad in_batch"), cmd, 56, move |e| {
                bpf_attr_batch {
                    in_batch: BAD_ADDR,
                    out_batch: e.buf(outb),
                    keys: e.buf(keys),
                    values: e.buf(vals),
                    count: 4,
                    map_fd: e.fd("m"),
                    ..Default::default()
                }
            }));
            v.push(c);
        }
    }
    v
}
