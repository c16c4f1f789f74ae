"""Preview images rendered from the PDFs themselves (PDFium), cached by content hash.

out/<campaign>/.previews/ holds, per distinct PDF content, a thumbnail of the first
page's trim area (``<digest>-thumb.png``), made for every output the gallery shows, and,
only when they are asked for, a full-size image of each page as printed, marks and bleed
included (``<digest>-p1.png``, ...: ``posters gallery`` renders them all, ``posters
serve`` each when it is opened) and the area of a regional variant that differs from its
generic output (``<digest>-a<left>-<top>-<width>-<height>.png``, the box in thumbnail
pixels). ``index.json`` there remembers each PDF's size, mtime and inode with its hash,
so an unchanged output costs one ``stat``: it is neither read nor rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from isal import isal_zlib

from posters.files import write_atomic

PREVIEWS = ".previews"
INDEX = "index.json"
THUMB_WIDTH = 300
FULL_WIDTH = 1400
MAX_HEIGHT = 4 * FULL_WIDTH  # a very tall page is scaled down to this
DIGEST_CHARS = 24
NAME = re.compile(rf"^([0-9a-f]{{{DIGEST_CHARS}}})-(thumb|p[1-9][0-9]*|"
                  r"a[0-9]+-[0-9]+-[0-9]+-[0-9]+)\.png$")
_INDEX_VERSION = 3  # 3: pages counted, full-size images made on request
# PDFium is not thread-safe: `posters serve` renders a page asked for by the browser while
# a rebuild may render thumbnails; every use in this process goes through this lock.
PDFIUM = threading.RLock()


@dataclass(frozen=True)
class Picture:
    name: str  # file name inside .previews/
    width: int
    height: int


@dataclass(frozen=True)
class Preview:
    digest: str
    thumbnail: Picture
    page_count: int
    # the first page's trim box in its full-size image, as fractions (left, top, right,
    # bottom) of its width and height: what the thumbnail shows, at full size
    trim: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    full: bool = False  # every page's full-size image is in .previews/

    def page_name(self, number: int) -> str:
        """The file name of page ``number``'s full-size image (from 1)."""
        return f"{self.digest}-p{number}.png"

    @property
    def page_names(self) -> tuple[str, ...]:
        return tuple(self.page_name(n) for n in range(1, self.page_count + 1))


@dataclass(frozen=True)
class PreviewFailure:
    message: str


@dataclass
class PreviewStats:
    hashed: int = 0  # PDFs read to hash them (new or changed since the last run)
    rendered: int = 0  # distinct PDF contents rendered (a thumbnail or pages)
    pages: int = 0  # full-size page images rendered
    removed: int = 0  # stale preview images deleted
    failed: list[str] = field(default_factory=list)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:DIGEST_CHARS]


def render_pdf(pdf: Path, digest: str, directory: Path, *, thumbnail: bool = True,
               pages: bool = False, generic: tuple[str, object] | None = None) -> Preview:
    """The first page's trim box at THUMB_WIDTH (``thumbnail``) and, with ``pages``,
    every page at FULL_WIDTH; the PDF is opened once for all. ``generic``: the digest and
    decoded thumbnail of the generic output this PDF is a regional variant of; the area
    where they differ is found and rendered too, and noted in the thumbnail."""
    import pypdfium2

    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        first = None
        try:
            count = len(document)
            if count == 0:
                raise ValueError("the PDF has no pages")
            first = document[0]
            trim = page_trim(first)
            if pages:
                _save_bitmap(_full_size(first), directory / f"{digest}-p1.png", fast=True)
                for index in range(1, count):
                    page = document[index]
                    try:
                        _save_bitmap(_full_size(page), directory / f"{digest}-p{index + 1}.png",
                                     fast=True)
                    finally:
                        page.close()
            target = directory / f"{digest}-thumb.png"
            if thumbnail or not target.is_file():
                image = _trimmed(first)
                if generic is not None:
                    from posters.gallery.regions import difference

                    area = difference(generic[1], image)  # type: ignore[arg-type]
                    if area is not None:  # noted in the area's image, not the thumbnail:
                        # whether the generic output was there yet is a matter of timing
                        _render_area(first, trim, image.size, area,
                                     directory / area_name(digest, area), generic[0])
                # Written last: when the thumbnail exists, the PDF was readable (see _adopt).
                picture = _save(image, target, trim, count)
            else:
                picture = Picture(target.name, *png_size(target))
            return Preview(digest, picture, count, trim, full=pages)
        finally:
            if first is not None:
                first.close()
            document.close()


def render_page(pdf: Path, digest: str, number: int, directory: Path) -> Picture:
    """Page ``number`` (from 1) of the PDF whose content hashes to ``digest``, at full
    size; ValueError if the PDF no longer holds that content or has no such page."""
    import pypdfium2

    with PDFIUM:
        target = directory / f"{digest}-p{number}.png"
        if target.is_file():  # made meanwhile, by another request
            return Picture(target.name, *png_size(target))
        if file_digest(pdf) != digest:
            raise ValueError(f"{pdf.name} has changed since its preview was listed")
        document = pypdfium2.PdfDocument(pdf)
        try:
            if not 1 <= number <= len(document):
                raise ValueError(f"{pdf.name} has no page {number}")
            page = document[number - 1]
            try:
                return _save_bitmap(_full_size(page), target, fast=True)
            finally:
                page.close()
        finally:
            document.close()


def _full_size(page):  # type: ignore[no-untyped-def]
    return page.render(scale=_full_scale(page), rev_byteorder=True)


def _full_scale(page) -> float:  # type: ignore[no-untyped-def]
    width, height = page.get_size()
    return min(FULL_WIDTH / width, MAX_HEIGHT / height)


def area_name(digest: str, area) -> str:  # type: ignore[no-untyped-def]
    return f"{digest}-a{area.left}-{area.top}-{area.width}-{area.height}.png"


def render_area(pdf: Path | str, preview: Preview, area,  # type: ignore[no-untyped-def]
                directory: Path, generic: str) -> Picture:
    """The area (a box in the thumbnail's pixels) of the first page, at the full-size
    image's scale, sharp enough to read an address in; only that area is rasterized.
    ``generic``: the digest of the generic output it differs from (noted in the image,
    as a build's worker does)."""
    import pypdfium2

    with PDFIUM:
        target = directory / area_name(preview.digest, area)
        if target.is_file():
            return Picture(target.name, *png_size(target))
        document = pypdfium2.PdfDocument(pdf)
        page = None
        try:
            page = document[0]
            thumb = preview.thumbnail
            return _render_area(page, preview.trim, (thumb.width, thumb.height), area, target,
                                generic)
        finally:
            if page is not None:
                page.close()
            document.close()


def _render_area(page, trim: tuple[float, float, float, float],  # type: ignore[no-untyped-def]
                 thumb: tuple[int, int], area, target: Path, generic: str) -> Picture:
    scale = _full_scale(page)
    width, height = (round(v * scale) for v in page.get_size())
    left, top, right, bottom = trim
    # the thumbnail shows the trim box; the full-size image the whole page
    x_scale = (right - left) * width / thumb[0]
    y_scale = (bottom - top) * height / thumb[1]
    x0 = max(0, min(width - 1, round(left * width + area.left * x_scale)))
    y0 = max(0, min(height - 1, round(top * height + area.top * y_scale)))
    x1 = max(x0 + 1, min(width, round(left * width + (area.left + area.width) * x_scale)))
    y1 = max(y0 + 1, min(height, round(top * height + (area.top + area.height) * y_scale)))
    bitmap = page.render(scale=scale, rev_byteorder=True, crop=tuple(
        max(0.0, (pixels - 0.5) / scale)  # render() rounds each edge up
        for pixels in (x0, height - y1, width - x1, y0)))
    return _save_bitmap(bitmap, target, {AREA_KEY: generic.encode()})


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


def prerender(pdf: Path, campaign_out: Path, generic: Path | None = None
              ) -> Preview | None:
    """Render a PDF's thumbnail right after writing it (e.g. in a build worker, whose
    core is warm); the next gallery run adopts it instead of rendering. None if it is
    there already. ``generic``: the generic output's PDF, if this is a regional variant
    of it; when its thumbnail is there, the area where they differ is made here too.
    Full-size page images are not made here: see PreviewStore."""
    directory = campaign_out / PREVIEWS
    digest = file_digest(pdf)
    if (directory / f"{digest}-thumb.png").is_file():
        return None
    directory.mkdir(parents=True, exist_ok=True)
    return render_pdf(pdf, digest, directory, generic=_generic_thumbnail(generic, directory))


def _generic_thumbnail(pdf: Path | None, directory: Path) -> tuple[str, object] | None:
    """The digest and decoded thumbnail of a generic output, if it has one."""
    if pdf is None:
        return None
    from posters.gallery.regions import decoded

    try:
        digest = file_digest(pdf)
        thumb = directory / f"{digest}-thumb.png"
        return digest, decoded(thumb)
    except (OSError, ValueError):
        return None  # not made (yet): the gallery compares the two


def area_against(path: Path) -> str | None:
    """The digest of the generic output an area image's area was found against."""
    value = png_text(path).get(AREA_KEY)
    return value.decode("ascii", "replace") if value else None


def _facts_of(pdf: Path) -> tuple[tuple[float, float, float, float], int]:
    """The first page's trim box and the number of pages, read from the PDF."""
    import pypdfium2

    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        page = None
        try:
            page = document[0]
            return page_trim(page), len(document)
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


TRIM_KEY = b"posters-trim"  # the thumbnail's tEXt chunks, for _adopt: Preview.trim
PAGES_KEY = b"posters-pages"  # and Preview.page_count
AREA_KEY = b"posters-area"  # an area image's: the generic output's digest it was found against


def _save(image, target: Path, trim: tuple[float, float, float, float],  # type: ignore[no-untyped-def]
          pages: int) -> Picture:
    """A thumbnail. It carries the first page's trim box and the number of pages, so
    that the gallery adopting it need not open the PDF again."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    text = {TRIM_KEY: " ".join(repr(v) for v in trim).encode(), PAGES_KEY: b"%d" % pages}
    write_atomic(target, encode_png(image.width, image.height, image.tobytes(), text=text))
    return Picture(target.name, image.width, image.height)


def png_text(path: Path) -> dict[bytes, bytes]:
    """The tEXt chunks before a PNG's image data."""
    with path.open("rb") as handle:
        data = handle.read(512)
    text: dict[bytes, bytes] = {}
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        if kind == b"IDAT" or len(body) < length:
            break
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            text[key] = value
        at += 12 + length
    return text


def png_facts(path: Path) -> tuple[tuple[float, float, float, float], int] | None:
    """The trim box and page count _save wrote into a thumbnail, or None (an older or
    foreign PNG)."""
    text = png_text(path)
    try:
        trim = tuple(float(v) for v in text[TRIM_KEY].split())
        pages = int(text[PAGES_KEY])
    except (KeyError, ValueError):
        return None
    if len(trim) != 4 or not all(0.0 <= v <= 1.0 for v in trim) or pages < 1:
        return None
    return trim, pages  # type: ignore[return-value]


def _save_bitmap(bitmap, target: Path,  # type: ignore[no-untyped-def]
                 text: dict[bytes, bytes] | None = None, fast: bool = False) -> Picture:
    """A PDFium bitmap rendered with rev_byteorder (RGB), encoded from its own memory."""
    if bitmap.mode != "RGB":
        raise ValueError(f"expected an RGB bitmap, got {bitmap.mode}")
    write_atomic(target, encode_png(bitmap.width, bitmap.height, bitmap.buffer,
                                    stride=bitmap.stride, text=text, fast=fast))
    return Picture(target.name, bitmap.width, bitmap.height)


def encode_png(width: int, height: int, rgb, *,  # type: ignore[no-untyped-def]
               stride: int | None = None, text: dict[bytes, bytes] | None = None,
               fast: bool = False) -> bytes:
    """An 8-bit RGB PNG with no row filters, from any buffer of rows ``stride`` bytes apart.

    Pillow tries every PNG filter on every row, which costs 60 ms for a 1400 x 1950
    preview even uncompressed (67 ms at compress_level=1). Unfiltered rows come out
    smaller for posters' flat colours. The deflate is zlib's at level 1: 1.7 ms for a
    thumbnail (level 6: 4 ms, for a file 5 % smaller), and the same bytes for the same
    pixels in every process, which the files a build writes must be (a sharded build
    merges into the same files as one build). ``fast``: ISA-L's at level 1 instead, for
    full-size page images, made when asked for: 5.6 ms for a JIS B2 page where zlib's
    fastest level takes 25 ms; for a thumbnail's small blocks its output was seen to
    differ between two processes for the same pixels (tests/test_shard.py). Rows are
    compressed in blocks straight from the buffer: no full-size copy is made.
    """
    line = width * 3
    stride = stride or line
    view = memoryview(rgb).cast("B")
    if stride < line or len(view) < stride * (height - 1) + line:
        raise ValueError(f"expected {height} rows of {line} bytes of RGB, got {len(view)} bytes")
    compressor = isal_zlib.compressobj(1) if fast else zlib.compressobj(1)
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


@dataclass(frozen=True)
class _Work:
    pdf: Path
    digest: str
    thumbnail: bool  # the thumbnail is missing
    pages: bool  # full-size page images are wanted and missing


def _render_or_fail(work: _Work, directory: Path) -> Preview | PreviewFailure:
    try:
        return render_pdf(work.pdf, work.digest, directory, thumbnail=work.thumbnail,
                          pages=work.pages)
    except Exception as exc:  # a damaged PDF must not stop the gallery
        return PreviewFailure(f"{type(exc).__name__}: {exc}")


# render_pdf's form: (pdf, digest, directory, *, thumbnail, pages) -> Preview
Renderer = Callable[..., Preview]


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
                if not NAME.match(thumb.name):
                    raise ValueError(digest)
                trim = tuple(float(v) for v in entry["trim"])
                pages = entry["pages"]
                if len(trim) != 4 or not isinstance(pages, int) or pages < 1:
                    raise ValueError(digest)
                previews[digest] = Preview(digest, thumb, pages, trim)  # type: ignore[arg-type]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return  # no index or a damaged one: it is only a cache
        self._files = {k: v for k, v in files.items() if isinstance(v, dict)}
        self._previews = previews

    def update(self, pdfs: Sequence[str], jobs: int = 1, renderer: Renderer | None = None,
               *, full: bool = False) -> tuple[dict[str, Preview | PreviewFailure],
                                               PreviewStats]:
        """Previews for these PDFs (paths relative to the campaign folder, existing files):
        a thumbnail of each, and with ``full`` every page's full-size image; render only
        what is not there yet."""
        stats = PreviewStats()
        digests: dict[str, str] = {}
        for rel in pdfs:
            digest = self._digest(rel, stats)
            if digest:
                digests[rel] = digest
        sources = {d: rel for rel, d in sorted(digests.items(), reverse=True)}
        work = []
        for digest in sorted(set(digests.values())):
            preview = self._present(digest, self.root / sources[digest])
            if preview is None or (full and not preview.full):
                work.append(_Work(self.root / sources[digest], digest, preview is None, full))
        if work:
            self.directory.mkdir(parents=True, exist_ok=True)
        failures: dict[str, PreviewFailure] = {}
        for item, result in zip(work, self._render(work, jobs, renderer), strict=True):
            if isinstance(result, Preview):
                self._previews[item.digest] = result
                stats.rendered += 1
                stats.pages += result.page_count if item.pages else 0
            else:
                failures[item.digest] = result
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
            digest = file_digest(self.root / rel)
        except OSError:
            self._files.pop(rel, None)
            return None
        stats.hashed += 1
        self._files[rel] = {**key, "digest": digest}
        return digest

    def _present(self, digest: str, pdf: Path) -> Preview | None:
        """The preview if its thumbnail is on disk, saying whether every page's full-size
        image is too; None if the thumbnail must be rendered."""
        folder = str(self.directory)
        preview = self._previews.get(digest)
        if preview is None or not os.path.isfile(f"{folder}/{preview.thumbnail.name}"):
            preview = self._adopt(digest, pdf)
        if preview is None:
            return None
        full = all(os.path.isfile(f"{folder}/{name}") for name in preview.page_names)
        if full != preview.full:
            preview = self._previews[digest] = replace(preview, full=full)
        return preview

    def _adopt(self, digest: str, pdf: Path) -> Preview | None:
        """Take up a thumbnail another process rendered (``prerender``) but did not index;
        the trim box and page count are read from it (or else from the PDF, unrendered)."""
        thumb = self.directory / f"{digest}-thumb.png"
        try:
            if not thumb.is_file():
                return None
            facts = png_facts(thumb) or _facts_of(pdf)
            preview = Preview(digest, Picture(thumb.name, *png_size(thumb)), facts[1],
                              facts[0])
        except Exception:  # unreadable: rendered again (and the failure said) then
            return None
        self._previews[digest] = preview
        return preview

    def _render(self, work: list[_Work], jobs: int,
                renderer: Renderer | None) -> list[Preview | PreviewFailure]:
        if renderer is not None or jobs <= 1 or len(work) < 3:
            render = renderer or render_pdf
            results: list[Preview | PreviewFailure] = []
            for item in work:
                try:
                    results.append(render(item.pdf, item.digest, self.directory,
                                          thumbnail=item.thumbnail, pages=item.pages))
                except Exception as exc:  # a damaged PDF must not stop the gallery
                    results.append(PreviewFailure(f"{type(exc).__name__}: {exc}"))
            return results
        # imported here: multiprocessing's modules cost a process that renders in it 6 ms
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            return list(pool.map(_render_or_fail, work, [self.directory] * len(work)))

    def page(self, name: str) -> Path | None:
        """The full-size page image ``name`` (``<digest>-p<N>.png``) of a PDF this store
        indexes, rendered now if it is not there yet (``posters serve``: a page image is
        made when it is opened); None if no PDF of the index has that content and page."""
        match = NAME.match(name)
        if match is None or not match.group(2).startswith("p"):
            return None
        target = self.directory / name
        if target.is_file():
            return target
        digest, number = match.group(1), int(match.group(2)[1:])
        preview = self._previews.get(digest)
        if preview is None or number > preview.page_count:
            return None
        for rel, entry in sorted(self._files.items()):
            if entry.get("digest") == digest:
                try:
                    render_page(self.root / rel, digest, number, self.directory)
                except Exception:  # changed since, or damaged: not this content any more
                    continue
                return target
        return None

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
            match = NAME.match(path.name)
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
                             "pages": p.page_count, "trim": list(p.trim)}
                         for d, p in sorted(self._previews.items())},
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        if text != self._saved:
            write_atomic(self.directory / INDEX, text)
            self._saved = text
