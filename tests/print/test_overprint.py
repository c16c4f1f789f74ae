"""100 % black text and thin black rules overprint, everything else knocks out: read by
our preflight and seen on Ghostscript's separations (it simulates overprint on CMYK)."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pikepdf
from PIL import Image, ImageChops

from posters.model import Colour
from posters.preflight import PreflightExpectations, preflight
from posters.preflight.document import Document
from posters.print.overprint import apply_overprint
from tests.print.fixtures import TIMESTAMP

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


# ---------------------------------------------------------------- set while drawing

BLACK = Colour("black", (0, 0, 0, 100))
RED = Colour("red", (0, 95, 85, 0))
GREY = Colour("grey", (0, 0, 0, 60))

ARTWORK = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100"
height="100"><rect x="0" y="0" width="100" height="100" fill="#ffcc00"/>
<line x1="10" y1="40" x2="90" y2="40" stroke="#000000" stroke-width="0.5"/>
<line x1="10" y1="50" x2="90" y2="50" stroke="#000000" stroke-width="1"/>
<line x1="10" y1="80" x2="90" y2="80" stroke="#000000" stroke-width="20"/></svg>"""


def _drawn_page(engine, sample_campaign, tmp_path):
    """The sample's English poster with more to overprint or not: a thin black rule and a
    thick one, a thin black bar and a black panel, a grey hairline, a text frame whose
    runs alternate black and red, and artwork (drawn by svglib) with a thin black line."""
    from posters.layout import compose_page, load_layout
    from posters.layout.geometry import Fill, Picture, Rect, Stroke
    from posters.localize import localize
    from posters.sizes import paper_size

    page = compose_page(localize(sample_campaign, "en"), load_layout("poster"),
                        paper_size("jis-b2"), engine)
    frame = next(f for f in page.text_frames() if len(f.set_text.lines[0].runs) >= 1
                 and sum(len(line.runs) for line in f.set_text.lines) >= 2)
    runs = [run for line in frame.set_text.lines for run in line.runs]
    colours = {id(run): (BLACK if k % 2 else RED) for k, run in enumerate(runs)}
    lines = tuple(replace(line, runs=tuple(replace(run, color=colours[id(run)])
                                           for run in line.runs))
                  for line in frame.set_text.lines)
    mixed = replace(frame, set_text=replace(frame.set_text, lines=lines))
    artwork = tmp_path / "artwork.svg"
    artwork.write_text(ARTWORK)
    extra = (Stroke(Rect(100, 100, 300, 0), BLACK, 1.0),
             Stroke(Rect(100, 140, 300, 0), BLACK, 4.0),
             Stroke(Rect(100, 180, 300, 0), GREY, 0.5),
             Fill(Rect(100, 220, 300, 1.5), BLACK),
             Fill(Rect(100, 260, 300, 40), BLACK),
             Picture(Rect(500, 100, 200, 200), str(artwork)))
    items = tuple(mixed if item is frame else item for item in page.items) + extra
    return replace(page, items=items)


def test_the_renderer_sets_overprint_while_drawing(engine, sample_campaign, tmp_path,
                                                   monkeypatch):
    """Black text and thin black rules overprint in the file as the renderer wrote it;
    finishing it as PDF/X leaves its page content as it is (no second pass over it)."""
    from posters.print.pdfx import make_pdfx
    from posters.render import DocumentInfo, render_document
    from posters.render import pdf as render_pdf
    from posters.render.pdf import PRINT, PageRenderer

    page = _drawn_page(engine, sample_campaign, tmp_path)
    raw, out = tmp_path / "raw.pdf", tmp_path / "out.pdf"
    structure = render_document((page,), engine.base_font(), raw, PRINT,
                                DocumentInfo("T", "a", "s", "en"))
    make_pdfx(raw, out, title="T", lang="en", icc=None, timestamp=TIMESTAMP,
              structure=structure, overprint=False)
    with pikepdf.open(raw) as before, pikepdf.open(out) as after:
        assert before.pages[0].Contents.read_bytes() == after.pages[0].Contents.read_bytes()
    assert not {"PF100", "PF101", "PF102"} & _codes(out)
    doc = Document.open(out)
    runs = [r for r in doc.pages[0].runs if r.text.strip()]
    black = [r for r in runs if r.fill == (0.0, 0.0, 0.0, 1.0)]
    red = [r for r in runs if r.fill == (0.0, 0.95, 0.85, 0.0)]
    assert black and red and all(r.overprint for r in black)
    assert not any(r.overprint for r in red)
    assert not any(r.overprint for r in runs if r not in black)
    strokes = {(s.colour, round(s.width, 2), s.overprint) for s in doc.pages[0].strokes}
    assert ((0.0, 0.0, 0.0, 1.0), 1.0, True) in strokes  # the thin rule
    assert ((0.0, 0.0, 0.0, 1.0), 4.0, False) in strokes  # a thick one knocks out
    assert ((0.0, 0.0, 0.0, 1.0), 1.5, True) in strokes  # the thin bar, a filled rule
    assert ((0.0, 0.0, 0.0, 0.6), 0.5, False) in strokes  # a grey hairline knocks out
    # svglib's lines drawn at twice their size: 1 pt, and 2 pt as its CTM computes it
    artwork = {round(s.width, 2): s.overprint for s in doc.pages[0].strokes
               if s.colour == (0.0, 0.0, 0.0, 1.0) and s.where == "content"}
    assert artwork[1.0] and artwork[2.0] and not artwork[40.0]
    # As the press sees it (Ghostscript's plates, overprint simulated): the same plates
    # as the page drawn without it and finished by the pass over its written content
    # that the build made before; not the plates of that page left unfinished.
    monkeypatch.setattr(PageRenderer, "text_overprint", lambda self: lambda colour: [])
    monkeypatch.setattr(PageRenderer, "thin_black", lambda self, colour, width: False)
    monkeypatch.setattr(render_pdf, "overprint_code", lambda code: (code, set()))
    plain, old, knocking = tmp_path / "plain.pdf", tmp_path / "old.pdf", tmp_path / "ko.pdf"
    render_document((page,), engine.base_font(), plain, PRINT,
                    DocumentInfo("T", "a", "s", "en"))
    make_pdfx(plain, old, title="T", lang="en", icc=None, timestamp=TIMESTAMP)
    make_pdfx(plain, knocking, title="T", lang="en", icc=None, timestamp=TIMESTAMP,
              overprint=False)
    assert {"PF100", "PF102"} <= _codes(knocking)
    assert _plates(out) == _plates(old) != _plates(knocking)


def _plates(path) -> bytes:
    out = path.with_suffix(".tif")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                    "-r20", f"-sOutputFile={out}", str(path)], check=True)
    with Image.open(out) as image:
        return image.convert("CMYK").tobytes()


def test_a_renderer_that_leaves_black_text_knocking_out_fails_the_build(
        engine, sample_campaign, tmp_path, monkeypatch):
    """The preflight reads overprint from the written file: were the renderer to stop
    setting it, the build's check of every file catches it (PF100) and keeps no file."""
    from posters.build import BuildRequest, build
    from posters.render.pdf import PageRenderer
    from tests.conftest import SAMPLE

    monkeypatch.setattr(PageRenderer, "text_overprint", lambda self: lambda colour: [])
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                formats=("poster",), sizes=("jis-b2",), variants=("print",),
                                regions=("generic",), gallery=False), engine)
    assert [r.status for r in result.results] == ["failed"]
    assert "PF100" in {f.code for f in result.results[0].findings}
    assert list(tmp_path.rglob("*.pdf")) == []
