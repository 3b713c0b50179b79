//! The struct as the macro sees it: its fields with their parsed
//! `#[abi(...)]`, and its `#[repr(...)]` and struct-level `#[abi(...)]`.

use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::{self, FieldAttr, Repr, StructAttr};
use crate::ctxt::Ctxt;

/// The annotated struct.
pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: StructAttr,
    pub repr: Repr,
    pub fields: Vec<Field<'a>>,
}

/// One named field.
pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attr: FieldAttr,
}

impl<'a> Input<'a> {
    /// Reads the struct; `None` (with the error recorded) when the item is
    /// not a struct with named fields, since nothing else can be checked.
    pub fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Self> {
        let shape_error = |what: &str, fix: &str| {
            format!("`#[extensible_abi]` needs a struct with named fields, not {what}: {fix}")
        };
        let named = match &node.data {
            Data::Struct(s) => match &s.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(f) => {
                    cx.error_spanned_by(
                        f,
                        shape_error(
                            "a tuple struct",
                            "name every field and give it `#[abi(since = N, offset = B)]`",
                        ),
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &node.ident,
                        shape_error(
                            "a unit struct",
                            "give it fields in braces, each with `#[abi(since = N, offset = B)]`",
                        ),
                    );
                    return None;
                }
            },
            Data::Enum(e) => {
                let (token, ident) = (&e.enum_token, &node.ident);
                cx.error_spanned_by(
                    quote!(#token #ident),
                    shape_error(
                        "an enum",
                        "an enum crosses an ABI as its integer type, e.g. a `u32` field of an \
                         extensible struct, converted with a checked accessor",
                    ),
                );
                return None;
            }
            Data::Union(u) => {
                let (token, ident) = (&u.union_token, &node.ident);
                cx.error_spanned_by(
                    quote!(#token #ident),
                    shape_error(
                        "a union",
                        "make each member an extensible struct of its own, and read the one \
                         the command selects",
                    ),
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .map(|f| Field {
                original: f,
                ident: f.ident.as_ref().expect("named field"),
                ty: &f.ty,
                attr: attr::field_attr(cx, &f.attrs),
            })
            .collect();
        Some(Input {
            original: node,
            ident: &node.ident,
            attrs: attr::struct_attr(cx, &node.attrs),
            repr: attr::repr(cx, &node.attrs),
            fields,
        })
    }
}
