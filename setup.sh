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

# Debian/Ubuntu split venv (and ensurepip) out of the interpreter package.
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing python3-venv (Debian/Ubuntu ship venv separately)"
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq python3-venv
    else
        echo "setup: this Python has no venv module; install it and run again" >&2; exit 1
    fi
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $PYTHON"
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
echo "setup: installing posters and its dependencies"
.venv/bin/python -m pip install --quiet -e '.[test]'

echo "setup: preparing fonts (static instances, cached; slow only the first time)"
.venv/bin/posters fonts install

echo "setup: building the sample campaign"
.venv/bin/posters build
