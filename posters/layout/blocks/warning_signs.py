"""The warning signs: an icon and a text each, in a grid; several such blocks on one
side share the signs out."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cells
from posters.layout.geometry import Icon, Rect, mm
from posters.layout.options import option
from posters.layout.tree import Block


def _items_ok(items: tuple[int, int | None]) -> str | None:
    first, stop = items
    if first < 0 or (stop is not None and stop < first):
        return "items is [first, stop]: 0 or more, and stop not before first"
    return None


def _share_ok(share: int) -> str | None:
    return None if share >= 1 else "min_share is 1 or more"


@dataclass(frozen=True)
class WarningSignsOptions(GridOptions):
    style: str | None = option(None, "the style of each sign's text (required)")
    icon: float = option(20.0, "mm: the icon's side")
    icon_gap: float = option(4.0, "mm between the icon and the text")
    icon_colour: str | None = option(None, "a brand colour name for the icons; default `ink`")
    items: tuple[int, int | None] | None = option(
        None, "`[first, stop]`: which signs it shows (`stop` may be `null`: to the last)",
        check=_items_ok)
    min_share: int = option(
        1, "several warning-sign blocks on one side without `items` share the signs out in "
           "order, among as many as can each hold `min_share`; one left without signs "
           "gives way to its `otherwise`", check=_share_ok)


class WarningSigns(BlockType[WarningSignsOptions]):
    name = "warning_signs"
    Options = WarningSignsOptions
    summary = "icon and text per sign"
    required_styles = ("style",)

    def sign_slice(self, page: PageContext, block: Block) -> tuple[int, int]:
        """Which signs the block shows: its ``items`` ([first, stop]), or its share of
        them when a side has several such blocks. The signs are shared out in order
        among as many blocks as can each have ``min_share`` (default 1), the first taking
        one more when they do not divide evenly; a block left without a share has no
        content (its ``otherwise`` takes its place)."""
        options = self.options(block)
        count = len(page.localized.warning_signs)
        if options.items is not None:
            first, stop = options.items
            stop = count if stop is None else min(stop, count)
            return min(first, stop), stop
        shared = [b.location for b in page.page.blocks
                  if b.type == self.name and self.options(b).items is None]
        part = shared.index(block.location) if block.location in shared else 0
        used = max(1, min(len(shared), count // max(1, options.min_share)))
        if part >= used:
            return count, count
        each, more = divmod(count, used)
        first = part * each + min(part, more)
        return first, first + each + (1 if part < more else 0)

    def has_content(self, page: PageContext, block: Block) -> bool:
        first, stop = self.sign_slice(page, block)
        return stop > first

    def item_count(self, page: PageContext, block: Block) -> int:
        first, stop = self.sign_slice(page, block)
        return stop - first

    def place(self, page: PageContext, block: Block) -> None:
        """The signs, or this block's share of them (``sign_slice``)."""
        options = self.options(block)
        first, stop = self.sign_slice(page, block)
        signs = page.localized.warning_signs[first:stop]
        if not signs:
            return
        style = page.style(options.style)  # type: ignore[arg-type]
        icon = mm(options.icon * page.scale * min(style.grow, page.growth))
        gap = mm(options.icon_gap * page.scale)
        for i, (sign, cell) in enumerate(zip(signs, cells(page, block, options, len(signs)),
                                             strict=True), start=first):
            icon_x = cell.right - icon if page.mirror else cell.x
            text_x = cell.x if page.mirror else cell.x + icon + gap
            page.add(Icon(Rect(icon_x, cell.y, icon, icon),
                          str(sign.icon_file) if sign.icon_file else None,
                          page.colour(options.icon_colour), str(i + 1)))
            page.place_text(sign.text, Rect(text_x, cell.y, cell.width - icon - gap,
                                            cell.height), options.style,  # type: ignore[arg-type]
                            f"warning_signs[{i}]")
