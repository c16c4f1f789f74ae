"""Charts from the campaign's data: a donut (each value's part of the total) or bars
(values compared), as vector geometry with labels set by the text engine.

Boxes are worked out in mm at the layout's reference size, left to right; the composer's
``rect`` scales and (for right-to-left pages) mirrors each one, so a mirrored donut turns
the other way and mirrored bars grow from the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from posters.layout.description import Block
from posters.layout.geometry import Fill, Sector
from posters.localized import LocalDataset
from posters.text import Span

if TYPE_CHECKING:
    from posters.layout.compose import PageComposer

CHART_KINDS = ("donut", "bar")
GAP = 1.5  # mm between the parts of a chart, at the reference size


class ChartMaker:
    def __init__(self, composer: PageComposer, block: Block, dataset: LocalDataset) -> None:
        self.composer = composer
        self.block = block
        self.dataset = dataset
        self.name = f"chart {dataset.id}"
        colours = block.option("colours", ["primary", "muted", "accent", "ink"])
        self.colours = [composer.colour(colours[i % len(colours)])
                        for i in range(len(dataset.values))]

    def make(self) -> None:
        x, y, w, h = self.block.box
        title_h = self.block.option("title_height", 0)
        if title_h:
            self.composer.place_text(self.dataset.title, self.composer.rect((x, y, w, title_h)),
                                     self.block.option("title_style"), f"{self.name} title")
        body = (x, y + title_h + (GAP if title_h else 0), w, h - title_h - (GAP if title_h else 0))
        kind = self.block.option("kind", "donut")
        if kind == "bar":
            self.bars(*body)
        else:
            self.donut(*body)

    def label_spans(self, index: int, style_name: str) -> tuple[Span, ...]:
        """The value's label, and its number in bold on the line below (on one line,
        "Under 18 33" reads as one number)."""
        composer = self.composer
        style = composer.description.styles[style_name]
        value = self.dataset.values[index]
        number_colour = composer.colour(style.value_colour or style.colour)
        return (*composer.spans(value.label, style), Span("\n"),
                Span(value.formatted, bold=True, color=number_colour))

    def donut(self, x: float, y: float, w: float, h: float) -> None:
        composer, dataset = self.composer, self.dataset
        diameter = min(h, w * self.block.option("donut_share", 0.45))
        ring = composer.rect((x, y, diameter, diameter))
        hole = float(self.block.option("hole", 0.55))
        cx, cy = ring.x + ring.width / 2, ring.y + ring.height / 2
        radius = ring.width / 2
        total = sum(dataset.numbers)
        direction = -1 if composer.mirror else 1  # mirrored pages turn anticlockwise
        angle = 0.0
        for value, colour in zip(dataset.values, self.colours, strict=True):
            if value.value == 0:
                continue
            sweep = 360 * value.value / total
            composer.items.append(Sector(cx, cy, radius, radius * hole, direction * angle,
                                         direction * sweep, colour, self.name, value.value))
            angle += sweep
        centre = diameter * hole * 0.72
        total_style = self.block.option("total_style")
        if total_style:
            composer.place_text(dataset.total, composer.rect(
                (x + (diameter - centre) / 2, y + (diameter - centre) / 2, centre, centre)),
                total_style, f"{self.name} total", valign="middle")
        self.legend(x + diameter + 2 * GAP, y, w - diameter - 2 * GAP, h)

    def legend(self, x: float, y: float, w: float, h: float) -> None:
        composer = self.composer
        count = len(self.dataset.values)
        row_h = h / count
        swatch = min(row_h * 0.6, self.block.option("swatch", 3.5))
        style = self.block.option("label_style")
        for i, (value, colour) in enumerate(zip(self.dataset.values, self.colours,
                                                strict=True)):
            top = y + i * row_h
            composer.items.append(Fill(composer.rect((x, top + swatch * 0.25, swatch, swatch)),
                                       colour, block=f"{self.name} swatch[{i}]"))
            composer.place_text(value.label, composer.rect(
                (x + swatch + GAP, top, w - swatch - GAP, row_h)), style,
                f"{self.name} values[{i}]", spans=self.label_spans(i, style))

    def bars(self, x: float, y: float, w: float, h: float) -> None:
        composer, dataset = self.composer, self.dataset
        count = len(dataset.values)
        row_h = h / count
        label_share = float(self.block.option("label_share", 0.5))
        number_w = float(self.block.option("number_width", 12))
        biggest = max(dataset.numbers)
        style = self.block.option("label_style")
        number_style = self.block.option("number_style", style)
        for i, (value, colour) in enumerate(zip(dataset.values, self.colours, strict=True)):
            top = y + i * row_h
            label_h = row_h * label_share
            bar_h = (row_h - label_h) * 0.7
            composer.place_text(value.label, composer.rect((x, top, w, label_h)), style,
                                f"{self.name} values[{i}].label")
            length = (w - number_w) * value.value / biggest
            bar_top = top + label_h
            if length > 0:
                composer.items.append(Fill(composer.rect((x, bar_top, length, bar_h)), colour,
                                           block=f"{self.name} bar[{i}]"))
            composer.place_text(value.formatted, composer.rect(
                (x + length + GAP, bar_top - bar_h * 0.3, number_w - GAP, bar_h * 1.6)),
                number_style, f"{self.name} values[{i}].value", valign="middle")
