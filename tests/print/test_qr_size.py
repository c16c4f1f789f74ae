"""The QR code's size from the distance each format is scanned from (1/10 of it): the
build reports it from the layout, `posters check` from what zxing measures in the file,
and the two agree."""

from __future__ import annotations

import json

from click.testing import CliRunner

from posters.cli import main
from posters.print.legibility import legibility


def test_the_rule_is_documented_per_format():
    rules = legibility()
    assert rules.min_qr_mm("card") == 15 and rules.min_qr_mm("poster") == 50
    assert rules.min_qr_mm("no-such-format") is None


def test_a_qr_code_too_small_for_its_distance_is_reported_by_build_and_check(sample_build):
    built = {r.output.path: r for r in sample_build.results if r.status == "built"}
    poster = next(p for p in built if p.name == "poster-jis-b2.pdf" and p.parent.name == "en")
    card = next(p for p in built if p.name == "card-jp.pdf" and p.parent.name == "en")
    assert [f.code for f in built[poster].findings].count("PF073") == 1
    screen = poster.with_name("poster-jis-b2-screen.pdf")
    assert "PF073" not in [f.code for f in built[screen].findings]
    assert "PF073" not in [f.code for f in built[card].findings]
    result = CliRunner().invoke(main, ["check", "--json", str(poster), str(card)])
    files = {r["file"]: [f for f in r["findings"] if f["code"] == "PF073"]
             for r in json.loads(result.output)["files"]}
    (finding,) = files[str(poster)]
    assert "31 mm" in finding["message"] and "50 mm" in finding["message"]
    assert files[str(card)] == []
