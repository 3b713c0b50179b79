//! Object names (`map_name`, `prog_name`): the kernel's `bpf_obj_name_cpy`.

use extensible_abi::AbiError;
use extensible_abi_bpf::consts::BPF_OBJ_NAME_LEN;

/// The kernel's `bpf_obj_name_cpy` (kernel/bpf/syscall.c) for a
/// `char[BPF_OBJ_NAME_LEN]` attr field: the bytes up to the first NUL must
/// each be ASCII alphanumeric, `_` or `.`, and there must be a NUL within
/// the 16 bytes. The result holds the accepted bytes and zeros after them:
/// whatever follows the NUL in the caller's field is dropped, as the kernel
/// drops it.
///
/// `EINVAL` for a forbidden byte (checked in order, so a bad byte is found
/// before a missing NUL) or for 16 bytes without a NUL. An empty name (a
/// NUL first) is fine.
pub(crate) fn obj_name(name: &[u8; BPF_OBJ_NAME_LEN]) -> Result<[u8; BPF_OBJ_NAME_LEN], AbiError> {
    let mut out = [0u8; BPF_OBJ_NAME_LEN];
    for (i, &b) in name.iter().enumerate() {
        if b == 0 {
            return Ok(out);
        }
        // The kernel's isalnum() is the ASCII one (lib/ctype.c's table
        // marks no byte >= 0x80 alphanumeric).
        if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
            return Err(AbiError::Invalid {
                what: "object name has a byte other than [A-Za-z0-9_.]",
            });
        }
        out[i] = b;
    }
    Err(AbiError::Invalid { what: "object name has no NUL in its 16 bytes" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use extensible_abi::errno::EINVAL;

    fn field(s: &[u8]) -> [u8; 16] {
        let mut f = [0u8; 16];
        f[..s.len()].copy_from_slice(s);
        f
    }

    #[test]
    fn accepts_what_the_kernel_accepts() {
        assert_eq!(obj_name(&[0; 16]), Ok([0; 16]));
        assert_eq!(obj_name(&field(b"my_map.v2")), Ok(field(b"my_map.v2")));
        assert_eq!(obj_name(&field(b"abcdefghijklmno")), Ok(field(b"abcdefghijklmno")));
        // Bytes after the NUL are dropped, whatever they are.
        assert_eq!(obj_name(&field(b"ab\0-\xff")), Ok(field(b"ab")));
    }

    #[test]
    fn refuses_what_the_kernel_refuses() {
        for bad in [&b"a-b"[..], b"a b", b"\xe9t\xe9", b"x/y", b"abcdefghijklmnop"] {
            assert_eq!(obj_name(&field(bad)).unwrap_err().errno(), EINVAL, "{bad:?}");
        }
    }
}
