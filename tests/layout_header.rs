//! Proof of layout against the installed UAPI header: every struct of
//! `extensible_abi_bpf` (and the BTF header) must agree with
//! `<linux/bpf.h>` (`<linux/btf.h>`) as the system C compiler lays it out,
//! for the release the header is from.
//!
//! The header is older than the kernel we describe, so the proof asks the
//! compiler only about members the header has. It runs in two passes and
//! one compile:
//!
//! 1. `cc -E` preprocesses the headers and a small parser reads the member
//!    tree of every struct and union they define;
//! 2. each of our structs is matched against its C container (the rules of
//!    `layout_common`), and one C program prints `offsetof`, `sizeof` and
//!    `_Alignof` of every matched member (bit position and width for
//!    bitfields, found by setting the bitfield and scanning the bytes) and
//!    the header's `LINUX_VERSION_CODE`.
//!
//! Then, with R the header's release: every member the header has is one of
//! ours, at the same offset with the same size, added (`since`) no later
//! than R; every one of ours added by R is in the header; and our size at R
//! (`version_size(fields, R)`) is the header's `sizeof`. A field of ours born
//! in former padding whose bytes came by R (`bytes_since`) but whose name
//! came later (`since`, as `bpf_map_info.btf_vmlinux_id` after 6.1) must be
//! padding in the header: inside its `sizeof`, and no member of the header
//! on its bytes.

mod layout_common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use extensible_abi_bpf::UapiStruct;
use layout_common::{CNode, Matching, RustItem};

const HEADERS: &[&str] = &["/usr/include/linux/bpf.h", "/usr/include/linux/btf.h"];

// ---------------------------------------------------------------------------
// Pass 1: the member trees of the header's structs and unions.

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    /// Numbers and string or character literals: never names.
    Other,
}

fn tokenize(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == '#' {
            // A line marker or leftover directive: skip the line.
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(src[start..i].to_string()));
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Other);
        } else if c == '"' || c == '\'' {
            i += 1;
            while i < b.len() && b[i] as char != c {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(Tok::Other);
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

const C_KEYWORDS: &[&str] = &[
    "unsigned",
    "signed",
    "int",
    "char",
    "short",
    "long",
    "float",
    "double",
    "void",
    "_Bool",
    "const",
    "volatile",
    "struct",
    "union",
    "enum",
    "__extension__",
    "__signed__",
];

/// A member as parsed: aggregate members keep their tag (resolved later)
/// or their inline body.
#[derive(Clone, Debug)]
struct Parsed {
    name: String,
    bitfield: bool,
    /// `Some((is_union, body))` for an inline struct or union.
    body: Option<(bool, Vec<Parsed>)>,
    /// `Some((is_union, tag))` for `struct tag name;`.
    tag: Option<(bool, String)>,
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Every tagged struct and union definition: (is_union, tag) -> body.
    defs: HashMap<(bool, String), Vec<Parsed>>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(i)) if i == s)
    }

    /// Skips a balanced group starting at the current opening token.
    fn skip_group(&mut self) {
        let (open, close) = match self.peek() {
            Some(Tok::Punct('(')) => ('(', ')'),
            Some(Tok::Punct('[')) => ('[', ']'),
            Some(Tok::Punct('{')) => ('{', '}'),
            _ => return,
        };
        let mut depth = 0;
        while let Some(t) = self.peek().cloned() {
            self.pos += 1;
            if t == Tok::Punct(open) {
                depth += 1;
            } else if t == Tok::Punct(close) {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }

    fn skip_attributes(&mut self) {
        while self.is_ident("__attribute__") || self.is_ident("__attribute") {
            self.pos += 1;
            self.skip_group();
        }
    }

    /// The whole file: records every tagged struct and union definition.
    fn file(&mut self) {
        while let Some(t) = self.peek().cloned() {
            match t {
                Tok::Ident(k) if k == "struct" || k == "union" => {
                    self.pos += 1;
                    self.aggregate(k == "union");
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After `struct`/`union`: an optional tag and an optional body.
    /// Returns the inline body or the tag.
    #[allow(clippy::type_complexity)]
    fn aggregate(
        &mut self,
        is_union: bool,
    ) -> (Option<(bool, Vec<Parsed>)>, Option<(bool, String)>) {
        self.skip_attributes();
        let tag = match self.peek() {
            Some(Tok::Ident(t)) => {
                let t = t.clone();
                self.pos += 1;
                Some(t)
            }
            _ => None,
        };
        self.skip_attributes();
        if self.is_punct('{') {
            self.pos += 1;
            let body = self.body();
            if let Some(tag) = &tag {
                self.defs.insert((is_union, tag.clone()), body.clone());
            }
            (Some((is_union, body)), None)
        } else {
            (None, tag.map(|t| (is_union, t)))
        }
    }

    /// The members up to the closing `}` (consumed).
    fn body(&mut self) -> Vec<Parsed> {
        let mut members = Vec::new();
        loop {
            self.skip_attributes();
            while self.is_ident("__extension__")
                || self.is_ident("const")
                || self.is_ident("volatile")
            {
                self.pos += 1;
            }
            match self.peek().cloned() {
                None => return members,
                Some(Tok::Punct('}')) => {
                    self.pos += 1;
                    return members;
                }
                Some(Tok::Punct(';')) => self.pos += 1,
                Some(Tok::Ident(k)) if k == "struct" || k == "union" => {
                    self.pos += 1;
                    let (body, tag) = self.aggregate(k == "union");
                    let decls = self.declarators(false);
                    if decls.is_empty() && body.is_some() {
                        // An anonymous struct or union member.
                        members.push(Parsed {
                            name: String::new(),
                            bitfield: false,
                            body: body.clone(),
                            tag: None,
                        });
                    }
                    for (name, bitfield, array) in decls {
                        let (body, tag) =
                            if array { (None, None) } else { (body.clone(), tag.clone()) };
                        members.push(Parsed { name, bitfield, body, tag });
                    }
                }
                Some(Tok::Ident(k)) if k == "enum" => {
                    self.pos += 1;
                    if let Some(Tok::Ident(_)) = self.peek() {
                        self.pos += 1;
                    }
                    if self.is_punct('{') {
                        self.skip_group();
                    }
                    for (name, bitfield, _) in self.declarators(false) {
                        members.push(Parsed { name, bitfield, body: None, tag: None });
                    }
                }
                Some(_) => {
                    for (name, bitfield, _) in self.declarators(true) {
                        members.push(Parsed { name, bitfield, body: None, tag: None });
                    }
                }
            }
        }
    }

    /// The declarators up to `;` (consumed): `(name, bitfield, array)`,
    /// without the unnamed ones (padding bitfields). `with_type`: the
    /// first declarator starts with the type's words.
    fn declarators(&mut self, with_type: bool) -> Vec<(String, bool, bool)> {
        let mut out = Vec::new();
        let mut first = true;
        loop {
            // One declarator: words at depth 0, before any `:`.
            let mut words: Vec<String> = Vec::new();
            let (mut bitfield, mut array, mut in_bits) = (false, false, false);
            loop {
                self.skip_attributes();
                match self.peek().cloned() {
                    None => return out,
                    Some(Tok::Punct(';')) | Some(Tok::Punct(',')) | Some(Tok::Punct('}')) => break,
                    Some(Tok::Punct('[')) => {
                        array = true;
                        self.skip_group();
                    }
                    Some(Tok::Punct('(')) => self.skip_group(),
                    Some(Tok::Punct(':')) => {
                        bitfield = true;
                        in_bits = true;
                        self.pos += 1;
                    }
                    Some(Tok::Ident(w)) => {
                        if !in_bits {
                            words.push(w);
                        }
                        self.pos += 1;
                    }
                    Some(_) => self.pos += 1,
                }
            }
            let needs = if with_type && first { 2 } else { 1 };
            if let Some(last) = words.last() {
                if words.len() >= needs && !C_KEYWORDS.contains(&last.as_str()) {
                    out.push((last.clone(), bitfield, array));
                }
            }
            first = false;
            match self.peek() {
                Some(Tok::Punct(',')) => self.pos += 1,
                Some(Tok::Punct(';')) => {
                    self.pos += 1;
                    return out;
                }
                _ => return out,
            }
        }
    }
}

/// The tree of `members`, with `struct tag` members expanded from `defs`.
fn to_tree(
    members: &[Parsed],
    defs: &HashMap<(bool, String), Vec<Parsed>>,
    depth: usize,
) -> Vec<CNode<()>> {
    members
        .iter()
        .map(|m| {
            let (is_union, body) = match (&m.body, &m.tag) {
                (Some((u, b)), _) => (*u, Some(b)),
                (None, Some(key)) => (key.0, defs.get(key)),
                (None, None) => (false, None),
            };
            let children = body.filter(|_| depth < 16).map(|b| to_tree(b, defs, depth + 1));
            CNode { name: m.name.clone(), bitfield: m.bitfield, is_union, children, data: () }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Pass 2: one C program asks the compiler about every matched member.

/// One struct's plan: what it asks, and how to read the answers.
struct Plan<'n> {
    s: &'static UapiStruct,
    /// The designator of the container, `""` for the root or an anonymous
    /// struct.
    container: String,
    matching: Matching<'n, ()>,
}

fn c_designator(container: &str, path: &str) -> String {
    if container.is_empty() {
        path.to_string()
    } else {
        format!("{container}.{path}")
    }
}

fn generate(plans: &[Plan<'_>]) -> String {
    let mut c = String::from(
        "#include <stddef.h>\n#include <stdio.h>\n#include <string.h>\n\
         #include <linux/version.h>\n#include <linux/bpf.h>\n#include <linux/btf.h>\n\n\
         static void bits(const char *tag, const unsigned char *p, size_t n)\n{\n\
         \tlong first = -1, last = -1, count = 0;\n\
         \tfor (size_t i = 0; i < n * 8; i++)\n\
         \t\tif (p[i / 8] >> (i % 8) & 1) {\n\
         \t\t\tif (first < 0)\n\t\t\t\tfirst = (long)i;\n\t\t\tlast = (long)i;\n\t\t\tcount++;\n\t\t}\n\
         \tprintf(\"%s %ld %ld %ld\\n\", tag, first, count, last);\n}\n\n\
         int main(void)\n{\n\tprintf(\"version %u 0 0\\n\", (unsigned)LINUX_VERSION_CODE);\n",
    );
    for (i, p) in plans.iter().enumerate() {
        let t = p.s.c_type;
        if p.container.is_empty() {
            let _ = writeln!(c, "\tprintf(\"s{i} 0 %zu 0\\n\", sizeof({t}));");
        } else {
            let d = &p.container;
            let _ = writeln!(
                c,
                "\tprintf(\"s{i} %zu %zu 0\\n\", offsetof({t}, {d}), sizeof((({t} *)0)->{d}));"
            );
        }
        for (j, m) in p.matching.matched.iter().enumerate() {
            let d = c_designator(&p.container, &m.path);
            if m.node.bitfield {
                let _ = writeln!(
                    c,
                    "\t{{ {t} v; memset(&v, 0, sizeof v); v.{d}--; \
                     bits(\"m{i}_{j}\", (const unsigned char *)&v, sizeof v); }}"
                );
            } else {
                let _ = writeln!(
                    c,
                    "\tprintf(\"m{i}_{j} %zu %zu %zu\\n\", offsetof({t}, {d}), \
                     sizeof((({t} *)0)->{d}), _Alignof(__typeof__((({t} *)0)->{d})));"
                );
            }
        }
    }
    c.push_str("\treturn 0;\n}\n");
    c
}

fn have_cc() -> bool {
    Command::new("cc").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A directory of this test's own (the tests of this file run at once).
fn work_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("layout_header.{}.{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

#[test]
fn every_struct_matches_the_installed_uapi_header() {
    if !have_cc() {
        println!("SKIP: no working `cc` on this system");
        return;
    }
    if let Some(missing) = HEADERS.iter().find(|h| !Path::new(h).exists()) {
        println!("SKIP: {missing} is not installed");
        return;
    }
    let dir = work_dir("structs");

    // Pass 1.
    let src = dir.join("headers.c");
    std::fs::write(&src, "#include <linux/bpf.h>\n#include <linux/btf.h>\n").unwrap();
    let text = run(Command::new("cc").args(["-E", "-P"]).arg(&src));
    let mut parser = Parser { toks: tokenize(&text), pos: 0, defs: HashMap::new() };
    parser.file();
    let defs = parser.defs;
    let roots: HashMap<(bool, String), CNode<()>> = defs
        .iter()
        .map(|(key, body)| {
            let node = CNode {
                name: String::new(),
                bitfield: false,
                is_union: key.0,
                children: Some(to_tree(body, &defs, 0)),
                data: (),
            };
            (key.clone(), node)
        })
        .collect();
    println!("{}: {} struct and union definitions", HEADERS.join(", "), roots.len());

    let all = layout_common::structs();
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let mut plans = Vec::new();
    for s in &all {
        let Some((is_union, name)) = layout_common::split_c_type(s.c_type) else {
            failures.push(format!(
                "{}: c_type {:?} is neither a struct nor a union",
                s.layout.name, s.c_type
            ));
            continue;
        };
        let covered = layout_common::covered_elsewhere(s, &all);
        let found = roots
            .get(&(is_union, name.to_string()))
            .and_then(|root| layout_common::container(s, root, &covered));
        match found {
            Some((node, container)) => {
                let matching = layout_common::match_members(s, node, &container, &covered);
                plans.push(Plan { s, container, matching });
            }
            // Judged once the header's release is known.
            None => notes.push(*s),
        }
    }

    // Pass 2.
    let prog_src = dir.join("layout.c");
    let prog = dir.join("layout");
    std::fs::write(&prog_src, generate(&plans)).unwrap();
    run(Command::new("cc").args(["-std=gnu11", "-O0", "-w", "-o"]).arg(&prog).arg(&prog_src));
    let output = run(&mut Command::new(&prog));
    let answers: HashMap<&str, [i64; 3]> = output
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let key = w.next()?;
            let mut n = [0i64; 3];
            for x in &mut n {
                *x = w.next()?.parse().ok()?;
            }
            Some((key, n))
        })
        .collect();
    let answer =
        |key: &str| answers.get(key).copied().unwrap_or_else(|| panic!("no answer for {key}"));
    let version = answer("version")[0] as u32;
    let rel = layout_common::release(version & !0xff);
    println!("header release: {rel} (LINUX_VERSION_CODE {version:#x})");

    for s in notes {
        let l = s.layout;
        if l.oldest().number <= version {
            failures.push(format!(
                "{}: since {}, but the {rel} header has no {} {}",
                l.name,
                l.oldest().label,
                s.c_type,
                s.c_member
            ));
        } else {
            println!(
                "{}: added in {}, after the header's {rel}: not in the header",
                l.name,
                l.oldest().label
            );
        }
    }

    let (mut members, mut padding_born) = (0, 0);
    for (i, p) in plans.iter().enumerate() {
        let (s, l) = (p.s, p.s.layout);
        let where_ = if s.c_member.is_empty() {
            s.c_type.to_string()
        } else {
            format!("{}.{}", s.c_type, s.c_member)
        };
        let [base, c_size, _] = answer(&format!("s{i}"));
        let m = &p.matching;
        println!("{:40} {where_}: {} members", l.name, m.matched.len());
        if l.oldest().number > version {
            failures.push(format!(
                "{}: its oldest version is {}, but the {rel} header already has {where_}",
                l.name,
                l.oldest().label
            ));
        }
        for c in &m.c_only {
            failures.push(format!(
                "{}: the {rel} header's {where_} has member `{c}`, which we lack",
                l.name
            ));
        }
        for r in &m.rust_only {
            if r.since() <= version {
                failures.push(format!(
                    "{}: our {} `{}` is since {}, but the {rel} header's {where_} lacks it",
                    l.name,
                    r.what(),
                    r.name(),
                    layout_common::release(r.since())
                ));
            }
        }
        for a in &m.ambiguous {
            failures.push(format!("{}: `{a}` names more than one member of {where_}", l.name));
        }
        // The container's sizeof: asked directly, or for an anonymous
        // struct, its members' end rounded up to their alignment.
        let (mut end, mut align) = (0i64, 1i64);
        // The bytes the header's members occupy: [start, end).
        let mut occupied = Vec::new();
        for (j, mm) in m.matched.iter().enumerate() {
            members += 1;
            let who = format!("{}.{} (C `{}`)", l.name, mm.item.name(), mm.path);
            let a = answer(&format!("m{i}_{j}"));
            if mm.item.since() > version {
                failures.push(format!(
                    "{who}: since {}, but the {rel} header has it already",
                    layout_common::release(mm.item.since())
                ));
            }
            match mm.item {
                RustItem::Bitfield(b) => {
                    let [first, count, last] = a;
                    let first = first - base * 8;
                    if !mm.node.bitfield {
                        failures.push(format!("{who}: we say bitfield, the header's is not one"));
                    } else if last - a[0] + 1 != count
                        || (i64::from(b.bit_offset), i64::from(b.bits)) != (first, count)
                    {
                        failures.push(format!(
                            "{who}: bits {}+{} but the header's are {first}+{count}",
                            b.bit_offset, b.bits
                        ));
                    }
                    end = end.max((first + count + 7) / 8);
                    occupied.push((first / 8, (first + count + 7) / 8));
                }
                RustItem::Field(_) | RustItem::Alias(_) => {
                    let (off, mut size) = match mm.item {
                        RustItem::Field(f) => (f.offset as i64, f.size as i64),
                        RustItem::Alias(x) => (x.offset as i64, x.size as i64),
                        RustItem::Bitfield(_) => unreachable!(),
                    };
                    // A member that is one of our structs itself (a union
                    // member of `bpf_link_info`) may have grown since R: it
                    // was that struct's size at R.
                    let designator = c_designator(&p.container, &mm.path);
                    if let Some(o) =
                        all.iter().find(|o| o.c_type == s.c_type && o.c_member == designator)
                    {
                        size = extensible_abi::version_size(o.layout.fields, version) as i64;
                    }
                    let [c_off, c_sz, c_align] = a;
                    if mm.node.bitfield {
                        failures.push(format!(
                            "{who}: the header's is a bitfield; describe it in `bitfields`"
                        ));
                    } else if (c_off - base, c_sz) != (off, size) {
                        failures.push(format!(
                            "{who}: offset {off} size {size}, but the header's is offset {} size {c_sz}",
                            c_off - base
                        ));
                    }
                    end = end.max(c_off - base + c_sz);
                    align = align.max(c_align);
                    occupied.push((c_off - base, c_off - base + c_sz));
                }
            }
        }
        let c_size = if p.container.is_empty()
            && layout_common::split_c_type(s.c_type).is_some_and(|(u, _)| u)
        {
            (end + align - 1) / align * align
        } else {
            c_size
        };
        // Fields whose bytes the header's struct has, as padding, but not
        // their names yet.
        for r in &m.rust_only {
            let RustItem::Field(f) = r else { continue };
            if f.bytes_since > version || f.since <= version {
                continue;
            }
            padding_born += 1;
            let (start, stop) = (f.offset as i64, f.end() as i64);
            if stop > c_size {
                failures.push(format!(
                    "{}.{}: its bytes came in {} (`padding_since`), but the {rel} header's \
                     {where_} ends at {c_size}, before them",
                    l.name,
                    f.name,
                    layout_common::release(f.bytes_since)
                ));
            }
            if let Some(&(a, b)) = occupied.iter().find(|&&(a, b)| a < stop && b > start) {
                failures.push(format!(
                    "{}.{}: born in padding, but the {rel} header has a member at bytes {a}..{b}",
                    l.name, f.name
                ));
            }
        }
        let ours = extensible_abi::version_size(l.fields, version) as i64;
        if ours != c_size {
            failures.push(format!(
                "{}: our size as of {rel} is {ours}, but the header's {where_} is {c_size} bytes",
                l.name
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    layout_common::finish(
        &format!("layout vs the {rel} UAPI header"),
        &failures,
        &format!(
            "{} structs, {members} members checked; {padding_born} fields named after \
             {rel} are padding in the header",
            plans.len()
        ),
    );
    // bpf_map_info.btf_vmlinux_id: bytes from 4.18, named in 6.9.
    let between = (0x04_12_00..0x06_09_00).contains(&version);
    assert!(padding_born > 0 || !between, "btf_vmlinux_id was not checked as padding");
}

/// Every constant of `extensible_abi_bpf::consts` (map, program, attach
/// and link types, attr flags, the instruction encoding, BTF encodings and
/// linkages) and every command number that the installed headers'
/// release has, has the value `<linux/bpf.h>` or `<linux/btf.h>` gives it:
/// one C program prints them all. A newer constant is printed too where
/// the headers define it as a macro anyway (a stable backport). (The other
/// newer ones: `layout_btf.rs` checks them against the running kernel.)
#[test]
fn every_constant_matches_the_installed_uapi_header() {
    if !have_cc() {
        println!("SKIP: no working `cc` on this system");
        return;
    }
    let dir = work_dir("consts");
    let version_src = dir.join("version.c");
    std::fs::write(
        &version_src,
        "#include <stdio.h>\n#include <linux/version.h>\nint main(void) { printf(\"%u\", (unsigned)LINUX_VERSION_CODE); return 0; }\n",
    )
    .expect("write the C program");
    let version_exe = dir.join("version");
    run(Command::new("cc").arg("-o").arg(&version_exe).arg(&version_src));
    let header =
        run(&mut Command::new(&version_exe)).trim().parse::<u32>().expect("LINUX_VERSION_CODE")
            & !0xff;
    let all = extensible_abi_bpf::consts::ALL.iter().copied().chain(
        extensible_abi_bpf::attr::COMMANDS.iter().map(|c| (c.name, u64::from(c.cmd), c.since)),
    );
    let (consts, newer): (Vec<_>, Vec<_>) = all.partition(|c| c.2 <= header);
    let print =
        |name: &str| format!("\tprintf(\"%s %llu\\n\", \"{name}\", (unsigned long long){name});\n");
    let mut c = String::from(
        "#include <stdio.h>\n#include <linux/bpf.h>\n#include <linux/btf.h>\nint main(void)\n{\n",
    );
    for (name, _, _) in &consts {
        c += &print(name);
    }
    for (name, _, _) in &newer {
        c += &format!("#ifdef {name}\n{}#endif\n", print(name));
    }
    c += "\treturn 0;\n}\n";
    let src = dir.join("consts.c");
    std::fs::write(&src, c).expect("write the C program");
    let exe = dir.join("consts");
    run(Command::new("cc").arg("-o").arg(&exe).arg(&src));
    let out = run(&mut Command::new(&exe));
    let printed: HashMap<&str, u64> = out
        .lines()
        .map(|line| {
            let (name, value) = line.split_once(' ').expect("name value");
            (name, value.parse::<u64>().expect("a number"))
        })
        .collect();
    let mut checked = 0;
    for (name, ours, _) in consts.iter().chain(&newer) {
        if let Some(&theirs) = printed.get(name) {
            assert_eq!(theirs, *ours, "{name}: ours is {ours}, the header's {theirs}");
            checked += 1;
        }
    }
    assert_eq!(printed.len(), checked);
    assert!(consts.iter().all(|c| printed.contains_key(c.0)));
    let (backported, newer): (Vec<_>, Vec<_>) =
        newer.iter().map(|c| c.0).partition(|name| printed.contains_key(name));
    println!(
        "{checked} constants match <linux/bpf.h> and <linux/btf.h> ({header:#x}), newer ones \
         the headers have among them: {backported:?}; {} are newer than them: {newer:?}",
        newer.len(),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
