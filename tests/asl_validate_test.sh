#!/usr/bin/env bash
# Every state machine definition passes asl-validator (npm, installed by scripts/install-deps.sh), so the file
# the embedded engine runs deploys to AWS Step Functions unchanged.
# Usage: tests/asl_validate_test.sh PROJECT_ROOT
set -euo pipefail
root=${1:?usage: asl_validate_test.sh PROJECT_ROOT}
validator=$root/tools/asl/node_modules/.bin/asl-validator
[ -x "$validator" ] || { echo "FAIL: no asl-validator; run scripts/install-deps.sh" >&2; exit 1; }
count=0
for definition in "$root"/statemachines/*.asl.json; do
    "$validator" --json-path "$definition"
    count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "FAIL: no statemachines/*.asl.json" >&2; exit 1; }
echo "asl_validate_test: $count definition(s) valid"
