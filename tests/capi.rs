//! The C entry point (`extabi_bpf`, `extabi_close`, `core/capi/include/extabi.h`)
//! from a real C program, against the live kernel.
//!
//! Builds the C library as a static library (`extensible-abi-capi`,
//! into `<target>/capi`, found from this test binary's own path), compiles
//! `tests/capi/capi_test.c` with `cc` against the system's
//! `<linux/bpf.h>` and `extabi.h`, links it with that library, and runs it:
//! the program makes the same calls through `extabi_bpf` and through
//! `syscall(SYS_bpf)` and compares results, errno and lengths.
//!
//! Skips, with the reason printed, when `cc` is missing or `bpf()` is
//! refused here (EPERM, ENOSYS).

use std::process::Command;

#[test]
fn c_program_through_extabi_bpf_matches_the_kernel() {
    if Command::new("cc").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        println!("SKIPPED: no C compiler (`cc`) here");
        return;
    }
    if let Some(reason) = support::bpf_refused() {
        println!("SKIPPED: {reason}");
        return;
    }
    let exe = support::compile_c_against_runtime("tests/capi/capi_test.c", "capi_test", &[]);
    let run = Command::new(&exe).output().expect("running the C program");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the C program found mismatches (see above)");
}
