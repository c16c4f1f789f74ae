"""The render stage alone (ReportLab: posters.render.render_document), over the pages of
the 17 JIS B2 print posters of #20's Typst comparison.

    .venv/bin/python benchmarks/render_bench.py [--passes 5]

Builds the 17 posters once with one worker (--force, into a temporary folder), keeping
what each output's render_document was given, then draws them all again ``--passes``
times, each pass from empty text-plan and font-subset caches (as a build of 17 languages
meets them: no text or subset repeats), and prints the least CPU time per output and a
digest of the rendered bytes (the same on every version whose output is the same).

On a shared machine CPU time moves with the other processes; count instructions instead:

    valgrind --tool=callgrind .venv/bin/python benchmarks/render_bench.py --passes 0
    valgrind --tool=callgrind .venv/bin/python benchmarks/render_bench.py --passes 1

the difference is one pass (divide by 17 for an output).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import posters.build.write as output  # noqa: E402
import posters.render.fontfile as fontfile  # noqa: E402
import posters.render.text as text  # noqa: E402
from posters.build import BuildRequest, build  # noqa: E402
from posters.render.pdf import render_document  # noqa: E402


def recorded_inputs() -> list[tuple]:
    """What render_document was given for each of the 17 posters."""
    calls: list[tuple] = []
    original = output.render_document

    def recording(pages, base_font, target, variant, info):  # type: ignore[no-untyped-def]
        calls.append((pages, base_font, variant, info))
        return original(pages, base_font, target, variant, info)

    output.render_document = recording
    try:
        with tempfile.TemporaryDirectory() as scratch:
            build(BuildRequest(ROOT / "content" / "tip-2023", out_dir=Path(scratch),
                               formats=("poster",), sizes=("jis-b2",), variants=("print",),
                               regions=("generic",), force=True, jobs=1))
    finally:
        output.render_document = original
    return calls


def one_pass(calls: list[tuple], digest=None) -> float:  # type: ignore[no-untyped-def]
    text._plans.clear()
    with fontfile._subsets_lock:
        fontfile._subsets.clear()
        fontfile._subsets_size[0] = 0
    started = time.process_time()
    for pages, base_font, variant, info in calls:
        rendered = io.BytesIO()
        render_document(pages, base_font, rendered, variant, info)
        if digest is not None:
            digest.update(rendered.getvalue())
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    calls = recorded_inputs()
    digest = hashlib.sha256()
    one_pass(calls, digest)  # and every per-process cache as a build leaves it
    times = [one_pass(calls) for _ in range(args.passes)]
    line = f"{len(calls)} outputs, rendered bytes {digest.hexdigest()[:16]}"
    if times:
        line += (f"; render {min(times) / len(calls) * 1000:.2f} CPU-ms per output "
                 f"(least of {len(times)} passes)")
    print(line)


if __name__ == "__main__":
    main()
