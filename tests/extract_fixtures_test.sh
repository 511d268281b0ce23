#!/usr/bin/env bash
# Extracts every fixture that has a truth file beside it and scores it with
# ../shared/eval/score.py. Fixtures are documents we made, so each must score
# blocks F1 = 1.0. Usage: extract_fixtures_test.sh LY_BINARY SOURCE_DIR
set -euo pipefail
ly=$1
src=$2
source "$src/tests/score_lib.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
count=0
for truth in "$src"/tests/fixtures/*/*.truth.json; do
    doc=$(document_of "$truth")
    name=$(basename "$truth" .truth.json)
    count=$((count + 1))
    if ! "$ly" extract "$doc" > "$out/$name.json" 2> "$out/$name.err"; then
        echo "FAIL $name: ly extract exited non-zero: $(cat "$out/$name.err")"
        failed=1
        continue
    fi
    check_blocks_f1 "$name" "$truth" "$out/$name.json" 0.9999 || failed=1
done
[ "$count" -gt 0 ] || { echo "no fixtures found"; exit 1; }
exit $failed
