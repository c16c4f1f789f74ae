"""`posters serve`: the proof gallery on a local web server, rebuilt on every save."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import click

from posters.cli import campaign_argument, resolve_campaign
from posters.console import quiet, verbose


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@campaign_argument
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Preview only these languages (en,ja or repeated). Default: all.")
@click.option("--format", "-f", "formats", multiple=True, metavar="FORMAT",
              help="Preview only these formats. Default: all.")
@click.option("--size", "-s", "sizes", multiple=True, metavar="SIZE",
              help="Paper sizes. Default: each format's own default size.")
@click.option("--region", "-r", "regions", multiple=True, metavar="REGION",
              help="Regional variants ('generic' for none). Default: generic and every region.")
@click.option("--variant", "variants", multiple=True, metavar="VARIANT",
              help="print and/or screen. Default: print.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Output folder, as for build.")
@click.option("--draft", is_flag=True,
              help="Use the source text where a translation is missing, marked DRAFT.")
@click.option("--checks", type=click.Choice(["fast", "full", "none"]), default="fast",
              show_default=True, help="Preflight each rebuilt PDF (see build).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect to 127.0.0.1; "
                   "another address lets others on the network see and approve proofs.")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000,
              show_default=True, help="Port; 0 picks a free one.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for the first build. Default: the number of cores.")
def serve(campaign: Path | None, languages: tuple[str, ...], formats: tuple[str, ...],
          sizes: tuple[str, ...], regions: tuple[str, ...], variants: tuple[str, ...],
          out_dir: Path, draft: bool, checks: str, host: str, port: int,
          jobs: int | None) -> None:
    """Serve the proof gallery of a campaign (default: content/tip-2023) on a local web
    server, rebuild what a saved change affects and reload the open page.

    Watches campaign.yaml, the catalogs, assets, region files and layouts. An error
    shows in the page with its file and line; the last good previews stay. Reviewers
    approve outputs or ask for changes in the page; decisions go to the campaign's
    review.yaml, bound to each output as it is (`posters build --release` checks them).
    Ctrl-C stops the server.
    """
    from posters.build import BuildInterrupted, BuildRequest
    from posters.files import default_jobs
    from posters.progress import ProgressReporter
    from posters.serve.server import PreviewServer
    from posters.serve.session import Session
    from posters.serve.watch import Watcher, only_reviews, watched

    folder = resolve_campaign(campaign)
    request = BuildRequest(campaign_dir=folder, out_dir=out_dir, languages=languages,
                           formats=formats, sizes=sizes, variants=variants or ("print",),
                           regions=regions, draft=draft, checks=checks,
                           jobs=jobs or default_jobs())
    session = Session(request)
    try:
        server = PreviewServer((host, port), session)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}; "
                   "give another --port (0 picks a free one)", err=True)
        sys.exit(1)

    def rebuilt(what: str, progress=None, stopping=None) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        outcome = session.rebuild(progress, stopping)
        for problem in outcome.problems:
            click.echo(problem, err=True)
        if not quiet():
            failed = f", {outcome.failed} failed" if outcome.failed else ""
            click.echo(f"{what}: {outcome.built} built{failed} in "
                       f"{time.perf_counter() - started:.2f} s")

    def changed(files: set[Path]) -> None:
        if only_reviews(files):
            session.refresh_reviews()
            return
        # an editor's or sed's temporary file that came and went is not worth naming
        names = sorted(_shown(f, folder) for f in files if f.exists()) or sorted(
            _shown(f, folder) for f in files)
        if verbose():
            click.echo("changed: " + ", ".join(names))
        rebuilt(names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else ""))

    signal.signal(signal.SIGTERM, _interrupt)  # a service manager stops it like Ctrl-C
    watcher = Watcher(watched(folder), [out_dir], changed)
    # Ctrl-C during the first build stops it as it stops `posters build` (the tasks under
    # way finish and are kept) and then the server, which has served nothing yet: exit 130
    interrupted: int | None = None
    reporter = ProgressReporter()
    try:
        watcher.start()
        try:
            rebuilt("first build", None if quiet() else reporter.update,
                    None if quiet() else reporter.stopping)
        except BuildInterrupted as exc:
            interrupted = exc.built
        except KeyboardInterrupt:  # before the build's own handler, or after it
            interrupted = -1
        reporter.finish()
        if interrupted is None:
            click.echo(f"Serving {folder} at {server.url} (Ctrl-C to stop)")
            sys.stdout.flush()
            server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        watcher.stop()
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=30)  # a rebuild under way finishes; its files are whole
    if interrupted is not None:
        kept = f"{interrupted} outputs built before it are kept; " if interrupted >= 0 else ""
        click.echo(f"Interrupted: {kept}the same command builds the rest and serves them.",
                   err=True)
        sys.exit(130)
    if not quiet():
        click.echo("Stopped.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _shown(path: Path, folder: Path) -> str:
    from posters.files import display_path

    return display_path(path, folder)
