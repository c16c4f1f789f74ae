"""Warning-sign icons: one-colour SVG line art drawn into a ReportLab canvas as vectors.

An icon file may come from a campaign folder, so it is untrusted input: it is parsed
strictly (no entities, no network, no recovery), and anything that would not print as
one solid colour, or that would pull in fonts, rasters or other files, is refused with
the line it is on.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import logging
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from reportlab.lib.colors import CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Shape

# svglib and ReportLab's graphics (whose shapes import all of platypus: 0.1 s) are
# imported where an icon is drawn: an output without icons (a card) does not load them.

from posters.schema.assets import IconError, check_icon

FileState = tuple[int, int] | None  # (mtime in ns, size): a changed file is read again


def file_state(path: Path) -> FileState:
    try:
        st = path.stat()
    except OSError:
        return None  # check_icon says what is wrong with it
    return (st.st_mtime_ns, st.st_size)


def load_icon(svg_path: Path) -> Drawing:
    """The icon as a ReportLab Drawing (parsed once per version of the file; do not modify
    it)."""
    path = Path(svg_path).resolve()
    return _load(path, file_state(path))


@functools.lru_cache(maxsize=256)
def _load(path: Path, state: FileState) -> Drawing:
    root = check_icon(path)
    drawing = _render(path, root)
    if drawing.width <= 0 or drawing.height <= 0:
        raise IconError(path, root.sourceline, "the icon has no size; give the <svg> a viewBox")
    if next(shapes(drawing), None) is None:
        raise IconError(path, root.sourceline, "the icon draws nothing")
    return drawing


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _render(path: Path, root: etree._Element) -> Drawing:
    # svglib reports what it cannot convert through logging and carries on; for an icon
    # that means a silently missing part, so every such report is an error here.
    logger = logging.getLogger("svglib.svglib")
    collect = _Collect()
    logger.addHandler(collect)
    propagate = logger.propagate
    logger.propagate = False
    try:
        from svglib.svglib import SvgRenderer

        drawing = SvgRenderer(str(path), external_reference_root=str(path.parent)).render(root)
    except Exception as error:  # svglib raises plain ValueError/TypeError on bad values
        raise IconError(path, None, f"cannot convert the SVG: {error}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if collect.messages:
        raise IconError(path, None, f"cannot convert the SVG: {collect.messages[0]}")
    return drawing


def shapes(node: Shape) -> Iterator[Shape]:
    """Every leaf shape under a node, depth first."""
    from reportlab.graphics.shapes import Group

    if isinstance(node, Group):
        for child in node.contents:
            yield from shapes(child)
    else:
        yield node


def _visible(colour: object) -> bool:
    if colour is None:
        return False
    alpha = getattr(colour, "alpha", 1)
    return alpha is None or alpha > 0


def recoloured(drawing: Drawing, colour: Color) -> Drawing:
    """A copy of the drawing with every visible fill and stroke in `colour`."""
    return mapped(drawing, lambda _original: colour, colour)


def mapped(drawing: Drawing, convert, initial: Color) -> Drawing:  # type: ignore[no-untyped-def]
    """A copy of the drawing with every visible fill and stroke passed through ``convert``
    (one colour for icons; RGB -> CMYK through the print profile for artwork)."""
    result = copy.deepcopy(drawing)
    for shape in shapes(result):
        for attribute in ("fillColor", "strokeColor"):
            original = getattr(shape, attribute, None)
            if _visible(original):
                setattr(shape, attribute, convert(original))
    # The renderer starts from STATE_DEFAULTS (RGB black, Helvetica) and writes that state
    # into the page; start it from the icon colour instead. The font is never used.
    result.__dict__["initialFillColor"] = initial
    result.__dict__["initialStrokeColor"] = initial
    return result


def draw_artwork(canvas: Canvas, svg_path: Path, x: float, y: float, width: float,
                 height: float, convert) -> None:  # type: ignore[no-untyped-def]
    """Draw a multi-colour SVG (a logo) centred in the rectangle, each colour passed
    through ``convert`` (a ReportLab colour -> the variant's colour)."""
    source = load_icon(svg_path)
    scale = min(width / source.width, height / source.height)
    if not math.isfinite(scale) or scale <= 0:
        return
    initial = convert(Color(0, 0, 0))
    drawing = mapped(source, convert, initial)
    drawing.initialFontName = canvas._fontname
    drawing.initialFontSize = canvas._fontsize
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(x + (width - source.width * scale) / 2,
                     y + (height - source.height * scale) / 2)
    canvas.scale(scale, scale)
    from reportlab.graphics import renderPDF

    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    canvas.restoreState()


def _render_coloured(canvas: Canvas, source: Drawing, colour: Color) -> None:
    drawing = recoloured(source, colour)
    drawing.initialFontName = canvas._fontname
    drawing.initialFontSize = canvas._fontsize
    from reportlab.graphics import renderPDF

    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)


@functools.lru_cache(maxsize=256)
def _form_code(svg_path: Path, state: FileState, colour: Color, font_name: str,
               font_size: float) -> tuple[str, ...]:
    """The PDF operators of an icon in a colour: computed once per version of the file.
    Plain CMYK and RGB colours are inline operators, so the code needs no page resources."""
    scratch = Canvas(io.BytesIO(), initialFontName=font_name, initialFontSize=font_size)
    start = len(scratch._code)
    _render_coloured(scratch, _load(svg_path, state), colour)
    return tuple(scratch._code[start:])


@functools.lru_cache(maxsize=256)
def _content_digest(path: Path, state: FileState) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _form_name(path: Path, state: FileState, colour: Color) -> str:
    """Named by the file's content, not its place: the same campaign gives the same bytes
    from any checkout or folder."""
    key = f"{_content_digest(path, state)}|{colour!r}".encode()
    return "Icon" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]


def draw_icon(canvas: Canvas, svg_path: Path, x: float, y: float, width: float,
              height: float, colour: Color) -> None:
    """Draw the icon centred in the rectangle (x, y bottom-left, PDF points), keeping its
    aspect ratio, in one colour. Raises IconError for a file that cannot be drawn.

    Each (icon, colour) is drawn once per document into a form XObject and placed from
    there, so a page with many icons stays small and quick to write."""
    path = Path(svg_path).resolve()
    state = file_state(path)
    source = _load(path, state)
    scale = min(width / source.width, height / source.height)
    if not math.isfinite(scale) or scale <= 0:
        return
    name = _form_name(path, state, colour)
    if not canvas.hasForm(name):
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=source.width, uppery=source.height)
        if isinstance(colour, CMYKColorSep):  # a spot colour registers a colour space
            _render_coloured(canvas, source, colour)
        else:
            canvas._code.extend(_form_code(path, state, colour, canvas._fontname,
                                           canvas._fontsize))
        canvas.endForm()
    left = x + (width - source.width * scale) / 2
    bottom = y + (height - source.height * scale) / 2
    canvas.saveState()
    # an icon that draws outside its viewBox must not spill into the text next to it
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(left, bottom)
    canvas.scale(scale, scale)
    canvas.doForm(name)
    canvas.restoreState()
