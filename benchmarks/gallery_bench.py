"""The proof gallery of the whole sample campaign: cold, unchanged, one output changed.

    .venv/bin/python benchmarks/gallery_bench.py [--jobs N]

Builds every language of content/tip-2023, print and screen, into a temporary folder,
writes the build report, then times make_gallery: cold (every preview rendered), again
with nothing changed (the build calls it at its end, so it must cost almost nothing
against the 0.5 s unchanged-build target), and after one PDF changed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from babel import Locale

    from posters.build import BuildRequest, build
    from posters.gallery import REPORT, make_gallery, write_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        started = time.perf_counter()
        result = build(BuildRequest(ROOT / "content" / "tip-2023", out_dir=out,
                                    variants=("print", "screen"), jobs=args.jobs))
        campaign_out = out / result.campaign.name
        built_at = time.perf_counter()
        if not (campaign_out / REPORT).is_file():  # builds from before the build wrote it
            write_report(campaign_out, result.campaign.meta.id,
                         result.campaign.meta.title.source, [
                             {"path": r.output.path.relative_to(campaign_out).as_posix(),
                              "lang": r.output.lang,
                              "language_name": Locale.parse(r.output.lang.replace("-", "_"))
                              .get_display_name("en"), "format": r.output.format,
                              "size": r.output.size, "variant": r.output.variant,
                              "status": r.status} for r in result.results])
        rows = []

        def timed(name: str) -> None:
            begun = time.perf_counter()
            gallery = make_gallery(campaign_out, jobs=args.jobs)
            seconds = time.perf_counter() - begun
            rows.append((name, seconds, len(gallery.cards), gallery.stats.rendered,
                         gallery.stats.hashed))

        timed("cold")
        for i in range(3):
            timed(f"unchanged #{i + 1}")
        changed = sorted(campaign_out.rglob("*.pdf"))[0]
        changed.write_bytes(changed.read_bytes() + b"\n% changed\n")
        timed(f"one PDF changed ({changed.parent.name}/{changed.name})")
        size = sum(p.stat().st_size for p in (campaign_out / ".previews").glob("*.png"))
    print(f"build (cold, for the fixture): {built_at - started:.1f} s")
    print(f"{'gallery':44} {'seconds':>8} {'outputs':>8} {'rendered':>9} {'hashed':>7}")
    for name, seconds, outputs, rendered, hashed in rows:
        print(f"{name:44} {seconds:8.3f} {outputs:8} {rendered:9} {hashed:7}")
    cold = rows[0]
    print(f"cold: {cold[3] / cold[1]:.1f} outputs rendered per second with {args.jobs} job(s); "
          f"previews {size / 1e6:.1f} MB")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(this process), {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}"
          " MB (largest worker)")


if __name__ == "__main__":
    main()
