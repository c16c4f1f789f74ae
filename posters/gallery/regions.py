"""Where a regional variant differs from the generic output, found in their thumbnails.

A regional variant differs from the generic output only where the local contacts are
printed; the gallery shows that area of each variant instead of nine near-identical
thumbnails. The area is found from the pictures themselves (so any layout works) and
remembered per pair of thumbnails, which are named by the PDFs' content.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from posters.files import write_atomic
from posters.gallery.previews import (
    NAME,
    Picture,
    Preview,
    area_against,
    area_name,
    png_size,
    render_area,
)

MARGIN = 4  # pixels of context around the differing pixels
# in .previews/: {"version": 2, "areas": {"<generic thumb>:<variant thumb>": [l, t, w, h]
# or null}, "pictures": {"<area image>": [width, height]}}
CACHE = "areas.json"
_VERSION = 2
_areas: dict[tuple[str, str], Area | None] = {}


@dataclass(frozen=True)
class Area:
    left: int
    top: int
    width: int
    height: int


def _state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def differing_area(directory: Path, generic: str, variant: str) -> Area | None:
    """The box (in thumbnail pixels) around every pixel that differs between two
    thumbnails in ``directory``; None when they are the same or cannot be compared."""
    key = (generic, variant)
    if key not in _areas:
        _areas[key] = _compare(directory / generic, directory / variant)
    return _areas[key]


class AreaCache:
    """The areas found for the previews in one folder, kept in .previews/areas.json with
    their images' sizes: decoding two thumbnails costs about 10 ms, and a campaign has
    hundreds of variants, whose area images the page would otherwise open each."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._saved: dict[str, list[int] | None] = {}
        self._saved_pictures: dict[str, list[int]] = {}
        try:
            data = json.loads((directory / CACHE).read_text(encoding="utf-8"))
            if data.get("version") == _VERSION:
                self._saved = {k: v for k, v in data["areas"].items() if v is None or (
                    isinstance(v, list) and len(v) == 4
                    and all(isinstance(n, int) for n in v))}
                self._saved_pictures = {k: v for k, v in data["pictures"].items() if (
                    isinstance(v, list) and len(v) == 2
                    and all(isinstance(n, int) for n in v))}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache or a damaged one: it is only a cache
        self._used: dict[str, list[int] | None] = {}
        self._pictures: dict[str, list[int]] = {}  # the area images this run's page shows
        self._areas: dict[str, list[str]] | None = None

    def _noted(self, generic: str, variant: str) -> Area | None:
        """The area a build's worker found (it had both thumbnails in hand) and rendered,
        if it found it against this generic output; else the thumbnails compared here."""
        digest, against = variant.split("-", 1)[0], generic.split("-", 1)[0]
        for name in self._listing().get(digest, ()):
            try:
                if area_against(self.directory / name) == against:
                    return Area(*(int(v) for v in NAME.match(name).group(2)[1:].split("-")))
            except (OSError, AttributeError, ValueError):
                continue
        return differing_area(self.directory, generic, variant)

    def _listing(self) -> dict[str, list[str]]:
        """The area images in the folder by their PDF's digest, listed once."""
        if self._areas is None:
            self._areas = {}
            try:
                names = sorted(os.listdir(self.directory))
            except OSError:
                names = []
            for name in names:
                match = NAME.match(name)
                if match and match.group(2).startswith("a"):
                    self._areas.setdefault(match.group(1), []).append(name)
        return self._areas

    def picture(self, pdf: str, preview: Preview, area: Area, generic: str
                ) -> Picture | None:
        """The area of the variant's first page at full size, rendered if it is new;
        None if the PDF cannot be rendered (its card says so already)."""
        name = area_name(preview.digest, area)
        try:
            if os.path.isfile(f"{self.directory}/{name}"):
                size = self._saved_pictures.get(name) or list(png_size(self.directory / name))
                picture = Picture(name, *size)
            else:
                picture = render_area(pdf, preview, area, self.directory, generic)
        except Exception:  # a damaged PDF must not stop the gallery
            return None
        self._pictures[name] = [picture.width, picture.height]
        return picture

    def area(self, generic: str, variant: str) -> Area | None:
        key = f"{generic}:{variant}"
        if key in self._saved:
            value = self._saved[key]
        else:
            found = self._noted(generic, variant)
            value = None if found is None else [found.left, found.top, found.width,
                                                found.height]
        self._used[key] = value
        return None if value is None else Area(*value)

    def save(self) -> None:
        """Keep the areas of this run's pairs only (the others' previews are gone), and
        delete the area images no card shows (a worker may have found an area against an
        earlier generic output, when another worker was still writing the new one)."""
        if not self.directory.is_dir():
            return
        if self._used != self._saved or self._pictures != self._saved_pictures:
            data = {"version": _VERSION, "areas": self._used, "pictures": self._pictures}
            write_atomic(self.directory / CACHE,
                         json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
            self._saved, self._saved_pictures = dict(self._used), dict(self._pictures)
        self._areas = None  # listed again: this run rendered some
        for names in self._listing().values():
            for name in names:
                if name not in self._pictures:
                    (self.directory / name).unlink(missing_ok=True)


@lru_cache(maxsize=8)
def _pixels(path: Path, state: tuple[int, int]):  # type: ignore[no-untyped-def]
    """A decoded thumbnail; the generic one is compared with each of its variants."""
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")


def decoded(path: Path):  # type: ignore[no-untyped-def]
    """A thumbnail's pixels (decoded once while the file is unchanged)."""
    return _pixels(path, _state(path))


def difference(first, second) -> Area | None:  # type: ignore[no-untyped-def]
    """The box around every pixel that differs between two images, with MARGIN pixels of
    context; None when they are the same or of different sizes."""
    from PIL import ImageChops

    if first.size != second.size:
        return None
    box = ImageChops.difference(first, second.convert("RGB")).getbbox()
    if box is None:
        return None
    width, height = first.size
    left, top = max(0, box[0] - MARGIN), max(0, box[1] - MARGIN)
    right, bottom = min(width, box[2] + MARGIN), min(height, box[3] + MARGIN)
    return Area(left, top, right - left, bottom - top)


def _compare(a: Path, b: Path) -> Area | None:
    try:
        return difference(decoded(a), decoded(b))
    except (OSError, ValueError):
        return None
