"""The fonts of set text, for drawing: a ReportLab TrueType font (subsetting, ToUnicode)
and the HarfBuzz facts the text layer needs, opened from the file a FontRef names.

Each version of a font file (path, size, mtime) is registered with ReportLab once per
process under a name of its own, so two files with the same PostScript name or font id
never share a ReportLab font; no text engine is needed to draw.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics

from posters.render.textlayer import MappedTTFont, glyph_texts
from posters.text.model import FontRef

FileIdentity = tuple[str, int, int]  # (path, size, mtime in ns)
_CLUSTERS_KEPT = 4096  # per font: its multi-glyph clusters (syllables), about 1 MB at most


@dataclass(eq=False)
class DrawFont:
    ref: FontRef
    rl: MappedTTFont
    hb_font: hb.Font
    upem: int
    _keys: dict[tuple[int, str, int, int], tuple[str, float]] = field(default_factory=dict)
    _widths: dict[int, float] = field(default_factory=dict)
    _inked: dict[int, bool] = field(default_factory=dict)
    _said: dict[tuple[str, tuple[int, ...]], tuple[list[str], bool]] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        # key_for's answer when it has given it before, by (gid, text, spacing, shift)
        self.known_key = self._keys.get

    @property
    def name(self) -> str:
        """The ReportLab font name (a canvas's ``initialFontName``)."""
        return self.rl.fontName

    def key_for(self, gid: int, text: str, spacing: int = 0,
                shift: int = 0) -> tuple[str, float]:
        """The character ReportLab is given to draw glyph ``gid`` with the text layer
        saying ``text`` (the character itself when the font maps it to that glyph, a
        key code point whose ToUnicode entry is ``text`` otherwise), and its width in
        the PDF (1000 units per em). With ``spacing`` or ``shift`` (font units), a copy
        of the glyph with that advance, its outline raised by ``shift``, is drawn
        (textlayer.MappedTTFont.key_for)."""
        ask = (gid, text, spacing, shift)
        found = self._keys.get(ask)
        if found is None:
            key = self.rl.key_for(gid, text, self.glyph_width_1000(gid), spacing, shift)
            found = self._keys[ask] = (key, self.rl.face.charWidths[ord(key)])
        return found

    def cluster_texts(self, text: str, gids: tuple[int, ...]) -> tuple[list[str], bool]:
        """textlayer.glyph_texts for a cluster of this font's glyphs, worked out once per
        cluster (the same syllables recur on every page); the list is not to be changed."""
        key = (text, gids)
        found = self._said.get(key)
        if found is None:
            if len(self._said) >= _CLUSTERS_KEPT:
                self._said.clear()
            found = self._said[key] = glyph_texts(text, gids, self.nominal_glyph, self.inked)
        return found

    def joined_glyph(self, parts: tuple[tuple[int, int, int], ...]) -> int:
        """One glyph that draws ``parts`` (glyph, x, y in font units from the first's
        origin) with the first's advance (fontfile.LazyFace.joined)."""
        gid = self.rl.face.joined(parts)
        self._widths.setdefault(gid, self.glyph_width_1000(parts[0][0]))
        self._inked[gid] = True
        return gid

    def nominal_glyph(self, cp: int) -> int | None:
        return self.hb_font.get_nominal_glyph(cp)

    def inked(self, gid: int) -> bool:
        """Whether the glyph draws anything (a space or a placeholder does not)."""
        inked = self._inked.get(gid)
        if inked is None:
            extents = self.hb_font.get_glyph_extents(gid)
            inked = self._inked[gid] = extents is not None and bool(extents.width
                                                                    and extents.height)
        return inked

    def glyph_widths_1000(self, gids: list[int]) -> list[float]:
        """glyph_width_1000 of each glyph."""
        known = self._widths.get
        widths = [known(gid) for gid in gids]
        if None in widths:
            widths = [self.glyph_width_1000(gid) for gid in gids]
        return widths

    def glyph_width_1000(self, gid: int) -> float:
        """The glyph's advance as ReportLab writes it in the PDF widths (1000 units/em)."""
        width = self._widths.get(gid)
        if width is None:
            width = self._widths[gid] = self.hb_font.get_glyph_h_advance(gid) * 1000.0 / self.upem
        return width


_fonts: dict[tuple[FontRef, FileIdentity], DrawFont] = {}
_lock = threading.Lock()


def draw_font(ref: FontRef) -> DrawFont:
    """The drawing font of ``ref``'s file as it is now (loaded once per version)."""
    key = (ref, identity(ref.path))
    font = _fonts.get(key)
    if font is None:
        with _lock:
            font = _fonts.get(key)
            if font is None:
                font = _fonts[key] = _load(ref, key[1])
    return font


def release_font_pages() -> None:
    """Let go of the font file pages drawing has read (``LazyFace.release_pages``): a
    build does this after each task, so that a process holds the pages of the fonts of
    the language it is setting, not of every language it has set."""
    with _lock:
        fonts = list(_fonts.values())
    for font in fonts:
        font.rl.face.release_pages()


def font_name(ref: FontRef) -> str:
    """The registered ReportLab name of ``ref``'s font."""
    return draw_font(ref).name


def identity(path: Path) -> FileIdentity:
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns)


def _load(ref: FontRef, ident: FileIdentity) -> DrawFont:
    digest = hashlib.sha1(repr(ident).encode(), usedforsecurity=False).hexdigest()[:12]
    name = f"{ref.postscript_name}~{digest}"  # never written into a PDF (invariant mode)
    # Not getFont() on a name it does not know: that searches and parses every Type 1
    # font metrics file on the system (0.33 s per font on the project's machine, which
    # has 1,060 AFM files).
    if name in pdfmetrics.getRegisteredFontNames():
        rl = pdfmetrics.getFont(name)
    else:
        rl = MappedTTFont(name, str(ref.path))
        pdfmetrics.registerFont(rl)
    face = hb.Face(hb.Blob.from_file_path(str(ref.path)))
    return DrawFont(ref, rl, hb.Font(face), face.upem)
