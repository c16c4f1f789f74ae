"""Place a localized campaign on a page: geometry only, text measured by the text engine.

Every block of the description becomes frames; text that does not fit or has a character
no font covers becomes a diagnostic citing the campaign or catalog line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.layout.artwork import ArtworkError, artwork_size
from posters.layout.charts import ChartMaker
from posters.layout.description import Block, LayoutDescription, PageSpec, Style
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

    # -- geometry helpers

    def rect(self, box: Sequence[float]) -> Rect:
        x, y, w, h = (mm(v * self.scale) for v in box)
        rect = Rect(x, y, w, h)
        return rect.mirrored(self.size.width_pt) if self.mirror else rect

    def colour(self, name: str | None) -> Colour:
        colours = self.brand.colours
        return colours.get(name or "ink") or colours["ink"]

    def text_style(self, style: Style, size_factor: float = 1.0) -> TextStyle:
        return TextStyle(size=style.size * self.scale * size_factor,
                         min_size=style.min_size * self.scale * size_factor,
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
                   spans: tuple[Span, ...] | None = None, valign: str = "top") -> None:
        if text is None:
            return
        localized = localized or self.localized
        if isinstance(text, LocalText) and text.fallback:
            self.fallback = True
        style = self.description.styles[style_name]
        spans = spans or self.spans(text, style)
        plain = text if isinstance(text, str) else text.text
        try:
            set_text = self.engine.fit(spans, lang=localized.lang,
                                       style=self.text_style(style),
                                       width=rect.width, height=rect.height)
        except TextOverflowError as exc:
            self._report(text, block, localized.lang,
                         f"does not fit its {rect.width / mm(1):.0f} x "
                         f"{rect.height / mm(1):.0f} mm box at the minimum size "
                         f"{exc.size:.1f} pt: {exc.over_by / mm(1):.1f} mm too tall; "
                         "shorten the text or enlarge the box in the layout")
            return
        except MissingGlyphError as exc:
            self._report(text, block, localized.lang, f"no font has the character {exc.char!r} "
                         f"(U+{exc.codepoint:04X}); add a font that covers it to "
                         "fonts/fonts.yaml or remove the character")
            return
        vertical = valign if valign != "top" else style.valign
        free = max(0.0, rect.height - set_text.height)
        offset = {"top": 0.0, "middle": free / 2, "bottom": free}[vertical]
        self.items.append(TextFrame(rect, set_text, block, plain, link, offset))

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

    def compose(self) -> PageLayout:
        for block in self.page.blocks:
            getattr(self, f"block_{block.type}")(block)
        draft = self.fallback
        if draft:
            self.draft_mark()
        if self.problems.errors:
            raise ContentError(self.problems)
        height = self.description.reference[1]
        panels = [Panel(name, self.rect((x, 0, width, height)))
                  for name, x, width in self.page.panel_edges()]
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
        bleed = tuple(block.option("bleed", ()))
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

    def block_warning_signs(self, block: Block) -> None:
        first, stop = block.option("items", [0, None])
        signs = self.localized.warning_signs[first:stop]
        icon = mm(block.option("icon", 20) * self.scale)
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
                            link=hotline.link or None)  # posters.phone made it
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
        self.items.append(QrCode(self.rect(block.box), web.url,
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
        heading_h = rect.height * 0.3
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

    def block_languages(self, block: Block) -> None:
        """The same parts, once for each language of the campaign, in a grid."""
        languages = [loc for loc in self.languages
                     if loc.lang not in block.option("except", ())]
        parts = block.option("parts", ())
        divider = block.option("divider")
        total = sum(float(part.get("share", 1)) for part in parts)
        for cell_box, localized in zip(self.cell_boxes(block, len(languages)), languages,
                                       strict=True):
            x, y, w, h = cell_box
            if divider:
                self.items.append(Fill(self.rect((x, y, w, 0.3)), self.colour(divider)))
            top = y + block.option("padding", 0)
            height = h - block.option("padding", 0)
            for part in parts:
                part_h = height * float(part.get("share", 1)) / total
                name = part["content"]
                rect = self.rect((x, top, w, part_h))
                top += part_h
                if name == "hotlines":
                    self.place_hotline_list(localized, rect, part["style"])
                    continue
                self.place_text(self.content(name, localized), rect, part["style"],
                                f"{name} [{localized.lang}]", localized=localized)

    def place_hotline_list(self, localized: LocalizedCampaign, rect: Rect,
                           style_name: str) -> None:
        """Each hotline on its own line: the label, then the number in bold."""
        style = self.description.styles[style_name]
        ink = self.colour(style.colour)
        number = self.colour(style.value_colour or style.colour)
        spans: list[Span] = []
        for i, hotline in enumerate(localized.hotlines):
            self.fallback = self.fallback or hotline.label.fallback
            spans += [Span(("\n" if i else "") + hotline.label.text + " ", color=ink),
                      Span(hotline.number, bold=True, color=number)]
        text = "\n".join(f"{h.label.text} {h.number}" for h in localized.hotlines)
        self.place_text(text, rect, style_name, f"hotlines [{localized.lang}]",
                        localized=localized, spans=tuple(spans))

    def cell_boxes(self, block: Block, count: int) -> list[tuple[float, float, float, float]]:
        """Grid cells in reading order, in mm at the reference size (not yet mirrored)."""
        columns = int(block.option("columns", 1))
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
        return [(x + column * (cell_w + gap_x), y + row * (cell_h + gap_y), cell_w, cell_h)
                for column, row in position]


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
