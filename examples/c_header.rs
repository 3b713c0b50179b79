//! Prints a C header generated from the layout tables of a set of structs
//! (`extensible_abi::c_header`): each struct as C declares it, named
//! padding included, `#define EXTABI_<NAME>_SIZE_VER<k>` for each version
//! (0: the oldest; the release in a comment), and a `_Static_assert` for
//! every offset and size. Names carry the prefix `extabi_`, so the header
//! can be included beside `<linux/bpf.h>`.
//!
//! ```text
//! cargo run --example c_header -- linux-info   # Linux's bpf() info structs
//! cargo run --example c_header -- linux-attr   # the parts of union bpf_attr
//! cargo run --example c_header -- windows      # eBPF-for-Windows' structs
//! ```
//!
//! `tests/c_header.rs` compiles each, and the Linux info structs' beside
//! `<linux/bpf.h>`, member by member.

use std::process::ExitCode;

use support::header_sets::{set, sets};

fn main() -> ExitCode {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let Some(s) = set(&arg) else {
        eprintln!("usage: cargo run --example c_header -- SET\n\nSET is one of:");
        for s in sets() {
            eprintln!("  {:<11} {} ({} structs)", s.name, s.what, s.layouts.len());
        }
        return ExitCode::from(2);
    };
    let mut out = String::new();
    match s.header().write(&mut out) {
        Ok(()) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", s.name);
            ExitCode::FAILURE
        }
    }
}
