"""The big-number statistics, one per cell of a grid, each with its source below."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cells
from posters.layout.geometry import Rect, mm
from posters.layout.options import option
from posters.layout.tree import Block


@dataclass(frozen=True)
class StatisticsOptions(GridOptions):
    style: str | None = option(None, "the style of each statistic (required)")
    source_style: str | None = option(None, "the style of its source (no sources without it)")
    source_height: float = option(0.0, "mm at the foot of each cell for the source")


class Statistics(BlockType[StatisticsOptions]):
    name = "statistics"
    Options = StatisticsOptions
    summary = "the big-number statistics"
    required_styles = ("style",)

    def has_content(self, page: PageContext, block: Block) -> bool:
        return bool(page.localized.statistics)

    def item_count(self, page: PageContext, block: Block) -> int:
        return len(page.localized.statistics)

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        statistics = page.localized.statistics
        source_style = options.source_style
        source_h = mm(options.source_height * page.scale)
        for i, (statistic, cell) in enumerate(
                zip(statistics, cells(page, block, options, len(statistics)), strict=True)):
            with_source = statistic.source is not None and source_style is not None
            caption_h = cell.height - (source_h if with_source else 0)
            page.place_text(statistic.caption, Rect(cell.x, cell.y, cell.width, caption_h),
                            options.style, f"statistics[{i}]")  # type: ignore[arg-type]
            if with_source:
                page.place_text(statistic.source, Rect(cell.x, cell.bottom - source_h,
                                                       cell.width, source_h),
                                source_style, f"statistics[{i}].source")  # type: ignore[arg-type]
