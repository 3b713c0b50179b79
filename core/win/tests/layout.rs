//! Every struct's layout against the facts (`win-facts.md`, computed from
//! eBPF-for-Windows' headers at each tag): each field's offset and size,
//! `sizeof`, alignment, and each version's size.
//!
//! The expected tables are typed in from the facts, not derived from the
//! structs; C's implicit padding appears as the `_`-named field that names
//! it. The proof from a C compiler, against a header generated from these
//! layouts, is the workspace's `tests/c_header.rs`
//! (`tests/c_header/win_facts.c`).

use extensible_abi::{ExtensibleAbi, Layout};
use extensible_abi_win::ext::{
    ebpf_extension_header_t, ebpf_helper_function_prototype_t, ebpf_program_data_t,
};
use extensible_abi_win::history::bpf_prog_info_0_2;
use extensible_abi_win::next::{bpf_link_info_next, bpf_map_info_next, bpf_prog_info_next};
use extensible_abi_win::sys::{
    sys_bpf_link_info_t, sys_bpf_map_create_attr_t, sys_bpf_map_info_t, sys_bpf_map_lookup_attr_t,
    sys_bpf_obj_info_attr_t, sys_bpf_prog_info_t, sys_bpf_prog_load_attr_t,
};
use extensible_abi_win::{bpf_link_info, bpf_map_info, bpf_prog_info, release, Guid};

/// `(field, offset, size)` of every field, in order; then `sizeof`,
/// alignment and `(version label, size)`s.
fn check(
    layout: &Layout,
    fields: &[(&str, usize, usize)],
    size: usize,
    align: usize,
    versions: &[(&str, usize)],
) {
    let got: Vec<_> = layout.fields.iter().map(|f| (f.name, f.offset, f.size)).collect();
    assert_eq!(got, fields, "{}: fields", layout.name);
    assert_eq!((layout.size, layout.align), (size, align), "{}: sizeof, align", layout.name);
    let got: Vec<_> = layout.versions.iter().map(|v| (v.label, v.size)).collect();
    assert_eq!(got, versions, "{}: versions", layout.name);
}

#[test]
fn guid_is_16_bytes_align_4() {
    let f = [("data1", 0, 4), ("data2", 4, 2), ("data3", 6, 2), ("data4", 8, 8)];
    check(Guid::LAYOUT, &f, 16, 4, &[("0.2", 16)]);
}

/// §1.1: one layout at every tag, v0.2.0 … v1.5.0.
#[test]
fn map_info_at_every_tag() {
    let f = [
        ("id", 0, 4),
        ("type", 4, 4),
        ("key_size", 8, 4),
        ("value_size", 12, 4),
        ("max_entries", 16, 4),
        ("name", 20, 64),
        ("map_flags", 84, 4),
        ("inner_map_id", 88, 4),
        ("pinned_path_count", 92, 4),
    ];
    check(bpf_map_info::LAYOUT, &f, 96, 4, &[("0.2", 96)]);
}

/// §1.2 layout B (v0.5.0 … v1.5.0), with the 4-byte hole before map_ids.
#[test]
fn prog_info_from_v0_5() {
    let f = [
        ("id", 0, 4),
        ("type", 4, 4),
        ("nr_map_ids", 8, 4),
        ("_pad", 12, 4),
        ("map_ids", 16, 8),
        ("name", 24, 64),
        ("type_uuid", 88, 16),
        ("attach_type_uuid", 104, 16),
        ("pinned_path_count", 120, 4),
        ("link_count", 124, 4),
    ];
    // Version 0.2 is what a v0.2.0 … v0.4.0 caller still shares: 12 bytes.
    check(bpf_prog_info::LAYOUT, &f, 128, 8, &[("0.2", 12), ("0.5", 128)]);
}

/// §1.2 layout A (v0.2.0, v0.3.0, v0.4.0).
#[test]
fn prog_info_before_v0_5() {
    let f = [
        ("id", 0, 4),
        ("type", 4, 4),
        ("nr_map_ids", 8, 4),
        ("name", 12, 64),
        ("type_uuid", 76, 16),
        ("attach_type_uuid", 92, 16),
        ("pinned_path_count", 108, 4),
        ("link_count", 112, 4),
    ];
    check(bpf_prog_info_0_2::LAYOUT, &f, 116, 4, &[("0.2", 116)]);
}

/// §1.3: 52 bytes, align 4 at v0.2.0; 56, align 8 from v0.3.0.
#[test]
fn link_info_at_v0_2_and_from_v0_3() {
    let f = [
        ("id", 0, 4),
        ("prog_id", 4, 4),
        ("type", 8, 4),
        ("attach_type", 12, 4),
        ("attach_type_uuid", 16, 16),
        ("program_type_uuid", 32, 16),
        ("_union_0_2", 48, 4),
        ("_union_0_3", 52, 4),
        ("_align_0_3", 56, 0),
    ];
    check(bpf_link_info::LAYOUT, &f, 56, 8, &[("0.2", 52), ("0.3", 56)]);
}

/// The union's members read its bytes as C's union does.
#[test]
fn link_info_union_members() {
    let mut l: bpf_link_info = extensible_abi::zeroed();
    l.set_attach_data(0x1122_3344_5566_7788u64.to_ne_bytes());
    assert_eq!(l.cgroup_id(), 0x1122_3344_5566_7788);
    assert_eq!(l.xdp_ifindex(), u32::from_ne_bytes(l.attach_data()[..4].try_into().unwrap()));
    let bytes = extensible_abi::bytes_of(&l);
    assert_eq!(&bytes[48..56], &0x1122_3344_5566_7788u64.to_ne_bytes());
}

/// §3.1: the bpf() path's Linux prefixes, and §3.4's attrs.
#[test]
fn sys_structs() {
    let f = [("bpf_fd", 0, 4), ("info_len", 4, 4), ("info", 8, 8)];
    check(sys_bpf_obj_info_attr_t::LAYOUT, &f, 16, 8, &[("1.5", 16)]);
    let f = [
        ("type", 0, 4),
        ("id", 4, 4),
        ("key_size", 8, 4),
        ("value_size", 12, 4),
        ("max_entries", 16, 4),
        ("map_flags", 20, 4),
        ("name", 24, 16),
    ];
    check(sys_bpf_map_info_t::LAYOUT, &f, 40, 4, &[("0.21", 40)]);
    let f = [
        ("type", 0, 4),
        ("id", 4, 4),
        ("tag", 8, 8),
        ("jited_prog_len", 16, 4),
        ("xlated_prog_len", 20, 4),
        ("jited_prog_insns", 24, 8),
        ("xlated_prog_insns", 32, 8),
        ("load_time", 40, 8),
        ("created_by_uid", 48, 4),
        ("nr_map_ids", 52, 4),
        ("map_ids", 56, 8),
        ("name", 64, 16),
    ];
    check(sys_bpf_prog_info_t::LAYOUT, &f, 80, 8, &[("0.21", 80)]);
    let f = [("type", 0, 4), ("id", 4, 4), ("prog_id", 8, 4)];
    check(sys_bpf_link_info_t::LAYOUT, &f, 12, 4, &[("0.21", 12)]);
    let f = [
        ("map_type", 0, 4),
        ("key_size", 4, 4),
        ("value_size", 8, 4),
        ("max_entries", 12, 4),
        ("map_flags", 16, 4),
        ("inner_map_fd", 20, 4),
        ("numa_node", 24, 4),
        ("map_name", 28, 16),
        ("map_ifindex", 44, 4),
    ];
    check(sys_bpf_map_create_attr_t::LAYOUT, &f, 48, 4, &[("1.5", 48)]);
    let f = [("map_fd", 0, 4), ("_pad0", 4, 4), ("key", 8, 8), ("value", 16, 8), ("flags", 24, 8)];
    check(sys_bpf_map_lookup_attr_t::LAYOUT, &f, 32, 8, &[("1.5", 32)]);
    // prog_load: the offsets §3.4 lists.
    let l = sys_bpf_prog_load_attr_t::LAYOUT;
    let at = |n: &str| l.field(n).unwrap().offset;
    let expect = [
        ("prog_type", 0),
        ("insn_cnt", 4),
        ("insns", 8),
        ("license", 16),
        ("log_level", 24),
        ("log_size", 28),
        ("log_buf", 32),
        ("kern_version", 40),
        ("prog_flags", 44),
        ("prog_name", 48),
        ("prog_ifindex", 64),
        ("expected_attach_type", 68),
        ("prog_btf_fd", 72),
        ("func_info_rec_size", 76),
        ("func_info", 80),
        ("func_info_cnt", 88),
        ("line_info_rec_size", 92),
        ("line_info", 96),
        ("line_info_cnt", 104),
        ("attach_btf_id", 108),
        ("attach_prog_fd", 112),
        ("core_relo_cnt", 116),
        ("fd_array", 120),
        ("core_relos", 128),
        ("core_relo_rec_size", 136),
        ("log_true_size", 140),
    ];
    for (name, off) in expect {
        assert_eq!(at(name), off, "sys_bpf_prog_load_attr_t.{name}");
    }
    assert_eq!(l.size, 144);
}

/// §5: the header and the two header-carrying structs, with the sizes
/// their `size` lists name (`EBPF_SIZE_INCLUDING_FIELD`).
#[test]
fn extension_structs() {
    let f = [("version", 0, 2), ("_pad", 2, 6), ("size", 8, 8), ("total_size", 16, 8)];
    check(ebpf_extension_header_t::LAYOUT, &f, 24, 8, &[("0.15", 16), ("0.17", 24)]);

    let l = ebpf_helper_function_prototype_t::LAYOUT;
    assert_eq!((l.size, l.align), (72, 8));
    let end = |n: &str| l.field(n).unwrap().end();
    // _SIZE_0 through arguments, _SIZE_1 through flags, _SIZE_2 through
    // implicit_context: 64, 65, 66.
    assert_eq!((end("arguments"), end("flags"), end("implicit_context")), (64, 65, 66));
    assert_eq!(l.field("helper_id").unwrap().offset, 24);
    assert_eq!(l.field("name").unwrap().offset, 32);
    assert_eq!(l.field("return_type").unwrap().offset, 40);
    assert_eq!(l.field("arguments").unwrap().offset, 44);
    // One version per size of the list, each the field set of the release
    // that named its last field, in today's layout: C's sizeof of v0.15's
    // fields (through `arguments`) is 64; `flags` and `implicit_context`
    // lie in what was tail padding.
    let versions: Vec<_> = l.versions.iter().map(|v| (v.label, v.size)).collect();
    assert_eq!(versions, [("0.15", 64), ("0.16", 72), ("0.18", 72)]);

    let l = ebpf_program_data_t::LAYOUT;
    assert_eq!((l.size, l.align), (72, 8));
    let at = |n: &str| l.field(n).unwrap().offset;
    assert_eq!(
        [
            at("program_info"),
            at("program_type_specific_helper_function_addresses"),
            at("global_helper_function_addresses"),
            at("context_create"),
            at("context_destroy"),
            at("required_irql"),
            at("capabilities"),
        ],
        [24, 32, 40, 48, 56, 64, 68]
    );
    let versions: Vec<_> = l.versions.iter().map(|v| (v.label, v.size)).collect();
    assert_eq!(versions, [("0.15", 72), ("0.18", 72)]);
    // EBPF_PROGRAM_DATA_SIZE_0 (through required_irql) and _SIZE_1.
    assert_eq!(
        (l.field("required_irql").unwrap().end(), l.field("capabilities").unwrap().end()),
        (65, 72)
    );
}

/// The hypothetical next release only appends: every v1.5.0 field keeps
/// its offset and size.
#[test]
fn next_only_appends() {
    fn prefix(next: &Layout, now: &Layout, next_size: usize) {
        for f in now.fields.iter().filter(|f| f.size > 0) {
            let g = next.field(f.name).unwrap();
            assert_eq!((g.offset, g.size), (f.offset, f.size), "{}.{}", next.name, f.name);
        }
        assert_eq!(next.size, next_size);
        assert_eq!(next.field("next_field").unwrap().offset, now.size);
    }
    prefix(bpf_map_info_next::LAYOUT, bpf_map_info::LAYOUT, 100);
    prefix(bpf_prog_info_next::LAYOUT, bpf_prog_info::LAYOUT, 136);
    prefix(bpf_link_info_next::LAYOUT, bpf_link_info::LAYOUT, 64);
}

/// `since` strings are numbered `X << 16 | Y << 8`.
#[test]
fn release_numbers() {
    assert_eq!(bpf_map_info::LAYOUT.field("id").unwrap().since, release(0, 2));
    assert_eq!(bpf_prog_info::LAYOUT.field("map_ids").unwrap().since, release(0, 5));
    assert_eq!(bpf_link_info::LAYOUT.field("_union_0_3").unwrap().since, release(0, 3));
    assert_eq!(release(0, 21), 0x00_15_00);
    assert_eq!(release(1, 5), 0x01_05_00);
}
