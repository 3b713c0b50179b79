//! Every cell of the compatibility matrix: all info structs, every caller
//! version against every runtime ABI level (and the live kernel where
//! bpf() works) follows Linux's rule, and the strict rule breaks exactly
//! the cells where the caller is older than the runtime.

#[path = "../examples/compat_matrix.rs"]
mod example;

#[test]
fn every_cell_follows_the_rule() {
    let t = example::all();
    // map 6x6 levels, prog 9x9, btf 2x2, link 4x4, less the levels that
    // cannot create the object: a floor that a silently empty run fails.
    assert!(t.run >= 100, "{t:?}");
    assert_eq!(t.ok, t.run, "{t:?}");
    assert_eq!(t.strict_broken, t.older_caller, "{t:?}");
    assert!(t.strict_broken > 0);
}
