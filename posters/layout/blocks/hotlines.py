"""The hotlines: label, number and notes per hotline, in a grid."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cells
from posters.layout.geometry import Rect
from posters.layout.options import option
from posters.layout.tree import Block


def _share_ok(share: float) -> str | None:
    return None if 0 <= share <= 1 else "a share of the cell's height is 0 to 1"


@dataclass(frozen=True)
class HotlinesOptions(GridOptions):
    label_style: str | None = option(None, "the style of each label (required)")
    number_style: str | None = option(None, "the style of each number (required)")
    note_style: str | None = option(None, "the style of the notes (hours, text line, "
                                          "notes); no notes without it")
    label_share: float = option(0.36, "the part of each cell's height the label takes",
                                check=_share_ok)
    number_share: float = option(0.40, "the part of each cell's height the number takes",
                                 check=_share_ok)


class Hotlines(BlockType[HotlinesOptions]):
    name = "hotlines"
    Options = HotlinesOptions
    summary = "label, number and notes per hotline"
    required_styles = ("label_style", "number_style")

    def has_content(self, page: PageContext, block: Block) -> bool:
        return bool(page.localized.hotlines)

    def item_count(self, page: PageContext, block: Block) -> int:
        return len(page.localized.hotlines)

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        hotlines = page.localized.hotlines
        for i, (hotline, cell) in enumerate(
                zip(hotlines, cells(page, block, options, len(hotlines)), strict=True)):
            label_h = cell.height * options.label_share
            number_h = cell.height * options.number_share
            page.place_text(hotline.label, Rect(cell.x, cell.y, cell.width, label_h),
                            options.label_style, f"hotlines[{i}].label")  # type: ignore[arg-type]
            page.place_text(hotline.number,
                            Rect(cell.x, cell.y + label_h, cell.width, number_h),
                            options.number_style, f"hotlines[{i}].number",  # type: ignore[arg-type]
                            link=hotline.link or None)  # posters.schema.phone made it
            notes = [note.text for note in hotline.notes]
            if hotline.hours:
                notes.insert(0, hotline.hours.text)
            if hotline.text_line:
                notes.insert(0, hotline.text_line.text)
            if notes and options.note_style:
                page.place_text(" · ".join(notes),
                                Rect(cell.x, cell.y + label_h + number_h, cell.width,
                                     cell.height - label_h - number_h),
                                options.note_style, f"hotlines[{i}].notes",
                                link=hotline.text_link or None)
