"""Loaded fonts: a HarfBuzz font for shaping and coverage, a ReportLab TTFont for drawing.

Each (font, style) loads once per process; the ReportLab font only when first drawn.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb

from .cache import InstanceSpec, cache_dir, instance_spec, verify_instance
from .config import FontConfig
from .model import FontsNotInstalledError


@dataclass(eq=False)
class LoadedFont:
    key: str  # "<font id>:<style>", also the ReportLab font name
    path: Path
    postscript_name: str
    hb_font: hb.Font
    upem: int
    ascender: float  # per unit of font size
    descender: float  # positive, per unit of font size
    _coverage: dict[int, bool] = field(default_factory=dict)
    _rl_font: object = None

    def covers(self, cp: int) -> bool:
        hit = self._coverage.get(cp)
        if hit is None:
            hit = self._coverage[cp] = self.hb_font.get_nominal_glyph(cp) is not None
        return hit

    def rl_font(self):
        """The ReportLab TTFont, registered under ``key`` (loaded on first draw)."""
        if self._rl_font is None:
            from reportlab.pdfbase import pdfmetrics

            from .textlayer import MappedTTFont

            # Not getFont() on a name it does not know: that searches and parses every
            # Type 1 font metrics file on the system (0.33 s per font on the project's
            # machine, which has 1,060 AFM files).
            if self.key in pdfmetrics.getRegisteredFontNames():
                self._rl_font = pdfmetrics.getFont(self.key)
            else:
                self._rl_font = MappedTTFont(self.key, str(self.path))
                pdfmetrics.registerFont(self._rl_font)
        return self._rl_font

    def key_for(self, gid: int, text: str) -> str:
        """The character ReportLab is given to draw glyph ``gid`` with the text layer
        saying ``text``: the character itself when the font maps it to that glyph, a
        key code point whose ToUnicode entry is ``text`` otherwise."""
        return self.rl_font().key_for(gid, text, self.glyph_width_1000(gid))

    def nominal_glyph(self, cp: int) -> int | None:
        return self.hb_font.get_nominal_glyph(cp)

    def inked(self, gid: int) -> bool:
        """Whether the glyph draws anything (a space or a placeholder does not)."""
        extents = self.hb_font.get_glyph_extents(gid)
        return extents is not None and bool(extents.width and extents.height)

    def glyph_width_1000(self, gid: int) -> float:
        """The glyph's advance as ReportLab writes it in the PDF widths (1000 units/em)."""
        return self.hb_font.get_glyph_h_advance(gid) * 1000.0 / self.upem


class FontStore:
    """Loads font instances from the cache on demand and keeps them for the process."""

    def __init__(self, config: FontConfig, directory: Path | None = None):
        self.config = config
        self.directory = directory or cache_dir()
        self._fonts: dict[str, LoadedFont] = {}
        self._specs: dict[str, InstanceSpec] = {}
        self._lock = threading.Lock()

    def spec(self, font_id: str, style: str) -> InstanceSpec:
        key = f"{font_id}:{style}"
        spec = self._specs.get(key)
        if spec is None:
            spec = self._specs[key] = instance_spec(self.config, font_id, style)
        return spec

    def get(self, font_id: str, style: str) -> LoadedFont:
        key = f"{font_id}:{style}"
        font = self._fonts.get(key)
        if font is not None:
            return font
        with self._lock:
            font = self._fonts.get(key)
            if font is None:
                font = self._fonts[key] = self._load(key, self.spec(font_id, style))
        return font

    def by_key(self, key: str) -> LoadedFont:
        return self._fonts[key]

    def missing(self, font_ids) -> list[str]:
        out = []
        for fid in font_ids:
            for style in ("regular", "bold"):
                spec = self.spec(fid, style)
                if not spec.path(self.directory).exists():
                    out.append(spec.filename)
        return out

    def _load(self, key: str, spec: InstanceSpec) -> LoadedFont:
        path = spec.path(self.directory)
        if not path.exists():
            raise FontsNotInstalledError([spec.filename])
        verify_instance(path)  # a damaged file is refused before anything parses it
        blob = hb.Blob.from_file_path(str(path))
        face = hb.Face(blob)
        font = hb.Font(face)
        upem = face.upem
        extents = font.get_font_extents("ltr")
        return LoadedFont(
            key=key,
            path=path,
            postscript_name=spec.postscript_name,
            hb_font=font,
            upem=upem,
            ascender=extents.ascender / upem,
            descender=-extents.descender / upem,
        )
