"""A picture of every message where it is printed: the source language and the
translation side by side, cropped from the page with the text's tightest box, named by
the message context (ready for Weblate's screenshot upload or a translator kit)."""

from __future__ import annotations

import math
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from posters.i18n.room import PT_PER_MM, Budget, Target, budgets, compose_pages
from posters.layout.geometry import Rect, Stroke
from posters.localized import LocalizedCampaign
from posters.model import Campaign, Colour
from posters.text import TextEngine

DPI = 110
LEGIBLE_PX = 12
MARGIN_MM = 4.0
HIGHLIGHT = Colour("highlight", (0, 100, 0, 0))  # magenta: the box of the text
_UNSAFE = re.compile(r"[^\w.\-]")


@dataclass(frozen=True)
class Shot:
    key: str
    path: Path
    target: Target
    translated: bool  # False: the translation's page could not be set (too long)


def file_name(key: str) -> str:
    return _UNSAFE.sub("_", key) + ".png"


def localized_pair(campaign: Campaign, lang: str
                   ) -> tuple[LocalizedCampaign, LocalizedCampaign]:
    """The source language and ``lang`` (usable translations, the source standing in
    for the rest; a pseudo-locale made on the fly)."""
    from posters.i18n.catalogs import load_lookup
    from posters.i18n.pseudo import base_language, is_pseudo, lookup_for
    from posters.localize import localize, source_lookup

    source = localize(campaign, campaign.meta.source_language, source_lookup)
    if is_pseudo(lang):
        return source, localize(campaign, base_language(campaign, lang), lookup_for(lang))
    lookup, _ = load_lookup(campaign, lang, draft=True)
    return source, localize(campaign, lang, lookup)


def render_pages(pages: tuple[Any, ...], campaign: Campaign, engine: TextEngine,
                 folder: Path, name: str, dpi: int = DPI) -> list[Any]:
    """PIL images of the pages (the screen variant: the page is the trim)."""
    import pypdfium2

    from posters.build.write import write_output
    from posters.render import DocumentInfo
    from posters.render.pdf import SCREEN

    path = folder / f"{name}.pdf"
    info = DocumentInfo(title=campaign.meta.title.source, author=campaign.meta.organisation,
                        subject=name, lang=pages[0].lang)
    written = write_output(pages, path, SCREEN, info, campaign, engine, checks="none")
    if not written.ok:
        return []
    document = pypdfium2.PdfDocument(path)
    try:
        return [document[i].render(scale=dpi / 72, rev_byteorder=True).to_pil().convert("RGB")
                for i in range(len(document))]
    finally:
        document.close()


def outlined(pages: tuple[Any, ...], frames: list[tuple[tuple[str, ...], str, Rect]],
             keys: set[str]) -> tuple[Any, ...]:
    """The pages with a thin magenta frame around each box of ``keys``."""
    marked = []
    for page in pages:
        strokes = tuple(Stroke(rect, HIGHLIGHT, 0.8) for k, name, rect in frames
                        if name == page.side and keys & set(k))
        marked.append(replace(page, items=page.items + strokes))
    return tuple(marked)


def _crop(image: Any, rect: Rect, dpi: int) -> Any:
    scale = dpi / 72
    margin = MARGIN_MM * PT_PER_MM
    box = (max(0, round((rect.x - margin) * scale)), max(0, round((rect.y - margin) * scale)),
           min(image.width, round((rect.right + margin) * scale)),
           min(image.height, round((rect.bottom + margin) * scale)))
    return image.crop(box)


def _side_by_side(left: Any, right: Any | None, labels: tuple[str, str]) -> Any:
    from PIL import Image, ImageDraw

    header = 22
    right = right or Image.new("RGB", left.size, "white")
    width = left.width + right.width + 12
    image = Image.new("RGB", (width, max(left.height, right.height) + header), "white")
    image.paste(left, (0, header))
    image.paste(right, (left.width + 12, header))
    draw = ImageDraw.Draw(image)
    draw.text((4, 4), labels[0], fill="black")
    draw.text((left.width + 16, 4), labels[1], fill="black")
    draw.line([(left.width + 6, 0), (left.width + 6, image.height)], fill=(160, 160, 160))
    return image


def _frame_of(frames: list[tuple[tuple[str, ...], str, Rect]], key: str, side: str,
              size: tuple[float, float]) -> Rect | None:
    for keys, name, rect in frames:
        if key in keys and name == side and abs(rect.width - size[0]) < 0.5 \
                and abs(rect.height - size[1]) < 0.5:
            return rect
    return next((rect for keys, name, rect in frames if key in keys and name == side), None)


def legible_dpi(min_pt: float, base: int = DPI) -> int:
    """Enough resolution that the smallest text of the crop is about 12 px high."""
    return max(base, min(300, math.ceil(LEGIBLE_PX * 72 / max(min_pt, 1.0))))


def take_screenshots(campaign: Campaign, lang: str, out_dir: Path, engine: TextEngine,
                     room: dict[str, Budget] | None = None, base_dpi: int = DPI
                     ) -> list[Shot]:
    """One PNG per printed message: where its room is tightest, source | translation."""
    room = room if room is not None else budgets(campaign, engine)
    source, local = localized_pair(campaign, lang)
    by_target: dict[Target, list[str]] = defaultdict(list)
    for key, budget in room.items():
        by_target[budget.placement.target].append(key)
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Shot] = []
    labels = (f"{campaign.meta.source_language} (source)", f"{lang} (translation)")
    with tempfile.TemporaryDirectory(prefix="posters-shots-") as temporary:
        folder = Path(temporary)
        for number, (target, keys) in enumerate(by_target.items()):
            dpi = legible_dpi(min(room[k].placement.min_pt for k in keys), base_dpi)
            src_pages, src_frames = compose_pages(source, (), engine, target)
            tr_pages, tr_frames = compose_pages(local, (source,), engine, target)
            wanted = set(keys)
            src_images = render_pages(outlined(src_pages, src_frames, wanted), campaign,
                                      engine, folder, f"s{number}", dpi) if src_pages else []
            tr_images = render_pages(outlined(tr_pages, tr_frames, wanted), campaign, engine,
                                     folder, f"t{number}", dpi) if tr_pages else []
            src_sides = {page.side: i for i, page in enumerate(src_pages)}
            tr_sides = {page.side: i for i, page in enumerate(tr_pages)}
            for key in keys:
                placement = room[key].placement
                size = (placement.width, placement.height)
                rect = _frame_of(src_frames, key, placement.page, size)
                if rect is None or placement.page not in src_sides or not src_images:
                    continue
                left = _crop(src_images[src_sides[placement.page]], rect, dpi)
                right = None
                other = _frame_of(tr_frames, key, placement.page, size)
                if other is not None and placement.page in tr_sides and tr_images:
                    right = _crop(tr_images[tr_sides[placement.page]], other, dpi)
                path = out_dir / file_name(key)
                _side_by_side(left, right, labels).save(path, optimize=True)
                shots.append(Shot(key, path, target, right is not None))
    return shots
