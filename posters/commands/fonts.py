"""`posters fonts`: the fonts per language and their coverage; `posters fonts install`."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

import click

from posters.languages import script_name
from posters.text.config import FontConfig, FontConfigError, load_config
from posters.text.report import font_report
from posters.text.specimen import specimen_texts


def specimen_pairs(langs: Iterable[str] | None = None) -> Iterable[tuple[str, str]]:
    """The specimen in each language (every configured one by default)."""
    from posters.languages import UnknownLanguage, specimen_text

    url, texts = specimen_texts()
    for lang in langs if langs is not None else texts:
        try:
            t = specimen_text(lang)
        except UnknownLanguage:
            continue
        for s in (t["headline"], t["statistic"], t["paragraph"], url):
            yield lang, s


def _load(path: Path):  # type: ignore[no-untyped-def]
    from posters.diagnostics import ContentError
    from posters.schema.campaign import load_campaign

    try:
        campaign, _ = load_campaign(path)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None
    return campaign


def campaign_pairs(campaign) -> Iterable[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(lang, text) for every string a campaign sets, in each of its languages (missing
    translations fall back to the source text, as a draft build does)."""
    from posters.i18n.lookups import catalog_lookups
    from posters.localize import localize

    for lang in campaign.meta.languages:
        lookup, _ = catalog_lookups(campaign, lang, True)
        localized = localize(campaign, lang, lookup)
        for text in localized.texts():
            yield lang, text.text
        for hotline in localized.hotlines:
            yield lang, hotline.number
        if localized.web:
            yield lang, localized.web.url


def _split_usable(config: FontConfig, langs: list[str]) -> tuple[list[str], dict[str, str]]:
    from posters.languages import UnknownLanguage, babel_locale

    usable, unusable = [], {}
    for lang in langs:
        try:
            babel_locale(lang)
        except UnknownLanguage as exc:
            unusable[lang] = f"{exc}; a campaign can name the rules it follows (docs/fonts.md)"
            continue
        try:
            config.language(lang)
        except FontConfigError as exc:
            unusable[lang] = str(exc)
        else:
            usable.append(lang)
    return usable, unusable


@click.command("fonts", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, metavar="[install [CAMPAIGN] | CAMPAIGN]")
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("--jobs", type=int, default=None, help="Processes for `install` (default: cores).")
@click.option("--prune", is_flag=True,
              help="With `install`: remove the cached instances this posters no longer "
                   "makes (another posters sharing the cache makes its own again).")
def fonts(args: tuple[str, ...], langs: tuple[str, ...], jobs: int | None,
          prune: bool) -> None:
    """List, per language, the font files that resolve and their coverage of the text:
    a campaign's own languages and strings, or (without CAMPAIGN) every configured
    language and the specimen in it.

    `posters fonts install` instances the variable fonts from their packages into the
    font cache once (parallel, incremental); with a CAMPAIGN, its own faces too."""
    try:
        config = load_config()
    except FontConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if args and args[0] == "install":
        from posters.text.install import install

        if len(args) > 2:
            raise click.UsageError("give at most one CAMPAIGN")
        if len(args) == 2:
            from posters.schema.language_setup import campaign_font_config

            config = campaign_font_config(_load(Path(args[1])))
        try:
            install(config, jobs=jobs, echo=click.echo, remove_stale=prune)
        except FontConfigError as exc:
            raise click.ClickException(str(exc)) from None
        return
    if prune:
        raise click.UsageError("--prune goes with `posters fonts install`")
    if len(args) > 1:
        raise click.UsageError("give at most one CAMPAIGN")
    if args:
        from posters.schema.language_setup import campaign_font_config
        from posters.text.install import ensure_campaign_fonts

        campaign = _load(Path(args[0]))
        config = campaign_font_config(campaign)
        ensure_campaign_fonts(config)  # as a build does: its own faces need no command
        wanted = list(langs) or list(campaign.meta.languages)
        unknown = [lang for lang in wanted if lang not in campaign.meta.languages]
        if unknown:
            raise click.UsageError(f"{', '.join(unknown)}: not a language of the campaign "
                                   f"(it has {', '.join(campaign.meta.languages)})")
        click.echo(f"{campaign.name}: {len(wanted)} language(s): {', '.join(wanted)}")
        pairs: Iterable[tuple[str, str]] = campaign_pairs(campaign)
    else:
        wanted = list(langs) or list(config.languages)
        pairs = specimen_pairs(wanted)
    usable, unusable = _split_usable(config, wanted)
    try:
        reports = font_report(config, pairs, usable) if usable else []
    except FontConfigError as exc:
        raise click.ClickException(str(exc)) from None
    bad = len(unusable)
    by_lang = {r.lang: r for r in reports}
    for lang in wanted:
        if lang in unusable:
            click.echo(f"{lang}: PROBLEM, {unusable[lang]}")
            continue
        r = by_lang[lang]
        setup = config.language(lang)
        status = "ok" if r.ok else "PROBLEM"
        click.echo(f"{r.lang}: {status}, {script_name(setup.script)}, {r.chars} distinct "
                   "characters")
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
