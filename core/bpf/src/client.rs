//! The caller side: a safe `bpf()` client with backends behind one trait,
//! [`Backend`] — the live Linux kernel ([`LiveKernel`]) here, the in-process
//! runtime in the `extensible-abi-runtime` crate (`client::InProcess`) —
//! that works against any runtime version:
//!
//! - every attr is passed with the smallest size that covers the fields
//!   the caller set ([`ExtensibleAbi::used_len`], libbpf's `offsetofend`
//!   rule), so a caller built against newer structs works on an older
//!   runtime as long as it leaves the new fields zero;
//! - info queries return an [`Info`]: the struct with the length the
//!   runtime wrote, where a field the runtime did not fill is `None`
//!   ([`Partial::get`]), and the runtime's own size and release derived
//!   from that length through the version table.
//!
//! ```no_run
//! use extensible_abi_bpf::info::bpf_map_info;
//! use extensible_abi_bpf::client::{Client, LiveKernel};
//! use extensible_abi::ExtensibleAbi;
//!
//! let client = Client::new(LiveKernel);
//! let map = client.map_create(2 /* ARRAY */, 4, 8, 16, "counters")?;
//! client.map_update(&map, &0u32.to_ne_bytes(), &7u64.to_ne_bytes(), 0)?;
//! let info = client.map_info::<bpf_map_info>(&map)?;
//! println!("runtime wrote {} bytes (Linux {})", info.len(), info.release().unwrap_or("?"));
//! println!("map_extra: {:?}", info.get(bpf_map_info::FIELDS.map_extra));
//! # Ok::<(), extensible_abi_bpf::client::Error>(())
//! ```

use std::prelude::rust_2021::*;
use std::vec;

use core::fmt;
use core::mem::size_of;

use crate::attr::*;
use extensible_abi::{bytes_of_mut, errno, ExtensibleAbi, Layout, Partial, VersionInfo};

/// Where `bpf()` calls go.
pub trait Backend {
    /// `bpf(cmd, attr, size)`: the result, or the errno.
    ///
    /// # Safety
    ///
    /// `attr` is the caller's whole attr struct; `size <= attr.len()` of it
    /// are passed. Every address inside it must be valid for what the
    /// command does with it (read or written, for the length given beside
    /// it), with no Rust reference live to memory the command writes.
    unsafe fn bpf(&self, cmd: u32, attr: &mut [u8], size: u32) -> Result<i64, i32>;

    /// Closes an fd this backend returned.
    fn close(&self, fd: i32);

    /// A short name for messages: `"linux"`, `"in-process"`.
    fn name(&self) -> &'static str;
}

/// The running Linux kernel, through `syscall(SYS_bpf, …)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct LiveKernel;

#[cfg(target_arch = "x86_64")]
const SYS_BPF: core::ffi::c_long = 321;
#[cfg(target_arch = "aarch64")]
const SYS_BPF: core::ffi::c_long = 280;

extern "C" {
    fn syscall(number: core::ffi::c_long, ...) -> core::ffi::c_long;
    #[link_name = "close"]
    fn libc_close(fd: i32) -> i32;
}

impl Backend for LiveKernel {
    unsafe fn bpf(&self, cmd: u32, attr: &mut [u8], size: u32) -> Result<i64, i32> {
        debug_assert!(size as usize <= attr.len());
        // SAFETY: `attr` is valid for reads and writes of `attr.len() >=
        // size` bytes (the kernel writes some fields back even past
        // `size`, within the struct); addresses inside are covered by this
        // function's contract.
        let r = unsafe {
            syscall(SYS_BPF, cmd as core::ffi::c_long, attr.as_mut_ptr(), size as core::ffi::c_long)
        };
        if r < 0 {
            Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
        } else {
            Ok(r as i64)
        }
    }

    fn close(&self, fd: i32) {
        // SAFETY: closing an fd the kernel returned to this client.
        unsafe { libc_close(fd) };
    }

    fn name(&self) -> &'static str {
        "linux"
    }
}

/// A failed call: the errno and what was being done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The Linux errno.
    pub errno: i32,
    /// The operation, e.g. `"BPF_MAP_CREATE"`.
    pub op: &'static str,
    /// The newest field the caller set, with the release that added it,
    /// when the runtime refused the attr (`E2BIG` or `EINVAL`) and is
    /// known (from [`Client::release_bounds`]) to predate that release.
    pub unknown_field: Option<(&'static str, &'static str)>,
    /// The verifier or BTF log, when one was asked for.
    pub log: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with errno {}", self.op, self.errno)?;
        if let Some((field, since)) = self.unknown_field {
            write!(
                f,
                ": the runtime does not know `{field}` (added in {since}); \
                 leave it zero for this runtime"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// An fd from a [`Client`], closed when dropped.
#[derive(Debug)]
pub struct Fd<'c, B: Backend> {
    fd: i32,
    client: &'c Client<B>,
    /// A map's type, key size and value size, asked once: they never
    /// change for the life of the map.
    map_shape: std::sync::OnceLock<(u32, u32, u32)>,
}

impl<B: Backend> Fd<'_, B> {
    /// The raw fd number.
    pub fn raw(&self) -> i32 {
        self.fd
    }
}

impl<B: Backend> Drop for Fd<'_, B> {
    fn drop(&mut self) {
        self.client.backend.close(self.fd);
    }
}

/// An info struct as a runtime filled it: the value, how many bytes it
/// wrote, and what that says about the runtime.
#[derive(Clone, Copy, Debug)]
pub struct Info<T> {
    view: Partial<T>,
    /// The runtime's own size of the struct, when known.
    runtime_size: Option<usize>,
}

impl<T: ExtensibleAbi> Info<T> {
    /// The field, if the runtime wrote all of it; `None`, never a silent
    /// zero, for a field the runtime does not know.
    pub fn get<F: extensible_abi::Pod>(&self, field: extensible_abi::FieldRef<T, F>) -> Option<F> {
        self.view.get(field)
    }

    /// How many bytes the runtime wrote: its own size of `T` when that is
    /// no larger than the caller's.
    pub fn len(&self) -> usize {
        self.view.len()
    }

    /// Whether the runtime wrote nothing.
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The runtime's own size of the struct (what it writes when given
    /// room), when known: when it wrote less than the caller's buffer, or
    /// when asked for with [`Client::info_with_runtime_size`]. Larger than
    /// `size_of::<T>()` when the runtime is newer than the caller.
    pub fn runtime_size(&self) -> Option<usize> {
        self.runtime_size
    }

    /// The runtime's version of the struct, as far as a length tells: of
    /// the versions of `T` that have the size of the newest one fitting in
    /// the runtime's own size when known (else in what it wrote), the
    /// oldest, which the runtime is at least. A length cannot tell apart
    /// releases that named a field in former padding without growing the
    /// struct (`bpf_map_info` is 80 bytes in 4.18 and in 5.6), so a
    /// runtime that writes 80 is said to be 4.18.
    pub fn version(&self) -> Option<&'static VersionInfo> {
        size_bounds(T::LAYOUT, self.runtime_size.unwrap_or(self.view.len())).map(|b| b.0)
    }

    /// The runtime's release as the version table names it (`"6.1"`), for
    /// structs versioned by kernel release.
    pub fn release(&self) -> Option<&'static str> {
        self.version().map(|v| v.label)
    }

    /// The whole struct (unwritten fields zero).
    pub fn value(&self) -> &T {
        self.view.value()
    }
}

/// What a runtime whose own size of a struct is `len` may be, by the
/// struct's version table: at least the oldest version with the size of
/// the newest one that fits in `len`, and before the first version that is
/// larger (`None`: no version is). Versions of the same size (a release
/// that named a field in former padding) cannot be told apart by a length.
fn size_bounds(
    layout: &'static Layout,
    len: usize,
) -> Option<(&'static VersionInfo, Option<&'static VersionInfo>)> {
    let size = layout.version_for_len(len)?.size;
    let at = layout.versions.iter().find(|v| v.size == size)?;
    Some((at, layout.versions.iter().find(|v| v.size > size)))
}

/// A safe `bpf()` client over a [`Backend`].
#[derive(Debug)]
pub struct Client<B: Backend> {
    backend: B,
    /// What the runtime's `bpf_map_info` length says of its release:
    /// at least the first, before the second (`None`: the newest known).
    /// Probed once, when a call fails.
    release: std::sync::OnceLock<Option<(u32, Option<u32>)>>,
}

impl<B: Backend> Client<B> {
    /// A client over `backend`.
    pub fn new(backend: B) -> Self {
        Client { backend, release: std::sync::OnceLock::new() }
    }

    /// The runtime's kernel release as far as its `bpf_map_info` size
    /// tells: at least `.0`, and before `.1` when that is `Some`
    /// (`KERNEL_VERSION` numbers). Probed once with a one-entry array map;
    /// `None` when the probe fails.
    pub fn release_bounds(&self) -> Option<(u32, Option<u32>)> {
        *self.release.get_or_init(|| {
            let mut create = bpf_attr_map_create {
                map_type: 2,
                key_size: 4,
                value_size: 4,
                max_entries: 1,
                ..Default::default()
            };
            let size = create.used_len() as u32;
            // SAFETY: this attr holds no addresses.
            let fd = unsafe { self.backend.bpf(BPF_MAP_CREATE, bytes_of_mut(&mut create), size) }
                .ok()? as i32;
            let mut info = crate::info::bpf_map_info::zeroed();
            let mut a = bpf_attr_info {
                bpf_fd: fd as u32,
                info_len: size_of::<crate::info::bpf_map_info>() as u32,
                info: &mut info as *mut _ as u64,
            };
            let size = size_of::<bpf_attr_info>() as u32;
            // SAFETY: `info` points at a local info struct of `info_len`
            // bytes, not otherwise borrowed; its array pointers are zero.
            let r = unsafe { self.backend.bpf(BPF_OBJ_GET_INFO_BY_FD, bytes_of_mut(&mut a), size) };
            self.backend.close(fd);
            r.ok()?;
            let (at, before) = size_bounds(crate::info::bpf_map_info::LAYOUT, a.info_len as usize)?;
            Some((at.number, before.map(|v| v.number)))
        })
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// `bpf(cmd, attr, used_len(attr))`; fields the runtime writes back
    /// land in `attr`.
    ///
    /// # Safety
    ///
    /// As [`Backend::bpf`]: every address in `attr` must be valid for the
    /// command.
    unsafe fn call<T: ExtensibleAbi>(
        &self,
        op: &'static str,
        cmd: u32,
        attr: &mut T,
    ) -> Result<i64, Error> {
        let last = attr.last_set_field();
        // `used_len`, without scanning the fields a second time.
        let size = last.map_or(0, |f| f.end()) as u32;
        // SAFETY: forwarded to the caller; `attr` is the whole struct.
        let r = unsafe { self.backend.bpf(cmd, bytes_of_mut(attr), size) };
        r.map_err(|errno| {
            // A refused attr whose newest set field came in a release the
            // runtime is known to predate: name that field.
            let unknown_field = last
                .filter(|_| errno == errno::E2BIG || errno == errno::EINVAL)
                .filter(|f| {
                    self.release_bounds().and_then(|b| b.1).is_some_and(|before| f.since >= before)
                })
                .and_then(|f| T::LAYOUT.version(f.since).map(|v| (f.name, v.label)));
            Error { errno, op, unknown_field, log: None }
        })
    }

    fn fd(&self, r: i64) -> Fd<'_, B> {
        Fd { fd: r as i32, client: self, map_shape: std::sync::OnceLock::new() }
    }

    /// `BPF_MAP_CREATE`.
    pub fn map_create(
        &self,
        map_type: u32,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
        name: &str,
    ) -> Result<Fd<'_, B>, Error> {
        let mut a = bpf_attr_map_create {
            map_type,
            key_size,
            value_size,
            max_entries,
            ..Default::default()
        };
        copy_name(&mut a.map_name, name);
        // SAFETY: this attr holds no addresses.
        unsafe { self.call("BPF_MAP_CREATE", BPF_MAP_CREATE, &mut a) }.map(|r| self.fd(r))
    }

    /// `BPF_MAP_CREATE` with any fields of the attr set by `set` (a zeroed
    /// `bpf_attr_map_create` as the newest header defines it). The attr is
    /// passed with the smallest size covering the fields set, so fields a
    /// runtime does not know work as long as they stay zero; one that is
    /// set gives `E2BIG` with [`Error::unknown_field`] naming it. Pointer
    /// fields (`excl_prog_hash`) must stay zero here: `EINVAL`.
    pub fn map_create_with(
        &self,
        set: impl FnOnce(&mut bpf_attr_map_create),
    ) -> Result<Fd<'_, B>, Error> {
        let mut a = bpf_attr_map_create::default();
        set(&mut a);
        if a.excl_prog_hash != 0 {
            return Err(Error {
                errno: errno::EINVAL,
                op: "BPF_MAP_CREATE",
                unknown_field: None,
                log: None,
            });
        }
        // SAFETY: the only address field of this attr is zero (checked).
        unsafe { self.call("BPF_MAP_CREATE", BPF_MAP_CREATE, &mut a) }.map(|r| self.fd(r))
    }

    /// `BPF_MAP_UPDATE_ELEM` with `flags` (`BPF_ANY` = 0, …).
    pub fn map_update(
        &self,
        map: &Fd<'_, B>,
        key: &[u8],
        value: &[u8],
        flags: u64,
    ) -> Result<(), Error> {
        let mut a = bpf_attr_map_elem {
            map_fd: map.fd as u32,
            key: key.as_ptr() as u64,
            value: value.as_ptr() as u64,
            flags,
            ..Default::default()
        };
        self.check_sizes(map, key.len(), Some(value.len()))?;
        // SAFETY: `key` and `value` are read; the runtime reads exactly the
        // map's key and value sizes, which the slices match (checked above).
        unsafe { self.call("BPF_MAP_UPDATE_ELEM", BPF_MAP_UPDATE_ELEM, &mut a) }.map(drop)
    }

    /// `BPF_MAP_LOOKUP_ELEM` into `value`; `Ok(false)` when the key is
    /// absent.
    pub fn map_lookup(&self, map: &Fd<'_, B>, key: &[u8], value: &mut [u8]) -> Result<bool, Error> {
        self.check_sizes(map, key.len(), Some(value.len()))?;
        let mut a = bpf_attr_map_elem {
            map_fd: map.fd as u32,
            key: key.as_ptr() as u64,
            value: value.as_mut_ptr() as u64,
            ..Default::default()
        };
        // SAFETY: `key` (read) and `value` (written) cover the map's sizes,
        // checked above; `value` is not otherwise borrowed.
        match unsafe { self.call("BPF_MAP_LOOKUP_ELEM", BPF_MAP_LOOKUP_ELEM, &mut a) } {
            Ok(_) => Ok(true),
            Err(e) if e.errno == errno::ENOENT => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `BPF_MAP_DELETE_ELEM`; `Ok(false)` when the key was absent.
    pub fn map_delete(&self, map: &Fd<'_, B>, key: &[u8]) -> Result<bool, Error> {
        self.check_sizes(map, key.len(), None)?;
        let mut a = bpf_attr_map_elem {
            map_fd: map.fd as u32,
            key: key.as_ptr() as u64,
            ..Default::default()
        };
        // SAFETY: `key` covers the map's key size, checked above.
        match unsafe { self.call("BPF_MAP_DELETE_ELEM", BPF_MAP_DELETE_ELEM, &mut a) } {
            Ok(_) => Ok(true),
            Err(e) if e.errno == errno::ENOENT => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `BPF_MAP_GET_NEXT_KEY`: the key after `key` (the first key for
    /// `None`) into `next`; `Ok(false)` at the end.
    pub fn map_next_key(
        &self,
        map: &Fd<'_, B>,
        key: Option<&[u8]>,
        next: &mut [u8],
    ) -> Result<bool, Error> {
        self.check_sizes(map, next.len(), None)?;
        if let Some(k) = key {
            self.check_sizes(map, k.len(), None)?;
        }
        let mut a = bpf_attr_map_elem {
            map_fd: map.fd as u32,
            key: key.map_or(0, |k| k.as_ptr() as u64),
            value: next.as_mut_ptr() as u64, // next_key
            ..Default::default()
        };
        // SAFETY: `key` (read) and `next` (written) cover the key size.
        match unsafe { self.call("BPF_MAP_GET_NEXT_KEY", BPF_MAP_GET_NEXT_KEY, &mut a) } {
            Ok(_) => Ok(true),
            Err(e) if e.errno == errno::ENOENT => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The key and value sizes of `map` must match the slices exactly:
    /// the runtime reads and writes that many bytes through the pointers.
    /// Per-CPU maps (whose values are `value_size` rounded up to 8, times
    /// the number of CPUs) are refused, so a lookup can never write past
    /// the caller's buffer.
    fn check_sizes(&self, map: &Fd<'_, B>, key: usize, value: Option<usize>) -> Result<(), Error> {
        const PER_CPU: [u32; 4] = [5, 6, 10, 21]; // PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE
        let (map_type, key_size, value_size) = match map.map_shape.get() {
            Some(&shape) => shape,
            None => {
                // The first 24 bytes (Linux 4.13's bpf_map_info) hold all
                // three: one query, whatever the runtime's version.
                let (v, _) = self.query_info::<crate::info::bpf_map_info>(map.fd, 24)?;
                let shape = (v.r#type, v.key_size, v.value_size);
                let _ = map.map_shape.set(shape);
                shape
            }
        };
        let bad = key != key_size as usize
            || value.is_some_and(|l| l != value_size as usize || PER_CPU.contains(&map_type));
        if bad {
            return Err(Error {
                errno: errno::EINVAL,
                op: "key/value size check",
                unknown_field: None,
                log: None,
            });
        }
        Ok(())
    }

    /// `BPF_PROG_LOAD` of `insns` (8 bytes each) with `license`; with
    /// `log`, the verifier log is returned in the error on failure.
    pub fn prog_load(
        &self,
        prog_type: u32,
        insns: &[u64],
        license: &core::ffi::CStr,
        name: &str,
        mut log: Option<&mut [u8]>,
    ) -> Result<Fd<'_, B>, Error> {
        let mut a = bpf_attr_prog_load {
            prog_type,
            insn_cnt: insns.len() as u32,
            insns: insns.as_ptr() as u64,
            license: license.as_ptr() as u64,
            ..Default::default()
        };
        copy_name(&mut a.prog_name, name);
        // The log is written: its address comes from the mutable borrow.
        let (log_ptr, log_len) = match &mut log {
            Some(l) => (l.as_mut_ptr() as u64, l.len()),
            None => (0, 0),
        };
        if log_len > 0 {
            a.log_level = 1;
            a.log_buf = log_ptr;
            a.log_size = log_len as u32;
        }
        // SAFETY: `insns` and `license` are read for the lengths given;
        // the log buffer (if any) is written for at most `log_size` bytes
        // and is not otherwise borrowed during the call.
        let r = unsafe { self.call("BPF_PROG_LOAD", BPF_PROG_LOAD, &mut a) };
        r.map(|r| self.fd(r)).map_err(|mut e| {
            if let Some(l) = log {
                let end = l.iter().position(|&b| b == 0).unwrap_or(l.len());
                e.log = Some(String::from_utf8_lossy(&l[..end]).into_owned());
            }
            e
        })
    }

    /// `BPF_BTF_LOAD` of a BTF blob.
    pub fn btf_load(&self, blob: &[u8]) -> Result<Fd<'_, B>, Error> {
        let mut a = bpf_attr_btf_load {
            btf: blob.as_ptr() as u64,
            btf_size: blob.len() as u32,
            ..Default::default()
        };
        // SAFETY: the blob is read for `btf_size` bytes; no log buffer.
        unsafe { self.call("BPF_BTF_LOAD", BPF_BTF_LOAD, &mut a) }.map(|r| self.fd(r))
    }

    /// `BPF_LINK_CREATE` of `prog` on `target` (an ifindex or fd).
    pub fn link_create(
        &self,
        prog: &Fd<'_, B>,
        target: u32,
        attach_type: u32,
    ) -> Result<Fd<'_, B>, Error> {
        let mut a = bpf_attr_link_create {
            prog_fd: prog.fd as u32,
            target_fd: target,
            attach_type,
            ..Default::default()
        };
        // SAFETY: this attr holds no addresses.
        unsafe { self.call("BPF_LINK_CREATE", BPF_LINK_CREATE, &mut a) }.map(|r| self.fd(r))
    }

    /// `BPF_PROG_TEST_RUN` on `data_in`, output into `data_out`: the
    /// program's return value and the output length (which may exceed
    /// `data_out.len()`: then the error is `ENOSPC` as the kernel's).
    pub fn test_run(
        &self,
        prog: &Fd<'_, B>,
        data_in: &[u8],
        data_out: &mut [u8],
        repeat: u32,
    ) -> Result<(u32, u32), Error> {
        let mut a = bpf_attr_test {
            prog_fd: prog.fd as u32,
            data_size_in: data_in.len() as u32,
            data_in: data_in.as_ptr() as u64,
            data_size_out: data_out.len() as u32,
            data_out: if data_out.is_empty() { 0 } else { data_out.as_mut_ptr() as u64 },
            repeat,
            ..Default::default()
        };
        // SAFETY: `data_in` is read and `data_out` written for the sizes
        // given; `data_out` is not otherwise borrowed during the call.
        unsafe { self.call("BPF_PROG_TEST_RUN", BPF_PROG_TEST_RUN, &mut a) }?;
        Ok((a.retval, a.data_size_out))
    }

    /// `BPF_OBJ_GET_INFO_BY_FD` into a `T` (any version of the map, prog,
    /// BTF or link info struct the caller was built with).
    pub fn info<T: ExtensibleAbi>(&self, fd: i32) -> Result<Info<T>, Error> {
        self.info_sized(fd, size_of::<T>())
    }

    /// [`Client::info`] with `info_len` = `len` (at most `size_of::<T>()`):
    /// what a caller compiled against the version of `T` that was `len`
    /// bytes long passes. The runtime writes at most `len` bytes.
    pub fn info_sized<T: ExtensibleAbi>(&self, fd: i32, len: usize) -> Result<Info<T>, Error> {
        let len = len.min(size_of::<T>());
        let (value, written) = self.query_info::<T>(fd, len)?;
        // A runtime that wrote less than the room it had told its own size.
        let runtime_size = (written < len).then_some(written);
        Ok(Info { view: Partial::new(value, written), runtime_size })
    }

    /// [`Client::info`], and the runtime's own size of the struct even when
    /// it filled the caller's whole buffer (one more query, with a zeroed
    /// page: a zero tail is always accepted).
    pub fn info_with_runtime_size<T: ExtensibleAbi>(&self, fd: i32) -> Result<Info<T>, Error> {
        let mut info = self.info::<T>(fd)?;
        if info.runtime_size.is_none() {
            info.runtime_size = Some(self.info_size(fd)?);
        }
        Ok(info)
    }

    /// One `BPF_OBJ_GET_INFO_BY_FD` with `info_len` = `len` (`<=
    /// size_of::<T>()`): the struct and the length written.
    fn query_info<T: ExtensibleAbi>(&self, fd: i32, len: usize) -> Result<(T, usize), Error> {
        let mut value = T::zeroed();
        let mut a = bpf_attr_info {
            bpf_fd: fd as u32,
            info_len: len as u32,
            info: &mut value as *mut T as u64,
        };
        // SAFETY: `info` points at `value`, `size_of::<T>() >= len` writable
        // bytes, not otherwise borrowed during the call; its in/out array
        // pointers are zero, so nothing else is written.
        unsafe { self.call("BPF_OBJ_GET_INFO_BY_FD", BPF_OBJ_GET_INFO_BY_FD, &mut a) }?;
        Ok((value, a.info_len as usize))
    }

    /// The runtime's own size of the info struct of `fd`: what it writes
    /// into a zeroed page-sized buffer.
    fn info_size(&self, fd: i32) -> Result<usize, Error> {
        let mut page = vec![0u8; 4096];
        let mut a = bpf_attr_info {
            bpf_fd: fd as u32,
            info_len: page.len() as u32,
            info: page.as_mut_ptr() as u64,
        };
        // SAFETY: `info` points at `page`, writable for `info_len` bytes and
        // not otherwise borrowed; all its in/out array pointers are zero.
        unsafe { self.call("BPF_OBJ_GET_INFO_BY_FD", BPF_OBJ_GET_INFO_BY_FD, &mut a) }?;
        Ok(a.info_len as usize)
    }

    /// [`Client::info`] of a map.
    pub fn map_info<T: ExtensibleAbi>(&self, map: &Fd<'_, B>) -> Result<Info<T>, Error> {
        self.info(map.fd)
    }
}

/// Copies `name` into a NUL-padded C name field, truncated to leave a NUL.
fn copy_name(dst: &mut [u8; 16], name: &str) {
    let n = name.len().min(dst.len() - 1);
    dst[..n].copy_from_slice(&name.as_bytes()[..n]);
}
