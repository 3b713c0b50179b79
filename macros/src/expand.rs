//! Code generation: the layout table, the `Pod` and `ExtensibleAbi` impls,
//! the typed field descriptors, and the `const` proofs of what only the
//! compiler can see (offsets, sizes, padding, field types), made by the
//! table's own entries as they are built.
//!
//! Everything but the struct itself goes in one anonymous
//! `const _: () = { ... };` block, so nothing takes a name in the user's
//! module; the runtime items are named only through `<crate>::__private`
//! and the language's through `::core`, so the code works under a renamed
//! dependency, through a re-export and under `#![no_implicit_prelude]`.
//!
//! When `valid` reported a mistake, the same impls are still emitted, with
//! placeholders for the missing keys and no proofs, so the mistake is
//! reported once and not again at every use of the struct.
//!
//! What is generated is kept small for the compiler, which type-checks,
//! builds MIR for and const-evaluates it for every struct: one call per
//! field builds its table entry and proves it, the descriptors are read
//! from the table instead of being built again, and version sizes are
//! computed in one pass (see BENCHMARKS.md, "Compile cost").

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::ast::{Field, Input};
use crate::attr::{self, MacroArgs, Version};
use crate::ctxt::Ctxt;
use crate::valid;

/// Expands `#[extensible_abi]` on `input`. The struct itself is always
/// emitted (without the `#[abi]` attributes), and so are its impls, so
/// that one mistake does not cascade into errors wherever the struct is
/// used.
pub fn expand(args: TokenStream, mut input: DeriveInput) -> TokenStream {
    // A mistake in the arguments leaves the struct to check as usual (with
    // the default crate path if `crate` is the mistake), so it has its own
    // context; one in the struct leaves only placeholders to emit.
    let args_cx = Ctxt::default();
    let args = attr::macro_args(&args_cx, args);
    let cx = Ctxt::default();
    let parsed = Input::from_syn(&cx, &input);
    valid::check(&cx, &parsed);
    let checked = !cx.has_errors();
    let generated = generate(&parsed, &args, checked);
    let derives = zerocopy_derives(&parsed, &args, checked);
    strip(&mut input);
    let errors = [args_cx, cx].map(Ctxt::into_compile_errors);
    quote! {
        #derives
        #input
        #(#errors)*
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

/// A field with its keys, or placeholders where a key is missing (only
/// after a reported mistake: then nothing checks or evaluates them).
struct Keyed<'a> {
    field: &'a Field<'a>,
    since: Version,
    offset: usize,
    offset_span: Span,
}

/// The type as written, in one canonical spelling: `[u8; 16]`, `u32`,
/// `crate::Guid`.
fn type_name(ty: &syn::Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        // Drop the spaces the token printer puts around punctuation,
        // keeping the one after a `;` of an array type.
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.peek().copied();
            let glue = |ch: Option<char>| ch.is_some_and(|c| "[]:<>,&*()".contains(c));
            if glue(next) || (glue(prev) && prev != Some(',')) {
                continue;
            }
            if next == Some(';') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn keyed<'a>(input: &'a Input<'a>) -> Vec<Keyed<'a>> {
    input
        .fields
        .iter()
        .map(|field| {
            let since = field.attr.since.clone().unwrap_or_else(|| Version {
                number: 1,
                label: "1".to_owned(),
                span: field.ident.span(),
            });
            let (offset, offset_span) =
                field.attr.offset.map_or((0, field.ident.span()), |b| (b.value, b.span));
            Keyed { field, since, offset, offset_span }
        })
        .collect()
}

/// The impls, and when `checked` (no mistake was reported) the proofs and
/// field-type checks that make them sound.
fn generate(input: &Input, args: &MacroArgs, checked: bool) -> TokenStream {
    let private = &args.private;
    // Inside the `const _` block the framework's items are named through
    // this one short alias, which keeps every struct's expansion a few
    // kilobytes: a field type written `__xabi::…` would name it too, a
    // name the macro reserves.
    let p = &quote!(__xabi);
    let ident = input.ident;
    let name = ident.unraw().to_string();
    let fields = keyed(input);
    // Declared inside the `const _` block: a name no field type written in
    // the user's module can mean (a field of type `ArgsFields` must still
    // name the user's type).
    let fields_ty = format_ident!("__{}Fields", name);

    let generics = &input.original.generics;
    let (impl_g, ty_g, user_where) = generics.split_for_impl();
    let turbofish = ty_g.as_turbofish();
    // A generic struct is a reported mistake, so is a struct without
    // `Copy`; after a mistake the impls hold only where they can, which
    // adds no error of its own (the binder keeps the bound from being
    // "trivially false" for a non-generic struct).
    let mut preds: Vec<TokenStream> =
        user_where.iter().flat_map(|w| &w.predicates).map(ToTokens::to_token_stream).collect();
    let fields_where = (!preds.is_empty()).then(|| quote!(where #(#preds),*));
    if !checked {
        preds.push(quote!(for<'__x> Self: ::core::marker::Copy + 'static));
    }
    let impl_where = (!preds.is_empty()).then(|| quote!(where #(#preds),*));

    let versions = valid::versions(input);
    let numbers = versions.iter().map(|v| Literal::u32_unsuffixed(v.number));
    let labels = versions.iter().map(|v| &v.label);
    let version_table = quote!([#(#numbers),*], [#(#labels),*]);
    let min_version = input.attrs.min_version.as_ref().map(|v| {
        let n = Literal::u32_unsuffixed(v.number);
        quote!(.with_min_version(#n))
    });
    let header_version = input.attrs.header_version.map(|(n, _)| {
        let n = Literal::u32_unsuffixed(n);
        quote!(.with_header_version(#n))
    });
    let layout = |self_ty: &dyn ToTokens, table: TokenStream| {
        quote! {
            &#p::Layout::new(
                #name,
                #p::size_of::<#self_ty>(),
                #p::align_of::<#self_ty>(),
                #table,
                &#p::versions(#table, #version_table),
            ) #min_version #header_version
        }
    };

    let field_decls = fields.iter().map(|k| {
        let (fvis, fname, ty) = (&k.field.original.vis, k.field.ident, k.field.ty);
        quote! {
            #fvis #fname: #p::FieldRef<#ident #ty_g, #ty>,
        }
    });
    // A generic struct without fields (a mistake twice over) still uses
    // its parameters.
    let marker = (fields.is_empty() && !generics.params.is_empty())
        .then(|| quote!(__marker: ::core::marker::PhantomData<fn() -> #ident #ty_g>,));
    let debug = format!("{name}Fields {{ .. }}");
    let camel = name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_');
    let allow_case = (!camel).then(|| quote!(#[allow(non_camel_case_types)]));

    let bytemuck = args.bytemuck.map(|span| {
        quote_spanned! {span=>
            // SAFETY: as for `PodStruct` below: bytemuck's `Pod` asks for
            // what the checks prove (no padding, every bit pattern valid,
            // no interior mutability since every field type is `Copy`,
            // `#[repr(C)]`), and `Zeroable` for a valid all-zero value,
            // which follows.
            #[automatically_derived]
            unsafe impl #impl_g #p::bytemuck::Zeroable for #ident #ty_g #impl_where {}
            #[automatically_derived]
            unsafe impl #impl_g #p::bytemuck::Pod for #ident #ty_g #impl_where {}
        }
    });

    let table = if checked {
        proven_table(input, &fields, p, &name, &fields_ty, &layout)
    } else {
        unproven_table(&fields, p, &fields_ty, &impl_g, &ty_g, fields_where.as_ref())
    };
    let (table_items, layout_value, fields_value) = if checked {
        (
            table,
            quote!(#p::layout::<#fields_ty>()),
            // SAFETY: the descriptors struct above is, as `fields` asks,
            // `#[repr(C)]` with one `FieldRef<Self, T>` per field, in field
            // order, and the table is built from the same fields.
            quote!(unsafe { #p::fields::<#fields_ty>() }),
        )
    } else {
        let field_refs = fields.iter().map(|k| {
            let fname = k.field.ident;
            let (s, b, n) = (
                fname.unraw().to_string(),
                Literal::usize_unsuffixed(k.offset),
                Literal::u32_unsuffixed(k.since.number),
            );
            quote!(#fname: #p::FieldRef::new(#s, #b, #n),)
        });
        let marker_value = marker.as_ref().map(|_| quote!(__marker: ::core::marker::PhantomData,));
        (
            table,
            layout(&quote!(Self), quote!(#fields_ty #turbofish::INFOS)),
            quote!(unsafe { #fields_ty { #(#field_refs)* #marker_value } }),
        )
    };

    quote! {
        const _: () = {
            use #private as __xabi;
            // No docs: rustdoc shows no item inside a `const _`, and
            // `missing_docs` does not ask for them there. `repr(C)`: the
            // layout of the table it is read from (see `__private::fields`).
            #[repr(C)]
            #[allow(dead_code)]
            #allow_case
            pub struct #fields_ty #impl_g #fields_where {
                #(#field_decls)*
                #marker
            }

            // Written out rather than derived: a derive expands to a line
            // per field, and these impls are generated for every struct.
            #[automatically_derived]
            impl #impl_g ::core::clone::Clone for #fields_ty #ty_g #fields_where {
                #[inline]
                fn clone(&self) -> Self {
                    *self
                }
            }
            #[automatically_derived]
            impl #impl_g ::core::marker::Copy for #fields_ty #ty_g #fields_where {}
            #[automatically_derived]
            impl #impl_g ::core::fmt::Debug for #fields_ty #ty_g #fields_where {
                #[inline]
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#debug)
                }
            }
            #table_items

            // SAFETY: the table's entries prove there is no padding (each
            // field ends where the next starts, the last where the struct
            // ends) and the field-type check proves every field type plain
            // old data, so every bit pattern is valid. (`Pod` comes from
            // the framework's blanket impl over `PodStruct + Copy`.)
            #[automatically_derived]
            unsafe impl #impl_g #p::PodStruct for #ident #ty_g #impl_where {}

            // SAFETY: the table is built from the same fields, at offsets
            // its entries prove, `size` is `size_of::<Self>()`, and each
            // `FieldRef` names a field with its type and offset.
            #[automatically_derived]
            #[allow(clippy::undocumented_unsafe_blocks)]
            unsafe impl #impl_g #p::ExtensibleAbi for #ident #ty_g #impl_where {
                const LAYOUT: &'static #p::Layout = #layout_value;
                type Fields = #fields_ty #ty_g;
                const FIELDS: Self::Fields = #fields_value;
            }

            #bytemuck
        };
    }
}

/// The table of a struct whose tokens showed no mistake, with what makes
/// it sound: every field type is plain old data (by our `Pod`, zerocopy's
/// or bytemuck's traits), and each entry proves its field's place
/// (`__private::field_after`: its frozen offset, no padding before it, and
/// for the last none after it), written with the span of the field's
/// `offset` key, so a failed proof is an error there. A frozen size, a
/// field born in padding and a nested header each add a proof spanned on
/// their key, over the finished entries.
///
/// The entries are a `const` of their own, `__XABI_FIELDS`, evaluated in field
/// order: only the first failing proof is reported (the later ones mostly
/// follow from it: a widened field moves every field after it), and a
/// field's proof runs only once every field before it is at its frozen
/// offset. The field-type check is in the same initializer, so a field
/// type that is not plain old data stops it before any proof runs. The
/// impls reach `__XABI_FIELDS` only through the generic `Table` impl (see
/// `__private::Table`), so a failed proof is reported once, without notes.
fn proven_table(
    input: &Input,
    fields: &[Keyed],
    p: &TokenStream,
    name: &str,
    fields_ty: &syn::Ident,
    layout: &dyn Fn(&dyn ToTokens, TokenStream) -> TokenStream,
) -> TokenStream {
    let ident = input.ident;
    let n = Literal::usize_unsuffixed(fields.len());
    // Each type as written, once: the table's `ty`, and the key that
    // checks each distinct type once.
    let names: Vec<String> = fields.iter().map(|k| type_name(k.field.ty)).collect();
    let mut entries = Vec::with_capacity(fields.len());
    let mut checks = Vec::new();
    let unit = quote!(());
    let context = |prev: &str, label: &str| format!("{name}\0{prev}\0{label}");
    for (i, k) in fields.iter().enumerate() {
        let f = k.field;
        let (fname, ty) = (f.ident.unraw().to_string(), f.ty);
        let (prev_ty, prev_name, prev_offset): (&dyn ToTokens, _, _) =
            match i.checked_sub(1).map(|j| &fields[j]) {
                Some(prev) => (prev.field.ty, prev.field.ident.unraw().to_string(), prev.offset),
                None => (&unit, String::new(), 0),
            };
        let bytes_version = f.attr.padding_since.as_ref().unwrap_or(&k.since);
        let ctx = context(&prev_name, &bytes_version.label_source());
        let (prev_offset, offset) =
            (Literal::usize_unsuffixed(prev_offset), Literal::usize_unsuffixed(k.offset));
        let since = Literal::u32_unsuffixed(k.since.number);
        let tyname = &names[i];
        let bytes_since = f.attr.padding_since.as_ref().map(|v| {
            let v = Literal::u32_unsuffixed(v.number);
            quote!(.with_bytes_since(#v))
        });
        let role = role(f, p, true).map(|role| quote!(.with_role(#role)));
        // One `quote_spanned!` with the alias written in it (not `#p`,
        // which has the call site's span), so that the call's path and
        // parentheses, and so the call and the compile error a failed
        // proof is, have the key's span. The same for the proofs below.
        entries.push(if i + 1 == fields.len() {
            quote_spanned! {k.offset_span=>
                __xabi::last_field_after::<#prev_ty, #ty, #ident>(
                    #ctx, #prev_offset, #fname, #offset, #since, #tyname
                ) #bytes_since #role
            }
        } else {
            quote_spanned! {k.offset_span=>
                __xabi::field_after::<#prev_ty, #ty>(
                    #ctx, #prev_offset, #fname, #offset, #since, #tyname
                ) #bytes_since #role
            }
        });

        let i = Literal::usize_unsuffixed(i);
        if let Some(pad) = &f.attr.padding_since {
            let frozen = input
                .attrs
                .frozen_sizes
                .iter()
                .find(|f| f.version.number == pad.number)
                .map_or(0, |f| f.size.value);
            let frozen = Literal::usize_unsuffixed(frozen);
            let ctx = context("", &pad.label_source());
            checks.push(quote_spanned! {pad.span=>
                __xabi::check_born_in_padding(&__i, #ctx, #i, #frozen);
            });
        }
        if matches!(f.attr.header, Some((attr::HeaderRole::Nested, _))) {
            checks.push(quote_spanned! {ty.span()=>
                __xabi::check_nested_header(&__i, #name, #i);
            });
        }
    }
    for frozen in &input.attrs.frozen_sizes {
        let (v, b) = (frozen.version.number, frozen.size.value);
        let ctx = context("", &frozen.version.label_source());
        let (v, b) = (Literal::u32_unsuffixed(v), Literal::usize_unsuffixed(b));
        checks.push(quote_spanned! {frozen.size.span=>
            __xabi::check_frozen_size(&__i, #ctx, #v, #b);
        });
    }
    // The field-type check (see `__private::FieldType` in the framework),
    // one call per distinct field type, with the span of its first field,
    // so a type that is not plain old data is reported on a field. The
    // closure is only type-checked, never called.
    let field_checks: Vec<_> = fields
        .iter()
        .enumerate()
        .filter(|&(i, _)| !names[..i].contains(&names[i]))
        .map(|(_, k)| {
            let ty = k.field.ty;
            quote_spanned! {ty.span()=>
                __xabi::FieldType::<#ty>::CHECK.check_field();
            }
        })
        .collect();
    let value = if checks.is_empty() {
        quote!([#(#entries),*])
    } else {
        quote!({
            let __i = [#(#entries),*];
            #(#checks)*
            __i
        })
    };
    let layout = layout(ident, quote!(&__XABI_FIELDS));
    quote! {
        use __xabi::checks::*;
        const __XABI_FIELDS: [#p::FieldInfo; #n] = {
            let _ = || {
                #(#field_checks)*
            };
            #value
        };
        #[automatically_derived]
        impl<__XabiAny> #p::Table<__XabiAny> for #fields_ty {
            const LAYOUT: &'static #p::Layout = #layout;
        }
    }
}

/// The table after a reported mistake: unproven entries (placeholders
/// stand in for missing keys), in an associated `const` that only a use
/// evaluates; generic when the struct is (itself a mistake).
fn unproven_table(
    fields: &[Keyed],
    p: &TokenStream,
    fields_ty: &syn::Ident,
    impl_g: &syn::ImplGenerics,
    ty_g: &syn::TypeGenerics,
    fields_where: Option<&TokenStream>,
) -> TokenStream {
    let infos = fields.iter().map(|k| {
        let f = k.field;
        let (fname, ty) = (f.ident.unraw().to_string(), f.ty);
        let tyname = type_name(ty);
        let (b, n) = (Literal::usize_unsuffixed(k.offset), Literal::u32_unsuffixed(k.since.number));
        let bytes_since = f.attr.padding_since.as_ref().map(|v| {
            let v = Literal::u32_unsuffixed(v.number);
            quote!(.with_bytes_since(#v))
        });
        let role = role(f, p, false).map(|role| quote!(.with_role(#role)));
        quote!(#p::field::<#ty>(#fname, #b, #n, #tyname) #bytes_since #role)
    });
    quote! {
        #[automatically_derived]
        impl #impl_g #fields_ty #ty_g #fields_where {
            const INFOS: &'static [#p::FieldInfo] = &[#(#infos),*];
        }
    }
}

/// A field's role in the table, if it has one. After a mistake
/// (`checked` false) the field's type may be anything: no role that
/// would ask more of it.
fn role(f: &Field, p: &TokenStream, checked: bool) -> Option<TokenStream> {
    match (f.attr.size_field, f.attr.header) {
        (Some((policy, _)), _) => {
            let v = format_ident!("{}", policy.variant());
            Some(quote!(#p::Role::Size(#p::SizePolicy::#v)))
        }
        (None, Some((attr::HeaderRole::Nested, _))) if !checked => None,
        (None, Some((attr::HeaderRole::Nested, _))) => {
            let ty = f.ty;
            Some(quote!(#p::nested_header::<#ty>()))
        }
        (None, Some((member, _))) => {
            let v = format_ident!("{}", member.variant());
            Some(quote!(#p::Role::#v))
        }
        (None, None) => None,
    }
}

/// `#[extensible_abi(zerocopy)]`: zerocopy's derives, named through our
/// re-export (`#[zerocopy(crate = "...")]`), since zerocopy forbids
/// hand-written impls of its traits. After a mistake they are emitted only
/// if the struct's shape and field types are sound, so that zerocopy does
/// not report the same mistake again.
fn zerocopy_derives(input: &Input, args: &MacroArgs, checked: bool) -> Option<TokenStream> {
    let span = args.zerocopy?;
    if !checked && !valid::shape_is_sound(input) {
        return None;
    }
    let p = &args.private;
    let krate = LitStr::new(&format!("{p}::zerocopy").replace(' ', ""), span);
    Some(quote_spanned! {span=>
        #[derive(
            #p::zerocopy::FromBytes,
            #p::zerocopy::IntoBytes,
            #p::zerocopy::Immutable,
            #p::zerocopy::KnownLayout
        )]
        #[zerocopy(crate = #krate)]
    })
}
