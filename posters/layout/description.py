"""Layout descriptions: data files a designer can copy and change.

Stock layouts ship in ``posters/layouts/``, one file per format, and are found from their
files; a campaign's ``layouts/`` folder adds formats or replaces stock ones. A page is a
tree of blocks: a block with ``rows`` or ``columns`` stacks its children, each taking a
fixed length (mm at the reference size) or a share of the space left (``2fr``), within
its ``min`` and ``max``; see ``posters.layout.flow``. Every length is scaled by the same
factor, the largest at which the reference page fits in the paper size, so text keeps
its proportions while the flexible parts take up the difference in shape.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.layout.blocks import BLOCKS, decorative
from posters.layout.options import BlockOptions, did_you_mean, read_options
from posters.layout.tree import FLEXIBLE, Block, PageSpec, PanelSpec, Style, Track
from posters.schema.readers import INVALID, Context
from posters.schema.source import Node, read_yaml
from posters.sizes import PaperSize, UnknownPaperSize, paper_size

LAYOUT_DIR = Path(__file__).resolve().parent.parent / "layouts"
CAMPAIGN_LAYOUTS = "layouts"  # beside campaign.yaml
STOCK_PREFIX = "<stock>"  # how messages name a stock layout's file (never its install path)
ASPECT_TOLERANCE = 0.02  # a layout without `aspect` takes its reference's shape within this


@dataclass(frozen=True)
class LayoutDescription:
    format: str
    description: str
    path: Path
    reference: tuple[float, float]  # mm, as the page is read (landscape: wider than tall)
    sizes: tuple[str, ...]  # sizes it is shown at; the first is the default
    safe_zone: float  # mm, not scaled
    styles: dict[str, Style]
    pages: tuple[PageSpec, ...]
    orientation: str = "portrait"
    multilingual: bool = False  # one document carries every language of the campaign
    warn_ppi: float = 300.0  # raster artwork below this effective resolution: a warning
    error_ppi: float = 150.0  # below this: an error
    aspect: tuple[float, float] | None = None  # long side / short side it takes
    scale: tuple[float, float] | None = None  # smallest and largest page, against the reference
    scale_line: int = 0
    display: str = ""  # the file as messages name it
    aspect_line: int = 0
    stock: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # top-level keys this module ignores
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def has_block(self, kind: str) -> bool:
        return any(block.type == kind for page in self.pages for block in page.blocks)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The first page's blocks."""
        return self.pages[0].blocks

    @property
    def default_size(self) -> str:
        return self.sizes[0]

    @property
    def aspect_range(self) -> tuple[float, float]:
        if self.aspect:
            return self.aspect
        ratio = max(self.reference) / min(self.reference)
        return ratio * (1 - ASPECT_TOLERANCE), ratio * (1 + ASPECT_TOLERANCE)

    def reference_boxes(self, page_name: str) -> dict[Location, tuple[float, ...]]:
        """Each block's box on the reference page with every part present: what a
        style's ``grow`` compares a block with."""
        if page_name not in self.cache:
            self.cache[page_name] = _reference_boxes(self, page_name)
        return self.cache[page_name]

    def where(self, line: int = 0) -> str:
        return f"{self.display}:{line}" if line else self.display

    def oriented(self, size: PaperSize) -> PaperSize:
        """The paper size turned the way this format uses it."""
        wide = size.width_mm > size.height_mm
        if (self.orientation == "landscape") != wide and size.width_mm != size.height_mm:
            return size.landscape()
        return size

    def scale_for(self, size: PaperSize) -> float:
        """The largest factor at which the reference page fits in ``size``."""
        size = self.oriented(size)
        return min(size.width_mm / self.reference[0], size.height_mm / self.reference[1])

    def virtual_page(self, size: PaperSize) -> tuple[float, float]:
        """The page in mm at the reference scale: the reference, longer one way."""
        size, scale = self.oriented(size), self.scale_for(size)
        return size.width_mm / scale, size.height_mm / scale

    def check_size(self, size: PaperSize) -> str | None:
        """Why ``size`` cannot be used with this layout, or None when it can."""
        from posters.layout.flow import FlowProblem, resolve_page

        oriented = self.oriented(size)
        ratio = max(oriented.width_mm, oriented.height_mm) / min(oriented.width_mm,
                                                                 oriented.height_mm)
        low, high = self.aspect_range
        if not low - 1e-6 <= ratio <= high + 1e-6:
            where = self.where(self.aspect_line)
            return (f"{size.name} ({oriented.width_mm:g} x {oriented.height_mm:g} mm, long "
                    f"side {ratio:.2f} times the short side) is not a shape the "
                    f"{self.format} layout takes ({where}: {low:.2f} to {high:.2f}); "
                    "choose another size or a layout made for it")
        scale = self.scale_for(size)
        if self.scale and not self.scale[0] - 1e-6 <= scale <= self.scale[1] + 1e-6:
            smaller = scale < self.scale[0]
            return (f"{size.name} ({oriented.width_mm:g} x {oriented.height_mm:g} mm) is too "
                    f"{'small' if smaller else 'large'} for the {self.format} layout "
                    f"({self.where(self.scale_line)}: {self.scale[0]:g} to {self.scale[1]:g} "
                    f"times its {self.reference[0]:g} x {self.reference[1]:g} mm reference)")
        for page in self.pages:
            try:
                placed, _ = resolve_page(page, self.virtual_page(size), lambda block: True)
            except FlowProblem as problem:
                return (f"at {size.name} the {self.format} layout does not fit: "
                        f"{problem.message(scale)} ({self.where(problem.location.line)})")
            for block in placed:
                if decorative(block.type) or block.box is None:
                    continue
                x, y, w, h = (v * scale for v in block.box)
                margin = min(x, y, oriented.width_mm - x - w, oriented.height_mm - y - h)
                if margin < self.safe_zone - 1e-6:
                    return (f"at {size.name} the {block.type} block at "
                            f"{self.where(block.location.line)} comes within {margin:.1f} mm "
                            f"of the trim; the safe zone is {self.safe_zone:g} mm")
        return None


ORIENTATIONS = ("portrait", "landscape")
JUSTIFY = ("start", "center", "end", "spread")
STRUCTURE = {"type", "box", "height", "width", "min", "max", "rows", "columns", "gap",
             "padding", "justify", "otherwise", "panel"}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(fr|mm)?$")


# ------------------------------------------------------------------ finding layouts


def stock_layouts() -> dict[str, Path]:
    """Format name -> file of every layout shipped in the package."""
    return {path.stem: path for path in sorted(LAYOUT_DIR.glob("*.yaml"))}


def campaign_layouts(campaign_root: Path | None) -> dict[str, Path]:
    """Format name -> file of the layouts a campaign brings (``layouts/*.yaml``)."""
    if campaign_root is None:
        return {}
    folder = campaign_root / CAMPAIGN_LAYOUTS
    if not folder.is_dir():
        return {}
    root = campaign_root.resolve()
    # nothing outside the campaign folder is read: a link out of it is not a layout
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))
            if path.is_file() and path.resolve().is_relative_to(root)}


def available_layouts(campaign_root: Path | None = None) -> dict[str, Path]:
    """Every format a campaign can build: the stock ones, replaced or joined by its own."""
    return {**stock_layouts(), **campaign_layouts(campaign_root)}


def layout_file(name: str, campaign_root: Path | None = None) -> Path | None:
    return available_layouts(campaign_root).get(name)


def load_layout(name_or_path: str | Path, campaign_root: Path | None = None
                ) -> LayoutDescription:
    """A layout by format name (the campaign's own first, then the stock one) or by path;
    read once per process and file state."""
    path = Path(name_or_path)
    if not path.suffix:
        found = layout_file(str(name_or_path), campaign_root)
        path = found or LAYOUT_DIR / f"{name_or_path}.yaml"
    try:
        stat = path.stat()
        state = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        state = (0, 0)
    return _load_layout(path.resolve(), state)


def display_name(path: Path) -> str:
    """A stock layout is named ``<stock>/poster.yaml``; any other by its path."""
    if path.parent == LAYOUT_DIR.resolve() or path.parent == LAYOUT_DIR:
        return f"{STOCK_PREFIX}/{path.name}"
    return ""


# ------------------------------------------------------------------ reading


class _Reader:
    def __init__(self, ctx: Context, multilingual: bool) -> None:
        self.ctx = ctx
        self.multilingual = multilingual

    def error(self, node: Node, path: str, message: str) -> Any:
        return self.ctx.error(node, path, message)

    def number(self, node: Node, path: str) -> float | Any:
        if node.kind != "scalar" or type(node.value) not in (int, float):
            return self.error(node, path, f"expected a number, got {node.describe()}")
        return float(node.value)

    def length(self, node: Node, path: str, allow_fr: bool) -> tuple[float | None, float] | Any:
        """(fixed mm, fr) from ``12``, ``12mm`` or ``2fr``."""
        text = node.raw.strip().lower() if node.kind == "scalar" else ""
        match = _LENGTH.match(text)
        if not match or (match.group(2) == "fr" and not allow_fr):
            shares = " or a share of the space left (2fr)" if allow_fr else ""
            return self.error(node, path, f"expected a length in mm (12){shares}, got "
                                          f"{node.describe()}")
        value = float(match.group(1))
        return (None, value) if match.group(2) == "fr" else (value, 0.0)

    def padding(self, node: Node, path: str) -> tuple[float, float, float, float] | Any:
        if node.kind == "scalar":
            value = self.number(node, path)
            return INVALID if value is INVALID else (value,) * 4
        values = [self.number(child, f"{path}[{i}]") for i, child in enumerate(node.children)]
        if INVALID in values or len(values) not in (2, 4):
            return self.error(node, path, "padding is one number, [vertical, horizontal] or "
                                          "[top, right, bottom, left] in mm")
        return tuple(values * 2) if len(values) == 2 else tuple(values)

    def gap(self, node: Node, path: str) -> float | Any:
        return self.number(node, path)

    def box(self, node: Node, path: str) -> tuple[float, ...] | Any:
        if node.kind != "sequence" or len(node.children) != 4:
            return self.error(node, path, "expected [x, y, width, height] in mm")
        values = [self.number(child, f"{path}[{i}]") for i, child in enumerate(node.children)]
        if INVALID in values:
            return INVALID
        if values[2] <= 0 or values[3] <= 0:
            return self.error(node, path, "width and height must be positive")
        return tuple(values)

    def block(self, node: Node, path: str, along: str | None, root: bool = False
              ) -> Block | Any:
        """A block; ``along`` is the parent's direction (its size is then its height in
        rows, its width in columns). A ``root`` (a page's or panel's mapping) shares its
        mapping with the layout's or page's own keys: it has no options."""
        if node.kind != "mapping":
            return self.error(node, path, "a block is a mapping: {type: ..., ...}")
        items = node.items
        # `columns: [...]` stacks blocks; `columns: 2` is a grid block's number of columns
        directions = [key for key in ("rows", "columns")
                      if key in items and items[key].node.kind == "sequence"]
        if "type" not in items and not directions:
            return self.error(node, path, "a block needs a type, or rows or columns of "
                                          "blocks")
        kind = items["type"].node.raw if "type" in items else "group"
        if kind not in BLOCKS:
            return self.error(node, path,
                              f"unknown block type '{kind}'{did_you_mean(kind, sorted(BLOCKS))}"
                              f" (known: {', '.join(sorted(BLOCKS))})")
        if len(directions) > 1:
            return self.error(node, path, "a block has rows or columns, not both")
        ok = True
        box = None
        if "box" in items:
            box = self.box(items["box"].node, _join(path, "box"))
            ok = box is not INVALID
        size = FLEXIBLE
        wrong = {"rows": "width", "columns": "height"}.get(along or "")
        if wrong and wrong in items and box is None:
            self.error(items[wrong].node, _join(path, wrong),
                       f"in {along}, a block's size is its "
                       f"{'height' if along == 'rows' else 'width'}; its {wrong} is the "
                       "parent's")
            ok = False
        key = {"rows": "height", "columns": "width"}.get(along or "")
        limits = {}
        for limit in ("min", "max"):
            if limit in items:
                value = self.length(items[limit].node, _join(path, limit), allow_fr=False)
                ok = ok and value is not INVALID
                limits[limit] = value[0] if value is not INVALID else 0.0
        if key and key in items:
            value = self.length(items[key].node, _join(path, key), allow_fr=True)
            if value is INVALID:
                ok = False
            else:
                size = Track(value[0], value[1] or 1.0, limits.get("min", 0.0),
                             limits.get("max", math.inf))
        elif limits:
            size = Track(None, 1.0, limits.get("min", 0.0), limits.get("max", math.inf))
        if size.min > size.max:
            self.error(node, path, "min must not be larger than max")
            ok = False
        children: list[Block] = []
        direction = directions[0] if directions else None
        if direction:
            for i, child in enumerate(items[direction].node.children):
                read = self.block(child, _join(path, f"{direction}[{i}]"), direction)
                if read is INVALID:
                    ok = False
                else:
                    children.append(read)
        gap = self.gap(items["gap"].node, _join(path, "gap")) if "gap" in items and direction \
            else 0.0
        padding = self.padding(items["padding"].node, _join(path, "padding")) \
            if "padding" in items else (0.0,) * 4
        justify = items["justify"].node.raw if "justify" in items else "start"
        if justify not in JUSTIFY:
            self.error(items["justify"].node, _join(path, "justify"),
                       f"justify is {', '.join(JUSTIFY)}")
            ok = False
        otherwise = None
        if "otherwise" in items:
            otherwise = self.block(items["otherwise"].node, _join(path, "otherwise"), along)
            ok = ok and otherwise is not INVALID
        if INVALID in (gap, padding):
            ok = False
        # `columns: 2` and a grid's `gap` (its cells') are options when there are no children
        entries = {} if root else {
            key: entry for key, entry in items.items()
            if key not in STRUCTURE or (key in ("columns", "gap") and not direction)}
        block_type = BLOCKS[kind]
        options, problems = read_options(block_type.Options, entries, path,
                                         f"a {kind} block", node.location)
        for problem in problems:
            self.ctx.problems.error(problem.location, problem.message, problem.path or kind)
        if options is None:
            return INVALID
        block = Block(kind, box, node.location, options, size, direction, tuple(children),
                      gap if gap is not INVALID else 0.0,
                      padding if padding is not INVALID else (0.0,) * 4, justify,
                      otherwise if otherwise is not INVALID else None)
        for message in block_type.check(options, self.multilingual):
            self.ctx.problems.error(block.location, message, path or kind)
        return block if ok else INVALID

    def group(self, node: Node, path: str) -> Block | Any:
        """The blocks of a page or panel: ``rows`` or ``columns`` of it, or ``blocks`` (each
        placed at its ``box``)."""
        items = node.items
        if "blocks" in items:
            blocks_node = items["blocks"].node
            if blocks_node.kind != "sequence":
                return self.error(blocks_node, _join(path, "blocks") if path else "blocks",
                                  "expected a list of blocks")
            children = []
            for i, child in enumerate(blocks_node.children):
                where = _join(path, f"blocks[{i}]") if path else f"blocks[{i}]"
                if child.kind != "mapping" or "type" not in child.items or \
                        "box" not in child.items:
                    self.error(child, where, "a block in 'blocks' needs a type and a box")
                    continue
                read = self.block(child, where, None)
                if read is not INVALID:
                    children.append(read)
            return Block("group", None, node.location, BlockOptions(),
                         children=tuple(children))
        return self.block(node, path, None, root=True)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _plain(node: Node) -> Any:
    if node.kind == "scalar":
        return node.value
    if node.kind == "sequence":
        return [_plain(child) for child in node.children]
    return {key: _plain(entry.node) for key, entry in node.items.items()}


def _read_style(reader: _Reader, node: Node, path: str) -> Style | Any:
    if node.kind != "mapping":
        return reader.error(node, path, "a style is {size, min_size, ...}")
    known = {"size", "min_size", "bold", "colour", "align", "valign", "value", "grow"}
    v = {key: _plain(entry.node) for key, entry in node.items.items()}
    for key in v.keys() - known:
        reader.error(node.items[key].node, _join(path, key), f"unknown style key '{key}'; "
                                                            f"known: {', '.join(sorted(known))}")
    for key in ("size", "min_size"):
        if key not in node.items:
            return reader.error(node, path, f"a style needs '{key}'")
        if reader.number(node.items[key].node, _join(path, key)) is INVALID:
            return INVALID
    if v["min_size"] > v["size"]:
        return reader.error(node, path, "min_size must not be larger than size")
    if v.get("align", "start") not in ("start", "end", "center"):
        return reader.error(node, path, "align must be start, end or center")
    if v.get("valign", "top") not in ("top", "middle", "bottom"):
        return reader.error(node, path, "valign must be top, middle or bottom")
    value = v.get("value") or {}
    return Style(float(v["size"]), float(v["min_size"]), bool(v.get("bold", False)),
                 str(v.get("colour", "ink")), v.get("align", "start"), v.get("valign", "top"),
                 float(value.get("scale", 1.0)), value.get("colour"),
                 max(1.0, float(v.get("grow", 1.0))))


@functools.lru_cache(maxsize=64)
def _load_layout(path: Path, state: tuple[int, int]) -> LayoutDescription:
    problems = Diagnostics()
    stock = bool(display_name(path))
    node = read_yaml(path, problems, display_name(path) or None)
    if node is None:
        raise ContentError(problems)
    display = node.location.file
    if node.kind != "mapping":
        problems.error(node.location, "a layout is a mapping: format, reference, styles, ...")
        raise ContentError(problems)
    items = node.items
    multilingual = "multilingual" in items and items["multilingual"].node.value is True
    reader = _Reader(Context(problems, path.parent), multilingual)
    for key in ("reference", "styles"):
        if key not in items:
            problems.error(node.location, f"a layout needs '{key}'; see docs/layouts.md", key)
    if sum(key in items for key in ("blocks", "pages", "rows", "columns")) != 1:
        problems.error(node.location, "a layout has one of 'rows' or 'columns' (one page "
                                      "of blocks), 'pages' (several sides) or 'blocks' (boxes "
                                      "at fixed places)", "rows")
    if problems.errors:
        raise ContentError(problems)
    format_name = path.stem
    if "format" in items and str(items["format"].node.value) != format_name:
        problems.error(items["format"].node.location,
                       f"the format is named after its file: '{format_name}' (or rename the "
                       f"file to {items['format'].node.value}.yaml)", "format")
    reference = _read_reference(reader, items["reference"].node)
    orientation = items["orientation"].node.raw if "orientation" in items else "portrait"
    if orientation not in ORIENTATIONS:
        problems.error(items["orientation"].node.location,
                       f"orientation must be {' or '.join(ORIENTATIONS)}", "orientation")
    sizes = _plain(items["sizes"].node) if "sizes" in items else None
    if sizes is not None and (not isinstance(sizes, list) or not sizes):
        problems.error(items["sizes"].node.location, "sizes is a list of paper sizes; the "
                                                     "first is the default", "sizes")
        sizes = None
    for name in sizes or ():
        try:
            paper_size(str(name))
        except UnknownPaperSize as exc:
            problems.error(items["sizes"].node.location, str(exc), "sizes")
    aspect = None
    if "aspect" in items:
        aspect = _read_aspect(reader, items["aspect"].node)
    scale = None
    if "scale" in items:
        scale = _read_range(reader, items["scale"].node, "scale",
                            "expected [smallest, largest]: how many times the reference the "
                            "page may be, e.g. [0.8, 1.5]", 0)
    safe_zone = reader.number(items["safe_zone"].node, "safe_zone") \
        if "safe_zone" in items else 5.0
    styles = {}
    styles_node = items["styles"].node
    if styles_node.kind != "mapping":
        reader.error(styles_node, "styles", "expected a mapping of style names to styles")
    else:
        styles = {key: _read_style(reader, entry.node, f"styles.{key}")
                  for key, entry in styles_node.items.items()}
    pages = _read_pages(reader, node)
    images = _plain(items["images"].node) if "images" in items else {}
    if problems.errors or INVALID in (reference, safe_zone, aspect, scale, pages) or \
            INVALID in styles.values():
        raise ContentError(problems)
    width, height = reference
    for page in pages:
        for block in page.blocks:
            for key, style in _styles_used(block):
                if style not in styles:
                    problems.error(block.location, f"unknown style '{style}'", key)
    if problems.errors:
        raise ContentError(problems)
    known = {"format", "description", "reference", "orientation", "multilingual", "sizes",
             "aspect", "scale", "safe_zone", "styles", "blocks", "pages", "rows", "columns",
             "images"}
    if not sizes:
        sizes = ["iso-a4"]
    return LayoutDescription(
        format=format_name,
        description=str(_plain(items["description"].node)) if "description" in items else "",
        path=path, reference=(width, height), sizes=tuple(str(s) for s in sizes),
        safe_zone=safe_zone, styles=styles, pages=tuple(pages), orientation=orientation,
        multilingual=multilingual,
        warn_ppi=float((images or {}).get("warn_ppi", 300)),
        error_ppi=float((images or {}).get("error_ppi", 150)),
        aspect=aspect, display=display, scale=scale,
        scale_line=items["scale"].node.location.line if "scale" in items else 0,
        aspect_line=items["aspect"].node.location.line if "aspect" in items else
        items["reference"].node.location.line,
        stock=stock,
        extra={key: _plain(entry.node) for key, entry in items.items() if key not in known},
    )


def _read_reference(reader: _Reader, node: Node) -> tuple[float, float] | Any:
    if node.kind != "mapping" or {"width", "height"} - node.items.keys():
        return reader.error(node, "reference", "expected {width, height} in mm")
    width = reader.number(node.items["width"].node, "reference.width")
    height = reader.number(node.items["height"].node, "reference.height")
    if INVALID in (width, height):
        return INVALID
    if width <= 0 or height <= 0:
        return reader.error(node, "reference", "width and height must be positive")
    return width, height


def _read_aspect(reader: _Reader, node: Node) -> tuple[float, float] | Any:
    return _read_range(reader, node, "aspect", "expected [lowest, highest]: how many times "
                       "the short side the long side may be, e.g. [1.25, 1.7]", 1)


def _read_range(reader: _Reader, node: Node, key: str, message: str, lowest: float
                ) -> tuple[float, float] | Any:
    values = [reader.number(child, f"{key}[{i}]") for i, child in enumerate(node.children)] \
        if node.kind == "sequence" else []
    if len(values) != 2 or INVALID in values or not lowest <= values[0] <= values[1] or \
            values[1] <= 0:
        return reader.error(node, key, message)
    return values[0], values[1]


def _read_pages(reader: _Reader, node: Node) -> list[PageSpec] | Any:
    items = node.items
    if "pages" not in items:
        root = reader.group(node, "")
        return INVALID if root is INVALID else [PageSpec("front", root)]
    pages_node = items["pages"].node
    if pages_node.kind != "sequence" or not pages_node.children:
        return reader.error(pages_node, "pages", "expected a list of pages: {name, panels, "
                                                 "rows}")
    pages: list[PageSpec] = []
    for i, child in enumerate(pages_node.children):
        where = f"pages[{i}]"
        if child.kind != "mapping" or "name" not in child.items:
            reader.error(child, where, "a page needs a name (front, back, outside, ...)")
            continue
        name = str(child.items["name"].node.value)
        if "panels" in child.items:
            panels = _read_panels(reader, child.items["panels"].node, f"{where}.panels")
            if panels is not INVALID:
                pages.append(PageSpec(name, Block("group", None, child.location,
                                                  BlockOptions()),
                                      tuple(panels)))
            continue
        if sum(key in child.items for key in ("blocks", "rows", "columns")) != 1:
            reader.error(child, where, "a page has rows, columns, blocks or panels")
            continue
        root = reader.group(child, where)
        if root is not INVALID:
            pages.append(PageSpec(name, root))
    return pages if len(pages) == len(pages_node.children) else INVALID


def _read_panels(reader: _Reader, node: Node, path: str) -> list[PanelSpec] | Any:
    if node.kind != "sequence" or not node.children:
        return reader.error(node, path, "expected a list of panels: {name, width, rows}")
    panels = []
    for i, child in enumerate(node.children):
        where = f"{path}[{i}]"
        if child.kind != "mapping" or "name" not in child.items:
            reader.error(child, where, "a panel needs a name")
            continue
        width = FLEXIBLE
        if "width" in child.items:
            value = reader.length(child.items["width"].node, f"{where}.width", allow_fr=True)
            if value is INVALID:
                continue
            width = Track(value[0], value[1] or 1.0)
        narrower = reader.number(child.items["narrower"].node, f"{where}.narrower") \
            if "narrower" in child.items else 0.0
        stripped = Node(child.kind, child.location, items={
            key: entry for key, entry in child.items.items()
            if key not in ("name", "width", "narrower")})
        if not any(key in stripped.items for key in ("rows", "columns", "blocks")):
            reader.error(child, where, "a panel has rows, columns or blocks")
            continue
        root = reader.group(stripped, where)
        if root is INVALID or narrower is INVALID:
            continue
        panels.append(PanelSpec(str(child.items["name"].node.value), width, root, narrower))
    return panels if len(panels) == len(node.children) else INVALID


def _styles_used(block: Block) -> list[tuple[str, str]]:
    return BLOCKS[block.type].styles(block.options)


def _reference_boxes(layout: LayoutDescription, page_name: str
                     ) -> dict[Location, tuple[float, ...]]:
    from posters.layout.flow import FlowProblem, resolve_page

    page = next(page for page in layout.pages if page.name == page_name)
    try:
        placed, _ = resolve_page(page, layout.reference, lambda block: True)
    except FlowProblem:
        return {}
    return {block.location: block.box for block in placed if block.box is not None}
