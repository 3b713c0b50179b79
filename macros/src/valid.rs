//! Every check that needs only the tokens. Each mistake is reported with a
//! span on the offending field, key or value, and all are reported at once.
//! Checks that need type layout are `const` proofs made by `expand`.

use quote::ToTokens;
use syn::{Expr, ExprLit, GenericParam, Lit, Type};

use crate::ast::{Field, Input};
use crate::attr::{HeaderRole, Version};
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
    check_roles(cx, input);
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
        let mut order_by = attr.padding_since.as_ref().or(attr.since.as_ref());
        if let (Some(since), Some(pad)) = (&attr.since, &attr.padding_since) {
            if pad.number >= since.number {
                // Reported here; ordering by it would only report again.
                order_by = None;
                cx.syn_error(syn::Error::new(
                    pad.span,
                    format!(
                        "`padding_since = {}` is not older than `since = {}`: it names the \
                         version whose padding `{fname}` now occupies, before the field itself \
                         came; give an older version, or drop `padding_since` if the bytes came \
                         with the field",
                        pad.label_source(),
                        since.label_source()
                    ),
                ));
            }
        }
        // The version the field's bytes came in: what orders the fields.
        if let Some(since) = order_by {
            match newest {
                Some((nf, ns)) if since.number < ns.number => {
                    let which =
                        if attr.padding_since.is_some() { "padding_since" } else { "since" };
                    cx.syn_error(syn::Error::new(
                        since.span,
                        format!(
                            "`{which} = {}` goes backwards: `{fname}` is declared after `{nf}` \
                             (version {}), and a new version only appends fields. If `{nf}` was \
                             inserted before released fields, move it after the last one: an ABI \
                             field never moves. Else correct `{fname}`'s `{which}`, or, if \
                             `{fname}` took bytes an older version had as padding, keep its \
                             `since` and add `padding_since = V`, the version of that padding",
                            since.label_source(),
                            ns.label,
                            nf = nf.ident,
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
        // The attribute sees the struct before `cfg` removes anything: a
        // conditional field would be in the layout table and not in the
        // struct.
        if let Some(cfg) = field.original.attrs.iter().find(|a| a.path().is_ident("cfg")) {
            cx.error_spanned_by(
                cfg,
                format!(
                    "field `{fname}` is conditional (`#[cfg]`): an ABI struct has the same \
                     fields in every build, since the other side's struct does; keep the field \
                     and leave it unused where it does not apply"
                ),
            );
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

/// Every version the fields name (`since` and `padding_since`), oldest first.
pub fn versions<'a>(input: &'a Input) -> Vec<&'a Version> {
    let mut versions: Vec<&Version> = Vec::new();
    for f in &input.fields {
        for s in [&f.attr.since, &f.attr.padding_since].into_iter().flatten() {
            if !versions.iter().any(|v| v.number == s.number) {
                versions.push(s);
            }
        }
    }
    versions.sort_by_key(|v| v.number);
    versions
}

/// Reports `v` when no field introduces it.
fn check_version_exists(cx: &Ctxt, input: &Input, versions: &[&Version], v: &Version) {
    if versions.iter().any(|known| known.number == v.number) {
        return;
    }
    let known = match versions {
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
            "`{}` has no version {}: no field has `since = {}`, and a version exists once a \
             field introduces it{known}",
            input.ident,
            v.label,
            v.label_source()
        ),
    ));
}

fn check_frozen_sizes(cx: &Ctxt, input: &Input) {
    let versions = versions(input);
    if let Some(min) = &input.attrs.min_version {
        check_version_exists(cx, input, &versions, min);
    }
    let mut seen: Vec<u32> = Vec::new();
    for frozen in &input.attrs.frozen_sizes {
        let v = &frozen.version;
        check_version_exists(cx, input, &versions, v);
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

/// Whether `ty` is written as an unsigned integer a size can be held in.
fn unsigned(ty: &Type) -> bool {
    match ty {
        Type::Group(g) => unsigned(&g.elem),
        Type::Paren(p) => unsigned(&p.elem),
        Type::Path(p) if p.qself.is_none() => p
            .path
            .get_ident()
            .is_some_and(|id| ["u16", "u32", "u64"].contains(&id.to_string().as_str())),
        _ => false,
    }
}

/// The size field, header members and nested header: what they need of
/// their fields, and of each other.
fn check_roles(cx: &Ctxt, input: &Input) {
    let name = input.ident;
    let first = versions(input).first().map(|v| (*v).clone());
    let mut size_field: Option<&Field> = None;
    let mut members: Vec<(HeaderRole, &Field)> = Vec::new();
    for field in &input.fields {
        let (fname, attr) = (field.ident, &field.attr);
        if let Some((_, span)) = attr.size_field {
            if !unsigned(field.ty) {
                cx.error_spanned_by(
                    field.ty,
                    format!(
                        "the size field `{fname}` must be an unsigned integer (`u16`, `u32` or \
                         `u64`): it holds the caller's size in bytes"
                    ),
                );
            }
            if let (Some(since), Some(first)) = (&attr.since, &first) {
                if since.number != first.number {
                    cx.syn_error(syn::Error::new(
                        since.span,
                        format!(
                            "the size field `{fname}` must be a field of `{name}`'s first \
                             version: every caller sets it, so write `since = {}`",
                            first.label_source()
                        ),
                    ));
                }
            }
            match size_field {
                Some(other) => cx.syn_error(syn::Error::new(
                    span,
                    format!(
                        "`{name}` has one size field, and `{}` is it already: remove \
                         `size_field` from `{fname}`",
                        other.ident
                    ),
                )),
                None => size_field = Some(field),
            }
        }
        if let Some((role, span)) = attr.header {
            match role {
                HeaderRole::Nested if unsigned(field.ty) || known_size(field.ty).is_some() => {
                    cx.error_spanned_by(
                        field.ty,
                        format!(
                            "a bare `header` says the type of `{fname}` is a header struct (an \
                             `#[extensible_abi]` struct with `header = \"size\"` and `header = \
                             \"total_size\"` members); for a member of the header itself write \
                             `header = \"version\"`, `\"size\"` or `\"total_size\"`"
                        ),
                    );
                }
                HeaderRole::Nested => {}
                _ if !unsigned(field.ty) => cx.error_spanned_by(
                    field.ty,
                    format!(
                        "the header member `{fname}` (`{}`) must be an unsigned integer (`u16`, \
                         `u32` or `u64`)",
                        role.source()
                    ),
                ),
                _ => {}
            }
            if let Some((_, other)) = members.iter().find(|(r, _)| *r == role) {
                cx.syn_error(syn::Error::new(
                    span,
                    format!(
                        "`{}` is on `{}` already: a header has one of each member",
                        role.source(),
                        other.ident
                    ),
                ));
            } else {
                members.push((role, field));
            }
        }
    }
    let has = |r: HeaderRole| members.iter().find(|(m, _)| *m == r).map(|(_, f)| *f);
    if let Some(nested) = has(HeaderRole::Nested) {
        if let Some((role, f)) = members.iter().find(|(r, _)| *r != HeaderRole::Nested) {
            cx.error_spanned_by(
                f.ident,
                format!(
                    "`{}` on `{}`, beside the nested header `{}`: a struct has its header in \
                     one place, its own members or a header struct",
                    role.source(),
                    f.ident,
                    nested.ident
                ),
            );
        }
    } else if let Some((_, f)) = members.first() {
        for (needed, key) in [
            (HeaderRole::Size, "header = \"size\""),
            (HeaderRole::TotalSize, "header = \"total_size\""),
        ] {
            if has(needed).is_none() {
                cx.error_spanned_by(
                    f.ident,
                    format!(
                        "`{name}` declares header members but none with `{key}`: a header holds \
                         the writer's size and total size (its `sizeof`, the stride of an array)"
                    ),
                );
            }
        }
    }
    if let (Some(sf), Some((_, f))) = (size_field, members.first()) {
        cx.error_spanned_by(
            sf.ident,
            format!(
                "`{name}` has both a size field (`{}`) and a header (`{}`): a header's size \
                 member is its size field; keep one",
                sf.ident, f.ident
            ),
        );
    }
    if let Some((_, span)) = input.attrs.header_version {
        if members.is_empty() {
            cx.syn_error(syn::Error::new(
                span,
                format!(
                    "`header_version` on `{name}`, which has no header: mark its header's \
                     members with `header = \"...\"`, or a header struct field with `header`"
                ),
            ));
        }
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
