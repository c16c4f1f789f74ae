"""Bands and rules: coloured areas that are drawn but are not content (a group of only
these is empty, and left out with what it heads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.geometry import Fill
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block

Edge = Literal["top", "bottom", "left", "right"]


@dataclass(frozen=True)
class RuleOptions(BlockOptions):
    colour: str | None = option(None, "a brand colour name; default `ink`")


@dataclass(frozen=True)
class BandOptions(RuleOptions):
    bleed: tuple[Edge, ...] = option(
        (), "the edges (`top`, `bottom`, `left`, `right`) that extend into the bleed; any "
            "edge on the trim does anyway")


class Band(BlockType[BandOptions]):
    name = "band"
    Options = BandOptions
    decorative = True
    summary = ("a coloured area; any edge on the trim extends into the bleed. Its "
               "padding keeps its children in")

    def place(self, page: PageContext, block: Block) -> None:
        """The edges it names in ``bleed``, and any edge that lies on the trim (a band
        the flow stretched to the page's edge), extend into the bleed."""
        options = self.options(block)
        bleed = tuple(options.bleed)
        x, y, w, h = block.box  # type: ignore[misc]
        page_w, page_h = page.virtual_page()
        touching = {"left": x <= 1e-6, "top": y <= 1e-6, "right": x + w >= page_w - 1e-6,
                    "bottom": y + h >= page_h - 1e-6}
        bleed += tuple(edge for edge, on in touching.items() if on and edge not in bleed)
        if page.mirror:
            swap = {"left": "right", "right": "left"}
            bleed = tuple(swap.get(edge, edge) for edge in bleed)  # type: ignore[misc]
        page.add(Fill(page.rect(block.box), page.colour(options.colour), bleed))  # type: ignore[arg-type]


class Rule(BlockType[RuleOptions]):
    name = "rule"
    Options = RuleOptions
    decorative = True
    summary = "a coloured line (a thin band)"

    def place(self, page: PageContext, block: Block) -> None:
        page.add(Fill(page.rect(block.box), page.colour(self.options(block).colour)))  # type: ignore[arg-type]
