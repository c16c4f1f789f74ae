"""The proof gallery of the sample campaign: the build's share, then cold, unchanged, one
output changed, and the full-size page images made on request.

    .venv/bin/python benchmarks/gallery_bench.py [--jobs N] [--lang en --lang th ...]

Builds content/tip-2023 (every language unless --lang, print and screen, every region)
into a temporary folder, timing the build (its workers render each output's thumbnail and
a regional variant's differing area; the gallery page is written at its end), then times
make_gallery: cold (no previews: every thumbnail rendered in this process), with nothing
changed (what the end of every build pays), after one PDF changed, and `posters gallery`
making every page's full-size image (``full=True``), which a build no longer does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from posters.build import BuildRequest, build
    from posters.gallery import make_gallery

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--lang", action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        started = time.perf_counter()
        cpu = sum(u.ru_utime + u.ru_stime for u in (
            resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
        result = build(BuildRequest(ROOT / "content" / "tip-2023", out_dir=out,
                                    languages=tuple(args.lang), variants=("print", "screen"),
                                    jobs=args.jobs))
        usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                    resource.RUSAGE_CHILDREN)]
        cpu = sum(u.ru_utime + u.ru_stime for u in usage) - cpu
        built = (time.perf_counter() - started, len(result.results), cpu)
        campaign_out = out / result.campaign.name
        previews = campaign_out / ".previews"
        size = sum(p.stat().st_size for p in previews.glob("*.png"))
        rows = []

        def timed(name: str, full: bool = False) -> None:
            begun = time.perf_counter()
            gallery = make_gallery(campaign_out, jobs=args.jobs, full=full)
            seconds = time.perf_counter() - begun  # wall: the pool's workers are children
            rows.append((name, seconds, len(gallery.cards), gallery.stats.rendered,
                         gallery.stats.pages, gallery.stats.hashed))

        for i in range(3):
            timed(f"unchanged #{i + 1}")
        shutil.rmtree(previews)
        timed("cold (no previews at all)")
        timed("unchanged")
        changed = sorted(campaign_out.rglob("*.pdf"))[0]
        changed.write_bytes(changed.read_bytes() + b"\n% changed\n")
        timed(f"one PDF changed ({changed.parent.name}/{changed.name})")
        timed("full-size pages (posters gallery)", full=True)
        full_size = sum(p.stat().st_size for p in previews.glob("*.png"))
    print(f"build with -j {args.jobs}: {built[1]} outputs in {built[0]:.1f} s wall, "
          f"{built[2]:.1f} CPU-s; its previews {size / 1e6:.1f} MB")
    print(f"{'gallery':44} {'seconds':>8} {'outputs':>8} {'rendered':>9} {'pages':>6} "
          f"{'hashed':>7}")
    for name, seconds, outputs, rendered, pages, hashed in rows:
        print(f"{name:44} {seconds:8.3f} {outputs:8} {rendered:9} {pages:6} {hashed:7}")
    print(f"with every page's image: previews {full_size / 1e6:.1f} MB")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(this process), {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}"
          " MB (largest worker)")


if __name__ == "__main__":
    main()
