#!/usr/bin/env bash
# The real teacher timetables beside the project (../shared/samples) must keep
# their measured accuracy: blocks F1 of `ly extract` at or above the floor
# listed here. Skipped (exit 77) when the samples are not there.
# Usage: samples_test.sh LY_BINARY SOURCE_DIR
set -uo pipefail
ly=$1
src=$2
samples="$src/../shared/samples"
[ -d "$samples" ] || { echo "no samples at $samples: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# document | lowest accepted blocks F1
floors=(
    "Teacher Timetable Example 2.pdf|0.85"
    "Teacher Timetable Example 3.png|0.95"
    "Teacher Timetable Example 1.1.png|0.80"
)
failed=0
for row in "${floors[@]}"; do
    doc=${row%|*}
    floor=${row#*|}
    truth="$samples/${doc%.*}.truth.json"
    if ! "$ly" extract "$samples/$doc" > "$out/pred.json" 2> "$out/err"; then
        echo "FAIL $doc: $(cat "$out/err")"
        failed=1
        continue
    fi
    f1=$(python3 "$src/tools/eval/score.py" --json "$truth" "$out/pred.json" |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["blocks"]["f1"])')
    if python3 -c "import sys; sys.exit(0 if $f1 >= $floor else 1)"; then
        echo "ok   $doc blocks F1 $f1 (floor $floor)"
    else
        echo "FAIL $doc blocks F1 $f1 below $floor"
        python3 "$src/tools/eval/score.py" -v "$truth" "$out/pred.json"
        failed=1
    fi
done
exit $failed
