"""Lay out and render the sample poster in every language, cold and warm, in one process.

    .venv/bin/python benchmarks/poster_bench.py [--size jis-b2] [--draft]

Cold is the first time a language is set in this process (fonts load, shaping caches are
empty); warm is the same poster again. Prints a table and the total warm time for all
languages (target: under 0.5 s on a 2-core machine).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posters.i18n.lookups import catalog_lookups  # noqa: E402
from posters.layout import compose_page, load_layout  # noqa: E402
from posters.localize import localize  # noqa: E402
from posters.render import DocumentInfo, render_document  # noqa: E402
from posters.render.pdf import PRINT  # noqa: E402
from posters.schema.campaign import load_campaign  # noqa: E402
from posters.sizes import paper_size  # noqa: E402
from posters.text import TextEngine  # noqa: E402


def one(engine, campaign, lang, lookup, description, size, target):
    started = time.perf_counter()
    page = compose_page(localize(campaign, lang, lookup), description, size, engine)
    laid_out = time.perf_counter()
    info = DocumentInfo(page.title, campaign.meta.organisation, "benchmark", lang)
    render_document((page,), engine.base_font(), target, PRINT, info)
    return laid_out - started, time.perf_counter() - laid_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="jis-b2")
    parser.add_argument("--draft", action="store_true")
    args = parser.parse_args()
    campaign, _ = load_campaign(ROOT / "content" / "tip-2023")
    description, size = load_layout("poster"), paper_size(args.size)
    started = time.perf_counter()
    engine = TextEngine.default()
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for lang in campaign.meta.languages:
            lookup, problems = catalog_lookups(campaign, lang, args.draft)
            if any(p.level.value == "error" for p in problems):
                print(f"{lang}: skipped, catalog errors (try --draft)")
                continue
            target = Path(out) / f"{lang}.pdf"
            cold = one(engine, campaign, lang, lookup, description, size, target)
            warm = one(engine, campaign, lang, lookup, description, size, target)
            rows.append((lang, cold, warm, target.stat().st_size))
    total = time.perf_counter() - started
    print(f"{'lang':8} {'cold layout':>12} {'cold render':>12} {'warm layout':>12} "
          f"{'warm render':>12} {'PDF KiB':>8}")
    for lang, cold, warm, size_bytes in rows:
        print(f"{lang:8} {cold[0] * 1000:10.1f}ms {cold[1] * 1000:10.1f}ms "
              f"{warm[0] * 1000:10.1f}ms {warm[1] * 1000:10.1f}ms {size_bytes / 1024:8.0f}")
    warm_total = sum(w[0] + w[1] for _, _, w, _ in rows)
    cold_total = sum(c[0] + c[1] for _, c, _, _ in rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{len(rows)} posters: cold {cold_total:.2f} s, warm {warm_total:.2f} s "
          f"(target < 0.5 s); whole run {total:.2f} s; peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
