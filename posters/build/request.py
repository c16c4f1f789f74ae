"""What a build is asked for (BuildRequest), checked against the campaign, and the
outputs it makes (``plan``): languages x formats x sizes x regions x variants.

The formats are those the campaign names, or every layout it has (the stock
``posters/layouts/*.yaml`` and its own ``layouts/*.yaml``): a new format is one layout
file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posters.build.outputs import ALL_LANGUAGES, GENERIC, VARIANTS, Output, output_path

if TYPE_CHECKING:
    from posters.diagnostics import Diagnostic
    from posters.model import Campaign

# The schema, the layouts and the model are imported by plan(): BuildRequest itself is
# light, for the build record (posters.build.record) to answer without them.


class UsageError(ValueError):
    """The request itself is wrong (unknown language, format or size): exit code 2."""


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
    regions: tuple[str, ...] = ()  # empty: the generic output and one per region
    force: bool = False  # rebuild even what is up to date
    gallery: bool = True  # write out/<campaign>/index.html with previews of every output
    checks: str = "fast"  # preflight on each written file: fast, full or none
    jobs: int = 1  # worker processes; 1 builds in this process
    # (I, N): build only shard I of N of the outputs (posters.build.shard); None: all
    shard: tuple[int, int] | None = None


def selected_regions(request: BuildRequest, campaign: Campaign) -> list[str | None]:
    known = [region.id for region in campaign.regions]
    if not request.regions:
        return [None, *known]
    unknown = [r for r in request.regions if r != GENERIC and r not in known]
    if unknown:
        raise UsageError(f"unknown region(s) {', '.join(unknown)}; the campaign has "
                         f"{', '.join([GENERIC, *known])}")
    return [None if r == GENERIC else r for r in dict.fromkeys(request.regions)]


def plan(request: BuildRequest) -> tuple[Campaign, list[Output], list[Diagnostic]]:
    """Validate the campaign and the request; the outputs to make, grouped by language."""
    from posters.formats import planned_formats
    from posters.i18n.pseudo import PSEUDO_LOCALES, is_pseudo
    from posters.layout.description import available_layouts, load_layout
    from posters.schema.campaign import load_campaign
    from posters.sizes import UnknownPaperSize, paper_size

    if request.shard is not None and not 1 <= request.shard[0] <= request.shard[1]:
        raise UsageError(f"shard {request.shard[0]}/{request.shard[1]}: I must be 1 to N")
    campaign, warnings = load_campaign(request.campaign_dir, strict=request.strict,
                                       formats=request.formats)
    languages = request.languages or campaign.meta.languages
    with_all = not request.languages or ALL_LANGUAGES in request.languages
    languages = tuple(lang for lang in languages if lang != ALL_LANGUAGES)
    unknown = [lang for lang in languages if lang not in campaign.meta.languages
               and not is_pseudo(lang)]  # qps-ploc, qps-plocm: made on request only
    if unknown:
        raise UsageError(f"language(s) {', '.join(unknown)} not in the campaign; it has "
                         f"{', '.join(campaign.meta.languages)} (and the pseudo-locales "
                         f"{', '.join(PSEUDO_LOCALES)})")
    planned = {p.name: p.sizes for p in planned_formats(campaign)}
    known = available_layouts(campaign.root)
    formats = request.formats or tuple(planned)
    for name in formats:
        if name not in known:
            raise UsageError(f"unknown format {name!r}; known: {', '.join(known)}")
    for name in request.variants:
        if name not in VARIANTS:
            raise UsageError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
    regions = selected_regions(request, campaign)
    outputs = []
    unused = set(request.sizes)
    for format_name in formats:
        description = load_layout(format_name, campaign.root)
        for size_name in request.sizes or planned.get(format_name) or \
                (description.default_size,):
            try:
                size = paper_size(size_name)
            except UnknownPaperSize as exc:
                raise UsageError(str(exc)) from exc
            reason = description.check_size(size)
            if reason and request.sizes and not request.formats:
                continue  # all formats: each takes the sizes it is made for
            if reason:
                raise UsageError(reason)
            unused.discard(size_name)
            targets = ((ALL_LANGUAGES,) if with_all else ()) if description.multilingual \
                else languages
            # regional variants only where the format shows the local contacts
            format_regions = regions if description.has_block("contacts") else [None]
            for lang in targets:
                for region in format_regions:
                    for variant in request.variants:
                        outputs.append(Output(
                            output_path(request.out_dir, campaign, lang, format_name,
                                        size.name, variant, region),
                            lang, format_name, size.name, variant, region))
    if unused:
        raise UsageError(f"no format is made for the size(s) {', '.join(sorted(unused))}; "
                         "name a format and a size it takes")
    return campaign, outputs, list(warnings)
