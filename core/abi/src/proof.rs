//! The compile-time proofs of an `#[extensible_abi]` struct's layout, as
//! `const fn`s over its layout table: the generated code calls one per
//! field (and one per frozen size or field born in padding), in its
//! anonymous `const` block, so a failed proof is a compile error with a
//! span on the field and a message that names the struct, the field and
//! the value.
//!
//! One shared function with its message built here, rather than an
//! `assert!` with a literal message per field in the generated code: the
//! expansion of a struct stays a few kilobytes, and the messages stay as
//! precise (struct, field, frozen value, the fix to write).

use crate::{version_size, FieldInfo, Layout, Role};

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

    /// A version as the attribute is written: `3`, or `"5.2"`.
    const fn version(self, layout: &Layout, number: u32) -> Self {
        let label = match layout.version(number) {
            Some(v) => v.label,
            None => "?",
        };
        let mut dotted = false;
        let b = label.as_bytes();
        let mut i = 0;
        while i < b.len() {
            dotted |= b[i] == b'.';
            i += 1;
        }
        if dotted {
            self.str("\"").str(label).str("\"")
        } else {
            self.str(label)
        }
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

const fn field_at(layout: &Layout, i: usize) -> &FieldInfo {
    &layout.fields[i]
}

/// The field whose proof fails, `usize::MAX` when none does: given the
/// compiler's offsets of every field (`offsets`, from `offset_of!`), the
/// first field not at its frozen offset (so that a field that moved is
/// reported as moved, whichever comes first); else the first field with
/// implicit padding before it; else the last field, if padding follows it.
/// The generated code calls it once and [`report_field`] on the field it
/// names, with that field's span.
pub const fn first_bad_field(layout: &Layout, offsets: &[usize]) -> usize {
    let n = offsets.len();
    let mut i = 0;
    while i < n {
        if offsets[i] != layout.fields[i].offset {
            return i;
        }
        i += 1;
    }
    i = 1;
    while i < n {
        if layout.fields[i - 1].end() != layout.fields[i].offset {
            return i;
        }
        i += 1;
    }
    if n > 0 && layout.fields[n - 1].end() != layout.size {
        return n - 1;
    }
    usize::MAX
}

/// The failed proof of field `i` ([`first_bad_field`]), as a compile
/// error: the field is not at its frozen offset, or implicit padding
/// precedes it, or (the last field) follows it.
pub const fn report_field(layout: &Layout, offsets: &[usize], i: usize) {
    field_message(layout, offsets, i).fail();
}

/// Why field `i`'s proof failed.
const fn field_message(layout: &Layout, offsets: &[usize], i: usize) -> Msg {
    let f = field_at(layout, i);
    if offsets[i] != f.offset {
        return Msg::new()
            .str("`")
            .str(layout.name)
            .str(".")
            .str(f.name)
            .str("` is frozen at offset ")
            .num(f.offset)
            .str(", but the field is no longer there (the compiler places it at ")
            .num(offsets[i])
            .str("): a field declared before it changed type or size, or one was inserted before it. An ABI field never moves: keep released fields, their order and their types as they were, and add new fields at the end (if `")
            .str(f.name)
            .str("` is not released yet, correct its `offset`)");
    }
    if i > 0 {
        let prev = field_at(layout, i - 1);
        if prev.end() != f.offset {
            return Msg::new()
                .str("`")
                .str(layout.name)
                .str("` has implicit padding between `")
                .str(prev.name)
                .str("` and `")
                .str(f.name)
                .str("`: padding is uninitialized memory, and copying it to a caller is undefined behaviour and leaks data; name the gap as a field before `")
                .str(f.name)
                .str("`: `#[abi(since = ")
                .version(layout, f.bytes_since)
                .str(", offset = ")
                .num(prev.end())
                .str(")] _pad: [u8; ")
                .num(f.offset.saturating_sub(prev.end()))
                .str("]`");
        }
    }
    Msg::new()
            .str("`")
            .str(layout.name)
            .str("` has implicit tail padding after `")
            .str(f.name)
            .str("`: padding is uninitialized memory, and copying it to a caller is undefined behaviour and leaks data; name it as a last field, `#[abi(since = ")
            .version(layout, f.bytes_since)
            .str(", offset = ")
            .num(f.end())
            .str(")] _pad_tail: [u8; ")
        .num(layout.size.saturating_sub(f.end()))
        .str("]`")
}

/// The proof of `#[abi(version = number, size = frozen)]`.
pub const fn check_frozen_size(layout: &Layout, number: u32, frozen: usize) {
    let size = version_size(layout.fields, number);
    if size != frozen {
        frozen_size_message(layout, number, frozen, size).fail();
    }
}

const fn frozen_size_message(layout: &Layout, number: u32, frozen: usize, size: usize) -> Msg {
    Msg::new()
            .str("`")
            .str(layout.name)
            .str("` version ")
            .version(layout, number)
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
/// the frozen size, itself proven against the table, accounts for).
pub const fn check_born_in_padding(layout: &Layout, i: usize, frozen: usize) {
    let f = field_at(layout, i);
    let (mut end, mut align) = (0, 1);
    let mut j = 0;
    while j < layout.fields.len() {
        let g = &layout.fields[j];
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
        padding_message(layout, f, size).fail();
    }
}

const fn padding_message(layout: &Layout, f: &FieldInfo, size: usize) -> Msg {
    Msg::new()
            .str("`")
            .str(layout.name)
            .str(".")
            .str(f.name)
            .str("` is declared born in padding of version ")
            .version(layout, f.bytes_since)
            .str(" (`padding_since`), but that version ended at byte ")
            .num(size)
            .str(", before the field's end (")
            .num(f.end())
            .str("): only bytes an older version had, as padding between or after its fields (or as named padding, with that version's size frozen by `#[abi(version = V, size = B)]`), can hold a newer field; correct `padding_since`, or give `")
            .str(f.name)
        .str("` its own bytes at the end with `since` alone")
}

/// The proof of a bare `header` on field `i`: its type declares header
/// members.
pub const fn check_nested_header(layout: &Layout, i: usize) {
    let f = field_at(layout, i);
    if let Role::Header(inner) = f.role {
        if inner.header().is_some() {
            return;
        }
    }
    nested_header_message(layout, f).fail();
}

const fn nested_header_message(layout: &Layout, f: &FieldInfo) -> Msg {
    Msg::new()
        .str("`")
        .str(layout.name)
        .str(".")
        .str(f.name)
        .str("` is declared a nested header (`header`), but its type declares no header members: mark the type's fields with `header = \"size\"` and `header = \"total_size\"` (and `header = \"version\"`)")
}
