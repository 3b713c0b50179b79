//! [`Pod`]: the plain-old-data marker every field of an extensible struct
//! must carry, and byte views of such values.

// `#[diagnostic::do_not_recommend]` came in Rust 1.85; the MSRV (1.84)
// warns about it unless the lint is allowed around the items, not on them.
#![allow(unknown_or_malformed_diagnostic_attributes)]

use core::mem::{size_of, MaybeUninit};

/// Plain old data: a `Copy` type with no padding bytes, for which every bit
/// pattern of `size_of::<Self>()` bytes is a valid value.
///
/// These two properties make it sound to build a value from any bytes (what
/// `from_partial` does with a caller's struct) and to view a value as bytes
/// (what `copy_truncated` does): no byte of it is uninitialized, and no byte
/// string read from a caller can produce an invalid value.
///
/// Implemented for the integer and floating-point types, arrays of `Pod`,
/// and every struct annotated with `#[extensible_abi]` (whose no-padding and
/// field-type checks the attribute generates), so extensible structs nest.
///
/// A field of an extensible struct may also have a type that implements
/// zerocopy's `FromBytes + IntoBytes + Immutable` (feature `zerocopy`) or
/// `bytemuck::Pod` (feature `bytemuck`), with no impl of this trait: those
/// traits prove the same two properties. See the attribute's
/// [interop section](macro@crate::extensible_abi#zerocopy-and-bytemuck).
///
/// # Safety
///
/// An implementor must have no padding anywhere (between fields or at the
/// end) and no invalid bit patterns: `bool`, `char`, enums, references, raw
/// pointers, `NonZero*` and `Option<…>` are all excluded.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of an extensible ABI struct: not every bit pattern is a valid `{Self}`, or it may contain padding",
    label = "not plain old data",
    note = "fields must be integers, floats, arrays of them, or structs annotated with `#[extensible_abi]`; with extensible-abi's `zerocopy` or `bytemuck` feature, also types that implement zerocopy's `FromBytes + IntoBytes + Immutable` or `bytemuck::Pod`",
    note = "store flags as `u8`/`u32` and enums as their integer type, with accessors that convert and check"
)]
pub unsafe trait Pod: Copy + 'static {}

macro_rules! impl_pod {
    ($($t:ty),* $(,)?) => { $(
        // SAFETY: primitive numeric types have no padding and every bit
        // pattern of their size is a valid value.
        // (`do_not_recommend`: a field-type error should explain what is
        // allowed, not list every implementor.)
        #[diagnostic::do_not_recommend]
        unsafe impl Pod for $t {}
    )* };
}
impl_pod!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);

// SAFETY: `PodStruct` is implemented only by the attribute, for a struct
// it proved padding-free with plain-old-data fields (see `__private`).
// (`do_not_recommend`: an error about a type that is not `Pod` is then
// reported as such, not as a missing `PodStruct`, and no extensible struct
// is listed as "implementing `Pod`" in it.)
#[allow(unknown_or_malformed_diagnostic_attributes)]
#[diagnostic::do_not_recommend]
unsafe impl<T: crate::__private::PodStruct + Copy + 'static> Pod for T {}

// SAFETY: an array has no padding between elements (the element size is a
// multiple of its alignment), so an array of padding-free, all-bit-patterns-
// valid elements is padding-free and all-bit-patterns-valid too.
#[diagnostic::do_not_recommend]
unsafe impl<T: Pod, const N: usize> Pod for [T; N] {}

/// A value of `T` with every byte zero.
///
/// ```
/// let z: [u32; 4] = extensible_abi::zeroed();
/// assert_eq!(z, [0; 4]);
/// ```
#[inline]
pub fn zeroed<T: Pod>() -> T {
    // SAFETY: `T: Pod` makes the all-zero bit pattern a valid `T`.
    unsafe { MaybeUninit::<T>::zeroed().assume_init() }
}

/// The bytes of a plain-old-data value.
///
/// ```
/// assert_eq!(extensible_abi::bytes_of(&0x0102_0304u32), &0x0102_0304u32.to_ne_bytes());
/// ```
#[inline]
pub fn bytes_of<T: Pod>(value: &T) -> &[u8] {
    // SAFETY: `T: Pod` has no padding, so all `size_of::<T>()` bytes behind
    // the reference are initialized; the slice borrows `value`.
    unsafe { core::slice::from_raw_parts((value as *const T).cast::<u8>(), size_of::<T>()) }
}

/// The bytes of a plain-old-data value, writable.
///
/// ```
/// let mut x = 0u32;
/// extensible_abi::bytes_of_mut(&mut x).copy_from_slice(&7u32.to_ne_bytes());
/// assert_eq!(x, 7);
/// ```
#[inline]
pub fn bytes_of_mut<T: Pod>(value: &mut T) -> &mut [u8] {
    // SAFETY: as in `bytes_of`, and any bytes written leave a valid `T`
    // because every bit pattern is one.
    unsafe { core::slice::from_raw_parts_mut((value as *mut T).cast::<u8>(), size_of::<T>()) }
}
