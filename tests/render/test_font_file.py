"""The drawing font reads its file on demand (posters/render/fontfile.py) and answers every
question ReportLab asks exactly as ReportLab's own reader would: its subsets are ReportLab's
byte for byte but for the name table, which keeps fewer names (``essential_names``), without
the whole file and every cmap, hmtx and loca entry read into Python first."""

from __future__ import annotations

import tracemalloc
import zlib

import pytest
import uharfbuzz as hb
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace, TTFontParser

from posters.render.fontfile import LazyFace, essential_names
from posters.render.fonts import draw_font
from posters.render.textlayer import MappedTTFont

# one font per kind of cmap and size: format 4 (Latin, Arabic, Nastaliq, Thai, Khmer) and
# format 12 (Noto Sans, Arabic, the CJK fonts)
FONTS = ("noto-sans", "noto-sans-arabic", "noto-nastaliq-urdu", "noto-sans-thai",
         "noto-sans-khmer", "noto-sans-sc")

FACTS = ("name", "flags", "ascent", "descent", "capHeight", "bbox", "italicAngle", "stemV",
         "defaultWidth", "unitsPerEm", "numGlyphs", "subfontNameX", "_full_font",
         "familyName", "styleName", "fullName", "uniqueFontID")


class ReportLabFace(TTFontFace):
    """ReportLab's own reader, whose subsets copy the name table the lazy face gives them
    (tests/print/test_file_size.py reads that table against fontTools)."""

    def get_table(self, tag):
        table = super().get_table(tag)
        return essential_names(table) if tag == "name" else table


def _path(engine, font_id: str, style: str = "regular") -> str:
    return str(engine.fonts.get(font_id, style).path)


@pytest.mark.parametrize("font_id", FONTS)
def test_the_face_answers_as_reportlabs_reader(engine, font_id):
    path = _path(engine, font_id)
    eager, lazy = ReportLabFace(path), LazyFace(path)
    for fact in FACTS:
        mine, theirs = getattr(lazy, fact), getattr(eager, fact)
        assert (mine, type(mine)) == (theirs, type(theirs)), fact
    cmap = lazy.charToGlyph
    assert all(cmap.get(cp) == gid and cp in cmap for cp, gid in eager.charToGlyph.items())
    probes = [*range(0, 0x32000, 3), 0xFFFF, 0xE000, 0xF0000, 0x10FFFF]
    assert [cp in cmap for cp in probes] == [cp in eager.charToGlyph for cp in probes]
    widths = lazy.charWidths
    assert all((widths[cp], type(widths[cp])) == (w, type(w))
               for cp, w in eager.charWidths.items())
    assert [widths.get(cp, -1) for cp in probes] == [eager.charWidths.get(cp, -1)
                                                     for cp in probes]
    assert [lazy.hmetrics[g] for g in range(len(lazy.hmetrics))] == eager.hmetrics
    assert [lazy.glyphPos[g] for g in range(len(lazy.glyphPos))] == eager.glyphPos
    codes = sorted(eager.charToGlyph)[:300:3]
    assert lazy.makeSubset(codes) == eager.makeSubset(codes)


def test_a_drawing_font_loads_without_reading_the_file_into_python(engine, monkeypatch):
    """Noto Sans SC is 10 MB with 30,890 characters: ReportLab's reader made 96,680 calls
    to read its tables and kept 23 MB of Python objects (the file and a dict of every
    entry); the lazy face makes 136 and keeps 25 KB."""
    path = _path(engine, "noto-sans-sc")
    reads = 0
    for name in ("read_ushort", "read_ulong", "read_short", "read_uint8"):
        original = getattr(TTFontParser, name)

        def counted(self, _original=original):
            nonlocal reads
            reads += 1
            return _original(self)

        monkeypatch.setattr(TTFontParser, name, counted)
    tracemalloc.start()
    try:
        font = MappedTTFont("PostersNotoSansSc-Test", path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reads < 2_000
    assert peak < 1_000_000, f"{peak} bytes allocated to load a 10 MB font"
    assert font.face.charToGlyph.get(ord("人")) is not None


def test_the_font_is_a_reportlab_ttfont_in_all_but_its_face(engine):
    path = _path(engine, "noto-sans")
    theirs, mine = TTFont("PostersTest", path), MappedTTFont("PostersTest", path)
    for attribute, value in vars(theirs).items():
        if attribute == "face":
            continue
        assert type(getattr(mine, attribute)) is type(value), attribute
        if attribute != "state":
            assert getattr(mine, attribute) == value or attribute == "encoding", attribute
    assert mine.encoding.name == theirs.encoding.name
    text = "Call 9110 if you need help. ¿Dónde? 30 %"
    assert mine.stringWidth(text, 12) == pytest.approx(theirs.stringWidth(text, 12), abs=1e-9)


def test_a_glyph_key_comes_with_the_width_the_pdf_gives_it(engine):
    font = draw_font(engine.fonts.get("noto-sans", "regular").ref)
    buf = hb.Buffer()
    buf.add_str("ffi")
    buf.guess_segment_properties()
    hb.shape(font.hb_font, buf, {"liga": True})
    assert len(buf.glyph_infos) == 1
    ligature = buf.glyph_infos[0].codepoint
    for gid, text in ((font.nominal_glyph(ord("a")), "a"), (ligature, "ffi")):
        key, width = font.key_for(gid, text)
        assert font.key_for(gid, text) == (key, width)
        assert width == font.rl.face.charWidths[ord(key)] == font.glyph_width_1000(gid)
    assert font.key_for(font.nominal_glyph(ord("a")), "a")[0] == "a"


def test_a_subset_is_made_once_and_the_kept_ones_stay_bounded(engine, monkeypatch):
    """The same characters of a face make the same font program (ReportLab's own, byte for
    byte): it is made once while kept; what is kept stays within its entries and bytes."""
    import posters.render.fontfile as fontfile
    from posters.render import settings

    monkeypatch.setattr(fontfile, "_subsets", fontfile.OrderedDict())
    monkeypatch.setattr(fontfile, "_subsets_size", [0])
    path = _path(engine, "noto-sans-thai")
    lazy, eager = LazyFace(path), ReportLabFace(path)
    made = []
    original = TTFontFace.makeSubset
    monkeypatch.setattr(TTFontFace, "makeSubset",
                        lambda self, subset: made.append(1) or original(self, subset))
    codes = sorted(eager.charToGlyph)[:200:2]
    first = lazy.makeSubset(codes)
    assert lazy.makeSubset(list(codes)) == first and len(made) == 1
    assert first == original(eager, codes)
    assert lazy.makeSubset(codes[:-1]) != first and len(made) == 2  # another subset
    monkeypatch.setattr(fontfile, "_SUBSETS_KEPT", 3)
    monkeypatch.setattr(fontfile, "_SUBSET_BYTES_KEPT", 3 * len(first) + 1)
    for n in range(10):
        lazy.makeSubset(codes[n:])
        assert len(fontfile._subsets) <= 3
        assert fontfile._subsets_size[0] == sum(kept.size for kept in fontfile._subsets.values())
        assert fontfile._subsets_size[0] <= 3 * len(first) + 1
    kept = next(reversed(fontfile._subsets.values()))
    level = settings.FLATE_LEVEL  # ReportLab's filter, at the level the finished file wants
    assert kept.encode(kept.program) == zlib.compress(kept.program, level)
    assert kept.encode(kept.program) is kept.encode(kept.program)  # compressed once
    assert kept.encode(b"other") == zlib.compress(b"other", level)
    assert fontfile._subsets_size[0] == sum(k.size for k in fontfile._subsets.values())
