#!/usr/bin/env bash
# `make bench`: accuracy and speed of `ly extract`, reported, never asserted.
#  1. Accuracy: every document with a truth file — the synthetic corpus
#     (corpus/out, from `make corpus`), the fixtures, and ../shared/samples
#     when present — extracted once (two at a time) and scored by
#     bench/report.py: dev and check families apart (bench/families.json),
#     by family and channel, confidence bands against blocks F1; one record
#     per document in BUILD_DIR/bench-results.json.
#  2. Speed: median wall time over RUNS runs and peak RSS of `ly extract` on
#     each sample and fixture, then the engine alone in process.
# Usage: bench/run.sh BUILD_DIR
set -uo pipefail
build=${1:-build}
ly=$build/services/ly/ly
src=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

source "$src/tests/score_lib.sh"  # document_of

args=()
timed=()
jobs=$out/jobs
: > "$jobs"
for truth in "$src"/corpus/out/*.truth.json "$src"/tests/fixtures/*/*.truth.json "$src"/../shared/samples/*.truth.json; do
    [ -f "$truth" ] || continue
    doc=$(document_of "$truth")
    stem=$(basename "${truth%.truth.json}")
    case "$truth" in
        */corpus/out/*) group=corpus ;;      # family and channel come from the name (report.py)
        */tests/fixtures/*) group=fixtures; timed+=("$doc") ;;
        *) group=samples; timed+=("$doc") ;;
    esac
    printf '%s\0%s\0' "$doc" "$out/$stem.json" >> "$jobs"
    args+=("$group=$truth")
done
[ -d "$src/corpus/out" ] || echo "(no corpus: run 'make corpus' to include it)"
# two extractions at a time (the machine has two cores); each writes its own prediction
started=$(date +%s)
xargs -0 -n 2 -P "${BENCH_JOBS:-2}" sh -c '"$0" extract "$1" > "$2" 2> /dev/null || echo "ly extract failed on $1" >&2' "$ly" \
    < "$jobs"
echo "extracted ${#args[@]} documents in $(( $(date +%s) - started )) s, ${BENCH_JOBS:-2} at a time"
python3 "$src/bench/report.py" --json "$build/bench-results.json" "$out" "${args[@]}"

echo
printf '%-44s %9s %9s\n' document "median" "peak RSS"
for doc in "${timed[@]}"; do
    times=()
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$out/rss" "$ly" extract "$doc" > /dev/null 2>&1
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-44s %6d ms %6d MB\n' "$(basename "$doc" | cut -c1-44)" $((median / 1000)) $(($(tail -n 1 "$out/rss") / 1024))
done
echo "median of $runs runs of 'ly extract FILE' (wall time, process start included); load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "engine alone, in process (Google Benchmark, median of 5; OCR engines already started):"
"$build/bench/extract_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null |
    grep -E "_median"
