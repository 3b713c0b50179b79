//! Proof of layout against the running kernel: every struct of
//! `extensible_abi_bpf` (and the BTF header) must be byte-identical, in its
//! newest version, to the C type the kernel describes in
//! `/sys/kernel/btf/vmlinux`, read with core's own BTF reader.
//!
//! For each struct: its C container (`c_type` descended along `c_member`)
//! has our size; every C member the kernel has is one of our fields,
//! aliases or bitfields, at the same offset with the same size (bit offset
//! and width for bitfields); and every one of ours is in the kernel.

mod layout_common;

use extensible_abi_bpf::btf::{BtfIndex, Kind, Types};
use extensible_abi_bpf::UapiStruct;
use layout_common::{CNode, RustItem};

const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// The running kernel's BTF, or `None` (saying why) where it cannot be read.
fn kernel_btf() -> Option<Vec<u8>> {
    std::fs::read(VMLINUX).map_err(|e| println!("SKIP: cannot read {VMLINUX}: {e}")).ok()
}

/// What BTF says of a member.
#[derive(Clone, Copy, Debug)]
struct At {
    /// Bits from the start of the `c_type`.
    bit_offset: u64,
    /// Width if a bitfield, else 0.
    bitfield_size: u32,
    /// `sizeof` its type, if it has one.
    size: Option<u64>,
}

/// The member tree of the type `id`, whose first bit is `base` bits into
/// the root.
fn tree(btf: &BtfIndex<'_>, name: String, id: u32, at: At, depth: usize) -> CNode<At> {
    let t = btf.skip_modifiers(id);
    let children = match t {
        Some(t) if t.kind().is_aggregate() && depth < 16 => Some(
            t.members()
                .map(|m| {
                    let at = At {
                        bit_offset: at.bit_offset + u64::from(m.bit_offset),
                        bitfield_size: m.bitfield_size,
                        size: btf.size_of(m.type_id),
                    };
                    tree(btf, btf.btf().name(m.name_off).to_string(), m.type_id, at, depth + 1)
                })
                .collect(),
        ),
        _ => None,
    };
    CNode {
        name,
        bitfield: at.bitfield_size != 0,
        is_union: t.is_some_and(|t| t.kind() == Kind::Union),
        children,
        data: at,
    }
}

/// Every member of a union that our structs describe piecewise (`union
/// bpf_attr`: one struct per command) must be some struct's container:
/// a command the kernel has and we lack fails here.
fn check_unions_covered(btf: &BtfIndex<'_>, all: &[&UapiStruct], failures: &mut Vec<String>) {
    let mut unions: Vec<&str> = all
        .iter()
        .filter(|s| layout_common::split_c_type(s.c_type).is_some_and(|(u, _)| u))
        .map(|s| s.c_type)
        .collect();
    unions.sort_unstable();
    unions.dedup();
    for c_type in unions {
        let Some((_, name)) = layout_common::split_c_type(c_type) else { continue };
        let Some(t) = btf.find_by_name(Kind::Union, name) else { continue };
        let at = At { bit_offset: 0, bitfield_size: 0, size: t.size().map(u64::from) };
        let root = tree(btf, String::new(), t.id(), at, 0);
        let ours: Vec<&UapiStruct> = all.iter().copied().filter(|s| s.c_type == c_type).collect();
        let mut containers = Vec::new();
        for s in &ours {
            let covered = layout_common::covered_elsewhere(s, all);
            if let Some((node, _)) = layout_common::container(s, &root, &covered) {
                containers.push(node as *const CNode<At>);
            }
        }
        for child in root.children.as_deref().unwrap_or_default() {
            let described = containers.contains(&(child as *const CNode<At>))
                || (!child.name.is_empty() && ours.iter().any(|s| s.c_member == child.name));
            if described {
                continue;
            }
            let what = if child.name.is_empty() {
                let first = child
                    .children
                    .as_deref()
                    .and_then(|c| c.first())
                    .map_or("", |m| m.name.as_str());
                format!("an anonymous struct (first member `{first}`)")
            } else {
                format!("member `{}`", child.name)
            };
            failures.push(format!(
                "the kernel's {c_type} has {what}, which none of our structs describes"
            ));
        }
    }
}

/// The BTF size of `union bpf_attr` must be what the attr module says the
/// kernel's is, when the attr module says it.
fn check_attr_size(btf: &BtfIndex<'_>, failures: &mut Vec<String>) {
    /// Stands for `bpf::attr::BPF_ATTR_SIZE` while the attr module has no
    /// such constant: the module's glob import below shadows it once it
    /// does.
    #[allow(dead_code)]
    struct Absent;
    #[allow(dead_code)]
    const BPF_ATTR_SIZE: Absent = Absent;
    trait AsSize {
        fn as_size(&self) -> Option<u64>;
    }
    impl AsSize for Absent {
        fn as_size(&self) -> Option<u64> {
            None
        }
    }
    macro_rules! as_size {
        ($($t:ty),*) => {$(
            impl AsSize for $t {
                fn as_size(&self) -> Option<u64> {
                    u64::try_from(*self).ok()
                }
            }
        )*};
    }
    as_size!(usize, u32, u64);

    let ours = {
        #[allow(unused_imports)]
        use extensible_abi_bpf::attr::*;
        BPF_ATTR_SIZE.as_size()
    };
    let kernel = btf.find_by_name(Kind::Union, "bpf_attr").and_then(|t| t.size());
    match ours {
        None => println!("bpf::attr::BPF_ATTR_SIZE is not defined (yet): not checked"),
        Some(ours) if Some(ours) == kernel.map(u64::from) => {
            println!("bpf::attr::BPF_ATTR_SIZE = {ours} = sizeof(union bpf_attr) in BTF")
        }
        Some(ours) => failures.push(format!(
            "bpf::attr::BPF_ATTR_SIZE is {ours}, but the kernel's union bpf_attr is {kernel:?} bytes"
        )),
    }
}

#[test]
fn every_struct_is_byte_identical_to_the_running_kernel() {
    let Some(data) = kernel_btf() else { return };
    let btf = BtfIndex::parse(&data).expect("the kernel's own BTF must pass our validation");
    println!("{VMLINUX}: {} bytes, {} types", data.len(), btf.btf().nr_types());

    let all = layout_common::structs();
    let mut failures = Vec::new();
    let mut members = 0;
    let mut structs = 0;
    for s in &all {
        let l = s.layout;
        let Some((is_union, name)) = layout_common::split_c_type(s.c_type) else {
            failures
                .push(format!("{}: c_type {:?} is neither a struct nor a union", l.name, s.c_type));
            continue;
        };
        let kind = if is_union { Kind::Union } else { Kind::Struct };
        let Some(root_t) = btf.find_by_name(kind, name) else {
            failures.push(format!("{}: the kernel has no {}", l.name, s.c_type));
            continue;
        };
        let root_at = At { bit_offset: 0, bitfield_size: 0, size: root_t.size().map(u64::from) };
        let root = tree(&btf, String::new(), root_t.id(), root_at, 0);
        let covered = layout_common::covered_elsewhere(s, &all);
        let Some((container, path)) = layout_common::container(s, &root, &covered) else {
            failures.push(format!(
                "{}: the kernel's {} has no member {:?} (or no anonymous struct holding our fields)",
                l.name, s.c_type, s.c_member
            ));
            continue;
        };
        structs += 1;
        let where_ = if s.c_member.is_empty() {
            s.c_type.to_string()
        } else {
            format!("{}.{}", s.c_type, s.c_member)
        };
        if container.data.size != Some(l.size as u64) {
            failures.push(format!(
                "{}: size {} but the kernel's {where_} is {:?} bytes",
                l.name, l.size, container.data.size
            ));
        }
        let base = container.data.bit_offset;
        let m = layout_common::match_members(s, container, &path, &covered);
        println!("{:40} {where_}: {} members, {} bytes", l.name, m.matched.len(), l.size);
        for c in &m.c_only {
            failures
                .push(format!("{}: the kernel's {where_} has member `{c}`, which we lack", l.name));
        }
        for r in &m.rust_only {
            failures.push(format!(
                "{}: our {} `{}` is not a member of the kernel's {where_}",
                l.name,
                r.what(),
                r.name()
            ));
        }
        for a in &m.ambiguous {
            failures.push(format!("{}: `{a}` names more than one member of {where_}", l.name));
        }
        for mm in &m.matched {
            members += 1;
            if let Some(problem) = layout_common::storage_problem(s, mm.item) {
                failures.push(format!("{}.{}: {problem}", l.name, mm.item.name()));
            }
            let at = mm.node.data;
            let rel = at.bit_offset - base;
            let who = format!("{}.{} (C `{}`)", l.name, mm.item.name(), mm.path);
            match mm.item {
                RustItem::Bitfield(b) => {
                    if at.bitfield_size == 0 {
                        failures.push(format!("{who}: we say bitfield, the kernel's is not one"));
                    } else if (u64::from(b.bit_offset), b.bits) != (rel, at.bitfield_size) {
                        failures.push(format!(
                            "{who}: bits {}+{} but the kernel's are {rel}+{}",
                            b.bit_offset, b.bits, at.bitfield_size
                        ));
                    }
                }
                RustItem::Field(_) | RustItem::Alias(_) => {
                    let (off, size) = match mm.item {
                        RustItem::Field(f) => (f.offset, f.size),
                        RustItem::Alias(a) => (a.offset, a.size),
                        RustItem::Bitfield(_) => unreachable!(),
                    };
                    if at.bitfield_size != 0 {
                        failures.push(format!(
                            "{who}: the kernel's is a {}-bit bitfield; describe it in `bitfields`",
                            at.bitfield_size
                        ));
                    } else if rel % 8 != 0 || (rel / 8, at.size) != (off as u64, Some(size as u64))
                    {
                        failures.push(format!(
                            "{who}: offset {off} size {size}, but the kernel's is at bit {rel} with size {:?}",
                            at.size
                        ));
                    }
                }
            }
        }
    }
    check_unions_covered(&btf, &all, &mut failures);
    check_attr_size(&btf, &mut failures);
    layout_common::finish(
        "layout vs BTF",
        &failures,
        &format!("{structs} structs, {members} members checked"),
    );
}

/// Every constant of `extensible_abi_bpf::consts` and every command
/// number that C declares as an enumerator (all of `enum bpf_cmd`,
/// `bpf_map_type`, `bpf_prog_type`, `bpf_attach_type`, `bpf_link_type`,
/// `bpf_stats_type`, `xdp_action`, the registers, the BTF linkages, and
/// the anonymous enums of `BPF_F_*` flags the kernel's BTF keeps) has the
/// running kernel's value; the ones the kernel's BTF does not hold (flags,
/// opcodes and sizes C writes as `#define`) are checked against the header
/// by `layout_header.rs`. Between them every constant the header's
/// release has is checked; the newer `#define`s are listed below, with
/// where they are pinned.
#[test]
fn every_constant_matches_the_running_kernel() {
    let Some(data) = kernel_btf() else { return };
    let btf = BtfIndex::parse(&data).expect("the kernel's own BTF must pass our validation");
    let b = btf.btf();
    let mut kernel = std::collections::HashMap::new();
    for t in b.types() {
        if matches!(t.kind(), Kind::Enum | Kind::Enum64) {
            for v in t.enum_values() {
                kernel.entry(b.name(v.name_off)).or_insert(v.value);
            }
        }
    }
    let all = extensible_abi_bpf::consts::ALL.iter().copied().chain(
        extensible_abi_bpf::attr::COMMANDS.iter().map(|c| (c.name, u64::from(c.cmd), c.since)),
    );
    let (mut checked, mut absent) = (0, Vec::new());
    for (name, ours, _) in all {
        match kernel.get(name) {
            Some(&theirs) => {
                assert_eq!(theirs, ours, "{name}: ours is {ours}, the kernel's {theirs}");
                checked += 1;
            }
            None => absent.push(name),
        }
    }
    println!("{checked} constants match the kernel's BTF; not enumerators there: {absent:?}");
    // Everything added after the installed header (6.1) is an enumerator,
    // so this test is what checks it, except what C writes as a `#define`
    // (or as an anonymous enum the kernel's BTF leaves out). Those are
    // pinned where the runtime's answers depend on them: the differential
    // cases pass them to the live kernel and compare its answers (the tcx
    // and cgroup attach masks, the load flags, the streams), the
    // verifier's opcode table and level-2 logs were measured on 6.18, and
    // `layout_header.rs` checks a newer `#define` where the installed
    // headers have it anyway (Debian's 6.1 headers have
    // BPF_F_TEST_SKB_CHECKSUM_COMPLETE).
    for name in
        ["BPF_TCX_INGRESS", "BPF_NETKIT_PEER", "BPF_F_TOKEN_FD", "BPF_PROG_STREAM_READ_BY_FD"]
    {
        assert!(!absent.contains(&name), "{name} is not in the kernel's BTF");
    }
    let pinned_elsewhere = [
        "BPF_F_BEFORE",
        "BPF_F_AFTER",
        "BPF_F_ID",
        "BPF_F_PREORDER",
        "BPF_F_XDP_DEV_BOUND_ONLY",
        "BPF_F_TEST_REG_INVARIANTS",
        "BPF_F_TEST_SKB_CHECKSUM_COMPLETE",
        "BPF_STREAM_STDOUT",
        "BPF_STREAM_STDERR",
        "BPF_MEMSX",
        "BPF_JCOND",
    ];
    for name in &absent {
        let old = extensible_abi_bpf::consts::ALL.iter().any(|c| c.0 == *name && c.2 <= 0x6_01_00);
        assert!(
            old || pinned_elsewhere.contains(name),
            "{name}: checked by neither the 6.1 header nor the BTF"
        );
    }
}
