#!/usr/bin/env bash
# `make bench-pipeline`: what the event-driven pipeline costs beyond the extraction engine. Reports, never asserts.
# The client side is bench/pipeline_client.py.
#  1. Overhead: COUNT documents uploaded one after another, each waited for. A document's overhead is its
#     execution time (first state entered to last state exited, from GET /api/v1/documents/{id}/execution) minus
#     the time spent in the extraction engine's states (Read Text Layer, Preprocess Image, Run OCR, …).
#  2. Throughput: QUEUED documents (the samples in turn, each copy with different bytes so the OCR cache never
#     answers) uploaded at once to a server with one processing thread per core; documents per second from the
#     first upload to the last document finished, against the engine alone on the same documents with as many
#     threads (build/bench/extract_benchmark, in process); ROUNDS rounds (3), each engine then pipeline.
# Usage: bench/pipeline.sh BUILD_DIR [OVERHEAD_FILE] [COUNT] [QUEUED]
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
overhead_file=${2:-$src/../shared/samples/Teacher Timetable Example 2.pdf}
count=${3:-20}
queued=${4:-100}
threads=$(nproc)
ly=$build/services/ly/ly
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT

# Starts `ly serve` on a fresh data folder; sets base, token.
start_server() {
    local data=$1
    port=$((20000 + RANDOM % 20000))
    "$ly" serve --address 127.0.0.1 --port "$port" --data-dir "$data" --processing-threads "$threads" \
        --api-rate-per-min 0 --auth-rate-per-min 0 > "$data.log" 2>&1 &
    pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 100); do curl -sf "$base/readyz" > /dev/null && break; sleep 0.1; done
    curl -sf "$base/api/v1/auth/register" -d '{"email":"bench@example.org","password":"correct horse","name":"Bench"}' \
        > /dev/null
    token=$(curl -sf "$base/api/v1/auth/login" -d '{"email":"bench@example.org","password":"correct horse"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# 1. Overhead, one document at a time.
start_server "$dir/overhead"
python3 "$src/bench/pipeline_client.py" overhead "$base" "$token" "$overhead_file" "$count"
stop_server

# 2. Throughput: the samples in turn, each copy made distinct by bytes after its end (readers ignore them).
mkdir -p "$dir/copies"
samples=("$src"/../shared/samples/*.png "$src"/../shared/samples/*.pdf)
for i in $(seq "$queued"); do
    sample=${samples[$(( (i - 1) % ${#samples[@]} ))]}
    copy="$dir/copies/$i-$(basename "$sample" | tr ' ' '_')"
    cp "$sample" "$copy"
    printf '\n%%copy %d\n' "$i" >> "$copy"
done
# Engine and pipeline take turns, ROUNDS times: a machine whose load drifts then shows in both, not in one.
ratios=()
for round in $(seq "${ROUNDS:-3}"); do
    engine_rate=$("$build/bench/extract_benchmark" --threads="$threads" --throughput "$dir"/copies/* 2>/dev/null |
        awk '/^throughput/ {print $2}')
    rm -rf "$dir/throughput"
    start_server "$dir/throughput"
    echo "round $round:"
    python3 "$src/bench/pipeline_client.py" throughput "$base" "$token" "$engine_rate" "$threads" "$dir"/copies/* |
        tee "$dir/round"
    stop_server
    ratios+=("$(awk '/pipeline \/ engine/ {print $NF}' "$dir/round")")
done
echo "pipeline / engine by round: ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | sort -n |
    awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
