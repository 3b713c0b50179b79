//! C headers from layout tables: each struct as C declares it, the size of
//! every version as a macro, and a `_Static_assert` for every frozen offset
//! and size, so a C compiler proves that it lays the structs out as Rust
//! does.
//!
//! [`CHeader`] writes one self-contained C11 header for a set of
//! [`Layout`]s into any [`core::fmt::Write`] (no allocation: it builds
//! without `std` and `alloc`):
//!
//! - an include guard, `<stddef.h>` (for `offsetof`) and `<stdint.h>`;
//! - for each struct, `#define <NAME>_SIZE_VER<k> <size>` for each of its
//!   versions, `k` counting from 0 for the oldest, as the kernel numbers
//!   `OPEN_HOW_SIZE_VER0` (a version written as a release, `"5.2"`, is
//!   numbered by its place, and its label follows in a comment); `<NAME>` is
//!   the prefix and the struct's name in upper case;
//! - the struct: its fields in order, named padding included, each with its
//!   offset and `since` in a comment; `u8` … `u64` and `i8` … `i64` as
//!   `uint8_t` … `int64_t`, `f32`/`f64` as `float`/`double`; arrays with
//!   their dimensions (`[[u8; 4]; 2]` is `uint8_t x[2][4]`; a length written
//!   as a constant's name is found from the field's size); a field whose type
//!   is another struct of the set as `struct <prefix><name>`, emitted before
//!   the structs that contain it;
//! - `_Static_assert`s: the struct's `sizeof` and `_Alignof`, every field's
//!   `offsetof`, and every version's size as C computes it from the offset
//!   and `sizeof` of the last field of that version, rounded up to the
//!   version's largest field alignment (the table's).
//!
//! A zero-length array (`[u64; 0]`, a field that only aligns the struct)
//! is declared as C99's flexible array member `uint64_t x[];` when it is
//! the struct's last field and not its only one: it gives the struct its
//! element's alignment and adds no size, as in Rust. Elsewhere it is
//! declared `uint64_t x[0];`, an extension GCC, Clang and MSVC accept and
//! standard C does not. (A struct ending in a flexible array member may
//! not itself be a member of another struct in standard C; GCC and Clang
//! accept that too.)
//!
//! Nothing is written unless the whole set can be declared: a field whose
//! type is not a primitive, an array of such, or a struct of the set (a
//! nested struct whose layout was left out, a type alias, a wrapper type
//! such as zerocopy's `U32`), an array whose lengths cannot be told from
//! the field's size, a name C cannot take, two structs with one name: the
//! error lists every such [`Problem`], and no wrong C is written.
//!
//! The layout tables are those of the target the Rust code was built for,
//! and so is the header: its assertions hold for a C compiler of that
//! target.
//!
//! ```
//! use extensible_abi::c_header::CHeader;
//! use extensible_abi::{extensible_abi, ExtensibleAbi};
//!
//! /// struct open_how, as openat2(2) takes it.
//! #[allow(non_camel_case_types)]
//! #[extensible_abi]
//! #[repr(C)]
//! #[derive(Clone, Copy)]
//! pub struct open_how {
//!     #[abi(since = "5.6", offset = 0)]  pub flags: u64,
//!     #[abi(since = "5.6", offset = 8)]  pub mode: u64,
//!     #[abi(since = "5.6", offset = 16)] pub resolve: u64,
//! }
//!
//! let mut c = String::new();
//! CHeader::new(&[open_how::LAYOUT]).write(&mut c).unwrap();
//! assert!(c.contains("#define OPEN_HOW_SIZE_VER0 24 /* 5.6 */"));
//! assert!(c.contains("struct open_how {\n\tuint64_t flags;"));
//! assert!(c.contains("_Static_assert(offsetof(struct open_how, resolve) == 16,"));
//! ```
//!
//! The project's structs: `cargo run --example c_header -- linux-info`
//! prints the header of Linux's `bpf()` info structs (`-- linux-attr`: the
//! parts of `union bpf_attr`; `-- windows`: eBPF-for-Windows' structs),
//! with the prefix `extabi_` so it can be included beside
//! `<linux/bpf.h>`.

use core::fmt::{self, Write};

use crate::{FieldInfo, Layout, Role};

/// The deepest array nesting declared (`[[[u8; 2]; 2]; 2]` is 3).
const MAX_DIMS: usize = 8;

/// Rust's fixed-width primitives and their C types: `(Rust, C, size)`.
const PRIMITIVES: &[(&str, &str, usize)] = &[
    ("u8", "uint8_t", 1),
    ("u16", "uint16_t", 2),
    ("u32", "uint32_t", 4),
    ("u64", "uint64_t", 8),
    ("i8", "int8_t", 1),
    ("i16", "int16_t", 2),
    ("i32", "int32_t", 4),
    ("i64", "int64_t", 8),
    ("f32", "float", 4),
    ("f64", "double", 8),
];

/// C's keywords (C11 and C23's new ones): no struct or member may be named
/// one.
const C_KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "alignas",
    "alignof",
    "bool",
    "constexpr",
    "false",
    "nullptr",
    "static_assert",
    "thread_local",
    "true",
    "typeof",
    "typeof_unqual",
];

/// A C header for a set of layout tables; see the [module](self).
#[derive(Clone, Copy, Debug)]
pub struct CHeader<'a> {
    layouts: &'a [&'static Layout],
    prefix: &'a str,
    guard: Option<&'a str>,
}

/// Why a set of layouts cannot be declared in C: one struct or field the
/// header would get wrong. [`CHeader::problems`] lists them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The prefix is not the start of a C identifier (ASCII letters,
    /// digits and `_`, not starting with a digit).
    Prefix,
    /// The include guard is not a C identifier.
    Guard,
    /// The struct's C name (the prefix and its name) is not a C identifier,
    /// or is a keyword.
    StructName(&'static Layout),
    /// Another struct of the set, earlier, has the same C name, or one that
    /// differs only in case (and so the same macro names).
    Duplicate(&'static Layout),
    /// The struct has no field: C has no empty struct.
    Empty(&'static Layout),
    /// The struct contains itself through structs of the set (only hand-
    /// written tables can say so).
    Cycle(&'static Layout),
    /// The field's name is not a C identifier, or is a keyword.
    FieldName(&'static Layout, &'static FieldInfo),
    /// The field's type is neither a fixed-width primitive, nor an array,
    /// nor a struct of the set: add the struct's layout to the set, or
    /// declare the field with a type the set has.
    Type(&'static Layout, &'static FieldInfo),
    /// An array whose lengths cannot be told: more than one is written as
    /// a name (a constant), or nested deeper than 8, or they do not divide
    /// the field's size.
    Array(&'static Layout, &'static FieldInfo),
    /// The type as mapped has another size or alignment than the table
    /// says: a struct of the set that merely shares the type's name, or a
    /// hand-written table that is wrong.
    Mismatch(&'static Layout, &'static FieldInfo),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Problem::Prefix => f.write_str("the prefix is not the start of a C identifier"),
            Problem::Guard => f.write_str("the include guard is not a C identifier"),
            Problem::StructName(l) => {
                write!(f, "`{}`: its C name is not a C identifier, or is a keyword", l.name)
            }
            Problem::Duplicate(l) => write!(
                f,
                "`{}`: another struct of the set has the same name (or one that differs only in case)",
                l.name
            ),
            Problem::Empty(l) => write!(f, "`{}`: no field (C has no empty struct)", l.name),
            Problem::Cycle(l) => {
                write!(f, "`{}`: contains itself through structs of the set", l.name)
            }
            Problem::FieldName(l, x) => {
                write!(f, "`{}.{}`: the name is not a C identifier, or is a keyword", l.name, x.name)
            }
            Problem::Type(l, x) => write!(
                f,
                "`{}.{}: {}`: not a fixed-width primitive, an array, or a struct of the set \
                 (add that struct's layout to the set)",
                l.name, x.name, x.ty
            ),
            Problem::Array(l, x) => write!(
                f,
                "`{}.{}: {}`: its lengths cannot be told from its size ({} bytes)",
                l.name, x.name, x.ty, x.size
            ),
            Problem::Mismatch(l, x) => write!(
                f,
                "`{}.{}: {}`: the type as mapped is not {} bytes aligned to {}, as the table says",
                l.name, x.name, x.ty, x.size, x.align
            ),
        }
    }
}

/// Why [`CHeader::write`] failed.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum CHeaderError<'a> {
    /// The set cannot be declared in C, and nothing was written; the
    /// header's [`CHeader::problems`] say why (and so does `Display`,
    /// listing them all).
    Problems(CHeader<'a>),
    /// The writer failed.
    Fmt(fmt::Error),
}

impl fmt::Display for CHeaderError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CHeaderError::Problems(h) => {
                let n = h.problems().count();
                let s = if n == 1 { "" } else { "s" };
                write!(f, "cannot declare these structs in C ({n} problem{s}):")?;
                for p in h.problems() {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
            CHeaderError::Fmt(_) => f.write_str("the writer of the C header failed"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CHeaderError<'_> {}

impl From<fmt::Error> for CHeaderError<'_> {
    fn from(e: fmt::Error) -> Self {
        CHeaderError::Fmt(e)
    }
}

/// The problems of a set, in order: [`CHeader::problems`].
#[derive(Clone, Debug)]
pub struct Problems<'a> {
    header: CHeader<'a>,
    /// Next check: 0 the prefix, 1 the guard, then the structs'.
    global: u8,
    /// The struct being checked.
    layout: usize,
    /// Next check of that struct: 0..4 its own, then two per field.
    slot: usize,
}

impl Iterator for Problems<'_> {
    type Item = Problem;

    fn next(&mut self) -> Option<Problem> {
        let h = self.header;
        loop {
            if self.global < 2 {
                self.global += 1;
                let bad = match self.global {
                    1 => !h.prefix.is_empty() && !is_ident(h.prefix),
                    _ => h.guard.is_some_and(|g| !is_ident(g)),
                };
                if bad {
                    return Some(if self.global == 1 { Problem::Prefix } else { Problem::Guard });
                }
                continue;
            }
            let l = *h.layouts.get(self.layout)?;
            if self.slot >= 4 + 2 * l.fields.len() {
                self.layout += 1;
                self.slot = 0;
                continue;
            }
            let slot = self.slot;
            self.slot += 1;
            let found = match slot {
                0 => (!h.c_name_ok(l)).then_some(Problem::StructName(l)),
                1 => h.layouts[..self.layout]
                    .iter()
                    .any(|o| same_c_name(o.name, l.name))
                    .then_some(Problem::Duplicate(l)),
                2 => l.fields.is_empty().then_some(Problem::Empty(l)),
                3 => h.depth(self.layout, h.layouts.len()).is_none().then_some(Problem::Cycle(l)),
                _ => {
                    let f = &l.fields[(slot - 4) / 2];
                    if (slot - 4) % 2 == 0 {
                        (!is_ident(f.name) || is_keyword(f.name))
                            .then_some(Problem::FieldName(l, f))
                    } else {
                        h.resolve(f).err().map(|kind| kind.problem(l, f))
                    }
                }
            };
            if found.is_some() {
                return found;
            }
        }
    }
}

/// What is wrong with a field's type.
#[derive(Clone, Copy)]
enum TypeError {
    Type,
    Array,
    Mismatch,
}

impl TypeError {
    fn problem(self, l: &'static Layout, f: &'static FieldInfo) -> Problem {
        match self {
            TypeError::Type => Problem::Type(l, f),
            TypeError::Array => Problem::Array(l, f),
            TypeError::Mismatch => Problem::Mismatch(l, f),
        }
    }
}

/// A field's type in C.
#[derive(Clone, Copy)]
struct CType {
    base: Base,
    /// Array lengths, outermost first.
    dims: [usize; MAX_DIMS],
    ndims: usize,
}

#[derive(Clone, Copy)]
enum Base {
    /// A primitive's C name.
    Primitive(&'static str),
    /// The struct at this index of the set.
    Struct(usize),
}

impl<'a> CHeader<'a> {
    /// The header of `layouts`, in C under their Rust names, with no
    /// prefix.
    pub const fn new(layouts: &'a [&'static Layout]) -> Self {
        CHeader { layouts, prefix: "", guard: None }
    }

    /// Every struct's C name is `prefix` and its Rust name
    /// (`struct extabi_bpf_map_info`), and its macros' names start with
    /// `prefix` in upper case (`EXTABI_BPF_MAP_INFO_SIZE_VER0`): the
    /// header can then be included beside a system header that declares
    /// the same structs.
    pub const fn prefix(mut self, prefix: &'a str) -> Self {
        self.prefix = prefix;
        self
    }

    /// The include guard's macro. Without one it is the prefix and the
    /// first struct's name in upper case, and `_H`
    /// (`EXTABI_BPF_PROG_INFO_H`).
    pub const fn guard(mut self, guard: &'a str) -> Self {
        self.guard = Some(guard);
        self
    }

    /// Every reason the set cannot be declared in C, in the set's order;
    /// none when [`CHeader::write`] would succeed.
    ///
    /// ```
    /// use extensible_abi::c_header::{CHeader, Problem};
    /// use extensible_abi::{extensible_abi, ExtensibleAbi};
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy)]
    /// pub struct Id {
    ///     #[abi(since = 1, offset = 0)] pub bytes: [u8; 16],
    /// }
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy)]
    /// pub struct Info {
    ///     #[abi(since = 1, offset = 0)] pub id: Id,
    ///     #[abi(since = 1, offset = 16)] pub flags: u32,
    /// }
    ///
    /// // `Id` is not in the set: its C declaration is unknown.
    /// let h = CHeader::new(&[Info::LAYOUT]);
    /// let problems: Vec<_> = h.problems().collect();
    /// assert_eq!(problems, [Problem::Type(Info::LAYOUT, Info::LAYOUT.field("id").unwrap())]);
    /// let err = h.write(&mut String::new()).unwrap_err().to_string();
    /// assert!(err.contains("`Info.id: Id`: not a fixed-width primitive"), "{err}");
    ///
    /// // With it, `Id` is declared first.
    /// let mut c = String::new();
    /// CHeader::new(&[Info::LAYOUT, Id::LAYOUT]).write(&mut c).unwrap();
    /// assert!(c.find("struct Id {").unwrap() < c.find("struct Info {").unwrap());
    /// assert!(c.contains("\tstruct Id id;"));
    /// ```
    pub fn problems(&self) -> Problems<'a> {
        Problems { header: *self, global: 0, layout: 0, slot: 0 }
    }

    /// Writes the header to `out`, or, when the set cannot be declared in
    /// C, writes nothing and returns [`CHeaderError::Problems`].
    pub fn write<W: Write + ?Sized>(&self, out: &mut W) -> Result<(), CHeaderError<'a>> {
        if self.problems().next().is_some() {
            return Err(CHeaderError::Problems(*self));
        }
        let n = self.layouts.len();
        out.write_str("/*\n * Generated by extensible_abi::c_header from the layout tables of:\n")?;
        for l in self.layouts {
            writeln!(out, " *   {}", l.name)?;
        }
        out.write_str(
            " * Do not edit. C11: each struct as Rust lays it out, <NAME>_SIZE_VER<k>\n \
             * the size of its k-th version (0: the oldest), and static assertions\n \
             * of every offset and size.\n */\n",
        )?;
        out.write_str("#ifndef ")?;
        self.write_guard(out)?;
        out.write_str("\n#define ")?;
        self.write_guard(out)?;
        out.write_str("\n\n#include <stddef.h>\n#include <stdint.h>\n")?;
        // Each struct after the structs it contains: by depth, then in the
        // set's order.
        let max = (0..n).filter_map(|i| self.depth(i, n)).max().unwrap_or(0);
        for d in 0..=max {
            for i in 0..n {
                if self.depth(i, n) == Some(d) {
                    self.write_struct(out, self.layouts[i])?;
                }
            }
        }
        out.write_str("\n#endif /* ")?;
        self.write_guard(out)?;
        out.write_str(" */\n")?;
        Ok(())
    }

    fn write_guard<W: Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        match (self.guard, self.layouts.first()) {
            (Some(g), _) => out.write_str(g),
            (None, Some(l)) => {
                write_upper(out, self.prefix)?;
                write_upper(out, l.name)?;
                out.write_str("_H")
            }
            (None, None) => {
                write_upper(out, self.prefix)?;
                out.write_str("C_HEADER_H")
            }
        }
    }

    fn write_struct<W: Write + ?Sized>(&self, out: &mut W, l: &Layout) -> fmt::Result {
        let p = self.prefix;
        let n = l.versions.len();
        let s = if n == 1 { "" } else { "s" };
        write!(out, "\n/* {}: {} bytes, align {}, {n} version{s}", l.name, l.size, l.align)?;
        if l.min_version != 0 {
            out.write_str("; a caller's struct must reach version ")?;
            write_label(out, l, l.min_version)?;
        }
        out.write_str(". */\n")?;
        for (k, v) in l.versions.iter().enumerate() {
            out.write_str("#define ")?;
            write_upper(out, p)?;
            write_upper(out, l.name)?;
            writeln!(out, "_SIZE_VER{k} {} /* {} */", v.size, v.label)?;
        }
        writeln!(out, "struct {p}{} {{", l.name)?;
        for (i, f) in l.fields.iter().enumerate() {
            let Ok(t) = self.resolve(f) else { return Err(fmt::Error) };
            let mut col = Counting { out: &mut *out, n: 0 };
            col.write_char('\t')?;
            match t.base {
                Base::Primitive(c) => col.write_str(c)?,
                Base::Struct(j) => write!(col, "struct {p}{}", self.layouts[j].name)?,
            }
            write!(col, " {}", f.name)?;
            // A zero-length outermost array as the last field, and not the
            // only one: C99's flexible array member.
            let flexible = t.ndims > 0 && t.dims[0] == 0 && i + 1 == l.fields.len() && i > 0;
            for (k, d) in t.dims[..t.ndims].iter().enumerate() {
                if k == 0 && flexible {
                    col.write_str("[]")?;
                } else {
                    write!(col, "[{d}]")?;
                }
            }
            col.write_char(';')?;
            // The tab counts as 8 columns: comments start at column 48.
            let width = col.n + 7;
            for _ in width..47 {
                out.write_char(' ')?;
            }
            write!(out, " /* offset {}, since ", f.offset)?;
            write_label(out, l, f.since)?;
            if f.bytes_since != f.since {
                out.write_str(", its bytes since ")?;
                write_label(out, l, f.bytes_since)?;
            }
            match f.role {
                Role::Data => {}
                Role::Size(_) => out.write_str(", the struct's size field")?,
                Role::HeaderVersion => out.write_str(", header version")?,
                Role::HeaderSize => out.write_str(", header size")?,
                Role::HeaderTotalSize => out.write_str(", header total size")?,
                Role::Header(_) => out.write_str(", the header")?,
            }
            out.write_str(" */\n")?;
        }
        out.write_str("};\n")?;
        let name = l.name;
        writeln!(
            out,
            "_Static_assert(sizeof(struct {p}{name}) == {0}, \"sizeof(struct {p}{name}) is {0}\");",
            l.size
        )?;
        writeln!(
            out,
            "_Static_assert(_Alignof(struct {p}{name}) == {0}, \"_Alignof(struct {p}{name}) is {0}\");",
            l.align
        )?;
        for f in l.fields {
            writeln!(
                out,
                "_Static_assert(offsetof(struct {p}{name}, {0}) == {1}, \"{p}{name}.{0} is at {1}\");",
                f.name, f.offset
            )?;
        }
        for (k, v) in l.versions.iter().enumerate() {
            // The version's last field and largest alignment, as
            // `version_size` finds them.
            let (mut last, mut align) = (None::<&FieldInfo>, 1);
            for f in l.fields {
                if f.bytes_since <= v.number {
                    if last.is_none() || ends_before(last, f) {
                        last = Some(f);
                    }
                    align = align.max(f.align);
                }
            }
            let Some(f) = last else { continue };
            write!(out, "_Static_assert((offsetof(struct {p}{name}, {})", f.name)?;
            if f.size != 0 {
                write!(out, " + sizeof(((struct {p}{name} *)0)->{})", f.name)?;
            }
            write!(out, " + {}) / {align} * {align} == ", align - 1)?;
            write_upper(out, p)?;
            write_upper(out, name)?;
            writeln!(
                out,
                "_SIZE_VER{k}, \"version {} of {p}{name} ends with {} and is {} bytes\");",
                v.label, f.name, v.size
            )?;
        }
        Ok(())
    }

    /// Whether the struct's C name (the prefix and its name) is an
    /// identifier and no keyword.
    fn c_name_ok(&self, l: &Layout) -> bool {
        let p = self.prefix;
        let name_ok = if p.is_empty() {
            is_ident(l.name)
        } else {
            l.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        };
        name_ok && !is_keyword2(p, l.name)
    }

    /// The index of the set's struct called `name`.
    fn find(&self, name: &str) -> Option<usize> {
        self.layouts.iter().position(|l| l.name == name)
    }

    /// How deep the structs of the set nest in struct `i` (0: none), or
    /// `None` when they nest deeper than `budget` (a cycle).
    fn depth(&self, i: usize, budget: usize) -> Option<usize> {
        let mut depth = 0;
        for f in self.layouts[i].fields {
            let (base, _) = split_array(f.ty);
            if let Some(j) = struct_name(base).and_then(|s| self.find(s)) {
                if budget == 0 {
                    return None;
                }
                depth = depth.max(self.depth(j, budget - 1)? + 1);
            }
        }
        Some(depth)
    }

    /// The field's type in C, checked against its size and alignment.
    fn resolve(&self, f: &FieldInfo) -> Result<CType, TypeError> {
        let mut dims = [None; MAX_DIMS];
        let mut ndims = 0;
        let mut ty = f.ty.trim();
        while let Some((elem, len)) = array_parts(ty) {
            if ndims == MAX_DIMS {
                return Err(TypeError::Array);
            }
            dims[ndims] = parse_len(len);
            ndims += 1;
            ty = elem;
        }
        let (base, elem_size, elem_align) = if let Some(&(_, c, size)) =
            primitive_name(ty).and_then(|r| PRIMITIVES.iter().find(|p| p.0 == r))
        {
            (Base::Primitive(c), size, None)
        } else if let Some(j) = struct_name(ty).and_then(|s| self.find(s)) {
            let l = self.layouts[j];
            (Base::Struct(j), l.size, Some(l.align))
        } else {
            return Err(TypeError::Type);
        };
        if elem_align.is_some_and(|a| a != f.align) {
            return Err(TypeError::Mismatch);
        }
        let unknown = dims[..ndims].iter().filter(|d| d.is_none()).count();
        let known: usize = dims[..ndims].iter().flatten().product();
        let mut out = CType { base, dims: [0; MAX_DIMS], ndims };
        for (o, d) in out.dims.iter_mut().zip(&dims[..ndims]) {
            *o = d.unwrap_or(0);
        }
        match unknown {
            0 if known * elem_size == f.size => Ok(out),
            0 if ndims == 0 => Err(TypeError::Mismatch),
            0 => Err(TypeError::Array),
            1 => {
                let per = known * elem_size;
                if per == 0 || f.size % per != 0 {
                    return Err(TypeError::Array);
                }
                let i = dims[..ndims].iter().position(Option::is_none).unwrap_or(0);
                out.dims[i] = f.size / per;
                Ok(out)
            }
            _ => Err(TypeError::Array),
        }
    }
}

/// Whether `last` ends before `f` does; a zero-sized field ending where a
/// sized one does comes first, so `sizeof` is taken of a complete type
/// (never of a flexible array member).
fn ends_before(last: Option<&FieldInfo>, f: &FieldInfo) -> bool {
    last.is_some_and(|g| g.end() < f.end() || (g.end() == f.end() && g.size == 0 && f.size != 0))
}

/// Counts what it writes (for aligning comments).
struct Counting<'w, W: Write + ?Sized> {
    out: &'w mut W,
    n: usize,
}

impl<W: Write + ?Sized> Write for Counting<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.n += s.chars().count();
        self.out.write_str(s)
    }
}

fn write_upper<W: Write + ?Sized>(out: &mut W, s: &str) -> fmt::Result {
    s.chars().try_for_each(|c| out.write_char(c.to_ascii_uppercase()))
}

/// The label of version `number` of `l`, as the source wrote it.
fn write_label<W: Write + ?Sized>(out: &mut W, l: &Layout, number: u32) -> fmt::Result {
    match l.version(number) {
        Some(v) => out.write_str(v.label),
        None => write!(out, "{number}"),
    }
}

/// ASCII letters, digits and `_`, not starting with a digit.
fn is_ident(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_keyword(s: &str) -> bool {
    is_keyword2("", s)
}

/// Whether `a` followed by `b` is a C keyword.
fn is_keyword2(a: &str, b: &str) -> bool {
    C_KEYWORDS.iter().any(|k| k.len() == a.len() + b.len() && k.starts_with(a) && k.ends_with(b))
}

/// Whether `a` and `b` give the same macro names.
fn same_c_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `[T; N]` as `(T, N)`: the element type and the length expression.
fn array_parts(ty: &str) -> Option<(&str, &str)> {
    let inner = ty.strip_prefix('[')?.strip_suffix(']')?;
    let mut depth = 0i32;
    let mut split = None;
    for (i, b) in inner.bytes().enumerate() {
        match b {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => depth -= 1,
            b';' if depth == 0 => split = Some(i),
            _ => {}
        }
    }
    let i = split?;
    Some((inner[..i].trim(), inner[i + 1..].trim()))
}

/// The element type of a (possibly nested) array type, and its nesting.
fn split_array(ty: &str) -> (&str, usize) {
    let (mut ty, mut n) = (ty.trim(), 0);
    while let Some((elem, _)) = array_parts(ty) {
        ty = elem;
        n += 1;
    }
    (ty, n)
}

/// An array length written as an integer literal (`16`, `0x10`, `1_024`,
/// `16usize`); `None` for anything else (a constant's name, an
/// expression).
fn parse_len(s: &str) -> Option<usize> {
    let s = s.trim();
    let s = s.strip_suffix("usize").unwrap_or(s);
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x") {
        (h, 16)
    } else if let Some(o) = s.strip_prefix("0o") {
        (o, 8)
    } else if let Some(b) = s.strip_prefix("0b") {
        (b, 2)
    } else {
        (s, 10)
    };
    let mut value: usize = 0;
    let mut any = false;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(radix)? as usize;
        value = value.checked_mul(radix as usize)?.checked_add(d)?;
        any = true;
    }
    any.then_some(value)
}

/// A primitive's name: the type bare (`u32`) or through `core::primitive`
/// or `std::primitive`.
fn primitive_name(ty: &str) -> Option<&str> {
    let ty = ty.strip_prefix("::").unwrap_or(ty);
    let ty = ty
        .strip_prefix("core::primitive::")
        .or_else(|| ty.strip_prefix("std::primitive::"))
        .unwrap_or(ty);
    is_ident(ty).then_some(ty)
}

/// A struct's name: the last segment of a path with no generics.
fn struct_name(ty: &str) -> Option<&str> {
    let last = ty.rsplit("::").next()?;
    let path_ok = ty.split("::").all(|s| s.is_empty() || is_ident(s));
    (path_ok && is_ident(last)).then_some(last)
}

#[cfg(test)]
mod tests;
