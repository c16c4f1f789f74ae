"""The package's own files and installed font packages found from their modules' folders
(posters.print.conditions, posters.print.legibility, posters.text.config): the places
importlib.resources gives, without importing it and its readers (#20)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from posters.print.conditions import bundled_profile
from posters.text.config import _package_root, load_config


def test_a_bundled_profile_is_where_importlib_resources_puts_it():
    for path in (resources.files("posters.print") / "profiles").iterdir():
        if path.name.endswith(".icc"):
            assert bundled_profile(path.name) == Path(str(path))
            assert bundled_profile(path.name).is_file()


def test_font_packages_are_found_as_importlib_resources_finds_them():
    packages = {font.package for font in load_config().fonts.values() if font.package}
    assert packages
    for package in sorted(packages):
        try:
            expected = Path(str(resources.files(package)))
        except ModuleNotFoundError:
            expected = None
        assert _package_root(package) == expected, package
    assert _package_root("posters.print") == Path(str(resources.files("posters.print")))


@pytest.mark.parametrize("name", ["no_such_font_package", "no_such_parent.fonts"])
def test_a_missing_font_package_is_none(name):
    _package_root.cache_clear()
    assert _package_root(name) is None
