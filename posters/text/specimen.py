"""The specimen's texts and how they are set: the same headline, statistic and paragraph in
every language, for review by eye and for the extraction and reference-image tests.
posters.render.specimen draws the pages set here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

from posters.model import Colour

from .engine import TextEngine
from .model import SetText, Span, TextStyle

A4 = (595.2755905511812, 841.8897637795277)  # points, as ReportLab's pagesizes.A4
RED = Colour("red", (0, 95, 85, 0))
MUTED = Colour("muted", (0, 0, 0, 60))
MARGIN = 42.0
GAP = 14.0
# The figure inside the statistic, set larger: "30%", "30 %", "۳۰٪", "30‎%‎", "१२.५%"
_FIGURE = re.compile(r"\d+(?:[.,\u066b]\d+)?[\u00a0\u200e]?[%\u066a]\u200e?")


@dataclass(frozen=True)
class SpecimenEntry:
    lang: str
    page: int  # 0-based
    headline: str
    statistic: str
    paragraph: str
    url: str

    @property
    def strings(self) -> tuple[str, ...]:
        return (self.headline, self.statistic, self.paragraph, self.url)


@dataclass(frozen=True)
class Placed:
    """A set text and where its top-left corner goes on an A4 page (PDF points, y up)."""

    set_text: SetText
    x: float
    y_top: float


def specimen_texts() -> tuple[str, dict[str, dict[str, str]]]:
    data = yaml.safe_load(
        resources.files("posters.text").joinpath("data/specimen.yaml").read_text(encoding="utf-8")
    )
    return data["url"], data["texts"]


def statistic_spans(text: str) -> tuple[Span, ...]:
    m = _FIGURE.search(text)
    if not m:
        return (Span(text),)
    return tuple(
        s
        for s in (
            Span(text[: m.start()]),
            Span(m.group(), bold=True, color=RED, scale=1.6),
            Span(text[m.end() :]),
        )
        if s.text
    )


def set_specimen(
    languages: list[str] | None = None,
    engine: TextEngine | None = None,
    per_page: int | None = None,
    texts: tuple[str, dict[str, dict[str, str]]] | None = None,
) -> tuple[list[list[Placed]], list[SpecimenEntry]]:
    """The specimen's A4 pages, each a list of placed texts, and which strings went on
    which page. ``texts`` is (url, {lang: {headline, statistic, paragraph}}), a campaign's
    own strings; the built-in specimen texts by default."""
    engine = engine or TextEngine.default()
    url, texts = texts or specimen_texts()
    languages = languages or list(texts)
    width, height = A4
    box = width - 2 * MARGIN
    pages: list[list[Placed]] = [[]]
    entries = []
    y = height - MARGIN
    on_page = 0
    for lang in languages:
        t = texts[lang]
        blocks = [
            engine.fit([Span(f"{lang}", color=MUTED)], "en", TextStyle(size=8), box, 20),
            engine.fit(
                [Span(t["headline"])], lang, TextStyle(size=24, min_size=14, bold=True), box, 60
            ),
            engine.fit(
                statistic_spans(t["statistic"]), lang, TextStyle(size=13, min_size=9), box, 90
            ),
            engine.fit([Span(t["paragraph"])], lang, TextStyle(size=10, min_size=7), box, 120),
            engine.fit([Span(url, color=RED)], lang, TextStyle(size=10), box, 30),
        ]
        needed = sum(b.height for b in blocks) + 3 * (len(blocks) - 1)
        if (y - needed < MARGIN or (per_page and on_page >= per_page)) and on_page:
            pages.append([])
            y = height - MARGIN
            on_page = 0
        for b in blocks:
            pages[-1].append(Placed(b, MARGIN, y))
            y -= b.height + 3
        y -= GAP
        on_page += 1
        entries.append(
            SpecimenEntry(lang, len(pages) - 1, t["headline"], t["statistic"], t["paragraph"],
                          url)
        )
    return pages, entries
