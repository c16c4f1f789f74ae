#!/usr/bin/env bash
# Sets everything up and builds the sample campaign:
#   a virtual environment in .venv, the Python dependencies (fonts included: they come as
#   PyPI packages), static font instances in the user's cache, then `posters build`.
# Safe to run again: each step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}

PYTHON=$(find_python) || { echo "setup: Python 3.11 or newer is needed" >&2; exit 1; }

# System packages, on Debian/Ubuntu only (elsewhere the tests that need them are skipped):
#   python3-venv  Debian/Ubuntu ship venv separately from Python
#   poppler-utils pdftotext/pdffonts: a second, independent reader of our PDFs in tests
#   qpdf          `qpdf --check`: the tests check our PDFs with the qpdf program too
#   ghostscript   ink coverage checks; the tests read our PDFs with Ghostscript's
#                 interpreter (conformance warnings, overprint on its CMYK separations)
#   chromium      the proof gallery and the HTML edition are tested in a real headless browser
#   npm           installs axe-core, which checks the HTML edition's accessibility in tests
#   mupdf-tools   mutool: the tests draw PDFs with MuPDF too, a reader that looks a form's
#                 resources up where the specification says (tests/render/test_icon_cache.py)
# fonts-noto-core: the scripts no PyPI package has a Noto font for (Gurmukhi, Gujarati,
# Kannada, Malayalam, Odia, Sinhala, Armenian, Georgian, Cherokee, Thaana, Nastaliq Urdu)
SYSTEM_PACKAGES="poppler-utils qpdf ghostscript chromium mupdf-tools fonts-noto-core"
command -v npm >/dev/null 2>&1 || SYSTEM_PACKAGES="$SYSTEM_PACKAGES npm"
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    SYSTEM_PACKAGES="python3-venv $SYSTEM_PACKAGES"
fi
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for package in $SYSTEM_PACKAGES; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
            missing="$missing $package"
    done
fi
if [ -n "$missing" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "setup: installing system packages:$missing"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
fi
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    echo "setup: this Python has no venv module; install it and run again" >&2; exit 1
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $PYTHON"
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
echo "setup: installing posters and its dependencies"
.venv/bin/python -m pip install --quiet -e '.[test]'

if command -v npm >/dev/null 2>&1; then
    echo "setup: installing the tests' JavaScript (axe-core) into tests/web/node_modules"
    (cd tests/web && npm ci --no-audit --no-fund --silent)
fi

echo "setup: preparing fonts (static instances, cached; slow only the first time)"
.venv/bin/posters fonts install

echo "setup: building the sample campaigns"
.venv/bin/posters build content/tip-2023
.venv/bin/posters build content/us-notice
