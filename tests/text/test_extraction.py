"""The text extracted from the specimen PDF gives back every string set on each page."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest

from posters.text.specimen import specimen_texts

from .conftest import pdftotext

LANGS = list(specimen_texts()[1])
RTL = {"ar", "fa"}
_BIDI_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _squash(text: str) -> str:
    """NFC without whitespace and bidi marks: extractors join wrapped lines differently."""
    text = unicodedata.normalize("NFC", _BIDI_MARKS.sub("", text))
    return "".join(text.split())


def _rtl_words(text: str) -> list[str]:
    """Arabic-script words, without marks and joiners.

    pdftotext places a combining mark and a zero-width non-joiner by its drawn position,
    which inside a right-to-left word can be before its base letter; the letters of
    every word must still come back in order."""
    text = unicodedata.normalize("NFC", _BIDI_MARKS.sub("", text))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf"))
    return re.findall(r"[^\W\d_]+", text)


@pytest.mark.parametrize("lang", LANGS)
def test_specimen_text_extracts(specimen, lang):
    path, entries = specimen
    entry = next(e for e in entries if e.lang == lang)
    if lang in RTL:
        page = pdftotext(path, entry.page)
        words = set(_rtl_words(page))
        for string in entry.strings:
            for word in _rtl_words(string):
                assert word in words, f"{lang}: {word!r} not extracted"
        # digits, phone numbers and the URL come back whole
        squashed = _squash(page)
        for token in re.findall(r"[0-9\u06f0-\u06f9][0-9\u06f0-\u06f9-]*", " ".join(entry.strings)):
            assert token in squashed, f"{lang}: {token!r} not extracted"
        assert entry.url in squashed
    else:
        # -raw keeps the content stream order, which is the logical order of each line;
        # the layout mode splits a line where a larger span (the statistic) sits in it.
        squashed = _squash(pdftotext(path, entry.page, raw=True))
        for string in entry.strings:
            assert _squash(string) in squashed, f"{lang}: {string!r} not extracted"


def test_every_font_embedded(specimen):
    path, _ = specimen
    out = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for row in out:
        assert "Helvetica" not in row, row
        cols = row.split()
        assert cols[-5] == "yes", f"not embedded: {row}"
        assert cols[-4] == "yes", f"not subset: {row}"


def test_specimen_is_deterministic(engine, tmp_path):
    from posters.render.specimen import build_specimen

    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build_specimen(a, languages=["en", "th", "ar"], engine=engine)
    build_specimen(b, languages=["en", "th", "ar"], engine=engine)
    assert a.read_bytes() == b.read_bytes()
