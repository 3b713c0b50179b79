//! Items the attribute's generated code names, as
//! `<crate path>::__private::…` (`::extensible_abi::__private` unless
//! `#[extensible_abi(crate = "…")]` says otherwise). Not public API: they
//! change with the macro, which is pinned to this crate's exact version.

pub use crate::proof::{
    check_born_in_padding, check_frozen_size, check_nested_header, field_after, last_field_after,
};
pub use crate::{ExtensibleAbi, FieldInfo, FieldRef, Layout, Pod, Role, SizePolicy, VersionInfo};
pub use core::mem::{align_of, size_of};

#[cfg(feature = "bytemuck")]
pub use bytemuck;
#[cfg(feature = "zerocopy")]
pub use zerocopy;

use core::marker::PhantomData;

/// The table entry of a field of type `T` (written `ty`), unproven: the
/// generated code's entries after a reported mistake, when nothing proves
/// the layout (see [`field_after`] for the proven entries). A field with a
/// role or born in padding adds `.with_role(…)` or `.with_bytes_since(…)`.
pub const fn field<T>(
    name: &'static str,
    offset: usize,
    since: u32,
    ty: &'static str,
) -> FieldInfo {
    FieldInfo::new(name, offset, size_of::<T>(), align_of::<T>(), since, ty)
}

/// The role of a header struct nested at a field of type `T`.
pub const fn nested_header<T: ExtensibleAbi>() -> Role {
    Role::Header(T::LAYOUT)
}

/// The version table: version `numbers[k]`, written `labels[k]`, sized
/// from the field table (see [`version_size`](crate::version_size)) in one
/// pass. The fields are in the order of the version their bytes came in
/// (the attribute refuses any other order), so each version's fields are a
/// prefix of the table: its size is the end of the prefix's last field,
/// rounded up to the prefix's largest alignment.
pub const fn versions<const V: usize>(
    fields: &[FieldInfo],
    numbers: [u32; V],
    labels: [&'static str; V],
) -> [VersionInfo; V] {
    let mut out = [VersionInfo { number: 0, label: "", size: 0 }; V];
    let (mut end, mut align, mut j) = (0, 1, 0);
    let mut k = 0;
    while k < V {
        let number = numbers[k];
        while j < fields.len() && fields[j].bytes_since <= number {
            end = fields[j].offset + fields[j].size;
            if fields[j].align > align {
                align = fields[j].align;
            }
            j += 1;
        }
        out[k] = VersionInfo { number, label: labels[k], size: end.div_ceil(align) * align };
        k += 1;
    }
    out
}

/// Where a checked struct's layout table lives: implemented by the
/// attribute for the struct's descriptors type, generic over a parameter
/// it never uses (`impl<X> Table<X> for …`).
///
/// The table's entries prove the layout ([`field_after`]), so when a proof
/// fails the entries' constant is in error. A non-generic item naming that
/// constant would add a note "erroneous constant encountered" at every
/// such item; a generic one is checked only where it is used. The
/// `ExtensibleAbi` impl reaches the table through [`layout`] and
/// [`fields`], generic functions, so the one error is all a mistake shows.
pub trait Table<X> {
    /// The layout table.
    const LAYOUT: &'static Layout;
}

/// `T`'s layout table.
pub const fn layout<T: Table<()>>() -> &'static Layout {
    T::LAYOUT
}

/// `S::FIELDS`, read from `S`'s layout table, where `F` is `S`'s
/// descriptors struct, which the attribute makes the table's holder.
///
/// # Safety
///
/// `F` must be a descriptors struct as the attribute writes it: a
/// `#[repr(C)]` struct of one `FieldRef<S, T>` per field of `S`, in field
/// order, `T` the field's type, with `F::LAYOUT.fields` the table the
/// attribute built from the same fields. Then `F` has the layout of
/// `[FieldInfo; N]` (a `FieldRef` is `repr(transparent)` over its
/// `FieldInfo`), and each entry describes the field its `FieldRef` names.
pub const unsafe fn fields<F: Table<()> + Copy>() -> F {
    let table = F::LAYOUT.fields;
    assert!(size_of::<F>() == table.len() * size_of::<FieldInfo>());
    // SAFETY: `table` holds exactly `size_of::<F>()` bytes of
    // `FieldInfo`s, aligned for `FieldInfo`, which is `F`'s alignment, and
    // by the caller's promise they are a valid `F`, each `FieldRef`'s entry
    // its own field's.
    unsafe { *table.as_ptr().cast::<F>() }
}

/// `Pod` for an `#[extensible_abi]` struct, through the framework's
/// blanket impl `impl<T: PodStruct + Copy + 'static> Pod for T`, rather
/// than an `unsafe impl Pod` in the user's crate: the blanket impl can
/// carry `#[diagnostic::do_not_recommend]`, an attribute the generated code
/// cannot use (it does not resolve under `#![no_implicit_prelude]`).
///
/// # Safety
///
/// Only the attribute implements it, for a struct whose fields it proved
/// plain old data and padding-free.
pub unsafe trait PodStruct {}

/// The field-type check: is `T` plain old data by one of the three
/// accepted proofs?
///
/// The generated code calls `FieldType::<T>::CHECK.check_field()` once
/// per field, with the field type's span, in non-generic code (the struct
/// cannot be generic), so method resolution picks the first of these
/// traits whose impl applies to `T` ("autoref specialisation"): the
/// receiver is `&&&&FieldType<T>`, and each impl below sits one reference
/// lower than the one before it.
///
/// 1. [`ViaPod`]: `T:` [`Pod`] (integers, floats, arrays, other
///    `#[extensible_abi]` structs, and types whose authors implement `Pod`);
/// 2. [`ViaZerocopy`] (feature `zerocopy`): `T: zerocopy::FromBytes +
///    IntoBytes + Immutable`, zerocopy's own proof of the same two facts
///    (every bit pattern valid, no padding) plus no interior mutability;
/// 3. [`ViaBytemuck`] (feature `bytemuck`): `T: bytemuck::Pod`, whose
///    contract is the same as ours;
/// 4. [`FieldTypeCheck`]: applies to every `T`, and its method requires
///    `T: Pod`, so a type none of the above accepts is reported on the
///    field as "`T: Pod` is not satisfied", with [`Pod`]'s message, which
///    names every accepted kind of type.
///
/// A disjunction of bounds cannot be a blanket impl (`impl<T: bytemuck::Pod>
/// Pod for T` would overlap `Pod for u32`), and a wrapper type would change
/// the user's field types; this check needs neither, and costs nothing at
/// run time: it is a closure that is type-checked and never called.
///
/// The struct's own `unsafe impl Pod` relies on this check having passed:
/// every field type then has no padding and no invalid bit pattern, which
/// is all the struct's `Pod` impl needs besides the table's no-padding
/// proofs. Reading a field ([`Partial::get`](crate::Partial::get))
/// needs nothing of the field type but `Copy`: a `FieldRef<S, T>` exists
/// only for a real field of a valid `S`.
#[allow(missing_debug_implementations)] // never a value anyone prints
pub struct FieldType<T>(PhantomData<fn() -> T>);

// `'static`: a checked struct has no lifetime parameters, so its field
// types are all `'static`.
impl<T: 'static> FieldType<T> {
    /// The receiver of the check: four references deep.
    pub const CHECK: &'static &'static &'static &'static FieldType<T> = &&&&FieldType(PhantomData);
}

/// Step 1 of the field-type check: our [`Pod`].
pub trait ViaPod {
    /// Accepts the field type.
    fn check_field(&self) {}
}
impl<T: Pod> ViaPod for &&&FieldType<T> {}

/// Step 2 of the field-type check: zerocopy's `FromBytes + IntoBytes +
/// Immutable` (with the `zerocopy` feature; without it, no type takes
/// this step).
pub trait ViaZerocopy {
    /// Accepts the field type.
    fn check_field(&self) {}
}
#[cfg(feature = "zerocopy")]
impl<T: zerocopy::FromBytes + zerocopy::IntoBytes + zerocopy::Immutable> ViaZerocopy
    for &&FieldType<T>
{
}

/// Step 3 of the field-type check: `bytemuck::Pod` (with the `bytemuck`
/// feature; without it, no type takes this step).
pub trait ViaBytemuck {
    /// Accepts the field type.
    fn check_field(&self) {}
}
#[cfg(feature = "bytemuck")]
impl<T: bytemuck::Pod> ViaBytemuck for &FieldType<T> {}

/// The last step of the field-type check: every type reaches it, and its
/// bound reports the field type that no step accepted.
pub trait FieldTypeCheck<T> {
    /// Requires `T: Pod`: the error for a field type nothing accepts.
    fn check_field(&self)
    where
        T: Pod,
    {
    }
}
impl<T> FieldTypeCheck<T> for FieldType<T> {}

/// The traits of the field-type check, imported anonymously (`use
/// …::checks::*` brings no name into the user's scope).
pub mod checks {
    pub use super::{FieldTypeCheck as _, ViaBytemuck as _, ViaPod as _, ViaZerocopy as _};
}
