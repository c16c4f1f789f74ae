"""The block registry: a new block type is one module (here, this test module) and its
registration; its typed options are checked when a layout is loaded; the layout package
has no import cycle (the charts <-> compose one is gone)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from posters.diagnostics import ContentError
from posters.layout import compose_document, load_layout
from posters.layout.blocks import BLOCKS, BlockType, register, unregister
from posters.layout.blocks.context import PageContext
from posters.layout.geometry import Stroke, mm
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block
from posters.localize import localize
from posters.sizes import paper_size

LAYOUT = Path(__file__).resolve().parents[2] / "posters" / "layout"


@dataclass(frozen=True)
class StampOptions(BlockOptions):
    style: str = option("body", "the style of the text")
    inset: float = option(2.0, "mm between the frame and the text")
    colour: str | None = option(None, "the frame's colour")


class Stamp(BlockType[StampOptions]):
    """The campaign's title in a frame: a block type the tool does not ship."""

    name = "stamp"
    Options = StampOptions

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        rect = page.rect(block.box)  # type: ignore[arg-type]
        page.add(Stroke(rect, page.colour(options.colour), mm(0.5)))
        page.place_text(page.localized.title, rect.inset(mm(options.inset * page.scale)),
                        options.style, "stamp")


@pytest.fixture
def stamp():
    register(Stamp)
    yield
    unregister("stamp")


def _layout(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "sticker.yaml"
    path.write_text("reference: {width: 100, height: 60}\norientation: landscape\n"
                    "sizes: [100x60mm]\nsafe_zone: 3\n"
                    "styles: {body: {size: 14, min_size: 6, bold: true}}\n"
                    f"rows:\n  - {block}\n", "utf-8")
    return path


def test_a_block_type_registered_from_outside_builds(stamp, tmp_path, notice_campaign, engine):
    layout = load_layout(_layout(tmp_path, "{type: stamp, inset: 4, colour: primary}"))
    page = compose_document(localize(notice_campaign, "en"), layout, paper_size("100x60mm"),
                            engine)[0]
    frame = next(item for item in page.items if isinstance(item, Stroke))
    text = next(f for f in page.text_frames() if f.block == "stamp")
    assert frame.colour == notice_campaign.brand.colours["primary"]
    assert text.source == localize(notice_campaign, "en").title.text == "Human trafficking notice"
    assert text.rect.x == pytest.approx(frame.rect.x + mm(4))  # its option was used
    assert "stamp" in BLOCKS


def test_a_registered_block_type_s_options_are_checked(stamp, tmp_path):
    with pytest.raises(ContentError) as error:
        load_layout(_layout(tmp_path, "{type: stamp, inest: 4}"))
    assert "sticker.yaml:7:19: error: rows[0].inest: unknown option 'inest' for a stamp " \
           "block; did you mean 'inset'?" in str(error.value)


def test_an_unregistered_block_type_is_unknown(tmp_path):
    with pytest.raises(ContentError) as error:
        load_layout(_layout(tmp_path, "{type: stamp}"))
    assert "unknown block type 'stamp'" in str(error.value)
    with pytest.raises(ContentError) as error:
        load_layout(_layout(tmp_path, "{type: hotline, label_style: body, number_style: body}"))
    assert "unknown block type 'hotline'; did you mean 'hotlines'?" in str(error.value)


def _imports(path: Path) -> set[str]:
    """Every posters.layout module ``path`` imports, at any level (TYPE_CHECKING too: a
    cycle there is a cycle in the design)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            names = [f"{base}.{alias.name}" for alias in node.names]
            found |= {name for name in [base, *names] if name.startswith("posters.layout")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("posters.layout")}
    return found


def test_the_layout_package_has_no_import_cycle():
    modules = {}
    for path in LAYOUT.rglob("*.py"):
        parts = path.relative_to(LAYOUT.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {name: {target for target in _imports(path) if target in modules and target != name}
             for name, path in modules.items()}
    # a package's __init__ is what `from posters.layout import x` runs; a module that
    # imports its own package's registry is not a cycle through the package itself
    for name in graph:
        graph[name] -= {parent for parent in modules if name.startswith(parent + ".")}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return [*path, start]
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        return None

    assert "posters.layout.compose" in graph and "posters.layout.blocks.chart" in graph
    cycles = [cycle for name in graph if (cycle := cycle_from(name))]
    assert not cycles, " -> ".join(cycles[0])
