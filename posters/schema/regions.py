"""Regional variants: the offices a local-contacts area lists, from a YAML or CSV file in
the campaign folder. Each region gives one variant of every output."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from posters.diagnostics import Location
from posters.model import Region
from posters.schema.readers import (
    INVALID,
    Context,
    Field,
    read_asset,
    read_mapping,
    read_phone,
    read_slug,
    read_string,
    read_text,
)
from posters.schema.source import MappingEntry, Node, read_yaml

REGION = {
    "id": Field(read_slug, required=True),
    "name": Field(read_text(), required=True),
    "address": Field(read_string, required=True),
    "phone": Field(read_phone),
    "hours": Field(read_text()),
}
CSV_COLUMNS = tuple(REGION)


def read_regions(ctx: Context, node: Node, path: str) -> tuple[Region, ...] | Any:
    file = read_asset(ctx, node, path)
    if file is INVALID:
        return INVALID
    if file.suffix.lower() == ".csv":
        items = _csv_rows(ctx, file, node, path)
    elif file.suffix.lower() in (".yaml", ".yml"):
        items = _yaml_items(ctx, file, node, path)
    else:
        return ctx.error(node, path, f"regions come from a .yaml or .csv file, got "
                                     f"{node.describe()}")
    if items is INVALID:
        return INVALID
    regions: list[Region] = []
    seen: dict[str, Location] = {}
    for index, item in enumerate(items):
        region = _read_region(ctx, item, index)
        if region is INVALID:
            continue
        if region.id in seen:
            ctx.problems.error(region.location, f"region id '{region.id}' is used twice (first "
                                                f"at line {seen[region.id].line})",
                               f"regions.{region.id}")
            continue
        seen[region.id] = region.location
        regions.append(region)
    return tuple(regions) if len(regions) == len(items) else INVALID


def _read_region(ctx: Context, item: Node, index: int) -> Region | Any:
    if item.kind != "mapping":
        return ctx.error(item, f"regions[{index}]", "expected a region with keys "
                                                  + ", ".join(REGION))
    id_node = item.items.get("id")
    region_id = id_node.node.raw if id_node and id_node.node.kind == "scalar" else str(index)
    key = f"regions.{region_id}" if re.fullmatch(r"[a-z0-9-]+", region_id) else \
        f"regions[{index}]"
    # a missing key is reported at the region's own line (a CSV row, a YAML item), not at
    # the 'regions:' line of campaign.yaml
    outer, ctx.key_location = ctx.key_location, item.location
    try:
        values = read_mapping(ctx, item, key, REGION)
    finally:
        ctx.key_location = outer
    if values is INVALID or INVALID in values.values():
        return INVALID
    return Region(values["id"], values["name"], values["address"], item.location,
                  values["phone"], values["hours"])


def _yaml_items(ctx: Context, file: Path, node: Node, path: str) -> list[Node] | Any:
    root = read_yaml(file, ctx.problems)
    if root is None:
        return INVALID
    if root.kind != "sequence":
        return ctx.error(root, path, "a regions file holds a list of regions")
    return list(root.children)


MAX_REGIONS_BYTES = 2_000_000  # some thousand offices; a list beyond is not a poster's


def _csv_rows(ctx: Context, file: Path, node: Node, path: str) -> list[Node] | Any:
    display = str(file.relative_to(ctx.root.resolve()).as_posix())
    display = str(Path(node.location.file).parent / display)
    if file.stat().st_size > MAX_REGIONS_BYTES:
        return ctx.error(node, path, f"{display} is {file.stat().st_size:,} bytes; a regions "
                                     f"file holds at most {MAX_REGIONS_BYTES:,}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return ctx.error(node, path, f"{display} is not UTF-8; save it as UTF-8")
    try:
        return _csv_nodes(ctx, display, text, node, path)
    except csv.Error as exc:  # a cell too long, a quote never closed
        line = int(getattr(exc, "line", 0) or 0)
        ctx.problems.error(Location(display, line or _csv_error_line(text)),
                           f"not readable as CSV ({exc}); check the quotes of this row",
                           path)
        return INVALID


def _csv_error_line(text: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return reader.line_num
    return 0


def _csv_nodes(ctx: Context, display: str, text: str, node: Node, path: str
               ) -> list[Node] | Any:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, None)
    if not header:
        return ctx.error(node, path, f"{display} is empty; its first line names the columns "
                                     + ", ".join(CSV_COLUMNS))
    header = [column.strip() for column in header]
    rows: list[Node] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        items = {}
        for column, (name, cell) in enumerate(zip(header, row, strict=False), start=1):
            if not cell.strip():
                continue
            where = Location(display, start, column)
            items[name] = MappingEntry(where, Node("scalar", where, raw=cell.strip(),
                                                   value=cell.strip(), plain=False))
        if len(row) > len(header):
            ctx.problems.error(Location(display, start, 1), f"{len(row)} cells but the header "
                                                            f"names {len(header)} columns")
        rows.append(Node("mapping", Location(display, start, 1), items=items))
    return rows
