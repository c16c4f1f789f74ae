"""The print settings, formats and requirements of a campaign: ``print:``, ``formats:``,
``requirements:``, and the checks that need the whole campaign read (the output intent
the printing condition names, requirements against the formats built).
"""

from __future__ import annotations

import datetime
from typing import Any

from posters.model import (
    Campaign,
    FormatChoice,
    PrintSettings,
)
from posters.schema.assets import read_output_profile
from posters.schema.readers import INVALID, Context, Field, node_at, read_string
from posters.schema.source import Node


def read_condition(ctx: Context, node: Node, path: str) -> str | Any:
    from posters.print.conditions import CONDITIONS, find_condition

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    if find_condition(raw) is None:
        return ctx.error(node, path, f"unknown printing condition {raw!r}; name one of "
                                     f"{', '.join(CONDITIONS)}, or give your printer's "
                                     "profile as print.profile")
    return raw


def read_pdfx(ctx: Context, node: Node, path: str) -> str | Any:
    from posters.print.conditions import PDFX_VERSIONS

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    if raw.lower() not in PDFX_VERSIONS:
        return ctx.error(node, path, f"print.pdfx is {raw!r}; use x-4 (PDF/X-4, the default) "
                                     "or x-1a (PDF/X-1a:2001, for printers that ask for it)")
    return raw.lower()


def read_print_date(ctx: Context, node: Node, path: str) -> str | Any:

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    try:
        datetime.date.fromisoformat(raw)
    except ValueError:
        return ctx.error(node, path, f"{raw!r} is not a date; write YYYY-MM-DD")
    return raw


def read_formats(ctx: Context, node: Node, path: str) -> tuple[FormatChoice, ...] | Any:
    """``formats: {poster: [us-letter, tabloid], card: [card-us]}``: the formats the
    campaign builds, each at its sizes (the first its default). Whether a layout exists
    and takes the size is checked by posters.formats once the campaign is read."""
    from posters.sizes import UnknownPaperSize, paper_size

    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of format names to lists of sizes, "
                                     "e.g. {poster: [us-letter, tabloid], card: [card-us]}")
    choices = []
    for name, entry in node.items.items():
        sizes_node = entry.node
        where = f"{path}.{name}"
        if sizes_node.kind == "scalar" and isinstance(sizes_node.value, str):
            sizes_node = Node("sequence", sizes_node.location, children=(sizes_node,))
        if sizes_node.kind != "sequence" or not sizes_node.children:
            ctx.error(entry.node, where, "expected a list of paper sizes, e.g. [us-letter]; "
                                         "the first is the default")
            continue
        sizes, locations = [], []
        for i, child in enumerate(sizes_node.children):
            try:
                sizes.append(paper_size(child.raw).name)
                locations.append(child.location)
            except UnknownPaperSize as exc:
                ctx.error(child, f"{where}[{i}]", str(exc))
        choices.append(FormatChoice(name, tuple(sizes), entry.key_location, tuple(locations)))
    return tuple(choices)


def read_length(ctx: Context, node: Node, path: str) -> float | Any:
    from posters.sizes import parse_length

    try:
        value = parse_length(node.value if node.kind == "scalar" else node.describe())
    except ValueError as exc:
        return ctx.error(node, path, str(exc))
    if not 0 <= value <= 25:
        return ctx.error(node, path, "a bleed is between 0 and 25 mm (1 in); printers ask "
                                     "3 mm or 0.125 in")
    return value


PRINT = {
    "bleed": Field(read_length, default=3.0),
    "condition": Field(read_condition),
    "profile": Field(read_output_profile),
    "pdfx": Field(read_pdfx),
    "date": Field(read_print_date),
}


def read_requirements_key(ctx: Context, node: Node, path: str) -> Any:
    from posters.preflight.requirements import read_requirements

    return read_requirements(ctx, node, path)

# Every block with fixed keys, by where it sits ("[]" is any list item, "*" any key).


def check_output_intent(ctx: Context, root_node: Node, campaign: Campaign) -> None:
    """A named condition without a free profile needs the printer's profile: said here,
    not when the first print file is written."""
    from posters.print.conditions import ConditionError

    try:
        _ = campaign.output_intent
    except ConditionError as exc:
        node = node_at(root_node, "print", "condition") or node_at(root_node, "brand",
                                                           "output_condition") or root_node
        where = "print.condition" if node_at(root_node, "print", "condition") else \
            "brand.output_condition"
        ctx.error(node, where, str(exc))


def print_settings(values: dict[str, Any] | None) -> PrintSettings:
    if not values or values is INVALID or INVALID in values.values():
        return PrintSettings()
    return PrintSettings(values.get("condition"), values.get("profile"),
                         values.get("pdfx") or "x-4", values.get("date"))


def check_requirements(ctx: Context, campaign: Campaign) -> None:
    if campaign.requirements is not None:
        from posters.preflight.requirements import validate_requirements

        validate_requirements(ctx, campaign, _campaign_formats(campaign))


def _campaign_formats(campaign: Campaign) -> dict[str, list[str]] | None:
    """The formats a plain build makes and their sizes: the campaign's `formats:`, else
    every layout at its default size."""
    try:
        from posters.formats import planned_formats
        from posters.layout.description import load_layout

        return {planned.name: list(planned.sizes)
                or [load_layout(planned.name, campaign.root).default_size]
                for planned in planned_formats(campaign)}
    except Exception:  # a broken layout is reported by the format checks, not here
        return None
