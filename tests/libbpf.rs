//! libbpf as a real client of the runtime: `tests/libbpf/libbpf_client.c`,
//! linked against the system's libbpf (Debian's `libbpf-dev`, which
//! `.ci/run` installs) and core's static library, routes libbpf's `bpf()`
//! system calls to `extabi_bpf` by defining its own `syscall()` in front of
//! libc's (libbpf 1.1's `sys_bpf()` calls `syscall(__NR_bpf, …)`), and
//! `close()` of the runtime's fds to `extabi_close`. It runs the same libbpf
//! calls against the runtime and against the live kernel in one process and
//! compares every result; it fails on any mismatch, and when the runtime
//! pass did not really reach the runtime.
//!
//! Run twice: with the runtime pass first and with the kernel pass first,
//! since libbpf caches its internal feature probes (memcg accounting, prog
//! names) per process and the first pass answers them.
//!
//! No `-rdynamic` is needed: the linker exports the program's `syscall` and
//! `close` because `libbpf.so` (linked with the program) references them,
//! so the dynamic linker binds libbpf's calls to the program's definitions.
//!
//! Skips, with the reason printed, when `cc`, libbpf's header or library is
//! missing, or `bpf()` is refused here (EPERM, ENOSYS).

use std::path::Path;
use std::process::Command;

/// Why a C program using libbpf cannot be built here, or `None` when it
/// can: compiles and links a two-line probe against `<bpf/bpf.h>` and
/// `-lbpf`.
fn libbpf_missing(dir: &Path) -> Option<String> {
    if Command::new("cc").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        return Some("no C compiler (`cc`) here".into());
    }
    std::fs::create_dir_all(dir).expect("creating the build dir");
    let src = dir.join("libbpf_probe.c");
    std::fs::write(
        &src,
        "#include <bpf/bpf.h>\n#include <bpf/libbpf.h>\n\
         int main(void) { return libbpf_major_version() == 0; }\n",
    )
    .expect("writing the probe");
    let out = Command::new("cc")
        .arg(&src)
        .arg("-lbpf")
        .arg("-o")
        .arg(dir.join("libbpf_probe"))
        .output()
        .expect("running cc");
    (!out.status.success()).then(|| {
        format!(
            "libbpf's header or library is missing (install libbpf-dev): {}",
            String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("")
        )
    })
}

#[test]
fn libbpf_against_the_runtime_matches_libbpf_against_the_kernel() {
    let target = support::target_dir();
    if let Some(reason) = libbpf_missing(&target.join("capi")) {
        println!("SKIPPED: {reason}");
        return;
    }
    if let Some(reason) = support::bpf_refused() {
        println!("SKIPPED: {reason}");
        return;
    }
    let exe = support::compile_c_against_runtime(
        "tests/libbpf/libbpf_client.c",
        "libbpf_client",
        &["-lbpf"],
    );
    for order in ["runtime-first", "kernel-first"] {
        let run = Command::new(&exe).arg(order).output().expect("running the C program");
        let stdout = String::from_utf8_lossy(&run.stdout);
        println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
        assert!(
            run.status.success(),
            "libbpf_client {order}: mismatches between the runtime and the kernel (see above)"
        );
        assert!(stdout.contains("PASSED"), "libbpf_client {order} did not finish");
    }
}
