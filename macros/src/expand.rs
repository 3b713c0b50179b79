//! Code generation: the layout table, the `Pod` and `ExtensibleAbi` impls,
//! the typed field descriptors, and the `const` assertions that prove what
//! only the compiler can see (offsets, sizes, padding, field types).
//!
//! Everything but the struct itself goes in one anonymous
//! `const _: () = { ... };` block, so nothing takes a name in the user's
//! module; the runtime items are named only through `<crate>::__private`
//! and the language's through `::core`, so the code works under a renamed
//! dependency, through a re-export and under `#![no_implicit_prelude]`.
//!
//! When `valid` reported a mistake, the same impls are still emitted, with
//! placeholders for the missing keys and no assertions, so the mistake is
//! reported once and not again at every use of the struct.

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

/// The impls, and when `checked` (no mistake was reported) the assertions
/// and field-type checks that prove them sound.
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

    let infos = fields.iter().map(|k| {
        let (fname, ty) = (k.field.ident.unraw().to_string(), k.field.ty);
        let tyname = type_name(ty);
        let (b, n) = (Literal::usize_unsuffixed(k.offset), Literal::u32_unsuffixed(k.since.number));
        let bytes_since = k.field.attr.padding_since.as_ref().map(|v| {
            let v = Literal::u32_unsuffixed(v.number);
            quote!(.with_bytes_since(#v))
        });
        let role = match (k.field.attr.size_field, k.field.attr.header) {
            (Some((policy, _)), _) => {
                let v = format_ident!("{}", policy.variant());
                Some(quote!(#p::Role::Size(#p::SizePolicy::#v)))
            }
            // After a mistake the field's type may be anything: no role
            // that would ask more of it.
            (None, Some((attr::HeaderRole::Nested, _))) if !checked => None,
            (None, Some((attr::HeaderRole::Nested, _))) => Some(quote!(#p::nested_header::<#ty>())),
            (None, Some((member, _))) => {
                let v = format_ident!("{}", member.variant());
                Some(quote!(#p::Role::#v))
            }
            (None, None) => None,
        }
        .map(|role| quote!(.with_role(#role)));
        quote!(#p::field::<#ty>(#fname, #b, #n, #tyname) #bytes_since #role)
    });

    let versions = valid::versions(input);
    let versions = versions.iter().map(|v| {
        let (n, label) = (Literal::u32_unsuffixed(v.number), &v.label);
        quote!(#p::version(#fields_ty #turbofish::INFOS, #n, #label))
    });
    let min_version = input.attrs.min_version.as_ref().map(|v| {
        let n = Literal::u32_unsuffixed(v.number);
        quote!(.with_min_version(#n))
    });
    let header_version = input.attrs.header_version.map(|(n, _)| {
        let n = Literal::u32_unsuffixed(n);
        quote!(.with_header_version(#n))
    });

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
    let marker_value = marker.as_ref().map(|_| quote!(__marker: ::core::marker::PhantomData,));
    let field_refs = fields.iter().map(|k| {
        let fname = k.field.ident;
        let (s, b, n) = (
            fname.unraw().to_string(),
            Literal::usize_unsuffixed(k.offset),
            Literal::u32_unsuffixed(k.since.number),
        );
        quote!(#fname: #p::FieldRef::new(#s, #b, #n),)
    });
    let fields_name = format!("{name}Fields");
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

    // The table, built once: as a `const` of the block when the proofs
    // use it (they name it without the trait, so a struct the trait does
    // not hold for, say one without `Copy`, reports that once), else in
    // the impl (a generic struct, after a mistake, has no other place).
    let layout = |self_ty: TokenStream| {
        quote! {
            &#p::Layout::new(
                #name,
                #p::size_of::<#self_ty>(),
                #p::align_of::<#self_ty>(),
                #fields_ty #turbofish::INFOS,
                &[#(#versions),*],
            ) #min_version #header_version
        }
    };
    let (layout_item, layout_value) = if checked {
        let value = layout(quote!(#ident));
        (Some(quote!(const __L: &#p::Layout = #value;)), quote!(__L))
    } else {
        (None, layout(quote!(Self)))
    };
    let proofs = checked.then(|| proofs(input, &fields, private));

    quote! {
        const _: () = {
            use #private as __xabi;
            // No docs: rustdoc shows no item inside a `const _`, and
            // `missing_docs` does not ask for them there.
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
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#fields_name).finish_non_exhaustive()
                }
            }
            #[automatically_derived]
            impl #impl_g #fields_ty #ty_g #fields_where {
                const INFOS: &'static [#p::FieldInfo] = &[#(#infos),*];
            }
            #layout_item

            // SAFETY: the assertions below prove there is no padding (each
            // field ends where the next starts, the last where the struct
            // ends) and the field-type check proves every field type plain
            // old data, so every bit pattern is valid. (`Pod` comes from
            // the framework's blanket impl over `PodStruct + Copy`.)
            #[automatically_derived]
            unsafe impl #impl_g #p::PodStruct for #ident #ty_g #impl_where {}

            // SAFETY: the table is built from the same fields, at offsets
            // the assertions below prove, `size` is `size_of::<Self>()`,
            // and each `FieldRef` names a field with its type and offset.
            #[automatically_derived]
            #[allow(clippy::undocumented_unsafe_blocks)]
            unsafe impl #impl_g #p::ExtensibleAbi for #ident #ty_g #impl_where {
                const LAYOUT: &'static #p::Layout = #layout_value;
                type Fields = #fields_ty #ty_g;
                const FIELDS: Self::Fields = unsafe {
                    #fields_ty {
                        #(#field_refs)*
                        #marker_value
                    }
                };
            }

            #bytemuck
            #proofs
        };
    }
}

/// What makes the impls sound, checked by the compiler: every field type
/// is plain old data (by our `Pod`, zerocopy's or bytemuck's traits), and
/// the layout proofs of the framework's `proof` module, one call per field
/// (its frozen offset, no padding before it, none after the last), per
/// frozen size, per field born in padding and per nested header, each
/// spanned on the key it checks.
///
/// The calls are statements of the one `const _` block, so only the first
/// failing one is reported: the later ones mostly follow from it (a widened
/// field moves every field after it). A field's proof reports padding only
/// once every field is at its frozen offset, so a field that moved is
/// reported as moved.
fn proofs(input: &Input, fields: &[Keyed], private: &TokenStream) -> TokenStream {
    let ident = input.ident;
    let names = fields.iter().map(|k| k.field.ident);
    let mut checks = Vec::new();
    // The alias is written inside each `quote_spanned!`, so that the call
    // (and the compile error a failed proof is) has the key's span.
    for (i, k) in fields.iter().enumerate() {
        let i = Literal::usize_unsuffixed(i);
        checks.push(quote_spanned! {k.offset_span=>
            if __b == #i {
                __xabi::report_field(__l, __o, #i);
            }
        });
        if let Some(pad) = &k.field.attr.padding_since {
            let frozen = input
                .attrs
                .frozen_sizes
                .iter()
                .find(|f| f.version.number == pad.number)
                .map_or(0, |f| f.size.value);
            let frozen = Literal::usize_unsuffixed(frozen);
            checks.push(quote_spanned! {pad.span=>
                __xabi::check_born_in_padding(__l, #i, #frozen);
            });
        }
        if matches!(k.field.attr.header, Some((attr::HeaderRole::Nested, _))) {
            checks.push(quote_spanned! {k.field.ty.span()=>
                __xabi::check_nested_header(__l, #i);
            });
        }
    }
    for frozen in &input.attrs.frozen_sizes {
        let (v, b) = (frozen.version.number, frozen.size.value);
        let (v, b) = (Literal::u32_unsuffixed(v), Literal::usize_unsuffixed(b));
        checks.push(quote_spanned! {frozen.size.span=>
            __xabi::check_frozen_size(__l, #v, #b);
        });
    }
    // The field-type check (see `__private::FieldType` in the framework),
    // one call per distinct field type, with the span of its first field,
    // so a type that is not plain old data is reported on a field. The
    // closure is only type-checked, never called.
    let mut seen: Vec<String> = Vec::new();
    let field_checks: Vec<_> = fields
        .iter()
        .filter_map(|k| {
            let ty = k.field.ty;
            let key = type_name(ty);
            if seen.contains(&key) {
                return None;
            }
            seen.push(key);
            Some(quote_spanned! {ty.span()=>
                __xabi::FieldType::<#ty>::CHECK.check_field();
            })
        })
        .collect();
    // `offset_of!` by its full path: a macro named through a `use` of the
    // same block can leave resolution stuck after another mistake.
    quote! {
        use __xabi::checks::*;
        let _ = || {
            #(#field_checks)*
        };
        let __l = __L;
        let __o: &[::core::primitive::usize] = &[#(#private::offset_of!(#ident, #names)),*];
        let __b = __xabi::first_bad_field(__l, __o);
        #(#checks)*
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
