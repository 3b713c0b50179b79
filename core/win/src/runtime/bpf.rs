//! eBPF-for-Windows' `bpf(cmd, attr, size)` (v1.5.0
//! `libs/api/bpf_syscall.cpp`): the commands this profile models.

use core::mem::size_of;

use extensible_abi::user::{self, InfoBuf, UserMemory};
use extensible_abi::{bytes_of, bytes_of_mut, zeroed, ExtensibleAbi};

use super::info::{LenOut, NativeInfo, LINUX_MAX_INFO_LEN};
use super::{Error, MapCreateOpts, Object, Runtime};
use crate::consts::cmd::*;
use crate::sys::{
    sys_bpf_link_info_t, sys_bpf_map_create_attr_t, sys_bpf_map_info_t, sys_bpf_map_lookup_attr_t,
    sys_bpf_obj_info_attr_t, sys_bpf_prog_info_t, sys_bpf_prog_load_attr_t,
};
use crate::Rule;

/// `sizeof(union bpf_attr)` in v1.5.0: its largest member, `prog_load`.
pub const BPF_ATTR_SIZE: usize = 144;

/// What the Pre-#4286 rule's `bpf()` holds in the bytes of a short attr
/// or info struct the caller did not pass: Release-v0.20.0's
/// `ExtensibleStruct` left its temporary uninitialized (stack garbage on
/// Windows), modelled as this byte.
pub const UNINITIALIZED: u8 = 0xA5;

impl Runtime {
    /// eBPF-for-Windows' `bpf(cmd, attr, size)`: the command's result (0,
    /// or a new fd), or the error `bpf()` returns negated.
    ///
    /// Modelled: `BPF_MAP_CREATE`, `BPF_MAP_LOOKUP_ELEM`,
    /// `BPF_MAP_UPDATE_ELEM`, `BPF_PROG_LOAD`, `BPF_OBJ_GET_INFO_BY_FD`,
    /// each with v1.5.0's checks and the runtime [`Rule`]'s reading of
    /// `attr` (see [`Rule`]). Every other command, `BPF_LINK_CREATE`
    /// included, is `-EINVAL`, as v1.5.0 answers a command it does not
    /// know (the ones it knows and this profile does not model answer so
    /// too).
    ///
    /// ```
    /// use extensible_abi::user::{self, SimMemory};
    /// use extensible_abi_win::sys::sys_bpf_obj_info_attr_t;
    /// use extensible_abi_win::{consts::map_type, release, MapCreateOpts, Rule, Runtime};
    ///
    /// let rt = Runtime::new(release(1, 5), Rule::V1_5);
    /// let fd = rt.map_create(map_type::ARRAY, b"m", 4, 8, 1, MapCreateOpts::default()).unwrap();
    /// let mut mem = SimMemory::new();
    /// let info = mem.alloc(104); // Linux 6.18's struct bpf_map_info
    /// let attr = sys_bpf_obj_info_attr_t { bpf_fd: fd as u32, info_len: 104, info };
    /// let at = mem.alloc_bytes(extensible_abi::bytes_of(&attr));
    /// assert_eq!(rt.bpf(&mut mem, 15, at, 16), Ok(0));
    /// // v1.5.0 never writes info_len back: the caller still sees 104.
    /// assert_eq!(user::read_pod::<u32, _>(&mem, at + 4), Ok(104));
    /// ```
    pub fn bpf<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        cmd: u32,
        attr: u64,
        size: u32,
    ) -> Result<i64, Error> {
        let rule = self.rule();
        match cmd {
            BPF_MAP_CREATE => {
                let a: sys_bpf_map_create_attr_t = read_attr(mem, attr, size, rule)?;
                let name = c_name(&a.map_name).ok_or(Error::EINVAL)?;
                let opts = MapCreateOpts {
                    inner_map_fd: a.inner_map_fd,
                    map_flags: a.map_flags,
                    numa_node: a.numa_node,
                    map_ifindex: a.map_ifindex,
                };
                let fd = self.map_create(
                    a.map_type,
                    name,
                    a.key_size,
                    a.value_size,
                    a.max_entries,
                    opts,
                )?;
                Ok(fd.into())
            }
            BPF_MAP_LOOKUP_ELEM => {
                let a: sys_bpf_map_lookup_attr_t = read_attr(mem, attr, size, rule)?;
                if a.flags != 0 {
                    return Err(Error::EINVAL);
                }
                self.map_lookup_elem(mem, a.map_fd as i32, a.key, a.value).map(|()| 0)
            }
            BPF_MAP_UPDATE_ELEM => {
                let a: sys_bpf_map_lookup_attr_t = read_attr(mem, attr, size, rule)?;
                self.map_update_elem(mem, a.map_fd as i32, a.key, a.value, a.flags).map(|()| 0)
            }
            BPF_PROG_LOAD => self.bpf_prog_load(mem, attr, size, rule),
            BPF_OBJ_GET_INFO_BY_FD => self.bpf_obj_get_info(mem, attr, size, rule).map(|()| 0),
            _ => Err(Error::EINVAL),
        }
    }

    fn bpf_prog_load<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        attr: u64,
        size: u32,
        rule: Rule,
    ) -> Result<i64, Error> {
        let a: sys_bpf_prog_load_attr_t = read_attr(mem, attr, size, rule)?;
        // check_zero(prog_ifindex .. log_true_size): the Linux fields it
        // does not support.
        if bytes_of(&a)[64..140].iter().any(|&b| b != 0)
            || a.prog_flags != 0
            || a.log_level > 1
            || (a.log_level != 0) != (a.log_buf != 0)
            || crate::consts::prog_type::guid(a.prog_type).is_none()
        {
            return Err(Error::EINVAL);
        }
        let name = c_name(&a.prog_name).ok_or(Error::EINVAL)?;
        let fd = self.prog_load(
            mem,
            a.prog_type,
            name,
            a.insns,
            a.insn_cnt.into(),
            a.log_buf,
            a.log_size.into(),
        )?;
        // #4360 writes log_true_size back (in place: a caller whose attr
        // reaches it); no verifier runs here, so there is no log.
        if rule != Rule::Pre4286 && size as usize >= BPF_ATTR_SIZE {
            user::write_pod(mem, attr.wrapping_add(140), &0u32)?;
        }
        Ok(fd.into())
    }

    fn bpf_obj_get_info<M: UserMemory + ?Sized>(
        &self,
        mem: &mut M,
        attr: u64,
        size: u32,
        rule: Rule,
    ) -> Result<(), Error> {
        let mut a: sys_bpf_obj_info_attr_t = read_attr(mem, attr, size, rule)?;
        // ebpf_object_get_info_by_fd(fd, NULL, 0, &type): the type first.
        let obj = self.object(a.bpf_fd as i32)?;
        match rule {
            // Release-v0.20.0: bpf_obj_get_info_by_fd(fd, info, &attr->info_len)
            // on the native struct.
            Rule::Pre4286 => {
                if a.info == 0 {
                    return Err(Error::INVAL);
                }
                if size as usize >= size_of::<sys_bpf_obj_info_attr_t>() {
                    let out = LenOut::User(attr.wrapping_add(4));
                    self.native_info(mem, &obj, a.info, a.info_len, rule, out)?;
                } else {
                    // The attr is a temporary; its first `size` bytes are
                    // copied back when the call returns.
                    let n =
                        self.native_info(mem, &obj, a.info, a.info_len, rule, LenOut::Returned)?;
                    a.info_len = n;
                    user::write_struct(mem, attr, size as usize, &a)?;
                }
                Ok(())
            }
            Rule::V1_5 => {
                let len = a.info_len;
                match &obj {
                    Object::Map(_) => {
                        let mut sys: sys_bpf_map_info_t = read_extensible(mem, a.info, len, rule)?;
                        self.native_full(mem, &obj, 0, 0, rule)?.convert_map(&mut sys);
                        user::write_struct(mem, a.info, len as usize, &sys)?;
                    }
                    Object::Prog(_) => {
                        let sys: sys_bpf_prog_info_t = read_extensible(mem, a.info, len, rule)?;
                        unsupported_prog_fields(&sys)?;
                        let native =
                            self.native_full(mem, &obj, sys.nr_map_ids, sys.map_ids, rule)?;
                        user::write_struct(mem, a.info, len as usize, &native.convert_prog())?;
                    }
                    Object::Link(_) => {
                        let mut sys: sys_bpf_link_info_t = read_extensible(mem, a.info, len, rule)?;
                        self.native_full(mem, &obj, 0, 0, rule)?.convert_link(&mut sys);
                        user::write_struct(mem, a.info, len as usize, &sys)?;
                    }
                }
                Ok(())
            }
            Rule::Linux => {
                let len_addr = attr.wrapping_add(4);
                let (info, len) = (a.info, a.info_len);
                match &obj {
                    Object::Map(_) => {
                        let buf = open::<sys_bpf_map_info_t, M>(mem, info, len)?;
                        let mut sys = sys_bpf_map_info_t::default();
                        self.native_full(mem, &obj, 0, 0, rule)?.convert_map(&mut sys);
                        buf.write(mem, &sys, len_addr)?;
                    }
                    Object::Prog(_) => {
                        let buf = open::<sys_bpf_prog_info_t, M>(mem, info, len)?;
                        let input: sys_bpf_prog_info_t = buf.read(mem)?;
                        unsupported_prog_fields(&input)?;
                        let native: NativeInfo =
                            self.native_full(mem, &obj, input.nr_map_ids, input.map_ids, rule)?;
                        buf.write(mem, &native.convert_prog(), len_addr)?;
                    }
                    Object::Link(_) => {
                        let buf = open::<sys_bpf_link_info_t, M>(mem, info, len)?;
                        let mut sys = sys_bpf_link_info_t::default();
                        self.native_full(mem, &obj, 0, 0, rule)?.convert_link(&mut sys);
                        buf.write(mem, &sys, len_addr)?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The Linux rule's info buffer: Linux's limit, then its tail check.
fn open<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    info: u64,
    len: u32,
) -> Result<InfoBuf, Error> {
    Ok(InfoBuf::open::<T, M>(mem, info, len, LINUX_MAX_INFO_LEN)?)
}

/// `bpf()` refuses a program info query that asks for what it does not
/// have: `jited_prog_len`, `xlated_prog_len`, `jited_prog_insns`,
/// `xlated_prog_insns` must be 0.
fn unsupported_prog_fields(sys: &sys_bpf_prog_info_t) -> Result<(), Error> {
    if sys.jited_prog_len != 0
        || sys.xlated_prog_len != 0
        || sys.jited_prog_insns != 0
        || sys.xlated_prog_insns != 0
    {
        return Err(Error::EINVAL);
    }
    Ok(())
}

/// The bytes of a fixed-size C name before its NUL; `None` when it has no
/// NUL (`is_valid_name`).
fn c_name(name: &[u8]) -> Option<&[u8]> {
    name.iter().position(|&b| b == 0).map(|n| &name[..n])
}

/// `attr` as `rule`'s `bpf()` reads it: `ExtensibleStruct` (v1.5.0, and
/// Release-v0.20.0 with its uninitialized temporary) or Linux's
/// `copy_from_user` of `union bpf_attr` with its checks.
fn read_attr<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    attr: u64,
    size: u32,
    rule: Rule,
) -> Result<T, Error> {
    match rule {
        Rule::Linux => {
            // bpf_check_uarg_tail_zero: over a page or a non-zero byte past
            // the union is E2BIG; CHECK_ATTR: a non-zero byte past the
            // command's last field, within the union, is EINVAL.
            user::check_limit(size as usize, LINUX_MAX_INFO_LEN)?;
            let mut union = [0u8; BPF_ATTR_SIZE];
            user::read_partial(mem, attr, size as usize, &mut union, "union bpf_attr")?;
            let known = size_of::<T>();
            if union[known..].iter().any(|&b| b != 0) {
                return Err(Error::EINVAL);
            }
            Ok(T::from_partial(&union[..known])?)
        }
        _ => read_extensible(mem, attr, size, rule),
    }
}

/// `ExtensibleStruct<T>(pointer, size)`: `size >= sizeof(T)` needs the
/// bytes past `T` zero (else the `catch` makes it `-EINVAL`); a shorter
/// one is copied into a temporary, zero-initialized since #4360 and
/// uninitialized before ([`UNINITIALIZED`], under the Pre-#4286 rule).
fn read_extensible<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    size: u32,
    rule: Rule,
) -> Result<T, Error> {
    let known = size_of::<T>();
    let size = size as usize;
    if size >= known {
        if user::check_zeroed(mem, addr.wrapping_add(known as u64), size - known)?.is_some() {
            return Err(Error::EINVAL);
        }
        return Ok(user::read_struct::<T, M>(mem, addr, known)?);
    }
    let mut value: T = zeroed();
    if rule == Rule::Pre4286 {
        bytes_of_mut(&mut value).fill(UNINITIALIZED);
    }
    user::read_partial(mem, addr, size, &mut bytes_of_mut(&mut value)[..size], T::LAYOUT.name)?;
    Ok(value)
}
