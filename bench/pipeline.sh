#!/usr/bin/env bash
# The pipeline's own overhead per document: each document's execution time (first state entered to last state
# exited, from GET /api/v1/documents/{id}/execution) minus the time spent in the extraction engine's states
# (Read Text Layer, Preprocess Image, Run OCR, …). Reports, never asserts.
# Usage: bench/pipeline.sh BUILD_DIR [FILE] [COUNT]
set -euo pipefail
build=${1:-build}
file=${2:-../shared/samples/Teacher Timetable Example 2.pdf}
count=${3:-20}
ly=$build/services/ly/ly
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
"$ly" serve --address 127.0.0.1 --port "$port" --data-dir "$dir/data" --api-rate-per-min 0 --auth-rate-per-min 0 \
    > "$dir/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/readyz" > /dev/null && break; sleep 0.1; done
curl -sf "$base/api/v1/auth/register" -d '{"email":"bench@example.org","password":"correct horse","name":"Bench"}' > /dev/null
token=$(curl -sf "$base/api/v1/auth/login" -d '{"email":"bench@example.org","password":"correct horse"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
ids=()
for _ in $(seq "$count"); do
    ids+=("$(curl -sf -H "Authorization: Bearer $token" -F "file=@$file" "$base/api/v1/documents" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["documentId"])')")
done
for id in "${ids[@]}"; do
    for _ in $(seq 600); do
        status=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents/$id" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
        [ "$status" != pending ] && [ "$status" != processing ] && break
        sleep 0.1
    done
    curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents/$id/execution" > "$dir/$id.json"
done
python3 - "$dir" "${ids[@]}" <<'PY'
import datetime, json, statistics, sys
folder, ids = sys.argv[1], sys.argv[2:]
engine = {"Read Text Layer", "Preprocess Image", "Run OCR", "Preprocess Document", "Run Page OCR", "Combine Pages"}
def ms(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000
overheads, totals = [], []
for id in ids:
    execution = json.load(open(f"{folder}/{id}.json"))
    states = [s for s in execution["states"] if s["exitedAt"]]
    total = ms(states[-1]["exitedAt"]) - ms(states[0]["enteredAt"])
    in_engine = sum(s["durationMs"] for s in states if s["name"] in engine)
    totals.append(total)
    overheads.append(total - in_engine)
print(f"{len(ids)} documents: execution median {statistics.median(totals):.1f} ms; "
      f"pipeline overhead (outside the engine) median {statistics.median(overheads):.1f} ms, "
      f"max {max(overheads):.1f} ms")
PY
