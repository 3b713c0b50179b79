//! The runtime's BTF objects and XDP links against the live kernel: the
//! same calls go to `bpf()` and to `Runtime::bpf`, and the errno, the log
//! bytes, `btf_log_true_size`, the info structs and the bytes written to
//! the caller's buffers must be identical (ids and fds excepted).
//!
//! - `BPF_BTF_LOAD` of a one-`int` blob and of a blob with every kind, and
//!   of every one-byte change and every cut of them, with five log set-ups
//!   (none; level 1 with room; a short rotating log; a short fixed log; a
//!   true-size query without a buffer). Where the kernel refuses a blob
//!   the runtime accepts, the kernel's log must start with every line the
//!   runtime logged and go on with one of the per-kind semantic checks
//!   the runtime documents it does not repeat; those are counted, not
//!   failed.
//! - `bpf_btf_info` with short, exact and large `btf_size`, and the
//!   name/name_len rules.
//! - An XDP link on `lo` (ifindex 1): create, the errors of create, update
//!   and detach, and the link's info after each. Where the kernel build
//!   refuses driver mode on `lo` (first or last of `dev_xdp_attach`'s
//!   checks) is asked of the kernel once, and the runtime set to match
//!   (`XdpNativeCheck`); every other answer is compared as it comes.
//!
//! Skips, saying why, where `bpf()` is refused (`EPERM`, `ENOSYS`) or `lo`
//! already has an XDP program.

use extensible_abi::user::{SimMemory, UserMemory};
use extensible_abi::{bytes_of, zeroed, ExtensibleAbi};
use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info};
use extensible_abi_runtime::{Runtime, XdpNativeCheck};
use support::{close, errno_name, every_kind_btf, int_btf, sys_bpf};

const CANARY: u8 = 0xaa;
const LOG: usize = 4096;

fn refused(e: i32) -> bool {
    e == 1 || e == 38
}

/// A log set-up: (level, size, with a buffer).
const LOGS: &[(u32, u32, bool)] =
    &[(0, 0, false), (1, LOG as u32, true), (1, 37, true), (9, 37, true), (1, 0, false)];

/// The outcome of one BTF_LOAD: the result (fds as `Ok(())`), the log
/// buffer, `btf_log_true_size`.
type Outcome = (Result<(), i32>, Vec<u8>, u32);

fn kernel_load(blob: &[u8], (level, size, buf): (u32, u32, bool)) -> Outcome {
    let mut log = vec![CANARY; LOG];
    let a = bpf_attr_btf_load {
        btf: blob.as_ptr() as u64,
        btf_size: blob.len() as u32,
        btf_log_buf: if buf { log.as_mut_ptr() as u64 } else { 0 },
        btf_log_size: size,
        btf_log_level: level,
        ..Default::default()
    };
    let mut bytes = bytes_of(&a).to_vec();
    // SAFETY: `btf` points at `blob` (read only), `btf_log_buf` at `log`,
    // valid for `size <= LOG` bytes, with no reference to it live.
    let r = unsafe { sys_bpf(BPF_BTF_LOAD, &mut bytes) };
    if let Ok(fd) = r {
        close(fd as i32);
    }
    let back = bpf_attr_btf_load::from_partial(&bytes).unwrap();
    (r.map(drop), log, back.btf_log_true_size)
}

fn runtime_load(rt: &Runtime, blob: &[u8], (level, size, buf): (u32, u32, bool)) -> Outcome {
    let mut mem = SimMemory::new();
    let btf = mem.alloc_bytes(blob);
    let log = mem.alloc_bytes(&[CANARY; LOG]);
    let a = bpf_attr_btf_load {
        btf,
        btf_size: blob.len() as u32,
        btf_log_buf: if buf { log } else { 0 },
        btf_log_size: size,
        btf_log_level: level,
        ..Default::default()
    };
    let attr = mem.alloc_bytes(bytes_of(&a));
    let r = rt.bpf(&mut mem, BPF_BTF_LOAD, attr, 40).map_err(|e| e.errno());
    if let Ok(fd) = r {
        rt.close(fd as i32).unwrap();
    }
    let back = bpf_attr_btf_load::from_partial(mem.bytes(attr, 40).unwrap()).unwrap();
    (r.map(drop), mem.bytes(log, LOG).unwrap().to_vec(), back.btf_log_true_size)
}

fn text(log: &[u8]) -> String {
    let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
    String::from_utf8_lossy(&log[..end]).into_owned()
}

/// Whether the kernel's full log shows a refusal by a check past the
/// runtime's: the header and every line before the kernel's complaint are
/// the same, and the complaint is about a type record (or one of its
/// members) the runtime logged as good, or comes after all of them.
fn semantic_only(kernel: &str, ours: &str) -> bool {
    let (k, o): (Vec<&str>, Vec<&str>) = (kernel.split('\n').collect(), ours.split('\n').collect());
    let o = &o[..o.len() - 1]; // the runtime's log ends with its last newline
    match (0..o.len()).find(|&i| k.get(i) != Some(&o[i])) {
        None => k.len() > o.len(),
        // The kernel's complaint about a record the runtime logged as good
        // (appended to its line, to a member's line, or in place of the
        // details): past the header, every earlier line the same.
        Some(i) => i >= 9 && o[i].starts_with(['[', '\t']),
    }
}

#[test]
fn btf_load_matches_the_kernel() {
    if let Err(e) = kernel_load(&int_btf(), LOGS[0]).0 {
        if refused(e) {
            println!("SKIP: BPF_BTF_LOAD is refused here: {}", errno_name(e));
            return;
        }
    }
    let rt = Runtime::new();
    let mut blobs = Vec::new();
    for good in [int_btf(), every_kind_btf()] {
        for i in 0..good.len() {
            for v in
                [0u8, 1, 2, 4, 0x10, 0x20, 0x2e, 0x30, 0x41, 0x5f, 0x7f, 0x80, 0xa0, 0xd7, 0xff]
            {
                let mut b = good.clone();
                if b[i] != v {
                    b[i] = v;
                    blobs.push(b);
                }
            }
        }
        for n in 0..good.len() {
            blobs.push(good[..n].to_vec());
        }
        blobs.push(good);
    }
    let (mut same, mut beyond, mut failures) = (0, 0, Vec::new());
    for blob in &blobs {
        for &log in LOGS {
            let k = kernel_load(blob, log);
            let r = runtime_load(&rt, blob, log);
            if k == r {
                same += 1;
                continue;
            }
            // The kernel's per-kind semantic checks, which the runtime does
            // not repeat: it accepted; the kernel refused after logging
            // every line the runtime logged (checked with the full log).
            // (With a log too short for the kernel's extra line both may
            // fail with ENOSPC: the full log decides.)
            let (kf, rf) = (kernel_load(blob, LOGS[1]), runtime_load(&rt, blob, LOGS[1]));
            // (The runtime may refuse too, for a framing error in a later
            // record the kernel did not get to.)
            if kf.0.is_err() && semantic_only(&text(&kf.1), &text(&rf.1)) {
                beyond += 1;
                continue;
            }
            failures.push(format!(
                "blob {:02x?} log {log:?}:\n  kernel  {:?} true {}\n  runtime {:?} true {}\n  kernel log:\n{}\n  runtime log:\n{}",
                blob, k.0, k.2, r.0, r.2, text(&kf.1), text(&rf.1)
            ));
        }
    }
    println!("{same} identical outcomes, {beyond} refused only by the kernel's semantic checks");
    if !failures.is_empty() {
        let _ = std::fs::write(
            std::env::temp_dir().join("runtime_btf_link.mismatches"),
            failures.join("\n\n"),
        );
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n")
    );
    // The two good blobs are identical in every set-up.
    assert!(same >= 2 * LOGS.len());
}

/// `bpf_btf_info` from the kernel and from the runtime, for the same
/// input: (result, info as written, info_len, the btf buffer, the name
/// buffer).
type InfoOutcome = (Result<(), i32>, Vec<u8>, u32, Vec<u8>, Vec<u8>);

fn btf_infos(
    blob: &[u8],
    btf_size: u32,
    name: bool,
    name_len: u32,
    info_len: u32,
) -> (InfoOutcome, InfoOutcome) {
    // Kernel.
    let mut fd_attr = bytes_of(&bpf_attr_btf_load {
        btf: blob.as_ptr() as u64,
        btf_size: blob.len() as u32,
        ..Default::default()
    })
    .to_vec();
    // SAFETY: `btf` points at `blob`, read only.
    let fd = unsafe { sys_bpf(BPF_BTF_LOAD, &mut fd_attr) }.unwrap() as i32;
    let mut kbuf = vec![CANARY; 64];
    let mut kname = vec![CANARY; 8];
    let mut kinfo = vec![0u8; 64];
    let input = bpf_btf_info {
        btf: kbuf.as_mut_ptr() as u64,
        btf_size,
        name: if name { kname.as_mut_ptr() as u64 } else { 0 },
        name_len,
        ..zeroed()
    };
    kinfo[..32].copy_from_slice(bytes_of(&input));
    let mut a =
        bytes_of(&bpf_attr_info { bpf_fd: fd as u32, info_len, info: kinfo.as_mut_ptr() as u64 })
            .to_vec();
    // SAFETY: `info` points at `kinfo` (64 bytes >= info_len), `btf` at
    // `kbuf` (64 bytes >= btf_size), `name` at `kname` (8 >= name_len); no
    // reference to them is live during the call.
    let r = unsafe { sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &mut a) }.map(drop);
    close(fd);
    let klen = bpf_attr_info::from_partial(&a).unwrap().info_len;
    kinfo[12..16].fill(0); // the id
    let k = (r, kinfo, klen, kbuf, kname);

    // Runtime.
    let rt = Runtime::new();
    let mut mem = SimMemory::new();
    let b = mem.alloc_bytes(blob);
    let attr = mem.alloc_bytes(bytes_of(&bpf_attr_btf_load {
        btf: b,
        btf_size: blob.len() as u32,
        ..Default::default()
    }));
    let fd = rt.bpf(&mut mem, BPF_BTF_LOAD, attr, 40).unwrap() as u32;
    let buf = mem.alloc_bytes(&[CANARY; 64]);
    let namebuf = mem.alloc_bytes(&[CANARY; 8]);
    let input = bpf_btf_info { btf: buf, name: if name { namebuf } else { 0 }, ..input };
    let mut rinfo = vec![0u8; 64];
    rinfo[..32].copy_from_slice(bytes_of(&input));
    let info = mem.alloc_bytes(&rinfo);
    mem.write(attr, bytes_of(&bpf_attr_info { bpf_fd: fd, info_len, info })).unwrap();
    let r = rt.bpf(&mut mem, BPF_OBJ_GET_INFO_BY_FD, attr, 16).map(drop).map_err(|e| e.errno());
    let rlen = bpf_attr_info::from_partial(mem.bytes(attr, 16).unwrap()).unwrap().info_len;
    let mut rinfo = mem.bytes(info, 64).unwrap().to_vec();
    rinfo[12..16].fill(0);
    let r = (
        r,
        rinfo,
        rlen,
        mem.bytes(buf, 64).unwrap().to_vec(),
        mem.bytes(namebuf, 8).unwrap().to_vec(),
    );
    (k, r)
}

/// Pointers differ between the two sides: compare the info with the
/// pointer fields cleared.
fn without_pointers(mut o: InfoOutcome) -> InfoOutcome {
    o.1[0..8].fill(0);
    o.1[16..24].fill(0);
    o
}

#[test]
fn btf_info_matches_the_kernel() {
    let blob = int_btf();
    let mut probe = bytes_of(&bpf_attr_btf_load {
        btf: blob.as_ptr() as u64,
        btf_size: blob.len() as u32,
        ..Default::default()
    })
    .to_vec();
    // SAFETY: `btf` points at `blob`, read only.
    match unsafe { sys_bpf(BPF_BTF_LOAD, &mut probe) } {
        Ok(fd) => close(fd as i32),
        Err(e) if refused(e) => {
            return println!("SKIP: BPF_BTF_LOAD is refused here: {}", errno_name(e))
        }
        Err(e) => panic!("BTF_LOAD: {}", errno_name(e)),
    }
    let mut failures = Vec::new();
    for btf_size in [0, 10, 45, 64] {
        for (name, name_len) in [(false, 0), (true, 0), (false, 4), (true, 1), (true, 8)] {
            for info_len in [8, 16, 24, 32, 40] {
                let (k, r) = btf_infos(&blob, btf_size, name, name_len, info_len);
                let (k, r) = (without_pointers(k), without_pointers(r));
                if k != r {
                    failures.push(format!("btf_size {btf_size} name {name} name_len {name_len} info_len {info_len}:\n  kernel  {k:?}\n  runtime {r:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One side of the link experiment: its calls, by number, with fds for
/// the objects the sequence names.
trait Side {
    fn call(&mut self, cmd: u32, attr: &mut Vec<u8>) -> Result<i64, i32>;
    /// OBJ_GET_INFO_BY_FD into 64 bytes holding `input`.
    fn info(&mut self, fd: u32, input: &[u8; 64]) -> Result<([u8; 64], u32), i32>;
    fn close(&mut self, fd: u32);
    fn prog(&mut self, prog_type: u32, eat: u32) -> u32;
    fn btf(&mut self) -> u32;
}

struct Kernel;

impl Side for Kernel {
    fn call(&mut self, cmd: u32, attr: &mut Vec<u8>) -> Result<i64, i32> {
        // SAFETY: the link commands' attrs hold no addresses.
        unsafe { sys_bpf(cmd, attr) }
    }
    fn info(&mut self, fd: u32, input: &[u8; 64]) -> Result<([u8; 64], u32), i32> {
        let mut buf = *input;
        let mut a =
            bytes_of(&bpf_attr_info { bpf_fd: fd, info_len: 64, info: buf.as_mut_ptr() as u64 })
                .to_vec();
        // SAFETY: `info` points at `buf`, 64 bytes, no reference live.
        unsafe { sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &mut a) }?;
        Ok((buf, bpf_attr_info::from_partial(&a).unwrap().info_len))
    }
    fn close(&mut self, fd: u32) {
        close(fd as i32);
    }
    fn prog(&mut self, prog_type: u32, eat: u32) -> u32 {
        let insns: [u8; 16] = [0xb7, 0, 0, 0, 2, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
        let license = b"GPL\0";
        let a = bpf_attr_prog_load {
            prog_type,
            insn_cnt: 2,
            insns: insns.as_ptr() as u64,
            license: license.as_ptr() as u64,
            expected_attach_type: eat,
            ..Default::default()
        };
        let mut bytes = bytes_of(&a).to_vec();
        // SAFETY: `insns` and `license` are live locals the kernel reads.
        unsafe { sys_bpf(BPF_PROG_LOAD, &mut bytes) }.expect("PROG_LOAD") as u32
    }
    fn btf(&mut self) -> u32 {
        let blob = int_btf();
        let mut bytes = bytes_of(&bpf_attr_btf_load {
            btf: blob.as_ptr() as u64,
            btf_size: blob.len() as u32,
            ..Default::default()
        })
        .to_vec();
        // SAFETY: `btf` points at `blob`, read only.
        unsafe { sys_bpf(BPF_BTF_LOAD, &mut bytes) }.unwrap() as u32
    }
}

struct Sim {
    rt: Runtime,
    mem: SimMemory,
}

impl Side for Sim {
    fn call(&mut self, cmd: u32, attr: &mut Vec<u8>) -> Result<i64, i32> {
        let a = self.mem.alloc_bytes(attr);
        let r = self.rt.bpf(&mut self.mem, cmd, a, attr.len() as u32).map_err(|e| e.errno());
        let n = attr.len();
        attr.copy_from_slice(self.mem.bytes(a, n).unwrap());
        r
    }
    fn info(&mut self, fd: u32, input: &[u8; 64]) -> Result<([u8; 64], u32), i32> {
        let buf = self.mem.alloc_bytes(input);
        let mut a = bytes_of(&bpf_attr_info { bpf_fd: fd, info_len: 64, info: buf }).to_vec();
        self.call(BPF_OBJ_GET_INFO_BY_FD, &mut a)?;
        Ok((
            self.mem.bytes(buf, 64).unwrap().try_into().unwrap(),
            bpf_attr_info::from_partial(&a).unwrap().info_len,
        ))
    }
    fn close(&mut self, fd: u32) {
        self.rt.close(fd as i32).unwrap();
    }
    fn prog(&mut self, prog_type: u32, eat: u32) -> u32 {
        let insns: [u8; 16] = [0xb7, 0, 0, 0, 2, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
        let a = bpf_attr_prog_load {
            prog_type,
            insn_cnt: 2,
            insns: self.mem.alloc_bytes(&insns),
            license: self.mem.alloc_bytes(b"GPL\0"),
            expected_attach_type: eat,
            ..Default::default()
        };
        self.call(BPF_PROG_LOAD, &mut bytes_of(&a).to_vec()).expect("PROG_LOAD") as u32
    }
    fn btf(&mut self) -> u32 {
        let blob = int_btf();
        let a = bpf_attr_btf_load {
            btf: self.mem.alloc_bytes(&blob),
            btf_size: blob.len() as u32,
            ..Default::default()
        };
        self.call(BPF_BTF_LOAD, &mut bytes_of(&a).to_vec()).unwrap() as u32
    }
}

/// The link sequence: every step's result, with link info reduced to
/// (type, prog_id index, ifindex, the echoed bytes); ids and fds are
/// replaced by what they name.
fn link_sequence(s: &mut dyn Side) -> Vec<String> {
    const XDP: u32 = 37;
    let mut out = Vec::new();
    let p = s.prog(6, XDP);
    let p0 = s.prog(6, 0);
    let p2 = s.prog(6, XDP);
    let sf = s.prog(1, 0);
    let dm = s.prog(6, 33);
    let btf = s.btf();
    let progs = [p, p0, p2];
    let mut prog_ids = Vec::new();
    for &fd in &progs {
        let (i, _) = s.info(fd, &[0; 64]).unwrap_or(([0; 64], 0));
        // bpf_prog_info.id is at offset 4.
        prog_ids.push(u32::from_ne_bytes(i[4..8].try_into().unwrap()));
    }
    let create = |s: &mut dyn Side, prog_fd: u32, ifindex: u32, at: u32, flags: u32| {
        let mut a = bpf_attr_link_create { prog_fd, attach_type: at, flags, ..Default::default() };
        a.set_target_ifindex(ifindex);
        s.call(BPF_LINK_CREATE, &mut bytes_of(&a).to_vec())
    };
    let update =
        |s: &mut dyn Side, link_fd: u32, new_prog_fd: u32, flags: u32, old_prog_fd: u32| {
            s.call(
                BPF_LINK_UPDATE,
                &mut bytes_of(&bpf_attr_link_update { link_fd, new_prog_fd, flags, old_prog_fd })
                    .to_vec(),
            )
        };
    let detach = |s: &mut dyn Side, link_fd: u32| {
        s.call(BPF_LINK_DETACH, &mut bytes_of(&bpf_attr_link_detach { link_fd }).to_vec())
    };
    let show = |s: &mut dyn Side, fd: u32, prog_ids: &[u32]| {
        let mut input = [0u8; 64];
        input[12] = 0x11;
        input[20] = 0x22;
        input[60] = 0x44;
        match s.info(fd, &input) {
            Ok((i, n)) => {
                let info = bpf_link_info::from_partial(&i).unwrap();
                let prog = prog_ids.iter().position(|&id| id == info.prog_id);
                let mut rest = i;
                rest[..12].fill(0);
                rest[16..20].fill(0);
                format!(
                    "len {n} type {} prog {prog:?} ifindex {} rest {:?}",
                    info.r#type,
                    info.xdp().ifindex,
                    &rest[..]
                )
            }
            Err(e) => format!("info: {e}"),
        }
    };
    let bad = 999;
    for (what, r) in [
        ("bad prog fd", create(s, bad, 1, XDP, 0)),
        ("btf as prog", create(s, btf, 1, XDP, 0)),
        ("socket filter", create(s, sf, 1, XDP, 0)),
        ("attach type 999", create(s, p, 1, 999, 0)),
        ("ifindex 0", create(s, p, 0, XDP, 0)),
        ("ifindex 999", create(s, p, 999, XDP, 0)),
        ("devmap prog", create(s, dm, 1, XDP, 0)),
        ("devmap prog drv", create(s, dm, 1, XDP, 4)),
        ("devmap prog hw", create(s, dm, 1, XDP, 8)),
        ("flags 1", create(s, p, 1, XDP, 1)),
        ("flags 16", create(s, p, 1, XDP, 16)),
        ("flags 6", create(s, p, 1, XDP, 6)),
        ("drv mode", create(s, p, 1, XDP, 4)),
        ("hw mode", create(s, p, 1, XDP, 8)),
        ("struct_ops btf", create(s, btf, 0, 44, 0)),
        ("struct_ops bad", create(s, bad, 0, 44, 0)),
    ] {
        out.push(format!("{what}: {:?}", r.map(drop)));
    }
    let l = match create(s, p, 1, XDP, 0) {
        Ok(l) => l as u32,
        Err(e) => {
            out.push(format!("link: {e}"));
            return out;
        }
    };
    out.push(show(s, l, &prog_ids));
    for (what, r) in [
        ("second", create(s, p, 1, XDP, 0)),
        ("second skb", create(s, p, 1, XDP, 2)),
        ("second drv", create(s, p, 1, XDP, 4)),
        ("second devmap drv", create(s, dm, 1, XDP, 4)),
        ("second hw", create(s, p, 1, XDP, 8)),
        ("update bad link", update(s, bad, p2, 0, 0)),
        ("update prog as link", update(s, p, p2, 0, 0)),
        ("update flags 2", update(s, l, p2, 2, 0)),
        ("update bad new", update(s, l, bad, 0, 0)),
        ("update btf new", update(s, l, btf, 0, 0)),
        ("update old w/o replace", update(s, l, p2, 0, p)),
        ("update replace bad old", update(s, l, p2, 4, bad)),
        ("update replace wrong old", update(s, l, p2, 4, p2)),
        ("update socket filter", update(s, l, sf, 0, 0)),
        ("update other eat", update(s, l, p0, 0, 0)),
        ("update same", update(s, l, p, 0, 0)),
        ("update replace", update(s, l, p2, 4, p)),
    ] {
        out.push(format!("{what}: {:?}", r.map(drop)));
    }
    out.push(show(s, l, &prog_ids));
    for (what, r) in [
        ("detach bad", detach(s, bad)),
        ("detach prog", detach(s, p)),
        ("detach", detach(s, l)),
        ("detach again", detach(s, l)),
        ("update detached", update(s, l, p, 0, 0)),
        ("update detached flags", update(s, l, p, 2, 0)),
        ("update detached wrong old", update(s, l, p, 4, p)),
    ] {
        out.push(format!("{what}: {:?}", r.map(drop)));
    }
    out.push(show(s, l, &prog_ids));
    let l2 = create(s, p0, 1, XDP, 2);
    out.push(format!("after detach: {:?}", l2.map(drop)));
    if let Ok(l2) = l2 {
        out.push(show(s, l2 as u32, &prog_ids));
        s.close(l2 as u32);
    }
    s.close(l);
    out
}

/// Where this kernel refuses driver mode on `lo` (which has no driver
/// hook): a program loaded for devmaps, attached in driver mode, is
/// `EOPNOTSUPP` where the refusal comes first and `EINVAL` (the devmap
/// check) where it comes last. The call attaches nothing either way.
fn kernel_xdp_native_check() -> XdpNativeCheck {
    let mut k = Kernel;
    let devmap_prog = k.prog(6, 33);
    let mut a = bpf_attr_link_create {
        prog_fd: devmap_prog,
        attach_type: 37,
        flags: 4,
        ..Default::default()
    };
    a.set_target_ifindex(1);
    let r = k.call(BPF_LINK_CREATE, &mut bytes_of(&a).to_vec());
    close(devmap_prog as i32);
    match r {
        Err(95) => XdpNativeCheck::First,
        // EEXIST: the same order, with generic mode taken by another process.
        Err(22 | 17) => XdpNativeCheck::Last,
        other => {
            panic!("devmap program in driver mode on lo: {other:?}, expected EOPNOTSUPP or EINVAL")
        }
    }
}

#[test]
fn xdp_links_match_the_kernel() {
    let mut probe = bytes_of(&bpf_attr_link_create::default()).to_vec();
    // SAFETY: this attr holds no addresses.
    if let Err(e) = unsafe { sys_bpf(BPF_LINK_CREATE, &mut probe) } {
        if refused(e) {
            return println!("SKIP: BPF_LINK_CREATE is refused here: {}", errno_name(e));
        }
    }
    let check = kernel_xdp_native_check();
    println!("this kernel refuses driver mode on lo {check:?} of dev_xdp_attach's checks");
    let rt = Runtime::new().with_xdp_native_check(check);
    let mut sim = Sim { rt, mem: SimMemory::new() };
    let ours = link_sequence(&mut sim);
    // lo is the machine's: another process attaching to it at the same
    // time shows as EBUSY. Up to three tries.
    let mut kernel = link_sequence(&mut Kernel);
    for _ in 0..2 {
        if kernel == ours {
            break;
        }
        println!("retrying: lo may be in use by another process");
        std::thread::sleep(std::time::Duration::from_millis(200));
        kernel = link_sequence(&mut Kernel);
    }
    if kernel.iter().any(|l| l == "link: Err(16)" || l == "link: 16") {
        return println!("SKIP: lo already has an XDP program");
    }
    let diff: Vec<String> = kernel
        .iter()
        .zip(&ours)
        .filter(|(k, o)| k != o)
        .map(|(k, o)| format!("  kernel:  {k}\n  runtime: {o}"))
        .collect();
    for line in &kernel {
        println!("{line}");
    }
    assert!(diff.is_empty() && kernel.len() == ours.len(), "{}", diff.join("\n"));
}
