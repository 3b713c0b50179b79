//! A reader for BTF, the BPF Type Format: the blob `BPF_BTF_LOAD` takes and
//! `/sys/kernel/btf/vmlinux` holds.
//!
//! [`Btf::parse`] validates a blob the way the kernel's `btf_parse()` does
//! before it looks at what the types mean: the header (`btf_parse_hdr`,
//! `btf_check_sec_info`), the string section (`btf_parse_str_sec`), the type
//! section's alignment and the framing of every type record
//! (`btf_check_meta`: record sizes, kinds, `info` bits, name offsets). Each
//! failure is an [`AbiError`] with the errno the kernel returns. The
//! per-kind semantic checks of `btf_check_all_types` (an `INT`'s encoding,
//! member offsets inside the struct size, resolvable type ids…) are not
//! repeated here.
//!
//! Parsing and iteration borrow the blob and allocate nothing: type
//! records are decoded lazily from the `&[u8]`. [`Btf::type_by_id`] walks the
//! type section; with the `alloc` feature, `BtfIndex` finds a type by id in
//! constant time.
//!
//! The header is itself an extensible struct: `hdr_len` says how long the
//! writer's header is, and the kernel reads it with `copy_struct_from_user`
//! rules, so [`BtfHeader`] is an `#[extensible_abi]` struct read with
//! [`ExtensibleAbi::from_partial`].
//!
//! ```
//! use extensible_abi_bpf::btf::{Btf, Kind, Types};
//!
//! // One type, `int`, and the string table "\0int\0".
//! let mut blob = Vec::new();
//! for word in [0xeb9f_u32 | 1 << 16, 24, 0, 16, 16, 5] {
//!     blob.extend_from_slice(&word.to_ne_bytes());
//! }
//! for word in [1_u32, (Kind::Int as u32) << 24, 4, 32] {
//!     blob.extend_from_slice(&word.to_ne_bytes());
//! }
//! blob.extend_from_slice(b"\0int\0");
//!
//! let btf = Btf::parse(&blob).unwrap();
//! let int = btf.find_by_name(Kind::Int, "int").unwrap();
//! assert_eq!(int.id(), 1);
//! assert_eq!(btf.size_of(int.id()), Some(4));
//! ```

use core::fmt;
use core::mem::size_of;

use extensible_abi::{extensible_abi, AbiError, ExtensibleAbi};

/// `BTF_MAGIC`: the first two bytes of a BTF blob, in native byte order.
pub const BTF_MAGIC: u16 = 0xeb9f;
/// `BTF_VERSION`: the only version there is.
pub const BTF_VERSION: u8 = 1;
/// The largest blob `BPF_BTF_LOAD` accepts (the kernel's `BTF_MAX_SIZE`);
/// longer is `E2BIG`.
pub const BTF_MAX_SIZE: usize = 16 * 1024 * 1024;
/// The largest string offset a name may have (`BTF_MAX_NAME_OFFSET`).
pub const BTF_MAX_NAME_OFFSET: u32 = 0x00ff_ffff;
/// One more than the largest type id (`BTF_MAX_TYPE`).
pub const BTF_MAX_TYPE: u32 = 0x000f_ffff;
/// The kernel-internal `ENOTSUPP` (not `EOPNOTSUPP`), which `BPF_BTF_LOAD`
/// returns to user space for an unsupported header version or flags.
pub use extensible_abi::errno::ENOTSUPP;

/// Bits of `btf_type.info` that mean something: vlen (0-15), kind (24-28),
/// kind_flag (31). The kernel's `BTF_INFO_MASK`.
const BTF_INFO_MASK: u32 = 0x9f00_ffff;
/// `sizeof(struct btf_type)`.
const TYPE_HEADER_LEN: usize = 12;
/// How many typedef/array/modifier links a size or modifier resolution
/// follows (the kernel's `MAX_RESOLVE_DEPTH`).
const MAX_RESOLVE_DEPTH: usize = 32;

/// `struct btf_header`, the head of every BTF blob.
///
/// Its own `hdr_len` says how many bytes of header the writer used: a
/// shorter header reads with zero for the missing fields, a longer one only
/// if the part past this struct is all zero (else `E2BIG`), exactly as
/// [`ExtensibleAbi::from_partial`] reads it.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BtfHeader {
    /// [`BTF_MAGIC`].
    #[abi(since = "4.18", offset = 0)]
    pub magic: u16,
    /// [`BTF_VERSION`].
    #[abi(since = "4.18", offset = 2)]
    pub version: u8,
    /// Must be zero.
    #[abi(since = "4.18", offset = 3)]
    pub flags: u8,
    /// The length of this header as the writer knew it.
    #[abi(since = "4.18", offset = 4)]
    pub hdr_len: u32,
    /// Offset of the type section, from the end of the header.
    #[abi(since = "4.18", offset = 8)]
    pub type_off: u32,
    /// Length of the type section.
    #[abi(since = "4.18", offset = 12)]
    pub type_len: u32,
    /// Offset of the string section, from the end of the header.
    #[abi(since = "4.18", offset = 16)]
    pub str_off: u32,
    /// Length of the string section.
    #[abi(since = "4.18", offset = 20)]
    pub str_len: u32,
}

/// The kind of a BTF type record (`BTF_KIND_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
#[allow(missing_docs)] // The names are the kernel's.
pub enum Kind {
    Int = 1,
    Ptr = 2,
    Array = 3,
    Struct = 4,
    Union = 5,
    Enum = 6,
    Fwd = 7,
    Typedef = 8,
    Volatile = 9,
    Const = 10,
    Restrict = 11,
    Func = 12,
    FuncProto = 13,
    Var = 14,
    Datasec = 15,
    Float = 16,
    DeclTag = 17,
    TypeTag = 18,
    Enum64 = 19,
}

impl Kind {
    /// The kind numbered `raw` (`BTF_INFO_KIND(info)`); `None` for 0
    /// (`BTF_KIND_UNKN`) and anything past `BTF_KIND_MAX`.
    pub const fn from_raw(raw: u32) -> Option<Kind> {
        Some(match raw {
            1 => Kind::Int,
            2 => Kind::Ptr,
            3 => Kind::Array,
            4 => Kind::Struct,
            5 => Kind::Union,
            6 => Kind::Enum,
            7 => Kind::Fwd,
            8 => Kind::Typedef,
            9 => Kind::Volatile,
            10 => Kind::Const,
            11 => Kind::Restrict,
            12 => Kind::Func,
            13 => Kind::FuncProto,
            14 => Kind::Var,
            15 => Kind::Datasec,
            16 => Kind::Float,
            17 => Kind::DeclTag,
            18 => Kind::TypeTag,
            19 => Kind::Enum64,
            _ => return None,
        })
    }

    /// How many bytes follow the 12-byte `struct btf_type` in a record of
    /// this kind with `vlen` entries.
    pub const fn extra_len(self, vlen: u16) -> usize {
        let n = vlen as usize;
        match self {
            // __u32 encoding/offset/bits; __u32 linkage; __s32 component_idx
            Kind::Int | Kind::Var | Kind::DeclTag => 4,
            // struct btf_array
            Kind::Array => 12,
            // struct btf_member, struct btf_var_secinfo, struct btf_enum64
            Kind::Struct | Kind::Union | Kind::Datasec | Kind::Enum64 => 12 * n,
            // struct btf_enum, struct btf_param
            Kind::Enum | Kind::FuncProto => 8 * n,
            Kind::Ptr
            | Kind::Fwd
            | Kind::Typedef
            | Kind::Volatile
            | Kind::Const
            | Kind::Restrict
            | Kind::Func
            | Kind::Float
            | Kind::TypeTag => 0,
        }
    }

    /// Whether `btf_type.size` is a size (else it is a type id, or unused).
    pub const fn has_size(self) -> bool {
        matches!(
            self,
            Kind::Int
                | Kind::Struct
                | Kind::Union
                | Kind::Enum
                | Kind::Datasec
                | Kind::Float
                | Kind::Enum64
        )
    }

    /// Whether `btf_type.type` refers to another type.
    pub const fn has_type(self) -> bool {
        matches!(
            self,
            Kind::Ptr
                | Kind::Typedef
                | Kind::Volatile
                | Kind::Const
                | Kind::Restrict
                | Kind::Func
                | Kind::FuncProto
                | Kind::Var
                | Kind::DeclTag
                | Kind::TypeTag
        )
    }

    /// Whether the kind only qualifies or renames another type: the links
    /// [`Types::skip_modifiers`] follows.
    pub const fn is_modifier(self) -> bool {
        matches!(
            self,
            Kind::Typedef | Kind::Volatile | Kind::Const | Kind::Restrict | Kind::TypeTag
        )
    }

    /// `struct` or `union`.
    pub const fn is_aggregate(self) -> bool {
        matches!(self, Kind::Struct | Kind::Union)
    }

    /// The kernel's name for the kind (`"STRUCT"`, `"FUNC_PROTO"`).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Int => "INT",
            Kind::Ptr => "PTR",
            Kind::Array => "ARRAY",
            Kind::Struct => "STRUCT",
            Kind::Union => "UNION",
            Kind::Enum => "ENUM",
            Kind::Fwd => "FWD",
            Kind::Typedef => "TYPEDEF",
            Kind::Volatile => "VOLATILE",
            Kind::Const => "CONST",
            Kind::Restrict => "RESTRICT",
            Kind::Func => "FUNC",
            Kind::FuncProto => "FUNC_PROTO",
            Kind::Var => "VAR",
            Kind::Datasec => "DATASEC",
            Kind::Float => "FLOAT",
            Kind::DeclTag => "DECL_TAG",
            Kind::TypeTag => "TYPE_TAG",
            Kind::Enum64 => "ENUM64",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads the native-endian `u32` at `off`; the caller checked the bounds.
#[inline]
fn u32_at(bytes: &[u8], off: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[off..off + 4]);
    u32::from_ne_bytes(word)
}

const fn invalid(what: &'static str) -> AbiError {
    AbiError::Invalid { what }
}

/// A validated BTF blob: its header, type section and string section.
///
/// Copy it freely: it only borrows the blob.
#[derive(Clone, Copy)]
pub struct Btf<'a> {
    header: BtfHeader,
    types: &'a [u8],
    strings: &'a [u8],
    nr_types: u32,
}

impl fmt::Debug for Btf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Btf")
            .field("header", &self.header)
            .field("nr_types", &self.nr_types)
            .finish()
    }
}

impl<'a> Btf<'a> {
    /// Validates the header of `data` as the kernel's `btf_parse_hdr()`
    /// does, in its order, and returns the header as the kernel reads it.
    ///
    /// - fewer than 8 bytes (no `hdr_len`), or fewer than `hdr_len`:
    ///   `EINVAL`;
    /// - `hdr_len` longer than [`BtfHeader`] with a non-zero byte past it:
    ///   `E2BIG` ([`AbiError::NonZeroTail`]);
    /// - the first `hdr_len` bytes are read with `from_partial` rules; then
    ///   a bad magic is `EINVAL`, a version other than 1 or non-zero flags
    ///   [`ENOTSUPP`];
    /// - nothing after the header: `EINVAL`;
    /// - sections (`btf_check_sec_info`): each must start inside the data,
    ///   with no gap, no overlap and no data after the last: `EINVAL`.
    pub fn parse_header(data: &[u8]) -> Result<BtfHeader, AbiError> {
        if data.len() < 8 {
            return Err(invalid("BTF: hdr_len not found"));
        }
        let hdr_len = u32_at(data, 4) as usize;
        if data.len() < hdr_len {
            return Err(invalid("BTF: btf_header not found"));
        }
        let hdr = BtfHeader::from_partial(&data[..hdr_len])?;
        if hdr.magic != BTF_MAGIC {
            return Err(invalid("BTF: invalid magic"));
        }
        if hdr.version != BTF_VERSION {
            return Err(AbiError::Errno { errno: ENOTSUPP, what: "BTF: unsupported version" });
        }
        if hdr.flags != 0 {
            return Err(AbiError::Errno { errno: ENOTSUPP, what: "BTF: unsupported flags" });
        }
        // The kernel compares with the header as copied, whose `hdr_len`
        // may itself have been cut short.
        let size = data.len() as u64;
        if size == u64::from(hdr.hdr_len) {
            return Err(invalid("BTF: no data"));
        }
        Self::check_sections(&hdr, size)?;
        Ok(hdr)
    }

    /// `btf_check_sec_info()`: the type and string sections, sorted by
    /// offset, must tile the data after the header exactly.
    fn check_sections(hdr: &BtfHeader, size: u64) -> Result<(), AbiError> {
        let mut secs = [(hdr.type_off, hdr.type_len), (hdr.str_off, hdr.str_len)];
        if secs[1] < secs[0] {
            secs.swap(0, 1);
        }
        // `size` fits in u32 for any blob the kernel copies; compute in u64
        // so a larger slice cannot wrap.
        let expected = size.saturating_sub(u64::from(hdr.hdr_len));
        let mut total = 0u64;
        for (off, len) in secs {
            let (off, len) = (u64::from(off), u64::from(len));
            if expected < off {
                return Err(invalid("BTF: invalid section offset"));
            }
            if total < off {
                return Err(invalid("BTF: unsupported section found (a gap)"));
            }
            if total > off {
                return Err(invalid("BTF: section overlap found"));
            }
            if expected - total < len {
                return Err(invalid("BTF: total section length too long"));
            }
            total += len;
        }
        if expected != total {
            return Err(invalid("BTF: unsupported section found (data after the sections)"));
        }
        Ok(())
    }

    /// Validates a whole base BTF blob (not split BTF, which extends a base
    /// like vmlinux) and returns a view of it.
    ///
    /// In the kernel's order: longer than [`BTF_MAX_SIZE`] is `E2BIG`; then
    /// [`Btf::parse_header`]; the string section must end the data, be
    /// non-empty, start and end with a NUL and be at most
    /// [`BTF_MAX_NAME_OFFSET`] + 1 long; the type section must be 4-byte
    /// aligned and non-empty, and its records must frame it exactly, each
    /// with a known kind, no unknown `info` bits and a name offset inside
    /// the string section (all `EINVAL`); more than [`BTF_MAX_TYPE`] − 1
    /// types is `E2BIG`.
    pub fn parse(data: &'a [u8]) -> Result<Btf<'a>, AbiError> {
        if data.len() > BTF_MAX_SIZE {
            return Err(AbiError::TooBig { len: data.len() as u64, max: BTF_MAX_SIZE as u64 });
        }
        let header = Self::parse_header(data)?;
        // The sections tile `data[hdr_len..]` exactly (checked above), so
        // every range below is in bounds.
        let body = &data[header.hdr_len as usize..];
        let range = |off: u32, len: u32| &body[off as usize..off as usize + len as usize];

        // btf_parse_str_sec
        let (str_off, str_len) = (header.str_off as usize, header.str_len as usize);
        if str_off + str_len != body.len() {
            return Err(invalid("BTF: the string section is not at the end"));
        }
        let strings = range(header.str_off, header.str_len);
        if strings.is_empty()
            || header.str_len - 1 > BTF_MAX_NAME_OFFSET
            || strings[strings.len() - 1] != 0
            || strings[0] != 0
        {
            return Err(invalid("BTF: invalid string section"));
        }

        // btf_parse_type_sec
        if header.type_off % 4 != 0 {
            return Err(invalid("BTF: unaligned type_off"));
        }
        if header.type_len == 0 {
            return Err(invalid("BTF: no type found"));
        }
        let types = range(header.type_off, header.type_len);
        let mut btf = Btf { header, types, strings, nr_types: 0 };
        let mut off = 0;
        while off < types.len() {
            if btf.nr_types + 1 >= BTF_MAX_TYPE {
                return Err(AbiError::Errno {
                    errno: extensible_abi::errno::E2BIG,
                    what: "BTF: exceeded the maximum number of types",
                });
            }
            off += btf.check_meta(off)?;
            btf.nr_types += 1;
        }
        Ok(btf)
    }

    /// `btf_check_meta()`: the length of the record at `off`, if it is
    /// well framed.
    fn check_meta(&self, off: usize) -> Result<usize, AbiError> {
        let left = self.types.len() - off;
        if left < TYPE_HEADER_LEN {
            return Err(invalid("BTF: a type record is cut off by the end of the type section"));
        }
        let (name_off, info) = (u32_at(self.types, off), u32_at(self.types, off + 4));
        if info & !BTF_INFO_MASK != 0 {
            return Err(invalid("BTF: invalid btf_info (unknown bits set)"));
        }
        let Some(kind) = Kind::from_raw((info >> 24) & 0x1f) else {
            return Err(invalid("BTF: invalid kind"));
        };
        if !self.name_offset_valid(name_off) {
            return Err(invalid("BTF: invalid name_offset"));
        }
        let len = TYPE_HEADER_LEN + kind.extra_len(info as u16);
        if left < len {
            return Err(invalid("BTF: a type record is cut off by the end of the type section"));
        }
        Ok(len)
    }

    fn name_offset_valid(&self, off: u32) -> bool {
        off <= BTF_MAX_NAME_OFFSET && (off as usize) < self.strings.len()
    }

    /// The header, as the kernel reads it.
    pub fn header(&self) -> &BtfHeader {
        &self.header
    }

    /// The type section.
    pub fn type_section(&self) -> &'a [u8] {
        self.types
    }

    /// The string section.
    pub fn string_section(&self) -> &'a [u8] {
        self.strings
    }

    /// How many type records there are; ids run from 1 to this (0 is
    /// `void`).
    pub fn nr_types(&self) -> u32 {
        self.nr_types
    }

    /// Every type record, ids from 1, decoded lazily.
    pub fn types(&self) -> TypeIter<'a> {
        TypeIter { types: self.types, off: 0, next_id: 1 }
    }

    /// The string at offset `off` of the string section, without its NUL;
    /// `None` if `off` is outside the section or the bytes are not UTF-8.
    pub fn str_at(&self, off: u32) -> Option<&'a str> {
        let rest = self.strings.get(off as usize..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        core::str::from_utf8(&rest[..end]).ok()
    }

    /// The name of a type, member or other entry with name offset `off`;
    /// `""` for anonymous ones (and for an unreadable name).
    pub fn name(&self, off: u32) -> &'a str {
        self.str_at(off).unwrap_or("")
    }

    /// Decodes the record at byte `off` of the type section, known to be
    /// well framed.
    fn decode(types: &'a [u8], off: usize, id: u32) -> (Type<'a>, usize) {
        let info = u32_at(types, off + 4);
        // Every record was checked by `check_meta`, so the kind is known.
        let kind = Kind::from_raw((info >> 24) & 0x1f).unwrap_or(Kind::Int);
        let len = TYPE_HEADER_LEN + kind.extra_len(info as u16);
        let ty = Type {
            id,
            kind,
            name_off: u32_at(types, off),
            info,
            size_or_type: u32_at(types, off + 8),
            extra: &types[off + TYPE_HEADER_LEN..off + len],
        };
        (ty, len)
    }
}

/// The type records of a [`Btf`], in id order.
#[derive(Clone, Debug)]
pub struct TypeIter<'a> {
    types: &'a [u8],
    off: usize,
    next_id: u32,
}

impl<'a> Iterator for TypeIter<'a> {
    type Item = Type<'a>;

    fn next(&mut self) -> Option<Type<'a>> {
        if self.off >= self.types.len() {
            return None;
        }
        let (ty, len) = Btf::decode(self.types, self.off, self.next_id);
        self.off += len;
        self.next_id += 1;
        Some(ty)
    }
}

/// One type record: `struct btf_type` and what follows it.
#[derive(Clone, Copy, Debug)]
pub struct Type<'a> {
    id: u32,
    kind: Kind,
    name_off: u32,
    info: u32,
    size_or_type: u32,
    extra: &'a [u8],
}

impl<'a> Type<'a> {
    /// The type id (1-based; 0 is `void`).
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Offset of the name in the string section (0: anonymous).
    pub fn name_off(&self) -> u32 {
        self.name_off
    }

    /// The raw `info` word.
    pub fn info(&self) -> u32 {
        self.info
    }

    /// `BTF_INFO_VLEN(info)`: how many members, values, params or vars.
    pub fn vlen(&self) -> u16 {
        self.info as u16
    }

    /// `BTF_INFO_KFLAG(info)`: for a struct or union, member offsets hold a
    /// bitfield size; for a FWD, it is a union; for an ENUM, signed.
    pub fn kind_flag(&self) -> bool {
        self.info >> 31 != 0
    }

    /// `btf_type.size`, for the kinds that have one ([`Kind::has_size`]).
    pub fn size(&self) -> Option<u32> {
        self.kind.has_size().then_some(self.size_or_type)
    }

    /// `btf_type.type`, for the kinds that refer to another type
    /// ([`Kind::has_type`]).
    pub fn type_id(&self) -> Option<u32> {
        self.kind.has_type().then_some(self.size_or_type)
    }

    /// The raw bytes after `struct btf_type`.
    pub fn extra(&self) -> &'a [u8] {
        self.extra
    }

    /// The length of the whole record in bytes.
    pub fn record_len(&self) -> usize {
        TYPE_HEADER_LEN + self.extra.len()
    }

    /// An INT's encoding word: `(encoding, bit offset, bits)`.
    pub fn int_encoding(&self) -> Option<(u8, u8, u8)> {
        if self.kind != Kind::Int {
            return None;
        }
        let word = u32_at(self.extra, 0);
        Some(((word >> 24) as u8 & 0x0f, (word >> 16) as u8, word as u8))
    }

    /// An ARRAY's element type, index type and element count.
    pub fn array(&self) -> Option<Array> {
        (self.kind == Kind::Array).then(|| Array {
            elem_type: u32_at(self.extra, 0),
            index_type: u32_at(self.extra, 4),
            nelems: u32_at(self.extra, 8),
        })
    }

    /// A VAR's linkage, or a DECL_TAG's component index (−1: the type
    /// itself).
    pub fn extra_word(&self) -> Option<u32> {
        matches!(self.kind, Kind::Var | Kind::DeclTag).then(|| u32_at(self.extra, 0))
    }

    /// A STRUCT's or UNION's members; empty for other kinds.
    pub fn members(&self) -> Members<'a> {
        let entries = if self.kind.is_aggregate() { self.extra } else { &[] };
        Members { entries, kind_flag: self.kind_flag() }
    }

    /// An ENUM's or ENUM64's values (as raw 64-bit patterns: sign-extend
    /// them yourself when [`Type::kind_flag`] says signed); empty for other
    /// kinds.
    pub fn enum_values(&self) -> EnumValues<'a> {
        let (entries, wide) = match self.kind {
            Kind::Enum => (self.extra, false),
            Kind::Enum64 => (self.extra, true),
            _ => (&[][..], false),
        };
        EnumValues { entries, wide }
    }

    /// A FUNC_PROTO's parameters; empty for other kinds.
    pub fn params(&self) -> Params<'a> {
        let entries = if self.kind == Kind::FuncProto { self.extra } else { &[] };
        Params { entries }
    }

    /// A DATASEC's variables; empty for other kinds.
    pub fn datasec_vars(&self) -> DatasecVars<'a> {
        let entries = if self.kind == Kind::Datasec { self.extra } else { &[] };
        DatasecVars { entries }
    }
}

/// `struct btf_array`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Array {
    /// The element type.
    pub elem_type: u32,
    /// The index type.
    pub index_type: u32,
    /// The number of elements.
    pub nelems: u32,
}

/// One member of a struct or union (`struct btf_member`, decoded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// Offset of its name (0: an anonymous member).
    pub name_off: u32,
    /// Its type.
    pub type_id: u32,
    /// Offset in bits from the start of the struct or union.
    pub bit_offset: u32,
    /// Its width in bits if it is a bitfield, else 0.
    pub bitfield_size: u32,
}

/// The members of a struct or union.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    entries: &'a [u8],
    kind_flag: bool,
}

impl Iterator for Members<'_> {
    type Item = Member;

    fn next(&mut self) -> Option<Member> {
        if self.entries.len() < 12 {
            return None;
        }
        let (e, rest) = self.entries.split_at(12);
        self.entries = rest;
        let offset = u32_at(e, 8);
        let (bit_offset, bitfield_size) =
            if self.kind_flag { (offset & 0x00ff_ffff, offset >> 24) } else { (offset, 0) };
        Some(Member { name_off: u32_at(e, 0), type_id: u32_at(e, 4), bit_offset, bitfield_size })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.entries.len() / 12;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Members<'_> {}

/// One enumerator: its name offset and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// Offset of its name.
    pub name_off: u32,
    /// Its value as raw bits (an ENUM's 32 bits zero-extended).
    pub value: u64,
}

/// The values of an ENUM or ENUM64.
#[derive(Clone, Debug)]
pub struct EnumValues<'a> {
    entries: &'a [u8],
    wide: bool,
}

impl Iterator for EnumValues<'_> {
    type Item = EnumValue;

    fn next(&mut self) -> Option<EnumValue> {
        let len = if self.wide { 12 } else { 8 };
        if self.entries.len() < len {
            return None;
        }
        let (e, rest) = self.entries.split_at(len);
        self.entries = rest;
        let lo = u64::from(u32_at(e, 4));
        let value = if self.wide { lo | u64::from(u32_at(e, 8)) << 32 } else { lo };
        Some(EnumValue { name_off: u32_at(e, 0), value })
    }
}

/// One parameter of a FUNC_PROTO (`struct btf_param`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Offset of its name.
    pub name_off: u32,
    /// Its type (0 for the `...` of a variadic function).
    pub type_id: u32,
}

/// The parameters of a FUNC_PROTO.
#[derive(Clone, Debug)]
pub struct Params<'a> {
    entries: &'a [u8],
}

impl Iterator for Params<'_> {
    type Item = Param;

    fn next(&mut self) -> Option<Param> {
        if self.entries.len() < 8 {
            return None;
        }
        let (e, rest) = self.entries.split_at(8);
        self.entries = rest;
        Some(Param { name_off: u32_at(e, 0), type_id: u32_at(e, 4) })
    }
}

/// One variable of a DATASEC (`struct btf_var_secinfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarSecinfo {
    /// The VAR (or FUNC) type.
    pub type_id: u32,
    /// Its offset in the section.
    pub offset: u32,
    /// Its size.
    pub size: u32,
}

/// The variables of a DATASEC.
#[derive(Clone, Debug)]
pub struct DatasecVars<'a> {
    entries: &'a [u8],
}

impl Iterator for DatasecVars<'_> {
    type Item = VarSecinfo;

    fn next(&mut self) -> Option<VarSecinfo> {
        if self.entries.len() < 12 {
            return None;
        }
        let (e, rest) = self.entries.split_at(12);
        self.entries = rest;
        Some(VarSecinfo { type_id: u32_at(e, 0), offset: u32_at(e, 4), size: u32_at(e, 8) })
    }
}

/// Queries over the types of a BTF blob, for any way of finding a type by
/// id: [`Btf`] walks the type section, `BtfIndex` (feature `alloc`) looks
/// it up.
pub trait Types<'a> {
    /// The blob.
    fn btf(&self) -> &Btf<'a>;

    /// The type with id `id`; `None` for 0 (`void`) and unknown ids.
    fn type_by_id(&self, id: u32) -> Option<Type<'a>>;

    /// The first type of kind `kind` called `name`.
    fn find_by_name(&self, kind: Kind, name: &str) -> Option<Type<'a>> {
        let btf = self.btf();
        btf.types().find(|t| t.kind() == kind && btf.name(t.name_off()) == name)
    }

    /// The type `id` names once typedefs, `const`, `volatile`, `restrict`
    /// and type tags are peeled off; `None` for `void`, an unknown id or a
    /// chain longer than the kernel follows.
    fn skip_modifiers(&self, mut id: u32) -> Option<Type<'a>> {
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self.type_by_id(id)?;
            if !t.kind().is_modifier() {
                return Some(t);
            }
            id = t.size_or_type;
        }
        None
    }

    /// `sizeof` the type `id`: through modifiers, VARs and arrays (element
    /// size × count); a pointer is the host's pointer size. `None` for
    /// `void`, FWD, FUNC, FUNC_PROTO, DECL_TAG, unknown ids, overflow and
    /// chains longer than the kernel follows.
    fn size_of(&self, mut id: u32) -> Option<u64> {
        let mut factor: u64 = 1;
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self.type_by_id(id)?;
            match t.kind() {
                k if k.has_size() => return factor.checked_mul(u64::from(t.size_or_type)),
                Kind::Ptr => return factor.checked_mul(size_of::<*const u8>() as u64),
                Kind::Array => {
                    let a = t.array()?;
                    factor = factor.checked_mul(u64::from(a.nelems))?;
                    id = a.elem_type;
                }
                k if k.is_modifier() || k == Kind::Var => id = t.size_or_type,
                _ => return None,
            }
        }
        None
    }

    /// The member of the struct or union `parent` called `name`, looking
    /// through anonymous struct and union members as C does, with its bit
    /// offset from the start of `parent`.
    fn find_member(&self, parent: &Type<'a>, name: &str) -> Option<(Member, u64)> {
        find_member_at(self, parent, name, 0, 0)
    }
}

/// [`Types::find_member`] from `base` bits into the outermost type.
fn find_member_at<'a, T: Types<'a> + ?Sized>(
    types: &T,
    parent: &Type<'a>,
    name: &str,
    base: u64,
    depth: usize,
) -> Option<(Member, u64)> {
    if depth >= MAX_RESOLVE_DEPTH {
        return None;
    }
    let btf = types.btf();
    for m in parent.members() {
        let at = base + u64::from(m.bit_offset);
        if m.name_off != 0 {
            if btf.name(m.name_off) == name {
                return Some((m, at));
            }
            continue;
        }
        if let Some(inner) = types.skip_modifiers(m.type_id) {
            if inner.kind().is_aggregate() {
                if let Some(found) = find_member_at(types, &inner, name, at, depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    None
}

impl<'a> Btf<'a> {
    /// Walks the type section to the record with id `id`: O(number of
    /// types). [`BtfIndex`] does it in O(1).
    fn walk_to(&self, id: u32) -> Option<Type<'a>> {
        if id == 0 || id > self.nr_types {
            return None;
        }
        self.types().nth(id as usize - 1)
    }
}

impl<'a> Types<'a> for Btf<'a> {
    fn btf(&self) -> &Btf<'a> {
        self
    }

    fn type_by_id(&self, id: u32) -> Option<Type<'a>> {
        self.walk_to(id)
    }
}

#[cfg(feature = "alloc")]
pub use index::BtfIndex;

#[cfg(feature = "alloc")]
mod index {
    use alloc::vec::Vec;

    use super::{Btf, Type, Types};

    /// A [`Btf`] with the offset of every type record, so a type is found
    /// by id in constant time: what large blobs like vmlinux's need.
    #[derive(Clone, Debug)]
    pub struct BtfIndex<'a> {
        btf: Btf<'a>,
        offsets: Vec<u32>,
    }

    impl<'a> BtfIndex<'a> {
        /// Indexes a validated blob (one pass over the type section).
        pub fn new(btf: Btf<'a>) -> Self {
            let mut offsets = Vec::with_capacity(btf.nr_types() as usize);
            let mut off = 0usize;
            for t in btf.types() {
                offsets.push(off as u32);
                off += t.record_len();
            }
            BtfIndex { btf, offsets }
        }

        /// Validates `data` ([`Btf::parse`]) and indexes it.
        pub fn parse(data: &'a [u8]) -> Result<Self, extensible_abi::AbiError> {
            Btf::parse(data).map(Self::new)
        }
    }

    impl<'a> Types<'a> for BtfIndex<'a> {
        fn btf(&self) -> &Btf<'a> {
            &self.btf
        }

        fn type_by_id(&self, id: u32) -> Option<Type<'a>> {
            let off = *self.offsets.get((id as usize).checked_sub(1)?)?;
            Some(Btf::decode(self.btf.type_section(), off as usize, id).0)
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use std::vec::Vec;

    use super::*;
    use extensible_abi::errno::{E2BIG, EINVAL};

    /// One type record: `struct btf_type` and the words after it.
    fn ty(
        name_off: u32,
        kind: Kind,
        vlen: u16,
        kflag: bool,
        size_or_type: u32,
        extra: &[u32],
    ) -> Vec<u32> {
        let info = (kflag as u32) << 31 | (kind as u32) << 24 | u32::from(vlen);
        let mut v = std::vec![name_off, info, size_or_type];
        v.extend_from_slice(extra);
        v
    }

    fn words(w: &[u32]) -> Vec<u8> {
        w.iter().flat_map(|w| w.to_ne_bytes()).collect()
    }

    /// A header of `hdr_len` bytes (zero past 24) with the given sections.
    fn header(hdr_len: u32, type_off: u32, type_len: u32, str_off: u32, str_len: u32) -> Vec<u8> {
        let mut h = words(&[
            u32::from(BTF_MAGIC) | u32::from(BTF_VERSION) << 16,
            hdr_len,
            type_off,
            type_len,
            str_off,
            str_len,
        ]);
        h.resize(hdr_len.max(24) as usize, 0);
        h.truncate(hdr_len as usize);
        h
    }

    /// A well-formed blob: header, then types, then strings.
    fn blob_with(hdr_len: u32, types: &[u8], strings: &[u8]) -> Vec<u8> {
        let (tl, sl) = (types.len() as u32, strings.len() as u32);
        let mut b = header(hdr_len, 0, tl, tl, sl);
        if (hdr_len as usize) < 24 {
            // A short header cannot say where the sections are; keep the
            // words it has, as a writer with an older header would.
            b = header(24, 0, tl, tl, sl)[..hdr_len as usize].to_vec();
        }
        b.extend_from_slice(types);
        b.extend_from_slice(strings);
        b
    }

    fn blob(types: &[u8], strings: &[u8]) -> Vec<u8> {
        blob_with(24, types, strings)
    }

    const STRS: &[u8] = b"\0int\0s\0a\0b\0e\0A\0f\0x\0sec\0tag\0fl\0t\0";
    fn off(name: &str) -> u32 {
        let needle: Vec<u8> = [b"\0", name.as_bytes(), b"\0"].concat();
        STRS.windows(needle.len()).position(|w| w == needle.as_slice()).unwrap() as u32 + 1
    }

    /// One record of every kind, ids 1 to 19.
    fn every_kind() -> Vec<u8> {
        let mut t = Vec::new();
        // [1] int: 32 bits, signed
        t.extend(ty(off("int"), Kind::Int, 0, false, 4, &[1 << 24 | 32]));
        // [2] int *
        t.extend(ty(0, Kind::Ptr, 0, false, 1, &[]));
        // [3] int[3]
        t.extend(ty(0, Kind::Array, 0, false, 0, &[1, 1, 3]));
        // [4] struct s { int a; int b:3; union { int x; }; } (kind_flag)
        t.extend(ty(
            off("s"),
            Kind::Struct,
            3,
            true,
            12,
            &[off("a"), 1, 0, off("b"), 1, 3 << 24 | 32, 0, 5, 64],
        ));
        // [5] union { int x; }
        t.extend(ty(0, Kind::Union, 1, false, 4, &[off("x"), 1, 0]));
        // [6] enum e { A = 1 }
        t.extend(ty(off("e"), Kind::Enum, 1, false, 4, &[off("A"), 1]));
        // [7] struct f;
        t.extend(ty(off("f"), Kind::Fwd, 0, false, 0, &[]));
        // [8] typedef int t[3];
        t.extend(ty(off("t"), Kind::Typedef, 0, false, 3, &[]));
        // [9] volatile t, [10] const volatile t, [11] int *restrict
        t.extend(ty(0, Kind::Volatile, 0, false, 8, &[]));
        t.extend(ty(0, Kind::Const, 0, false, 9, &[]));
        t.extend(ty(0, Kind::Restrict, 0, false, 2, &[]));
        // [12] int (int, int *)
        t.extend(ty(0, Kind::FuncProto, 2, false, 1, &[off("a"), 1, off("b"), 2]));
        // [13] int f(int a, int *b), global linkage
        t.extend(ty(off("f"), Kind::Func, 1, false, 12, &[]));
        // [14] const volatile t x; global
        t.extend(ty(off("x"), Kind::Var, 0, false, 10, &[1]));
        // [15] section "sec" holding x
        t.extend(ty(off("sec"), Kind::Datasec, 1, false, 12, &[14, 0, 12]));
        // [16] 8-byte float "fl"
        t.extend(ty(off("fl"), Kind::Float, 0, false, 8, &[]));
        // [17] decl tag "tag" on member 1 of s
        t.extend(ty(off("tag"), Kind::DeclTag, 0, false, 4, &[1]));
        // [18] type tag "tag" on int
        t.extend(ty(off("tag"), Kind::TypeTag, 0, false, 1, &[]));
        // [19] enum64 e { A = 1 << 32 | 2 }, signed
        t.extend(ty(off("e"), Kind::Enum64, 1, true, 8, &[off("A"), 2, 1]));
        words(&t)
    }

    #[test]
    fn header_is_an_extensible_struct() {
        assert_eq!(BtfHeader::LAYOUT.size, 24);
        assert_eq!(BtfHeader::LAYOUT.versions.len(), 1);
        assert_eq!(BtfHeader::LAYOUT.newest().label, "4.18");
        assert_eq!(BtfHeader::LAYOUT.field("str_len").unwrap().offset, 20);
    }

    #[test]
    fn every_kind_parses_with_its_record_size() {
        let data = blob(&every_kind(), STRS);
        let btf = Btf::parse(&data).unwrap();
        assert_eq!(btf.nr_types(), 19);
        let kinds: Vec<_> = btf.types().map(|t| t.kind() as u32).collect();
        // Every kind, in kind order but for FUNC_PROTO (13) before FUNC (12).
        assert_eq!(kinds, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 12, 14, 15, 16, 17, 18, 19]);
        let lens: Vec<_> = btf.types().map(|t| t.record_len()).collect();
        assert_eq!(
            lens,
            [16, 12, 24, 48, 24, 20, 12, 12, 12, 12, 12, 28, 12, 16, 24, 12, 16, 12, 24]
        );
        let ids: Vec<_> = btf.types().map(|t| t.id()).collect();
        assert_eq!(ids, (1..=19).collect::<Vec<_>>());
        assert_eq!(lens.iter().sum::<usize>(), btf.type_section().len());
    }

    #[test]
    fn names_sizes_and_members() {
        let data = blob(&every_kind(), STRS);
        let btf = Btf::parse(&data).unwrap();
        let index = BtfIndex::new(btf);
        for id in 0..=20 {
            let (a, b) = (btf.type_by_id(id), index.type_by_id(id));
            assert_eq!(
                a.map(|t| (t.id(), t.info(), t.extra())),
                b.map(|t| (t.id(), t.info(), t.extra()))
            );
            assert_eq!(btf.size_of(id), index.size_of(id), "type {id}");
        }
        let sizes: Vec<_> = (0..=19).map(|id| btf.size_of(id)).collect();
        let ptr = size_of::<usize>() as u64;
        assert_eq!(
            sizes,
            [
                None,
                Some(4),
                Some(ptr),
                Some(12),
                Some(12),
                Some(4),
                Some(4),
                None,
                Some(12),
                Some(12),
                Some(12),
                Some(ptr),
                None,
                None,
                Some(12),
                Some(12),
                Some(8),
                None,
                Some(4),
                Some(8),
            ]
        );

        let s = index.find_by_name(Kind::Struct, "s").unwrap();
        assert_eq!((s.id(), s.size(), s.vlen(), s.kind_flag()), (4, Some(12), 3, true));
        assert_eq!(index.find_by_name(Kind::Union, "s").map(|t| t.id()), None);
        let members: Vec<_> = s
            .members()
            .map(|m| (btf.name(m.name_off), m.type_id, m.bit_offset, m.bitfield_size))
            .collect();
        assert_eq!(members, [("a", 1, 0, 0), ("b", 1, 32, 3), ("", 5, 64, 0)]);
        let (x, at) = index.find_member(&s, "x").unwrap();
        assert_eq!((x.type_id, at), (1, 64));
        assert_eq!(index.find_member(&s, "b").unwrap().1, 32);
        assert!(index.find_member(&s, "nope").is_none());

        assert_eq!(btf.type_by_id(1).unwrap().int_encoding(), Some((1, 0, 32)));
        assert_eq!(
            btf.type_by_id(3).unwrap().array(),
            Some(Array { elem_type: 1, index_type: 1, nelems: 3 })
        );
        assert_eq!(index.skip_modifiers(10).unwrap().id(), 3);
        assert_eq!(btf.name(btf.type_by_id(8).unwrap().name_off()), "t");
        let e: Vec<_> = btf.type_by_id(6).unwrap().enum_values().collect();
        assert_eq!(e, [EnumValue { name_off: off("A"), value: 1 }]);
        let e64: Vec<_> = btf.type_by_id(19).unwrap().enum_values().map(|v| v.value).collect();
        assert_eq!(e64, [1 << 32 | 2]);
        let p: Vec<_> = btf.type_by_id(12).unwrap().params().map(|p| p.type_id).collect();
        assert_eq!(p, [1, 2]);
        assert_eq!(btf.type_by_id(13).unwrap().vlen(), 1);
        assert_eq!(btf.type_by_id(14).unwrap().extra_word(), Some(1));
        let v: Vec<_> = btf.type_by_id(15).unwrap().datasec_vars().collect();
        assert_eq!(v, [VarSecinfo { type_id: 14, offset: 0, size: 12 }]);
        assert_eq!(btf.type_by_id(17).unwrap().extra_word(), Some(1));
        assert_eq!(btf.type_by_id(18).unwrap().type_id(), Some(1));
        assert_eq!(btf.str_at(1), Some("int"));
        assert_eq!(btf.str_at(STRS.len() as u32), None);
    }

    fn err(data: &[u8]) -> i32 {
        Btf::parse(data).unwrap_err().errno()
    }

    fn int_blob() -> (Vec<u8>, &'static [u8]) {
        (words(&ty(1, Kind::Int, 0, false, 4, &[32])), b"\0int\0")
    }

    #[test]
    fn header_rules_match_btf_parse_hdr() {
        let (types, strs) = int_blob();
        // Longer header, zero tail: accepted, sections after all 32 bytes.
        let ok = blob_with(32, &types, strs);
        let btf = Btf::parse(&ok).unwrap();
        assert_eq!(btf.header().hdr_len, 32);
        assert_eq!(btf.nr_types(), 1);
        // ...a non-zero byte in it: E2BIG, naming the byte.
        let mut bad = ok.clone();
        bad[29] = 1;
        assert_eq!(
            Btf::parse(&bad).unwrap_err(),
            AbiError::NonZeroTail { name: "BtfHeader", size: 24, offset: 29 }
        );
        // The tail check comes before the magic check, as in the kernel.
        bad[0] = 0;
        assert_eq!(err(&bad), E2BIG);

        let good = blob(&types, strs);
        assert!(Btf::parse(&good).is_ok());
        assert_eq!(err(&good[..7]), EINVAL, "no hdr_len");
        assert_eq!(err(&good[..20]), EINVAL, "shorter than hdr_len");
        let mut b = good.clone();
        b[..2].copy_from_slice(&BTF_MAGIC.swap_bytes().to_ne_bytes());
        assert_eq!(err(&b), EINVAL, "other-endian magic");
        let mut b = good.clone();
        b[2] = 2;
        assert_eq!(err(&b), ENOTSUPP, "version");
        let mut b = good.clone();
        b[3] = 1;
        assert_eq!(err(&b), ENOTSUPP, "flags");
        assert_eq!(err(&good[..24]), EINVAL, "no data");
        // A header shorter than ours reads with zero sections: the data
        // after it is then unaccounted for.
        assert_eq!(err(&blob_with(16, &types, strs)), EINVAL);
        assert_eq!(err(&blob_with(8, &types, strs)), EINVAL);
        assert_eq!(
            Btf::parse(&std::vec![0u8; BTF_MAX_SIZE + 1]).unwrap_err(),
            AbiError::TooBig { len: BTF_MAX_SIZE as u64 + 1, max: BTF_MAX_SIZE as u64 }
        );
    }

    #[test]
    fn sections_must_tile_the_data() {
        let (types, strs) = int_blob();
        let (tl, sl) = (types.len() as u32, strs.len() as u32);
        let with =
            |h: Vec<u8>, tail: &[u8]| [h, types.clone(), strs.to_vec(), tail.to_vec()].concat();
        assert!(Btf::parse(&with(header(24, 0, tl, tl, sl), &[])).is_ok());
        // Out of bounds, gap, overlap, trailing data.
        assert_eq!(err(&with(header(24, 0, tl, tl, sl + 1), &[])), EINVAL);
        assert_eq!(err(&with(header(24, 0, tl, tl + 100, sl), &[])), EINVAL);
        assert_eq!(err(&with(header(24, 0, tl + 4, tl, sl), &[])), EINVAL);
        assert_eq!(err(&with(header(24, 4, tl - 4, tl, sl), &[])), EINVAL);
        assert_eq!(err(&with(header(24, 0, tl, tl, sl), &[0, 0, 0, 0])), EINVAL);
        assert_eq!(err(&with(header(24, 0, tl, tl, sl - 1), &[])), EINVAL);
        // Strings first: tiles, but the string section must be last.
        let swapped = [header(24, sl, tl, 0, sl), strs.to_vec(), types.clone()].concat();
        assert_eq!(err(&swapped), EINVAL);
        // No types at all (and so an unaligned, empty type section).
        assert_eq!(err(&[header(24, sl, 0, 0, sl), strs.to_vec()].concat()), EINVAL);
        assert_eq!(err(&[header(24, 8, 0, 0, 8), b"\0abcdef\0".to_vec()].concat()), EINVAL);
    }

    #[test]
    fn string_section_rules() {
        let (types, _) = int_blob();
        assert!(Btf::parse(&blob(&types, b"\0int\0")).is_ok());
        assert_eq!(err(&blob(&types, b"xint\0")), EINVAL, "must start with NUL");
        assert_eq!(err(&blob(&types, b"\0int")), EINVAL, "must end with NUL");
        assert_eq!(err(&blob(&types, b"")), EINVAL, "must not be empty");
    }

    #[test]
    fn malformed_type_records() {
        let strs: &[u8] = b"\0int\0";
        let cases: [(&str, Vec<u32>); 6] = [
            (
                "kind 0",
                ty(0, Kind::Int, 0, false, 4, &[32])
                    .iter()
                    .enumerate()
                    .map(|(i, &w)| if i == 1 { 0 } else { w })
                    .collect(),
            ),
            ("kind 20", std::vec![1, 20 << 24, 4]),
            ("unknown info bits", std::vec![1, (Kind::Ptr as u32) << 24 | 1 << 20, 0]),
            ("name past the strings", ty(5, Kind::Int, 0, false, 4, &[32])),
            ("cut record", ty(1, Kind::Int, 0, false, 4, &[])),
            ("cut members", ty(0, Kind::Struct, 2, false, 4, &[1, 1, 0])),
        ];
        for (what, record) in cases {
            assert_eq!(err(&blob(&words(&record), strs)), EINVAL, "{what}");
        }
        // A type section that ends in the middle of a record header.
        let mut t = words(&ty(1, Kind::Int, 0, false, 4, &[32]));
        t.extend_from_slice(&[0; 8]);
        assert_eq!(err(&blob(&t, strs)), EINVAL);
    }
}
