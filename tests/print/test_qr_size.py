"""The QR code's size from the distance each format is scanned from (1/10 of it): the
build reports it from the layout, `posters check` from what zxing measures in the file,
and the two agree."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from posters.cli import main
from posters.print.legibility import legibility


def test_the_rule_is_documented_per_format():
    rules = legibility()
    assert rules.min_qr_mm("card") == 15 and rules.min_qr_mm("poster") == 50
    assert rules.min_qr_mm("no-such-format") is None


def _pf073(path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--json", str(path)])
    [report] = json.loads(result.output)["files"]
    return [f for f in report["findings"] if f["code"] == "PF073"]


@pytest.mark.parametrize("lang", ["en", "ar", "my"])
def test_the_b2_poster_qr_code_is_as_large_as_its_distance_asks(sample_build, lang):
    """50 mm for a poster (scanned from 50 cm): the build, `posters check` and zxing's
    reading of the rendered page all say so (it was 31 mm)."""
    from tests.pdftools import qr_codes_mm

    built = {r.output.path: r for r in sample_build.results if r.status == "built"}
    poster = next(p for p in built if p.name == "poster-jis-b2.pdf" and p.parent.name == lang)
    assert "PF073" not in [f.code for f in built[poster].findings]
    assert _pf073(poster) == []
    [(text, side)] = qr_codes_mm(poster, dpi=100)
    assert text == sample_build.campaign.content.web.url
    assert side >= legibility().min_qr_mm("poster") == 50


def test_a_qr_code_too_small_for_its_distance_is_reported_by_build_and_check(sample_build,
                                                                             tmp_path, engine):
    """The poster at A4 keeps its proportions, so its QR code is 21 mm: the build reports it
    from the layout, `posters check` from the file, and both give zxing's size."""
    from tests.pdftools import qr_codes_mm
    from tests.print.built import build_sample

    small = build_sample(tmp_path, engine, languages=("en",), formats=("poster",),
                         sizes=("iso-a4",), variants=("print",))
    [result] = [r for r in small.results if r.status == "built"]
    assert [f.code for f in result.findings].count("PF073") == 1
    [(_, side)] = qr_codes_mm(result.output.path, dpi=200)
    (finding,) = _pf073(result.output.path)
    assert f"{side:.0f} mm" in finding["message"] and "50 mm" in finding["message"]
    assert 20 < side < 22
    card = next(r for r in sample_build.results if r.status == "built"
                and r.output.path.name == "card-jp.pdf" and r.output.lang == "en")
    assert "PF073" not in [f.code for f in card.findings] and _pf073(card.output.path) == []
