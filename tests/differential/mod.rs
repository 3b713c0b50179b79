//! The differential suite's harness and cases (see `runtime_differential.rs`).

#![allow(dead_code)]

pub mod cases;
pub mod harness;
pub mod holes;
