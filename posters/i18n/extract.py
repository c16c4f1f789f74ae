"""Campaign YAML -> gettext messages.

The validated model decides what is translatable (``Campaign.texts()``), so numbers,
phone numbers, URLs and colours, which the model keeps as data, never reach a catalog.
Every message carries its key path as ``msgctxt`` and the line of its YAML value.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from babel.messages.catalog import Catalog

from posters.dates import FILE_TIME, campaign_date
from posters.diagnostics import ContentError, Diagnostic, Level, Location
from posters.i18n.headers import PLACEHOLDER_DATE, apply_headers
from posters.model import Campaign, Text

if TYPE_CHECKING:
    from posters.i18n.room import Budget
from posters.schema.campaign import CAMPAIGN_FILE, load_campaign

DEFAULT_COMMENT_TAGS = ("Translators:",)


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


NOT_ON_PAGE = ("Room: no limit; this text is not set on the pages of the campaign's "
               "formats (it is metadata, such as the PDF files' title).")


def room_notes(text: Text, budgets: Mapping[str, Budget] | None
               ) -> tuple[list[str], tuple[str, ...]]:
    """The room comment and Weblate's flags of a text (none when budgets are off)."""
    if budgets is None:
        return [], ()
    budget = budgets.get(text.key)
    if budget is None:
        return [NOT_ON_PAGE], ()
    return [budget.comment()], budget.flags()


def template_catalog(campaign: Campaign, budgets: Mapping[str, Budget] | None = None
                     ) -> Catalog:
    """The POT of a campaign, as ``pybabel extract`` with our extractor would write it
    when run in the campaign folder; with ``budgets`` (posters.i18n.room), each entry
    also says how much room it has, in words and as Weblate flags."""
    catalog = Catalog(charset="utf-8", fuzzy=True)
    root = campaign.root.resolve()
    # pybabel visits the files in name order; texts keep their order within a file
    texts = sorted(campaign.texts(), key=lambda t: (_reference(t, root), t.location))
    for text in texts:
        msgid: str | tuple[str, str] = (
            text.source if text.plural is None else (text.source, text.plural))
        notes, flags = room_notes(text, budgets)
        catalog.add(msgid, None, [(_reference(text, root), text.location.line)],
                    flags=flags, auto_comments=translator_comments(text) + notes,
                    context=text.key)
    created = _written_date(campaign, catalog) or \
        campaign_date(campaign).when.replace(second=0)
    apply_headers(catalog, campaign, None, template_date=created, revised=created)
    return catalog


def signature(catalog: Catalog) -> dict[tuple[object, str | None], str]:
    """What a translator sees of each message: its id, context and notes (not line numbers;
    notes as words, since PO files wrap them)."""
    return {(m.id, m.context): " ".join(" ".join(m.auto_comments).split())
            for m in catalog if m.id}


def _written_date(campaign: Campaign, template: Catalog) -> datetime | None:
    """Unless the campaign's date is pinned (SOURCE_DATE_EPOCH, ``print.date``,
    ``campaign.date``), the date of the written template while its messages are unchanged
    (its own history), so that writing it again changes nothing."""
    if campaign_date(campaign).source not in ("git", FILE_TIME):
        return None
    from posters.i18n.catalogs import read_catalog
    from posters.i18n.paths import template_path

    written = read_catalog(template_path(campaign), campaign.meta.source_language).catalog
    if written is None or signature(written) != signature(template):
        return None
    created = written.creation_date
    return created if created.year > PLACEHOLDER_DATE.year else None


def _reference(text: Text, root: Path) -> str:
    file = text_file(text)
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name


def load_for_catalogs(folder: Path) -> tuple[Campaign | None, list[Diagnostic]]:
    """Load a campaign for the i18n commands: every problem as diagnostics, no raise."""
    try:
        campaign, warnings = load_campaign(folder)
    except ContentError as error:
        return None, list(error.diagnostics)
    except OSError as error:
        return None, [Diagnostic(Level.ERROR, Location(str(folder)), str(error))]
    return campaign, list(warnings)
