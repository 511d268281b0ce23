#!/usr/bin/env bash
# Extracts every fixture that has a truth file beside it and scores it with
# tools/eval/score.py. Fixtures are documents we made, so each must score
# blocks F1 = 1.0. Usage: extract_fixtures_test.sh LY_BINARY SOURCE_DIR
set -euo pipefail
ly=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
count=0
for truth in "$src"/tests/fixtures/*/*.truth.json; do
    doc=${truth%.truth.json}
    doc=$(ls "$doc".* | grep -v '\.truth\.json$' | head -n 1)
    name=$(basename "$truth" .truth.json)
    count=$((count + 1))
    if ! "$ly" extract "$doc" > "$out/$name.json" 2> "$out/$name.err"; then
        echo "FAIL $name: ly extract exited non-zero: $(cat "$out/$name.err")"
        failed=1
        continue
    fi
    f1=$(python3 "$src/tools/eval/score.py" --json "$truth" "$out/$name.json" |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["blocks"]["f1"])')
    if python3 -c "import sys; sys.exit(0 if float('$f1') >= 0.9999 else 1)"; then
        echo "ok   $name blocks F1 $f1"
    else
        echo "FAIL $name blocks F1 $f1"
        python3 "$src/tools/eval/score.py" -v "$truth" "$out/$name.json" | sed 's/^/     /'
        failed=1
    fi
done
[ "$count" -gt 0 ] || { echo "no fixtures found"; exit 1; }
exit $failed
