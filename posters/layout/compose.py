"""Place a localized campaign on a page: geometry only, text measured by the text engine.

Every block of the description becomes frames; text that does not fit or has a character
no font covers becomes a diagnostic citing the campaign or catalog line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from posters.diagnostics import ContentError, Diagnostic, Diagnostics
from posters.layout.blocks import BLOCKS
from posters.layout.blocks.grid import GridOptions, cell_count, row_limits
from posters.layout.description import LayoutDescription
from posters.layout.flow import FlowProblem, resolve_page
from posters.layout.geometry import Fill, Item, PageLayout, Panel, Rect, TextFrame, mm
from posters.layout.tree import Block, PageSpec, Style
from posters.localized import LocalizedCampaign, LocalText, Role, Segment
from posters.model import Brand, Colour
from posters.print.legibility import legibility
from posters.sizes import PaperSize
from posters.text import (
    MissingGlyphError,
    Span,
    TextEngine,
    TextMeasure,
    TextOverflowError,
    TextStyle,
)
from posters.text.engine import set_text_bytes
from posters.text.lru import BoundedCache

DRAFT_TEXT = "DRAFT - untranslated text"
DRAFT_COLOUR = Colour("draft", (0, 0, 0, 100))
F = TypeVar("F")

# The pages a worker composes one after the other differ little: a format's regional
# variants differ only in the local-contacts box (a print/screen pair shares its pages
# already, posters.build.task). What is the same between two pages of one side, in one
# language, format and size, is shared (``_SharedSide``): the flow's boxes, and each
# block's placement whose inputs are equal (the block, its growth, the side's pages so
# far; the region only when the block read it). False: every page composed whole (to
# compare, tests/layouts/test_shared_composition.py).
SHARING = True
# Sides kept, least recently used out first, bounded by what their placements hold (a
# side of a format is some 50 texts, 0.3-0.7 MiB, most of it the set texts the engine's
# cache holds too): the regional variants of a side come one after the other.
SHARED_BYTES = 4 << 20  # 4 MiB
SHARED_SIDES = 16
ITEM_BYTES = 256  # a frozen item's rectangle and fields, about
SIDE_BYTES = 4096

T = TypeVar("T")


@dataclass(frozen=True)
class _Placement:
    """What placing one block did to its page: the items it added, the problems it
    reported, whether it set untranslated text, the pages it asked for."""

    items: tuple[Item, ...]
    problems: tuple[Diagnostic, ...]
    fallback: bool
    pages_wanted: int


def _placement_bytes(placement: _Placement) -> int:
    """About the bytes a placement holds (its set texts counted whole, though the text
    engine's cache may hold them too)."""
    return ITEM_BYTES * (1 + len(placement.problems)) + sum(
        set_text_bytes(item.set_text) if isinstance(item, TextFrame) else ITEM_BYTES
        for item in placement.items)


@dataclass
class _SharedSide:
    """What the pages of one side share in one process, for one text engine, layout,
    set of localized campaigns, paper size and first continuation (the objects the key
    names by identity are held here, so that no other object takes their ids)."""

    held: tuple[object, ...]
    floor: float  # the smallest text size the print rules allow
    reference: dict
    # the flow's blocks and panels; None until composed (a flow that read the region is
    # not kept: each region has its own)
    flow: tuple[list[Block], list[tuple[str, float, float]]] | None = None
    placements: dict[Hashable, _Placement] = field(default_factory=dict)
    cost: int = SIDE_BYTES  # with its placements' bytes

    def keep(self, key: Hashable, placement: _Placement) -> None:
        self.placements[key] = placement
        self.cost += _placement_bytes(placement)


_SHARED: BoundedCache[_SharedSide] = BoundedCache(SHARED_BYTES, lambda side: side.cost,
                                                  SHARED_SIDES)


def clear_shared() -> None:
    """Forget every shared side (tests; a process that changes its layouts in place)."""
    _SHARED.clear()


class PageComposer:
    """Composes one page (one side) of a format. ``localized`` is the page's language;
    a multilingual page also gets every language in ``languages`` (its language blocks
    repeat their parts for each), and is never mirrored. It is the page the blocks are
    placed on (``posters.layout.blocks.context.PageContext``); each block type
    (``posters.layout.blocks.BLOCKS``) places its blocks."""

    def __init__(self, localized: LocalizedCampaign, description: LayoutDescription,
                 size: PaperSize, engine: TextEngine, page: PageSpec | None = None,
                 languages: Sequence[LocalizedCampaign] = (), region: str | None = None,
                 continuation: tuple[int, int] = (0, 1)) -> None:
        self.localized = localized
        self._region = region
        self.region_read = False  # whether what was placed asked for the region
        self.description = description
        self.size = description.oriented(size)
        self.engine = engine
        self.page = page or description.pages[0]
        self.languages = tuple(languages)
        # (this page, of how many) when the side's languages take several pages
        self.continuation = continuation
        self.pages_wanted = continuation[1]
        self.mirror = localized.rtl and not self.languages
        self.scale = description.scale_for(size)
        self.brand: Brand = localized.campaign.brand
        self.items: list[Item] = []
        self.problems = Diagnostics()
        self.fallback = False  # some text on this page is untranslated source text
        # how much larger than at the reference the block being placed is (a style with
        # `grow` sets its text up to that much larger)
        self.growth = 1.0
        self.format = description.format
        self.warn_ppi = description.warn_ppi
        self.error_ppi = description.error_ppi
        self._floor: float | None = None  # the print rules' smallest size, once composing

    @property
    def region(self) -> str | None:
        """The region whose office fills the local contacts; a block that asks depends
        on it (and is not shared between regional variants)."""
        self.region_read = True
        return self._region

    def _shared_side(self) -> _SharedSide:
        held = (self.engine, self.description, self.localized, *self.languages)
        key = (tuple(id(obj) for obj in held), self.size, self.page.name, self.continuation)
        side = _SHARED.get(key) if SHARING else None
        if side is None or any(a is not b for a, b in zip(side.held, held, strict=True)):
            side = _SharedSide(held, legibility().minimum(
                self.description.format, size=self.size.name, scale=self.scale),
                self.description.reference_boxes(self.page.name))
            if SHARING:
                _SHARED.put(key, side)
        self._side_key = key
        return side

    def _without_region(self, compute: Callable[[], T]) -> tuple[T, bool]:
        """``compute()``'s value and whether it asked for the region."""
        read, self.region_read = self.region_read, False
        try:
            return compute(), self.region_read
        finally:
            self.region_read = read or self.region_read

    def _place(self, side: _SharedSide | None, index: int, block: Block) -> None:
        """Place the shared flow's ``index``th block, or repeat what placing it did on a
        page of the same side with the same inputs (``side`` None: place it, share
        nothing)."""
        if side is None:
            BLOCKS[block.type].place(self, block)
            return
        # the same block (the shared flow's), at the same growth, on the same page of
        # the side (a languages grid's later pages hold other languages)
        key = (index, block.box, self.growth, self.continuation)
        placement = side.placements.get(key)
        if placement is None:
            before, problems, fallback = len(self.items), self.problems, self.fallback
            self.problems, self.fallback = Diagnostics(), False
            try:
                _, read = self._without_region(lambda: BLOCKS[block.type].place(self, block))
                placement = _Placement(tuple(self.items[before:]), tuple(self.problems),
                                       self.fallback, self.pages_wanted)
            finally:
                problems.extend(self.problems)
                self.problems, self.fallback = problems, fallback or self.fallback
            if not read:
                side.keep(key, placement)
            return
        self.items.extend(placement.items)
        self.problems.extend(placement.problems)
        self.fallback = self.fallback or placement.fallback
        if placement.pages_wanted > self.pages_wanted:
            self.ask_pages(placement.pages_wanted)

    # -- geometry helpers

    def virtual_page(self) -> tuple[float, float]:
        return self.description.virtual_page(self.size)

    def style(self, name: str) -> Style:
        return self.description.styles[name]

    def add(self, item: Item) -> None:
        self.items.append(item)

    def ask_pages(self, count: int) -> None:
        self.pages_wanted = max(self.pages_wanted, count)
        self.continuation = (self.continuation[0], self.pages_wanted)

    @contextmanager
    def trial(self) -> Iterator[None]:
        """What is placed inside is taken back, with its problems."""
        items, problems, fallback = list(self.items), self.problems, self.fallback
        self.problems = Diagnostics()
        try:
            yield
        finally:
            self.items, self.problems, self.fallback = items, problems, fallback

    def rect(self, box: Sequence[float]) -> Rect:
        x, y, w, h = (mm(v * self.scale) for v in box)
        rect = Rect(x, y, w, h)
        return rect.mirrored(self.size.width_pt) if self.mirror else rect

    def colour(self, name: str | None) -> Colour:
        colours = self.brand.colours
        return colours.get(name or "ink") or colours["ink"]

    def text_style(self, style: Style, size_factor: float = 1.0,
                   floor: float = 0.0) -> TextStyle:
        """``floor``: the smallest size the print rules allow (posters.print.legibility)."""
        grow = min(style.grow, self.growth)
        size = style.size * self.scale * size_factor * grow
        min_size = style.min_size * self.scale * size_factor
        return TextStyle(size=max(size, floor), min_size=min(max(min_size, floor),
                                                             max(size, floor)),
                         bold=style.bold, align=style.align)

    def spans(self, text: LocalText | str, style: Style) -> tuple[Span, ...]:
        ink = self.colour(style.colour)
        if isinstance(text, str):
            return (Span(text, color=ink),)
        return tuple(self._span(segment, style, ink) for segment in text.segments)

    def _span(self, segment: Segment, style: Style, ink: Colour) -> Span:
        if segment.role is Role.VALUE:
            return Span(segment.text, bold=True, scale=style.value_scale,
                        color=self.colour(style.value_colour or style.colour))
        if segment.role is Role.PHONE:
            return Span(segment.text, bold=True, scale=style.value_scale,
                        color=self.colour(style.value_colour) if style.value_colour else ink)
        return Span(segment.text, bold=style.bold, color=ink)

    # -- text

    def place_text(self, text: LocalText | str | None, rect: Rect, style_name: str, block: str,
                   link: str | None = None, localized: LocalizedCampaign | None = None,
                   spans: tuple[Span, ...] | None = None, valign: str = "top",
                   style: Style | None = None) -> TextFrame | None:
        if text is None:
            return None
        style = style or self.description.styles[style_name]
        set_text = self._fit_text(text, rect, block, localized or self.localized, spans,
                                  style, self.engine.fit)
        if set_text is None:
            return None
        plain = text if isinstance(text, str) else text.text
        vertical = valign if valign != "top" else style.valign
        free = max(0.0, rect.height - set_text.height)
        offset = {"top": 0.0, "middle": free / 2, "bottom": free}[vertical]
        frame = TextFrame(rect, set_text, block, plain, link, offset)
        self.items.append(frame)
        return frame

    def measure_text(self, text: LocalText | str | None, rect: Rect, style_name: str,
                     block: str, localized: LocalizedCampaign | None = None,
                     spans: tuple[Span, ...] | None = None, style: Style | None = None
                     ) -> TextMeasure | None:
        """What ``place_text`` would set, measured (its size, height, lines' heights and
        fonts) without setting glyphs or placing anything; problems are reported as
        ``place_text`` reports them."""
        if text is None:
            return None
        return self._fit_text(text, rect, block, localized or self.localized, spans,
                              style or self.description.styles[style_name],
                              self.engine.fit_measure)

    def _fit_text(self, text: LocalText | str, rect: Rect, block: str,
                  localized: LocalizedCampaign, spans: tuple[Span, ...] | None, style: Style,
                  fit: Callable[..., F]) -> F | None:
        """``fit`` (the engine's fit or fit_measure) of the text in ``rect`` at the
        print rules' sizes; None when it does not fit (reported)."""
        if isinstance(text, LocalText) and text.fallback:
            self.fallback = True
        spans = spans or self.spans(text, style)
        plain = text if isinstance(text, str) else text.text
        rules = legibility()
        floor = self._floor if self._floor is not None else rules.minimum(
            self.description.format, size=self.size.name, scale=self.scale)
        preferred = rules.minimum(self.description.format, plain, self.size.name, self.scale)
        try:
            try:
                set_text = fit(spans, lang=localized.lang,
                               style=self.text_style(style, floor=preferred),
                               width=rect.width, height=rect.height)
            except TextOverflowError:
                if preferred <= floor:
                    raise
                # the script's larger minimum is a recommendation; the format's is the rule
                set_text = fit(spans, lang=localized.lang,
                               style=self.text_style(style, floor=floor),
                               width=rect.width, height=rect.height)
                if set_text.size < preferred - 1e-6:
                    self._warn(text, block, localized.lang,
                               f"set at {set_text.size:.1f} pt, under the {preferred:g} pt "
                               f"recommended for {rules.marks_script(plain)} script on a "
                               f"{self.description.format}; shorten the text or enlarge "
                               "the box in the layout")
        except TextOverflowError as exc:
            self._report(text, block, localized.lang,
                         f"does not fit its {rect.width / mm(1):.0f} x "
                         f"{rect.height / mm(1):.0f} mm box at the minimum size "
                         f"{exc.size:.1f} pt: {exc.over_by / mm(1):.1f} mm too "
                         f"{'wide' if exc.axis == 'width' else 'tall'}; "
                         "shorten the text or enlarge the box in the layout")
            return None
        except MissingGlyphError as exc:
            self._report(text, block, localized.lang, f"no font has the character {exc.char!r} "
                         f"({exc.codepoint}); add a font that covers it (fonts: in "
                         "campaign.yaml, see docs/fonts.md) or remove the character")
            return None
        return set_text

    def _warn(self, text: LocalText | str, block: str, lang: str, message: str) -> None:
        location = text.origin if isinstance(text, LocalText) else \
            self.localized.campaign.meta.title.location
        key = text.key if isinstance(text, LocalText) else block
        self.problems.warning(location, message,
                              f"{key} [{lang}, {self.description.format} {self.size.name}]")

    def _report(self, text: LocalText | str, block: str, lang: str, message: str) -> None:
        location = text.origin if isinstance(text, LocalText) else \
            self.localized.campaign.meta.title.location
        key = text.key if isinstance(text, LocalText) else block
        self.problems.error(location, message,
                            f"{key} [{lang}, {self.description.format} {self.size.name}]")

    def content(self, name: str, localized: LocalizedCampaign | None = None
                ) -> LocalText | str | None:
        """A localized string by its path: ``headline``, ``web.url``,
        ``hotlines[0].number``, ``data.heading``, ``language_card.line``."""
        value: object = localized or self.localized
        for part in name.split("."):
            key, _, index = part.partition("[")
            value = getattr(value, key, None)
            if index and value is not None:
                position = int(index.rstrip("]"))
                value = value[position] if position < len(value) else None
            if value is None:
                return None
        if not isinstance(value, LocalText | str):
            raise ValueError(f"layout content {name!r} is not a text")
        return value

    # -- blocks

    def has_content(self, block: Block) -> bool:
        """Whether the campaign has what the block shows (else the flow leaves it out)."""
        return BLOCKS[block.type].has_content(self, block)

    def item_count(self, block: Block) -> int:
        return BLOCKS[block.type].item_count(self, block)

    def intrinsic(self, block: Block, direction: str) -> tuple[float, float]:
        """A grid's limits along the page's height from its rows: ``min_row`` and
        ``max_row`` (mm) times the rows the campaign's items take."""
        if direction != "rows" or not isinstance(block.options, GridOptions):
            return 0.0, math.inf
        return row_limits(block.options, self.item_count(block))

    def language(self, tag: str | None) -> LocalizedCampaign | None:
        """The page's language, or (on a multilingual page) the one named; None when
        the campaign does not have it."""
        if tag is None:
            return self.localized
        if tag == "second":  # the first of the campaign's languages after the source
            source = self.localized.campaign.meta.source_language
            tag = next((lang for lang in self.localized.campaign.meta.languages
                        if lang != source), None)
        return next((loc for loc in self.languages if loc.lang == tag), None)

    def compose(self) -> PageLayout:
        side = self._shared_side()
        self._floor = side.floor
        # a flow that asked for the region is this page's own, and so are its blocks:
        # none of their placements is shared (the same block may have another box)
        shared = side.flow is not None
        if shared:
            blocks, edges = side.flow  # type: ignore[misc]
        else:
            try:
                (blocks, edges), read = self._without_region(lambda: resolve_page(
                    self.page, self.description.virtual_page(self.size),
                    self.has_content, self.intrinsic))
            except FlowProblem as problem:
                self.problems.error(problem.location,
                                    f"at {self.size.name} {problem.message(self.scale)}",
                                    f"{self.description.format} [{self.size.name}]")
                raise ContentError(self.problems) from None
            if not read and SHARING:
                side.flow, shared = (blocks, edges), True
        for index, block in enumerate(blocks):
            self.growth = _growth(block, side.reference.get(block.location),
                                  self.item_count(block))
            self._place(side if shared else None, index, block)
        self.growth = 1.0
        if SHARING and self._side_key in _SHARED:
            _SHARED.put(self._side_key, side)  # its cost, with what it now holds
        draft = self.fallback
        if draft:
            self.draft_mark()
        if self.problems.errors:
            raise ContentError(self.problems)
        height = self.description.virtual_page(self.size)[1]
        panels = [Panel(name, self.rect((x, 0, width, height))) for name, x, width in edges]
        panels.sort(key=lambda panel: panel.rect.x)
        return PageLayout(
            format=self.description.format,
            size=self.size,
            lang=self.localized.lang,
            rtl=self.localized.rtl,
            title=self.localized.title.text,
            safe_zone=mm(self.description.safe_zone),
            background=self.colour("paper"),
            items=tuple(self.items),
            draft=draft,
            side=self.page.name if not self.continuation[0] else
            f"{self.page.name}-{self.continuation[0] + 1}",
            panels=tuple(panels),
            folds=tuple(panel.rect.x for panel in panels[1:]),
            warnings=tuple(self.problems.warnings),
            warn_ppi=self.description.warn_ppi,
            error_ppi=self.description.error_ppi,
            min_text_pt=side.floor,
        )

    def draft_mark(self) -> None:
        """A band across the top of the safe area on pages that carry untranslated text."""
        safe = mm(self.description.safe_zone)
        band = Rect(safe, safe, self.size.width_pt - 2 * safe, mm(14 * self.scale))
        self.items.append(Fill(band, DRAFT_COLOUR))
        style = TextStyle(size=28 * self.scale, min_size=6, bold=True, align="center")
        set_text = self.engine.fit((Span(DRAFT_TEXT, bold=True, color=self.colour("paper")),),
                                   lang=self.localized.lang, style=style,
                                   width=band.width, height=band.height)
        self.items.append(TextFrame(band, set_text, "draft-mark", DRAFT_TEXT))


def _growth(block: Block, reference: tuple[float, float, float, float] | None,
            count: int) -> float:
    """A block's area against its area on the reference page with every part of the
    campaign present, as a factor for font sizes (the square root: sizes are lengths).
    A grid that says how many items it was ``designed_for`` compares one cell with a
    cell of that design: one hotline where three were planned has three times the room."""
    if reference is None or block.box is None:
        return 1.0
    area, reference_area = block.box[2] * block.box[3], reference[2] * reference[3]
    options = block.options
    designed = options.designed_for if isinstance(options, GridOptions) else None
    if designed is not None and designed > 0 and count > 0:
        area /= cell_count(options, count)  # type: ignore[arg-type]
        reference_area /= cell_count(options, designed)  # type: ignore[arg-type]
    return max(1.0, math.sqrt(area / reference_area)) if reference_area > 0 else 1.0


def compose_page(localized: LocalizedCampaign, description: LayoutDescription, size: PaperSize,
                 engine: TextEngine, region: str | None = None) -> PageLayout:
    """The first page of a format; ``region`` fills the local-contacts area with that
    region's office. Raises ContentError with every overflow and missing glyph of the page."""
    return PageComposer(localized, description, size, engine, region=region).compose()


def compose_document(localized: LocalizedCampaign | Sequence[LocalizedCampaign],
                     description: LayoutDescription, size: PaperSize,
                     engine: TextEngine, region: str | None = None) -> tuple[PageLayout, ...]:
    """Every page (side) of a format, in print order; a side whose languages take more
    than one page (``side-2``, ...) follows its first. A multilingual format takes every
    language's LocalizedCampaign, the source language's first. Raises ContentError with
    the problems of all pages."""
    if isinstance(localized, LocalizedCampaign):
        page_language, languages = localized, ()
    else:
        languages = tuple(localized)
        source = languages[0].campaign.meta.source_language
        page_language = next((loc for loc in languages if loc.lang == source), languages[0])
    if description.multilingual and not languages:
        languages = (page_language,)
    pages, problems = [], Diagnostics()
    for page in description.pages:
        try:
            composer = PageComposer(page_language, description, size, engine, page,
                                    languages, region)
            pages.append(composer.compose())
            # a side whose languages take more pages: its next pages, each with its share
            for index in range(1, composer.pages_wanted):
                pages.append(PageComposer(page_language, description, size, engine, page,
                                          languages, region,
                                          (index, composer.pages_wanted)).compose())
        except ContentError as error:
            problems.extend(error.diagnostics)
    if problems.errors:
        raise ContentError(problems)
    return tuple(pages)
