//! The sets of structs whose C header `cargo run --example c_header`
//! prints and `tests/c_header.rs` compiles.

use extensible_abi::c_header::CHeader;
use extensible_abi::{ExtensibleAbi, Layout};

/// The prefix of every generated name (`struct extabi_bpf_map_info`,
/// `EXTABI_BPF_MAP_INFO_SIZE_VER0`), so a header can be included beside
/// `<linux/bpf.h>`.
pub const PREFIX: &str = "extabi_";

/// A named set of structs.
#[derive(Debug)]
pub struct HeaderSet {
    /// The command's argument: `linux-info`, `linux-attr`, `windows`.
    pub name: &'static str,
    /// What the structs are.
    pub what: &'static str,
    /// The include guard.
    pub guard: &'static str,
    /// The structs' layout tables.
    pub layouts: Vec<&'static Layout>,
}

impl HeaderSet {
    /// The header of the set, with [`PREFIX`].
    pub fn header(&self) -> CHeader<'_> {
        CHeader::new(&self.layouts).prefix(PREFIX).guard(self.guard)
    }
}

/// Every set, in the order the command lists them.
pub fn sets() -> Vec<HeaderSet> {
    use extensible_abi_win::{ext, history, sys};
    vec![
        HeaderSet {
            name: "linux-info",
            what: "Linux's BPF_OBJ_GET_INFO_BY_FD info structs and the members of bpf_link_info's union",
            guard: "EXTABI_LINUX_INFO_H",
            layouts: extensible_abi_bpf::info::ALL.iter().map(|s| s.layout).collect(),
        },
        HeaderSet {
            name: "linux-attr",
            what: "the per-command parts of Linux's union bpf_attr",
            guard: "EXTABI_LINUX_ATTR_H",
            layouts: extensible_abi_bpf::attr::ALL.iter().map(|s| s.layout).collect(),
        },
        HeaderSet {
            name: "windows",
            what: "eBPF-for-Windows' GUID, info structs (and v0.2.0's bpf_prog_info), \
                   sys_bpf_* structs and extension structs",
            guard: "EXTABI_WINDOWS_H",
            layouts: vec![
                extensible_abi_win::Guid::LAYOUT,
                extensible_abi_win::bpf_map_info::LAYOUT,
                extensible_abi_win::bpf_prog_info::LAYOUT,
                extensible_abi_win::bpf_link_info::LAYOUT,
                history::bpf_prog_info_0_2::LAYOUT,
                sys::sys_bpf_obj_info_attr_t::LAYOUT,
                sys::sys_bpf_map_info_t::LAYOUT,
                sys::sys_bpf_prog_info_t::LAYOUT,
                sys::sys_bpf_link_info_t::LAYOUT,
                sys::sys_bpf_map_create_attr_t::LAYOUT,
                sys::sys_bpf_map_lookup_attr_t::LAYOUT,
                sys::sys_bpf_prog_load_attr_t::LAYOUT,
                ext::ebpf_extension_header_t::LAYOUT,
                ext::ebpf_helper_function_prototype_t::LAYOUT,
                ext::ebpf_program_data_t::LAYOUT,
            ],
        },
    ]
}

/// The set called `name`.
pub fn set(name: &str) -> Option<HeaderSet> {
    sets().into_iter().find(|s| s.name == name)
}
