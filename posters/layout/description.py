"""Layout descriptions: data files a designer can copy and change (posters/layouts/*.yaml).

Boxes are in mm at the description's reference size; each paper size scales them
uniformly, so one description serves every size with the same proportions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.sizes import PaperSize, UnknownPaperSize, paper_size
from posters.source import Node, read_yaml
from posters.validate import INVALID, Context, Field, read_mapping

LAYOUT_DIR = Path(__file__).resolve().parent.parent / "layouts"
ASPECT_TOLERANCE = 0.02


@dataclass(frozen=True)
class Style:
    size: float  # pt at the reference size
    min_size: float
    bold: bool = False
    colour: str = "ink"
    align: str = "start"
    valign: str = "top"  # where the set text sits in a taller box: top, middle, bottom
    value_scale: float = 1.0  # a statistic's value inside a sentence
    value_colour: str | None = None


@dataclass(frozen=True)
class Block:
    type: str
    box: tuple[float, float, float, float]  # mm at the reference size
    location: Location
    options: dict[str, Any]

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True)
class PanelSpec:
    name: str
    width: float  # mm at the reference size


@dataclass(frozen=True)
class PageSpec:
    """One side of the sheet. Panels run left to right across the full height; a block
    with ``panel: name`` has its box's x measured from that panel's left edge (already
    added in ``blocks``)."""

    name: str
    blocks: tuple[Block, ...]
    panels: tuple[PanelSpec, ...] = ()

    def panel_edges(self) -> list[tuple[str, float, float]]:
        """(name, x, width) of each panel in mm at the reference size."""
        edges, x = [], 0.0
        for panel in self.panels:
            edges.append((panel.name, x, panel.width))
            x += panel.width
        return edges


@dataclass(frozen=True)
class LayoutDescription:
    format: str
    description: str
    path: Path
    reference: tuple[float, float]  # mm, as the page is read (landscape: wider than tall)
    sizes: tuple[str, ...]
    safe_zone: float  # mm, not scaled
    styles: dict[str, Style]
    pages: tuple[PageSpec, ...]
    orientation: str = "portrait"
    multilingual: bool = False  # one document carries every language of the campaign
    warn_ppi: float = 300.0  # raster artwork below this effective resolution: a warning
    error_ppi: float = 150.0  # below this: an error

    def has_block(self, kind: str) -> bool:
        return any(block.type == kind for page in self.pages for block in page.blocks)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The first page's blocks (every single-page format has only that one)."""
        return self.pages[0].blocks

    @property
    def default_size(self) -> str:
        return self.sizes[0]

    def oriented(self, size: PaperSize) -> PaperSize:
        """The paper size turned the way this format uses it."""
        wide = size.width_mm > size.height_mm
        if (self.orientation == "landscape") != wide and size.width_mm != size.height_mm:
            return size.landscape()
        return size

    def scale_for(self, size: PaperSize) -> float:
        return self.oriented(size).width_mm / self.reference[0]

    def check_size(self, size: PaperSize) -> str | None:
        """Why ``size`` cannot be used with this layout, or None when it can."""
        size = self.oriented(size)
        ratio = (size.height_mm / size.width_mm) / (self.reference[1] / self.reference[0])
        if abs(ratio - 1) > ASPECT_TOLERANCE:
            return (f"the {self.format} layout is designed for pages of proportions "
                    f"{self.reference[0]:g} x {self.reference[1]:g} mm; {size.name} "
                    f"({size.width_mm:g} x {size.height_mm:g} mm) differs by "
                    f"{abs(ratio - 1):.0%}")
        scale = self.scale_for(size)
        for block in (block for page in self.pages for block in page.blocks):
            if block.type in ("band", "rule"):
                continue
            x, y, w, h = (v * scale for v in block.box)
            margin = min(x, y, size.width_mm - x - w, size.height_mm - y - h)
            if margin < self.safe_zone - 1e-6:
                return (f"at {size.name} the {block.type} block at {block.location} comes "
                        f"within {margin:.1f} mm of the trim; the safe zone is "
                        f"{self.safe_zone:g} mm")
        return None


KNOWN_BLOCKS = {"band", "rule", "text", "statistics", "warning_signs", "hotlines", "qr",
                "contacts", "chart", "languages", "logo"}
ORIENTATIONS = ("portrait", "landscape")


def _read_number(ctx: Context, node: Node, path: str) -> float | Any:
    if node.kind != "scalar" or type(node.value) not in (int, float):
        return ctx.error(node, path, f"expected a number, got {node.describe()}")
    return float(node.value)


def _read_box(ctx: Context, node: Node, path: str) -> tuple[float, ...] | Any:
    if node.kind != "sequence" or len(node.children) != 4:
        return ctx.error(node, path, "expected [x, y, width, height] in mm")
    values = [_read_number(ctx, child, f"{path}[{i}]") for i, child in enumerate(node.children)]
    if INVALID in values:
        return INVALID
    if values[2] <= 0 or values[3] <= 0:
        return ctx.error(node, path, "width and height must be positive")
    return tuple(values)


def _read_plain(ctx: Context, node: Node, path: str) -> Any:
    if node.kind == "scalar":
        return node.value
    if node.kind == "sequence":
        return [_read_plain(ctx, child, path) for child in node.children]
    return {key: _read_plain(ctx, entry.node, f"{path}.{key}")
            for key, entry in node.items.items()}


def _read_style(ctx: Context, node: Node, path: str) -> Style | Any:
    v = read_mapping(ctx, node, path, {
        "size": Field(_read_number, required=True),
        "min_size": Field(_read_number, required=True),
        "bold": Field(_read_plain, default=False),
        "colour": Field(_read_plain, default="ink"),
        "align": Field(_read_plain, default="start"),
        "valign": Field(_read_plain, default="top"),
        "value": Field(_read_plain, default={}),
    })
    if v is INVALID or INVALID in v.values():
        return INVALID
    if v["min_size"] > v["size"]:
        return ctx.error(node, path, "min_size must not be larger than size")
    if v["align"] not in ("start", "end", "center"):
        return ctx.error(node, path, "align must be start, end or center")
    if v["valign"] not in ("top", "middle", "bottom"):
        return ctx.error(node, path, "valign must be top, middle or bottom")
    value = v["value"] or {}
    return Style(v["size"], v["min_size"], bool(v["bold"]), str(v["colour"]), v["align"],
                 v["valign"], float(value.get("scale", 1.0)), value.get("colour"))


def load_layout(name_or_path: str | Path) -> LayoutDescription:
    """A layout description by format name or path; read once per process and file state."""
    path = Path(name_or_path)
    if not path.suffix:
        path = LAYOUT_DIR / f"{name_or_path}.yaml"
    try:
        stat = path.stat()
        state = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        state = (0, 0)
    return _load_layout(path.resolve(), state)


@functools.lru_cache(maxsize=64)
def _load_layout(path: Path, state: tuple[int, int]) -> LayoutDescription:
    problems = Diagnostics()
    node = read_yaml(path, problems)
    if node is None:
        raise ContentError(problems)
    ctx = Context(problems, path.parent)
    v = read_mapping(ctx, node, "", {
        "format": Field(_read_plain, required=True),
        "description": Field(_read_plain, default=""),
        "reference": Field(_read_plain, required=True),
        "orientation": Field(_read_plain, default="portrait"),
        "multilingual": Field(_read_plain, default=False),
        "sizes": Field(_read_plain, required=True),
        "safe_zone": Field(_read_number, default=5.0),
        "styles": Field(_read_plain_styles, required=True),
        "blocks": Field(_read_blocks),
        "pages": Field(_read_pages),
        "images": Field(_read_plain, default={}),
    })
    if v is INVALID or INVALID in v.values():
        raise ContentError(problems)
    if (v["blocks"] is None) == (v["pages"] is None):
        problems.error(node.location, "a layout has either 'blocks' (one page) or 'pages' "
                                      "(several sides, each with its blocks)", "blocks")
        raise ContentError(problems)
    pages = v["pages"] or (PageSpec("front", v["blocks"]),)
    if v["orientation"] not in ORIENTATIONS:
        problems.error(node.items["orientation"].node.location,
                       f"orientation must be {' or '.join(ORIENTATIONS)}", "orientation")
    for name in v["sizes"]:
        try:
            paper_size(name)
        except UnknownPaperSize as exc:
            problems.error(node.items["sizes"].node.location, str(exc), "sizes")
    reference = v["reference"]
    images = v["images"] or {}
    for page in pages:
        if page.panels and abs(sum(p.width for p in page.panels) - reference["width"]) > 0.01:
            problems.error(node.items["pages"].node.location,
                           f"the panels of page '{page.name}' add up to "
                           f"{sum(p.width for p in page.panels):g} mm; the page is "
                           f"{reference['width']:g} mm wide", "pages")
        for block in page.blocks:
            for key, style in _styles_used(block):
                if style not in v["styles"]:
                    problems.error(block.location, f"unknown style '{style}'", key)
            for message in _check_block(block, bool(v["multilingual"])):
                problems.error(block.location, message, block.type)
    if problems.errors:
        raise ContentError(problems)
    return LayoutDescription(
        format=str(v["format"]), description=str(v["description"]), path=path,
        reference=(float(reference["width"]), float(reference["height"])),
        sizes=tuple(v["sizes"]), safe_zone=v["safe_zone"], styles=v["styles"],
        pages=tuple(pages), orientation=v["orientation"], multilingual=bool(v["multilingual"]),
        warn_ppi=float(images.get("warn_ppi", 300)), error_ppi=float(images.get("error_ppi", 150)),
    )


CHART_KINDS = ("donut", "bar")


def _content_known(path: object) -> bool:
    """Whether a content path starts with a field of the localized campaign."""
    from posters.localized import LocalizedCampaign

    if not isinstance(path, str) or not path:
        return False
    first = path.split(".")[0].split("[")[0]
    return first in {f.name for f in fields(LocalizedCampaign)}


def _check_block(block: Block, multilingual: bool) -> list[str]:
    problems = []
    content = block.option("content")
    if block.type == "text" and not _content_known(content):
        problems.append(f"unknown content {content!r}; see docs/layouts.md for the paths")
    if block.option("lang") is not None and not multilingual:
        problems.append("'lang' is for multilingual formats (multilingual: true)")
    if block.type == "chart":
        if not isinstance(block.option("dataset"), str):
            problems.append("a chart needs 'dataset': the id of one of the campaign's "
                            "data.datasets")
        if block.option("kind", "donut") not in CHART_KINDS:
            problems.append(f"a chart's kind is {' or '.join(CHART_KINDS)}")
    if block.type == "languages":
        if not multilingual:
            problems.append("a languages block needs a multilingual format "
                            "(multilingual: true)")
        parts = block.option("parts")
        if not isinstance(parts, list) or not parts:
            problems.append("a languages block needs 'parts': [{content, share, style}]")
        else:
            for i, part in enumerate(parts):
                if not isinstance(part, dict) or "style" not in part or not (
                        part.get("content") == "hotlines" or _content_known(part.get("content"))):
                    problems.append(f"parts[{i}] needs a known 'content' and a 'style'")
    return problems


def _styles_used(block: Block) -> list[tuple[str, str]]:
    used = [(key, value) for key, value in block.options.items()
            if key.endswith("style") and isinstance(value, str)]
    for i, part in enumerate(block.option("parts", ())):
        if isinstance(part, dict) and "style" in part:
            used.append((f"parts[{i}].style", part["style"]))
    return used


def _read_panels(ctx: Context, node: Node, path: str) -> tuple[PanelSpec, ...] | Any:
    if node.kind != "sequence":
        return ctx.error(node, path, "expected a list of panels: {name, width}")
    panels = []
    for i, child in enumerate(node.children):
        v = read_mapping(ctx, child, f"{path}[{i}]", {
            "name": Field(_read_plain, required=True),
            "width": Field(_read_number, required=True),
        })
        if v is INVALID or INVALID in v.values():
            return INVALID
        panels.append(PanelSpec(str(v["name"]), v["width"]))
    return tuple(panels)


def _read_pages(ctx: Context, node: Node, path: str) -> tuple[PageSpec, ...] | Any:
    if node.kind != "sequence" or not node.children:
        return ctx.error(node, path, "expected a list of pages: {name, panels, blocks}")
    pages = []
    for i, child in enumerate(node.children):
        where = f"{path}[{i}]"
        v = read_mapping(ctx, child, where, {
            "name": Field(_read_plain, required=True),
            "panels": Field(_read_panels, default=()),
            "blocks": Field(_read_blocks, required=True),
        })
        if v is INVALID or INVALID in v.values():
            continue
        edges = {name: x for name, x, _ in PageSpec("", (), v["panels"]).panel_edges()}
        blocks = []
        for block in v["blocks"]:
            panel = block.option("panel")
            if panel is None:
                blocks.append(block)
            elif panel not in edges:
                ctx.problems.error(block.location, f"unknown panel '{panel}'; this page has "
                                   f"{', '.join(edges) or 'no panels'}", f"{where}.blocks")
            else:
                x, y, w, h = block.box
                blocks.append(Block(block.type, (x + edges[panel], y, w, h), block.location,
                                    block.options))
        pages.append(PageSpec(str(v["name"]), tuple(blocks), v["panels"]))
    return tuple(pages) if len(pages) == len(node.children) else INVALID


def _read_plain_styles(ctx: Context, node: Node, path: str) -> dict[str, Style] | Any:
    if node.kind != "mapping":
        return ctx.error(node, path, "expected a mapping of style names to styles")
    styles = {key: _read_style(ctx, entry.node, f"{path}.{key}")
              for key, entry in node.items.items()}
    return INVALID if INVALID in styles.values() else styles


def _read_blocks(ctx: Context, node: Node, path: str) -> tuple[Block, ...] | Any:
    if node.kind != "sequence":
        return ctx.error(node, path, "expected a list of blocks")
    blocks = []
    for i, child in enumerate(node.children):
        where = f"{path}[{i}]"
        if child.kind != "mapping" or "type" not in child.items or "box" not in child.items:
            ctx.error(child, where, "a block needs a type and a box")
            continue
        kind = child.items["type"].node.raw
        if kind not in KNOWN_BLOCKS:
            ctx.error(child, where, f"unknown block type '{kind}'; known: "
                                    f"{', '.join(sorted(KNOWN_BLOCKS))}")
            continue
        box = _read_box(ctx, child.items["box"].node, f"{where}.box")
        options = {key: _read_plain(ctx, entry.node, key) for key, entry in child.items.items()
                   if key not in ("type", "box")}
        if box is not INVALID:
            blocks.append(Block(kind, box, child.location, options))
    return tuple(blocks)
