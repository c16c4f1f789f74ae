"""A layout's tree: text styles, and blocks with their sizes, children and options, as
``posters.layout.description`` reads them from a layout file. Pure data."""

from __future__ import annotations

import math
from dataclasses import dataclass

from posters.diagnostics import Location
from posters.layout.options import BlockOptions


@dataclass(frozen=True)
class Style:
    size: float  # pt at the reference size
    min_size: float
    bold: bool = False
    colour: str = "ink"
    align: str = "start"
    valign: str = "top"  # where the set text sits in a taller box: top, middle, bottom
    value_scale: float = 1.0  # a statistic's value or a phone number inside a sentence
    value_colour: str | None = None
    grow: float = 1.0  # set up to this much larger when its block has more room than designed


@dataclass(frozen=True)
class Track:
    """A block's length along its parent's direction: ``fixed`` mm, or ``fr`` shares of
    the space the fixed ones leave; never below ``min`` nor above ``max`` (mm)."""

    fixed: float | None = None
    fr: float = 1.0
    min: float = 0.0
    max: float = math.inf


FLEXIBLE = Track()


@dataclass(frozen=True)
class Block:
    type: str  # "group" for a block that only arranges others
    box: tuple[float, float, float, float] | None  # mm; set by the flow, or written
    location: Location
    options: BlockOptions  # the block type's options dataclass
    size: Track = FLEXIBLE
    direction: str | None = None  # "rows" | "columns": how the children are stacked
    children: tuple[Block, ...] = ()
    gap: float = 0.0
    padding: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # top right bottom left
    justify: str = "start"  # where spare room goes when every child has reached its max
    otherwise: Block | None = None  # drawn in this block's place when it has no content

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()
        if self.otherwise is not None:
            yield from self.otherwise.walk()


@dataclass(frozen=True)
class PanelSpec:
    name: str
    width: Track
    root: Block  # the panel's blocks
    narrower: float = 0.0  # mm less than its share (a roll fold's inner flap)


@dataclass(frozen=True)
class PageSpec:
    """One side of the sheet: its blocks (``root``), or panels left to right across the
    full height, each with its own blocks."""

    name: str
    root: Block
    panels: tuple[PanelSpec, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every block of the side that draws something, in document order."""
        roots = [panel.root for panel in self.panels] or [self.root]
        return tuple(block for root in roots for block in root.walk()
                     if block.type != "group")
