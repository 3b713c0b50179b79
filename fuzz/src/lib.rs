//! Support code for the fuzz targets: the `runtime_bpf` harness (its input
//! format, the invariants it checks, and the seed sequences), shared by
//! the fuzz target and by this crate's tests (`cargo test` here checks that
//! every seed gets the runtime to succeed, and writes the seed files).

pub mod errnos;
pub mod real_memory;
pub mod runtime_harness;
pub mod seeds;
