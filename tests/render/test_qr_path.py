"""A QR code's path is made once per process for each place it is drawn at
(render/pdf._qr_path), as ReportLab's path object writes a rectangle per run of dark
modules in a row; a page draws it with the same operators as before."""

from __future__ import annotations

import random

import pytest

import posters.render.pdf as pdf


def _dark_cells(path: str, left: float, top: float, module: float) -> set[tuple[int, int]]:
    """The modules the path's rectangles cover, read back from its operators."""
    cells = set()
    tokens = path.split()
    if tokens[:1] == ["n"]:  # ReportLab's path starts with a new path
        tokens = tokens[1:]
    assert len(tokens) % 5 == 0
    for at in range(0, len(tokens), 5):
        *numbers, op = tokens[at:at + 5]
        assert op == "re", tokens[at:at + 5]  # only rectangles, no other drawing
        x, y, width, height = map(float, numbers)
        assert height == pytest.approx(module, abs=1e-3)
        row = round((top - y) / module) - 1
        first = round((x - left) / module)
        count = round(width / module)
        assert count >= 1
        cells.update((row, col) for col in range(first, first + count))
    return cells


def test_the_path_is_the_rectangles_of_the_dark_runs() -> None:
    """Read back independently of how it was made: the rectangles cover exactly the
    matrix's dark modules, one rectangle per run of them in a row."""
    rng = random.Random(20)
    for data in ("https://www.kokunai4.jp", "tel:+81120000000", "x" * 200):
        matrix = pdf.qr_matrix(data)
        dark = {(r, c) for r, cells in enumerate(matrix) for c, on in enumerate(cells) if on}
        runs = sum(1 for cells in matrix for c, on in enumerate(cells)
                   if on and (c == 0 or not cells[c - 1]))
        for _ in range(5):
            left, top = rng.uniform(0, 2000), rng.uniform(0, 3000)
            module = rng.uniform(0.5, 8)
            path = pdf._qr_path(data, left, top, module)
            assert _dark_cells(path, left, top, module) == dark
            assert path.split().count("re") == runs


def test_the_path_is_made_once_per_place(monkeypatch) -> None:
    pdf._qr_path.cache_clear()
    made = []
    original = pdf.qr_matrix

    def counted(data: str):  # type: ignore[no-untyped-def]
        made.append(data)
        return original(data)

    monkeypatch.setattr(pdf, "qr_matrix", counted)
    first = pdf._qr_path("https://example.org", 10.0, 20.0, 3.0)
    assert pdf._qr_path("https://example.org", 10.0, 20.0, 3.0) is first
    assert len(made) == 1
    pdf._qr_path("https://example.org", 11.0, 20.0, 3.0)
    assert len(made) == 2
    pdf._qr_path.cache_clear()
