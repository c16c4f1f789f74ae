"""Paper sizes, by explicit name (``jis-b2`` is not ``iso-b2``), in millimetres, portrait."""

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

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    def landscape(self) -> PaperSize:
        return PaperSize(self.name, self.height_mm, self.width_mm)


def _inches(name: str, width_in: float, height_in: float) -> PaperSize:
    return PaperSize(name, width_in * MM_PER_INCH, height_in * MM_PER_INCH)


PAPER_SIZES: dict[str, PaperSize] = {
    size.name: size
    for size in (
        PaperSize("iso-a1", 594, 841),
        PaperSize("iso-a2", 420, 594),
        PaperSize("iso-a3", 297, 420),
        PaperSize("iso-a4", 210, 297),
        PaperSize("iso-a5", 148, 210),
        PaperSize("iso-a6", 105, 148),
        PaperSize("iso-b1", 707, 1000),
        PaperSize("iso-b2", 500, 707),
        PaperSize("iso-b3", 353, 500),
        PaperSize("iso-b4", 250, 353),
        PaperSize("iso-b5", 176, 250),
        PaperSize("jis-b1", 728, 1030),
        PaperSize("jis-b2", 515, 728),
        PaperSize("jis-b3", 364, 515),
        PaperSize("jis-b4", 257, 364),
        PaperSize("jis-b5", 182, 257),
        _inches("us-letter", 8.5, 11),
        _inches("us-legal", 8.5, 14),
        _inches("us-tabloid", 11, 17),
        PaperSize("card-jp", 55, 91),
        PaperSize("card-eu", 55, 85),
    )
}

# Short names people type; B sizes have none on purpose.
ALIASES = {"a1": "iso-a1", "a2": "iso-a2", "a3": "iso-a3", "a4": "iso-a4", "a5": "iso-a5",
           "a6": "iso-a6", "letter": "us-letter", "legal": "us-legal", "tabloid": "us-tabloid"}

_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)mm$")


class UnknownPaperSize(ValueError):
    pass


def paper_size(name: str) -> PaperSize:
    """Look up a size by name, or parse a custom ``WIDTHxHEIGHTmm`` size."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key in PAPER_SIZES:
        return PAPER_SIZES[key]
    custom = _CUSTOM.match(key)
    if custom:
        width, height = float(custom.group(1)), float(custom.group(2))
        if not (10 <= width <= 5000 and 10 <= height <= 5000):
            raise UnknownPaperSize(f"custom size {name!r} must be between 10 and 5000 mm")
        return PaperSize(key, width, height)
    hint = " (B sizes need a system: jis-b2 or iso-b2)" if re.fullmatch(r"b\d", key) else ""
    raise UnknownPaperSize(
        f"unknown paper size {name!r}{hint}; known: {', '.join(PAPER_SIZES)}, or WxHmm"
    )
