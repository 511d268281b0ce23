#!/usr/bin/env bash
# How `ly serve` takes its settings: a TOML --config file (or LY_CONFIG), flags over the file, the file over
# LY_* variables; a misspelt key or a missing file stops it with a message; the JWT key comes from LY_JWT_KEY
# (never written to the data folder) or is generated there; issuer and lifetime reach the tokens.
# Usage: tests/config_test.sh path/to/ly
set -euo pipefail

LY=${1:?usage: config_test.sh path/to/ly}
WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    local rc=$?
    stop_server
    if [ $rc -ne 0 ] && [ -f "$WORK/server.log" ]; then tail -n 20 "$WORK/server.log" >&2; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start ARGS…: starts `ly serve ARGS…` in the background and waits for its "listening on" line.
start() {
    "$LY" serve "$@" 2>"$WORK/server.log" &
    SERVER_PID=$!
    for _ in $(seq 100); do
        grep -q '"msg":"listening on' "$WORK/server.log" 2>/dev/null && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || fail "ly serve $* exited at startup: $(cat "$WORK/server.log")"
        sleep 0.1
    done
    fail "ly serve $* did not start within 10 s"
}
listening_on() { grep -o '"msg":"listening on http://[^"]*"' "$WORK/server.log" | head -n1 | sed 's/.*http:\/\///; s/"$//'; }

FILE_PORT=$(free_port)
cat >"$WORK/ly.toml" <<TOML
# settings of ly serve
[serve]
address = "127.0.0.1"
port = $FILE_PORT
data-dir = "$WORK/data"
jwt-issuer = "issuer-from-file"
access-token-seconds = 120
auth-rate-per-min = 0
TOML

start --config "$WORK/ly.toml"
[ "$(listening_on)" = "127.0.0.1:$FILE_PORT" ] || fail "config file not applied: $(listening_on)"
[ -s "$WORK/data/keys/jwt.key" ] || fail "no JWT key generated into the data folder"
BASE="http://127.0.0.1:$FILE_PORT"
curl -sf -o /dev/null -H 'Content-Type: application/json' \
    -d '{"email":"a@example.org","password":"correct horse battery","name":"A"}' "$BASE/api/v1/auth/register" ||
    fail "register"
curl -sf -H 'Content-Type: application/json' -d '{"email":"a@example.org","password":"correct horse battery"}' \
    "$BASE/api/v1/auth/login" >"$WORK/login.json" || fail "login"
python3 - "$WORK/login.json" <<'PY' || fail "the token does not carry the configured issuer and lifetime"
import base64, json, sys
login = json.load(open(sys.argv[1]))
payload = login["accessToken"].split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
assert claims["iss"] == "issuer-from-file", claims
assert claims["exp"] - claims["iat"] == 120, claims
assert login["expiresIn"] == 120, login
PY
stop_server
pass "a --config file sets address, port, data folder, issuer and token lifetime"

FLAG_PORT=$(free_port)
ENV_PORT=$(free_port)
LY_PORT=$ENV_PORT start --config "$WORK/ly.toml" --port "$FLAG_PORT"
[ "$(listening_on)" = "127.0.0.1:$FLAG_PORT" ] || fail "a flag must win over the file: $(listening_on)"
stop_server
LY_PORT=$ENV_PORT start --config "$WORK/ly.toml"
[ "$(listening_on)" = "127.0.0.1:$FILE_PORT" ] || fail "the file must win over the environment: $(listening_on)"
stop_server
LY_CONFIG="$WORK/ly.toml" start --port "$FLAG_PORT"
[ "$(listening_on)" = "127.0.0.1:$FLAG_PORT" ] || fail "LY_CONFIG not read: $(listening_on)"
grep -q '"data_dir":"'"$WORK/data"'"' "$WORK/server.log" || fail "LY_CONFIG's data-dir not applied"
stop_server
pass "flags over the file over LY_* variables; LY_CONFIG names the file"

printf '[serve]\nprot = 8081\n' >"$WORK/typo.toml"
set +e
"$LY" serve --config "$WORK/typo.toml" 2>"$WORK/err"
rc=$?
set -e
[ $rc = 2 ] || fail "a misspelt key: exit $rc, expected 2"
grep -q "prot" "$WORK/err" || fail "the error does not name the key: $(cat "$WORK/err")"
set +e
LY_CONFIG="$WORK/missing.toml" "$LY" serve 2>"$WORK/err"
rc=$?
set -e
[ $rc = 2 ] || fail "a missing config file: exit $rc, expected 2"
grep -q "missing.toml" "$WORK/err" || fail "the error does not name the file: $(cat "$WORK/err")"
pass "a misspelt key or a missing file stops ly serve with a message naming it"

KEY="a-configured-signing-key-of-more-than-32-bytes"
KEY_PORT=$(free_port)
LY_JWT_KEY=$KEY start --address 127.0.0.1 --port "$KEY_PORT" --data-dir "$WORK/data2"
[ ! -e "$WORK/data2/keys/jwt.key" ] || fail "a configured JWT key must not be written to the data folder"
! grep -q "$KEY" "$WORK/server.log" || fail "the JWT key was logged"
stop_server
set +e
LY_JWT_KEY=tiny-key-xyz "$LY" serve --address 127.0.0.1 --port "$KEY_PORT" --data-dir "$WORK/data3" 2>"$WORK/err"
rc=$?
set -e
[ $rc = 1 ] || fail "a short LY_JWT_KEY: exit $rc, expected 1"
grep -qi "JWT signing key" "$WORK/err" || fail "the error does not say which key: $(cat "$WORK/err")"
! grep -q "tiny-key-xyz" "$WORK/err" || fail "the error repeats the key"
pass "LY_JWT_KEY is used as given, never stored or logged; a short one is refused"

echo "config_test: all passed"
