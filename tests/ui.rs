//! The compile-fail suite of `#[extensible_abi]`: every mistake of the
//! attribute, one per file under `ui-tests/fail/`, each with the compiler
//! output it must produce; and under `ui-tests/pass/`, programs that must
//! build and run. The suite builds with extensible-abi's `zerocopy` and
//! `bytemuck` features on (the root package's dev-dependency enables them),
//! so it covers fields of those crates' types too.
//!
//! The snapshots are rustc's wording, which changes between releases, so
//! they are pinned to one toolchain, [`PINNED`] (the machine's stable when
//! they were written; CI installs it):
//!
//! - when the running rustc is that release, the suite compares against
//!   the snapshots;
//! - otherwise, when rustup has that toolchain, the suite runs under it,
//!   as `rustup run 1.95.0 cargo test --test ui` in a target directory of
//!   its own (`target/ui-1.95.0`; the first run builds the workspace
//!   there), with [`NESTED`] set so the nested run compares and does not
//!   start another;
//! - otherwise it is skipped, saying why (another compiler's wording would
//!   fail the comparison without any mistake of ours).
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test --test ui`
//! (under any toolchain: the variable reaches the pinned run), then read
//! every changed `.stderr` before committing it.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// The toolchain whose wording the snapshots match.
const PINNED: &str = "1.95.0";

/// Set in the run under [`PINNED`]: compare, whatever rustc says.
const NESTED: &str = "EXTENSIBLE_ABI_UI_PINNED";

#[test]
fn ui() {
    let running = rustc_version();
    if std::env::var_os(NESTED).is_some() || running.as_deref() == Some(PINNED) {
        let t = trybuild::TestCases::new();
        t.compile_fail("ui-tests/fail/*.rs");
        t.pass("ui-tests/pass/*.rs");
        return;
    }
    let running = running.unwrap_or_else(|| "an unknown rustc".to_owned());
    if !rustup_has(PINNED) {
        say(&format!(
            "ui: SKIPPED: the snapshots match rustc {PINNED} and this is {running}; install \
             the pinned toolchain (`rustup toolchain install {PINNED} --profile minimal`) to \
             run the compile-fail suite"
        ));
        return;
    }
    say(&format!("ui: rustc is {running}; running the suite under the pinned {PINNED}"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join(format!("ui-{PINNED}"));
    let status = Command::new("rustup")
        .args(["run", PINNED, "cargo", "test", "--test", "ui"])
        .current_dir(&root)
        .env(NESTED, "1")
        .env("CARGO_TARGET_DIR", &target)
        // What would point the nested build at the running toolchain, or
        // give it flags that toolchain alone may take.
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .expect("run rustup");
    assert!(status.success(), "the compile-fail suite under rustc {PINNED} failed (above)");
}

/// The running rustc's version, `1.95.0` (what `cargo` and so trybuild
/// will build with: the same rustup resolution).
fn rustc_version() -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// Whether rustup lists the toolchain (without installing it, which `rustup
/// run` may do on its own).
fn rustup_has(version: &str) -> bool {
    Command::new("rustup").args(["toolchain", "list"]).output().is_ok_and(|out| {
        String::from_utf8_lossy(&out.stdout).lines().any(|l| l.starts_with(&format!("{version}-")))
    })
}

/// Writes past the test harness's capture, so the reason shows in a
/// plain `cargo test`.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
