//! The attribute's generated code where it must work as well as in the
//! framework's own tests: under a renamed dependency (`abi`, with
//! `crate = "abi"`), through a facade crate's re-export
//! (`facade::abi`), in a `#![no_implicit_prelude]` module beside local
//! items named like everything the code uses, beside a user type named
//! `<Struct>Fields`, without `std`, and under every lint below: the
//! crate must build without a warning under `cargo clippy`.
//!
//! `::extensible_abi` does not exist in this crate: a path the generated
//! code did not take from `crate = "..."` fails to resolve.

#![cfg_attr(not(test), no_std)]
#![deny(warnings, missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(unused_qualifications, unused_results, trivial_casts, trivial_numeric_casts)]
#![deny(clippy::all, clippy::pedantic)]

/// A renamed dependency: `abi = { package = "extensible-abi", ... }`.
pub mod renamed {
    use abi::extensible_abi;

    /// `struct open_how`, as `openat2(2)` takes it.
    #[extensible_abi(crate = "abi")]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct OpenHow {
        /// `O_*` flags.
        #[abi(since = 1, offset = 0)]
        pub flags: u64,
        /// Mode bits for a new file.
        #[abi(since = 1, offset = 8)]
        pub mode: u64,
        /// `RESOLVE_*` flags.
        #[abi(since = 2, offset = 16)]
        pub resolve: u64,
    }
}

/// Through a facade crate that re-exports the framework as `facade::abi`
/// and the attribute as `facade::extensible_abi`.
pub mod through_facade {
    /// A struct of two versions, one named by a release.
    #[facade::extensible_abi(crate = "facade::abi")]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct CloneArgs {
        /// `CLONE_*` flags.
        #[abi(since = "5.3", offset = 0)]
        pub flags: u64,
        /// The pidfd out-pointer, as an address.
        #[abi(since = "5.3", offset = 8)]
        pub pidfd: u64,
        /// The target cgroup.
        #[abi(since = "5.7", offset = 16)]
        pub cgroup: u64,
    }
}

/// `#![no_implicit_prelude]`, beside items named like every name the
/// generated code could use unqualified: it names everything absolutely.
pub mod no_prelude {
    #![no_implicit_prelude]
    #![allow(non_camel_case_types, clippy::module_name_repetitions)]

    /// Not `::core`.
    pub mod core {}
    /// Not the framework: `crate = "abi"` means the extern crate `::abi`.
    pub mod abi {}
    /// Not the framework either.
    pub mod extensible_abi {}
    /// Not `core::marker::Copy`.
    #[derive(Debug)]
    pub struct Copy;
    /// Not `core::clone::Clone`.
    #[derive(Debug)]
    pub struct Clone;
    /// Not the framework's `Pod`.
    #[derive(Debug)]
    pub struct Pod;
    /// Not the framework's `FieldRef`.
    #[derive(Debug)]
    pub struct FieldRef;
    /// Not the framework's `Layout`.
    #[derive(Debug)]
    pub struct Layout;
    /// Not `core::option::Option`.
    #[derive(Debug)]
    pub struct Option;
    /// Not `usize`.
    #[derive(Debug)]
    pub struct usize;
    /// Not `u32`.
    #[derive(Debug)]
    pub struct u32;
    /// Not `str`.
    #[derive(Debug)]
    pub struct str;

    /// A struct under `#![no_implicit_prelude]`, with zerocopy's derives
    /// and bytemuck's impls too.
    #[::abi::extensible_abi(crate = "abi", zerocopy, bytemuck)]
    #[repr(C)]
    #[derive(
        ::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    pub struct Args {
        /// Set since the first version.
        #[abi(since = 1, offset = 0)]
        pub flags: ::core::primitive::u32,
        /// Added by the second.
        #[abi(since = 2, offset = 4)]
        pub mode: ::core::primitive::u32,
    }
}

/// A user type named `<Struct>Fields` beside the struct, and even used as
/// one of its field types: the generated descriptor type takes no name in
/// this module.
pub mod fields_name {
    use abi::extensible_abi;

    /// An extensible struct of its own, named like `Args`'s descriptors.
    #[extensible_abi(crate = "abi")]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct ArgsFields {
        /// An id.
        #[abi(since = 1, offset = 0)]
        pub id: u32,
        /// Named tail padding.
        #[abi(since = 1, offset = 4)]
        _pad: u32,
    }

    /// The struct whose descriptors would have been `ArgsFields`.
    #[extensible_abi(crate = "abi")]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Args {
        /// A field of the user's `ArgsFields` type.
        #[abi(since = 1, offset = 0)]
        pub fields: ArgsFields,
        /// Another field.
        #[abi(since = 2, offset = 8)]
        pub more: u64,
    }

    /// A value with the padding named.
    #[must_use]
    pub fn args_fields(id: u32) -> ArgsFields {
        ArgsFields { id, _pad: 0 }
    }
}

/// Descriptors keep the visibility of the fields they describe.
pub mod visibility {
    use abi::{extensible_abi, ExtensibleAbi, Partial};

    /// Fields of three visibilities.
    #[extensible_abi(crate = "abi")]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Mixed {
        /// Public.
        #[abi(since = 1, offset = 0)]
        pub public: u32,
        /// Crate-visible.
        #[abi(since = 1, offset = 4)]
        pub(crate) in_crate: u32,
        /// Private to this module.
        #[abi(since = 2, offset = 8)]
        private: u64,
    }

    /// Reads the private field through its descriptor, which only this
    /// module can name.
    #[must_use]
    pub fn private_of(view: &Partial<Mixed>) -> ::core::option::Option<u64> {
        view.get(Mixed::FIELDS.private)
    }

    /// A `Mixed` with every field set.
    #[must_use]
    pub fn mixed(public: u32, in_crate: u32, private: u64) -> Mixed {
        Mixed { public, in_crate, private }
    }
}

/// The interop features through both paths: the struct's own zerocopy
/// derives and bytemuck impls name those crates only through the
/// framework's re-export (this crate depends on neither but for its
/// tests).
pub mod interop {
    use abi::extensible_abi;

    /// Named through the renamed dependency.
    #[extensible_abi(crate = "abi", zerocopy, bytemuck)]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Renamed {
        /// A first field.
        #[abi(since = 1, offset = 0)]
        pub id: u32,
        /// A second one.
        #[abi(since = 2, offset = 4)]
        pub plain: u32,
    }

    /// Named through the facade, nesting the other.
    #[facade::extensible_abi(crate = "facade::abi", zerocopy, bytemuck)]
    #[repr(C)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct ThroughFacade {
        /// A nested struct with zerocopy's and bytemuck's traits.
        #[abi(since = 1, offset = 0)]
        pub inner: Renamed,
        /// Added later.
        #[abi(since = 2, offset = 8)]
        pub more: u64,
    }
}

#[cfg(test)]
mod tests {
    use abi::{bytes_of, ExtensibleAbi, Partial};

    use crate::fields_name::{args_fields, Args, ArgsFields};
    use crate::interop::{Renamed, ThroughFacade};
    use crate::no_prelude::Args as NoPrelude;
    use crate::renamed::OpenHow;
    use crate::through_facade::CloneArgs;
    use crate::visibility::{mixed, private_of, Mixed};

    #[test]
    fn renamed_dependency() {
        let how = OpenHow { flags: 1, mode: 0o644, resolve: 0 };
        let v1 = &bytes_of(&how)[..16];
        assert_eq!(OpenHow::from_partial(v1), Ok(how));
        assert_eq!(OpenHow::LAYOUT.versions.len(), 2);
        assert_eq!(OpenHow::LAYOUT.versions[0].size, 16);
        let view = Partial::new(how, 16);
        assert_eq!(view.get(OpenHow::FIELDS.mode), Some(0o644));
        assert_eq!(view.get(OpenHow::FIELDS.resolve), None);
        let mut long = [0u8; 32];
        long[24] = 1;
        assert_eq!(OpenHow::from_partial(&long).unwrap_err().errno(), abi::errno::E2BIG);
    }

    #[test]
    fn through_a_facade() {
        let args = CloneArgs { flags: 3, pidfd: 0, cgroup: 7 };
        assert_eq!(CloneArgs::from_partial(bytes_of(&args)), Ok(args));
        assert_eq!(CloneArgs::LAYOUT.versions[0].label, "5.3");
        assert_eq!(CloneArgs::LAYOUT.version_for_len(24).unwrap().label, "5.7");
        let view = Partial::new(args, 16);
        assert_eq!(view.get(CloneArgs::FIELDS.flags), Some(3));
        assert_eq!(view.get(CloneArgs::FIELDS.cgroup), None);
        assert_eq!(CloneArgs::FIELDS.cgroup.offset(), 16);
    }

    #[test]
    fn no_implicit_prelude() {
        let args = NoPrelude::from_partial(&[5, 0, 0, 0]).unwrap();
        assert_eq!(args, NoPrelude { flags: 5, mode: 0 });
        assert_eq!(NoPrelude::LAYOUT.size, 8);
        let view = Partial::new(args, 4);
        assert_eq!(view.get(NoPrelude::FIELDS.flags), Some(5));
        assert_eq!(view.get(NoPrelude::FIELDS.mode), None);
        assert_eq!(zerocopy::IntoBytes::as_bytes(&args), bytes_of(&args));
        assert_eq!(bytemuck::bytes_of(&args), bytes_of(&args));
    }

    #[test]
    fn a_user_type_named_like_the_descriptors() {
        let args = Args { fields: args_fields(9), more: 1 };
        assert_eq!(Args::from_partial(bytes_of(&args)), Ok(args));
        let view = Partial::new(args, 8);
        assert_eq!(view.get(Args::FIELDS.fields), Some(args_fields(9)));
        assert_eq!(view.get(Args::FIELDS.more), None);
        assert_eq!(ArgsFields::LAYOUT.name, "ArgsFields");
        assert_eq!(ArgsFields::FIELDS.id.name(), "id");
        // The descriptors' own type, by the trait.
        let fields: <Args as ExtensibleAbi>::Fields = Args::FIELDS;
        assert_eq!(fields.more.since(), 2);
    }

    #[test]
    fn descriptors_keep_field_visibility() {
        let m = mixed(1, 2, 3);
        let view = Partial::new(m, 8);
        assert_eq!(view.get(Mixed::FIELDS.public), Some(1));
        assert_eq!(view.get(Mixed::FIELDS.in_crate), Some(2));
        assert_eq!(private_of(&view), None);
        assert_eq!(private_of(&Partial::new(m, 16)), Some(3));
    }

    #[test]
    fn interop_through_both_paths() {
        use zerocopy::{FromBytes, IntoBytes};

        let inner = Renamed { id: 7, plain: 5 };
        assert_eq!(inner.as_bytes(), bytes_of(&inner));
        assert_eq!(bytemuck::bytes_of(&inner), bytes_of(&inner));
        let outer = ThroughFacade { inner, more: 9 };
        assert_eq!(ThroughFacade::read_from_bytes(outer.as_bytes()), Ok(outer));
        assert_eq!(bytemuck::pod_read_unaligned::<ThroughFacade>(bytes_of(&outer)), outer);
        let view = Partial::new(outer, 8);
        assert_eq!(view.get(ThroughFacade::FIELDS.inner), Some(inner));
        assert_eq!(view.get(ThroughFacade::FIELDS.more), None);
        assert_eq!(ThroughFacade::from_partial(&outer.as_bytes()[..4]).unwrap().inner.id, 7);
    }
}
