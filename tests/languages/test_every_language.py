"""The specimen set in every configured language and read back by pdftotext: the text
comes back, no glyph is missing, and lines break only where ICU allows a break."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import icu
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from posters.languages import specimen_text
from posters.preflight.document import Document
from posters.render.fonts import font_name
from posters.render.text import draw_set_text
from posters.text import Span, TextStyle
from posters.text.config import load_config
from posters.text.specimen import statistic_spans
from tests.pdftools import require_pdftotext

from .conftest import usable_or_skip

CONFIG = load_config()
LANGS = list(CONFIG.languages)
URL = "https://www.example.org/help"
NARROW = 150.0  # points: the paragraph wraps onto several lines
_MARKS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad]")


def test_the_configured_languages_include_the_required_ones():
    required = ["hi", "bn", "pa", "gu", "ta", "te", "ml", "si", "ur", "ps", "prs", "ku", "hy",
                "ka", "am", "ti", "so", "sw", "ha", "yo", "he", "uk", "pl", "ro", "tr", "fr",
                "de", "it", "lo", "mn", "ht"]
    assert set(required) <= set(LANGS)
    assert set(CONFIG.modern) <= set(LANGS)
    assert len(CONFIG.modern) >= 90


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFC", _MARKS.sub("", text))
    return "".join(text.split())


def _letters(text: str) -> str:
    """Letters and digits only: pdftotext places marks of right-to-left words where they
    are drawn, and joins wrapped lines its own way."""
    text = unicodedata.normalize("NFC", _MARKS.sub("", text))
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _pdftotext(path: Path, raw: bool = True) -> str:
    require_pdftotext()
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []),
                           str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _legal_breaks(text: str, locale: str) -> set[int]:
    """ICU's line-break opportunities, as offsets into the text without whitespace."""
    it = icu.BreakIterator.createLineInstance(icu.Locale(locale))
    it.setText(text)
    utf16 = text.encode("utf-16-le")
    squashed_at = {}
    count = 0
    offset16 = 0
    for ch in text:
        squashed_at[offset16] = count
        offset16 += len(ch.encode("utf-16-le")) // 2
        if not ch.isspace() and not _MARKS.match(ch):
            count += 1
    squashed_at[offset16] = count
    assert offset16 * 2 == len(utf16)
    return {squashed_at[b] for b in it}


@pytest.fixture(scope="module")
def pages(engine, tmp_path_factory):
    """One PDF per language: the headline, statistic and URL at full width, then the
    paragraph in a narrow column; returns lang -> (pdf, the paragraph's set lines)."""
    out = {}
    folder = tmp_path_factory.mktemp("every-language")
    for lang in LANGS:
        try:
            engine.config.language(lang)
        except Exception:
            continue
        t = specimen_text(lang)
        path = folder / f"{lang}.pdf"
        c = Canvas(str(path), pagesize=A4, invariant=1,
                   initialFontName=font_name(engine.base_font()))
        y = A4[1] - 40
        for spans, style, width in (
            ([Span(t["headline"])], TextStyle(size=20, min_size=10, bold=True), 500),
            (statistic_spans(t["statistic"]), TextStyle(size=12, min_size=8), 500),
            ([Span(URL)], TextStyle(size=10), 500),
            ([Span(t["paragraph"])], TextStyle(size=10, min_size=10), NARROW),
        ):
            st = engine.fit(spans, lang, style, width, 600)
            draw_set_text(c, st, 40, y)
            y -= st.height + 12
        c.showPage()
        c.save()
        out[lang] = (path, t, st)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_specimen_reads_back(engine, pages, lang):
    usable_or_skip(engine, lang)
    path, t, _ = pages[lang]
    extracted = _pdftotext(path)
    rtl = engine.config.language(lang).rtl
    if rtl:
        # every word's letters come back in order; numbers and the URL whole
        letters = _letters(extracted)
        for string in (t["headline"], t["statistic"], t["paragraph"]):
            # a word mixing directions (מ-30%) comes back as its runs in visual order
            for word in string.split():
                for run in re.findall(r"[^\W\d_]+|\d+", _letters(word)):
                    assert run in letters, f"{lang}: {run!r} of {word!r} not extracted"
        for token in re.findall(r"[0-9][0-9-]+[0-9]", t["paragraph"]):
            assert token in _squash(extracted), f"{lang}: {token!r} not extracted"
    else:
        squashed = _squash(extracted)
        for string in (t["headline"], t["statistic"], t["paragraph"]):
            assert _squash(string) in squashed, f"{lang}: {string!r} not extracted"
    assert URL in _squash(extracted)


@pytest.mark.parametrize("lang", LANGS)
def test_no_glyph_is_missing(engine, pages, lang):
    """Read from the embedded font programs: no code draws .notdef (a box)."""
    usable_or_skip(engine, lang)
    path, _, _ = pages[lang]
    doc = Document.open(path)
    try:
        missing = [(run.font, run.text) for page in doc.pages for run in page.runs
                   if run.notdef_codes]
    finally:
        doc.close()
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_lines_break_at_legal_points(engine, pages, lang):
    usable_or_skip(engine, lang)
    path, t, paragraph = pages[lang]
    assert len(paragraph.lines) >= 2, f"{lang}: the paragraph did not wrap"
    setup = engine.config.language(lang)
    source = unicodedata.normalize("NFC", t["paragraph"])
    if setup.rtl:
        # no word is cut: each extracted line holds whole words of the source
        words = {r for w in source.split() for r in re.findall(r"[^\W\d_]+", _letters(w))}
        text = _pdftotext(path, raw=False)
        body = text.split(URL, 1)[-1]
        for line in body.splitlines():
            for word in line.split():
                for run in re.findall(r"[^\W\d_]+", _letters(word)):
                    assert any(run in w for w in words), \
                        f"{lang}: {run!r} ({word!r}) is not a whole word of the paragraph"
        return
    legal = _legal_breaks(source, setup.icu_locale)
    text = _pdftotext(path)
    lines = [_squash(line) for line in text.split(URL, 1)[1].splitlines() if line.strip()]
    joined = "".join(lines)
    assert joined == _squash(source), f"{lang}: the paragraph came back as {joined!r}"
    ends = []
    total = 0
    for line in lines[:-1]:
        total += len(line)
        ends.append(total)
    bad = [source_fragment for end in ends if end not in legal
           for source_fragment in [joined[max(0, end - 6):end] + "|" + joined[end:end + 6]]]
    assert bad == [], f"{lang}: lines end where ICU allows no break: {bad}"
