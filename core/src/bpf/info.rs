//! `BPF_OBJ_GET_INFO_BY_FD` info structs.

use super::UapiStruct;

/// Every info struct of this module.
pub const ALL: &[UapiStruct] = &[];
