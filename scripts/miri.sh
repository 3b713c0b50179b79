#!/usr/bin/env bash
# Runs the framework's tests under Miri, which checks every unsafe block
# they reach for undefined behaviour (uninitialized reads, out-of-bounds
# pointers, invalid values, aliasing violations).
#
# Installs nightly's miri and rust-src components if they are missing.
# Covered: core's unit tests — the framework, the bpf structs and the BTF
# reader (strict provenance), DirectMemory and every runtime unit test
# (maps, programs with test runs on rbpf, BTF objects, links, names, the
# fd table's lock; heavy loops take a sample under `cfg!(miri)`) — and the
# workspace tests framework_semantics, framework_user_memory,
# framework_kernel_rules, the uaccess crate's tests (plain copies under
# Miri), the client
# over the runtime through both backends, and the concurrency stress test
# (Miri's scheduler interleaves its threads; its race detector watches
# every access). MIRI_RUNTIME=0 leaves out the runtime's unit tests but
# their lock's (about 7 minutes less).
# Excluded, and why:
# - ProcessMemory's and real fds' tests: they make real system calls
#   (process_vm_readv, memfd_create, statx) Miri cannot run; they are
#   `cfg(not(miri))`. Under Miri ProcessMemory falls back to direct copies.
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
# The framework, the bpf structs and the BTF reader: strict provenance.
MIRIFLAGS="$strict" cargo +nightly miri test -p extensible-abi --lib -- --skip user::direct
MIRIFLAGS="$strict" cargo +nightly miri test -p extensible-abi-bpf --lib
# DirectMemory and the runtime's unit tests (MIRI_RUNTIME=0: only its lock).
# The runtime reads the real-time clock (load_time): isolation is off.
MIRIFLAGS="$permissive" cargo +nightly miri test -p extensible-abi --lib -- user::direct
if [ "${MIRI_RUNTIME:-1}" = 1 ]; then
    MIRIFLAGS="$permissive -Zmiri-disable-isolation" cargo +nightly miri test -p extensible-abi-runtime --lib
else
    MIRIFLAGS="$permissive" cargo +nightly miri test -p extensible-abi-runtime --lib -- lock
fi
MIRIFLAGS="$strict" cargo +nightly miri test -p extensible-abi-workspace \
    --test framework_semantics --test framework_user_memory --test framework_kernel_rules
# (tests/framework_fault_order.rs runs natively only: every position around
# a hole is minutes under Miri, and its real-memory half makes system calls.)
# The fixed-up copy routines, which under Miri are plain copies after the
# same access_ok checks (their signal tests need the real thing).
MIRIFLAGS="$permissive" cargo +nightly miri test -p extensible-abi-uaccess
# The client over the runtime through both backends, and the concurrency
# stress test (20 rounds a thread under Miri, whose scheduler interleaves
# the threads and whose race detector watches every access).
MIRIFLAGS="$permissive -Zmiri-disable-isolation" cargo +nightly miri test -p extensible-abi-workspace \
    --test client_runtime --test runtime_stress
