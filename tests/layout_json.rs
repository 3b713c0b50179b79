//! `cargo run --example layouts -- --json` prints valid JSON that says what
//! the layout tables say; the readable table names every struct and field.
//!
//! The example's rendering functions are included here as a module, so
//! the test checks exactly the code the example runs.

#[path = "../examples/layouts.rs"]
mod layouts;

use std::collections::BTreeMap;

/// A JSON value, as far as this check needs.
#[derive(Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(m) => m.get(key).unwrap_or_else(|| panic!("no key {key:?}")),
            _ => panic!("not an object"),
        }
    }

    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => panic!("not an array"),
        }
    }

    fn num(&self) -> usize {
        match self {
            Json::Num(n) => *n as usize,
            _ => panic!("not a number"),
        }
    }

    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => panic!("not a string"),
        }
    }
}

/// A strict little JSON parser (RFC 8259 grammar, no extensions).
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected {:?} at byte {}", c as char, self.i))
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i).copied() {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(m));
                }
                loop {
                    self.ws();
                    let Json::Str(k) = self.value()? else {
                        return Err(format!("key expected at {}", self.i));
                    };
                    self.eat(b':')?;
                    let v = self.value()?;
                    if m.insert(k.clone(), v).is_some() {
                        return Err(format!("duplicate key {k:?}"));
                    }
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(m));
                        }
                        _ => return Err(format!("expected , or }} at byte {}", self.i)),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(a));
                }
                loop {
                    a.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(a));
                        }
                        _ => return Err(format!("expected , or ] at byte {}", self.i)),
                    }
                }
            }
            Some(b'"') => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.s.get(self.i).copied() {
                        None => return Err("unterminated string".into()),
                        Some(b'"') => {
                            self.i += 1;
                            return Ok(Json::Str(out));
                        }
                        Some(b'\\') => {
                            let esc = self.s.get(self.i + 1).copied();
                            self.i += 2;
                            match esc {
                                Some(b'"') => out.push('"'),
                                Some(b'\\') => out.push('\\'),
                                Some(b'/') => out.push('/'),
                                Some(b'n') => out.push('\n'),
                                Some(b't') => out.push('\t'),
                                Some(b'r') => out.push('\r'),
                                Some(b'b') => out.push('\u{8}'),
                                Some(b'f') => out.push('\u{c}'),
                                Some(b'u') => {
                                    let hex = std::str::from_utf8(
                                        self.s.get(self.i..self.i + 4).ok_or("bad \\u")?,
                                    )
                                    .map_err(|e| e.to_string())?;
                                    let c =
                                        u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                                    out.push(char::from_u32(c).ok_or("bad \\u")?);
                                    self.i += 4;
                                }
                                _ => return Err(format!("bad escape at byte {}", self.i)),
                            }
                        }
                        Some(c) if c < 0x20 => {
                            return Err(format!("control byte in string at {}", self.i))
                        }
                        Some(_) => {
                            let start = self.i;
                            while self.i < self.s.len()
                                && !matches!(self.s[self.i], b'"' | b'\\')
                                && self.s[self.i] >= 0x20
                            {
                                self.i += 1;
                            }
                            out.push_str(
                                std::str::from_utf8(&self.s[start..self.i])
                                    .map_err(|e| e.to_string())?,
                            );
                        }
                    }
                }
            }
            Some(b't') if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(Json::Bool(true))
            }
            Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(Json::Bool(false))
            }
            Some(b'n') if self.s[self.i..].starts_with(b"null") => {
                self.i += 4;
                Ok(Json::Null)
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len()
                    && matches!(self.s[self.i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                if text.len() > 1 && text.starts_with('0') && !text.starts_with("0.") {
                    return Err(format!("leading zero in {text}"));
                }
                text.parse().map(Json::Num).map_err(|e| format!("{text}: {e}"))
            }
            _ => Err(format!("unexpected input at byte {}", self.i)),
        }
    }
}

fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let v = p.value()?;
    p.ws();
    if p.i != text.len() {
        return Err(format!("trailing data at byte {}", p.i));
    }
    Ok(v)
}

#[test]
fn the_parser_rejects_broken_json() {
    for bad in [
        "",
        "[",
        "[1,]",
        "{\"a\" 1}",
        "{\"a\": 1, \"a\": 2}",
        "[01]",
        "\"\u{1}\"",
        "[] []",
        "{a: 1}",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} must not parse");
    }
    assert_eq!(parse(" [1, \"a\\u0041\", {\"k\": null}] ").unwrap().arr().len(), 3);
}

#[test]
fn json_output_is_valid_and_says_what_the_tables_say() {
    let structs = layouts::structs();
    let text = layouts::render_json(&structs);
    let json = parse(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"));
    let arr = json.arr();
    assert_eq!(arr.len(), structs.len());
    for (obj, s) in arr.iter().zip(&structs) {
        let l = s.layout;
        assert_eq!(obj.get("name").str(), l.name);
        assert_eq!(obj.get("size").num(), l.size);
        assert_eq!(obj.get("c_type").str(), s.c_type);
        assert_eq!(obj.get("c_member").str(), s.c_member);
        let fields = obj.get("fields").arr();
        assert_eq!(fields.len(), l.fields.len(), "{}", l.name);
        for (f, info) in fields.iter().zip(l.fields) {
            assert_eq!(f.get("name").str(), info.name);
            assert_eq!((f.get("offset").num(), f.get("size").num()), (info.offset, info.size));
            let number = |key: &str| {
                let label = f.get(key).str();
                l.versions.iter().find(|v| v.label == label).map(|v| v.number)
            };
            assert_eq!(number("since"), Some(info.since));
            assert_eq!(number("bytes_since"), Some(info.bytes_since));
        }
        let versions = obj.get("versions").arr();
        assert_eq!(versions.len(), l.versions.len());
        for (v, info) in versions.iter().zip(l.versions) {
            assert_eq!(v.get("number").num(), info.number as usize);
            assert_eq!(v.get("size").num(), info.size);
            assert_eq!(v.get("release").str(), info.label);
        }
        assert_eq!(obj.get("bitfields").arr().len(), s.bitfields.len());
        assert_eq!(obj.get("aliases").arr().len(), s.aliases.len());
    }
    // And python3's parser agrees, where there is one.
    let python = std::process::Command::new("python3")
        .args(["-c", "import json, sys; json.load(sys.stdin)"])
        .stdin(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = python {
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success(), "python3's json module rejects the output");
    }
}

#[test]
fn the_table_names_every_struct_and_field() {
    let structs = layouts::structs();
    let table = layouts::render_table(&structs);
    for s in &structs {
        assert!(table.contains(&format!("{}  (", s.layout.name)), "{}", s.layout.name);
        for f in s.layout.fields {
            assert!(table.contains(f.name), "{}.{}", s.layout.name, f.name);
        }
    }
    // A field born in former padding shows both releases.
    assert!(table.contains("5.6      btf_vmlinux_value_type_id (in padding since 4.16)"));
    assert!(table.contains("6.9      btf_vmlinux_id (in padding since 4.18)"));
}
