//! `libextabi_win` from a real C program, as an eBPF-for-Windows user
//! writes one (`tests/c/win_user.c`): every `info_len` from 0 to
//! `sizeof + 16`, a non-zero tail, oversized and NULL arguments and a short
//! `nr_map_ids`, on the direct API and on `bpf()`, under each rule, each
//! answer checked against what `extabi_win.h` documents.
//!
//! Builds this package as a static library (into `<target>/win-capi`,
//! found from this test binary's path, a target directory of its own so
//! the outer `cargo test` keeps its lock and fingerprints), compiles the
//! program with `cc` against `include/extabi_win.h`, links the two and
//! runs it, as the workspace's `tests/capi.rs` does for `libextabi`. Skips,
//! saying why, when there is no `cc`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's target directory: a test binary is
/// `<target>/<profile>/deps/<name>-<hash>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors().nth(3).expect("the target directory").to_path_buf()
}

/// Builds `libextabi_win.a`; its path and the native libraries a static
/// link of it needs.
fn build_staticlib(root: &Path, out_dir: &Path) -> (PathBuf, Vec<String>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .current_dir(root)
        .args(["rustc", "-p", "extensible-abi-win-capi", "--lib", "--crate-type", "staticlib"])
        .arg("--offline")
        .arg("--target-dir")
        .arg(out_dir)
        .args(["--", "--print", "native-static-libs"])
        .env_remove("RUSTFLAGS")
        .output()
        .expect("running cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo rustc --crate-type staticlib failed:\n{stderr}");
    let lib = out_dir.join("debug").join("libextabi_win.a");
    assert!(lib.exists(), "{} was not built", lib.display());
    // `note: native-static-libs: …` (printed when rustc ran; a cached build
    // prints nothing, so keep glibc's usual set).
    let libs = stderr
        .lines()
        .find_map(|l| l.split("native-static-libs:").nth(1))
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_else(|| {
            ["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"]
                .map(String::from)
                .to_vec()
        });
    (lib, libs)
}

#[test]
fn c_program_gets_each_rules_documented_answers() {
    if Command::new("cc").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        println!("SKIPPED: no C compiler (`cc`) here");
        return;
    }
    let pkg = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = pkg.join("../..");
    let out_dir = target_dir().join("win-capi");
    let (lib, native) = build_staticlib(&root, &out_dir);
    let exe = out_dir.join("win_user");
    let cc = Command::new("cc")
        .args(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O1", "-I"])
        .arg(pkg.join("include"))
        .arg(pkg.join("tests/c/win_user.c"))
        .arg(&lib)
        .args(&native)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("running cc");
    assert!(
        cc.status.success(),
        "cc failed:\n{}{}",
        String::from_utf8_lossy(&cc.stdout),
        String::from_utf8_lossy(&cc.stderr)
    );
    let run = Command::new(&exe).output().expect("running the C program");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the C program found answers the header does not document");
    // Each rule ran its sweeps: three lines of `rule …: N checks`, each
    // with at least one check per info_len swept on the direct API.
    let per_rule: Vec<usize> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("rule ")?.split(": ").nth(1)?.strip_suffix(" checks"))
        .map(|n| n.parse().expect("a count"))
        .collect();
    let lengths = (96 + 17) + (128 + 17) + (56 + 17);
    assert_eq!(per_rule.len(), 3, "{stdout}");
    assert!(per_rule.iter().all(|&n| n > lengths), "{per_rule:?}");
}
