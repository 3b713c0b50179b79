//! Structs that carry their own size: a size field read by a declared
//! policy ([`read_sized`]), and a header `{version, size, total_size}`
//! ([`read_with_header`], [`read_header_array`]).

use core::mem::size_of;

use super::{check_zeroed, range_end, read_struct, UserMemory};
use crate::{bytes_of_mut, zeroed, AbiError, ExtensibleAbi, HeaderLayout, SizePolicy};

/// Reads the unsigned integer of `width` bytes at `addr` (a size field or
/// header member, in the machine's byte order).
fn read_uint<M: UserMemory + ?Sized>(mem: &M, addr: u64, width: usize) -> Result<u64, AbiError> {
    let mut b = [0u8; 8];
    let part = if cfg!(target_endian = "little") { &mut b[..width] } else { &mut b[8 - width..] };
    mem.read(addr, part)?;
    Ok(u64::from_ne_bytes(b))
}

/// `value` as the `width` bytes of an unsigned integer field, saturated
/// (a struct's size always fits the field a protocol gives it).
fn uint_bytes(value: u64, width: usize) -> [u8; 8] {
    let max = if width >= 8 { u64::MAX } else { (1u64 << (8 * width)) - 1 };
    let b = value.min(max).to_ne_bytes();
    let mut out = [0u8; 8];
    if cfg!(target_endian = "little") {
        out[..width].copy_from_slice(&b[..width]);
    } else {
        out[..width].copy_from_slice(&b[8 - width..]);
    }
    out
}

fn addr_at(addr: u64, offset: usize) -> Result<u64, AbiError> {
    range_end(addr, offset)
}

/// Reads a struct whose own size field (`#[abi(size_field = "...")]`)
/// says how long the caller's struct is, with the declared policy:
///
/// - [`SizePolicy::WriteBack`] (`sched_setattr`'s `sched_copy_attr`,
///   `perf_event_open`'s `perf_copy_attr`): a size of 0 means the first
///   version; a size below the first version or over `limit`, or a
///   non-zero byte past our size, is `E2BIG`, and our own size is then
///   written into the caller's size field (a fault of that write is
///   ignored, as the kernel ignores `put_user`'s);
/// - [`SizePolicy::Strict`] (`statmount`'s `mnt_id_req`): a size below the
///   first version (0 included) is `EINVAL`, over `limit` `E2BIG`, a
///   non-zero byte past ours `E2BIG`; nothing is written back;
/// - [`SizePolicy::Known`] (Windows' `cbSize`): only a size of the version
///   table is accepted, else `EINVAL`.
///
/// The first version is the struct's `min_version` where it declares one,
/// else its oldest. A fault reading the size field, or the struct, is
/// `EFAULT`; the struct is read as [`read_struct`] reads it (the tail
/// scanned before the struct, in the kernel's fault order). The struct
/// returned holds the caller's size field as the caller wrote it.
///
/// ```
/// use extensible_abi::{extensible_abi, user::{self, SimMemory, UserMemory}};
///
/// /// struct sched_attr's first two versions (Linux 3.14: 48 bytes; 5.3: 56).
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, Default)]
/// struct SchedAttr {
///     #[abi(since = "3.14", offset = 0, size_field = "write_back")] size: u32,
///     #[abi(since = "3.14", offset = 4)] policy: u32,
///     #[abi(since = "3.14", offset = 8)] flags: u64,
///     #[abi(since = "3.14", offset = 16)] rest: [u64; 4],
///     #[abi(since = "5.3", offset = 48)] util_min: u32,
///     #[abi(since = "5.3", offset = 52)] util_max: u32,
/// }
///
/// let mut mem = SimMemory::new();
/// // A 3.14 caller: 48 bytes, size 48, policy 1.
/// let mut bytes = [0u8; 48];
/// (bytes[0], bytes[4]) = (48, 1);
/// let old = mem.alloc_bytes(&bytes);
/// let attr: SchedAttr = user::read_sized(&mut mem, old, 4096).unwrap();
/// assert_eq!((attr.policy, attr.util_max), (1, 0));
/// // A size of 20: E2BIG, and the caller learns our size (56).
/// let bad = mem.alloc_bytes(&[20, 0, 0, 0]);
/// let err = user::read_sized::<SchedAttr, _>(&mut mem, bad, 4096).unwrap_err();
/// assert_eq!(err.errno(), 7);
/// assert_eq!(user::read_pod::<u32, _>(&mem, bad), Ok(56));
/// ```
pub fn read_sized<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &mut M,
    addr: u64,
    limit: usize,
) -> Result<T, AbiError> {
    let (field, policy) = const {
        match T::LAYOUT.size_field() {
            Some((f, p)) => (*f, p),
            None => panic!("read_sized needs a struct with `#[abi(size_field = \"...\")]`"),
        }
    };
    let at = addr_at(addr, field.offset)?;
    let size = read_uint(mem, at, field.size)?;
    let layout = T::LAYOUT;
    let first = layout.first_size() as u64;
    let out_of_range = |size: u64| AbiError::SizeOutOfRange {
        name: layout.name,
        size,
        min: first as usize,
        max: limit,
    };
    match policy {
        SizePolicy::WriteBack => {
            let size = if size == 0 { first } else { size };
            let result = if size < first || size > limit as u64 {
                Err(out_of_range(size))
            } else {
                read_struct::<T, M>(mem, addr, size as usize)
            };
            if let Err(e) = result {
                if e.errno() == crate::errno::E2BIG {
                    let ours = uint_bytes(size_of::<T>() as u64, field.size);
                    let _ = mem.write(at, &ours[..field.size]);
                }
            }
            result
        }
        SizePolicy::Strict => {
            if size < first {
                return Err(AbiError::TooShort {
                    name: layout.name,
                    len: size.min(usize::MAX as u64) as usize,
                    min: first as usize,
                });
            }
            if size > limit as u64 {
                return Err(out_of_range(size));
            }
            read_struct(mem, addr, size as usize)
        }
        SizePolicy::Known => {
            if !layout.versions.iter().any(|v| v.size as u64 == size) {
                return Err(AbiError::Invalid { what: "a size no version of the struct has" });
            }
            read_struct(mem, addr, size as usize)
        }
    }
}

/// How a header's size is judged ([`read_with_header`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderRule {
    /// Linux's rule applied to headers, this framework's: an older writer's
    /// size (at least the first version's) is accepted and the fields it
    /// lacks read as zero; a newer writer's is accepted when the bytes we
    /// do not know, up to its size, are zero (else `E2BIG`).
    Extensible,
    /// eBPF-for-Windows' shipped rule: the size must be the end of one of
    /// the version table's versions (its hand-kept lists, taken from the
    /// table), so a newer writer is refused (`EINVAL`).
    KnownSizes,
}

/// The header of the struct at `addr`, checked: version, and `size <=
/// total_size <= limit` before anything past the header is touched.
/// Returns `(size, total_size)`.
fn read_header<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    limit: usize,
    rule: HeaderRule,
) -> Result<(usize, usize), AbiError> {
    let h: HeaderLayout = const {
        match T::LAYOUT.header() {
            Some(h) => h,
            None => panic!("the struct declares no header (`#[abi(header = \"...\")]`)"),
        }
    };
    let layout = T::LAYOUT;
    if let (Some((off, width)), Some(want)) = (h.version, layout.header_version) {
        let version = read_uint(mem, addr_at(addr, off)?, width)?;
        if version != u64::from(want) {
            return Err(AbiError::Invalid { what: "a header version this struct does not have" });
        }
    }
    let size = read_uint(mem, addr_at(addr, h.size.0)?, h.size.1)?;
    let total = read_uint(mem, addr_at(addr, h.total_size.0)?, h.total_size.1)?;
    // eBPF-for-Windows #5552: total_size is a stride and a copy length, so
    // it is bounded before it is used for either.
    if total < size {
        return Err(AbiError::Invalid { what: "a header's total_size below its size" });
    }
    if total > limit as u64 {
        return Err(AbiError::Invalid { what: "a header's total_size over the limit" });
    }
    let (size, total) = (size as usize, total as usize);
    let first = layout.version_end(layout.oldest().number).max(h.end);
    match rule {
        HeaderRule::Extensible if size < first => {
            Err(AbiError::TooShort { name: layout.name, len: size, min: first })
        }
        HeaderRule::KnownSizes
            if !layout.versions.iter().any(|v| layout.version_end(v.number) == size) =>
        {
            Err(AbiError::Invalid { what: "a header size no version of the struct has" })
        }
        _ => Ok((size, total)),
    }
}

/// Reads a struct that starts with (or nests) a header `{version, size,
/// total_size}`: eBPF-for-Windows' `ebpf_extension_header_t`, where
/// `size` is the end of the last field the writer knows and `total_size`
/// its `sizeof`.
///
/// In this order, before any byte past the header is read:
/// - the version must be `#[abi(header_version = N)]`'s (`EINVAL`);
/// - `total_size` below `size`, or over `limit`, is `EINVAL` (the
///   eBPF-for-Windows #5552 case: an unbounded `total_size` used as a
///   stride and copy length);
/// - the size is judged by `rule` ([`HeaderRule`]).
///
/// Then the writer's first `min(size, ours)` bytes are read and the rest
/// of the struct is zero. A fault anywhere is `EFAULT`.
///
/// ```
/// use extensible_abi::{extensible_abi, user::{self, HeaderRule, SliceMemory}};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, Default)]
/// struct Header {
///     #[abi(since = 1, offset = 0, header = "version")] version: u16,
///     #[abi(since = 1, offset = 2)] _pad: [u8; 6],
///     #[abi(since = 1, offset = 8, header = "size")] size: u64,
///     #[abi(since = 1, offset = 16, header = "total_size")] total_size: u64,
/// }
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, Default)]
/// #[abi(header_version = 1)]
/// struct Prototype {
///     #[abi(since = 1, offset = 0, header)] header: Header,
///     #[abi(since = 1, offset = 24)] id: u32,
///     #[abi(since = 2, offset = 28)] flags: u32,
/// }
///
/// // A version-1 writer: size 28 (through `id`), total 32 (its sizeof).
/// let mut buf = [0u8; 32];
/// buf[0] = 1;
/// buf[8] = 28;
/// buf[16] = 32;
/// buf[24] = 7;
/// let mem = SliceMemory::new(0x1000, &mut buf);
/// let p: Prototype = user::read_with_header(&mem, 0x1000, 4096, HeaderRule::Extensible).unwrap();
/// assert_eq!((p.id, p.flags), (7, 0));
/// ```
pub fn read_with_header<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    limit: usize,
    rule: HeaderRule,
) -> Result<T, AbiError> {
    let (size, _) = read_header::<T, M>(mem, addr, limit, rule)?;
    read_body(mem, addr, size)
}

/// The struct whose writer's size is `size`: the bytes we do not know,
/// up to `size`, must be zero (`E2BIG`); the rest is read, and zero-filled.
fn read_body<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    size: usize,
) -> Result<T, AbiError> {
    let known = T::LAYOUT.version_end(T::LAYOUT.newest().number);
    if size > known {
        let tail = addr_at(addr, known)?;
        if let Some(i) = check_zeroed(mem, tail, size - known)? {
            return Err(AbiError::NonZeroTail {
                name: T::LAYOUT.name,
                size: known,
                offset: known + i,
            });
        }
    }
    let mut value: T = zeroed();
    let n = size.min(known);
    mem.read(addr, &mut bytes_of_mut(&mut value)[..n])?;
    Ok(value)
}

/// Reads an array of header-carrying structs at `addr` into `out`, walked
/// the way eBPF-for-Windows walks them, with `total_size` as the stride,
/// but bounded: the first element's header is checked as
/// [`read_with_header`] checks it before its `total_size` is used as the
/// stride, every element is read with the same checks, and an element
/// whose `total_size` is not the stride is `EINVAL` (elements of one array
/// have one type). The stride times the count must stay in the address
/// space (`EFAULT`).
pub fn read_header_array<T: ExtensibleAbi, M: UserMemory + ?Sized>(
    mem: &M,
    addr: u64,
    out: &mut [T],
    limit: usize,
    rule: HeaderRule,
) -> Result<(), AbiError> {
    if out.is_empty() {
        return Ok(());
    }
    let (_, stride) = read_header::<T, M>(mem, addr, limit, rule)?;
    let span = stride.checked_mul(out.len()).ok_or(AbiError::Fault { addr, len: u64::MAX })?;
    range_end(addr, span)?;
    for (i, slot) in out.iter_mut().enumerate() {
        let at = addr + (i * stride) as u64;
        let (size, total) = read_header::<T, M>(mem, at, limit, rule)?;
        if total != stride {
            return Err(AbiError::Invalid { what: "array elements with different total_size" });
        }
        *slot = read_body(mem, at, size)?;
    }
    Ok(())
}
