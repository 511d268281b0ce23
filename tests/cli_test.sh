#!/usr/bin/env bash
# `ly extract` on bad input: a one-line error, a distinct exit code, never a
# crash. Usage: cli_test.sh LY_BINARY SOURCE_DIR
set -uo pipefail
ly=$1
src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0

# expect CODE DESCRIPTION -- COMMAND...: runs it, checks the exit code, and
# that stderr is one line when the code is non-zero.
expect() {
    local want=$1 what=$2
    shift 3
    "$@" > "$dir/out" 2> "$dir/err"
    local got=$?
    local lines
    lines=$(wc -l < "$dir/err")
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $what: exit $got, want $want; stderr: $(head -c 300 "$dir/err")"
        failed=1
    elif [ "$want" -ne 0 ] && [ "$lines" -ne 1 ]; then
        echo "FAIL $what: want a one-line error, got $lines lines"
        failed=1
    else
        echo "ok   $what (exit $got): $(head -n 1 "$dir/err")"
    fi
}

: > "$dir/empty.pdf"
printf '\x00\x01\x02\x03binary junk' > "$dir/junk.bin"
printf '%%PDF-1.4\nthis is not really a pdf\n' > "$dir/corrupt.pdf"
printf 'PK\x03\x04word/document.xml garbage' > "$dir/corrupt.docx"
printf 'Dear parents,\nThe trip is on Friday.\n' > "$dir/letter.txt"
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$dir/big.txt"
/usr/bin/python3 - "$dir" <<'PY'
import sys, zipfile
d = sys.argv[1]
# A zip bomb: 300 MB of zeros in word/document.xml, a few hundred KB packed.
with zipfile.ZipFile(f"{d}/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(300):
            f.write(chunk)
from reportlab.pdfgen import canvas
c = canvas.Canvas(f"{d}/locked.pdf", encrypt="secret")
c.drawString(72, 720, "Monday 9:00-10:00 Maths")
c.save()
PY

expect 3 "missing file"          -- "$ly" extract "$dir/nope.pdf"
expect 3 "a folder"              -- "$ly" extract "$dir"
expect 4 "empty file"            -- "$ly" extract "$dir/empty.pdf"
expect 5 "unknown binary"        -- "$ly" extract "$dir/junk.bin"
expect 6 "corrupt PDF"           -- "$ly" extract "$dir/corrupt.pdf"
expect 6 "corrupt DOCX"          -- "$ly" extract "$dir/corrupt.docx"
expect 7 "encrypted PDF"         -- "$ly" extract "$dir/locked.pdf"
expect 8 "zip bomb"              -- "$ly" extract "$dir/bomb.docx"
expect 8 "over the size limit"   -- "$ly" extract --max-file-mb 1 "$dir/big.txt"
expect 2 "bad --format"          -- "$ly" extract --format xml "$dir/letter.txt"
expect 0 "no timetable"          -- "$ly" extract "$dir/letter.txt"
if ! grep -q '"timeblocks": \[\]' "$dir/out" || ! grep -q "no timetable found" "$dir/err"; then
    echo "FAIL no timetable: want zero blocks and a warning"
    failed=1
fi
expect 0 "table format"          -- "$ly" extract --format table "$src/tests/fixtures/text/week_list.txt"
grep -q "Registration" "$dir/out" || { echo "FAIL table format: no blocks printed"; failed=1; }
exit $failed
