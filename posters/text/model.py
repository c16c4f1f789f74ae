"""Data passed between the text engine and its callers (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from posters.model import Colour

Align = Literal["start", "end", "center"]


@dataclass(frozen=True)
class Span:
    """A piece of text with its own emphasis. ``color`` is a campaign colour, which the
    renderer turns into print or screen colour (None: the current fill colour); ``scale``
    multiplies the font size."""

    text: str
    bold: bool | None = None  # None: the style's weight
    color: Colour | None = None
    scale: float = 1.0


@dataclass(frozen=True)
class TextStyle:
    size: float
    min_size: float | None = None  # None: no shrinking
    bold: bool = False
    align: Align = "start"
    leading: float | None = None  # line height as a multiple of size; None: per script
    step: float = 0.5  # shrink step in pt


@dataclass(frozen=True)
class Glyph:
    gid: int
    cluster: int  # index into the paragraph text of the first character of its cluster
    x_advance: float  # in pt at the run's size
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class FontRef:
    """The font a run is drawn with: its file and the PostScript name of the face in it.
    Any process can open it; no text engine is needed to draw or compare set text."""

    path: Path
    postscript_name: str


@dataclass(frozen=True)
class GlyphRun:
    """Shaped glyphs of one font, size, colour and direction, in visual order."""

    font: FontRef
    bold: bool  # set in the bold instance (for contrast checks: bold text is "large" sooner)
    size: float
    color: Colour | None
    rtl: bool
    text: str  # the source characters of the run, logical order (NFC)
    x: float  # offset from the line's left edge
    width: float
    glyphs: tuple[Glyph, ...]
    clusters: tuple[tuple[str, tuple[int, ...]], ...]  # (source text, glyph indexes), visual
    start: int = 0  # index of the run's first character in its paragraph (logical order)


@dataclass(frozen=True)
class Line:
    baseline: float  # from the top of the text box, downwards
    width: float
    ascent: float
    descent: float
    height: float  # line advance
    text: str  # the line's source text, logical order, without trailing spaces
    runs: tuple[GlyphRun, ...]  # visual order, left to right


@dataclass(frozen=True)
class SetText:
    lang: str
    rtl: bool
    align: Align
    box_width: float  # the width given to fit(); alignment uses it
    width: float  # the widest line
    height: float
    size: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class TextMeasure:
    """What a SetText measures, without its glyphs (TextEngine.fit_measure)."""

    size: float
    height: float  # the sum of the lines' heights
    lines: tuple[float, ...]  # each line's height
    fonts: frozenset[Path]  # the font files its runs are set in


class TextError(Exception):
    """Base of the engine's user-facing errors; the caller adds file, line and block."""


class MissingGlyphError(TextError):
    def __init__(self, char: str, lang: str, fonts: tuple[str, ...] = ()):
        self.char = char
        self.codepoint = f"U+{ord(char):04X}"
        self.lang = lang
        self.fonts = fonts
        name = _char_name(char)
        tried = f" (tried {', '.join(fonts)})" if fonts else ""
        super().__init__(
            f"language {lang}: no font covers {char!r} {self.codepoint} {name}{tried}; "
            "remove the character or add a font that has it to posters/data/fonts.yaml"
        )


class TextOverflowError(TextError):
    def __init__(self, lang: str, size: float, over_by: float, axis: str):
        self.lang = lang
        self.size = size
        self.over_by = over_by
        self.axis = axis  # "height" or "width"
        what = "too tall" if axis == "height" else "a word is too wide"
        super().__init__(
            f"language {lang}: text does not fit even at the minimum size {size:g} pt: "
            f"{what} by {over_by:.1f} pt; shorten the text or make the box larger"
        )


class FontsNotInstalledError(TextError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            "font instances missing from the cache: "
            + ", ".join(missing)
            + "; run `posters fonts install`"
        )


def _char_name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "")
