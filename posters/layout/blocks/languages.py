"""Multilingual formats: a grid with one cell per campaign language, each cell the same
parts stacked, each in that cell's language."""

from __future__ import annotations

from dataclasses import dataclass, replace

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cell_boxes
from posters.layout.blocks.text import content_known
from posters.layout.geometry import Fill, Rect, TextFrame
from posters.layout.options import BlockOptions, option, required
from posters.layout.tree import Block, Style
from posters.localized import LocalizedCampaign
from posters.text import Span

HOTLINES = "hotlines"  # a part that lists every hotline, one per line


@dataclass(frozen=True)
class Part(BlockOptions):
    content: str = required("a text path as for `text` blocks, or `hotlines` (every "
                            "hotline: its label and number, one per line)")
    style: str = required("the style it is set in")
    share: float = option(1.0, "its share of the cell's height")


@dataclass(frozen=True)
class LanguagesOptions(GridOptions):
    parts: tuple[Part, ...] = option(
        (), "`[{content, share, style}]`, stacked in each cell, each taking `share` of the "
            "cell's height (required)")
    divider: str | None = option(None, "a colour: a rule above each cell")
    cell_padding: float = option(0.0, "mm above the parts")
    except_: tuple[str, ...] = option((), "language tags to leave out", key="except")
    uniform: bool = option(
        True, "each part is set at one size in every language, the largest most of them "
              "fit (a longer one shrinks further): give its style a large `size`, and 4 "
              "languages are set large, 30 small")


class Languages(BlockType[LanguagesOptions]):
    name = "languages"
    Options = LanguagesOptions
    summary = "multilingual formats: a grid with one cell per campaign language"

    def check(self, options: LanguagesOptions, multilingual: bool) -> list[str]:
        problems = super().check(options, multilingual)
        if not multilingual:
            problems.append("a languages block needs a multilingual format "
                            "(multilingual: true)")
        if not options.parts:
            problems.append("a languages block needs 'parts': [{content, share, style}]")
        for i, part in enumerate(options.parts):
            if not (part.content == HOTLINES or content_known(part.content)):
                problems.append(f"parts[{i}] needs a known 'content' and a 'style'")
        return problems

    def styles(self, options: LanguagesOptions) -> list[tuple[str, str]]:
        return [*super().styles(options),
                *((f"parts[{i}].style", part.style) for i, part in enumerate(options.parts))]

    def shown(self, page: PageContext, block: Block) -> list[LocalizedCampaign]:
        leave_out = self.options(block).except_
        return [loc for loc in page.languages if loc.lang not in leave_out]

    def has_content(self, page: PageContext, block: Block) -> bool:
        return bool(self.shown(page, block))

    def item_count(self, page: PageContext, block: Block) -> int:
        return len(self.shown(page, block))

    def place(self, page: PageContext, block: Block) -> None:
        """The same parts, once for each language of the campaign, in a grid. With
        ``uniform`` (the default) each part is set at one size in every language: the
        largest at which it fits in most of them (the median; a longer text shrinks
        further), so that a sheet of four languages is set large and one of thirty small,
        and no language looks more important than another."""
        if not self.options(block).uniform:
            self._cells(page, block, {})
            return
        fitted: dict[int, list[float]] = {}
        with page.trial():
            for part, frame in self._cells(page, block, {}):
                fitted.setdefault(part, []).append(frame.set_text.size)
        self._cells(page, block, {part: sorted(found)[(len(found) - 1) // 2]
                                  for part, found in fitted.items()})

    def _cells(self, page: PageContext, block: Block, sizes: dict[int, float]
               ) -> list[tuple[int, TextFrame]]:
        """Place every language's parts, each part at most ``sizes[part]`` pt; the frames
        placed, by part."""
        options = self.options(block)
        languages = self.shown(page, block)
        parts = options.parts
        total = sum(part.share for part in parts)
        placed = []
        for cell_box, localized in zip(cell_boxes(block, options, len(languages)), languages,
                                       strict=True):
            x, y, w, h = cell_box
            if options.divider:
                page.add(Fill(page.rect((x, y, w, 0.3)), page.colour(options.divider)))
            top = y + options.cell_padding
            height = h - options.cell_padding
            for index, part in enumerate(parts):
                part_h = height * part.share / total
                rect = page.rect((x, top, w, part_h))
                top += part_h
                style = page.style(part.style)
                if index in sizes:
                    # at the common size, in pt at the reference scale
                    size = min(style.size, sizes[index] / page.scale)
                    style = replace(style, size=size, min_size=min(style.min_size, size))
                if part.content == HOTLINES:
                    frame = place_hotline_list(page, localized, rect, part.style, style)
                else:
                    frame = page.place_text(page.content(part.content, localized), rect,
                                            part.style, f"{part.content} [{localized.lang}]",
                                            localized=localized, style=style)
                if frame is not None:
                    placed.append((index, frame))
        return placed


def place_hotline_list(page: PageContext, localized: LocalizedCampaign, rect: Rect,
                       style_name: str, style: Style | None = None) -> TextFrame | None:
    """Each hotline on its own line: the label, then the number in bold."""
    style = style or page.style(style_name)
    ink = page.colour(style.colour)
    number = page.colour(style.value_colour or style.colour)
    spans: list[Span] = []
    for i, hotline in enumerate(localized.hotlines):
        page.fallback = page.fallback or hotline.label.fallback
        spans += [Span(("\n" if i else "") + hotline.label.text + " ", color=ink),
                  Span(hotline.number, bold=True, color=number)]
    text = "\n".join(f"{h.label.text} {h.number}" for h in localized.hotlines)
    return page.place_text(text, rect, style_name, f"hotlines [{localized.lang}]",
                           localized=localized, spans=tuple(spans), style=style)
