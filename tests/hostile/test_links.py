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
