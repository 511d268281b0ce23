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
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
# A PNG header claiming 30000×30000 pixels, and a PNG cut short.
ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
open(f"{d}/huge.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)))
ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
whole = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * (65 * 64))) + chunk(b"IEND", b"")
open(f"{d}/truncated.png", "wb").write(whole[:40])
ihdr = struct.pack(">IIBBBBB", 0, 0, 8, 0, 0, 0, 0)
open(f"{d}/zero.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
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
expect 6 "truncated PNG"         -- "$ly" extract "$dir/truncated.png"
expect 6 "0×0 PNG"               -- "$ly" extract "$dir/zero.png"
expect 8 "30000×30000 PNG"       -- "$ly" extract "$dir/huge.png"
convert -size 400x300 xc:'#d8c8a8' -fill '#3060a0' -draw 'circle 200,150 200,60' "$dir/photo.jpg"
expect 0 "a photo with no table" -- "$ly" extract "$dir/photo.jpg"
grep -q "no timetable found" "$dir/err" || { echo "FAIL photo with no table: want the no-timetable warning"; failed=1; }
expect 0 "no timetable"          -- "$ly" extract "$dir/letter.txt"
if ! grep -q '"timeblocks": \[\]' "$dir/out" || ! grep -q "no timetable found" "$dir/err"; then
    echo "FAIL no timetable: want zero blocks and a warning"
    failed=1
fi
expect 0 "table format"          -- "$ly" extract --format table "$src/tests/fixtures/text/week_list.txt"
grep -q "Registration" "$dir/out" || { echo "FAIL table format: no blocks printed"; failed=1; }

# Engine settings: route thresholds and image steps, as flags or environment.
week="$src/tests/fixtures/text/week_list.txt"
expect 2 "unknown image step"    -- "$ly" extract --skip-image-steps blur "$week"
expect 2 "llm above validated"   -- "$ly" extract --llm-at 0.9 --validated-at 0.5 "$week"
expect 2 "threshold over 1"      -- "$ly" extract --validated-at 1.5 "$week"
expect 0 "route threshold"       -- "$ly" extract --validated-at 1.0 --llm-at 1.0 "$week"
grep -q '"route": "validated"' "$dir/out" || { echo "FAIL route threshold: a read of confidence 1 is validated at 1.0"; failed=1; }
LY_VALIDATED_AT=0.5 LY_LLM_AT=0.9 expect 2 "thresholds from the environment" -- "$ly" extract "$week"
convert -size 300x200 xc:white -fill black -draw 'rectangle 20,20 280,180' "$dir/box.png"
LY_SKIP_IMAGE_STEPS=orient,rectify,deskew,flatten_light,denoise expect 0 "every image step skipped" -- "$ly" extract "$dir/box.png"
exit $failed
