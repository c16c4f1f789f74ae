"""The gallery page: grouping, filters, escaping of untrusted strings, failed outputs."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from posters.gallery import build_gallery, make_gallery
from posters.gallery.site import safe_relative
from tests.gallery.conftest import write_entries
from tests.gallery.page import parse

TITLE = "Trafficking in Persons awareness poster 2023"
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def gallery(campaign_out: Path, outputs: list[dict],  # type: ignore[no-untyped-def]
            full: bool = False):
    write_entries(campaign_out, TITLE, outputs)
    path = build_gallery(campaign_out, jobs=1, full=full)
    return parse(path.read_text(encoding="utf-8"))


def cards(doc):  # type: ignore[no-untyped-def]
    return doc.find_all("li", class_="card")


def test_grouped_by_language_then_format_with_headings_in_each_language(campaign_out, outputs):
    doc = gallery(campaign_out, outputs, full=True)
    sections = doc.find_all("section", class_="language")
    assert len(sections) == 2
    english, thai = sections
    heading = thai.find("h2")
    assert heading.attrs["lang"] == "th"
    assert heading.text().startswith("ไทย")
    assert "Thai" in heading.text()
    assert english.find("h2").attrs["lang"] == "en"
    for section, lang in ((english, "en"), (thai, "th")):
        formats = section.find_all("section", class_="format")
        assert [f.find("h3").text().split()[0] for f in formats] == ["Poster"]
        group = cards(section)
        assert [(c.attrs["data-lang"], c.find("h4").text()) for c in group] == [
            (lang, "iso-a3 · print"), (lang, "iso-a3 · screen")]
        for card in group:
            pdf = card.find("a", class_="thumb").attrs["href"]
            assert pdf.startswith(f"{lang}/poster-iso-a3") and (campaign_out / pdf).is_file()
            image = card.find("img")
            assert image.attrs["alt"].startswith("Poster iso-a3, ")
            assert (campaign_out / image.attrs["src"]).is_file()
            assert int(image.attrs["width"]) == 300
            full = [a for a in card.find_all("a") if a.text() == "Full-size preview"]
            assert len(full) == 1 and (campaign_out / full[0].attrs["href"]).is_file()


def test_rtl_language_heading_has_its_direction(campaign_out, outputs):
    arabic = {**outputs[0], "lang": "ar", "language_name": "Arabic", "status": "failed",
              "path": "ar/poster-iso-a3.pdf"}
    doc = gallery(campaign_out, [*outputs, arabic])
    heading = doc.find("section", class_="language").find("h2")
    assert (heading.attrs["lang"], heading.attrs["dir"]) == ("ar", "rtl")
    assert heading.text().startswith("العربية")


def test_filters_offer_every_language_format_status_and_check_result(campaign_out, outputs):
    outputs[0]["status"] = "unchanged"
    outputs[1]["findings"] = [{"code": "PF003", "level": "warning", "message": "m"}]
    failed = {**outputs[2], "path": "th/poster-b9.pdf", "size": "b9", "status": "failed",
              "diagnostics": ["x.po:3: error: broken"]}
    doc = gallery(campaign_out, [*outputs, failed])
    form = doc.find("form", id="filters")
    assert "hidden" in form.attrs  # shown by the script; useless without it
    boxes = form.find_all("input")
    values = {(b.attrs["name"], b.attrs["value"]) for b in boxes}
    assert values == {("lang", "en"), ("lang", "th"), ("format", "poster"),
                      ("status", "built"), ("status", "unchanged"), ("status", "failed"),
                      ("checks", "error"), ("checks", "warning"), ("checks", "clean")}
    assert all(b.attrs["type"] == "checkbox" and "checked" in b.attrs for b in boxes)
    assert all(b.parent.tag == "label" for b in boxes)  # a box is toggled by its label
    assert [leg.text() for leg in form.find_all("legend")] == [
        "Language", "Format", "Status", "Checks"]
    thai_label = next(b for b in boxes if b.attrs["value"] == "th").parent
    assert thai_label.find("span").attrs["lang"] == "th"
    assert thai_label.text() == " ไทย Thai (3)"  # two built, one failed
    by_path = {c.find("a").attrs["href"] if c.find_all("a") else "failed": c
               for c in cards(doc)}
    assert by_path["failed"].attrs["data-checks"] == "error"
    assert by_path[outputs[1]["path"]].attrs["data-checks"] == "warning"
    assert by_path[outputs[0]["path"]].attrs["data-status"] == "unchanged"
    assert doc.find("p", id="shown").attrs["aria-live"] == "polite"


def test_failed_output_is_shown_without_link_or_preview(campaign_out, outputs):
    failed = {**outputs[0], "status": "failed", "findings": [],
              "diagnostics": ["content/tip-2023/locale/en/LC_MESSAGES/messages.po:12: error: "
                              "placeholder {year} is missing"]}
    doc = gallery(campaign_out, [failed, *outputs[1:]])
    card = next(c for c in cards(doc) if c.attrs["data-status"] == "failed")
    assert card.find_all("a") == [] and card.find_all("img") == []
    assert card.find("p", class_="nothumb").text() == "Not built"
    assert card.find("p", class_="status").text() == "Failed"
    details = card.find("details")
    assert "open" in details.attrs
    assert details.find("summary").text() == "1 error"
    assert "messages.po:12: error: placeholder {year} is missing" in details.text()
    assert len(cards(doc)) == 4


def test_hostile_strings_and_file_names_are_escaped(campaign_out, outputs):
    hostile_name = f"en/poster-{HOSTILE}.pdf".replace("/script", "")  # "/" would nest a folder
    shutil.copy(campaign_out / outputs[0]["path"], campaign_out / hostile_name)
    entry = {**outputs[0], "path": hostile_name, "size": HOSTILE, "variant": HOSTILE,
             "language_name": HOSTILE, "format": HOSTILE,
             # a level is one of error, warning, info (the loader refuses others:
             # tests/gallery/test_report.py); every string else may be hostile
             "findings": [{"code": HOSTILE, "level": "warning", "message": HOSTILE,
                           "location": HOSTILE}],
             "diagnostics": [f"x.po:1: error: {HOSTILE}"]}
    doc = gallery(campaign_out, [entry, *outputs[1:]])
    html = (campaign_out / "index.html").read_text()
    assert len(doc.find_all("script")) == 1  # only the page's own
    assert not [n for n in doc.iter() if any(a.startswith("on") for a in n.attrs)]
    assert "<script>alert" not in html and "<img src=x" not in html
    assert len(doc.find_all("img")) == 4
    card = next(c for c in cards(doc) if c.attrs["data-format"] == HOSTILE)
    assert card.attrs["data-lang"] == "en"
    assert HOSTILE in card.find("h4").text()
    assert HOSTILE in card.find("details").text()
    link = card.find("a", class_="thumb").attrs["href"]
    assert "<" not in link and '"' not in link
    assert (campaign_out / unquote(link)).read_bytes() == (
        campaign_out / outputs[0]["path"]).read_bytes()


def test_unsafe_or_missing_paths_get_no_link(campaign_out, outputs, tmp_path):
    (tmp_path / "secret.pdf").write_bytes((campaign_out / outputs[0]["path"]).read_bytes())
    (campaign_out / "en" / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    bad = ["../../secret.pdf", "/etc/passwd.pdf", "javascript:alert(1)", "en/link.pdf",
           "en/missing.pdf", ".previews/x.pdf", "en/../en/poster-iso-a3.pdf"]
    entries = [{**outputs[0], "path": p, "size": f"s{i}"} for i, p in enumerate(bad)]
    doc = gallery(campaign_out, entries)
    assert len(cards(doc)) == len(bad)
    for card in cards(doc):
        assert card.find_all("a") == [] and card.find_all("img") == []
        assert card.attrs["data-checks"] == "error"
        assert "GALLERY" in card.find("details").text()


def test_page_is_deterministic_and_its_script_is_allowed_by_hash(campaign_out, outputs,
                                                                 tmp_path):
    first = gallery(campaign_out, outputs)
    text = (campaign_out / "index.html").read_text()
    other = tmp_path / "elsewhere" / "tip-2023"
    shutil.copytree(campaign_out, other, ignore=shutil.ignore_patterns(".previews", "*.html"))
    again = make_gallery(other, jobs=1)
    assert again.stats.rendered == 4
    assert again.path.read_text() == text
    assert not re.search(r"20\d\d-\d\d-\d\d|\d\d:\d\d:\d\d", text)
    script = first.find("script").text()
    csp = first.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_regional_variants_have_their_own_filter_and_come_after_the_generic(campaign_out,
                                                                          outputs):
    regional = [{**o, "region": region} for o in outputs
                for region in ("tokyo", "generic", "fukuoka")]
    doc = gallery(campaign_out, regional)
    fieldset = next(f for f in doc.find_all("fieldset") if f.find("legend").text() == "Region")
    assert [b.attrs["value"] for b in fieldset.find_all("input")] == [
        "generic", "fukuoka", "tokyo"]
    assert "Generic (no local addresses) (4)" in fieldset.text()
    # One card per output with its regional variants in it, generic first (issue #18:
    # nine near-identical thumbnails per format swamped the page).
    english = doc.find("section", class_="language")
    assert [c.find("h4").text() for c in cards(english)] == ["iso-a3 · print",
                                                             "iso-a3 · screen"]
    for card in cards(doc):
        assert card.attrs["data-region"] == "generic fukuoka tokyo"
        assert card.attrs["data-outputs"] == "3"
        assert len(card.find_all("img")) == 1
        variants = card.find("details", class_="variants")
        assert variants.find("summary").text() == "2 regional variants: the area that differs"
        assert [li.attrs["data-region"] for li in variants.find_all("li")] == [
            "fukuoka", "tokyo"]
        # the same PDF for every region here: nothing differs
        assert "the same as the generic output" in variants.text()
    assert doc.find("p", id="shown").text() == "Showing 12 of 12 outputs"


@pytest.mark.parametrize("region", [None, "", "generic"])
def test_without_regional_variants_there_is_no_region_filter(campaign_out, outputs, region):
    entries = [{k: v for k, v in o.items() if k != "region"} for o in outputs]
    if region is not None:
        entries = [{**o, "region": region} for o in entries]
    doc = gallery(campaign_out, entries)
    assert "Region" not in [leg.text() for leg in doc.find_all("legend")]
    assert [c.find("h4").text() for c in cards(doc)][:2] == ["iso-a3 · print",
                                                             "iso-a3 · screen"]


def test_language_names_come_from_cldr_whichever_name_the_report_gives(campaign_out, outputs):
    # The build writes the autonym; a hand-made report may write the English name.
    entries = [{**o, "language_name": "ไทย" if o["lang"] == "th" else "English"}
               for o in outputs]
    doc = gallery(campaign_out, entries)
    thai = doc.find_all("section", class_="language")[1].find("h2")
    assert thai.text() == "ไทย (Thai · th)"
    unknown = {**outputs[0], "lang": "x-klingon", "language_name": "tlhIngan Hol",
               "status": "failed"}
    doc = gallery(campaign_out, [*outputs, unknown])
    assert doc.find_all("section", class_="language")[-1].find("h2").text().startswith(
        "TlhIngan Hol")


@pytest.mark.parametrize(("path", "safe"), [
    ("en/poster-iso-a3.pdf", True), ('en/poster-"><b>.pdf', True), ("en/x.PDF", True),
    ("../x.pdf", False), ("/etc/x.pdf", False), ("en//x.pdf", False), ("en/./x.pdf", False),
    (".previews/x.pdf", False), ("en/.poster.pdf.123.tmp.pdf", False), ("en\\x.pdf", False),
    ("en/x\nb.pdf", False), ("javascript:alert(1)", False), ("en/x.png", False), ("", False),
])
def test_safe_relative(path, safe):
    assert (safe_relative(path) == path) if safe else safe_relative(path) is None


def test_differing_area_is_the_box_around_the_changed_pixels(tmp_path):
    from PIL import Image, ImageDraw

    from posters.gallery.regions import MARGIN, Area, differing_area

    base = Image.new("RGB", (300, 420), "white")
    base.save(tmp_path / "a.png")
    changed = base.copy()
    ImageDraw.Draw(changed).rectangle((40, 350, 259, 389), fill="black")  # an address
    changed.save(tmp_path / "b.png")
    assert differing_area(tmp_path, "a.png", "b.png") == Area(
        40 - MARGIN, 350 - MARGIN, 220 + 2 * MARGIN, 40 + 2 * MARGIN)
    assert differing_area(tmp_path, "a.png", "a.png") is None


def test_a_regional_variant_shows_its_differing_area_from_the_full_size_page(campaign_out,
                                                                            outputs):
    import pypdfium2
    from PIL import Image, ImageChops, ImageStat

    from posters.gallery.previews import FULL_WIDTH, PREVIEWS, THUMB_WIDTH

    print_en = next(o for o in outputs if o["lang"] == "en" and o["variant"] == "print")
    screen_en = next(o for o in outputs if o["lang"] == "en" and o["variant"] == "screen")
    # a "regional variant" whose PDF differs (here: the screen edition's colours)
    variant = {**print_en, "region": "tokyo", "path": screen_en["path"]}
    doc = gallery(campaign_out, [{**print_en, "region": "generic"}, variant])
    card = doc.find("li", class_="card")
    area = card.find("details", class_="variants").find("span", class_="area")
    image = area.find("img")
    match = re.fullmatch(r"\.previews/[0-9a-f]{24}-a(\d+)-(\d+)-(\d+)-(\d+)\.png",
                         image.attrs["src"])
    assert match, image.attrs["src"]
    assert image.attrs["loading"] == "lazy" and image.attrs["alt"].startswith("Tokyo")
    # only the area is made, not the variant's whole page: the build made no page image
    assert not list((campaign_out / PREVIEWS).glob("*-p1.png"))
    picture = Image.open(campaign_out / image.attrs["src"]).convert("RGB")
    assert picture.size == (int(image.attrs["width"]), int(image.attrs["height"]))
    # it is that area (in thumbnail pixels) of the variant's page at full size, as
    # PDFium renders the whole page: the thumbnail shows the trim box, scaled
    left, top, width, height = (int(v) for v in match.groups())
    page = pypdfium2.PdfDocument(campaign_out / screen_en["path"])[0]
    media, trim = page.get_mediabox(), page.get_trimbox()
    scale = FULL_WIDTH / (media[2] - media[0])
    points = (trim[2] - trim[0]) / THUMB_WIDTH  # per thumbnail pixel
    box = (round((trim[0] - media[0] + left * points) * scale),
           round((media[3] - trim[3] + top * points) * scale),
           round((trim[0] - media[0] + (left + width) * points) * scale),
           round((media[3] - trim[3] + (top + height) * points) * scale))
    full = page.render(scale=scale).to_pil().convert("RGB")
    assert abs(picture.width - (box[2] - box[0])) <= 1
    assert abs(picture.height - (box[3] - box[1])) <= 1
    expected = full.crop((box[0], box[1], box[0] + picture.width, box[1] + picture.height))
    assert max(ImageStat.Stat(ImageChops.difference(picture, expected)).mean) < 1
    assert min(picture.convert("L").getextrema()) < 100  # not blank: text or colour


def test_header_counts_outputs_not_messages(campaign_out, outputs):
    outputs[0]["findings"] = [{"code": f"PF00{i}", "level": "warning", "message": "m"}
                              for i in range(3)]
    outputs[1]["fallbacks"] = ["Trafficking in Persons", "Call"]  # a draft
    failed = {**outputs[2], "path": "th/poster-b9.pdf", "size": "b9", "status": "failed",
              "diagnostics": ["x.po:3: error: broken", "x.po:4: error: broken",
                              "x.po:5: warning: odd"]}
    doc = gallery(campaign_out, [*outputs, failed])
    assert doc.find("p", class_="summary").text() == (
        "Campaign tip-2023: 5 outputs; 4 built, 0 unchanged, 1 failed; 1 with errors, "
        "2 with warnings.")
    draft = next(c for c in cards(doc) if c.find_all("a")
                 and c.find("a").attrs["href"] == outputs[1]["path"])
    assert draft.attrs["data-checks"] == "warning"
    assert draft.find("summary").text() == "2 untranslated texts"
    english = doc.find("section", class_="language")
    assert english.find("p", class_="translation").text().startswith("2 texts not translated")
