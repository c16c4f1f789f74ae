"""Place a localized campaign on a page: geometry only, text measured by the text engine.

Every block of the description becomes frames; text that does not fit or has a character
no font covers becomes a diagnostic citing the campaign or catalog line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.layout.artwork import ArtworkError, artwork_size
from posters.layout.charts import ChartMaker
from posters.layout.description import Block, LayoutDescription, PageSpec, Style, columns_for
from posters.layout.flow import FlowProblem, resolve_page
from posters.layout.geometry import (
    Fill,
    Icon,
    Item,
    PageLayout,
    Panel,
    Picture,
    QrCode,
    Rect,
    Stroke,
    TextFrame,
    mm,
)
from posters.localized import LocalizedCampaign, LocalText, Role, Segment
from posters.model import Brand, Colour
from posters.print.legibility import legibility
from posters.sizes import PaperSize
from posters.text import (
    MissingGlyphError,
    Span,
    TextEngine,
    TextOverflowError,
    TextStyle,
    isolate_ltr,
)

DRAFT_TEXT = "DRAFT - untranslated text"
DRAFT_COLOUR = Colour("draft", (0, 0, 0, 100))


class PageComposer:
    """Composes one page (one side) of a format. ``localized`` is the page's language;
    a multilingual page also gets every language in ``languages`` (its language blocks
    repeat their parts for each), and is never mirrored."""

    def __init__(self, localized: LocalizedCampaign, description: LayoutDescription,
                 size: PaperSize, engine: TextEngine, page: PageSpec | None = None,
                 languages: Sequence[LocalizedCampaign] = (), region: str | None = None) -> None:
        self.localized = localized
        self.region = region
        self.description = description
        self.size = description.oriented(size)
        self.engine = engine
        self.page = page or description.pages[0]
        self.languages = tuple(languages)
        self.mirror = localized.rtl and not self.languages
        self.scale = description.scale_for(size)
        self.brand: Brand = localized.campaign.brand
        self.items: list[Item] = []
        self.problems = Diagnostics()
        self.fallback = False  # some text on this page is untranslated source text
        # how much larger than at the reference the block being placed is (a style with
        # `grow` sets its text up to that much larger)
        self.growth = 1.0

    # -- geometry helpers

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
            return Span(segment.text, bold=True,
                        color=self.colour(style.value_colour) if style.value_colour else ink)
        return Span(segment.text, bold=style.bold, color=ink)

    # -- text

    def place_text(self, text: LocalText | str | None, rect: Rect, style_name: str, block: str,
                   link: str | None = None, localized: LocalizedCampaign | None = None,
                   spans: tuple[Span, ...] | None = None, valign: str = "top",
                   style: Style | None = None) -> None:
        if text is None:
            return
        localized = localized or self.localized
        if isinstance(text, LocalText) and text.fallback:
            self.fallback = True
        style = style or self.description.styles[style_name]
        spans = spans or self.spans(text, style)
        plain = text if isinstance(text, str) else text.text
        rules = legibility()
        floor = rules.minimum(self.description.format, size=self.size.name, scale=self.scale)
        preferred = rules.minimum(self.description.format, plain, self.size.name, self.scale)
        try:
            try:
                set_text = self.engine.fit(spans, lang=localized.lang,
                                           style=self.text_style(style, floor=preferred),
                                           width=rect.width, height=rect.height)
            except TextOverflowError:
                if preferred <= floor:
                    raise
                # the script's larger minimum is a recommendation; the format's is the rule
                set_text = self.engine.fit(spans, lang=localized.lang,
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
                         f"{exc.size:.1f} pt: {exc.over_by / mm(1):.1f} mm too tall; "
                         "shorten the text or enlarge the box in the layout")
            return
        except MissingGlyphError as exc:
            self._report(text, block, localized.lang, f"no font has the character {exc.char!r} "
                         f"({exc.codepoint}); add a font that covers it to "
                         "fonts/fonts.yaml or remove the character")
            return
        vertical = valign if valign != "top" else style.valign
        free = max(0.0, rect.height - set_text.height)
        offset = {"top": 0.0, "middle": free / 2, "bottom": free}[vertical]
        self.items.append(TextFrame(rect, set_text, block, plain, link, offset))

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
        loc = self.localized
        kind = block.type
        if kind == "text":
            localized = self.language(block.option("lang"))
            return localized is not None and bool(self.content(block.option("content"),
                                                               localized))
        if kind == "statistics":
            return bool(loc.statistics)
        if kind == "warning_signs":
            first, stop = self.sign_slice(block)
            return stop > first
        if kind == "hotlines":
            return bool(loc.hotlines)
        if kind == "qr":
            return loc.web is not None and loc.web.qr
        if kind == "contacts":
            return loc.local_contacts_heading is not None
        if kind in ("chart", "charts"):
            return loc.data is not None and bool(loc.data.datasets)
        if kind == "logo":
            return self.brand.logo is not None
        if kind == "languages":
            return bool(self.block_languages_list(block))
        return True

    def item_count(self, block: Block) -> int:
        loc = self.localized
        first, stop = self.sign_slice(block) if block.type == "warning_signs" else (0, 0)
        return {"statistics": len(loc.statistics), "warning_signs": stop - first,
                "hotlines": len(loc.hotlines),
                "charts": len(loc.data.datasets) if loc.data else 0,
                "languages": len(self.block_languages_list(block))}.get(block.type, 0)

    def intrinsic(self, block: Block, direction: str) -> tuple[float, float]:
        """A grid's limits along the page's height from its rows: ``min_row`` and
        ``max_row`` (mm) times the rows the campaign's items take."""
        low_row, high_row = block.option("min_row"), block.option("max_row")
        if direction != "rows" or (low_row is None and high_row is None):
            return 0.0, math.inf
        count = self.item_count(block)
        rows = max(1, math.ceil(count / columns_for(block, count)))
        gap = block.option("gap", 0)
        gap_y = gap if isinstance(gap, int | float) else gap[1]
        gaps = gap_y * (rows - 1)
        return ((rows * low_row + gaps) if low_row is not None else 0.0,
                (rows * high_row + gaps) if high_row is not None else math.inf)

    def compose(self) -> PageLayout:
        try:
            blocks, edges = resolve_page(self.page, self.description.virtual_page(self.size),
                                         self.has_content, self.intrinsic)
        except FlowProblem as problem:
            self.problems.error(problem.location,
                                f"at {self.size.name} {problem.message(self.scale)}",
                                f"{self.description.format} [{self.size.name}]")
            raise ContentError(self.problems) from None
        reference = self.description.reference_boxes(self.page.name)
        for block in blocks:
            self.growth = _growth(block, reference.get(block.location),
                                  self.item_count(block))
            getattr(self, f"block_{block.type}")(block)
        self.growth = 1.0
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
            side=self.page.name,
            panels=tuple(panels),
            folds=tuple(panel.rect.x for panel in panels[1:]),
            warnings=tuple(self.problems.warnings),
            warn_ppi=self.description.warn_ppi,
            error_ppi=self.description.error_ppi,
            min_text_pt=legibility().minimum(self.description.format, size=self.size.name,
                                             scale=self.scale),
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

    def block_band(self, block: Block) -> None:
        """A coloured area; the edges it names in ``bleed``, and any edge that lies on
        the trim (a band the flow stretched to the page's edge), extend into the bleed."""
        bleed = tuple(block.option("bleed", ()))
        x, y, w, h = block.box
        page_w, page_h = self.description.virtual_page(self.size)
        touching = {"left": x <= 1e-6, "top": y <= 1e-6, "right": x + w >= page_w - 1e-6,
                    "bottom": y + h >= page_h - 1e-6}
        bleed += tuple(edge for edge, on in touching.items() if on and edge not in bleed)
        if self.mirror:
            swap = {"left": "right", "right": "left"}
            bleed = tuple(swap.get(edge, edge) for edge in bleed)
        self.items.append(Fill(self.rect(block.box), self.colour(block.option("colour")), bleed))

    def block_rule(self, block: Block) -> None:
        self.items.append(Fill(self.rect(block.box), self.colour(block.option("colour"))))

    def block_text(self, block: Block) -> None:
        name = block.option("content")
        localized = self.language(block.option("lang"))
        if localized is None:
            return
        link = localized.web.url if name == "web.url" and localized.web else None
        self.place_text(self.content(name, localized), self.rect(block.box),
                        block.option("style"), name, link, localized)

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

    def cells(self, block: Block, count: int) -> list[Rect]:
        """Grid cells in reading order (mirrored for right-to-left)."""
        return [self.rect(box) for box in self.cell_boxes(block, count)]

    def block_statistics(self, block: Block) -> None:
        statistics = self.localized.statistics
        source_style = block.option("source_style")
        source_h = mm(block.option("source_height", 0) * self.scale)
        for i, (statistic, cell) in enumerate(
                zip(statistics, self.cells(block, len(statistics)), strict=True)):
            with_source = statistic.source is not None and source_style is not None
            caption_h = cell.height - (source_h if with_source else 0)
            self.place_text(statistic.caption, Rect(cell.x, cell.y, cell.width, caption_h),
                            block.option("style"), f"statistics[{i}]")
            if with_source:
                self.place_text(statistic.source, Rect(cell.x, cell.bottom - source_h,
                                                       cell.width, source_h),
                                source_style, f"statistics[{i}].source")

    def sign_slice(self, block: Block) -> tuple[int, int]:
        """Which signs a warning-sign block shows: its ``items`` ([first, stop]), or its
        share of them when a side has several such blocks. The signs are shared out in
        order among as many blocks as can each have ``min_share`` (default 1), the first
        taking one more when they do not divide evenly; a block left without a share has
        no content (its ``otherwise`` takes its place)."""
        count = len(self.localized.warning_signs)
        if block.option("items") is not None:
            first, stop = block.option("items")
            stop = count if stop is None else min(stop, count)
            return min(first, stop), stop
        shared = [b.location for b in self.page.blocks
                  if b.type == "warning_signs" and b.option("items") is None]
        part = shared.index(block.location) if block.location in shared else 0
        used = max(1, min(len(shared), count // max(1, int(block.option("min_share", 1)))))
        if part >= used:
            return count, count
        each, more = divmod(count, used)
        first = part * each + min(part, more)
        return first, first + each + (1 if part < more else 0)

    def block_warning_signs(self, block: Block) -> None:
        """The signs, or this block's share of them (``sign_slice``)."""
        first, stop = self.sign_slice(block)
        signs = self.localized.warning_signs[first:stop]
        if not signs:
            return
        style = self.description.styles[block.option("style")]
        icon = mm(block.option("icon", 20) * self.scale * min(style.grow, self.growth))
        gap = mm(block.option("icon_gap", 4) * self.scale)
        for i, (sign, cell) in enumerate(zip(signs, self.cells(block, len(signs)), strict=True),
                                         start=first):
            icon_x = cell.right - icon if self.mirror else cell.x
            text_x = cell.x if self.mirror else cell.x + icon + gap
            self.items.append(Icon(Rect(icon_x, cell.y, icon, icon),
                                   str(sign.icon_file) if sign.icon_file else None,
                                   self.colour(block.option("icon_colour")), str(i + 1)))
            self.place_text(sign.text, Rect(text_x, cell.y, cell.width - icon - gap,
                                            cell.height), block.option("style"),
                            f"warning_signs[{i}]")

    def block_hotlines(self, block: Block) -> None:
        hotlines = self.localized.hotlines
        for i, (hotline, cell) in enumerate(
                zip(hotlines, self.cells(block, len(hotlines)), strict=True)):
            label_h = cell.height * block.option("label_share", 0.36)
            number_h = cell.height * block.option("number_share", 0.40)
            self.place_text(hotline.label, Rect(cell.x, cell.y, cell.width, label_h),
                            block.option("label_style"), f"hotlines[{i}].label")
            self.place_text(hotline.number,
                            Rect(cell.x, cell.y + label_h, cell.width, number_h),
                            block.option("number_style"), f"hotlines[{i}].number",
                            link=hotline.link or None)  # posters.schema.phone made it
            notes = [note.text for note in hotline.notes]
            if hotline.hours:
                notes.insert(0, hotline.hours.text)
            if hotline.text_line:
                notes.insert(0, hotline.text_line.text)
            if notes and block.option("note_style"):
                self.place_text(" · ".join(notes),
                                Rect(cell.x, cell.y + label_h + number_h, cell.width,
                                     cell.height - label_h - number_h),
                                block.option("note_style"), f"hotlines[{i}].notes",
                                link=hotline.text_link or None)

    def block_qr(self, block: Block) -> None:
        web = self.localized.web
        if web is None or not web.qr:
            return
        x, y, w, h = block.box
        side = min(w, h)  # square, centred in the space the flow gave it
        box = (x + (w - side) / 2, y + (h - side) / 2, side, side)
        self.items.append(QrCode(self.rect(box), web.url,
                                 self.colour(block.option("colour")), self.colour("paper")))

    def block_logo(self, block: Block) -> None:
        logo = self.brand.logo
        if logo is None:
            return
        box = self.rect(block.box)
        location = self.brand.logo_location or Location(str(self.localized.campaign.source_file))
        try:
            width_px, height_px, raster = artwork_size(logo)
        except ArtworkError as exc:
            self.problems.error(location, str(exc), "brand.logo")
            return
        scale = min(box.width / width_px, box.height / height_px)
        width, height = width_px * scale, height_px * scale
        x = box.x if self.mirror else box.right - width
        rect = Rect(x, box.y + (box.height - height) / 2, width, height)
        ppi = None
        if raster:
            ppi = width_px / (width / 72)
            where = f"brand.logo [{self.description.format} {self.size.name}]"
            advice = (f"at {self.size.name} the logo is printed at {ppi:.0f} ppi; supply an "
                      f"image of at least {self.description.warn_ppi * width / 72:.0f} px wide "
                      "or a vector (SVG) logo")
            if ppi < self.description.error_ppi:
                self.problems.error(location, f"{advice} (below {self.description.error_ppi:g} "
                                              "ppi is refused)", where)
            elif ppi < self.description.warn_ppi:
                self.problems.warning(location, advice, where)
        self.items.append(Picture(rect, str(logo), ppi))

    def block_contacts(self, block: Block) -> None:
        rect = self.rect(block.box)
        heading = self.localized.local_contacts_heading
        if heading is None:
            return
        # the heading takes 30 % of the block, at most `heading_height` mm (a tall frame
        # keeps its heading right above it)
        heading_h = min(rect.height * 0.3, mm(block.option("heading_height", 12) * self.scale))
        self.place_text(heading, Rect(rect.x, rect.y, rect.width, heading_h),
                        block.option("heading_style"), "local_contacts.heading")
        area = Rect(rect.x, rect.y + heading_h, rect.width, rect.height - heading_h)
        self.items.append(Stroke(area, self.colour(block.option("colour")), mm(0.5 * self.scale),
                                 radius=mm(2 * self.scale)))
        if self.region is None:
            return  # left empty for a sticker or a stamp
        region = self.localized.region(self.region)
        inner = area.inset(mm(2.5 * self.scale))
        name_h = inner.height * 0.45
        self.place_text(region.name, Rect(inner.x, inner.y, inner.width, name_h),
                        block.option("name_style", block.option("heading_style")),
                        f"regions.{region.id}.name")
        # addresses and numbers are data written left to right: kept whole in RTL text
        details = [isolate_ltr(region.address)]
        if region.phone:
            details.append(isolate_ltr(region.phone))
        if region.hours:
            details.append(region.hours.text)
        self.place_text("\n".join(details),
                        Rect(inner.x, inner.y + name_h, inner.width, inner.height - name_h),
                        block.option("detail_style", block.option("heading_style")),
                        f"regions.{region.id}.address")

    def block_charts(self, block: Block) -> None:
        """One chart per dataset of the campaign, in a grid; each a donut or bars as its
        dataset says (``chart:``), colours from ``palettes`` in turn."""
        data = self.localized.data
        if data is None or not data.datasets:
            return
        sources = self.localized.campaign.data
        palettes = block.option("palettes") or [block.option("colours")
                                                or ["primary", "muted", "accent", "ink"]]
        for i, (dataset, cell) in enumerate(zip(data.datasets,
                                                self.cell_boxes(block, len(data.datasets)),
                                                strict=True)):
            source = sources.dataset(dataset.id) if sources else None
            kind = block.option("kind") or (source.chart if source else "donut")
            options = {**block.options, "dataset": dataset.id, "kind": kind,
                       "colours": palettes[i % len(palettes)]}
            if kind == "bar":
                options.update(block.option("bar", {}) or {})
            ChartMaker(self, Block("chart", cell, block.location, options), dataset).make()

    def block_chart(self, block: Block) -> None:
        data = self.localized.data
        dataset = data.dataset(block.option("dataset")) if data else None
        if dataset is None:
            self.problems.error(block.location,
                                f"the {self.description.format} layout draws a chart of the "
                                f"dataset '{block.option('dataset')}' but the campaign's data "
                                "has no such dataset; add it under 'data.datasets'",
                                f"data [{self.description.format}]")
            return
        ChartMaker(self, block, dataset).make()

    def block_languages_list(self, block: Block) -> list[LocalizedCampaign]:
        return [loc for loc in self.languages if loc.lang not in block.option("except", ())]

    def block_languages(self, block: Block) -> None:
        """The same parts, once for each language of the campaign, in a grid. With
        ``uniform`` (the default) each part is set at one size in every language: the
        largest at which it fits in most of them (the median; a longer text shrinks
        further), so that a sheet of four languages is set large and one of thirty small,
        and no language looks more important than another."""
        if not block.option("uniform", True):
            self._language_cells(block, {})
            return
        items, problems, fallback = list(self.items), self.problems, self.fallback
        self.problems = Diagnostics()
        fitted: dict[int, list[float]] = {}
        for part, frame in self._language_cells(block, {}):
            fitted.setdefault(part, []).append(frame.set_text.size)
        self.items, self.problems, self.fallback = items, problems, fallback
        self._language_cells(block, {part: sorted(found)[(len(found) - 1) // 2]
                                     for part, found in fitted.items()})

    def _language_cells(self, block: Block, sizes: dict[int, float]
                        ) -> list[tuple[int, TextFrame]]:
        """Place every language's parts, each part at most ``sizes[part]`` pt; the frames
        placed, by part."""
        languages = self.block_languages_list(block)
        parts = block.option("parts", ())
        divider = block.option("divider")
        total = sum(float(part.get("share", 1)) for part in parts)
        placed = []
        for cell_box, localized in zip(self.cell_boxes(block, len(languages)), languages,
                                       strict=True):
            x, y, w, h = cell_box
            if divider:
                self.items.append(Fill(self.rect((x, y, w, 0.3)), self.colour(divider)))
            top = y + block.option("cell_padding", 0)
            height = h - block.option("cell_padding", 0)
            for index, part in enumerate(parts):
                part_h = height * float(part.get("share", 1)) / total
                name = part["content"]
                rect = self.rect((x, top, w, part_h))
                top += part_h
                style = self.description.styles[part["style"]]
                if index in sizes:
                    # at the common size, in pt at the reference scale
                    size = min(style.size, sizes[index] / self.scale)
                    style = replace(style, size=size, min_size=min(style.min_size, size))
                count = len(self.items)
                if name == "hotlines":
                    self.place_hotline_list(localized, rect, part["style"], style)
                else:
                    self.place_text(self.content(name, localized), rect, part["style"],
                                    f"{name} [{localized.lang}]", localized=localized,
                                    style=style)
                placed += [(index, item) for item in self.items[count:]
                           if isinstance(item, TextFrame)]
        return placed

    def place_hotline_list(self, localized: LocalizedCampaign, rect: Rect,
                           style_name: str, style: Style | None = None) -> None:
        """Each hotline on its own line: the label, then the number in bold."""
        style = style or self.description.styles[style_name]
        ink = self.colour(style.colour)
        number = self.colour(style.value_colour or style.colour)
        spans: list[Span] = []
        for i, hotline in enumerate(localized.hotlines):
            self.fallback = self.fallback or hotline.label.fallback
            spans += [Span(("\n" if i else "") + hotline.label.text + " ", color=ink),
                      Span(hotline.number, bold=True, color=number)]
        text = "\n".join(f"{h.label.text} {h.number}" for h in localized.hotlines)
        self.place_text(text, rect, style_name, f"hotlines [{localized.lang}]",
                        localized=localized, spans=tuple(spans), style=style)

    def cell_boxes(self, block: Block, count: int) -> list[tuple[float, float, float, float]]:
        """Grid cells in reading order, in mm at the reference size (not yet mirrored)."""
        columns = columns_for(block, count)
        gap = block.option("gap", 0)
        gap_x, gap_y = (gap, gap) if isinstance(gap, int | float) else gap
        rows = max(1, math.ceil(count / columns))
        x, y, w, h = block.box
        cell_w = (w - gap_x * (columns - 1)) / columns
        cell_h = (h - gap_y * (rows - 1)) / rows
        if block.option("order", "rows") == "columns":
            position = [(i // rows, i % rows) for i in range(count)]
        else:
            position = [(i % columns, i // columns) for i in range(count)]
        boxes = [(x + column * (cell_w + gap_x), y + row * (cell_h + gap_y), cell_w, cell_h)
                 for column, row in position]
        last = count - (rows - 1) * columns
        if block.option("fill_last_row") and block.option("order", "rows") == "rows" \
                and 0 < last < columns:
            # the last row's cells share the whole width
            wide = (w - gap_x * (last - 1)) / last
            boxes[-last:] = [(x + i * (wide + gap_x), y + (rows - 1) * (cell_h + gap_y),
                              wide, cell_h) for i in range(last)]
        return boxes


def _growth(block: Block, reference: tuple[float, float, float, float] | None,
            count: int) -> float:
    """A block's area against its area on the reference page with every part of the
    campaign present, as a factor for font sizes (the square root: sizes are lengths).
    A grid that says how many items it was ``designed_for`` compares one cell with a
    cell of that design: one hotline where three were planned has three times the room."""
    if reference is None or block.box is None:
        return 1.0
    area, reference_area = block.box[2] * block.box[3], reference[2] * reference[3]
    designed = block.option("designed_for")
    if isinstance(designed, int) and designed > 0 and count > 0:
        area /= _cells(block, count)
        reference_area /= _cells(block, designed)
    return max(1.0, math.sqrt(area / reference_area)) if reference_area > 0 else 1.0


def _cells(block: Block, count: int) -> int:
    columns = columns_for(block, count)
    return columns * math.ceil(count / columns)


def compose_page(localized: LocalizedCampaign, description: LayoutDescription, size: PaperSize,
                 engine: TextEngine, region: str | None = None) -> PageLayout:
    """The first page of a format; ``region`` fills the local-contacts area with that
    region's office. Raises ContentError with every overflow and missing glyph of the page."""
    return PageComposer(localized, description, size, engine, region=region).compose()


def compose_document(localized: LocalizedCampaign | Sequence[LocalizedCampaign],
                     description: LayoutDescription, size: PaperSize,
                     engine: TextEngine, region: str | None = None) -> tuple[PageLayout, ...]:
    """Every page (side) of a format, in print order. A multilingual format takes every
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
            pages.append(PageComposer(page_language, description, size, engine, page,
                                      languages, region).compose())
        except ContentError as error:
            problems.extend(error.diagnostics)
    if problems.errors:
        raise ContentError(problems)
    return tuple(pages)
