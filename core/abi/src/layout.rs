//! The layout table every extensible struct carries: its fields, their
//! frozen offsets, and the size of every version.

/// One field of an extensible struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// The version its bytes came in: [`FieldInfo::since`], except for a
    /// field born in bytes an older version had as padding
    /// (`#[abi(padding_since = V)]`), whose bytes count in the size of
    /// every version from `V` on.
    pub bytes_since: u32,
    /// The field's Rust type as written (`"u32"`, `"[u8; 16]"`, `"Guid"`),
    /// for C declarations generated from the table.
    pub ty: &'static str,
    /// What the field is to the struct's rules.
    pub role: Role,
}

impl FieldInfo {
    /// A plain data field whose bytes came with it: the usual entry. (The
    /// attribute builds the table; this is for tables written by hand.)
    pub const fn new(
        name: &'static str,
        offset: usize,
        size: usize,
        align: usize,
        since: u32,
        ty: &'static str,
    ) -> Self {
        FieldInfo { name, offset, size, align, since, bytes_since: since, ty, role: Role::Data }
    }

    /// This field with its bytes dating from version `bytes_since`.
    pub const fn with_bytes_since(mut self, bytes_since: u32) -> Self {
        self.bytes_since = bytes_since;
        self
    }

    /// This field with role `role`.
    pub const fn with_role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    /// One past the field's last byte.
    pub const fn end(&self) -> usize {
        self.offset + self.size
    }

    /// Whether the whole field lies in the first `len` bytes.
    pub const fn is_present(&self, len: usize) -> bool {
        self.end() <= len
    }
}

/// What a field is to the rules of its struct, as the attribute's field
/// keys declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// Data, moved by the struct's copies like any other byte.
    Data,
    /// The struct's own size field (`sched_attr.size`,
    /// `perf_event_attr.size`, `mnt_id_req.size`, Windows' `cbSize`),
    /// read with the declared policy: `#[abi(size_field = "...")]`.
    Size(SizePolicy),
    /// A header's version (`#[abi(header = "version")]`).
    HeaderVersion,
    /// A header's size: the end of the last field the writer knows
    /// (`#[abi(header = "size")]`).
    HeaderSize,
    /// A header's total size: the writer's `sizeof`, the stride of an
    /// array (`#[abi(header = "total_size")]`).
    HeaderTotalSize,
    /// A header struct holding those three, nested at this field
    /// (`#[abi(header)]`): its layout.
    Header(&'static Layout),
}

/// How a struct's own size field is read (`#[abi(size_field = "...")]`):
/// the kernels' three ways, as a declared choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SizePolicy {
    /// `"write_back"`, Linux's `sched_copy_attr` and `perf_copy_attr`: a
    /// size of 0 means the first version; a size below the first version
    /// or over the limit, or a non-zero byte past ours, is `E2BIG`, and
    /// our own size is written into the caller's size field.
    WriteBack,
    /// `"strict"`, `statmount`'s `mnt_id_req`: a size below the first
    /// version (0 included) is `EINVAL`, over the limit `E2BIG`; nothing is
    /// written back.
    Strict,
    /// `"known"`, Windows' `cbSize` and eBPF-for-Windows: only a size of
    /// the version table is accepted (`EINVAL` otherwise), so a newer
    /// caller is refused: the rule that broke eBPF-for-Windows' callers,
    /// declared where a protocol truly has it.
    Known,
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
#[non_exhaustive]
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
    /// `#[abi(min_version = N)]`: a caller's struct shorter than version
    /// `N` is `EINVAL` (openat2's, clone3's `*_SIZE_VER0`); 0 when any
    /// length is accepted (bpf's rule).
    pub min_version: u32,
    /// `#[abi(header_version = N)]`: the value a header's version field
    /// must hold; `None` when it is not checked.
    pub header_version: Option<u32>,
}

/// Where a struct's header members are ([`Layout::header`]): offsets from
/// the struct's start and widths in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HeaderLayout {
    /// The version member, if the header has one: `(offset, width)`.
    pub version: Option<(usize, usize)>,
    /// The size member: `(offset, width)`.
    pub size: (usize, usize),
    /// The total size member: `(offset, width)`.
    pub total_size: (usize, usize),
    /// The end of the header, where a caller's header must at least reach.
    pub end: usize,
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
    /// A layout table with no minimum version and no header version: the
    /// usual case. (The attribute builds the table; this is for tables
    /// written by hand.)
    pub const fn new(
        name: &'static str,
        size: usize,
        align: usize,
        fields: &'static [FieldInfo],
        versions: &'static [VersionInfo],
    ) -> Self {
        Layout { name, size, align, fields, versions, min_version: 0, header_version: None }
    }

    /// This table with `#[abi(min_version = N)]`.
    pub const fn with_min_version(mut self, min_version: u32) -> Self {
        self.min_version = min_version;
        self
    }

    /// This table with `#[abi(header_version = N)]`.
    pub const fn with_header_version(mut self, version: u32) -> Self {
        self.header_version = Some(version);
        self
    }

    /// The shortest length a caller's struct may have: the size of
    /// [`Layout::min_version`] (0 without one).
    pub const fn min_len(&self) -> usize {
        match self.min_version {
            0 => 0,
            n => self.size_at(n),
        }
    }

    /// The size a size field must at least hold, and what a size of 0
    /// stands for under [`SizePolicy::WriteBack`]: the size of
    /// [`Layout::min_version`], or of the oldest version without one.
    pub const fn first_size(&self) -> usize {
        match self.min_version {
            0 => self.oldest().size,
            n => self.size_at(n),
        }
    }

    /// The struct's own size field and its policy, if one is declared.
    pub const fn size_field(&self) -> Option<(&FieldInfo, SizePolicy)> {
        let mut i = 0;
        while i < self.fields.len() {
            if let Role::Size(policy) = self.fields[i].role {
                return Some((&self.fields[i], policy));
            }
            i += 1;
        }
        None
    }

    /// Where the struct's header members are, when it has a header: its
    /// own fields declared with `#[abi(header = "...")]`, or those of a
    /// header struct nested at a field declared `#[abi(header)]`.
    pub const fn header(&self) -> Option<HeaderLayout> {
        let (mut version, mut size, mut total) = (None, None, None);
        let mut i = 0;
        while i < self.fields.len() {
            let f = &self.fields[i];
            let at = (f.offset, f.size);
            match f.role {
                Role::HeaderVersion => version = Some(at),
                Role::HeaderSize => size = Some(at),
                Role::HeaderTotalSize => total = Some(at),
                Role::Header(inner) => {
                    if let Some(h) = inner.header() {
                        let at = f.offset;
                        return Some(HeaderLayout {
                            version: match h.version {
                                Some(v) => Some((v.0 + at, v.1)),
                                None => None,
                            },
                            size: (h.size.0 + at, h.size.1),
                            total_size: (h.total_size.0 + at, h.total_size.1),
                            end: at + h.end,
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
        match (size, total) {
            (Some(size), Some(total_size)) => {
                let mut end = size.0 + size.1;
                if total_size.0 + total_size.1 > end {
                    end = total_size.0 + total_size.1;
                }
                if let Some(v) = version {
                    if v.0 + v.1 > end {
                        end = v.0 + v.1;
                    }
                }
                Some(HeaderLayout { version, size, total_size, end })
            }
            _ => None,
        }
    }

    /// The end of the last data field of version `number` (and the
    /// versions before it), without C's rounding to the alignment and
    /// without named padding (fields named `_…`): what a header's size
    /// member holds for a writer of that version (eBPF-for-Windows'
    /// `EBPF_SIZE_INCLUDING_FIELD`), and so the sizes
    /// [`HeaderRule::KnownSizes`](crate::user::HeaderRule::KnownSizes)
    /// accepts, one per version.
    ///
    /// ```
    /// use extensible_abi::{extensible_abi, ExtensibleAbi};
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy)]
    /// struct Proto {
    ///     #[abi(since = 1, offset = 0)] id: u64,
    ///     #[abi(since = 1, offset = 8)] arg: u32,
    ///     #[abi(since = 2, offset = 12, padding_since = 1)] flags: u8,
    ///     #[abi(since = 1, offset = 13)] _pad_tail: [u8; 3],
    /// }
    ///
    /// assert_eq!((Proto::LAYOUT.version_end(1), Proto::LAYOUT.version_end(2)), (12, 13));
    /// assert_eq!(Proto::LAYOUT.size, 16);
    /// ```
    pub const fn version_end(&self, number: u32) -> usize {
        let mut end = 0;
        let mut i = 0;
        while i < self.fields.len() {
            let f = &self.fields[i];
            let padding = !f.name.is_empty() && f.name.as_bytes()[0] == b'_';
            if f.since <= number && !padding && f.end() > end {
                end = f.end();
            }
            i += 1;
        }
        end
    }

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
/// the end of the last field whose bytes existed then (`bytes_since <=
/// version`: a field born in former padding counts from the version its
/// bytes came in), rounded up to the largest alignment among those fields.
/// Used by the attribute's generated version table; public so hand-written
/// tables can be checked against it.
pub const fn version_size(fields: &[FieldInfo], version: u32) -> usize {
    let (mut end, mut align) = (0, 1);
    let mut i = 0;
    while i < fields.len() {
        let f = &fields[i];
        if f.bytes_since <= version {
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
