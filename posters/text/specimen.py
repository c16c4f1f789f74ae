"""The specimen: the same headline, statistic and paragraph in every language, for review
by eye and for the extraction and reference-image tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .engine import TextEngine
from .model import Span, TextStyle

RED = CMYKColor(0, 0.95, 0.85, 0)
MUTED = CMYKColor(0, 0, 0, 0.6)
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


def build_specimen(
    path: str | Path,
    languages: list[str] | None = None,
    engine: TextEngine | None = None,
    per_page: int | None = None,
    texts: tuple[str, dict[str, dict[str, str]]] | None = None,
) -> list[SpecimenEntry]:
    """Write the specimen PDF to ``path`` (or a binary file object); return which strings
    went on which page. ``texts`` is (url, {lang: {headline, statistic, paragraph}}), a
    campaign's own strings; the built-in specimen texts by default."""
    engine = engine or TextEngine.default()
    url, texts = texts or specimen_texts()
    languages = languages or list(texts)
    width, height = A4
    box = width - 2 * MARGIN
    canvas = Canvas(
        path if hasattr(path, "write") else str(path),
        pagesize=A4,
        invariant=1,
        initialFontName=engine.base_font_name(),
        initialFontSize=10,
    )
    canvas.setTitle("posters text specimen")
    canvas.setAuthor("posters")
    canvas.setCreator("posters")
    canvas.setProducer("posters")
    entries = []
    page = 0
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
            canvas.showPage()
            page += 1
            y = height - MARGIN
            on_page = 0
        for b in blocks:
            engine.draw(canvas, b, MARGIN, y)
            y -= b.height + 3
        y -= GAP
        on_page += 1
        entries.append(
            SpecimenEntry(lang, page, t["headline"], t["statistic"], t["paragraph"], url)
        )
    canvas.showPage()
    canvas.save()
    return entries
