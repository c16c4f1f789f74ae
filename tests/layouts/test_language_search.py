"""The languages block's size search measures its texts without setting their glyphs
(TextEngine.fit_measure): it must decide exactly what it decides when every text is set
as it would be placed (MEASURED_WITHOUT_GLYPHS = False), on campaigns unlike each other:
the chosen grid, the size factor, each language's measured heights and every frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from posters.diagnostics import Location
from posters.layout import compose_document, load_layout
from posters.layout.blocks import languages as languages_block
from posters.localize import Translation, localize
from posters.schema.campaign import load_campaign
from posters.sizes import paper_size
from posters.text import TextEngine
from posters.text.config import load_config
from tests.formats.conftest import catalog_lookup

US_NOTICE = Path(__file__).parents[2] / "content" / "us-notice"
PLACE_ROWS = languages_block.Languages._place_rows
MEASURES = {name: getattr(languages_block, name)
            for name in ("_measure_part", "_measure_by_placing")}


def _decisions(languages_of, layout, size, monkeypatch, tmp_path, measured_without_glyphs):
    """The pages composed with a fresh engine, fresh localized campaigns and an empty
    check cache (nothing remembered from the other mode), and each languages block's
    decision: (columns, rows, cell width, factor, heights by language)."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / f"cache-{measured_without_glyphs}"))
    monkeypatch.setattr(languages_block, "MEASURED_WITHOUT_GLYPHS", measured_without_glyphs)
    decided = []
    def recording(self, page, block, grid, measured, room):  # type: ignore[no-untyped-def]
        decided.append((page.page.name, page.continuation, grid.columns, grid.rows,
                        grid.cell_width, measured.factor, measured.heights))
        return PLACE_ROWS(self, page, block, grid, measured, room)

    monkeypatch.setattr(languages_block.Languages, "_place_rows", recording)
    measuring = []
    for name, real in MEASURES.items():
        def counting(*args, _real=real, _name=name):  # type: ignore[no-untyped-def]
            measuring.append(_name)
            return _real(*args)
        monkeypatch.setattr(languages_block, name, counting)
    pages = compose_document(languages_of(), layout, size, TextEngine(load_config()))
    assert measuring and set(measuring) == {
        "_measure_part" if measured_without_glyphs else "_measure_by_placing"}
    return pages, decided


def _long(campaign, lang: str, times: int):
    """``lang``'s texts, each said ``times`` over: a language far longer than the rest."""
    lookup = catalog_lookup(lang)

    def longer(text):  # type: ignore[no-untyped-def]
        found = lookup(text)
        if found is None:
            return None
        return Translation(" ".join([found.text] * times), Location("long.po"))

    return localize(campaign, lang, longer)


def _sample(campaign, tags):
    return lambda: [localize(campaign, tag, catalog_lookup(tag)) for tag in tags]


CASES = {
    # the sample's 17 languages, its own sizes
    "sample": ("sample", None, ("iso-a4",)),
    # a very long language among short ones: its row takes the room
    "long language": ("sample", ("en", "es", "ar", "long-my", "th", "ja"), ("iso-a4",)),
    # narrow pages: the cells are narrow, words are too wide for them at the larger sizes
    "narrow page": ("sample", None, ("150x250mm", "us-letter")),
    # more than a page holds: the languages are shared out among pages
    "two pages": ("sample", "45", ("iso-a4",)),
    # the second sample campaign: four languages at US sizes
    "us-notice": ("us-notice", None, ("us-letter",)),
}


@pytest.mark.parametrize("name", ["multilingual", "language-card"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_search_decides_the_same_measuring_without_glyphs(
        sample_campaign, monkeypatch, tmp_path, case, name):
    which, tags, sizes = CASES[case]
    if which == "us-notice":
        campaign = load_campaign(US_NOTICE)[0]
        root = US_NOTICE
    else:
        campaign, root = sample_campaign, None
    if tags is None:
        tags = campaign.meta.languages
    if tags == "45":
        tags = [sample_campaign.meta.languages[i % 17] for i in range(45)]
    if which == "us-notice":
        from posters.i18n.lookups import catalog_lookups

        def languages_of():  # type: ignore[no-untyped-def]
            return [localize(campaign, tag, catalog_lookups(campaign, tag, False)[0])
                    for tag in tags]
    else:
        def languages_of():  # type: ignore[no-untyped-def]
            return [_long(campaign, tag[5:], 4) if tag.startswith("long-") else
                    localize(campaign, tag, catalog_lookup(tag)) for tag in tags]
    layout = load_layout(name, root)
    for size in sizes:
        placed, by_placing = _decisions(languages_of, layout, paper_size(size), monkeypatch,
                                        tmp_path / size, False)
        fast, measured = _decisions(languages_of, layout, paper_size(size), monkeypatch,
                                    tmp_path / size, True)
        assert by_placing, "no languages block placed"
        assert measured == by_placing, (case, name, size)
        assert fast == placed, (case, name, size)  # every frame, fill and warning
