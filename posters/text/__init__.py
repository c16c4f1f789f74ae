"""The text engine measures: fonts through HarfBuzz, fallback, shaping, bidi, line
breaking and fitting, giving SetText whose glyph runs name their fonts by file (FontRef).
It draws nothing and imports no ReportLab: posters.render.text draws set text.
"""

from .model import (
    FontRef,
    FontsNotInstalledError,
    Glyph,
    GlyphRun,
    Line,
    MissingGlyphError,
    SetText,
    Span,
    TextError,
    TextMeasure,
    TextOverflowError,
    TextStyle,
)

__all__ = [
    "FontRef",
    "FontsNotInstalledError",
    "Glyph",
    "GlyphRun",
    "Line",
    "MissingGlyphError",
    "SetText",
    "Span",
    "TextEngine",
    "TextError",
    "TextMeasure",
    "TextOverflowError",
    "TextStyle",
    "isolate_ltr",
]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # The engine (HarfBuzz, ICU) loads on first use: reading the font
    # configuration or the cache does not need it.
    if name == "TextEngine":
        from .engine import TextEngine

        return TextEngine
    if name == "isolate_ltr":
        from .bidi import isolate_ltr

        return isolate_ltr
    raise AttributeError(f"module 'posters.text' has no attribute {name!r}")
