"""The headers of a campaign's catalogs: who to ask, true dates, and a header comment that
a freelance translator without the tool or its documentation can read.

Dates are deterministic. The template's ``POT-Creation-Date`` is the campaign's date
(posters.dates: SOURCE_DATE_EPOCH, ``print.date``, ``campaign.date``, the campaign
folder's last commit, or campaign.yaml's modification time), the one its PDFs carry.
A catalog's ``PO-Revision-Date`` is the one it already has (translators' editors keep
it), or else the date of the catalog's last commit, or else the template's date.
Nothing is ever a placeholder such as 2000-01-01.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from posters.dates import last_commit
from posters.languages import babel_locale
from posters.model import Campaign

WIDTH = 72  # header comment lines, so that write_po (width 76) never wraps them
PLACEHOLDER_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # what catalogs before 2026 carried
_PLACEHOLDERS = ("EMAIL@ADDRESS", "FULL NAME", "LL@li.org")


def revision_date(catalog: Catalog | None, path: Path, template_date: datetime) -> datetime:
    current = getattr(catalog, "revision_date", None)
    if isinstance(current, datetime) and current.year > PLACEHOLDER_DATE.year:
        return current
    committed = last_commit(path, unchanged=True) if path.is_file() else None
    return committed.replace(second=0) if committed else template_date


def _real(value: str | None) -> str:
    return "" if not value or any(p in value for p in _PLACEHOLDERS) else value


def contact_address(campaign: Campaign) -> str:
    """``campaign.contact``, or else the campaign's web address."""
    web = campaign.content.web
    return campaign.meta.contact or (web.url if web else "")


def team(campaign: Campaign, lang: str) -> str:
    name = babel_locale(lang).english_name
    contact = contact_address(campaign)
    if not contact:
        return f"{name} translators of {campaign.meta.organisation}"
    address = contact[contact.index("<"):] if "<" in contact else f"<{contact}>"
    return f"{name} translators of {campaign.meta.organisation} {address}"


def apply_headers(catalog: Catalog, campaign: Campaign, lang: str | None, *,
                  template_date: datetime, revised: datetime) -> None:
    """Fill the header fields and comment of a catalog (``lang`` None: the template)."""
    catalog.project = campaign.meta.id
    catalog.version = str(campaign.meta.reference_year)
    catalog.copyright_holder = campaign.meta.organisation
    catalog.msgid_bugs_address = contact_address(campaign)
    catalog.creation_date = template_date
    catalog.revision_date = revised
    catalog.last_translator = _real(catalog.last_translator)
    catalog.language_team = team(campaign, lang) if lang else ""
    catalog.header_comment = header_comment(campaign, lang)


# --------------------------------------------------------------------------- comment

MILLIONS = {  # why a language has a form of its own for whole millions
    "es": "'1 millón de víctimas', with 'de'",
    "pt": "'1 milhão de vítimas', with 'de'",
    "fr": "'1 million de victimes', with 'de'",
    "it": "'1 milione di vittime', with 'di'",
    "": "the language joins a million to its noun differently",
}


def plural_examples(lang: str) -> list[list[int]]:
    """For each gettext form of ``lang``, the first numbers that use it."""
    from posters.i18n.catalogs import plural_rule

    rule = plural_rule(lang)
    found: list[list[int]] = [[] for _ in range(rule.count)]
    numbers = [*range(0, 112), 1000, 1001, 10000, 100000, 1000000, 2000000, 1000001]
    for number in numbers:
        index = rule.choose(number)
        if len(found[index]) < 6:
            found[index].append(number)
    return found


def _plural_lines(lang: str) -> list[str]:
    examples = plural_examples(lang)
    name = babel_locale(lang).english_name
    if len(examples) == 1:
        return [f"Plural forms: {name} has one form: write msgstr[0] only; it is used",
                "for every number."]
    lines = [f"Plural forms: {name} has {len(examples)} forms, chosen by the number",
             "(the rules are CLDR's, the standard that every operating system uses):"]
    for index, numbers in enumerate(examples):
        shown = ", ".join(f"{n:,}".replace(",", " ") for n in numbers)
        line = f"msgstr[{index}] for {shown}..."
        if all(n and n % 1_000_000 == 0 for n in numbers):
            line += f" (whole millions: {MILLIONS.get(lang.split('-')[0], MILLIONS[''])})"
        lines += textwrap.wrap(line, WIDTH)
    lines.append("Fill every form, even when two read the same in your language.")
    return lines


GUIDANCE = (
    "Each entry is one text of the posters and leaflets. msgid is the English; write "
    "your translation in msgstr. msgctxt says where the text is, e.g. "
    "content.hotlines.police.label is the label of the police phone line. The same "
    "English in two places is two entries, so each can be made to fit its place.",
    "Lines starting '#.' are notes for you: what the text is, and how much room it has "
    "('Room:'). A text longer than its room is set smaller, down to the smallest size "
    "given; one that does not fit even then cannot be printed.",
    "Keep every {placeholder} exactly as written, e.g. {value} (a number such as 30%), "
    "{year}, {police} (a phone number); move it where your grammar needs it. Never type "
    "a phone number, web address or number that the English does not have.",
    "Plain text only: no HTML, no line breaks; the layout sets bold, breaks lines and "
    "sets right-to-left text.",
    "'#, fuzzy' marks a guess made after the English changed ('#|' shows the old "
    "English): check it and remove the flag; until then it is not used.",
)


def header_comment(campaign: Campaign, lang: str | None) -> str:
    meta = campaign.meta
    title = meta.title.source
    if lang is None:
        first = f"Translation template for \"{title}\" ({meta.id})."
    else:
        first = f"{babel_locale(lang).english_name} translation of \"{title}\" ({meta.id})."
    lines = [*textwrap.wrap(first, WIDTH), meta.copyright]
    if contact_address(campaign):
        lines.append(f"Questions about the text: {contact_address(campaign)}")
    lines += ["", "How to translate this file:"]
    for point in GUIDANCE:
        # no indentation: Babel strips it when it reads a catalog back
        lines += textwrap.wrap("- " + point, WIDTH)
    if lang is not None:
        lines += ["", *_plural_lines(lang)]
    return "\n".join(f"# {line}".rstrip() for line in lines)
