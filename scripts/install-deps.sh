#!/usr/bin/env bash
# Installs every Debian package the project needs to build, test and run.
# This is the one list: nothing else may be installed by hand. Safe to re-run;
# it only calls apt-get when something is missing.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git python3
    clang-14 libclang-rt-14-dev          # libFuzzer for the fuzz targets
    clang-format clang-tidy
    # libraries (see docs/architecture.md for who uses what)
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libcli11-dev libspdlog-dev libfmt-dev
    libpoppler-cpp-dev
    libopencv-core-dev libopencv-imgproc-dev
    # image path (libs/extract/src/image): HEIC/HEIF and TIFF decoding, Tesseract's orientation data
    libheif-dev libtiff-dev tesseract-ocr-osd
    libzip-dev libpugixml-dev zlib1g-dev
    libssl-dev
    # the service (libs/storage, libs/auth): SQLite, argon2id and randomness, JWT
    libsqlite3-dev libsodium-dev libjwt-dev
    libmimalloc-dev                      # the ly binary's allocator: fewer, uncontended allocations per request
    libcurl4-openssl-dev                 # libs/events: webhook targets (HTTP POST with retries); libs/mail: SMTP
    # tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev
    poppler-utils curl time wrk
    python3-docx python3-reportlab
    python3-icalendar                    # parses the .ics export in libs/api's tests
    python3-jsonschema                   # checks real answers against the OpenAPI document (libs/api)
    python3-aiosmtpd                     # the SMTP sink the e-mail tests send to (libs/mail, libs/api)
    # synthetic corpus (make corpus): HTML rendered by headless Chromium, degraded by ImageMagick;
    # chromium also runs the web app's end-to-end tests (web/e2e, playwright-core)
    chromium imagemagick img2pdf
    fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito fonts-comic-neue fonts-urw-base35 fonts-open-sans
    fonts-dancingscript fonts-breip fonts-femkeklaver   # handwriting (the handwritten corpus family)
    # OCR of image cells (libs/extract/src/ocr): Tesseract 5, its English LSTM data; imgcodecs for the tests
    libtesseract-dev libleptonica-dev tesseract-ocr-eng libopencv-imgcodecs-dev
    libpng-dev                           # the prepared page's preview (libs/extract/src/image/encode.cpp)
    # npm tools (below): Node.js, with npm where the nodejs package does not bring it
    nodejs
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Debian's own nodejs package comes without npm; NodeSource's brings it.
if ! command -v npm >/dev/null; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends npm
fi

# npm packages, pinned by their lockfiles: asl-validator checks statemachines/*.asl.json in make test; web/ is the
# teacher's web app (React, Vite, vite-plugin-pwa, idb; Vitest, playwright-core driving Debian's chromium, axe-core).
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$root/tools/asl/node_modules/.bin/asl-validator" ]; then
    echo "install-deps: npm ci in tools/asl" >&2
    (cd "$root/tools/asl" && npm ci --no-audit --no-fund --loglevel=error)
fi
# Also again when the lockfile changed since the last install (npm writes node_modules/.package-lock.json).
if [ ! -d "$root/web/node_modules" ] || [ "$root/web/package-lock.json" -nt "$root/web/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in web" >&2
    (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error)
fi
