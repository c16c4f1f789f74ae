"""Geometry of each format, without rendering: page and panel sizes, folds, mirroring."""

from __future__ import annotations

import re

import pytest

from posters.layout import compose_document, load_layout
from posters.layout.geometry import Fill, Sector, TextFrame
from posters.localize import localize
from posters.sizes import paper_size
from tests.pdftools import MM

OUTSIDE = ["flap", "back", "cover"]
INSIDE = ["inside-left", "inside-middle", "inside-right"]
# each panel of the outside and the panel on its other side
BACKS = {"flap": "inside-right", "back": "inside-middle", "cover": "inside-left"}


def mm_of(value: float) -> float:
    return round(value / MM, 2)


@pytest.fixture(scope="module")
def trifold_en(engine, localized_en):
    return compose_document(localized_en, load_layout("trifold"), paper_size("iso-a4"), engine)


@pytest.fixture(scope="module")
def trifold_ar(engine, localized_ar):
    return compose_document(localized_ar, load_layout("trifold"), paper_size("iso-a4"), engine)


def test_trifold_is_an_a4_landscape_sheet_printed_on_two_sides(trifold_en):
    assert [page.side for page in trifold_en] == ["outside", "inside"]
    for page in trifold_en:
        assert (mm_of(page.size.width_pt), mm_of(page.size.height_pt)) == (297, 210)


def test_trifold_roll_fold_panel_widths_and_order(trifold_en):
    outside, inside = trifold_en
    assert [p.name for p in outside.panels] == OUTSIDE
    assert [mm_of(p.rect.width) for p in outside.panels] == [97, 100, 100]
    assert [p.name for p in inside.panels] == INSIDE
    assert [mm_of(p.rect.width) for p in inside.panels] == [100, 100, 97]
    assert [mm_of(x) for x in outside.folds] == [97, 197]
    assert [mm_of(x) for x in inside.folds] == [100, 200]


@pytest.mark.parametrize("fixture", ["trifold_en", "trifold_ar"])
def test_trifold_panels_back_onto_the_right_panels(fixture, request):
    """Printed on both sides, the flap backs onto the inside-right panel, and so on: a
    panel at [x, x + w] on one side is at [W - x - w, W - x] on the other."""
    outside, inside = request.getfixturevalue(fixture)
    width = outside.size.width_pt
    for front, back in BACKS.items():
        a, b = outside.panel(front).rect, inside.panel(back).rect
        assert a.x == pytest.approx(width - b.right, abs=0.01), front
        assert a.width == pytest.approx(b.width, abs=0.01), front


def test_trifold_mirrors_for_right_to_left(trifold_ar):
    outside, inside = trifold_ar
    assert [p.name for p in outside.panels] == list(reversed(OUTSIDE))
    assert [mm_of(x) for x in outside.folds] == [100, 200]
    assert [p.name for p in inside.panels] == list(reversed(INSIDE))
    assert [mm_of(x) for x in inside.folds] == [97, 197]


@pytest.mark.parametrize("fixture", ["trifold_en", "trifold_ar"])
def test_trifold_text_keeps_clear_of_the_folds(fixture, request):
    for page in request.getfixturevalue(fixture):
        for frame in page.text_frames():
            panel = [p for p in page.panels if p.rect.contains(frame.rect)]
            assert len(panel) == 1, (page.side, frame.block)
            rect, clear = panel[0].rect, 5.5 * MM
            assert frame.rect.x - rect.x >= clear or rect.x == 0, frame.block
            assert rect.right - frame.rect.right >= clear or \
                rect.right == pytest.approx(page.size.width_pt), frame.block


def test_trifold_cover_has_the_headline_and_the_inside_the_charts(trifold_en):
    outside, inside = trifold_en
    cover = outside.panel("cover").rect
    headline = next(f for f in outside.text_frames() if f.block == "headline")
    assert cover.contains(headline.rect)
    right = inside.panel("inside-right").rect
    sectors = [item for item in inside.items if isinstance(item, Sector)]
    assert sectors and all(right.contains(_sector_box(s)) for s in sectors)


def _sector_box(sector: Sector):
    from posters.layout.geometry import Rect

    return Rect(sector.cx - sector.outer, sector.cy - sector.outer, 2 * sector.outer,
                2 * sector.outer)


def test_card_is_91_by_55_mm_on_two_sides(engine, localized_en):
    pages = compose_document(localized_en, load_layout("card"), paper_size("card-jp"), engine)
    assert [page.side for page in pages] == ["front", "back"]
    for page in pages:
        assert (mm_of(page.size.width_pt), mm_of(page.size.height_pt)) == (91, 55)
        for frame in page.text_frames():
            assert page.safe_area.contains(frame.rect), frame.block
    blocks = {f.block for page in pages for f in page.text_frames()}
    assert {"call_to_action", "web.url", "hotlines[0].number", "hotlines[2].number"} <= blocks


@pytest.mark.parametrize(("size", "width", "height"), [("iso-a4", 210, 297),
                                                       ("iso-a5", 148, 210)])
def test_flyer_sizes_and_safe_zone(engine, localized_en, size, width, height):
    pages = compose_document(localized_en, load_layout("flyer"), paper_size(size), engine)
    assert len(pages) == 2
    for page in pages:
        assert (mm_of(page.size.width_pt), mm_of(page.size.height_pt)) == (width, height)
        for frame in page.text_frames():
            assert page.safe_area.contains(frame.rect), frame.block
            assert frame.set_text.height <= frame.rect.height + 0.01, frame.block


def test_flyer_text_is_readable_at_a5(engine, localized_en):
    back_and_front = compose_document(localized_en, load_layout("flyer"), paper_size("iso-a5"),
                                      engine)
    signs = [f for f in back_and_front[0].text_frames() if f.block.startswith("warning_signs")]
    assert signs and min(f.set_text.size for f in signs) >= 7


@pytest.mark.parametrize("size", ["iso-a2", "jis-b3", "iso-a3", "jis-b2"])
def test_poster_sizes(size):
    assert load_layout("poster").check_size(paper_size(size)) is None


def _donut(page, dataset_id):
    return [item for item in page.items
            if isinstance(item, Sector) and item.block == f"chart {dataset_id}"]


def test_donut_sectors_are_proportional_to_the_data(engine, localized_en, sample_campaign):
    back = compose_document(localized_en, load_layout("flyer"), paper_size("iso-a4"), engine)[1]
    for dataset in sample_campaign.data.datasets[:4]:
        sectors = _donut(back, dataset.id)
        assert [s.value for s in sectors] == [v.value for v in dataset.values]
        assert sum(s.sweep for s in sectors) == pytest.approx(360)
        for sector, value in zip(sectors, dataset.values, strict=True):
            assert sector.sweep == pytest.approx(360 * value.value / dataset.total)
        starts = [s.start for s in sectors]
        assert starts[0] == 0 and starts == sorted(starts)


def test_charts_mirror_for_right_to_left(engine, localized_en, localized_ar):
    description, size = load_layout("flyer"), paper_size("iso-a4")
    en = compose_document(localized_en, description, size, engine)[1]
    ar = compose_document(localized_ar, description, size, engine)[1]
    width = en.size.width_pt
    for a, b in zip(_donut(en, "victims-by-sex"), _donut(ar, "victims-by-sex"), strict=True):
        assert b.cx == pytest.approx(width - a.cx) and b.cy == pytest.approx(a.cy)
        assert b.sweep == pytest.approx(-a.sweep)  # turns the other way
    bars_en = [i for i in en.items if isinstance(i, Fill) and " bar[" in i.block]
    bars_ar = [i for i in ar.items if isinstance(i, Fill) and " bar[" in i.block]
    assert len(bars_en) == len(bars_ar) == 2
    for a, b in zip(bars_en, bars_ar, strict=True):
        assert b.rect.right == pytest.approx(width - a.rect.x)


def test_bar_lengths_follow_the_data(engine, localized_en):
    back = compose_document(localized_en, load_layout("flyer"), paper_size("iso-a4"), engine)[1]
    labels = [f for f in back.text_frames() if f.block.startswith("chart arrests values")
              and f.block.endswith(".value")]
    assert [f.source for f in labels] == ["37", "83"]
    bars = [i for i in back.items
            if isinstance(i, Fill) and i.block.startswith("chart arrests bar")]
    assert len(bars) == 2
    assert bars[0].rect.width / bars[1].rect.width == pytest.approx(37 / 83)


def test_multilingual_pages_hold_every_language(engine, sample_campaign):
    languages = [localize(sample_campaign, lang) for lang in sample_campaign.meta.languages]
    pages = compose_document(languages, load_layout("multilingual"), paper_size("iso-a4"),
                             engine)
    assert [page.side for page in pages] == ["front", "back"]
    front_langs = {f.set_text.lang for f in pages[0].text_frames()
                   if f.block.startswith("call_to_action [")}
    assert front_langs == set(sample_campaign.meta.languages)
    back_langs = {f.set_text.lang for f in pages[1].text_frames()
                  if f.block.startswith("hotlines [")}
    assert back_langs == set(sample_campaign.meta.languages)
    # the page is not mirrored; the Arabic cell is set right to left inside its cell
    arabic = next(f for f in pages[0].text_frames() if f.block == "call_to_action [ar]")
    assert arabic.set_text.rtl and not pages[0].rtl


def test_language_card_names_each_language_in_itself(engine, sample_campaign):
    languages = [localize(sample_campaign, lang) for lang in sample_campaign.meta.languages]
    page, = compose_document(languages, load_layout("language-card"), paper_size("iso-a4"),
                             engine)
    names = {f.set_text.lang: f.source for f in page.text_frames()
             if f.block.startswith("language_name [")}
    assert names["ja"] == "日本語" and names["th"] == "ไทย" and names["ar"] == "العربية"
    assert names["my"] == "မြန်မာ" and names["ko"] == "한국어" and names["ru"] == "Русский"
    assert set(names) == set(sample_campaign.meta.languages)
    assert all(isinstance(i, Fill | TextFrame) for i in page.items)


@pytest.mark.parametrize(("block", "message"), [
    ("{type: text, content: headlin, box: [10, 10, 50, 10], style: s}", "unknown content"),
    ("{type: chart, kind: pie, dataset: x, box: [10, 10, 50, 10]}", "kind is donut or bar"),
    ("{type: chart, box: [10, 10, 50, 10]}", "a chart needs 'dataset'"),
    ("{type: languages, box: [10, 10, 50, 10], parts: [{content: headline, style: s}]}",
     "needs a multilingual format"),
    ("{type: text, lang: ja, content: headline, box: [10, 10, 50, 10], style: s}",
     "'lang' is for multilingual formats"),
])
def test_layout_mistakes_are_reported_with_the_line(tmp_path, block, message):
    from posters.diagnostics import ContentError

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: bad\nreference: {width: 100, height: 100}\nsizes: [iso-a4]\n"
                   f"styles: {{s: {{size: 10, min_size: 8}}}}\nblocks:\n  - {block}\n")
    with pytest.raises(ContentError) as error:
        load_layout(bad)
    # the block's line; an option's mistake is cited at the option's column
    assert re.search(r"bad\.yaml:6:\d+: error:", str(error.value))
    assert message in str(error.value)


def test_a_chart_of_a_missing_dataset_cites_the_layout(tmp_path, engine, localized_en):
    from posters.diagnostics import ContentError

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: bad\nreference: {width: 210, height: 297}\nsizes: [iso-a4]\n"
                   "styles: {s: {size: 10, min_size: 8}}\nblocks:\n"
                   "  - {type: chart, dataset: nothing, box: [10, 10, 80, 40], "
                   "label_style: s}\n")
    with pytest.raises(ContentError) as error:
        compose_document(localized_en, load_layout(bad), paper_size("iso-a4"), engine)
    assert "bad.yaml:6:5: error:" in str(error.value) and "'nothing'" in str(error.value)
