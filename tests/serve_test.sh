#!/usr/bin/env bash
# Functional test of `ly serve` over real HTTP: starts the server on a free
# port, exercises every route and error with curl (security headers, CORS,
# the access log, /readyz, /metrics), then checks that SIGTERM finishes a
# request in flight, drops idle connections and exits 0; last, a second
# server with a strict rate limit answers 429 with Retry-After.
# Usage: tests/serve_test.sh path/to/ly
set -euo pipefail

LY=${1:?usage: serve_test.sh path/to/ly}
WORK=$(mktemp -d)
SERVER_PID=""
IDLE_FD_OPEN=0

cleanup() {
    local rc=$?
    if [ "$IDLE_FD_OPEN" = 1 ]; then exec 3<&- 3>&- || true; fi
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ $rc -ne 0 ] && [ -f "$WORK/server.log" ]; then
        echo "--- server log ---" >&2
        tail -n 40 "$WORK/server.log" >&2
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

"$LY" serve --address 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --max-file-mb 1 \
    --io-threads 2 --worker-threads 2 --cors-origins https://app.example.org 2>"$WORK/server.log" &
SERVER_PID=$!

for _ in $(seq 100); do
    curl -sf -o /dev/null "$BASE/healthz" && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited at startup"
    sleep 0.1
done
curl -sf -o /dev/null "$BASE/healthz" || fail "the server did not answer /healthz within 10 s"
grep -q "\"msg\":\"listening on http://127.0.0.1:$PORT\"" "$WORK/server.log" || fail "no startup line"
[ -d "$WORK/data" ] || fail "the data directory was not created"
pass "starts, says where it listens, creates the data directory"

# request METHOD PATH [curl args…]: sets STATUS, BODY (file) and HEADERS (file).
request() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" "$BASE$path")
}
header() { tr -d '\r' <"$WORK/headers" | grep -i "^$1:" | head -n1 | cut -d' ' -f2-; }
expect() {  # expect STATUS CONTENT-TYPE WHAT
    [ "$STATUS" = "$1" ] || fail "$3: status $STATUS, expected $1: $(cat "$WORK/body")"
    [ "$(header Content-Type)" = "$2" ] || fail "$3: Content-Type '$(header Content-Type)', expected $2"
    [ -n "$(header X-Request-Id)" ] || fail "$3: no X-Request-Id"
}
body_has() { grep -qF -- "$1" "$WORK/body" || fail "$2: body lacks $1: $(cat "$WORK/body")"; }
problem() {  # problem STATUS WHAT: an RFC 9457 answer
    expect "$1" application/problem+json "$2"
    body_has "\"status\":$1" "$2"
    for field in type title detail; do body_has "\"$field\":" "$2"; done
}

request GET /healthz
expect 200 application/json "healthz"
[ "$(cat "$WORK/body")" = '{"status":"ok"}' ] || fail "healthz body: $(cat "$WORK/body")"
pass "GET /healthz"

request GET /healthz -H 'X-Request-Id: test-42'
[ "$(header X-Request-Id)" = "test-42" ] || fail "X-Request-Id not echoed"
pass "echoes a client's X-Request-Id"

printf 'Monday\t08:35-08:50 Registration SECRET-MARKER\nTuesday\t09:00-10:00 Maths\n' >"$WORK/week.txt"

request POST /api/v1/extract --data-binary @"$WORK/week.txt" -H 'Content-Type: text/plain' -H 'X-Filename: week.txt'
expect 200 application/json "raw upload"
body_has '"schema":"timetable/v1"' "raw upload"
body_has '"type":"text"' "raw upload"
body_has '"filename":"week.txt"' "raw upload"
body_has '"timeblocks":[' "raw upload"
pass "POST /api/v1/extract, raw body"

request POST '/api/v1/extract?filename=from%20query.txt' --data-binary @"$WORK/week.txt"
expect 200 application/json "raw upload, query filename"
body_has '"filename":"from query.txt"' "raw upload, query filename"
pass "POST /api/v1/extract?filename="

request POST /api/v1/extract -F "file=@$WORK/week.txt"
expect 200 application/json "multipart upload"
body_has '"schema":"timetable/v1"' "multipart upload"
body_has '"filename":"week.txt"' "multipart upload"
pass "POST /api/v1/extract, multipart/form-data"

request POST /api/v1/extract -F "other=@$WORK/week.txt"
problem 400 "multipart without file field"
body_has '"field":"file"' "multipart without file field"
request POST /api/v1/extract -H 'Content-Type: multipart/form-data; boundary=zzz' --data-binary 'not multipart at all'
problem 400 "bad multipart"
pass "multipart without a file field or malformed: 400"

request POST /api/v1/extract --data-binary ''
problem 400 "empty body"
body_has '"field":"file"' "empty body"
pass "empty body: 400"

python3 -c 'import os, sys; sys.stdout.buffer.write(b"\x00\xff" + os.urandom(8192))' >"$WORK/random.bin"
request POST /api/v1/extract --data-binary @"$WORK/random.bin" -H 'Content-Type: application/octet-stream'
problem 415 "random binary"
pass "random binary: 415"

head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$WORK/big.txt"
request POST /api/v1/extract --data-binary @"$WORK/big.txt"
problem 413 "oversized body (Expect: 100-continue)"
request POST /api/v1/extract --data-binary @"$WORK/big.txt" -H 'Expect:'
problem 413 "oversized body (no Expect)"
request POST /api/v1/extract --data-binary @"$WORK/big.txt" -H 'Transfer-Encoding: chunked'
problem 413 "oversized body (chunked)"
pass "oversized body: 413 (Content-Length, no Expect, chunked)"

request GET /nope
problem 404 "unknown route"
request POST /healthz
problem 405 "wrong method"
[ "$(header Allow)" = "GET, HEAD" ] || fail "405 Allow: '$(header Allow)'"
request GET /api/v1/extract
problem 405 "GET on extract"
[ "$(header Allow)" = "POST" ] || fail "405 Allow on extract: '$(header Allow)'"
pass "404, 405 with Allow"

connects=$(curl -s -o /dev/null -o /dev/null -w '%{num_connects} ' "$BASE/healthz" "$BASE/healthz")
[ "$connects" = "1 0 " ] || fail "keep-alive: connects per request '$connects', expected '1 0 '"
pass "keep-alive reuses the connection"

grep -q '"msg":"request","method":"POST","route":"/api/v1/extract","status":415' "$WORK/server.log" ||
    fail "no access log line for the 415"
grep -q '"request_id":"test-42"' "$WORK/server.log" || fail "access log lacks the request id"
grep -q '"duration_ms":' "$WORK/server.log" || fail "access log lacks duration_ms"
! grep -q 'SECRET-MARKER' "$WORK/server.log" || fail "the access log contains a request body"
! grep -q 'from query' "$WORK/server.log" || fail "the access log contains a query string"
pass "access log: JSON lines with method, route, status, duration, request id; no bodies"

request GET '/healthz?signature=SIG-SECRET-MARKER' -H 'Authorization: Bearer TOKEN-SECRET-MARKER'
expect 200 application/json "healthz with credentials"
request GET /nope/USER-ID-MARKER
! grep -q 'SECRET-MARKER' "$WORK/server.log" || fail "the log contains a token or a signature"
! grep -q 'USER-ID-MARKER' "$WORK/server.log" || fail "the log contains a raw path"
grep -q '"route":"unmatched","status":404' "$WORK/server.log" || fail "no access log line for the 404"
pass "access log: no Authorization header, no query string, no raw path"

request GET /healthz
[ "$(header X-Content-Type-Options)" = nosniff ] || fail "no X-Content-Type-Options"
[ "$(header X-Frame-Options)" = DENY ] || fail "no X-Frame-Options"
[ "$(header Referrer-Policy)" = no-referrer ] || fail "no Referrer-Policy"
[ "$(header Cache-Control)" = no-store ] || fail "no Cache-Control: no-store"
header Content-Security-Policy | grep -q "default-src 'none'" || fail "no strict Content-Security-Policy"
request POST /api/v1/extract --data-binary ''
[ "$(header X-Frame-Options)" = DENY ] || fail "no security headers on a problem answer"
pass "security headers on every answer"

request OPTIONS /api/v1/extract -H 'Origin: https://app.example.org' -H 'Access-Control-Request-Method: POST'
[ "$STATUS" = 204 ] || fail "allowed preflight: status $STATUS"
[ "$(header Access-Control-Allow-Origin)" = https://app.example.org ] || fail "allowed preflight: no Allow-Origin"
[ "$(header Access-Control-Allow-Methods)" = POST ] || fail "allowed preflight: methods '$(header Access-Control-Allow-Methods)'"
[ -n "$(header Access-Control-Max-Age)" ] || fail "allowed preflight: no Max-Age"
request OPTIONS /api/v1/extract -H 'Origin: https://evil.test' -H 'Access-Control-Request-Method: POST'
[ "$STATUS" = 204 ] || fail "denied preflight: status $STATUS"
[ -z "$(header Access-Control-Allow-Origin)" ] || fail "denied preflight has CORS headers"
request GET /healthz -H 'Origin: https://app.example.org'
[ "$(header Access-Control-Allow-Origin)" = https://app.example.org ] || fail "allowed origin: no Allow-Origin"
header Vary | grep -q Origin || fail "no Vary: Origin"
pass "CORS: allow-list from --cors-origins, preflight allowed and denied"

request GET /readyz
expect 200 application/json "readyz"
body_has '"status":"ready"' "readyz"
pass "GET /readyz"

request GET /metrics
[ "$STATUS" = 200 ] || fail "metrics: status $STATUS"
header Content-Type | grep -q '^text/plain; version=0.0.4' || fail "metrics: Content-Type '$(header Content-Type)'"
body_has 'ly_http_requests_total{route="/api/v1/extract",method="POST",status="415"} 1' "metrics"
body_has 'ly_http_request_duration_seconds_bucket{route="/healthz",method="GET",status="200",le="+Inf"}' "metrics"
body_has 'ly_http_requests_in_flight 1' "metrics"
body_has 'ly_extraction_duration_seconds_count{outcome="unsupported_type"} 1' "metrics"
! grep -q 'USER-ID-MARKER' "$WORK/body" || fail "metrics name a raw path"
grep -v '^#' "$WORK/body" | grep -vqE '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eE]+(Inf)?$' &&
    fail "metrics: a line is not a sample: $(grep -v '^#' "$WORK/body" | grep -vE '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eE]+(Inf)?$' | head -n1)"
pass "GET /metrics: Prometheus text with requests by route and status, extraction durations"

# Graceful stop: an idle keep-alive connection must not hold the server, and
# a slow upload in flight must still be answered.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
IDLE_FD_OPEN=1
head -c $((600 * 1024)) /dev/zero | tr '\0' 'b' >"$WORK/slow.txt"
curl -s -o "$WORK/slow_body" -w '%{http_code}' --limit-rate 200K -H 'Expect:' \
    --data-binary @"$WORK/slow.txt" "$BASE/api/v1/extract" >"$WORK/slow_status" &
SLOW_PID=$!
sleep 1
kill -TERM "$SERVER_PID"
stopped_at=$(date +%s)
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=""
elapsed=$(($(date +%s) - stopped_at))
wait "$SLOW_PID" || fail "the upload in flight failed"
[ "$rc" = 0 ] || fail "SIGTERM: exit code $rc, expected 0"
[ "$(cat "$WORK/slow_status")" = 200 ] || fail "upload in flight answered $(cat "$WORK/slow_status"), expected 200"
grep -q '"schema":"timetable/v1"' "$WORK/slow_body" || fail "upload in flight: not a timetable"
[ "$elapsed" -le 10 ] || fail "shutdown took ${elapsed}s: the idle connection held it"
grep -q '"msg":"stopped"' "$WORK/server.log" || fail "no stopped line"
pass "SIGTERM: finishes the request in flight, closes idle connections, exits 0 (${elapsed}s)"

# Cannot start: the data directory is a file.
touch "$WORK/not-a-dir"
rc=0
"$LY" serve --port 0 --data-dir "$WORK/not-a-dir/data" 2>"$WORK/fail.log" || rc=$?
[ "$rc" = 1 ] || fail "unusable data dir: exit code $rc, expected 1"
grep -q 'cannot create the data directory' "$WORK/fail.log" || fail "unusable data dir: $(cat "$WORK/fail.log")"
pass "an unusable data directory fails with a clear message"

# Rate limit: a second server whose API allows two requests, then one a minute.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$LY" serve --address 127.0.0.1 --port "$PORT" --data-dir "$WORK/data2" --api-rate-per-min 1 --api-burst 2 \
    --io-threads 1 --worker-threads 1 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -sf -o /dev/null "$BASE/readyz" && break
    sleep 0.1
done
for i in 1 2; do
    request POST /api/v1/extract --data-binary @"$WORK/week.txt"
    expect 200 application/json "request $i within the burst"
done
request POST /api/v1/extract --data-binary @"$WORK/week.txt"
problem 429 "over the rate limit"
retry_after=$(header Retry-After)
[[ "$retry_after" =~ ^[0-9]+$ ]] && [ "$retry_after" -ge 55 ] && [ "$retry_after" -le 60 ] ||
    fail "429 Retry-After '$retry_after', expected the wait for one request at 1 a minute"
body_has '"type":"urn:ly:problem:rate_limited"' "over the rate limit"
request GET /healthz
expect 200 application/json "healthz is not limited"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "the rate-limited server did not stop cleanly"
SERVER_PID=""
pass "rate limit: 429 with Retry-After after the burst"

echo "serve_test: all passed"
