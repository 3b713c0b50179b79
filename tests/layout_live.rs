//! Proof of layout against the live kernel: the `bpf()` system call.
//!
//! - For a real array map, a trivial program, a tiny BTF object and a link,
//!   `BPF_OBJ_GET_INFO_BY_FD` with room for 4096 bytes must write back
//!   exactly our newest size of the info struct (`LAYOUT.size`): the kernel
//!   copies `min(info_len, sizeof)` and reports the count. And a non-zero
//!   byte just past our size must be refused with `E2BIG` (the kernel
//!   checks the tail past its own size), so the kernel's struct is neither
//!   longer nor shorter than ours.
//! - `BPF_BTF_LOAD` of blobs with good and broken headers must succeed or
//!   fail exactly as core's BTF reader says (`Btf::parse`), errno included.
//!
//! Skips, with the reason printed, where `bpf()` is refused (`EPERM`,
//! `ENOSYS`); anywhere else a mismatch fails.

mod layout_common;

use extensible_abi_bpf::consts::*;
use std::os::fd::AsRawFd;

use extensible_abi::{bytes_of, ExtensibleAbi};
use extensible_abi_bpf::attr::{
    bpf_attr_btf_load, bpf_attr_info, bpf_attr_link_create, bpf_attr_map_create,
    bpf_attr_prog_load, BPF_BTF_LOAD, BPF_LINK_CREATE, BPF_MAP_CREATE, BPF_OBJ_GET_INFO_BY_FD,
    BPF_PROG_LOAD,
};
use extensible_abi_bpf::btf::Btf;
use support::{close, errno_name, sys_bpf};

const EPERM: i32 = 1;
const E2BIG: i32 = 7;
const ENOSYS: i32 = 38;

const INFO_LEN: usize = 4096;

/// Whether `e` means "no bpf() for this process here".
fn refused(e: i32) -> bool {
    e == EPERM || e == ENOSYS
}

/// `bpf(cmd, &attr, sizeof(attr))` with one of our attr structs: the
/// kernel reading it is a proof of its layout too. Returns the result and
/// the attr as the kernel left it.
///
/// # Safety
///
/// As [`sys_bpf`]: addresses inside `attr` must be valid for the command.
unsafe fn bpf<T: ExtensibleAbi>(cmd: u32, attr: &T) -> (Result<i64, i32>, T) {
    let mut bytes = bytes_of(attr).to_vec();
    // SAFETY: forwarded to the caller.
    let r = unsafe { sys_bpf(cmd, &mut bytes) };
    (r, T::from_partial(&bytes).expect("the kernel's attr comes back the same size"))
}

/// An fd that is closed when dropped.
struct Fd(i32);

impl Drop for Fd {
    fn drop(&mut self) {
        close(self.0);
    }
}

fn fd(r: Result<i64, i32>) -> Result<Fd, i32> {
    r.map(|v| Fd(v as i32))
}

fn map_create() -> Result<Fd, i32> {
    let a = bpf_attr_map_create {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 8,
        max_entries: 1,
        ..Default::default()
    };
    // SAFETY: MAP_CREATE's attr holds no addresses here.
    fd(unsafe { bpf(BPF_MAP_CREATE, &a) }.0)
}

/// `r0 = ret; exit`.
fn insns(ret: i32) -> [u8; 16] {
    let mut i = [0u8; 16];
    i[0] = 0xb7; // BPF_ALU64 | BPF_MOV | BPF_K, dst r0
    i[4..8].copy_from_slice(&ret.to_ne_bytes());
    i[8] = 0x95; // BPF_JMP | BPF_EXIT
    i
}

fn prog_load(prog_type: u32, expected_attach_type: u32, ret: i32) -> Result<Fd, i32> {
    let code = insns(ret);
    let license = b"GPL\0";
    let a = bpf_attr_prog_load {
        prog_type,
        insn_cnt: 2,
        insns: code.as_ptr() as u64,
        license: license.as_ptr() as u64,
        expected_attach_type,
        ..Default::default()
    };
    // SAFETY: `insns` and `license` point at live locals the kernel only
    // reads; no log buffer is given.
    fd(unsafe { bpf(BPF_PROG_LOAD, &a) }.0)
}

fn btf_load(blob: &[u8]) -> Result<Fd, i32> {
    let a = bpf_attr_btf_load {
        btf: blob.as_ptr() as u64,
        btf_size: blob.len() as u32,
        ..Default::default()
    };
    // SAFETY: `btf` points at `blob.len()` bytes the kernel only reads; no
    // log buffer is given.
    fd(unsafe { bpf(BPF_BTF_LOAD, &a) }.0)
}

fn link_create(prog: &Fd, target: i32, attach_type: u32) -> Result<Fd, i32> {
    let a = bpf_attr_link_create {
        prog_fd: prog.0 as u32,
        target_fd: target as u32,
        attach_type,
        ..Default::default()
    };
    // SAFETY: this LINK_CREATE attr holds no addresses.
    fd(unsafe { bpf(BPF_LINK_CREATE, &a) }.0)
}

/// A link that needs no kernel object of its own: an SK_LOOKUP program
/// that passes every lookup, on this network namespace; or else an XDP
/// program that passes every packet, on `lo`. Returns the link and what it
/// is, with the program (which must outlive nothing: the link holds it).
fn any_link() -> Result<(Fd, &'static str), String> {
    let netns = std::fs::File::open("/proc/self/ns/net");
    let mut tried = Vec::new();
    if let Ok(ns) = &netns {
        match prog_load(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 1)
            .and_then(|p| link_create(&p, ns.as_raw_fd(), BPF_SK_LOOKUP))
        {
            Ok(l) => return Ok((l, "netns sk_lookup link")),
            Err(e) => tried.push(format!("netns sk_lookup link: {}", errno_name(e))),
        }
    }
    let lo = std::fs::read_to_string("/sys/class/net/lo/ifindex")
        .ok()
        .and_then(|s| s.trim().parse::<i32>().ok());
    if let Some(lo) = lo {
        match prog_load(BPF_PROG_TYPE_XDP, BPF_XDP, 2).and_then(|p| link_create(&p, lo, BPF_XDP)) {
            Ok(l) => return Ok((l, "XDP link on lo")),
            Err(e) => tried.push(format!("XDP link on lo: {}", errno_name(e))),
        }
    }
    Err(tried.join("; "))
}

/// `BPF_OBJ_GET_INFO_BY_FD` with `buf` (info_len = its length): the length
/// the kernel reports, or the errno.
fn get_info(obj: &Fd, buf: &mut [u8]) -> Result<usize, i32> {
    let a = bpf_attr_info {
        bpf_fd: obj.0 as u32,
        info_len: buf.len() as u32,
        info: buf.as_mut_ptr() as u64,
    };
    // SAFETY: `info` points at `buf`, valid for `buf.len()` bytes (the
    // info_len passed) and not otherwise borrowed during the call.
    let (r, back) = unsafe { bpf(BPF_OBJ_GET_INFO_BY_FD, &a) };
    r?;
    Ok(back.info_len as usize)
}

/// Checks the info of `obj` against our struct for `c_type`.
fn check_info(obj: &Fd, what: &str, c_type: &str, failures: &mut Vec<String>) {
    let Some(s) =
        layout_common::structs().into_iter().find(|s| s.c_type == c_type && s.c_member.is_empty())
    else {
        println!("{c_type}: not described by bpf::all() (yet): not checked");
        return;
    };
    let size = s.layout.size;
    let mut buf = vec![0u8; INFO_LEN];
    match get_info(obj, &mut buf) {
        Ok(len) if len == size => {
            println!(
                "{c_type} ({what}): the kernel wrote {len} bytes = {}::LAYOUT.size",
                s.layout.name
            )
        }
        Ok(len) => failures.push(format!(
            "{c_type} ({what}): the kernel wrote {len} bytes, our {} is {size}",
            s.layout.name
        )),
        Err(e) => failures
            .push(format!("{c_type} ({what}): OBJ_GET_INFO_BY_FD failed: {}", errno_name(e))),
    }
    if buf[size.min(INFO_LEN)..].iter().any(|&b| b != 0) {
        failures.push(format!("{c_type} ({what}): the kernel wrote past {size} bytes"));
    }
    if size < INFO_LEN {
        let mut buf = vec![0u8; INFO_LEN];
        buf[size] = 1;
        match get_info(obj, &mut buf) {
            Err(E2BIG) => {}
            other => failures.push(format!(
                "{c_type} ({what}): a non-zero byte at {size}, just past our size, gave {:?}, not E2BIG: \
                 the kernel's struct is longer than ours",
                other.map_err(errno_name)
            )),
        }
    }
}

#[test]
fn info_structs_are_the_size_the_kernel_writes() {
    let map = match map_create() {
        Ok(m) => m,
        Err(e) if refused(e) => {
            println!("SKIP: bpf(BPF_MAP_CREATE) is refused here: {}", errno_name(e));
            return;
        }
        Err(e) => panic!("bpf(BPF_MAP_CREATE) of an array map failed: {}", errno_name(e)),
    };
    let mut failures = Vec::new();
    check_info(&map, "array map", "struct bpf_map_info", &mut failures);

    match prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0) {
        Ok(p) => check_info(&p, "socket filter program", "struct bpf_prog_info", &mut failures),
        Err(e) if refused(e) => {
            println!("SKIP programs: BPF_PROG_LOAD is refused here: {}", errno_name(e))
        }
        Err(e) => {
            failures.push(format!("BPF_PROG_LOAD of `r0 = 0; exit` failed: {}", errno_name(e)))
        }
    }

    let blob = support::int_btf();
    assert!(Btf::parse(&blob).is_ok(), "our BTF reader must accept the blob we load");
    match btf_load(&blob) {
        Ok(b) => check_info(&b, "one-type BTF", "struct bpf_btf_info", &mut failures),
        Err(e) if refused(e) => {
            println!("SKIP BTF: BPF_BTF_LOAD is refused here: {}", errno_name(e))
        }
        Err(e) => {
            failures.push(format!("BPF_BTF_LOAD of a one-type blob failed: {}", errno_name(e)))
        }
    }

    match any_link() {
        Ok((l, what)) => check_info(&l, what, "struct bpf_link_info", &mut failures),
        Err(why) if why.contains("EPERM") && !why.contains("EINVAL") => {
            println!("SKIP links: refused here ({why})")
        }
        Err(why) => failures.push(format!("no link could be created: {why}")),
    }
    layout_common::finish(
        "info sizes vs the live kernel",
        &failures,
        "map, program, BTF and link info",
    );
}

/// Blobs with good and broken headers and sections, by what is wrong.
fn header_cases() -> Vec<(&'static str, Vec<u8>)> {
    let good = support::int_btf();
    let (types, strs) = (good[24..40].to_vec(), good[40..].to_vec());
    let words = |w: &[u32]| w.iter().flat_map(|w| w.to_ne_bytes()).collect::<Vec<u8>>();
    let hdr = |len: u32, t_off: u32, t_len: u32, s_off: u32, s_len: u32| {
        let mut h = words(&[0xeb9f | 1 << 16, len, t_off, t_len, s_off, s_len]);
        h.resize(len.max(24) as usize, 0);
        h
    };
    let with = |h: Vec<u8>, parts: &[&[u8]]| {
        let mut b = h;
        for p in parts {
            b.extend_from_slice(p);
        }
        b
    };
    let patch = |i: usize, v: u8| {
        let mut b = good.clone();
        b[i] = v;
        b
    };
    let (t, s) = (&types[..], &strs[..]);
    vec![
        ("good", good.clone()),
        ("hdr_len 32, zero tail", with(hdr(32, 0, 16, 16, 5), &[t, s])),
        ("hdr_len 32, non-zero tail", {
            let mut b = with(hdr(32, 0, 16, 16, 5), &[t, s]);
            b[30] = 1;
            b
        }),
        ("hdr_len 32, non-zero tail and bad magic (tail checked first)", {
            let mut b = with(hdr(32, 0, 16, 16, 5), &[t, s]);
            b[30] = 1;
            b[0] = 0;
            b
        }),
        ("hdr_len 4096, past the data", {
            let mut b = with(hdr(24, 0, 16, 16, 5), &[t, s]);
            b[4..8].copy_from_slice(&4096u32.to_ne_bytes());
            b
        }),
        ("bad magic", patch(0, 0x9e)),
        ("version 2", patch(2, 2)),
        ("flags 1", patch(3, 1)),
        ("only a header", good[..24].to_vec()),
        ("shorter than hdr_len", good[..7].to_vec()),
        ("type section past the end", with(hdr(24, 0, 20, 20, 5), &[t, s])),
        ("gap between sections", with(hdr(24, 0, 16, 20, 5), &[t, &[0; 4], s])),
        ("overlapping sections", with(hdr(24, 0, 16, 12, 9), &[t, s])),
        ("data after the sections", with(hdr(24, 0, 16, 16, 5), &[t, s, &[0; 4]])),
        ("strings before types", with(hdr(24, 8, 16, 0, 8), &[b"\0int\0\0\0\0", t])),
        ("strings without leading NUL", with(hdr(24, 0, 16, 16, 5), &[t, b"xint\0"])),
        ("strings without trailing NUL", with(hdr(24, 0, 16, 16, 5), &[t, b"\0intx"])),
        ("no types", with(hdr(24, 0, 0, 0, 5), &[s])),
        ("record cut short", with(hdr(24, 0, 12, 12, 5), &[&t[..12], s])),
        ("unknown kind", {
            let mut b = good.clone();
            b[24 + 7] = 31;
            b
        }),
        ("name offset past the strings", {
            let mut b = good.clone();
            b[24] = 9;
            b
        }),
        ("hdr_len 16, a header cut short", {
            let mut b = good.clone();
            b[4] = 16;
            b
        }),
        ("hdr_len 4, shorter than the header's own hdr_len", {
            let mut b = good.clone();
            b[4] = 4;
            b
        }),
    ]
}

#[test]
fn btf_header_rules_match_the_kernel() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (what, blob) in header_cases() {
        let ours = Btf::parse(&blob).map(|_| ()).map_err(|e| e.errno());
        let kernel = btf_load(&blob).map(drop);
        if let Err(e) = kernel {
            if refused(e) {
                println!("SKIP: BPF_BTF_LOAD is refused here: {}", errno_name(e));
                return;
            }
        }
        checked += 1;
        let show = |r: Result<(), i32>| match r {
            Ok(()) => "accepted".to_string(),
            Err(e) => format!("{} ({e})", errno_name(e)),
        };
        println!("{what:50} kernel: {:16} ours: {}", show(kernel), show(ours));
        if ours != kernel {
            failures.push(format!(
                "{what}: the kernel says {}, our reader {}",
                show(kernel),
                show(ours)
            ));
        }
    }
    layout_common::finish(
        "BTF header rules vs BPF_BTF_LOAD",
        &failures,
        &format!("{checked} blobs"),
    );
}
