#!/usr/bin/env bash
# `make bench`: accuracy and speed of `ly extract`, reported, never asserted.
# For every document with a truth file (the project's fixtures and, when
# present, ../shared/samples): blocks F1 from tools/eval/score.py, and the
# median wall time over RUNS runs with the peak resident memory.
# Usage: bench/run.sh BUILD_DIR
set -uo pipefail
build=${1:-build}
ly=$build/services/ly/ly
src=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

docs=()
for truth in "$src"/tests/fixtures/*/*.truth.json "$src"/../shared/samples/*.truth.json; do
    [ -f "$truth" ] || continue
    stem=${truth%.truth.json}
    for doc in "$stem".*; do
        case "$doc" in *.truth.json) ;; *) docs+=("$doc") ;; esac
    done
done

printf '%-44s %8s %9s %8s %s\n' document "median" "peak RSS" "blocks" "(status)"
for doc in "${docs[@]}"; do
    name=$(basename "$doc")
    stem=${name%.*}
    truth="${doc%.*}.truth.json"
    times=()
    status=ok
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$out/rss" "$ly" extract "$doc" > "$out/$stem.json" 2> /dev/null || status="exit $?"
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    rss=$(tail -n 1 "$out/rss")
    f1=$(python3 "$src/tools/eval/score.py" --json "$truth" "$out/$stem.json" 2>/dev/null |
         python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["documents"][0]["blocks"]["f1"])' 2>/dev/null || echo "-")
    printf '%-44s %6d ms %6d MB %8s %s\n' "${name:0:44}" $((median / 1000)) $((rss / 1024)) "$f1" "($status)"
done
echo "median of $runs runs of 'ly extract FILE' each (wall time, includes process start)"

echo
echo "in-process engine time (Google Benchmark, median of 5 repetitions):"
"$build/bench/extract_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null |
    grep -E "_median|^Benchmark|^---"
