//! Code generation: the layout table, the `Pod` and `ExtensibleAbi` impls,
//! the typed field descriptors, and the `const` assertions that prove what
//! only the compiler can see (offsets, sizes, padding, field types).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::ast::Input;
use crate::attr;
use crate::ctxt::Ctxt;
use crate::valid;

/// Expands `#[extensible_abi]` on `input`. The struct itself is always
/// emitted (without the `#[abi]` attributes) so that one mistake does not
/// cascade into errors wherever the struct is used.
pub fn expand(args: TokenStream, mut input: DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    if !args.is_empty() {
        cx.error_spanned_by(
            &args,
            "`#[extensible_abi]` takes no arguments: put `#[abi(since = N, offset = B)]` on \
             each field and `#[abi(version = N, size = B)]` on the struct",
        );
    }
    let generated = match Input::from_syn(&cx, &input) {
        Some(parsed) => {
            valid::check(&cx, &parsed);
            if cx.has_errors() {
                TokenStream::new()
            } else {
                generate(&parsed)
            }
        }
        None => TokenStream::new(),
    };
    strip(&mut input);
    let errors = cx.into_compile_errors();
    quote! {
        #input
        #errors
        #generated
    }
}

/// Removes the `#[abi]` helper attributes from the struct and its fields.
fn strip(input: &mut DeriveInput) {
    attr::strip_abi(&mut input.attrs);
    if let Data::Struct(s) = &mut input.data {
        if let Fields::Named(named) = &mut s.fields {
            for f in &mut named.named {
                attr::strip_abi(&mut f.attrs);
            }
        }
    }
}

fn generate(input: &Input) -> TokenStream {
    let p = quote!(::extensible_abi::__private);
    let ident = input.ident;
    let name = ident.unraw().to_string();
    let vis = &input.original.vis;
    let fields_ident = format_ident!("{}Fields", ident);
    let fields_name = fields_ident.to_string();

    // Validation guarantees every field has `since` and `offset`.
    let fields: Vec<_> = input
        .fields
        .iter()
        .map(|f| {
            let since = f.attr.since.clone().expect("validated");
            let offset = f.attr.offset.expect("validated");
            (f, since, offset)
        })
        .collect();

    // One `const` block holds them all, so only the first failing one is
    // reported: the later ones mostly follow from it (a widened field moves
    // every field after it). Offsets come first: once they hold, the other
    // messages can name exact offsets.
    let mut asserts = Vec::new();
    for (f, _, offset) in &fields {
        let (fname, b) = (f.ident, offset.value);
        let msg = format!(
            "`{name}.{fname}` is frozen at offset {b}, but the field is no longer there: a field \
             declared before it changed type or size, or one was inserted before it. An ABI \
             field never moves: keep released fields, their order and their types as they \
             were, and add new fields at the end (if `{fname}` is not released yet, correct its \
             `offset`)"
        );
        asserts.push(quote_spanned! {offset.span=>
            ::core::assert!(#p::offset_of!(#ident, #fname) == #b, #msg);
        });
    }
    for pair in fields.windows(2) {
        let ((a, _, ao), (b, bs, bo)) = (&pair[0], &pair[1]);
        let (an, at, bn) = (a.ident, a.ty, b.ident);
        let fix = match valid::known_size(at) {
            Some(size) if ao.value + size < bo.value => format!(
                "`#[abi(since = {}, offset = {})] _pad: [u8; {}]`",
                bs.label_source(),
                ao.value + size,
                bo.value - ao.value - size
            ),
            _ => format!("`_pad: [u8; N]` with `since = {}`", bs.label_source()),
        };
        let msg = format!(
            "`{name}` has implicit padding between `{an}` and `{bn}`: padding is uninitialized \
             memory, and copying it to a caller is undefined behaviour and leaks data; name the \
             gap as a field before `{bn}`: {fix}"
        );
        asserts.push(quote_spanned! {b.ident.span()=>
            ::core::assert!(
                #p::offset_of!(#ident, #an) + #p::size_of::<#at>() == #p::offset_of!(#ident, #bn),
                #msg
            );
        });
    }
    if let Some((last, ls, lo)) = fields.last() {
        let (ln, lt) = (last.ident, last.ty);
        let at = match valid::known_size(lt) {
            Some(size) => format!(", offset = {}", lo.value + size),
            None => String::new(),
        };
        let msg = format!(
            "`{name}` has implicit tail padding after `{ln}`: padding is uninitialized memory, \
             and copying it to a caller is undefined behaviour and leaks data; name it as a \
             last field, `#[abi(since = {}{at})] _pad_tail: [u8; N]` with N the bytes up to \
             the struct's alignment",
            ls.label_source()
        );
        asserts.push(quote_spanned! {last.ident.span()=>
            ::core::assert!(
                #p::offset_of!(#ident, #ln) + #p::size_of::<#lt>() == #p::size_of::<#ident>(),
                #msg
            );
        });
    }
    for frozen in &input.attrs.frozen_sizes {
        let (v, b) = (frozen.version.number, frozen.size.value);
        let label = &frozen.version.label;
        let msg = format!(
            "`{name}` version {label} was frozen at {b} bytes, but its fields now give it another \
             size (C's sizeof of the struct as it stood at version {label}: the end of its last \
             field, rounded up to its largest field alignment). A released version's size never \
             changes: restore the fields of version {label} as they were (if version {label} is \
             not released yet, correct `size`)"
        );
        asserts.push(quote_spanned! {frozen.size.span=>
            ::core::assert!(#p::version_size(#fields_ident::INFOS, #v) == #b, #msg);
        });
    }

    // The field-type check (see `__private::FieldType` in the framework),
    // one call per field with the field type's span, so a type that is
    // not plain old data is reported on the field. The closure is only
    // type-checked, never called; being in the assertions' `const` block,
    // a failing check leaves the assertions unevaluated, as before.
    let field_checks = fields.iter().map(|(f, _, _)| {
        let ty = f.ty;
        quote_spanned! {ty.span()=>
            #p::FieldType::<#ty>::CHECK.check_field();
        }
    });

    let infos = fields.iter().map(|(f, since, offset)| {
        let (fname, ty, b, n) = (f.ident.unraw().to_string(), f.ty, offset.value, since.number);
        quote! {
            #p::FieldInfo {
                name: #fname,
                offset: #b,
                size: #p::size_of::<#ty>(),
                align: #p::align_of::<#ty>(),
                since: #n,
            }
        }
    });

    let mut versions: Vec<&attr::Version> = Vec::new();
    for (_, since, _) in &fields {
        if versions.last().is_none_or(|v| v.number != since.number) {
            versions.push(since);
        }
    }
    let versions = versions.iter().map(|v| {
        let (n, label) = (v.number, &v.label);
        quote! {
            #p::VersionInfo {
                number: #n,
                label: #label,
                size: #p::version_size(#fields_ident::INFOS, #n),
            }
        }
    });

    let field_decls = fields.iter().map(|(f, _, _)| {
        let (fvis, fname, ty) = (&f.original.vis, f.ident, f.ty);
        let doc = format!("The field `{fname}`.");
        quote! {
            #[doc = #doc]
            #fvis #fname: #p::FieldRef<#ident, #ty>,
        }
    });
    let field_refs = fields.iter().map(|(f, since, offset)| {
        let (fname, b, n) = (f.ident, offset.value, since.number);
        let s = fname.unraw().to_string();
        // SAFETY (of the generated `unsafe` block): the const assertion
        // above proves `#fname` is at offset `#b`, and its type is `#ty`.
        quote! {
            #fname: unsafe { #p::FieldRef::new(#s, #b, #n) },
        }
    });
    let fields_doc = format!(
        "Typed descriptors of the fields of [`{name}`], made by `#[extensible_abi]`: \
         `{name}::FIELDS.<field>`, for `Partial::get`."
    );

    quote! {
        #[doc = #fields_doc]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #fields_ident {
            #(#field_decls)*
        }

        // Written out rather than derived: a derive expands to a line per
        // field, and these impls are generated for every annotated struct.
        impl ::core::clone::Clone for #fields_ident {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl ::core::marker::Copy for #fields_ident {}
        impl ::core::fmt::Debug for #fields_ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#fields_name).finish_non_exhaustive()
            }
        }

        impl #fields_ident {
            const INFOS: &'static [#p::FieldInfo] = &[#(#infos),*];
        }

        const _: () = {
            use #p::checks::*;
            let _ = || {
                #(#field_checks)*
            };
            #(#asserts)*
        };

        // SAFETY: the assertions above prove there is no padding (each field
        // ends where the next starts, the last where the struct ends) and
        // every field type is `Pod`, so every bit pattern is valid.
        //
        // `do_not_recommend` keeps every extensible struct in scope out of
        // the "other types implement `Pod`" list of a field-type error
        // (compilers before 1.85 do not know it: hence the `allow`).
        #[allow(unknown_or_malformed_diagnostic_attributes)]
        #[diagnostic::do_not_recommend]
        unsafe impl #p::Pod for #ident {}

        // SAFETY: the table is built from the same fields, at offsets the
        // assertions above prove, and `size` is `size_of::<Self>()`.
        #[allow(clippy::undocumented_unsafe_blocks)]
        unsafe impl #p::ExtensibleAbi for #ident {
            const LAYOUT: &'static #p::Layout = &#p::Layout {
                name: #name,
                size: #p::size_of::<#ident>(),
                align: #p::align_of::<#ident>(),
                fields: #fields_ident::INFOS,
                versions: &[#(#versions),*],
            };
            type Fields = #fields_ident;
            const FIELDS: #fields_ident = #fields_ident {
                #(#field_refs)*
            };
        }
    }
}
