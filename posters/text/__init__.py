"""The text engine: fonts, fallback, shaping, bidi, line breaking, fitting and drawing.

Only this package (and the renderer) imports ReportLab.
"""

from .bidi import isolate_ltr
from .engine import TextEngine
from .model import (
    FontsNotInstalledError,
    Glyph,
    GlyphRun,
    Line,
    MissingGlyphError,
    SetText,
    Span,
    TextError,
    TextOverflowError,
    TextStyle,
)

__all__ = [
    "FontsNotInstalledError",
    "Glyph",
    "GlyphRun",
    "Line",
    "MissingGlyphError",
    "SetText",
    "Span",
    "TextEngine",
    "TextError",
    "TextOverflowError",
    "TextStyle",
    "isolate_ltr",
]
