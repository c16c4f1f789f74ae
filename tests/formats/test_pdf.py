"""Every format built and read back from the PDF: text through PDFium, pages, fold marks."""

from __future__ import annotations

import pytest

from posters.build import BuildRequest, build
from posters.languages import autonym
from tests.conftest import SAMPLE
from tests.formats.conftest import SCRIPTS, catalog_lookup
from tests.pdftools import boxes_mm, extract_text, render_png, squash

FORMATS = ("flyer", "trifold", "card", "multilingual", "language-card")


@pytest.fixture(scope="module")
def built(tmp_path_factory, engine):
    out = tmp_path_factory.mktemp("formats")
    result = build(BuildRequest(SAMPLE, out_dir=out, languages=("en", "all"),
                                formats=FORMATS, regions=("generic",)), engine)
    assert not result.failed, [str(d) for d in result.diagnostics]
    return {f"{p.parent.name}/{p.stem}": p for p in result.paths("built")}


def test_outputs(built):
    assert sorted(built) == ["all/language-card-iso-a4", "all/multilingual-iso-a4",
                             "en/card-jp", "en/flyer-iso-a4", "en/trifold-iso-a4"]


def pages_of(path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


@pytest.mark.parametrize(("name", "pages", "trim"), [
    ("en/flyer-iso-a4", 2, (210, 297)), ("en/trifold-iso-a4", 2, (297, 210)),
    ("en/card-jp", 2, (91, 55)), ("all/multilingual-iso-a4", 2, (210, 297)),
    ("all/language-card-iso-a4", 1, (210, 297)),
])
def test_pages_and_trim(built, name, pages, trim):
    assert pages_of(built[name]) == pages
    for page in range(pages):
        x0, y0, x1, y1 = boxes_mm(built[name], page)["trimbox"]
        assert (round(x1 - x0, 1), round(y1 - y0, 1)) == trim


def poppler_text(path) -> str:
    """pdftotext's reading, without the bidi embedding marks it adds around RTL lines.
    PDFium gives right-to-left text in visual order, some glyphs as private-use
    characters (a text-engine issue, reported); poppler reads it back in logical order."""
    import subprocess

    from tests.pdftools import require_pdftotext

    require_pdftotext()
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e")


def assert_names(path, languages) -> None:
    text, logical = extract_text(path), poppler_text(path)
    for lang in languages:
        if lang in ("ar", "fa"):
            assert autonym(lang) in logical, lang
        else:
            assert autonym(lang) in text, lang


def test_language_card_lists_each_language_in_its_own_name(built, sample_campaign):
    assert_names(built["all/language-card-iso-a4"], sample_campaign.meta.languages)
    assert {"ja", "th", "ar", "my"} <= set(sample_campaign.meta.languages)


def test_multilingual_has_every_language_and_number(built, sample_campaign):
    assert_names(built["all/multilingual-iso-a4"], sample_campaign.meta.languages)
    text = extract_text(built["all/multilingual-iso-a4"])
    for hotline in sample_campaign.content.hotlines:
        assert text.count(hotline.number) >= len(sample_campaign.meta.languages)
    assert sample_campaign.content.web.url in text


def test_flyer_prints_the_charts_labels_and_numbers(built, sample_campaign):
    text = squash(extract_text(built["en/flyer-iso-a4"]))
    for dataset in sample_campaign.data.datasets:
        assert dataset.title.source in text
        for value in dataset.values:
            assert f"{value.label.source} {value.value}" in text
        if dataset.id != "arrests":
            assert str(dataset.total) in text


def _dark_rows(image, x: int, y0: int, y1: int) -> int:
    return sum(1 for y in range(y0, y1) if sum(image.getpixel((x, y))[:3]) < 600)


def test_trifold_fold_marks_are_outside_the_trim(built):
    """Fold marks in registration colour above and below each fold, in the slug."""
    path = built["en/trifold-iso-a4"]
    dpi = 200
    scale = dpi / 25.4
    for page, folds in ((0, (97, 197)), (1, (100, 200))):
        image = render_png(path, dpi=dpi, page=page).convert("RGB")
        x0, _, _, y1 = boxes_mm(path, page)["trimbox"]
        media_top = boxes_mm(path, page)["mediabox"][3]
        top = round((media_top - y1) * scale)  # trim's top edge in pixels
        slug = (top - round(14 * scale), top - round(3.5 * scale))
        for fold in folds:
            x = round((x0 + fold) * scale)
            assert max(_dark_rows(image, x + d, *slug) for d in (-1, 0, 1)) > 10, (page, fold)
            assert _dark_rows(image, x + round(8 * scale), *slug) == 0, (page, fold)


@pytest.fixture(scope="module")
def built_scripts(tmp_path_factory, engine):
    lookups = {lang: catalog_lookup(lang) for lang in SCRIPTS}
    missing = [lang for lang, lookup in lookups.items() if lookup is None]
    if missing:
        pytest.skip(f"no catalogs yet for {', '.join(missing)}")
    out = tmp_path_factory.mktemp("scripts")
    result = build(BuildRequest(SAMPLE, out_dir=out, languages=SCRIPTS,
                                formats=("poster", "flyer", "trifold", "card")), engine,
                   lookups=lambda campaign, lang, draft: (lookups[lang], []))
    assert not result.failed, [str(d) for d in result.diagnostics]
    return {f"{p.parent.name}/{p.stem}": p for p in result.paths("built")}


@pytest.mark.parametrize("lang", SCRIPTS)
@pytest.mark.parametrize("name", ["poster-jis-b2", "flyer-iso-a4", "trifold-iso-a4",
                                  "card-jp"])
def test_text_of_each_format_in_each_script(built_scripts, sample_campaign, lang, name):
    from posters.localize import localize

    localized = localize(sample_campaign, lang, catalog_lookup(lang))
    path = built_scripts[f"{lang}/{name}"]
    text = squash(poppler_text(path) if localized.rtl else extract_text(path))
    assert not localized.headline.fallback and squash(localized.headline.text) in text
    assert "DRAFT" not in text
    if name.startswith(("flyer", "trifold")):
        title = localized.data.datasets[0].title
        assert not title.fallback and squash(title.text) in text
    for hotline in sample_campaign.content.hotlines:
        assert hotline.number in text


def test_multilingual_build_is_deterministic_and_incremental(tmp_path, engine):
    request = BuildRequest(SAMPLE, out_dir=tmp_path / "a", languages=("all",),
                           formats=("multilingual",))
    first = build(request, engine)
    assert [r.status for r in first.results] == ["built"]
    again = build(request, engine)
    assert [r.status for r in again.results] == ["unchanged"]
    other = build(BuildRequest(SAMPLE, out_dir=tmp_path / "b", languages=("all",),
                               formats=("multilingual",)), engine)
    assert first.paths()[0].read_bytes() == other.paths()[0].read_bytes()
    assert first.paths()[0].parent.name == "all"
