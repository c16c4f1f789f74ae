"""The cost of one write to the check cache (posters.schema.checked) with a full cache.

Fills a temporary check cache with ``--entries`` entries (nine in ten empty pass files,
one in ten small findings files, as a developer's cache is), laid out as the tree's
version of posters.schema.checked keeps them, then times ``--writes`` RememberedFindings
writes (each one trims as the code does) and as many Remembered passes, in CPU time.
Run it once per tree to compare (``--tree``); the tree's package is imported.

    .venv/bin/python benchmarks/check_cache_bench.py --tree /work/wt/merge --tree .
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import hashlib, json, os, sys, time
from pathlib import Path
entries, writes, folder, layout = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
os.environ["POSTERS_CHECK_CACHE"] = str(folder)
from posters.schema import checked
sharded = hasattr(checked, "entry_path")
folder.mkdir(parents=True, exist_ok=True)
if sharded and layout == "current":
    (folder / checked.TAG).write_text("tagged")
for number in range(entries):
    key = hashlib.sha256(f"old {number}".encode()).hexdigest()
    place = folder / key[:2] if sharded and layout == "current" else folder
    place.mkdir(exist_ok=True)
    if number % 10:
        (place / key).touch()
    else:
        (place / f"{key}.json").write_text('{"value": [1, 2, 3]}')
checked._key("warm", b"")  # the tool's fingerprint, once per process: not timed
times = {}
for kind in ("findings", "pass"):
    start = time.process_time()
    for number in range(writes):
        if kind == "findings":
            checked.RememberedFindings("bench", str(number).encode(), []).remember([number])
        else:
            checked.Remembered("bench", data=str(number).encode()).remember()
    times[kind] = (time.process_time() - start) / writes * 1e3
left = sum(len(files) for _, _, files in os.walk(folder))
print(json.dumps({"sharded": sharded, "layout": layout, **times, "files_after": left}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", type=Path, required=True)
    parser.add_argument("--entries", type=int, default=35_000)
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--layout", choices=["current", "flat"], default="current",
                        help="flat: the cache as earlier versions left it (a sharded "
                             "tree clears it on its first write)")
    args = parser.parse_args()
    for round_ in range(args.rounds):
        for tree in args.tree:
            with tempfile.TemporaryDirectory() as scratch:
                env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
                result = subprocess.run(
                    [sys.executable, "-c", CHILD, str(args.entries), str(args.writes),
                     str(Path(scratch) / "checks"), args.layout],
                    env=env, cwd=scratch, check=True, capture_output=True, text=True)
                measured = json.loads(result.stdout)
                print(f"round {round_ + 1} {tree}: findings write {measured['findings']:.2f} "
                      f"CPU-ms, pass write {measured['pass']:.2f} CPU-ms, "
                      f"files left {measured['files_after']} (sharded: {measured['sharded']})")


if __name__ == "__main__":
    main()
