//! The layout table every extensible struct carries: its fields, their
//! frozen offsets, and the size of every version.

/// One field of an extensible struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldInfo {
    /// The field's Rust name.
    pub name: &'static str,
    /// Its frozen byte offset.
    pub offset: usize,
    /// `size_of` its type.
    pub size: usize,
    /// `align_of` its type.
    pub align: usize,
    /// The version that introduced it.
    pub since: u32,
}

impl FieldInfo {
    /// One past the field's last byte.
    pub const fn end(&self) -> usize {
        self.offset + self.size
    }

    /// Whether the whole field lies in the first `len` bytes.
    pub const fn is_present(&self, len: usize) -> bool {
        self.end() <= len
    }
}

/// One version of an extensible struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VersionInfo {
    /// The version number: the `since` of the fields it added. A `since`
    /// written as a release string `"X.Y"` or `"X.Y.Z"` is numbered as
    /// Linux's `KERNEL_VERSION(X, Y, Z)` (`X << 16 | Y << 8 | Z`).
    pub number: u32,
    /// The version as written in the source: `"3"`, or `"5.2"`.
    pub label: &'static str,
    /// C's `sizeof` of the struct as it stood at this version: the end of
    /// its last field rounded up to its largest field alignment.
    pub size: usize,
}

/// The layout table of an extensible struct, available at run time and in
/// `const` context as [`ExtensibleAbi::LAYOUT`](crate::ExtensibleAbi::LAYOUT).
///
/// ```
/// use extensible_abi::{extensible_abi, ExtensibleAbi};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy)]
/// struct Args {
///     #[abi(since = 1, offset = 0)] flags: u64,
///     #[abi(since = 1, offset = 8)] mode: u32,
///     #[abi(since = 2, offset = 12)] extra: u32,
///     #[abi(since = 3, offset = 16)] more: u64,
/// }
///
/// const L: &extensible_abi::Layout = Args::LAYOUT;
/// assert_eq!(L.name, "Args");
/// assert_eq!(L.size, 24);
/// // Version 1 ended with `mode` at 12 and was padded to 16, like C's sizeof.
/// let sizes: Vec<_> = L.versions.iter().map(|v| (v.number, v.size)).collect();
/// assert_eq!(sizes, [(1, 16), (2, 16), (3, 24)]);
/// assert_eq!(L.version_for_len(16).unwrap().number, 2);
/// assert_eq!(L.field("extra").unwrap().offset, 12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    /// The struct's Rust name.
    pub name: &'static str,
    /// `size_of` the struct: the size of its newest version.
    pub size: usize,
    /// `align_of` the struct.
    pub align: usize,
    /// Every field, in declaration (and so offset) order.
    pub fields: &'static [FieldInfo],
    /// Every version, oldest first.
    pub versions: &'static [VersionInfo],
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Layout {
    /// The field called `name`.
    pub const fn field(&self, name: &str) -> Option<&FieldInfo> {
        let mut i = 0;
        while i < self.fields.len() {
            if str_eq(self.fields[i].name, name) {
                return Some(&self.fields[i]);
            }
            i += 1;
        }
        None
    }

    /// The version numbered `number`.
    pub const fn version(&self, number: u32) -> Option<&VersionInfo> {
        let mut i = 0;
        while i < self.versions.len() {
            if self.versions[i].number == number {
                return Some(&self.versions[i]);
            }
            i += 1;
        }
        None
    }

    /// The oldest version.
    pub const fn oldest(&self) -> &VersionInfo {
        &self.versions[0]
    }

    /// The newest version; its size is [`Layout::size`].
    pub const fn newest(&self) -> &VersionInfo {
        &self.versions[self.versions.len() - 1]
    }

    /// The newest version whose size fits in `len` bytes: the version a
    /// runtime speaks when it reports (writes back) `len`. `None` when `len`
    /// is shorter than the oldest version.
    pub const fn version_for_len(&self, len: usize) -> Option<&VersionInfo> {
        let mut i = self.versions.len();
        while i > 0 {
            i -= 1;
            if self.versions[i].size <= len {
                return Some(&self.versions[i]);
            }
        }
        None
    }

    /// The size a runtime at ABI level `level` knows: that of the newest
    /// version numbered `<= level`, or 0 when the struct is newer than
    /// `level`. Levels at or past the newest version give [`Layout::size`].
    pub const fn size_at(&self, level: u32) -> usize {
        let mut i = self.versions.len();
        while i > 0 {
            i -= 1;
            if self.versions[i].number <= level {
                return self.versions[i].size;
            }
        }
        0
    }

    /// The fields wholly inside the first `len` bytes (a prefix of
    /// [`Layout::fields`], since offsets only grow).
    pub const fn present_fields(&self, len: usize) -> &'static [FieldInfo] {
        let mut n = 0;
        while n < self.fields.len() && self.fields[n].is_present(len) {
            n += 1;
        }
        self.fields.split_at(n).0
    }

    /// Whether the field called `name` lies wholly in the first `len` bytes;
    /// `false` for a name the struct does not have.
    pub const fn is_present(&self, name: &str, len: usize) -> bool {
        match self.field(name) {
            Some(f) => f.is_present(len),
            None => false,
        }
    }
}

/// C's `sizeof` of a struct with `fields` as it stood at version `version`:
/// the end of the last field with `since <= version`, rounded up to the
/// largest alignment among those fields. Used by the attribute's generated
/// version table; public so hand-written tables can be checked against it.
pub const fn version_size(fields: &[FieldInfo], version: u32) -> usize {
    let (mut end, mut align) = (0, 1);
    let mut i = 0;
    while i < fields.len() {
        let f = &fields[i];
        if f.since <= version {
            if f.end() > end {
                end = f.end();
            }
            if f.align > align {
                align = f.align;
            }
        }
        i += 1;
    }
    end.div_ceil(align) * align
}
