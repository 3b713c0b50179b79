//! The runtime profile: an in-process runtime that acts as
//! eBPF-for-Windows (its structs at a chosen release, 64-byte names, its
//! object, map and program types, its errno mapping) and answers get-info
//! under a chosen [`Rule`].
//!
//! Every access to a caller's memory goes through the framework's
//! `extensible_abi::user` functions on a [`UserMemory`]: `SimMemory` in
//! tests, checked real pointers in the C library.
//!
//! What it models and what it does not:
//!
//! - maps: `HASH`, `ARRAY` and `PROG_ARRAY` with real storage (lookup and
//!   update); the other map types the release knows are refused with
//!   `EBPF_OPERATION_NOT_SUPPORTED` (`ENOTSUP`), numbers it does not know
//!   with `EBPF_INVALID_ARGUMENT`;
//! - programs: the types whose GUIDs [`prog_type::guid`] knows; the
//!   instructions are read and scanned for map references (`LDDW` with
//!   `src == 1` and a map fd in `imm`, as `ebpf_program_load_bytes` does),
//!   and not verified (that is PREVAIL's job on Windows); a program loaded
//!   without a name keeps an empty one (Windows names it with the first 63
//!   hex digits of the instructions' SHA-256);
//! - links: XDP links made as `ebpf_program_attach_by_fds` makes them (the
//!   attach parameters, at most 8 bytes, become the link's `attach_data`).
//!   eBPF-for-Windows implements no `bpf_link_create`, and its `bpf()`
//!   answers `BPF_LINK_CREATE` with `-EINVAL`; so does this one;
//! - extension data: a provider's program data and helper prototypes,
//!   validated and copied as v1.5.0 does on a provider's attach, under the
//!   rule in force (`validate_program_data`,
//!   `validate_helper_prototype_array`); the structs their pointers name
//!   are not followed;
//! - ids come from one counter for all objects, from 1, as
//!   `ebpf_object_initialize` numbers them; fds are the lowest free number
//!   from 3 (plain numbers, not the process's file descriptors).

pub(crate) mod bpf;
mod error;
mod ext;
pub(crate) mod info;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::vec::Vec;

use extensible_abi::user::{self, UserMemory};

pub use error::Error;

use crate::consts::{bpf_attach_type, link_type, map_type, object_type, prog_type, EbpfResult};
use crate::guid::attach_type;
use crate::{Guid, Rule, BPF_OBJ_NAME_LEN};

/// The largest array map's storage this profile allocates (64 MiB); a
/// bigger one is `EBPF_NO_MEMORY`.
pub const MAX_ARRAY_BYTES: usize = 64 << 20;

/// The first fd handed out (0–2 are the standard streams on Windows too).
const FIRST_FD: i32 = 3;

/// `LDDW`: the first half of a 64-bit immediate load.
const LDDW: u8 = 0x18;

/// `BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`: update flags.
const BPF_NOEXIST: u64 = 1;
const BPF_EXIST: u64 = 2;

/// An eBPF-for-Windows runtime in this process, at one release, answering
/// get-info under one [`Rule`] (which may be changed at any time).
///
/// ```
/// use extensible_abi::user::{self, SimMemory};
/// use extensible_abi_win::{consts::{errno, map_type}, release, MapCreateOpts, Rule, Runtime};
///
/// let rt = Runtime::new(release(1, 5), Rule::Pre4286);
/// let fd = rt.map_create(map_type::ARRAY, b"m", 4, 8, 1, MapCreateOpts::default()).unwrap();
/// let mut mem = SimMemory::new();
/// let info = mem.alloc(92); // issue #4160: sizeof(info) - sizeof(info.pinned_path_count)
/// let len = mem.alloc_bytes(&92u32.to_ne_bytes());
/// let e = rt.obj_get_info_by_fd(&mut mem, fd, info, len).unwrap_err();
/// assert_eq!(e.errno(), errno::ENOBUFS);
///
/// rt.set_rule(Rule::V1_5); // #4286
/// rt.obj_get_info_by_fd(&mut mem, fd, info, len).unwrap();
/// assert_eq!(user::read_pod::<u32, _>(&mem, len), Ok(92));
/// ```
#[derive(Debug)]
pub struct Runtime {
    release: u32,
    rule: AtomicU32,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    next_id: u32,
    fds: BTreeMap<i32, Object>,
}

/// An object an fd names.
#[derive(Clone, Debug)]
enum Object {
    Map(Arc<Map>),
    Prog(Arc<Prog>),
    Link(Arc<Link>),
}

impl Object {
    fn id(&self) -> u32 {
        match self {
            Object::Map(m) => m.id,
            Object::Prog(p) => p.id,
            Object::Link(l) => l.id,
        }
    }

    fn object_type(&self) -> u32 {
        match self {
            Object::Map(_) => object_type::MAP,
            Object::Prog(_) => object_type::PROGRAM,
            Object::Link(_) => object_type::LINK,
        }
    }
}

/// A map and its storage.
#[derive(Debug)]
struct Map {
    id: u32,
    map_type: u32,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    name: [u8; BPF_OBJ_NAME_LEN],
    data: Mutex<MapData>,
}

#[derive(Debug)]
enum MapData {
    /// `max_entries * value_size` bytes.
    Array(Vec<u8>),
    Hash(BTreeMap<Vec<u8>, Vec<u8>>),
}

/// A loaded program.
#[derive(Debug)]
struct Prog {
    id: u32,
    prog_type: u32,
    type_uuid: Guid,
    attach_type_uuid: Guid,
    name: [u8; BPF_OBJ_NAME_LEN],
    insn_cnt: u32,
    /// The maps its instructions reference, each once, in first-use order.
    maps: Vec<Arc<Map>>,
    links: AtomicU32,
}

/// A link of a program to an attach point.
#[derive(Debug)]
struct Link {
    id: u32,
    prog: Arc<Prog>,
    link_type: u32,
    attach_type: u32,
    attach_type_uuid: Guid,
    attach_data: [u8; 8],
}

impl Drop for Link {
    fn drop(&mut self) {
        self.prog.links.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The `bpf_map_create_opts` fields eBPF-for-Windows reads (it refuses
/// non-zero `map_flags`, `numa_node` and `map_ifindex`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapCreateOpts {
    /// The inner map's fd, for maps of maps (0: none).
    pub inner_map_fd: u32,
    /// Must be 0.
    pub map_flags: u32,
    /// Must be 0.
    pub numa_node: u32,
    /// Must be 0.
    pub map_ifindex: u32,
}

impl Runtime {
    /// A runtime acting as eBPF-for-Windows `release` (numbered by
    /// [`release`](crate::release); [`crate::next::NEXT`] for the
    /// hypothetical next one), answering get-info under `rule`.
    pub fn new(release: u32, rule: Rule) -> Self {
        Runtime { release, rule: AtomicU32::new(rule as u32), state: Mutex::default() }
    }

    /// The release this runtime acts as.
    pub fn release(&self) -> u32 {
        self.release
    }

    /// The get-info rule in force.
    pub fn rule(&self) -> Rule {
        Rule::from_raw(self.rule.load(Ordering::Relaxed)).unwrap_or(Rule::V1_5)
    }

    /// Changes the get-info rule, for every later call.
    pub fn set_rule(&self, rule: Rule) {
        self.rule.store(rule as u32, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the table consistent (every
        // update is one insert or remove), so a poisoned lock is usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn object(&self, fd: i32) -> Result<Object, Error> {
        self.lock().fds.get(&fd).cloned().ok_or(Error::BADF)
    }

    /// Allocates an id and an fd for the object `make` builds from the id.
    fn install(&self, make: impl FnOnce(u32) -> Object) -> i32 {
        let mut s = self.lock();
        s.next_id += 1;
        let obj = make(s.next_id);
        let mut fd = FIRST_FD;
        while s.fds.contains_key(&fd) {
            fd += 1;
        }
        s.fds.insert(fd, obj);
        fd
    }

    /// Closes `fd` (`ebpf_close_fd`): `EBPF_INVALID_FD` if it is not
    /// open. The object lives on while other objects use it (a map its
    /// programs, a program its links).
    pub fn close(&self, fd: i32) -> Result<(), Error> {
        let removed = self.lock().fds.remove(&fd);
        // Dropped outside the lock: a link's drop touches its program.
        removed.map(drop).ok_or(Error::BADF)
    }

    /// The `ebpf_object_type_t` of the object `fd` names
    /// (`ebpf_object_get_info_by_fd` with no info buffer).
    pub fn object_type(&self, fd: i32) -> Result<u32, Error> {
        self.object(fd).map(|o| o.object_type())
    }

    /// The id of the object `fd` names, from the fd table (not through
    /// get-info).
    pub fn object_id(&self, fd: i32) -> Result<u32, Error> {
        self.object(fd).map(|o| o.id())
    }

    /// `bpf_map_create`: a new map, its fd.
    ///
    /// `name` is the C string's bytes without the NUL; 64 bytes or more is
    /// `EBPF_INVALID_ARGUMENT`. Zero `key_size`, `value_size` or
    /// `max_entries`, and an array whose key is not 4 bytes, are
    /// `EBPF_INVALID_ARGUMENT` here (modelled on Linux's checks, not read
    /// from Windows' map providers).
    pub fn map_create(
        &self,
        map_type: u32,
        name: &[u8],
        key_size: u32,
        value_size: u32,
        max_entries: u32,
        opts: MapCreateOpts,
    ) -> Result<i32, Error> {
        if opts.map_flags != 0 || opts.numa_node != 0 || opts.map_ifindex != 0 {
            return Err(Error::INVAL);
        }
        match map_type::first_release(map_type) {
            Some(first) if first <= self.release => {}
            _ => return Err(Error::INVAL),
        }
        let data = match map_type {
            map_type::ARRAY | map_type::PROG_ARRAY => {
                if key_size != 4 {
                    return Err(Error::INVAL);
                }
                let bytes = (max_entries as usize).saturating_mul(value_size as usize);
                if bytes > MAX_ARRAY_BYTES {
                    return Err(Error::Ebpf(EbpfResult::NoMemory));
                }
                MapData::Array(std::vec![0; bytes])
            }
            map_type::HASH => MapData::Hash(BTreeMap::new()),
            _ => return Err(Error::Ebpf(EbpfResult::OperationNotSupported)),
        };
        if key_size == 0 || value_size == 0 || max_entries == 0 {
            return Err(Error::INVAL);
        }
        let name = object_name(name)?;
        let data = Mutex::new(data);
        Ok(self.install(|id| {
            Object::Map(Arc::new(Map {
                id,
                map_type,
                key_size,
                value_size,
                max_entries,
                name,
                data,
            }))
        }))
    }

    fn map(&self, fd: i32) -> Result<Arc<Map>, Error> {
        match self.object(fd)? {
            Object::Map(m) => Ok(m),
            _ => Err(Error::Ebpf(EbpfResult::InvalidObject)),
        }
    }

    /// `bpf_map_lookup_elem`: copies the value at the key at `key` (the
    /// map's `key_size` bytes) to `value` (`value_size` bytes). A key with
    /// no value is `EBPF_KEY_NOT_FOUND` (`ENOENT`).
    pub fn map_lookup_elem<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: i32,
        key: u64,
        value: u64,
    ) -> Result<(), Error> {
        let map = self.map(fd)?;
        let k = read_bytes(mem, key, map.key_size as usize)?;
        let v = {
            let data = map.data.lock().unwrap_or_else(|e| e.into_inner());
            match &*data {
                MapData::Array(a) => {
                    let i = array_index(&map, &k).ok_or(Error::Ebpf(EbpfResult::KeyNotFound))?;
                    a[i..i + map.value_size as usize].to_vec()
                }
                MapData::Hash(h) => {
                    h.get(&k).cloned().ok_or(Error::Ebpf(EbpfResult::KeyNotFound))?
                }
            }
        };
        write_bytes(mem, value, &v)
    }

    /// `bpf_map_update_elem` with `BPF_ANY` (0), `BPF_NOEXIST` (1) or
    /// `BPF_EXIST` (2): an array index out of range or other flags are
    /// `EBPF_INVALID_ARGUMENT`, `BPF_NOEXIST` on a present key
    /// `EBPF_KEY_ALREADY_EXISTS` (which eBPF-for-Windows reports as
    /// `EOTHER`), `BPF_EXIST` on a missing one `EBPF_KEY_NOT_FOUND`, a full
    /// hash map `EBPF_OUT_OF_SPACE`.
    pub fn map_update_elem<M: UserMemory + ?Sized>(
        &self,
        mem: &M,
        fd: i32,
        key: u64,
        value: u64,
        flags: u64,
    ) -> Result<(), Error> {
        let map = self.map(fd)?;
        if flags > BPF_EXIST {
            return Err(Error::INVAL);
        }
        let k = read_bytes(mem, key, map.key_size as usize)?;
        let v = read_bytes(mem, value, map.value_size as usize)?;
        let mut data = map.data.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *data {
            MapData::Array(a) => {
                let i = array_index(&map, &k).ok_or(Error::INVAL)?;
                if flags == BPF_NOEXIST {
                    return Err(Error::Ebpf(EbpfResult::KeyAlreadyExists));
                }
                a[i..i + v.len()].copy_from_slice(&v);
            }
            MapData::Hash(h) => {
                let present = h.contains_key(&k);
                if flags == BPF_NOEXIST && present {
                    return Err(Error::Ebpf(EbpfResult::KeyAlreadyExists));
                }
                if flags == BPF_EXIST && !present {
                    return Err(Error::Ebpf(EbpfResult::KeyNotFound));
                }
                if !present && h.len() >= map.max_entries as usize {
                    return Err(Error::Ebpf(EbpfResult::OutOfSpace));
                }
                h.insert(k, v);
            }
        }
        Ok(())
    }

    /// `bpf_prog_load`'s work (`ebpf_program_load_bytes`): a new program
    /// of Windows program type `prog_type` from the `insn_cnt` 8-byte
    /// instructions at `insns`, its fd.
    ///
    /// `EBPF_INVALID_ARGUMENT` for a type with no GUID here, no
    /// instructions, a name of 64 bytes or more, a log buffer without a
    /// size or a size without a buffer, or an `LDDW` without its second
    /// half; a map reference (`LDDW`, `src == 1`) whose `imm` is no map's
    /// fd fails as the fd lookup does here (`EBPF_INVALID_FD`; on Windows
    /// through the handle lookup, not checked). Nothing is written to
    /// `log_buf`: no verifier runs.
    #[allow(clippy::too_many_arguments)] // libbpf's arguments, and the log's
    pub fn prog_load<M: UserMemory + ?Sized>(
        &self,
        mem: &M,
        prog_type: u32,
        name: &[u8],
        insns: u64,
        insn_cnt: u64,
        log_buf: u64,
        log_size: u64,
    ) -> Result<i32, Error> {
        let type_uuid = prog_type::guid(prog_type).ok_or(Error::INVAL)?;
        if insns == 0 || (log_buf != 0) != (log_size > 0) {
            return Err(Error::INVAL);
        }
        if insn_cnt == 0 || insn_cnt > u64::from(u32::MAX) / 8 {
            return Err(Error::INVAL);
        }
        let name = object_name(name)?;
        let mut maps: Vec<Arc<Map>> = Vec::new();
        let mut i = 0;
        while i < insn_cnt {
            let insn: [u8; 8] = user::read_pod(mem, insns.wrapping_add(8 * i))?;
            i += 1;
            if insn[0] != LDDW {
                continue;
            }
            if i >= insn_cnt {
                return Err(Error::INVAL);
            }
            i += 1;
            if insn[1] >> 4 != 1 {
                continue;
            }
            let map_fd = i32::from_ne_bytes([insn[4], insn[5], insn[6], insn[7]]);
            let map = self.map(map_fd).map_err(|_| Error::BADF)?;
            if !maps.iter().any(|m| m.id == map.id) {
                maps.push(map);
            }
        }
        Ok(self.install(|id| {
            Object::Prog(Arc::new(Prog {
                id,
                prog_type,
                type_uuid,
                attach_type_uuid: attach_type::UNSPECIFIED,
                name,
                insn_cnt: insn_cnt as u32,
                maps,
                links: AtomicU32::new(0),
            }))
        }))
    }

    /// The instruction count of the program `fd` names.
    pub fn prog_insn_cnt(&self, fd: i32) -> Result<u32, Error> {
        match self.object(fd)? {
            Object::Prog(p) => Ok(p.insn_cnt),
            _ => Err(Error::Ebpf(EbpfResult::InvalidObject)),
        }
    }

    /// `ebpf_program_attach_by_fds`: links the program `prog_fd` to an
    /// attach point, returns the link's fd.
    ///
    /// `attach_type` `None` means the program type's own (XDP programs:
    /// `EBPF_ATTACH_TYPE_XDP`). Only XDP is modelled: another attach type
    /// is `EBPF_OPERATION_NOT_SUPPORTED`, a program of another type
    /// `EBPF_INVALID_ARGUMENT`. `params` (for XDP, the interface index) are
    /// the link's `attach_data` when they are 1 to 8 bytes, as
    /// `ebpf_link_get_info` copies them.
    pub fn link_attach(
        &self,
        prog_fd: i32,
        attach_type: Option<Guid>,
        params: &[u8],
    ) -> Result<i32, Error> {
        let prog = match self.object(prog_fd)? {
            Object::Prog(p) => p,
            _ => return Err(Error::Ebpf(EbpfResult::InvalidObject)),
        };
        let attach = attach_type.unwrap_or(crate::guid::attach_type::XDP);
        if attach != crate::guid::attach_type::XDP {
            return Err(Error::Ebpf(EbpfResult::OperationNotSupported));
        }
        if prog.prog_type != prog_type::XDP {
            return Err(Error::INVAL);
        }
        let mut attach_data = [0; 8];
        if !params.is_empty() && params.len() <= attach_data.len() {
            attach_data[..params.len()].copy_from_slice(params);
        }
        prog.links.fetch_add(1, Ordering::Relaxed);
        Ok(self.install(|id| {
            Object::Link(Arc::new(Link {
                id,
                prog,
                link_type: link_type::XDP,
                attach_type: bpf_attach_type::XDP,
                attach_type_uuid: attach,
                attach_data,
            }))
        }))
    }
}

/// A name as the runtime stores it: NUL-padded to 64 bytes; 64 bytes or
/// more (no room for the NUL) is `EBPF_INVALID_ARGUMENT`.
fn object_name(name: &[u8]) -> Result<[u8; BPF_OBJ_NAME_LEN], Error> {
    if name.len() >= BPF_OBJ_NAME_LEN {
        return Err(Error::INVAL);
    }
    let mut out = [0; BPF_OBJ_NAME_LEN];
    out[..name.len()].copy_from_slice(name);
    Ok(out)
}

/// The byte offset of an array map's slot for `key`, if in range.
fn array_index(map: &Map, key: &[u8]) -> Option<usize> {
    let k = u32::from_ne_bytes(key.try_into().ok()?);
    (k < map.max_entries).then(|| k as usize * map.value_size as usize)
}

/// `len` bytes of user memory at `addr`.
fn read_bytes<M: UserMemory + ?Sized>(mem: &M, addr: u64, len: usize) -> Result<Vec<u8>, Error> {
    let mut buf = std::vec![0; len];
    user::read_partial(mem, addr, len, &mut buf, "bpf map key or value")?;
    Ok(buf)
}

/// Writes `bytes` to user memory at `addr`.
fn write_bytes<M: UserMemory + ?Sized>(mem: &mut M, addr: u64, bytes: &[u8]) -> Result<(), Error> {
    // The framework writes typed values; a value of run-time size goes one
    // byte at a time through the same call.
    for (i, b) in bytes.iter().enumerate() {
        user::write_pod(mem, addr.wrapping_add(i as u64), b)?;
    }
    Ok(())
}

/// Reads a NUL-terminated C string of fewer than `max` bytes at `addr`:
/// its bytes without the NUL, or `None` when there is no NUL in the first
/// `max` bytes.
pub fn read_c_string<M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    max: usize,
) -> Result<Option<Vec<u8>>, Error> {
    let mut out = Vec::new();
    while out.len() < max {
        let b: u8 = user::read_pod(mem, addr.wrapping_add(out.len() as u64))?;
        if b == 0 {
            return Ok(Some(out));
        }
        out.push(b);
    }
    Ok(None)
}
