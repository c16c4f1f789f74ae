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
    _parse_to_unicode,
    _read_program,
    _read_program_with_fonttools,
    _read_simple_program,
    parse_to_unicode,
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
