"""The web address's QR code."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.geometry import QrCode
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block


@dataclass(frozen=True)
class QrOptions(BlockOptions):
    colour: str | None = option(None, "a brand colour name for the modules; default `ink`")


class Qr(BlockType[QrOptions]):
    name = "qr"
    Options = QrOptions
    summary = "the web address's QR code, square, centred in its space"

    def has_content(self, page: PageContext, block: Block) -> bool:
        web = page.localized.web
        return web is not None and web.qr

    def place(self, page: PageContext, block: Block) -> None:
        web = page.localized.web
        if web is None or not web.qr:
            return
        x, y, w, h = block.box  # type: ignore[misc]
        side = min(w, h)  # square, centred in the space the flow gave it
        box = (x + (w - side) / 2, y + (h - side) / 2, side, side)
        page.add(QrCode(page.rect(box), web.url, page.colour(self.options(block).colour),
                        page.colour("paper")))
