"""What loading a campaign does once, or only for what a build asks for, and still checks."""

from __future__ import annotations

import pytest

from posters.diagnostics import ContentError
from posters.layout.description import LAYOUT_DIR
from posters.schema.campaign import load_campaign
from tests.layouts.conftest import write_campaign

STOCK_CARD = (LAYOUT_DIR / "card.yaml").read_text("utf-8")


def test_a_build_of_some_formats_checks_their_layouts_and_validate_every_one(tmp_path):
    broken = STOCK_CARD.replace("style: headline}", "style: headlin}", 1)
    assert broken != STOCK_CARD
    folder = write_campaign(tmp_path / "notice", None, {"card": broken})
    with pytest.raises(ContentError, match=r"layouts/card\.yaml:\d+.*unknown style 'headlin'"):
        load_campaign(folder)
    with pytest.raises(ContentError, match=r"unknown style 'headlin'"):
        load_campaign(folder, formats=("poster", "card"))
    campaign, _ = load_campaign(folder, formats=("poster",))
    assert [f.name for f in campaign.formats] == ["poster", "flyer", "trifold", "card"]


def test_a_flow_check_that_passed_is_not_made_again_for_the_same_inputs(tmp_path,
                                                                         monkeypatch):
    import posters.formats as formats

    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    made: list[str] = []
    real = formats._check_flow

    def counting(campaign, layout, size, source_once):  # type: ignore[no-untyped-def]
        made.append(f"{layout.format} {size.name}")
        return real(campaign, layout, size, source_once)

    monkeypatch.setattr(formats, "_check_flow", counting)
    folder = write_campaign(tmp_path / "notice")
    load_campaign(folder)
    first = sorted(made)
    assert first == ["card card-us", "flyer us-letter", "poster tabloid", "poster us-letter",
                     "trifold us-letter"]
    load_campaign(folder)
    assert sorted(made) == first  # nothing checked again
    card = STOCK_CARD + "\n# a designer's note: the bytes differ\n"
    assert card != STOCK_CARD
    write_campaign(folder, None, {"card": card})
    load_campaign(folder)
    assert sorted(made) == sorted([*first, "card card-us"])
