"""Shared fixtures for the format tests: the sample campaign localized and composed."""

from __future__ import annotations

from pathlib import Path

import pytest

from posters.diagnostics import Location
from posters.localize import Translation, localize
from tests.conftest import SAMPLE

# ja, th, ar and my: four scripts with their own shaping, line breaking and direction.
SCRIPTS = ("ja", "th", "ar", "my")


def catalog_lookup(lang: str):
    """A lookup from the campaign's gettext catalog for ``lang`` (msgctxt = key path), or
    None when the catalog has not been written yet."""
    from babel.messages.pofile import read_po

    path = SAMPLE / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle)
    table = {message.context: message.string for message in catalog
             if message.id and message.string and not message.fuzzy}

    def lookup(text):
        found = table.get(text.key)
        return Translation(found, Location(str(path))) if found else None

    return lookup


@pytest.fixture(scope="session")
def localized_en(sample_campaign):
    return localize(sample_campaign, "en")


@pytest.fixture(scope="session")
def localized_ar(sample_campaign):
    return localize(sample_campaign, "ar")


def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("formats")
