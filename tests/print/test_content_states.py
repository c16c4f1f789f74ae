"""Operators in the state the PDF specification allows them: our preflight's reader and
Ghostscript agree, on hand-made streams and on every built format, variant and language."""

from __future__ import annotations

import pikepdf
import pytest

from posters.preflight import PreflightExpectations, preflight
from tests.print.readers import ghostscript_warnings

GOOD = b"q 0 0 0 1 k BT /F1 12 Tf 1 0 0 1 72 720 Tm (Hello) Tj ET 10 10 50 50 re f Q"
BROKEN = {
    "nested text objects": b"BT /F1 12 Tf BT 72 720 Td (Hi) Tj ET ET",
    "q inside a text object": b"BT /F1 12 Tf q 72 720 Td (Hi) Tj Q ET",
    "text shown outside a text object": b"/F1 12 Tf (Hi) Tj",
    "Q without q": b"Q 0 0 10 10 re f",
    "unclosed text object": b"BT /F1 12 Tf 72 720 Td (Hi) Tj",
    "path in a text object": b"BT 0 0 10 10 re f ET",
}


def _pdf(tmp_path, content: bytes):
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    path = tmp_path / "page.pdf"
    pdf.save(path)
    return path


def _pf003(path):
    report = preflight(path, PreflightExpectations(variant="screen"),
                       skip=("ink", "qr", "texts", "links"))
    return [f for f in report.findings if f.code == "PF003"]


def test_a_conforming_stream_passes_both_readers(tmp_path):
    path = _pdf(tmp_path, GOOD)
    assert _pf003(path) == []
    assert ghostscript_warnings(path) == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_operators_in_the_wrong_state_are_errors(tmp_path, name):
    path = _pdf(tmp_path, BROKEN[name])
    findings = _pf003(path)
    assert findings and findings[0].level == "error", name
    if name in ("nested text objects", "path in a text object"):
        assert ghostscript_warnings(path), f"Ghostscript accepts {name} silently"


def test_every_built_file_conforms(sample_build):
    paths = sample_build.paths("built")
    formats = {p.stem.split("-")[0] for p in paths}
    assert {"poster", "trifold", "card", "flyer"} <= formats
    assert any(p.stem.endswith("-screen") for p in paths)
    bad = {}
    for path in paths:
        warnings = ghostscript_warnings(path)
        if warnings:
            bad[path.name] = warnings[-6:]
        assert _pf003(path) == [], path
    assert not bad
