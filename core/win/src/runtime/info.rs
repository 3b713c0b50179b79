//! Get-info on the direct path (`bpf_obj_get_info_by_fd`) and the
//! `bpf()` path, under each [`Rule`].
//!
//! One copy path serves the three rules. The native answer goes through
//! `InfoBuf` (open, read the caller's struct as input, write the answer
//! and the length); the rules differ in the refusals before it and in the
//! length they hand `InfoBuf::open_at`: the Linux rule hands it the
//! caller's `info_len`, so the framework checks the tail past the struct
//! (`E2BIG`) and the page limit; the Windows rules never look at the bytes
//! past their struct (the user library copies them into the request, the
//! driver ignores them), so they hand it `min(info_len, sizeof)`.

use extensible_abi::user::{self, InfoBuf, UserMemory};
use extensible_abi::{bytes_of, ExtensibleAbi};

use super::{Error, Link, Map, Object, Prog, Runtime};
use crate::consts::{EbpfResult, MAX_INFO_LEN_IN_IOCTL};
use crate::history::bpf_prog_info_0_2;
use crate::next::{
    bpf_link_info_next, bpf_map_info_next, bpf_prog_info_next, NEXT, NEXT_FIELD_VALUE,
};
use crate::sys::{sys_bpf_link_info_t, sys_bpf_map_info_t, sys_bpf_prog_info_t};
use crate::{bpf_link_info, bpf_map_info, bpf_prog_info, release, Rule};

/// Linux's limit on an info buffer (`bpf_check_uarg_tail_zero`'s
/// `PAGE_SIZE`), which the Linux rule applies.
pub const LINUX_MAX_INFO_LEN: usize = 4096;

/// Where the length a get-info call reports goes.
#[derive(Clone, Copy, Debug)]
pub(super) enum LenOut {
    /// To the caller's `u32` at this address.
    User(u64),
    /// Back to the caller of the function (which keeps it elsewhere).
    Returned,
}

impl Runtime {
    /// `bpf_obj_get_info_by_fd(fd, info, info_len)`: fills the caller's
    /// buffer at `info` with the info of the object `fd` names, under the
    /// runtime's [`Rule`]; `info_len` is the address of the caller's `u32`
    /// length, read as input and, on success, written with the count of
    /// bytes written.
    ///
    /// See [`Rule`] for every case each rule answers differently.
    ///
    /// ```
    /// use extensible_abi::user::{self, SimMemory};
    /// use extensible_abi_win::{consts::{errno, map_type}, release, MapCreateOpts, Rule, Runtime};
    ///
    /// let rt = Runtime::new(release(1, 5), Rule::V1_5);
    /// let fd = rt.map_create(map_type::HASH, b"m", 4, 4, 8, MapCreateOpts::default()).unwrap();
    /// let mut mem = SimMemory::new();
    /// let info = mem.alloc(112); // a newer caller's longer struct...
    /// user::write_pod(&mut mem, info + 100, &1u32).unwrap(); // ...setting a field past 96
    /// let len = mem.alloc_bytes(&112u32.to_ne_bytes());
    /// rt.obj_get_info_by_fd(&mut mem, fd, info, len).unwrap(); // v1.5.0 never looks at it
    /// assert_eq!(user::read_pod::<u32, _>(&mem, len), Ok(96));
    ///
    /// rt.set_rule(Rule::Linux);
    /// user::write_pod(&mut mem, len, &112u32).unwrap();
    /// let e = rt.obj_get_info_by_fd(&mut mem, fd, info, len).unwrap_err();
    /// assert_eq!(e.errno(), errno::E2BIG); // Linux refuses what it cannot honour
    /// ```
    pub fn obj_get_info_by_fd<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: i32,
        info: u64,
        info_len: u64,
    ) -> Result<(), Error> {
        let rule = self.rule();
        let obj = self.object(fd)?;
        match rule {
            // Release-v0.20.0 api_common.cpp: NULL info or NULL length.
            Rule::Pre4286 if info == 0 || info_len == 0 => return Err(Error::INVAL),
            // v1.5.0 api_common.cpp:95: no info, only the type is fetched.
            Rule::V1_5 if info == 0 => return Ok(()),
            Rule::V1_5 if info_len == 0 => return Err(Error::INVAL),
            _ => {}
        }
        let len: u32 = user::read_pod(mem, info_len)?;
        self.native_info(mem, &obj, info, len, rule, LenOut::User(info_len)).map(drop)
    }

    /// The direct API's work after the length is read: the user library's
    /// length rules, then the object's get-info. Returns the length
    /// reported.
    pub(super) fn native_info<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        obj: &Object,
        info: u64,
        len: u32,
        rule: Rule,
        out: LenOut,
    ) -> Result<u32, Error> {
        let len = match rule {
            Rule::Linux => len,
            // #4208: a zero length never reaches the driver; #5200: the
            // request must fit the IOCTL's u16 length.
            Rule::V1_5 if len == 0 => return Err(Error::INVAL),
            Rule::V1_5 if len > MAX_INFO_LEN_IN_IOCTL => {
                return Err(Error::Ebpf(EbpfResult::ArithmeticOverflow))
            }
            Rule::V1_5 => len,
            // `static_cast<uint16_t>` of the request length (16-byte header
            // plus the info): it wraps, and a request shorter than its
            // header is refused.
            Rule::Pre4286 => match (16 + u64::from(len)) as u16 {
                wire if wire < 16 => return Err(Error::INVAL),
                wire => u32::from(wire - 16),
            },
        };
        let level = self.release;
        match obj {
            Object::Map(m) if level >= NEXT => {
                self.answer(mem, info, len, rule, out, 0, |_, _| Ok(map_info_next(m)))
            }
            Object::Map(m) => self.answer(mem, info, len, rule, out, 0, |_, _| Ok(map_info(m))),
            Object::Link(l) if level >= NEXT => {
                self.answer(mem, info, len, rule, out, 0, |_, _| Ok(link_info_next(l)))
            }
            Object::Link(l) => self.answer(mem, info, len, rule, out, 0, |_, _| Ok(link_info(l))),
            Object::Prog(p) if level < release(0, 5) => {
                let min = offset_of_name::<bpf_prog_info_0_2>();
                self.answer(mem, info, len, rule, out, min, |_, _| Ok(prog_info_0_2(p)))
            }
            Object::Prog(p) if level >= NEXT => {
                let min = offset_of_name::<bpf_prog_info_next>();
                self.answer(mem, info, len, rule, out, min, |mem, buf| {
                    let input: bpf_prog_info_next = buf.read(mem)?;
                    write_map_ids(mem, p, input.nr_map_ids, input.map_ids, rule)?;
                    Ok(prog_info_next(p, input.map_ids))
                })
            }
            Object::Prog(p) => {
                let min = offset_of_name::<bpf_prog_info>();
                self.answer(mem, info, len, rule, out, min, |mem, buf| {
                    let input: bpf_prog_info = buf.read(mem)?;
                    write_map_ids(mem, p, input.nr_map_ids, input.map_ids, rule)?;
                    Ok(prog_info(p, input.map_ids))
                })
            }
        }
    }

    /// One object's get-info with `T`, the struct this runtime's release
    /// has, of which it knows `T::LAYOUT.size_at(release)` bytes:
    /// `build` makes the answer (reading the caller's struct and writing
    /// map ids where the object has them); `min_len` is the smallest
    /// length the v1.5.0 driver accepts (programs: `offsetof(name)`).
    #[allow(clippy::too_many_arguments)] // the get-info's inputs, and the rule's
    fn answer<T: ExtensibleAbi, M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        info: u64,
        len: u32,
        rule: Rule,
        out: LenOut,
        min_len: usize,
        build: impl FnOnce(&mut M, &InfoBuf) -> Result<T, Error>,
    ) -> Result<u32, Error> {
        let size = T::LAYOUT.size_at(self.release);
        let (handed, max) = match rule {
            Rule::Linux => (len, LINUX_MAX_INFO_LEN),
            // ebpf_program_get_info: the input must reach the map ids.
            Rule::V1_5 if (len as usize) < min_len => return Err(Error::INVAL),
            Rule::V1_5 => (len.min(size as u32), size),
            // `if (*info_size < sizeof(*info)) return EBPF_INSUFFICIENT_BUFFER`
            // (for programs the output size is checked first, then the
            // input's, and both are this length).
            Rule::Pre4286 if (len as usize) < size => {
                return Err(Error::Ebpf(EbpfResult::InsufficientBuffer))
            }
            Rule::Pre4286 => (size as u32, size),
        };
        let buf = InfoBuf::open_at::<T, M>(mem, info, handed, max, self.release)?;
        let value = build(mem, &buf)?;
        Ok(match out {
            LenOut::User(addr) => buf.write(mem, &value, addr)?,
            LenOut::Returned => {
                user::write_struct_at(mem, info, buf.len(), &value, self.release)? as u32
            }
        })
    }

    /// The native info of `obj` as a full struct of this release, for the
    /// `bpf()` path, which asks the native API for `sizeof` bytes into a
    /// struct of its own: map ids, if any, go to `map_ids` under `rule`.
    pub(super) fn native_full<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        obj: &Object,
        nr_map_ids: u32,
        map_ids: u64,
        rule: Rule,
    ) -> Result<NativeInfo, Error> {
        Ok(match obj {
            Object::Map(m) => NativeInfo::Map(map_info(m)),
            Object::Link(l) => NativeInfo::Link(link_info(l)),
            Object::Prog(p) => {
                write_map_ids(mem, p, nr_map_ids, map_ids, rule)?;
                NativeInfo::Prog(prog_info(p, map_ids))
            }
        })
    }
}

/// A native info struct, as the `bpf()` path converts it.
#[derive(Clone, Copy, Debug)]
pub(super) enum NativeInfo {
    Map(bpf_map_info),
    Prog(bpf_prog_info),
    Link(bpf_link_info),
}

impl NativeInfo {
    /// `convert_to_sys_map_info` (v1.5.0 `bpf_syscall.cpp`) into `sys`, the
    /// caller's struct as read: each field is assigned, and the name is
    /// `strncpy_s(…, _TRUNCATE)`'d (the bytes after its NUL keep the
    /// caller's).
    pub(super) fn convert_map(&self, sys: &mut sys_bpf_map_info_t) {
        if let NativeInfo::Map(m) = self {
            sys.r#type = m.r#type;
            sys.id = m.id;
            sys.key_size = m.key_size;
            sys.value_size = m.value_size;
            sys.max_entries = m.max_entries;
            sys.map_flags = m.map_flags;
            strncpy_truncate(&mut sys.name, &m.name);
        }
    }

    /// `convert_to_sys_prog_info`: `*sys = {}`, then the fields.
    pub(super) fn convert_prog(&self) -> sys_bpf_prog_info_t {
        let mut sys = sys_bpf_prog_info_t::default();
        if let NativeInfo::Prog(p) = self {
            sys.r#type = p.r#type;
            sys.id = p.id;
            sys.nr_map_ids = p.nr_map_ids;
            sys.map_ids = p.map_ids;
            strncpy_truncate(&mut sys.name, &p.name);
        }
        sys
    }

    /// `convert_to_sys_link_info` into the caller's struct.
    pub(super) fn convert_link(&self, sys: &mut sys_bpf_link_info_t) {
        if let NativeInfo::Link(l) = self {
            sys.r#type = l.r#type;
            sys.id = l.id;
            sys.prog_id = l.prog_id;
        }
    }
}

/// `strncpy_s(dst, sizeof dst, src, _TRUNCATE)`: the string of `src` up to
/// its NUL, cut to leave room for one, then a NUL; `dst`'s bytes after that
/// NUL are left as they were.
fn strncpy_truncate(dst: &mut [u8], src: &[u8]) {
    let n = src.iter().position(|&b| b == 0).unwrap_or(src.len()).min(dst.len() - 1);
    dst[..n].copy_from_slice(&src[..n]);
    dst[n] = 0;
}

fn offset_of_name<T: ExtensibleAbi>() -> usize {
    T::LAYOUT.field("name").map_or(0, |f| f.offset)
}

/// Writes the ids of `p`'s maps to the caller's `map_ids` array of
/// `nr_map_ids` entries, as `rule`'s kernel does (see [`Rule`]).
fn write_map_ids<M: UserMemory + ?Sized>(
    mem: &mut M,
    p: &Prog,
    nr_map_ids: u32,
    map_ids: u64,
    rule: Rule,
) -> Result<(), Error> {
    let ids: std::vec::Vec<u32> = p.maps.iter().map(|m| m.id).collect();
    let count = ids.len() as u32;
    let put = |mem: &mut M, n: u32| -> Result<(), Error> {
        for (i, id) in ids.iter().take(n as usize).enumerate() {
            user::write_pod(mem, map_ids.wrapping_add(4 * i as u64), id).map_err(
                |e| match rule {
                    Rule::Linux => Error::Abi(e),
                    _ => Error::Ebpf(EbpfResult::InvalidPointer),
                },
            )?;
        }
        Ok(())
    };
    match rule {
        // bpf_prog_get_info_by_fd: nr_map_ids becomes the count, and
        // min(count, nr_map_ids) ids are put_user'd to map_ids.
        Rule::Linux => put(mem, count.min(nr_map_ids)),
        Rule::V1_5 if map_ids != 0 && nr_map_ids > 0 => {
            put(mem, count.min(nr_map_ids))?;
            if count > nr_map_ids {
                return Err(Error::Ebpf(EbpfResult::InvalidPointer));
            }
            Ok(())
        }
        Rule::Pre4286 if map_ids != 0 && nr_map_ids > 0 && count > 0 => {
            put(mem, count.min(nr_map_ids))?;
            if count > nr_map_ids {
                // `if (i == max_nr_map_ids) return EBPF_INVALID_POINTER`.
                return Err(Error::Ebpf(EbpfResult::InvalidPointer));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn map_info(m: &Map) -> bpf_map_info {
    bpf_map_info {
        id: m.id,
        r#type: m.map_type,
        key_size: m.key_size,
        value_size: m.value_size,
        max_entries: m.max_entries,
        name: m.name,
        map_flags: 0,
        inner_map_id: 0,
        pinned_path_count: 0,
    }
}

fn map_info_next(m: &Map) -> bpf_map_info_next {
    let mut v: bpf_map_info_next = extensible_abi::zeroed();
    extensible_abi::bytes_of_mut(&mut v)[..96].copy_from_slice(bytes_of(&map_info(m)));
    v.next_field = NEXT_FIELD_VALUE;
    v
}

fn prog_info(p: &Prog, map_ids: u64) -> bpf_prog_info {
    bpf_prog_info {
        id: p.id,
        r#type: p.prog_type,
        nr_map_ids: p.maps.len() as u32,
        _pad: 0,
        map_ids,
        name: p.name,
        type_uuid: p.type_uuid,
        attach_type_uuid: p.attach_type_uuid,
        pinned_path_count: 0,
        link_count: p.links.load(core::sync::atomic::Ordering::Relaxed),
    }
}

fn prog_info_next(p: &Prog, map_ids: u64) -> bpf_prog_info_next {
    let mut v: bpf_prog_info_next = extensible_abi::zeroed();
    extensible_abi::bytes_of_mut(&mut v)[..128].copy_from_slice(bytes_of(&prog_info(p, map_ids)));
    v.next_field = u64::from(NEXT_FIELD_VALUE);
    v
}

fn prog_info_0_2(p: &Prog) -> bpf_prog_info_0_2 {
    bpf_prog_info_0_2 {
        id: p.id,
        r#type: p.prog_type,
        nr_map_ids: p.maps.len() as u32,
        name: p.name,
        type_uuid: p.type_uuid,
        attach_type_uuid: p.attach_type_uuid,
        pinned_path_count: 0,
        link_count: p.links.load(core::sync::atomic::Ordering::Relaxed),
    }
}

fn link_info(l: &Link) -> bpf_link_info {
    let mut v = bpf_link_info {
        id: l.id,
        prog_id: l.prog.id,
        r#type: l.link_type,
        attach_type: l.attach_type,
        attach_type_uuid: l.attach_type_uuid,
        program_type_uuid: l.prog.type_uuid,
        _union_0_2: 0,
        _union_0_3: 0,
        _align_0_3: [],
    };
    v.set_attach_data(l.attach_data);
    v
}

fn link_info_next(l: &Link) -> bpf_link_info_next {
    let mut v: bpf_link_info_next = extensible_abi::zeroed();
    extensible_abi::bytes_of_mut(&mut v)[..56].copy_from_slice(bytes_of(&link_info(l)));
    v.next_field = u64::from(NEXT_FIELD_VALUE);
    v
}
