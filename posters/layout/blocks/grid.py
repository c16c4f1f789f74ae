"""What the grid blocks (statistics, warning signs, hotlines, charts, languages) share:
their columns, gaps and rows, and the cells they place their items in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from posters.layout.geometry import Rect
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block

Box = tuple[float, float, float, float]
COLUMNS = "a number, or {from N items: columns}, e.g. {1: 1, 4: 2, 10: 3}"


def _columns_ok(columns: int | dict[int, int]) -> str | None:
    values = columns.values() if isinstance(columns, dict) else (columns,)
    keys = columns.keys() if isinstance(columns, dict) else (1,)
    if all(v >= 1 for v in values) and all(k >= 1 for k in keys):
        return None
    return f"columns is {COLUMNS}"


def _gap_ok(gap: float | tuple[float, float]) -> str | None:
    values = gap if isinstance(gap, tuple) else (gap,)
    return None if all(v >= 0 for v in values) else "a gap is not negative"


@dataclass(frozen=True)
class GridOptions(BlockOptions):
    columns: int | dict[int, int] = option(
        1, "how many columns: a number, or by how many items there are (`{1: 1, 3: 2, 7: "
           "3}` is one column from one item, two from three, three from seven)",
        expected=f"columns is {COLUMNS}", check=_columns_ok)
    gap: float | tuple[float, float] = option(
        0.0, "mm between the cells, a number or `[x, y]`", check=_gap_ok)
    order: Literal["rows", "columns"] = option(
        "rows", "`rows`: fill each row before the next; `columns`: each column")
    min_row: float | None = option(None, "mm: the least height of each row (the block's "
                                         "`min` follows the number of rows)")
    max_row: float | None = option(None, "mm: the most height of each row")
    designed_for: int | None = option(
        None, "the number of items the block was drawn for: with fewer, each has more "
              "room and its styles may `grow`")
    fill_last_row: bool = option(False, "`true`: a last row that is not full shares the "
                                        "whole width")


def columns_for(options: GridOptions, count: int) -> int:
    """A grid's number of columns for ``count`` items."""
    columns = options.columns
    if isinstance(columns, dict):
        steps = sorted(columns.items())
        chosen = [v for k, v in steps if count >= k]
        columns = chosen[-1] if chosen else min(columns.values())
    return max(1, min(int(columns), max(count, 1)))


def gaps(options: GridOptions) -> tuple[float, float]:
    gap = options.gap
    return (gap, gap) if isinstance(gap, int | float) else gap


def cell_boxes(block: Block, options: GridOptions, count: int) -> list[Box]:
    """Grid cells in reading order, in mm at the reference size (not yet mirrored)."""
    columns = columns_for(options, count)
    gap_x, gap_y = gaps(options)
    rows = max(1, math.ceil(count / columns))
    x, y, w, h = block.box  # type: ignore[misc]
    cell_w = (w - gap_x * (columns - 1)) / columns
    cell_h = (h - gap_y * (rows - 1)) / rows
    if options.order == "columns":
        position = [(i // rows, i % rows) for i in range(count)]
    else:
        position = [(i % columns, i // columns) for i in range(count)]
    boxes = [(x + column * (cell_w + gap_x), y + row * (cell_h + gap_y), cell_w, cell_h)
             for column, row in position]
    last = count - (rows - 1) * columns
    if options.fill_last_row and options.order == "rows" and 0 < last < columns:
        # the last row's cells share the whole width
        wide = (w - gap_x * (last - 1)) / last
        boxes[-last:] = [(x + i * (wide + gap_x), y + (rows - 1) * (cell_h + gap_y),
                          wide, cell_h) for i in range(last)]
    return boxes


def cells(page, block: Block, options: GridOptions, count: int) -> list[Rect]:  # type: ignore[no-untyped-def]
    """Grid cells in reading order, on the page (mirrored for right-to-left)."""
    return [page.rect(box) for box in cell_boxes(block, options, count)]


def row_limits(options: GridOptions, count: int) -> tuple[float, float]:
    """A grid's least and most height from its rows: ``min_row`` and ``max_row`` times
    the rows ``count`` items take, with the gaps between them."""
    if options.min_row is None and options.max_row is None:
        return 0.0, math.inf
    rows = max(1, math.ceil(count / columns_for(options, count)))
    between = gaps(options)[1] * (rows - 1)
    return ((rows * options.min_row + between) if options.min_row is not None else 0.0,
            (rows * options.max_row + between) if options.max_row is not None else math.inf)


def cell_count(options: GridOptions, count: int) -> int:
    """The cells ``count`` items fill whole rows of."""
    columns = columns_for(options, count)
    return columns * math.ceil(count / columns)
