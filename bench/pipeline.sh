#!/usr/bin/env bash
# `make bench-pipeline`: what the event-driven pipeline costs beyond the extraction engine. Reports, never asserts.
#  1. Overhead: COUNT documents uploaded one after another, each waited for. A document's overhead is its
#     execution time (first state entered to last state exited, from GET /api/v1/documents/{id}/execution) minus
#     the time spent in the extraction engine's states (Read Text Layer, Preprocess Image, Run OCR, …).
#  2. Throughput: QUEUED documents (the samples in turn, each copy with different bytes so the OCR cache never
#     answers) uploaded at once to a server with one processing thread per core; documents per second from the
#     first upload to the last document finished, against the engine alone on the same documents with as many
#     threads (build/bench/extract_benchmark, in process).
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

upload() {  # FILE → document id
    curl -sf -H "Authorization: Bearer $token" -F "file=@$1" "$base/api/v1/documents" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["documentId"])'
}
wait_for() {  # ID: until it leaves pending/processing
    for _ in $(seq 1200); do
        status=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents/$1" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
        [ "$status" != pending ] && [ "$status" != processing ] && return
        sleep 0.05
    done
}

# 1. Overhead, one document at a time.
start_server "$dir/overhead"
ids=()
for _ in $(seq "$count"); do
    id=$(upload "$overhead_file")
    wait_for "$id"
    curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents/$id/execution" > "$dir/$id.json"
    ids+=("$id")
done
stop_server
python3 - "$dir" "$(basename "$overhead_file")" "${ids[@]}" <<'PY'
import datetime, json, statistics, sys
folder, name, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
engine = {"Read Text Layer", "Preprocess Image", "Run OCR", "Preprocess Document", "Run Page OCR", "Combine Pages"}
def ms(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000
overheads, totals, by_state = [], [], {}
for id in ids:
    execution = json.load(open(f"{folder}/{id}.json"))
    states = [s for s in execution["states"] if s["exitedAt"]]
    total = ms(states[-1]["exitedAt"]) - ms(states[0]["enteredAt"])
    in_engine = sum(s["durationMs"] for s in states if s["name"] in engine)
    totals.append(total)
    overheads.append(total - in_engine)
    for s in states:
        by_state.setdefault(s["name"], []).append(s["durationMs"])
print(f"overhead: {len(ids)} × {name}, one at a time: execution median {statistics.median(totals):.1f} ms; "
      f"pipeline overhead (outside the engine) median {statistics.median(overheads):.1f} ms, "
      f"max {max(overheads):.1f} ms")
print("  median per state: " + ", ".join(f"{k} {statistics.median(v):.0f} ms" for k, v in by_state.items()))
PY

# 2. Throughput: the samples in turn, each copy made distinct by bytes after its end (readers ignore them).
mkdir -p "$dir/copies"
samples=("$src"/../shared/samples/*.png "$src"/../shared/samples/*.pdf)
for i in $(seq "$queued"); do
    sample=${samples[$(( (i - 1) % ${#samples[@]} ))]}
    copy="$dir/copies/$i-$(basename "$sample" | tr ' ' '_')"
    cp "$sample" "$copy"
    printf '\n%%copy %d\n' "$i" >> "$copy"
done
engine_rate=$("$build/bench/extract_benchmark" --threads="$threads" --throughput "$dir"/copies/* 2>/dev/null |
    awk '/^throughput/ {print $2}')
start_server "$dir/throughput"
began=$(date +%s.%N)
ids=()
for copy in "$dir"/copies/*; do ids+=("$(upload "$copy")"); done
for id in "${ids[@]}"; do wait_for "$id"; done
ended=$(date +%s.%N)
statuses=$(for id in "${ids[@]}"; do
    curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents/$id" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
done | sort | uniq -c | tr -s ' ' | tr '\n' ',')
stop_server
python3 - "$queued" "$began" "$ended" "$engine_rate" "$threads" "$statuses" <<'PY'
import sys
queued, began, ended, engine, threads, statuses = sys.argv[1:7]
rate = int(queued) / (float(ended) - float(began))
print(f"throughput: {queued} documents queued, {threads} processing threads: {rate:.2f} documents/s "
      f"({float(ended) - float(began):.1f} s; outcomes:{statuses.rstrip(',')})")
print(f"  engine alone, {threads} threads in process: {float(engine):.2f} documents/s; "
      f"pipeline / engine = {rate / float(engine):.2f}")
PY
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
