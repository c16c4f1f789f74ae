"""Every format in every language of the sample campaign composes without overflow or
missing glyphs. With the campaign's catalogs this is the real check; a language without
a catalog is composed from the source text (still mirrored for right-to-left)."""

from __future__ import annotations

import pytest

from posters.layout import compose_document, load_layout
from posters.localize import localize
from posters.sizes import paper_size
from tests.conftest import SAMPLE
from tests.formats.conftest import catalog_lookup

SIZES = {"poster": ("jis-b2", "iso-a3", "iso-a2", "jis-b3"), "flyer": ("iso-a4", "iso-a5"),
         "trifold": ("iso-a4",), "card": ("card-jp",)}
MULTILINGUAL = {"multilingual": ("iso-a4",), "language-card": ("iso-a4", "iso-a5")}


def _languages():
    from posters.schema.campaign import load_campaign

    return load_campaign(SAMPLE)[0].meta.languages


@pytest.fixture(scope="module")
def localized_all(sample_campaign):
    return {lang: localize(sample_campaign, lang, catalog_lookup(lang))
            for lang in sample_campaign.meta.languages}


@pytest.mark.parametrize("lang", _languages())
def test_every_format_composes(engine, localized_all, lang):
    localized = localized_all[lang]
    for name, sizes in SIZES.items():
        description = load_layout(name)
        for size in sizes:
            pages = compose_document(localized, description, paper_size(size), engine)
            for page in pages:
                assert page.rtl == localized.rtl
                for frame in page.text_frames():
                    assert page.safe_area.contains(frame.rect), (name, size, frame.block)
                    assert frame.set_text.height <= frame.rect.height + 0.01


@pytest.mark.parametrize("name", MULTILINGUAL)
def test_multilingual_formats_compose(engine, localized_all, sample_campaign, name):
    languages = [localized_all[lang] for lang in sample_campaign.meta.languages]
    for size in MULTILINGUAL[name]:
        pages = compose_document(languages, load_layout(name), paper_size(size), engine)
        for page in pages:
            for frame in page.text_frames():
                assert page.safe_area.contains(frame.rect), (name, size, frame.block)
