"""Test PDFs made with ReportLab: a small print-ready poster, and ways to break it."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
URL = "https://www.kokunai4.jp"
HOTLINES = ("#9110", "0670-012904", "0120-924-839")  # as the sample campaign prints them
TIMESTAMP = datetime(2023, 3, 1, tzinfo=UTC)
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def noto_sans() -> str:
    import justmytype_western_core

    root = Path(justmytype_western_core.__file__).parent
    path = next(root.rglob("NotoSans[[]wdth,wght[]].ttf"))
    if "NotoSansTest" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSansTest", str(path)))
    return "NotoSansTest"


@dataclass(frozen=True)
class Poster:
    """An A5 leaflet: trim 148 x 210 mm. Each field is a way to get it right or wrong."""

    width_mm: float = 148
    height_mm: float = 210
    bleed_mm: float = 3
    slug_mm: float = 10
    font: str = "embedded"  # "embedded" or "helvetica" (not embedded)
    rgb_fill: bool = False  # one box in DeviceRGB
    rgb_image: bool = False
    image_px: int = 360  # a 30 mm square image: 360 px is 305 ppi
    text_at_edge: bool = False  # a line 2 mm from the trim
    # a space 2 mm from the trim that says only a right-to-left mark (a reading span)
    silent_at_edge: bool = False
    trim_box: bool = True
    qr_url: str = URL
    hotlines: tuple[str, ...] = HOTLINES
    missing_glyph: bool = False  # a Thai word in a Latin-only font
    heavy_ink: bool = False  # a 400% black box
    links: bool = False  # https: and tel: link annotations, as the screen variant has

    def with_(self, **changes) -> Poster:
        return replace(self, **changes)


def draw_poster(path: Path, poster: Poster = Poster()) -> Path:
    p = poster
    margin = (p.bleed_mm + p.slug_mm) * MM
    trim_w, trim_h = p.width_mm * MM, p.height_mm * MM
    bleed = p.bleed_mm * MM
    font = noto_sans() if p.font == "embedded" else "Helvetica"
    c = Canvas(str(path), pagesize=(trim_w + 2 * margin, trim_h + 2 * margin), invariant=1,
               initialFontName=font)
    c.setTitle("Test poster")
    if p.trim_box:
        c.setTrimBox((margin, margin, margin + trim_w, margin + trim_h))
        c.setBleedBox((margin - bleed, margin - bleed, margin + trim_w + bleed,
                       margin + trim_h + bleed))
    # background into the bleed
    c.setFillColor(CMYKColor(0, 0.05, 0.1, 0))
    c.rect(margin - bleed, margin - bleed, trim_w + 2 * bleed, trim_h + 2 * bleed, 0, 1)
    c.saveState()
    c.translate(margin, margin)
    c.setFillColor(CMYKColor(0, 0.95, 0.85, 0))
    c.rect(10 * MM, trim_h - 40 * MM, trim_w - 20 * MM, 25 * MM, 0, 1)
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont(font, 18)
    c.drawString(12 * MM, trim_h - 55 * MM, "Trafficking in Persons")
    c.setFont(font, 11)
    y = trim_h - 70 * MM
    for number in p.hotlines:
        c.drawString(12 * MM, y, f"Call {number}")
        if p.links:
            tel = "tel:" + number.replace("-", "").replace("#", "%23")
            c.linkURL(tel, (12 * MM, y - 2, 60 * MM, y + 10), relative=1)
        y -= 7 * MM
    c.drawString(12 * MM, y, "www.kokunai4.jp")
    if p.links:
        c.linkURL(p.qr_url, (12 * MM, y - 2, 60 * MM, y + 10), relative=1)
    if p.missing_glyph:
        c.drawString(12 * MM, y - 7 * MM, "Help ช่วย")
    if p.text_at_edge:
        c.drawString(2 * MM, 20 * MM, "Too close to the edge")
    if p.silent_at_edge:
        c._code.append("/Span <</ActualText <FEFF200F>>> BDC")
        c.drawString(2 * MM, 30 * MM, " ")
        c._code.append("EMC")
    if p.rgb_fill:
        c.setFillColor(Color(0.9, 0.1, 0.1))
        c.rect(12 * MM, 30 * MM, 20 * MM, 10 * MM, 0, 1)
    if p.heavy_ink:
        c.setFillColor(CMYKColor(1, 1, 1, 1))
        c.rect(40 * MM, 30 * MM, 20 * MM, 10 * MM, 0, 1)
    # a photograph: 30 mm square
    mode = "RGB" if p.rgb_image else "CMYK"
    colour = (200, 120, 40) if p.rgb_image else (10, 60, 90, 5)
    img = Image.new(mode, (p.image_px, p.image_px), colour)
    c.drawImage(ImageReader(img), trim_w - 45 * MM, 25 * MM, 30 * MM, 30 * MM)
    # QR code, black ink only
    qr = QrCodeWidget(p.qr_url, barLevel="M", barFillColor=CMYKColor(0, 0, 0, 1),
                      barStrokeColor=CMYKColor(0, 0, 0, 1))
    x0, y0, x1, y1 = qr.getBounds()
    size = 30 * MM
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(qr)
    # renderPDF selects STATE_DEFAULTS' font (Helvetica) even for a drawing with no text
    saved = STATE_DEFAULTS["fontName"]
    STATE_DEFAULTS["fontName"] = font
    try:
        renderPDF.draw(d, c, trim_w - 45 * MM, trim_h - 100 * MM)
    finally:
        STATE_DEFAULTS["fontName"] = saved
    c.restoreState()
    _marks(c, margin, trim_w, trim_h, p.bleed_mm * MM)
    c.showPage()
    c.save()
    return path


def _marks(c: Canvas, margin: float, w: float, h: float, bleed: float) -> None:
    c.setStrokeColor(REGISTRATION)
    c.setLineWidth(0.25)
    length = 5 * MM
    for x in (margin, margin + w):
        for y, sign in ((margin, -1), (margin + h, 1)):
            c.line(x, y + sign * (bleed + 1), x, y + sign * (bleed + 1 + length))
    for y in (margin, margin + h):
        for x, sign in ((margin, -1), (margin + w, 1)):
            c.line(x + sign * (bleed + 1), y, x + sign * (bleed + 1 + length), y)


def make_pdfx_poster(tmp: Path, poster: Poster = Poster(), name: str = "poster") -> Path:
    from posters.print.pdfx import make_pdfx

    raw = draw_poster(tmp / f"{name}-raw.pdf", poster)
    out = tmp / f"{name}.pdf"
    make_pdfx(raw, out, title="Test poster", lang="en", icc=None, timestamp=TIMESTAMP)
    return out


def corrupt_xref(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    at = data.rfind(b"startxref")
    tail = data[at:].split(b"\n")
    offset = tail[1].strip()
    wrong = str(int(offset) + 7).encode()
    data[at:] = b"\n".join([tail[0], wrong, *tail[2:]])
    dst.write_bytes(bytes(data))
    return dst


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
