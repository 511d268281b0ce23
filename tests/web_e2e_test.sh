#!/usr/bin/env bash
# The web app end to end: Debian's Chromium (playwright-core) against `ly serve --web-root web/dist`, which each
# test file starts on a free loopback port with a fresh data folder (web/e2e/*.test.mjs).
set -euo pipefail
ly=$1
root=$2
if [ ! -f "$root/web/dist/index.html" ]; then
    echo "web/dist is not built (make build builds it)" >&2
    exit 1
fi
cd "$root/web"
LY_BIN=$ly exec node --test --test-concurrency=1 e2e/
