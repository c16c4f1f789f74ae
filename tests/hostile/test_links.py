"""No file outside the campaign folder is read through a symbolic link, whatever the input
kind: each link is an error naming the file, exit 1, and its target is never used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from posters.diagnostics import Level
from posters.i18n.catalogs import check_catalog
from tests.i18n.helpers import JA, load, po_path, translate

from .conftest import ROOT, assert_user_error, edit, posters


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the campaign, not inside it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_a_catalog_linked_out_of_the_campaign_is_not_read(campaign: Path,
                                                          outside: Path) -> None:
    """Required: an ERROR 'link to a file outside the campaign' for ja (it was read and
    used); the linked catalog's translations never reach a page."""
    path = translate(campaign, "ja", JA)
    target = outside / "messages.po"
    shutil.move(path, target)
    os.symlink(target, path)
    [problem] = check_catalog(load(campaign), "ja")
    assert problem.level is Level.ERROR and "outside the campaign" in problem.message
    assert_user_error(posters("validate", campaign), "messages.po", "outside the campaign")


def test_a_locale_folder_linked_out_of_the_campaign_is_not_read(campaign: Path,
                                                                outside: Path) -> None:
    """Required: the same error when the language's folder, not the file, is the link."""
    path = translate(campaign, "ja", JA)
    shutil.move(path.parent.parent, outside / "ja")
    os.symlink(outside / "ja", campaign / "locale" / "ja")
    assert po_path(campaign, "ja").is_file()  # reachable through the link
    [problem] = check_catalog(load(campaign), "ja")
    assert problem.level is Level.ERROR and "outside the campaign" in problem.message


@pytest.mark.parametrize(("key", "name", "text"), [
    ("logo", "logo.png", b"\x89PNG"),
    ("output_profile", "shop.icc", b"profile"),
])
def test_brand_files_linked_out_of_the_campaign_are_errors(campaign: Path, outside: Path,
                                                           key: str, name: str,
                                                           text: bytes) -> None:
    """Required: exit 1 'leads outside the campaign folder through a symbolic link'."""
    (outside / name).write_bytes(text)
    os.symlink(outside / name, campaign / name)
    edit(campaign, "brand:\n", f"brand:\n  {key}: {name}\n")
    assert_user_error(posters("validate", campaign), "outside the campaign folder",
                      "symbolic link")


@pytest.mark.parametrize("name", ["regions.csv", "regions.yaml"])
def test_a_regions_file_linked_out_of_the_campaign_is_an_error(campaign: Path, outside: Path,
                                                               name: str) -> None:
    """Required: exit 1 naming the link; the file elsewhere is not read."""
    (outside / name).write_text("id,name,address\nx,X,Y\n" if name.endswith("csv")
                                else "- {id: x, name: X, address: Y}\n")
    os.symlink(outside / name, campaign / name)
    edit(campaign, "  footer:", f"  local_contacts:\n    heading: Local help\n"
                                f"    regions: {name}\n  footer:")
    assert_user_error(posters("validate", campaign), "outside the campaign folder")


def test_a_campaign_folder_reached_through_a_link_still_works(tmp_path: Path) -> None:
    """Required: a link *to* the campaign folder (not out of it) is fine: exit 0."""
    os.symlink(ROOT / "content" / "tip-2023", tmp_path / "linked")
    run = posters("validate", tmp_path / "linked")
    assert run.exit_code == 0, run.output


def _small_layout(campaign: Path) -> str:
    """A campaign layout: the stock card's description, as a designer would copy it."""
    return (ROOT / "posters" / "layouts" / "card.yaml").read_text(encoding="utf-8")


def test_a_campaign_layout_linked_out_of_the_campaign_is_an_error(campaign: Path,
                                                                  outside: Path) -> None:
    """Required: exit 1 naming layouts/card.yaml and the link; the layout elsewhere (which
    a build would otherwise use for the card) is never read."""
    (outside / "card.yaml").write_text(_small_layout(campaign), encoding="utf-8")
    (campaign / "layouts").mkdir()
    os.symlink(outside / "card.yaml", campaign / "layouts" / "card.yaml")
    assert_user_error(posters("validate", campaign), "card.yaml", "outside the campaign folder")
    run = posters("build", campaign, "--format", "card", "--lang", "en", "--out",
                  campaign.parent / "out", "--no-gallery")
    assert_user_error(run, "card.yaml", "outside the campaign folder")
    assert not list((campaign.parent / "out").rglob("*.pdf"))


def test_a_layouts_folder_linked_out_of_the_campaign_is_an_error(campaign: Path,
                                                                 outside: Path) -> None:
    """Required: the same when the whole layouts/ folder is the link."""
    (outside / "layouts").mkdir()
    (outside / "layouts" / "card.yaml").write_text(_small_layout(campaign), encoding="utf-8")
    os.symlink(outside / "layouts", campaign / "layouts")
    assert_user_error(posters("validate", campaign), "outside the campaign folder")


def test_a_campaign_font_linked_out_of_the_campaign_is_an_error(campaign: Path,
                                                                outside: Path) -> None:
    """Required: exit 1 at the fonts.faces line naming the link; the file elsewhere (a
    real font, which would otherwise be embedded) is not read."""
    stock = next((Path.home() / ".cache" / "posters" / "fonts").rglob("*.ttf"), None)
    if stock is None:
        pytest.skip("no prepared font in the cache to link to")
    shutil.copyfile(stock, outside / "Brand-Regular.ttf")
    (campaign / "fonts").mkdir()
    os.symlink(outside / "Brand-Regular.ttf", campaign / "fonts" / "Brand-Regular.ttf")
    edit(campaign, "campaign:\n", "fonts:\n  faces:\n    brand: {regular: "
                                  "fonts/Brand-Regular.ttf}\n  stacks:\n    \"*\": [brand]\n"
                                  "campaign:\n")
    assert_user_error(posters("validate", campaign), "Brand-Regular.ttf",
                      "outside the campaign folder")
