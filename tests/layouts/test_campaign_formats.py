"""Formats belong to the campaign: `formats:` in campaign.yaml says what a plain build
makes, a campaign's `layouts/` folder adds a format or replaces a stock one, and
`posters validate` refuses a format or size a layout cannot make, naming the layout and
its line, never the package's install path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from posters.diagnostics import ContentError
from posters.layout.description import LAYOUT_DIR, available_layouts, load_layout
from posters.schema.campaign import load_campaign
from tests.layouts.conftest import notice_data, write_campaign
from tests.pdftools import boxes_mm

STOCK_CARD = (LAYOUT_DIR / "card.yaml").read_text("utf-8")


def _validate_error(folder) -> str:
    with pytest.raises(ContentError) as error:
        load_campaign(folder)
    message = str(error.value)
    assert str(LAYOUT_DIR) not in message and "site-packages" not in message
    return message


def test_stock_formats_are_found_from_their_files():
    assert set(available_layouts()) == {path.stem for path in LAYOUT_DIR.glob("*.yaml")}


def test_a_campaign_layout_replaces_the_stock_one_and_adds_a_format(tmp_path):
    # the designer's copy of the card: the call to action is set in the brand colour
    card = STOCK_CARD.replace("action:   {size: 8.5, min_size: 5.5, bold: true, colour: ink",
                              "action:   {size: 8.5, min_size: 5.5, bold: true, colour: primary")
    assert card != STOCK_CARD
    sticker = ("description: A round-cornered sticker with the hotline.\n"
               "reference: {width: 60, height: 40}\norientation: landscape\n"
               "sizes: [60x40mm]\nsafe_zone: 3\n"
               "styles:\n  number: {size: 14, min_size: 8, bold: true, colour: primary}\n"
               "  label: {size: 6, min_size: 4}\n"
               "rows:\n  - {type: hotlines, padding: 5, label_style: label, "
               "number_style: number}\n")
    data = notice_data()
    data["formats"] = {"card": ["card-us"], "sticker": ["60x40mm"]}
    folder = write_campaign(tmp_path / "notice", data, {"card": card, "sticker": sticker})
    campaign, _ = load_campaign(folder)
    assert load_layout("card", folder).path == (folder / "layouts" / "card.yaml").resolve()
    assert load_layout("card").path == (LAYOUT_DIR / "card.yaml").resolve()
    assert "sticker" in available_layouts(folder) and "sticker" not in available_layouts()
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "posters", "build", str(folder), "-l", "en",
                             "--out", str(out), "--no-gallery", "-j", "1"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(p.relative_to(out / "notice").as_posix()
                   for p in (out / "notice").rglob("*.pdf"))
    assert built == ["en/card-us.pdf", "en/sticker-60x40mm.pdf"]
    # the campaign's card was used: its call to action is in the primary colour
    from posters.layout import compose_document
    from posters.localize import localize
    from posters.sizes import paper_size
    from posters.text import TextEngine

    front = compose_document(localize(campaign, "en"), load_layout("card", folder),
                             paper_size("card-us"), TextEngine.default())[0]
    action = next(f for f in front.text_frames() if f.block == "call_to_action")
    primary = campaign.brand.colours["primary"]
    assert any(getattr(span, "color", None) == primary
               for line in action.set_text.lines for span in _spans(line))
    report = json.loads((out / "notice" / "build-report.json").read_text("utf-8"))
    assert {entry["format"] for entry in report["outputs"]} == {"card", "sticker"}


def _spans(line):
    yield from getattr(line, "runs", ())


def test_a_mistake_in_a_campaign_layout_names_its_file_and_line(tmp_path):
    broken = STOCK_CARD.replace("style: headline}", "style: headlin}", 1)
    assert broken != STOCK_CARD
    folder = write_campaign(tmp_path / "notice", None, {"card": broken})
    message = _validate_error(folder)
    assert "layouts/card.yaml:" in message and "unknown style 'headlin'" in message
    assert "<stock>" not in message


def test_plain_build_makes_exactly_the_campaign_formats_at_its_sizes(tmp_path):
    folder = write_campaign(tmp_path / "notice")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "posters", "build", str(folder), "-l", "en",
                             "--out", str(out), "--no-gallery", "-j", "1"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(p.name for p in (out / "notice" / "en").glob("*.pdf"))
    assert built == ["card-us.pdf", "flyer-us-letter.pdf", "poster-tabloid.pdf",
                     "poster-us-letter.pdf", "trifold-us-letter.pdf"]
    # trim sizes to 0.01 mm, and the campaign's 0.125 in bleed (3.175 mm), read by pypdf
    expected = {"card-us.pdf": (88.9, 50.8), "flyer-us-letter.pdf": (215.9, 279.4),
                "poster-tabloid.pdf": (279.4, 431.8), "poster-us-letter.pdf": (215.9, 279.4),
                "trifold-us-letter.pdf": (279.4, 215.9)}
    for name, (width, height) in expected.items():
        boxes = boxes_mm(out / "notice" / "en" / name)
        x0, y0, x1, y1 = boxes["trimbox"]
        assert (x1 - x0, y1 - y0) == pytest.approx((width, height), abs=0.01), name
        bx0, by0, bx1, by1 = boxes["bleedbox"]
        assert (x0 - bx0, y0 - by0, bx1 - x1, by1 - y1) == pytest.approx((3.175,) * 4,
                                                                          abs=0.01), name


@pytest.mark.parametrize(("formats", "expected"), [
    ({"poster": ["card-us"]}, "is not a shape the poster layout takes (<stock>/poster.yaml:"),
    ({"card": ["us-letter"]}, "is not a shape the card layout takes (<stock>/card.yaml:"),
    ({"card": ["170x110mm"]}, "too large for the card layout (<stock>/card.yaml:"),
    ({"leaflet": ["iso-a4"]}, "no layout for the format 'leaflet'"),
    ({"poster": ["b2"]}, "B sizes need a system: jis-b2 or iso-b2"),
    ({"poster": []}, "expected a list of paper sizes"),
])
def test_validate_refuses_formats_and_sizes_a_layout_cannot_make(tmp_path, formats, expected):
    data = notice_data()
    data["formats"] = formats
    message = _validate_error(write_campaign(tmp_path / "notice", data))
    assert expected in message
    assert "campaign.yaml:" in message  # where the campaign names the format


def test_validate_refuses_a_chart_of_a_dataset_the_campaign_lacks(tmp_path):
    stock = (LAYOUT_DIR / "flyer.yaml").read_text("utf-8")
    charts = re.search(r"              - type: charts\n(                .*\n)+", stock)
    assert charts is not None
    flyer = stock.replace(charts.group(), "              - {type: chart, dataset: arrests, "
                                          "label_style: chart_label, min: 26, max: 40}\n")
    data = notice_data()
    data["data"] = {"heading": "Cases in {year}", "year": 2023, "datasets": [
        {"id": "cases-by-sector", "title": "Cases by sector",
         "values": [{"label": "Farms", "value": 12}, {"label": "Hotels", "value": 7}]}]}
    data["formats"] = {"flyer": ["us-letter"]}
    message = _validate_error(write_campaign(tmp_path / "notice", data, {"flyer": flyer}))
    assert "layouts/flyer.yaml:" in message
    assert "'arrests'" in message and "cases-by-sector" in message


def test_charts_come_from_whatever_datasets_the_campaign_has(tmp_path, engine):
    from posters.layout import compose_document
    from posters.layout.geometry import Fill, Sector
    from posters.localize import localize
    from posters.sizes import paper_size

    data = notice_data()
    data["data"] = {"heading": "Cases in {year}", "year": 2023, "datasets": [
        {"id": "cases-by-sector", "title": "Cases by sector",
         "values": [{"label": "Farms", "value": 12}, {"label": "Hotels", "value": 7},
                    {"label": "Restaurants", "value": 5}]},
        {"id": "calls", "title": "Calls to the hotline", "chart": "bar",
         "values": [{"label": "2022", "value": 310}, {"label": "2023", "value": 420}]}]}
    campaign, _ = load_campaign(write_campaign(tmp_path / "notice", data))
    back = compose_document(localize(campaign, "en"), load_layout("flyer"),
                            paper_size("us-letter"), engine)[1]
    sectors = [i for i in back.items if isinstance(i, Sector)]
    assert [s.value for s in sectors] == [12, 7, 5]
    bars = [i for i in back.items if isinstance(i, Fill) and i.block.startswith("chart calls")]
    assert len(bars) == 2 and bars[0].rect.width / bars[1].rect.width == pytest.approx(310 / 420)


@pytest.mark.parametrize(("bleed", "expected"), [("3mm", 3.0), ("0.125in", 3.175), (5, 5.0)])
def test_bleed_in_mm_or_inches(tmp_path, bleed, expected):
    data = notice_data()
    data["print"] = {"bleed": bleed}
    campaign, _ = load_campaign(write_campaign(tmp_path / "notice", data))
    assert campaign.bleed_mm == pytest.approx(expected)


def test_a_bleed_that_is_not_a_length_is_refused(tmp_path):
    data = notice_data()
    data["print"] = {"bleed": "3 cm"}
    message = _validate_error(write_campaign(tmp_path / "notice", data))
    assert "campaign.yaml:" in message and "expected a length such as 3mm or 0.125in" in message


def test_validate_refuses_parts_that_cannot_fit_the_page(tmp_path):
    """Twelve hotlines of at least 22 mm a row and the call to action do not fit the
    tri-fold's flap: validate says so, naming the layout's line, before a build sets any
    text; the poster, wider, takes them."""
    data = notice_data()
    data["content"]["hotlines"] = [
        {"id": f"line{i}", "label": f"Hotline {i}", "number": f"1-800-555-01{i:02d}"}
        for i in range(12)]
    data["content"]["call_to_action"]["text"] = "Call {line0}."
    data["formats"] = {"trifold": ["us-letter"]}
    message = _validate_error(write_campaign(tmp_path / "notice", data))
    assert "<stock>/trifold.yaml:" in message
    assert "do not fit the trifold layout at us-letter" in message
    data["formats"] = {"poster": ["us-letter"]}
    load_campaign(write_campaign(tmp_path / "notice2", data))


def test_a_layout_linked_from_outside_the_campaign_is_not_read_and_refused(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(STOCK_CARD.replace("card-jp, card-eu, card-us", "card-jp"), "utf-8")
    folder = write_campaign(tmp_path / "notice")
    (folder / "layouts").mkdir()
    (folder / "layouts" / "card.yaml").symlink_to(outside)
    (folder / "layouts" / "sticker.yaml").symlink_to(outside)
    assert "sticker" not in available_layouts(folder)
    assert load_layout("card", folder).path == (LAYOUT_DIR / "card.yaml").resolve()
    with pytest.raises(ContentError) as refused:  # else the build uses the stock card
        load_campaign(folder)
    assert sorted(Path(d.location.file).name for d in refused.value.diagnostics
                  if "outside the campaign folder" in d.message) == ["card.yaml", "sticker.yaml"]


def test_a_refused_size_is_cited_at_its_own_line_and_column(tmp_path):
    folder = write_campaign(tmp_path / "notice")
    text = (folder / "campaign.yaml").read_text("utf-8").replace(
        "  poster: [us-letter, tabloid]", "  poster: [us-letter, card-us]")
    (folder / "campaign.yaml").write_text(text, "utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "card-us]" in row
                and "poster" in row)
    column = text.splitlines()[line - 1].index("card-us") + 1
    message = _validate_error(folder)
    assert f"campaign.yaml:{line}:{column}: error: formats.poster[1]:" in message
