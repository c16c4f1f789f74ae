"""Text longer than the source's (a pseudo-locale's +40 %, a Thai translation) takes the
room the layout keeps for it: a statistic's source wraps onto more lines of its cell at
its style's size instead of overflowing a one-line box; the source language's pages keep
the box as designed."""

from __future__ import annotations

import pytest

from posters.i18n.pseudo import base_language, pseudo_lookup
from posters.layout import compose_document, load_layout
from posters.localize import localize
from posters.print.legibility import legibility
from posters.sizes import paper_size
from tests.formats.conftest import catalog_lookup
from tests.pdftools import MM


def _sources(page):
    return [f for f in page.text_frames()
            if f.block.startswith("statistics[") and f.block.endswith(".source")]


def _localized(campaign, lang):
    if lang.startswith("qps-"):
        return localize(campaign, base_language(campaign, lang), pseudo_lookup)
    return localize(campaign, lang, catalog_lookup(lang))


@pytest.mark.parametrize("lang", ["qps-ploc", "qps-plocm", "th"])
@pytest.mark.parametrize("name", ["flyer", "trifold"])
def test_a_longer_statistic_source_wraps_in_its_cell(engine, sample_campaign, name, lang):
    layout = load_layout(name)
    localized = _localized(sample_campaign, lang)
    most_lines = 0
    for size in layout.sizes:
        pages = compose_document(localized, layout, paper_size(size), engine)
        sources = [f for page in pages for f in _sources(page)]
        assert sources, (size, lang)
        scale = layout.scale_for(paper_size(size))
        for page in pages:
            for frame in page.text_frames():
                assert frame.set_text.height <= frame.rect.height + 0.01, frame.block
                assert page.safe_area.contains(frame.rect), (size, frame.block)
            captions = {f.block: f for f in page.text_frames()
                        if f.block.startswith("statistics[") and "." not in f.block}
            for source in _sources(page):
                caption = captions[source.block.removesuffix(".source")]
                assert caption.rect.bottom <= source.rect.y + 0.01  # no overlap
            # the sources of a row line up
            rows: dict[float, set[float]] = {}
            for source in _sources(page):
                rows.setdefault(round(source.rect.bottom, 1), set()).add(
                    round(source.rect.height, 2))
            assert all(len(heights) == 1 for heights in rows.values()), (size, rows)
        plain = sources[0].source
        floor = legibility().minimum(name, plain, size, scale)
        assert min(f.set_text.size for f in sources) >= floor - 1e-6, (size, lang)
        most_lines = max(most_lines, *(len(f.set_text.lines) for f in sources))
    if lang.startswith("qps-"):  # +40 %: a source needed a second line somewhere
        assert most_lines >= 2, lang


@pytest.mark.parametrize("name, designed", [("flyer", 5), ("trifold", 5), ("poster", 9)])
def test_the_source_language_keeps_the_designed_source_box(engine, sample_campaign, name,
                                                           designed):
    layout = load_layout(name)
    for size in layout.sizes[:2]:
        scale = layout.scale_for(paper_size(size))
        pages = compose_document(localize(sample_campaign, "en"), layout, paper_size(size),
                                 engine)
        heights = {round(f.rect.height / MM, 2) for page in pages for f in _sources(page)}
        assert heights == {round(designed * scale, 2)}, (size, heights)
