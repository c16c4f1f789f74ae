"""The whole sample campaign through the CLI: cold, unchanged, and one catalog changed.

    .venv/bin/python benchmarks/build_bench.py [--jobs N] [--draft] [--catalog LANG]...
    .venv/bin/python benchmarks/build_bench.py --reuse OUT [--rounds 5]

Runs `posters build` in a fresh process each time (as a user does), into a temporary
output folder: cold (--force), again with nothing changed, and after each of the given
catalogs changed (Arabic, the slowest language, and Thai, a typical one, by default);
for the default build (every regional variant) and for the generic outputs alone.
Targets on a 2-core machine: cold < 10 s, unchanged < 0.3 s, one catalog < 1.5 s.

With --reuse OUT, only the unchanged build of content/tip-2023 into OUT (a folder a build
of it went to before: no cold build), --rounds times each: answered by the build record
(posters.build.record), and with the record removed before each run (the normal path,
which loads and checks the campaign and fingerprints every output).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str]) -> tuple[float, str]:
    """The build's wall time and its last line, with the CPU seconds of the process and
    its workers (which a shared machine's load does not inflate as much as the wall)."""
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run([sys.executable, "-m", "posters", "build", *args], cwd=ROOT,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    return elapsed, (f"{_children_cpu() - cpu:6.2f} CPU-s, load {os.getloadavg()[0]:.1f}; "
                     + result.stdout.strip().splitlines()[-1])


MATRICES = {
    # the default build: every language and format, generic and one per region where
    # the format shows local contacts (478 PDFs for the sample)
    "regions": [],
    # the same without regional variants (70 PDFs)
    "generic": ["--region", "generic"],
}


def measure(args: argparse.Namespace, matrix: list[str]) -> tuple[list, int]:
    with tempfile.TemporaryDirectory() as scratch:
        campaign = Path(scratch) / "tip-2023"
        shutil.copytree(ROOT / "content" / "tip-2023", campaign)
        out = Path(scratch) / "out"
        common = [str(campaign), "--out", str(out), "-j", args.jobs, *matrix]
        common += ["--draft"] if args.draft else []
        for variant in args.variant:
            common += ["--variant", variant]
        rows = [("cold", *run([*common, "--force"]))]
        rows.append(("unchanged", *run(common)))
        for lang in args.catalog:
            catalog = campaign / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
            if not catalog.is_file():
                sys.exit(f"no catalog {catalog}")
            with catalog.open("a", encoding="utf-8") as po:
                po.write("\n# benchmark: a changed catalog\n")
            rows.append((f"one catalog ({lang})", *run(common)))
        return rows, len(list(out.rglob("*.pdf")))


def unchanged_only(out: Path, jobs: str, rounds: int) -> None:
    import statistics

    common = [str(ROOT / "content" / "tip-2023"), "--out", str(out), "-j", jobs]
    print(f"bringing {out} up to date: {run(common)[1]}")
    record = out / "tip-2023" / ".build-record.json"
    figures: dict[str, list[tuple[float, float]]] = {"record": [], "normal path": []}
    summaries = {}
    for _ in range(rounds):
        for how, rows in figures.items():
            if how == "normal path":
                record.unlink(missing_ok=True)
            load = os.getloadavg()[0]
            seconds, summaries[how] = run(common)
            rows.append((seconds, load))
    print(f"{'unchanged':16} {'median s':>8} {'min-max s':>11} load  summary")
    for how, rows in figures.items():
        walls = [w for w, _ in rows]
        loads = [x for _, x in rows]
        print(f"{how:16} {statistics.median(walls):8.2f} {min(walls):5.2f}-{max(walls):<5.2f} "
              f"{min(loads):.1f}-{max(loads):.1f} {summaries[how]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, metavar="OUT",
                        help="measure only the unchanged build into OUT (built before)")
    parser.add_argument("--rounds", type=int, default=5, help="with --reuse")
    parser.add_argument("--jobs", "-j", default=str(len(os.sched_getaffinity(0))))
    parser.add_argument("--draft", action="store_true")
    parser.add_argument("--variant", action="append", default=[])
    # Arabic is the slowest language to build (one ActualText span per cluster), Thai a
    # typical one; each is changed and rebuilt in turn.
    parser.add_argument("--catalog", action="append", default=None, metavar="LANG",
                        help="change this language's catalog and rebuild (default: ar, th)")
    parser.add_argument("--matrix", action="append", choices=sorted(MATRICES), default=None,
                        help="regions: the default build; generic: without regional "
                             "variants (default: both)")
    args = parser.parse_args()
    if args.reuse:
        unchanged_only(args.reuse.resolve(), args.jobs, args.rounds)
        return
    args.catalog = args.catalog or ["ar", "th"]
    for name in args.matrix or list(MATRICES):
        rows, pdfs = measure(args, MATRICES[name])
        print(f"\n{name}: {pdfs} PDFs")
        print(f"{'build':28} {'seconds':>8}  CPU, load and summary")
        for label, seconds, summary in rows:
            print(f"{label:28} {seconds:8.2f}  {summary}")
        print(f"cold: {pdfs / rows[0][1]:.1f} outputs/s")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of one build process {peak:.0f} MiB")


if __name__ == "__main__":
    main()
