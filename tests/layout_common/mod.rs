//! Shared by the layout proofs (`layout_header.rs`, `layout_btf.rs`): the C
//! side of a UAPI struct as a tree of members, and the matching of its
//! members to the Rust fields, aliases and bitfields of our struct.
//!
//! Both proofs build the same tree, from different sources (the text of
//! `<linux/bpf.h>`, the kernel's BTF), and match it with the same rules:
//!
//! - the struct's container is `c_type`, descended along `c_member`
//!   (through anonymous members, as C names them); when `c_member` is empty
//!   and `c_type` is a union (`union bpf_attr`), the container is the
//!   anonymous struct of the union that holds the Rust fields;
//! - walking the container, a named C member whose name is a Rust item's is
//!   matched (and not descended into); any other member of struct or union
//!   type is descended into, named or not; a named member of any other type
//!   is one the kernel has and we lack;
//! - a member no Rust item names whose path from `c_type` is the
//!   `c_member` of another of our structs with the same `c_type` is proved
//!   by that struct, and skipped.

#![allow(dead_code)] // Each proof uses its own part.

use extensible_abi::{ExtensibleAbi, FieldInfo};
use extensible_abi_bpf::btf::BtfHeader;
use extensible_abi_bpf::{Alias, Bitfield, UapiStruct};

/// Every struct to prove: the eBPF structs, and the BTF header, which is
/// extensible too.
pub fn structs() -> Vec<&'static UapiStruct> {
    static BTF_HEADER: UapiStruct = UapiStruct {
        layout: BtfHeader::LAYOUT,
        c_type: "struct btf_header",
        c_member: "",
        bitfields: &[],
        aliases: &[],
    };
    extensible_abi_bpf::all().chain(std::iter::once(&BTF_HEADER)).collect()
}

/// A C member (or, at the root, the C type itself).
#[derive(Clone, Debug)]
pub struct CNode<T> {
    /// Its name; empty for an anonymous member.
    pub name: String,
    /// Whether it is a bitfield.
    pub bitfield: bool,
    /// Whether its type is a union (meaningful when `children` is set).
    pub is_union: bool,
    /// Its members, when its type is a struct or union (not an array).
    pub children: Option<Vec<CNode<T>>>,
    /// What the source knows of it (offsets, sizes).
    pub data: T,
}

/// A C-visible item of our struct.
#[derive(Clone, Copy, Debug)]
pub enum RustItem {
    /// A field not starting with `_`.
    Field(&'static FieldInfo),
    /// A union alias.
    Alias(&'static Alias),
    /// A C bitfield.
    Bitfield(&'static Bitfield),
}

impl RustItem {
    /// The C member name.
    pub fn name(&self) -> &'static str {
        match self {
            RustItem::Field(f) => f.name,
            RustItem::Alias(a) => a.name,
            RustItem::Bitfield(b) => b.name,
        }
    }

    /// The version (kernel release) that added it.
    pub fn since(&self) -> u32 {
        match self {
            RustItem::Field(f) => f.since,
            RustItem::Alias(a) => a.since,
            RustItem::Bitfield(b) => b.since,
        }
    }

    /// What it is, for messages.
    pub fn what(&self) -> &'static str {
        match self {
            RustItem::Field(_) => "field",
            RustItem::Alias(_) => "alias",
            RustItem::Bitfield(_) => "bitfield",
        }
    }
}

/// Every C-visible item of `s`.
pub fn rust_items(s: &UapiStruct) -> Vec<RustItem> {
    let fields = s.layout.fields.iter().filter(|f| !f.name.starts_with('_')).map(RustItem::Field);
    let aliases = s.aliases.iter().map(RustItem::Alias);
    let bitfields = s.bitfields.iter().map(RustItem::Bitfield);
    fields.chain(aliases).chain(bitfields).collect()
}

/// A Rust item and the C member it names.
#[derive(Debug)]
pub struct Matched<'n, T> {
    pub item: RustItem,
    /// The member's designator relative to the container: named
    /// components joined by `.` (anonymous ones are transparent in C).
    pub path: String,
    pub node: &'n CNode<T>,
}

/// The outcome of matching one struct.
#[derive(Debug)]
pub struct Matching<'n, T> {
    pub matched: Vec<Matched<'n, T>>,
    /// C members (designators) no Rust item names.
    pub c_only: Vec<String>,
    /// Rust items no C member has.
    pub rust_only: Vec<RustItem>,
    /// Rust item names matched by more than one C member.
    pub ambiguous: Vec<&'static str>,
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}.{b}"),
    }
}

/// The `c_member`s of the other structs in `all` with `s`'s `c_type`:
/// the members proved elsewhere.
pub fn covered_elsewhere(s: &UapiStruct, all: &[&UapiStruct]) -> Vec<&'static str> {
    all.iter()
        .filter(|o| o.c_type == s.c_type && o.c_member != s.c_member && !o.c_member.is_empty())
        .map(|o| o.c_member)
        .collect()
}

/// Matches the members of `container` (whose designator from `c_type` is
/// `container_path`) to the items of `s`.
pub fn match_members<'n, T>(
    s: &UapiStruct,
    container: &'n CNode<T>,
    container_path: &str,
    covered: &[&str],
) -> Matching<'n, T> {
    let items = rust_items(s);
    let mut out = Matching {
        matched: Vec::new(),
        c_only: Vec::new(),
        rust_only: Vec::new(),
        ambiguous: Vec::new(),
    };
    fn walk<'n, T>(
        nodes: &'n [CNode<T>],
        prefix: &str,
        container_path: &str,
        covered: &[&str],
        items: &[RustItem],
        out: &mut Matching<'n, T>,
    ) {
        for n in nodes {
            let path = join(prefix, &n.name);
            if let Some(item) = items.iter().find(|i| !n.name.is_empty() && i.name() == n.name) {
                out.matched.push(Matched { item: *item, path, node: n });
            } else if !n.name.is_empty() && covered.contains(&join(container_path, &path).as_str())
            {
                // Proved by the struct whose `c_member` it is.
            } else if let Some(children) = &n.children {
                walk(children, &path, container_path, covered, items, out);
            } else if !n.name.is_empty() {
                out.c_only.push(path);
            }
        }
    }
    if let Some(children) = &container.children {
        walk(children, "", container_path, covered, &items, &mut out);
    }
    for item in &items {
        match out.matched.iter().filter(|m| m.item.name() == item.name()).count() {
            0 => out.rust_only.push(*item),
            1 => {}
            _ => out.ambiguous.push(item.name()),
        }
    }
    out
}

/// The named member `name` among `nodes`, looking through anonymous
/// struct and union members as C does.
pub fn find_named<'n, T>(nodes: &'n [CNode<T>], name: &str) -> Option<&'n CNode<T>> {
    if let Some(n) = nodes.iter().find(|n| n.name == name) {
        return Some(n);
    }
    nodes
        .iter()
        .filter(|n| n.name.is_empty())
        .filter_map(|n| n.children.as_deref())
        .find_map(|c| find_named(c, name))
}

/// The container of `s` in the tree of its `c_type` (`root`), and its
/// designator from `c_type` (empty for the root or an anonymous struct).
pub fn container<'n, T>(
    s: &UapiStruct,
    root: &'n CNode<T>,
    covered: &[&str],
) -> Option<(&'n CNode<T>, String)> {
    if !s.c_member.is_empty() {
        let mut node = root;
        for part in s.c_member.split('.') {
            node = find_named(node.children.as_deref()?, part)?;
        }
        node.children.as_ref()?;
        return Some((node, s.c_member.to_string()));
    }
    if !root.is_union {
        return Some((root, String::new()));
    }
    // An anonymous struct of a union: the one that holds the most of our
    // items, then the one with the fewest members we lack.
    root.children
        .as_deref()?
        .iter()
        .filter(|n| n.name.is_empty() && n.children.is_some())
        .map(|n| {
            let m = match_members(s, n, "", covered);
            (n, m.matched.len(), m.c_only.len())
        })
        .filter(|&(_, found, _)| found > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(n, _, _)| (n, String::new()))
}

/// `KERNEL_VERSION(x, y, z)` as `"x.y"` (`"x.y.z"` when z is set).
pub fn release(v: u32) -> String {
    let (x, y, z) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if z == 0 {
        format!("{x}.{y}")
    } else {
        format!("{x}.{y}.{z}")
    }
}

/// Splits `"struct bpf_map_info"` into `(false, "bpf_map_info")`, `"union
/// bpf_attr"` into `(true, "bpf_attr")`.
pub fn split_c_type(c_type: &str) -> Option<(bool, &str)> {
    if let Some(name) = c_type.strip_prefix("struct ") {
        Some((false, name.trim()))
    } else {
        c_type.strip_prefix("union ").map(|name| (true, name.trim()))
    }
}

/// Prints what was checked and the failures, and panics if there are any.
pub fn finish(what: &str, failures: &[String], checked: &str) {
    println!("{what}: {checked}");
    if !failures.is_empty() {
        for f in failures {
            println!("MISMATCH: {f}");
        }
        panic!("{what}: {} mismatches:\n{}", failures.len(), failures.join("\n"));
    }
}

/// What is wrong with the storage an alias or bitfield names, if anything:
/// it must be the field where the item starts, a bitfield must
/// end inside it, an alias inside the struct (a member of a union that grew
/// spans the storage fields after its first).
pub fn storage_problem(s: &UapiStruct, item: RustItem) -> Option<String> {
    let l = s.layout;
    let (storage, start, end) = match item {
        RustItem::Field(_) => return None,
        RustItem::Alias(a) => (a.storage, a.offset as u64 * 8, (a.offset + a.size) as u64 * 8),
        RustItem::Bitfield(b) => {
            (b.storage, u64::from(b.bit_offset), u64::from(b.bit_offset + b.bits))
        }
    };
    let Some(st) = l.field(storage) else {
        return Some(format!("its storage field `{storage}` does not exist"));
    };
    if start < st.offset as u64 * 8 || start >= st.end() as u64 * 8 {
        return Some(format!("it does not start inside its storage field `{storage}`"));
    }
    if end > l.size as u64 * 8 {
        return Some(format!("it ends past the end of the struct ({} bytes)", l.size));
    }
    if let RustItem::Bitfield(_) = item {
        if end > st.end() as u64 * 8 {
            return Some(format!("its bits end past its storage field `{storage}`"));
        }
    }
    None
}
