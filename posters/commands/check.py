"""`posters check`: preflight built PDFs (a file or a folder of them)."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from posters.diagnostics import Level
from posters.preflight import (
    FileReport,
    PreflightExpectations,
    guess_variant,
    pdf_files,
    preflight,
)
from posters.preflight.checks import CHECKS
from posters.schema.phone import written_links

if TYPE_CHECKING:
    from posters.build.report import OutputEntry


def campaign_expectations(path: Path) -> tuple[str | None, tuple[str, ...], bool,
                                                tuple[tuple[str, str], ...]]:
    """The URL, hotline numbers, whether a QR code is printed and the links the numbers
    must carry in a screen PDF, from the campaign as ``posters validate`` reads it (one
    loader: an unquoted ``number: 0120123456`` stays those digits, never YAML's octal)."""
    from posters.diagnostics import ContentError
    from posters.schema.campaign import CAMPAIGN_FILE, load_campaign

    if path.name != CAMPAIGN_FILE:
        raise click.UsageError(f"{path}: --campaign names a campaign's {CAMPAIGN_FILE}")
    try:
        campaign, _warnings = load_campaign(path.parent)
    except ContentError as exc:
        raise click.UsageError("the campaign does not validate (run `posters validate`):\n"
                               + "\n".join(map(str, exc.diagnostics))) from None
    content = campaign.content
    numbers = tuple(hotline.number for hotline in content.hotlines)
    links = tuple(link for hotline in content.hotlines for link in hotline.links)
    web = content.web
    return (web.url if web else None), numbers, bool(web and web.qr), links


def _for_file(file: Path, base: PreflightExpectations, given: dict[str, Any]
              ) -> PreflightExpectations:
    """A PDF a build made (listed in the build report of its campaign folder) is held to
    what the build held it to: its format's safe zone and image resolutions (a card's safe
    zone is 3.5 mm, not 5), and the texts, URL and QR code the build checked it for (the
    "I speak..." card has no hotline). What the command line gives explicitly wins, or,
    for texts, adds; --campaign applies to other PDFs only."""
    built = _built_output(file.resolve())
    if built is None:
        return base
    layout, entry = built
    changes: dict[str, Any] = {}
    if layout is not None:
        own = {"safe_zone_mm": layout.safe_zone, "warn_ppi": layout.warn_ppi,
               "error_ppi": layout.error_ppi}
        changes.update({key: value if given[key] is None else given[key]
                        for key, value in own.items()})
    expected = entry.expected
    if isinstance(expected, dict):
        texts = expected.get("texts")
        url = expected.get("url")
        changes["texts"] = (*(t for t in texts or () if isinstance(t, str)), *given["texts"])
        changes["url"] = given["url"] or (url if isinstance(url, str) else None)
        changes["expect_qr"] = bool(expected.get("qr")) if given["qr"] is None else given["qr"]
        links = expected.get("links")
        if isinstance(links, list):  # (printed text, URI) as posters.schema.phone made them
            changes["links"] = tuple(
                (link[0], link[1]) for link in links if isinstance(link, list)
                and len(link) == 2 and all(isinstance(part, str) for part in link))
        for name in PreflightExpectations.PRINT_RULES:  # legibility and QR size, as built
            value = expected.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                changes[name] = float(value)
    return replace(base, **changes)


def _built_output(file: Path):  # type: ignore[no-untyped-def]
    """(layout description or None, report entry) of a PDF listed in a build report in
    one of its three nearest folders; None for any other PDF."""
    for folder in list(file.parents)[:3]:
        entries = _report_entries(folder)
        if entries:
            entry = entries.get(file.relative_to(folder).as_posix())
            if entry is None:
                return None
            from posters.diagnostics import ContentError
            from posters.layout.description import available_layouts, load_layout

            layout = None
            # the report is not trusted to name a file: only a stock format's layout (a
            # campaign's own format is held to the general limits)
            if entry.format in available_layouts():
                with contextlib.suppress(ContentError):  # then the general limits apply
                    layout = load_layout(entry.format)
            return layout, entry
    return None


@functools.cache
def _report_entries(campaign_out: Path) -> dict[str, OutputEntry]:
    from posters.build.report import previous_entries

    return previous_entries(campaign_out)


def requirement_findings(reports: list[FileReport], campaign_file: Path) -> list[FileReport]:
    """Each report with the campaign's legal requirements (``requirements:``) checked
    from its PDF, as every build checks them: the output's language, format and size come
    from the build report that lists it, else from the PDF's own metadata."""
    from posters.diagnostics import ContentError
    from posters.schema.campaign import load_campaign

    try:
        model, _ = load_campaign(campaign_file.parent)
    except ContentError as exc:
        raise click.UsageError("\n".join(map(str, exc.diagnostics))) from None
    if model.requirements is None:
        return reports
    from posters.diagnostics import Diagnostic, Location
    from posters.preflight.requirements import check_pdf

    checked = []
    for report in reports:
        file = Path(report.file)
        output = _output_of(file, model.meta.id)
        if output is None:
            extra = [Diagnostic(Level.WARNING, Location(report.file),
                                "not checked against the campaign's requirements: neither a "
                                "build report nor the PDF says which output of "
                                f"{model.meta.id} it is (its language, format and size)",
                                code="RQ001")]
        else:
            extra = check_pdf(file, model, *output, label=report.file)
        checked.append(replace(report, findings=(*report.findings, *extra)))
    return checked


def _output_of(file: Path, campaign_id: str) -> tuple[str, str, str] | None:
    """(language, format, size) of a PDF a build of the campaign made: from the build
    report listing it, or from the Subject ("<id>: <format> <size>") and /Lang a build
    writes into each PDF."""
    built = _built_output(file.resolve())
    if built is not None:
        entry = built[1]
        return entry.lang, entry.format, entry.size
    import pikepdf

    try:
        with pikepdf.open(file) as pdf:
            subject = str(pdf.docinfo.get("/Subject", ""))
            lang = str(pdf.Root.get("/Lang", ""))
    except (pikepdf.PdfError, OSError):
        return None  # preflight reports the unreadable file
    head, _, what = subject.partition(": ")
    parts = what.split()
    if head != campaign_id or len(parts) < 2 or not lang:
        return None
    return lang, parts[0], parts[1]


def check_files(plans: list[tuple[Path, PreflightExpectations]], *, auto_variant: bool,
                skip: tuple[str, ...], jobs: int) -> list[FileReport]:
    """Preflight each file with its expectations, in ``jobs`` processes; in order."""
    if jobs <= 1 or len(plans) <= 1:
        return [_check_one(file, exp, auto_variant, skip) for file, exp in plans]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(plans))) as pool:
        return list(pool.map(_check_one, [f for f, _ in plans], [e for _, e in plans],
                             [auto_variant] * len(plans), [skip] * len(plans),
                             chunksize=4))


def _check_one(file: Path, exp: PreflightExpectations, auto_variant: bool,
               skip: tuple[str, ...]) -> FileReport:
    if auto_variant:
        exp = replace(exp, variant=guess_variant(file))
    return preflight(file, exp, skip=skip)


def render_text(reports: list[FileReport], verbose: bool) -> str:
    lines = []
    for report in reports:
        shown = [f for f in report.findings if verbose or f.level is not Level.INFO]
        status = "ok" if not report.errors and not report.warnings else \
            f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
        lines.append(f"{report.file} ({report.variant}): {status}")
        for f in shown:
            where = ", ".join(p for p in (
                f"page {f.location.page}" if f.location.page else "", f.location.object or "")
                if p)
            lines.append(f"  {f.level!s:<7} {f.code} {where + ': ' if where else ''}{f.message}")
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    lines.append(f"checked {_count(len(reports), 'file')}: {_count(errors, 'error')}, "
                 f"{_count(warnings, 'warning')}")
    return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_json(reports: list[FileReport]) -> str:
    return json.dumps({
        "files": [{"file": r.file, "variant": r.variant, "errors": r.errors,
                   "warnings": r.warnings, "findings": [f.to_json(structured_location=True)
                                                    for f in r.findings]}
                  for r in reports],
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
    }, indent=2, ensure_ascii=False)


@click.command("check")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--variant", type=click.Choice(["auto", "print", "screen"]), default="auto",
              show_default=True,
              help="What the PDFs are; auto: print if it has an OutputIntent or bleed.")
@click.option("--campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Campaign YAML: its hotline numbers and web URL must be in the text, "
                   "its QR code must decode to the URL, and each PDF must meet its "
                   "`requirements:` (page and type size, wording, numbers).")
@click.option("--url", help="URL the QR code must decode to and the text must contain.")
@click.option("--expect", "texts", multiple=True, metavar="TEXT",
              help="Text that must appear verbatim (repeatable).")
@click.option("--qr/--no-qr", "expect_qr", default=None,
              help="Whether a QR code must be present (default: when the campaign has one).")
@click.option("--safe-zone", type=click.FloatRange(0, 100), default=None,
              help="Text must stay this many mm inside the trim. Default: for a PDF of a "
                   "build (listed in its build-report.json), its format's safe zone; "
                   "else 5.")
@click.option("--bleed", type=click.FloatRange(0, 50), default=3.0, show_default=True,
              help="Minimum bleed in mm (print variant).")
@click.option("--warn-ppi", type=click.FloatRange(1), default=None,
              help="Images below this resolution are a warning. Default: as --safe-zone; "
                   "else 300.")
@click.option("--error-ppi", type=click.FloatRange(1), default=None,
              help="Images below this resolution are an error. Default: as --safe-zone; "
                   "else 150.")
@click.option("--ink-limit", type=click.FloatRange(100, 400), default=300.0,
              show_default=True, help="Total ink limit in percent (print variant).")
@click.option("--skip", multiple=True, type=click.Choice([name for name, _ in CHECKS]),
              help="Leave a check out (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Files checked at once. Default: the number of cores.")
@click.option("--json", "as_json", is_flag=True, help="Write the findings as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational findings.")
def check(paths, variant, campaign, url, texts, expect_qr, safe_zone, bleed, warn_ppi,
          error_ppi, ink_limit, skip, jobs, as_json, verbose) -> None:
    """Preflight built PDFs: fonts, colours, resolution, ink, safe zone, boxes, QR code,
    hotline numbers, structure and PDF/X markers. Exits 1 when there is an error."""
    campaign_qr, links = False, ()
    url_option, explicit_texts = url, tuple(texts)  # as given, without the campaign's
    if campaign is not None:
        campaign_url, numbers, campaign_qr, links = campaign_expectations(campaign)
        url = url or campaign_url
        texts = (*texts, *numbers)
    limits = {"safe_zone_mm": safe_zone, "warn_ppi": warn_ppi, "error_ppi": error_ppi}
    try:  # a limit not given keeps PreflightExpectations' default
        exp = PreflightExpectations(
            variant="print" if variant == "auto" else variant,
            url=url, texts=tuple(texts), min_bleed_mm=bleed, ink_limit_percent=ink_limit,
            links=(*links, *written_links(explicit_texts)) if links else (),
            expect_qr=campaign_qr if expect_qr is None else expect_qr,
            **{key: value for key, value in limits.items() if value is not None},
        )
    except ValueError:
        raise click.UsageError("--error-ppi must not be above --warn-ppi") from None
    given = {**limits, "texts": explicit_texts, "url": url_option, "qr": expect_qr}
    files = [file for root in paths for file in pdf_files(Path(root))]
    plans = [(file, _for_file(file, exp, given)) for file in files]
    from posters.files import default_jobs

    reports = check_files(plans, auto_variant=variant == "auto", skip=tuple(skip),
                          jobs=jobs or default_jobs())
    if not reports:
        raise click.UsageError("no PDF files found in " + ", ".join(map(str, paths)))
    if campaign is not None:  # the law's rules, as every build checks them
        reports = requirement_findings(reports, campaign)
    click.echo(render_json(reports) if as_json else render_text(reports, verbose))
    sys.exit(1 if any(r.errors for r in reports) else 0)
