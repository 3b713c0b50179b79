#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each; set
# FUZZ_SECONDS) with cargo-fuzz on nightly, installing what is missing.
# Findings land in fuzz/artifacts/<target>/; each one found must become a
# regression test.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"
if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
for target in $(cargo +nightly fuzz list); do
    echo "== $target for ${seconds}s"
    # Seeds (valid inputs to start from) where there are any: a BTF blob's
    # magic and header are too specific to be found by chance.
    seeds=()
    [ -d "seeds/$target" ] && seeds=("corpus/$target" "seeds/$target") && mkdir -p "corpus/$target"
    cargo +nightly fuzz run "$target" "${seeds[@]}" -- -max_total_time="$seconds" -print_final_stats=1 2>&1 \
        | grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done|ERROR|panicked" || true
    if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
        echo "== $target: findings in fuzz/artifacts/$target" >&2
        exit 1
    fi
done
