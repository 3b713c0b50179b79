//! The per-command parts of `union bpf_attr`.

use super::UapiStruct;

/// Every attr struct of this module.
pub const ALL: &[UapiStruct] = &[];
