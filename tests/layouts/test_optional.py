"""Optional means optional: a part the campaign lacks is left out with its heading, the
layout closes the space, and grids take any number of items; the multilingual formats
lay out 1 to 30 languages filling the page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from posters.layout import compose_document, load_layout
from posters.layout.geometry import Fill, Icon, QrCode, Sector, Stroke, TextFrame
from posters.localize import localize
from posters.sizes import paper_size
from tests.formats.conftest import catalog_lookup
from tests.pdftools import MM


def _without(campaign, part: str):
    content = campaign.content
    if part == "data":
        return replace(campaign, data=None)
    if part == "one hotline":  # the call to action names the first only
        action = replace(content.call_to_action, text=replace(
            content.call_to_action.text, source="Please call the police ({police})."))
        return replace(campaign, content=replace(content, hotlines=content.hotlines[:1],
                                                 call_to_action=action))
    if part == "six hotlines":
        more = tuple(replace(content.hotlines[i % 3], id=f"line{i}") for i in range(3, 6))
        return replace(campaign, content=replace(content, hotlines=content.hotlines + more))
    if part == "three signs":
        signs = replace(content.warning_signs, items=content.warning_signs.items[:3])
        return replace(campaign, content=replace(content, warning_signs=signs))
    if part == "twelve signs":
        items = tuple(content.warning_signs.items[i % 8] for i in range(12))
        signs = replace(content.warning_signs, items=items)
        return replace(campaign, content=replace(content, warning_signs=signs))
    if part == "disclaimer":
        return replace(campaign, content=replace(content, footer=replace(content.footer,
                                                                         disclaimer=None)))
    return replace(campaign, content=replace(content, **{part: None}))


# what a page must not show once the part is gone: block names, and item kinds
GONE = {
    "statistics": ({"statistics", "statistics_heading"}, ()),
    "warning_signs": ({"warning_signs", "warning_heading", "warning_intro"}, (Icon,)),
    "web": ({"web"}, (QrCode,)),
    "local_contacts": ({"local_contacts"}, (Stroke,)),
    "data": ({"data", "chart"}, (Sector,)),
    "tagline": ({"tagline"}, ()),
    "disclaimer": ({"disclaimer"}, ()),
}
PARTS = [*GONE, "one hotline", "six hotlines", "three signs", "twelve signs"]
FORMATS = ("poster", "flyer", "trifold", "card")
SIZES = {"poster": ("jis-b2", "us-letter"), "flyer": ("iso-a4", "us-letter"),
         "trifold": ("iso-a4", "us-letter"), "card": ("card-jp", "card-us")}


def _extent(item) -> tuple[float, float] | None:
    """The vertical extent of what an item shows (text: its lines, not its box)."""
    if isinstance(item, TextFrame):
        top = item.rect.y + item.offset_y
        return top, top + item.set_text.height
    if isinstance(item, Sector):
        return item.cy - item.outer, item.cy + item.outer
    if isinstance(item, Fill | Stroke | QrCode | Icon):
        return item.rect.y, item.rect.bottom
    return None


def largest_hole(page, panel=None) -> float:
    """The tallest empty horizontal stripe of the page (or panel), in mm, between the
    trim's top and bottom and everything drawn."""
    area = panel.rect if panel else page.trim
    spans = sorted(e for item in page.items
                   if (e := _extent(item)) and (panel is None or _inside(item, area)))
    hole, reached = 0.0, 0.0
    for top, bottom in spans:
        hole = max(hole, top - reached)
        reached = max(reached, bottom)
    return max(hole, page.trim.height - reached) / MM


def _inside(item, area) -> bool:
    rect = item.rect if hasattr(item, "rect") else None
    if rect is None:  # a sector
        return area.x <= item.cx <= area.right
    return area.x - 0.5 <= rect.x + rect.width / 2 <= area.right + 0.5


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("name", FORMATS)
def test_a_part_left_out_closes_up(engine, sample_campaign, name, part):
    campaign = _without(sample_campaign, part)
    for size in SIZES[name]:
        full = compose_document(localize(sample_campaign, "en"), load_layout(name),
                                paper_size(size), engine)
        pages = compose_document(localize(campaign, "en"), load_layout(name),
                                 paper_size(size), engine)
        names, kinds = GONE.get(part, (set(), ()))
        for page, before in zip(pages, full, strict=True):
            shown = {f.block.split("[")[0].split(".")[0].split(" ")[0]
                     for f in page.text_frames()}
            assert not shown & names, (size, page.side, shown & names)
            assert not [i for i in page.items if isinstance(i, kinds)], (size, page.side)
            for frame in page.text_frames():
                assert page.safe_area.contains(frame.rect), (size, page.side, frame.block)
                assert frame.set_text.height <= frame.rect.height + 0.01
            # the space closes: no hole much taller than the full campaign's page has
            panels = page.panels or [None]
            for panel, panel_before in zip(panels, before.panels or [None], strict=True):
                limit = max(largest_hole(before, panel_before) * 1.5,
                            0.18 * page.trim.height / MM, 15)
                assert largest_hole(page, panel) <= limit, (size, page.side, panel)


def test_grids_take_any_number_of_items(engine, sample_campaign):
    for part, count in (("one hotline", 1), ("six hotlines", 6)):
        page = compose_document(localize(_without(sample_campaign, part), "en"),
                                load_layout("poster"), paper_size("jis-b2"), engine)[0]
        numbers = [f for f in page.text_frames() if f.block.endswith(".number")]
        assert len(numbers) == count
        if count == 6:  # two rows of three
            assert len({round(f.rect.y) for f in numbers}) == 2
        else:  # one hotline takes the whole width
            assert numbers[0].rect.width > 0.8 * (page.size.width_pt - 60 * MM)
    page = compose_document(localize(_without(sample_campaign, "twelve signs"), "en"),
                            load_layout("poster"), paper_size("jis-b2"), engine)[0]
    assert len([i for i in page.items if isinstance(i, Icon)]) == 12


def _languages(sample_campaign, count: int):
    """``count`` languages' texts: the sample's 17 in turn (the layout does not care
    that some repeat; the scripts are real)."""
    tags = [sample_campaign.meta.languages[i % 17] for i in range(count)]
    return [localize(sample_campaign, tag, catalog_lookup(tag)) for tag in tags]


def _at_full_size(layout, page, frame, size: str) -> bool:
    """A cell's wrapping text set at its part's style's full size on this page."""
    content = frame.block.split(" [")[0]
    parts = [part for spec in layout.pages if spec.name == page.side.split("-")[0]
             for block in spec.blocks if block.type == "languages"
             for part in block.options.parts if part.content == content]
    scale = layout.scale_for(paper_size(size))
    return any(not part.one_line and frame.set_text.size
               == pytest.approx(layout.styles[part.style].size * scale, abs=0.01)
               for part in parts)


@pytest.mark.parametrize("count", [1, 2, 4, 9, 17, 30])
@pytest.mark.parametrize("name", ["multilingual", "language-card"])
def test_multilingual_formats_fill_the_page_for_any_number_of_languages(
        engine, sample_campaign, name, count):
    layout = load_layout(name)
    for size in ("iso-a4", "us-letter"):
        pages = compose_document(_languages(sample_campaign, count), layout,
                                 paper_size(size), engine)
        for page in pages:
            cells = [f for f in page.text_frames() if "[" in f.block]
            names = [f for f in cells if f.block.startswith("language_name [")]
            assert len(names) == count, (size, page.side)
            for frame in page.text_frames():
                assert page.safe_area.contains(frame.rect), (size, page.side, frame.block)
                assert frame.set_text.height <= frame.rect.height + 0.01
            # legible: nothing below 6 pt on an A4-sized sheet
            assert min(f.set_text.size for f in cells) >= 5.9, (size, page.side)
            top = min(f.rect.y + f.offset_y for f in cells)
            bottom = max(f.rect.y + f.offset_y + f.set_text.height for f in cells)
            filled = (bottom - top) / page.size.height_pt
            # the cells fill the page, or their texts could be no larger: each wrapping
            # part at its style's full size (one language on A4 leaves room below)
            full = [f for f in cells if _at_full_size(layout, page, f, size)]
            assert filled >= 0.65 or len(full) == count, (size, page.side, filled, count)
