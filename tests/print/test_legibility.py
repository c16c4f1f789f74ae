"""Legibility as rules checked from the written file: each format's minimum size (more
recommended for scripts with stacking marks) and small text solid, never a tint."""

from __future__ import annotations

import pikepdf
import pytest

from posters.preflight import PreflightExpectations, preflight
from posters.preflight.document import Document
from posters.print.legibility import legibility


def _pdf(tmp_path, content: bytes):
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(300, 300))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    path = tmp_path / "page.pdf"
    pdf.save(path)
    return path


def _findings(path, **expect):
    exp = PreflightExpectations(variant="print", min_text_pt=6.5, marks_extra_pt=0.5,
                                solid_black_below_pt=12, min_bleed_mm=0, **expect)
    return preflight(path, exp, skip=("ink", "qr", "texts", "boxes", "pdfx", "overprint",
                                      "fonts")).findings


def test_text_under_the_minimum_and_small_grey_text_are_errors(tmp_path):
    path = _pdf(tmp_path, b"BT /F1 5.5 Tf 0 0 0 1 k 20 200 Td (Tiny) Tj ET "
                          b"BT /F1 8 Tf 0 0 0 0.6 k 20 100 Td (Grey) Tj ET "
                          b"BT /F1 14 Tf 0 0 0 0.6 k 20 50 Td (Big grey) Tj ET")
    found = {(f.code, f.level) for f in _findings(path)}
    assert ("PF110", "error") in found and ("PF111", "error") in found
    messages = " ".join(f.message for f in _findings(path))
    assert "5.5 pt" in messages and "60% tint" in messages and "Big grey" not in messages


def test_solid_small_text_at_the_minimum_passes(tmp_path):
    path = _pdf(tmp_path, b"BT /F1 6.5 Tf 0 0 0 1 k 20 200 Td (Fine) Tj ET "
                          b"BT /F1 8 Tf 0 0.95 0.85 0 k 20 100 Td (Red) Tj ET")
    assert not [f for f in _findings(path) if f.code in ("PF110", "PF111")]


def test_the_rules_know_every_stock_format_and_the_scripts_with_marks():
    rules = legibility()
    assert set(rules.formats) >= {"poster", "flyer", "trifold", "card", "multilingual",
                                  "language-card"}
    assert rules.minimum("card", "Police") == rules.formats["card"]
    for text in ("ရဲ", "ប៉ូលីស", "ตำรวจ", "प्रहरी"):
        assert rules.minimum("card", text) == rules.formats["card"] + rules.marks_extra_pt
    assert rules.minimum("card", "警察") == rules.formats["card"]


def test_built_files_keep_the_minimum_sizes_and_small_text_solid(sample_build):
    rules = legibility()
    checked = 0
    for path in sample_build.paths("built"):
        fmt = path.stem.split("-")[0] if not path.stem.startswith("language-card") \
            else "language-card"
        doc = Document.open(path)
        for page in doc.pages:
            for run in page.runs:
                text = (run.actual_text or run.text).strip()
                if not text:
                    continue
                checked += 1
                assert run.size >= rules.minimum(fmt) - 0.05, (path.name, text, run.size)
                if not path.stem.endswith("-screen") and run.size < rules.solid_black_below_pt:
                    fill = run.fill or ()
                    assert not (len(fill) == 4 and fill[:3] == (0, 0, 0)
                                and 0 < fill[3] < 1), (path.name, text, fill)
        doc.close()
    assert checked > 500


@pytest.mark.parametrize("fmt", ["card", "trifold", "flyer"])
def test_the_smallest_text_of_the_issue_is_gone(sample_build, fmt):
    """The review found 5.5 pt on the card and the leaflets and 60 % grey footers."""
    sizes = []
    for path in sample_build.paths("built"):
        if path.stem.startswith(fmt) and not path.stem.endswith("-screen"):
            doc = Document.open(path)
            sizes += [r.size for p in doc.pages for r in p.runs if r.text.strip()]
            doc.close()
    assert sizes and min(sizes) >= 6.45
