"""Where a campaign's translation catalogs live: the gettext layout that pybabel, Poedit
and Weblate expect. Light on imports, for the up-to-date check of a build."""

from __future__ import annotations

from pathlib import Path

from posters.languages import catalog_name
from posters.model import Campaign

DOMAIN = "messages"


def locale_dir(campaign: Campaign) -> Path:
    return campaign.root / "locale"


def template_path(campaign: Campaign) -> Path:
    return locale_dir(campaign) / f"{DOMAIN}.pot"


def catalog_path(campaign: Campaign, lang: str) -> Path:
    return locale_dir(campaign) / catalog_name(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
