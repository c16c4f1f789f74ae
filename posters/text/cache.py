"""Static font instances cached outside the repository, keyed by the source file's hash.

Variable fonts are instanced once (``posters fonts install``); a build only looks up
the cache and never instances.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path

from posters.files import user_cache

from .config import FontConfig, FontSource


def cache_dir() -> Path:
    return user_cache("fonts", "POSTERS_FONT_CACHE")


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


# Bumped whenever make_instance writes different bytes for the same source and axes, so
# that an instance made by an older posters is never taken for a new one.
INSTANCE_FORMAT = 2


def instance_digest(source_digest: str, axes: dict[str, float]) -> str:
    """Names an instance by everything its bytes depend on: the source file, the axis
    location and the way we instance."""
    key = json.dumps([INSTANCE_FORMAT, source_digest, sorted(axes.items())])
    return hashlib.sha256(key.encode()).hexdigest()


def instance_spec(config: FontConfig, font_id: str, style: str) -> InstanceSpec:
    font = config.fonts[font_id]
    axes = dict(config.styles[style])
    return InstanceSpec(font, style, axes, instance_digest(source_hash(font.path(style)), axes))


def make_instance(spec: InstanceSpec, directory: Path | None = None) -> Path:
    """Instance one variable font at the style's axis location into the cache."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    out = spec.path(directory)
    # The instance keeps the source's head.modified: fontTools would stamp the time of
    # instancing, and the same fonts on two machines would give different PDFs.
    font = TTFont(spec.font.path(spec.style), recalcTimestamp=False)
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
        font = instancer.instantiateVariableFont(font, location)  # keeps recalcTimestamp
    _rename(font, spec)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(tmp)
    _write_record(out, tmp.read_bytes())
    tmp.replace(out)
    return out


# ------------------------------------------------------------- verifying what we wrote
# A cached instance is trusted only when its bytes are the ones the cache wrote: each
# instance has a record (``<name>.ttf.sha256``: its size and SHA-256) written with it. A
# damaged file (bytes flipped by a disk, an editor or a person) is refused before HarfBuzz
# or ReportLab parse it, which for some damage takes gigabytes of memory.

RECORD_SUFFIX = ".sha256"
MAX_FONT_BYTES = 128 * 1024 * 1024  # the largest CJK instance is about 11 MB


class DamagedFontError(Exception):
    """A cached font instance that is not what the cache wrote."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: the cached font is damaged ({reason}); run "
                         "`posters fonts install` to make it again")


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + RECORD_SUFFIX)


def _write_record(path: Path, data: bytes) -> None:
    record = _record_path(path)
    tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}))
    tmp.replace(record)


def _checksums_problem(data: bytes) -> str | None:
    """What is wrong with the sfnt table directory or a table checksum, for an instance
    made before the cache kept records (fontTools writes correct checksums)."""
    if len(data) < 12:
        return "the file is too short to be a font"
    tag = data[:4]
    if tag not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return "it is not a TrueType or OpenType font"
    (count,) = struct.unpack(">H", data[4:6])
    if count == 0 or 12 + 16 * count > len(data):
        return "its table directory is cut short"
    for index in range(count):
        name, checksum, offset, length = struct.unpack(
            ">4sIII", data[12 + 16 * index: 28 + 16 * index])
        if offset + length > len(data):
            return f"the table {name.decode('latin-1')!r} runs past the end of the file"
        table = data[offset: offset + length]
        table += b"\0" * (-len(table) % 4)
        words = array("I", table)
        if array("I", b"\x00\x00\x00\x01")[0] != 1:  # little-endian machine
            words.byteswap()
        total = sum(words)
        if name == b"head" and length >= 12:  # checkSumAdjustment is left out of head's
            total -= struct.unpack(">I", table[8:12])[0]
        if total & 0xFFFFFFFF != checksum:
            return f"the checksum of its table {name.decode('latin-1')!r} does not match"
    return None


_verified: dict[tuple[str, int, int], bool] = {}


def verify_instance(path: Path) -> None:
    """Raise DamagedFontError unless ``path`` holds the bytes the cache wrote there. An
    instance without a record (made by an older version) is held to its own table
    checksums and then recorded. Checked once per file and process."""
    try:
        st = path.stat()
    except OSError as exc:
        raise DamagedFontError(path, exc.strerror or "cannot be read") from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if _verified.get(key):
        return
    if st.st_size > MAX_FONT_BYTES:
        raise DamagedFontError(path, f"{st.st_size} bytes, more than any instance")
    try:
        record = json.loads(_record_path(path).read_text())
        expected = (int(record["size"]), str(record["sha256"]))
    except FileNotFoundError:
        expected = None
    except (OSError, ValueError, TypeError, KeyError):
        raise DamagedFontError(path, f"its record {_record_path(path).name} is unreadable"
                               ) from None
    try:
        if expected is None:
            data = path.read_bytes()
            size, digest = len(data), None
        else:  # hashed as it is read: a CJK instance is never all in memory
            with path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
                size = file.tell()
    except OSError as exc:
        raise DamagedFontError(path, exc.strerror or "cannot be read") from None
    if expected is None:
        problem = _checksums_problem(data)
        if problem:
            raise DamagedFontError(path, problem)
        with contextlib.suppress(OSError):  # a read-only cache: checked again next time
            _write_record(path, data)
    elif expected != (size, digest):
        reason = (f"{size} bytes where the cache wrote {expected[0]}"
                  if size != expected[0] else "its bytes differ from what the cache wrote")
        raise DamagedFontError(path, reason)
    _verified[key] = True


def instance_ok(path: Path) -> bool:
    """Whether the instance exists and is intact (``posters fonts install`` remakes it
    otherwise)."""
    try:
        verify_instance(path)
    except DamagedFontError:
        return False
    return True


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
