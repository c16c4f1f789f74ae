"""A QR code's path is made once per process for each place it is drawn at
(render/pdf._qr_path), as ReportLab's path object writes a rectangle per run of dark
modules in a row; a page draws it with the same operators as before."""

from __future__ import annotations

import random

from reportlab.pdfgen.pathobject import PDFPathObject

import posters.render.pdf as pdf


def _path_as_drawn(data: str, left: float, top: float, module: float) -> str:
    """The path as PageRenderer.qr made it for every code it drew."""
    matrix = pdf.qr_matrix(data)
    count = len(matrix)
    path = PDFPathObject()
    for row, cells in enumerate(matrix):
        col = 0
        while col < count:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < count and cells[col]:
                col += 1
            path.rect(left + start * module, top - (row + 1) * module,
                      (col - start) * module, module)
    return path.getCode()


def test_the_path_is_the_rectangles_of_the_dark_runs() -> None:
    rng = random.Random(20)
    for data in ("https://www.kokunai4.jp", "tel:+81120000000", "x" * 200):
        for _ in range(5):
            left, top = rng.uniform(0, 2000), rng.uniform(0, 3000)
            module = rng.uniform(0.5, 8)
            assert pdf._qr_path(data, left, top, module) == _path_as_drawn(
                data, left, top, module)


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
