"""Where a build's time goes: each stage's time per output, in one process.

    .venv/bin/python benchmarks/stages_bench.py [LANG ...]   (default: en th ja ar)

Builds every format and regional variant of the given languages with one worker (so
that the stages are timed where they run), --force, into a temporary folder, and adds
up the time spent in each stage: compose (layout), render (ReportLab), pdfx (pikepdf),
preflight (the checks a build runs on each file) and previews (the gallery's images,
rendered by PDFium from the file).
"""

from __future__ import annotations

import argparse
import collections
import functools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import posters.build.write as output  # noqa: E402
import posters.gallery.previews as previews  # noqa: E402
import posters.layout.compose as compose  # noqa: E402
from posters.build import BuildRequest, build  # noqa: E402

STAGES = (  # (module, function, stage)
    (compose, "compose_document", "compose"),
    (output, "render_document", "render"),
    (output, "make_pdfx", "pdfx"),
    (output, "preflight", "preflight"),
    (previews, "prerender", "previews"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=["en", "th", "ja", "ar"])
    args = parser.parse_args()
    seconds: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()

    def timed(function, stage):  # type: ignore[no-untyped-def]
        @functools.wraps(function)
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                seconds[stage] += time.perf_counter() - started
                calls[stage] += 1
        return wrapper

    for module, name, stage in STAGES:
        setattr(module, name, timed(getattr(module, name), stage))
    for lang in args.languages:
        seconds.clear()
        calls.clear()
        with tempfile.TemporaryDirectory() as scratch:
            request = BuildRequest(ROOT / "content" / "tip-2023", out_dir=Path(scratch),
                                   languages=(lang,), force=True, jobs=1)
            started = time.perf_counter()
            result = build(request)
            total = time.perf_counter() - started
        count = len(result.results)
        print(f"{lang}: {count} outputs in {total:.2f} s, {total / count * 1000:.0f} ms each")
        for stage, spent in seconds.most_common():
            print(f"  {stage:10} {spent / count * 1000:6.1f} ms per output")


if __name__ == "__main__":
    main()
