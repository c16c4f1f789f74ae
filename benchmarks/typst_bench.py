"""#20's yardstick: the sample's 17 JIS B2 print posters, by posters and by Typst.

    .venv/bin/python benchmarks/typst_bench.py [--pairs 5] [--keep DIR] [--also TREE]
    .venv/bin/python benchmarks/typst_bench.py --sizes [--also TREE]

posters: ``posters build content/tip-2023 --format poster --size jis-b2 --variant print
--region generic --force`` as a user runs it (a new process; its file written, PDF/X,
checked, previewed for the gallery).

Typst (``pip install '.[bench]'``: the ``typst`` package from PyPI, 0.15): the template
benchmarks/typst/poster.typ compiles the same poster into 17 PDFs in one new process: the
same boxes (the pages posters lays out, read from its layout before timing starts), the
same text (each box's text from the catalogs, set by Typst in the box at posters' size,
font, weight, colour and alignment), the same font files (only those, no system fonts),
the same icons, QR code modules, bleed and crop marks, CMYK colours. Typst does less:
no PDF/X output intent, no preflight, no previews, no fitting of text to its box.

The two are run interleaved, ``--pairs`` times; the walls and CPU seconds (user + system
of the process and its children) of each run, their medians and the ratios are printed,
with the load average, and the sizes of the files each wrote (item 4 of #20).

``--sizes`` times nothing: it builds the screen and print variants once and prints, per
language, the screen file against Typst's and the print file less its output profile
stream (what Typst, with no output intent, does not carry) against Typst's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "benchmarks" / "typst" / "poster.typ"
CAMPAIGN = ROOT / "content" / "tip-2023"
FILTERS = ["--format", "poster", "--size", "jis-b2", "--variant", "print",
           "--region", "generic"]


def export(data_dir: Path) -> None:
    """Lay out the 17 posters with posters and write what Typst needs: one JSON file per
    language and a folder of (links to) the font files the layout uses."""
    sys.path.insert(0, str(ROOT))
    import typst

    from posters.build import BuildRequest
    from posters.build.request import plan
    from posters.build.task import LanguageTask
    from posters.i18n.lookups import catalog_lookups
    from posters.layout.compose import compose_document
    from posters.layout.description import load_layout
    from posters.layout.geometry import Fill, Icon, QrCode, Stroke, TextFrame
    from posters.render.pdf import PRINT, QR_QUIET_MODULES, qr_matrix
    from posters.sizes import paper_size

    request = BuildRequest(CAMPAIGN, formats=("poster",), sizes=("jis-b2",),
                           regions=("generic",))
    campaign, outputs, _ = plan(request)
    task = LanguageTask(request, campaign, None, catalog_lookups)
    variant = PRINT if campaign.bleed_mm is None else \
        type(PRINT)("print", bleed_mm=campaign.bleed_mm)
    margin, bleed = variant.margin, variant.bleed
    fonts_dir = data_dir / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    pages = {}
    for output in outputs:
        localized, _ = task.localized(output.lang)
        pages[output.lang] = compose_document(localized, load_layout("poster", campaign.root),
                                              paper_size("jis-b2"), task.engine, None)[0]
        for item in pages[output.lang].items:
            if isinstance(item, TextFrame):
                for line in item.set_text.lines:
                    for run in line.runs:
                        link = fonts_dir / run.font.path.name
                        if not link.exists():
                            link.symlink_to(run.font.path)
    family = {Path(info.path).name: info.family for info in typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False,
        font_paths=[str(fonts_dir)]).fonts()}
    black = (0.0, 0.0, 0.0, 100.0)
    for lang, page in pages.items():
        trim_w, trim_h = page.size.width_pt, page.size.height_pt
        width, height = trim_w + 2 * margin, trim_h + 2 * margin
        items: list[dict] = []
        fills = [Fill(page.trim, page.background, ("top", "bottom", "left", "right"))]
        for item in [*fills, *page.items]:
            r = item.rect
            x, y, w, h = r.x + margin, r.y + margin, r.width, r.height
            if isinstance(item, Fill):
                if "left" in item.bleed and r.x <= 0.01:
                    x, w = x - bleed, w + bleed
                if "right" in item.bleed and r.right >= trim_w - 0.01:
                    w += bleed
                if "top" in item.bleed and r.y <= 0.01:
                    y, h = y - bleed, h + bleed
                if "bottom" in item.bleed and r.bottom >= trim_h - 0.01:
                    h += bleed
                items.append(dict(kind="fill", x=x, y=y, w=w, h=h, colour=item.colour.cmyk))
            elif isinstance(item, Stroke):
                items.append(dict(kind="stroke", x=x, y=y, w=w, h=h, colour=item.colour.cmyk,
                                  width=item.width, radius=item.radius))
            elif isinstance(item, Icon) and item.svg:
                items.append(dict(kind="icon", x=x, y=y, w=w, h=h, path=str(item.svg)))
            elif isinstance(item, QrCode):
                matrix = qr_matrix(item.data)
                count = len(matrix)
                module = min(w, h) / (count + 2 * QR_QUIET_MODULES)
                rows = []
                for cells in matrix:  # runs of dark modules: (first column, length)
                    spans, col = [], 0
                    while col < count:
                        start = col
                        while col < count and cells[col]:
                            col += 1
                        if col > start:
                            spans.append((start, col - start))
                        col += 1
                    rows.append(spans)
                items.append(dict(kind="qr", x=x, y=y, w=w, h=h, module=module,
                                  left=x + (w - module * count) / 2,
                                  top=y + (h - module * count) / 2, modules=rows,
                                  colour=item.colour.cmyk, background=item.background.cmyk))
            elif isinstance(item, TextFrame) and item.set_text.lines:
                runs = [run for line in item.set_text.lines for run in line.runs]
                first = runs[0]
                lines = item.set_text.lines
                items.append(dict(
                    kind="text", x=x, y=y + item.offset_y, w=w, h=max(h - item.offset_y, 1),
                    text=item.source, size=first.size, bold=first.bold,
                    fonts=list(dict.fromkeys(family[run.font.path.name] for run in runs)),
                    colour=first.color.cmyk if first.color else black,
                    align=item.set_text.align,
                    leading=max(lines[0].height - first.size, 0.0)))
        items += crop_marks(width, height, margin, bleed, variant)
        (data_dir / f"{lang}.json").write_text(json.dumps(dict(
            title=page.title, lang=lang.split("-")[0], rtl=page.rtl, width=width, height=height,
            items=items), ensure_ascii=False), encoding="utf-8")


def crop_marks(width: float, height: float, margin: float, bleed: float,
               variant) -> list[dict]:  # type: ignore[no-untyped-def]
    """posters.render.pdf's corner and centre marks, in top-down coordinates."""
    mm = 72 / 25.4
    offset, length = variant.mark_offset_mm * mm, variant.mark_length_mm * mm
    left, right, bottom, top = margin, width - margin, margin, height - margin
    start, end = bleed + offset, bleed + offset + length
    lines = []

    def line(x: float, y: float, x2: float, y2: float) -> None:
        lines.append(dict(kind="line", x=x, y=height - y, x2=x2, y2=height - y2))

    for x in (left, right):
        sign = -1 if x == left else 1
        for y in (bottom, top):
            vsign = -1 if y == bottom else 1
            line(x + sign * start, y, x + sign * end, y)
            line(x, y + vsign * start, x, y + vsign * end)
            line(x + sign * start, y + vsign * bleed, x + sign * end, y + vsign * bleed)
            line(x + sign * bleed, y + vsign * start, x + sign * bleed, y + vsign * end)
    centre_x, centre_y, half = width / 2, height / 2, length / 2
    for y, sign in ((bottom, -1), (top, 1)):
        mid = y + sign * (start + half)
        line(centre_x, y + sign * start, centre_x, y + sign * end)
        line(centre_x - half, mid, centre_x + half, mid)
    for x, sign in ((left, -1), (right, 1)):
        mid = x + sign * (start + half)
        line(x + sign * start, centre_y, x + sign * end, centre_y)
        line(mid, centre_y - half, mid, centre_y + half)
    return lines


def compile_all(data_dir: Path, out_dir: Path) -> None:
    """The Typst side, in its own process: every language's poster into its PDF."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(data_dir / "fonts")])
    for data in sorted(data_dir.glob("*.json")):
        typst.compile(TEMPLATE, output=str(out_dir / f"{data.stem}.pdf"), root="/",
                      font_paths=fonts, sys_inputs={"data": str(data)})


def timed(command: list[str], tree: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=tree,
                   env={**os.environ, "PYTHONPATH": str(tree)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sizes(folder: Path) -> list[int]:
    return sorted(path.stat().st_size for path in folder.rglob("*.pdf"))


def profile_bytes(path: Path) -> int:
    """The stored (compressed) bytes of a print file's output profile stream: what a print
    file carries and a Typst file, with no output intent, does not."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        intents = pdf.Root.get("/OutputIntents") or []
        return sum(len(intent.DestOutputProfile.read_raw_bytes()) for intent in intents
                   if "/DestOutputProfile" in intent)


def size_table(work: Path, also: Path | None) -> None:
    """#20 item 4: each language's screen file against Typst's, and its print file less
    the output profile against Typst's; with ``also``, that tree's files beside."""
    python = sys.executable
    filters = ["--format", "poster", "--size", "jis-b2", "--variant", "screen", "--variant",
               "print", "--region", "generic"]
    trees = [("posters", ROOT)] + ([("also", also.resolve())] if also else [])
    for name, tree in trees:
        subprocess.run([python, "-m", "posters", "build", str(CAMPAIGN), *filters, "--force",
                        "--no-gallery", "-q", "--out", str(work / name)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tree,
                       env={**os.environ, "PYTHONPATH": str(tree)})
    rows, larger, totals = [], {name: 0 for name, _ in trees}, {}
    for typst_file in sorted((work / "typst").glob("*.pdf")):
        lang, typst_size = typst_file.stem, typst_file.stat().st_size
        row = [lang]
        for name, _ in trees:
            folder = work / name / CAMPAIGN.name / lang
            screen = (folder / "poster-jis-b2-screen.pdf").stat().st_size
            printed = folder / "poster-jis-b2.pdf"
            less = printed.stat().st_size - profile_bytes(printed)
            larger[name] += screen > typst_size
            for key, value in (("screen", screen), ("print", less)):
                totals[name, key] = totals.get((name, key), 0) + value
            row += [f"{screen:,}", f"{(screen - typst_size) / typst_size:+.1%}",
                    f"{less:,}", f"{(less - typst_size) / typst_size:+.1%}"]
        totals["typst"] = totals.get("typst", 0) + typst_size
        rows.append([*row, f"{typst_size:,}"])
    head = ["lang"]
    for name, _ in trees:
        head += [f"{name} screen", "vs Typst", f"{name} print less profile", "vs Typst"]
    head.append("Typst")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for name, _ in trees:
        screen, less, typst_total = totals[name, "screen"], totals[name, "print"], totals["typst"]
        print(f"{name}: screen files in total {(screen - typst_total) / typst_total:+.1%} "
              f"against Typst's, {larger[name]} of {len(rows)} larger; print files less their "
              f"profile in total {(less - typst_total) / typst_total:+.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the PDFs here (default: a temporary "
                        "folder)")
    parser.add_argument("--also", type=Path, metavar="TREE",
                        help="another checkout of posters (e.g. before a change) timed in "
                        "the same pairs, into its own folder")
    parser.add_argument("--sizes", action="store_true",
                        help="no timing: build the screen and print variants once and print "
                        "each language's file sizes against Typst's (#20 item 4)")
    parser.add_argument("--compile", nargs=2, type=Path, metavar=("DATA", "OUT"),
                        help=argparse.SUPPRESS)  # the Typst process itself
    args = parser.parse_args()
    if args.compile:
        compile_all(*args.compile)
        return
    import typst

    if not hasattr(typst, "compile"):  # (benchmarks/typst, the template's folder, alone)
        sys.exit("typst_bench.py needs Typst from PyPI: pip install '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="typst-bench-") as scratch:
        work = args.keep or Path(scratch)
        data, ours, theirs = work / "data", work / "posters", work / "typst"
        for folder in (data, ours, theirs):
            folder.mkdir(parents=True, exist_ok=True)
        export(data)
        if args.sizes:
            compile_all(data, theirs)
            size_table(work, args.also)
            return
        python = sys.executable
        posters = [python, "-m", "posters", "build", str(CAMPAIGN), *FILTERS, "--force",
                   "--out", str(ours)]
        typst = [python, str(Path(__file__).resolve()), "--compile", str(data), str(theirs)]
        runs = [("posters", posters, ROOT), ("typst", typst, ROOT)]
        if args.also:
            other = work / "also"
            runs.insert(1, ("also", [python, "-m", "posters", "build", str(CAMPAIGN), *FILTERS,
                                     "--force", "--out", str(other)], args.also.resolve()))
        for _, command, tree in runs:  # warm the disk and font caches, Typst's first run
            timed(command, tree)
        print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        walls: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        cpus: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        for pair in range(1, args.pairs + 1):
            for name, command, tree in runs:
                wall, cpu = timed(command, tree)
                walls[name].append(wall)
                cpus[name].append(cpu)
            ratio = walls["posters"][-1] / walls["typst"][-1]
            print(f"pair {pair}: " + ", ".join(
                f"{name} {walls[name][-1]:.2f} s wall {cpus[name][-1]:.2f} CPU-s"
                for name in walls) + f"; posters/Typst {ratio:.2f}x wall")
        print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        wall = {k: statistics.median(v) for k, v in walls.items()}
        cpu = {k: statistics.median(v) for k, v in cpus.items()}
        print(f"median: posters {wall['posters']:.2f} s wall {cpu['posters']:.2f} CPU-s; "
              f"Typst {wall['typst']:.2f} s wall {cpu['typst']:.2f} CPU-s; "
              f"{wall['posters'] / wall['typst']:.2f}x wall, "
              f"{cpu['posters'] / cpu['typst']:.2f}x CPU (target: at most 1.5x wall)")
        if args.also:
            print(f"median of {args.also}: {wall['also']:.2f} s wall {cpu['also']:.2f} CPU-s; "
                  f"{wall['also'] / wall['typst']:.2f}x Typst's wall")
        ours_sizes, theirs_sizes = sizes(ours), sizes(theirs)
        print(f"files: posters {len(ours_sizes)}, median {statistics.median(ours_sizes) / 1024:.0f}"
              f" KB; Typst {len(theirs_sizes)}, median "
              f"{statistics.median(theirs_sizes) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
