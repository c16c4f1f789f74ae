"""Campaign YAML -> gettext messages.

The validated model decides what is translatable (``Campaign.texts()``), so numbers,
phone numbers, URLs and colours, which the model keeps as data, never reach a catalog.
Every message carries its key path as ``msgctxt`` and the line of its YAML value.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog

from posters.diagnostics import ContentError, Diagnostic, Level, Location
from posters.model import Campaign, Text
from posters.validate import CAMPAIGN_FILE, load_campaign

DEFAULT_COMMENT_TAGS = ("Translators:",)
# A fixed creation date keeps the template byte-identical between runs.
TEMPLATE_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def translator_comments(text: Text, tags: Collection[str] = DEFAULT_COMMENT_TAGS
                        ) -> list[str]:
    """The comment lines from the first tagged one on (a note may go on for lines)."""
    lines = list(text.comments)
    for index, line in enumerate(lines):
        if any(line.startswith(tag) for tag in tags):
            return lines[index:]
    return []


def text_file(text: Text) -> Path:
    """The file a text was written in (campaign.yaml, or another file of the campaign)."""
    return Path(text.location.file).resolve()


def extract_campaign(fileobj: IO[bytes], keywords: Collection[str],
                     comment_tags: Collection[str], options: Mapping[str, Any]
                     ) -> Iterator[tuple[int, str, tuple[str, ...], list[str]]]:
    """The ``babel.extractors`` entry point ``posters_campaign``: map it to the YAML files
    of a campaign folder (``[posters_campaign: *.yaml]``).

    The whole campaign is loaded and validated; the texts written in this file are
    yielded as ``pgettext``/``npgettext`` calls, so that Babel keeps the key path as
    message context.
    """
    path = Path(getattr(fileobj, "name", "") or "")
    if not path.is_file() or not (path.parent / CAMPAIGN_FILE).is_file():
        raise ValueError(f"the posters_campaign extractor reads the YAML files of a campaign "
                         f"folder (one with a {CAMPAIGN_FILE}), not "
                         f"{str(path) or 'an unnamed stream'}")
    for name in ("pgettext", "npgettext"):
        if name not in keywords:
            raise ValueError(f"the posters_campaign extractor needs the default keyword "
                             f"'{name}'; do not pass --no-default-keywords")
    campaign, _warnings = load_campaign(path.parent)
    tags = tuple(comment_tags) or DEFAULT_COMMENT_TAGS
    this_file = path.resolve()
    for text in campaign.texts():
        if text_file(text) != this_file:
            continue
        comments = translator_comments(text, tags)
        if text.plural is None:
            yield text.location.line, "pgettext", (text.key, text.source), comments
        else:
            yield (text.location.line, "npgettext", (text.key, text.source, text.plural),
                   comments)


def template_catalog(campaign: Campaign) -> Catalog:
    """The POT of a campaign, as ``pybabel extract`` with our extractor would write it
    when run in the campaign folder."""
    catalog = Catalog(project=campaign.meta.id, version=str(campaign.meta.reference_year),
                      copyright_holder=campaign.meta.organisation, charset="utf-8",
                      header_comment=header_comment(campaign, "Translation template"),
                      creation_date=TEMPLATE_DATE, revision_date=TEMPLATE_DATE, fuzzy=True)
    root = campaign.root.resolve()
    # pybabel visits the files in name order; texts keep their order within a file
    texts = sorted(campaign.texts(), key=lambda t: (_reference(t, root), t.location))
    for text in texts:
        msgid: str | tuple[str, str] = (
            text.source if text.plural is None else (text.source, text.plural))
        catalog.add(msgid, None, [(_reference(text, root), text.location.line)],
                    auto_comments=translator_comments(text), context=text.key)
    return catalog


def _reference(text: Text, root: Path) -> str:
    file = text_file(text)
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name


def header_comment(campaign: Campaign, what: str) -> str:
    return (f"# {what} for the campaign {campaign.meta.id}.\n"
            f"# {campaign.meta.copyright}\n"
            "# msgctxt: the key path of the text in campaign.yaml.\n"
            "# Keep every {placeholder} as written; never type a number,\n"
            "# phone number or address that the source does not have.\n"
            "# See docs/translating.md.")


def load_for_catalogs(folder: Path) -> tuple[Campaign | None, list[Diagnostic]]:
    """Load a campaign for the i18n commands: every problem as diagnostics, no raise."""
    try:
        campaign, warnings = load_campaign(folder)
    except ContentError as error:
        return None, list(error.diagnostics)
    except OSError as error:
        return None, [Diagnostic(Level.ERROR, Location(str(folder)), str(error))]
    return campaign, list(warnings)
