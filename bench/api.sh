#!/usr/bin/env bash
# Throughput and latency of the authenticated API: `GET /api/v1/documents`
# (a page of 20 documents) under wrk on loopback. Reports, never asserts.
# Usage: bench/api.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
ly=$build/services/ly/ly
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# No rate limits: the benchmark is one user asking as fast as it can.
"$ly" serve --address 127.0.0.1 --port "$port" --data-dir "$dir/data" \
    --api-rate-per-min 0 --auth-rate-per-min 0 > "$dir/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/readyz" > /dev/null && break; sleep 0.1; done

curl -sf "$base/api/v1/auth/register" -d '{"email":"bench@example.org","password":"correct horse","name":"Bench"}' > /dev/null
token=$(curl -sf "$base/api/v1/auth/login" -d '{"email":"bench@example.org","password":"correct horse"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
for i in $(seq 20); do
    printf 'Monday\n9:00-10:00 Maths %s\n' "$i" > "$dir/doc$i.txt"
    curl -sf -H "Authorization: Bearer $token" -F "file=@$dir/doc$i.txt" "$base/api/v1/documents" > /dev/null
done
count=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/documents?limit=20" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["documents"]))')
# wrk shares the 2 cores with the server: one wrk thread keeps 32 connections busy and leaves the server more
# CPU than two; both are reported.
for threads in 1 2; do
    echo "GET /api/v1/documents?limit=20 ($count documents), ${seconds}s, $threads wrk thread(s), 32 connections, load $(cut -d' ' -f1 /proc/loadavg):"
    wrk -t"$threads" -c32 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$base/api/v1/documents?limit=20" |
        grep -E "Requests/sec|Latency|99%|50%"
done
