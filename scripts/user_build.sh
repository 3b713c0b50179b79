#!/usr/bin/env bash
# What a crate that depends only on the framework pays: a generated crate
# outside the workspace (an rlib and a cdylib, one #[extensible_abi]
# struct) depending on `extensible-abi` at FRAMEWORK (default core/abi;
# pass another checkout's framework directory to compare), built clean
# from an empty target directory in debug and release, ROUNDS (default 3)
# times each. Prints the wall times, the crates in its dependency tree and
# the extabi_* symbols its cdylib exports (there should be none).
#
# With RENAMED=1 (what CI runs, with ROUNDS=1) the dependency is renamed
# (`abi = { package = "extensible-abi" }`) and the attribute is applied as
# `#[abi::extensible_abi(crate = "abi")]`; the script then fails if any
# crate of the eBPF flagship or rbpf is in the tree, or if the cdylib
# exports an extabi_* symbol.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
framework="$(cd "${1:-$root/core/abi}" && pwd)"
rounds="${ROUNDS:-3}"
work="$root/target/user-build"
rm -rf "$work" && mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "user-build"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
crate-type = ["rlib", "cdylib"]
[dependencies]
$( if [ "${RENAMED:-0}" = 1 ]; then echo "abi = { package = \"extensible-abi\", path = \"$framework\" }"; else echo "extensible-abi = { path = \"$framework\" }"; fi )
[workspace]
TOML
cat > "$work/src/lib.rs" <<'RS'
//! One extensible struct and a C entry that reads it.
use extensible_abi::{extensible_abi, ExtensibleAbi};

/// struct open_how.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenHow {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    #[abi(since = 1, offset = 8)]
    pub mode: u64,
    #[abi(since = 2, offset = 16)]
    pub resolve: u64,
}

/// `used_len` of the struct at `p`, 0 on error.
///
/// # Safety
///
/// `p` must be valid for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn user_len(p: *const u8, n: usize) -> usize {
    // SAFETY: forwarded to the caller.
    let s = unsafe { core::slice::from_raw_parts(p, n) };
    OpenHow::from_partial(s).map(|h| h.used_len()).unwrap_or(0)
}
RS
if [ "${RENAMED:-0}" = 1 ]; then
    sed -i 's/^use extensible_abi::{extensible_abi, ExtensibleAbi};/use abi::ExtensibleAbi;/; s/^#\[extensible_abi\]$/#[abi::extensible_abi(crate = "abi")]/' "$work/src/lib.rs"
fi
cd "$work"
cargo generate-lockfile -q
for profile in dev release; do
    for i in $(seq 1 "$rounds"); do
        rm -rf target
        start=$(date +%s.%N)
        cargo build -q --profile "$profile"
        end=$(date +%s.%N)
        awk -v p="$profile" -v i="$i" -v a="$start" -v b="$end" 'BEGIN { printf "%s build %d: %.2f s\n", p, i, b - a }'
    done
done
tree=$(cargo tree --prefix none -e normal,build | sed 's/ (\*)$//' | sort -u | grep -v '^user-build')
symbols=$(nm -D --defined-only target/release/libuser_build.so | grep -c ' extabi_' || true)
echo "crates in the tree (the crate itself excluded): $(echo "$tree" | wc -l)"
echo "extabi_* symbols the cdylib exports: $symbols"
if [ "${RENAMED:-0}" = 1 ]; then
    if echo "$tree" | grep -Eq '^(rbpf|extensible-abi-(bpf|runtime|capi|win|win-capi|uaccess)) '; then
        echo "FAIL: the framework alone pulled in eBPF code:"; echo "$tree"; exit 1
    fi
    [ "$symbols" = 0 ] || { echo "FAIL: the cdylib exports extabi_* symbols"; exit 1; }
    echo "ok: a crate outside the workspace, under a renamed dependency, builds no eBPF code"
fi
