"""Sizes of campaign artwork (logos) for placing them: pixels of a raster image, the
viewBox of an SVG. Reading headers only; drawing is the renderer's."""

from __future__ import annotations

import re
from pathlib import Path

RASTER = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_VIEWBOX = re.compile(rb'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')


class ArtworkError(ValueError):
    pass


def artwork_size(path: Path) -> tuple[float, float, bool]:
    """(width, height, is_raster): pixels for raster images, viewBox units for SVG."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        match = _VIEWBOX.search(path.read_bytes()[:4096])
        if not match or float(match.group(1)) <= 0 or float(match.group(2)) <= 0:
            raise ArtworkError(f"{path.name}: an SVG logo needs a viewBox with a size")
        return float(match.group(1)), float(match.group(2)), False
    if suffix not in RASTER:
        raise ArtworkError(f"{path.name}: a logo is an SVG, PNG, JPEG or TIFF file")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return float(image.width), float(image.height), True
    except (OSError, UnidentifiedImageError) as exc:
        raise ArtworkError(f"{path.name}: not a readable image ({exc})") from exc
