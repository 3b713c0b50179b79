//! Every check that needs only the tokens. Each mistake is reported with a
//! span on the offending field, key or value, and all are reported at once.
//! Checks that need type layout are `const` assertions made by `expand`.

use syn::{GenericParam, Type};

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;

/// Reports every mistake in `input` to `cx`.
pub fn check(cx: &Ctxt, input: &Input) {
    check_repr(cx, input);
    check_generics(cx, input);
    check_fields(cx, input);
    check_frozen_sizes(cx, input);
}

fn check_repr(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    if let Some(span) = input.repr.transparent {
        cx.syn_error(syn::Error::new(
            span,
            format!("`{name}` is `#[repr(transparent)]`: an extensible ABI struct must be `#[repr(C)]`"),
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
        let what = match param {
            GenericParam::Lifetime(_) => "a lifetime parameter: fields cannot borrow (pointers \
                                          cross an ABI as integer addresses, e.g. `u64`)",
            GenericParam::Type(_) => "a type parameter: the layout of every version must be \
                                      fixed by the struct alone",
            GenericParam::Const(_) => "a const parameter: the layout of every version must be \
                                       fixed by the struct alone",
        };
        cx.error_spanned_by(param, format!("`{name}` cannot be generic over {what}"));
    }
    if let Some(wc) = &input.original.generics.where_clause {
        cx.error_spanned_by(wc, format!("`{name}` cannot have a where clause: it cannot be generic"));
    }
}

fn check_fields(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    if input.fields.is_empty() {
        cx.error_spanned_by(
            input.ident,
            format!("`{name}` has no fields: an extensible ABI struct starts with at least one"),
        );
    }
    // The field with the newest `since` so far, and the previous offset.
    let mut newest: Option<&Field> = None;
    let mut prev: Option<&Field> = None;
    for (i, field) in input.fields.iter().enumerate() {
        let fname = field.ident;
        let attr = &field.attr;
        match attr.attr {
            None => cx.error_spanned_by(
                fname,
                format!(
                    "field `{fname}` has no `#[abi(...)]`: say which version added it and \
                     where it sits, e.g. `#[abi(since = 1, offset = {})]`",
                    guess_offset(prev)
                ),
            ),
            Some(span) if !attr.invalid => {
                if attr.since.is_none() {
                    cx.syn_error(syn::Error::new(
                        span,
                        format!(
                            "field `{fname}` has no `since`: add `since = N`, the version that \
                             added it"
                        ),
                    ));
                }
                if attr.offset.is_none() {
                    cx.syn_error(syn::Error::new(
                        span,
                        format!(
                            "field `{fname}` has no `offset`: add `offset = B`, its frozen byte \
                             offset (e.g. `offset = {}`)",
                            guess_offset(prev)
                        ),
                    ));
                }
            }
            Some(_) => {}
        }
        if let Some(since) = &attr.since {
            if let Some(n) = newest.and_then(|f| f.attr.since.as_ref().map(|s| (f, s))) {
                let (nf, ns) = n;
                if since.number < ns.number {
                    cx.syn_error(syn::Error::new(
                        since.span,
                        format!(
                            "`since = {}` goes backwards: `{fname}` comes after `{}` (since = {}), \
                             and a new version only appends fields; declare `{fname}` before the \
                             fields of version {}, or correct its `since`",
                            since.label, nf.ident, ns.label, ns.label
                        ),
                    ));
                }
            }
            if newest.and_then(|f| f.attr.since.as_ref()).map_or(true, |s| since.number >= s.number)
            {
                newest = Some(field);
            }
        }
        if let Some(offset) = attr.offset {
            if i == 0 && offset.value != 0 {
                cx.syn_error(syn::Error::new(
                    offset.span,
                    format!(
                        "`offset = {}` on the first field `{fname}`: the first field of a \
                         `#[repr(C)]` struct is at offset 0; name leading bytes as a field",
                        offset.value
                    ),
                ));
            }
            if let Some((pf, po)) = prev.and_then(|p| p.attr.offset.map(|o| (p, o))) {
                if offset.value <= po.value {
                    cx.syn_error(syn::Error::new(
                        offset.span,
                        format!(
                            "`offset = {}` of `{fname}` is not past `{}` (offset = {}): fields \
                             are declared in offset order, each at a new offset",
                            offset.value, pf.ident, po.value
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

/// A likely offset for the field after `prev`, for error messages.
fn guess_offset(prev: Option<&Field>) -> String {
    match prev.and_then(|p| p.attr.offset) {
        Some(o) => format!("{} + size of the previous field", o.value),
        None => "0".to_owned(),
    }
}

fn check_frozen_sizes(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    let mut seen: Vec<u32> = Vec::new();
    for frozen in &input.attrs.frozen_sizes {
        let v = &frozen.version;
        let known = input.fields.iter().any(|f| f.attr.since.as_ref().is_some_and(|s| s.number == v.number));
        if !known {
            cx.syn_error(syn::Error::new(
                v.span,
                format!(
                    "`{name}` has no version {}: no field has `since = {}`; a version exists \
                     once a field introduces it",
                    v.label, v.label
                ),
            ));
        }
        if seen.contains(&v.number) {
            cx.syn_error(syn::Error::new(
                v.span,
                format!("the size of version {} is frozen twice: keep one `#[abi(version = {}, size = ...)]`", v.label, v.label),
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
