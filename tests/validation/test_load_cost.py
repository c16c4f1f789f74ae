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
