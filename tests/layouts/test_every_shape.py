"""Every stock format at one size of each size family, for the sample campaign and for a
US notice unlike it: the trim is the paper size to 0.01 mm, no text overflows its box,
nothing printed comes into the safe zone, and right-to-left pages are mirror images."""

from __future__ import annotations

import pytest

from posters.layout import compose_document, load_layout
from posters.layout.description import stock_layouts
from posters.layout.geometry import Icon, QrCode, TextFrame
from posters.localize import localize
from posters.sizes import paper_size
from tests.formats.conftest import catalog_lookup
from tests.pdftools import MM

# the first size of each family a format takes is the one tested
FAMILIES = {
    "iso-a": ("iso-a4", "iso-a3", "iso-a5", "iso-a2"),
    "iso-b": ("iso-b2", "iso-b4", "iso-b3"),
    "jis-b": ("jis-b2", "jis-b4", "jis-b3", "jis-b1"),
    "us": ("us-letter", "us-legal", "tabloid", "ledger", "18x24in", "24x36in"),
    "card": ("card-jp", "card-eu", "card-us"),
    "custom-mm": ("400x560mm", "90x50mm"),
    "custom-in": ("9x12in", "3.4x2.1in"),
}
FORMATS = sorted(stock_layouts())


def sizes_for(name: str) -> list[str]:
    layout = load_layout(name)
    # every business-card size for the card, not one of the family
    chosen = list(FAMILIES["card"]) if name == "card" else []
    for family, sizes in FAMILIES.items():
        if name == "card" and family == "card":
            continue
        taken = [size for size in sizes if layout.check_size(paper_size(size)) is None]
        chosen += taken[:1]
    return chosen


def test_each_format_takes_every_common_family():
    for name in FORMATS:
        sizes = sizes_for(name)
        families = {paper_size(size).family for size in sizes}
        wanted = {"card", "custom"} if name == "card" else {"iso-a", "iso-b", "jis-b", "us",
                                                             "custom"}
        assert wanted <= families, (name, sizes)
    assert load_layout("poster").check_size(paper_size("us-letter")) is None
    assert load_layout("trifold").check_size(paper_size("us-letter")) is None
    assert load_layout("card").check_size(paper_size("card-us")) is None


CASES = [(name, size) for name in FORMATS for size in sizes_for(name)]


@pytest.fixture(scope="module")
def sample_localized(sample_campaign):
    return {lang: localize(sample_campaign, lang, catalog_lookup(lang))
            for lang in sample_campaign.meta.languages}


def _compose(name, size, localized):
    return compose_document(localized, load_layout(name), paper_size(size), _engine())


_ENGINE = []


def _engine():
    if not _ENGINE:
        from posters.text import TextEngine

        _ENGINE.append(TextEngine.default())
    return _ENGINE[0]


def check_pages(pages, size_name: str) -> None:
    size = paper_size(size_name)
    expected = sorted((size.width_mm, size.height_mm))
    for page in pages:
        got = sorted((page.size.width_pt / MM, page.size.height_pt / MM))
        assert got == pytest.approx(expected, abs=0.01), (page.side, got)
        safe = page.safe_area
        for item in page.items:
            if isinstance(item, TextFrame) and item.block != "draft-mark":
                assert item.set_text.height <= item.rect.height + 0.01, item.block
                assert item.set_text.width <= item.rect.width + 0.01, item.block
                assert safe.contains(item.rect), (page.side, item.block)
            elif isinstance(item, QrCode | Icon):
                assert safe.contains(item.rect), (page.side, type(item).__name__)


def check_mirrored(ltr_pages, rtl_pages) -> None:
    """Every text of the right-to-left page sits where the left-to-right one's mirror
    image would: same y and size, x from the other edge."""
    for ltr, rtl in zip(ltr_pages, rtl_pages, strict=True):
        assert rtl.rtl and not ltr.rtl
        width = ltr.size.width_pt
        left = {f.block: f.rect for f in ltr.text_frames()}
        right = {f.block: f.rect for f in rtl.text_frames()}
        assert left.keys() == right.keys()
        for block, a in left.items():
            b = right[block]
            assert (b.x, b.y, b.width, b.height) == pytest.approx(
                (width - a.right, a.y, a.width, a.height), abs=0.01), block
        assert [p.name for p in rtl.panels] == [p.name for p in reversed(ltr.panels)]


@pytest.mark.parametrize(("name", "size"), CASES)
def test_sample_campaign(name, size, sample_campaign, sample_localized):
    layout = load_layout(name)
    if layout.multilingual:
        languages = [sample_localized[lang] for lang in sample_campaign.meta.languages]
        check_pages(_compose(name, size, languages), size)
        return
    for lang in ("en", "ja", "th", "ar"):
        check_pages(_compose(name, size, sample_localized[lang]), size)
    check_mirrored(_compose(name, size, sample_localized["en"]),
                   _compose(name, size, sample_localized["ar"]))


@pytest.mark.parametrize(("name", "size"), CASES)
def test_notice_campaign(name, size, notice_campaign):
    """No statistics, no data, no local contacts, four signs of its own, two hotlines."""
    if load_layout(name).multilingual:
        languages = [localize(notice_campaign, lang) for lang in notice_campaign.meta.languages]
        check_pages(_compose(name, size, languages), size)
        return
    english = _compose(name, size, localize(notice_campaign, "en"))
    check_pages(english, size)
    blocks = {f.block.split("[")[0].split(".")[0] for p in english for f in p.text_frames()}
    assert not blocks & {"statistics", "statistics_heading", "data", "local_contacts"}
