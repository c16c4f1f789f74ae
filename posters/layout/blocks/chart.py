"""Charts from the campaign's data: a donut (each value's part of the total) or bars
(values compared), as vector geometry with labels set by the text engine. A ``chart``
block draws the dataset it names; a ``charts`` block one chart per dataset, in a grid.

Boxes are worked out in mm at the layout's reference size, left to right; the page's
``rect`` scales and (for right-to-left pages) mirrors each one, so a mirrored donut turns
the other way and mirrored bars grow from the right.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.blocks.grid import GridOptions, cell_boxes
from posters.layout.geometry import Fill, Sector
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block
from posters.localized import LocalDataset
from posters.text import Span

ChartKind = Literal["donut", "bar"]
GAP = 1.5  # mm between the parts of a chart, at the reference size
PALETTE = ("primary", "muted", "accent", "ink")


def _fraction(value: float) -> str | None:
    return None if 0 <= value <= 1 else "a part of the width, 0 to 1"


@dataclass(frozen=True)
class ChartFields(BlockOptions):
    """What a chart is drawn with, whether one block draws it or one of a grid."""

    kind: ChartKind | None = option(
        None, "`donut` or `bar`; default: a `chart` block draws a donut, a `charts` block "
              "what each dataset's `chart` says", expected="kind is donut or bar")
    colours: tuple[str, ...] | None = option(
        None, "brand colour names for the values in turn; default `[primary, muted, "
              "accent, ink]`")
    title_height: float = option(0.0, "mm above the chart for its title (no title without it)")
    title_style: str | None = option(None, "the style of the title")
    label_style: str | None = option(None, "the style of the labels (required)")
    total_style: str | None = option(None, "donuts: the style of the total in the middle "
                                           "(none without it)")
    hole: float = option(0.55, "donuts: the hole's part of the ring's diameter, 0 to 1",
                         check=_fraction)
    donut_share: float = option(0.45, "donuts: the largest part of the width the ring takes",
                                check=_fraction)
    swatch: float = option(3.5, "donuts: mm, the side of the legend's colour squares")
    number_style: str | None = option(None, "bars: the style of the numbers; default the "
                                            "label's")
    number_width: float = option(12.0, "bars: mm at the end of the bars for the numbers")
    label_share: float = option(0.5, "bars: the part of each row the label takes",
                                check=_fraction)


@dataclass(frozen=True)
class ChartOptions(ChartFields):
    dataset: str | None = option(
        None, "the id of one of the campaign's `data.datasets` (required; `posters "
              "validate` checks it)")


@dataclass(frozen=True)
class BarOptions(BlockOptions):
    """What a ``charts`` block changes for the datasets drawn as bars."""

    colours: tuple[str, ...] | None = option(None, "as for `chart`")
    title_height: float | None = option(None, "as for `chart`")
    title_style: str | None = option(None, "as for `chart`")
    label_style: str | None = option(None, "as for `chart`")
    number_style: str | None = option(None, "as for `chart`")
    number_width: float | None = option(None, "as for `chart`")
    label_share: float | None = option(None, "as for `chart`", check=_fraction)


@dataclass(frozen=True)
class ChartsOptions(ChartFields, GridOptions):
    palettes: tuple[tuple[str, ...], ...] | None = option(
        None, "a list of colour lists, one per chart in turn; default `[colours]`")
    bar: BarOptions | None = option(
        None, "what changes for the charts drawn as bars: `{number_style, number_width, "
              "label_share, label_style, title_style, title_height, colours}`")


class Chart(BlockType[ChartOptions]):
    name = "chart"
    Options = ChartOptions
    summary = ("a chart of the dataset with that id (a campaign's own layout may name its "
               "datasets): `donut` (each value's part of the total, the total in the middle, "
               "a legend) or `bar` (one bar per value, the number at its end)")
    required_styles = ("label_style",)

    def check(self, options: ChartOptions, multilingual: bool) -> list[str]:
        problems = super().check(options, multilingual)
        if options.dataset is None:
            problems.append("a chart needs 'dataset': the id of one of the campaign's "
                            "data.datasets (or use 'charts': one chart per dataset)")
        return problems

    def has_content(self, page: PageContext, block: Block) -> bool:
        data = page.localized.data
        return data is not None and bool(data.datasets)

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        data = page.localized.data
        dataset = data.dataset(options.dataset) if data else None  # type: ignore[arg-type]
        if dataset is None:
            page.problems.error(block.location,
                                f"the {page.format} layout draws a chart of the dataset "
                                f"'{options.dataset}' but the campaign's data has no such "
                                "dataset; add it under 'data.datasets'", f"data [{page.format}]")
            return
        ChartMaker(page, block.box, options, dataset).make()  # type: ignore[arg-type]


class Charts(BlockType[ChartsOptions]):
    name = "charts"
    Options = ChartsOptions
    summary = ("one chart per dataset of the campaign's `data`, in a grid, each a donut or "
               "bars as the dataset's `chart` says. Layouts name no dataset")
    required_styles = ("label_style",)

    def has_content(self, page: PageContext, block: Block) -> bool:
        data = page.localized.data
        return data is not None and bool(data.datasets)

    def item_count(self, page: PageContext, block: Block) -> int:
        data = page.localized.data
        return len(data.datasets) if data else 0

    def place(self, page: PageContext, block: Block) -> None:
        """One chart per dataset of the campaign, in a grid; each a donut or bars as its
        dataset says (``chart:``), colours from ``palettes`` in turn."""
        options = self.options(block)
        data = page.localized.data
        if data is None or not data.datasets:
            return
        sources = page.localized.campaign.data
        palettes = options.palettes or [options.colours or PALETTE]
        common = {f.name: getattr(options, f.name) for f in fields(ChartFields)}
        for i, (dataset, cell) in enumerate(zip(data.datasets,
                                                cell_boxes(block, options, len(data.datasets)),
                                                strict=True)):
            source = sources.dataset(dataset.id) if sources else None
            kind = options.kind or (source.chart if source else "donut")
            chart = ChartOptions(**{**common, "dataset": dataset.id, "kind": kind,
                                    "colours": palettes[i % len(palettes)]})
            if kind == "bar" and options.bar is not None:
                chart = replace(chart, **{name: value for name, value in vars(options.bar).items()
                                          if value is not None})
            ChartMaker(page, cell, chart, dataset).make()


class ChartMaker:
    def __init__(self, page: PageContext, box: tuple[float, float, float, float],
                 options: ChartOptions, dataset: LocalDataset) -> None:
        self.page = page
        self.box = box
        self.options = options
        self.dataset = dataset
        self.name = f"chart {dataset.id}"
        colours = options.colours or PALETTE
        self.colours = [page.colour(colours[i % len(colours)])
                        for i in range(len(dataset.values))]

    def make(self) -> None:
        x, y, w, h = self.box
        title_h = self.options.title_height
        if title_h:
            self.page.place_text(self.dataset.title, self.page.rect((x, y, w, title_h)),
                                 self.options.title_style, f"{self.name} title")  # type: ignore[arg-type]
        body = (x, y + title_h + (GAP if title_h else 0), w, h - title_h - (GAP if title_h else 0))
        if self.options.kind == "bar":
            self.bars(*body)
        else:
            self.donut(*body)

    def label_spans(self, index: int, style_name: str) -> tuple[Span, ...]:
        """The value's label, and its number in bold on the line below (on one line,
        "Under 18 33" reads as one number)."""
        page = self.page
        style = page.style(style_name)
        value = self.dataset.values[index]
        number_colour = page.colour(style.value_colour or style.colour)
        return (*page.spans(value.label, style), Span("\n"),
                Span(value.formatted, bold=True, color=number_colour))

    def donut(self, x: float, y: float, w: float, h: float) -> None:
        page, dataset = self.page, self.dataset
        diameter = min(h, w * self.options.donut_share)
        ring = page.rect((x, y, diameter, diameter))
        hole = self.options.hole
        cx, cy = ring.x + ring.width / 2, ring.y + ring.height / 2
        radius = ring.width / 2
        total = sum(dataset.numbers)
        direction = -1 if page.mirror else 1  # mirrored pages turn anticlockwise
        angle = 0.0
        for value, colour in zip(dataset.values, self.colours, strict=True):
            if value.value == 0:
                continue
            sweep = 360 * value.value / total
            page.add(Sector(cx, cy, radius, radius * hole, direction * angle,
                            direction * sweep, colour, self.name, value.value))
            angle += sweep
        centre = diameter * hole * 0.72
        total_style = self.options.total_style
        if total_style:
            page.place_text(dataset.total, page.rect(
                (x + (diameter - centre) / 2, y + (diameter - centre) / 2, centre, centre)),
                total_style, f"{self.name} total", valign="middle")
        self.legend(x + diameter + 2 * GAP, y, w - diameter - 2 * GAP, h)

    def legend(self, x: float, y: float, w: float, h: float) -> None:
        page = self.page
        count = len(self.dataset.values)
        row_h = h / count
        swatch = min(row_h * 0.6, self.options.swatch)
        style: str = self.options.label_style  # type: ignore[assignment]
        for i, (value, colour) in enumerate(zip(self.dataset.values, self.colours,
                                                strict=True)):
            top = y + i * row_h
            page.add(Fill(page.rect((x, top + swatch * 0.25, swatch, swatch)),
                          colour, block=f"{self.name} swatch[{i}]"))
            page.place_text(value.label, page.rect(
                (x + swatch + GAP, top, w - swatch - GAP, row_h)), style,
                f"{self.name} values[{i}]", spans=self.label_spans(i, style))

    def bars(self, x: float, y: float, w: float, h: float) -> None:
        page, dataset = self.page, self.dataset
        count = len(dataset.values)
        row_h = h / count
        label_share = self.options.label_share
        number_w = self.options.number_width
        biggest = max(dataset.numbers)
        style: str = self.options.label_style  # type: ignore[assignment]
        number_style = self.options.number_style or style
        for i, (value, colour) in enumerate(zip(dataset.values, self.colours, strict=True)):
            top = y + i * row_h
            label_h = row_h * label_share
            bar_h = (row_h - label_h) * 0.7
            page.place_text(value.label, page.rect((x, top, w, label_h)), style,
                            f"{self.name} values[{i}].label")
            length = (w - number_w) * value.value / biggest
            bar_top = top + label_h
            if length > 0:
                page.add(Fill(page.rect((x, bar_top, length, bar_h)), colour,
                              block=f"{self.name} bar[{i}]"))
            page.place_text(value.formatted, page.rect(
                (x + length + GAP, bar_top - bar_h * 0.3, number_w - GAP, bar_h * 1.6)),
                number_style, f"{self.name} values[{i}].value", valign="middle")
