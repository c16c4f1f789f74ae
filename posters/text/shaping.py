"""HarfBuzz shaping of one run, with explicit script, language and direction, cached."""

from __future__ import annotations

import uharfbuzz as hb

from .fonts import LoadedFont
from .lru import BoundedCache

FEATURES = {"kern": True, "liga": True}

# (gid, cluster, x_advance, x_offset, y_offset); advances and offsets in em (1 = font size)
ShapedGlyph = tuple[int, int, float, float, float]

# Shaped runs kept, least recently used out first. A glyph is a tuple of two ints and
# three floats; the key holds the paragraph's text. Bytes measured with tracemalloc as
# what emptying the cache frees (497 runs of five scripts: 1.47 MiB).
SHAPED_CACHE_BYTES = 1 << 20  # 1 MiB: a run is shaped again when its paragraph is
RUN_BYTES, RUN_BYTES_PER_GLYPH = 512, 160


def _run_bytes(glyphs: tuple[ShapedGlyph, ...]) -> int:
    return RUN_BYTES + RUN_BYTES_PER_GLYPH * len(glyphs)


_shaped: BoundedCache[tuple[ShapedGlyph, ...]] = BoundedCache(SHAPED_CACHE_BYTES, _run_bytes)


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
    halt = tuple(i for i in halt if start <= i < end)
    key = (font.identity, text, start, end, rtl, script, language, halt)
    glyphs = _shaped.get(key)
    if glyphs is None:
        glyphs = _shape(font, text, start, end, rtl, script, language, halt)
        _shaped.put(key, glyphs)
    return glyphs


def _shape(
    font: LoadedFont, text: str, start: int, end: int, rtl: bool, script: str,
    language: str, halt: tuple[int, ...],
) -> tuple[ShapedGlyph, ...]:
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
    glyphs = [
        (
            info.codepoint,
            info.cluster,
            pos.x_advance / upem,
            pos.x_offset / upem,
            pos.y_offset / upem,
        )
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]
    if rtl and ZWNJ in text[start:end]:
        _keep_non_joiners(font.hb_font, text, start, end, glyphs)
    return tuple(glyphs)


ZWNJ = "\u200c"


def _keep_non_joiners(hb_font: hb.Font, text: str, start: int, end: int,
                      glyphs: list[ShapedGlyph]) -> None:
    """Give each zero-width non-joiner of a right-to-left run a blank glyph of its own
    (the font's space, with no advance), as HarfBuzz does without
    REMOVE_DEFAULT_IGNORABLES and as Chromium draws it: the text layer then says it
    between its two letters. Removed, it joined a letter's cluster, and poppler, which
    orders a glyph's characters left to right, read Persian می‌کنید as میک‌نید. Not the
    font's own U+200C glyph: Noto's is a visible mark. ``glyphs`` are in visual order
    (clusters descending)."""
    blank, offset = _blank_glyph(hb_font)
    if blank is None:
        return
    for index in range(start, end):
        if text[index] != ZWNJ:
            continue
        clusters = {g[1] for g in glyphs}
        if index in clusters:
            # HarfBuzz merged the removed joiner into the next letter's cluster
            if index + 1 >= end or index + 1 in clusters:
                continue
            glyphs[:] = [(g[0], index + 1, *g[2:]) if g[1] == index else g for g in glyphs]
        at = next((k for k, g in enumerate(glyphs) if g[1] < index), len(glyphs))
        glyphs.insert(at, (blank, index, 0.0, offset, 0.0))


def _blank_glyph(hb_font: hb.Font) -> tuple[int | None, float]:
    """The font's space if it draws nothing, and the x offset (em) that centres its box on
    the join: a zero-width glyph there, or a box over the letter before, makes poppler
    start a new line; a box wholly over the next letter sorts after a narrow alef."""
    gid = hb_font.get_nominal_glyph(0x20)
    if gid is None:
        return None, 0.0
    extents = hb_font.get_glyph_extents(gid)
    if extents is not None and (extents.width or extents.height):
        return None, 0.0
    return gid, -hb_font.get_glyph_h_advance(gid) / hb_font.face.upem / 2
