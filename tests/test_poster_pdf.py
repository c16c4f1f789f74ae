"""The English reference poster, read back from the PDF as a user and a print shop would."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp

from posters.build import BuildRequest, build
from tests.conftest import SAMPLE
from tests.pdftools import MM, boxes_mm, extract_text, font_report, render_png, squash

SIZES = {"jis-b2": (515, 728), "iso-a3": (297, 420)}
BLEED = 3.0


@pytest.fixture(scope="module")
def built(tmp_path_factory, engine):
    out = tmp_path_factory.mktemp("out")
    request = BuildRequest(SAMPLE, out_dir=out, languages=("en",), formats=("poster",),
                           sizes=tuple(SIZES), variants=("print", "screen"),
                           regions=("generic",))
    result = build(request, engine)
    assert not result.failed
    return {p.stem: p for p in result.paths("built")}, result.campaign


def test_outputs_are_named_after_format_and_size(built):
    paths, _ = built
    assert sorted(paths) == ["poster-iso-a3", "poster-iso-a3-screen", "poster-jis-b2",
                             "poster-jis-b2-screen"]
    assert all(p.parent.name == "en" and p.parent.parent.name == "tip-2023"
               for p in paths.values())


@pytest.mark.parametrize("name", ["poster-jis-b2", "poster-iso-a3", "poster-jis-b2-screen"])
def test_every_authored_string_is_in_the_text(built, name):
    paths, campaign = built
    text = squash(extract_text(paths[name]))
    # region names appear on the regional variants (tests/test_regions.py); the charts'
    # data and the language card's text belong to other formats
    expected = [t.source for t in campaign.texts() if t.key != "campaign.title"
                and not t.key.startswith(("data.", "content.language_card.", "regions."))]
    expected = [re.sub(r"\{\w+\}", "\0", s) for s in expected]
    missing = [part for s in expected for part in s.split("\0")
               if part.strip() and squash(part) not in text]
    assert not missing


@pytest.mark.parametrize("name", ["poster-jis-b2", "poster-iso-a3"])
def test_numbers_and_url_come_out_exactly(built, name):
    paths, campaign = built
    text = extract_text(paths[name])
    for hotline in campaign.content.hotlines:
        assert hotline.number in text
    assert campaign.content.web.url in text
    assert "30%" in text and "35%" in text and "2021" in text


@pytest.mark.parametrize("size", SIZES)
def test_page_boxes_match_the_format(built, size):
    paths, _ = built
    width, height = SIZES[size]
    boxes = boxes_mm(paths[f"poster-{size}"])
    x0, y0, x1, y1 = boxes["trimbox"]
    assert x1 - x0 == pytest.approx(width, abs=0.01)
    assert y1 - y0 == pytest.approx(height, abs=0.01)
    bx0, by0, bx1, by1 = boxes["bleedbox"]
    for got, want in ((x0 - bx0, BLEED), (y0 - by0, BLEED), (bx1 - x1, BLEED),
                      (by1 - y1, BLEED)):
        assert got == pytest.approx(want, abs=0.01)
    mx0, my0, mx1, my1 = boxes["mediabox"]
    assert mx0 <= bx0 and my0 <= by0 and mx1 >= bx1 and my1 >= by1


def test_screen_variant_is_the_trim_without_bleed(built):
    paths, _ = built
    boxes = boxes_mm(paths["poster-jis-b2-screen"])
    x0, y0, x1, y1 = boxes["mediabox"]
    assert (x1 - x0, y1 - y0) == (pytest.approx(515, abs=0.01), pytest.approx(728, abs=0.01))


@pytest.mark.parametrize("name", ["poster-jis-b2", "poster-iso-a3-screen"])
def test_every_font_is_embedded(built, name):
    paths, _ = built
    fonts = font_report(paths[name])
    assert fonts, "no fonts found"
    assert all(embedded for _, embedded in fonts), fonts
    raw = paths[name].read_bytes()
    assert b"Helvetica" not in raw


@pytest.mark.parametrize("name", ["poster-jis-b2", "poster-iso-a3"])
def test_qr_code_decodes_to_the_url(built, name):
    paths, campaign = built
    image = render_png(paths[name], dpi=100)
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode] == [
        campaign.content.web.url]


def test_background_extends_into_the_bleed(built):
    paths, _ = built
    image = render_png(paths["poster-jis-b2"], dpi=30).convert("RGB")
    boxes = boxes_mm(paths["poster-jis-b2"])
    media_top = boxes["mediabox"][3]
    scale = 30 / 25.4
    # 1.5 mm outside the trim, above the red header band: still red
    x = (boxes["trimbox"][0] + 100) * scale
    y = (media_top - boxes["trimbox"][3] - 1.5) * scale
    r, g, b = image.getpixel((round(x), round(y)))
    assert r > 150 and g < 90 and b < 90, (r, g, b)


def test_building_twice_gives_identical_bytes(tmp_path, engine):
    request = BuildRequest(SAMPLE, languages=("en",), formats=("poster",), sizes=("iso-a3",),
                           regions=("generic",))
    first = build(replace(request, out_dir=tmp_path / "a"), engine).paths("built")
    second = build(replace(request, out_dir=tmp_path / "b"), engine).paths("built")
    assert len(first) == len(second) == 1
    assert first[0].read_bytes() == second[0].read_bytes()


def test_text_stays_inside_the_safe_zone(engine, sample_campaign):
    from posters.layout import compose_page, load_layout
    from posters.localize import localize
    from posters.sizes import paper_size

    description = load_layout("poster")
    for size in SIZES:
        page = compose_page(localize(sample_campaign, "en"), description, paper_size(size),
                            engine)
        safe = page.safe_area
        assert page.safe_zone == pytest.approx(5 * MM)
        for frame in page.text_frames():
            assert safe.contains(frame.rect), frame.block
            assert frame.set_text.height <= frame.rect.height + 0.01, frame.block
            assert frame.set_text.width <= frame.rect.width + 0.01, frame.block


def test_failed_render_leaves_no_file(tmp_path, engine, monkeypatch):
    from posters.render import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf.PageRenderer, "render", broken)
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                regions=("generic",), gallery=False), engine)
    # every output fails alone, with its path and the error, and the build goes on
    assert result.failed and {r.status for r in result.results} == {"failed"}
    errors = [d for d in result.diagnostics if d.level.value == "error"]
    assert len(errors) == len(result.results)
    assert all("internal error: RuntimeError: disk full" in d.message for d in errors)
    assert [p for p in Path(tmp_path).rglob("*.pdf*")] == []


def test_print_variant_is_pdfx4_with_an_output_intent(built):
    import pikepdf

    paths, _ = built
    with pikepdf.open(paths["poster-jis-b2"]) as pdf:
        intents = pdf.Root.OutputIntents
        assert str(intents[0].S) == "/GTS_PDFX"
        assert intents[0].DestOutputProfile.read_bytes()[36:40] == b"acsp"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert str(pdf.docinfo["/Trapped"]) == "/False"
    with pikepdf.open(paths["poster-jis-b2-screen"]) as pdf:
        assert "/OutputIntents" not in pdf.Root


def test_output_that_fails_its_checks_is_not_kept(tmp_path, engine, monkeypatch):
    from posters.build import write as output

    real = output.expectations_for

    def expect_a_number_the_poster_lacks(*args, **kwargs):
        expectations = real(*args, **kwargs)
        return replace(expectations, texts=(*expectations.texts, "0000-000-000"))

    monkeypatch.setattr(output, "expectations_for", expect_a_number_the_poster_lacks)
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                formats=("poster",), sizes=("iso-a3",),
                                regions=("generic",)), engine)
    assert [r.status for r in result.results] == ["failed"]
    assert any("0000-000-000" in f.message for f in result.results[0].findings)
    assert list(tmp_path.rglob("*.pdf")) == []
