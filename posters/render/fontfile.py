"""A ReportLab TrueType face that reads its font file on demand.

ReportLab's ``TTFontFace`` reads the whole file into memory and, in Python, every entry of
its cmap, hmtx and loca tables (30,890 characters and 65,535 glyphs for Noto Sans SC: 130 ms
and tens of megabytes per CJK face) before drawing a glyph. :class:`LazyFace` maps the file
(the page cache holds it, shared with HarfBuzz's own mapping) and answers the same
questions, with the same answers, entry by entry when ReportLab asks them: which glyph a
character has (``charToGlyph``), its width (``charWidths``), a glyph's metrics
(``hmetrics``) and its place in ``glyf`` (``glyphPos``). Subsetting and every PDF object are
still ReportLab's, so the files written are byte for byte the same, but for the name table
a subset copies: the names a PDF's font may need (``essential_names``).

A font whose cmap is not of format 4 or 12, or whose licence forbids subsetting (ReportLab
then embeds it whole and lists every character), is read as ReportLab reads it.
"""

from __future__ import annotations

import mmap
import os
import struct
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from sys import byteorder

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFZCompress
from reportlab.pdfbase.ttfonts import TTFError, TTFontFace, TTFontParser

_U16 = struct.Struct(">H")
_U32 = struct.Struct(">L")


def _words(data, offset: int, count: int, code: str) -> array:
    """``count`` big-endian unsigned integers (``code``: 'H' or 'L') from ``offset``."""
    size = 2 if code == "H" else 4
    out = array(code if array(code).itemsize == size else "I")
    out.frombytes(data[offset: offset + count * size])
    if byteorder == "little":
        out.byteswap()
    return out


class LazyFace(TTFontFace):
    """ReportLab's TrueType face of ``filename`` (subfont 0), read on demand."""

    def __init__(self, filename: str):
        pdfmetrics.TypeFace.__init__(self, None)
        TTFontParser.__init__(self, filename, validate=0, subfontIndex=0)
        self.extractInfo(charInfo=0)  # names, head, OS/2, post, hhea, maxp: a few hundred bytes
        self._copies: dict[tuple[int, int, int], int] = {}  # (glyph, advance, shift) -> copy
        self._copied: dict[int, _Copy] = {}
        cmap = None if self._full_font else _CMap.read(self)
        if cmap is None:
            self.extractInfo(charInfo=1)  # the rare font ReportLab must read whole
            self.hmetrics = _Copied(self.hmetrics, self, advance=True)
            self.glyphPos = _Copied(self.glyphPos, self, advance=False)
            return
        head = self.table["head"]["offset"]
        if _U16.unpack_from(self._map, head + 52)[0] != 0:  # glyphDataFormat
            raise TTFError("Unknown glyph data format")
        if "loca" not in self.table:
            raise TTFError("missing location table")
        hhea = self.table["hhea"]["offset"]
        self.hmetrics = _HMetrics(self, _U16.unpack_from(self._map, hhea + 34)[0])
        self.glyphPos = _Loca(self, _U16.unpack_from(self._map, head + 50)[0])
        self.charToGlyph = cmap
        self.charWidths = _Widths(self)
        self.defaultWidth = self._pdfScale(self.hmetrics[0][0])
        # as ReportLab does: a no-break space is the space
        if 0x20 in cmap:
            cmap[0xA0] = cmap[0x20]
        elif 0xA0 in cmap:
            cmap[0x20] = cmap[0xA0]
        # what was read of the file to get here (its table directory, head, names, post,
        # cmap and hmtx) is let go: drawing reads the cmap and hmtx kept, and only
        # subsetting (and the copies' outlines) the file
        self.release_pages()

    def spacing_copy(self, gid: int, advance: int, shift: int = 0) -> int:
        """The glyph ID, for ReportLab's subsetting, of a copy of glyph ``gid`` whose
        advance in hmtx is ``advance`` font units (a mark the font gives no width, given
        one that the PDF's /W states too: the font program and the widths agree) and whose
        outline is raised by ``shift`` units (drawn that much lower, it inks the same
        place). Unraised, the copy is the glyph's own outline and instructions; raised,
        it is a composite of the glyph, offset. Copies are numbered past the font's
        glyphs, two apart, so that ``glyphPos[copy + 1]`` ends its outline."""
        key = (gid, advance, shift)
        copy = self._copies.get(key)
        if copy is None:
            copy = self.numGlyphs + 1 + 2 * len(self._copies)
            loca = self.glyphPos
            start, end = loca[gid], loca[gid + 1]
            raised = bool(shift) and end > start
            joined = self._copied.get(gid)
            if raised:
                start, end = self._composite(((gid, 0, shift),))
                self._copied[copy] = _Copy(gid, advance, start, end, True)
            elif joined is not None and joined.raised:  # a joined glyph's own composite
                self._copied[copy] = _Copy(gid, advance, start, end, True, None,
                                           joined.parts)
            else:
                self._copied[copy] = _Copy(gid, advance, start, end, False)
            self._copies[key] = copy
        return copy

    def joined(self, parts: tuple[tuple[int, int, int], ...]) -> int:
        """The glyph ID of one glyph that draws ``parts`` (glyph, x, y: each glyph's
        outline offset by x and y font units from the first's origin) with the first
        glyph's advance: an Arabic letter and its dots, which the font draws as glyphs of
        their own, as one glyph that says the letter (textlayer.join_silent_glyphs). A
        composite of the glyphs, numbered as the spacing copies are; the page draws the
        same outlines at the same places."""
        copy = self._copies.get(parts)
        if copy is None:
            copy = self.numGlyphs + 1 + 2 * len(self._copies)
            first = parts[0][0]
            start, end = self._composite(parts)
            glyf = self.table["glyf"]["offset"]
            x_min = struct.unpack_from(">h", self._ttf_data[glyf + start + 2: glyf + start + 4])[0]
            self._copied[copy] = _Copy(first, self.hmetrics[first][0], start, end, True,
                                       x_min & 0xFFFF, len(parts))  # as hmtx holds it
            self._copies[parts] = copy
        return copy

    def _composite(self, parts: tuple[tuple[int, int, int], ...]) -> tuple[int, int]:
        """A composite glyph of ``parts`` (glyph, x, y) made past the glyf table: where
        its outline starts and ends in glyf."""
        glyf = self.table["glyf"]["offset"]
        data = self._ttf_data
        boxes = []
        components = b""
        for n, (gid, dx, dy) in enumerate(parts):
            start, end = self.glyphPos[gid], self.glyphPos[gid + 1]
            if end > start:
                x0, y0, x1, y1 = struct.unpack(">4h", data[glyf + start + 2: glyf + start + 10])
                boxes.append((x0 + dx, y0 + dy, x1 + dx, y1 + dy))
            more = _MORE if n + 1 < len(parts) else 0
            components += struct.pack(">HHhh", _WORDS | _XY | more, gid, dx, dy)
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
               max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else (0, 0, 0, 0)
        composite = struct.pack(">h4h", -1, *box) + components
        if not isinstance(self._ttf_data, _Data):
            self._ttf_data = _Data(self._map)  # the file, then the outlines made
        start = self._ttf_data.append(composite) - glyf
        return start, start + len(composite)

    def makeSubset(self, subset):
        # The same subset (its characters, in order) makes the same font program: the
        # print and screen files of a poster, and regional variants whose extra text
        # comes after a font's last subset was filled, embed the same subsets.
        key = (self, tuple(subset))
        with _subsets_lock:
            kept = _subsets.get(key)
            if kept is not None:
                _subsets.move_to_end(key)
                return kept.program
        copied = self._copied
        composites = [copy for code in subset
                      if (copy := copied.get(self.charToGlyph.get(code, 0))) is not None
                      and copy.raised]
        # the components of the composites made, and how deep they nest (a raised copy
        # of a joined glyph is two levels above the glyphs joined)
        _subsetting.raised = (
            (max(max(c.parts, copied[c.glyph].parts if c.glyph in copied else 1)
                 for c in composites),
             max(1 + (copied[c.glyph].raised if c.glyph in copied else 0)
                 for c in composites)) if composites else None)
        try:
            made = super().makeSubset(subset)
        finally:
            _subsetting.raised = None
            # the outlines just copied are spread over the file (a CJK document's touch
            # most of its 2 MiB pieces: the system maps a file in its cache's pieces):
            # let them go now, not when the task ends
            self.release_pages()
        _keep_subset(key, made)
        return made

    def addSubsetObjects(self, doc, fontname, subset):
        reference = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        with _subsets_lock:
            kept = _subsets.get((self, tuple(subset)))
        if (kept is not None and stream is not None and stream.content is kept.program
                and stream.filters == [PDFZCompress]):
            stream.filters = [kept]  # compressed once, as ReportLab compresses it
        return reference

    def readFile(self, f) -> None:
        if not hasattr(self, "_ttf_data"):
            self.filename = f
            with open(f, "rb") as file:
                self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            self._ttf_data = self._map
            _mapped_files.add(os.path.realpath(f))  # as /proc/self/maps names it
        self._pos = 0

    def release_pages(self) -> None:
        """Unmap the pages of the file read so far; they are mapped again, from the
        system's file cache, when next read. The outlines a document's text touched
        (with the kernel's read-around, some 4 MiB of a CJK font) count in the process's
        memory until then."""
        if hasattr(mmap, "MADV_DONTNEED"):
            self._map.madvise(mmap.MADV_DONTNEED)

    def get_table(self, tag):
        raised = getattr(_subsetting, "raised", None)
        if tag == "maxp" and raised:
            # raised copies are composites one level above their glyph, joined glyphs
            # composites of several
            parts, levels = raised
            maxp = bytearray(super().get_table(tag))
            if len(maxp) >= 32:
                points, contours = struct.unpack_from(">HH", maxp, 6)
                composite_points, composite_contours = struct.unpack_from(">HH", maxp, 10)
                elements, depth = struct.unpack_from(">HH", maxp, 28)
                struct.pack_into(">HH", maxp, 10,
                                 min(0xFFFF, parts * max(points, composite_points)),
                                 min(0xFFFF, parts * max(contours, composite_contours)))
                struct.pack_into(">HH", maxp, 28, max(elements, parts), depth + levels)
            return bytes(maxp)
        if tag == "glyf":  # read glyph by glyph when subsetting, never copied whole
            return _Slice(self._ttf_data, self.get_table_pos(tag)[0])
        if tag == "name":  # ReportLab copies it into every subset
            return essential_names(super().get_table(tag))
        return super().get_table(tag)


# The font files LazyFaces have mapped in this process (release_mapped_files).
_mapped_files: set[str] = set()


def release_mapped_files() -> int:
    """Let go of the resident pages of every mapping in this process of a font file a
    LazyFace has read: the face's own and HarfBuzz's (the text engine's and the drawing
    font's hb.Face map the same file, and keep every page they touched: a CJK font's
    glyph extents, looked up by drawing, spread over all of its file). Every such mapping
    is read-only, so its pages are read again from the system's file cache when next
    touched. The KiB released.

    Only where no other thread can unmap such a mapping while this runs (its address
    could then be given to other memory): a worker process between its tasks."""
    if not _mapped_files or not hasattr(mmap, "MADV_DONTNEED"):
        return 0
    try:
        with open("/proc/self/maps", "rb") as maps:
            listing = maps.read().decode("utf-8", "surrogateescape")
    except OSError:
        return 0
    ranges = []
    for line in listing.splitlines():
        fields = line.split(maxsplit=5)
        # read-only, never written (a private mapping made writable once may hold
        # changed pages, which DONTNEED would throw away)
        if len(fields) == 6 and fields[1][:2] == "r-" and fields[5] in _mapped_files:
            start, end = (int(x, 16) for x in fields[0].split("-"))
            ranges.append((start, end - start))
    if not ranges:
        return 0
    import ctypes

    madvise = ctypes.CDLL(None, use_errno=True).madvise
    madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    released = 0
    for start, length in ranges:
        if madvise(start, length, mmap.MADV_DONTNEED) == 0:
            released += length >> 10
    return released


_NAME_RECORD = struct.Struct(">6H")
# Kept in a subset's name table: copyright (0), family, style, unique, full and PostScript
# names (1-4, 6), version (5), trademark (7), manufacturer and designer (8, 9), their URLs
# (11, 12), licence and its URL (13, 14). Left out: the description (10, up to 400 bytes of
# prose in Noto's CJK faces), the typographic and other names (15-25) no PDF reader asks
# for, and the names of variation axes, features and instances (256 and up: a subset has no
# fvar, STAT or GSUB to use them).
_KEPT_NAMES = frozenset((*range(10), 11, 12, 13, 14))


def essential_names(table: bytes) -> bytes:
    """The ``name`` table with the names in _KEPT_NAMES only (and no language-tag records),
    its strings stored once each: Noto Sans's 26 names become 15, Noto Sans SC's 16 become
    15, 150 to 200 compressed bytes less in each subset (#20)."""
    if len(table) < 6:
        return table
    count, storage = _U16.unpack_from(table, 2)[0], _U16.unpack_from(table, 4)[0]
    if len(table) < 6 + count * _NAME_RECORD.size:
        return table
    records, strings, placed = [], bytearray(), {}
    for index in range(count):
        platform, encoding, language, name_id, length, offset = _NAME_RECORD.unpack_from(
            table, 6 + index * _NAME_RECORD.size)
        if name_id not in _KEPT_NAMES or language >= 0x8000:
            continue
        text = bytes(table[storage + offset: storage + offset + length])
        if len(text) != length:
            return table
        at = placed.get(text)
        if at is None:
            at = placed[text] = len(strings)
            strings += text
        records.append(_NAME_RECORD.pack(platform, encoding, language, name_id, length, at))
    if len(records) == count:
        return table
    head = struct.pack(">3H", 0, len(records), 6 + len(records) * _NAME_RECORD.size)
    return head + b"".join(records) + bytes(strings)


# composite flags: ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES, MORE_COMPONENTS
_WORDS, _XY, _MORE = 0x0001, 0x0002, 0x0020


@dataclass(frozen=True)
class _Copy:
    glyph: int
    advance: int
    start: int  # its outline in glyf (past the table's end: a composite made for it)
    end: int
    raised: bool  # a composite of the glyph, offset up or down (or of several: joined)
    lsb: int | None = None  # its left side bearing where not the glyph's (joined)
    parts: int = 1  # the composite's components


# whether the subset ReportLab is making holds a raised copy (its maxp then allows for it)
_subsetting = threading.local()

# Font programs of subsets made, by (face, characters): least recently used first out,
# within a number of entries and of bytes (a CJK subset is a few hundred kilobytes).
_SUBSETS_KEPT = 48
_SUBSET_BYTES_KEPT = 6 << 20
_subsets: OrderedDict[tuple[LazyFace, tuple[int, ...]], _KeptSubset] = OrderedDict()
_subsets_lock = threading.Lock()
_subsets_size = [0]


class _KeptSubset:
    """A subset's font program, and the filter that compresses it for a PDF stream as
    ReportLab's Flate filter does (zlib at the finished file's level:
    posters.render.settings), once."""

    pdfname = PDFZCompress.pdfname

    def __init__(self, key: tuple[LazyFace, tuple[int, ...]], program: bytes) -> None:
        self.key, self.program = key, program
        self.compressed: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.program) + len(self.compressed or b"")

    def encode(self, content: bytes) -> bytes:
        if content is not self.program:
            return PDFZCompress.encode(content)
        if self.compressed is None:
            compressed = PDFZCompress.encode(content)
            with _subsets_lock:
                self.compressed = compressed
                if _subsets.get(self.key) is self:
                    _subsets_size[0] += len(compressed)
                    _trim_subsets()
        return self.compressed

    def decode(self, encoded: bytes) -> bytes:
        return PDFZCompress.decode(encoded)


def _keep_subset(key: tuple[LazyFace, tuple[int, ...]], made: bytes) -> None:
    with _subsets_lock:
        if key in _subsets:
            return
        kept = _subsets[key] = _KeptSubset(key, made)
        _subsets_size[0] += kept.size
        _trim_subsets()


def _trim_subsets() -> None:
    while _subsets and (len(_subsets) > _SUBSETS_KEPT
                        or _subsets_size[0] > _SUBSET_BYTES_KEPT):
        _, dropped = _subsets.popitem(last=False)
        _subsets_size[0] -= dropped.size


class _Data:
    """The mapped file as ReportLab reads it (slices and bytes), followed by the outlines
    made for raised copies (once a font has one)."""

    def __init__(self, mapped: mmap.mmap):
        self.mapped, self.size, self.extra = mapped, len(mapped), bytearray()

    def __len__(self) -> int:
        return self.size + len(self.extra)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.mapped[index] if index < self.size else self.extra[index - self.size]
        lo, hi, _ = index.indices(len(self))
        if hi <= self.size:
            return self.mapped[lo:hi]
        head = self.mapped[lo:self.size] if lo < self.size else b""
        return head + bytes(self.extra[max(lo - self.size, 0): hi - self.size])

    def append(self, data: bytes) -> int:
        """Add ``data`` past the file's end; its offset."""
        offset = len(self)
        self.extra += data
        return offset


class _Slice:
    """The glyf table (and the outlines made past it) as bytes when sliced."""

    def __init__(self, data, start: int):
        self.data, self.start = data, start

    def __getitem__(self, index: slice) -> bytes:
        return self.data[self.start + index.start: self.start + index.stop]


class _LazyMap:
    """A read-only dict look-alike for ReportLab whose values are found one key at a time
    (``_find``: the value, or None where the key has none)."""

    def _find(self, key: int):
        raise NotImplementedError

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self._find(key) is not None

    def __getitem__(self, key: int):
        value = self._find(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: int, default=None):
        value = self._find(key)
        return default if value is None else value


class _CMap(_LazyMap):
    """ReportLab's character -> glyph mapping, looked up in the cmap subtable ReportLab
    chooses (the last Unicode one listed), with the same answers: a character inside a
    format 4 segment is mapped even when its glyph is 0. Characters set by the drawing
    code (key code points of MappedTTFont) are kept apart."""

    def __init__(self):
        self.extra: dict[int, int] = {}
        self.found: dict[int, int | None] = {}

    @classmethod
    def read(cls, face: LazyFace) -> _CMap | None:
        data = face._map
        base = face.table["cmap"]["offset"]
        version, count = struct.unpack_from(">HH", data, base)
        if count == 0 and version != 0:
            count = version
        chosen, enc = None, 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, base + 4 + 8 * n)
            if platform == 3 or (platform == 1 and encoding == 1) or (
                    platform == 0 and encoding != 5):
                enc, chosen = 1, offset
            elif platform == 1 and encoding == 0 and enc != 1:
                enc, chosen = 2, offset
        if chosen is None:
            raise TTFError("could not find a suitable cmap encoding")
        at = base + chosen
        fmt = _U16.unpack_from(data, at)[0]
        if fmt == 4:
            return _Format4(data, at)
        if fmt == 12:
            return _Format12(data, at)
        return None

    def glyph(self, cp: int) -> int | None:
        raise NotImplementedError

    def _find(self, cp: int) -> int | None:
        if cp in self.extra:
            return self.extra[cp]
        try:
            return self.found[cp]
        except KeyError:
            gid = self.found[cp] = self.glyph(cp)
            return gid

    def __setitem__(self, cp: int, gid: int) -> None:
        self.extra[cp] = gid

    def __iter__(self) -> Iterator[int]:
        raise TypeError("a lazily read cmap is not listed")


class _Format4(_CMap):
    def __init__(self, data, at: int):
        super().__init__()
        length = _U16.unpack_from(data, at + 2)[0]
        segments = _U16.unpack_from(data, at + 6)[0] // 2
        # the subtable's bytes (and the one after it, which a glyph ID at its very end
        # reads), kept: looking a character up does not touch the file's pages
        data = bytes(data[at: at + max(length + 1, 16 + 8 * segments)])
        at = 0
        self.data = data
        self.limit = length
        self.ends = _words(data, at + 14, segments, "H")
        self.starts = _words(data, at + 16 + 2 * segments, segments, "H")
        self.deltas = _words(data, at + 16 + 4 * segments, segments, "H")
        self.range_at = at + 16 + 6 * segments
        self.ranges = _words(data, self.range_at, segments, "H")

    def glyph(self, cp: int) -> int | None:
        n = bisect_left(self.ends, cp)
        if n >= len(self.ends) or cp < self.starts[n]:
            return None
        if self.ranges[n] == 0:
            return (cp + self.deltas[n]) & 0xFFFF
        offset = self.range_at + 2 * n + (cp - self.starts[n]) * 2 + self.ranges[n]
        if offset >= self.limit:
            return 0  # as ReportLab does for broken fonts
        gid = _U16.unpack_from(self.data, offset)[0]
        return (gid + self.deltas[n]) & 0xFFFF if gid else 0


class _Format12(_CMap):
    def __init__(self, data, at: int):
        super().__init__()
        groups = _U32.unpack_from(data, at + 12)[0]
        words = _words(data, at + 16, 3 * groups, "L")
        self.starts = words[0::3]
        self.ends = words[1::3]
        self.glyphs = words[2::3]

    def glyph(self, cp: int) -> int | None:
        n = bisect_right(self.starts, cp) - 1
        if n < 0 or cp > self.ends[n]:
            return None
        return cp - self.starts[n] + self.glyphs[n]


class _Copied:
    """hmtx (``advance``) or loca read whole by ReportLab, with the spacing copies."""

    def __init__(self, base, face: LazyFace, advance: bool):
        self.base, self.face, self.advance = base, face, advance

    def __len__(self) -> int:
        return len(self.base)

    def __getitem__(self, gid: int):
        if gid < len(self.base):
            return self.base[gid]
        copied = self.face._copied
        if self.advance:
            copy = copied[gid]
            return copy.advance, self[copy.glyph][1] if copy.lsb is None else copy.lsb
        return copied[gid].start if gid in copied else copied[gid - 1].end

    def __iter__(self):
        return (self[g] for g in range(len(self)))


class _HMetrics:
    """(advance, left side bearing) of a glyph, as ReportLab reads hmtx."""

    def __init__(self, face: LazyFace, full: int):
        if full == 0:
            raise TTFError("Number of horizontal metrics is 0")
        self.full, self.count = full, face.numGlyphs
        # the table's bytes that glyphs' metrics are read from, kept (a CJK font's: 120
        # KiB): drawing asks for widths all along, and reading them from the file would
        # keep the piece of it that holds hmtx (up to 2 MiB) mapped while it draws
        at = face.table["hmtx"]["offset"]
        self.data = bytes(face._map[at: at + 4 * full + 2 * max(self.count - full, 0)])
        self.at = 0
        self.last = _U16.unpack_from(self.data, self.at + 4 * (full - 1))[0]
        self.copied = face._copied

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, gid: int) -> tuple[int, int]:
        if gid >= self.count and gid in self.copied:
            copy = self.copied[gid]
            return copy.advance, self[copy.glyph][1] if copy.lsb is None else copy.lsb
        if not 0 <= gid < self.count:
            raise IndexError(gid)
        if gid < self.full:
            return struct.unpack_from(">HH", self.data, self.at + 4 * gid)
        return self.last, _U16.unpack_from(self.data, self.at + 4 * self.full
                                           + 2 * (gid - self.full))[0]


class _Loca:
    """Where each glyph starts in glyf, as ReportLab reads loca."""

    def __init__(self, face: LazyFace, long: int):
        if long not in (0, 1):
            raise TTFError(f"Unknown location table format ({long})")
        self.long, self.count = long, face.numGlyphs + 1
        # kept, as hmtx is: drawing asks where a glyph is for its spacing copies
        at = face.table["loca"]["offset"]
        self.data = bytes(face._map[at: at + (4 if long else 2) * self.count])
        self.at = 0
        self.copied = face._copied

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, gid: int) -> int:
        if gid >= self.count:
            copied = self.copied
            if gid in copied:
                return copied[gid].start
            if gid - 1 in copied:
                return copied[gid - 1].end  # where the copied outline ends
        if not 0 <= gid < self.count:
            raise IndexError(gid)
        if self.long:
            return _U32.unpack_from(self.data, self.at + 4 * gid)[0]
        return _U16.unpack_from(self.data, self.at + 2 * gid)[0] << 1


class _Widths(_LazyMap):
    """A character's width in the PDF (1000 units per em), as ReportLab computes it: the
    hmtx advance of its glyph, scaled; characters whose glyph the font lacks have none."""

    def __init__(self, face: LazyFace):
        self.face = face
        self.known: dict[int, float] = {}

    def _find(self, cp: int) -> float | None:
        width = self.known.get(cp)
        if width is None:
            face = self.face
            gid = face.charToGlyph.get(cp)
            if gid is None or gid >= face.numGlyphs:
                return None
            width = self.known[cp] = face._pdfScale(face.hmetrics[gid][0])
        return width

    def __setitem__(self, cp: int, width: float) -> None:
        self.known[cp] = width

