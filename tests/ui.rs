//! The compile-fail suite of `#[extensible_abi]`: every mistake of the
//! attribute, one per file under `ui-tests/fail/`, each with the compiler
//! output it must produce; and under `ui-tests/pass/`, programs that must
//! build and run.
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test --test ui`,
//! then read every changed `.stderr` before committing it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-tests/fail/*.rs");
    t.pass("ui-tests/pass/*.rs");
}
