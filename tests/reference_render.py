"""A script's reference rendering: headline, statistic and paragraph set by the text
engine on a small page, drawn by the renderer and rasterized by PDFium (a reader we did
not write), for comparison with a committed PNG."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from posters.render.fonts import font_name
from posters.render.text import draw_set_text
from posters.text import Span, TextStyle
from posters.text.specimen import statistic_spans

WIDTH, HEIGHT = 300, 150
DPI = 72


def render_reference(engine, lang: str, text: dict[str, str], pdf: Path) -> Image.Image:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    c = Canvas(str(pdf), pagesize=(WIDTH, HEIGHT), invariant=1,
               initialFontName=font_name(engine.base_font()))
    y = HEIGHT - 8
    for spans, style in (
        ([Span(text["headline"])], TextStyle(size=18, min_size=10, bold=True)),
        (statistic_spans(text["statistic"]), TextStyle(size=10, min_size=6)),
        ([Span(text["paragraph"])], TextStyle(size=8, min_size=5)),
    ):
        st = engine.fit(spans, lang, style, WIDTH - 16, 70)
        draw_set_text(c, st, 8, y)
        y -= st.height + 2
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(str(pdf))
    image = doc[0].render(scale=DPI / 72).to_pil().convert("L")
    doc.close()
    return image
