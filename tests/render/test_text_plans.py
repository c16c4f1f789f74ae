"""Drawing set text from plans (posters.render.text): a plan made while drawing one
document draws the same bytes in any other, whatever was drawn before it in the process
or in the document; the subset codes ReportLab gives the glyphs are those it gives when
handed each run's characters in turn; the plan cache stays within its bounds and keeps
no set text alive."""

from __future__ import annotations

import dataclasses
import gc
import io
import os
import subprocess
import sys
import weakref

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

import posters.render.text as text_module
from posters.model import Colour
from posters.render.fonts import draw_font, font_name
from posters.render.text import _DocumentFonts, _Draft, _PlanCache, draw_set_text
from posters.text import Span, TextStyle
from tests.conftest import ROOT, SAMPLE

RED = Colour("red", (0, 95, 85, 0))
SPOT = Colour("brand", (100, 40, 0, 0), spot="Brand Blue")
TEXTS = {
    "en": [Span("Call "), Span("9110", bold=True, color=RED),
           Span(" if you or someone you know needs help.")],
    "en-sizes": [Span("30%", scale=2.0, color=SPOT), Span(" of victims are children")],
    "ar": [Span("اتصل على "), Span("9110", bold=True, color=RED),
           Span(" أو زر example.org/help من 30%")],
    "fa": [Span("با شماره ۱۲۳ تماس بگیرید")],
    "th": [Span("ผู้เสียหายจากการค้ามนุษย์ โทร 1300")],
    "my": [Span("လူကုန်ကူးခံရသူများ ဖုန်းဆက်ပါ")],
    "ja": [Span("人身取引の被害者は、"), Span("110番", color=RED), Span("に電話してください。")],
}


@pytest.fixture(scope="module")
def texts(engine):
    style = TextStyle(size=14)
    return {name: engine.fit(spans, name.split("-")[0], style, 260, 200)
            for name, spans in TEXTS.items()}


class _Tagger:
    """Opens numbered marked-content sequences, as the page renderer's tagger does."""

    def __init__(self) -> None:
        self.mcid = 0

    def mark(self) -> str:
        self.mcid += 1
        return f"/P <</MCID {self.mcid - 1}>> BDC"


def _document(engine, placed, tagged: bool = True) -> bytes:
    """A one-page PDF with each (set text, x, y) of ``placed`` drawn in turn."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0,
                    initialFontName=font_name(engine.base_font()))
    tagger = _Tagger()
    for set_text, x, y in placed:
        draw_set_text(canvas, set_text, x, y, mark=tagger.mark if tagged else None)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.fixture
def fresh_plans(monkeypatch):
    plans = _PlanCache(512, 8 << 20)
    monkeypatch.setattr(text_module, "_plans", plans)
    return plans


def _layout(texts, names, x=40.0):
    y, placed = 800.0, []
    for name in names:
        placed.append((texts[name], x, y))
        y -= texts[name].height + 12
    return placed


def test_a_document_is_the_same_whatever_was_drawn_before_it(engine, texts, monkeypatch):
    b = _layout(texts, ["en", "ar", "th", "ja", "en-sizes", "fa", "my"])
    # A: the same texts at the same places in another order, and others elsewhere, so
    # that its plans are made with other subset codes than B's
    a = list(reversed(b)) + _layout(texts, list(TEXTS), x=300.0)
    monkeypatch.setattr(text_module, "_plans", _PlanCache(0, 0))
    alone = [_document(engine, b, tagged) for tagged in (True, False)]
    plans = _PlanCache(512, 8 << 20)
    monkeypatch.setattr(text_module, "_plans", plans)
    for tagged in (True, False):
        _document(engine, a, tagged)
    assert len(plans) == 2 * (len(b) + len(TEXTS))
    after = [_document(engine, b, tagged) for tagged in (True, False)]
    assert after == alone
    # and what a reader we did not write gets back from it is the source
    said = pypdf.PdfReader(io.BytesIO(after[0])).pages[0].extract_text()
    assert "Call 9110 if you or someone\nyou know needs help." in said
    assert "ผู้เสียหายจากการค้ามนุษย์" in said and "人身取引の被害者は、110番に" in said
    assert "30% of victims are children" in said and "اتصل على 9110" in said


def test_plans_are_kept_by_text_and_place(engine, texts, fresh_plans):
    placed = _layout(texts, ["en", "ar"])
    _document(engine, placed)
    _document(engine, placed)
    assert len(fresh_plans) == 2
    moved = [(st, x + 1.0, y) for st, x, y in placed]
    first = _document(engine, placed)
    assert _document(engine, moved) != first  # another place is another plan
    assert len(fresh_plans) == 4


@pytest.fixture
def no_plans_factory():
    """Drawing with a plan cache that keeps nothing: every text planned anew."""
    import contextlib

    @contextlib.contextmanager
    def without():
        kept = text_module._plans
        text_module._plans = _PlanCache(0, 0)
        try:
            yield
        finally:
            text_module._plans = kept

    return without


def _kanji(engine, count: int) -> str:
    """``count`` distinct CJK ideographs the Japanese font has."""
    ref = engine.fit("一", "ja", TextStyle(size=10), 100, 100).lines[0].runs[0].font
    font = draw_font(ref)
    found = [chr(cp) for cp in range(0x4E00, 0x9FFF) if font.nominal_glyph(cp)]
    return "".join(found[:count])


def test_a_plan_follows_the_documents_subsets_where_a_run_crosses_one(engine, fresh_plans,
                                                                       no_plans_factory):
    """A run written as one TJ array is split where its glyphs pass from one 256-code
    subset to the next: the plan of a long Japanese line made where the line crossed a
    subset is not used where it does not (or crosses elsewhere)."""
    style = TextStyle(size=8)
    long_line = engine.fit(_kanji(engine, 120), "ja", style, 2000, 40)
    assert len(long_line.lines) == 1 and len(long_line.lines[0].runs) == 1
    prefixes = [engine.fit(_kanji(engine, 400)[120 + n:120 + n + 200], "ja", style, 2000, 400)
                for n in (0, 50)]
    documents = {
        "alone": [(long_line, 40.0, 500.0)],
        "crossing": [(prefixes[0], 40.0, 800.0), (long_line, 40.0, 500.0)],
        "crossing elsewhere": [(prefixes[1], 40.0, 800.0), (long_line, 40.0, 500.0)],
    }
    made = {name: _document(engine, placed) for name, placed in documents.items()}
    splits = {name: data.count(b" Tf") for name, data in made.items()}
    assert splits["crossing"] > splits["alone"]  # the long line's array was split
    # each again, after the others: the same bytes as made with their own plans
    for name in ("alone", "crossing elsewhere", "crossing", "alone"):
        assert _document(engine, documents[name]) == made[name], name
    with no_plans_factory():
        for name, placed in documents.items():
            assert _document(engine, placed) == made[name], name


def test_subset_codes_are_those_of_each_run_handed_to_reportlab_in_turn(engine, texts):
    """The codes come from ReportLab's assignments after it is handed only the characters
    it has not seen: the same codes and subsets as splitString on each run in turn (as
    drawing always did), across fonts and runs, with more than 256 characters."""
    many = engine.fit(_kanji(engine, 600), "ja", TextStyle(size=8), 2000, 2000)
    sequence = [texts["en"], texts["ja"], many, texts["ar"], texts["en-sizes"], texts["th"]]
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    fonts = _DocumentFonts()
    for set_text in sequence:
        draft = _Draft(set_text, 10.0, 700.0, fonts)
        numbers = draft.slots.assign(ours._doc)
        expected = []
        for run in draft.runs:
            for subset, chunk in run.prepared.font.rl.splitString(run.chars, theirs._doc):
                expected += [subset << 8 | byte for byte in chunk]
        assert numbers[:-1] == expected
    rls = {run.prepared.font.rl for st in sequence
           for run in _Draft(st, 0.0, 0.0, fonts).runs}
    assert any(len(rl.state[ours._doc].subsets) > 1 for rl in rls)  # past one subset
    for rl in rls:
        mine, reference = rl.state[ours._doc], rl.state[theirs._doc]
        assert (mine.assignments, mine.subsets, mine.nextCode) == \
            (reference.assignments, reference.subsets, reference.nextCode)


def test_the_plan_cache_is_bounded_in_entries_and_bytes(engine, texts):
    fonts = _DocumentFonts()
    canvas = Canvas(io.BytesIO())
    plans = _PlanCache(entries=5, size=1 << 30)
    kept = []  # plans hold no reference to their texts: these do
    for n in range(12):
        set_text = dataclasses.replace(texts["en"])
        kept.append(set_text)
        draft = _Draft(set_text, 10.0 + n, 700.0, fonts)
        plans.put((id(set_text), n), set_text, draft.plan(draft.slots.assign(canvas._doc),
                                                          marked=True))
    assert len(plans) == 5
    one = plans.size / 5
    assert one > 500  # a plan's estimated size covers its code
    small = _PlanCache(entries=100, size=int(one * 3.5))
    for n, set_text in enumerate(kept):
        draft = _Draft(set_text, 10.0 + n, 700.0, fonts)
        small.put((id(set_text), n), set_text, draft.plan(draft.slots.assign(canvas._doc),
                                                          marked=True))
        assert small.size <= one * 3.5 + 1
    assert len(small) == 3


def test_a_plan_keeps_no_set_text_alive_and_serves_no_other(engine, texts, fresh_plans):
    copy = dataclasses.replace(texts["en"])
    placed = [(copy, 40.0, 700.0)]
    _document(engine, placed)
    key = (id(copy), 40.0, 700.0, True)
    assert fresh_plans.get(key, copy, _DocumentFonts()) is not None
    alive = weakref.ref(copy)
    del copy, placed
    gc.collect()
    assert alive() is None  # the cache did not keep it
    other = dataclasses.replace(texts["ar"])
    assert fresh_plans.get(key, other, _DocumentFonts()) is None


def test_pdftotext_reads_a_document_drawn_from_plans(engine, texts, fresh_plans, tmp_path):
    placed = _layout(texts, ["en", "th", "ja"])
    _document(engine, placed)  # plans made
    target = tmp_path / "planned.pdf"
    target.write_bytes(_document(engine, placed))  # drawn from them
    said = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "Call 9110 if you or someone" in said and "you know needs help." in said
    assert "ผู้เสียหายจากการค้ามนุษย์" in said and "人身取引の被害者は、110番に" in said


def test_an_output_is_the_same_built_alone_or_after_others(tmp_path):
    """End to end: a regional poster built in a process of its own, and built after the
    generic one and other languages and formats in the same process (whose plans, kept
    subsets and colours it may reuse), is the same file byte for byte."""
    def build(out, *selection: str) -> None:
        subprocess.run([sys.executable, "-m", "posters", "build", str(SAMPLE), *selection,
                        "--size", "iso-a4", "--variant", "print,screen", "-j", "1",
                        "--out", str(out), "--force", "--no-gallery", "--checks", "none",
                        "-q"], cwd=ROOT, check=True, timeout=600,
                       env={**os.environ, "PYTHONPATH": str(ROOT),
                            "SOURCE_DATE_EPOCH": "1796123813"})

    build(tmp_path / "alone", "--lang", "th", "--format", "flyer", "--region", "osaka")
    build(tmp_path / "after", "--lang", "en,th", "--format", "poster,flyer",
          "--region", "generic,osaka")
    for name in ("flyer-iso-a4-osaka.pdf", "flyer-iso-a4-osaka-screen.pdf"):
        alone = (tmp_path / "alone" / SAMPLE.name / "th" / name).read_bytes()
        after = (tmp_path / "after" / SAMPLE.name / "th" / name).read_bytes()
        assert alone == after, name
