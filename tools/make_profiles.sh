#!/bin/sh
# Rebuild the free CMYK output profiles in posters/print/profiles/ from the registered
# characterization data Debian's icc-profiles-free ships (zlib licence), with Argyll's
# colprof (Debian package argyll; only needed to regenerate, never at build time).
#   apt-get install icc-profiles-free argyll && tools/make_profiles.sh
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/posters/print/profiles"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tools="$(cd "$(dirname "$0")" && pwd)"
cd "$work"
make() {  # data file, total ink limit %, output name, description, data credit, registry name
    cp "/usr/share/color/icc/$1.ti3" .
    colprof -qm -nc -kr -l"$2" -D "$4" \
        -C "Profile: public domain (CC0). Characterization data: $5, via icc-profiles-free" "$1"
    cp "$1.icc" "$out/$3"
    python3 "$tools/icc_char_target.py" "$out/$3" "$6"  # the registry's 'ICCHDAT <name>'
}
make FOGRA39L 330 FOGRA39.icc \
    "FOGRA39 (Coated FOGRA39): built by posters from Fogra's FOGRA39L data (icc-profiles-free)" \
    "FOGRA39L, Fogra, www.fogra.org (zlib licence)" FOGRA39
make TR003 300 CGATS-TR003.icc \
    "CGATS TR 003 (SWOP grade 3): built by posters from ANSI CGATS TR 003-2007 data" \
    "ANSI CGATS/SWOP TR 003-2007 (source of the characterization data)" "CGATS TR 003"
make TR006 320 CGATS-TR006.icc \
    "CGATS TR 006 (GRACoL coated #1): built by posters from ANSI CGATS TR 006-2007 data" \
    "ANSI CGATS/GRACoL TR 006-2007 (source of the characterization data)" "CGATS TR 006"
