//! The attribute grammar: `#[abi(since = N, offset = B)]` on fields,
//! `#[abi(version = N, size = B)]` on the struct, and what `#[repr(...)]`
//! says.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Lit, Meta};

use crate::ctxt::Ctxt;

/// A version, written as an integer `N >= 1` or a release string
/// `"X.Y"` / `"X.Y.Z"` (numbered like Linux's `KERNEL_VERSION`).
#[derive(Clone)]
pub struct Version {
    pub number: u32,
    pub label: String,
    pub span: Span,
}

impl Version {
    /// The version as it is written in an attribute: `3` or `"5.2"`.
    pub fn label_source(&self) -> String {
        if self.label.contains('.') {
            format!("{:?}", self.label)
        } else {
            self.label.clone()
        }
    }
}

/// A frozen byte offset or size.
#[derive(Clone, Copy)]
pub struct Bytes {
    pub value: usize,
    pub span: Span,
}

/// What `#[abi(...)]` says of a field.
#[derive(Default)]
pub struct FieldAttr {
    /// The first `#[abi]` on the field, if any, as tokens: an error about a
    /// missing key spans the whole attribute.
    pub attr: Option<TokenStream>,
    pub since: Option<Version>,
    pub offset: Option<Bytes>,
    /// `padding_since = V`: the field's bytes were padding from version V.
    pub padding_since: Option<Version>,
    /// `size_field = "policy"`: the struct's own size field.
    pub size_field: Option<(SizePolicy, Span)>,
    /// `header = "member"` or `header`: a header member, or a nested header.
    pub header: Option<(HeaderRole, Span)>,
    /// A key was unknown or had a bad value, already reported: skip the
    /// check that would only repeat it (a missing key).
    pub invalid: bool,
}

/// The policies of `size_field = "..."`, as the framework's `SizePolicy`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SizePolicy {
    WriteBack,
    Strict,
    Known,
}

impl SizePolicy {
    const ALL: [(&'static str, SizePolicy); 3] = [
        ("write_back", SizePolicy::WriteBack),
        ("strict", SizePolicy::Strict),
        ("known", SizePolicy::Known),
    ];

    /// The framework's variant name.
    pub fn variant(self) -> &'static str {
        match self {
            SizePolicy::WriteBack => "WriteBack",
            SizePolicy::Strict => "Strict",
            SizePolicy::Known => "Known",
        }
    }
}

/// What `header = "..."` (or a bare `header`) makes of a field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    Version,
    Size,
    TotalSize,
    /// A bare `header`: the field's type is a header struct.
    Nested,
}

impl HeaderRole {
    /// The framework's `Role` variant of a member.
    pub fn variant(self) -> &'static str {
        match self {
            HeaderRole::Version => "HeaderVersion",
            HeaderRole::Size => "HeaderSize",
            HeaderRole::TotalSize => "HeaderTotalSize",
            HeaderRole::Nested => "Header",
        }
    }

    const MEMBERS: [(&'static str, HeaderRole); 3] = [
        ("version", HeaderRole::Version),
        ("size", HeaderRole::Size),
        ("total_size", HeaderRole::TotalSize),
    ];

    /// How the key is written.
    pub fn source(self) -> &'static str {
        match self {
            HeaderRole::Version => "header = \"version\"",
            HeaderRole::Size => "header = \"size\"",
            HeaderRole::TotalSize => "header = \"total_size\"",
            HeaderRole::Nested => "header",
        }
    }
}

/// One `#[abi(version = N, size = B)]` on the struct.
pub struct FrozenSize {
    pub version: Version,
    pub size: Bytes,
}

/// What `#[abi(...)]` says of the struct.
#[derive(Default)]
pub struct StructAttr {
    pub frozen_sizes: Vec<FrozenSize>,
    /// `#[abi(min_version = N)]`.
    pub min_version: Option<Version>,
    /// `#[abi(header_version = N)]`: the value and its span.
    pub header_version: Option<(u32, Span)>,
}

/// What `#[extensible_abi(...)]` itself says.
pub struct MacroArgs {
    /// Where the generated code finds the runtime items:
    /// `<crate path>::__private`.
    pub private: TokenStream,
    /// `bytemuck`: implement bytemuck's `Zeroable` and `Pod` for the struct.
    pub bytemuck: Option<Span>,
    /// `zerocopy`: derive zerocopy's traits for the struct.
    pub zerocopy: Option<Span>,
}

/// What `#[repr(...)]` says.
#[derive(Default)]
pub struct Repr {
    pub c: bool,
    pub packed: Option<Span>,
    pub transparent: Option<Span>,
}

fn is_abi(attr: &Attribute) -> bool {
    attr.path().is_ident("abi")
}

/// Removes every `#[abi]` attribute, which only this macro understands.
pub fn strip_abi(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !is_abi(a));
}

/// The keys of `#[abi(...)]` on a field, and on the struct.
const FIELD_KEYS: [&str; 5] = ["since", "offset", "padding_since", "size_field", "header"];
const STRUCT_KEYS: [&str; 4] = ["version", "size", "min_version", "header_version"];
/// Where a duplicated key belongs.
const IN_ABI: &str = "in one `#[abi(...)]`";
const IN_MACRO: &str = "in `#[extensible_abi(...)]`";
/// The arguments of `#[extensible_abi(...)]`.
const MACRO_KEYS: [&str; 3] = ["crate", "bytemuck", "zerocopy"];

const MACRO_USAGE: &str = "`#[extensible_abi]` takes `crate = \"path\"` (where the generated code \
                           finds this crate, e.g. `crate = \"abi\"` for a renamed dependency), \
                           `bytemuck` and `zerocopy` (implement those crates' traits for the \
                           struct)";

const FIELD_USAGE: &str = "a field takes `#[abi(since = N, offset = B)]`, with `since` the \
                           version that added it and `offset` its frozen byte offset, and may \
                           add `padding_since = V` (its bytes were padding from version V), \
                           `size_field = \"write_back\" | \"strict\" | \"known\"` (the struct's \
                           own size field) or `header = \"version\" | \"size\" | \"total_size\"` \
                           (a header member; a bare `header` on a field whose type is a header)";
const STRUCT_USAGE: &str = "on the struct, `#[abi(version = N, size = B)]` freezes the size \
                            of version N, `#[abi(min_version = N)]` refuses callers shorter than \
                            version N (EINVAL), and `#[abi(header_version = N)]` is the value a \
                            header's version must hold";

/// Parses the arguments of `#[extensible_abi(...)]`. A mistake is reported,
/// and the argument taken as meant where that is clear (`crate = abi`
/// without quotes, `zerocopy = true`), else ignored: the struct is still
/// expanded, with the default crate path if `crate` cannot be read.
pub fn macro_args(cx: &Ctxt, args: TokenStream) -> MacroArgs {
    let mut krate: Option<syn::Path> = None;
    let (mut bytemuck, mut zerocopy) = (None, None);
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            if let Some(path) = crate_path(cx, &meta)? {
                set_once(cx, &meta, &mut krate, path, IN_MACRO);
            }
        } else if meta.path.is_ident("bytemuck") {
            let enabled = cfg!(feature = "bytemuck");
            flag(cx, &meta, &mut bytemuck, enabled)?;
        } else if meta.path.is_ident("zerocopy") {
            let enabled = cfg!(feature = "zerocopy");
            flag(cx, &meta, &mut zerocopy, enabled)?;
        } else {
            skip_value(&meta)?;
            let key = path_name(&meta.path);
            let message = if FIELD_KEYS.contains(&key.as_str()) {
                format!(
                    "`{key}` is not an argument of `#[extensible_abi]` but a key of the \
                     fields: {FIELD_USAGE}; {MACRO_USAGE}"
                )
            } else if STRUCT_KEYS.contains(&key.as_str()) {
                format!(
                    "`{key}` is not an argument of `#[extensible_abi]` but a key of \
                     `#[abi(...)]` below it: {STRUCT_USAGE}; {MACRO_USAGE}"
                )
            } else {
                format!(
                    "unknown argument `{key}`{}: {MACRO_USAGE}",
                    did_you_mean(&key, &MACRO_KEYS)
                )
            };
            cx.error_spanned_by(&meta.path, message);
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(e);
    }
    let krate = krate.map_or_else(|| quote::quote!(::extensible_abi), |p| p.to_token_stream());
    MacroArgs { private: quote::quote!(#krate::__private), bytemuck, zerocopy }
}

/// Parses `crate = "path"`. A path that names an extern crate (not
/// `crate::`, `self::` or `super::`) is made absolute, `::abi`, so it
/// works under `#![no_implicit_prelude]` and beside a module of the same
/// name, as zerocopy's `#[zerocopy(crate = "...")]` does.
fn crate_path(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<syn::Path>> {
    let value = meta.value()?;
    let lit = match value.parse::<Lit>() {
        Ok(Lit::Str(s)) => s,
        Ok(other) => {
            cx.error_spanned_by(
                other,
                "`crate` takes a path in quotes: `crate = \"abi\"`, or \
                 `crate = \"facade::abi\"` through a re-export",
            );
            return Ok(None);
        }
        Err(_) => {
            // Reported, and then taken as meant, so that the struct's
            // expansion names the framework where the user said.
            let path: syn::Path = value.call(syn::Path::parse_mod_style)?;
            let text = path.to_token_stream().to_string().replace(' ', "");
            cx.error_spanned_by(
                &path,
                format!("`crate` takes the path in quotes: write `crate = \"{text}\"`"),
            );
            return Ok(Some(absolute(path)));
        }
    };
    match lit.parse_with(syn::Path::parse_mod_style) {
        Ok(path) => Ok(Some(absolute(path))),
        Err(_) => {
            cx.error_spanned_by(
                &lit,
                format!(
                    "`crate = {:?}` is not a path: name the crate as `use` would, e.g. \
                     `crate = \"abi\"` for a renamed dependency or `crate = \"facade::abi\"` \
                     for a re-export",
                    lit.value()
                ),
            );
            Ok(None)
        }
    }
}

/// `path`, made absolute if its first segment names an extern crate.
fn absolute(mut path: syn::Path) -> syn::Path {
    let first = path.segments[0].ident.to_string();
    if path.leading_colon.is_none() && !["crate", "self", "super"].contains(&&*first) {
        path.leading_colon = Some(Default::default());
    }
    path
}

/// Parses a key without a value, such as `bytemuck`, whose crate feature
/// `enabled` says whether it can be honoured.
fn flag(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    slot: &mut Option<Span>,
    enabled: bool,
) -> syn::Result<()> {
    let key = path_name(&meta.path);
    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
        // Reported, and then taken as meant: the struct gets the traits.
        skip_value(meta)?;
        cx.error_spanned_by(&meta.path, format!("`{key}` takes no value: write `{key}` alone"));
    }
    if !enabled {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{key}` needs the `{key}` feature of extensible-abi: in Cargo.toml, \
                 `extensible-abi = {{ version = \"{}\", features = [\"{key}\"] }}`",
                env!("CARGO_PKG_VERSION")
            ),
        );
    } else {
        set_once(cx, meta, slot, meta.path.span(), IN_MACRO);
    }
    Ok(())
}

/// Parses `#[abi(...)]` on a field.
pub fn field_attr(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttr {
    let mut out = FieldAttr::default();
    for attr in attrs.iter().filter(|a| is_abi(a)) {
        out.attr.get_or_insert_with(|| attr.to_token_stream());
        if !has_arguments(cx, attr, FIELD_USAGE) {
            out.invalid = true;
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("since") {
                match version(cx, &meta)? {
                    Some(v) => set_once(cx, &meta, &mut out.since, v, IN_ABI),
                    None => out.invalid = true,
                }
            } else if meta.path.is_ident("offset") {
                match bytes(cx, &meta)? {
                    Some(b) => set_once(cx, &meta, &mut out.offset, b, IN_ABI),
                    None => out.invalid = true,
                }
            } else if meta.path.is_ident("padding_since") {
                match version(cx, &meta)? {
                    Some(v) => set_once(cx, &meta, &mut out.padding_since, v, IN_ABI),
                    None => out.invalid = true,
                }
            } else if meta.path.is_ident("size_field") {
                match choice(cx, &meta, &SizePolicy::ALL, "size_field")? {
                    Some(p) => set_once(cx, &meta, &mut out.size_field, (p, meta.path.span()), IN_ABI),
                    None => out.invalid = true,
                }
            } else if meta.path.is_ident("header") {
                let role = if meta.input.peek(syn::Token![=]) {
                    choice(cx, &meta, &HeaderRole::MEMBERS, "header")?
                } else {
                    Some(HeaderRole::Nested)
                };
                match role {
                    Some(r) => set_once(cx, &meta, &mut out.header, (r, meta.path.span()), IN_ABI),
                    None => out.invalid = true,
                }
            } else {
                skip_value(&meta)?;
                out.invalid = true;
                let key = path_name(&meta.path);
                let message = if STRUCT_KEYS.contains(&key.as_str()) {
                    format!(
                        "`{key}` belongs on the struct, not on a field: {STRUCT_USAGE}; {FIELD_USAGE}"
                    )
                } else {
                    format!(
                        "unknown key `{key}` in `#[abi(...)]` on a field{}: {FIELD_USAGE}",
                        did_you_mean(&key, &FIELD_KEYS)
                    )
                };
                cx.error_spanned_by(&meta.path, message);
            }
            Ok(())
        });
        if let Err(e) = result {
            out.invalid = true;
            cx.syn_error(e);
        }
    }
    out
}

/// Parses `#[abi(...)]` on the struct.
pub fn struct_attr(cx: &Ctxt, attrs: &[Attribute]) -> StructAttr {
    let mut out = StructAttr::default();
    for attr in attrs.iter().filter(|a| is_abi(a)) {
        if !has_arguments(cx, attr, STRUCT_USAGE) {
            continue;
        }
        let (mut ver, mut size, mut invalid, mut other) = (None, None, false, false);
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("min_version") {
                other = true;
                if let Some(v) = version(cx, &meta)? {
                    set_once(cx, &meta, &mut out.min_version, v, "on the struct");
                }
            } else if meta.path.is_ident("header_version") {
                other = true;
                if let Some(b) = bytes(cx, &meta)? {
                    match u32::try_from(b.value) {
                        Ok(n) => {
                            set_once(cx, &meta, &mut out.header_version, (n, b.span), "on the struct")
                        }
                        Err(_) => cx.syn_error(syn::Error::new(
                            b.span,
                            "`header_version` must fit in a u32",
                        )),
                    }
                }
            } else if meta.path.is_ident("version") {
                match version(cx, &meta)? {
                    Some(v) => set_once(cx, &meta, &mut ver, v, IN_ABI),
                    None => invalid = true,
                }
            } else if meta.path.is_ident("size") {
                match bytes(cx, &meta)? {
                    Some(b) => set_once(cx, &meta, &mut size, b, IN_ABI),
                    None => invalid = true,
                }
            } else {
                skip_value(&meta)?;
                invalid = true;
                let key = path_name(&meta.path);
                let message = if FIELD_KEYS.contains(&key.as_str()) {
                    format!(
                        "`{key}` belongs on a field, not on the struct: {FIELD_USAGE}; {STRUCT_USAGE}"
                    )
                } else {
                    format!(
                        "unknown key `{key}` in `#[abi(...)]` on the struct{}: {STRUCT_USAGE}",
                        did_you_mean(&key, &STRUCT_KEYS)
                    )
                };
                cx.error_spanned_by(&meta.path, message);
            }
            Ok(())
        });
        match (result, ver, size) {
            (Err(e), _, _) => cx.syn_error(e),
            (Ok(()), Some(version), Some(size)) => {
                out.frozen_sizes.push(FrozenSize { version, size })
            }
            (Ok(()), _, _) if invalid => {}
            (Ok(()), None, None) if other => {}
            (Ok(()), ver, _) => cx.error_spanned_by(
                attr,
                format!(
                    "`#[abi(...)]` on the struct freezes a version's size and needs both keys: \
                     `#[abi(version = {}, size = {})]`",
                    ver.map_or_else(|| "N".to_owned(), |v| v.label_source()),
                    size.map_or_else(|| "B".to_owned(), |b| b.value.to_string()),
                ),
            ),
        }
    }
    out
}

/// Whether `attr` is `#[abi(...)]` rather than a bare `#[abi]` or
/// `#[abi = ...]`, which are reported here.
fn has_arguments(cx: &Ctxt, attr: &Attribute, usage: &str) -> bool {
    match &attr.meta {
        Meta::List(_) => true,
        meta => {
            cx.error_spanned_by(meta, format!("`#[abi]` needs its keys in parentheses: {usage}"));
            false
        }
    }
}

/// ", did you mean `k`?" when `key` is a likely misspelling of one of `keys`.
fn did_you_mean(key: &str, keys: &[&str]) -> String {
    keys.iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|&(d, k)| d <= 2 && d < k.len())
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Parses every `#[repr(...)]`.
pub fn repr(cx: &Ctxt, attrs: &[Attribute]) -> Repr {
    let mut out = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                out.c = true;
            } else if meta.path.is_ident("packed") {
                out.packed = Some(meta.path.span());
            } else if meta.path.is_ident("transparent") {
                out.transparent = Some(meta.path.span());
            }
            // `align(N)`, `packed(N)`, integer reprs: skip any arguments.
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                let _: proc_macro2::TokenStream = content.parse()?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// Stores the value of a key, or reports the key as a duplicate; `place`
/// is where the key belongs, e.g. "in one `#[abi(...)]`".
fn set_once<T>(cx: &Ctxt, meta: &ParseNestedMeta, slot: &mut Option<T>, value: T, place: &str) {
    if slot.is_some() {
        let name = path_name(&meta.path);
        cx.error_spanned_by(&meta.path, format!("duplicate `{name}`: give `{name}` once, {place}"));
    } else {
        *slot = Some(value);
    }
}

fn path_name(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// Consumes `= literal` after an unknown key, so later keys still parse.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: Lit = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: proc_macro2::TokenStream = content.parse()?;
    }
    Ok(())
}

/// Parses `= N` or `= "X.Y"`. A malformed token is a hard error (the
/// rest of the attribute cannot be read); a well-formed but wrong value is
/// reported to `cx` and gives `None`, so the other keys are still checked.
fn version(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Version>> {
    let key = path_name(&meta.path);
    let lit: Lit = meta.value()?.parse()?;
    let span = lit.span();
    let result = match &lit {
        Lit::Int(int) => match int.base10_parse::<u32>() {
            Ok(0) => Err(format!(
                "`{key} = 0`: versions are numbered from 1, so the struct's first version is \
                 `{key} = 1`"
            )),
            Ok(number) => Ok(Version { number, label: number.to_string(), span }),
            Err(_) => Err(format!("`{key}` must fit in a u32")),
        },
        Lit::Str(s) => {
            let label = s.value();
            match parse_release(&label) {
                Some(number) => Ok(Version { number, label, span }),
                None => Err(format!(
                    "`{key} = \"{label}\"` is not a release: write \"X.Y\" or \"X.Y.Z\" with \
                     parts 0..=255 (e.g. \"5.2\"), or an integer N >= 1"
                )),
            }
        }
        _ => Err(format!("`{key}` takes an integer N >= 1 or a release string like \"5.2\"")),
    };
    Ok(result.map_err(|m| cx.syn_error(syn::Error::new(span, m))).ok())
}

/// `"X.Y"` or `"X.Y.Z"` as `X << 16 | Y << 8 | Z`; `None` if malformed or 0.
fn parse_release(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut n = 0u32;
    for i in 0..3 {
        let p = parts.get(i).copied().unwrap_or("0");
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = p.parse().ok()?;
        if v > 255 {
            return None;
        }
        n = n << 8 | v;
    }
    (n != 0).then_some(n)
}

/// Parses `= B`, like [`version`] does `= N`.
fn bytes(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Bytes>> {
    let key = path_name(&meta.path);
    let lit: Lit = meta.value()?.parse()?;
    let span = lit.span();
    let result = match &lit {
        Lit::Int(int) => int
            .base10_parse()
            .map(|value| Bytes { value, span })
            .map_err(|_| format!("`{key}` must be a byte count that fits in usize")),
        _ => Err(format!("`{key}` takes an integer byte count, e.g. `{key} = 8`")),
    };
    Ok(result.map_err(|m| cx.syn_error(syn::Error::new(span, m))).ok())
}

/// Parses `= "one of the choices"`, like [`version`] does `= N`.
fn choice<T: Copy>(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    choices: &[(&str, T)],
    key: &str,
) -> syn::Result<Option<T>> {
    let lit: Lit = meta.value()?.parse()?;
    let list = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let result = match &lit {
        Lit::Str(s) => {
            let v = s.value();
            choices.iter().find(|(n, _)| *n == v).map(|&(_, c)| c).ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                format!(
                    "`{key} = \"{v}\"` is not one of {list}{}",
                    did_you_mean(&v, &names).replace('`', "\"")
                )
            })
        }
        _ => Err(format!("`{key}` takes one of {list}, in quotes")),
    };
    Ok(result.map_err(|m| cx.syn_error(syn::Error::new(lit.span(), m))).ok())
}

#[cfg(test)]
mod tests {
    use super::{
        did_you_mean, edit_distance, flag, macro_args, parse_release, FIELD_KEYS, STRUCT_KEYS,
    };
    use crate::ctxt::Ctxt;
    use quote::quote;

    /// The crate path the arguments give, and the errors they raise.
    fn args(tokens: proc_macro2::TokenStream) -> (String, String) {
        let cx = Ctxt::default();
        let args = macro_args(&cx, tokens);
        (args.private.to_string().replace(' ', ""), cx.into_compile_errors().to_string())
    }

    #[test]
    fn crate_paths() {
        assert_eq!(args(quote!()).0, "::extensible_abi::__private");
        assert_eq!(args(quote!(crate = "abi")).0, "::abi::__private");
        assert_eq!(args(quote!(crate = "facade::abi")).0, "::facade::abi::__private");
        assert_eq!(args(quote!(crate = "::abi")).0, "::abi::__private");
        for local in ["crate::fw", "self::fw", "super::fw"] {
            assert_eq!(args(quote!(crate = #local)).0, format!("{local}::__private"));
        }
        // A mistaken path is reported, and the default is used.
        let (path, errors) = args(quote!(crate = "a b"));
        assert_eq!(path, "::extensible_abi::__private");
        assert!(errors.contains("is not a path"), "{errors}");
    }

    #[test]
    fn interop_flags_need_their_features() {
        // The workspace's tests build with the features on; check both
        // answers of `flag` whatever they are.
        for enabled in [false, true] {
            let cx = Ctxt::default();
            let mut slot = None;
            let parser = syn::meta::parser(|meta| flag(&cx, &meta, &mut slot, enabled));
            syn::parse::Parser::parse2(parser, quote!(zerocopy)).unwrap();
            let errors = cx.into_compile_errors().to_string();
            let wanted = "needs the `zerocopy` feature of extensible-abi";
            assert_eq!(errors.contains(wanted), !enabled, "{errors}");
            assert_eq!(slot.is_some(), enabled);
        }
    }

    #[test]
    fn releases() {
        assert_eq!(parse_release("4.13"), Some(0x040d00));
        assert_eq!(parse_release("5.2.1"), Some(0x050201));
        assert_eq!(parse_release("6.18"), Some(0x061200));
        for bad in ["", "5", "5.", ".5", "5.x", "5.256", "1.2.3.4", "0.0", "+5.1"] {
            assert_eq!(parse_release(bad), None, "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("offest", "offset"), 1);
        assert_eq!(edit_distance("", "size"), 4);
        assert_eq!(did_you_mean("offest", &FIELD_KEYS), " (did you mean `offset`?)");
        assert_eq!(did_you_mean("sinc", &FIELD_KEYS), " (did you mean `since`?)");
        assert_eq!(did_you_mean("sizeof", &STRUCT_KEYS), " (did you mean `size`?)");
        assert_eq!(did_you_mean("colour", &FIELD_KEYS), "");
        assert_eq!(did_you_mean("a", &STRUCT_KEYS), "");
    }
}
