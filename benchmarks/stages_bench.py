"""Where a build's time goes: each stage's time per output, in one process.

    .venv/bin/python benchmarks/stages_bench.py [LANG ...]   (default: en th ja ar)
    .venv/bin/python benchmarks/stages_bench.py --format poster --size jis-b2 \\
        --variant print --region generic          (the 17 posters of #20's Typst comparison)

Builds the given languages (every format and regional variant unless filtered) with one
worker (so that the stages are timed where they run), --force, into a temporary folder,
and adds up the CPU time (of this process: the machine is shared) spent in each stage:
compose (layout), render (ReportLab), pdfx
(pikepdf: PDF/X or the screen finish), preflight (the checks a build runs on each file),
job sheet, previews rendered in the build (PDFium) and the gallery page at the end.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import posters.build.pipeline as pipeline  # noqa: E402
import posters.build.write as output  # noqa: E402
import posters.gallery.previews as previews  # noqa: E402
import posters.layout.compose as compose  # noqa: E402
from posters.build import BuildRequest, build  # noqa: E402

STAGES = (  # (module, function, stage)
    (compose, "compose_document", "compose"),
    (output, "render_document", "render"),
    (output, "make_pdfx", "pdfx"),
    (output, "finish_screen", "pdfx"),
    (output, "preflight", "preflight"),
    (output, "write_sheet", "job sheet"),
    (previews, "prerender", "previews"),
    (pipeline, "_write_gallery", "gallery"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=[])
    parser.add_argument("--format", action="append", default=[])
    parser.add_argument("--size", action="append", default=[])
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--region", action="append", default=[])
    parser.add_argument("--together", action="store_true",
                        help="one build of all the languages (default: one per language)")
    parser.add_argument("--no-share", action="store_true",
                        help="the preflight interprets every file whole, sharing no segment "
                        "between outputs (to compare)")
    args = parser.parse_args()
    if args.no_share:
        import posters.preflight.content as content

        content.SHARING = False
    filtered = args.format or args.size or args.variant or args.region
    languages = args.languages or ([] if filtered else ["en", "th", "ja", "ar"])
    seconds: collections.Counter[str] = collections.Counter()

    def timed(function, stage):  # type: ignore[no-untyped-def]
        @functools.wraps(function)
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            started = time.process_time()
            try:
                return function(*a, **k)
            finally:
                seconds[stage] += time.process_time() - started
        return wrapper

    for module, name, stage in STAGES:
        if hasattr(module, name):
            setattr(module, name, timed(getattr(module, name), stage))
    runs = [tuple(languages)] if args.together or not languages else \
        [(lang,) for lang in languages]
    print(f"load average {os.getloadavg()[0]:.2f}")
    for langs in runs:
        seconds.clear()
        with tempfile.TemporaryDirectory() as scratch:
            request = BuildRequest(ROOT / "content" / "tip-2023", out_dir=Path(scratch),
                                   languages=langs, formats=tuple(args.format),
                                   sizes=tuple(args.size),
                                   variants=tuple(args.variant) or ("print",),
                                   regions=tuple(args.region), force=True, jobs=1)
            started, cpu = time.perf_counter(), time.process_time()
            result = build(request)
            total, cpu = time.perf_counter() - started, time.process_time() - cpu
        count = len(result.results)
        name = " ".join(langs) or "all languages"
        print(f"{name}: {count} outputs in {total:.2f} s wall, {cpu:.2f} CPU-s, "
              f"{cpu / count * 1000:.0f} CPU-ms each")
        for stage, spent in seconds.most_common():
            print(f"  {stage:10} {spent / count * 1000:6.1f} CPU-ms per output")
        other = cpu - sum(seconds.values())
        print(f"  {'rest':10} {other / count * 1000:6.1f} CPU-ms per output (campaign, fonts, "
              "localize, report)")


if __name__ == "__main__":
    main()
