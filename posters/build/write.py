"""Write one output: render, make the print variant PDF/X-4, run the preflight checks on
the file, and only then move it into place. A file that fails its checks is not kept."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from posters.dates import campaign_date
from posters.diagnostics import Diagnostic, Level, Location
from posters.files import temporary_of
from posters.layout import PageLayout
from posters.model import Campaign
from posters.preflight import PreflightExpectations, preflight
from posters.print.legibility import legibility
from posters.print.pdfx import finish_screen, make_pdfx, pikepdf_target
from posters.render import DocumentInfo, Variant, render_document
from posters.render.pdf import PRINT, SCREEN
from posters.text import TextEngine

# Rendering a page to decode its QR code or measure its ink takes about half a second
# each; a build runs them with --checks full, `posters check` always.
SLOW_CHECKS = ("ink", "qr")


def variant(name: str, bleed_mm: float | None = None) -> Variant:
    """The named variant (posters.build.outputs.VARIANTS); the print variant with the
    campaign's bleed."""
    chosen = {"print": PRINT, "screen": SCREEN}[name]
    return replace(chosen, bleed_mm=bleed_mm) if bleed_mm is not None and \
        chosen.is_print else chosen


@dataclass(frozen=True)
class Written:
    ok: bool
    findings: tuple[Diagnostic, ...]
    expectations: PreflightExpectations | None = None  # what the file was checked against


def expectations_for(campaign: Campaign, variant: str, pages: tuple[PageLayout, ...],
                     has_qr: bool) -> PreflightExpectations:
    """What the file must show: every phone number and the URL the layout set on its pages
    must be found verbatim in the text read back from the PDF."""
    web = campaign.content.web
    placed = "\n".join(frame.source for page in pages for frame in page.text_frames())
    data = [hotline.number for hotline in campaign.content.hotlines]
    data += [web.url] if web else []
    page = pages[0]
    rules = legibility()
    return PreflightExpectations(
        variant=variant,
        url=web.url if web and has_qr else None,
        texts=tuple(dict.fromkeys(item for item in data if item in placed)),
        safe_zone_mm=page.safe_zone * 25.4 / 72,
        warn_ppi=page.warn_ppi,
        error_ppi=page.error_ppi,
        expect_qr=has_qr,
        min_text_pt=(page.min_text_pt if page.min_text_pt is not None
                     else rules.minimum(page.format, size=page.size.name))
        if page.format else None,
        marks_extra_pt=rules.marks_extra_pt,
        solid_black_below_pt=rules.solid_black_below_pt,
        # a screen's code is scanned from the screen, at whatever zoom: print only; the
        # distance follows the paper size (posters/print/legibility.yaml)
        min_qr_mm=rules.min_qr_mm(page.format, page.size)
        if has_qr and variant == "print" and page.format else None,
        min_bleed_mm=min(3.0, campaign.bleed_mm),
        links=tuple(dict.fromkeys(
            (text, uri) for hotline in campaign.content.hotlines
            for text, uri in hotline.links if text in placed)),
    )


def write_sheet(target: Path, pages: tuple[PageLayout, ...], info: DocumentInfo,
                campaign: Campaign) -> None:
    from posters.print.conditions import PDFX_VERSIONS
    from posters.print.jobsheet import job_sheet, write_job_sheet

    intent = campaign.output_intent
    sheet = job_sheet(target, pages, title=info.title, condition=intent.identifier,
                      condition_name=intent.condition,
                      profile=("posters' free profile " if intent.bundled else "")
                      + f"{intent.profile.name} ({intent.info})",
                      pdfx=PDFX_VERSIONS[campaign.print_settings.pdfx],
                      ink_limit_percent=PreflightExpectations().ink_limit_percent)
    write_job_sheet(target, sheet)


def skipped(checks: str) -> tuple[str, ...]:
    return SLOW_CHECKS if checks == "fast" else ()


def qr_size_findings(pages: tuple[PageLayout, ...], exp: PreflightExpectations,
                     label: str) -> tuple[Diagnostic, ...]:
    """The QR code's size for its scanning distance from the layout, when the preflight's
    QR reading (which measures it in the file) is left out of a fast build."""
    from posters.layout.geometry import QrCode
    from posters.preflight.checks import qr_warning
    from posters.preflight.document import PT_PER_MM
    from posters.render.pdf import QR_QUIET_MODULES, qr_matrix

    if not exp.min_qr_mm:
        return ()
    found = []
    for number, page in enumerate(pages, 1):
        for item in page.items:
            if isinstance(item, QrCode):
                count = len(qr_matrix(item.data))
                side = min(item.rect.width, item.rect.height) * count / (
                    count + 2 * QR_QUIET_MODULES) / PT_PER_MM
                if side < exp.min_qr_mm - 0.5:
                    found.append(Diagnostic(Level.WARNING, Location(label, page=number),
                                            qr_warning(side, exp.min_qr_mm,
                                                       legibility().qr_distance_ratio),
                                                       code="PF073"))
    return tuple(found)


# write_output's own temporary file beside the target: the finished file, named after the
# process (``.<name>.<pid>.tmp``; ``.<name>.<pid>.raw.tmp``, the rendered file of earlier
# versions, which now stays in memory, is still recognised as debris).
_TEMPORARY = re.compile(r"^\.(?P<name>[^/]+?\.pdf)\.(?P<pid>\d+)\.(?:raw\.)?tmp$")


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def temporary_owner(name: str) -> tuple[str, int] | None:
    """(output name, process id) when ``name`` is a temporary file of writing that output:
    write_output's own, or the renderer's, the PDF/X writer's or pikepdf's temporary of
    one of those; else None."""
    name = pikepdf_target(name) or name
    inner = temporary_of(name)
    found = _TEMPORARY.match(inner[0] if inner else name)
    return (found["name"], int(found["pid"])) if found else None


def write_output(pages: tuple[PageLayout, ...], target: Path, variant: Variant,
                 info: DocumentInfo, campaign: Campaign, engine: TextEngine, *,
                 checks: str = "fast",
                 output_of: tuple[str, str, str] | None = None) -> Written:
    temporary = _temporary(target)
    try:
        rendered = io.BytesIO()  # handed to the PDF/X stage in memory
        structure = render_document(pages, engine.base_font(), rendered, variant, info)
        metadata = dict(title=info.title, lang=info.lang, author=info.author,
                        subject=info.subject, keywords=info.keywords,
                        timestamp=campaign_date(campaign).when)
        if variant.is_print:
            make_pdfx(rendered.getvalue(), temporary, icc=None, intent=campaign.output_intent,
                      version=campaign.print_settings.pdfx, structure=structure,
                      overprint=False, **metadata)  # set by the renderer while drawing
        else:
            finish_screen(rendered.getvalue(), temporary, structure=structure, **metadata)
        findings: tuple[Diagnostic, ...] = ()
        expectations = None
        if checks != "none":
            has_qr = any(type(item).__name__ == "QrCode" for page in pages for item in page.items)
            expectations = expectations_for(campaign, variant.name, pages, has_qr)
            report = preflight(temporary, expectations, label=str(target),
                               skip=skipped(checks))
            findings = tuple(f for f in report.findings if f.level is not Level.INFO)
            if "qr" in skipped(checks):
                findings += qr_size_findings(pages, expectations, str(target))
            from posters.preflight.accessibility import contrast_findings

            findings += contrast_findings(pages, info.output_profile, str(target))
        if campaign.requirements is not None and output_of is not None:
            # the law's rules, read back from the written file (every build, every output)
            from posters.preflight.requirements import check_pdf

            lang, fmt, size = output_of
            findings += tuple(check_pdf(temporary, campaign, lang, fmt, size, str(target)))
        ok = not any(f.level is Level.ERROR for f in findings)
        if ok:
            os.replace(temporary, target)
            if variant.is_print:
                write_sheet(target, pages, info, campaign)
        return Written(ok, findings, expectations)
    finally:
        temporary.unlink(missing_ok=True)
