"""Draw page layouts into a PDF: print variant (bleed, marks, boxes, CMYK) or screen variant
(RGB, trim size, links). Writes to a temporary file and renames it into place, so an
interrupted build never leaves a half-written PDF."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from posters.files import atomic_path
from posters.layout.geometry import (
    Fill,
    Icon,
    Item,
    PageLayout,
    Picture,
    QrCode,
    Rect,
    Sector,
    Stroke,
    TextFrame,
    mm,
)
from posters.model import Colour
from posters.print.colour import CMYK, RGB, ColourConverter, ColourSettings
from posters.print.legibility import legibility
from posters.print.overprint import is_thin, overprint_code
from posters.render.charts import draw_sector
from posters.render.colours import cmyk
from posters.render.fonts import font_name
from posters.render.icons import FileState, draw_artwork, draw_icon, file_state
from posters.render.overprint import OverprintCanvas, written_black
from posters.render.tags import Structure, Tagger
from posters.render.text import draw_set_text, line_x
from posters.text.model import FontRef

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
QR_QUIET_MODULES = 2


QrMatrix = tuple[tuple[bool, ...], ...]


@functools.lru_cache(maxsize=64)
def qr_matrix(data: str) -> QrMatrix:
    """Dark modules of the QR code for ``data``, error correction M (safer for print), the
    smallest version that holds it. Remembered in the user cache by the data and the
    encoder's code (posters.schema.checked): a later process draws it without importing
    the encoder, whose package's __init__ imports every barcode widget and, with
    ReportLab's graphics shapes, all of platypus (0.1 s). An entry that is not exactly a
    QR code's matrix is a miss: the data is encoded again."""
    import reportlab

    from posters.schema.checked import RememberedFindings

    remembered = RememberedFindings("qr matrix", data.encode("utf-8", "surrogatepass"),
                                    {"level": "M", "version": "smallest",
                                     "reportlab": reportlab.Version})
    matrix = _matrix_of(remembered.recall())
    if matrix is None:
        matrix = _encoded(data)
        rows = ["".join("1" if dark else "0" for dark in row) for row in matrix]
        if _matrix_of(rows) == matrix:
            remembered.remember(rows)
    return matrix


def _encoded(data: str) -> QrMatrix:
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(code.getModuleCount()))
                 for r in range(code.getModuleCount()))


@functools.lru_cache(maxsize=16)
def _qr_path(data: str, left: float, top: float, module: float) -> str:
    """The path of a QR code's dark modules (a rectangle per run of them in a row) at a
    place, as ReportLab's path object writes it; made once per process for the regional
    variants and languages of a format that place it alike."""
    matrix = qr_matrix(data)
    count = len(matrix)
    path = PDFPathObject()
    for row, cells in enumerate(matrix):
        col = 0
        while col < count:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < count and cells[col]:
                col += 1
            path.rect(left + start * module, top - (row + 1) * module,
                      (col - start) * module, module)
    return path.getCode()


# a QR code of version v (1 to 40) is 17 + 4v modules square
QR_SIDES = frozenset(17 + 4 * version for version in range(1, 41))


def _matrix_of(value: object) -> QrMatrix | None:
    """The matrix a cache entry holds (one string of 0 and 1 a row), or None for anything
    that is not exactly a QR code's."""
    if not isinstance(value, list) or len(value) not in QR_SIDES:
        return None
    side = len(value)
    if not all(isinstance(row, str) and len(row) == side and not row.strip("01")
               for row in value):
        return None
    return tuple(tuple(cell == "1" for cell in row) for row in value)


@dataclass(frozen=True)
class Variant:
    name: str  # "print" | "screen"
    bleed_mm: float = 3.0
    slug_mm: float = 12.0  # room outside the bleed for crop marks
    mark_length_mm: float = 8.0
    mark_offset_mm: float = 3.0  # gap between the bleed edge and the marks

    @property
    def is_print(self) -> bool:
        return self.name == "print"

    @property
    def bleed(self) -> float:
        return mm(self.bleed_mm) if self.is_print else 0.0

    @property
    def margin(self) -> float:
        """From the media edge to the trim."""
        return mm(self.bleed_mm + self.slug_mm) if self.is_print else 0.0


PRINT = Variant("print")
SCREEN = Variant("screen")


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    lang: str
    creator: str = "posters"
    keywords: str = ""
    # screen variant: text runs that are exactly one of these numbers link to its tel: URI
    phone_links: tuple[tuple[str, str], ...] = ()
    output_profile: Path | None = None  # the CMYK profile screen colours are converted from


@functools.lru_cache(maxsize=8)
def _converter(profile: Path | None) -> ColourConverter:
    return ColourConverter(ColourSettings(profile=profile))


def _conversion(for_print: bool, profile: Path | None) -> str:
    """Everything an SVG logo's colours depend on beyond our code (the key under which
    draw_artwork remembers its operators): 8-bit sRGB on screen; in print the output
    profile's bytes and the colour engine (LittleCMS, as Pillow ships it)."""
    if not for_print:
        return "screen"
    from posters.print.icc import default_cmyk_profile

    path = Path(profile or default_cmyk_profile()).resolve()
    return _profile_conversion(path, file_state(path))


@functools.lru_cache(maxsize=8)
def _profile_conversion(path: Path, state: FileState) -> str:
    import hashlib

    import PIL

    return f"print {hashlib.sha256(path.read_bytes()).hexdigest()} Pillow {PIL.__version__}"


def prepared_image(path: Path, for_print: bool, profile: Path | None):  # type: ignore[no-untyped-def]
    """The image flattened on white and converted: CMYK for print, RGB for screen; once
    per version of the file (a logo changed while a long process runs is read again)."""
    path = Path(path).resolve()
    return _prepared_image(path, file_state(path), for_print, profile)


@functools.lru_cache(maxsize=16)
def _prepared_image(path: Path, state: FileState, for_print: bool,
                    profile: Path | None):  # type: ignore[no-untyped-def]
    from PIL import Image as PILImage

    with PILImage.open(path) as source:
        source.load()
        image = source
        if image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            image = PILImage.new("RGB", rgba.size, (255, 255, 255))
            image.paste(rgba, mask=rgba.getchannel("A"))
        converter = _converter(profile)
        return converter.image_to_cmyk(image) if for_print else converter.image_to_rgb(image)


@functools.lru_cache(maxsize=1024)
def rgb(colour: Colour, profile: Path | None = None) -> Color:
    """The screen colour of a brand colour, through the print profile (littleCMS), so the
    screen variant shows what the press will print."""
    converted = _converter(profile).cmyk_to_rgb(CMYK.from_percent(*colour.cmyk))
    return Color(converted.r / 255, converted.g / 255, converted.b / 255)


# A campaign colour's print colour, made once: ReportLab's colours are values nobody changes.
_print_colour = functools.lru_cache(maxsize=1024)(cmyk)
_black_by_colour: dict[tuple, bool] = {}


def _written_black(colour: Color) -> bool:
    """written_black, once per colour value."""
    if not isinstance(colour, Color):
        return written_black(colour)
    key = (type(colour), colour.__key__)
    black = _black_by_colour.get(key)
    if black is None:
        if len(_black_by_colour) >= 1024:
            _black_by_colour.clear()
        black = _black_by_colour[key] = written_black(colour)
    return black


class PageRenderer:
    def __init__(self, canvas: Canvas, page: PageLayout, variant: Variant,
                 profile: Path | None = None,
                 phone_links: tuple[tuple[str, str], ...] = (),
                 tagger: Tagger | None = None) -> None:
        self.canvas = canvas
        self.tagger = tagger
        self.owner = None  # the structure element of the item being drawn
        self.links_drawn: list = []  # (owner, wrap) of each link annotation of that item
        self.phone_links = dict(phone_links)
        self.profile = profile
        self.page = page
        self.variant = variant
        self.height = page.size.height_pt

    def paint(self, colour: Colour) -> Color:
        return _print_colour(colour) if self.variant.is_print else rgb(colour, self.profile)

    def solid_paint(self, colour: Colour) -> Color:
        """Small text prints solid: a tint of black (a grey) becomes 100 % K, because a
        dot screen breaks up small letters (posters/print/legibility.yaml)."""
        c, m, y, k = colour.cmyk
        if not colour.spot and c == m == y == 0 and 0 < k < 100:
            return CMYKColor(0, 0, 0, 1)
        return self.paint(colour)

    def flip(self, rect: Rect) -> tuple[float, float, float, float]:
        """Layout rect (y down from the trim's top) -> PDF x, y (bottom), width, height."""
        return rect.x, self.height - rect.bottom, rect.width, rect.height

    def render(self) -> None:
        canvas, page, variant = self.canvas, self.page, self.variant
        margin = variant.margin
        trim_w, trim_h = page.size.width_pt, page.size.height_pt
        canvas.setPageSize((trim_w + 2 * margin, trim_h + 2 * margin))
        if variant.is_print:
            bleed = variant.bleed
            canvas.setTrimBox((margin, margin, margin + trim_w, margin + trim_h))
            canvas.setBleedBox((margin - bleed, margin - bleed, margin + trim_w + bleed,
                                margin + trim_h + bleed))
        tagger = self.tagger
        if tagger is not None:
            tagger.start_page(canvas)
            tagger.artifact_begin()
        canvas.saveState()
        canvas.translate(margin, margin)
        self.fill(Fill(page.trim, page.background, ("top", "bottom", "left", "right")))
        if tagger is not None:
            tagger.end()
        for number, item in enumerate(page.items):
            self.owner = None
            tagged = tagger is not None and isinstance(item, TextFrame | QrCode | Icon | Picture)
            if tagged and isinstance(item, Picture) and not tagger.logo_alt:
                tagged = False
            if tagged:
                inline = isinstance(item, TextFrame)
                self.owner = tagger.begin(item, page, page.items[number + 1:],
                                          self.page_bbox(item.rect), inline=inline)
            elif tagger is not None:
                tagger.artifact_begin()
            self.draw(item)
            if tagger is not None and not (tagged and inline):
                tagger.end()
            self.annotate()
        canvas.restoreState()
        if variant.is_print:
            if tagger is not None:
                tagger.artifact_begin("Page")
            self.crop_marks()
            self.fold_marks()
            if tagger is not None:
                tagger.end()

    def page_bbox(self, rect: Rect) -> tuple[float, float, float, float]:
        x, y, w, h = self.flip(rect)
        margin = self.variant.margin
        return (x + margin, y + margin, x + margin + w, y + margin + h)

    def annotate(self) -> None:
        """Links drawn inside a marked-content sequence belong to its element; ReportLab
        writes the annotation objects at page end, in the order drawn."""
        if self.tagger is not None:
            for owner, wrap in self.links_drawn:
                self.tagger.annotation(owner, wrap=wrap)
        self.links_drawn = []

    def link(self, uri: str, rect: tuple[float, float, float, float],
             wrap: bool = False) -> None:
        """A link annotation; ``wrap``: it covers part of the item's text (a number in a
        list), so its Link element is a child of the item's element."""
        self.canvas.linkURL(uri, rect, relative=1, thickness=0)
        self.links_drawn.append((self.owner, wrap))

    def draw(self, item: Item) -> None:
        DRAW[type(item)](self, item)

    def fill(self, fill: Fill) -> None:
        x, y, w, h = self.flip(fill.rect)
        bleed = self.variant.bleed
        page_w = self.page.size.width_pt
        # an edge extends into the bleed only where the box touches the trim there
        if "left" in fill.bleed and x <= 0.01:
            x, w = x - bleed, w + bleed
        if "right" in fill.bleed and x + w >= page_w - 0.01:
            w += bleed
        if "bottom" in fill.bleed and y <= 0.01:
            y, h = y - bleed, h + bleed
        if "top" in fill.bleed and y + h >= self.height - 0.01:
            h += bleed
        self.canvas.setFillColor(self.paint(fill.colour))
        self.filled_rect(x, y, w, h)

    def stroke(self, stroke: Stroke) -> None:
        x, y, w, h = self.flip(stroke.rect)
        canvas = self.canvas
        colour = self.paint(stroke.colour)
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(stroke.width)
        if self.thin_black(colour, stroke.width):
            canvas.saveState()
            canvas._code.append(canvas.overprint(False, True))
            canvas.roundRect(x, y, w, h, stroke.radius, stroke=1, fill=0)
            canvas.restoreState()
        else:
            canvas.roundRect(x, y, w, h, stroke.radius, stroke=1, fill=0)

    def text(self, frame: TextFrame) -> None:
        paint = self.paint
        if self.variant.is_print and _smallest_size(frame) < legibility().solid_black_below_pt:
            paint = self.solid_paint
        draw_set_text(self.canvas, frame.set_text, frame.rect.x,
                      self.height - frame.rect.y - frame.offset_y, paint=paint,
                      mark=self.tagger.mark if self.tagger is not None else None,
                      overprint=self.text_overprint() if self.variant.is_print else None)
        if self.variant.is_print:
            return
        if frame.link:
            x, y, w, h = self.flip(frame.rect)
            self.link(frame.link, (x, y, x + w, y + h))
        elif self.phone_links:
            self.number_links(frame)

    def text_overprint(self):  # type: ignore[no-untyped-def]
        """For draw_set_text: 100 % black text overprints, text in any other colour knocks
        out. The text object is drawn inside q ... Q, from the knock-out state that holds
        outside the rules and text that overprint."""
        overprinting = False

        def switch(colour: Color) -> list[str]:
            nonlocal overprinting
            black = _written_black(colour)
            if black == overprinting:
                return []
            overprinting = black
            return [self.canvas.overprint(black, False)]

        return switch

    def thin_black(self, colour: Color, width: float) -> bool:
        """A rule that overprints: 100 % black, up to THIN_RULE_PT wide (as written)."""
        return self.variant.is_print and written_black(colour) \
            and is_thin(abs(float(fp_str(width))))

    def filled_rect(self, x: float, y: float, w: float, h: float) -> None:
        """A filled rectangle; a thin 100 % black one is a rule, and overprints."""
        canvas = self.canvas
        if self.thin_black(canvas._fillColorObj, min(abs(w), abs(h))):
            canvas.saveState()
            canvas._code.append(canvas.overprint(True, False))
            canvas.rect(x, y, w, h, stroke=0, fill=1)
            canvas.restoreState()
        else:
            canvas.rect(x, y, w, h, stroke=0, fill=1)

    def number_links(self, frame: TextFrame) -> None:
        """A phone number set as its own span inside a longer text (a list of hotlines)
        links from its own glyphs."""
        set_text = frame.set_text
        top = self.height - frame.rect.y - frame.offset_y
        for line in set_text.lines:
            left = frame.rect.x + line_x(set_text, line.width)
            for run in line.runs:
                uri = self.phone_links.get(run.text.strip())
                if uri is None:
                    continue
                baseline = top - line.baseline
                self.link(uri, (left + run.x, baseline - abs(line.descent),
                                left + run.x + run.width, baseline + line.ascent), wrap=True)

    def qr(self, code: QrCode) -> None:
        """The QR code as filled rectangles in the ink colour, with a 2-module quiet zone."""
        x, y, w, h = self.flip(code.rect)
        matrix = qr_matrix(code.data)
        count = len(matrix)
        module = min(w, h) / (count + 2 * QR_QUIET_MODULES)
        left = x + (w - module * count) / 2
        top = y + h - (h - module * count) / 2
        canvas = self.canvas
        canvas.setFillColor(self.paint(code.background))
        self.filled_rect(x, y, w, h)
        canvas.setFillColor(self.paint(code.colour))
        canvas.drawPath(PDFPathObject([_qr_path(code.data, left, top, module)]),
                        stroke=0, fill=1)
        if not self.variant.is_print:
            self.link(code.data, (x, y, x + w, y + h))

    def icon(self, icon: Icon) -> None:
        x, y, w, h = self.flip(icon.rect)
        if icon.svg:
            draw_icon(self.canvas, Path(icon.svg), x, y, w, h, self.paint(icon.colour))
            return
        self.canvas.setFillColor(self.paint(icon.colour))
        self.canvas.circle(x + w / 2, y + h / 2, min(w, h) / 2, stroke=0, fill=1)

    def picture(self, picture: Picture) -> None:
        """Artwork in the variant's colours: CMYK through the print profile (greys to black
        only, ink limited) for print, RGB for screen. Raster images at their own pixels."""
        x, y, w, h = self.flip(picture.rect)
        path = Path(picture.path)
        converter = _converter(self.profile)
        if path.suffix.lower() == ".svg":
            def convert(colour: Color) -> Color:
                red, green, blue = (round(v * 255) for v in colour.rgb())
                if not self.variant.is_print:
                    return Color(red / 255, green / 255, blue / 255)
                ink = converter.rgb_to_cmyk(RGB(red, green, blue))
                return CMYKColor(ink.c, ink.m, ink.y, ink.k)

            start = len(self.canvas._code)
            draw_artwork(self.canvas, path, x, y, w, h, convert,
                         _conversion(self.variant.is_print, self.profile))
            if self.variant.is_print:
                # drawn by svglib: its black text and thin rules are found in its code
                code, used = overprint_code("\n".join(self.canvas._code[start:]).encode())
                self.canvas._code[start:] = [code.decode("latin-1")]
                self.canvas.overprint_states |= used
            return
        self.canvas.drawImage(ImageReader(prepared_image(path, self.variant.is_print,
                                                         self.profile)), x, y, w, h)

    def crop_marks(self) -> None:
        """Corner and centre marks (tombo) in registration colour, outside the bleed."""
        canvas, variant = self.canvas, self.variant
        margin, bleed = variant.margin, variant.bleed
        trim_w, trim_h = self.page.size.width_pt, self.page.size.height_pt
        offset, length = mm(variant.mark_offset_mm), mm(variant.mark_length_mm)
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(0.25)
        left, right, bottom, top = margin, margin + trim_w, margin, margin + trim_h
        start, end = bleed + offset, bleed + offset + length
        for x in (left, right):
            sign = -1 if x == left else 1
            for y in (bottom, top):
                vsign = -1 if y == bottom else 1
                canvas.line(x + sign * start, y, x + sign * end, y)  # trim line, horizontal
                canvas.line(x, y + vsign * start, x, y + vsign * end)  # trim line, vertical
                # the bleed line of the Japanese double mark
                canvas.line(x + sign * start, y + vsign * bleed, x + sign * end,
                            y + vsign * bleed)
                canvas.line(x + sign * bleed, y + vsign * start, x + sign * bleed,
                            y + vsign * end)
        centre_x, centre_y = margin + trim_w / 2, margin + trim_h / 2
        half = length / 2
        for y, sign in ((bottom, -1), (top, 1)):
            mid = y + sign * (start + half)
            canvas.line(centre_x, y + sign * start, centre_x, y + sign * end)
            canvas.line(centre_x - half, mid, centre_x + half, mid)
        for x, sign in ((left, -1), (right, 1)):
            mid = x + sign * (start + half)
            canvas.line(x + sign * start, centre_y, x + sign * end, centre_y)
            canvas.line(mid, centre_y - half, mid, centre_y + half)

    def sector(self, sector: Sector) -> None:
        draw_sector(self.canvas, sector, self.height, self.paint(sector.colour))

    def fold_marks(self) -> None:
        """A dashed line in registration colour above and below each fold, outside the
        bleed, where the crop marks are."""
        canvas, variant = self.canvas, self.variant
        margin, bleed = variant.margin, variant.bleed
        start = bleed + mm(variant.mark_offset_mm)
        end = start + mm(variant.mark_length_mm)
        bottom, top = margin, margin + self.page.size.height_pt
        canvas.saveState()
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(0.25)
        canvas.setDash(2, 1)
        for fold in self.page.folds:
            x = margin + fold
            canvas.line(x, top + start, x, top + end)
            canvas.line(x, bottom - start, x, bottom - end)
        canvas.restoreState()


# How each kind of item is drawn: a new item kind adds its PageRenderer method here.
DRAW = {
    Fill: PageRenderer.fill,
    Stroke: PageRenderer.stroke,
    TextFrame: PageRenderer.text,
    QrCode: PageRenderer.qr,
    Icon: PageRenderer.icon,
    Picture: PageRenderer.picture,
    Sector: PageRenderer.sector,
}


def _smallest_size(frame: TextFrame) -> float:
    sizes = [run.size for line in frame.set_text.lines for run in line.runs]
    return min(sizes, default=frame.set_text.size)


def render_document(pages: Sequence[PageLayout], base_font: FontRef,
                    target: Path | BinaryIO, variant: Variant,
                    info: DocumentInfo) -> Structure:
    """Render ``pages`` into ``target``, a path (written atomically) or a binary file (the
    build's, in memory, handed to posters.print.pdfx without a trip to the disk); returns
    the document's logical structure (posters.print.structure writes it into the file).
    ``base_font`` (the text engine's ``base_font()``) is the canvas's initial font, so
    that no Helvetica is referenced."""
    if isinstance(target, Path):
        with atomic_path(target) as temporary, temporary.open("wb") as file:
            return render_document(pages, base_font, file, variant, info)
    canvas = OverprintCanvas(target, invariant=1, pageCompression=1, lang=info.lang,
                             initialFontName=font_name(base_font), pdfVersion=(1, 6))
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator(info.creator)
    tagger = Tagger(info.lang, logo_alt=info.author, links=not variant.is_print)
    for page in pages:
        PageRenderer(canvas, page, variant, info.output_profile,
                     info.phone_links, tagger).render()
        canvas.showPage()
    canvas.save()
    return tagger.structure()
