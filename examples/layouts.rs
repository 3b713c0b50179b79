//! Prints the layout table of every extensible struct of the eBPF layer
//! (and of the BTF header): each field's offset, size and the kernel
//! release that added it (and, for a field born in former padding, the
//! release its bytes came in), and C's `sizeof` in every release that
//! changed it.
//!
//! ```text
//! cargo run --example layouts            # readable tables
//! cargo run --example layouts -- --json  # the same as JSON
//! ```

use std::fmt::Write as _;

use extensible_abi::{ExtensibleAbi, Layout};
use extensible_abi_bpf::btf::BtfHeader;
use extensible_abi_bpf::UapiStruct;

/// Every struct to print: the eBPF UAPI structs, then the BTF header.
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

/// `KERNEL_VERSION(x, y, z)` as `"x.y"` (or `"x.y.z"`).
fn release(v: u32) -> String {
    let (x, y, z) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if z == 0 {
        format!("{x}.{y}")
    } else {
        format!("{x}.{y}.{z}")
    }
}

/// The label of the version numbered `since` (as the source wrote it).
fn since_label(l: &Layout, since: u32) -> String {
    l.version(since).map_or_else(|| release(since), |v| v.label.to_string())
}

/// Where the struct sits in C: `struct bpf_link_info.perf_event.kprobe`.
fn c_place(s: &UapiStruct) -> String {
    if s.c_member.is_empty() {
        s.c_type.to_string()
    } else {
        format!("{}.{}", s.c_type, s.c_member)
    }
}

/// The readable tables.
pub fn render_table(structs: &[&UapiStruct]) -> String {
    let mut out = String::new();
    for s in structs {
        let l = s.layout;
        let _ = writeln!(out, "{}  ({}): {} bytes, align {}", l.name, c_place(s), l.size, l.align);
        let _ = writeln!(out, "  {:>6}  {:>5}  {:<7}  field", "offset", "size", "since");
        for f in l.fields {
            let born = if f.bytes_since == f.since {
                String::new()
            } else {
                format!(" (in padding since {})", since_label(l, f.bytes_since))
            };
            let _ = writeln!(
                out,
                "  {:>6}  {:>5}  {:<7}  {}{born}",
                f.offset,
                f.size,
                since_label(l, f.since),
                f.name
            );
        }
        for b in s.bitfields {
            let _ = writeln!(
                out,
                "  bitfield {}: bits {}..{} (in `{}`), since {}",
                b.name,
                b.bit_offset,
                b.bit_offset + b.bits,
                b.storage,
                release(b.since)
            );
        }
        for a in s.aliases {
            let _ = writeln!(
                out,
                "  alias {}: offset {}, size {} (in `{}`), since {}",
                a.name,
                a.offset,
                a.size,
                a.storage,
                release(a.since)
            );
        }
        let sizes: Vec<String> =
            l.versions.iter().map(|v| format!("{}: {}", v.label, v.size)).collect();
        let _ = writeln!(out, "  size by release: {}\n", sizes.join(", "));
    }
    out
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The tables as JSON: an array with one object per struct.
pub fn render_json(structs: &[&UapiStruct]) -> String {
    let objects: Vec<String> = structs
        .iter()
        .map(|s| {
            let l = s.layout;
            let fields: Vec<String> = l
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{{\"name\": {}, \"offset\": {}, \"size\": {}, \"since\": {}, \"bytes_since\": {}}}",
                        json_str(f.name),
                        f.offset,
                        f.size,
                        json_str(&since_label(l, f.since)),
                        json_str(&since_label(l, f.bytes_since))
                    )
                })
                .collect();
            let bitfields: Vec<String> = s
                .bitfields
                .iter()
                .map(|b| {
                    format!(
                        "{{\"name\": {}, \"storage\": {}, \"bit_offset\": {}, \"bits\": {}, \"since\": {}}}",
                        json_str(b.name),
                        json_str(b.storage),
                        b.bit_offset,
                        b.bits,
                        json_str(&release(b.since))
                    )
                })
                .collect();
            let aliases: Vec<String> = s
                .aliases
                .iter()
                .map(|a| {
                    format!(
                        "{{\"name\": {}, \"storage\": {}, \"offset\": {}, \"size\": {}, \"since\": {}}}",
                        json_str(a.name),
                        json_str(a.storage),
                        a.offset,
                        a.size,
                        json_str(&release(a.since))
                    )
                })
                .collect();
            let versions: Vec<String> = l
                .versions
                .iter()
                .map(|v| {
                    format!("{{\"number\": {}, \"size\": {}, \"release\": {}}}", v.number, v.size, json_str(v.label))
                })
                .collect();
            format!(
                "  {{\n    \"name\": {},\n    \"size\": {},\n    \"align\": {},\n    \"c_type\": {},\n    \
                 \"c_member\": {},\n    \"fields\": [\n      {}\n    ],\n    \"bitfields\": [{}],\n    \
                 \"aliases\": [{}],\n    \"versions\": [{}]\n  }}",
                json_str(l.name),
                l.size,
                l.align,
                json_str(s.c_type),
                json_str(s.c_member),
                fields.join(",\n      "),
                bitfields.join(", "),
                aliases.join(", "),
                versions.join(", ")
            )
        })
        .collect();
    format!("[\n{}\n]\n", objects.join(",\n"))
}

#[allow(dead_code)] // Not called when the JSON test includes this file.
fn main() {
    let structs = structs();
    match std::env::args().nth(1).as_deref() {
        None => print!("{}", render_table(&structs)),
        Some("--json") => print!("{}", render_json(&structs)),
        Some(other) => {
            eprintln!("unknown argument {other:?}; usage: cargo run --example layouts [-- --json]");
            std::process::exit(2);
        }
    }
}
