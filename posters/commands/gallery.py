"""`posters gallery`: the proof gallery of a built campaign (out/<campaign>/index.html)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("gallery", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("campaign_out", required=False, default=None,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes rendering previews. Default: the number of cores.")
@click.option("--pages/--no-pages", default=True, show_default=True,
              help="Also make a full-size image of every page (a build makes thumbnails "
                   "only; without the images the page links each PDF's pages).")
def gallery(campaign_out: Path | None, jobs: int | None, pages: bool) -> None:
    """Write CAMPAIGN_OUT/index.html: a preview of every output of the last build, grouped
    by language and format, with its check results. CAMPAIGN_OUT is a campaign's output
    folder (out/<campaign>); inside a campaign folder it defaults to that campaign's.

    Previews are rendered from the PDFs into CAMPAIGN_OUT/.previews/, once per PDF
    content: what the build did not make (the full-size page images) is made here.
    """
    from posters.build.report import ReportError
    from posters.gallery import make_gallery

    if campaign_out is None:
        if not (Path.cwd() / "campaign.yaml").is_file():
            raise click.UsageError("give the output folder of a built campaign, such as "
                                   "out/<campaign>, or run the command inside a campaign folder")
        campaign_out = Path("out") / Path.cwd().name
    try:
        result = make_gallery(campaign_out, jobs=jobs, full=pages)
    except ReportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    stats = result.stats
    note = f"; {len(stats.failed)} could not be rendered" if stats.failed else ""
    made = f" ({stats.pages} full-size pages)" if stats.pages else ""
    click.echo(f"{result.path}: {len(result.cards)} outputs, {stats.rendered} previews "
               f"rendered{made}{note}")
