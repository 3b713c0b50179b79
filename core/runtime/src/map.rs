//! Maps: `BPF_MAP_TYPE_ARRAY` and `BPF_MAP_TYPE_HASH` with real storage,
//! and every map command, each in the order of checks of its kernel
//! function (Linux 6.18, `kernel/bpf/syscall.c`, `arraymap.c`,
//! `hashtab.c`), so a call that fails fails with the kernel's errno.
//!
//! # What is modelled, and what is not
//!
//! - Map types: array and hash. Every other type, even one the kernel
//!   knows, is `EINVAL` at `BPF_MAP_CREATE` (the kernel's answer for a
//!   type it does not know).
//! - Each map has its own lock: different maps never contend, and the
//!   runtime's table lock is never held while a map's data is touched.
//!   Keys and values are copied from the caller before the map is locked
//!   and to the caller after it is unlocked, as the kernel does.
//! - Access modes: an fd opened with `BPF_F_RDONLY` / `BPF_F_WRONLY` (at
//!   create, or by `BPF_MAP_GET_FD_BY_ID`) cannot write / read (`EPERM`),
//!   and a frozen map cannot be written through any fd (`EPERM`). A write
//!   in flight makes `BPF_MAP_FREEZE` `EBUSY`, as the kernel's `writecnt`.
//! - The hash table's layout and iteration order: see [`storage::Hash`].
//!   The runtime's hash seed is always 0, so its order is the kernel's
//!   exactly for maps made with `BPF_F_ZERO_SEED` (and deterministic but
//!   different from the kernel's random one otherwise). Array order is
//!   index order, as the kernel's.
//! - Memory: an array's storage is allocated (zeroed, so untouched pages
//!   cost nothing) at create; a hash holds only its elements (no
//!   preallocation; `BPF_F_NO_PREALLOC` is accepted and reported, as the
//!   kernel does). Where the kernel's allocation would depend on the
//!   machine's free memory, the runtime refuses with `ENOMEM` above
//!   [`MAX_MAP_BYTES`] (or the runtime's own limit,
//!   `Runtime::with_map_limit`): the array's values, a preallocated hash's element
//!   area as the kernel sizes it (at create), and a hash's keys and values
//!   (at update, for a new key).
//! - No NUMA (one node, 0), no offload devices (`map_ifindex` 1, `lo`, is
//!   `EOPNOTSUPP` as the kernel's `lo` cannot offload; any other ifindex
//!   `EINVAL`, no such device), no BPF tokens (`BPF_F_TOKEN_FD`
//!   with any fd: `EBADF` if the runtime did not hand it out, else
//!   `EINVAL`).
//! - BTF: `btf_fd` must name one of the runtime's BTF objects, and the key
//!   and value type ids must resolve to the map's key and value sizes
//!   (`map_check_btf`, `array_map_check_btf`). Special fields in the value
//!   (`bpf_spin_lock`, timers, kptrs…) are not looked for, so `BPF_F_LOCK`
//!   is always `EINVAL`, as for a value without a lock.

mod storage;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use core::mem::offset_of;

use super::btf_obj::{self, BtfObj};
use super::call::Call;
use super::link::LO_IFINDEX;
use super::name::obj_name;
use super::object::{Object, ObjectKind};
use super::prog::sha256;
use super::{err, release};
use extensible_abi::{errno, AbiError};
use extensible_abi_bpf::attr::{bpf_attr_batch, bpf_attr_map_create, bpf_attr_map_elem};
use extensible_abi_bpf::btf::{Btf, Kind, Types};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::bpf_map_info;

use storage::{Array, Hash};

/// `BPF_F_ACCESS_MASK` (include/linux/bpf.h, kernel-internal).
const BPF_F_ACCESS_MASK: u32 = BPF_F_RDONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY | BPF_F_WRONLY_PROG;
/// `ARRAY_CREATE_FLAG_MASK` (arraymap.c).
const ARRAY_CREATE_FLAG_MASK: u32 =
    BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | BPF_F_PRESERVE_ELEMS | BPF_F_INNER_MAP;
/// `HTAB_CREATE_FLAG_MASK` (hashtab.c).
const HTAB_CREATE_FLAG_MASK: u32 =
    BPF_F_NO_PREALLOC | BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK | BPF_F_ZERO_SEED;

use extensible_abi::errno::ENOTSUPP;
/// `SHA256_DIGEST_SIZE` (include/crypto/sha2.h).
const SHA256_DIGEST_SIZE: u32 = 32;
/// `KMALLOC_MAX_SIZE` (include/linux/slab.h) on x86-64 (4 MiB): a hash
/// element must fit.
const KMALLOC_MAX_SIZE: u64 = 1 << 22;
/// `sizeof(struct htab_elem)` (kernel/bpf/hashtab.c) on x86-64.
const HTAB_ELEM_SIZE: u64 = 48;
/// `sizeof(struct bucket)` (kernel/bpf/hashtab.c) on x86-64 (6.15+:
/// `rqspinlock_t`).
const HTAB_BUCKET_SIZE: u64 = 16;
/// The most bytes one map's storage may take in this runtime; above it
/// `BPF_MAP_CREATE` is `ENOMEM`, where the kernel's answer depends on the
/// machine's memory.
pub(crate) const MAX_MAP_BYTES: u64 = 1 << 30;

/// A map object.
#[derive(Debug)]
pub(crate) struct Map {
    /// The map's id.
    pub(crate) id: u32,
    /// `enum bpf_map_type`.
    pub(crate) map_type: u32,
    /// Key size in bytes.
    pub(crate) key_size: u32,
    /// Value size in bytes.
    pub(crate) value_size: u32,
    /// Maximum number of entries.
    pub(crate) max_entries: u32,
    /// `map_flags` as created, without `BPF_F_RDONLY`/`BPF_F_WRONLY`
    /// (those belong to the fd: `bpf_map_flags_retain_permanent`) and
    /// without `BPF_F_TOKEN_FD`.
    pub(crate) map_flags: u32,
    /// The name as `bpf_obj_name_cpy` kept it.
    pub(crate) name: [u8; BPF_OBJ_NAME_LEN],
    /// `map_extra` (always 0 for array and hash).
    pub(crate) map_extra: u64,
    /// The BTF object and type ids the map was created with.
    pub(crate) btf: Option<MapBtf>,
    /// `excl_prog_hash`: the SHA-256 of the only program allowed to use
    /// the map (the verifier refuses any other with `EACCES`; for
    /// `PROG_LOAD` to check).
    pub(crate) excl_prog_sha: Option<[u8; 32]>,
    /// Writes in flight (the kernel's `writecnt`).
    writers: AtomicU64,
    data: Mutex<MapData>,
}

/// A map's BTF: the object (kept alive by the map) and the type ids.
#[derive(Debug)]
pub(crate) struct MapBtf {
    /// The BTF object.
    pub(crate) btf: Arc<BtfObj>,
    /// `btf_key_type_id`.
    pub(crate) key_type_id: u32,
    /// `btf_value_type_id`.
    pub(crate) value_type_id: u32,
}

/// What a map's lock guards.
#[derive(Debug)]
struct MapData {
    frozen: bool,
    storage: Storage,
}

/// A map's elements, by map type.
#[derive(Debug)]
enum Storage {
    /// `BPF_MAP_TYPE_ARRAY`.
    Array(Array),
    /// `BPF_MAP_TYPE_HASH`.
    Hash(Hash),
}

/// Which batch command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Batch {
    /// `BPF_MAP_LOOKUP_BATCH`.
    Lookup,
    /// `BPF_MAP_LOOKUP_AND_DELETE_BATCH`.
    LookupAndDelete,
    /// `BPF_MAP_UPDATE_BATCH`.
    Update,
    /// `BPF_MAP_DELETE_BATCH`.
    Delete,
}

/// A write in flight: holds the map's `writecnt` up until dropped.
struct WriteGuard<'a>(&'a Map);

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        self.0.writers.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Map {
    fn lock(&self) -> MutexGuard<'_, MapData> {
        // Every update of the storage is completed before the lock is
        // released, except by a panic in the middle of one, which leaves
        // at worst a half-copied value.
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `map_get_sys_perms(map, f) & FMODE_CAN_READ` for an fd opened with
    /// `fd_flags`: `EPERM` for a write-only fd.
    fn check_read(&self, fd_flags: u32) -> Result<(), AbiError> {
        if fd_flags & BPF_F_WRONLY != 0 {
            return Err(err(errno::EPERM, "map fd is write-only"));
        }
        Ok(())
    }

    /// Starts a write through an fd opened with `fd_flags`, as the kernel's
    /// `bpf_map_write_active_inc` followed by its permission check: `EPERM`
    /// when the fd cannot read and `read` is asked, or cannot write, or
    /// the map is frozen.
    fn begin_write(&self, fd_flags: u32, read: bool) -> Result<WriteGuard<'_>, AbiError> {
        let data = self.lock();
        if read {
            self.check_read(fd_flags)?;
        }
        if fd_flags & BPF_F_RDONLY != 0 || data.frozen {
            return Err(err(errno::EPERM, "map fd is read-only or the map is frozen"));
        }
        self.writers.fetch_add(1, Ordering::SeqCst);
        Ok(WriteGuard(self))
    }

    /// A copy of the value of `key` (`key_size` bytes): `ENOENT` when
    /// there is none.
    pub(crate) fn lookup(&self, key: &[u8]) -> Result<Vec<u8>, AbiError> {
        let data = self.lock();
        let value = match &data.storage {
            Storage::Array(a) => a.lookup(key),
            Storage::Hash(h) => h.lookup(key),
        };
        value.map(<[u8]>::to_vec).ok_or(err(errno::ENOENT, "no such key"))
    }

    /// Creates or updates `key` with `value` (`value_size` bytes), with
    /// the `BPF_ANY` / `BPF_NOEXIST` / `BPF_EXIST` rules. This is the
    /// map's own update (`map->ops->map_update_elem`): it does not look at
    /// fd modes or at `frozen`, which only the syscall side does.
    pub(crate) fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), AbiError> {
        let mut data = self.lock();
        match &mut data.storage {
            Storage::Array(a) => a.update(key, value, flags),
            Storage::Hash(h) => h.update(key, value, flags),
        }
    }

    /// Deletes `key`: `EINVAL` for an array, `ENOENT` for a missing key.
    pub(crate) fn delete(&self, key: &[u8]) -> Result<(), AbiError> {
        let mut data = self.lock();
        match &mut data.storage {
            Storage::Array(_) => {
                Err(AbiError::Invalid { what: "array elements cannot be deleted" })
            }
            Storage::Hash(h) => h.remove(key).map(drop),
        }
    }

    /// The key after `key` (`None`: the first key): `ENOENT` after the
    /// last.
    pub(crate) fn get_next_key(&self, key: Option<&[u8]>) -> Result<Vec<u8>, AbiError> {
        let data = self.lock();
        match &data.storage {
            Storage::Array(a) => a.get_next_key(key),
            Storage::Hash(h) => h.get_next_key(key),
        }
    }

    /// The value with `key`, removed: `ENOTSUPP` for an array, `ENOENT`
    /// for a missing key.
    fn lookup_and_delete(&self, key: &[u8]) -> Result<Vec<u8>, AbiError> {
        let mut data = self.lock();
        match &mut data.storage {
            Storage::Array(_) => Err(err(ENOTSUPP, "array elements cannot be deleted")),
            Storage::Hash(h) => h.remove(key).map(|e| e.value.into_vec()),
        }
    }

    /// This object's `struct bpf_map_info`, as `bpf_map_get_info_by_fd`
    /// fills it, given the caller's struct as read.
    ///
    /// Since Linux 6.18 the kernel starts from the caller's struct (it has
    /// the in/out `hash`/`hash_size`), so every field it does not set
    /// comes back as the caller passed it: `ifindex`, `netns_dev`,
    /// `netns_ino`, `btf_vmlinux_id`, the padding, and `btf_id`,
    /// `btf_key_type_id`, `btf_value_type_id` of a map without BTF. The
    /// runtime does the same at level 6.18 and starts from zero at older
    /// levels, as those kernels did.
    ///
    /// `hash`: a non-zero pointer asks for the SHA-256 of an array's
    /// values (`array_map_get_hash`): `EINVAL` for a hash map (no
    /// `map_get_hash`) or a `hash_size` other than 32, `EPERM` if the map
    /// is not frozen (6.18 stable), `EFAULT` if the 32 bytes cannot be
    /// written. A zero `hash` with a non-zero `hash_size`: `EINVAL`.
    ///
    /// `info` holds the caller's struct on entry and the answer on return
    /// (filled in place: the struct is not moved about).
    pub(crate) fn info(&self, c: &mut Call, info: &mut bpf_map_info) -> Result<(), AbiError> {
        self.info_fields(c.level(), info)?;
        if info.hash != 0 {
            let digest = {
                let data = self.lock();
                let Storage::Array(a) = &data.storage else {
                    return Err(AbiError::Invalid { what: "only array maps have a hash" });
                };
                if info.hash_size != SHA256_DIGEST_SIZE {
                    return Err(AbiError::Invalid { what: "hash_size is not 32" });
                }
                if !data.frozen {
                    return Err(err(errno::EPERM, "the map must be frozen to be hashed"));
                }
                sha256::sha256(a.bytes())
            };
            c.write_bytes(info.hash, &digest)?;
        }
        Ok(())
    }

    /// [`Map::info`] but for a non-zero `hash`, which it leaves as it is
    /// (the caller then asks [`Map::info`]): every field, at ABI level
    /// `level`, and the errors that come before the hash. Touches neither
    /// the caller's memory nor the map's values.
    pub(crate) fn info_fields(&self, level: u32, info: &mut bpf_map_info) -> Result<(), AbiError> {
        if level >= release(6, 18) {
            // kernel (6.18.44, measured): a non-zero byte from offset 100
            // (the end of `hash_size`) to `info_len` is E2BIG, as if the
            // struct ended there, though 104 bytes are copied back.
            if info._pad_tail != 0 {
                let offset =
                    100 + info._pad_tail.to_ne_bytes().iter().position(|&b| b != 0).unwrap_or(0);
                return Err(AbiError::NonZeroTail { name: "bpf_map_info", size: 100, offset });
            }
        } else {
            *info = extensible_abi::zeroed();
        }
        info.r#type = self.map_type;
        info.id = self.id;
        info.key_size = self.key_size;
        info.value_size = self.value_size;
        info.max_entries = self.max_entries;
        info.map_flags = self.map_flags;
        info.map_extra = self.map_extra;
        info.name = self.name;
        if let Some(b) = &self.btf {
            info.btf_id = b.btf.id;
            info.btf_key_type_id = b.key_type_id;
            info.btf_value_type_id = b.value_type_id;
        }
        info.btf_vmlinux_value_type_id = 0;
        if info.hash == 0 && info.hash_size != 0 {
            return Err(AbiError::Invalid { what: "hash_size without hash" });
        }
        Ok(())
    }
}

/// The map behind `fd` and the fd's access flags: `EBADF` for no such fd,
/// `EINVAL` for an fd that is not a map (`__bpf_map_get`).
fn map_of(c: &Call, fd: u32) -> Result<(Arc<Map>, u32), AbiError> {
    let state = c.state_read();
    match state.get_fd(fd as i32)? {
        Object::Map(m) => Ok((m, state.fd_flags(fd as i32))),
        _ => Err(AbiError::Invalid { what: "fd is not a map" }),
    }
}

/// `__bpf_copy_key`: the map's `key_size` bytes at `addr` (`EFAULT`).
/// `key_size` is bounded at create (4 MiB at most).
fn copy_key(c: &Call, map: &Map, addr: u64) -> Result<Vec<u8>, AbiError> {
    c.read_bytes(addr, map.key_size as usize)
}

/// `BPF_F_LOCK` needs a `bpf_spin_lock` in the value, which no map of this
/// runtime has: `EINVAL`.
fn check_no_lock(flags: u64) -> Result<(), AbiError> {
    if flags & BPF_F_LOCK != 0 {
        return Err(AbiError::Invalid { what: "BPF_F_LOCK on a value without bpf_spin_lock" });
    }
    Ok(())
}

/// `round_up` to a power of two of a `u32`, 0 when it does not fit (the
/// kernel's `roundup_pow_of_two` truncated to the `u32` `n_buckets`).
fn roundup_pow_of_two(n: u32) -> u32 {
    n.checked_next_power_of_two().unwrap_or(0)
}

/// `BPF_MAP_CREATE` (`map_create`).
pub(crate) fn create(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_create = c.attr()?;
    // The token flag is noted and cleared before any per-type check.
    let token_flag = a.map_flags & BPF_F_TOKEN_FD != 0;
    let map_flags = a.map_flags & !BPF_F_TOKEN_FD;

    if a.btf_vmlinux_value_type_id != 0 {
        if a.map_type != BPF_MAP_TYPE_STRUCT_OPS
            || a.btf_key_type_id != 0
            || a.btf_value_type_id != 0
        {
            return Err(AbiError::Invalid { what: "btf_vmlinux_value_type_id is for struct_ops" });
        }
    } else if a.btf_key_type_id != 0 && a.btf_value_type_id == 0 {
        return Err(AbiError::Invalid { what: "btf_key_type_id without btf_value_type_id" });
    }
    // Only bloom filters and arenas have a map_extra.
    if a.map_extra != 0 {
        return Err(AbiError::Invalid { what: "map_extra for a type without one" });
    }
    // bpf_get_file_flag.
    if map_flags & BPF_F_RDONLY != 0 && map_flags & BPF_F_WRONLY != 0 {
        return Err(AbiError::Invalid { what: "BPF_F_RDONLY and BPF_F_WRONLY" });
    }
    // One NUMA node: node 0.
    if map_flags & BPF_F_NUMA_NODE != 0 && a.numa_node != 0 {
        return Err(AbiError::Invalid { what: "no such NUMA node" });
    }
    let a = bpf_attr_map_create { map_flags, ..a };
    match a.map_type {
        BPF_MAP_TYPE_ARRAY => array_alloc_check(&a)?,
        BPF_MAP_TYPE_HASH => htab_alloc_check(&a)?,
        _ => return Err(AbiError::Invalid { what: "map type not supported by the runtime" }),
    }
    if token_flag {
        btf_obj::check_token_fd(c, a.map_token_fd)?;
    }
    // bpf_map_offload_map_alloc / bpf_dev_offload_check: the runtime's
    // only netdev is `lo` (ifindex 1, as the link commands model it), which
    // has no `ndo_bpf` (EOPNOTSUPP); any other ifindex names no device
    // (EINVAL).
    match a.map_ifindex {
        0 => {}
        LO_IFINDEX => return Err(err(errno::EOPNOTSUPP, "lo cannot offload maps")),
        _ => return Err(AbiError::Invalid { what: "no device with that ifindex" }),
    }
    let storage = match a.map_type {
        BPF_MAP_TYPE_ARRAY => Storage::Array(array_alloc(&a, c.map_limit())?),
        _ => Storage::Hash(htab_alloc(&a, c.map_limit())?),
    };
    let name = obj_name(&a.map_name)?;
    let btf = map_btf(c, &a)?;
    let excl_prog_sha = if a.excl_prog_hash != 0 {
        if a.excl_prog_hash_size != SHA256_DIGEST_SIZE {
            return Err(AbiError::Invalid { what: "excl_prog_hash_size is not 32" });
        }
        let bytes = c.read_bytes(a.excl_prog_hash, SHA256_DIGEST_SIZE as usize)?;
        let mut sha = [0u8; 32];
        sha.copy_from_slice(&bytes);
        Some(sha)
    } else if a.excl_prog_hash_size != 0 {
        return Err(AbiError::Invalid { what: "excl_prog_hash_size without excl_prog_hash" });
    } else {
        None
    };

    let mut state = c.state();
    let id = state.alloc_id(ObjectKind::Map)?;
    let map = Arc::new(Map {
        id,
        map_type: a.map_type,
        key_size: a.key_size,
        value_size: a.value_size,
        max_entries: a.max_entries,
        // bpf_map_flags_retain_permanent: the access mode is the fd's.
        map_flags: map_flags & !(BPF_F_RDONLY | BPF_F_WRONLY),
        name,
        map_extra: 0,
        btf,
        excl_prog_sha,
        writers: AtomicU64::new(0),
        data: Mutex::new(MapData { frozen: false, storage }),
    });
    let obj = Object::Map(map);
    state.register_id(id, &obj);
    state.install_fd_flags(obj, map_flags).map(i64::from)
}

/// `bpf_map_flags_access_ok`: not both `BPF_F_RDONLY_PROG` and
/// `BPF_F_WRONLY_PROG`.
fn flags_access_ok(flags: u32) -> bool {
    flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG) != (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)
}

/// `array_map_alloc_check`.
fn array_alloc_check(a: &bpf_attr_map_create) -> Result<(), AbiError> {
    if a.max_entries == 0
        || a.key_size != 4
        || a.value_size == 0
        || a.map_flags & !ARRAY_CREATE_FLAG_MASK != 0
        || !flags_access_ok(a.map_flags)
    {
        return Err(AbiError::Invalid { what: "bad array map attributes" });
    }
    // BPF_F_MMAPABLE and BPF_F_INNER_MAP are for plain arrays (this one);
    // BPF_F_PRESERVE_ELEMS only for perf event arrays.
    if a.map_flags & BPF_F_PRESERVE_ELEMS != 0 {
        return Err(AbiError::Invalid { what: "BPF_F_PRESERVE_ELEMS is for perf event arrays" });
    }
    if a.value_size > i32::MAX as u32 {
        return Err(err(errno::E2BIG, "value_size over INT_MAX"));
    }
    Ok(())
}

/// `array_map_alloc`, for a privileged caller (no rounding of
/// `max_entries` to a power of two: `bpf_bypass_spec_v1`).
fn array_alloc(a: &bpf_attr_map_create, limit: u64) -> Result<Array, AbiError> {
    let elem_size = u64::from(a.value_size).div_ceil(8) * 8;
    let mut bytes = elem_size * u64::from(a.max_entries);
    if a.map_flags & BPF_F_MMAPABLE != 0 {
        bytes = bytes.div_ceil(super::PAGE_SIZE as u64) * super::PAGE_SIZE as u64;
    }
    if bytes > limit {
        return Err(err(errno::ENOMEM, "array map too large for the runtime"));
    }
    Array::new(a.value_size, a.max_entries, (elem_size * u64::from(a.max_entries)) as usize)
}

/// `htab_map_alloc_check`, for a plain hash and a privileged caller.
fn htab_alloc_check(a: &bpf_attr_map_create) -> Result<(), AbiError> {
    if a.map_flags & !HTAB_CREATE_FLAG_MASK != 0 || !flags_access_ok(a.map_flags) {
        return Err(AbiError::Invalid { what: "bad hash map flags" });
    }
    // BPF_F_NO_COMMON_LRU is for LRU hashes only.
    if a.map_flags & BPF_F_NO_COMMON_LRU != 0 {
        return Err(AbiError::Invalid { what: "BPF_F_NO_COMMON_LRU on a hash that is not LRU" });
    }
    if a.max_entries == 0 || a.key_size == 0 || a.value_size == 0 {
        return Err(AbiError::Invalid { what: "bad hash map attributes" });
    }
    if u64::from(a.key_size) + u64::from(a.value_size) >= KMALLOC_MAX_SIZE - HTAB_ELEM_SIZE {
        return Err(err(errno::E2BIG, "key_size + value_size too large for a hash element"));
    }
    Ok(())
}

/// `htab_map_alloc`: `n_buckets` is `max_entries` rounded up to a power
/// of two; 0 (overflow) or too many for a `u32` byte count of buckets is
/// `E2BIG`.
fn htab_alloc(a: &bpf_attr_map_create, limit: u64) -> Result<Hash, AbiError> {
    let n_buckets = roundup_pow_of_two(a.max_entries);
    if n_buckets == 0 || u64::from(n_buckets) > u64::from(u32::MAX) / HTAB_BUCKET_SIZE {
        return Err(err(errno::E2BIG, "too many hash buckets"));
    }
    if a.map_flags & BPF_F_NO_PREALLOC == 0 {
        // prealloc_init: every element up front (plus one spare per CPU,
        // counted here as one CPU).
        let elem_size = HTAB_ELEM_SIZE
            + u64::from(a.key_size).div_ceil(8) * 8
            + u64::from(a.value_size).div_ceil(8) * 8;
        if elem_size * (u64::from(a.max_entries) + 1) > limit {
            return Err(err(errno::ENOMEM, "preallocated hash map too large for the runtime"));
        }
    }
    Ok(Hash::new(a.key_size, a.max_entries, n_buckets, limit))
}

/// The BTF part of `map_create` and `map_check_btf`.
fn map_btf(c: &Call, a: &bpf_attr_map_create) -> Result<Option<MapBtf>, AbiError> {
    if a.btf_key_type_id == 0 && a.btf_value_type_id == 0 {
        return Ok(None);
    }
    // btf_get_by_fd.
    let obj = match c.object(a.btf_fd)? {
        Object::Btf(b) => b,
        _ => return Err(AbiError::Invalid { what: "btf_fd is not a BTF object" }),
    };
    let bad = AbiError::Invalid { what: "BTF key or value type does not match the map" };
    {
        let btf = Btf::parse(obj.data()).map_err(|_| bad)?;
        // btf_type_id_size: the type, through modifiers, with a size.
        let sized = |id: u32| -> Option<(extensible_abi_bpf::btf::Type<'_>, u64)> {
            let t = btf.skip_modifiers(id)?;
            if t.kind() == Kind::Var {
                return None;
            }
            Some((t, btf.size_of(id)?))
        };
        let key_type = if a.btf_key_type_id != 0 {
            let (t, size) = sized(a.btf_key_type_id).ok_or(bad)?;
            if size != u64::from(a.key_size) {
                return Err(bad);
            }
            Some(t)
        } else {
            None
        };
        let (value_type, size) = sized(a.btf_value_type_id).ok_or(bad)?;
        if size != u64::from(a.value_size) {
            return Err(bad);
        }
        match (a.map_type, key_type) {
            // A hash map has no map_check_btf, so a key type is required.
            (BPF_MAP_TYPE_HASH, None) => return Err(bad),
            (BPF_MAP_TYPE_HASH, Some(_)) => {}
            // array_map_check_btf: keyless only for a one-element
            // .data/.bss/.rodata (DATASEC) map; else the key is a u32.
            (_, None) => {
                if a.max_entries != 1 || value_type.kind() != Kind::Datasec {
                    return Err(bad);
                }
            }
            (_, Some(k)) => {
                let is_i32 = k.kind() == Kind::Int
                    && k.size() == Some(4)
                    && k.int_encoding().is_some_and(|(_, offset, bits)| offset == 0 && bits == 32);
                if !is_i32 {
                    return Err(bad);
                }
            }
        }
    }
    Ok(Some(MapBtf {
        btf: obj,
        key_type_id: a.btf_key_type_id,
        value_type_id: a.btf_value_type_id,
    }))
}

/// `BPF_MAP_LOOKUP_ELEM` (`map_lookup_elem`).
pub(crate) fn lookup_elem(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    if a.flags & !BPF_F_LOCK != 0 {
        return Err(AbiError::Invalid { what: "unknown lookup flags" });
    }
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    map.check_read(fd_flags)?;
    check_no_lock(a.flags)?;
    let key = copy_key(c, &map, a.key)?;
    let value = map.lookup(&key)?;
    c.write_bytes(a.value, &value)?;
    Ok(0)
}

/// `BPF_MAP_UPDATE_ELEM` (`map_update_elem`).
pub(crate) fn update_elem(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    let _write = map.begin_write(fd_flags, false)?;
    check_no_lock(a.flags)?;
    let key = copy_key(c, &map, a.key)?;
    let value = c.read_bytes(a.value, map.value_size as usize)?;
    map.update(&key, &value, a.flags)?;
    Ok(0)
}

/// `BPF_MAP_DELETE_ELEM` (`map_delete_elem`).
pub(crate) fn delete_elem(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    let _write = map.begin_write(fd_flags, false)?;
    let key = copy_key(c, &map, a.key)?;
    map.delete(&key)?;
    Ok(0)
}

/// `BPF_MAP_GET_NEXT_KEY` (`map_get_next_key`).
pub(crate) fn get_next_key(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    map.check_read(fd_flags)?;
    let key = if a.key != 0 { Some(copy_key(c, &map, a.key)?) } else { None };
    let next = map.get_next_key(key.as_deref())?;
    c.write_bytes(a.next_key(), &next)?;
    Ok(0)
}

/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM` (`map_lookup_and_delete_elem`). As in
/// the kernel, the element is gone even when writing its value to the
/// caller then fails (`EFAULT`).
pub(crate) fn lookup_and_delete_elem(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    if a.flags & !BPF_F_LOCK != 0 {
        return Err(AbiError::Invalid { what: "unknown lookup-and-delete flags" });
    }
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    let _write = map.begin_write(fd_flags, true)?;
    check_no_lock(a.flags)?;
    let key = copy_key(c, &map, a.key)?;
    let value = map.lookup_and_delete(&key)?;
    c.write_bytes(a.value, &value)?;
    Ok(0)
}

/// `BPF_MAP_FREEZE` (`map_freeze`): `EPERM` through an fd that cannot
/// write, and so for a map already frozen; `EBUSY` while a write is in
/// flight.
pub(crate) fn freeze(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_map_elem = c.attr()?;
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    let mut data = map.lock();
    if fd_flags & BPF_F_RDONLY != 0 || data.frozen {
        return Err(err(errno::EPERM, "map fd is read-only or the map is frozen"));
    }
    if map.writers.load(Ordering::SeqCst) != 0 {
        return Err(err(errno::EBUSY, "a write to the map is in flight"));
    }
    data.frozen = true;
    Ok(0)
}

/// The batch commands (`bpf_map_do_batch`): the array has lookup and
/// update (`generic_map_*_batch`), the hash all four (its own lookup and
/// lookup-and-delete, the generic update and delete); the others are
/// `ENOTSUPP`.
pub(crate) fn batch(c: &mut Call, op: Batch) -> Result<i64, AbiError> {
    let a: bpf_attr_batch = c.attr()?;
    let (map, fd_flags) = map_of(c, a.map_fd)?;
    let has_read = matches!(op, Batch::Lookup | Batch::LookupAndDelete);
    let _write = if op == Batch::Lookup {
        map.check_read(fd_flags)?;
        None
    } else {
        Some(map.begin_write(fd_flags, has_read)?)
    };
    let is_array = map.map_type == BPF_MAP_TYPE_ARRAY;
    match op {
        Batch::Lookup if is_array => generic_lookup_batch(c, &map, &a),
        Batch::Lookup => htab_batch(c, &map, &a, false),
        Batch::LookupAndDelete if is_array => Err(err(ENOTSUPP, "no batch deletion for arrays")),
        Batch::LookupAndDelete => htab_batch(c, &map, &a, true),
        Batch::Update => generic_update_batch(c, &map, &a),
        Batch::Delete if is_array => Err(err(ENOTSUPP, "no batch deletion for arrays")),
        Batch::Delete => generic_delete_batch(c, &map, &a),
    }
}

/// Where `batch.count` is written back.
const COUNT_AT: usize = offset_of!(bpf_attr_batch, count);

/// `elem_flags`: only `BPF_F_LOCK`, which needs a lock in the value.
fn check_elem_flags(a: &bpf_attr_batch) -> Result<(), AbiError> {
    if a.elem_flags & !BPF_F_LOCK != 0 {
        return Err(AbiError::Invalid { what: "unknown batch elem_flags" });
    }
    check_no_lock(a.elem_flags)
}

/// The `i`-th record of `size` bytes of a user array at `base` (the
/// kernel's pointer arithmetic; a wrapped address faults).
fn nth(base: u64, i: u32, size: u32) -> u64 {
    base.wrapping_add(u64::from(i) * u64::from(size))
}

/// `generic_map_lookup_batch`: `in_batch` is the last key of the previous
/// batch (`NULL`: start), `out_batch` gets the last key copied. Element
/// by element through `get_next_key`; `ENOENT` past the last key with the
/// count so far; a fault writing keys or values is `EFAULT` and leaves the
/// count at 0.
fn generic_lookup_batch(c: &mut Call, map: &Map, a: &bpf_attr_batch) -> Result<i64, AbiError> {
    check_elem_flags(a)?;
    let max_count = a.count;
    if max_count == 0 {
        return Ok(0);
    }
    // put_user(0, &uattr->batch.count)
    c.put_attr(COUNT_AT, &0u32)?;
    let mut prev = if a.in_batch != 0 { Some(copy_key(c, map, a.in_batch)?) } else { None };
    let mut cp = 0u32;
    let mut result = Ok(0);
    while cp < max_count {
        let key = match map.get_next_key(prev.as_deref()) {
            Ok(k) => k,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        // An element gone between the two steps is skipped.
        if let Ok(value) = map.lookup(&key) {
            c.write_bytes(nth(a.keys, cp, map.key_size), &key)?;
            c.write_bytes(nth(a.values, cp, map.value_size), &value)?;
            cp += 1;
        }
        prev = Some(key);
    }
    c.write_attr(COUNT_AT, &cp)?;
    if cp != 0 {
        if let Some(last) = &prev {
            c.write_bytes(a.out_batch, last)?;
        }
    }
    result
}

/// `generic_map_update_batch`: `elem_flags` is the update flag of every
/// element, and only `BPF_F_LOCK` may be set (so the update is always
/// `BPF_ANY`); `flags`, `in_batch` and `out_batch` are not looked at.
/// Stops at the first failure, with the count of elements done.
fn generic_update_batch(c: &mut Call, map: &Map, a: &bpf_attr_batch) -> Result<i64, AbiError> {
    generic_batch(c, map, a, |c, key, i| {
        let value = c.read_bytes(nth(a.values, i, map.value_size), map.value_size as usize)?;
        map.update(&key, &value, a.elem_flags)
    })
}

/// `generic_map_delete_batch`: like the update, keys only.
fn generic_delete_batch(c: &mut Call, map: &Map, a: &bpf_attr_batch) -> Result<i64, AbiError> {
    generic_batch(c, map, a, |_, key, _| map.delete(&key))
}

/// The loop both generic batches share: `elem_flags` checked, `count`
/// zeroed in the caller's attr, `step` run on the keys in order (with each
/// key's index) until the first failure, and the count done written back.
fn generic_batch<T>(
    c: &mut Call,
    map: &Map,
    a: &bpf_attr_batch,
    mut step: impl FnMut(&mut Call, Vec<u8>, u32) -> Result<T, AbiError>,
) -> Result<i64, AbiError> {
    check_elem_flags(a)?;
    let max_count = a.count;
    if max_count == 0 {
        return Ok(0);
    }
    // put_user(0, &uattr->batch.count)
    c.put_attr(COUNT_AT, &0u32)?;
    let mut cp = 0u32;
    let mut result = Ok(0);
    while cp < max_count {
        let done = c
            .read_bytes(nth(a.keys, cp, map.key_size), map.key_size as usize)
            .and_then(|key| step(c, key, cp));
        if let Err(e) = done {
            result = Err(e);
            break;
        }
        cp += 1;
    }
    c.write_attr(COUNT_AT, &cp)?;
    result
}

/// `__htab_map_lookup_and_delete_batch`: the batch token is a bucket
/// index (`u32`). Whole buckets only: a bucket that does not fit in what
/// is left of `count` ends the batch (`ENOSPC` if it is the first);
/// running past the last bucket is `ENOENT`. `out_batch` and `count` are
/// written at the end; a fault writing keys or values is `EFAULT` with
/// neither written (the count stays 0), and the elements of the bucket
/// being copied are then already deleted, as in the kernel.
fn htab_batch(c: &mut Call, map: &Map, a: &bpf_attr_batch, delete: bool) -> Result<i64, AbiError> {
    check_elem_flags(a)?;
    if a.flags != 0 {
        return Err(AbiError::Invalid { what: "batch flags must be 0" });
    }
    let max_count = a.count;
    if max_count == 0 {
        return Ok(0);
    }
    // put_user(0, &uattr->batch.count)
    c.put_attr(COUNT_AT, &0u32)?;
    let mut batch: u32 = if a.in_batch != 0 { c.read_pod(a.in_batch)? } else { 0 };
    let (ks, vs) = (map.key_size, map.value_size);
    let n_buckets = match &map.lock().storage {
        Storage::Hash(h) => h.n_buckets(),
        Storage::Array(_) => unreachable!("htab_batch on an array"),
    };
    if batch >= n_buckets {
        return Err(err(errno::ENOENT, "in_batch past the last bucket"));
    }
    let mut total = 0u32;
    let result = loop {
        // One bucket, copied (and deleted) under the map's lock.
        let found = {
            let mut data = map.lock();
            let Storage::Hash(h) = &mut data.storage else { unreachable!() };
            match h.bucket_from(batch) {
                None => None,
                Some((b, elems)) if elems.len() as u64 > u64::from(max_count - total) => {
                    Some(Err((b, elems.len())))
                }
                Some((b, elems)) => {
                    let mut keys = Vec::with_capacity(elems.len() * h.key_size());
                    let mut values = Vec::with_capacity(elems.len() * vs as usize);
                    for e in elems {
                        keys.extend_from_slice(&e.key);
                        values.extend_from_slice(&e.value);
                    }
                    let n = elems.len() as u32;
                    if delete {
                        h.take_bucket(b);
                    }
                    Some(Ok((b, n, keys, values)))
                }
            }
        };
        match found {
            None => {
                batch = n_buckets;
                break Err(err(errno::ENOENT, "no more buckets"));
            }
            Some(Err((b, _))) => {
                batch = b;
                break if total == 0 {
                    Err(err(errno::ENOSPC, "the next bucket does not fit in count"))
                } else {
                    Ok(0)
                };
            }
            Some(Ok((b, n, keys, values))) => {
                c.write_bytes(nth(a.keys, total, ks), &keys)?;
                c.write_bytes(nth(a.values, total, vs), &values)?;
                total += n;
                batch = b + 1;
                if batch >= n_buckets {
                    break Err(err(errno::ENOENT, "no more buckets"));
                }
            }
        }
    };
    c.write_bytes(a.out_batch, &batch.to_ne_bytes())?;
    // put_user(total, …) here; the generic batches copy_to_user their count.
    c.put_attr(COUNT_AT, &total)?;
    result
}

#[cfg(test)]
mod tests;
