#!/usr/bin/env bash
# The concurrency stress test (tests/runtime_stress.rs) for longer than the
# 1.5 s it gets in `cargo test`: 4 threads, half through the checked
# backend (ProcessMemory) and half through the direct one, create, query,
# update, delete and close objects on one runtime for STRESS_SECONDS
# (default 60), in a release build. Afterwards every map must hold exactly
# the updates that succeeded, no id may have been live twice and no closed
# fd may have resolved to its old object. Prints the operation count.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTABI_STRESS_SECONDS="${STRESS_SECONDS:-60}" \
    cargo test --release --test runtime_stress -- --nocapture 2>&1 | grep -E "operations|test result|panicked|FAILED"
