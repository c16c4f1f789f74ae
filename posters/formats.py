"""Which formats a campaign builds, at which sizes, and whether their layouts can.

A campaign names its formats in ``formats:`` (campaign.yaml); without it, it builds every
format it has a layout for (the stock ones, and its own ``layouts/*.yaml``) at the
layout's default size. Each layout must load and take each size; a chart must name a
dataset the campaign has. Problems are reported with the campaign's or the layout's
file and line, a stock layout named ``<stock>/poster.yaml``, never by its install path.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.layout.description import (
    CAMPAIGN_LAYOUTS,
    LayoutDescription,
    available_layouts,
    campaign_layouts,
    load_layout,
)
from posters.model import Campaign
from posters.sizes import UnknownPaperSize, paper_size


@dataclass(frozen=True)
class PlannedFormat:
    name: str
    sizes: tuple[str, ...]  # as the campaign names them; empty: the layout's default
    location: Location | None  # where campaign.yaml names it
    size_locations: tuple[Location, ...] = ()


def planned_formats(campaign: Campaign) -> list[PlannedFormat]:
    if campaign.formats:
        return [PlannedFormat(f.name, f.sizes, f.location, f.size_locations)
                for f in campaign.formats]
    return [PlannedFormat(name, (), None) for name in available_layouts(campaign.root)]


def format_names(campaign: Campaign) -> list[str]:
    return [planned.name for planned in planned_formats(campaign)]


def check_formats(campaign: Campaign, only: tuple[str, ...] = ()) -> Diagnostics:
    """Every problem a build would meet in the campaign's formats, before it starts; in
    the formats ``only`` when given (a build of some formats checks those)."""
    problems = Diagnostics()
    source: list = []  # the campaign in its source language, localized once
    known = available_layouts(campaign.root)
    where = Location(str(campaign.source_file))
    for path in sorted((campaign.root / CAMPAIGN_LAYOUTS).glob("*.yaml")):
        if path.stem not in campaign_layouts(campaign.root):
            # an error, not a warning: the build would quietly use the stock layout instead
            problems.error(Location(str(path)), "this layout leads outside the campaign folder "
                                                "through a symbolic link, and nothing outside "
                                                "it is read; copy the file here")
    for planned in planned_formats(campaign):
        if only and planned.name not in only:
            continue
        location = planned.location or where
        if planned.name not in known:
            problems.error(location, f"no layout for the format '{planned.name}'; the formats "
                                     f"are {', '.join(known)}, or add layouts/"
                                     f"{planned.name}.yaml beside campaign.yaml",
                           f"formats.{planned.name}")
            continue
        try:
            layout = load_layout(planned.name, campaign.root)
        except ContentError as error:
            problems.extend(error.diagnostics)
            continue
        for i, name in enumerate(planned.sizes or (layout.default_size,)):
            at = planned.size_locations[i] if i < len(planned.size_locations) else location
            try:
                size = paper_size(name)
            except UnknownPaperSize as exc:
                problems.error(at, str(exc), f"formats.{planned.name}")
                continue
            reason = layout.check_size(size)
            if reason:
                problems.error(at, reason, f"formats.{planned.name}[{i}]")
            else:
                problems.extend(_check_flow_once(campaign, layout, size, source))
        problems.extend(_check_charts(campaign, layout))
    return problems


def _check_flow_once(campaign: Campaign, layout: LayoutDescription, size,  # type: ignore[no-untyped-def]
                     source_once: list) -> Diagnostics:
    """_check_flow, not again for a campaign, layout and size that passed it before (it
    depends on nothing else: posters.schema.checked remembers the pass by the pickled
    campaign model, the layout file's bytes and the size)."""
    import pickle

    from posters.schema.checked import Remembered

    try:
        data = pickle.dumps((campaign, size.name, layout.path.read_bytes()), protocol=5)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return _check_flow(campaign, layout, size, source_once)
    remembered = Remembered("campaign parts fit the layout", data=data)
    if remembered.passed:
        return Diagnostics()
    problems = _check_flow(campaign, layout, size, source_once)
    if not len(problems):
        remembered.remember()
    return problems


def _check_flow(campaign: Campaign, layout: LayoutDescription, size,  # type: ignore[no-untyped-def]
                source_once: list) -> Diagnostics:
    """Whether the campaign's own parts fit the layout's rows at ``size``: the parts it
    has, each grid with its number of items (twelve datasets need four rows of charts).
    Text is not set here; a build checks each text against its box. ``source_once``
    holds the campaign localized in its source language once it has been."""
    from posters.layout.compose import PageComposer
    from posters.layout.flow import FlowProblem, resolve_page
    from posters.localize import localize

    problems = Diagnostics()
    if not source_once:
        source_once.append(localize(campaign, campaign.meta.source_language))
    source = source_once[0]
    languages = [source] * len(campaign.meta.languages) if layout.multilingual else []
    for page in layout.pages:
        composer = PageComposer(source, layout, size, None, page, languages)  # type: ignore[arg-type]
        try:
            resolve_page(page, layout.virtual_page(size), composer.has_content,
                         composer.intrinsic)
        except FlowProblem as problem:
            problems.error(problem.location,
                           f"this campaign's parts do not fit the {layout.format} layout at "
                           f"{size.name}: {problem.message(layout.scale_for(size))}",
                           f"{layout.format} [{size.name}]")
    return problems


def _check_charts(campaign: Campaign, layout: LayoutDescription) -> Diagnostics:
    problems = Diagnostics()
    ids = [dataset.id for dataset in campaign.data.datasets] if campaign.data else []
    for page in layout.pages:
        for block in page.blocks:
            dataset = getattr(block.options, "dataset", None) if block.type == "chart" else None
            if block.type == "chart" and campaign.data is not None and dataset not in ids:
                problems.error(block.location,
                               f"the {layout.format} layout draws a chart of the dataset "
                               f"'{dataset}' but the campaign's data has "
                               f"{'the datasets ' + ', '.join(ids) if ids else 'none'}; "
                               "add it under data.datasets, or use a 'charts' block (one "
                               "chart per dataset)", f"data [{layout.format}]")
    return problems
