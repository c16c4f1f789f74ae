"""A small stream that every document of a process writes again (an icon's form) is
compressed once per process (render/settings.py), to the same bytes as ReportLab's
filter at FLATE_LEVEL; a large one, or one not given as bytes, every time."""

from __future__ import annotations

import io
import zlib

from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase.pdfdoc import PDFZCompress
from reportlab.pdfgen.canvas import Canvas

import posters.render.settings as settings
from posters.render.icons import draw_icon
from posters.schema.assets import STOCK_ICONS

NAVY = CMYKColor(1, 0.6, 0, 0.2)


def _count_compressions(monkeypatch) -> list[int]:
    sizes: list[int] = []
    original = zlib.compress

    def counted(data, level=-1):  # type: ignore[no-untyped-def]
        sizes.append(len(data))
        return original(data, level)

    monkeypatch.setattr(settings.zlib, "compress", counted)
    settings._small.clear()
    return sizes


def _icon_document(icon: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1)
    draw_icon(canvas, STOCK_ICONS / icon, 10, 10, 100, 100, NAVY)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_an_icon_form_is_compressed_once_per_process(monkeypatch) -> None:
    sizes = _count_compressions(monkeypatch)
    first = _icon_document("contract.svg")
    once = len(sizes)
    assert _icon_document("contract.svg") == first
    # the same document again: neither its form nor its (small) page compressed again
    assert once == 2 and len(sizes) == once
    _icon_document("heavy-work.svg")  # another form, and a page that places it
    assert len(sizes) == once + 2


def test_the_kept_bytes_are_the_filters() -> None:
    settings._small.clear()
    for data in (b"", b"q 1 0 0 1 0 0 cm Q\n" * 40, bytes(range(256)) * 3, b"0 0 0 1 k"):
        expected = zlib.compress(data, settings.FLATE_LEVEL)
        assert PDFZCompress.encode(data) == expected
        assert PDFZCompress.encode(data) == expected  # from the kept ones
        assert settings._small[data] == expected
    assert PDFZCompress.encode("text \u00e9") == zlib.compress("text \u00e9".encode(),
                                                               settings.FLATE_LEVEL)


def test_large_streams_and_byte_arrays_are_not_kept(monkeypatch) -> None:
    large = bytes(settings._SMALL_STREAM + 1)
    expected = zlib.compress(large, settings.FLATE_LEVEL), zlib.compress(b"abc",
                                                                          settings.FLATE_LEVEL)
    sizes = _count_compressions(monkeypatch)
    for _ in range(2):
        assert PDFZCompress.encode(large) == expected[0]
        assert PDFZCompress.encode(bytearray(b"abc")) == expected[1]
    assert len(sizes) == 4 and not settings._small


def test_the_kept_streams_are_bounded() -> None:
    settings._small.clear()
    for n in range(settings._SMALL_KEPT * 3):
        PDFZCompress.encode(b"stream %d" % n)
    assert len(settings._small) == settings._SMALL_KEPT
    assert b"stream %d" % (settings._SMALL_KEPT * 3 - 1) in settings._small
