#!/usr/bin/env bash
# Builds the runtime as a static library, compiles old_caller.c against the
# system's <linux/bpf.h> and core/capi/include/extabi.h, and runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/target/c-example"
mkdir -p "$out"
libs=$(cd "$root" && cargo rustc -q -p extensible-abi-capi --lib --release --crate-type staticlib \
    --target-dir "$out/build" -- --print native-static-libs 2>&1 \
    | sed -n 's/.*native-static-libs: //p' | tail -n 1)
cc -O2 -Wall -I "$root/core/capi/include" "$root/examples/c/old_caller.c" \
    "$out/build/release/libextabi.a" $libs -o "$out/old_caller"
"$out/old_caller"
