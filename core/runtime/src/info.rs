//! `BPF_OBJ_GET_INFO_BY_FD`: one path for the four info structs.
//!
//! As the kernel's `bpf_*_get_info_by_fd`: `bpf_check_uarg_tail_zero`
//! (`E2BIG` past a page or for a non-zero tail past the struct), the
//! caller's struct read as input (some fields are in/out: array pointers
//! and counts), the object's info filled in, `min(info_len, size)` bytes
//! written back, and that count stored in `info.info_len`.

use core::mem::offset_of;

use super::call::Call;
use super::object::Object;
use extensible_abi::{AbiError, ExtensibleAbi};
use extensible_abi_bpf::attr::bpf_attr_info;

pub(crate) fn get_info_by_fd(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_info = c.attr()?;
    // The kernel's bpf_obj_get_info_by_fd: an fd that is not open is
    // EBADFD (77), not EBADF.
    let obj = c.object(a.bpf_fd).map_err(|e| match e.errno() {
        extensible_abi::errno::EBADF => AbiError::Errno {
            errno: extensible_abi::errno::EBADFD,
            what: "bad file descriptor (EBADFD)",
        },
        _ => e,
    })?;
    match obj {
        Object::Map(m) => info_of(c, &a, |c, input| m.info(c, input)),
        Object::Prog(p) => info_of(c, &a, |c, input| p.info(c, input)),
        Object::Btf(b) => info_of(c, &a, |c, input| b.info(c, input)),
        Object::Link(l) => info_of(c, &a, |c, input| l.info(c, input)),
        // A stats fd is no bpf object.
        Object::Stats => Err(AbiError::Invalid { what: "fd is not a bpf object" }),
    }
}

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
    c.finish_info(buf, &info, offset_of!(bpf_attr_info, info_len))?;
    Ok(0)
}
