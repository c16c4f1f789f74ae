"""HarfBuzz shaping of one run, with explicit script, language and direction, cached."""

from __future__ import annotations

from functools import lru_cache

import uharfbuzz as hb

from .fonts import FileIdentity, LoadedFont

FEATURES = {"kern": True, "liga": True}

# (gid, cluster, x_advance, x_offset, y_offset); advances and offsets in em (1 = font size)
ShapedGlyph = tuple[int, int, float, float, float]

_fonts: dict[FileIdentity, LoadedFont] = {}


def shape(
    font: LoadedFont,
    text: str,
    start: int,
    end: int,
    rtl: bool,
    script: str,
    language: str,
    halt: tuple[int, ...] = (),
) -> tuple[ShapedGlyph, ...]:
    """Shape text[start:end] with the whole paragraph as context (so that Arabic joins
    across run boundaries). Glyphs come in visual order; clusters index ``text``.
    ``halt``: indexes of punctuation set half-width (the font's ``halt`` feature)."""
    _fonts[font.identity] = font
    halt = tuple(i for i in halt if start <= i < end)
    return _shape(font.identity, text, start, end, rtl, script, language, halt)


@lru_cache(maxsize=8192)
def _shape(
    identity: FileIdentity, text: str, start: int, end: int, rtl: bool, script: str,
    language: str, halt: tuple[int, ...] = (),
) -> tuple[ShapedGlyph, ...]:
    font = _fonts[identity]
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in text], start, end - start)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    buf.language = language
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    features: dict = dict(FEATURES)
    if halt:
        features["halt"] = [(i, i + 1, 1) for i in halt]
    hb.shape(font.hb_font, buf, features)
    upem = float(font.upem)
    return tuple(
        (
            info.codepoint,
            info.cluster,
            pos.x_advance / upem,
            pos.x_offset / upem,
            pos.y_offset / upem,
        )
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    )
