"""Messages name the campaign file as the user typed its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from posters.diagnostics import ContentError
from posters.schema.campaign import load_campaign
from tests.validation.cases import CASES
from tests.validation.conftest import write_campaign

BAD = next(case for case in CASES if case.id == "share-is-a-word")
MESSAGE = (":24:16: error: content.statistics.items[0].value: expected a number between 0 "
           "and 1 for a share, got 'ten'")


def first_line(folder: Path) -> str:
    with pytest.raises(ContentError) as raised:
        load_campaign(folder)
    return str(raised.value.diagnostics[0])


@pytest.mark.parametrize("typed", ["content/bad", "./content/bad", "content/bad/",
                                   "content//bad"])
def test_relative_folder_from_the_project_root(project: Path, typed: str) -> None:
    write_campaign(BAD, project)
    assert first_line(Path(typed)) == "content/bad/campaign.yaml" + MESSAGE


def test_relative_folder_from_elsewhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_campaign(BAD, project)
    (project / "docs").mkdir()
    monkeypatch.chdir(project / "docs")
    assert first_line(Path("../content/bad")) == "../content/bad/campaign.yaml" + MESSAGE


def test_absolute_folder_inside_the_current_folder(project: Path) -> None:
    write_campaign(BAD, project)
    assert first_line(project / "content" / "bad") == "content/bad/campaign.yaml" + MESSAGE


def test_absolute_folder_elsewhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_campaign(BAD, project)
    (project / "elsewhere").mkdir()
    monkeypatch.chdir(project / "elsewhere")
    absolute = project / "content" / "bad"
    assert first_line(absolute) == f"{absolute}/campaign.yaml" + MESSAGE


def test_asset_messages_name_the_folder_as_typed(project: Path) -> None:
    case = next(c for c in CASES if c.id == "asset-missing")
    write_campaign(case, project)
    assert first_line(Path("./content/bad")).endswith("not found in content/bad; add it or "
                                                      "correct the path")


def test_missing_folder(project: Path) -> None:
    with pytest.raises(ContentError) as raised:
        load_campaign(Path("content/nope"))
    assert str(raised.value) == "content/nope: error: no such campaign folder"
