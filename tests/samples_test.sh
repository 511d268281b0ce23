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
source "$src/tests/score_lib.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# document | lowest accepted blocks F1
floors=(
    "Teacher Timetable Example 2.pdf|0.9999"
    "Teacher Timetable Example 3.png|0.9999"
    "Teacher Timetable Example 1.1.png|0.9999"
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
    check_blocks_f1 "$doc" "$truth" "$out/pred.json" "$floor" || failed=1
done
exit $failed
