"""Multilingual formats: a grid with one cell per campaign language, each cell the same
parts stacked, each in that cell's language."""

from __future__ import annotations

import hashlib
import math
import os
import weakref
from dataclasses import dataclass, field, replace
from pathlib import Path

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cell_boxes, columns_for, gaps
from posters.layout.blocks.text import content_known
from posters.layout.geometry import Fill, Rect, TextFrame, mm
from posters.layout.options import BlockOptions, option, required
from posters.layout.tree import Block, Style
from posters.localized import LocalizedCampaign
from posters.print.legibility import legibility
from posters.text import Span, TextMeasure

HOTLINES = "hotlines"  # a part that lists every hotline, one per line


@dataclass(frozen=True)
class Part(BlockOptions):
    content: str = required("a text path as for `text` blocks, or `hotlines` (every "
                            "hotline: its label and number, one per line)")
    style: str = required("the style it is set in")
    share: float = option(1.0, "its share of the cell's height (a part whose text needs "
                               "more takes it; in rows as tall as their texts, a "
                               "`one_line` part takes only the row's tallest of it)")
    one_line: bool = option(False, "`true`: the text stays on one line, set smaller "
                                   "rather than wrapped (a language's name)")


@dataclass(frozen=True)
class LanguagesOptions(GridOptions):
    parts: tuple[Part, ...] = option(
        (), "`[{content, share, style}]`, stacked in each cell, each taking `share` of the "
            "cell's height (required)")
    divider: str | None = option(None, "a colour: a rule above each cell")
    cell_padding: float = option(0.0, "mm above the parts")
    except_: tuple[str, ...] = option((), "language tags to leave out", key="except")
    min_column: float | None = option(
        None, "mm: with it, each page takes one column fewer or more than `columns` says "
              "where that sets the texts larger and every column stays this wide")
    uniform: bool = option(
        True, "each part is set at one size in every language (in proportion to its "
              "style's `size`), the largest at which every row fits, each row as tall as "
              "its texts need (a long translation takes a taller row, not a smaller "
              "size): 4 languages are set large, 30 small; languages one page cannot hold "
              "at the smallest sizes are shared out among more pages (`front`, `front-2`, "
              "...). `false`: equal cells, each text as large as its cell allows")


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

    def on_page(self, page: PageContext, block: Block) -> list[LocalizedCampaign]:
        """The languages of this page: all of them, or its share when they take more
        than one page (``page.continuation``)."""
        index, count = page.continuation
        return _portion(self.shown(page, block), index, count)

    def has_content(self, page: PageContext, block: Block) -> bool:
        return bool(self.shown(page, block))

    def item_count(self, page: PageContext, block: Block) -> int:
        return len(self.on_page(page, block))

    def place(self, page: PageContext, block: Block) -> None:
        """The same parts, once for each language of the campaign, in a grid. With
        ``uniform`` (the default) each part is set at one size in every language, and the
        rows take the height their texts need at it (like CSS grid rows of
        ``minmax(min-content, 1fr)``): the sizes are the largest, all in the same
        proportion to their styles' sizes, at which every row fits the block, so that a
        sheet of four languages is set large and one of thirty small, a long translation
        takes a taller row instead of a smaller size, and no language looks more
        important than another. When even their smallest sizes do not fit, the languages
        are shared out among as few pages as hold them (each page of the side repeated
        with its share; the pages' shares differ by one language at most). Without
        ``uniform`` every cell is the same and each text is set as large as its cell
        allows."""
        options = self.options(block)
        if not options.uniform:
            self._equal_cells(page, block)
            return
        _, _, _, room = block.box  # type: ignore[misc]
        with page.trial():  # the search places nothing (one trial: setups looked up once)
            grid, measured = self._search(page, block, options, room)
        self._place_rows(page, block, grid, measured, room)
        for memo in _memos.pop(page, {}).values():
            memo.save()

    def _search(self, page: PageContext, block: Block, options: LanguagesOptions,
                room: float) -> tuple[_Grid, _Measured]:
        """The grid and the parts measured at the largest size factor at which its rows
        fit ``room``; the pages the languages take asked for."""
        grid = _Grid.of(block, options, self.on_page(page, block))
        if page.continuation == (0, 1) and not self._holds(page, block, grid, room):
            pages = self._pages_needed(page, block, room)
            if pages > 1:  # this page takes the first share, the next ones the rest
                page.ask_pages(pages)
                grid = _Grid.of(block, options, self.on_page(page, block))
        # the layout's columns, or others allowed that set the texts clearly larger
        measured, factor = self._sizes(page, block, grid, room)
        for other in self._choices(block, grid)[1:]:
            found, larger = self._sizes(page, block, other, room)
            if larger > max(factor * CLEARLY_LARGER, factor + 1e-9) or (factor < 0 <= larger):
                grid, measured, factor = other, found, larger
        return grid, measured

    def _holds(self, page: PageContext, block: Block, grid: _Grid, room: float) -> bool:
        """Whether the grid's rows fit ``room`` with every part at its smallest size."""
        return grid.height(self._measure(page, block, grid, 0.0),
                           self.options(block)) <= room + 1e-6

    def _choices(self, block: Block, grid: _Grid) -> list[_Grid]:
        """The grids to choose from: the layout's columns, and with ``min_column`` one
        fewer and one more, where each column is at least that wide."""
        options = self.options(block)
        if options.min_column is None:
            return [grid]
        found = [grid]
        for columns in (grid.columns - 1, grid.columns + 1):
            if 1 <= columns <= len(grid.languages):
                other = _Grid.of(block, options, list(grid.languages), columns)
                if other.cell_width >= options.min_column - 1e-9:
                    found.append(other)
        return found

    def _sizes(self, page: PageContext, block: Block, grid: _Grid, room: float
               ) -> tuple[_Measured, float]:
        """The parts measured at the largest size factor at which the grid's rows fit
        ``room`` (at the smallest sizes when none does), and that factor (-1: none)."""
        options = self.options(block)
        best = self._measure(page, block, grid, 1.0)
        tallest = grid.height(best, options)
        if tallest <= room + 1e-6:
            return best, 1.0
        smallest = self._measure(page, block, grid, 0.0)  # every part at its floor
        if grid.height(smallest, options) > room + 1e-6:
            return smallest, -1.0
        best = self._largest_fitting(page, block, grid, smallest, tallest, room)
        return best, best.factor

    def _pages_needed(self, page: PageContext, block: Block, room: float) -> int:
        """The fewest pages whose shares of the languages each fit the block at their
        smallest sizes; 1 when not even one language a page fits (the texts that do not
        fit are then reported)."""
        options = self.options(block)
        languages = self.shown(page, block)
        for pages in range(2, len(languages) + 1):
            if all(grid.height(self._measure(page, block, grid, 0.0), options) <= room + 1e-6
                   for grid in (_Grid.of(block, options, _portion(languages, i, pages))
                                for i in range(pages))):
                return pages
        return 1

    def _largest_fitting(self, page: PageContext, block: Block, grid: _Grid,
                         smallest: _Measured, tallest: float, room: float) -> _Measured:
        """The parts measured at the largest size factor at which the rows fit ``room``
        (to a quarter point of the largest part), between the factor at which every part
        is at its floor (``smallest``: it fits) and 1 (``tallest`` high: too high). A
        block's height grows about as the square of the size (lines as tall and as many
        as the size): each guess is made between the two nearest factors tried in
        proportion to the square roots of their heights, or halfway after two guesses
        too tall in a row (a text wrapping onto more lines breaks the rule)."""
        options = self.options(block)
        largest = max(page.style(part.style).size for part in options.parts)
        low = min(1.0, *(self._floor(page, part) / page.style(part.style).size
                         for part in options.parts))
        high, best = 1.0, smallest
        low_h, high_h = grid.height(smallest, options), tallest
        too_tall = 0  # guesses too tall in a row: then halve
        for _ in range(SEARCH_STEPS):
            if (high - low) * largest * page.scale <= SEARCH_PRECISION_PT:
                break
            if too_tall >= 2:
                guess = (low + high) / 2
            elif math.isfinite(high_h) and high_h > low_h:
                guess = low + (high - low) * (math.sqrt(room) - math.sqrt(low_h)) / (
                    math.sqrt(high_h) - math.sqrt(low_h))
            else:
                guess = low * math.sqrt(room / low_h) if low_h > 0 else (low + high) / 2
            # not closer to a factor tried than half the precision
            margin = SEARCH_PRECISION_PT / (2 * largest * page.scale)
            guess = min(max(guess, low + margin), high - margin)
            found = self._measure(page, block, grid, guess)
            height = grid.height(found, options)
            if height <= room + 1e-6:
                low, low_h, best, too_tall = guess, height, found, 0
            else:
                high, high_h, too_tall = guess, height, too_tall + 1
        return best

    @staticmethod
    def _floor(page: PageContext, part: Part) -> float:
        """The smallest size (pt at the reference) a part is set at: its style's
        minimum, or the print rules' floor for the format."""
        floor = legibility().minimum(page.format, size=page.size.name, scale=page.scale)
        return max(page.style(part.style).min_size, floor / page.scale)

    def _factor_style(self, page: PageContext, part: Part, factor: float) -> Style:
        """A part's style at ``factor`` of its size, never under its minimum (nor under
        the print rules' floor, which the composer applies). A text with a word too
        wide for its cell at that size is set smaller, down to the minimum."""
        style = page.style(part.style)
        return replace(style, size=max(style.size * factor, style.min_size))

    def _measure(self, page: PageContext, block: Block, grid: _Grid, factor: float
                 ) -> _Measured:
        """Each part's height (mm at the reference size) in each language's cell, set at
        ``factor`` of its style's size; infinite where it does not fit at all."""
        options = self.options(block)
        _, _, _, room = block.box  # type: ignore[misc]
        heights: list[tuple[float, ...]] = []
        styles = tuple(self._factor_style(page, part, factor) for part in options.parts)
        memo = measurements(page, block, grid.cell_width, room)
        measure = _measure_part if MEASURED_WITHOUT_GLYPHS else _measure_by_placing
        with page.trial():
            for localized in grid.languages:
                known = memo.recall(localized, factor)
                if known is not None:
                    heights.append(known)
                    continue
                found = []
                fonts: set[Path] = set()
                for part, style in zip(options.parts, styles, strict=True):
                    rect = page.rect((0.0, 0.0, grid.cell_width, room))
                    text = measure(page, part, localized, rect, style)
                    if text is not None and part.one_line and len(text.lines) > 1:
                        # as large as it fits on one line
                        line = replace(rect, height=text.lines[0])
                        text = measure(page, part, localized, line, style) or text
                    found.append(math.inf if text is None else text.height / mm(page.scale))
                    if text is not None:
                        fonts.update(text.fonts)
                heights.append(tuple(found))
                memo.remember(localized, factor, heights[-1], fonts)
        return _Measured(factor, styles, tuple(heights))

    def _place_rows(self, page: PageContext, block: Block, grid: _Grid, measured: _Measured,
                    room: float) -> None:
        """The cells, each row as tall as its texts need and the room left shared out
        (rows of ``1fr``), each part as tall as the row's tallest of it plus its share of
        the row's spare height."""
        options = self.options(block)
        x0, y0, _, _ = block.box  # type: ignore[misc]
        gap_x, gap_y = gaps(options)
        parts = options.parts
        rows_room = room - gap_y * (grid.rows - 1)
        # a text that fits no row (a word wider than the cell) is given a row's share:
        # the composer reports it where it is set
        even = rows_room / grid.rows / len(parts) if parts else 0.0
        tracks = [tuple(even if math.isinf(h) else h for h in grid.part_heights(measured, row))
                  for row in range(grid.rows)]
        needs = [options.cell_padding + sum(t) for t in tracks]
        if sum(needs) > rows_room:
            # too much even at the smallest sizes: every row gives up the same part of
            # its height, and the texts that do not fit then are reported
            squeeze = rows_room / sum(needs)
            tracks = [tuple(h * squeeze for h in t) for t in tracks]
            needs = [n * squeeze for n in needs]
        row_heights = share_out(needs, rows_room)
        # A one-line part (a language's name) is as tall as the row's tallest of it, so
        # that the texts under the names start on one line; the spare height goes to the
        # parts that wrap.
        shares = [0.0 if part.one_line else part.share for part in parts]
        if not any(shares):
            shares = [part.share for part in parts]
        tops = [y0 + sum(row_heights[:row]) + gap_y * row for row in range(grid.rows)]
        for index, localized in enumerate(grid.languages):
            column, row = grid.position(index)
            x = x0 + column * (grid.cell_width + gap_x)
            y, h = tops[row], row_heights[row]
            if options.divider:
                page.add(Fill(page.rect((x, y, grid.cell_width, 0.3)),
                              page.colour(options.divider)))
            top = y + options.cell_padding
            heights = share_out(list(tracks[row]), h - options.cell_padding, shares)
            for part, style, part_h in zip(parts, measured.styles, heights, strict=True):
                need = measured.heights[index][parts.index(part)]
                height = min(part_h, need) if part.one_line and math.isfinite(need) else part_h
                _place_part(page, part, localized,
                            page.rect((x, top, grid.cell_width, height)), style)
                top += part_h

    def _equal_cells(self, page: PageContext, block: Block) -> None:
        """Every language's parts in cells of one size, each part ``share`` of its cell."""
        options = self.options(block)
        languages = self.on_page(page, block)
        parts = options.parts
        total = sum(part.share for part in parts)
        for cell_box, localized in zip(cell_boxes(block, options, len(languages)), languages,
                                       strict=True):
            x, y, w, h = cell_box
            if options.divider:
                page.add(Fill(page.rect((x, y, w, 0.3)), page.colour(options.divider)))
            top = y + options.cell_padding
            height = h - options.cell_padding
            for part in parts:
                part_h = height * part.share / total
                _place_part(page, part, localized, page.rect((x, top, w, part_h)),
                            page.style(part.style))
                top += part_h


# True: the search measures its texts without setting their glyphs (TextEngine
# .fit_measure: the same attempts and verdicts as fit). False: each text is set as it
# would be placed, and measured (what tests/layouts/test_language_search.py compares).
MEASURED_WITHOUT_GLYPHS = True
CLEARLY_LARGER = 1.04  # other columns are taken for texts at least this much larger
SEARCH_STEPS = 10  # sizes tried at most, to find the largest at which every row fits
SEARCH_PRECISION_PT = 0.25  # ... to this much of the largest part's size


@dataclass(frozen=True)
class _Measured:
    """Each language's parts' heights (mm at the reference) at one size factor."""

    factor: float
    styles: tuple[Style, ...]
    heights: tuple[tuple[float, ...], ...]  # by language, then part


@dataclass(frozen=True)
class _Grid:
    """Where each language's cell goes: columns and rows, the cells' width."""

    languages: tuple[LocalizedCampaign, ...]
    columns: int
    rows: int
    cell_width: float
    by_columns: bool  # order: columns

    @classmethod
    def of(cls, block: Block, options: LanguagesOptions,
           languages: list[LocalizedCampaign], columns: int | None = None) -> _Grid:
        count = len(languages)
        columns = columns or columns_for(options, count)
        rows = max(1, math.ceil(count / columns))
        width = block.box[2]  # type: ignore[index]
        gap_x, _ = gaps(options)
        return cls(tuple(languages), columns, rows, (width - gap_x * (columns - 1)) / columns,
                   options.order == "columns")

    def position(self, index: int) -> tuple[int, int]:
        """(column, row) of the ``index``-th language."""
        if self.by_columns:
            return index // self.rows, index % self.rows
        return index % self.columns, index // self.columns

    def part_heights(self, measured: _Measured, row: int) -> tuple[float, ...]:
        """Each part's height in a row: the tallest of it among the row's cells."""
        cells = [h for i, h in enumerate(measured.heights) if self.position(i)[1] == row]
        return tuple(max(found) for found in zip(*cells, strict=True)) if cells else ()

    def height(self, measured: _Measured, options: LanguagesOptions) -> float:
        """The block's height that every row at its texts' height takes."""
        rows = [options.cell_padding + sum(self.part_heights(measured, row))
                for row in range(self.rows)]
        return sum(rows) + gaps(options)[1] * (self.rows - 1)


def _portion(languages: list[LocalizedCampaign], index: int, count: int
             ) -> list[LocalizedCampaign]:
    """The ``index``-th of ``count`` shares of the languages, in order, the first ones a
    language longer when they do not divide evenly."""
    size, extra = divmod(len(languages), count)
    start = index * size + min(index, extra)
    return languages[start:start + size + (1 if index < extra else 0)]


def share_out(needs: list[float], room: float, shares: list[float] | None = None
              ) -> list[float]:
    """``room`` shared among tracks by their ``shares`` (equally without), each at least
    its need: a track that needs more than its share takes what it needs and the others
    share the rest (CSS grid's ``minmax(min-content, Nfr)``)."""
    weights = shares or [1.0] * len(needs)
    held: dict[int, float] = {}
    while True:
        free = [i for i in range(len(needs)) if i not in held]
        if not free:
            break
        left = max(0.0, room - sum(held.values()))
        total = sum(weights[i] for i in free) or 1.0
        over = [i for i in free if needs[i] > left * weights[i] / total + 1e-9]
        if not over:
            held.update({i: left * weights[i] / total for i in free})
            break
        held.update({i: needs[i] for i in over})
    return [held[i] for i in range(len(needs))]


def _place_part(page: PageContext, part: Part, localized: LocalizedCampaign, rect: Rect,
                style: Style) -> TextFrame | None:
    if part.content == HOTLINES:
        return place_hotline_list(page, localized, rect, part.style, style)
    return page.place_text(page.content(part.content, localized), rect, part.style,
                           f"{part.content} [{localized.lang}]", localized=localized,
                           style=style)


def _measure_part(page: PageContext, part: Part, localized: LocalizedCampaign, rect: Rect,
                  style: Style) -> TextMeasure | None:
    """What ``_place_part`` would set, measured."""
    if part.content == HOTLINES:
        text, spans = _hotline_list(page, localized, style)
        return page.measure_text(text, rect, part.style, f"hotlines [{localized.lang}]",
                                 localized=localized, spans=spans, style=style)
    return page.measure_text(page.content(part.content, localized), rect, part.style,
                             f"{part.content} [{localized.lang}]", localized=localized,
                             style=style)


def _measure_by_placing(page: PageContext, part: Part, localized: LocalizedCampaign,
                        rect: Rect, style: Style) -> TextMeasure | None:
    """``_place_part``'s frame, measured."""
    frame = _place_part(page, part, localized, rect, style)
    if frame is None:
        return None
    text = frame.set_text
    return TextMeasure(text.size, text.height, tuple(line.height for line in text.lines),
                       frozenset(run.font.path for line in text.lines for run in line.runs))


def place_hotline_list(page: PageContext, localized: LocalizedCampaign, rect: Rect,
                       style_name: str, style: Style | None = None) -> TextFrame | None:
    """Each hotline on its own line: the label, then the number in bold."""
    style = style or page.style(style_name)
    text, spans = _hotline_list(page, localized, style)
    return page.place_text(text, rect, style_name, f"hotlines [{localized.lang}]",
                           localized=localized, spans=spans, style=style)


def _hotline_list(page: PageContext, localized: LocalizedCampaign, style: Style
                  ) -> tuple[str, tuple[Span, ...]]:
    """The hotlines' text, one a line, and its spans: the label, then the number in
    bold."""
    ink = page.colour(style.colour)
    number = page.colour(style.value_colour or style.colour)
    spans: list[Span] = []
    for i, hotline in enumerate(localized.hotlines):
        page.fallback = page.fallback or hotline.label.fallback
        spans += [Span(("\n" if i else "") + hotline.label.text + " ", color=ink),
                  Span(hotline.number, bold=True, color=number)]
    return "\n".join(f"{h.label.text} {h.number}" for h in localized.hotlines), tuple(spans)


# -- measurements remembered between builds

# A sheet of every language is fitted by measuring each language's parts at up to a dozen
# sizes for each grid tried (the sample's 17 languages: 1.5 to 3 CPU-s of its 2 documents,
# the largest part of rebuilding after one catalog changed). A language's heights at a
# size factor depend only on what the key below holds; they are remembered in the user's
# check cache (posters.schema.checked: keyed with the tool's code and library versions,
# damage-checked, bounded), so that a rebuild measures again only the languages whose
# texts changed (and every language at a size the search had not tried before). The
# font files a measurement set its text with are recorded by identity (path, size,
# modification time): a font file changed since is a miss.
MEASUREMENT = "languages-measure"
FACTORS_KEPT = 96  # size factors remembered per language and grid cell (a search: ~40)


@dataclass
class _Measurements:
    """One language's measured heights in one block's cells, by size factor (repr)."""

    remembered: object  # posters.schema.checked.RememberedFindings
    heights: dict[str, list[float | None]] = field(default_factory=dict)
    fonts: dict[str, tuple[int, int]] = field(default_factory=dict)  # path: size, mtime
    new: bool = False


class _BlockMemo:
    """The measurements of one block at one cell width and height, by language."""

    def __init__(self, context: dict[str, object]) -> None:
        self.context = context
        self.languages: dict[str, _Measurements] = {}

    def _of(self, localized: LocalizedCampaign) -> _Measurements | None:
        found = self.languages.get(localized.lang)
        if found is None:
            found = self.languages[localized.lang] = _load(self.context, localized)
        return found

    def recall(self, localized: LocalizedCampaign, factor: float
               ) -> tuple[float, ...] | None:
        found = self._of(localized)
        known = found.heights.get(repr(factor)) if found is not None else None
        if known is None:
            return None
        return tuple(math.inf if h is None else h for h in known)

    def remember(self, localized: LocalizedCampaign, factor: float,
                 heights: tuple[float, ...], fonts: set[Path]) -> None:
        found = self._of(localized)
        if found is None:
            return
        identities = {}
        for path in fonts:
            identity = _identity(str(path))
            if identity is None:
                return
            identities[str(path)] = identity
        if any(found.fonts.get(path, identity) != identity
               for path, identity in identities.items()):
            found.heights.clear()  # measured with other versions of the fonts
            found.fonts.clear()
        if len(found.heights) >= FACTORS_KEPT:
            found.heights.pop(next(iter(found.heights)))
        found.fonts.update(identities)
        found.heights[repr(factor)] = [None if math.isinf(h) else h for h in heights]
        found.new = True

    def save(self) -> None:
        for found in self.languages.values():
            if found.new:
                found.remembered.remember({  # type: ignore[attr-defined]
                    "heights": found.heights,
                    "fonts": {path: list(identity) for path, identity in found.fonts.items()}})
                found.new = False


_memos: weakref.WeakKeyDictionary[PageContext, dict[tuple, _BlockMemo]] = \
    weakref.WeakKeyDictionary()


def measurements(page: PageContext, block: Block, cell_width: float, room: float
                 ) -> _BlockMemo:
    """The remembered measurements of ``block`` on ``page`` at this cell size: everything
    a language's heights depend on besides its own campaign (the block with its box and
    options, its parts' styles, the page's format, paper, scale, growth and direction, the
    brand, the font cache folder) is the context; the language's LocalizedCampaign (its
    texts, their sources, its campaign) is the data."""
    memos = _memos.setdefault(page, {})
    options = block.options
    parts = getattr(options, "parts", ())
    key = (id(block), repr(cell_width), repr(room))
    memo = memos.get(key)
    if memo is None:
        from posters.text.cache import cache_dir  # where the stock fonts are

        memo = memos[key] = _BlockMemo({
            "fonts": str(cache_dir()),
            "block": repr(block), "styles": [repr(page.style(part.style)) for part in parts],
            "page": [page.format, repr(page.size), repr(page.scale), repr(page.growth),
                     page.mirror, repr(page.brand)],
            "cell": [repr(cell_width), repr(room)]})
    return memo


_digests: dict[int, tuple[LocalizedCampaign, bytes | None]] = {}  # by id: made once each


def _digest(localized: LocalizedCampaign) -> bytes | None:
    """A digest of the language's whole campaign (its repr: 50 KB, some ms to make, so
    once per object); None when something in it has no stable form."""
    known = _digests.get(id(localized))
    if known is None or known[0] is not localized:
        if len(_digests) >= 64:
            _digests.clear()
        text = repr(localized)
        known = _digests[id(localized)] = (localized, None if " at 0x" in text else
                                           hashlib.sha256(text.encode()).digest())
    return known[1]


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _load(context: dict[str, object], localized: LocalizedCampaign) -> _Measurements | None:
    """The language's remembered measurements in this context; an entry that is not
    exactly what ``save`` writes, or whose fonts have changed since, is empty."""
    from posters.schema.checked import RememberedFindings

    data = _digest(localized)
    if data is None:
        return None
    remembered = RememberedFindings(MEASUREMENT, data, {**context, "lang": localized.lang})
    found = _Measurements(remembered)
    value = remembered.recall()
    try:
        fonts = {str(path): (int(size), int(mtime))
                 for path, (size, mtime) in value["fonts"].items()}  # type: ignore[index]
        heights = {str(factor): [None if h is None else float(h) for h in found_heights]
                   for factor, found_heights in value["heights"].items()}  # type: ignore[index]
    except (TypeError, KeyError, ValueError, AttributeError):
        return found
    if all(_identity(path) == identity for path, identity in fonts.items()):
        found.heights, found.fonts = heights, fonts
    return found
