//! The C headers `extensible_abi::c_header` generates from the layout
//! tables (`cargo run --example c_header -- SET`), compiled by the system's
//! C compiler:
//!
//! - every set's header alone, as strict C11: its own static assertions
//!   prove that C lays each struct out as the table says (every offset,
//!   `sizeof`, `_Alignof`, every version's size);
//! - the Linux info structs' header in one translation unit with
//!   `<linux/bpf.h>`: every member the installed header has agrees with
//!   ours, member by member (see [`the_linux_info_header_agrees_with_linux_bpf_h`]);
//! - eBPF-for-Windows' structs against the facts (`tests/c_header/win_facts.c`).
//!
//! Each comparison is also run once on a header with two members swapped,
//! and must then fail: the assertions are live.
//!
//! Without a working `cc`, each test prints why and passes.

mod layout_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use extensible_abi::Layout;
use extensible_abi_bpf::UapiStruct;
use layout_common::RustItem;
use support::header_sets::{self, HeaderSet, PREFIX};

fn have_cc() -> bool {
    Command::new("cc").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// A directory of this test's own (the tests of this file run at once).
fn work_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("c_header.{}.{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Runs `cc` with `args` in `dir`: `Err(its output)` when it fails.
fn cc(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("cc").current_dir(dir).args(args).output().expect("run cc");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cc {}:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Runs a program built in `dir`: its output, or a panic with it.
fn run(dir: &Path, exe: &str) -> String {
    let out = Command::new(dir.join(exe)).output().expect("run the C program");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{exe} failed:\n{text}{}", String::from_utf8_lossy(&out.stderr));
    text
}

/// The set's header, as the command prints it.
fn header(set: &HeaderSet) -> String {
    let mut out = String::new();
    set.header().write(&mut out).unwrap_or_else(|e| panic!("{}: {e}", set.name));
    out
}

/// `<PREFIX><NAME>_SIZE_VER<k>`, the macro of version `k` of `l`.
fn size_macro(l: &Layout, k: usize) -> String {
    format!("{PREFIX}{}_SIZE_VER{k}", l.name).to_uppercase()
}

/// The index of `l`'s version as of release `r`: the newest numbered `<= r`.
fn version_at(l: &Layout, r: u32) -> Option<usize> {
    l.versions.iter().rposition(|v| v.number <= r)
}

/// `header` with two members of one struct swapped (same type, so the
/// struct's size is unchanged) and its own assertions of them dropped:
/// only a comparison with another declaration can then notice.
fn swap_members(header: &str, ty: &str, strukt: &str, a: &str, b: &str) -> String {
    let (da, db) = (format!("\t{ty} {a};"), format!("\t{ty} {b};"));
    assert!(header.contains(&da) && header.contains(&db), "no {ty} {a} and {b} to swap");
    let own = |m: &str| format!("_Static_assert(offsetof(struct {PREFIX}{strukt}, {m}) ==");
    header
        .replace(&da, "\u{0}")
        .replace(&db, &da)
        .replace('\u{0}', &db)
        .lines()
        .filter(|l| !l.starts_with(&own(a)) && !l.starts_with(&own(b)))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Each set's header alone is strict C11 (`-pedantic-errors`: no
/// extension, so no zero-length array but a flexible array member), can
/// be included twice, and its static assertions hold; a header whose
/// struct disagrees with its own assertions does not compile.
#[test]
fn every_set_compiles_as_strict_c11() {
    if !have_cc() {
        println!("SKIP: no working `cc` on this system");
        return;
    }
    let dir = work_dir("strict");
    let strict = ["-std=c11", "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"];
    for set in header_sets::sets() {
        let h = format!("extabi_{}.h", set.name.replace('-', "_"));
        std::fs::write(dir.join(&h), header(&set)).unwrap();
        let src = format!("{}.c", set.name);
        std::fs::write(dir.join(&src), format!("#include \"{h}\"\n#include \"{h}\"\n")).unwrap();
        cc(&dir, &[&strict[..], &[src.as_str()]].concat()).unwrap_or_else(|e| panic!("{e}"));
        let asserts = header(&set).matches("_Static_assert(").count();
        println!("{:<11} {} structs, {asserts} assertions hold", set.name, set.layouts.len());
    }
    // The header's own assertions are live: swap two members, and it no
    // longer compiles.
    let set = header_sets::set("linux-info").unwrap();
    let text = header(&set).replace("\tuint32_t key_size;", "\tuint32_t key_size_;");
    let text = text.replace("\tuint32_t value_size;", "\tuint32_t key_size;");
    let text = text.replace("\tuint32_t key_size_;", "\tuint32_t value_size;");
    std::fs::write(dir.join("swapped.h"), text).unwrap();
    std::fs::write(dir.join("swapped.c"), "#include \"swapped.h\"\n").unwrap();
    let err = cc(&dir, &[&strict[..], &["swapped.c"]].concat()).unwrap_err();
    assert!(err.contains("extabi_bpf_map_info.key_size is at 8"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The release `<linux/version.h>` describes, as `KERNEL_VERSION(x, y, 0)`.
fn header_release(dir: &Path) -> u32 {
    std::fs::write(dir.join("version.c"), "#include <linux/version.h>\n").unwrap();
    let out = Command::new("cc")
        .current_dir(dir)
        .args(["-E", "-dM", "version.c"])
        .output()
        .expect("run cc -E");
    let text = String::from_utf8_lossy(&out.stdout);
    let code = text
        .lines()
        .find_map(|l| l.strip_prefix("#define LINUX_VERSION_CODE "))
        .and_then(|v| v.trim().parse::<u32>().ok())
        .expect("LINUX_VERSION_CODE in <linux/version.h>");
    code & !0xff
}

/// What the comparison with `<linux/bpf.h>` checks, as C source, and what
/// it skipped.
#[derive(Default)]
struct Comparison {
    /// `_Static_assert`s, one a line.
    asserts: String,
    /// Statements of `main` that check bitfields at run time.
    runtime: String,
    /// Structs whose size was compared.
    structs: Vec<&'static str>,
    members: usize,
    bitfields: usize,
    /// Structs and members newer than the header's release.
    newer: Vec<String>,
}

fn compare_with_uapi(r: u32) -> Comparison {
    let all: Vec<&UapiStruct> = extensible_abi_bpf::info::ALL.iter().collect();
    let rel = layout_common::release(r);
    let mut out = Comparison::default();
    // The size macro, as of R, of the set's struct called `name`.
    let size_at = |name: &str| {
        let o = all.iter().find(|o| o.layout.name == name)?;
        version_at(o.layout, r).map(|k| size_macro(o.layout, k))
    };
    for s in &all {
        let l = s.layout;
        let Some(k) = version_at(l, r) else {
            out.newer.push(format!("struct {} (since {})", l.name, l.oldest().label));
            continue;
        };
        let (c, d) = (s.c_type, s.c_member);
        let ours = format!("struct {PREFIX}{}", l.name);
        let member = |m: &str| if d.is_empty() { m.to_string() } else { format!("{d}.{m}") };
        let c_off = |m: &str| {
            if d.is_empty() {
                format!("offsetof({c}, {m})")
            } else {
                format!("(offsetof({c}, {d}.{m}) - offsetof({c}, {d}))")
            }
        };
        let c_size = |m: &str| format!("sizeof((({c} *)0)->{})", member(m));
        let where_ = if d.is_empty() { c.to_string() } else { format!("{c}.{d}") };
        let mut assert = |cond: String, what: String| {
            out.asserts += &format!("_Static_assert({cond}, \"{what}\");\n");
        };
        let container =
            if d.is_empty() { format!("sizeof({c})") } else { format!("sizeof((({c} *)0)->{d})") };
        assert(
            format!("{container} == {}", size_macro(l, k)),
            format!(
                "{where_}: sizeof in <linux/bpf.h> ({rel}) is not {}'s as of {}",
                l.name, l.versions[k].label
            ),
        );
        out.structs.push(l.name);
        for item in layout_common::rust_items(s) {
            let name = item.name();
            if item.since() > r {
                out.newer.push(format!(
                    "{where_}.{name} (since {})",
                    layout_common::release(item.since())
                ));
                continue;
            }
            match item {
                RustItem::Field(f) => {
                    assert(
                        format!("{} == offsetof({ours}, {name})", c_off(name)),
                        format!("{where_}.{name}: offset differs from <linux/bpf.h>"),
                    );
                    // A struct of the set may have grown since R.
                    let nested = size_at(f.ty.rsplit("::").next().unwrap_or(f.ty));
                    let size = nested.unwrap_or_else(|| format!("sizeof((({ours} *)0)->{name})"));
                    assert(
                        format!("{} == {size}", c_size(name)),
                        format!("{where_}.{name}: size differs from <linux/bpf.h>"),
                    );
                    out.members += 1;
                }
                RustItem::Alias(a) => {
                    // A C member with no field of ours: the bytes of its
                    // storage field, from where the member starts.
                    let st = l.field(a.storage).expect("the alias's storage field");
                    assert(
                        format!(
                            "{} == offsetof({ours}, {}) + {}",
                            c_off(name),
                            a.storage,
                            a.offset - st.offset
                        ),
                        format!(
                            "{where_}.{name} (in our {}): offset differs from <linux/bpf.h>",
                            a.storage
                        ),
                    );
                    // A union member that is a struct of the set (`xdp`):
                    // its size as of R.
                    let nested = all
                        .iter()
                        .find(|o| o.c_type == c && o.c_member == member(name))
                        .and_then(|o| size_at(o.layout.name));
                    let size = nested.unwrap_or_else(|| a.size.to_string());
                    assert(
                        format!("{} == {size}", c_size(name)),
                        format!("{where_}.{name}: size differs from <linux/bpf.h>"),
                    );
                    out.members += 1;
                }
                RustItem::Bitfield(b) => {
                    // C has no offsetof of a bitfield: its bits lie in our
                    // storage field (as C lays our header out) ...
                    let st = format!("offsetof({ours}, {})", b.storage);
                    assert(
                        format!(
                            "{0} >= {st} * 8 && {0} + {1} <= ({st} + sizeof((({ours} *)0)->{2})) * 8",
                            b.bit_offset, b.bits, b.storage
                        ),
                        format!("{where_}.{name}: its bits are not in our {}", b.storage),
                    );
                    // ... and are those C sets, found at run time by
                    // setting the bitfield (bits in memory order: little-
                    // endian only).
                    if cfg!(target_endian = "little") {
                        let base = if d.is_empty() {
                            "0".to_string()
                        } else {
                            format!("offsetof({c}, {d}) * 8")
                        };
                        out.runtime += &format!(
                            "\t{{\n\t\t{c} v;\n\t\tmemset(&v, 0, sizeof v);\n\t\tv.{m} = ~v.{m};\n\
                             \t\tbad |= check_bits(\"{where_}.{name}\", (const unsigned char *)&v, sizeof v, \
                             (long)({base}) + {}, {});\n\t}}\n",
                            b.bit_offset,
                            b.bits,
                            m = member(name),
                        );
                    }
                    out.bitfields += 1;
                }
            }
        }
    }
    out
}

const CHECK_BITS: &str = r#"
/* Whether exactly bits first..first+count of p[0..n] are set. */
static int check_bits(const char *what, const unsigned char *p, size_t n, long first, long count)
{
	long lo = -1, hi = -1, set = 0;
	for (size_t i = 0; i < n * 8; i++) {
		if (p[i / 8] >> (i % 8) & 1) {
			if (lo < 0)
				lo = (long)i;
			hi = (long)i;
			set++;
		}
	}
	if (lo != first || set != count || hi - lo + 1 != count) {
		printf("MISMATCH %s: <linux/bpf.h> sets %ld bits from bit %ld, ours %ld from %ld\n",
		       what, set, lo, count, first);
		return 1;
	}
	printf("bitfield %s: bits %ld..%ld agree\n", what, first, first + count);
	return 0;
}
"#;

/// The header generated for the Linux info structs (`extensible_abi_bpf::
/// info::ALL`: the four info structs and the members of `bpf_link_info`'s
/// union) and `<linux/bpf.h>`, in one translation unit.
///
/// With R the release the installed header describes (its
/// `LINUX_VERSION_CODE`, as `tests/layout_header.rs` takes it): for every
/// struct whose oldest version is at most R, C's `sizeof` of the header's
/// struct (or union member) is our `<NAME>_SIZE_VER<k>` for the newest
/// version at most R; for every C member of ours added by R (fields not
/// starting with `_`, aliases, bitfields; newer ones are skipped and
/// listed), `offsetof` and `sizeof` agree:
///
/// - a field, with the same name in both;
/// - an alias (a union member, or a member C named in former padding), at
///   its offset in our storage field (`_btf_vmlinux_value_type_id`), and
///   for a union member that is itself one of our structs (`xdp`), that
///   struct's size as of R;
/// - a bitfield, which `offsetof` cannot take: its bits lie in our storage
///   field (a static assertion), and setting it in C's struct sets exactly
///   the bits our table says (at run time).
///
/// Not compared here: C members we lack (we cannot name them; a size
/// catches one at the end, and `tests/layout_header.rs` parses the header
/// for the rest), and C's unnamed padding (`__u32 :32`), which has no
/// name; ours is named, and its neighbours' offsets and the size pin it.
#[test]
fn the_linux_info_header_agrees_with_linux_bpf_h() {
    if !have_cc() {
        println!("SKIP: no working `cc` on this system");
        return;
    }
    if !Path::new("/usr/include/linux/bpf.h").exists() {
        println!("SKIP: /usr/include/linux/bpf.h is not installed (linux-libc-dev)");
        return;
    }
    let dir = work_dir("linux");
    let r = header_release(&dir);
    let rel = layout_common::release(r);
    let set = header_sets::set("linux-info").unwrap();
    let cmp = compare_with_uapi(r);
    let program = |h: &str| {
        format!(
            "#include <linux/bpf.h>\n#include <stddef.h>\n#include <stdio.h>\n#include <string.h>\n\
             #include \"{h}\"\n\n{}{CHECK_BITS}\nint main(void)\n{{\n\tint bad = 0;\n{}\treturn bad;\n}}\n",
            cmp.asserts, cmp.runtime
        )
    };
    let flags = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o"];
    std::fs::write(dir.join("extabi_linux_info.h"), header(&set)).unwrap();
    std::fs::write(dir.join("compare.c"), program("extabi_linux_info.h")).unwrap();
    cc(&dir, &[&flags[..], &["compare", "compare.c"]].concat()).unwrap_or_else(|e| panic!("{e}"));
    print!("{}", run(&dir, "compare"));
    println!(
        "<linux/bpf.h> ({rel}) and the generated header agree: {} structs' sizes, {} members' \
         offsets and sizes, {} bitfields",
        cmp.structs.len(),
        cmp.members,
        cmp.bitfields
    );
    println!("newer than {rel}, not compared: {}", cmp.newer.join(", "));
    for top in ["bpf_prog_info", "bpf_map_info", "bpf_btf_info", "bpf_link_info"] {
        assert!(cmp.structs.contains(&top), "{top} was not compared");
    }
    assert!(cmp.members > 50 && cmp.bitfields >= 1, "too little compared");

    // Live: with two of our members swapped (and their own assertions
    // dropped), the comparison fails.
    let swapped = swap_members(&header(&set), "uint32_t", "bpf_map_info", "key_size", "value_size");
    std::fs::write(dir.join("swapped.h"), swapped).unwrap();
    std::fs::write(dir.join("swapped.c"), program("swapped.h")).unwrap();
    let err = cc(&dir, &[&flags[..], &["swapped", "swapped.c"]].concat()).unwrap_err();
    assert!(
        err.contains("struct bpf_map_info.key_size: offset differs from <linux/bpf.h>"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// eBPF-for-Windows' structs (issue 15): `tests/c_header/win_facts.c`
/// declares them as its headers do (typed in from the facts), and checks
/// member by member, and against the facts' offsets and sizes, the header
/// generated from our tables (`bpf_map_info` 96 bytes with `map_flags` at
/// 84, `bpf_prog_info` 128 with `map_ids` at 16, `bpf_link_info` 56 and
/// aligned to 8, …), as strict C11.
#[test]
fn windows_structs_agree_with_the_facts() {
    if !have_cc() {
        println!("SKIP: no working `cc` on this system");
        return;
    }
    let dir = work_dir("windows");
    let set = header_sets::set("windows").unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_header/win_facts.c");
    let src = src.to_str().unwrap();
    let flags = ["-std=c11", "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-I."];
    std::fs::write(dir.join("extabi_windows.h"), header(&set)).unwrap();
    cc(&dir, &[&flags[..], &["-o", "win_facts", src]].concat()).unwrap_or_else(|e| panic!("{e}"));
    print!("{}", run(&dir, "win_facts"));

    // Live: swap two of our members, drop their own assertions, and the
    // facts' program no longer compiles.
    let swapped = swap_members(&header(&set), "uint32_t", "bpf_map_info", "key_size", "value_size");
    std::fs::write(dir.join("extabi_windows.h"), swapped).unwrap();
    let err = cc(&dir, &[&flags[..], &["-o", "win_facts", src]].concat()).unwrap_err();
    assert!(err.contains("bpf_map_info.key_size is not where eBPF-for-Windows has"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
