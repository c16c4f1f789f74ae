"""The second sample campaign, content/us-notice: a US state-mandated human-trafficking
notice unlike the first sample (no statistics, no data, four hotlines with a text line,
the stock indicator icons), complete in its four languages."""

from __future__ import annotations

import pytest

from posters.i18n.catalogs import load_lookup
from posters.localize import localize
from posters.schema.assets import STOCK_ICONS
from posters.schema.campaign import load_campaign
from tests.conftest import ROOT

NOTICE = ROOT / "content" / "us-notice"
NUMBERS = {"national": "1-888-373-7888", "text": "233733", "georgia": "1-866-363-4842",
           "emergency": "911"}


@pytest.fixture(scope="module")
def notice():
    campaign, warnings = load_campaign(NOTICE, strict=True)
    assert list(warnings) == []
    return campaign


def test_the_notice_is_unlike_the_first_sample(notice):
    assert notice.meta.languages == ("en", "es", "vi", "ko")
    assert notice.content.statistics is None and notice.data is None
    assert notice.content.local_contacts is None
    assert {h.id: h.number for h in notice.content.hotlines} == NUMBERS
    icons = [sign.icon_file for sign in notice.content.warning_signs.items]
    assert len(icons) == 8
    assert all(icon.parent == STOCK_ICONS for icon in icons)
    sample = load_campaign(ROOT / "content" / "tip-2023")[0]
    assert not {s.icon for s in sample.content.warning_signs.items} & {
        s.icon for s in notice.content.warning_signs.items}


@pytest.mark.parametrize("lang", ["es", "vi", "ko"])
def test_every_text_is_translated_and_passes_the_translation_checks(notice, lang):
    lookup, problems = load_lookup(notice, lang)
    assert [str(p) for p in problems] == []
    localized = localize(notice, lang, lookup)
    english = localize(notice, "en", load_lookup(notice, "en")[0])
    assert localized.headline.text != english.headline.text
    # the hotlines are printed as authored, in every language
    action = localized.call_to_action.text
    for number in NUMBERS.values():
        assert number in action
    for sign, source in zip(localized.warning_signs, english.warning_signs,
                            strict=True):
        assert sign.text.text != source.text.text


# What a plain `posters build` of the notice makes (its `formats:`), and each trim size:
# the posted notice at 11 x 17 in (at 16 pt it does not fit Letter), a Letter tri-fold
# (landscape sheet) and a 3.5 x 2 in wallet card in each language; the four-language sheet
# and the language card once ("all").
EACH_LANGUAGE = {"poster-tabloid": (279.4, 431.8),
                 "trifold-us-letter": (279.4, 215.9), "card-us": (88.9, 50.8)}
ALL_LANGUAGES = {"multilingual-us-letter": (215.9, 279.4),
                 "language-card-us-letter": (215.9, 279.4)}
BUILT_LANGUAGES = ("en", "ko")
OUTPUTS = {**{(lang, stem): size for lang in BUILT_LANGUAGES
              for stem, size in EACH_LANGUAGE.items()},
           **{("all", stem): size for stem, size in ALL_LANGUAGES.items()}}
BLEED_MM = 0.125 * 25.4  # US printers ask 1/8 in


@pytest.fixture(scope="module")
def built(tmp_path_factory, engine):
    from posters.build import BuildRequest, build

    out = tmp_path_factory.mktemp("out")
    request = BuildRequest(NOTICE, out_dir=out, languages=(*BUILT_LANGUAGES, "all"))
    result = build(request, engine)
    assert not result.failed, [str(d) for d in result.diagnostics]
    return {(p.parent.name, p.stem): p for p in result.paths("built")}


def test_a_plain_build_makes_the_formats_and_sizes_the_notice_names(built):
    assert sorted(built) == sorted(OUTPUTS)


@pytest.mark.parametrize("output", OUTPUTS, ids="/".join)
def test_trim_and_bleed_are_the_us_sizes(built, output):
    from tests.pdftools import boxes_mm

    boxes = boxes_mm(built[output])
    left, bottom, right, top = boxes["trimbox"]
    assert right - left == pytest.approx(OUTPUTS[output][0], abs=0.01)
    assert top - bottom == pytest.approx(OUTPUTS[output][1], abs=0.01)
    b_left, b_bottom, b_right, b_top = boxes["bleedbox"]
    margins = (left - b_left, bottom - b_bottom, b_right - right, b_top - top)
    assert margins == pytest.approx((BLEED_MM,) * 4, abs=0.01)


@pytest.mark.parametrize("output", [key for key in OUTPUTS if key[1] != "language-card-us-letter"],
                         ids="/".join)
def test_every_number_reads_back_as_authored(built, output):
    import subprocess

    from tests.pdftools import extract_text, require_pdftotext, squash

    require_pdftotext()
    path = built[output]
    poppler = squash(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                    text=True, check=True).stdout)
    pdfium = squash(extract_text(path))
    for number in NUMBERS.values():
        assert number in poppler and number in pdfium, number


def test_the_posted_notice_reads_as_the_notice_in_korean(built):
    from tests.pdftools import extract_text, squash

    text = squash(extract_text(built[("ko", "poster-tabloid")]))
    assert "누군가가 일을 강요하거나 성매매를 시키고 있습니까?" in text
    assert "18세 미만인 사람이 성매매에 이용되고 있습니다." in text
    assert "https://humantraffickinghotline.org" in text


def test_the_four_language_sheet_carries_every_language(built):
    from tests.pdftools import extract_text, squash

    text = squash(extract_text(built[("all", "multilingual-us-letter")]))
    for name in ("English", "Español", "Tiếng Việt", "한국어"):
        assert name in text


@pytest.mark.parametrize("lang", BUILT_LANGUAGES)
def test_the_qr_code_on_the_posted_notice_opens_the_hotline_site(built, lang):
    """A posted notice is scanned from 50 cm, so its QR code is at least 50 mm
    (posters/print/legibility.yaml): measured by zxing on the rendered page (it was 30 mm)."""
    from posters.print.legibility import legibility
    from tests.pdftools import qr_codes_mm

    [(text, side)] = qr_codes_mm(built[(lang, "poster-tabloid")], dpi=150)
    assert text == "https://humantraffickinghotline.org"
    assert side >= legibility().min_qr_mm("poster") == 50


# ---------------------------------------------------------------- the law's rules

def test_the_notice_declares_californias_and_georgias_rules(notice):
    rules = {r.id: r for r in notice.requirements.rule_sets}
    assert set(rules) == {"ca-civil-code-52-6", "ga-ocga-16-5-47"}
    for rule in rules.values():
        assert rule.formats == ("poster",)
        assert rule.min_text_pt("poster", "tabloid") == 16
        assert rule.min_page == pytest.approx((8.5 * 72, 11 * 72))
        assert {"en", "es"} <= set(rule.languages)


@pytest.mark.parametrize("lang", BUILT_LANGUAGES)
def test_every_character_of_the_posted_notice_is_at_least_16_pt(built, lang):
    """Read back by pdfminer, not by our preflight: each glyph's size on the page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    found = [c for page in extract_pages(built[(lang, "poster-tabloid")])
             for c in chars(page) if c.get_text().strip()]
    assert len(found) > 500
    smallest = min(found, key=lambda c: c.size)
    assert smallest.size >= 16 - 0.01, (smallest.size, smallest.get_text())


def _copy_with_small_footer(tmp_path, name, with_rules=True):
    """The notice with its footer set at 12 pt (and, optionally, no rules)."""
    import shutil

    folder = tmp_path / name
    shutil.copytree(NOTICE, folder)
    layout = folder / "layouts" / "poster.yaml"
    text = layout.read_text(encoding="utf-8")
    old = "  footer:   {size: 16, min_size: 16, colour: ink}"
    assert old in text
    layout.write_text(text.replace(old, "  footer:   {size: 12, min_size: 12, colour: ink}"),
                      encoding="utf-8")
    if not with_rules:
        yaml_file = folder / "campaign.yaml"
        source = yaml_file.read_text(encoding="utf-8")
        yaml_file.write_text(source[:source.index("\nrequirements:")] + "\n", encoding="utf-8")
    return folder


def test_a_notice_set_smaller_than_the_law_allows_fails_citing_the_statute(tmp_path, engine):
    from posters.build import BuildRequest, build

    folder = _copy_with_small_footer(tmp_path, "small")
    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=("en",),
                                formats=("poster",), gallery=False), engine)
    assert result.failed
    (output,) = result.results
    assert output.status == "failed" and not output.output.path.exists()
    messages = [f.message for f in output.findings if f.code == "RQ020"]
    assert any(m.startswith("California Civil Code § 52.6 (ca-civil-code-52-6): ")
               and "smaller than 16 pt; the smallest is 12.0 pt" in m for m in messages), messages
    assert any(m.startswith("O.C.G.A. § 16-5-47 (Georgia)") for m in messages), messages


def test_check_with_the_campaign_holds_a_pdf_to_the_law(tmp_path, engine, built):
    """`posters check --campaign` runs the requirement checks a build runs: a PDF made
    without the rules (so the build wrote it) fails them; the sample's notice passes."""
    from click.testing import CliRunner

    from posters.build import BuildRequest, build
    from posters.cli import main

    folder = _copy_with_small_footer(tmp_path, "unruled", with_rules=False)
    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=("es",),
                                formats=("poster",), gallery=False), engine)
    assert not result.failed
    (small,) = result.paths("built")
    refused = CliRunner().invoke(main, ["check", "--campaign", str(NOTICE / "campaign.yaml"),
                                        str(small)])
    assert refused.exit_code == 1, refused.output
    assert "error   RQ020 page 1: California Civil Code § 52.6 (ca-civil-code-52-6): " \
        in refused.output
    assert "the smallest is 12.0 pt" in refused.output
    moved = tmp_path / "moved.pdf"  # no build report beside it: the PDF says what it is
    moved.write_bytes(small.read_bytes())
    alone = CliRunner().invoke(main, ["check", "--campaign", str(NOTICE / "campaign.yaml"),
                                      str(moved)])
    assert alone.exit_code == 1 and "RQ020" in alone.output, alone.output
    passed = CliRunner().invoke(main, ["check", "--campaign", str(NOTICE / "campaign.yaml"),
                                       str(built[("en", "poster-tabloid")])])
    assert "RQ0" not in passed.output and passed.exit_code == 0, passed.output
