//! `libextabi_win` from a real C program, as an eBPF-for-Windows user
//! writes one (`tests/win_capi/win_user.c`): every `info_len` from 0 to
//! `sizeof + 16`, a non-zero tail, oversized and NULL arguments and a short
//! `nr_map_ids`, on the direct API and on `bpf()`, under each rule, each
//! answer checked against what `extabi_win.h` documents.
//!
//! Builds `extensible-abi-win-capi` as a static library and compiles the
//! program with `cc` against `core/win-capi/include/extabi_win.h` (the
//! test support's `compile_c`, as `tests/capi.rs` does for `libextabi`),
//! links the two and runs it. Skips, saying why, when there is no `cc`.

use std::process::Command;

#[test]
fn c_program_gets_each_rules_documented_answers() {
    if Command::new("cc").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        println!("SKIPPED: no C compiler (`cc`) here");
        return;
    }
    let exe =
        support::compile_c(&support::EXTABI_WIN, "tests/win_capi/win_user.c", "win_user", &[]);
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
