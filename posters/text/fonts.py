"""Loaded fonts: a HarfBuzz font for shaping, coverage and metrics.

Each (font, style) loads once per FontStore. Drawing (ReportLab) is posters.render.fonts'.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb

from .cache import InstanceSpec, cache_dir, instance_spec, verify_instance
from .config import FontConfig
from .model import FontRef, FontsNotInstalledError

# A font file as it was when loaded: (path, size, mtime in ns). Caches that outlive one
# FontStore (shaping) key by it, so two engines with other files under the same font id
# never share results.
FileIdentity = tuple[str, int, int]


@dataclass(eq=False)
class LoadedFont:
    key: str  # "<font id>:<style>", within one FontStore
    ref: FontRef  # the file and face, for drawing and comparing set text
    identity: FileIdentity
    bold: bool
    hb_font: hb.Font
    upem: int
    ascender: float  # per unit of font size
    descender: float  # positive, per unit of font size
    _coverage: dict[int, bool] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.ref.path

    def covers(self, cp: int) -> bool:
        hit = self._coverage.get(cp)
        if hit is None:
            hit = self._coverage[cp] = self.hb_font.get_nominal_glyph(cp) is not None
        return hit


class FontStore:
    """Loads font instances from the cache on demand and keeps them for the process."""

    def __init__(self, config: FontConfig, directory: Path | None = None):
        self.config = config
        self.directory = directory or cache_dir()
        self._fonts: dict[str, LoadedFont] = {}
        self._by_ref: dict[FontRef, LoadedFont] = {}
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
                font = self._load(key, self.spec(font_id, style), style == "bold")
                self._by_ref[font.ref] = font
                self._fonts[key] = font
        return font

    def by_ref(self, ref: FontRef) -> LoadedFont:
        """A font this store loaded, by the reference its set text carries."""
        return self._by_ref[ref]

    def missing(self, font_ids) -> list[str]:
        out = []
        for fid in font_ids:
            for style in ("regular", "bold"):
                spec = self.spec(fid, style)
                if not spec.path(self.directory).exists():
                    out.append(spec.filename)
        return out

    def _load(self, key: str, spec: InstanceSpec, bold: bool) -> LoadedFont:
        path = spec.path(self.directory)
        if not path.exists():
            raise FontsNotInstalledError([spec.filename])
        verify_instance(path)  # a damaged file is refused before anything parses it
        st = path.stat()
        blob = hb.Blob.from_file_path(str(path))
        face = hb.Face(blob)
        font = hb.Font(face)
        upem = face.upem
        extents = font.get_font_extents("ltr")
        return LoadedFont(
            key=key,
            ref=FontRef(path, spec.postscript_name),
            identity=(str(path), st.st_size, st.st_mtime_ns),
            bold=bold,
            hb_font=font,
            upem=upem,
            ascender=extents.ascender / upem,
            descender=-extents.descender / upem,
        )
