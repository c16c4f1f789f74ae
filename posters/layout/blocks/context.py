"""What a block may ask of the page it is placed on: the narrow protocol the composer
(``posters.layout.compose.PageComposer``) implements. Blocks know nothing else of it."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from posters.diagnostics import Diagnostics
from posters.layout.geometry import Item, Rect, TextFrame
from posters.layout.tree import PageSpec, Style
from posters.localized import LocalizedCampaign, LocalText
from posters.model import Brand, Colour
from posters.sizes import PaperSize
from posters.text import Span, TextMeasure


class PageContext(Protocol):
    localized: LocalizedCampaign  # the page's language
    languages: tuple[LocalizedCampaign, ...]  # every language, on a multilingual page
    region: str | None  # the region whose office fills the local contacts, if any
    brand: Brand
    mirror: bool  # right to left: boxes are mirrored
    scale: float  # the page against the layout's reference
    growth: float  # how much larger the block being placed is than designed
    fallback: bool  # some text on the page is untranslated
    problems: Diagnostics
    format: str
    size: PaperSize
    page: PageSpec  # the side being composed
    # (this page, of how many) of a side whose languages take more than one page
    continuation: tuple[int, int]
    warn_ppi: float
    error_ppi: float

    def rect(self, box: Sequence[float]) -> Rect:
        """A box in mm at the reference size as a rectangle on the page (mirrored for
        right-to-left pages)."""
        ...

    def virtual_page(self) -> tuple[float, float]:
        """The page in mm at the reference scale."""
        ...

    def colour(self, name: str | None) -> Colour: ...

    def style(self, name: str) -> Style: ...

    def spans(self, text: LocalText | str, style: Style) -> tuple[Span, ...]: ...

    def add(self, item: Item) -> None: ...

    def place_text(self, text: LocalText | str | None, rect: Rect, style_name: str,
                   block: str, link: str | None = None,
                   localized: LocalizedCampaign | None = None,
                   spans: tuple[Span, ...] | None = None, valign: str = "top",
                   style: Style | None = None) -> TextFrame | None:
        """Set ``text`` in ``rect``; the frame placed, or None (no text, or a problem
        reported)."""
        ...

    def measure_text(self, text: LocalText | str | None, rect: Rect, style_name: str,
                     block: str, localized: LocalizedCampaign | None = None,
                     spans: tuple[Span, ...] | None = None, style: Style | None = None
                     ) -> TextMeasure | None:
        """What ``place_text`` would set, measured, placing nothing."""
        ...

    def content(self, name: str, localized: LocalizedCampaign | None = None
                ) -> LocalText | str | None: ...

    def language(self, tag: str | None) -> LocalizedCampaign | None: ...

    def ask_pages(self, count: int) -> None:
        """The side takes ``count`` pages (a languages grid too long for one): this
        page becomes the first of them (``continuation`` ``(0, count)``) and the
        composer composes the side again for each further page."""
        ...

    def trial(self) -> AbstractContextManager[None]:
        """Place things to measure them: what is placed inside is taken back."""
        ...
