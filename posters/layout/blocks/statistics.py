"""The big-number statistics, one per cell of a grid, each with its source below."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cells, columns_for
from posters.layout.geometry import Rect, mm
from posters.layout.options import option
from posters.layout.tree import Block
from posters.localized import LocalStatistic

# a source too long for its line takes more of its cell, in these steps (mm at the
# reference size), up to this part of the cell: the statistic keeps the rest
SOURCE_STEP = 0.5
SOURCE_MOST = 0.45


@dataclass(frozen=True)
class StatisticsOptions(GridOptions):
    style: str | None = option(None, "the style of each statistic (required)")
    source_style: str | None = option(None, "the style of its source (no sources without it)")
    source_height: float = option(
        0.0, "mm at the foot of each cell for the source; a longer source (a translation) "
             "takes more of the cell, as many lines as it needs at its style's size, up to "
             "45 % of it")


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
        grid = cells(page, block, options, len(statistics))
        heights = self._source_heights(page, options, statistics, grid)
        for i, (statistic, cell, source_h) in enumerate(
                zip(statistics, grid, heights, strict=True)):
            caption_h = cell.height - source_h
            page.place_text(statistic.caption, Rect(cell.x, cell.y, cell.width, caption_h),
                            options.style, f"statistics[{i}]")  # type: ignore[arg-type]
            if source_h:
                page.place_text(statistic.source, Rect(cell.x, cell.bottom - source_h,
                                                       cell.width, source_h),
                                options.source_style,  # type: ignore[arg-type]
                                f"statistics[{i}].source")

    def _source_heights(self, page: PageContext, options: StatisticsOptions,
                        statistics: tuple[LocalStatistic, ...], grid: list[Rect]
                        ) -> list[float]:
        """The height (pt) of each cell's source: ``source_height``, or the least more
        that a longer source needs to be set at its style's sizes (no smaller than the
        print rules recommend for its script), the same for every cell of a row so that
        the sources of a row line up."""
        base = mm(options.source_height * page.scale)
        needed = []
        for statistic, cell in zip(statistics, grid, strict=True):
            if statistic.source is None or options.source_style is None:
                needed.append(0.0)
                continue
            height, most = base, max(base, cell.height * SOURCE_MOST)
            while height < most and not self._fits(page, statistic, cell, height, options):
                height = min(most, height + mm(SOURCE_STEP * page.scale))
            needed.append(height)  # at the most, the source is placed and reported
        columns = columns_for(options, len(statistics))
        if options.order == "columns":  # cell i is in row i % rows
            rows = -(-len(statistics) // columns)
            row_of = [i % rows for i in range(len(statistics))]
        else:
            row_of = [i // columns for i in range(len(statistics))]
        tallest: dict[int, float] = {}
        for row, height in zip(row_of, needed, strict=True):
            tallest[row] = max(tallest.get(row, 0.0), height)
        return [tallest[row] if height else 0.0 for row, height in zip(row_of, needed,
                                                                       strict=True)]

    @staticmethod
    def _fits(page: PageContext, statistic: LocalStatistic, cell: Rect, height: float,
              options: StatisticsOptions) -> bool:
        """Whether the source fits ``height`` at its script's recommended size (a trial:
        nothing is placed, nothing reported)."""
        with page.trial():
            frame = page.place_text(statistic.source, Rect(cell.x, cell.bottom - height,
                                                           cell.width, height),
                                    options.source_style, "source")  # type: ignore[arg-type]
            return frame is not None and not page.problems.warnings
