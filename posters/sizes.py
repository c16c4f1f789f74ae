"""Paper sizes, by explicit name (``jis-b2`` is not ``iso-b2``), in millimetres, portrait
(cards and ``ledger`` are named as they are usually read: landscape).

Lengths people write (a custom size, a bleed) may be in millimetres or inches:
``420x594mm``, ``18x24in``, ``3mm``, ``0.125in``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MM_PER_INCH = 25.4
PT_PER_MM = 72.0 / MM_PER_INCH


@dataclass(frozen=True)
class PaperSize:
    name: str
    width_mm: float
    height_mm: float
    family: str = "custom"  # iso-a, iso-b, jis-b, us, card, custom

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    def landscape(self) -> PaperSize:
        return PaperSize(self.name, self.height_mm, self.width_mm, self.family)


def _mm(name: str, width: float, height: float, family: str) -> PaperSize:
    return PaperSize(name, width, height, family)


def _inches(name: str, width_in: float, height_in: float, family: str = "us") -> PaperSize:
    return PaperSize(name, width_in * MM_PER_INCH, height_in * MM_PER_INCH, family)


PAPER_SIZES: dict[str, PaperSize] = {
    size.name: size
    for size in (
        _mm("iso-a1", 594, 841, "iso-a"),
        _mm("iso-a2", 420, 594, "iso-a"),
        _mm("iso-a3", 297, 420, "iso-a"),
        _mm("iso-a4", 210, 297, "iso-a"),
        _mm("iso-a5", 148, 210, "iso-a"),
        _mm("iso-a6", 105, 148, "iso-a"),
        _mm("iso-b1", 707, 1000, "iso-b"),
        _mm("iso-b2", 500, 707, "iso-b"),
        _mm("iso-b3", 353, 500, "iso-b"),
        _mm("iso-b4", 250, 353, "iso-b"),
        _mm("iso-b5", 176, 250, "iso-b"),
        _mm("jis-b1", 728, 1030, "jis-b"),
        _mm("jis-b2", 515, 728, "jis-b"),
        _mm("jis-b3", 364, 515, "jis-b"),
        _mm("jis-b4", 257, 364, "jis-b"),
        _mm("jis-b5", 182, 257, "jis-b"),
        _inches("us-letter", 8.5, 11),
        _inches("us-legal", 8.5, 14),
        _inches("tabloid", 11, 17),
        _inches("ledger", 17, 11),
        _inches("18x24in", 18, 24),
        _inches("24x36in", 24, 36),
        _mm("card-jp", 91, 55, "card"),
        _mm("card-eu", 85, 55, "card"),
        _inches("card-us", 3.5, 2, "card"),
    )
}

# Short names people type; B sizes have none on purpose.
ALIASES = {"a1": "iso-a1", "a2": "iso-a2", "a3": "iso-a3", "a4": "iso-a4", "a5": "iso-a5",
           "a6": "iso-a6", "letter": "us-letter", "legal": "us-legal", "us-tabloid": "tabloid",
           "us-ledger": "ledger", "11x17in": "tabloid", "17x11in": "ledger",
           "8.5x11in": "us-letter", "8.5x14in": "us-legal"}

_NUMBER = r"(\d+(?:\.\d+)?)"
_CUSTOM = re.compile(rf"^{_NUMBER}\s*x\s*{_NUMBER}\s*(mm|in)$")
_LENGTH = re.compile(rf"^{_NUMBER}\s*(mm|in)$")
LIMITS_MM = (10.0, 5000.0)


class UnknownPaperSize(ValueError):
    pass


def paper_size(name: str) -> PaperSize:
    """Look up a size by name, or parse a custom ``WxHmm`` or ``WxHin`` size."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key in PAPER_SIZES:
        return PAPER_SIZES[key]
    custom = _CUSTOM.match(key)
    if custom:
        unit = MM_PER_INCH if custom.group(3) == "in" else 1.0
        width, height = float(custom.group(1)) * unit, float(custom.group(2)) * unit
        low, high = LIMITS_MM
        if not (low <= width <= high and low <= height <= high):
            raise UnknownPaperSize(f"custom size {name!r} must be between {low:g} and "
                                   f"{high:g} mm (0.4 to 196 in) each way")
        compact = f"{custom.group(1)}x{custom.group(2)}{custom.group(3)}"
        return PaperSize(compact, width, height)
    hint = " (B sizes need a system: jis-b2 or iso-b2)" if re.fullmatch(r"b\d", key) else ""
    raise UnknownPaperSize(
        f"unknown paper size {name!r}{hint}; known: {', '.join(PAPER_SIZES)}, "
        "or a custom WxHmm or WxHin"
    )


def parse_length(text: object) -> float:
    """Millimetres from ``3mm``, ``0.125in`` or a bare number of mm."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    match = _LENGTH.match(str(text).strip().lower())
    if not match:
        raise ValueError(f"expected a length such as 3mm or 0.125in, got {text!r}")
    return float(match.group(1)) * (MM_PER_INCH if match.group(2) == "in" else 1.0)
