"""The HTML edition: its content checked against the campaign, and every page in a real
headless Chromium with axe-core (npm, tests/web/package.json), which must report no
accessibility violation, no console error, and every number as a working tel: link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posters.edition import write_edition
from posters.edition.contrast import contrast_ratio
from posters.edition.page import tel_uri
from posters.edition.site import palette
from posters.i18n.catalogs import load_lookup
from posters.localize import localize
from posters.print.colour import RGB
from tests.gallery.page import parse
from tests.gallery.test_browser import CHROMIUM, chromium

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "ar", "ja", "th", "my", "fa")


@pytest.fixture(scope="module")
def edition(sample_campaign, tmp_path_factory):
    localized = [localize(sample_campaign, lang, load_lookup(sample_campaign, lang)[0])
                 for lang in LANGUAGES]
    out = tmp_path_factory.mktemp("edition")
    pages = write_edition(localized, out)
    return out, {page.lang: page.path for page in pages}, {one.lang: one for one in localized}


def test_a_page_per_language_with_its_language_and_direction(edition):
    out, pages, localized = edition
    assert sorted(pages) == sorted(LANGUAGES)
    for lang, path in pages.items():
        html = parse(path.read_text(encoding="utf-8")).find("html")
        assert html.attrs["lang"] == lang
        assert html.attrs["dir"] == ("rtl" if localized[lang].rtl else "ltr")
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    names = {a.attrs["hreflang"]: a.text() for a in index.find("ul").find_all("a")}
    assert names == {lang: localized[lang].language_name for lang in LANGUAGES}
    assert names["th"] == "ไทย" and names["ar"] == "العربية"


def test_content_is_the_campaigns_as_headings_lists_and_links(edition):
    _, pages, localized = edition
    for lang, path in pages.items():
        one = localized[lang]
        page = parse(path.read_text(encoding="utf-8"))
        assert page.find("h1").text() == one.headline.text
        assert one.warning_heading.text in [h.text() for h in page.find_all("h2")]
        signs = page.find("section", class_="signs").find("ul").find_all("li")
        assert [li.find("p").text() for li in signs] == [s.text.text for s in one.warning_signs]
        for li in signs:  # each icon is named by its sign's text
            svg = li.find("svg")
            assert svg.attrs["role"] == "img"
            assert svg.attrs["aria-labelledby"] == li.find("p").attrs["id"]
        numbers = {a.text(): a.attrs["href"]
                   for a in page.find("ul", class_="hotlines").find_all("a")}
        assert numbers == {h.number: tel_uri(h.number) for h in one.hotlines}
        web = [a for a in page.find_all("a") if a.attrs.get("href") == one.web.url]
        assert web and web[0].text() == one.web.url


def test_tel_uris_follow_rfc_3966():
    assert tel_uri("0120-924-839") == "tel:0120924839"
    assert tel_uri("+1 (888) 373-7888") == "tel:+18883737888"
    assert tel_uri("#9110") == "tel:%239110"


def test_brand_colours_meet_wcag_aa_on_screen(sample_campaign):
    colours = palette(sample_campaign.brand)
    assert contrast_ratio(colours.ink, colours.paper) >= 4.5
    assert contrast_ratio(colours.on_accent, colours.accent) >= 4.5
    assert contrast_ratio(colours.muted, colours.paper) >= 4.5
    assert contrast_ratio(colours.on_band, colours.band) >= 3.0  # the headline is large
    assert contrast_ratio(colours.heading, colours.paper) >= 3.0
    assert contrast_ratio(RGB(0, 0, 0), RGB(255, 255, 255)) == pytest.approx(21.0)


def test_same_input_same_bytes(edition, tmp_path):
    out, pages, localized = edition
    again = {page.lang: page.path for page in write_edition(list(localized.values()), tmp_path)}
    for lang in LANGUAGES:
        assert again[lang].read_bytes() == pages[lang].read_bytes(), lang
    assert (tmp_path / "index.html").read_bytes() == (out / "index.html").read_bytes()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium")
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: cd tests/web && "
                                              "npm install")
def test_axe_core_finds_no_violation_and_links_are_live(edition, tmp_path):
    _, pages, localized = edition
    axe = AXE.read_text(encoding="utf-8")
    with chromium(tmp_path / "profile") as browser:
        browser.send("Emulation.setDeviceMetricsOverride", width=390, height=844,
                     deviceScaleFactor=1, mobile=True)
        for lang, path in pages.items():
            browser.open(path.as_uri())
            browser.evaluate(axe)
            result = browser.evaluate(
                "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                " 'best-practice']}).then(r => JSON.stringify(r.violations.map("
                "v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))))")
            assert json.loads(result) == [], f"{lang}: {result}"
            assert browser.problems() == [], lang
            overflow = browser.evaluate(
                "document.documentElement.scrollWidth > window.innerWidth")
            assert overflow is False, f"{lang}: the page is wider than a phone"
            links = json.loads(browser.evaluate(
                "JSON.stringify(Array.from(document.querySelectorAll('a[href^=\"tel:\"]'))"
                ".map(a => a.href))"))
            assert set(links) >= {tel_uri(h.number) for h in localized[lang].hotlines}
