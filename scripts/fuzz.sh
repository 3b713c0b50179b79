#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each; set
# FUZZ_SECONDS; FUZZ_TARGETS="a b" runs only those) with cargo-fuzz on
# nightly, installing what is missing. Findings land in
# fuzz/artifacts/<target>/; each one found must become a regression test
# (for runtime_bpf: the input under fuzz/regressions/runtime_bpf/, run by
# fuzz/tests/runtime_regressions.rs, plus a readable test there).
#
# `bash scripts/fuzz.sh seeds` instead regenerates the runtime_bpf seeds
# (fuzz/seeds/runtime_bpf/, built by fuzz/src/seeds.rs) and checks that
# every one gets the runtime to succeed (fuzz/tests/runtime_seeds.rs).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
if [ "${1:-}" = "seeds" ]; then
    WRITE_SEEDS=1 cargo test --test runtime_seeds
    exit 0
fi
seconds="${FUZZ_SECONDS:-60}"
if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
# The seeds must still be what fuzz/src/seeds.rs builds and still succeed,
# and every earlier finding (fuzz/regressions/) must pass.
cargo test
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in ${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}; do
    echo "== $target for ${seconds}s"
    # Seeds (valid inputs to start from) where there are any: a BTF blob's
    # magic and header, or a create-then-use call sequence, are too
    # specific to be found by chance.
    # runtime_bpf_checked reads runtime_bpf's inputs (the same format).
    seeds=()
    seed_dir="seeds/${target%_checked}"
    [ -d "$seed_dir" ] && seeds=("corpus/$target" "$seed_dir") && mkdir -p "corpus/$target"
    cargo +nightly fuzz run "$target" "${seeds[@]}" -- -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$log" 2>&1 || true
    # The coverage libFuzzer reached (`cov` edges, `ft` features, `corp`
    # entries/bytes), the executions, and any finding.
    grep -E "INITED|DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|panicked|SUMMARY" "$log" || true
    if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
        echo "== $target: findings in fuzz/artifacts/$target" >&2
        grep -A30 -E "panicked|ERROR" "$log" | head -60 >&2 || true
        exit 1
    fi
done
