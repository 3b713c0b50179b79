//! Programs: `BPF_PROG_LOAD` (instructions, tag, name, license, map
//! references, func and line info, the verifier log), their
//! `struct bpf_prog_info`, `BPF_PROG_TEST_RUN`, `BPF_PROG_BIND_MAP`,
//! `BPF_PROG_QUERY`, `BPF_PROG_STREAM_READ_BY_FD` and `BPF_ENABLE_STATS`.
//!
//! `BPF_PROG_LOAD`, in the order of the kernel's `bpf_prog_load` and
//! `bpf_check` (Linux 6.18), as a privileged caller sees it:
//!
//! 1. `prog_flags` outside the known `BPF_F_*` load flags: `EINVAL`; with
//!    `BPF_F_TOKEN_FD`, `prog_token_fd` must be a token (this runtime has
//!    none: `EBADF` or `EINVAL`);
//! 2. `insn_cnt` 0 or over `BPF_COMPLEXITY_LIMIT_INSNS` (1,000,000, the
//!    privileged limit; `BPF_MAXINSNS`, 4096, is the unprivileged one and
//!    this runtime acts for root; at ABI levels before 5.2 it is 4096 for
//!    everyone): `E2BIG`;
//! 3. `attach_prog_fd`: a program is `EINVAL` (none of the types modelled
//!    here attaches to a program), a (user) BTF object the kernel-internal
//!    `ENOTSUPP` (524), anything else `EINVAL`; `attach_btf_id` is
//!    `EINVAL` (only tracing types take one);
//! 4. the instructions are copied (`EFAULT`; their length is bounded by
//!    step 2), then the license, as `strncpy_from_user` with 127 bytes: a
//!    fault before its NUL is `EFAULT`, a longer string is cut; it makes
//!    the program GPL-compatible when it is one of the kernel's
//!    `license_is_gpl_compatible` strings;
//! 5. a signature: see [`check_signature`]; `prog_ifindex`
//!    (device offload): `EOPNOTSUPP` for XDP and tc programs (as for a
//!    device without offload support), `EINVAL` for the others;
//! 6. the program type ([`modelled`]): the types that load without an
//!    attach target and whose verifier rules need no types; any other
//!    type is `EINVAL` (for the kernel's unknown types as the kernel does;
//!    for its other known types this is the runtime's limit);
//! 7. the name (`bpf_obj_name_cpy`): `EINVAL`;
//! 8. `bpf_check`: the log attributes (`EINVAL`), `fd_array_cnt` maps,
//!    func info and line info (below), then [`verifier`]; its log, then
//!    `bpf_vlog_finalize` (`ENOSPC` for a truncated log and `EFAULT` for a
//!    fault in the log buffer win over the verifier's errno), and
//!    `log_true_size` written back when the caller's attr covers it (ABI
//!    levels from 6.4);
//! 9. an id, then the lowest free fd.
//!
//! Func info and line info (`check_btf_info_early`, `check_btf_info`):
//! with either count non-zero, `prog_btf_fd` must be a BTF object (`EBADF`,
//! `EINVAL`); record sizes below the kernel's record, over 252 or not a
//! multiple of 4 are `EINVAL`; each record is read as an extensible struct
//! of the caller's record size: a non-zero byte past the known record is
//! `E2BIG`, after the known size (8 for func info, 16 for line info) was
//! written back into `func_info_rec_size`/`line_info_rec_size`; instruction
//! offsets must start at 0 (func info) and increase, line info must point
//! at real instructions; there must be one func info record (one function).
//! A func info record's type must be a `FUNC` of the BTF object whose type
//! is a `FUNC_PROTO`, a line info record's string offsets must fall inside
//! its string section (`EINVAL`).
//!
//! `ld_imm64` with `BPF_PSEUDO_MAP_FD` (or `_IDX`, through `fd_array`)
//! takes a reference on the map (the program's used maps, reported as
//! `map_ids`); `BPF_PSEUDO_MAP_VALUE` (or `_IDX_VALUE`) is accepted for
//! single-entry array maps at an offset inside the value, as
//! `array_map_direct_value_addr` does (other arrays the kernel-internal
//! `ENOTSUPP`, hash maps `EINVAL`); a map created with `excl_prog_hash` accepts only the
//! program whose SHA-256 digest it names (`EACCES`). The tag is the kernel's
//! `bpf_prog_calc_tag`: a hash of the instructions with the immediates of
//! map loads cleared, SHA-1 before Linux 6.18 and SHA-256 from 6.18 (the
//! release that made the program digest SHA-256 for signatures), first 8
//! bytes.

mod log2;
mod run;
mod sha1;
pub(crate) mod sha256;
mod verifier;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use core::mem::offset_of;

use super::btf_obj::{check_token_fd, BtfObj, VLog, BPF_LOG_LEVEL2, BPF_LOG_STATS};
use super::call::Call;
use super::link::LO_IFINDEX;
use super::map::Map;
use super::name::obj_name;
use super::object::{Object, ObjectKind};
use super::{err, release};
use extensible_abi::{errno, extensible_abi, AbiError};
use extensible_abi_bpf::attr::{
    bpf_attr_enable_stats, bpf_attr_prog_bind_map, bpf_attr_prog_load, bpf_attr_prog_stream_read,
    bpf_attr_query,
};
use extensible_abi_bpf::btf::{Btf, Kind, ENOTSUPP};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::bpf_prog_info;

pub(crate) use run::test_run;
use verifier::{Insn, LD_IMM64};

/// `MAX_USED_MAPS` (include/linux/bpf.h): the most maps one program may
/// reference.
const MAX_USED_MAPS: usize = 64;
/// `BPF_MAX_VAR_OFF` (include/linux/bpf_verifier.h): the largest direct
/// map value offset.
const BPF_MAX_VAR_OFF: u32 = 1 << 29;
/// `MAX_FUNCINFO_REC_SIZE` (and `MAX_LINEINFO_REC_SIZE`,
/// kernel/bpf/verifier.c).
const MAX_INFO_REC_SIZE: u32 = 252;
use extensible_abi::errno::EPROTO;

/// The `BPF_F_*` flags `BPF_PROG_LOAD` knows.
const PROG_FLAGS: u32 = BPF_F_STRICT_ALIGNMENT
    | BPF_F_ANY_ALIGNMENT
    | BPF_F_TEST_RND_HI32
    | BPF_F_TEST_STATE_FREQ
    | BPF_F_SLEEPABLE
    | BPF_F_XDP_HAS_FRAGS
    | BPF_F_XDP_DEV_BOUND_ONLY
    | BPF_F_TEST_REG_INVARIANTS
    | BPF_F_TOKEN_FD;

/// The program types this runtime loads: those the kernel loads without an
/// attach target, an expected attach type or return-value rules, as
/// measured on Linux 6.18 with `r0 = 7; exit`: SOCKET_FILTER, KPROBE,
/// SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT, LWT_IN, LWT_OUT,
/// LWT_XMIT, SK_SKB, SK_MSG, LWT_SEG6LOCAL, SK_REUSEPORT,
/// RAW_TRACEPOINT_WRITABLE.
pub(crate) fn modelled(prog_type: u32) -> bool {
    matches!(
        prog_type,
        BPF_PROG_TYPE_SOCKET_FILTER
            | BPF_PROG_TYPE_KPROBE
            | BPF_PROG_TYPE_SCHED_CLS
            | BPF_PROG_TYPE_SCHED_ACT
            | BPF_PROG_TYPE_TRACEPOINT
            | BPF_PROG_TYPE_XDP
            | BPF_PROG_TYPE_PERF_EVENT
            | BPF_PROG_TYPE_LWT_IN
            | BPF_PROG_TYPE_LWT_OUT
            | BPF_PROG_TYPE_LWT_XMIT
            | BPF_PROG_TYPE_SK_SKB
            | BPF_PROG_TYPE_SK_MSG
            | BPF_PROG_TYPE_LWT_SEG6LOCAL
            | BPF_PROG_TYPE_SK_REUSEPORT
            | BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE
    )
}

/// The kernel's `license_is_gpl_compatible` (include/linux/license.h).
fn license_is_gpl_compatible(license: &[u8]) -> bool {
    const GPL: [&[u8]; 6] = [
        b"GPL",
        b"GPL v2",
        b"GPL and additional rights",
        b"Dual BSD/GPL",
        b"Dual MIT/GPL",
        b"Dual MPL/GPL",
    ];
    GPL.contains(&license)
}

/// `struct bpf_func_info`: one func info record as the kernel knows it.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.0", size = 8)]
#[allow(non_camel_case_types)]
pub(crate) struct bpf_func_info {
    /// First instruction of the function.
    #[abi(since = "5.0", offset = 0)]
    pub(crate) insn_off: u32,
    /// Its `BTF_KIND_FUNC` type id.
    #[abi(since = "5.0", offset = 4)]
    pub(crate) type_id: u32,
}

/// `struct bpf_line_info`: one line info record as the kernel knows it.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(version = "5.0", size = 16)]
#[allow(non_camel_case_types)]
pub(crate) struct bpf_line_info {
    /// The instruction the line starts at.
    #[abi(since = "5.0", offset = 0)]
    pub(crate) insn_off: u32,
    /// String offset of the file name in the BTF.
    #[abi(since = "5.0", offset = 4)]
    pub(crate) file_name_off: u32,
    /// String offset of the source line in the BTF.
    #[abi(since = "5.0", offset = 8)]
    pub(crate) line_off: u32,
    /// Line number (high 22 bits) and column (low 10 bits).
    #[abi(since = "5.0", offset = 12)]
    pub(crate) line_col: u32,
}

/// A program object.
#[derive(Debug)]
pub(crate) struct Prog {
    pub(crate) id: u32,
    pub(crate) prog_type: u32,
    pub(crate) expected_attach_type: u32,
    attach_btf_id: u32,
    name: [u8; BPF_OBJ_NAME_LEN],
    tag: [u8; BPF_TAG_SIZE],
    /// The instructions as `xlated_prog_insns` shows them: map loads carry
    /// the map id (`bpf_insn_prepare_dump`).
    pub(crate) insns: Vec<u8>,
    gpl_compatible: bool,
    /// The maps the program references (`used_maps`), in first-use order;
    /// `BPF_PROG_BIND_MAP` appends.
    used_maps: Mutex<Vec<Arc<Map>>>,
    btf: Option<Arc<BtfObj>>,
    /// `bpf_func_info` records, 8 bytes each.
    func_info: Vec<u8>,
    /// `bpf_line_info` records, 16 bytes each.
    line_info: Vec<u8>,
    load_time: u64,
    verified_insns: u32,
    run_cnt: AtomicU64,
    run_time_ns: AtomicU64,
}

impl Prog {
    /// Counts runs of the program (with `BPF_ENABLE_STATS` on).
    pub(crate) fn account(&self, runs: u64, ns: u64) {
        self.run_cnt.fetch_add(runs, Ordering::Relaxed);
        self.run_time_ns.fetch_add(ns, Ordering::Relaxed);
    }
}

/// What `bpf_check` produced.
struct Checked {
    xlated: Vec<u8>,
    tag: [u8; BPF_TAG_SIZE],
    used_maps: Vec<Arc<Map>>,
    btf: Option<Arc<BtfObj>>,
    func_info: Vec<u8>,
    line_info: Vec<u8>,
    processed: u32,
}

/// `BPF_PROG_LOAD`.
pub(crate) fn load(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_prog_load = c.attr()?;
    if a.prog_flags & !PROG_FLAGS != 0 {
        return Err(AbiError::Invalid { what: "unknown prog_flags" });
    }
    if a.prog_flags & BPF_F_TOKEN_FD != 0 {
        check_token_fd(c, a.prog_token_fd)?;
    }
    if a.insn_cnt == 0 || a.insn_cnt > max_insns(c.level()) {
        return Err(err(errno::E2BIG, "insn_cnt is 0 or over the limit"));
    }
    if a.attach_prog_fd != 0 {
        return Err(match c.object(a.attach_prog_fd) {
            Ok(Object::Btf(_)) => err(ENOTSUPP, "attach_btf_obj_fd: a user BTF object"),
            _ => {
                AbiError::Invalid { what: "attach_prog_fd: no attach target for this program type" }
            }
        });
    }
    // bpf_prog_load_check_attach: a BTF attach target only for tracing,
    // LSM, struct_ops and extension programs, none of which is modelled.
    if a.attach_btf_id != 0 {
        return Err(AbiError::Invalid {
            what: "attach_btf_id for a program type without BTF attach",
        });
    }
    let insns = c.read_bytes(a.insns, a.insn_cnt as usize * 8)?;
    let license = read_license(c, a.license)?;
    let gpl_compatible = license_is_gpl_compatible(&license);
    if a.signature != 0 {
        check_signature(c, &a)?;
    }
    if a.prog_ifindex != 0 {
        return Err(match a.prog_type {
            BPF_PROG_TYPE_XDP | BPF_PROG_TYPE_SCHED_CLS => {
                err(errno::EOPNOTSUPP, "prog_ifindex: no device offload in this runtime")
            }
            _ => AbiError::Invalid { what: "prog_ifindex for a program type without offload" },
        });
    }
    if !modelled(a.prog_type) {
        return Err(AbiError::Invalid {
            what: "program type unknown or not modelled by this runtime",
        });
    }
    let name = obj_name(&a.prog_name)?;

    // bpf_check.
    let mut log = VLog::new(a.log_level, a.log_buf, a.log_size, c.level())?;
    let checked = check(c, &a, &mut log, &insns);
    log.finish(c, offset_of!(bpf_attr_prog_load, log_true_size))?;
    let checked = checked?;

    let mut st = c.state();
    let id = st.alloc_id(ObjectKind::Prog)?;
    let prog = Prog {
        id,
        prog_type: a.prog_type,
        expected_attach_type: a.expected_attach_type,
        attach_btf_id: a.attach_btf_id,
        name,
        tag: checked.tag,
        insns: checked.xlated,
        gpl_compatible,
        used_maps: Mutex::new(checked.used_maps),
        btf: checked.btf,
        func_info: checked.func_info,
        line_info: checked.line_info,
        load_time: now_ns(),
        verified_insns: checked.processed,
        run_cnt: AtomicU64::new(0),
        run_time_ns: AtomicU64::new(0),
    };
    let obj = Object::Prog(Arc::new(prog));
    st.register_id(id, &obj);
    st.install_fd(obj).map(i64::from)
}

/// The most instructions a privileged caller may load: `BPF_MAXINSNS`
/// (4096) for everyone before Linux 5.2, `BPF_COMPLEXITY_LIMIT_INSNS`
/// (1,000,000) for privileged callers since.
fn max_insns(level: u32) -> u32 {
    if level >= release(5, 2) {
        verifier::COMPLEXITY_LIMIT
    } else {
        BPF_MAXINSNS
    }
}

/// Nanoseconds since the Unix epoch (the kernel reports boot time: a
/// value differential runs except).
fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// `bpf_prog_verify_signature` as the live 6.18 kernel answers: a
/// `signature_size` over 8192 or a keyring that is not one of the system
/// keyrings (0, 1, 2; this runtime has no user keyrings) is `EINVAL`; a
/// fault reading the signature is `ENOMEM` (6.18 maps the copy's error
/// to it); then `EOPNOTSUPP`, as the kernel answers for the signatures
/// measured (the runtime cannot check PKCS#7 signatures, so it accepts
/// none).
fn check_signature(c: &Call, a: &bpf_attr_prog_load) -> Result<(), AbiError> {
    // The largest signature_size Linux 6.18's bpf_prog_load takes
    // (kernel/bpf/syscall.c; measured), not a UAPI constant.
    const MAX_SIGNATURE_SIZE: u32 = 8192;
    if a.signature_size > MAX_SIGNATURE_SIZE || !(0..=2).contains(&a.keyring_id) {
        return Err(AbiError::Invalid { what: "signature_size or keyring_id" });
    }
    c.read_bytes(a.signature, a.signature_size as usize)
        .map_err(|_| err(errno::ENOMEM, "could not copy the signature"))?;
    Err(err(errno::EOPNOTSUPP, "program signatures cannot be verified by this runtime"))
}

/// `strncpy_from_user(license, attr->license, 127)`: bytes up to the NUL
/// or 127 bytes ([`Call::read_string`]).
fn read_license(c: &Call, addr: u64) -> Result<Vec<u8>, AbiError> {
    c.read_string(addr, 127).map(|(s, _)| s)
}

/// Writes `text` to the log a line at a time (in pieces under the
/// kernel's 1024-byte message limit): the bytes the caller sees do not
/// depend on where one message ends and the next begins.
fn write_text(c: &mut Call, log: &mut VLog, text: &str) {
    for line in text.as_bytes().split_inclusive(|&b| b == b'\n') {
        for piece in line.chunks(512) {
            log.write(c, piece);
        }
    }
}

/// `bpf_check` after `bpf_vlog_init`: every message goes to `log`, and
/// the statistics line ends it, whatever the outcome.
fn check(
    c: &mut Call,
    a: &bpf_attr_prog_load,
    log: &mut VLog,
    insns: &[u8],
) -> Result<Checked, AbiError> {
    let mut stage = Stage { processed: 0 };
    let result = stage.run(c, a, log, insns);
    if a.log_level & BPF_LOG_STATS != 0 {
        // BPF_LOG_STATS: the time is not measured (0) and the stack depth
        // is the deepest r10-relative access.
        log.write(c, b"verification time 0 usec\n");
        log.write(c, format!("stack depth {}\n", stack_depth(insns)).as_bytes());
    }
    log.write(c, verifier::stats_line(stage.processed).as_bytes());
    result
}

/// The deepest stack access (`r10 - off`) of any instruction.
fn stack_depth(insns: &[u8]) -> u32 {
    (0..insns.len() / 8)
        .map(|i| Insn::at(insns, i))
        .filter(|x| {
            let base = if x.class() == BPF_LDX { x.src } else { x.dst };
            matches!(x.class(), BPF_LDX | BPF_ST | BPF_STX) && base == BPF_REG_10
        })
        .map(|x| if x.off < 0 { u32::from(x.off.unsigned_abs()) } else { 0 })
        .max()
        .unwrap_or(0)
}

/// The stages of `bpf_check`.
struct Stage {
    processed: u32,
}

impl Stage {
    fn run(
        &mut self,
        c: &mut Call,
        a: &bpf_attr_prog_load,
        log: &mut VLog,
        insns: &[u8],
    ) -> Result<Checked, AbiError> {
        let mut used_maps: Vec<Arc<Map>> = Vec::new();
        // process_fd_array (6.14): with fd_array_cnt, every fd of fd_array
        // is a map (bound to the program) or a BTF object.
        for i in 0..a.fd_array_cnt {
            let fd: i32 = c.read_pod(a.fd_array.wrapping_add(u64::from(i) * 4))?;
            match c.object(fd as u32) {
                Ok(Object::Map(m)) => add_used_map(c, log, &mut used_maps, m)?,
                Ok(Object::Btf(_)) => {}
                Ok(_) => {
                    return fail(
                        c,
                        log,
                        errno::EINVAL,
                        format!("fd {fd} is not a map or a BTF object\n"),
                    )
                }
                Err(e) => {
                    return fail(
                        c,
                        log,
                        e.errno(),
                        format!("fd {fd} is not a map or a BTF object\n"),
                    )
                }
            }
        }
        // check_btf_info_early.
        let btf = if a.func_info_cnt != 0 || a.line_info_cnt != 0 {
            match c.object(a.prog_btf_fd)? {
                Object::Btf(b) => Some(b),
                _ => return Err(AbiError::Invalid { what: "prog_btf_fd is not a BTF object" }),
            }
        } else {
            None
        };
        let func_info = read_func_info(c, a, log, btf.as_deref())?;
        // add_subprog_and_kfunc (which lists the functions at log level
        // 2), check_subprogs.
        if let Err((e, msg)) = verifier::check_no_subprogs(insns) {
            return fail(c, log, e, msg);
        }
        if a.log_level & BPF_LOG_LEVEL2 != 0 {
            log.write(c, b"func#0 @0\n");
        }
        if let Err((e, msg)) = verifier::check_subprogs(insns) {
            return fail(c, log, e, msg);
        }
        // check_btf_info: one function; line info.
        if a.func_info_cnt > 1 {
            let msg = "number of funcs in func_info doesn't match number of subprogs\n";
            return fail(c, log, errno::EINVAL, msg.into());
        }
        let line_info = read_line_info(c, a, log, insns, btf.as_deref())?;
        // resolve_pseudo_ldimm64 and the opcode table.
        let xlated = resolve_ldimm64(c, a, log, insns, &mut used_maps)?;
        // check_cfg, do_check.
        if let Err((e, msg)) = verifier::check_cfg(insns) {
            return fail(c, log, e, msg);
        }
        let level2 = a.log_level & BPF_LOG_LEVEL2 != 0;
        if level2 {
            let dump = log2::live_regs_dump(insns, |i| verifier::successors(insns, i));
            write_text(c, log, &dump);
        }
        let mut sink = |s: &str| write_text(c, log, s);
        let trace: Option<&mut dyn FnMut(&str)> = if level2 { Some(&mut sink) } else { None };
        let (processed, verdict) = verifier::do_check(insns, a.prog_type, trace);
        self.processed = processed;
        if let Err((e, msg)) = verdict {
            return fail(c, log, e, msg);
        }
        let tag = calc_tag(insns, c.level());
        Ok(Checked { xlated, tag, used_maps, btf, func_info, line_info, processed })
    }
}

/// Logs `msg` and fails with `errno`.
fn fail<T>(c: &mut Call, log: &mut VLog, errno: i32, msg: String) -> Result<T, AbiError> {
    log.write(c, msg.as_bytes());
    Err(err(errno, "the verifier refused the program (see the log)"))
}

/// Adds `map` to the program's used maps once (`add_used_map`).
fn add_used_map(
    c: &mut Call,
    log: &mut VLog,
    used: &mut Vec<Arc<Map>>,
    map: Arc<Map>,
) -> Result<(), AbiError> {
    if used.iter().any(|m| Arc::ptr_eq(m, &map)) {
        return Ok(());
    }
    if used.len() >= MAX_USED_MAPS {
        let msg = format!(
            "The total number of maps per program has reached the limit of {MAX_USED_MAPS}\n"
        );
        return fail(c, log, errno::E2BIG, msg);
    }
    used.push(map);
    Ok(())
}

/// Checks a `*_info_rec_size` (`EINVAL`, with `msg` logged when given).
fn check_rec_size(size: u32, min: u32) -> bool {
    size >= min && size <= MAX_INFO_REC_SIZE && size.is_multiple_of(4)
}

/// The kinds of a BTF object's types and what each refers to (index: type
/// id; 0 is `void`), for `btf_type_by_id`.
fn btf_kinds(btf: Option<&BtfObj>) -> Vec<(Option<Kind>, u32)> {
    let mut kinds = vec![(None, 0)];
    if let Some(parsed) = btf.and_then(|b| Btf::parse(b.data()).ok()) {
        kinds.extend(parsed.types().map(|t| (Some(t.kind()), t.type_id().unwrap_or(0))));
    }
    kinds
}

/// `check_btf_func_early`: the func info records; `btf` is the program's
/// BTF object (present whenever there are records).
fn read_func_info(
    c: &mut Call,
    a: &bpf_attr_prog_load,
    log: &mut VLog,
    btf: Option<&BtfObj>,
) -> Result<Vec<u8>, AbiError> {
    let n = a.func_info_cnt;
    if n == 0 {
        return Ok(Vec::new());
    }
    let rec = a.func_info_rec_size;
    if !check_rec_size(rec, 8) {
        return fail(c, log, errno::EINVAL, format!("invalid func info rec size {rec}\n"));
    }
    let kinds = btf_kinds(btf);
    let mut out = Vec::new();
    let mut prev = 0;
    for i in 0..n {
        let addr = a.func_info.wrapping_add(u64::from(i) * u64::from(rec));
        let r: bpf_func_info = match c.read_in(addr, rec) {
            Ok(r) => r,
            Err(e) if e.errno() == errno::E2BIG => {
                log.write(c, b"nonzero tailing record in func info");
                c.write_attr(offset_of!(bpf_attr_prog_load, func_info_rec_size), &8u32)?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        if i == 0 && r.insn_off != 0 {
            let msg = format!("nonzero insn_off {} for the first func info record", r.insn_off);
            return fail(c, log, errno::EINVAL, msg);
        }
        if i > 0 && r.insn_off <= prev {
            let msg = format!(
                "same or smaller insn offset ({}) than previous func info record ({prev})",
                r.insn_off
            );
            return fail(c, log, errno::EINVAL, msg);
        }
        // The type: a FUNC whose type is a FUNC_PROTO.
        let kind_of = |id: u32| kinds.get(id as usize).copied();
        match kind_of(r.type_id) {
            Some((Some(Kind::Func), proto)) => {
                if !matches!(kind_of(proto), Some((Some(Kind::FuncProto), _))) {
                    return Err(AbiError::Invalid {
                        what: "func info: a FUNC without a FUNC_PROTO",
                    });
                }
            }
            _ => {
                let msg = format!("invalid type id {} in func info", r.type_id as i32);
                return fail(c, log, errno::EINVAL, msg);
            }
        }
        prev = r.insn_off;
        out.extend_from_slice(&r.insn_off.to_le_bytes());
        out.extend_from_slice(&r.type_id.to_le_bytes());
    }
    Ok(out)
}

/// `check_btf_line`: the line info records; string offsets must be inside
/// the BTF object's string section (`btf_name_by_offset`).
fn read_line_info(
    c: &mut Call,
    a: &bpf_attr_prog_load,
    log: &mut VLog,
    insns: &[u8],
    btf: Option<&BtfObj>,
) -> Result<Vec<u8>, AbiError> {
    let n = a.line_info_cnt;
    if n == 0 {
        return Ok(Vec::new());
    }
    if n > i32::MAX as u32 / 16 {
        return Err(AbiError::Invalid { what: "line_info_cnt too large" });
    }
    let rec = a.line_info_rec_size;
    if !check_rec_size(rec, 16) {
        return Err(AbiError::Invalid { what: "invalid line info rec size" });
    }
    let len = (insns.len() / 8) as u32;
    let str_len = btf.and_then(|b| Btf::parse_header(b.data()).ok()).map_or(0, |h| h.str_len);
    let mut out = Vec::new();
    let mut prev = 0;
    let mut funcs_seen = 0;
    for i in 0..n {
        let addr = a.line_info.wrapping_add(u64::from(i) * u64::from(rec));
        let r: bpf_line_info = match c.read_in(addr, rec) {
            Ok(r) => r,
            Err(e) if e.errno() == errno::E2BIG => {
                log.write(c, b"nonzero tailing record in line_info");
                c.write_attr(offset_of!(bpf_attr_prog_load, line_info_rec_size), &16u32)?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        if (i > 0 && r.insn_off <= prev) || r.insn_off >= len {
            let msg = format!(
                "Invalid line_info[{i}].insn_off:{} (prev_offset:{prev} prog->len:{len})\n",
                r.insn_off
            );
            return fail(c, log, errno::EINVAL, msg);
        }
        if Insn::at(insns, r.insn_off as usize).code == 0 {
            return fail(
                c,
                log,
                errno::EINVAL,
                format!("Invalid insn code at line_info[{i}].insn_off\n"),
            );
        }
        if r.line_off >= str_len || r.file_name_off >= str_len {
            let msg = format!("Invalid line_info[{i}].line_off or .file_name_off\n");
            return fail(c, log, errno::EINVAL, msg);
        }
        // The one function starts at 0.
        if funcs_seen == 0 {
            if r.insn_off == 0 {
                funcs_seen = 1;
            } else {
                return fail(c, log, errno::EINVAL, "missing bpf_line_info for func#0\n".into());
            }
        }
        prev = r.insn_off;
        for w in [r.insn_off, r.file_name_off, r.line_off, r.line_col] {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    Ok(out)
}

/// `resolve_pseudo_ldimm64` with the opcode checks of its loop: map loads
/// take references, and the dump form (`bpf_insn_prepare_dump`) gets the
/// map id in `imm` and the value offset in the second half.
fn resolve_ldimm64(
    c: &mut Call,
    a: &bpf_attr_prog_load,
    log: &mut VLog,
    insns: &[u8],
    used: &mut Vec<Arc<Map>>,
) -> Result<Vec<u8>, AbiError> {
    let n = insns.len() / 8;
    let mut xlated = insns.to_vec();
    // The program's SHA-256 digest, computed once if a map asks for it.
    let mut digest = None;
    let mut i = 0;
    while i < n {
        let insn = Insn::at(insns, i);
        if insn.code != LD_IMM64 {
            if let Err((e, msg)) = verifier::check_insn_fields(&insn) {
                return fail(c, log, e, msg);
            }
            i += 1;
            continue;
        }
        let next = (i + 1 < n).then(|| Insn::at(insns, i + 1));
        let Some(next) = next.filter(|x| x.code == 0 && x.dst == 0 && x.src == 0 && x.off == 0)
        else {
            return fail(c, log, errno::EINVAL, "invalid bpf_ld_imm64 insn\n".into());
        };
        match insn.src {
            0 => {
                i += 2;
                continue;
            }
            BPF_PSEUDO_BTF_ID => {
                let msg = "ld_imm64 of kernel symbols is not supported by this runtime\n";
                return fail(c, log, errno::EINVAL, msg.into());
            }
            BPF_PSEUDO_MAP_VALUE | BPF_PSEUDO_MAP_IDX_VALUE => {}
            BPF_PSEUDO_MAP_FD | BPF_PSEUDO_MAP_IDX if next.imm == 0 => {}
            _ => return fail(c, log, errno::EINVAL, "unrecognized bpf_ld_imm64 insn\n".into()),
        }
        let fd: i32 = if matches!(insn.src, BPF_PSEUDO_MAP_IDX | BPF_PSEUDO_MAP_IDX_VALUE) {
            if a.fd_array == 0 {
                return fail(c, log, EPROTO, "fd_idx without fd_array is invalid\n".into());
            }
            let off = (i64::from(insn.imm) * 4) as u64;
            c.read_pod(a.fd_array.wrapping_add(off))?
        } else {
            insn.imm
        };
        let map = match c.object(fd as u32) {
            Ok(Object::Map(m)) => m,
            Ok(_) => {
                return fail(
                    c,
                    log,
                    errno::EINVAL,
                    format!("fd {fd} is not pointing to valid bpf_map\n"),
                )
            }
            Err(e) => {
                return fail(
                    c,
                    log,
                    e.errno(),
                    format!("fd {fd} is not pointing to valid bpf_map\n"),
                )
            }
        };
        add_used_map(c, log, used, map.clone())?;
        // check_map_prog_compatibility: a map made for one program only.
        if let Some(sha) = &map.excl_prog_sha {
            if sha != digest.get_or_insert_with(|| sha256::sha256(&digest_input(insns))) {
                let msg = "program's hash doesn't match map's excl_prog_hash\n";
                return fail(c, log, errno::EACCES, msg.into());
            }
        }
        let value = matches!(insn.src, BPF_PSEUDO_MAP_VALUE | BPF_PSEUDO_MAP_IDX_VALUE);
        let off = if value { next.imm as u32 } else { 0 };
        if value {
            if off >= BPF_MAX_VAR_OFF {
                return fail(
                    c,
                    log,
                    errno::EINVAL,
                    format!("direct value offset of {off} is not allowed\n"),
                );
            }
            // map_direct_value_addr: array maps only (array_map_direct_value_addr).
            if map.map_type != BPF_MAP_TYPE_ARRAY {
                let msg = "no direct value access support for this map type\n";
                return fail(c, log, errno::EINVAL, msg.into());
            }
            let e = if map.max_entries != 1 {
                Some(ENOTSUPP)
            } else if off >= map.value_size {
                Some(errno::EINVAL)
            } else {
                None
            };
            if let Some(e) = e {
                let msg = format!(
                    "invalid access to map value pointer, value_size={} off={off}\n",
                    map.value_size
                );
                return fail(c, log, e, msg);
            }
        }
        // bpf_insn_prepare_dump: src_reg MAP_FD or MAP_VALUE, imm the map's
        // id, the second half the value offset.
        let kind = if value { BPF_PSEUDO_MAP_VALUE } else { BPF_PSEUDO_MAP_FD };
        xlated[i * 8 + 1] = kind << 4 | insn.dst;
        xlated[i * 8 + 4..i * 8 + 8].copy_from_slice(&map.id.to_le_bytes());
        xlated[(i + 1) * 8 + 4..(i + 1) * 8 + 8].copy_from_slice(&off.to_le_bytes());
        i += 2;
    }
    Ok(xlated)
}

/// The bytes `bpf_prog_calc_tag` hashes: the instructions with the
/// immediates of `ld_imm64` map loads (both halves) cleared.
fn digest_input(insns: &[u8]) -> Vec<u8> {
    let mut dst = insns.to_vec();
    let mut was_ld_map = false;
    for i in 0..insns.len() / 8 {
        let x = Insn::at(insns, i);
        let clear = if !was_ld_map
            && x.code == LD_IMM64
            && matches!(x.src, BPF_PSEUDO_MAP_FD | BPF_PSEUDO_MAP_VALUE)
        {
            was_ld_map = true;
            true
        } else if was_ld_map && x.code == 0 && x.dst == 0 && x.src == 0 && x.off == 0 {
            was_ld_map = false;
            true
        } else {
            was_ld_map = false;
            false
        };
        if clear {
            dst[i * 8 + 4..i * 8 + 8].fill(0);
        }
    }
    dst
}

/// `bpf_prog_calc_tag`: the first 8 bytes of the hash of
/// [`digest_input`]: SHA-256 (the program's `digest`) from Linux 6.18,
/// SHA-1 before.
pub(crate) fn calc_tag(insns: &[u8], level: u32) -> [u8; BPF_TAG_SIZE] {
    let dst = digest_input(insns);
    let mut tag = [0u8; BPF_TAG_SIZE];
    if level >= release(6, 18) {
        tag.copy_from_slice(&sha256::sha256(&dst)[..BPF_TAG_SIZE]);
    } else {
        tag.copy_from_slice(&sha1::sha1(&dst)[..BPF_TAG_SIZE]);
    }
    tag
}

/// `BPF_PROG_QUERY`, as `bpf_prog_query` dispatches it (Linux 6.18), for
/// a runtime whose only kernel object besides its own is the loopback
/// device (ifindex 1) the test runs use:
///
/// - `query_flags` other than `BPF_F_QUERY_EFFECTIVE`: `EINVAL`;
/// - cgroup attach types: `EBADF` (the runtime has no cgroups; the kernel
///   answers `EBADF` for any fd that is no cgroup directory);
/// - `FLOW_DISSECTOR`, `SK_LOOKUP` (a network namespace fd): `EBADF` for a
///   closed fd, `EINVAL` for any of the runtime's objects;
/// - sockmap attach types: the target is a map (`EBADF`, `EINVAL` for
///   another object); an array or hash map is `EOPNOTSUPP`, as no sockmap;
/// - `TCX_INGRESS`/`TCX_EGRESS` (6.6): `target_ifindex` 1 is the loopback
///   with nothing attached: `query_flags` or `attach_flags` non-zero are
///   `EINVAL` (`bpf_mprog_query`), else `attach_flags` 0, `revision` 1 and
///   `count` 0 are written (at their offsets, whatever the caller's attr
///   size, as the kernel's `copy_to_user` does) and nothing else; any
///   other ifindex `ENODEV`;
/// - `LIRC_MODE2`, `NETKIT_*`, every other attach type: `EINVAL` (as the
///   measured kernel, built without lirc and without a netkit device).
pub(crate) fn query(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_query = c.attr()?;
    const CGROUP: &[u32] = &[
        BPF_CGROUP_INET_INGRESS,
        BPF_CGROUP_INET_EGRESS,
        BPF_CGROUP_INET_SOCK_CREATE,
        BPF_CGROUP_SOCK_OPS,
        BPF_CGROUP_DEVICE,
        BPF_CGROUP_INET4_BIND,
        BPF_CGROUP_INET6_BIND,
        BPF_CGROUP_INET4_CONNECT,
        BPF_CGROUP_INET6_CONNECT,
        BPF_CGROUP_INET4_POST_BIND,
        BPF_CGROUP_INET6_POST_BIND,
        BPF_CGROUP_UDP4_SENDMSG,
        BPF_CGROUP_UDP6_SENDMSG,
        BPF_CGROUP_SYSCTL,
        BPF_CGROUP_UDP4_RECVMSG,
        BPF_CGROUP_UDP6_RECVMSG,
        BPF_CGROUP_GETSOCKOPT,
        BPF_CGROUP_SETSOCKOPT,
        BPF_CGROUP_INET4_GETPEERNAME,
        BPF_CGROUP_INET6_GETPEERNAME,
        BPF_CGROUP_INET4_GETSOCKNAME,
        BPF_CGROUP_INET6_GETSOCKNAME,
        BPF_CGROUP_INET_SOCK_RELEASE,
        BPF_LSM_CGROUP,
        BPF_CGROUP_UNIX_CONNECT,
        BPF_CGROUP_UNIX_SENDMSG,
        BPF_CGROUP_UNIX_RECVMSG,
        BPF_CGROUP_UNIX_GETPEERNAME,
        BPF_CGROUP_UNIX_GETSOCKNAME,
    ];
    if a.query_flags & !BPF_F_QUERY_EFFECTIVE != 0 {
        return Err(AbiError::Invalid { what: "unknown query_flags" });
    }
    let t = a.attach_type;
    if CGROUP.contains(&t) {
        return Err(err(errno::EBADF, "target_fd is no cgroup"));
    }
    match t {
        BPF_FLOW_DISSECTOR | BPF_SK_LOOKUP => {
            c.object(a.target_fd)?;
            Err(AbiError::Invalid { what: "target_fd is no network namespace" })
        }
        BPF_SK_SKB_STREAM_PARSER
        | BPF_SK_SKB_STREAM_VERDICT
        | BPF_SK_MSG_VERDICT
        | BPF_SK_SKB_VERDICT => match c.object(a.target_fd)? {
            Object::Map(_) => Err(err(errno::EOPNOTSUPP, "the map is no sockmap")),
            _ => Err(AbiError::Invalid { what: "target_fd is no map" }),
        },
        BPF_TCX_INGRESS | BPF_TCX_EGRESS if c.level() >= release(6, 6) => {
            if a.target_ifindex() != LO_IFINDEX {
                return Err(err(errno::ENODEV, "no such device"));
            }
            if a.query_flags != 0 || a.attach_flags != 0 {
                return Err(AbiError::Invalid { what: "query_flags or attach_flags for tcx" });
            }
            c.write_attr(offset_of!(bpf_attr_query, attach_flags), &0u32)?;
            c.write_attr(offset_of!(bpf_attr_query, revision), &1u64)?;
            c.write_attr(offset_of!(bpf_attr_query, prog_cnt), &0u32)?;
            Ok(0)
        }
        _ => Err(AbiError::Invalid { what: "attach type without a query" }),
    }
}

/// `BPF_PROG_BIND_MAP`: `flags` must be 0; the map joins the program's
/// used maps unless it is one already.
pub(crate) fn bind_map(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_prog_bind_map = c.attr()?;
    if a.flags != 0 {
        return Err(AbiError::Invalid { what: "prog_bind_map.flags must be 0" });
    }
    let prog = prog_of(c, a.prog_fd)?;
    let map = match c.object(a.map_fd)? {
        Object::Map(m) => m,
        _ => return Err(AbiError::Invalid { what: "map_fd is not a map" }),
    };
    let mut used = prog.used_maps.lock().unwrap_or_else(|e| e.into_inner());
    if !used.iter().any(|m| Arc::ptr_eq(m, &map)) {
        used.push(map);
    }
    Ok(0)
}

/// `BPF_PROG_STREAM_READ_BY_FD` (6.17): the program (`EBADF`, `EINVAL`),
/// then the stream: `BPF_STREAM_STDOUT` (1) and `BPF_STREAM_STDERR` (2) exist (`ENOENT`
/// otherwise) and are always empty here (programs write to them through
/// kfuncs, which the runtime does not provide), so the result is 0 bytes
/// read and nothing is written.
pub(crate) fn stream_read(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_prog_stream_read = c.attr()?;
    prog_of(c, a.prog_fd)?;
    match a.stream_id {
        BPF_STREAM_STDOUT | BPF_STREAM_STDERR => Ok(0),
        _ => Err(err(errno::ENOENT, "no such stream")),
    }
}

/// `bpf_prog_get`: the program behind `fd` (`EBADF`; `EINVAL` for another
/// kind of object).
pub(crate) fn prog_of(c: &Call, fd: u32) -> Result<Arc<Prog>, AbiError> {
    match c.object(fd)? {
        Object::Prog(p) => Ok(p),
        _ => Err(AbiError::Invalid { what: "fd is not a program" }),
    }
}

/// `BPF_ENABLE_STATS`: only `BPF_STATS_RUN_TIME` (0) exists (`EINVAL`
/// otherwise); a new fd ([`Object::Stats`], the kernel's
/// `bpf_stats_fops`): while one is open, every program run adds to its
/// program's `run_cnt` and `run_time_ns`.
/// The kernel's switch is system-wide; this runtime's is per runtime.
pub(crate) fn enable_stats(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_enable_stats = c.attr()?;
    if a.r#type != BPF_STATS_RUN_TIME {
        return Err(AbiError::Invalid { what: "unknown stats type" });
    }
    c.state().install_fd(Object::Stats).map(i64::from)
}

impl Prog {
    /// `bpf_prog_get_info_by_fd`, given the caller's struct (zero-filled
    /// past what they passed): fields the kernel does not set keep the
    /// caller's values, every array is copied only when both the caller's
    /// count and the program's are non-zero, `min` of them, and the count
    /// field gets the program's count. The runtime has no JIT: the
    /// program reports what an interpreted program reports (`jited_prog_len`
    /// 0, one ksym at address 0 with length 0).
    ///
    /// The 4 bytes of tail padding after `attach_btf_id` count as unknown:
    /// a non-zero byte there is `E2BIG` before anything is written, as the
    /// live 6.18 kernel answers (measured: `info_len` 229 to 240 with a
    /// byte of 228..232 set).
    pub(crate) fn info(
        &self,
        c: &mut Call,
        input: bpf_prog_info,
    ) -> Result<bpf_prog_info, AbiError> {
        if input._pad_tail != 0 {
            let off = offset_of!(bpf_prog_info, _pad_tail);
            return Err(AbiError::NonZeroTail { name: "bpf_prog_info", size: off, offset: off });
        }
        let mut info = input;
        info.r#type = self.prog_type;
        info.id = self.id;
        info.load_time = self.load_time;
        info.created_by_uid = 0;
        info.set_gpl_compatible(self.gpl_compatible);
        info.tag = self.tag;
        info.name = self.name;

        {
            let maps = self.used_maps.lock().unwrap_or_else(|e| e.into_inner());
            info.nr_map_ids = maps.len() as u32;
            let ulen = input.nr_map_ids.min(info.nr_map_ids) as usize;
            let ids: Vec<u32> = maps[..ulen].iter().map(|m| m.id).collect();
            drop(maps);
            c.write_array(input.map_ids, &ids)?;
        }

        // set_info_rec_size.
        let bad = |n: u32, size: u32, want: u32| (n != 0 || size != 0) && size != want;
        if bad(input.nr_func_info, input.func_info_rec_size, 8)
            || bad(input.nr_line_info, input.line_info_rec_size, 16)
            || bad(input.nr_jited_line_info, input.jited_line_info_rec_size, 8)
        {
            return Err(AbiError::Invalid { what: "bpf_prog_info: bad *_rec_size" });
        }
        info.func_info_rec_size = 8;
        info.line_info_rec_size = 16;
        info.jited_line_info_rec_size = 8;

        info.run_time_ns = self.run_time_ns.load(Ordering::Relaxed);
        info.run_cnt = self.run_cnt.load(Ordering::Relaxed);
        info.recursion_misses = 0;
        info.verified_insns = self.verified_insns;
        if let Some(btf) = &self.btf {
            info.btf_id = btf.id;
        }

        info.xlated_prog_len = self.insns.len() as u32;
        let ulen = input.xlated_prog_len.min(info.xlated_prog_len) as usize;
        if ulen != 0 {
            c.write_bytes(input.xlated_prog_insns, &self.insns[..ulen])?;
        }

        info.jited_prog_len = 0;
        info.nr_jited_ksyms = 1;
        if input.nr_jited_ksyms != 0 {
            c.write_array(input.jited_ksyms, &[0u64])?;
        }
        info.nr_jited_func_lens = 1;
        if input.nr_jited_func_lens != 0 {
            c.write_array(input.jited_func_lens, &[0u32])?;
        }

        info.attach_btf_id = self.attach_btf_id;

        info.nr_func_info = (self.func_info.len() / 8) as u32;
        let ulen = input.nr_func_info.min(info.nr_func_info) as usize;
        if ulen != 0 {
            c.write_bytes(input.func_info, &self.func_info[..ulen * 8])?;
        }
        info.nr_line_info = (self.line_info.len() / 16) as u32;
        let ulen = input.nr_line_info.min(info.nr_line_info) as usize;
        if ulen != 0 {
            c.write_bytes(input.line_info, &self.line_info[..ulen * 16])?;
        }
        // The kernel (JIT on) keeps one machine address per line info; the
        // runtime reports the same count, as it reports one jited ksym,
        // with address 0 for each (addresses are never deterministic).
        info.nr_jited_line_info = info.nr_line_info;
        let ulen = input.nr_jited_line_info.min(info.nr_jited_line_info) as usize;
        if ulen != 0 {
            c.write_array(input.jited_line_info, &vec![0u64; ulen])?;
        }

        info.nr_prog_tags = 1;
        if input.nr_prog_tags != 0 {
            c.write_bytes(input.prog_tags, &self.tag)?;
        }
        Ok(info)
    }
}

#[cfg(test)]
mod tests;
