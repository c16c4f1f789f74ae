"""Checks that passed are remembered by the bytes checked and the tool's code
(posters.schema.checked): an icon drawn once is not drawn again, and anything else is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import posters.render.icons as icons
from posters.build import fingerprint
from posters.schema.assets import icon_problem

STOCK = Path(__file__).resolve().parents[2] / "posters" / "icons"


@pytest.fixture
def drawn(tmp_path, monkeypatch):
    """The files the SVG reader draws, in order; the check cache in a fresh folder."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    seen: list[Path] = []
    real = icons.load_icon

    def counting(path):  # type: ignore[no-untyped-def]
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(icons, "load_icon", counting)
    return seen


def _icon(tmp_path: Path, name: str = "sign.svg") -> Path:
    icon = tmp_path / name
    shutil.copy(STOCK / "cannot-leave.svg", icon)
    return icon


def test_an_icon_that_drew_is_not_drawn_again(tmp_path, drawn):
    icon = _icon(tmp_path)
    assert icon_problem(icon) is None
    assert icon_problem(icon) is None
    assert drawn == [icon]
    assert len(list((tmp_path / "checks").glob("*/*"))) == 1  # one entry, in its folder


def test_changed_bytes_are_drawn_again_and_a_failure_is_never_remembered(tmp_path, drawn):
    icon = _icon(tmp_path)
    assert icon_problem(icon) is None
    icon.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>',
                    encoding="utf-8")
    first = icon_problem(icon)
    assert first is not None and "draws nothing" in first.message
    again = icon_problem(icon)
    assert again == first
    assert drawn == [icon, icon, icon]


def test_the_same_bytes_under_other_code_are_drawn_again(tmp_path, drawn, monkeypatch):
    icon = _icon(tmp_path)
    assert icon_problem(icon) is None
    monkeypatch.setattr(fingerprint, "tool_fingerprint", lambda: "another version")
    assert icon_problem(icon) is None
    assert drawn == [icon, icon]


def test_a_cache_that_cannot_be_written_only_costs_the_check(tmp_path, drawn, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(blocker / "checks"))
    icon = _icon(tmp_path)
    assert icon_problem(icon) is None
    assert icon_problem(icon) is None
    assert drawn == [icon, icon]


def test_an_icc_profiles_description_is_read_once_for_the_same_bytes(tmp_path, monkeypatch):
    """The output profile's description (OutputIntent /Info) is read by LittleCMS once
    for its bytes; other bytes, or a damaged cache file, are read again."""
    from PIL import ImageCms

    from posters.print.icc import default_cmyk_profile, profile_description

    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    read: list[int] = []
    real = ImageCms.ImageCmsProfile

    def counting(source):  # type: ignore[no-untyped-def]
        read.append(1)
        return real(source)

    monkeypatch.setattr(ImageCms, "ImageCmsProfile", counting)
    data = default_cmyk_profile().read_bytes()
    first = profile_description(data)
    assert "FOGRA39" in first or "Coated" in first, first
    assert profile_description(data) == first
    assert len(read) == 1
    (entry,) = (tmp_path / "checks").glob("*/*.json")
    entry.write_text('{"check": "ICC profile description", "value": "forged"}',
                     encoding="utf-8")
    assert profile_description(data) == first
    assert len(read) == 2
    assert profile_description(data[:128]) == "ICC output profile"  # not a whole profile
    assert len(read) == 3
