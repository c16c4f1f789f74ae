"""Page geometry handed from the layout to the renderer. Points; origin at the top-left
corner of the trim, y growing downwards (the renderer flips it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from posters.diagnostics import Diagnostic
from posters.model import Colour
from posters.sizes import PT_PER_MM, PaperSize

if TYPE_CHECKING:
    from posters.text.model import SetText


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def mirrored(self, page_width: float) -> Rect:
        return Rect(page_width - self.right, self.y, self.width, self.height)

    def inset(self, amount: float) -> Rect:
        return Rect(self.x + amount, self.y + amount, self.width - 2 * amount,
                    self.height - 2 * amount)

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance
                and other.bottom <= self.bottom + tolerance)


@dataclass(frozen=True)
class Fill:
    """A coloured area; edges listed in ``bleed`` extend into the bleed."""

    rect: Rect
    colour: Colour
    bleed: tuple[str, ...] = ()
    block: str = ""  # what it is, where that matters to tests: "chart arrests bar[0]"


@dataclass(frozen=True)
class Stroke:
    rect: Rect
    colour: Colour
    width: float
    radius: float = 0.0


@dataclass(frozen=True)
class TextFrame:
    """Text set by the text engine, to be drawn with its top-left at ``rect``'s corner."""

    rect: Rect  # the box the text was fitted into
    set_text: SetText  # lines of shaped glyphs, fonts named by file: drawable anywhere
    block: str  # what this is, for messages and tests: "headline", "hotlines[1].number"
    source: str  # the text as set (for tests and preflight)
    link: str | None = None  # a URL or tel: target for the screen variant
    offset_y: float = 0.0  # from the box's top to the text's top (vertical alignment)


@dataclass(frozen=True)
class QrCode:
    rect: Rect
    data: str
    colour: Colour
    background: Colour


@dataclass(frozen=True)
class Icon:
    rect: Rect
    svg: str | None  # path to an SVG file; None draws the fallback mark
    colour: Colour
    label: str = ""  # drawn inside the fallback mark


@dataclass(frozen=True)
class Picture:
    """Artwork from the campaign (a logo): raster or SVG, in its own colours."""

    rect: Rect  # where it is placed (aspect kept, inside the layout's box)
    path: str
    ppi: float | None = None  # effective resolution of a raster image at this size


@dataclass(frozen=True)
class Sector:
    """A ring (or pie) segment of a donut chart: angles in degrees, 0 at twelve o'clock,
    growing clockwise; ``inner`` 0 draws a pie slice."""

    cx: float
    cy: float
    outer: float
    inner: float
    start: float
    sweep: float
    colour: Colour
    block: str = ""
    value: float = 0.0  # the data value it stands for (tests, preflight)


Item = Fill | Stroke | TextFrame | QrCode | Icon | Picture | Sector


@dataclass(frozen=True)
class Panel:
    """A panel of a folded sheet, as seen on this side, left to right after mirroring."""

    name: str
    rect: Rect


@dataclass(frozen=True)
class PageLayout:
    format: str
    size: PaperSize
    lang: str
    rtl: bool
    title: str
    safe_zone: float  # pt inside the trim
    background: Colour
    items: tuple[Item, ...]
    draft: bool = False  # untranslated source text stands in somewhere on the page
    warnings: tuple[Diagnostic, ...] = ()  # problems found while laying out, not fatal
    warn_ppi: float = 300.0  # the format's resolution thresholds for raster artwork
    error_ppi: float = 150.0
    side: str = ""  # the page's name in a multi-page format ("outside", "front")
    panels: tuple[Panel, ...] = ()  # left to right
    folds: tuple[float, ...] = ()  # x of each fold line from the trim's left edge, in pt
    # the smallest text size the print rules allow on this page (posters.print.legibility;
    # it follows the layout's scale), None: the format's own minimum
    min_text_pt: float | None = None

    @property
    def trim(self) -> Rect:
        return Rect(0, 0, self.size.width_pt, self.size.height_pt)

    @property
    def safe_area(self) -> Rect:
        return self.trim.inset(self.safe_zone)

    def text_frames(self) -> list[TextFrame]:
        return [item for item in self.items if isinstance(item, TextFrame)]

    def panel(self, name: str) -> Panel:
        return next(panel for panel in self.panels if panel.name == name)


def mm(value: float) -> float:
    return value * PT_PER_MM
