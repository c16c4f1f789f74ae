"""Icons and artwork are checked when the campaign is validated: a name found nowhere, an
icon or logo that cannot be drawn, each with its file and line and never a path inside the
installed package."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from posters.diagnostics import ContentError
from posters.schema.assets import STOCK_ICONS, find_icon, icon_names
from posters.schema.campaign import load_campaign
from tests.validation.cases import Case, logo
from tests.validation.conftest import write_campaign

SIGNS = ("  call_to_action:\n", """  warning_signs:
    heading: Know the signs
    items:
      - icon: {first}
        text: Someone else holds their passport.
      - icon: {second}
        text: They cannot leave the workplace.
  call_to_action:
""")
GOOD_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n'
            b'<circle cx="24" cy="24" r="10"/>\n</svg>\n')
TEXT_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n'
            b'<circle cx="24" cy="24" r="10"/>\n<text x="4" y="9">Hi</text>\n</svg>\n')


def signs(first: str, second: str = "cannot-leave") -> tuple[str, str]:
    return SIGNS[0], SIGNS[1].format(first=first, second=second)


def messages(case: Case, root: Path) -> list[str]:
    folder = write_campaign(case, root)
    with pytest.raises(ContentError) as raised:
        load_campaign(folder)
    return [str(d) for d in raised.value.diagnostics]


def test_an_icon_found_nowhere_is_an_error_with_line_and_the_names_available(project):
    case = Case("icon-typo", (signs("pasport-taken"),), (), False,
                files={"assets/icons/our-drawing.svg": GOOD_SVG})
    [error] = messages(case, project)
    assert error.startswith("content/bad/campaign.yaml:31:15: error: "
                            "content.warning_signs.items[0].icon: no icon 'pasport-taken' in "
                            "assets/icons/ of the campaign or in the stock set; did you mean "
                            "'passport-taken'? Otherwise add assets/icons/pasport-taken.svg "
                            "or use one of: cannot-leave, ")
    available = error.split("use one of: ")[1].removesuffix(" (see docs/icons.md)").split(", ")
    assert available == sorted(available)
    assert {"our-drawing", "passport-taken", "debt-bondage", "contract"} <= set(available)
    assert str(STOCK_ICONS) not in error and "/assets/icons/" not in error


def test_every_wrong_icon_is_reported_in_one_run(project):
    case = Case("two-wrong", (signs("nothing-like-it", "also-missing"),), (), False)
    lines = messages(case, project)
    assert [line.split(": error: ")[0] for line in lines] == [
        "content/bad/campaign.yaml:31:15", "content/bad/campaign.yaml:33:15"]
    assert "did you mean" not in lines[0]


def test_a_campaign_icon_is_used_and_one_named_like_a_stock_icon_replaces_it(project):
    case = Case("own-icons", (signs("our-drawing", "cannot-leave"),), (), False,
                files={"assets/icons/our-drawing.svg": GOOD_SVG,
                       "assets/icons/cannot-leave.svg": GOOD_SVG})
    folder = write_campaign(case, project)
    campaign, _ = load_campaign(folder)
    first, second = campaign.content.warning_signs.items
    assert first.icon_file == (project / "content/bad/assets/icons/our-drawing.svg").resolve()
    assert second.icon_file == (project / "content/bad/assets/icons/cannot-leave.svg").resolve()
    assert find_icon(project / "content/bad", "debt-bondage") == STOCK_ICONS / "debt-bondage.svg"
    assert "our-drawing" in icon_names(project / "content/bad")


def test_a_stock_icon_is_found_without_a_campaign_folder_of_icons(project):
    case = Case("stock", (signs("documents-confiscated"),), (), False)
    campaign, _ = load_campaign(write_campaign(case, project))
    assert campaign.content.warning_signs.items[0].icon_file == (
        STOCK_ICONS / "documents-confiscated.svg")


def test_a_campaign_icon_that_cannot_be_drawn_is_an_error_at_its_own_line(project):
    case = Case("icon-text", (signs("our-drawing"),), (), False,
                files={"assets/icons/our-drawing.svg": TEXT_SVG})
    [error] = messages(case, project)
    assert error == ("content/bad/assets/icons/our-drawing.svg:3: error: "
                     "content.warning_signs.items[0].icon: <text>: text needs a font; draw "
                     "the shape as paths instead (the icon of the warning sign at "
                     "content/bad/campaign.yaml:31:15)")


def test_an_icon_linked_from_outside_the_campaign_does_not_count(project, tmp_path):
    outside = tmp_path / "elsewhere.svg"
    outside.write_bytes(GOOD_SVG)
    case = Case("icon-link", (signs("linked"),), (), False,
                links={"assets/icons/linked.svg": str(outside)})
    [error] = messages(case, project)
    assert "campaign.yaml:" in error
    assert "assets/icons/linked.svg is a link to a file outside the campaign folder" in error


def test_a_logo_that_cannot_be_drawn_is_refused_at_validation(project):
    case = Case("logo-text", (logo("assets/logo.svg"),), (), False,
                files={"assets/logo.svg": TEXT_SVG})
    assert messages(case, project) == [
        "content/bad/campaign.yaml:12:9: error: brand.logo: the logo content/bad/assets/logo.svg:3 "
        "cannot be drawn: <text>: text needs a font; draw the shape as paths instead"]


def test_a_damaged_raster_logo_is_refused_at_validation(project):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(buffer, format="PNG")
    truncated = buffer.getvalue()[:120]  # a valid header, then nothing
    case = Case("logo-cut", (logo("assets/logo.png"),), (), False,
                files={"assets/logo.png": truncated})
    [error] = messages(case, project)
    assert error.startswith("content/bad/campaign.yaml:12:9: error: brand.logo: the logo "
                            "'assets/logo.png' is damaged or cut off")
    assert "export it again" in error or "not a readable image" in error


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_logo_is_refused_at_validation(project):
    case = Case("logo-mode", (logo("assets/logo.svg"),), (), False,
                files={"assets/logo.svg": GOOD_SVG})
    folder = write_campaign(case, project)
    (project / folder / "assets/logo.svg").chmod(0)
    with pytest.raises(ContentError) as raised:
        load_campaign(folder)
    assert "cannot read" in str(raised.value)


def test_a_good_logo_still_loads(project):
    case = Case("logo-good", (logo("assets/logo.svg"),), (), False,
                files={"assets/logo.svg": GOOD_SVG})
    campaign, _ = load_campaign(write_campaign(case, project))
    assert campaign.brand.logo == (project / "content/bad/assets/logo.svg").resolve()
