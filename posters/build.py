"""A build: campaign x languages x formats x sizes x variants -> PDFs.

Every page is laid out before anything is written; if any page has an error, nothing is
written and every error is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from posters.diagnostics import ContentError, Diagnostic, Diagnostics
from posters.layout import LayoutDescription, PageLayout, compose_page, load_layout
from posters.localize import Lookup, localize
from posters.model import Campaign
from posters.render import DocumentInfo, render_document
from posters.render.pdf import PRINT, SCREEN
from posters.sizes import UnknownPaperSize, paper_size
from posters.text import TextEngine
from posters.validate import load_campaign

FORMATS = ("poster",)
VARIANTS = {"print": PRINT, "screen": SCREEN}


@dataclass(frozen=True)
class BuildRequest:
    campaign_dir: Path
    out_dir: Path = Path("out")
    languages: tuple[str, ...] = ()  # empty: all of the campaign's
    formats: tuple[str, ...] = ()  # empty: all formats
    sizes: tuple[str, ...] = ()  # empty: each format's default size
    variants: tuple[str, ...] = ("print",)
    strict: bool = False
    draft: bool = False


@dataclass(frozen=True)
class PlannedOutput:
    path: Path
    lang: str
    format: str
    size: str
    variant: str
    pages: tuple[PageLayout, ...]


@dataclass(frozen=True)
class BuildResult:
    campaign: Campaign
    outputs: tuple[PlannedOutput, ...]
    warnings: tuple[Diagnostic, ...] = field(default_factory=tuple)


class UsageError(ValueError):
    """The request itself is wrong (unknown language, format or size): exit code 2."""


LookupFactory = Callable[[Campaign, str, bool], tuple[Lookup | None, list[Diagnostic]]]


def source_only_lookup(campaign: Campaign, lang: str, draft: bool
                       ) -> tuple[Lookup | None, list[Diagnostic]]:
    return None, []


def output_path(request: BuildRequest, campaign: Campaign, lang: str, format_name: str,
                size: str, variant: str) -> Path:
    suffix = "" if variant == "print" else f"-{variant}"
    return request.out_dir / campaign.name / lang / f"{format_name}-{size}{suffix}.pdf"


def plan(request: BuildRequest, engine: TextEngine,
         lookups: LookupFactory = source_only_lookup) -> BuildResult:
    """Load, validate, localize and lay out everything; raise ContentError with all errors."""
    campaign, warnings = load_campaign(request.campaign_dir, strict=request.strict)
    languages = request.languages or campaign.meta.languages
    unknown = [lang for lang in languages if lang not in campaign.meta.languages]
    if unknown:
        raise UsageError(f"language(s) {', '.join(unknown)} not in the campaign; it has "
                         f"{', '.join(campaign.meta.languages)}")
    formats = request.formats or FORMATS
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    for name in request.variants:
        if name not in VARIANTS:
            raise UsageError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
    descriptions = {name: load_layout(name) for name in formats}
    jobs = _jobs(request, descriptions)

    problems = Diagnostics()
    problems.extend(warnings)
    outputs: list[PlannedOutput] = []
    for lang in languages:
        lookup, catalog_problems = lookups(campaign, lang, request.draft)
        problems.extend(catalog_problems)
        if any(d.level.value == "error" for d in catalog_problems):
            continue
        localized = localize(campaign, lang, lookup)
        for format_name, size_name in jobs:
            size = paper_size(size_name)
            try:
                page = compose_page(localized, descriptions[format_name], size, engine)
            except ContentError as error:
                problems.extend(error.diagnostics)
                continue
            for variant in request.variants:
                outputs.append(PlannedOutput(
                    output_path(request, campaign, lang, format_name, size_name, variant),
                    lang, format_name, size_name, variant, (page,)))
    if request.strict:
        problems.promote_warnings()
    if problems.errors:
        raise ContentError(problems)
    return BuildResult(campaign, tuple(outputs), tuple(problems.warnings))


def _jobs(request: BuildRequest, descriptions: dict[str, LayoutDescription]
          ) -> list[tuple[str, str]]:
    jobs = []
    for format_name, description in descriptions.items():
        for size_name in request.sizes or (description.default_size,):
            try:
                size = paper_size(size_name)
            except UnknownPaperSize as exc:
                raise UsageError(str(exc)) from exc
            reason = description.check_size(size)
            if reason:
                raise UsageError(reason)
            jobs.append((format_name, size.name))
    return jobs


def write(result: BuildResult, engine: TextEngine) -> list[Path]:
    campaign = result.campaign
    written = []
    for output in result.outputs:
        info = DocumentInfo(
            title=output.pages[0].title,
            author=campaign.meta.organisation,
            subject=f"{campaign.meta.id} {output.format} {output.size} ({output.lang})",
            lang=output.lang,
        )
        render_document(output.pages, engine, output.path, VARIANTS[output.variant], info)
        written.append(output.path)
    return written


def build(request: BuildRequest, engine: TextEngine,
          lookups: LookupFactory = source_only_lookup) -> tuple[list[Path], BuildResult]:
    result = plan(request, engine, lookups)
    return write(result, engine), result
