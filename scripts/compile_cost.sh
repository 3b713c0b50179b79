#!/usr/bin/env bash
# What #[extensible_abi] costs at compile time: a generated crate with N
# (default 100) annotated structs of 12 fields in 4 versions, against the
# same structs as plain #[repr(C)], both built after their dependencies.
# Prints wall time of `cargo build` of the crate itself, its CPU time (user
# + system, steadier than wall time when other work shares the machine),
# and the size of the macro-expanded source (nightly's -Zunpretty=expanded)
# when nightly is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-100}"
work="$root/target/compile-cost"
gen() { # $1 = crate dir, $2 = annotated (1/0)
    mkdir -p "$1/src"
    cat > "$1/Cargo.toml" <<TOML
[package]
name = "$(basename "$1")"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
extensible-abi = { path = "$root/core/abi" }
[workspace]
TOML
    {
        echo "#![allow(dead_code)]"
        echo "use extensible_abi::extensible_abi;"
        for i in $(seq 1 "$n"); do
            [ "$2" = 1 ] && echo "#[extensible_abi]"
            echo "#[repr(C)] #[derive(Clone, Copy, Debug)] pub struct S$i {"
            off=0
            for f in $(seq 0 11); do
                since=$(( f / 3 + 1 ))
                [ "$2" = 1 ] && printf '    #[abi(since = %d, offset = %d)] ' "$since" "$off" || printf '    '
                echo "pub f$f: u64,"
                off=$(( off + 8 ))
            done
            echo "}"
        done
        [ "$2" = 1 ] || echo "const _: Option<extensible_abi::AbiError> = None;"
    } > "$1/src/lib.rs"
}
rm -rf "$work"
gen "$work/annotated" 1
gen "$work/plain" 0
for c in plain annotated; do
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/target" cargo build -q 2>/dev/null) # dependencies
    touch "$work/$c/src/lib.rs"
    start=$(date +%s.%N)
    cpu0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/target" cargo build -q)
    cpu1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    end=$(date +%s.%N)
    printf '%-10s %3d structs: cargo build of the crate %.2f s (CPU %.2f s)' "$c" "$n" \
        "$(echo "$end - $start" | bc)" "$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)"
    if cargo +nightly --version >/dev/null 2>&1; then
        size=$(cd "$work/$c" && CARGO_TARGET_DIR="$work/target-nightly" cargo +nightly rustc -q --lib -- -Zunpretty=expanded 2>/dev/null | wc -c)
        printf ', expanded source %d bytes' "$size"
    fi
    echo
done
