"""The preflight's shared segments (posters/preflight/content.py, SEGMENTS): a process that
checks regional variants, print/screen pairs and broken files one after the other, with
what one file's segments drew given back for the next, finds exactly what a fresh
interpretation of each file finds; and what differs in one variant is found in it."""

from __future__ import annotations

import gc
import re
import tracemalloc
from pathlib import Path

import pikepdf
import pytest

import posters.preflight.content as content
from posters.preflight import PreflightExpectations, guess_variant, preflight
from posters.text.lru import BoundedCache
from tests.print.fixtures import Poster, make_pdfx_poster

FAST = ("ink", "qr")  # what a default build leaves out (rasters: no content interpreted)
REGIONS = ("generic", "sapporo", "tokyo")


@pytest.fixture(scope="module")
def variants(tmp_path_factory, engine) -> list[Path]:
    """The poster (its contact box drawn last) and the tri-fold (drawn first, so that
    the subsets' codes of the segments after it differ) in Latin and Arabic, three
    regions, print and screen."""
    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    out = tmp_path_factory.mktemp("sharing")
    result = build(BuildRequest(SAMPLE, out_dir=out, languages=("en", "ar"),
                                formats=("poster", "trifold"), variants=("print", "screen"),
                                regions=REGIONS, checks="none"), engine)
    assert not result.failed
    files = sorted(out.rglob("*.pdf"))
    assert len(files) == 2 * 2 * 2 * len(REGIONS)
    return files


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("broken")
    cases = {"good": Poster(), "rgb-fill": Poster(rgb_fill=True),
             "text-at-edge": Poster(text_at_edge=True), "notdef": Poster(missing_glyph=True),
             "helvetica": Poster(font="helvetica"), "silent": Poster(silent_at_edge=True),
             "low-res": Poster(image_px=100)}
    return [make_pdfx_poster(out, poster, name) for name, poster in cases.items()]


def expectations(path: Path) -> PreflightExpectations:
    return PreflightExpectations(variant=guess_variant(path), min_text_pt=6.0,
                                 solid_black_below_pt=12.0)


def forget_other_files() -> None:
    """The interpreter's memory of other files dropped (forms, font facts, agreements):
    the next file is read as if it were the process's first."""
    content._FORMS.clear()
    content._FONT_CACHES.clear()
    content._AGREEING.clear()


def check_all(files: list[Path], *, share: bool, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every finding of every file, by repr; shared, or each file on its own (no
    segment, form or font fact remembered from another file)."""
    monkeypatch.setattr(content, "SHARING", share)
    content.SEGMENTS.clear()
    found = []
    for path in files:
        if not share:
            forget_other_files()
        report = preflight(path, expectations(path), skip=FAST, label=path.name)
        found.append(repr(report.findings))
    return found


def counted_replays(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """How many segments were given back (and how many of their runs)."""
    seen = [0, 0]
    replay = content.Interpreter._replay

    def counting(self, run, entry):  # type: ignore[no-untyped-def]
        seen[0] += 1
        seen[1] += len(entry.runs)
        return replay(self, run, entry)

    monkeypatch.setattr(content.Interpreter, "_replay", counting)
    return seen


def test_shared_segments_give_every_finding_a_fresh_interpretation_gives(
        variants, broken, monkeypatch):
    # in an order where each file follows others like it, and in the reverse order
    files = variants + broken + variants[::-1]
    replays = counted_replays(monkeypatch)
    shared = check_all(files, share=True, monkeypatch=monkeypatch)
    assert replays[0] > 100 and replays[1] > 1000  # it did share: the test can fail
    fresh = check_all(files, share=False, monkeypatch=monkeypatch)
    for path, one, other in zip(files, shared, fresh, strict=True):
        assert one == other, path.name
    # the broken fixtures' findings are there (the comparison is not of empty lists)
    found = dict(zip((path.stem for path in broken), shared[len(variants):], strict=False))
    for name, code in (("rgb-fill", "PF020"), ("text-at-edge", "PF050"), ("notdef", "PF012"),
                       ("helvetica", "PF010"), ("low-res", "PF030")):
        assert f"code='{code}'" in found[name], name


def test_shared_segments_draw_what_a_fresh_interpreter_draws(variants, monkeypatch):
    """Not only the findings: every run, colour and stroke, every font shown."""
    def drawn(path: Path) -> tuple:
        with pikepdf.open(path) as pdf:
            interpreter = content.Interpreter(pdf)
            pages = [(p.runs, p.colours, p.strokes, p.images, p.problems, p.syntax)
                     for p in interpreter.pages()]
            return repr(pages), list(interpreter.used_fonts), list(interpreter.declared_fonts)

    monkeypatch.setattr(content, "SHARING", True)
    content.SEGMENTS.clear()
    shared = [drawn(path) for path in variants]
    monkeypatch.setattr(content, "SHARING", False)
    assert shared == [drawn(path) for path in variants]


def rewritten(source: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of ``source`` whose first page's content stream is ``change(bytes)``."""
    with pikepdf.open(source) as pdf:
        contents = pdf.pages[0].obj.Contents
        data = contents.read_bytes()
        new = change(data)
        assert new != data
        contents.write(new)
        pdf.save(target)
    return target


def test_a_glyph_moved_in_one_variant_is_found_in_it(variants, tmp_path, monkeypatch):
    prints = [p for p in variants if p.name.startswith("poster") and "screen" not in p.name
              and "/en/" in str(p)]

    def into_the_margin(data: bytes) -> bytes:  # the headline's first line, 2 pt from the edge
        return re.sub(rb"\n1 0 0 1 [\d.]+ ([\d.]+) Tm\n", rb"\n1 0 0 1 2 \1 Tm\n", data, count=1)

    moved = rewritten(prints[1], tmp_path / "moved.pdf", into_the_margin)
    files = [*prints, moved]
    replays = counted_replays(monkeypatch)
    shared = check_all(files, share=True, monkeypatch=monkeypatch)
    assert replays[0] > 0
    assert "PF050" in shared[-1] and not any("PF050" in found for found in shared[:-1])
    assert shared == check_all(files, share=False, monkeypatch=monkeypatch)


def test_a_colour_changed_in_one_variant_is_found_in_it(variants, tmp_path, monkeypatch):
    prints = [p for p in variants if p.name.startswith("trifold") and "screen" not in p.name
              and "/ar/" in str(p)]

    def in_rgb(data: bytes) -> bytes:  # the first text's CMYK fill in RGB, later in the page
        at = data.index(b"\nBT\n", len(data) // 2)
        head, tail = data[:at], data[at:]
        return head + re.sub(rb"\n[\d. ]+ k\n", b"\n.2 .2 .2 rg\n", tail, count=1)

    changed = rewritten(prints[0], tmp_path / "rgb.pdf", in_rgb)
    files = [*prints, changed, *prints]
    shared = check_all(files, share=True, monkeypatch=monkeypatch)
    assert "PF020" in shared[len(prints)]
    assert not any("PF020" in found for i, found in enumerate(shared) if i != len(prints))
    assert shared == check_all(files, share=False, monkeypatch=monkeypatch)


def test_a_font_changed_under_the_same_bytes_is_not_given_the_old_boxes(
        variants, tmp_path, monkeypatch):
    """The same content stream over a font whose widths differ: each segment remembered
    from the first file is checked against the fonts' facts for the codes it shows."""
    source = next(p for p in variants if p.name == "poster-jis-b2.pdf" and "/en/" in str(p))
    wider = tmp_path / "wider.pdf"
    with pikepdf.open(source) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            if "/W" in descendant:
                descendant.W = pikepdf.Array([0, pikepdf.Array([900] * 400)])
            elif "/Widths" in font:
                font.Widths = pikepdf.Array([900] * len(font.Widths))
        pdf.save(wider)

    def runs(path: Path) -> str:
        with pikepdf.open(path) as pdf:
            return repr([page.runs for page in content.Interpreter(pdf).pages()])

    monkeypatch.setattr(content, "SHARING", True)
    content.SEGMENTS.clear()
    first, second = runs(source), runs(wider)
    assert first != second
    monkeypatch.setattr(content, "SHARING", False)
    assert second == runs(wider) and first == runs(source)


def test_the_segment_cache_stays_within_its_bound_in_bytes(variants, monkeypatch):
    """Its estimate of what an entry holds is what tracemalloc measures (within a
    third), and a cache smaller than the files' segments evicts, keeping its bound."""
    monkeypatch.setattr(content, "SHARING", True)
    for path in variants:  # every other cache warm
        with pikepdf.open(path) as pdf:
            list(content.Interpreter(pdf).pages())
    content.SEGMENTS.clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for path in variants:
            with pikepdf.open(path) as pdf:
                list(content.Interpreter(pdf).pages())
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    held = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    estimate = content.SEGMENTS.cost
    assert estimate <= content.SEGMENT_CACHE_BYTES
    assert 0.75 * held <= estimate <= 1.5 * held, (estimate, held)
    small = BoundedCache(estimate // 4, content._segment_cost)
    monkeypatch.setattr(content, "SEGMENTS", small)
    for path in variants:
        with pikepdf.open(path) as pdf:
            interpreter = content.Interpreter(pdf)
            assert interpreter.segments is small
            list(interpreter.pages())
        assert small.cost <= small.max_cost
    assert len(small) > 0
