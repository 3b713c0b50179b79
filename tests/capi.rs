//! The C entry point (`extabi_bpf`, `extabi_close`, `core/include/extabi.h`)
//! from a real C program, against the live kernel.
//!
//! Builds core as a static library (`cargo rustc --crate-type staticlib`,
//! into `<target>/capi`, found from this test binary's own path), compiles
//! `tests/capi/capi_test.c` with `cc` against the system's
//! `<linux/bpf.h>` and `extabi.h`, links it with that library, and runs it:
//! the program makes the same calls through `extabi_bpf` and through
//! `syscall(SYS_bpf)` and compares results, errno and lengths.
//!
//! Skips, with the reason printed, when `cc` is missing or `bpf()` is
//! refused here (EPERM, ENOSYS).

use std::path::{Path, PathBuf};
use std::process::Command;


/// The workspace's target directory: this test binary is
/// `<target>/<profile>/deps/capi-<hash>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("deps dir");
    let profile = deps.parent().expect("profile dir");
    profile.parent().expect("target dir").to_path_buf()
}

/// Builds the static library; its path and the native libraries a static
/// link of it needs.
fn build_staticlib(root: &Path, target: &Path) -> Result<(PathBuf, Vec<String>), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out_dir = target.join("capi");
    // A target directory of its own: the outer `cargo test` may still
    // hold its own, and core's rlib fingerprint stays untouched.
    let out = Command::new(&cargo)
        .current_dir(root)
        .args([
            "rustc",
            "-p",
            "extensible-abi",
            "--lib",
            "--crate-type",
            "staticlib",
            "--offline",
            "--target-dir",
        ])
        .arg(&out_dir)
        .args(["--", "--print", "native-static-libs"])
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("running {cargo}: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "cargo rustc --crate-type staticlib failed:\n{stderr}"
        ));
    }
    let lib = out_dir.join("debug").join("libextensible_abi.a");
    if !lib.exists() {
        return Err(format!("{} was not built", lib.display()));
    }
    // `note: native-static-libs: -lgcc_s -lutil …` (printed when rustc
    // ran; a cached build prints nothing, so keep glibc's usual set).
    let libs = stderr
        .lines()
        .find_map(|l| l.split("native-static-libs:").nth(1))
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_else(|| {
            [
                "-lgcc_s",
                "-lutil",
                "-lrt",
                "-lpthread",
                "-lm",
                "-ldl",
                "-lc",
            ]
            .map(String::from)
            .to_vec()
        });
    Ok((lib, libs))
}


#[test]
fn c_program_through_extabi_bpf_matches_the_kernel() {
    if Command::new("cc")
        .arg("--version")
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        println!("SKIPPED: no C compiler (`cc`) here");
        return;
    }
    if let Some(reason) = support::bpf_refused() {
        println!("SKIPPED: {reason}");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    let (lib, native) = build_staticlib(&root, &target).unwrap_or_else(|e| panic!("{e}"));
    let exe = target.join("capi").join("capi_test");
    let out = Command::new("cc")
        .args([
            "-std=gnu11",
            "-pthread",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-O1",
            "-I",
        ])
        .arg(root.join("core").join("include"))
        .arg(root.join("tests").join("capi").join("capi_test.c"))
        .arg(&lib)
        .args(&native)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("running cc");
    assert!(
        out.status.success(),
        "cc failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().expect("running the C program");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "the C program found mismatches (see above)"
    );
}
