"""`posters fonts`: the fonts per language and their coverage; `posters fonts install`."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

import click

from posters.text.config import FontConfigError, load_config
from posters.text.report import font_report
from posters.text.specimen import specimen_texts


def specimen_pairs() -> Iterable[tuple[str, str]]:
    url, texts = specimen_texts()
    for lang, t in texts.items():
        for s in (t["headline"], t["statistic"], t["paragraph"], url):
            yield lang, s


def campaign_pairs(path: Path) -> Iterable[tuple[str, str]]:
    """(lang, text) for every string a campaign sets, in each of its languages (missing
    translations fall back to the source text, as a draft build does)."""
    from posters.build import default_lookups
    from posters.diagnostics import ContentError
    from posters.localize import localize
    from posters.validate import load_campaign

    try:
        campaign, _ = load_campaign(path)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None
    lookups = default_lookups()
    for lang in campaign.meta.languages:
        lookup, _ = lookups(campaign, lang, True)
        localized = localize(campaign, lang, lookup)
        for text in localized.texts():
            yield lang, text.text
        for hotline in localized.hotlines:
            yield lang, hotline.number
        if localized.web:
            yield lang, localized.web.url


@click.command("fonts", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, metavar="[install | CAMPAIGN]")
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("--jobs", type=int, default=None, help="Processes for `install` (default: cores).")
def fonts(args: tuple[str, ...], langs: tuple[str, ...], jobs: int | None) -> None:
    """List, per language, the font files that resolve and their coverage of the text.

    `posters fonts install` instances the variable fonts from their packages into the
    font cache once (parallel, idempotent)."""
    try:
        config = load_config()
    except FontConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if args and args[0] == "install":
        from posters.text.install import install

        try:
            install(config, jobs=jobs, echo=click.echo)
        except FontConfigError as exc:
            raise click.ClickException(str(exc)) from None
        return
    if len(args) > 1:
        raise click.UsageError("give at most one CAMPAIGN")
    pairs = campaign_pairs(Path(args[0])) if args else specimen_pairs()
    try:
        reports = font_report(config, pairs, list(langs) or None)
    except FontConfigError as exc:
        raise click.ClickException(str(exc)) from None
    bad = 0
    for r in reports:
        status = "ok" if r.ok else "PROBLEM"
        click.echo(f"{r.lang}: {status}, {r.chars} distinct characters")
        for f in r.files:
            mark = "" if f.installed else "  (missing)"
            click.echo(f"  {f.font_id:22} {f.style:8} {f.path}{mark}")
        for fid, n in r.covered_by:
            click.echo(f"  sets {n:4} characters: {fid}")
        for ch in r.missing:
            click.echo(f"  no font covers {ch!r} U+{ord(ch):04X} {unicodedata.name(ch, '')}")
        for p in r.problems:
            click.echo(f"  {p}")
        bad += not r.ok
    if bad:
        if any(r.problems for r in reports):
            click.echo("fonts are missing: run `posters fonts install`")
        raise SystemExit(1)
