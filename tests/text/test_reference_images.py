"""A reference image per script, compared with a tolerance.

Regenerate on purpose only: POSTERS_REGENERATE_REFERENCES=1 pytest tests/text
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from reportlab.pdfgen.canvas import Canvas

from posters.render.fonts import font_name
from posters.render.text import draw_set_text
from posters.text import Span, TextStyle
from posters.text.specimen import specimen_texts, statistic_spans

REFERENCES = Path(__file__).parent / "references"
SCRIPTS = {  # script: language whose specimen texts show it
    "latin": "en",
    "vietnamese": "vi",
    "cyrillic": "ru",
    "japanese": "ja",
    "simplified-chinese": "zh-Hans",
    "traditional-chinese": "zh-Hant",
    "korean": "ko",
    "thai": "th",
    "devanagari": "ne",
    "myanmar": "my",
    "khmer": "km",
    "arabic": "ar",
    "persian": "fa",
}
WIDTH, HEIGHT = 300, 150
DPI = 72
TOLERANCE = 2.0  # mean absolute difference per channel, 0-255


def _render(engine, lang: str, pdf: Path) -> Image.Image:
    import pypdfium2 as pdfium

    _url, texts = specimen_texts()
    t = texts[lang]
    c = Canvas(
        str(pdf), pagesize=(WIDTH, HEIGHT), invariant=1,
        initialFontName=font_name(engine.base_font()),
    )
    y = HEIGHT - 8
    for spans, style in (
        ([Span(t["headline"])], TextStyle(size=18, min_size=10, bold=True)),
        (statistic_spans(t["statistic"]), TextStyle(size=10, min_size=6)),
        ([Span(t["paragraph"])], TextStyle(size=8, min_size=5)),
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


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_reference_image(engine, tmp_path, script):
    image = _render(engine, SCRIPTS[script], tmp_path / f"{script}.pdf")
    ref_path = REFERENCES / f"{script}.png"
    if os.environ.get("POSTERS_REGENERATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        image.save(ref_path, optimize=True)
        pytest.skip(f"regenerated {ref_path.name}")
    assert ref_path.exists(), (
        f"no reference {ref_path}; look at the output, then run with "
        "POSTERS_REGENERATE_REFERENCES=1"
    )
    ref = Image.open(ref_path).convert("L")
    assert ref.size == image.size
    diff = ImageStat.Stat(ImageChops.difference(ref, image)).mean[0]
    if diff > TOLERANCE:
        image.save(tmp_path / f"{script}-actual.png")
    assert diff <= TOLERANCE, f"{script}: mean difference {diff:.2f} > {TOLERANCE}"
    # and the text is really there: enough dark pixels
    assert ImageStat.Stat(image).mean[0] < 250
