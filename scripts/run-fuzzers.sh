#!/usr/bin/env bash
# Runs every libFuzzer target (*_fuzz) in the given build tree for
# ${LY_FUZZ_SECONDS:-10} seconds each; fails if any of them finds a crash,
# a sanitizer report or a timeout.
#
# Usage: scripts/run-fuzzers.sh BUILD_DIR   (a tree configured with -DLY_FUZZ=ON)
#
# Seeds for target NAME live in libs/*/fuzz/corpus/NAME/ (committed). They are
# copied into BUILD_DIR/fuzz-work/NAME/corpus first, because libFuzzer writes
# the inputs it discovers into its first corpus folder and the committed seeds
# must stay small. Crash inputs land in BUILD_DIR/fuzz-work/NAME/ as crash-*,
# leak-*, timeout-*; re-run one with `BUILD_DIR/.../NAME that-file`.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)
seconds=${LY_FUZZ_SECONDS:-10}

mapfile -t fuzzers < <(find "$build_dir" -type f -name '*_fuzz' -perm -u+x -not -path '*/CMakeFiles/*' | sort)
if [ ${#fuzzers[@]} -eq 0 ]; then
    echo "run-fuzzers: no *_fuzz executables under $build_dir (configure with -DLY_FUZZ=ON and build fuzz_targets)" >&2
    exit 1
fi

failed=()
for fuzzer in "${fuzzers[@]}"; do
    name=$(basename "$fuzzer")
    work="$build_dir/fuzz-work/$name"
    rm -rf "$work"
    mkdir -p "$work/corpus"
    for seeds in "$source_dir"/libs/*/fuzz/corpus/"$name"; do
        [ -d "$seeds" ] && cp -- "$seeds"/* "$work/corpus/" 2>/dev/null || true
    done
    echo "run-fuzzers: $name for ${seconds}s ($(find "$work/corpus" -type f | wc -l) seeds)"
    if ! "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$work/" "$work/corpus" > "$work/log.txt" 2>&1; then
        tail -n 60 "$work/log.txt" >&2
        echo "run-fuzzers: $name FAILED; log and crash input in $work/" >&2
        failed+=("$name")
        continue
    fi
    grep -E '^stat::number_of_executed_units|^Done ' "$work/log.txt" || true
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "run-fuzzers: failed: ${failed[*]}" >&2
    exit 1
fi
echo "run-fuzzers: ${#fuzzers[@]} target(s) ran ${seconds}s each without a crash"
