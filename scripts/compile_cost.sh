#!/usr/bin/env bash
# What #[extensible_abi] costs at compile time: a generated crate with N
# (default 100) annotated structs of 12 u64 fields in 4 versions, against
# the same structs as plain #[repr(C)], both built after their
# dependencies. For each crate it prints:
#
# - incremental: CPU time (user + system) of `cargo build` after `touch
#   src/lib.rs`, incremental compilation on (cargo's default): the figure
#   the issue's baseline was taken with; one round, so noisy;
# - clean: CPU time of `cargo build` of the crate with incremental
#   compilation off after `touch` (a full compile of the crate, its
#   dependencies built), the median of ROUNDS rounds (default 5), the
#   crates' rounds alternating;
# - instructions: when valgrind is installed, the instructions of the
#   crate's rustc invocation under callgrind (deterministic, unlike times;
#   about a minute; VALGRIND=0 skips it);
# - expanded: the size of the macro-expanded source (nightly's
#   -Zunpretty=expanded), when nightly is installed;
#
# then each measure per struct, annotated minus plain over N.
#
# FRAMEWORK=<path of the extensible-abi package> measures another
# checkout (for a before/after comparison), default this one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-100}"
rounds="${ROUNDS:-5}"
framework="${FRAMEWORK:-$root/core/abi}"
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
extensible-abi = { path = "$framework" }
[workspace]
TOML
    {
        echo "#![allow(dead_code, unused_imports)]"
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
# CPU seconds (user + system) process $1 and its waited-for children used.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15 + $16 + $17) / hz}' "/proc/$1/stat"; }
# CPU seconds of one `cargo build` of crate $1 (after `touch`), with the
# environment given after it.
build_cpu() {
    local c="$1"; shift
    touch "$work/$c/src/lib.rs"
    local me=$BASHPID c0 c1
    c0=$(cpu "$me")
    (cd "$work/$c" && env "$@" cargo build -q)
    c1=$(cpu "$me")
    echo "$c1 - $c0" | bc
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# Instructions of the crate's own rustc invocation, non-incremental.
instructions() {
    local c="$1" cmd out
    touch "$work/$c/src/lib.rs"
    cmd=$(cd "$work/$c" && CARGO_TARGET_DIR="$work/target-clean" CARGO_INCREMENTAL=0 cargo build -v 2>&1 \
        | sed -n "s/^ *Running \`\(.*--crate-name $c .*\)\`\$/\1/p")
    out="$work/callgrind.$c.out"
    (cd "$work/$c" && eval "valgrind --tool=callgrind --cache-sim=no --callgrind-out-file=$out $cmd") \
        >/dev/null 2>&1
    awk '/^(summary|totals):/ {print $2; exit}' "$out"
}

rm -rf "$work"
gen "$work/annotated" 1
gen "$work/plain" 0
valgrind=0
if [ "${VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then valgrind=1; fi
nightly=0
if cargo +nightly --version >/dev/null 2>&1; then nightly=1; fi
declare -A inc clean instr size
for c in plain annotated; do
    # Dependencies first, in both target directories.
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/target" cargo build -q 2>/dev/null)
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/target-clean" CARGO_INCREMENTAL=0 cargo build -q 2>/dev/null)
    inc[$c]=$(build_cpu "$c" CARGO_TARGET_DIR="$work/target")
done
# The clean builds' rounds alternate between the crates, so that a change
# of load on the machine weighs on both alike.
for _ in $(seq 1 "$rounds"); do
    for c in plain annotated; do
        build_cpu "$c" CARGO_TARGET_DIR="$work/target-clean" CARGO_INCREMENTAL=0 >> "$work/clean.$c"
    done
done
for c in plain annotated; do
    clean[$c]=$(median < "$work/clean.$c")
    line=$(printf '%-10s %3d structs: incremental %.2f s, clean %.3f s (median of %d)' \
        "$c" "$n" "${inc[$c]}" "${clean[$c]}" "$rounds")
    if [ "$valgrind" = 1 ]; then
        instr[$c]=$(instructions "$c")
        line+=$(printf ', %.3f G instructions' "$(echo "${instr[$c]} / 10^9" | bc -l)")
    fi
    if [ "$nightly" = 1 ]; then
        size[$c]=$(cd "$work/$c" && CARGO_TARGET_DIR="$work/target-nightly" \
            cargo +nightly rustc -q --lib -- -Zunpretty=expanded 2>/dev/null | wc -c)
        line+=", expanded source ${size[$c]} bytes"
    fi
    echo "$line"
done
per=$(printf 'per struct: incremental %.1f ms, clean %.2f ms' \
    "$(echo "(${inc[annotated]} - ${inc[plain]}) * 1000 / $n" | bc -l)" \
    "$(echo "(${clean[annotated]} - ${clean[plain]}) * 1000 / $n" | bc -l)")
if [ "$valgrind" = 1 ]; then
    per+=$(printf ', %.1f M instructions' "$(echo "(${instr[annotated]} - ${instr[plain]}) / $n / 10^6" | bc -l)")
fi
if [ "$nightly" = 1 ]; then
    per+=$(printf ', %.1f KB expanded source' "$(echo "(${size[annotated]} - ${size[plain]}) / $n / 1000" | bc -l)")
fi
echo "$per"
