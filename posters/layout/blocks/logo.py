"""The campaign's logo, and the size of campaign artwork for placing it: pixels of a
raster image, the viewBox of an SVG. Reading headers only; drawing is the renderer's."""

from __future__ import annotations

import re
from pathlib import Path

from posters.diagnostics import Location
from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.geometry import Picture, Rect
from posters.layout.options import BlockOptions
from posters.layout.tree import Block

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


class Logo(BlockType[BlockOptions]):
    name = "logo"
    Options = BlockOptions
    summary = "the campaign's logo, aspect kept, at the end of its space"

    def has_content(self, page: PageContext, block: Block) -> bool:
        return page.brand.logo is not None

    def place(self, page: PageContext, block: Block) -> None:
        logo = page.brand.logo
        if logo is None:
            return
        box = page.rect(block.box)  # type: ignore[arg-type]
        location = page.brand.logo_location or Location(str(page.localized.campaign.source_file))
        try:
            width_px, height_px, raster = artwork_size(logo)
        except ArtworkError as exc:
            page.problems.error(location, str(exc), "brand.logo")
            return
        scale = min(box.width / width_px, box.height / height_px)
        width, height = width_px * scale, height_px * scale
        x = box.x if page.mirror else box.right - width
        rect = Rect(x, box.y + (box.height - height) / 2, width, height)
        ppi = None
        if raster:
            ppi = width_px / (width / 72)
            where = f"brand.logo [{page.format} {page.size.name}]"
            advice = (f"at {page.size.name} the logo is printed at {ppi:.0f} ppi; supply an "
                      f"image of at least {page.warn_ppi * width / 72:.0f} px wide "
                      "or a vector (SVG) logo")
            if ppi < page.error_ppi:
                page.problems.error(location, f"{advice} (below {page.error_ppi:g} "
                                              "ppi is refused)", where)
            elif ppi < page.warn_ppi:
                page.problems.warning(location, advice, where)
        page.add(Picture(rect, str(logo), ppi))
