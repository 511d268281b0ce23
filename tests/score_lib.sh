# Shared by the tests and the benchmark that score `ly extract` output with
# ../shared/eval/score.py (the shared scorer, beside the repository; never
# copied into it). Source it; it defines:
#   document_of TRUTH_JSON          the document beside a truth file (same stem)
#   blocks_f1 TRUTH_JSON PRED_JSON  prints the document's blocks F1
#   check_blocks_f1 NAME TRUTH PRED FLOOR
#                                   prints ok/FAIL (with the scorer's misses);
#                                   returns 1 below the floor

score_py="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/eval/score.py"
if [ ! -f "$score_py" ]; then
    echo "score_lib.sh: the scorer $score_py is missing (it lives in ../shared/eval beside the repository)" >&2
    return 1 2>/dev/null || exit 1
fi

document_of() {
    local stem=${1%.truth.json} doc
    for doc in "$stem".*; do
        case "$doc" in *.truth.json) ;; *) echo "$doc"; return ;; esac
    done
}

blocks_f1() {
    python3 "$score_py" --json "$1" "$2" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["blocks"]["f1"])'
}

check_blocks_f1() {
    local name=$1 truth=$2 pred=$3 floor=$4 f1
    f1=$(blocks_f1 "$truth" "$pred")
    if python3 -c "import sys; sys.exit(0 if $f1 >= $floor else 1)"; then
        echo "ok   $name blocks F1 $f1 (floor $floor)"
        return 0
    fi
    echo "FAIL $name blocks F1 $f1 below $floor"
    python3 "$score_py" -v "$truth" "$pred" | sed 's/^/     /'
    return 1
}
