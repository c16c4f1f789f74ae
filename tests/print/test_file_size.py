"""What a file carries beside its pages, kept to what a reader uses (#20 item 4: screen
files no larger than Typst's): subsets' name tables without the names a subset cannot use,
no obsolete procedure sets or default form entries, no trapping claim on a screen file.
Read back with fontTools, pikepdf and qpdf; the pages themselves are the goldens'."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._n_a_m_e import table__n_a_m_e

from posters.render.fontfile import essential_names
from posters.text.cache import cache_dir

# written out here rather than imported: what a subset keeps, said independently
KEPT = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14}


def _names(font: TTFont) -> list[tuple[int, int, int, int, bytes]]:
    return [(n.platformID, n.platEncID, n.langID, n.nameID, n.string)
            for n in font["name"].names]


def _fonts() -> list[Path]:
    """A variable Noto Sans (names of axes and instances) and every face in the font
    cache (Noto's CJK faces have a long description)."""
    import justmytype_western_core

    found = sorted(Path(justmytype_western_core.__file__).parent.rglob(
        "NotoSans[[]wdth,wght[]].ttf"))
    return found + sorted(cache_dir().glob("*.ttf"))


@pytest.mark.parametrize("path", _fonts(), ids=lambda p: p.name[:40])
def test_essential_names_keep_every_kept_name_as_it_was(path):
    with TTFont(path, lazy=True) as font:
        table = font.reader["name"]
        want = [record for record in _names(font)
                if record[3] in KEPT and record[2] < 0x8000]
    trimmed = essential_names(table)
    assert len(trimmed) <= len(table)
    name = table__n_a_m_e()
    name.decompile(trimmed, TTFont())
    assert [(n.platformID, n.platEncID, n.langID, n.nameID, n.string)
            for n in name.names] == want
    # the family and PostScript names a reader might show are always there
    assert {1, 2, 6} <= {n.nameID for n in name.names}


def test_a_name_table_that_is_not_one_is_left_as_it_is():
    for table in (b"", b"\x00\x00\x00", b"\x00\x00\x00\x05\x00\x42" + b"\x00" * 10):
        assert essential_names(table) == table


def _programs(path: Path):
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" \
                    and "/FontFile2" in obj:
                yield str(obj.FontName), obj.FontFile2.read_bytes()


def test_embedded_subsets_carry_only_the_names_they_can_use(sample_build):
    seen = 0
    for path in sample_build.paths("built"):
        for font_name, program in _programs(path):
            font = TTFont(io.BytesIO(program))
            ids = {n.nameID for n in font["name"].names}
            assert ids <= KEPT, (path.name, font_name, sorted(ids - KEPT))
            # the PostScript name is the subset's BaseFont without its tag
            assert font["name"].getDebugName(6) == font_name[1:].split("+", 1)[1]
            seen += 1
    assert seen > 20


def test_no_procedure_sets_nor_default_form_entries(sample_build):
    forms = 0
    for path in sample_build.paths("built"):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                assert "/ProcSet" not in page.obj.get("/Resources", {}), path.name
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                    forms += 1
                    assert "/FormType" not in obj and "/ProcSet" not in obj.Resources
                    matrix = obj.get("/Matrix")
                    assert matrix is None or [float(v) for v in matrix] != [1, 0, 0, 1, 0, 0]
                    assert "/BBox" in obj
    assert forms > 10  # the warning signs' icons


def test_screen_files_claim_no_trapping_and_print_files_say_they_are_not_trapped(sample_build):
    for path in sample_build.paths("built"):
        with pikepdf.open(path) as pdf:
            trapped = pdf.docinfo.get("/Trapped")
            xmp = pdf.open_metadata()
            if path.stem.endswith("-screen"):
                assert trapped is None and "pdf:Trapped" not in xmp, path.name
            else:
                assert trapped == pikepdf.Name("/False") and xmp["pdf:Trapped"] == "False"


def test_the_smaller_files_are_still_valid_for_qpdf_and_ghostscript(sample_build):
    paths = [p for p in sample_build.paths("built") if p.stem.startswith("poster-jis-b2")]
    assert paths
    for path in paths:
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout
        gs = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage",
                             str(path)], capture_output=True, text=True, timeout=120)
        assert gs.returncode == 0 and not gs.stdout.strip() and not gs.stderr.strip(), \
            (path.name, gs.stdout, gs.stderr)


SPOTS = [(1, 1, 1, 1, "All"), (0, 0.85, 0.6, 0, "PANTONE 185 C"), (0.3, 0, 0, 0.45, "Teal"),
         (0, 0, 0, 0.7, "Grey"), (0.125, 0.5, 0.875, 0.25, "Odd")]


def _spot_page(path: Path) -> Path:
    """One patch per spot colour at full strength, half and a quarter."""
    from reportlab.lib.colors import CMYKColorSep
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(120, 200), invariant=1)
    canvas.setTrimBox((10, 10, 110, 190))
    for row, (c, m, y, k, name) in enumerate(SPOTS):
        for column, density in enumerate((1, 0.5, 0.25)):
            canvas.setFillColor(CMYKColorSep(c, m, y, k, spotName=name, density=density))
            canvas.rect(10 + column * 33, 10 + row * 36, 30, 30, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return path


def _cmyk_pixels(path: Path, tmp: Path) -> bytes:
    """Ghostscript's composite CMYK rendering: each spot through its tint transform."""
    out = tmp / f"{path.stem}.tif"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", "-r18",
                    f"-sOutputFile={out}", str(path)], check=True, capture_output=True,
                   timeout=120)
    from PIL import Image

    with Image.open(out) as image:
        return image.tobytes()


def test_a_separations_tint_transform_is_written_as_the_same_function(tmp_path):
    from posters.print.pdfx import make_pdfx
    from tests.print.fixtures import TIMESTAMP

    raw = _spot_page(tmp_path / "raw.pdf")
    out = tmp_path / "out.pdf"
    make_pdfx(raw, out, title="Spots", lang="en", icc=None, timestamp=TIMESTAMP)
    with pikepdf.open(raw) as pdf:
        before = {str(k): v for k, v in pdf.pages[0].Resources.ColorSpace.items()}
        assert all(v[3].FunctionType == 4 for v in before.values()) and len(before) == 5
    with pikepdf.open(out) as pdf:
        after = {str(k): v for k, v in pdf.pages[0].Resources.ColorSpace.items()}
        assert set(after) == set(before)
        for space in after.values():
            assert isinstance(space[3], pikepdf.Dictionary) and space[3].FunctionType == 2
        assert not any(isinstance(o, pikepdf.Stream) and "/FunctionType" in o
                       for o in pdf.objects)
    # Ghostscript evaluates ReportLab's PostScript function and ours to the same inks
    assert _cmyk_pixels(raw, tmp_path) == _cmyk_pixels(out, tmp_path)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


@pytest.mark.parametrize("program", [b"{dup mul}", b"{dup 2 mul exch sin}", b"{1 add}",
                                     b"dup 1.0 mul", b"{dup 0.5 mul exch 0.5 mul}"])
def test_other_tint_programs_are_left_as_they_are(program):
    from posters.print.pdfx import _affine_tint

    pdf = pikepdf.new()
    function = pdf.make_stream(program, FunctionType=4, Domain=[0, 1],
                               Range=[0, 1, 0, 1, 0, 1, 0, 1])
    assert _affine_tint(function) is None  # not affine, not PostScript, or 2 outputs for 4


@pytest.mark.parametrize("version", ["x-4", "x-1a"])
def test_a_pdf_1_3_file_for_older_presses_keeps_its_procedure_sets(tmp_path, version):
    from posters.print.pdfx import make_pdfx
    from tests.print.fixtures import TIMESTAMP, Poster, draw_poster

    raw = draw_poster(tmp_path / "raw.pdf", Poster())
    out = tmp_path / f"{version}.pdf"
    make_pdfx(raw, out, title="T", lang="en", icc=None, timestamp=TIMESTAMP, version=version)
    with pikepdf.open(raw) as pdf:
        assert "/ProcSet" in pdf.pages[0].Resources
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == ("1.3" if version == "x-1a" else "1.6")
        assert ("/ProcSet" in pdf.pages[0].Resources) == (version == "x-1a")
        assert "/PageMode" not in pdf.Root
