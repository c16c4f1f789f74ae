"""The preflight reads a run of glyphs drawn one by one (the renderer's right-to-left text:
``1 0 0 1 x y Tm /F1 12 Tf r Ts (..) Tj`` per glyph) in one step. That fast path is the
same interpreter: every way of reading a content stream (GLYPHS runs, one operator at a
time, qpdf's parser) gives the same page content on every golden file and on broken
ones, and what is wrong in a file drawn that way is still found."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from posters.preflight import PreflightExpectations, content, preflight
from posters.preflight.content import (
    GLYPHS,
    READINGS,
    Interpreter,
    expand,
    plain_instructions,
)
from tests.print.test_preflight_readers import GOLDEN, assert_agree, content_streams

ARABIC = Path(__file__).parent.parent / "golden" / "pdfs" / "ar-poster-jis-b2.pdf"


def page_facts(path: Path, reading: str):  # type: ignore[no-untyped-def]
    """Everything the checks read from the interpreter: each page's events and the fonts."""
    content._FORMS.clear()  # each reading reads its forms itself
    with pikepdf.open(path) as pdf:
        interpreter = Interpreter(pdf, reading)
        pages = [(p.number, p.runs, p.colours, p.images, p.strokes, p.problems, p.syntax)
                 for p in interpreter.pages()]
        return (pages, sorted(interpreter.used_fonts), sorted(interpreter.declared_fonts))


def assert_readings_agree(path: Path) -> None:
    fast = page_facts(path, "glyphs")
    assert fast[0] and any(page[1] for page in fast[0])  # text was read: a real comparison
    for reading in READINGS[1:]:
        assert page_facts(path, reading) == fast, reading


def glyph_runs(data: bytes) -> int:
    return sum(op == GLYPHS for op, _ in plain_instructions(data, glyph_runs=True))


def test_glyph_runs_stand_for_the_operators_one_by_one_in_every_golden_stream():
    runs = 0
    for path in GOLDEN:
        with pikepdf.open(path) as pdf:
            for owner in content_streams(pdf):
                data = (owner if isinstance(owner, pikepdf.Stream) else owner.Contents
                        ).read_bytes()
                fast = plain_instructions(data, glyph_runs=True)
                assert_agree(expand(fast), plain_instructions(data))
                runs += sum(op == GLYPHS for op, _ in fast)
    assert runs >= 40  # the right-to-left pages are drawn glyph by glyph


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_every_reading_gives_the_same_page_content(path):
    assert_readings_agree(path)


def test_the_readings_agree_on_the_sample_build(sample_build):
    files = sorted(Path(path) for path in sample_build.paths("built"))
    assert len(files) >= 6
    for path in files:
        assert_readings_agree(path)


VARIANTS = [  # a content stream, the glyphs of it read as GLYPHS runs
    (b"1 0 0 1 10 20 Tm /F1 12 Tf (a) Tj 1 0 0 1 30 20 Tm /F1 12 Tf 2 Ts <0102> Tj", 2),
    (b"1  0\n0 1 10 20 Tm\n(a)Tj\r\n1 0 0 1 -1.5 .5 Tm 0 Ts (b) Tj", 2),  # spacing, no Tf
    (b"1 0 0 1 10 20 Tm /F1 12 Tf (a) Tj 2 0 0 2 30 20 Tm (b) Tj", 1),  # a scaled Tm
    (b"1 0 0 1 10 20 Tm /F1 12 Tf (a) TJ 1 0 0 1 10 20 cm", 0),  # no Tj, a cm
    (b"1 0 0 1 10 20 Tm /F1 12 Tf (a\\)b) Tj 1 0 0 1 5 5 Tm (\\101) Tj", 2),  # escapes
    (b"1 0 0 1 10 20 Tm /F1 12 Tf [(a)] Tj 1 0 0 1 5 5 Tm /F#31 1 Tf (b) Tj", 0),  # odd ones
    (b"1 0 0 1 10 20 Tm /F112 Tf (a) Tj", 0),  # a Tf without its size: /F11 2 it is not
    (b"1 0 0 1 10 20Tm (a) Tj 1 0 0 1 5 5 Tm /F1 12Tf (b) Tj", 0),  # tokens run together
]


@pytest.mark.parametrize(("code", "glyphs"), VARIANTS)
def test_a_glyph_run_reads_as_its_operators(code, glyphs, monkeypatch):
    monkeypatch.setattr(content, "_GLYPHS_WORTH", 1)  # however few glyphs
    for stream in (b"BT " + code + b" ET", code):  # in a text object or not
        try:
            plain = plain_instructions(stream)
        except content._NotPlain:
            with pytest.raises(content._NotPlain):
                plain_instructions(stream, glyph_runs=True)
            continue
        fast = plain_instructions(stream, glyph_runs=True)
        assert_agree(expand(fast), plain)
        assert sum(len(operands) for op, operands in fast if op == GLYPHS) == glyphs


# ------------------------------------------------------------- broken files, drawn glyph by glyph


def _broken(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The Arabic golden poster with its page's content (and maybe fonts) changed."""
    pdf = pikepdf.open(ARABIC)
    page = pdf.pages[0].obj
    data = page.Contents.read_bytes()
    changed = change(pdf, data)
    assert changed != data
    assert glyph_runs(changed) >= 20  # still drawn glyph by glyph: the fast path reads it
    page.Contents.write(changed)
    path = tmp_path / "broken.pdf"
    pdf.save(path)
    pdf.close()
    return path


def _codes(path: Path) -> dict[str, list[str]]:
    exp = PreflightExpectations(variant="print", min_text_pt=6.5, marks_extra_pt=0.5,
                                solid_black_below_pt=12, min_bleed_mm=0)
    report = preflight(path, exp, skip=("ink", "qr", "texts"))
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.code, []).append(finding.message)
    return found


def _finding(tmp_path: Path, change, code: str) -> str:  # type: ignore[no-untyped-def]
    """The first message with ``code`` that the preflight gives for the Arabic golden
    broken by ``change``; every reading of the broken file agrees."""
    path = _broken(tmp_path, change)
    found = _codes(path)
    assert code in found, found
    assert_readings_agree(path)
    return found[code][0]


def test_the_golden_poster_passes_as_it_is(tmp_path):
    found = _codes(_broken(tmp_path, lambda pdf, data: data + b"\n"))
    assert not {code for code in found if code not in ("PF041", "PF072")}, found


def _first_run_glyph(data: bytes) -> re.Match:
    """The first glyph the Arabic golden's headline draws by itself (one byte's string)."""
    one_byte = rb"\((?:\\[0-7]{3}|\\.|[^\\()])\)"
    return re.search(rb"1 0 0 1 [\d.]+ [\d.]+ Tm\n/F1\+0 54 Tf\n(" + one_byte + rb") Tj", data)


def test_a_glyph_missing_from_the_font_is_found(tmp_path):
    with pikepdf.open(ARABIC) as pdf:
        font = pdf.pages[0].obj.Resources.Font["/F1+0"]
        program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
        mapped = set(program["cmap"].tables[0].cmap)
    missing = next(code for code in range(255, 0, -1) if code not in mapped)

    def change(pdf, data):  # type: ignore[no-untyped-def]
        found = _first_run_glyph(data)
        return data[:found.start(1)] + b"(\\%03o)" % missing + data[found.end(1):]

    assert "1 glyph(s) drawn as .notdef" in _finding(tmp_path, change, "PF012")


def test_a_glyph_the_text_layer_maps_to_nothing_is_found(tmp_path):
    """U+0000 in the ToUnicode CMap: what ReportLab writes for a character its font lacks."""
    def change(pdf, data):  # type: ignore[no-untyped-def]
        font = pdf.pages[0].obj.Resources.Font["/F1+0"]
        cmap = font.ToUnicode.read_bytes()
        entry = re.search(rb"<1D> <[0-9A-F]{4}>", cmap)
        font.ToUnicode.write(cmap[:entry.start()] + b"<1D> <0000>" + cmap[entry.end():])
        return data + b"\n"

    assert "PF012" not in _codes(ARABIC)  # its fonts read first, as a worker would
    path = _broken(tmp_path, change)
    found = _codes(path)
    assert "PF012" in found  # the changed CMap is read for itself, not taken for the other
    assert_readings_agree(path)


def test_what_is_kept_of_fonts_between_files_is_bounded():
    content._FONT_CACHES.clear()
    for k in range(3 * content._FONTS_KEPT):
        content._font_caches(("facts", k))
    assert len(content._FONT_CACHES) == content._FONTS_KEPT
    with pikepdf.open(ARABIC) as pdf:
        font = Interpreter(pdf).font(pdf.pages[0].obj.Resources.Font["/F1+0"])
        for code in range(3 * content._FONT_CACHE_KEPT):
            font.shown(code.to_bytes(3, "big"))
            font.ink_extent((code,))
        assert 0 < len(font._shown) <= content._FONT_CACHE_KEPT
        assert 0 < len(font._ink_of) <= content._FONT_CACHE_KEPT
        state = content._GState(font=font)
        for size in range(3 * content._FONT_CACHE_KEPT):  # a glyph at many sizes
            Interpreter._placed(font, b"\x01", float(size), 0.0, (0.0, 0.0, 1.0),
                                1.0, 0.0, 0.0, 1.0, replace(state, size=float(size)))
        assert 0 < len(font.placed) <= content._FONT_CACHE_KEPT


def test_rgb_text_drawn_glyph_by_glyph_is_found(tmp_path):
    def change(pdf, data):  # type: ignore[no-untyped-def]
        return data.replace(b"BT\n0 .2 1 0 k\n", b"BT\n0 .2 1 rg\n", 1)

    assert "DeviceRGB colour operator (Tj," in _finding(tmp_path, change, "PF020")


def test_text_under_the_legibility_floor_drawn_glyph_by_glyph_is_found(tmp_path):
    def change(pdf, data):  # type: ignore[no-untyped-def]
        return data.replace(b"/F1+0 54 Tf", b"/F1+0 5 Tf")

    assert "at 5 pt, under this format's minimum" in _finding(tmp_path, change, "PF110")


def test_glyphs_outside_a_text_object_are_found(tmp_path):
    def change(pdf, data):  # type: ignore[no-untyped-def]
        begin = data.index(b"q\nBT\n0 .2 1 0 k\n") + 2  # the second text object's BT
        end = data.index(b"\nET\n", begin) + 1  # and its ET
        return data[:begin] + data[begin + 3:end] + data[end + 3:]

    message = _finding(tmp_path, change, "PF003")  # the readings count the same operators
    assert "Tm outside a text object" in message
    assert "Tj outside a text object" in message


def test_glyphs_on_a_turned_page_with_rises_and_a_missing_font_read_alike(tmp_path):
    """What a GLYPHS run works out once (from the ctm, the size, the rise) is what each
    glyph's operators give one by one, whatever the ctm: turned and scaled here, with
    rises, and a font missing for some glyphs in the middle of runs."""
    def change(pdf, data):  # type: ignore[no-untyped-def]
        data = data.replace(b" Tf\n", b" Tf\n1.5 Ts\n", 60).replace(b"/F1+0 38 Tf", b"/F9 38 Tf", 5)
        return b"q 0.8 0.6 -0.6 0.8 50 20 cm 1.2 0 0 0.9 0 0 cm\n" + data + b"\nQ"

    path = _broken(tmp_path, change)
    assert_readings_agree(path)
    assert "text shown with no font set (/F9)" in " ".join(_codes(path)["PF000"])


def test_a_font_not_in_the_resources_is_found(tmp_path):
    def change(pdf, data):  # type: ignore[no-untyped-def]
        return data.replace(b"/F1+0 54 Tf", b"/F9 54 Tf")

    assert "text shown with no font set (/F9)" in _finding(tmp_path, change, "PF000")


def test_small_text_in_a_tint_of_black_drawn_glyph_by_glyph_is_found(tmp_path):
    def change(pdf, data):  # type: ignore[no-untyped-def]
        return data.replace(b"BT\n0 .2 1 0 k\n", b"BT\n0 0 0 .5 k\n").replace(
            b"/F1+0 54 Tf", b"/F1+0 8 Tf")

    assert "in a 50% tint of black" in _finding(tmp_path, change, "PF111")
