//! [`Call`]: one `bpf()` call in progress — its attr, the caller's memory,
//! and the only ways a command may touch that memory.

use super::lock::{ReadGuard, WriteGuard};
use super::object::{Object, ObjectKind, State};
use super::{btf_obj, err, info, link, map, prog, unmodelled, Runtime, PAGE_SIZE};
use extensible_abi::user::{self, InfoBuf, UserMemory};
use extensible_abi::{errno, AbiError, ExtensibleAbi, Pod};
use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::consts::{BPF_F_RDONLY, BPF_F_TOKEN_FD, BPF_F_WRONLY};

/// One `bpf()` call after the uniform checks: the command's handler reads
/// its attr with [`Call::attr`] and moves every user buffer through the
/// methods here, which are the framework's `user::*` functions at the
/// runtime's ABI level.
pub struct Call<'a> {
    rt: &'a Runtime,
    mem: &'a mut dyn UserMemory,
    /// The caller's attr address, for fields written back (`info_len`…).
    uattr: u64,
    /// The caller's bytes of the attr as read: the first `min(size,
    /// sizeof(union bpf_attr))` at this level; every byte past them is
    /// zero.
    attr: &'a [u8],
    /// The size the caller passed to `bpf()` (`uattr_size`): output fields
    /// such as `log_true_size` are written only when it covers them.
    uattr_size: usize,
}

impl core::fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Call").field("uattr", &self.uattr).field("level", &self.rt.level).finish()
    }
}

impl<'a> Call<'a> {
    pub(crate) fn new(
        rt: &'a Runtime,
        mem: &'a mut dyn UserMemory,
        uattr: u64,
        attr: &'a [u8],
        uattr_size: usize,
    ) -> Self {
        Call { rt, mem, uattr, attr, uattr_size }
    }

    /// The attr size the caller passed to `bpf()`: the kernel writes an
    /// output field of the attr (`btf_log_true_size`, `log_true_size`)
    /// only when `uattr_size >= offsetofend(field)`.
    pub fn uattr_size(&self) -> usize {
        self.uattr_size
    }

    /// The most bytes of storage one map may take
    /// ([`Runtime::with_map_limit`]).
    pub(crate) fn map_limit(&self) -> u64 {
        self.rt.map_limit
    }

    /// The runtime's ABI level.
    pub fn level(&self) -> u32 {
        self.rt.level
    }

    /// The command's attr struct, as this runtime's release knows it
    /// (read from the caller's bytes only: the rest is zero, so a
    /// caller's short attr is copied without scanning zeros).
    pub fn attr<T: ExtensibleAbi>(&self) -> Result<T, AbiError> {
        // CHECK_ATTR already refused non-zero bytes past the last field, so
        // this cannot fail on a well-formed command table.
        T::from_partial_at(self.attr, self.rt.level)
            .map_err(|_| AbiError::Invalid { what: "attr bytes past the command's struct" })
    }

    /// Writes a field back into the caller's attr at `offset` from its
    /// start as the kernel's `copy_to_user` does (`log_true_size`, a test
    /// run's `retval`, a query's `revision`, a batch's final `count`):
    /// where it runs into a hole, the bytes before it are written.
    pub fn write_attr<T: Pod>(&mut self, offset: usize, value: &T) -> Result<(), AbiError> {
        let addr = self.attr_field::<T>(offset)?;
        user::write_pod(self.mem, addr, value)
    }

    /// Writes a field back into the caller's attr as the kernel's
    /// `put_user` does (`next_id`, a batch's first `count`): one store,
    /// nothing written where any byte of it cannot be.
    pub fn put_attr<T: Pod>(&mut self, offset: usize, value: &T) -> Result<(), AbiError> {
        let addr = self.attr_field::<T>(offset)?;
        user::put_pod(self.mem, addr, value)
    }

    /// The address of the attr field of type `T` at `offset`.
    fn attr_field<T>(&self, offset: usize) -> Result<u64, AbiError> {
        self.uattr.checked_add(offset as u64).ok_or(AbiError::Fault {
            addr: self.uattr,
            len: (offset + core::mem::size_of::<T>()) as u64,
        })
    }

    /// Reads an extensible struct the caller passed as `len` bytes at
    /// `addr`: `bpf_check_uarg_tail_zero` (`E2BIG` over a page or for a
    /// non-zero unknown tail) and the copy, at this runtime's level.
    pub fn read_in<T: ExtensibleAbi>(&self, addr: u64, len: u32) -> Result<T, AbiError> {
        user::read_struct_limited_at(self.mem, addr, len as usize, PAGE_SIZE, self.rt.level)
    }

    /// Opens the caller's info buffer of `len` bytes at `addr` under bpf's
    /// info rule at this runtime's level (`E2BIG` over a page or for a
    /// non-zero tail past the struct).
    pub fn open_info<T: ExtensibleAbi>(&self, addr: u64, len: u32) -> Result<InfoBuf, AbiError> {
        InfoBuf::open_at::<T, _>(self.mem, addr, len, PAGE_SIZE, self.rt.level)
    }

    /// The caller's info struct as input (its in/out fields).
    pub fn info_input<T: ExtensibleAbi>(&self, buf: &InfoBuf) -> Result<T, AbiError> {
        buf.read(self.mem)
    }

    /// Answers an info buffer: `min(info_len, size)` bytes of `value`, and
    /// that length written into the caller's attr at `len_offset`.
    pub fn finish_info<T: ExtensibleAbi>(
        &mut self,
        buf: InfoBuf,
        value: &T,
        len_offset: usize,
    ) -> Result<u32, AbiError> {
        let len_addr = self
            .uattr
            .checked_add(len_offset as u64)
            .ok_or(AbiError::Fault { addr: self.uattr, len: (len_offset + 4) as u64 })?;
        buf.write(self.mem, value, len_addr)
    }

    /// Reads `len` bytes at `addr` (instructions, keys, values, a BTF
    /// blob). `len` must already be bounded by the command.
    pub fn read_bytes(&self, addr: u64, len: usize) -> Result<Vec<u8>, AbiError> {
        // A chunk at a time: a caller's length may be megabytes, and a
        // range that faults early then costs no allocation of all of it.
        // (The kernel allocates, then faults: the same answer, `EFAULT`,
        // and a read changes nothing.)
        const CHUNK: usize = 64 << 10;
        let mut buf = Vec::with_capacity(len.min(CHUNK));
        while buf.len() < len {
            let done = buf.len();
            let at =
                addr.checked_add(done as u64).ok_or(AbiError::Fault { addr, len: len as u64 })?;
            buf.resize(done + (len - done).min(CHUNK), 0);
            self.mem.read(at, &mut buf[done..])?;
        }
        Ok(buf)
    }

    /// `strncpy_from_user(dst, addr, max)`: the bytes before the first NUL
    /// in the `max` bytes at `addr`, and whether a NUL ended them (`false`:
    /// all `max` bytes, none NUL). Read one byte at a time, as the kernel
    /// falls back to: a fault past the NUL does not count, one before it is
    /// `EFAULT`.
    pub fn read_string(&self, addr: u64, max: usize) -> Result<(Vec<u8>, bool), AbiError> {
        let mut s = Vec::new();
        for i in 0..max {
            let at = addr.checked_add(i as u64).ok_or(AbiError::Fault { addr, len: max as u64 })?;
            let byte: u8 = self.read_pod(at)?;
            if byte == 0 {
                return Ok((s, true));
            }
            s.push(byte);
        }
        Ok((s, false))
    }

    /// Reads one plain-old-data value at `addr`.
    pub fn read_pod<T: Pod>(&self, addr: u64) -> Result<T, AbiError> {
        user::read_pod(self.mem, addr)
    }

    /// Writes `bytes` at `addr`.
    pub fn write_bytes(&mut self, addr: u64, bytes: &[u8]) -> Result<(), AbiError> {
        self.mem.write(addr, bytes)
    }

    /// Writes an array of plain-old-data values (map ids, JIT addresses
    /// and lengths) at `addr`, one `put_user` per item as the kernel does:
    /// an item that cannot be written whole is not written at all.
    pub fn write_array<T: Pod>(&mut self, addr: u64, items: &[T]) -> Result<(), AbiError> {
        for (i, item) in items.iter().enumerate() {
            user::put_pod(self.mem, addr + (i * core::mem::size_of::<T>()) as u64, item)?;
        }
        Ok(())
    }

    /// Reads a struct the caller passed as `len` bytes at `addr` into
    /// `dst`, of which this side knows `dst.len()` bytes, as the kernel's
    /// `bpf_check_uarg_tail_zero` and copy do (a test run's context):
    /// over a page is `E2BIG`; the bytes past `dst.len()` are scanned
    /// first (a non-zero one before a hole is `E2BIG`, an all-zero prefix
    /// `EFAULT`), then `min(len, dst.len())` bytes are copied and the
    /// rest of `dst` is zeroed.
    pub fn read_partial(
        &self,
        addr: u64,
        len: usize,
        dst: &mut [u8],
        name: &'static str,
    ) -> Result<usize, AbiError> {
        user::check_limit(len, PAGE_SIZE)?;
        user::read_partial(self.mem, addr, len, dst, name)
    }

    /// The runtime's tables, locked.
    pub(crate) fn state(&self) -> WriteGuard<'_, State> {
        self.rt.lock()
    }

    /// The runtime's tables, for lookups only: calls on other threads may
    /// read them at the same time.
    pub(crate) fn state_read(&self) -> ReadGuard<'_, State> {
        self.rt.read()
    }

    /// The object behind `fd` (`EBADF` when none).
    pub(crate) fn object(&self, fd: u32) -> Result<Object, AbiError> {
        self.rt.read().get_fd(fd as i32)
    }

    /// Runs command `cmd`.
    pub(crate) fn dispatch(&mut self, cmd: u32) -> Result<i64, AbiError> {
        match cmd {
            BPF_MAP_CREATE => map::create(self),
            BPF_MAP_LOOKUP_ELEM => map::lookup_elem(self),
            BPF_MAP_UPDATE_ELEM => map::update_elem(self),
            BPF_MAP_DELETE_ELEM => map::delete_elem(self),
            BPF_MAP_GET_NEXT_KEY => map::get_next_key(self),
            BPF_MAP_LOOKUP_AND_DELETE_ELEM => map::lookup_and_delete_elem(self),
            BPF_MAP_FREEZE => map::freeze(self),
            BPF_MAP_LOOKUP_BATCH => map::batch(self, map::Batch::Lookup),
            BPF_MAP_LOOKUP_AND_DELETE_BATCH => map::batch(self, map::Batch::LookupAndDelete),
            BPF_MAP_UPDATE_BATCH => map::batch(self, map::Batch::Update),
            BPF_MAP_DELETE_BATCH => map::batch(self, map::Batch::Delete),
            BPF_PROG_LOAD => prog::load(self),
            BPF_PROG_TEST_RUN => prog::test_run(self),
            BPF_PROG_QUERY => prog::query(self),
            BPF_PROG_BIND_MAP => prog::bind_map(self),
            BPF_ENABLE_STATS => prog::enable_stats(self),
            BPF_PROG_STREAM_READ_BY_FD => prog::stream_read(self),
            BPF_BTF_LOAD => btf_obj::load(self),
            BPF_LINK_CREATE => link::create(self),
            BPF_LINK_UPDATE => link::update(self),
            BPF_LINK_DETACH => link::detach(self),
            BPF_OBJ_GET_INFO_BY_FD => {
                info::get_info_by_fd(self.rt, self.mem, self.uattr, self.attr, self.uattr_size)
            }
            BPF_MAP_GET_NEXT_ID => self.next_id(ObjectKind::Map),
            BPF_PROG_GET_NEXT_ID => self.next_id(ObjectKind::Prog),
            BPF_BTF_GET_NEXT_ID => self.next_id(ObjectKind::Btf),
            BPF_LINK_GET_NEXT_ID => self.next_id(ObjectKind::Link),
            BPF_MAP_GET_FD_BY_ID => self.fd_by_id(ObjectKind::Map),
            BPF_PROG_GET_FD_BY_ID => self.fd_by_id(ObjectKind::Prog),
            BPF_BTF_GET_FD_BY_ID => self.fd_by_id(ObjectKind::Btf),
            BPF_LINK_GET_FD_BY_ID => self.fd_by_id(ObjectKind::Link),
            BPF_OBJ_PIN => unmodelled::obj_pin(self),
            BPF_OBJ_GET => unmodelled::obj_get(self),
            BPF_PROG_ATTACH => unmodelled::prog_attach(self),
            BPF_PROG_DETACH => unmodelled::prog_detach(self),
            BPF_RAW_TRACEPOINT_OPEN => unmodelled::raw_tracepoint_open(self),
            BPF_TASK_FD_QUERY => unmodelled::task_fd_query(self),
            BPF_ITER_CREATE => unmodelled::iter_create(self),
            BPF_TOKEN_CREATE => unmodelled::token_create(self),
            // Every command of the table is handled above.
            _ => Err(err(errno::EOPNOTSUPP, "command not supported by the in-process runtime")),
        }
    }

    /// `BPF_*_GET_NEXT_ID`: the next live id after `start_id`, written to
    /// `next_id`.
    fn next_id(&mut self, kind: ObjectKind) -> Result<i64, AbiError> {
        let a: bpf_attr_get_id = self.attr()?;
        // bpf_obj_get_next_id: `next_id >= INT_MAX` is EINVAL.
        if a.start_id >= i32::MAX as u32 {
            return Err(AbiError::Invalid { what: "start_id >= INT_MAX" });
        }
        let next = self.state().next_id(kind, a.start_id)?;
        // bpf_obj_get_next_id: put_user(next_id, &uattr->next_id).
        self.put_attr(core::mem::offset_of!(bpf_attr_get_id, next_id), &next)?;
        Ok(0)
    }

    /// `BPF_*_GET_FD_BY_ID`: a new fd for the live object with the id.
    fn fd_by_id(&mut self, kind: ObjectKind) -> Result<i64, AbiError> {
        let a: bpf_attr_get_id = self.attr()?;
        // BPF_F_RDONLY | BPF_F_WRONLY are the only open flags, and only
        // maps take them.
        const OBJ_FLAG_MASK: u32 = BPF_F_RDONLY | BPF_F_WRONLY;
        let allowed = if kind == ObjectKind::Map { OBJ_FLAG_MASK } else { 0 };
        // BTF_GET_FD_BY_ID takes BPF_F_TOKEN_FD with fd_by_id_token_fd
        // (6.15): the token fd is looked up first (EBADF, EINVAL: the
        // runtime has no tokens).
        let token = BPF_F_TOKEN_FD;
        if kind == ObjectKind::Btf
            && self.rt.level >= super::release(6, 15)
            && a.open_flags & token != 0
        {
            if a.open_flags & !token != 0 {
                return Err(AbiError::Invalid { what: "bad open_flags" });
            }
            super::btf_obj::check_token_fd(self, a.fd_by_id_token_fd)?;
        }
        if a.open_flags & !allowed != 0 || a.open_flags == OBJ_FLAG_MASK {
            return Err(AbiError::Invalid { what: "bad open_flags" });
        }
        let mut state = self.state();
        let obj = state.by_id(kind, a.start_id)?;
        // A map fd keeps its access mode (map::create reads it back).
        state.install_fd_flags(obj, a.open_flags).map(i64::from)
    }
}
