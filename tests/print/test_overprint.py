"""100 % black text and thin black rules overprint, everything else knocks out: read by
our preflight and seen on Ghostscript's separations (it simulates overprint on CMYK)."""

from __future__ import annotations

import subprocess

import pikepdf
from PIL import Image, ImageChops

from posters.preflight import PreflightExpectations, preflight
from posters.preflight.document import Document
from posters.print.overprint import apply_overprint

BLACK_TEXT_ON_YELLOW = (b"q 0 0.2 1 0 k 0 0 200 200 re f Q "
                        b"BT /F1 48 Tf 0 0 0 1 k 20 80 Td (Black) Tj ET "
                        b"q 0 0 0 1 K 1 w 10 40 m 190 40 l S Q "
                        b"q 0 0 0 1 k 10 20 180 1 re f Q "
                        b"BT /F1 24 Tf 0 0.95 0.85 0 k 20 150 Td (Red) Tj ET")


def _page(tmp_path, content: bytes, overprint: bool):
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    if overprint:
        apply_overprint(pdf)
    path = tmp_path / f"page-{overprint}.pdf"
    pdf.save(path)
    return path


def _yellow_under_black(path) -> int:
    """Pixels of Ghostscript's CMYK rendering with solid black and yellow on one spot."""
    out = path.with_suffix(".tif")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                    "-r72", f"-sOutputFile={out}", str(path)], check=True)
    with Image.open(out) as image:
        _, _, y, k = image.convert("CMYK").split()
    both = ImageChops.multiply(y.point(lambda v: 255 if v > 128 else 0),
                               k.point(lambda v: 255 if v > 230 else 0))
    return int(sum(both.point(lambda v: 1 if v else 0).histogram()[1:2]))


def _codes(path) -> set[str]:
    report = preflight(path, PreflightExpectations(variant="print", min_bleed_mm=0),
                       skip=("ink", "qr", "texts", "boxes", "pdfx"))
    return {f.code for f in report.findings}


def test_black_text_and_rules_overprint_and_the_rest_knocks_out(tmp_path):
    before = _page(tmp_path, BLACK_TEXT_ON_YELLOW, overprint=False)
    after = _page(tmp_path, BLACK_TEXT_ON_YELLOW, overprint=True)
    assert {"PF100", "PF102"} <= _codes(before)
    assert not {"PF100", "PF101", "PF102"} & _codes(after)
    # Ghostscript's separations: yellow goes on under the black only when it overprints
    assert _yellow_under_black(before) == 0
    assert _yellow_under_black(after) > 100
    doc = Document.open(after)
    runs = {r.text: r for r in doc.pages[0].runs}
    assert runs["Black"].overprint and not runs["Red"].overprint


def test_coloured_text_that_overprints_is_an_error(tmp_path):
    path = _page(tmp_path, b"/GS0 gs BT /F1 24 Tf 0 0.95 0.85 0 k 20 150 Td (Red) Tj ET",
                 overprint=False)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Resources.ExtGState = pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=True, op=True, OPM=1))
        pdf.save(path)
    assert "PF101" in _codes(path)


def test_built_print_files_overprint_their_black_text(sample_build):
    prints = [p for p in sample_build.paths("built") if not p.stem.endswith("-screen")]
    assert prints
    black_runs = 0
    for path in prints:
        assert not {"PF100", "PF101", "PF102"} & _codes(path), path
        doc = Document.open(path)
        black_runs += sum(1 for page in doc.pages for r in page.runs
                          if r.fill == (0.0, 0.0, 0.0, 1.0) and r.overprint)
    assert black_runs > 50
