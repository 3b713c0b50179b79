//! The compile-time proofs of an `#[extensible_abi]` struct's layout, as
//! `const fn`s. Each field's table entry is built by [`field_after`] (the
//! last by [`last_field_after`]), which proves the field where it builds its
//! entry; the generated code writes each call with the span of the field's
//! `offset` key, so a failed proof is a compile error on that key with a
//! message that names the struct, the field and the value. A frozen size,
//! a field born in padding and a nested header have a proof of their own,
//! spanned on their key.
//!
//! One shared function with its message built here, rather than an
//! `assert!` with a literal message per field in the generated code: the
//! expansion of a struct stays a few kilobytes, and the messages stay as
//! precise (struct, field, frozen value, the fix to write).
//!
//! The messages need names the entries do not otherwise carry (the
//! struct's, the previous field's, a version as the attribute writes it):
//! the generated code passes them as one *context* string, `"Struct\0prev\0
//! label"`, which only a failed proof reads.

use core::marker::PhantomData;
use core::mem::{align_of, size_of};

use crate::{version_size, FieldInfo, Role};

/// `T`'s size and alignment as constants: the interpreter evaluates each
/// once per type and reads it after, where a `size_of::<T>()` call in the
/// entries would push a frame per field of every struct.
struct Of<T>(PhantomData<T>);

impl<T> Of<T> {
    const SIZE: usize = size_of::<T>();
    const ALIGN: usize = align_of::<T>();
}

/// A message built at compile time, for a `const` panic.
struct Msg {
    buf: [u8; 1024],
    len: usize,
}

impl Msg {
    const fn new() -> Self {
        Msg { buf: [0; 1024], len: 0 }
    }

    const fn str(mut self, s: &str) -> Self {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && self.len < self.buf.len() {
            self.buf[self.len] = b[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn num(mut self, mut v: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        while n > 0 && self.len < self.buf.len() {
            n -= 1;
            self.buf[self.len] = digits[n];
            self.len += 1;
        }
        self
    }

    /// Panics with the message: a compile error where a `const` calls it.
    const fn fail(self) -> ! {
        let (head, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(head) {
            Ok(s) => panic!("{}", s),
            Err(_) => panic!("extensible_abi: a layout proof failed"),
        }
    }
}

/// Part `k` of a context string (parts separated by NUL): 0 is the
/// struct's name, then what the proof needs (see each caller). Read only
/// when a proof fails.
const fn part(ctx: &str, k: usize) -> &str {
    let mut rest = ctx.as_bytes();
    let mut k = k;
    loop {
        let mut i = 0;
        while i < rest.len() && rest[i] != 0 {
            i += 1;
        }
        let (this, after) = rest.split_at(i);
        if k == 0 || after.is_empty() {
            return match core::str::from_utf8(this) {
                Ok(s) => s,
                Err(_) => "?",
            };
        }
        rest = after.split_at(1).1;
        k -= 1;
    }
}

/// The table entry of a field of type `T` at frozen offset `offset`,
/// declared after a field of type `P` at frozen offset `prev_offset` (`P`
/// is `()` for the first field), proven first: `#[repr(C)]` places the
/// field at the end of the previous one rounded up to `T`'s alignment, and
/// that must be the frozen offset (else the field moved: a field before it
/// changed type or size) and the previous field's end (else implicit
/// padding precedes it).
///
/// The generated code builds its table with these calls in field order, so
/// the first field whose proof fails is reported, and every field before
/// it is then at its frozen offset. `ctx` is `"Struct\0prev\0label"`: the
/// previous field's name and the version the field's bytes came in, as
/// written in the attribute.
pub const fn field_after<P, T>(
    ctx: &'static str,
    prev_offset: usize,
    name: &'static str,
    offset: usize,
    since: u32,
    ty: &'static str,
) -> FieldInfo {
    let (size, align) = (Of::<T>::SIZE, Of::<T>::ALIGN);
    let prev_end = prev_offset + Of::<P>::SIZE;
    // Rounded up to `align`, a power of two; inline, not `div_ceil`: the
    // interpreter runs this once per field of every struct.
    let placed = (prev_end + align - 1) & !(align - 1);
    if placed != offset || placed != prev_end {
        misplaced(ctx, prev_end, name, offset, placed).fail();
    }
    FieldInfo { name, offset, size, align, since, bytes_since: since, ty, role: Role::Data }
}

/// [`field_after`] for the last field, which must also end where the
/// struct `S` ends (else implicit tail padding follows it).
pub const fn last_field_after<P, T, S>(
    ctx: &'static str,
    prev_offset: usize,
    name: &'static str,
    offset: usize,
    since: u32,
    ty: &'static str,
) -> FieldInfo {
    // `field_after`'s body, not a call: one interpreter frame less per
    // struct.
    let (size, align) = (Of::<T>::SIZE, Of::<T>::ALIGN);
    let prev_end = prev_offset + Of::<P>::SIZE;
    let placed = (prev_end + align - 1) & !(align - 1);
    if placed != offset || placed != prev_end {
        misplaced(ctx, prev_end, name, offset, placed).fail();
    }
    if offset + size != Of::<S>::SIZE {
        tail_padding(ctx, name, offset + size, Of::<S>::SIZE).fail();
    }
    FieldInfo { name, offset, size, align, since, bytes_since: since, ty, role: Role::Data }
}

/// Why a field is not where its frozen offset says: it moved, or padding
/// precedes it.
const fn misplaced(ctx: &str, prev_end: usize, name: &str, offset: usize, placed: usize) -> Msg {
    let strukt = part(ctx, 0);
    if placed != offset {
        return Msg::new()
            .str("`")
            .str(strukt)
            .str(".")
            .str(name)
            .str("` is frozen at offset ")
            .num(offset)
            .str(", but the field is no longer there (the compiler places it at ")
            .num(placed)
            .str("): a field declared before it changed type or size, or one was inserted before it. An ABI field never moves: keep released fields, their order and their types as they were, and add new fields at the end (if `")
            .str(name)
            .str("` is not released yet, correct its `offset`)");
    }
    Msg::new()
        .str("`")
        .str(strukt)
        .str("` has implicit padding between `")
        .str(part(ctx, 1))
        .str("` and `")
        .str(name)
        .str("`: padding is uninitialized memory, and copying it to a caller is undefined behaviour and leaks data; name the gap as a field before `")
        .str(name)
        .str("`: `#[abi(since = ")
        .str(part(ctx, 2))
        .str(", offset = ")
        .num(prev_end)
        .str(")] _pad: [u8; ")
        .num(offset.saturating_sub(prev_end))
        .str("]`")
}

const fn tail_padding(ctx: &str, name: &str, end: usize, size: usize) -> Msg {
    Msg::new()
        .str("`")
        .str(part(ctx, 0))
        .str("` has implicit tail padding after `")
        .str(name)
        .str("`: padding is uninitialized memory, and copying it to a caller is undefined behaviour and leaks data; name it as a last field, `#[abi(since = ")
        .str(part(ctx, 2))
        .str(", offset = ")
        .num(end)
        .str(")] _pad_tail: [u8; ")
        .num(size.saturating_sub(end))
        .str("]`")
}

/// The proof of `#[abi(version = number, size = frozen)]`, over the
/// struct's field table. `ctx` is `"Struct\0\0label"`, the version as written.
pub const fn check_frozen_size(fields: &[FieldInfo], ctx: &str, number: u32, frozen: usize) {
    let size = version_size(fields, number);
    if size != frozen {
        frozen_size_message(ctx, frozen, size).fail();
    }
}

const fn frozen_size_message(ctx: &str, frozen: usize, size: usize) -> Msg {
    Msg::new()
        .str("`")
        .str(part(ctx, 0))
        .str("` version ")
        .str(part(ctx, 2))
        .str(" was frozen at ")
        .num(frozen)
        .str(" bytes, but its fields now give it ")
        .num(size)
        .str(" (C's sizeof of the struct as it stood at that version: the end of its last field, rounded up to its largest field alignment). A released version's size never changes: restore the fields of that version as they were (if it is not released yet, correct `size`)")
}

/// The proof of `padding_since` on field `i`: the struct, at the version
/// its bytes date from, reached past them without it (so they were padding
/// between or after its fields then), or that version's size is frozen
/// (`frozen`, 0 when it is not) at least to the field's end (so they were
/// named padding then, such as `perf_event_attr`'s `__reserved_3`, which
/// the frozen size, itself proven against the table, accounts for). `ctx`
/// is `"Struct\0\0label"`, the version of the padding as written.
pub const fn check_born_in_padding(fields: &[FieldInfo], ctx: &str, i: usize, frozen: usize) {
    let f = &fields[i];
    let (mut end, mut align) = (0, 1);
    let mut j = 0;
    while j < fields.len() {
        let g = &fields[j];
        if j != i && g.bytes_since <= f.bytes_since {
            if g.end() > end {
                end = g.end();
            }
            if g.align > align {
                align = g.align;
            }
        }
        j += 1;
    }
    let size = end.div_ceil(align) * align;
    if size < f.end() && frozen < f.end() {
        padding_message(ctx, f, size).fail();
    }
}

const fn padding_message(ctx: &str, f: &FieldInfo, size: usize) -> Msg {
    Msg::new()
        .str("`")
        .str(part(ctx, 0))
        .str(".")
        .str(f.name)
        .str("` is declared born in padding of version ")
        .str(part(ctx, 2))
        .str(" (`padding_since`), but that version ended at byte ")
        .num(size)
        .str(", before the field's end (")
        .num(f.end())
        .str("): only bytes an older version had, as padding between or after its fields (or as named padding, with that version's size frozen by `#[abi(version = V, size = B)]`), can hold a newer field; correct `padding_since`, or give `")
        .str(f.name)
        .str("` its own bytes at the end with `since` alone")
}

/// The proof of a bare `header` on field `i` of the struct named `name`:
/// its type declares header members.
pub const fn check_nested_header(fields: &[FieldInfo], name: &str, i: usize) {
    let f = &fields[i];
    if let Role::Header(inner) = f.role {
        if inner.header().is_some() {
            return;
        }
    }
    nested_header_message(name, f).fail();
}

const fn nested_header_message(name: &str, f: &FieldInfo) -> Msg {
    Msg::new()
        .str("`")
        .str(name)
        .str(".")
        .str(f.name)
        .str("` is declared a nested header (`header`), but its type declares no header members: mark the type's fields with `header = \"size\"` and `header = \"total_size\"` (and `header = \"version\"`)")
}
