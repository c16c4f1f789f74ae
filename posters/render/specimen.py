"""Drawing the specimen (posters.text.specimen sets it) into an A4 PDF."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from posters.render.fonts import font_name
from posters.render.text import draw_set_text
from posters.text.engine import TextEngine
from posters.text.specimen import A4, SpecimenEntry, set_specimen


def build_specimen(
    path: str | Path | BinaryIO,
    languages: list[str] | None = None,
    engine: TextEngine | None = None,
    per_page: int | None = None,
    texts: tuple[str, dict[str, dict[str, str]]] | None = None,
) -> list[SpecimenEntry]:
    """Write the specimen PDF to ``path`` (or a binary file object); return which strings
    went on which page. ``texts`` is (url, {lang: {headline, statistic, paragraph}}), a
    campaign's own strings; the built-in specimen texts by default."""
    engine = engine or TextEngine.default()
    pages, entries = set_specimen(languages, engine, per_page, texts)
    canvas = Canvas(
        path if hasattr(path, "write") else str(path),
        pagesize=A4,
        invariant=1,
        initialFontName=font_name(engine.base_font()),
        initialFontSize=10,
    )
    canvas.setTitle("posters text specimen")
    canvas.setAuthor("posters")
    canvas.setCreator("posters")
    canvas.setProducer("posters")
    for number, page in enumerate(pages):
        if number:
            canvas.showPage()
        for placed in page:
            draw_set_text(canvas, placed.set_text, placed.x, placed.y_top)
    canvas.showPage()
    canvas.save()
    return entries
