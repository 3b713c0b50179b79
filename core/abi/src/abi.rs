//! [`ExtensibleAbi`]: what every `#[extensible_abi]` struct gets — the
//! kernel's `copy_struct_from_user` rules for input, truncating copies for
//! output, and version probing for callers.

use core::marker::PhantomData;
use core::mem::{align_of, size_of};
use core::ptr;

use crate::{bytes_of, first_nonzero, AbiError, FieldInfo, Layout, Pod, VersionInfo};

/// A C-ABI struct that grows by appending fields, version after version.
///
/// Implemented by `#[extensible_abi]`, which also checks at compile time
/// that every field sits at its frozen offset, that there is no padding and
/// that every field type is plain old data ([`Pod`], or with the interop
/// features zerocopy's or bytemuck's traits). See the
/// [attribute's reference](macro@crate::extensible_abi).
///
/// ```
/// use extensible_abi::{extensible_abi, ExtensibleAbi};
///
/// /// struct open_how, as openat2(2) takes it.
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// pub struct OpenHow {
///     #[abi(since = 1, offset = 0)]  pub flags: u64,
///     #[abi(since = 1, offset = 8)]  pub mode: u64,
///     #[abi(since = 1, offset = 16)] pub resolve: u64,
/// }
///
/// // An older, shorter caller: the missing fields read as zero.
/// let how = OpenHow::from_partial(&[1, 0, 0, 0, 0, 0, 0, 0, 0o44]).unwrap();
/// assert_eq!(how, OpenHow { flags: 1, mode: 0o44, resolve: 0 });
///
/// // A newer, longer caller: fine while the unknown tail is zero...
/// let mut long = [0u8; 32];
/// long[..24].copy_from_slice(extensible_abi::bytes_of(&how));
/// assert_eq!(OpenHow::from_partial(&long), Ok(how));
/// // ...and E2BIG once it sets a field this side does not know.
/// long[28] = 1;
/// assert_eq!(OpenHow::from_partial(&long).unwrap_err().errno(), extensible_abi::errno::E2BIG);
///
/// // Output: copy what fits, report how much.
/// let mut out = [0xffu8; 12];
/// assert_eq!(how.copy_truncated(&mut out), 12);
/// ```
///
/// # Safety
///
/// `LAYOUT` must describe `Self` exactly (every field, offset and size,
/// `size == size_of::<Self>()`), and [`Self::Fields`] may hold only field
/// descriptors whose offset and type are those of a real field. The
/// attribute guarantees both; do not implement this trait by hand.
pub unsafe trait ExtensibleAbi: Pod {
    /// The layout table: fields, frozen offsets, version sizes.
    const LAYOUT: &'static Layout;

    /// The struct of typed field descriptors, one per field, named like the
    /// fields and with their visibility: `S::FIELDS.flags` is a
    /// [`FieldRef<S, u64>`](FieldRef) for [`Partial::get`].
    ///
    /// The attribute declares it inside an anonymous `const _: () = { … };`
    /// block with the impls, so it takes no name in the user's module
    /// (a user type called `<Name>Fields` beside the struct is fine):
    /// reach the type as `<S as ExtensibleAbi>::Fields`, its value as
    /// `S::FIELDS`. It is `Copy` and `Debug`.
    type Fields: 'static;

    /// The typed field descriptors, for [`Partial::get`].
    const FIELDS: Self::Fields;

    /// Builds `Self` from a caller's struct of any length, with the Linux
    /// kernel's `copy_struct_from_user` rules.
    ///
    /// - `src` shorter than `Self`: its bytes are copied and the rest is
    ///   zero (a field cut by the length keeps the bytes that are there);
    /// - `src` longer: every byte past `size_of::<Self>()` must be zero,
    ///   else [`AbiError::NonZeroTail`] (`E2BIG`) naming the first non-zero
    ///   byte;
    /// - `src` shorter than the struct's first version, where it declares
    ///   one (`#[abi(min_version = N)]`): [`AbiError::TooShort`] (`EINVAL`),
    ///   before anything else.
    ///
    /// One bounded copy, one bounded fill and one zero scan; no allocation.
    #[inline]
    fn from_partial(src: &[u8]) -> Result<Self, AbiError> {
        read_known_prefix(
            Self::LAYOUT.name,
            src,
            size_of::<Self>(),
            const { Self::LAYOUT.min_len() },
        )
    }

    /// [`from_partial`](Self::from_partial) as a runtime at ABI level
    /// `level` sees it: only the fields of the newest version numbered
    /// `<= level` are known ([`Layout::size_at`]), every byte past that
    /// version's size must be zero (`E2BIG`), and the newer fields read as
    /// zero. This is how one binary emulates an older kernel release.
    ///
    /// ```
    /// use extensible_abi::{extensible_abi, ExtensibleAbi};
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy, Debug, PartialEq)]
    /// struct Attr {
    ///     #[abi(since = 1, offset = 0)] fd: u32,
    ///     #[abi(since = 2, offset = 4)] flags: u32,
    /// }
    ///
    /// let bytes = [1, 0, 0, 0, 8, 0, 0, 0];
    /// assert_eq!(Attr::from_partial_at(&bytes, 2), Ok(Attr { fd: 1, flags: 8 }));
    /// // A version-1 runtime does not know `flags`: setting it is E2BIG.
    /// assert_eq!(Attr::from_partial_at(&bytes, 1).unwrap_err().errno(), 7);
    /// assert_eq!(Attr::from_partial_at(&bytes[..4], 1), Ok(Attr { fd: 1, flags: 0 }));
    /// ```
    #[inline]
    fn from_partial_at(src: &[u8], level: u32) -> Result<Self, AbiError> {
        let min = const { Self::LAYOUT.min_len() };
        read_known_prefix(Self::LAYOUT.name, src, Self::LAYOUT.size_at(level), min)
    }

    /// Copies the first `min(dst.len(), size_of::<Self>())` bytes of `self`
    /// into `dst` and returns that count; bytes of `dst` past it are not
    /// touched. This is the kernel's info-struct rule: copy what the caller
    /// has room for, then tell it how much was written.
    #[inline]
    fn copy_truncated(&self, dst: &mut [u8]) -> usize {
        copy_known_prefix(self, dst, size_of::<Self>())
    }

    /// [`copy_truncated`](Self::copy_truncated) as a runtime at ABI level
    /// `level` writes: at most the size of the newest version numbered
    /// `<= level` ([`Layout::size_at`]).
    #[inline]
    fn copy_truncated_at(&self, dst: &mut [u8], level: u32) -> usize {
        copy_known_prefix(self, dst, Self::LAYOUT.size_at(level))
    }

    /// The kernel's `copy_struct_to_user` (Linux 6.13; `sched_getattr`,
    /// `PIDFD_GET_INFO`, `file_getattr`), the other output rule: copies
    /// `min(dst.len(), size_of::<Self>())` bytes, zeroes the caller's bytes
    /// from our size to `dst.len()`, and reports in
    /// [`CopyOut::ignored_trailing`] whether the caller's struct is shorter
    /// and a byte of ours that did not fit is non-zero (data it cannot see:
    /// the kernel's documented use is `EMSGSIZE`).
    ///
    /// ```
    /// use extensible_abi::{extensible_abi, CopyOut, ExtensibleAbi};
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy)]
    /// struct Info {
    ///     #[abi(since = 1, offset = 0)] mask: u64,
    ///     #[abi(since = 2, offset = 8)] extra: u64,
    /// }
    ///
    /// let info = Info { mask: 7, extra: 0 };
    /// // A newer, longer caller: our 16 bytes, then zeros over its own.
    /// let mut long = [0xffu8; 24];
    /// assert_eq!(info.copy_zero_extended(&mut long), CopyOut { copied: 16, ignored_trailing: false });
    /// assert_eq!(&long[16..], &[0; 8]);
    /// // An older caller that cannot see `extra`: fine while it is zero...
    /// let mut short = [0u8; 8];
    /// assert!(!info.copy_zero_extended(&mut short).ignored_trailing);
    /// // ...and reported once it is not.
    /// let info = Info { mask: 7, extra: 1 };
    /// assert_eq!(info.copy_zero_extended(&mut short), CopyOut { copied: 8, ignored_trailing: true });
    /// ```
    #[inline]
    fn copy_zero_extended(&self, dst: &mut [u8]) -> CopyOut {
        let size = size_of::<Self>();
        if dst.len() > size {
            dst[size..].fill(0);
        }
        let copied = copy_known_prefix(self, dst, size);
        CopyOut { copied, ignored_trailing: ignored_trailing(bytes_of(self), copied) }
    }

    /// The last field holding a non-zero byte: the newest field a caller
    /// set. `None` when every byte is zero.
    fn last_set_field(&self) -> Option<&'static crate::FieldInfo> {
        let bytes = bytes_of(self);
        Self::LAYOUT.fields.iter().rev().find(|f| is_set(&bytes[f.offset..f.end()]))
    }

    /// The smallest length covering every field that holds a non-zero
    /// byte: the size a caller passes so that it works with any runtime
    /// that knows the fields it set (libbpf's `offsetofend` rule), and never
    /// less than the struct's first version where it declares one
    /// (`#[abi(min_version = N)]`: openat2's `OPEN_HOW_SIZE_VER0`). 0 when
    /// every byte is zero and there is no first version to pass.
    ///
    /// ```
    /// use extensible_abi::{extensible_abi, ExtensibleAbi};
    ///
    /// #[extensible_abi]
    /// #[repr(C)]
    /// #[derive(Clone, Copy, Default)]
    /// struct Attr {
    ///     #[abi(since = 1, offset = 0)] fd: u32,
    ///     #[abi(since = 1, offset = 4)] flags: u32,
    ///     #[abi(since = 2, offset = 8)] extra: u64,
    /// }
    ///
    /// assert_eq!(Attr { fd: 3, ..Default::default() }.used_len(), 4);
    /// assert_eq!(Attr { extra: 1, ..Default::default() }.used_len(), 16);
    /// assert_eq!(Attr::default().used_len(), 0);
    /// ```
    fn used_len(&self) -> usize {
        let min = const { Self::LAYOUT.min_len() };
        self.last_set_field().map_or(0, |f| f.end()).max(min)
    }

    /// The struct with every field zero.
    #[inline]
    fn zeroed() -> Self {
        crate::zeroed()
    }

    /// The newest version whose size fits in `len`: what a runtime speaks
    /// when it reports `len`. See [`Layout::version_for_len`].
    #[inline]
    fn version_for_len(len: usize) -> Option<&'static VersionInfo> {
        Self::LAYOUT.version_for_len(len)
    }

    /// Whether the field called `name` lies wholly in the first `len` bytes.
    #[inline]
    fn is_present(name: &str, len: usize) -> bool {
        Self::LAYOUT.is_present(name, len)
    }
}

/// Whether a field's bytes hold a non-zero byte: one load for a field of
/// a machine type (a client asks this of every attr it passes), the scan
/// for the rest.
#[inline]
fn is_set(field: &[u8]) -> bool {
    if let Ok(word) = <[u8; 8]>::try_from(field) {
        u64::from_ne_bytes(word) != 0
    } else if let Ok(half) = <[u8; 4]>::try_from(field) {
        u32::from_ne_bytes(half) != 0
    } else {
        first_nonzero(field).is_some()
    }
}

/// The one implementation behind every read of an extensible struct:
/// `known` bytes (`<= size_of::<T>()`) are what this side understands;
/// `src` past them must be zero (`E2BIG`); what `src` lacks is zero.
#[inline]
pub(crate) fn read_known_prefix<T: Pod>(
    name: &'static str,
    src: &[u8],
    known: usize,
    min: usize,
) -> Result<T, AbiError> {
    let size = size_of::<T>();
    debug_assert!(known <= size);
    if src.len() < min {
        return Err(AbiError::TooShort { name, len: src.len(), min });
    }
    let n = if src.len() > known {
        if let Some(i) = first_nonzero(&src[known..]) {
            return Err(AbiError::NonZeroTail { name, size: known, offset: known + i });
        }
        known
    } else {
        src.len()
    };
    // Zero the whole struct, then copy the prefix over it: a fill of a
    // constant size is a few inlined stores, where a fill of the variable
    // `size - n` was a `memset` call.
    let mut out: T = crate::zeroed();
    crate::bytes_of_mut(&mut out)[..n].copy_from_slice(&src[..n]);
    Ok(out)
}

/// What a zero-extending copy ([`ExtensibleAbi::copy_zero_extended`],
/// `user::write_struct_zero_extended`) did: the kernel's
/// `copy_struct_to_user` result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CopyOut {
    /// Bytes of the struct copied: `min(len, size)`.
    pub copied: usize,
    /// The caller's struct is shorter than ours and a byte of ours past its
    /// length is non-zero: the caller did not receive everything.
    ///
    /// (Linux's own `copy_struct_to_user` computed this with the condition
    /// inverted, `ksize < usize`, from 6.13 until a 2026 fix; this is the
    /// documented meaning.)
    pub ignored_trailing: bool,
}

/// Whether a byte of `ours` past the `copied` bytes the caller received is
/// non-zero.
#[inline]
pub(crate) fn ignored_trailing(ours: &[u8], copied: usize) -> bool {
    first_nonzero(&ours[copied..]).is_some()
}

/// The one implementation behind every truncating copy: at most `known`
/// bytes (`<= size_of::<T>()`) of `value`, and never past `dst.len()`.
#[inline]
pub(crate) fn copy_known_prefix<T: Pod>(value: &T, dst: &mut [u8], known: usize) -> usize {
    let n = dst.len().min(known);
    dst[..n].copy_from_slice(&bytes_of(value)[..n]);
    n
}

/// A typed descriptor of one field of the extensible struct `S`, of type
/// `T`: its name, frozen offset and version. Made only by the attribute;
/// reach one as `S::FIELDS.name_of_field`.
// `repr(transparent)` over the field's table entry: the attribute's
// descriptors struct (`S::Fields`, `#[repr(C)]`, one `FieldRef` per field
// in field order) then has the layout of `[FieldInfo; N]`, so `S::FIELDS`
// is read from the layout table rather than built again field by field.
#[repr(transparent)]
pub struct FieldRef<S, T> {
    info: FieldInfo,
    _marker: PhantomData<fn(&S) -> T>,
}

impl<S, T> FieldRef<S, T> {
    /// # Safety
    ///
    /// `S` must have a field of type `T` at byte `offset`.
    #[doc(hidden)]
    pub const unsafe fn new(name: &'static str, offset: usize, since: u32) -> Self {
        let info = FieldInfo::new(name, offset, size_of::<T>(), align_of::<T>(), since, "");
        FieldRef { info, _marker: PhantomData }
    }

    /// The field's name.
    pub const fn name(&self) -> &'static str {
        self.info.name
    }

    /// The field's frozen offset.
    pub const fn offset(&self) -> usize {
        self.info.offset
    }

    /// `size_of` the field.
    pub const fn size(&self) -> usize {
        size_of::<T>()
    }

    /// The version that introduced the field.
    pub const fn since(&self) -> u32 {
        self.info.since
    }

    /// Whether the field lies wholly in the first `len` bytes.
    pub const fn is_present(&self, len: usize) -> bool {
        self.info.offset + size_of::<T>() <= len
    }
}

impl<S, T> Clone for FieldRef<S, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S, T> Copy for FieldRef<S, T> {}

impl<S, T> core::fmt::Debug for FieldRef<S, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FieldRef")
            .field("name", &self.info.name)
            .field("offset", &self.info.offset)
            .field("size", &size_of::<T>())
            .field("since", &self.info.since)
            .finish()
    }
}

/// A struct together with how many of its bytes the other side filled:
/// the caller's view of an info struct a runtime wrote `len` bytes of.
///
/// Reading a field the runtime did not (wholly) write gives `None`, never a
/// silent zero.
///
/// ```
/// use extensible_abi::{extensible_abi, ExtensibleAbi, Partial};
///
/// #[extensible_abi]
/// #[repr(C)]
/// #[derive(Clone, Copy, Debug)]
/// struct Info {
///     #[abi(since = 1, offset = 0)] id: u32,
///     #[abi(since = 1, offset = 4)] kind: u32,
///     #[abi(since = 2, offset = 8)] flags: u64,
/// }
///
/// // An older runtime wrote 8 bytes back.
/// let mut buf = [0u8; 16];
/// buf[0] = 7;
/// let info = Partial::<Info>::from_bytes(&buf, 8).unwrap();
/// assert_eq!(info.get(Info::FIELDS.id), Some(7));
/// assert_eq!(info.get(Info::FIELDS.flags), None);
/// assert_eq!(info.version().unwrap().number, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partial<S> {
    value: S,
    len: usize,
}

impl<S: ExtensibleAbi> Partial<S> {
    /// `value`, of which the first `len` bytes were filled (`len` is
    /// clamped to `size_of::<S>()`).
    pub fn new(value: S, len: usize) -> Self {
        Partial { value, len: len.min(size_of::<S>()) }
    }

    /// Reads `S` from `src` (as [`ExtensibleAbi::from_partial`]) and notes
    /// that the first `len` bytes were filled.
    pub fn from_bytes(src: &[u8], len: usize) -> Result<Self, AbiError> {
        Ok(Self::new(S::from_partial(src)?, len.min(src.len())))
    }

    /// The field, if it lies wholly in the filled bytes.
    ///
    /// `T` needs only `Copy`: the field's bytes are those of a valid `S`, so
    /// they are a valid `T` whatever proof admitted `T` as a field type
    /// (our [`Pod`], zerocopy's or bytemuck's traits).
    #[inline]
    pub fn get<T: Copy>(&self, field: FieldRef<S, T>) -> Option<T> {
        if !field.is_present(self.len) {
            return None;
        }
        // SAFETY: a `FieldRef<S, T>` is made only for a real field of `S`
        // of type `T` at `field.offset()` (see `FieldRef::new`), so the read
        // is in bounds and aligned, and the bytes, part of the valid `S`
        // `self.value`, are a valid `T`; `T: Copy` makes the copy sound.
        Some(unsafe {
            ptr::read((&self.value as *const S).cast::<u8>().add(field.info.offset).cast::<T>())
        })
    }

    /// Whether the field lies wholly in the filled bytes.
    pub fn has<T>(&self, field: FieldRef<S, T>) -> bool {
        field.is_present(self.len)
    }

    /// How many bytes were filled.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no byte was filled.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The version the filled length covers.
    pub fn version(&self) -> Option<&'static VersionInfo> {
        S::LAYOUT.version_for_len(self.len)
    }

    /// The whole struct, unfilled bytes as they were (zero when built by
    /// [`Partial::from_bytes`] from a short buffer).
    pub fn value(&self) -> &S {
        &self.value
    }

    /// The struct, consuming the view.
    pub fn into_inner(self) -> S {
        self.value
    }
}
