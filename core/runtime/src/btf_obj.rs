//! BTF objects: `BPF_BTF_LOAD` (the blob validated, logged, kept) and
//! their `struct bpf_btf_info`.
//!
//! `BPF_BTF_LOAD`, in the order of the kernel's `bpf_btf_load`,
//! `btf_new_fd` and `btf_parse` (Linux 6.18):
//!
//! 1. `btf_flags` other than `BPF_F_TOKEN_FD`: `EINVAL`. With it,
//!    `btf_token_fd` must be a BPF token: this runtime has none, so an fd it
//!    did not hand out is `EBADF` and any of its fds `EINVAL` (the runtime's
//!    fd numbers are its own: the kernel would look the number up in the
//!    process's table);
//! 2. `btf_size > BTF_MAX_SIZE` (16 MiB): `E2BIG`, before anything else is
//!    read;
//! 3. the log attributes (`bpf_vlog_init`): `EINVAL`, nothing written;
//! 4. the blob is read (`EFAULT`) and validated as `btf_parse_hdr`,
//!    `btf_check_sec_info`, `btf_parse_str_sec` and `btf_check_all_metas`
//!    do: the header, the sections, the string section, the framing of
//!    every type record (the rules of [`extensible_abi_bpf::btf::Btf::parse`], which
//!    must accept the blob too) and each kind's `check_meta` rules (`vlen`,
//!    `kind_flag`, names that must be identifiers or section names, sizes,
//!    linkages, member offsets, DATASEC variables…), each failure with the
//!    kernel's errno and the kernel's log text: the header dump, one line
//!    per type record (with its members, enumerators, parameters or
//!    variables) and the failing check's complaint where the kernel puts
//!    it;
//! 5. the log is finalized (`bpf_vlog_finalize`): a truncated log is
//!    `ENOSPC` and a fault in the log buffer `EFAULT`, whether or not the
//!    blob was good, and `btf_log_true_size` is written back when the
//!    caller's attr covers it (at ABI levels from 6.4, which added it);
//! 6. the object gets the next BTF id, then the lowest free fd.
//!
//! What the runtime does not repeat: the second pass,
//! `btf_check_all_types` (type ids that resolve nowhere or in a loop, a
//! member past its struct's size, func prototypes' arguments, …) and the
//! struct-field scans after it. A blob refused only there is accepted
//! here; the live differential test (`tests/runtime_btf_link.rs`) counts
//! such blobs apart and requires everything else to be identical: errno,
//! log bytes, `btf_log_true_size`. Log levels before 6.4 are checked with
//! that release's mask, but the log itself follows 6.4's rules (rotating
//! unless `BPF_LOG_FIXED`).

mod vlog;

pub(crate) use vlog::{VLog, BPF_LOG_LEVEL2, BPF_LOG_STATS};
#[cfg(test)]
pub(crate) use vlog::{BPF_LOG_FIXED, BPF_LOG_LEVEL1};

use std::io::Write as _;
use std::sync::Arc;

use core::mem::offset_of;

use super::call::Call;
use super::err;
use super::object::{Object, ObjectKind};
use extensible_abi::{errno, AbiError, ExtensibleAbi};
use extensible_abi_bpf::attr::bpf_attr_btf_load;
use extensible_abi_bpf::btf::{
    Btf, BtfHeader, Kind, BTF_MAGIC, BTF_MAX_NAME_OFFSET, BTF_MAX_SIZE, BTF_MAX_TYPE, BTF_VERSION,
    ENOTSUPP,
};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::bpf_btf_info;

/// A BTF object: its id and the blob as loaded.
#[derive(Debug)]
pub(crate) struct BtfObj {
    pub(crate) id: u32,
    data: Vec<u8>,
}

impl BtfObj {
    /// The raw BTF data, as loaded.
    pub(crate) fn data(&self) -> &[u8] {
        &self.data
    }
}

/// A token fd check as `bpf_token_get_from_fd` makes it: `EBADF` for an fd
/// the runtime did not hand out, `EINVAL` for one that is not a token
/// (which is every object this runtime has).
pub(crate) fn check_token_fd(c: &Call, fd: i32) -> Result<(), AbiError> {
    if fd < 0 {
        return Err(err(errno::EBADF, "bad token fd"));
    }
    c.object(fd as u32)?;
    Err(AbiError::Invalid { what: "token fd is not a BPF token" })
}

/// `BPF_BTF_LOAD`.
pub(crate) fn load(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_btf_load = c.attr()?;
    if a.btf_flags & !BPF_F_TOKEN_FD != 0 {
        return Err(AbiError::Invalid { what: "unknown btf_flags" });
    }
    if a.btf_flags & BPF_F_TOKEN_FD != 0 {
        check_token_fd(c, a.btf_token_fd)?;
    }
    // btf_parse: the size first, then the log, then the copy.
    if a.btf_size as usize > BTF_MAX_SIZE {
        return Err(AbiError::TooBig { len: a.btf_size.into(), max: BTF_MAX_SIZE as u64 });
    }
    let mut log = VLog::new(a.btf_log_level, a.btf_log_buf, a.btf_log_size, c.level())?;
    let parsed = c
        .read_bytes(a.btf, a.btf_size as usize)
        .and_then(|data| validate(c, &mut log, &data).map(|()| data));
    // finalize_log: on success and on every failure after the log was set
    // up; its error (ENOSPC, EFAULT) wins.
    log.finish(c, offset_of!(bpf_attr_btf_load, btf_log_true_size))?;
    let data = parsed?;
    // btf_alloc_id, then __btf_new_fd.
    let mut st = c.state();
    let id = st.alloc_id(ObjectKind::Btf)?;
    let obj = Object::Btf(Arc::new(BtfObj { id, data }));
    st.register_id(id, &obj);
    st.install_fd(obj).map(i64::from)
}

impl BtfObj {
    /// `btf_get_info_by_fd`, given the caller's struct (zero-filled past
    /// what they passed) for its in/out fields:
    ///
    /// - `min(btf_size, size of the blob)` bytes of the blob go to `btf`
    ///   (none when `btf_size` is 0: a short buffer gets the start of the
    ///   blob, not `ENOSPC`), and `btf_size` becomes the blob's size;
    /// - `name` and `name_len` must be both set or both zero (`EINVAL`,
    ///   after the blob was copied); a user BTF object's name is empty, so
    ///   `name_len` becomes 0 and a given buffer gets its NUL;
    /// - `kernel_btf` is 0.
    pub(crate) fn info(&self, c: &mut Call, input: bpf_btf_info) -> Result<bpf_btf_info, AbiError> {
        let mut info = input;
        info.id = self.id;
        let copy = self.data.len().min(input.btf_size as usize);
        c.write_bytes(input.btf, &self.data[..copy])?;
        info.btf_size = self.data.len() as u32;
        info.kernel_btf = 0;
        if (input.name == 0) != (input.name_len == 0) {
            return Err(AbiError::Invalid {
                what: "bpf_btf_info: name without name_len or the reverse",
            });
        }
        // strlen(btf->name) of a user BTF object: 0; the buffer has room
        // for its NUL (name_len >= 1), so there is no ENOSPC case.
        info.name_len = 0;
        if input.name != 0 {
            c.write_bytes(input.name, &[0])?;
        }
        Ok(info)
    }
}

/// The log of one BTF check: messages go out one `bpf_verifier_vlog` call
/// at a time, as the kernel makes them.
struct Logger<'l, 'a> {
    c: &'l mut Call<'a>,
    log: &'l mut VLog,
}

impl Logger<'_, '_> {
    fn on(&self) -> bool {
        self.log.needed()
    }

    fn put(&mut self, msg: &[u8]) {
        self.log.write(self.c, msg);
    }

    /// Formats one message (only when the log is on).
    fn fmt(&mut self, args: core::fmt::Arguments<'_>) {
        if self.on() {
            let mut m = Vec::new();
            let _ = m.write_fmt(args);
            self.put(&m);
        }
    }
}

/// `btf_verifier_log(env, …)`: one message, no newline.
macro_rules! vlog {
    ($l:expr, $($arg:tt)*) => { $l.fmt(format_args!($($arg)*)) };
}

fn invalid(what: &'static str) -> AbiError {
    AbiError::Invalid { what }
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}

/// Checks `data` as `btf_parse` does, logging as it does.
///
/// The walk uses `core::btf`'s pieces (the header as
/// [`BtfHeader::from_partial`] reads it, [`Kind`] and its record sizes,
/// the limits) in the kernel's order, because the log must say which check
/// failed, and adds the kinds' `check_meta` rules, which `core::btf`
/// leaves out. So it refuses every blob [`Btf::parse`] refuses (the tests
/// check it on every one-byte change and every cut of two blobs) and
/// more; where the order of two checks matters it follows the kernel (a
/// malformed record at the type limit is `EINVAL`: `btf_check_meta` runs
/// before `btf_add_type`).
fn validate(c: &mut Call, log: &mut VLog, data: &[u8]) -> Result<(), AbiError> {
    let walked = walk(&mut Logger { c, log }, data);
    // A well-formed blob for the walk is one for the reader too: the view
    // the rest of the runtime uses (map BTF lookups) must exist.
    if walked.is_ok() {
        Btf::parse(data)?;
    }
    walked
}

/// The kernel's checks in its order, with its log messages.
fn walk(l: &mut Logger, data: &[u8]) -> Result<(), AbiError> {
    // btf_parse_hdr
    if data.len() < 8 {
        vlog!(l, "hdr_len not found");
        return Err(invalid("BTF: hdr_len not found"));
    }
    let hdr_len = u32_at(data, 4) as usize;
    if data.len() < hdr_len {
        vlog!(l, "btf_header not found");
        return Err(invalid("BTF: btf_header not found"));
    }
    let known = core::mem::size_of::<BtfHeader>();
    if hdr_len > known && extensible_abi::first_nonzero(&data[known..hdr_len]).is_some() {
        vlog!(l, "Unsupported btf_header");
        return Err(err(errno::E2BIG, "BTF: non-zero unknown header bytes"));
    }
    let hdr = BtfHeader::from_partial(&data[..hdr_len])?;
    let size = data.len() as u32;
    vlog!(l, "magic: 0x{:x}\n", hdr.magic);
    vlog!(l, "version: {}\n", hdr.version);
    vlog!(l, "flags: 0x{:x}\n", hdr.flags);
    vlog!(l, "hdr_len: {}\n", hdr.hdr_len);
    vlog!(l, "type_off: {}\n", hdr.type_off);
    vlog!(l, "type_len: {}\n", hdr.type_len);
    vlog!(l, "str_off: {}\n", hdr.str_off);
    vlog!(l, "str_len: {}\n", hdr.str_len);
    vlog!(l, "btf_total_size: {}\n", size);
    if hdr.magic != BTF_MAGIC {
        vlog!(l, "Invalid magic");
        return Err(invalid("BTF: invalid magic"));
    }
    if hdr.version != BTF_VERSION {
        vlog!(l, "Unsupported version");
        return Err(err(ENOTSUPP, "BTF: unsupported version"));
    }
    if hdr.flags != 0 {
        vlog!(l, "Unsupported flags");
        return Err(err(ENOTSUPP, "BTF: unsupported flags"));
    }
    if size == hdr.hdr_len {
        vlog!(l, "No data");
        return Err(invalid("BTF: no data"));
    }
    check_sec_info(l, &hdr, size)?;

    // The sections tile the data after the header (checked above).
    let body = &data[hdr.hdr_len as usize..];
    // btf_parse_str_sec
    let (str_off, str_len) = (hdr.str_off as usize, hdr.str_len as usize);
    if str_off + str_len != body.len() {
        vlog!(l, "String section is not at the end");
        return Err(invalid("BTF: the string section is not at the end"));
    }
    let strings = &body[str_off..];
    if strings.is_empty()
        || hdr.str_len - 1 > BTF_MAX_NAME_OFFSET
        || strings[strings.len() - 1] != 0
        || strings[0] != 0
    {
        vlog!(l, "Invalid string section");
        return Err(invalid("BTF: invalid string section"));
    }
    // btf_parse_type_sec
    if hdr.type_off % 4 != 0 {
        vlog!(l, "Unaligned type_off");
        return Err(invalid("BTF: unaligned type_off"));
    }
    if hdr.type_len == 0 {
        vlog!(l, "No type found");
        return Err(invalid("BTF: no type found"));
    }
    let types = &body[hdr.type_off as usize..hdr.type_off as usize + hdr.type_len as usize];
    let names = Names(strings);
    // btf_check_all_metas
    let (mut off, mut id, mut nr_types) = (0usize, 1u32, 1u32);
    while off < types.len() {
        off += check_meta(l, &names, &types[off..], id)?;
        // btf_add_type
        if nr_types == BTF_MAX_TYPE {
            vlog!(l, "Exceeded max num of types");
            return Err(err(errno::E2BIG, "BTF: exceeded the maximum number of types"));
        }
        nr_types += 1;
        id += 1;
    }
    Ok(())
}

/// `btf_check_sec_info`.
fn check_sec_info(l: &mut Logger, hdr: &BtfHeader, size: u32) -> Result<(), AbiError> {
    let mut secs = [(hdr.type_off, hdr.type_len), (hdr.str_off, hdr.str_len)];
    // sort() with btf_sec_info_cmp, which compares `(int)(x->off - y->off)`
    // then `(int)(x->len - y->len)`: a wrapped difference, so an offset of
    // 2^31 or more sorts before a small one (which decides the message).
    let cmp = |x: (u32, u32), y: (u32, u32)| {
        let by_off = x.0.wrapping_sub(y.0) as i32;
        if by_off != 0 {
            by_off
        } else {
            x.1.wrapping_sub(y.1) as i32
        }
    };
    if cmp(secs[0], secs[1]) > 0 {
        secs.swap(0, 1);
    }
    let expected = u64::from(size.wrapping_sub(hdr.hdr_len));
    let mut total = 0u64;
    for (off, len) in secs {
        let (off, len) = (u64::from(off), u64::from(len));
        if expected < off {
            vlog!(l, "Invalid section offset");
            return Err(invalid("BTF: invalid section offset"));
        }
        if total < off {
            vlog!(l, "Unsupported section found");
            return Err(invalid("BTF: unsupported section found (a gap)"));
        }
        if total > off {
            vlog!(l, "Section overlap found");
            return Err(invalid("BTF: section overlap found"));
        }
        if expected - total < len {
            vlog!(l, "Total section length too long");
            return Err(invalid("BTF: total section length too long"));
        }
        total += len;
    }
    if expected != total {
        vlog!(l, "Unsupported section found");
        return Err(invalid("BTF: unsupported section found (data after the sections)"));
    }
    Ok(())
}

/// The string section, for `__btf_name_by_offset`.
struct Names<'d>(&'d [u8]);

impl Names<'_> {
    /// The name at `off` as the kernel prints it: `(anon)` for 0, the
    /// bytes up to the NUL (at most one message's worth), or
    /// `(invalid-name-offset)`.
    fn get(&self, off: u32) -> &[u8] {
        if off == 0 {
            return b"(anon)";
        }
        match self.0.get(off as usize..) {
            Some(rest) => {
                let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                &rest[..end.min(1023)]
            }
            None => b"(invalid-name-offset)",
        }
    }
}

/// `btf_check_meta` and the framing part of the kind's `check_meta`, with
/// the type's log line: the record's length.
fn check_meta(l: &mut Logger, names: &Names, t: &[u8], id: u32) -> Result<usize, AbiError> {
    const HDR: usize = 12;
    if t.len() < HDR {
        vlog!(l, "[{}] meta_left:{} meta_needed:{}", id, t.len(), HDR);
        return Err(invalid("BTF: a type record is cut off by the end of the type section"));
    }
    let (name_off, info, size_or_type) = (u32_at(t, 0), u32_at(t, 4), u32_at(t, 8));
    if info & !BTF_INFO_MASK != 0 {
        vlog!(l, "[{}] Invalid btf_info:{:x}", id, info);
        return Err(invalid("BTF: invalid btf_info (unknown bits set)"));
    }
    let Some(kind) = Kind::from_raw(btf_info_kind(info)) else {
        vlog!(l, "[{}] Invalid kind:{}", id, btf_info_kind(info));
        return Err(invalid("BTF: invalid kind"));
    };
    if name_off > BTF_MAX_NAME_OFFSET || name_off as usize >= names.0.len() {
        vlog!(l, "[{}] Invalid name_offset:{}", id, name_off);
        return Err(invalid("BTF: invalid name_offset"));
    }
    let vlen = btf_info_vlen(info) as u16;
    let kflag = btf_info_kflag(info);
    let extra = kind.extra_len(vlen);
    let left = t.len() - HDR;
    // "[id] KIND name" + (details) + …
    let head = |l: &mut Logger, details: bool| {
        if l.on() {
            let mut m = Vec::new();
            let _ = write!(m, "[{}] {} ", id, kind.name());
            m.extend_from_slice(names.get(name_off));
            if details {
                m.push(b' ');
            }
            l.put(&m);
        }
    };
    if left < extra {
        // btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u")
        head(l, false);
        vlog!(l, " ");
        vlog!(l, "meta_left:{} meta_needed:{}", left, extra);
        vlog!(l, "\n");
        return Err(invalid("BTF: a type record is cut off by the end of the type section"));
    }
    let x = &t[HDR..HDR + extra];
    let details = |l: &mut Logger| log_details(l, names, kind, kflag, vlen, size_or_type, x);
    // The kind's own check_meta rules (done for INT and the reference
    // kinds): the complaint goes on the type's line, with or without the
    // details (btf_verifier_log_type / btf_verifier_log_basic).
    if let Some((with_details, msg, errno)) =
        kind_check(names, kind, name_off, info, size_or_type, x)
    {
        head(l, with_details);
        if with_details {
            details(l);
        }
        vlog!(l, " ");
        vlog!(l, "{}", msg);
        vlog!(l, "\n");
        return Err(err(errno, "BTF: a type record breaks its kind's rules"));
    }
    // btf_verifier_log_type(env, t, NULL): the line with the kind's details.
    head(l, true);
    details(l);
    vlog!(l, "\n");
    // btf_struct_check_meta's members: each checked, then logged (with the
    // complaint on its line when one fails).
    if kind.is_aggregate() {
        let mut last_offset = 0;
        for e in x.chunks_exact(12) {
            let (name, ty, offset) = (u32_at(e, 0), u32_at(e, 4), u32_at(e, 8));
            let bit_offset = if kflag { offset & 0x00ff_ffff } else { offset };
            let complaint = if name > BTF_MAX_NAME_OFFSET || name as usize >= names.0.len() {
                Some(format!("Invalid member name_offset:{name}"))
            } else if name != 0 && !valid_identifier(names, name) {
                Some("Invalid name".into())
            } else if ty == 0 || ty > BTF_MAX_TYPE {
                Some("Invalid type_id".into())
            } else if (kind == Kind::Union && bit_offset != 0) || last_offset > bit_offset {
                Some("Invalid member bits_offset".into())
            } else if bit_offset.div_ceil(8) > size_or_type {
                Some("Member bits_offset exceeds its struct size".into())
            } else {
                None
            };
            member_line(l, names, kflag, name, ty, offset);
            if let Some(msg) = complaint {
                vlog!(l, " ");
                vlog!(l, "{}", msg);
                vlog!(l, "\n");
                return Err(invalid("BTF: a struct member breaks the rules"));
            }
            vlog!(l, "\n");
            last_offset = bit_offset;
        }
    }
    // The entries the kind's check_meta checks and logs after the type.
    let type_complaint = |l: &mut Logger, msg: &str| {
        head(l, true);
        details(l);
        vlog!(l, " ");
        vlog!(l, "{}", msg);
        vlog!(l, "\n");
    };
    match kind {
        // btf_enum_check_meta, btf_enum64_check_meta
        Kind::Enum | Kind::Enum64 => {
            for e in x.chunks_exact(if kind == Kind::Enum { 8 } else { 12 }) {
                let name = u32_at(e, 0);
                if name > BTF_MAX_NAME_OFFSET || name as usize >= names.0.len() {
                    vlog!(l, "\tInvalid name_offset:{}", name);
                    return Err(invalid("BTF: an enumerator's name is outside the strings"));
                }
                if name == 0 || !valid_identifier(names, name) {
                    type_complaint(l, "Invalid name");
                    return Err(invalid("BTF: an enumerator's name is not an identifier"));
                }
                if l.on() {
                    let mut m = b"\t".to_vec();
                    m.extend_from_slice(names.get(name));
                    let _ = if kind == Kind::Enum {
                        let v = u32_at(e, 4);
                        if kflag {
                            writeln!(m, " val={}", v as i32)
                        } else {
                            writeln!(m, " val={v}")
                        }
                    } else {
                        let v = u64::from(u32_at(e, 8)) << 32 | u64::from(u32_at(e, 4));
                        if kflag {
                            writeln!(m, " val={}", v as i64)
                        } else {
                            writeln!(m, " val={v}")
                        }
                    };
                    l.put(&m);
                }
            }
        }
        // btf_datasec_check_meta
        Kind::Datasec => {
            let (mut last_end, mut sum) = (0u64, 0u64);
            let size = u64::from(size_or_type);
            for e in x.chunks_exact(12) {
                let (ty, offset, vsize) =
                    (u32_at(e, 0), u64::from(u32_at(e, 4)), u64::from(u32_at(e, 8)));
                let complaint = if ty == 0 || ty > BTF_MAX_TYPE {
                    Some("Invalid type_id")
                } else if offset < last_end || offset >= size {
                    Some("Invalid offset")
                } else if vsize == 0 || vsize > size {
                    Some("Invalid size")
                } else if offset + vsize > size {
                    Some("Invalid offset+size")
                } else {
                    None
                };
                // btf_verifier_log_vsi
                vlog!(l, "\t type_id={} offset={} size={}", ty, offset, vsize);
                if let Some(msg) = complaint {
                    vlog!(l, " ");
                    vlog!(l, "{}", msg);
                    vlog!(l, "\n");
                    return Err(invalid("BTF: a DATASEC variable breaks the rules"));
                }
                vlog!(l, "\n");
                last_end = offset + vsize;
                sum += vsize;
            }
            if size < sum {
                type_complaint(l, "Invalid btf_info size");
                return Err(invalid("BTF: a DATASEC's variables exceed its size"));
            }
        }
        _ => {}
    }
    Ok(HDR + extra)
}

/// The kind's `log_details`: what follows "[id] KIND name " on its line.
fn log_details(
    l: &mut Logger,
    names: &Names,
    kind: Kind,
    kflag: bool,
    vlen: u16,
    size_or_type: u32,
    x: &[u8],
) {
    match kind {
        Kind::Int => {
            let d = u32_at(x, 0);
            let enc = match btf_int_encoding(d) {
                0 => "(none)",
                BTF_INT_SIGNED => "SIGNED",
                BTF_INT_CHAR => "CHAR",
                BTF_INT_BOOL => "BOOL",
                _ => "UNKN",
            };
            vlog!(
                l,
                "size={} bits_offset={} nr_bits={} encoding={}",
                size_or_type,
                (d >> 16) & 0xff,
                d & 0xff,
                enc
            );
        }
        Kind::Ptr
        | Kind::Typedef
        | Kind::Volatile
        | Kind::Const
        | Kind::Restrict
        | Kind::TypeTag
        | Kind::Func => vlog!(l, "type_id={}", size_or_type),
        Kind::Array => {
            vlog!(
                l,
                "type_id={} index_type_id={} nr_elems={}",
                u32_at(x, 0),
                u32_at(x, 4),
                u32_at(x, 8)
            )
        }
        Kind::Struct | Kind::Union | Kind::Enum | Kind::Enum64 | Kind::Datasec => {
            vlog!(l, "size={} vlen={}", size_or_type, vlen)
        }
        Kind::Fwd => vlog!(l, "{}", if kflag { "union" } else { "struct" }),
        Kind::FuncProto => func_proto_log(l, names, size_or_type, x),
        Kind::Var => vlog!(l, "type_id={} linkage={}", size_or_type, u32_at(x, 0)),
        Kind::Float => vlog!(l, "size={}", size_or_type),
        Kind::DeclTag => {
            vlog!(l, "type={} component_idx={}", size_or_type, u32_at(x, 0) as i32)
        }
    }
}

/// `BTF_INFO_MASK` (kernel/bpf/btf.c): the bits of a type's `info` that
/// mean something.
const BTF_INFO_MASK: u32 = 0x9f00_ffff;
/// `BTF_INT_MASK` (kernel/bpf/btf.c): the bits of an INT's data that mean
/// something.
const BTF_INT_MASK: u32 = 0x0fff_ffff;
/// `KSYM_NAME_LEN` (include/linux/kallsyms.h): identifiers are shorter.
const KSYM_NAME_LEN: usize = 512;

/// `BTF_INFO_KIND(info)` (`<linux/btf.h>`).
const fn btf_info_kind(info: u32) -> u32 {
    (info >> 24) & 0x1f
}

/// `BTF_INFO_VLEN(info)` (`<linux/btf.h>`).
const fn btf_info_vlen(info: u32) -> u32 {
    info & 0xffff
}

/// `BTF_INFO_KFLAG(info)` (`<linux/btf.h>`).
const fn btf_info_kflag(info: u32) -> bool {
    info >> 31 != 0
}

/// `BTF_INT_ENCODING(VAL)` (`<linux/btf.h>`): an INT's encoding bits.
const fn btf_int_encoding(data: u32) -> u32 {
    (data >> 24) & 0x0f
}

/// The kernel's `isalpha` (`lib/ctype.c`): ASCII letters and the Latin-1
/// letters 0xc0-0xff but for × (0xd7) and ÷ (0xf7).
fn k_isalpha(b: u8) -> bool {
    b.is_ascii_alphabetic() || (b >= 0xc0 && b != 0xd7 && b != 0xf7)
}

/// `btf_name_valid_identifier`: a C identifier where `.` also counts as a
/// letter (compilers make names such as `foo.bar`), by the kernel's
/// `ctype` (so Latin-1 letters count too), shorter than `KSYM_NAME_LEN`.
fn valid_identifier(names: &Names, off: u32) -> bool {
    let rest = names.0.get(off as usize..).unwrap_or(&[]);
    let name = &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())];
    match name.split_first() {
        Some((&first, tail)) => {
            (k_isalpha(first) || first == b'_' || first == b'.')
                && name.len() < KSYM_NAME_LEN
                && tail
                    .iter()
                    .all(|&b| k_isalpha(b) || b.is_ascii_digit() || b == b'_' || b == b'.')
        }
        None => false,
    }
}

/// The per-kind `check_meta` rules (`btf_int_check_meta`,
/// `btf_ref_type_check_meta`, … `btf_decl_tag_check_meta`) that come
/// before the type's line, in the kernel's order: the complaint (with the
/// type's details or not), its text and errno. Struct members, enumerators
/// and DATASEC variables are checked after the line, in `check_meta`.
fn kind_check(
    names: &Names,
    kind: Kind,
    name_off: u32,
    info: u32,
    size_or_type: u32,
    x: &[u8],
) -> Option<(bool, String, i32)> {
    let vlen = btf_info_vlen(info);
    let kflag = btf_info_kflag(info);
    let bad = |details: bool, msg: String| Some((details, msg, errno::EINVAL));
    match kind {
        Kind::Int => {
            let d = u32_at(x, 0);
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if d & !BTF_INT_MASK != 0 {
                return bad(false, format!("Invalid int_data:{d:x}"));
            }
            let nr_bits = (d & 0xff) + ((d >> 16) & 0xff);
            if nr_bits > 128 {
                return bad(true, "nr_bits exceeds 128".into());
            }
            if nr_bits.div_ceil(8) > size_or_type {
                return bad(true, "nr_bits exceeds type_size".into());
            }
            if !matches!(btf_int_encoding(d), 0 | BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL) {
                return Some((true, "Unsupported encoding".into(), ENOTSUPP));
            }
            None
        }
        Kind::Ptr
        | Kind::Typedef
        | Kind::Volatile
        | Kind::Const
        | Kind::Restrict
        | Kind::TypeTag => {
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            // Since 6.13 a type tag may carry kind_flag (an attribute).
            if kflag && kind != Kind::TypeTag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if size_or_type > BTF_MAX_TYPE {
                return bad(true, "Invalid type_id".into());
            }
            let name_ok = match kind {
                Kind::Typedef => name_off != 0 && valid_identifier(names, name_off),
                Kind::TypeTag => names.0.get(name_off as usize).is_some_and(|&b| b != 0),
                _ => name_off == 0,
            };
            if !name_ok {
                return bad(true, "Invalid name".into());
            }
            None
        }
        // btf_fwd_check_meta
        Kind::Fwd => {
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if size_or_type != 0 {
                return bad(true, "type != 0".into());
            }
            if name_off == 0 || !valid_identifier(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            None
        }
        // btf_array_check_meta
        Kind::Array => {
            let (elem, index) = (u32_at(x, 0), u32_at(x, 4));
            if name_off != 0 {
                return bad(true, "Invalid name".into());
            }
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if size_or_type != 0 {
                return bad(true, "size != 0".into());
            }
            if elem == 0 || elem > BTF_MAX_TYPE {
                return bad(true, "Invalid elem".into());
            }
            if index == 0 || index > BTF_MAX_TYPE {
                return bad(true, "Invalid index".into());
            }
            None
        }
        // btf_struct_check_meta, before the type's line (its members
        // are checked after it).
        Kind::Struct | Kind::Union => {
            if name_off != 0 && !valid_identifier(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            None
        }
        // btf_enum_check_meta, btf_enum64_check_meta (before the line)
        Kind::Enum | Kind::Enum64 => {
            if size_or_type > 8 || !size_or_type.is_power_of_two() {
                return bad(true, "Unexpected size".into());
            }
            if name_off != 0 && !valid_identifier(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            None
        }
        // btf_func_proto_check_meta
        Kind::FuncProto => {
            if name_off != 0 {
                return bad(true, "Invalid name".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            None
        }
        // btf_func_check_meta
        Kind::Func => {
            if name_off == 0 || !valid_identifier(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            if vlen > BTF_FUNC_EXTERN {
                return bad(true, "Invalid func linkage".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            None
        }
        // btf_var_check_meta
        Kind::Var => {
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if name_off == 0 || !valid_identifier(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            if size_or_type == 0 || size_or_type > BTF_MAX_TYPE {
                return bad(true, "Invalid type_id".into());
            }
            if !matches!(u32_at(x, 0), BTF_VAR_STATIC | BTF_VAR_GLOBAL_ALLOCATED) {
                return bad(true, "Linkage not supported".into());
            }
            None
        }
        // btf_datasec_check_meta (before the line)
        Kind::Datasec => {
            if size_or_type == 0 {
                return bad(true, "size == 0".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if name_off == 0 || !valid_section(names, name_off) {
                return bad(true, "Invalid name".into());
            }
            None
        }
        // btf_float_check_meta
        Kind::Float => {
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if kflag {
                return bad(true, "Invalid btf_info kind_flag".into());
            }
            if !matches!(size_or_type, 2 | 4 | 8 | 12 | 16) {
                return bad(true, "Invalid type_size".into());
            }
            None
        }
        // btf_decl_tag_check_meta (kind_flag allowed since 6.13: an
        // attribute)
        Kind::DeclTag => {
            if names.0.get(name_off as usize).is_none_or(|&b| b == 0) {
                return bad(true, "Invalid value".into());
            }
            if vlen != 0 {
                return bad(true, "vlen != 0".into());
            }
            if (u32_at(x, 0) as i32) < -1 {
                return bad(true, "Invalid component_idx".into());
            }
            None
        }
    }
}

/// The kernel's `isprint`: ASCII 0x20-0x7e and Latin-1 0xa0-0xff.
fn k_isprint(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b >= 0xa0
}

/// `btf_name_valid_section`: non-empty, printable, shorter than
/// `KSYM_NAME_LEN`.
fn valid_section(names: &Names, off: u32) -> bool {
    let rest = names.0.get(off as usize..).unwrap_or(&[]);
    let name = &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())];
    !name.is_empty() && name.len() < KSYM_NAME_LEN && name.iter().all(|&b| k_isprint(b))
}

/// `btf_verifier_log_member(env, t, member, …)` up to its complaint:
/// "\tname type_id=… [bitfield_size=… ]bits_offset=…".
fn member_line(l: &mut Logger, names: &Names, kflag: bool, name: u32, ty: u32, offset: u32) {
    if !l.on() {
        return;
    }
    let mut m = b"\t".to_vec();
    m.extend_from_slice(names.get(name));
    let _ = if kflag {
        write!(
            m,
            " type_id={} bitfield_size={} bits_offset={}",
            ty,
            offset >> 24,
            offset & 0x00ff_ffff
        )
    } else {
        write!(m, " type_id={} bits_offset={}", ty, offset)
    };
    l.put(&m);
}

/// `btf_func_proto_log`.
fn func_proto_log(l: &mut Logger, names: &Names, ret: u32, params: &[u8]) {
    if !l.on() {
        return;
    }
    let args: Vec<(u32, u32)> =
        params.chunks_exact(8).map(|p| (u32_at(p, 0), u32_at(p, 4))).collect();
    vlog!(l, "return={} args=(", ret);
    let arg = |l: &mut Logger, sep: &str, (name, ty): (u32, u32)| {
        let mut m = Vec::new();
        let _ = write!(m, "{sep}{ty} ");
        m.extend_from_slice(names.get(name));
        l.put(&m);
    };
    match args.as_slice() {
        [] => vlog!(l, "void"),
        [(_, 0)] => vlog!(l, "vararg"),
        [first, rest @ ..] => {
            arg(l, "", *first);
            if let Some((last, middle)) = rest.split_last() {
                for a in middle {
                    arg(l, ", ", *a);
                }
                if last.1 != 0 {
                    arg(l, ", ", *last);
                } else {
                    vlog!(l, ", vararg");
                }
            }
        }
    }
    vlog!(l, ")");
}

#[cfg(test)]
pub(crate) mod tests;
