"""render/textlayer.NumberArray (a font subset's widths) writes exactly what ReportLab's
PDFArray writes for the same numbers, in every layout ReportLab has, for many inputs; and
MappedTTFont.addObjects, which writes each subset's Font, Widths and ToUnicode map without
ReportLab's map, gives a font's objects as TTFont.addObjects followed by our map did."""

from __future__ import annotations

import io
import random

import pytest
from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFArrayCompact, PDFDocument
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont
from reportlab.pdfgen.canvas import Canvas

import posters.render  # noqa: F401  (ReportLab's settings)
from posters.render.textlayer import MappedTTFont, NumberArray, to_unicode_cmap


def _numbers(rng: random.Random, count: int) -> list[float]:
    out: list[float] = []
    for _ in range(count):
        kind = rng.randrange(6)
        if kind == 0:
            out.append(rng.randrange(-3000, 3000))
        elif kind == 1:
            out.append(rng.uniform(-2000, 2000))
        elif kind == 2:
            out.append(rng.randrange(0, 2049) * 1000 / rng.choice((1000, 2048, 1024, 2000)))
        elif kind == 3:
            out.append(rng.choice((0, 0.0, -0.0, 1e-7, 0.5, 1e12, -1e-3, 123456.789)))
        elif kind == 4:
            out.append(round(rng.uniform(0, 1000), rng.randrange(0, 8)))
        else:
            out.append(float(rng.randrange(0, 1000)))
    return out


@pytest.mark.parametrize("multiline", [0, 1])
def test_number_array_writes_what_pdf_array_writes(monkeypatch, multiline: int) -> None:
    monkeypatch.setattr(rl_config, "pdfMultiLine", multiline)
    rng = random.Random(20)
    document = PDFDocument()
    for count in [*range(0, 45), 99, 100, 101, 255, 256, *[rng.randrange(300) for _ in range(200)]]:
        numbers = _numbers(rng, count)
        assert NumberArray(list(numbers)).format(document) == \
            PDFArray(list(numbers)).format(document), numbers
        compact, theirs = NumberArray(list(numbers)), PDFArrayCompact(list(numbers))
        compact.multiline = False
        assert compact.format(document) == theirs.format(document)
        forced, theirs = NumberArray(list(numbers)), PDFArray(list(numbers))
        forced.multiline = theirs.multiline = "forced"
        assert forced.format(document) == theirs.format(document)


def test_number_array_takes_numbers_only() -> None:
    for bad in ("1", True, None, b"2"):
        with pytest.raises(TypeError):
            NumberArray([1, bad])


class _ReportLabObjects(MappedTTFont):
    """addObjects as it was: ReportLab's, then each subset's ToUnicode map replaced."""

    def addObjects(self, doc) -> None:  # type: ignore[no-untyped-def]
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        TTFont.addObjects(self, doc)
        for n, codes in enumerate(subsets):
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
                    ).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(
                base, codes, self.texts)


def _document(font: MappedTTFont, text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1, initialFontName=font.fontName)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(10, 10, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("font_id", ["noto-sans", "noto-sans-arabic"])
def test_a_font_s_objects_are_reportlab_s(engine, font_id: str) -> None:
    sample_font_path = engine.fonts.get(font_id, "regular").path
    # more than one subset (300 distinct characters), and keys that say other texts
    text = "".join(chr(c) for c in range(0x21, 0x17F) if c != 0x7F)
    ours = MappedTTFont(f"NumberArrayOurs-{font_id}", str(sample_font_path))
    theirs = _ReportLabObjects(f"NumberArrayTheirs-{font_id}", str(sample_font_path))
    for font in (ours, theirs):
        space = font.face.charToGlyph[0x20]
        font.key_for(space, "says", font.face.charWidths[0x20])
    extra = "".join(chr(code) for code in sorted(ours.texts))
    assert _document(ours, text + extra) == _document(theirs, text + extra)


def test_reportlabs_format_answers_as_before() -> None:
    """render/settings.py answers pdfdoc.format's names, numbers and bytes first: the
    same bytes as ReportLab's own for those and for everything else."""
    from reportlab.pdfbase import pdfdoc

    import posters.render.settings as settings

    assert pdfdoc.format is settings._fast_format
    document = PDFDocument()
    rng = random.Random(4)
    elements: list[object] = [
        "/Name", "plain", "caf\u00e9 \u2022 \u0160", "", b"bytes", b"", True, False, None,
        0, -1, 10**12, 0.0, -0.0, 1e-9, 2.5, 123456.789, float(7),
        pdfdoc.PDFName("Type"), pdfdoc.PDFString("text (with) parens"),
        pdfdoc.PDFArray([1, 2.5, "/A"]), pdfdoc.PDFDictionary({"A": 1, "B": "/C"}),
        *_numbers(rng, 300),
    ]
    for element in elements:
        ours = settings._fast_format(element, document)
        theirs = settings._format(element, document)
        assert (ours, type(ours)) == (theirs, type(theirs)), element
