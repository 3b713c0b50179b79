#!/usr/bin/env bash
# Runs the framework's tests under Miri, which checks every unsafe block
# they reach for undefined behaviour (uninitialized reads, out-of-bounds
# pointers, invalid values, aliasing violations).
#
# Installs nightly's miri and rust-src components if they are missing.
# Covered: core's unit tests of the framework, the bpf structs and the BTF
# reader, and the workspace tests framework_semantics and
# framework_user_memory (whose exhaustive loops take a sample of lengths
# under Miri, see `cfg!(miri)` there). With MIRI_RUNTIME=1, the runtime's
# unit tests too (slow: some walk thousands of mutated BTF blobs).
# Also the client over the runtime (checked and direct backends) and the
# concurrency stress test, with the big-reader lock under Miri's scheduler.
# Excluded, and why:
# - ProcessMemory's tests: they make real system calls (process_vm_readv)
#   Miri cannot run; they are `cfg(not(miri))`.
# - tests that talk to the live kernel (openat2, bpf) and the trybuild
#   compile-fail suite: system calls and spawning rustc are outside Miri.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo +nightly miri --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal --component miri,rust-src
fi
cargo +nightly miri setup

strict="${MIRIFLAGS:-} -Zmiri-strict-provenance"
# Addresses handed to a runtime travel as integers inside attrs, and
# DirectMemory (and rbpf's interpreter) turn them back into pointers: those
# tests need permissive provenance, under which Miri checks each such
# access against the allocations whose addresses were exposed.
permissive="${MIRIFLAGS:-} -Zmiri-permissive-provenance"
if [ "${MIRI_RUNTIME:-0}" = 1 ]; then
    # The runtime reads the real-time clock (load_time): allow it.
    MIRIFLAGS="$permissive -Zmiri-disable-isolation" cargo +nightly miri test -p extensible-abi --lib
else
    MIRIFLAGS="$strict" cargo +nightly miri test -p extensible-abi --lib -- --skip runtime:: --skip user::direct
    MIRIFLAGS="$permissive" cargo +nightly miri test -p extensible-abi --lib -- user::direct runtime::lock
fi
MIRIFLAGS="$strict" cargo +nightly miri test -p extensible-abi-workspace \
    --test framework_semantics --test framework_user_memory
# The client over the runtime through both backends, and the concurrency
# stress test (20 rounds a thread under Miri, whose scheduler interleaves
# the threads and whose race detector watches every access).
MIRIFLAGS="$permissive -Zmiri-disable-isolation" cargo +nightly miri test -p extensible-abi-workspace \
    --test client_runtime --test runtime_stress
