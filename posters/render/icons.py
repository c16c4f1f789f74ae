"""Warning-sign icons: one-colour SVG line art drawn into a ReportLab canvas as vectors.

An icon file may come from a campaign folder, so it is untrusted input: it is parsed
strictly (no entities, no network, no recovery), and anything that would not print as
one solid colour, or that would pull in fonts, rasters or other files, is refused with
the line it is on.

What drawing an icon gives (its size and PDF operators in one colour; a logo's in a
variant's colours) is remembered in the user cache by the file's bytes
(posters.schema.checked), so that a process drawing icons drawn before needs neither
svglib nor ReportLab's graphics.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from reportlab.lib.colors import CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Shape

# svglib and ReportLab's graphics (whose shapes import all of platypus: 0.1 s) are
# imported where an icon is drawn that the user cache does not hold (_remembered): an
# output without icons (a card), or whose icons were drawn before, does not load them.

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
                 height: float, convert, conversion: str) -> None:  # type: ignore[no-untyped-def]
    """Draw a multi-colour SVG (a logo) centred in the rectangle, each colour passed
    through ``convert`` (a ReportLab colour -> the variant's colour). ``conversion`` names
    everything ``convert`` depends on (the variant; for print, the profile's bytes and
    the colour engine): the operators are remembered under it, as an icon's form is."""
    path = Path(svg_path).resolve()
    state = file_state(path)
    art = _artwork(path, state, convert, conversion, canvas._fontname, canvas._fontsize)
    scale = min(width / art.width, height / art.height)
    if not math.isfinite(scale) or scale <= 0:
        return
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(x + (width - art.width * scale) / 2,
                     y + (height - art.height * scale) / 2)
    canvas.scale(scale, scale)
    canvas._doc._pdfVersion = max(canvas._doc._pdfVersion, art.pdf_version)
    canvas._code.extend(art.code)
    canvas.restoreState()


_ARTWORK: dict[tuple[object, ...], IconForm] = {}  # this process's, by _artwork's key


def _artwork(path: Path, state: FileState, convert, conversion: str, font_name: str,  # type: ignore[no-untyped-def]
             font_size: float) -> IconForm:
    key = (path, state, conversion, font_name, font_size)
    if key not in _ARTWORK:
        if len(_ARTWORK) >= 64:
            _ARTWORK.clear()
        _ARTWORK[key] = _remembered(
            "artwork", path, {"conversion": conversion, **_context(font_name, font_size)},
            lambda: _drawn_artwork(path, state, convert, font_name, font_size))
    return _ARTWORK[key]


def _drawn_artwork(path: Path, state: FileState, convert, font_name: str,  # type: ignore[no-untyped-def]
                   font_size: float) -> IconForm:
    source = _load(path, state)
    drawing = mapped(source, convert, convert(Color(0, 0, 0)))
    scratch = Canvas(io.BytesIO(), initialFontName=font_name, initialFontSize=font_size)
    drawing.initialFontName = font_name
    drawing.initialFontSize = font_size
    start = len(scratch._code)
    from reportlab.graphics import renderPDF

    renderPDF.draw(drawing, scratch, 0, 0, showBoundary=False)
    if scratch._colorsUsed:  # the variants' colours are process colours
        raise ValueError("artwork is converted to process colours, not spot colours")
    return IconForm(source.width, source.height, tuple(scratch._code[start:]), False,
                    tuple(scratch._doc._pdfVersion))


def _render_coloured(canvas: Canvas, source: Drawing, colour: Color) -> None:
    drawing = recoloured(source, colour)
    drawing.initialFontName = canvas._fontname
    drawing.initialFontSize = canvas._fontsize
    from reportlab.graphics import renderPDF

    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)


@dataclass(frozen=True)
class IconForm:
    """What the form of an icon in one colour (or a logo's artwork) needs: the drawing's
    size (the form's box, and the icon's scale) and its PDF operators. Plain CMYK and RGB
    colours are inline operators; a spot colour (CMYKColorSep) paints in a separation
    colour space, which the document registers (``separation``). Drawing it also raises
    the document to the PDF version its operators need (``pdf_version``: svglib sets an
    opacity of 1, which ReportLab counts as transparency, PDF 1.4)."""

    width: float
    height: float
    code: tuple[str, ...]
    separation: bool
    pdf_version: tuple[int, int]


@functools.lru_cache(maxsize=256)
def _form(path: Path, state: FileState, colour: Color, font_name: str,
          font_size: float) -> IconForm:
    """The icon's form in a colour, computed once per version of the file."""
    return _remembered("icon form", path, {"colour": repr(colour),
                                           **_context(font_name, font_size)},
                       lambda: _drawn_form(path, state, colour, font_name, font_size))


def _remembered(check: str, path: Path, context: dict[str, object],
                draw: Callable[[], IconForm]) -> IconForm:
    """What ``draw`` gives for the file, remembered in the user cache by the file's bytes,
    ``context``, and the code that draws it (posters.schema.checked): a later process
    draws the same bytes without svglib or ReportLab's graphics (0.3 s of imports, 50 ms
    an icon). A cache entry that is not exactly what this code writes is a miss: the
    file is drawn again (and checked again: ``draw`` raises IconError)."""
    from posters.schema.checked import RememberedFindings

    data = _read_bytes(path)
    if data is None:
        return draw()  # says what is wrong with the file
    remembered = RememberedFindings(check, data, context)
    form = _form_of(remembered.recall())
    if form is not None:
        return form
    form = draw()
    # the bytes drawn are the bytes the key names (a file saved meanwhile is drawn again
    # next time), and the entry reads back as the same form
    if _read_bytes(path) == data and _form_of(_form_value(form)) == form:
        remembered.remember(_form_value(form))
    return form


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _drawn_form(path: Path, state: FileState, colour: Color, font_name: str,
                font_size: float) -> IconForm:
    source = _load(path, state)
    scratch = Canvas(io.BytesIO(), initialFontName=font_name, initialFontSize=font_size)
    start = len(scratch._code)
    _render_coloured(scratch, source, colour)
    return IconForm(source.width, source.height, tuple(scratch._code[start:]),
                    bool(scratch._colorsUsed), tuple(scratch._doc._pdfVersion))


def _context(font_name: str, font_size: float) -> dict[str, object]:
    """What a drawing's operators depend on besides the file's bytes, its colours and
    our own code: the font state the renderer starts from and the libraries' code."""
    import reportlab

    return {"font": [font_name, font_size], "reportlab": reportlab.Version,
            "svglib": _svglib_code()}


@functools.cache
def _svglib_code() -> str:
    """A digest of svglib's modules, found without importing it (its version would need
    importlib.metadata, 40 ms): a changed svglib draws the icons again."""
    import importlib.util

    spec = importlib.util.find_spec("svglib")
    if spec is None or not spec.submodule_search_locations:
        return ""
    digest = hashlib.sha256()
    for folder in spec.submodule_search_locations:
        for module in sorted(Path(folder).glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()


_FORM_FIELDS = {"width", "height", "code", "separation", "pdf_version"}
_PDF_VERSIONS = {(1, minor) for minor in range(8)} | {(2, 0)}


def _form_value(form: IconForm) -> dict[str, object]:
    return {"width": form.width, "height": form.height, "code": list(form.code),
            "separation": form.separation, "pdf_version": list(form.pdf_version)}


def _form_of(value: object) -> IconForm | None:
    """The form a cache entry holds, or None for anything that is not exactly one."""
    if not isinstance(value, dict) or set(value) != _FORM_FIELDS:
        return None
    width, height, code, separation, version = (
        value[field] for field in ("width", "height", "code", "separation", "pdf_version"))
    for size in (width, height):
        if type(size) not in (int, float) or not math.isfinite(size) or size <= 0:
            return None
    if not isinstance(code, list) or not code or type(separation) is not bool:
        return None
    if not isinstance(version, list) or len(version) != 2 \
            or not all(type(number) is int for number in version) \
            or tuple(version) not in _PDF_VERSIONS:
        return None
    for operator in code:  # one line of printable ASCII each, as ReportLab writes them
        if not isinstance(operator, str) or not operator.isascii() \
                or not operator.isprintable():
            return None
    return IconForm(width, height, tuple(code), separation, (version[0], version[1]))


@functools.lru_cache(maxsize=256)
def _content_digest(path: Path, state: FileState) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _form_name(path: Path, state: FileState, colour: Color) -> str:
    """Named by the file's content, not its place: the same campaign gives the same bytes
    from any checkout or folder."""
    key = f"{_content_digest(path, state)}|{colour!r}".encode()
    return "Icon" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]


def _separation_resources(canvas: Canvas, colour: CMYKColorSep) -> object:
    """The resources of a form that paints in a spot colour: ReportLab's default ones (its
    base fonts, every procedure set) and the colour's separation space, registered in the
    document. ReportLab names the colour spaces a page uses in its resources but not those
    a form uses; a form's ``/Name cs`` is looked up in the form's own resources, and a
    reader that keeps to that (MuPDF) leaves the icon out."""
    from reportlab.pdfbase.pdfdoc import PDFResourceDictionary

    name = canvas._checkSeparation(colour)
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    resources.setColorSpace({name: canvas._colorsUsed[name]})
    return resources


def draw_icon(canvas: Canvas, svg_path: Path, x: float, y: float, width: float,
              height: float, colour: Color) -> None:
    """Draw the icon centred in the rectangle (x, y bottom-left, PDF points), keeping its
    aspect ratio, in one colour. Raises IconError for a file that cannot be drawn.

    Each (icon, colour) is drawn once per document into a form XObject and placed from
    there, so a page with many icons stays small and quick to write."""
    path = Path(svg_path).resolve()
    state = file_state(path)
    # the renderer starts from the font state a form starts from (beginForm resets it)
    form = _form(path, state, colour, canvas._initialFontName, canvas._initialFontSize)
    scale = min(width / form.width, height / form.height)
    if not math.isfinite(scale) or scale <= 0:
        return
    name = _form_name(path, state, colour)
    if not canvas.hasForm(name):
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=form.width, uppery=form.height)
        # what drawing it into the canvas did besides the operators
        resources = {}
        if form.separation:
            resources["Resources"] = _separation_resources(canvas, colour)
        canvas._doc._pdfVersion = max(canvas._doc._pdfVersion, form.pdf_version)
        canvas._code.extend(form.code)
        canvas.endForm(**resources)
    left = x + (width - form.width * scale) / 2
    bottom = y + (height - form.height * scale) / 2
    canvas.saveState()
    # an icon that draws outside its viewBox must not spill into the text next to it
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(left, bottom)
    canvas.scale(scale, scale)
    canvas.doForm(name)
    canvas.restoreState()
