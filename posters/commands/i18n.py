"""`posters i18n`: the translation workflow of a campaign with Babel's catalog tools.

    extract      the template locale/messages.pot from campaign.yaml (with each text's room)
    init         a catalog locale/<lang>/LC_MESSAGES/messages.po per language
    update       merge the template into every catalog (--check: only tell if one is stale)
    migrate      once: position-based message contexts to id-based ones, losing nothing
    compile      messages.mo from the checked translations
    status       per language: translated / fuzzy / missing / too long, and QA findings
    export       XLIFF 1.2 or 2.0 for CAT tools; import brings it (or a converter's PO) back
    screenshots  a PNG per message, source and translation side by side
    kit          one archive for a translator: PO, previews, screenshots, README
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from posters.diagnostics import ContentError, Diagnostic, Level, Location
from posters.files import shown as shown_path
from posters.files import write_atomic
from posters.i18n.catalogs import (
    CatalogReport,
    plural_rule,
    read_catalog,
    review_catalog,
    translated_languages,
)
from posters.i18n.extract import load_for_catalogs, signature, template_catalog
from posters.i18n.headers import apply_headers, revision_date
from posters.i18n.migrate import migrate_catalog
from posters.i18n.paths import catalog_path, template_path
from posters.i18n.room import ROOM_FLAGS, Budget, budgets, fit_findings, targets
from posters.i18n.xliff import (
    VERSIONS,
    Unit,
    apply_units,
    export_xliff,
    read_xliff,
    units_from_catalog,
)
from posters.languages import babel_locale, catalog_name
from posters.model import Campaign


def po_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=not template,
             omit_header=False, sort_output=False)
    return buffer.getvalue()


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
    catalog = Catalog(locale=babel_locale(lang), domain="messages", charset="utf-8",
                      fuzzy=False)
    apply_headers(catalog, campaign, lang, template_date=template.creation_date,
                  revised=template.creation_date)
    for message in template:
        if message.id:
            catalog.add(message.id, None, message.locations, message.flags,
                        message.auto_comments, context=message.context)
    return catalog


def _forms(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(s or "" for s in strings)


def refresh_headers(catalog: Catalog, campaign: Campaign, lang: str, path: Path,
                    template: Catalog) -> None:
    """The campaign's contact and team, the template's date and a true revision date."""
    apply_headers(catalog, campaign, lang, template_date=template.creation_date,
                  revised=revision_date(catalog, path, template.creation_date))


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


ROOM_OPTION = click.option(
    "--room/--no-room", default=True,
    help="Note in each entry how much room its text has, measured on every format's pages "
         "(default; needs the fonts). --no-room leaves it out.")


def campaign_budgets(campaign: Campaign, room: bool) -> dict[str, Budget] | None:
    if not room:
        return None
    from posters.text import TextEngine
    from posters.text.config import FontConfigError

    try:
        return budgets(campaign, TextEngine.default())
    except (FontConfigError, OSError) as error:
        click.echo(f"warning: no room notes ({error}); run 'posters fonts install'", err=True)
        return None


def refresh_room_flags(catalog: Catalog, template: Catalog) -> None:
    """Room flags are the template's: a merge must not keep an old max-length too."""
    for message in catalog:
        if not message.id:
            continue
        current = template.get(message.id, context=message.context)
        wanted = {f for f in (current.flags if current else ()) if f.startswith(ROOM_FLAGS)}
        message.flags = {f for f in message.flags if not f.startswith(ROOM_FLAGS)} | wanted


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
@ROOM_OPTION
def extract(campaign: Path | None, room: bool) -> None:
    """Write the template locale/messages.pot from campaign.yaml."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded, campaign_budgets(loaded, room))
    path = template_path(loaded)
    write_atomic(path, po_bytes(template, template=True))
    click.echo(f"{shown_path(path)}: {sum(1 for m in template if m.id)} messages")


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace existing catalogs (their translations "
                                            "are lost).")
@ROOM_OPTION
def init(campaign: Path | None, languages: tuple[str, ...], force: bool, room: bool) -> None:
    """Create the catalog of each language that has none yet."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded, campaign_budgets(loaded, room))
    write_atomic(template_path(loaded), po_bytes(template, template=True))
    for lang in chosen_languages(loaded, languages):
        path = catalog_path(loaded, lang)
        if path.exists() and not force:
            click.echo(f"{shown_path(path)}: exists, kept (use update, or init --force)")
            continue
        write_atomic(path, po_bytes(new_catalog(loaded, template, lang)))
        click.echo(f"{shown_path(path)}: created ({plural_rule(lang).count} plural form(s))")


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the template or a "
                                            "catalog is out of date (for CI).")
@ROOM_OPTION
def update(campaign: Path | None, languages: tuple[str, ...], check: bool, room: bool) -> None:
    """Merge the template into the catalogs: new texts appear untranslated, changed ones
    fuzzy with their previous text, removed ones obsolete (#~)."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded, campaign_budgets(loaded, room))
    stale: list[str] = []
    problems: list[Diagnostic] = []
    pot = template_path(loaded)
    pot_file = read_catalog(pot, loaded.meta.source_language)
    pot_state = (staleness(pot_file.catalog, template) if pot_file.catalog is not None
                 else "missing or unreadable")
    if pot_state:
        stale.append(f"{shown_path(pot)}: {pot_state}")
    if not check:
        write_atomic(pot, po_bytes(template, template=True))
    for lang in chosen_languages(loaded, languages):
        file = read_catalog(catalog_path(loaded, lang), lang)
        if file.catalog is None:
            problems.extend(file.problems)
            continue
        state = staleness(file.catalog, template)
        if state:
            stale.append(f"{file.display}: {state}")
        if check:
            continue
        file.catalog.update(template, update_creation_date=True)  # also the lines of #:
        refresh_room_flags(file.catalog, template)
        refresh_headers(file.catalog, loaded, lang, file.path, template)
        data = po_bytes(file.catalog)
        if data != file.path.read_bytes():  # new texts, or headers brought up to date
            write_atomic(file.path, data)
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
                           creation_date=result.file.catalog.creation_date,
                           revision_date=result.file.catalog.revision_date)
        for entry in result.entries:
            if entry.translated and entry.message is not None:
                forms = entry.forms if entry.text.plural is not None else entry.forms[0]
                compiled.add(entry.message.id, forms, context=entry.text.key)
        buffer = io.BytesIO()
        write_mo(buffer, compiled)
        path = result.file.path.with_suffix(".mo")
        write_atomic(path, buffer.getvalue())
        click.echo(f"{shown_path(path)}: {result.translated} of {len(result.entries)} "
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
@click.option("--fit/--no-fit", default=True,
              help="Check that every translation fits its box in every format and size at "
                   "its minimum size, measured by the text engine (default).")
def status(campaign: Path | None, languages: tuple[str, ...], verbose: bool, fit: bool
           ) -> None:
    """Per language: translated, fuzzy and missing messages, translations too long for a
    format, and every QA finding.

    Exit 1 when a catalog cannot be read, a translation is refused by QA or does not fit."""
    loaded = open_campaign(campaign)
    results = [review_catalog(loaded, lang) for lang in chosen_languages(loaded, languages)]
    total = len(list(loaded.texts()))
    fits: dict[str, tuple[list[Diagnostic], int]] = {}
    if fit:
        fits = fit_all(loaded, results)
    click.echo(f"{'language':<10} {'translated':>10} {'fuzzy':>6} {'missing':>8} "
               f"{'errors':>7} {'warnings':>9}" + (f" {'too long':>9}" if fit else ""))
    for r in results:
        refused = len(rejected_entries(r))
        too_long = (f" {len({p.subject for p in fits[r.lang][0]}):>9}"
                    if r.lang in fits else "")
        click.echo(f"{r.lang:<10} {r.translated:>6}/{total:<3} {r.fuzzy:>6} {r.missing:>8} "
                   f"{refused:>7} {r.warnings:>9}" + too_long)
    failed = False
    for r in results:
        refused = rejected_entries(r)
        failed = failed or bool(refused) or r.file.catalog is None
        shown = [p for p in r.problems if verbose or p in refused or p.level is Level.WARNING]
        if r.lang in fits:  # measured on the layouts: the ratio's guess is not needed
            shown = [p for p in shown if RATIO_WARNING not in p.message]
        report(shown)
        if r.lang in fits:
            overflow, fitting = fits[r.lang]
            report(overflow)
            failed = failed or bool(overflow)
            if verbose:
                click.echo(f"{r.lang}: {fitting} of {r.translated} translations fit every "
                           "format and size at their minimum size")
    if failed:
        sys.exit(1)


RATIO_WARNING = "times as long as the source"


def fit_all(campaign: Campaign, results: list[CatalogReport]
            ) -> dict[str, tuple[list[Diagnostic], int]]:
    from posters.text import TextEngine
    from posters.text.config import FontConfigError

    try:
        engine = TextEngine.default()
        chosen = targets(campaign)
        return {r.lang: fit_findings(campaign, r, engine, chosen) for r in results
                if r.file.catalog is not None}
    except (FontConfigError, OSError) as error:
        click.echo(f"warning: the fit of translations was not checked ({error}); run "
                   "'posters fonts install'", err=True)
        return {}


@i18n.command()
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a catalog still has "
                                            "position-based contexts (for CI).")
@ROOM_OPTION
def migrate(campaign: Path | None, languages: tuple[str, ...], check: bool, room: bool
            ) -> None:
    """Move catalogs from position-based contexts (content.hotlines[0].label) to id-based
    ones (content.hotlines.police.label), keeping every translation, then refresh the
    template and the headers.

    Run it once after upgrading; it changes nothing in a catalog already migrated."""
    loaded = open_campaign(campaign)
    template = template_catalog(loaded, campaign_budgets(loaded, room and not check))
    failed = False
    pending = 0
    for lang in chosen_languages(loaded, languages):
        file = read_catalog(catalog_path(loaded, lang), lang)
        if file.catalog is None:
            report(list(file.problems))
            failed = True
            continue
        before = sum(1 for m in file.catalog if m.id and not m.fuzzy and all(_forms(m)))
        migrated, result = migrate_catalog(loaded, file.catalog)
        pending += result.moved
        if check:
            if result.moved:
                click.echo(f"{file.display}: {result.moved} message(s) to migrate")
            continue
        for message in migrated:  # where the texts are now written, and their notes
            current = template.get(message.id, context=message.context) if message.id else None
            if current is not None:
                message.locations = list(current.locations)
                message.auto_comments = list(current.auto_comments)
        refresh_room_flags(migrated, template)
        refresh_headers(migrated, loaded, lang, file.path, template)
        write_atomic(file.path, po_bytes(migrated))
        after = review_catalog(loaded, lang, draft=True).translated
        click.echo(f"{file.display}: {result.moved} moved to id-based contexts, "
                   f"{result.kept} kept; translations {before} before, {after} usable after")
        for context in result.unmatched:
            click.echo(f"{file.display}: {context}: no text of the campaign matches; left "
                       "as it was ('posters i18n update' will mark it obsolete)", err=True)
    if check:
        if pending:
            click.echo(f"{pending} message(s) to migrate; run 'posters i18n migrate'", err=True)
            sys.exit(1)
        click.echo("every catalog uses id-based contexts")
        return
    write_atomic(template_path(loaded), po_bytes(template, template=True))
    if failed:
        sys.exit(1)


@i18n.command(name="export")
@CAMPAIGN_ARGUMENT
@LANG_OPTION
@click.option("--format", "file_format", type=click.Choice(["xliff"]), default="xliff",
              show_default=True, help="The exchange format (the PO file stays the record).")
@click.option("--xliff-version", type=click.Choice(VERSIONS), default="1.2", show_default=True)
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the files (default out/<campaign>/xliff).")
def export(campaign: Path | None, languages: tuple[str, ...], file_format: str,
           xliff_version: str, out_dir: Path | None) -> None:
    """Write <lang>.xlf for CAT tools: contexts, notes, room (length limits), protected
    placeholders and each entry's state. Bring it back with 'posters i18n import'."""
    loaded = open_campaign(campaign)
    out_dir = out_dir or Path("out") / loaded.name / "xliff"
    failed = False
    for lang in chosen_languages(loaded, languages):
        file = read_catalog(catalog_path(loaded, lang), lang)
        if file.catalog is None:
            report(list(file.problems))
            failed = True
            continue
        path = out_dir / f"{catalog_name(lang)}.xlf"
        write_atomic(path, export_xliff(loaded, file.catalog, lang, xliff_version))
        count = sum(1 for m in file.catalog if m.id)
        click.echo(f"{shown_path(path)}: XLIFF {xliff_version}, {count} messages")
    if failed:
        sys.exit(1)


@i18n.command(name="import")
@click.argument("campaign", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--lang", "-l", "language", metavar="LANG", default=None,
              help="The files' language (default: the one each file names).")
def import_(campaign: Path, files: tuple[Path, ...], language: str | None) -> None:
    """Bring translations back from XLIFF 1.2 / 2.0 files, or from PO files that a
    converter made (Translate Toolkit's xliff2po drops msgctxt: entries are then found
    by their source line and English). The catalogs are updated and checked."""
    loaded = open_campaign(campaign)
    failed = False
    for path in files:
        shown = shown_path(path)
        try:
            units, named = _import_units(path, language)
        except ContentError as error:
            report(list(error.diagnostics))
            failed = True
            continue
        lang = language or named
        if lang is None or lang not in translated_languages(loaded):
            known = ", ".join(translated_languages(loaded))
            report([Diagnostic(Level.ERROR, Location(shown), f"the file's language is "
                               f"{lang or 'not named'}; give --lang, one of {known}")])
            failed = True
            continue
        file = read_catalog(catalog_path(loaded, lang), lang)
        if file.catalog is None:
            report(list(file.problems))
            failed = True
            continue
        result = apply_units(file.catalog, units, shown)
        report(result.problems)
        if result.changed:
            write_atomic(file.path, po_bytes(file.catalog))
        review = review_catalog(loaded, lang)
        refused = rejected_entries(review)
        report(refused)
        click.echo(f"{file.display}: {result.changed} translation(s) imported, "
                   f"{result.unchanged} unchanged; {review.translated} of "
                   f"{len(review.entries)} usable, {len(refused)} refused by QA")
        failed = failed or bool(refused)
    if failed:
        sys.exit(1)


def _import_units(path: Path, language: str | None) -> tuple[list[Unit], str | None]:
    if path.suffix.lower() not in (".po", ".pot"):
        return read_xliff(path)
    lang = language
    if lang is None:  # the header's Language line; the file is read and checked below
        head = path.read_bytes()[:20000].decode("utf-8", "replace")
        named = re.search(r'^"Language: ([A-Za-z0-9_-]{2,20})\\n"$', head, re.MULTILINE)
        lang = named.group(1).replace("_", "-") if named else None
    file = read_catalog(path, lang or "en")
    if file.catalog is None:
        raise ContentError(file.problems)
    return units_from_catalog(file.catalog), lang


def text_engine():  # type: ignore[no-untyped-def]
    """The text engine, or a message saying how to get the fonts it needs."""
    from posters.text import TextEngine
    from posters.text.config import FontConfigError

    try:
        return TextEngine.default()
    except (FontConfigError, OSError) as error:
        click.echo(f"{error}; run 'posters fonts install'", err=True)
        sys.exit(1)


def one_language(campaign: Campaign, lang: str) -> str:
    from posters.i18n.pseudo import PSEUDO_LOCALES

    known = translated_languages(campaign)
    if lang not in known and lang not in PSEUDO_LOCALES:
        raise click.UsageError(f"'{lang}' is not a translated language of the campaign; "
                               f"choose from {', '.join([*known, *PSEUDO_LOCALES])}")
    return lang


@i18n.command()
@CAMPAIGN_ARGUMENT
@click.option("--lang", "-l", "language", required=True, metavar="LANG",
              help="The translation's language (or a pseudo-locale, qps-ploc).")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the PNGs (default out/<campaign>/screenshots/"
                                 "<lang>).")
def screenshots(campaign: Path | None, language: str, out_dir: Path | None) -> None:
    """A PNG per message, named by its context: where it is printed with the least
    room, the source and the translation side by side, its box framed in magenta."""
    from posters.i18n.screenshots import take_screenshots

    loaded = open_campaign(campaign)
    lang = one_language(loaded, language)
    out_dir = out_dir or Path("out") / loaded.name / "screenshots" / lang
    shots = take_screenshots(loaded, lang, out_dir, text_engine())
    missing = [s.key for s in shots if not s.translated]
    click.echo(f"{shown_path(out_dir)}: {len(shots)} screenshots")
    for key in missing:
        click.echo(f"{key}: the translation's page could not be set (a text does not fit; "
                   "see 'posters i18n status'): only the source is shown", err=True)


@i18n.command()
@CAMPAIGN_ARGUMENT
@click.option("--lang", "-l", "language", required=True, metavar="LANG",
              help="The kit's language.")
@click.option("--out", "-o", "archive", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="The archive (default out/<campaign>/kits/<id>-<lang>.zip).")
def kit(campaign: Path | None, language: str, archive: Path | None) -> None:
    """One archive for a freelance translator: the PO file, a preview PDF of each format
    (untranslated text framed magenta, text too long framed orange), the screenshots and
    a short README in plain language."""
    from posters.i18n.kit import make_kit

    loaded = open_campaign(campaign)
    lang = one_language(loaded, language)
    archive = archive or Path("out") / loaded.name / "kits" / f"{loaded.meta.id}-{lang}.zip"
    contents = make_kit(loaded, lang, archive, text_engine())
    click.echo(f"{shown_path(archive)}: {len(contents.previews)} previews, "
               f"{contents.screenshots} screenshots; {len(contents.untranslated)} "
               f"untranslated, {len(contents.too_long)} too long")
