"""One poster, whole process: what a user waits for when building one output.

    .venv/bin/python benchmarks/startup_bench.py [--rounds 5] [--tree DIR]... [--lang th]

Runs, in a fresh process each time, `posters build content/tip-2023 --lang en --format
poster --size jis-b2 --variant print --region generic` with --force (the poster made
again) and without (nothing to do: answered by the build record, posters.build.record; and
with the record removed first, the normal path), into a temporary folder, and prints the
median and the range of the wall time, the median CPU time (user + system: the machine's
load weighs on it far less than on the wall time) and the peak memory (/usr/bin/time's
%M). With several --tree (source trees, e.g. a checkout of main and this one), the
trees' runs are interleaved, so that the machine's load weighs on each alike; the load
average is printed beside each figure. Target on a 2-core machine: 0.3 s.

--imports adds the import share of the forced build: the modules it loads (read from one
run under ``-X importtime``) imported in that order by a fresh process, CPU time (the
median and the least of the rounds), which the machine's load blurs far less than a whole
build's time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTER = ["--lang", "en", "--format", "poster", "--size", "jis-b2", "--variant", "print",
          "--region", "generic", "--no-gallery"]


MODES = {"force": "poster (--force)", "record": "nothing to do", "normal": "nothing, no record"}

# imports the modules named on stdin, one a line, in order; prints the CPU seconds taken
_IMPORT_ALL = """
import importlib, sys, time
names = sys.stdin.read().split()
start = time.process_time()
for name in names:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # a platform's module a library tries and does without
print(time.process_time() - start)
"""


def modules_loaded(tree: Path, out: Path) -> list[str]:
    """The modules a forced build of the poster loads, in the order it loads them."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-X", "importtime", "-m", "posters", "build",
               str(tree / "content" / "tip-2023"), "--out", str(out), *POSTER, "--force"]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{tree}: build failed:\n{result.stderr[-2000:]}")
    return [line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:") and line.split("|")[0][12:].strip().isdigit()]


def import_cpu(tree: Path, names: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run([sys.executable, "-c", _IMPORT_ALL], cwd=tree, env=env,
                            input="\n".join(names), capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def run(tree: Path, out: Path, mode: str) -> tuple[float, int, float]:
    force = mode == "force"
    if mode == "normal":
        (out / "tip-2023" / ".build-record.json").unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: byte code cached
    command = ["/usr/bin/time", "-f", "%e %M %U %S", sys.executable, "-m", "posters", "build",
               str(tree / "content" / "tip-2023"), "--out", str(out), *POSTER,
               *(["--force"] if force else [])]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{tree}: build failed:\n{result.stderr[-2000:]}")
    wall, peak, user, system = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(peak), float(user) + float(system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tree", type=Path, action="append",
                        help="a source tree to run (default: this one); repeat to compare")
    parser.add_argument("--gallery", action="store_true", help="write the gallery too")
    parser.add_argument("--imports", action="store_true",
                        help="also time importing what the forced build loads")
    parser.add_argument("--lang", default="en",
                        help="the poster's language (default en, the source language: no "
                             "catalog; th or ar read one)")
    args = parser.parse_args()
    if args.gallery:
        POSTER.remove("--no-gallery")
    POSTER[POSTER.index("--lang") + 1] = args.lang
    trees = [t.resolve() for t in args.tree or [ROOT]]
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as scratch:
        outs = {tree: Path(scratch) / str(i) for i, tree in enumerate(trees)}
        for tree in trees:  # warm up: byte code, font and check caches, the first build
            run(tree, outs[tree], "force")
        figures: dict[tuple[Path, str], list[tuple[float, int, float, float]]] = {}
        for _ in range(args.rounds):
            for mode in MODES:
                for tree in trees:
                    load = os.getloadavg()[0]
                    wall, peak, cpu = run(tree, outs[tree], mode)
                    figures.setdefault((tree, mode), []).append((wall, peak, cpu, load))
        names = {tree: modules_loaded(tree, outs[tree]) for tree in trees} if args.imports else {}
        imports: dict[Path, list[float]] = {}
        for _ in range(args.rounds if args.imports else 0):
            for tree in trees:
                imports.setdefault(tree, []).append(import_cpu(tree, names[tree]))
    print(f"{'tree':40} {'build':18} {'median s':>8} {'min-max s':>11} {'CPU s':>6} "
          f"{'peak MiB':>8} load")
    for (tree, mode), rows in figures.items():
        walls = [w for w, _, _, _ in rows]
        loads = [x for _, _, _, x in rows]
        print(f"{str(tree)[-40:]:40} {MODES[mode]:18} "
              f"{statistics.median(walls):8.2f} {min(walls):5.2f}-{max(walls):<5.2f} "
              f"{statistics.median(c for _, _, c, _ in rows):6.2f} "
              f"{max(p for _, p, _, _ in rows) / 1024:8.0f} {min(loads):.1f}-{max(loads):.1f}")
    for tree, cpus in imports.items():
        print(f"{str(tree)[-40:]:40} {'its imports':18} CPU s median {statistics.median(cpus):.3f}"
              f", least {min(cpus):.3f}, {len(names[tree])} modules")


if __name__ == "__main__":
    main()
