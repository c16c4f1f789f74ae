"""`posters check`: preflight built PDFs (a file or a folder of them)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from posters.preflight import FileReport, Level, PreflightExpectations, preflight_paths
from posters.preflight.checks import CHECKS


def campaign_expectations(path: Path) -> tuple[str | None, tuple[str, ...], bool]:
    """The URL, hotline numbers and whether a QR code is printed, read from a campaign
    YAML file (only those keys: the full model is validated by `posters build`)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise click.UsageError(
            f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise click.UsageError(f"{path}: {exc.strerror}") from None
    content = (data or {}).get("content") or {}
    numbers = tuple(str(h["number"]) for h in content.get("hotlines") or []
                    if isinstance(h, dict) and h.get("number"))
    web = content.get("web") or {}
    url = web.get("url") if isinstance(web, dict) else None
    return (str(url) if url else None), numbers, bool(isinstance(web, dict) and web.get("qr"))


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
                   "warnings": r.warnings, "findings": [f.to_json() for f in r.findings]}
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
              help="Campaign YAML: its hotline numbers and web URL must be in the text "
                   "and its QR code must decode to the URL.")
@click.option("--url", help="URL the QR code must decode to and the text must contain.")
@click.option("--expect", "texts", multiple=True, metavar="TEXT",
              help="Text that must appear verbatim (repeatable).")
@click.option("--qr/--no-qr", "expect_qr", default=None,
              help="Whether a QR code must be present (default: when the campaign has one).")
@click.option("--safe-zone", type=click.FloatRange(0, 100), default=5.0, show_default=True,
              help="Text must stay this many mm inside the trim.")
@click.option("--bleed", type=click.FloatRange(0, 50), default=3.0, show_default=True,
              help="Minimum bleed in mm (print variant).")
@click.option("--warn-ppi", type=click.FloatRange(1), default=300.0, show_default=True)
@click.option("--error-ppi", type=click.FloatRange(1), default=150.0, show_default=True)
@click.option("--ink-limit", type=click.FloatRange(100, 400), default=300.0,
              show_default=True, help="Total ink limit in percent (print variant).")
@click.option("--skip", multiple=True, type=click.Choice([name for name, _ in CHECKS]),
              help="Leave a check out (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Write the findings as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational findings.")
def check(paths, variant, campaign, url, texts, expect_qr, safe_zone, bleed, warn_ppi,
          error_ppi, ink_limit, skip, as_json, verbose) -> None:
    """Preflight built PDFs: fonts, colours, resolution, ink, safe zone, boxes, QR code,
    hotline numbers, structure and PDF/X markers. Exits 1 when there is an error."""
    campaign_qr = False
    if campaign is not None:
        campaign_url, numbers, campaign_qr = campaign_expectations(campaign)
        url = url or campaign_url
        texts = (*texts, *numbers)
    if error_ppi > warn_ppi:
        raise click.UsageError("--error-ppi must not be above --warn-ppi")
    exp = PreflightExpectations(
        variant="print" if variant == "auto" else variant,
        url=url, texts=tuple(texts), safe_zone_mm=safe_zone, min_bleed_mm=bleed,
        warn_ppi=warn_ppi, error_ppi=error_ppi, ink_limit_percent=ink_limit,
        expect_qr=campaign_qr if expect_qr is None else expect_qr,
    )
    reports = preflight_paths(paths, exp, auto_variant=variant == "auto", skip=skip)
    if not reports:
        raise click.UsageError("no PDF files found in " + ", ".join(map(str, paths)))
    click.echo(render_json(reports) if as_json else render_text(reports, verbose))
    sys.exit(1 if any(r.errors for r in reports) else 0)
