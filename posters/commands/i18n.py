"""`posters i18n`: the translation workflow of a campaign with Babel's catalog tools.

    extract  the template locale/messages.pot from campaign.yaml
    init     a catalog locale/<lang>/LC_MESSAGES/messages.po per language from the template
    update   merge the template into every catalog (--check: only tell whether one is stale)
    compile  messages.mo from the checked translations
    status   per language: translated / fuzzy / missing, and the QA findings
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from posters.diagnostics import Diagnostic, Level
from posters.i18n.catalogs import (
    CatalogReport,
    display,
    plural_rule,
    read_catalog,
    review_catalog,
    translated_languages,
)
from posters.i18n.extract import (
    TEMPLATE_DATE,
    header_comment,
    load_for_catalogs,
    template_catalog,
)
from posters.i18n.paths import catalog_path, template_path
from posters.languages import babel_locale
from posters.model import Campaign


def po_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=not template,
             omit_header=False, sort_output=False)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def open_campaign(folder: Path | None) -> Campaign:
    from posters.cli import resolve_campaign  # the folder given, or the current folder's

    folder = resolve_campaign(folder)
    campaign, problems = load_for_catalogs(folder)
    errors = [p for p in problems if p.level is Level.ERROR]
    if campaign is None or errors:
        report(problems)
        click.echo(f"{len(errors)} error(s) in the campaign; nothing was written.", err=True)
        sys.exit(1)
    return campaign


def chosen_languages(campaign: Campaign, languages: tuple[str, ...]) -> list[str]:
    known = translated_languages(campaign)
    for lang in languages:
        if lang not in known:
            raise click.UsageError(f"'{lang}' is not a translated language of the campaign; "
                                   f"choose from {', '.join(known)}")
    return list(languages) or known


def new_catalog(campaign: Campaign, template: Catalog, lang: str) -> Catalog:
    """A catalog for ``lang`` from the template, as ``pybabel init`` makes it."""
    name = babel_locale(lang).english_name
    catalog = Catalog(locale=babel_locale(lang), domain="messages",
                      project=template.project, version=template.version,
                      copyright_holder=template.copyright_holder, charset="utf-8",
                      header_comment=header_comment(campaign, f"{name} translation"),
                      creation_date=TEMPLATE_DATE, revision_date=TEMPLATE_DATE, fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, None, message.locations, message.flags,
                        message.auto_comments, context=message.context)
    return catalog


def signature(catalog: Catalog) -> dict[tuple[object, str | None], str]:
    """What a translator sees of each message: its id, context and notes (not line numbers;
    notes as words, since PO files wrap them)."""
    return {(m.id, m.context): " ".join(" ".join(m.auto_comments).split())
            for m in catalog if m.id}


def staleness(current: Catalog, template: Catalog) -> str | None:
    have, want = signature(current), signature(template)
    new = [key for key in want if key not in have]
    gone = [key for key in have if key not in want]
    notes = [key for key in want if key in have and have[key] != want[key]]
    if not (new or gone or notes):
        return None
    parts = [f"{len(new)} new" if new else "", f"{len(gone)} changed or removed" if gone else "",
             f"{len(notes)} with changed notes" if notes else ""]
    return ", ".join(p for p in parts if p)


LANG_OPTION = click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
                           help="Only this language (repeatable). Default: every "
                                "translated language of the campaign.")
CAMPAIGN_ARGUMENT = click.argument("campaign", required=False, default=None,
                                   type=click.Path(file_okay=False, path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def i18n() -> None:
    """Translation catalogs of a campaign (gettext PO files, Babel).

    CAMPAIGN is a campaign folder (default: the current folder); its catalogs are
    locale/<lang>/LC_MESSAGES/messages.po, its template locale/messages.pot.
    """


@i18n.command()
@CAMPAIGN_ARGUMENT
def extract(campaign: Path | None) -> None:
    """Write the template locale/messages.pot from campaign.yaml."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded)
    path = template_path(loaded)
    write_atomically(path, po_bytes(template, template=True))
    click.echo(f"{display(path)}: {sum(1 for m in template if m.id)} messages")


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace existing catalogs (their translations "
                                            "are lost).")
def init(campaign: Path | None, languages: tuple[str, ...], force: bool) -> None:
    """Create the catalog of each language that has none yet."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded)
    write_atomically(template_path(loaded), po_bytes(template, template=True))
    for lang in chosen_languages(loaded, languages):
        path = catalog_path(loaded, lang)
        if path.exists() and not force:
            click.echo(f"{display(path)}: exists, kept (use update, or init --force)")
            continue
        write_atomically(path, po_bytes(new_catalog(loaded, template, lang)))
        click.echo(f"{display(path)}: created ({plural_rule(lang).count} plural form(s))")


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the template or a "
                                            "catalog is out of date (for CI).")
def update(campaign: Path | None, languages: tuple[str, ...], check: bool) -> None:
    """Merge the template into the catalogs: new texts appear untranslated, changed ones
    fuzzy with their previous text, removed ones obsolete (#~)."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded)
    stale: list[str] = []
    problems: list[Diagnostic] = []
    pot = template_path(loaded)
    pot_file = read_catalog(pot, loaded.meta.source_language)
    pot_state = (staleness(pot_file.catalog, template) if pot_file.catalog is not None
                 else "missing or unreadable")
    if pot_state:
        stale.append(f"{display(pot)}: {pot_state}")
    if not check:
        write_atomically(pot, po_bytes(template, template=True))
    for lang in chosen_languages(loaded, languages):
        file = read_catalog(catalog_path(loaded, lang), lang)
        if file.catalog is None:
            problems.extend(file.problems)
            continue
        state = staleness(file.catalog, template)
        if state:
            stale.append(f"{file.display}: {state}")
        if not check and state:
            file.catalog.update(template, update_creation_date=False)
            write_atomically(file.path, po_bytes(file.catalog))
    report(problems)
    for line in stale:
        click.echo(f"{line}{' (stale)' if check else ' (updated)'}")
    if check and (stale or problems):
        click.echo(f"{len(stale)} stale, {len(problems)} unreadable; run 'posters i18n "
                   "update'", err=True)
        sys.exit(1)
    if problems:
        sys.exit(1)
    if not stale:
        click.echo("every catalog is up to date")


@i18n.command(name="compile")
@CAMPAIGN_ARGUMENT
@LANG_OPTION
def compile_(campaign: Path | None, languages: tuple[str, ...]) -> None:
    """Write messages.mo next to each catalog, holding only translations that pass QA."""
    loaded = open_campaign(campaign)
    failed = False
    for lang in chosen_languages(loaded, languages):
        result = review_catalog(loaded, lang, draft=True)
        if result.file.catalog is None:
            report(list(result.problems))
            failed = True
            continue
        rejected = rejected_entries(review_catalog(loaded, lang))
        report(rejected)
        failed = failed or bool(rejected)
        compiled = Catalog(locale=babel_locale(lang), domain="messages", charset="utf-8",
                           creation_date=TEMPLATE_DATE, revision_date=TEMPLATE_DATE)
        for entry in result.entries:
            if entry.translated and entry.message is not None:
                forms = entry.forms if entry.text.plural is not None else entry.forms[0]
                compiled.add(entry.message.id, forms, context=entry.text.key)
        buffer = io.BytesIO()
        write_mo(buffer, compiled)
        path = result.file.path.with_suffix(".mo")
        write_atomically(path, buffer.getvalue())
        click.echo(f"{display(path)}: {result.translated} of {len(result.entries)} "
                   "translations")
    if failed:
        sys.exit(1)


def rejected_entries(result: CatalogReport) -> list[Diagnostic]:
    """Errors other than a missing or fuzzy translation: what QA refused."""
    return [p for p in result.problems if p.level is Level.ERROR
            and not p.message.startswith(("untranslated", "fuzzy", "not in the catalog"))]


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--verbose", "-v", is_flag=True, help="Also list each untranslated and fuzzy "
                                                    "message.")
def status(campaign: Path | None, languages: tuple[str, ...], verbose: bool) -> None:
    """Per language: translated, fuzzy and missing messages, and every QA finding.

    Exit 1 when a catalog cannot be read or a translation is refused by QA."""
    loaded = open_campaign(campaign)
    results = [review_catalog(loaded, lang) for lang in chosen_languages(loaded, languages)]
    total = len(list(loaded.texts()))
    click.echo(f"{'language':<10} {'translated':>10} {'fuzzy':>6} {'missing':>8} "
               f"{'errors':>7} {'warnings':>9}")
    for r in results:
        refused = len(rejected_entries(r))
        click.echo(f"{r.lang:<10} {r.translated:>6}/{total:<3} {r.fuzzy:>6} {r.missing:>8} "
                   f"{refused:>7} {r.warnings:>9}")
    failed = False
    for r in results:
        refused = rejected_entries(r)
        failed = failed or bool(refused) or r.file.catalog is None
        shown = [p for p in r.problems if verbose or p in refused or p.level is Level.WARNING]
        report(shown)
    if failed:
        sys.exit(1)
