"""Static font instances cached outside the repository, keyed by the source file's hash.

Variable fonts are instanced once (``posters fonts install``); a build only looks up
the cache and never instances.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .config import FontConfig, FontSource


def cache_dir() -> Path:
    env = os.environ.get("POSTERS_FONT_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "posters" / "fonts"


_HASH_INDEX = "hashes.json"


def source_hash(path: Path, directory: Path | None = None) -> str:
    """SHA-256 of a font file, remembered per (path, size, mtime) so builds do not re-read
    tens of megabytes of CJK font just to find its cache entry."""
    directory = directory or cache_dir()
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    index_path = directory / _HASH_INDEX
    try:
        index = json.loads(index_path.read_text())
    except (OSError, ValueError):
        index = {}
    if key in index:
        return index[key]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    index[key] = digest
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = index_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(index, indent=1, sort_keys=True))
        tmp.replace(index_path)
    except OSError:
        pass  # a read-only cache still works, it just hashes again next time
    return digest


@dataclass(frozen=True)
class InstanceSpec:
    font: FontSource
    style: str
    axes: dict[str, float]
    digest: str

    @property
    def filename(self) -> str:
        return f"{self.font.id}-{self.style}-{self.digest[:16]}.ttf"

    @property
    def postscript_name(self) -> str:
        # Unique per font and style: ReportLab merges fonts sharing a PostScript name.
        family = "".join(part.capitalize() for part in self.font.id.split("-"))
        return f"Posters{family}-{self.style.capitalize()}"

    def path(self, directory: Path | None = None) -> Path:
        return (directory or cache_dir()) / self.filename


def instance_spec(config: FontConfig, font_id: str, style: str) -> InstanceSpec:
    font = config.fonts[font_id]
    return InstanceSpec(font, style, dict(config.styles[style]), source_hash(font.path(style)))


def make_instance(spec: InstanceSpec, directory: Path | None = None) -> Path:
    """Instance one variable font at the style's axis location into the cache."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    out = spec.path(directory)
    font = TTFont(spec.font.path(spec.style))
    if "fvar" in font:
        axes = {a.axisTag: a for a in font["fvar"].axes}
        location = {
            tag: min(max(value, axes[tag].minValue), axes[tag].maxValue)
            for tag, value in spec.axes.items()
            if tag in axes
        }
        # Pin every axis (unlisted ones at their default) so the result is static.
        for tag, axis in axes.items():
            location.setdefault(tag, axis.defaultValue)
        font = instancer.instantiateVariableFont(font, location)
    _rename(font, spec)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(tmp)
    tmp.replace(out)
    return out


def _rename(font, spec: InstanceSpec) -> None:
    name = font["name"]
    family = spec.postscript_name.split("-")[0]
    style = spec.style.capitalize()
    weight = int(spec.axes.get("wght", 400))
    for rec in list(name.names):
        if rec.nameID in (1, 2, 3, 4, 6, 16, 17, 25):
            name.removeNames(nameID=rec.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName("Bold" if style == "Bold" else "Regular", 2, 3, 1, 0x409)
    name.setName(f"{spec.postscript_name};{spec.digest[:16]}", 3, 3, 1, 0x409)
    name.setName(f"{family} {style}", 4, 3, 1, 0x409)
    name.setName(spec.postscript_name, 6, 3, 1, 0x409)
    if "OS/2" in font:
        font["OS/2"].usWeightClass = weight
        if style == "Bold":
            font["OS/2"].fsSelection = (font["OS/2"].fsSelection & ~0x40) | 0x20
            font["head"].macStyle |= 0x1
    for table in ("STAT",):
        if table in font:
            del font[table]
