"""The ``posters`` command line."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import ClassVar, NoReturn

import click

from posters import __version__, collector
from posters.console import level_streams, quiet, settings, verbose, with_conventions
from posters.diagnostics import ContentError, Diagnostic, Diagnostics
from posters.files import relative_text, shown

CAMPAIGN_FILE = "campaign.yaml"


def report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic],
           campaign: Path | None = None) -> None:
    """Each problem as file:line:column: level: message, the file relative to the
    campaign folder (or naming the tool's own file, such as a stock layout)."""
    for diagnostic in diagnostics:
        click.echo(relative_text(str(diagnostic), campaign), err=True)


def fail_with(error: ContentError, campaign: Path | None = None) -> NoReturn:
    report(error.diagnostics, campaign)
    errors = sum(1 for d in error.diagnostics if d.level.value == "error")
    click.echo(f"{errors} error(s); nothing was written.", err=True)
    sys.exit(1)


def campaign_argument(function):  # type: ignore[no-untyped-def]
    return click.argument(
        "campaign", required=False, default=None,
        type=click.Path(path_type=Path),
    )(function)


def resolve_campaign(campaign: Path | None) -> Path:
    """The campaign folder a command works on: the one given (or the folder of a given
    campaign.yaml), else the current folder when it holds a campaign.yaml. There is no
    default campaign."""
    if campaign is None:
        if not (Path.cwd() / CAMPAIGN_FILE).is_file():
            raise click.UsageError(
                f"no {CAMPAIGN_FILE} in the current folder; give a campaign folder (for "
                "example content/tip-2023), run the command inside one, or start one with "
                "`posters new FOLDER`")
        return Path.cwd()
    folder = campaign
    if campaign.name == CAMPAIGN_FILE or (campaign.suffix in (".yaml", ".yml")
                                          and campaign.is_file()):
        if campaign.name != CAMPAIGN_FILE:
            raise click.UsageError(f"{campaign}: a campaign is read from a file named "
                                   f"{CAMPAIGN_FILE}; give its folder")
        folder = campaign.parent
    if not folder.is_dir():
        raise click.UsageError(f"no campaign folder {folder}")
    if not (folder / CAMPAIGN_FILE).is_file():
        try:
            inside = sorted(child.name for child in folder.iterdir()
                            if (child / CAMPAIGN_FILE).is_file())
        except OSError:  # a folder we may not list
            inside = []
        hint = (f"the campaigns in it are {', '.join(inside)}" if inside else
                "give a campaign folder, or start one with `posters new`")
        raise click.UsageError(f"no {CAMPAIGN_FILE} in {folder}; {hint}")
    if folder.name in ("", ".", ".."):  # "." or "..": name the folder (out/<name>/...)
        folder = folder.resolve()
    return folder


def _machine_fault(error: BaseException) -> str | None:
    """The message for a failure of the machine or its font cache that reached the command
    line (any command: specimen, fonts, gallery...), or None for anything else."""
    if isinstance(error, MemoryError):
        return ("error: ran out of memory; close other programs or build fewer outputs at "
                "once (fewer --jobs, one --format at a time)")
    cache = sys.modules.get("posters.text.cache")
    model = sys.modules.get("posters.text.model")
    if cache is not None and isinstance(error, cache.DamagedFontError):
        return f"{error.path}: error: {str(error).split(': ', 1)[1]}"
    if model is not None and isinstance(error, model.FontsNotInstalledError):
        return f"{cache.cache_dir() if cache else 'font cache'}: error: {error}"
    return None


def localized_languages(campaign: Path | None, languages: tuple[str, ...], draft: bool):  # type: ignore[no-untyped-def]
    """The campaign and each chosen language localized through its catalog (default: all
    of the campaign's); a usage error for a language it lacks, and the catalog errors
    reported and exit 1 (with ``draft`` the source text stands in instead)."""
    from posters.i18n.lookups import catalog_lookups
    from posters.localize import localize
    from posters.schema.campaign import load_campaign

    try:
        loaded, _ = load_campaign(resolve_campaign(campaign))
    except ContentError as exc:
        fail_with(exc)
    chosen = list(languages) or list(loaded.meta.languages)
    unknown = [lang for lang in chosen if lang not in loaded.meta.languages]
    if unknown:
        raise click.UsageError(f"language(s) {', '.join(unknown)} not in the campaign")
    localized, problems = [], []
    for lang in chosen:
        lookup, found = catalog_lookups(loaded, lang, draft)
        problems += [d for d in found if d.level.value == "error"]
        localized.append(localize(loaded, lang, lookup))
    if problems:
        fail_with(ContentError(problems))
    return loaded, localized


class LazyGroup(click.Group):
    """Subcommands that live in their own modules are imported only when used, so that
    `posters build` does not pay for importing the preflight, i18n or gallery code."""

    lazy: ClassVar[dict[str, str]] = {
        "check": "posters.commands.check:check",
        "fonts": "posters.commands.fonts:fonts",
        "gallery": "posters.commands.gallery:gallery",
        "i18n": "posters.commands.i18n:i18n",
        "merge": "posters.commands.merge:merge",
        "new": "posters.commands.new:new",
        "web": "posters.commands.web:web",
        "serve": "posters.commands.serve:serve",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, _, attribute = self.lazy[name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
        else:
            command = super().get_command(ctx, name)
        # -q, -v, --no-color and comma lists on every command (posters.console)
        return with_conventions(command) if command is not None else None

    def main(self, args=None, *more, **options):  # type: ignore[no-untyped-def]
        if args is None:  # this process's own command line, not a test's CliRunner
            collector.one_command()
        return super().main(args, *more, **options)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        settings.verbosity, settings.no_color = 0, False
        with level_streams():
            try:
                return super().invoke(ctx)
            except Exception as error:  # MemoryError included
                message = _machine_fault(error)
                if message is None:
                    raise
                click.echo(message, err=True)
                sys.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posters")
def main() -> None:
    """Build print-ready, multilingual awareness posters and leaflets from YAML campaigns.

    A campaign is a folder holding campaign.yaml, its translation catalogs (locale/) and
    its assets; `posters new FOLDER` starts one. Each command works on the campaign folder
    it is given, or on the current folder when that holds a campaign.yaml. Exit codes:
    0 success, 1 content errors (each printed as file:line:column), 2 usage errors,
    130 interrupted (Ctrl-C).

    Every command takes -q (only errors), -v (more detail) and --no-color (also
    NO_COLOR=1); options that name languages, formats, sizes, regions or variants take
    a comma list (--lang en,ja) or repeat (--lang en --lang ja).
    """


@main.command()
@campaign_argument
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Build only this language (repeatable); 'all' is the documents that carry "
                   "every language at once. Default: all of the campaign's.")
@click.option("--format", "-f", "formats", multiple=True, metavar="FORMAT",
              help="Build only this format (repeatable): a stock layout ("
                   + ", ".join(sorted(p.stem for p in (Path(__file__).parent / "layouts")
                                      .glob("*.yaml")))
                   + ") or one of the campaign's layouts/. Default: the campaign's formats "
                   "(formats: in campaign.yaml), else every format.")
@click.option("--size", "-s", "sizes", multiple=True, metavar="SIZE",
              help="Paper size (repeatable): jis-b2, iso-a3, us-letter, tabloid, card-us, "
                   "... or WxHmm, WxHin. Default: the sizes the campaign names for each "
                   "format, else the layout's default.")
@click.option("--variant", "variants", multiple=True, metavar="VARIANT",
              help="print (bleed, marks, CMYK) and/or screen (RGB, links). Default: print.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True,
              help="Output folder; files go to OUT/<campaign>/<lang>/<format>-<size>.pdf.")
@click.option("--region", "-r", "regions", multiple=True, metavar="REGION",
              help="Build only this regional variant (repeatable); 'generic' is the one "
                   "with an empty local-contacts area. Default: generic and every region.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: the number of cores.")
@click.option("--force", is_flag=True, help="Rebuild outputs even when they are up to date "
                                           "(and ignore the build record).")
@click.option("--checks", type=click.Choice(["fast", "full", "none"]), default="fast",
              show_default=True,
              help="Preflight each written PDF: fast skips the QR decoding and ink "
                   "measurement (each renders the page); full runs every check.")
@click.option("--gallery/--no-gallery", default=True, show_default=True,
              help="Write the proof gallery OUT/<campaign>/index.html with previews.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as unknown keys) as errors.")
@click.option("--draft", is_flag=True,
              help="Use the source text where a translation is missing, marked DRAFT.")
@click.option("--shard", "shard", metavar="I/N", default=None,
              help="Build only shard I of N (1 <= I <= N): whole tasks (a language and "
                   "format), the same on every machine; then `posters merge OUT/<campaign>` "
                   "(docs/sharding.md).")
@click.option("--release", is_flag=True,
              help="Refuse (exit 1) unless every output built is approved, as it is now, "
                   "in the campaign's review.yaml (see `posters serve`).")
def build(campaign: Path | None, languages: tuple[str, ...], formats: tuple[str, ...],
          sizes: tuple[str, ...], variants: tuple[str, ...], out_dir: Path,
          regions: tuple[str, ...], jobs: int | None, force: bool, checks: str,
          gallery: bool, strict: bool, draft: bool, shard: str | None,
          release: bool) -> None:
    """Build a campaign's PDFs: CAMPAIGN (a folder, or its campaign.yaml), else the
    campaign in the current folder; every language, format and size it names.

    Outputs whose inputs (content, catalog, layout, fonts, assets, output profile, tool)
    have not changed since the last build are kept; with nothing changed at all since the
    last successful build of the same command, its record (OUT/<campaign>/.build-record.json)
    answers without reading the campaign (-v says so). A language whose text has errors is
    reported with file:line and the others are still built; the exit code is 1 if any
    output failed.
    """
    from posters.build.request import BuildRequest
    from posters.files import default_jobs

    collector.hold()  # until the campaign is read (posters.collector)
    part = None
    if shard is not None:
        from posters.build.shard import parse_shard

        try:
            part = parse_shard(shard)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        if release:
            raise click.UsageError("a shard is not a release: merge the shards, then run "
                                   "`posters build --release` on the merged folder")
    request = BuildRequest(
        campaign_dir=resolve_campaign(campaign), out_dir=out_dir, languages=languages,
        formats=formats, sizes=sizes, variants=variants or ("print",), strict=strict,
        regions=regions, draft=draft, force=force, jobs=jobs or default_jobs(), checks=checks,
        gallery=gallery, shard=part,
    )
    if release and draft:
        raise click.UsageError("a release cannot be a draft: drop --draft")
    from posters.build.record import replay

    # nothing changed since the last successful build of the same request: its answer,
    # without loading the campaign (posters.build.record; --force builds regardless)
    result = replay(request)
    if result is None:
        result = _run_build(request, out_dir)
    elif verbose():
        click.echo(f"nothing changed since the last build ({shown(result.record)}); "
                   "--force builds again")
    report(result.diagnostics, request.campaign_dir)
    for output in result.results:
        if verbose():
            click.echo(f"{output.status}: {output.output.path}")
        for finding in output.findings:
            click.echo(relative_text(str(finding), request.campaign_dir), err=True)
    built, unchanged = result.paths("built"), result.paths("unchanged")
    failed = result.paths("failed")
    if result.removed:
        click.echo(f"removed {len(result.removed)} earlier outputs this build no longer makes "
                   "(their language, region or format is gone, or their file name changed), "
                   f"such as {result.removed[0]}", err=True)
    where = out_dir / result.campaign_name
    click.echo(f"{len(built)} built, {len(unchanged)} unchanged, {len(failed)} failed "
               f"in {result.seconds:.1f} s; outputs in {where}"
               + (f" (shard {part[0]}/{part[1]}; `posters merge {where}` once every shard "
                  "is there)" if part else ""))
    if result.failed:
        sys.exit(1)
    if release:
        from posters.serve.release import unapproved

        refused = unapproved(request.campaign_dir, where, result.results)
        for line in refused:
            click.echo(line, err=True)
        if refused:
            click.echo(f"{len(refused)} output(s) not approved; not released. Review them "
                       f"with `posters serve {request.campaign_dir}`.", err=True)
            sys.exit(1)
        click.echo(f"release: all {len(result.results)} outputs approved")


def _run_build(request, out_dir: Path):  # type: ignore[no-untyped-def]
    """The build itself (posters.build.build), its progress on the terminal and its
    failures as exit codes."""
    from posters.build import BuildInterrupted, UsageError
    from posters.build import build as run_build
    from posters.progress import ProgressReporter

    reporter = ProgressReporter()
    try:
        result = run_build(request, progress=None if quiet() else reporter.update,
                           stopping=None if quiet() else reporter.stopping)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except ContentError as exc:
        fail_with(exc, request.campaign_dir)
    except OSError as exc:  # the output folder itself: not writable, full, a file...
        reporter.finish()
        where = exc.filename or out_dir
        click.echo(f"{where}: error: cannot write the build's output: "
                   f"{exc.strerror or exc}; check --out", err=True)
        sys.exit(1)
    except BuildInterrupted as exc:
        reporter.finish()
        click.echo(f"Interrupted: {exc.built} outputs built before it are kept; the same "
                   "command builds the rest.", err=True)
        sys.exit(130)
    reporter.finish()
    return result


@main.command()
@campaign_argument
@click.option("--strict", is_flag=True, help="Treat warnings (such as unknown keys) as errors.")
@click.option("--no-layout", is_flag=True,
              help="Skip the layout dry run (composing every output a build makes to find "
                   "text that does not fit); faster.")
def validate(campaign: Path | None, strict: bool, no_layout: bool) -> None:
    """Check a campaign (a folder or its campaign.yaml; default: the current folder) and
    report every problem with file:line:column: its YAML, translations' sources, icons
    and assets, and text that does not fit its box in any output a build makes (laid
    out, not drawn). Nothing is written."""
    from posters.schema.campaign import deep_checks, load_campaign

    folder = resolve_campaign(campaign)
    try:
        loaded, warnings = load_campaign(folder, strict=strict)
    except ContentError as exc:
        fail_with(exc, folder)
        return
    from posters.dates import date_findings

    found = Diagnostics()  # what only the fonts or the renderer can tell
    found.extend(deep_checks(loaded))
    found.extend(date_findings(loaded))  # how to pin a date taken from a file time
    if not no_layout and not found.errors:
        from posters.files import default_jobs
        from posters.layout_check import layout_problems

        found.extend(d for d in layout_problems(loaded, jobs=default_jobs())
                     if d not in warnings)
    if strict:
        found.promote_warnings()
    if found.errors:
        fail_with(ContentError([*warnings, *found]), folder)
        return
    warnings.extend(found)
    report(list(warnings), folder)
    strings = len(list(loaded.texts()))
    click.echo(f"{shown(loaded.source_file)}: ok ({strings} translatable strings, "
               f"{len(loaded.meta.languages)} languages)")


@main.command()
@campaign_argument
@click.option("--out", "-o", "target", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/specimen.pdf"), show_default=True, help="The PDF to write.")
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Only this language (repeatable). Default: all of the campaign's.")
@click.option("--draft", is_flag=True, help="Use the source text where a translation is "
                                           "missing.")
def specimen(campaign: Path | None, target: Path, languages: tuple[str, ...],
             draft: bool) -> None:
    """Set the campaign's headline, a statistic and the call to action in every language
    on A4 pages, for review by eye (default: the campaign in the current folder)."""
    from posters.render.specimen import build_specimen

    loaded, localized = localized_languages(campaign, languages, draft)
    chosen = [one.lang for one in localized]
    texts: dict[str, dict[str, str]] = {}
    for one in localized:
        statistic = one.statistics[-1].caption.text if one.statistics else ""
        texts[one.lang] = {"headline": one.headline.text, "statistic": statistic,
                           "paragraph": one.call_to_action.text}
    url = loaded.content.web.url if loaded.content.web else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    build_specimen(target, languages=chosen, texts=(url, texts))
    click.echo(f"wrote {target} ({len(chosen)} languages)")



if __name__ == "__main__":
    main()
