"""Add the ICC registry's characterization target tag to a profile made from registered
data: 'targ' = "ICCHDAT <reference name>" (https://www.color.org/registry2.xalter asks
every profile built from registered data to carry it). ICC v2 profiles, no profile ID.

    python tools/icc_char_target.py posters/print/profiles/FOGRA39.icc FOGRA39
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path


def add_char_target(data: bytes, reference: str) -> bytes:
    count = struct.unpack(">I", data[128:132])[0]
    entries = [struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i]) for i in range(count)]
    entries = [e for e in entries if e[0] != b"targ"]
    body_start = 132 + 12 * count
    body = data[body_start:]
    shift = 12 * (len(entries) + 1) - 12 * count
    tagged = [(sig, offset + shift, size) for sig, offset, size in entries]
    text = b"text" + b"\0" * 4 + f"ICCHDAT {reference}".encode("ascii") + b"\0"
    while len(body) % 4:
        body += b"\0"
    tagged.append((b"targ", 132 + 12 * len(tagged) + 12 + len(body), len(text)))
    table = struct.pack(">I", len(tagged)) + b"".join(struct.pack(">4sII", *e) for e in tagged)
    out = data[:128] + table + body + text
    out += b"\0" * (-len(out) % 4)
    return struct.pack(">I", len(out)) + out[4:]


if __name__ == "__main__":
    path, reference = Path(sys.argv[1]), sys.argv[2]
    path.write_bytes(add_char_target(path.read_bytes(), reference))
