//! `BPF_OBJ_GET_INFO_BY_FD`: one path for the four info structs.
//!
//! As the kernel's `bpf_*_get_info_by_fd`: `bpf_check_uarg_tail_zero`
//! (`E2BIG` past a page or for a non-zero tail past the struct), the
//! caller's struct read as input (some fields are in/out: array pointers
//! and counts), the object's info filled in, `min(info_len, size)` bytes
//! written back, and that count stored in `info.info_len`.

use core::mem::{offset_of, size_of};
use std::sync::Arc;

use super::call::Call;
use super::object::Object;
use super::{Runtime, PAGE_SIZE};
use extensible_abi::user::{InfoBuf, UserMemory};
use extensible_abi::{AbiError, ExtensibleAbi};
use extensible_abi_bpf::attr::bpf_attr_info;
use extensible_abi_bpf::info::bpf_map_info;

/// `BPF_OBJ_GET_INFO_BY_FD` of the attr's bytes `attr` (the caller's,
/// after the uniform checks), generic over the memory: the map query,
/// which callers make all the time, runs on the memory's own copies, and
/// while the fd table is held rather than with a reference to the map
/// taken and dropped (an atomic increment and decrement of its count,
/// about 4 ns on the bench machine, a tenth of the call). Under the table:
/// the caller's buffer checked (a tail of at most a page) and read (at
/// most the struct's 104 bytes), the answer built; it is written after
/// the table is released. So a create or close on another thread waits
/// at most that long. A query for the values' hash, which reads the whole
/// map, takes a reference and releases the table first, as do the other
/// kinds, which go through [`Call`].
pub(crate) fn get_info_by_fd<M: UserMemory + ?Sized>(
    rt: &Runtime,
    mem: &mut M,
    uattr: u64,
    attr: &[u8],
    uattr_size: usize,
) -> Result<i64, AbiError> {
    // CHECK_ATTR already refused non-zero bytes past the last field, the
    // end of this struct at every level that has the command: a caller's
    // whole struct is a copy of a constant size.
    let a = match attr.get(..size_of::<bpf_attr_info>()) {
        Some(head) => {
            debug_assert!(extensible_abi::first_nonzero(&attr[head.len()..]).is_none());
            let mut a = bpf_attr_info::zeroed();
            extensible_abi::bytes_of_mut(&mut a).copy_from_slice(head);
            a
        }
        None => bpf_attr_info::from_partial_at(attr, rt.abi_level())
            .map_err(|_| AbiError::Invalid { what: "attr bytes past the command's struct" })?,
    };
    let state = rt.read();
    // The kernel's bpf_obj_get_info_by_fd: an fd that is not open is
    // EBADFD (77), not EBADF.
    let obj = state.get_fd_ref(a.bpf_fd as i32).map_err(|e| match e.errno() {
        extensible_abi::errno::EBADF => AbiError::Errno {
            errno: extensible_abi::errno::EBADFD,
            what: "bad file descriptor (EBADFD)",
        },
        _ => e,
    })?;
    let len_addr = uattr
        .checked_add(INFO_LEN_AT as u64)
        .ok_or(AbiError::Fault { addr: uattr, len: (INFO_LEN_AT + 4) as u64 });
    let Object::Map(m) = obj else {
        let obj = obj.clone();
        drop(state);
        let mut mem = mem;
        let c = &mut Call::new(rt, &mut mem, uattr, attr, uattr_size);
        return match obj {
            Object::Map(_) => unreachable!("answered below"),
            Object::Prog(p) => info_of(c, &a, |c, input| p.info(c, input)),
            Object::Btf(b) => info_of(c, &a, |c, input| b.info(c, input)),
            Object::Link(l) => info_of(c, &a, |c, input| l.info(c, input)),
            // A stats fd is no bpf object.
            Object::Stats => Err(AbiError::Invalid { what: "fd is not a bpf object" }),
        };
    };
    let level = rt.abi_level();
    let buf = InfoBuf::open_at::<bpf_map_info, _>(mem, a.info, a.info_len, PAGE_SIZE, level)?;
    let mut info = bpf_map_info::zeroed();
    buf.read_into(mem, &mut info)?;
    if info.hash == 0 {
        m.info_fields(level, &mut info)?;
        drop(state);
    } else {
        let m = Arc::clone(m);
        drop(state);
        let mut mem = &mut *mem;
        m.info(&mut Call::new(rt, &mut mem, uattr, attr, uattr_size), &mut info)?;
    }
    buf.write(mem, &info, len_addr?)?;
    Ok(0)
}

/// Where the attr's `info_len` is, written back with the length.
const INFO_LEN_AT: usize = offset_of!(bpf_attr_info, info_len);

/// The one info path, the framework's info-output rule
/// ([`InfoBuf`](extensible_abi::user::InfoBuf)): check the caller's
/// buffer, read its struct, let the object fill it, write back what fits,
/// report the length in `info.info_len`.
fn info_of<T: ExtensibleAbi>(
    c: &mut Call,
    a: &bpf_attr_info,
    fill: impl FnOnce(&mut Call, T) -> Result<T, AbiError>,
) -> Result<i64, AbiError> {
    let buf = c.open_info::<T>(a.info, a.info_len)?;
    let input: T = c.info_input(&buf)?;
    let info = fill(c, input)?;
    c.finish_info(buf, &info, INFO_LEN_AT)?;
    Ok(0)
}
