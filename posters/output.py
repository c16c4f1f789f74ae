"""Write one output: render, make the print variant PDF/X-4, run the preflight checks on
the file, and only then move it into place. A file that fails its checks is not kept."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from posters.layout import PageLayout
from posters.model import Campaign
from posters.preflight import Finding, Level, PreflightExpectations, preflight
from posters.print.pdfx import make_pdfx, source_date
from posters.render import DocumentInfo, Variant, render_document
from posters.text import TextEngine

# Rendering a page to decode its QR code or measure its ink takes about half a second
# each; a build runs them with --checks full, `posters check` always.
SLOW_CHECKS = ("ink", "qr")


@dataclass(frozen=True)
class Written:
    ok: bool
    findings: tuple[Finding, ...]
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
    return PreflightExpectations(
        variant=variant,
        url=web.url if web and has_qr else None,
        texts=tuple(dict.fromkeys(item for item in data if item in placed)),
        safe_zone_mm=page.safe_zone * 25.4 / 72,
        warn_ppi=page.warn_ppi,
        error_ppi=page.error_ppi,
        expect_qr=has_qr,
        min_bleed_mm=min(3.0, campaign.bleed_mm),
        links=tuple(dict.fromkeys(
            (text, uri) for hotline in campaign.content.hotlines
            for text, uri in hotline.links if text in placed)),
    )


def write_output(pages: tuple[PageLayout, ...], target: Path, variant: Variant,
                 info: DocumentInfo, campaign: Campaign, engine: TextEngine, *,
                 checks: str = "fast",
                 output_of: tuple[str, str, str] | None = None) -> Written:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    raw = target.with_name(f".{target.name}.{os.getpid()}.raw.tmp")
    try:
        if variant.is_print:
            render_document(pages, engine, raw, variant, info)
            make_pdfx(raw, temporary, title=info.title, lang=info.lang,
                      icc=campaign.brand.output_profile, timestamp=source_date(),
                      condition=campaign.brand.output_condition)
        else:
            render_document(pages, engine, temporary, variant, info)
        findings: tuple[Finding, ...] = ()
        expectations = None
        if checks != "none":
            has_qr = any(type(item).__name__ == "QrCode" for page in pages for item in page.items)
            expectations = expectations_for(campaign, variant.name, pages, has_qr)
            report = preflight(temporary, expectations, label=str(target),
                               skip=SLOW_CHECKS if checks == "fast" else ())
            findings = tuple(f for f in report.findings if f.level is not Level.INFO)
        if campaign.requirements is not None and output_of is not None:
            # the law's rules, read back from the written file (every build, every output)
            from posters.preflight.requirements import check_pdf

            lang, fmt, size = output_of
            findings += tuple(check_pdf(temporary, campaign, lang, fmt, size, str(target)))
        ok = not any(f.level is Level.ERROR for f in findings)
        if ok:
            os.replace(temporary, target)
        return Written(ok, findings, expectations)
    finally:
        raw.unlink(missing_ok=True)
        temporary.unlink(missing_ok=True)
