"""Time laying out and rendering the text specimen per language, cold and warm.

    PYTHONPATH=. python benchmarks/text_bench.py [--repeat 20] [LANG ...]

Cold: the first page of a language in this process (its fonts load, nothing is cached).
Warm: the median of later builds of the same page (fonts loaded, shaping cached).
Peak RSS is the process's high-water mark after the language's cold run.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from posters.render.fonts import font_name
from posters.render.specimen import build_specimen
from posters.text import TextEngine
from posters.text.specimen import specimen_texts


def _build(engine, lang):
    buf = io.BytesIO()
    build_specimen(buf, languages=[lang], engine=engine)
    return len(buf.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    langs = args.langs or list(specimen_texts()[1])

    start = time.perf_counter()
    engine = TextEngine.default()
    font_name(engine.base_font())
    setup = time.perf_counter() - start

    rows = []
    for lang in langs:
        t0 = time.perf_counter()
        size = _build(engine, lang)
        cold = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        warm = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            _build(engine, lang)
            warm.append(time.perf_counter() - t0)
        tracemalloc.start()
        _build(engine, lang)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((lang, cold, statistics.median(warm), min(warm), rss, peak / 2**20, size))

    print(f"engine set-up (config, Noto Sans): {setup * 1000:.0f} ms; warm runs: {args.repeat}")
    print(f"{'lang':8} {'cold ms':>8} {'warm ms':>8} {'best ms':>8} {'peak RSS MB':>12} "
          f"{'warm alloc MB':>14} {'PDF KB':>7}")
    for lang, cold, warm, best, rss, peak, size in rows:
        print(f"{lang:8} {cold * 1000:8.1f} {warm * 1000:8.1f} {best * 1000:8.1f} {rss:12.0f} "
              f"{peak:14.1f} {size / 1024:7.1f}")
    total_cold = sum(r[1] for r in rows)
    total_warm = sum(r[2] for r in rows)
    print(f"{'all':8} {total_cold * 1000:8.1f} {total_warm * 1000:8.1f}")


if __name__ == "__main__":
    main()
