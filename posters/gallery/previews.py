"""Preview images rendered from the PDFs themselves (PDFium), cached by content hash.

out/<campaign>/.previews/ holds, per distinct PDF content, a thumbnail of the first
page's trim area (``<digest>-thumb.png``) and a full-size image of every page as printed,
marks and bleed included (``<digest>-p1.png``, ...). ``index.json`` there remembers each
PDF's size, mtime and inode with its hash, so an unchanged output costs one ``stat``:
it is neither read nor rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from isal import isal_zlib

from posters.files import write_atomic

PREVIEWS = ".previews"
INDEX = "index.json"
THUMB_WIDTH = 300
FULL_WIDTH = 1400
MAX_HEIGHT = 4 * FULL_WIDTH  # a very tall page is scaled down to this
DIGEST_CHARS = 24
_NAME = re.compile(rf"^([0-9a-f]{{{DIGEST_CHARS}}})-(thumb|p[0-9]+)\.png$")
_INDEX_VERSION = 2  # 2: each preview's trim box


@dataclass(frozen=True)
class Picture:
    name: str  # file name inside .previews/
    width: int
    height: int


@dataclass(frozen=True)
class Preview:
    digest: str
    thumbnail: Picture
    pages: tuple[Picture, ...]
    # the first page's trim box in its full-size image, as fractions (left, top, right,
    # bottom) of its width and height: what the thumbnail shows, at full size
    trim: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class PreviewFailure:
    message: str


@dataclass
class PreviewStats:
    hashed: int = 0  # PDFs read to hash them (new or changed since the last run)
    rendered: int = 0  # distinct PDF contents rendered
    removed: int = 0  # stale preview images deleted
    failed: list[str] = field(default_factory=list)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:DIGEST_CHARS]


def render_pdf(pdf: Path, digest: str, directory: Path) -> Preview:
    """Render every page at FULL_WIDTH and the first page's trim box at THUMB_WIDTH."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    first = None
    try:
        if len(document) == 0:
            raise ValueError("the PDF has no pages")
        pages = []
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            scale = min(FULL_WIDTH / width, MAX_HEIGHT / height)
            pages.append(_save_bitmap(page.render(scale=scale, rev_byteorder=True),
                                      directory / f"{digest}-p{index + 1}.png"))
            if index == 0:
                first = page  # loaded (its content parsed) once for all three uses
            else:
                page.close()
        trim = page_trim(first)
        # Written last: when the thumbnail exists, every page's image does (see _adopt).
        thumbnail = _save(_trimmed(first), directory / f"{digest}-thumb.png", trim)
        return Preview(digest, thumbnail, tuple(pages), trim)
    finally:
        if first is not None:
            first.close()
        document.close()


def page_trim(page) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """The trim box as fractions of the crop box (what the page images show), from the
    top left."""
    left, bottom, right, top = page.get_cropbox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    width, height = (right - left) or 1.0, (top - bottom) or 1.0
    return (round(max(0.0, (t_left - left) / width), 6),
            round(max(0.0, (top - t_top) / height), 6),
            round(min(1.0, (t_right - left) / width), 6),
            round(min(1.0, (top - t_bottom) / height), 6))


def _trimmed(page):  # type: ignore[no-untyped-def]
    """The page as the reader sees it: the trim box, no bleed or marks, THUMB_WIDTH wide."""
    width, height = page.get_size()
    left, bottom, right, top = page.get_cropbox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    crop = (max(0.0, t_left - left), max(0.0, t_bottom - bottom),
            max(0.0, right - t_right), max(0.0, top - t_top))
    scale = THUMB_WIDTH / (width - crop[0] - crop[2])
    trim_height = height - crop[1] - crop[3]
    # Cropped here rather than by PDFium, whose rounding can lose a pixel.
    x, y = round(crop[0] * scale), round(crop[3] * scale)
    image = page.render(scale=scale, rev_byteorder=True).to_pil().crop(
        (x, y, x + THUMB_WIDTH, y + round(trim_height * scale)))
    return image


def prerender(pdf: Path, campaign_out: Path) -> Preview | None:
    """Render a PDF's previews right after writing it (e.g. in a build worker, whose core
    is warm); the next gallery run adopts them instead of rendering. None if it is done."""
    directory = campaign_out / PREVIEWS
    digest = file_digest(pdf)
    if (directory / f"{digest}-thumb.png").is_file():
        return None
    directory.mkdir(parents=True, exist_ok=True)
    return render_pdf(pdf, digest, directory)


def _trim_of(pdf: Path) -> tuple[float, float, float, float]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except Exception:  # a damaged file: the thumbnail's area is shown from the thumbnail
        return (0.0, 0.0, 1.0, 1.0)
    page = None
    try:
        page = document[0]
        return page_trim(page)
    finally:
        if page is not None:
            page.close()
        document.close()


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as handle:
        header = handle.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError(f"{path.name} is not a PNG")
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


TRIM_KEY = b"posters-trim"  # the thumbnail's tEXt chunk: Preview.trim, for _adopt


def _save(image, target: Path,  # type: ignore[no-untyped-def]
          trim: tuple[float, float, float, float] | None = None) -> Picture:
    """A thumbnail: small, and loaded once per card of the gallery, so compressed hard.
    It carries the first page's trim box (``trim``), so that the gallery adopting it need
    not open the PDF again."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    text = {TRIM_KEY: " ".join(repr(v) for v in trim).encode()} if trim else {}
    write_atomic(target, encode_png(image.width, image.height, image.tobytes(), smallest=True,
                                    text=text))
    return Picture(target.name, image.width, image.height)


def png_trim(path: Path) -> tuple[float, float, float, float] | None:
    """The trim box _save wrote into a thumbnail, or None (an older or foreign PNG)."""
    with path.open("rb") as handle:
        data = handle.read(256)
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        if kind == b"IDAT" or len(body) < length:
            return None
        if kind == b"tEXt" and body.startswith(TRIM_KEY + b"\0"):
            try:
                values = tuple(float(v) for v in body[len(TRIM_KEY) + 1:].split())
            except ValueError:
                return None
            if len(values) == 4 and all(0.0 <= v <= 1.0 for v in values):
                return values  # type: ignore[return-value]
            return None
        at += 12 + length
    return None


def _save_bitmap(bitmap, target: Path) -> Picture:  # type: ignore[no-untyped-def]
    """A PDFium bitmap rendered with rev_byteorder (RGB), encoded from its own memory."""
    if bitmap.mode != "RGB":
        raise ValueError(f"expected an RGB bitmap, got {bitmap.mode}")
    write_atomic(target, encode_png(bitmap.width, bitmap.height, bitmap.buffer,
                                    stride=bitmap.stride))
    return Picture(target.name, bitmap.width, bitmap.height)


def encode_png(width: int, height: int, rgb, *,  # type: ignore[no-untyped-def]
               stride: int | None = None, smallest: bool = False,
               text: dict[bytes, bytes] | None = None) -> bytes:
    """An 8-bit RGB PNG with no row filters, from any buffer of rows ``stride`` bytes apart.

    Pillow tries every PNG filter on every row, which costs 60 ms for a 1400 x 1950
    preview even uncompressed. Unfiltered rows come out smaller for posters' flat colours,
    and ISA-L's deflate at level 1 takes 3.4 ms for such a page where zlib's fastest level
    takes 25 ms (measured on the sample campaign) for files 10 % larger. ``smallest`` uses
    zlib at level 6 instead, for thumbnails. Rows are compressed in blocks straight from
    the buffer: no full-size copy is made.
    """
    line = width * 3
    stride = stride or line
    view = memoryview(rgb).cast("B")
    if stride < line or len(view) < stride * (height - 1) + line:
        raise ValueError(f"expected {height} rows of {line} bytes of RGB, got {len(view)} bytes")
    compressor = zlib.compressobj(6) if smallest else isal_zlib.compressobj(1)
    data = []
    for first in range(0, height, 64):
        rows = []
        for y in range(first, min(first + 64, height)):
            rows += (b"\x00", view[y * stride:y * stride + line])
        data.append(compressor.compress(b"".join(rows)))
    data.append(compressor.flush())

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    notes = b"".join(chunk(b"tEXt", key + b"\0" + value) for key, value in (text or {}).items())
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + notes
            + chunk(b"IDAT", b"".join(data)) + chunk(b"IEND", b""))


def _render_or_fail(pdf: Path, digest: str, directory: Path) -> Preview | PreviewFailure:
    try:
        return render_pdf(pdf, digest, directory)
    except Exception as exc:  # a damaged PDF must not stop the gallery
        return PreviewFailure(f"{type(exc).__name__}: {exc}")


Renderer = Callable[[Path, str, Path], Preview]


class PreviewStore:
    """The previews of one campaign's outputs, kept up to date incrementally."""

    def __init__(self, campaign_out: Path) -> None:
        self.root = campaign_out
        self.directory = campaign_out / PREVIEWS
        self._files: dict[str, dict] = {}
        self._previews: dict[str, Preview] = {}
        self._saved = ""  # the index as read, so an unchanged one is not written again
        self._load()

    def _load(self) -> None:
        try:
            self._saved = (self.directory / INDEX).read_text(encoding="utf-8")
            data = json.loads(self._saved)
            if data.get("version") != _INDEX_VERSION:
                return
            files = data["files"]
            previews = {}
            for digest, entry in data["previews"].items():
                thumb = Picture(f"{digest}-thumb.png", *entry["thumbnail"])
                pages = tuple(Picture(f"{digest}-p{i + 1}.png", w, h)
                              for i, (w, h) in enumerate(entry["pages"]))
                if not _NAME.match(thumb.name):
                    raise ValueError(digest)
                trim = tuple(float(v) for v in entry.get("trim", (0, 0, 1, 1)))
                if len(trim) != 4:
                    raise ValueError(digest)
                previews[digest] = Preview(digest, thumb, pages, trim)  # type: ignore[arg-type]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return  # no index or a damaged one: it is only a cache
        self._files = {k: v for k, v in files.items() if isinstance(v, dict)}
        self._previews = previews

    def update(self, pdfs: Sequence[str], jobs: int = 1,
               renderer: Renderer | None = None) -> tuple[dict[str, Preview | PreviewFailure],
                                                          PreviewStats]:
        """Previews for these PDFs (paths relative to the campaign folder, existing files);
        render only contents never rendered before."""
        stats = PreviewStats()
        digests: dict[str, str] = {}
        for rel in pdfs:
            digest = self._digest(rel, stats)
            if digest:
                digests[rel] = digest
        sources = {d: self.root / rel for rel, d in sorted(digests.items(), reverse=True)}
        todo = sorted({d for d in digests.values() if not self._present(d, sources[d])})
        if todo:
            self.directory.mkdir(parents=True, exist_ok=True)
        rendered = self._render([(sources[d], d) for d in todo], jobs, renderer)
        failures: dict[str, PreviewFailure] = {}
        for digest, result in zip(todo, rendered, strict=True):
            if isinstance(result, Preview):
                self._previews[digest] = result
                stats.rendered += 1
            else:
                failures[digest] = result
        results: dict[str, Preview | PreviewFailure] = {}
        for rel in pdfs:
            digest = digests.get(rel)
            if digest is None:
                results[rel] = PreviewFailure("the PDF cannot be read")
            elif digest in failures:
                results[rel] = failures[digest]
                stats.failed.append(rel)
            else:
                results[rel] = self._previews[digest]
        self._prune(set(pdfs), stats)
        self._save()
        return results, stats

    def _digest(self, rel: str, stats: PreviewStats) -> str | None:
        path = self.root / rel
        try:
            st = os.stat(f"{self.root}/{rel}")
        except OSError:
            self._files.pop(rel, None)
            return None
        key = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": st.st_ino}
        known = self._files.get(rel)
        if known and all(known.get(k) == v for k, v in key.items()) and isinstance(
                known.get("digest"), str):
            return known["digest"]
        try:
            digest = file_digest(path)
        except OSError:
            self._files.pop(rel, None)
            return None
        stats.hashed += 1
        self._files[rel] = {**key, "digest": digest}
        return digest

    def _present(self, digest: str, pdf: Path) -> bool:
        preview = self._previews.get(digest) or self._adopt(digest, pdf)
        folder = str(self.directory)
        return preview is not None and all(
            os.path.isfile(f"{folder}/{p.name}") for p in (preview.thumbnail, *preview.pages))

    def _adopt(self, digest: str, pdf: Path) -> Preview | None:
        """Take up previews another process rendered (``prerender``) but did not index;
        the trim box is read from the PDF (no rendering)."""
        thumb = self.directory / f"{digest}-thumb.png"
        if not thumb.is_file():
            return None
        pages = []
        try:
            while (page := self.directory / f"{digest}-p{len(pages) + 1}.png").is_file():
                pages.append(Picture(page.name, *png_size(page)))
            preview = Preview(digest, Picture(thumb.name, *png_size(thumb)), tuple(pages),
                              png_trim(thumb) or _trim_of(pdf))
        except (OSError, ValueError):
            return None
        if not pages:
            return None
        self._previews[digest] = preview
        return preview

    def _render(self, work: list[tuple[Path, str]], jobs: int,
                renderer: Renderer | None) -> list[Preview | PreviewFailure]:
        if renderer is not None or jobs <= 1 or len(work) < 3:
            render = renderer or render_pdf
            results: list[Preview | PreviewFailure] = []
            for pdf, digest in work:
                try:
                    results.append(render(pdf, digest, self.directory))
                except Exception as exc:  # a damaged PDF must not stop the gallery
                    results.append(PreviewFailure(f"{type(exc).__name__}: {exc}"))
            return results
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            return list(pool.map(_render_or_fail, [p for p, _ in work],
                                 [d for _, d in work], [self.directory] * len(work)))

    def _prune(self, checked: set[str], stats: PreviewStats) -> None:
        """Forget PDFs that are gone and delete previews no remaining PDF has."""
        for rel in list(self._files):
            if rel not in checked and not os.path.isfile(f"{self.root}/{rel}"):
                del self._files[rel]
        live = {entry.get("digest") for entry in self._files.values()}
        if live == set(self._previews) and not stats.rendered:
            return  # nothing appeared or went away: no need to list the folder
        self._previews = {d: p for d, p in self._previews.items() if d in live}
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            match = _NAME.match(path.name)
            if match and match.group(1) not in live:
                path.unlink(missing_ok=True)
                stats.removed += 1

    def _save(self) -> None:
        if not self._files and not self.directory.is_dir():
            return
        data = {
            "version": _INDEX_VERSION,
            "files": dict(sorted(self._files.items())),
            "previews": {d: {"thumbnail": [p.thumbnail.width, p.thumbnail.height],
                             "pages": [[q.width, q.height] for q in p.pages],
                             "trim": list(p.trim)}
                         for d, p in sorted(self._previews.items())},
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        if text != self._saved:
            write_atomic(self.directory / INDEX, text)
            self._saved = text
