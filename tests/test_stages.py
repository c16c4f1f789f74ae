"""Stage boundaries that stay true: ReportLab is imported only inside posters/render/,
the text engine does not import the renderer, and every item kind of a page is drawn."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "posters"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            package = path.parent.relative_to(ROOT).parts[: len(path.parent.relative_to(
                ROOT).parts) - node.level + 1]
            names.add(".".join((*package, node.module or "")).rstrip("."))
    return names


def _offenders(where: list[Path], forbidden: str) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in where
        for name in _imports(path)
        if name == forbidden or name.startswith(forbidden + ".")
    )


def test_reportlab_is_imported_only_inside_render():
    outside = [p for p in PACKAGE.rglob("*.py") if PACKAGE / "render" not in p.parents]
    assert len(outside) > 50  # the scan sees the package
    assert _offenders(outside, "reportlab") == []
    # and the text in files (a string passed to importlib) does not name it either
    assert [p.relative_to(ROOT) for p in outside if "reportlab" in p.read_text()] == []


def test_the_text_engine_does_not_import_the_renderer():
    text = list((PACKAGE / "text").rglob("*.py"))
    assert _offenders(text, "posters.render") == []


def test_the_scan_finds_imports():
    """The checks above would see an import written in any of the ways the code uses."""
    render = list((PACKAGE / "render").rglob("*.py"))
    assert _offenders(render, "reportlab")
    assert "posters.text.model" in _imports(PACKAGE / "text" / "engine.py")


def test_every_item_kind_has_a_drawing():
    from posters.layout.geometry import Item
    from posters.render.pdf import DRAW

    assert set(DRAW) == set(typing.get_args(Item))
