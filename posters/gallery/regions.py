"""Where a regional variant differs from the generic output, found in their thumbnails.

A regional variant differs from the generic output only where the local contacts are
printed; the gallery shows that area of each variant instead of nine near-identical
thumbnails. The area is found from the pictures themselves (so any layout works) and
remembered per pair of thumbnails, which are named by the PDFs' content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MARGIN = 4  # pixels of context around the differing pixels
_areas: dict[tuple[str, str], Area | None] = {}


@dataclass(frozen=True)
class Area:
    left: int
    top: int
    width: int
    height: int


def differing_area(directory: Path, generic: str, variant: str) -> Area | None:
    """The box (in thumbnail pixels) around every pixel that differs between two
    thumbnails in ``directory``; None when they are the same or cannot be compared."""
    key = (generic, variant)
    if key not in _areas:
        _areas[key] = _compare(directory / generic, directory / variant)
    return _areas[key]


def _compare(a: Path, b: Path) -> Area | None:
    from PIL import Image, ImageChops

    try:
        with Image.open(a) as first, Image.open(b) as second:
            if first.size != second.size:
                return None
            box = ImageChops.difference(first.convert("RGB"),
                                        second.convert("RGB")).getbbox()
            width, height = first.size
    except (OSError, ValueError):
        return None
    if box is None:
        return None
    left, top = max(0, box[0] - MARGIN), max(0, box[1] - MARGIN)
    right, bottom = min(width, box[2] + MARGIN), min(height, box[3] + MARGIN)
    return Area(left, top, right - left, bottom - top)
