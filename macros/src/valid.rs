//! Every check that needs only the tokens. Each mistake is reported with a
//! span on the offending field, key or value, and all are reported at once.
//! Checks that need type layout are `const` assertions made by `expand`.

use quote::ToTokens;
use syn::{Expr, ExprLit, GenericParam, Lit, Type};

use crate::ast::{Field, Input};
use crate::attr::Version;
use crate::ctxt::Ctxt;

/// Reports every mistake in `input` to `cx`.
pub fn check(cx: &Ctxt, input: &Input) {
    if !input.named {
        return; // reported by `Input::from_syn`
    }
    check_repr(cx, input);
    check_generics(cx, input);
    check_fields(cx, input);
    check_frozen_sizes(cx, input);
}

/// Whether the struct's shape and field types are what an extensible
/// struct needs (a named-field, non-generic `#[repr(C)]` struct whatever
/// its keys say), so that zerocopy's derives on it, emitted after a
/// mistake in its keys, report nothing of their own.
pub fn shape_is_sound(input: &Input) -> bool {
    input.named
        && input.repr.c
        && input.repr.packed.is_none()
        && input.repr.transparent.is_none()
        && input.original.generics.params.is_empty()
        && input.original.generics.where_clause.is_none()
        && input.fields.iter().all(|f| bad_type(f.ty).is_none())
}

fn check_repr(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    if let Some(span) = input.repr.transparent {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "`{name}` is `#[repr(transparent)]`, a wrapper of one field that cannot grow: \
                 an extensible ABI struct has C's layout; write `#[repr(C)]` instead"
            ),
        ));
    } else if !input.repr.c {
        cx.error_spanned_by(
            name,
            format!(
                "`{name}` needs `#[repr(C)]`: without it Rust may reorder the fields and the \
                 frozen offsets mean nothing; add `#[repr(C)]` to the struct"
            ),
        );
    }
    if let Some(span) = input.repr.packed {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "`{name}` must not be packed: packed fields are unaligned, so references to \
                 them are undefined behaviour; keep natural alignment and name any padding \
                 as a field (`_pad: [u8; N]`)"
            ),
        ));
    }
}

fn check_generics(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    for param in &input.original.generics.params {
        let (what, remove) = match param {
            GenericParam::Lifetime(p) => (
                "a lifetime: fields cannot borrow, since pointers cross an ABI as integer \
                 addresses (`u64`)",
                p.lifetime.to_string(),
            ),
            GenericParam::Type(p) => (
                "a type: the layout of every version must be fixed by the struct alone, so \
                 every field has a concrete type",
                p.ident.to_string(),
            ),
            GenericParam::Const(p) => (
                "a constant: the layout of every version must be fixed by the struct alone, so \
                 every array has a literal length",
                p.ident.to_string(),
            ),
        };
        cx.error_spanned_by(
            param,
            format!("`{name}` cannot be generic over {what}; remove `{remove}`"),
        );
    }
    if let Some(wc) = &input.original.generics.where_clause {
        cx.error_spanned_by(
            wc,
            format!("`{name}` cannot have a where clause: it cannot be generic"),
        );
    }
}

fn check_fields(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    if input.fields.is_empty() {
        cx.error_spanned_by(
            input.ident,
            format!(
                "`{name}` has no fields: an extensible ABI struct starts with at least one, \
                 e.g. `#[abi(since = 1, offset = 0)] flags: u64`"
            ),
        );
    }
    // The field with the newest `since` so far, and the previous field
    // with an offset.
    let mut newest: Option<(&Field, &Version)> = None;
    let mut prev: Option<&Field> = None;
    for (i, field) in input.fields.iter().enumerate() {
        let fname = field.ident;
        let attr = &field.attr;
        match &attr.attr {
            None => cx.error_spanned_by(
                fname,
                format!(
                    "field `{fname}` has no `#[abi(...)]`: say which version added it and \
                     where it sits, e.g. `#[abi(since = {}, offset = {})]`{}",
                    newest.map_or_else(|| "1".to_owned(), |(_, v)| v.label_source()),
                    next_offset(prev).value(),
                    next_offset(prev).explain(),
                ),
            ),
            Some(tokens) if !attr.invalid => {
                if attr.since.is_none() {
                    let hint = match newest {
                        Some((nf, v)) => format!(
                            " (`{}`, declared before it, has `since = {}`)",
                            nf.ident,
                            v.label_source()
                        ),
                        None => " (1 for a field of the struct's first version)".to_owned(),
                    };
                    cx.error_spanned_by(
                        tokens,
                        format!(
                            "field `{fname}` has no `since`: add `since = N`, the version that \
                             added it{hint}"
                        ),
                    );
                }
                if attr.offset.is_none() {
                    let next = next_offset(prev);
                    cx.error_spanned_by(
                        tokens,
                        format!(
                            "field `{fname}` has no `offset`: add `offset = {}`, its frozen byte \
                             offset{}",
                            next.value(),
                            next.explain()
                        ),
                    );
                }
            }
            Some(_) => {}
        }
        if let Some(since) = &attr.since {
            match newest {
                Some((nf, ns)) if since.number < ns.number => {
                    cx.syn_error(syn::Error::new(
                        since.span,
                        format!(
                            "`since = {}` goes backwards: `{fname}` is declared after `{}` \
                             (since = {}), and a new version only appends fields, so `{fname}` \
                             came in version {} or later; correct its `since`",
                            since.label_source(),
                            nf.ident,
                            ns.label_source(),
                            ns.label,
                        ),
                    ));
                }
                _ => newest = Some((field, since)),
            }
        }
        if let Some(offset) = attr.offset {
            if i == 0 && offset.value != 0 {
                cx.syn_error(syn::Error::new(
                    offset.span,
                    format!(
                        "`offset = {}` on the first field `{fname}`: the first field of a \
                         `#[repr(C)]` struct is at offset 0; write `offset = 0`, and name any \
                         leading bytes as a field of their own",
                        offset.value
                    ),
                ));
            }
            if let Some((pf, po)) = prev.and_then(|p| p.attr.offset.map(|o| (p, o))) {
                if offset.value <= po.value {
                    let next = next_offset(prev);
                    cx.syn_error(syn::Error::new(
                        offset.span,
                        format!(
                            "`offset = {}` of `{fname}` is not past `{}` (offset = {}): fields \
                             are declared in offset order, each starting where the one before \
                             it ends; write `offset = {}`{}",
                            offset.value,
                            pf.ident,
                            po.value,
                            next.value(),
                            next.explain()
                        ),
                    ));
                }
            }
        }
        if let Some(why) = bad_type(field.ty) {
            cx.error_spanned_by(field.ty, format!("field `{fname}`: {why}"));
        }
        if attr.offset.is_some() {
            prev = Some(field);
        }
    }
}

/// Where the field after `prev` starts: with no padding allowed, where
/// `prev` ends.
enum NextOffset<'a> {
    /// There is no field before it.
    First,
    /// `prev` is at `offset` and its type's size is known from the tokens.
    Known { prev: &'a Field<'a>, end: usize },
    /// Only the compiler knows `prev`'s size.
    After { prev: &'a Field<'a>, offset: usize },
}

fn next_offset<'a>(prev: Option<&'a Field<'a>>) -> NextOffset<'a> {
    match prev.and_then(|p| p.attr.offset.map(|o| (p, o.value))) {
        None => NextOffset::First,
        Some((prev, offset)) => match known_size(prev.ty) {
            Some(size) => NextOffset::Known { prev, end: offset + size },
            None => NextOffset::After { prev, offset },
        },
    }
}

impl NextOffset<'_> {
    /// The offset to suggest: a number, or `B`.
    fn value(&self) -> String {
        match self {
            NextOffset::First => "0".to_owned(),
            NextOffset::Known { end, .. } => end.to_string(),
            NextOffset::After { .. } => "B".to_owned(),
        }
    }

    /// Why: a parenthesis to follow the suggestion.
    fn explain(&self) -> String {
        match self {
            NextOffset::First => " (the first field is at offset 0)".to_owned(),
            NextOffset::Known { prev, .. } => format!(" (where `{}` ends)", prev.ident),
            NextOffset::After { prev, offset } => format!(
                ", where `{}` ends: B = {offset} + size_of::<{}>()",
                prev.ident,
                prev.ty.to_token_stream().to_string().replace(' ', "")
            ),
        }
    }
}

/// The size of `ty` when the tokens alone tell: fixed-size primitives and
/// arrays of them with a literal length.
pub fn known_size(ty: &Type) -> Option<usize> {
    match ty {
        Type::Group(g) => known_size(&g.elem),
        Type::Paren(p) => known_size(&p.elem),
        Type::Array(a) => match &a.len {
            Expr::Lit(ExprLit { lit: Lit::Int(n), .. }) => {
                known_size(&a.elem)?.checked_mul(n.base10_parse().ok()?)
            }
            _ => None,
        },
        Type::Path(p) if p.qself.is_none() => {
            let id = p.path.get_ident()?.to_string();
            match id.as_str() {
                "u8" | "i8" => Some(1),
                "u16" | "i16" => Some(2),
                "u32" | "i32" | "f32" => Some(4),
                "u64" | "i64" | "f64" => Some(8),
                "u128" | "i128" => Some(16),
                _ => None,
            }
        }
        _ => None,
    }
}

fn check_frozen_sizes(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    let mut versions: Vec<&Version> = Vec::new();
    for f in &input.fields {
        if let Some(s) = &f.attr.since {
            if !versions.iter().any(|v| v.number == s.number) {
                versions.push(s);
            }
        }
    }
    versions.sort_by_key(|v| v.number);
    let mut seen: Vec<u32> = Vec::new();
    for frozen in &input.attrs.frozen_sizes {
        let v = &frozen.version;
        if !versions.iter().any(|known| known.number == v.number) {
            let known = match &versions[..] {
                [] => String::new(),
                [one] => format!(": its only version is {}", one.label),
                many => format!(
                    ": its versions are {}",
                    many.iter().map(|v| v.label.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            cx.syn_error(syn::Error::new(
                v.span,
                format!(
                    "`{name}` has no version {}: no field has `since = {}`, and a version \
                     exists once a field introduces it{known}",
                    v.label,
                    v.label_source()
                ),
            ));
        }
        if seen.contains(&v.number) {
            cx.syn_error(syn::Error::new(
                v.span,
                format!(
                    "the size of version {} is frozen twice: keep one \
                     `#[abi(version = {}, size = B)]`",
                    v.label,
                    v.label_source()
                ),
            ));
        }
        seen.push(v.number);
    }
}

/// Why `ty` can never be a field, when the tokens alone tell; types that
/// only the compiler can judge (enums, other structs) are checked by the
/// `Pod` bound `expand` emits.
fn bad_type(ty: &Type) -> Option<String> {
    match ty {
        Type::Group(g) => bad_type(&g.elem),
        Type::Paren(p) => bad_type(&p.elem),
        Type::Array(a) => bad_type(&a.elem),
        Type::Reference(_) => Some(
            "a reference cannot cross an ABI: pass the address as an integer \
             (`u64`, as `__aligned_u64` in C)"
                .to_owned(),
        ),
        Type::Ptr(_) => Some(
            "a raw pointer cannot be built from a caller's bytes soundly, and its size \
             differs between 32- and 64-bit callers: use `u64` (`__aligned_u64` in C)"
                .to_owned(),
        ),
        Type::BareFn(_) => Some("a function pointer is never null, so a zero-filled field would be undefined behaviour: use `u64`".to_owned()),
        Type::Tuple(t) if t.elems.is_empty() => {
            Some("`()` has no bytes: a field takes space in the C layout".to_owned())
        }
        Type::Tuple(_) => Some("a tuple has no defined layout: use a `#[repr(C)]` struct".to_owned()),
        Type::Slice(_) | Type::TraitObject(_) | Type::ImplTrait(_) => {
            Some("a field must have a fixed size".to_owned())
        }
        Type::Never(_) => Some("`!` has no values".to_owned()),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let id = last.ident.to_string();
            match id.as_str() {
                "bool" => Some(
                    "`bool` is valid only as 0 or 1, so a caller's byte 2 would be undefined \
                     behaviour: store it as `u8` (or a bit of a `u32`) with an accessor"
                        .to_owned(),
                ),
                "char" => Some(
                    "not every `u32` is a valid `char`: store it as `u32` and convert with \
                     `char::from_u32`"
                        .to_owned(),
                ),
                "Option" => Some(
                    "`Option<…>` has no C layout for arbitrary bytes: store the raw value and \
                     treat 0 as none"
                        .to_owned(),
                ),
                "PhantomData" => Some("`PhantomData` has no bytes: a field takes space in the C layout".to_owned()),
                _ if id.starts_with("NonZero") => Some(format!(
                    "`{id}` makes 0 invalid, but missing fields are zero-filled: use the plain \
                     integer type"
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::known_size;

    #[test]
    fn sizes_known_from_tokens() {
        let size = |s: &str| known_size(&syn::parse_str(s).unwrap());
        assert_eq!(size("u8"), Some(1));
        assert_eq!(size("i64"), Some(8));
        assert_eq!(size("[u32; 4]"), Some(16));
        assert_eq!(size("[[u16; 3]; 2]"), Some(12));
        assert_eq!(size("(u128)"), Some(16));
        // Only the compiler knows these.
        for unknown in ["usize", "Range", "[u8; LEN]", "core::primitive::u32", "[Range; 2]"] {
            assert_eq!(size(unknown), None, "{unknown}");
        }
    }
}
