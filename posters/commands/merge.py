"""`posters merge`: join the shards of a build (`posters build --shard I/N`) into what one
unsharded build leaves in out/<campaign> (posters.build.shard)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("merge", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("campaign_out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--campaign", "campaign_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The campaign folder the shards were built from. Default: the folder "
                   "the shards name (as their build was given it).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes rendering the gallery's previews. Default: the number of cores.")
def merge(campaign_out: Path, campaign_dir: Path | None, jobs: int | None) -> None:
    """Join the shards in CAMPAIGN_OUT (out/<campaign>, where every shard's output folder
    was built or copied) into one build: build-report.json, the HTML edition and the
    gallery, as an unsharded build writes them. Refuses (exit 1) when a shard is missing,
    is there twice, or belongs to another build (campaign, inputs, options, version).
    Exit 1 too when an output of the build failed."""
    from posters.build import UsageError
    from posters.build.shard import ShardError
    from posters.build.shard import merge as run_merge
    from posters.cli import report
    from posters.diagnostics import ContentError
    from posters.files import default_jobs

    if not campaign_out.is_dir():
        raise click.UsageError(f"no folder {campaign_out}; give the output folder of a "
                               "sharded build, such as out/<campaign>")
    try:
        result = run_merge(campaign_out, campaign_dir, jobs=jobs or default_jobs())
    except ShardError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except ContentError as exc:
        from posters.cli import fail_with

        fail_with(exc, campaign_dir)
        return
    report(list(result.diagnostics), campaign_dir)
    if result.removed:
        click.echo(f"removed {len(result.removed)} earlier outputs this build no longer makes, "
                   f"such as {result.removed[0]}", err=True)
    click.echo(f"merged {result.shards} shards: {len(result.entries)} outputs, "
               f"{result.failed} failed; {campaign_out / 'build-report.json'}")
    if result.failed:
        sys.exit(1)
