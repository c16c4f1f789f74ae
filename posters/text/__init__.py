"""The text engine: fonts, fallback, shaping, bidi, line breaking, fitting and drawing.

Only this package (and the renderer) imports ReportLab.
"""

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


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # The engine (HarfBuzz, ICU, ReportLab) loads on first use: reading the font
    # configuration or the cache does not need it.
    if name == "TextEngine":
        from .engine import TextEngine

        return TextEngine
    if name == "isolate_ltr":
        from .bidi import isolate_ltr

        return isolate_ltr
    raise AttributeError(f"module 'posters.text' has no attribute {name!r}")
