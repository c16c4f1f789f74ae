"""The preflight's fast readers of embedded fonts and ToUnicode CMaps give what the
general readers (fontTools; the token-by-token CMap reader) give, on every font of the
golden PDFs, and leave what they do not handle to those."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont, newTable

from posters.preflight.content import (
    _READ,
    _NotPlain,
    _parse_to_unicode,
    _plain,
    _read_program,
    _read_program_with_fonttools,
    _read_simple_program,
    instructions,
    parse_to_unicode,
    plain_instructions,
)

GOLDEN = sorted((Path(__file__).parent.parent / "golden" / "pdfs").glob("*.pdf"))


def embedded(kind: str) -> list[bytes]:
    found = []
    for path in GOLDEN:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if not isinstance(obj, pikepdf.Dictionary):
                    continue
                if kind == "/FontFile2" and obj.get("/Type") == pikepdf.Name.FontDescriptor \
                        and kind in obj:
                    found.append(obj.FontFile2.read_bytes())
                elif kind == "/ToUnicode" and kind in obj:
                    found.append(obj.ToUnicode.read_bytes())
    return found


def test_golden_pdfs_are_there():
    assert len(GOLDEN) >= 10


def test_font_programs_read_as_fonttools_reads_them():
    programs = embedded("/FontFile2")
    assert len(programs) >= 10
    for data in programs:
        fast = _read_simple_program(data)
        assert fast == _read_program_with_fonttools(data)
        assert fast.ink and fast.notdef_codes  # something real was compared


def test_to_unicode_cmaps_read_as_the_general_reader_reads_them():
    cmaps = embedded("/ToUnicode")
    assert len(cmaps) >= 10
    for data in cmaps:
        assert parse_to_unicode(data) == _parse_to_unicode(data)
        assert parse_to_unicode(data)


def test_a_cmap_range_or_array_goes_to_the_general_reader():
    data = (b"1 beginbfchar\n<01> <0041>\nendbfchar\n1 beginbfrange\n<02> <04> <0061>\n"
            b"endbfrange\n1 beginbfrange\n<05> <06> [<00420043> <D83DDE00>]\nendbfrange\n")
    assert parse_to_unicode(data) == {1: "A", 2: "a", 3: "b", 4: "c", 5: "BC", 6: "\U0001f600"}


def test_a_lone_surrogate_is_a_replacement_character_in_both_readers():
    data = b"2 beginbfchar\n<01> <D800>\n<02> <>\nendbfchar\n"
    assert parse_to_unicode(data) == _parse_to_unicode(data) == {1: "\ufffd", 2: ""}


def _with_format_4_cmap(data: bytes) -> bytes:
    font = TTFont(io.BytesIO(data))
    mapping = font["cmap"].tables[0].cmap  # ReportLab writes one (1, 0) format 6 table
    table = newTable("cmap")
    table.tableVersion = 0
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    sub = CmapSubtable.newSubtable(4)
    sub.platformID, sub.platEncID, sub.language = 3, 1, 0
    sub.cmap = dict(mapping)
    table.tables = [sub]
    font["cmap"] = table
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_other_cmap_formats_and_damaged_fonts_are_read_by_fonttools():
    data = _with_format_4_cmap(embedded("/FontFile2")[0])
    with pytest.raises(ValueError, match="cmap format 4"):
        _read_simple_program(data)
    assert _read_program(data) == _read_program_with_fonttools(data)
    assert _read_program(data).ink
    assert _read_program(data[:40]) == _read_program_with_fonttools(data[:40])


def test_a_cmap_is_read_once_per_content():
    from posters.preflight.content import to_unicode_of

    data = embedded("/ToUnicode")[0]
    first = to_unicode_of(data)
    assert first == _parse_to_unicode(data)
    assert to_unicode_of(bytes(bytearray(data))) is first  # the same bytes, another object


# ------------------------------------------------------------------ content streams


def qpdf_reading(owner) -> list[tuple[str, list]]:  # type: ignore[no-untyped-def]
    return [(str(i.operator), [_plain(v) for v in i.operands])
            for i in pikepdf.parse_content_stream(owner)]


def typed(value):  # type: ignore[no-untyped-def]
    """A value with its type, all the way down: PdfName("/F1") is not b"/F1"."""
    if isinstance(value, list):
        return ["list", [typed(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", sorted((k, typed(v)) for k, v in value.items())]
    return [type(value).__name__, value]


def assert_agree(plain, qpdf) -> None:  # type: ignore[no-untyped-def]
    assert [op for op, _ in plain] == [op for op, _ in qpdf]
    for (op, mine), (_, theirs) in zip(plain, qpdf, strict=True):
        if op in _READ:  # the operands the interpreter reads
            assert typed(mine) == typed(theirs), op


def content_streams(pdf: pikepdf.Pdf):  # type: ignore[no-untyped-def]
    for page in pdf.pages:
        yield page.obj
        for xobject in page.obj.Resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                yield xobject


def test_every_golden_content_stream_is_read_as_qpdf_reads_it():
    streams = 0
    for path in GOLDEN:
        with pikepdf.open(path) as pdf:
            for owner in content_streams(pdf):
                data = (owner if isinstance(owner, pikepdf.Stream) else owner.Contents)
                # our own files take the fast reader, never qpdf's
                assert_agree(plain_instructions(data.read_bytes()), qpdf_reading(owner))
                streams += 1
    assert streams >= 20


TRICKY = [
    rb"BT /F1 12 Tf (a\(b\)c\\d\n\101\0\7777) Tj ET",
    b"BT /F1 12 Tf (ab\\\ncd) Tj (ef\\\r\ngh) Tj ET",
    rb"BT /F1 12 Tf <414> Tj <41 42 0a> Tj <> Tj ET",
    rb"BT /F1 12 Tf [(a) -250 (b) .5 (c) +3 -.25] TJ ET",
    rb"BT/F1 12 Tf(a)Tj(b)Tj 1 0 0 1 0 0 Tm/F1 9.5 Tf[<0102>-1(x)]TJ ET",
    rb"/P <</MCID 3 /ActualText <FEFF00410042>>> BDC /Span <</ActualText (hi)>> BDC EMC EMC",
    rb"/OC /Prop1 BDC EMC /Artifact BMC EMC",
    rb"/P<</MCID 12>>BDC EMC /Span <<  /MCID  7 >> BDC EMC /X <</MCID 1.5>> BDC EMC",
    rb"/GS0 gs/Im0 Do /CS0 cs /CS1 CS /Sh0 sh /A/B gs",
    rb"q 1 0 0 1 0 0 cm 0 0 0 1 k 0.5 0.5 0.5 rg 1 g /CS0 cs 0.3 scn /P0 scn /GS0 gs Q",
    rb"0 0 m 10 10 l 5 5 10 10 15 15 c h S 1 2 3 4 re f* /Sh0 sh /Im0 Do",
    b"BT 1 Tr 2 Tc 3 Tw 90 Tz 14 TL 4 5 Td 6 7 TD T* 1 2 (x) \" (y) ' 3 Ts ET",
    rb"true false null foo d0 [1 2] 0 d",
    b"  \n\r\t 1 w \x00 ",
]
# what the fast reader leaves to qpdf (who reads each in its own way)
LEFT_TO_QPDF = [
    rb"BT /F1 12 Tf (a(b)c) Tj ET",  # nested parentheses
    b"BT /F1 12 Tf (a\rb) Tj ET",  # an end of line in a string
    rb"BT /F#31 12 Tf (a) Tj ET",  # an escaped name
    b"% a comment\n1 w",
    rb"q BI /W 1 /H 1 /BPC 8 /CS /G ID " + b"\x80" + rb" EI Q",
    rb"[[1] 2] TJ",  # nested arrays
    rb"/P <</A <</B 1>>>> BDC EMC",  # a dictionary in a dictionary
    rb"1 2 3",  # operands without an operator
    rb"/F1 12Tf",
    rb"1.5.3 w",
    rb"1e5 w",
]


@pytest.mark.parametrize("content", TRICKY + LEFT_TO_QPDF)
def test_the_fast_content_reader_agrees_with_qpdf_or_leaves_the_stream_to_it(content):
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(content)
    try:
        plain = plain_instructions(content)
    except _NotPlain:
        assert content in LEFT_TO_QPDF
    else:
        assert content in TRICKY
        assert_agree(plain, qpdf_reading(page.obj))
    # what the interpreter reads is qpdf's reading either way
    try:
        expected = qpdf_reading(page.obj)
    except pikepdf.PdfError:
        return
    assert_agree(instructions(page.obj), expected)


# ---------------------------------------------------------------- shared forms


def _page_with_form(path: Path, form_code: bytes, page_code: bytes) -> Path:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    form = pdf.make_stream(form_code, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 100, 100])
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Icon=form))
    page.obj.Contents = pdf.make_stream(page_code)
    pdf.save(path)
    return path


def _rule_codes(path: Path) -> set[str]:
    from posters.preflight import PreflightExpectations, preflight

    report = preflight(path, PreflightExpectations(variant="print", min_bleed_mm=0),
                       skip=("ink", "qr", "texts", "boxes", "pdfx"))
    return {f.code for f in report.findings}


def test_a_form_drawn_in_several_files_is_checked_in_each_as_it_is_placed(tmp_path):
    """An icon's events are kept by its bytes and the state it starts in: placed at
    another scale (its rule no longer thin) or after an RGB colour it paints in, another
    file gets its own reading, and the same placement the same findings as a fresh read."""
    from posters.preflight import content

    icon = b"0 0 0 1 K 1 w 10 10 m 90 10 l S 10 20 80 10 re f"  # a thin black rule
    small = _page_with_form(tmp_path / "small.pdf", icon, b"q 1 0 0 1 50 50 cm /Icon Do Q")
    large = _page_with_form(tmp_path / "large.pdf", icon, b"q 4 0 0 4 10 10 cm /Icon Do Q")
    rgb = _page_with_form(tmp_path / "rgb.pdf", icon, b"1 0 0 rg q /Icon Do Q")
    moved = _page_with_form(tmp_path / "moved.pdf", icon, b"q 1 0 0 1 70 20 cm /Icon Do Q")
    # the same form placed the same way, its bytes changed: its rule now 4 pt wide
    changed = _page_with_form(tmp_path / "changed.pdf", icon.replace(b" 1 w", b" 4 w"),
                              b"q 1 0 0 1 50 50 cm /Icon Do Q")
    fresh = {}
    for path in (small, large, rgb, moved, changed):
        content._FORMS.clear()
        fresh[path] = _rule_codes(path)
    assert "PF102" in fresh[small] and "PF102" not in fresh[large]
    assert "PF020" in fresh[rgb] and "PF020" not in fresh[small]
    assert "PF102" not in fresh[changed]
    content._FORMS.clear()
    for path in (small, large, rgb, moved, changed, small, large, rgb, changed):
        assert _rule_codes(path) == fresh[path], path.name
    assert len(content._FORMS) == 4  # small and moved share one reading
