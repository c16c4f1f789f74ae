"""Previews are rendered from the PDFs, once per content: an unchanged output costs a stat;
a build makes thumbnails only, full-size page images are made when asked for."""

from __future__ import annotations

import io
import json
import os
import re

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageStat

from posters.gallery import make_gallery
from posters.gallery import previews as previews_module
from posters.gallery.previews import FULL_WIDTH, PREVIEWS, THUMB_WIDTH, prerender
from tests.gallery.conftest import write_entries


class CountingRenderer:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, pdf, digest, directory, **options):  # type: ignore[no-untyped-def]
        self.calls.append(pdf.relative_to(pdf.parent.parent).as_posix())
        return previews_module.render_pdf(pdf, digest, directory, **options)


def png_names(campaign_out):  # type: ignore[no-untyped-def]
    return sorted(p.name for p in (campaign_out / PREVIEWS).glob("*.png"))


def test_second_run_renders_and_reads_nothing(campaign_out, outputs):
    counter = CountingRenderer()
    first = make_gallery(campaign_out, renderer=counter)
    assert sorted(counter.calls) == sorted(o["path"] for o in outputs)
    assert (first.stats.hashed, first.stats.rendered, first.written) == (4, 4, True)
    before = {p: p.stat().st_mtime_ns for p in (campaign_out / PREVIEWS).iterdir()}
    page_mtime = first.path.stat().st_mtime_ns

    counter.calls.clear()
    second = make_gallery(campaign_out, renderer=counter)
    assert counter.calls == []
    assert (second.stats.hashed, second.stats.rendered, second.written) == (0, 0, False)
    assert {p: p.stat().st_mtime_ns for p in (campaign_out / PREVIEWS).iterdir()} == before
    assert second.path.stat().st_mtime_ns == page_mtime


def test_touched_pdf_is_hashed_but_not_rendered(campaign_out, outputs):
    make_gallery(campaign_out, jobs=1)
    pdf = campaign_out / outputs[0]["path"]
    os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 10**9))
    counter = CountingRenderer()
    result = make_gallery(campaign_out, renderer=counter)
    assert (result.stats.hashed, result.stats.rendered, counter.calls) == (1, 0, [])


def test_changed_pdf_is_rendered_again_and_its_old_previews_removed(campaign_out, outputs):
    first = make_gallery(campaign_out, jobs=1)
    old_names = png_names(campaign_out)
    changed = outputs[0]["path"]
    old_card = next(c for c in first.cards if c.entry.path == changed)
    pdf = campaign_out / changed
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended after %%EOF\n")
    counter = CountingRenderer()
    result = make_gallery(campaign_out, renderer=counter)
    assert counter.calls == [changed]
    assert (result.stats.hashed, result.stats.rendered, result.stats.removed) == (1, 1, 1)
    new_names = png_names(campaign_out)
    assert old_card.preview.thumbnail.name in old_names
    assert old_card.preview.thumbnail.name not in new_names
    assert len(new_names) == len(old_names)


def test_damaged_index_is_only_a_cache(campaign_out):
    first = make_gallery(campaign_out, jobs=1)
    (campaign_out / PREVIEWS / "index.json").write_text("{not json")
    (campaign_out / PREVIEWS / first.cards[0].preview.thumbnail.name).unlink()
    counter = CountingRenderer()
    result = make_gallery(campaign_out, renderer=counter)
    # Hashed again; the previews still on disk are taken up, the incomplete one redone.
    assert (result.stats.hashed, result.stats.rendered) == (4, 1)
    assert counter.calls == [first.cards[0].entry.path]
    assert [c.preview for c in result.cards] == [c.preview for c in first.cards]


def test_previews_rendered_by_the_build_are_taken_up(campaign_out, outputs):
    assert prerender(campaign_out / outputs[0]["path"], campaign_out) is not None
    assert prerender(campaign_out / outputs[0]["path"], campaign_out) is None
    counter = CountingRenderer()
    result = make_gallery(campaign_out, renderer=counter)
    assert sorted(counter.calls) == sorted(o["path"] for o in outputs[1:])
    preview = next(c.preview for c in result.cards if c.entry.path == outputs[0]["path"])
    assert (preview.thumbnail.width, preview.page_count, preview.full) == (THUMB_WIDTH, 1,
                                                                          False)


def test_adopted_previews_take_the_trim_box_from_the_thumbnail(campaign_out, outputs,
                                                               monkeypatch):
    entry = next(o for o in outputs  # a print file: its trim box is inside the page
                 if previews_module._facts_of(campaign_out / o["path"])[0] != (0, 0, 1, 1))
    pdf = campaign_out / entry["path"]
    rendered = prerender(pdf, campaign_out)
    assert rendered is not None
    thumb = campaign_out / PREVIEWS / rendered.thumbnail.name
    # the box PDFium reads from the PDF, written into the thumbnail (PNG tEXt chunks)
    facts = previews_module._facts_of(pdf)
    assert previews_module.png_facts(thumb) == facts == (rendered.trim, 1)
    assert Image.open(thumb).text["posters-trim"].split() == [repr(v) for v in rendered.trim]
    assert Image.open(thumb).text["posters-pages"] == "1"

    def no_pdf(path):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{path} opened again to read its trim box")

    monkeypatch.setattr(previews_module, "_facts_of", no_pdf)
    result = make_gallery(campaign_out, renderer=CountingRenderer())
    card = next(c for c in result.cards if c.entry.path == entry["path"])
    assert card.preview.trim == rendered.trim


def test_a_thumbnail_without_its_trim_box_gets_it_from_the_pdf(campaign_out, outputs):
    pdf = campaign_out / outputs[0]["path"]
    rendered = prerender(pdf, campaign_out)
    thumb = campaign_out / PREVIEWS / rendered.thumbnail.name
    Image.open(thumb).convert("RGB").save(thumb)  # an older posters' thumbnail: no chunk
    assert previews_module.png_facts(thumb) is None
    result = make_gallery(campaign_out, renderer=CountingRenderer())
    card = next(c for c in result.cards if c.entry.path == outputs[0]["path"])
    assert card.preview.trim == rendered.trim


def test_previews_show_the_pdf_thumbnail_trimmed_full_size_with_marks(campaign_out, outputs):
    result = make_gallery(campaign_out, jobs=1, full=True)
    for card in result.cards:
        preview = card.preview
        thumb = Image.open(campaign_out / PREVIEWS / preview.thumbnail.name).convert("RGB")
        full = Image.open(campaign_out / PREVIEWS / preview.page_name(1)).convert("RGB")
        assert thumb.size == (preview.thumbnail.width, preview.thumbnail.height)
        assert (thumb.width, full.width) == (THUMB_WIDTH, FULL_WIDTH)
        page = pypdfium2.PdfDocument(campaign_out / card.pdf)[0]
        media, trim = page.get_mediabox(), page.get_trimbox()
        assert full.height == pytest.approx(FULL_WIDTH * (media[3] - media[1])
                                            / (media[2] - media[0]), abs=1)
        assert thumb.height == pytest.approx(THUMB_WIDTH * (trim[3] - trim[1])
                                             / (trim[2] - trim[0]), abs=1)
        # The thumbnail is the full preview's trim area, scaled down.
        scale = FULL_WIDTH / (media[2] - media[0])
        box = (round((trim[0] - media[0]) * scale), round((media[3] - trim[3]) * scale),
               round((trim[2] - media[0]) * scale), round((media[3] - trim[1]) * scale))
        expected = full.crop(box).resize(thumb.size, Image.Resampling.LANCZOS)
        difference = max(ImageStat.Stat(ImageChops.difference(thumb, expected)).mean)
        # PDFium antialiases small text differently at 300 px than a 1400 px downscale;
        # a crop 5 px off at full size already measures 11, the uncropped page 39.
        assert difference < 9
        # Not a blank page: the red headline band is at the top.
        r, g, b = thumb.getpixel((THUMB_WIDTH // 2, 8))
        assert r > 180 and g < 90 and b < 90
        if card.entry.variant == "print":
            assert trim != media  # bleed and marks are only in the full-size preview
            uncropped = full.resize(thumb.size, Image.Resampling.LANCZOS)
            assert max(ImageStat.Stat(ImageChops.difference(thumb, uncropped)).mean) > (
                2 * difference)


def test_parallel_rendering_gives_the_same_images(campaign_out, tmp_path):
    import shutil

    other = tmp_path / "serial" / "tip-2023"
    shutil.copytree(campaign_out, other)
    parallel = make_gallery(campaign_out, jobs=2, full=True)
    serial = make_gallery(other, jobs=1, full=True)
    assert parallel.stats.rendered == serial.stats.rendered == 4
    names = png_names(campaign_out)
    assert names == png_names(other)
    for name in names:
        assert (campaign_out / PREVIEWS / name).read_bytes() == (
            other / PREVIEWS / name).read_bytes()


def test_damaged_pdf_keeps_its_link_and_says_why_there_is_no_preview(campaign_out, outputs):
    pdf = campaign_out / outputs[0]["path"]
    pdf.write_bytes(pdf.read_bytes()[:500])
    result = make_gallery(campaign_out, jobs=1)
    card = next(c for c in result.cards if c.entry.path == outputs[0]["path"])
    assert card.preview is None and card.pdf == outputs[0]["path"]
    assert card.checks == "warning"
    assert "could not be rendered" in card.problems[0].message
    html = result.path.read_text()
    assert html.count('class="thumb"') == 3


def test_png_encoder_is_lossless(campaign_out, outputs):
    from posters.gallery.previews import encode_png

    image = Image.effect_mandelbrot((97, 61), (-2, -1.2, 1, 1.2), 50).convert("RGB")
    for fast in (False, True):  # zlib's deflate and ISA-L's
        decoded = Image.open(io.BytesIO(encode_png(97, 61, image.tobytes(), fast=fast)))
        assert decoded.mode == "RGB" and decoded.tobytes() == image.tobytes()
    with pytest.raises(ValueError, match="expected"):
        encode_png(97, 62, image.tobytes())
    # The full-size preview holds exactly what PDFium renders.
    result = make_gallery(campaign_out, jobs=1, full=True)
    card = result.cards[0]
    page = pypdfium2.PdfDocument(campaign_out / card.pdf)[0]
    rendered = page.render(scale=FULL_WIDTH / page.get_width()).to_pil()
    stored = Image.open(campaign_out / PREVIEWS / card.preview.page_name(1))
    assert stored.tobytes() == rendered.tobytes()


def test_every_page_of_a_leaflet_gets_a_full_size_preview(campaign_out, outputs):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for output in outputs[:2]:  # en print (marks) then en screen: two different pages
        writer.append(str(campaign_out / output["path"]))
    leaflet = campaign_out / "en" / "leaflet-a4.pdf"
    with leaflet.open("wb") as handle:
        writer.write(handle)
    entry = {**outputs[0], "path": "en/leaflet-a4.pdf", "format": "leaflet", "size": "a4"}
    write_entries(campaign_out, "t", [*outputs, entry])
    # as a build leaves it: thumbnails only; the page links the leaflet's second page
    html = make_gallery(campaign_out, jobs=1).path.read_text()
    assert 'href="en/leaflet-a4.pdf#page=2">Page 2</a>' in html
    assert "full size</a>" not in html
    result = make_gallery(campaign_out, jobs=1, full=True)
    card = next(c for c in result.cards if c.entry.format == "leaflet")
    single = {c.entry.path: c.preview for c in result.cards}
    assert card.preview.page_names == (
        f"{card.preview.digest}-p1.png", f"{card.preview.digest}-p2.png")
    assert result.stats.pages == 2 + 4
    for name, source in zip(card.preview.page_names, outputs[:2], strict=True):
        mine = Image.open(campaign_out / PREVIEWS / name)
        theirs = Image.open(campaign_out / PREVIEWS / single[source["path"]].page_name(1))
        assert mine.tobytes() == theirs.tobytes()
    thumb = Image.open(campaign_out / PREVIEWS / card.preview.thumbnail.name)
    first = Image.open(campaign_out / PREVIEWS / single[outputs[0]["path"]].thumbnail.name)
    assert thumb.tobytes() == first.tobytes()
    html = result.path.read_text()
    assert html.count(">Page 1 full size</a>") == 1 and html.count(">Page 2 full size</a>") == 1


def full_size_images(campaign_out):  # type: ignore[no-untyped-def]
    return [name for name in png_names(campaign_out) if re.search(r"-p[0-9]+\.png$", name)]


def test_a_build_makes_thumbnails_and_no_full_size_page_image(built):
    campaign_out, outputs = built
    names = png_names(campaign_out)
    assert full_size_images(campaign_out) == []
    index = json.loads((campaign_out / PREVIEWS / "index.json").read_text())
    digests = {entry["digest"] for entry in index["files"].values()}
    assert sorted(names) == sorted(f"{digest}-thumb.png" for digest in digests)
    assert len(digests) == len(outputs) == 4
    # the page says what it shows instead, and every link it has leads to a file
    html = (campaign_out / "index.html").read_text()
    assert "Full-size page images are made when they are asked for" in html
    for link in re.findall(r'(?:href|src)="([^"#:]+)(?:#page=\d+)?"', html):
        assert (campaign_out / link).is_file(), link


def test_posters_gallery_makes_what_the_build_did_not(campaign_out, outputs):
    first = make_gallery(campaign_out, jobs=1)
    assert (first.stats.rendered, first.stats.pages) == (4, 0)
    assert full_size_images(campaign_out) == []
    assert "Full-size preview" not in first.path.read_text()
    counter = CountingRenderer()
    full = make_gallery(campaign_out, renderer=counter, full=True)
    # the thumbnails are kept: only the page images are rendered
    assert (full.stats.rendered, full.stats.pages, len(counter.calls)) == (4, 4, 4)
    assert all(card.preview.full for card in full.cards)
    html = full.path.read_text()
    assert "Full-size page images are made" not in html
    for card in full.cards:
        assert f'href="{PREVIEWS}/{card.preview.page_name(1)}">Full-size preview</a>' in html
        assert (campaign_out / PREVIEWS / card.preview.page_name(1)).is_file()
    # a later build's gallery keeps showing the images that are there
    counter.calls.clear()
    again = make_gallery(campaign_out, renderer=counter)
    assert counter.calls == [] and all(card.preview.full for card in again.cards)
    assert again.written is False


def test_a_page_image_is_rendered_when_asked_for_once_by_content(campaign_out, outputs,
                                                                monkeypatch):
    from posters.gallery.previews import PreviewStore

    result = make_gallery(campaign_out, jobs=1)
    card = result.cards[0]
    name = card.preview.page_name(1)
    calls = []
    original = previews_module.render_page

    def counting(*args):  # type: ignore[no-untyped-def]
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(previews_module, "render_page", counting)
    store = PreviewStore(campaign_out)
    path = store.page(name)
    assert path == campaign_out / PREVIEWS / name and len(calls) == 1
    assert Image.open(path).width == FULL_WIDTH
    assert PreviewStore(campaign_out).page(name) == path and len(calls) == 1
    # no such page, no such content, not a page image
    assert store.page(card.preview.page_name(2)) is None
    assert store.page("0" * 24 + "-p1.png") is None
    assert store.page(card.preview.thumbnail.name) is None
    # a PDF that changed since: its old content's page is not made from its new bytes
    other = result.cards[1]
    pdf = campaign_out / other.pdf
    pdf.write_bytes(pdf.read_bytes() + b"\n% changed\n")
    assert store.page(other.preview.page_name(1)) is None
    assert not (campaign_out / PREVIEWS / other.preview.page_name(1)).exists()


def test_the_build_writes_its_page_from_the_report_in_hand(tmp_path, engine, monkeypatch):
    """The end of a build does not read back the report it has just written; the page is
    the one the file gives."""
    import posters.build.report as report_module
    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    def refused(campaign_out):  # type: ignore[no-untyped-def]
        raise AssertionError("the report was read back")

    monkeypatch.setattr(report_module, "load_report", refused)
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                formats=("poster",), sizes=("iso-a3",), variants=("print",),
                                regions=("generic",)), engine)
    assert not result.failed, result.diagnostics
    monkeypatch.undo()
    again = make_gallery(tmp_path / "tip-2023", jobs=1)
    assert again.written is False and len(again.cards) == 1
