"""Contrast of every text against what it is drawn on (WCAG 2.1 AA, success criterion
1.4.3), from the page layout: each run's colour and the topmost fill under the text, both
as they appear on screen (CMYK converted through the campaign's output profile, as the
screen variant shows them)."""

from __future__ import annotations

import functools
from pathlib import Path

from posters.diagnostics import Diagnostic, Level, Location
from posters.edition.contrast import LARGE_TEXT, NORMAL_TEXT, contrast_ratio
from posters.layout.geometry import Fill, PageLayout, Rect, TextFrame
from posters.model import Colour
from posters.print.colour import CMYK, RGB, ColourConverter, ColourSettings

LARGE_PT = 18.0  # WCAG's "large scale" text: 18 pt, or 14 pt bold
LARGE_BOLD_PT = 14.0


@functools.lru_cache(maxsize=4)
def _converter(profile: Path | None) -> ColourConverter:
    return ColourConverter(ColourSettings(profile=profile))


@functools.lru_cache(maxsize=256)
def on_screen(colour: Colour, profile: Path | None) -> RGB:
    return _converter(profile).cmyk_to_rgb(CMYK.from_percent(*colour.cmyk))


def _background(page: PageLayout, index: int, box: Rect) -> Colour:
    """The colour under ``box``: the last fill drawn before the text that covers it."""
    for item in reversed(page.items[:index]):
        if isinstance(item, Fill) and item.rect.contains(box, tolerance=0.5):
            return item.colour
    return page.background


def _large(size: float, bold: bool) -> bool:
    return size >= LARGE_PT - 1e-6 or (bold and size >= LARGE_BOLD_PT - 1e-6)


def _name(colour: Colour) -> str:
    c, m, y, k = (f"{v:g}" for v in colour.cmyk)
    return f"{colour.name} (C{c} M{m} Y{y} K{k})"


def contrast_findings(pages: tuple[PageLayout, ...], profile: Path | None,
                      label: str) -> tuple[Diagnostic, ...]:
    """PF120 for every text whose colour does not stand out from its background enough:
    the text, both colours (CMYK and on screen) and the ratio."""
    found: list[Diagnostic] = []
    for number, page in enumerate(pages, 1):
        for index, item in enumerate(page.items):
            if not isinstance(item, TextFrame):
                continue
            set_text = item.set_text
            box = Rect(item.rect.x, item.rect.y + item.offset_y, item.rect.width,
                       max(0.1, set_text.height))
            ground = _background(page, index, box)
            seen: set[tuple[Colour, bool]] = set()
            for line in set_text.lines:
                for run in line.runs:
                    if not isinstance(run.color, Colour) or not run.text.strip():
                        continue
                    large = _large(run.size, run.bold)
                    if (run.color, large) in seen:
                        continue
                    seen.add((run.color, large))
                    fore, back = on_screen(run.color, profile), on_screen(ground, profile)
                    ratio = contrast_ratio(fore, back)
                    needed = LARGE_TEXT if large else NORMAL_TEXT
                    if ratio + 1e-9 >= needed:
                        continue
                    sample = run.text.strip()
                    sample = sample if len(sample) <= 40 else sample[:39] + "…"
                    found.append(Diagnostic(
                        Level.WARNING, Location(label, page=number, object=item.block),
                        f"{item.block} {sample!r}: text {_name(run.color)} "
                        f"({fore.hex}) on {_name(ground)} ({back.hex}) has a contrast "
                        f"of {ratio:.2f}:1 on screen, under WCAG 2.1 AA's {needed:g}:1 for "
                        f"{'large' if large else 'normal'} text; darken the text or lighten "
                        "the background in brand.colours (or the layout's style)", code="PF120"))
    return tuple(found)
