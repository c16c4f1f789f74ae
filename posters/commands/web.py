"""``posters web``: the campaign's HTML edition, one accessible page per language."""

from __future__ import annotations

from pathlib import Path

import click

from posters.cli import campaign_argument, localized_languages


@click.command()
@campaign_argument
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Only this language (repeatable). Default: all of the campaign's.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True,
              help="Output folder; pages go to OUT/<campaign>/web/<lang>/index.html.")
@click.option("--draft", is_flag=True,
              help="Use the source text where a translation is missing.")
def web(campaign: Path | None, languages: tuple[str, ...], out_dir: Path, draft: bool) -> None:
    """Write the HTML edition: a responsive, accessible page per language (real headings
    and lists, tel: and sms: links, the web address as a link, icons and logo with
    alternative text, the posters' fonts embedded) and an index naming every language in
    itself."""
    from posters.edition.site import write_edition
    from posters.schema.assets import IconError

    loaded, localized = localized_languages(campaign, languages, draft)
    target = out_dir / loaded.name / "web"
    try:
        pages = write_edition(localized, target)
    except IconError as exc:
        click.echo(f"{exc.path}:{exc.line or 1}: error: {exc.message}", err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {len(pages)} pages and {target / 'index.html'}")
