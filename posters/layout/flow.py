"""Place a page's block tree on a page of a given shape: every block gets its box.

Lengths are mm at the layout's reference scale, on the page as it is at that scale (the
reference, longer one way). A block with ``rows`` stacks its children top to bottom,
one with ``columns`` left to right (the composer mirrors the boxes for right-to-left
languages). Each child takes its fixed length, or its share (``fr``) of what the fixed
ones and the gaps leave, kept within its ``min`` and ``max`` as CSS flexbox does. A
block without content (no statistics in the campaign, no web address) is left out
and the others close up, or its ``otherwise`` block takes its place; a block whose
descendants are only bands and rules has no content either.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from posters.diagnostics import Location
from posters.layout.blocks import decorative
from posters.layout.tree import FLEXIBLE, Block, PageSpec, Track

Box = tuple[float, float, float, float]
HasContent = Callable[[Block], bool]
# the (min, max) a block's content gives it along a direction: a grid of 3 rows of at
# most 40 mm is at most 120 mm tall
Intrinsic = Callable[[Block, str], tuple[float, float]]


class FlowProblem(Exception):
    """The fixed lengths and minimums of a row or column do not fit in it."""

    def __init__(self, location: Location, direction: str, needed: float, room: float) -> None:
        super().__init__(f"needs {needed:.1f} mm, has {room:.1f} mm")
        self.location = location
        self.direction = direction
        self.needed = needed
        self.room = room

    def message(self, scale: float) -> str:
        return (f"its {self.direction} need at least {self.needed * scale:.0f} mm and have "
                f"{self.room * scale:.0f} mm; lower a fixed length or a 'min' there, or use "
                "a larger page")


def resolve_page(page: PageSpec, virtual: tuple[float, float], has_content: HasContent,
                 intrinsic: Intrinsic | None = None
                 ) -> tuple[list[Block], list[tuple[str, float, float]]]:
    """The blocks to draw, each with its box, in drawing order, and the panels
    (name, x, width). Raises FlowProblem when the page is too small for its minimums."""
    flow = _Flow(has_content, intrinsic or (lambda block, direction: (0.0, math.inf)))
    width, height = virtual
    if not page.panels:
        flow.place(page.root, (0.0, 0.0, width, height), root=True)
        return flow.out, []
    tracks = [panel.width for panel in page.panels]
    extra = sum(panel.narrower for panel in page.panels)
    widths = distribute(tracks, width + extra, 0.0, page.root.location, "panels")
    edges, x = [], 0.0
    for panel, share in zip(page.panels, widths, strict=True):
        w = share - panel.narrower
        edges.append((panel.name, x, w))
        flow.place(panel.root, (x, 0.0, w, height), root=True)
        x += w
    return flow.out, edges


class _Flow:
    def __init__(self, has_content: HasContent, intrinsic: Intrinsic) -> None:
        self.has_content = has_content
        self.intrinsic = intrinsic
        self.out: list[Block] = []

    def content(self, block: Block) -> bool:
        """Whether the block shows anything of the campaign (bands and rules do not)."""
        if block.children:
            return any(self.content(child) for child in self.effective(block.children))
        if decorative(block.type) or block.type == "group":
            return False
        return self.has_content(block)

    def effective(self, children: tuple[Block, ...]) -> list[Block]:
        """The children that are drawn: a child without content gives way to its
        ``otherwise``; bands and rules stay."""
        chosen = []
        for child in children:
            # a block, or the first of its `otherwise` chain that has content
            while child is not None and not (
                    (decorative(child.type) and not child.children) or self.content(child)):
                child = child.otherwise
            if child is not None:
                chosen.append(child)
        return chosen

    def place(self, block: Block, box: Box, root: bool = False) -> None:
        top, right, bottom, left = block.padding
        x, y, w, h = box
        inner = (x + left, y + top, max(0.0, w - left - right), max(0.0, h - top - bottom))
        if block.type != "group":
            # a band is drawn to its edges, its padding keeps its children in; any other
            # block is drawn inside its padding
            own = box if decorative(block.type) else inner
            self.out.append(replace(block, box=own, children=(), otherwise=None))
        if not block.children:
            return
        children = self.effective(block.children)
        placed = [child for child in children if child.box is not None]
        flowing = [child for child in children if child.box is None]
        for child in placed:
            cx, cy, cw, ch = child.box  # type: ignore[misc]
            self.place(child, (inner[0] + cx, inner[1] + cy, cw, ch))
        if not flowing:
            return
        direction = block.direction or "rows"
        along = inner[3] if direction == "rows" else inner[2]
        tracks = []
        for child in flowing:
            low, high = self.limits(child, direction)
            size = child.size
            tracks.append(replace(size, min=max(size.min, low), max=min(size.max, high)))
        lengths = distribute(tracks, along, block.gap, block.location, direction)
        spare = along - sum(lengths) - block.gap * (len(lengths) - 1)
        offset, between = _justify(block.justify, spare, len(lengths))
        position = (inner[1] if direction == "rows" else inner[0]) + offset
        for child, length in zip(flowing, lengths, strict=True):
            if direction == "rows":
                self.place(child, (inner[0], position, inner[2], length))
            else:
                self.place(child, (position, inner[1], length, inner[3]))
            position += length + block.gap + between


    def limits(self, block: Block, direction: str, sized: bool = True
               ) -> tuple[float, float]:
        """The least and most room a block's content takes along ``direction``: a grid's
        from its rows; a group's from its children (stacked the same way: their sum plus
        the gaps; across: the largest). ``sized``: the block's own size (its height in
        rows, its width in columns) is along ``direction`` and limits it too."""
        size = block.size if sized else FLEXIBLE
        if not block.children:
            low, high = self.intrinsic(block, direction)
            if size.fixed is not None:  # a fixed grid still grows to hold its rows
                fixed = max(size.fixed, low)
                return fixed, fixed
            return max(low, size.min), min(high, size.max)
        if size.fixed is not None:
            return size.fixed, size.fixed
        top, right, bottom, left = block.padding
        pad = top + bottom if direction == "rows" else left + right
        children = [c for c in self.effective(block.children) if c.box is None]
        if not children:
            return size.min, size.max
        along = (block.direction or "rows") == direction
        found = [self.limits(child, direction, along) for child in children]
        if along:
            gaps = block.gap * (len(children) - 1)
            low = sum(f[0] for f in found) + gaps + pad
            high = sum(f[1] for f in found) + gaps + pad
        else:
            low = max(f[0] for f in found) + pad
            high = max(f[1] for f in found) + pad
        if along and block.justify != "start":
            high = math.inf  # it takes any room: it spreads its children over it
        return max(low, size.min), min(high, size.max)


def _justify(justify: str, spare: float, count: int) -> tuple[float, float]:
    """(offset before the first child, extra room between children)."""
    if spare <= 1e-9:
        return 0.0, 0.0
    if justify == "center" or (justify == "spread" and count == 1):
        return spare / 2, 0.0
    if justify == "end":
        return spare, 0.0
    if justify == "spread":
        return 0.0, spare / (count - 1)
    return 0.0, 0.0


def distribute(tracks: list[Track], along: float, gap: float, location: Location,
               direction: str) -> list[float]:
    """Lengths for ``tracks`` in ``along`` mm with ``gap`` between them: fixed ones as
    written, flexible ones sharing the rest by their ``fr``, each within its min and max
    (a flexible track held at a limit gives its share back to the others)."""
    room = along - gap * max(0, len(tracks) - 1)
    lengths: dict[int, float] = {}
    for i, track in enumerate(tracks):
        if track.fixed is not None:
            lengths[i] = min(max(track.fixed, track.min), track.max)
    needed = sum(lengths.values()) + sum(t.min for i, t in enumerate(tracks)
                                         if i not in lengths)
    if needed > room + 0.01:
        raise FlowProblem(location, direction, needed + gap * max(0, len(tracks) - 1), along)
    while True:
        free = [i for i in range(len(tracks)) if i not in lengths]
        if not free:
            break
        left = room - sum(lengths.values())
        shares = sum(tracks[i].fr for i in free) or 1.0
        tentative = {i: max(0.0, left) * tracks[i].fr / shares for i in free}
        low = [i for i in free if tentative[i] < tracks[i].min - 1e-9]
        if low:
            for i in low:
                lengths[i] = tracks[i].min
            continue
        high = [i for i in free if tentative[i] > tracks[i].max + 1e-9]
        if high:
            for i in high:
                lengths[i] = tracks[i].max
            continue
        lengths.update(tentative)
        break
    return [lengths[i] for i in range(len(tracks))]
