"""The multilingual formats' grid: rows as tall as their texts need at one common size
(CSS grid's minmax(min-content, 1fr)), the largest size at which every row fits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from posters.layout import compose_document, load_layout
from posters.layout.blocks.languages import share_out
from posters.print.legibility import legibility
from posters.sizes import paper_size
from tests.layouts.test_optional import _languages


def test_share_out_gives_each_track_its_need_and_shares_the_rest():
    assert share_out([1, 1, 1], 30) == [10, 10, 10]
    assert share_out([25, 1, 1], 30) == [25, 2.5, 2.5]  # the tall one takes what it needs
    assert share_out([1, 1], 30, [1, 2]) == [10, 20]
    assert share_out([15, 1], 30, [1, 5]) == [15, 15]


@pytest.mark.parametrize("size", ["iso-a4", "us-letter"])
def test_thirty_languages_share_one_size_and_long_ones_take_taller_rows(
        engine, sample_campaign, size):
    layout = load_layout("multilingual")
    front = compose_document(_languages(sample_campaign, 30), layout, paper_size(size),
                             engine)[0]
    scale = layout.scale_for(paper_size(size))
    actions = [f for f in front.text_frames() if f.block.startswith("call_to_action [")]
    assert len(actions) == 30
    rules = legibility()
    common = min(f.set_text.size for f in actions)
    for frame in actions:
        floor = rules.minimum("multilingual", frame.source, size, scale)
        assert frame.set_text.size >= floor - 1e-6  # the script's own floor, no warning
        # one size, unless the script's floor is larger
        assert frame.set_text.size == pytest.approx(max(common, floor), abs=0.01), frame.block
    assert not [w for w in front.warnings if "call_to_action" in w.subject]
    # rows differ: the one holding the Burmese text is taller than the shortest
    rows: dict[float, float] = {}
    for frame in actions:
        rows[round(frame.rect.y, 1)] = max(rows.get(round(frame.rect.y, 1), 0),
                                           frame.rect.height)
    burmese = next(f for f in actions if "[my]" in f.block)
    assert rows[round(burmese.rect.y, 1)] > 1.2 * min(rows.values())


def test_fewer_languages_are_set_larger(engine, sample_campaign):
    layout = load_layout("multilingual")
    sizes = []
    for count in (4, 9, 17, 30):
        front = compose_document(_languages(sample_campaign, count), layout,
                                 paper_size("iso-a4"), engine)[0]
        sizes.append(min(f.set_text.size for f in front.text_frames()
                         if f.block.startswith("call_to_action [")))
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 2 * sizes[-1], sizes


def test_languages_one_page_cannot_hold_go_on_a_second_page(engine, sample_campaign):
    """45 languages do not fit one A4 side at the 7 pt floor: each side takes two pages,
    the languages shared out in order, each page set as large as its share allows."""
    languages = _languages(sample_campaign, 45)
    pages = compose_document(languages, load_layout("multilingual"), paper_size("iso-a4"),
                             engine)
    assert [p.side for p in pages] == ["front", "front-2", "back", "back-2"]
    for side in ("front", "back"):
        shown = [[f.block for f in p.text_frames() if f.block.startswith("language_name [")]
                 for p in pages if p.side.split("-")[0] == side]
        assert [len(s) for s in shown] == [23, 22]
        assert [b.split("[")[1] for s in shown for b in s] == [
            f"{loc.lang}]" for loc in languages]  # every language once, in order
    for page in pages:
        assert page.text_frames()[0].block == "headline"  # each page has its header
        for frame in page.text_frames():
            assert page.safe_area.contains(frame.rect)
            assert frame.set_text.height <= frame.rect.height + 0.01
        cells = [f for f in page.text_frames() if "[" in f.block]
        assert min(f.set_text.size for f in cells) >= 7 - 1e-6


def test_a_text_no_page_can_hold_is_an_error_at_its_line(engine, sample_campaign):
    from posters.diagnostics import ContentError
    from posters.localized import Segment

    languages = _languages(sample_campaign, 4)
    long = languages[1].call_to_action  # a word wider than any page at the floor
    endless = replace(long, segments=(Segment("Trafficking" * 60),))
    languages[1] = replace(languages[1], call_to_action=endless)
    with pytest.raises(ContentError) as raised:
        compose_document(languages, load_layout("multilingual"), paper_size("iso-a4"),
                         engine)
    errors = [d for d in raised.value.diagnostics if d.level.name == "ERROR"]
    assert errors and all(d.location == long.origin for d in errors), errors
    assert all(f"[{languages[1].lang}, multilingual iso-a4]" in d.subject for d in errors)
    assert "does not fit" in errors[0].message and "mm too wide" in errors[0].message
    assert "shorten the text" in errors[0].message


@pytest.mark.parametrize("size, count, columns", [("iso-a4", 17, 3), ("us-letter", 9, 3),
                                                  ("iso-a4", 30, 3)])
def test_the_language_card_takes_the_columns_that_set_it_largest(
        engine, sample_campaign, size, count, columns):
    """The card's layout says 2 columns from 9 languages; with `min_column` a page takes
    one more where that sets the names clearly larger and the columns stay 50 mm wide
    (a Letter page is wider for its height than A4: 9 languages take 3 there)."""
    page = compose_document(_languages(sample_campaign, count), load_layout("language-card"),
                            paper_size(size), engine)[0]
    names = [f for f in page.text_frames() if f.block.startswith("language_name [")]
    assert len({round(f.rect.x, 1) for f in names}) == columns
    scale = load_layout("language-card").scale_for(paper_size(size))
    assert min(f.rect.width for f in names) >= 50 * scale * 2.8346 - 0.01
    assert all(len(f.set_text.lines) == 1 for f in names)  # a name is never wrapped



def _us_notice_languages():
    from pathlib import Path

    from posters.i18n.lookups import catalog_lookups
    from posters.localize import localize
    from posters.schema.campaign import load_campaign

    folder = Path(__file__).parents[2] / "content" / "us-notice"
    campaign = load_campaign(folder)[0]
    return [localize(campaign, tag, catalog_lookups(campaign, tag, False)[0])
            for tag in campaign.meta.languages]


@pytest.mark.parametrize("campaign", ["us-notice", "sample"])
def test_every_cell_s_text_starts_right_under_its_row_s_names(
        engine, sample_campaign, campaign):
    """A language's name stays on one line: the text below it starts under the row's
    tallest name, not lower down a cell whose spare height went partly to the name (the
    US notice's four languages on Letter have spare height)."""
    if campaign == "us-notice":
        languages, size = _us_notice_languages(), "us-letter"
    else:
        languages, size = _languages(sample_campaign, 17), "iso-a4"
    for page in compose_document(languages, load_layout("multilingual"), paper_size(size),
                                 engine):
        names = {f.block.split("[")[1]: f for f in page.text_frames()
                 if f.block.startswith("language_name [")}
        texts = {f.block.split("[")[1]: f for f in page.text_frames()
                 if f.block.startswith(("call_to_action [", "hotlines ["))}
        assert len(names) == len(texts) == len(languages)
        for lang, text in texts.items():
            row = [n for n in names.values() if abs(n.rect.y - names[lang].rect.y) < 0.01]
            tallest = max(n.set_text.height for n in row)
            assert text.rect.y - names[lang].rect.y == pytest.approx(tallest, abs=0.1), (
                page.side, lang)
