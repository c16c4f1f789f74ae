"""`posters new FOLDER`: a small, commented campaign that builds at once."""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import click

from posters.commands.starter import CAMPAIGN_YAML, TEXTS

BABEL_CFG = """\
# Extraction for `pybabel extract -F babel.cfg -o locale/messages.pot .`, run in this
# folder; `posters i18n extract` writes the same template.
[posters_campaign: *.yaml]
"""
GITIGNORE = "# what `posters build` writes when run in this folder\nout/\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: safe for ':', '#', '{' and any script."""
    return json.dumps(text, ensure_ascii=False)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63]
    return slug if slug and slug[0].isalnum() else "my-campaign"


def campaign_text(folder: Path, campaign_id: str, languages: list[str], year: int) -> str:
    source = languages[0]
    texts = TEXTS.get(source, TEXTS["en"])
    text = CAMPAIGN_YAML
    for key, value in texts.items():
        text = text.replace(f"@{key}@", _quoted(value))
    return (text.replace("@ID@", campaign_id).replace("@SOURCE@", source)
            .replace("@LANGUAGES@", ", ".join(languages)).replace("@YEAR@", str(year))
            .replace("@FOLDER@", str(folder)))


def _check_languages(languages: list[str]) -> None:
    from posters.languages import UnknownLanguage, babel_locale

    for lang in languages:
        try:
            babel_locale(lang)
        except UnknownLanguage:
            raise click.BadParameter(f"unknown language code '{lang}'; use a BCP 47 code "
                                     "that Babel knows, such as es, vi or zh-Hant",
                                     param_hint="--lang") from None
    doubled = sorted({lang for lang in languages if languages.count(lang) > 1})
    if doubled:
        raise click.BadParameter(f"{', '.join(doubled)} given twice", param_hint="--lang")


def write_catalogs(folder: Path, year: int) -> list[tuple[Path, int, int]]:
    """The template and one catalog per language besides the source, translated where
    the starter has the language's texts: (catalog, translated, messages) each."""
    from posters.commands.i18n import campaign_budgets, new_catalog, po_bytes
    from posters.files import write_atomic
    from posters.i18n.catalogs import translated_languages
    from posters.i18n.extract import load_for_catalogs, template_catalog
    from posters.i18n.paths import catalog_path, template_path

    campaign, problems = load_for_catalogs(folder)
    if campaign is None:  # our starter must load: anything else is our bug
        raise RuntimeError("the new campaign does not load: " +
                           "; ".join(str(p) for p in problems))
    template = template_catalog(campaign, campaign_budgets(campaign, room=True))
    write_atomic(template_path(campaign), po_bytes(template, template=True))
    written = []
    for lang in translated_languages(campaign):
        catalog = new_catalog(campaign, template, lang)
        texts = TEXTS.get(lang, {})
        translated = 0
        for message in catalog:
            if message.id and message.context in texts:
                message.string = texts[message.context].replace("@YEAR@", str(year))
                translated += 1
        path = catalog_path(campaign, lang)
        write_atomic(path, po_bytes(catalog))
        written.append((path, translated, sum(1 for m in catalog if m.id)))
    return written


@click.command("new", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="A language of the campaign (repeatable, or comma-separated); the first is "
                   "the one its texts are written in. Default: en.")
@click.option("--id", "campaign_id", metavar="ID",
              help="The campaign's id (lowercase letters, digits, '-'). Default: from the "
                   "folder's name.")
def new(folder: Path, languages: tuple[str, ...], campaign_id: str | None) -> None:
    """Start a campaign in FOLDER: a small, commented campaign.yaml that builds at once,
    and a translation catalog for each language besides the first.

    The starter text comes translated in en, es, fr, pt, de, vi, tl, zh-Hans, zh-Hant,
    ko and ja; the catalog of any other language is written untranslated (translate it,
    or build with --draft meanwhile)."""
    chosen = [lang.strip() for given in languages for lang in given.split(",")
              if lang.strip()] or ["en"]
    _check_languages(chosen)
    if folder.exists() and any(folder.iterdir()):
        raise click.UsageError(f"{folder} exists and is not empty; give a new folder")
    campaign_id = campaign_id or _slug(folder.resolve().name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", campaign_id):
        raise click.BadParameter("lowercase letters, digits and '-'", param_hint="--id")
    year = datetime.date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaign.yaml").write_text(campaign_text(folder, campaign_id, chosen, year),
                                          encoding="utf-8")
    (folder / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (folder / "assets" / "icons").mkdir(parents=True, exist_ok=True)
    catalogs = write_catalogs(folder, year)

    click.echo(f"wrote {folder / 'campaign.yaml'} ({', '.join(chosen)})")
    untranslated = []
    for path, translated, total in catalogs:
        click.echo(f"wrote {path} ({translated} of {total} messages translated)")
        if translated < total:
            untranslated.append(path)
    if chosen[0] not in TEXTS:
        click.echo(f"note: the starter text is in English; write your {chosen[0]} texts in "
                   "campaign.yaml", err=True)
    if untranslated:
        click.echo("note: translate " + ", ".join(map(str, untranslated)) + "; until then "
                   "`posters build --draft` prints the source text there", err=True)
    click.echo(f"next: edit {folder / 'campaign.yaml'} (the TODO lines first), then run "
               f"`posters build` in {folder}")
    sys.stdout.flush()
