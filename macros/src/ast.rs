//! The struct as the macro sees it: its fields with their parsed
//! `#[abi(...)]`, and its `#[repr(...)]` and struct-level `#[abi(...)]`.

use quote::quote;
use syn::{Data, DeriveInput, Fields, FieldsNamed, Ident, Type};

use crate::attr::{self, FieldAttr, Repr, StructAttr};
use crate::ctxt::Ctxt;

/// The annotated struct.
pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: StructAttr,
    pub repr: Repr,
    /// Whether the item is a struct with named fields. When it is not, the
    /// mistake is reported and `fields` is empty: the impls are still
    /// emitted, so that uses of the item report nothing more.
    pub named: bool,
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
    /// Reads the item, reporting it if it is not a struct with named
    /// fields.
    pub fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Self {
        let named = named_fields(cx, node);
        let fields = named
            .into_iter()
            .flat_map(|named| &named.named)
            .map(|f| Field {
                original: f,
                ident: f.ident.as_ref().expect("named field"),
                ty: &f.ty,
                attr: attr::field_attr(cx, &f.attrs),
            })
            .collect();
        // Past a wrong kind of item, nothing else is checked: the fix
        // changes the item, and with it what there is to check.
        let (attrs, repr) = match named {
            Some(_) => (attr::struct_attr(cx, &node.attrs), attr::repr(cx, &node.attrs)),
            None => (StructAttr::default(), Repr::default()),
        };
        Input { original: node, ident: &node.ident, attrs, repr, named: named.is_some(), fields }
    }
}

/// The fields of a struct with named fields; `None`, with the mistake
/// reported, for any other item.
fn named_fields<'a>(cx: &Ctxt, node: &'a DeriveInput) -> Option<&'a FieldsNamed> {
    let shape_error = |what: &str, fix: &str| {
        format!("`#[extensible_abi]` needs a struct with named fields, not {what}: {fix}")
    };
    match &node.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => return Some(named),
            Fields::Unnamed(f) => cx.error_spanned_by(
                f,
                shape_error(
                    "a tuple struct",
                    "name every field and give it `#[abi(since = N, offset = B)]`",
                ),
            ),
            Fields::Unit => cx.error_spanned_by(
                &node.ident,
                shape_error(
                    "a unit struct",
                    "give it fields in braces, each with `#[abi(since = N, offset = B)]`",
                ),
            ),
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
        }
    }
    None
}
