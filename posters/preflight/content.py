"""A small PDF content-stream interpreter: what each page draws, where, in which colour space.

It follows the graphics and text state well enough to place text runs and images on the
page (fonts' widths, text and transformation matrices, form XObjects, tiling patterns,
annotation appearances) and to record every colour space a painting operator uses. The
checks work on the events it produces, not on the PDF.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

import pikepdf
from pikepdf import Name

from posters.print.overprint import is_thin
from posters.text.lru import BoundedCache

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BBox = tuple[float, float, float, float]


def mat_mul(m1: Matrix, m2: Matrix) -> Matrix:
    """m1 then m2 (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def transform_bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> BBox:
    # apply() on the four corners, written out: once per text run
    a, b, c, d, e, f = m
    ax0, ax1, cy0, cy1 = a * x0, a * x1, c * y0, c * y1
    bx0, bx1, dy0, dy1 = b * x0, b * x1, d * y0, d * y1
    xs = (ax0 + cy0 + e, ax1 + cy0 + e, ax0 + cy1 + e, ax1 + cy1 + e)
    ys = (bx0 + dy0 + f, bx1 + dy0 + f, bx0 + dy1 + f, bx1 + dy1 + f)
    return min(xs), min(ys), max(xs), max(ys)


class TextRun(NamedTuple):
    """One text-showing operator: the codes it draws, their text, and where the ink can be.
    A named tuple, immutable like the other records here but made six times faster than a
    frozen dataclass: a right-to-left page shows its text glyph by glyph, 1,600 runs."""

    page: int
    font: str  # "/F1 (AAAAAA+NotoSans-Regular)"
    codes: tuple[int, ...]
    notdef_codes: tuple[int, ...]  # codes that draw the font's .notdef glyph
    text: str
    actual_text: str | None  # /Span /ActualText of the marked content around the run
    span: int | None  # identifies that marked-content sequence: one ActualText, many runs
    bbox: BBox  # in default user space (points)
    start: tuple[float, float]
    end: tuple[float, float]
    size: float  # effective font size on the page
    where: str  # "content", "form /Fm0", "annotation 2 (Link)"
    fill_space: str = "DeviceGray"
    fill: tuple[float, ...] | None = None  # the fill colour's components, when numeric
    overprint: bool = False  # fill overprint on (op) with OPM 1


@dataclass(frozen=True)
class StrokeUse:
    page: int
    space: str
    colour: tuple[float, ...] | None
    width: float  # in points on the page
    overprint: bool  # stroke overprint on (OP) with OPM 1
    where: str


class ColourUse(NamedTuple):  # one per painting or text-showing operator (see TextRun)
    page: int
    operator: str
    space: str  # "DeviceRGB", "DeviceCMYK", "ICCBased RGB", "Separation All (DeviceCMYK)", ...
    where: str


@dataclass(frozen=True)
class ImageUse:
    page: int
    name: str
    width_px: int
    height_px: int
    ctm: Matrix
    space: str
    bits: int
    is_mask: bool
    where: str

    @property
    def placed_size_pt(self) -> tuple[float, float]:
        a, b, c, d, _, _ = self.ctm
        return (a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5

    @property
    def effective_ppi(self) -> float:
        w_pt, h_pt = self.placed_size_pt
        if w_pt <= 0 or h_pt <= 0:
            return float("inf")
        return min(self.width_px / (w_pt / 72.0), self.height_px / (h_pt / 72.0))


@dataclass
class PageContent:
    number: int
    runs: list[TextRun] = field(default_factory=list)
    colours: list[ColourUse] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)
    strokes: list[StrokeUse] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    syntax: list[str] = field(default_factory=list)  # operators in the wrong state
    # (index in runs, segment) for each remembered segment given back: its runs are there
    replayed: list[tuple[int, _Segment]] = field(default_factory=list, repr=False,
                                                 compare=False)


# ---------------------------------------------------------------------------- colour spaces

_DEVICE = {"DeviceRGB", "DeviceCMYK", "DeviceGray", "Pattern"}
_INLINE_ABBREV = {"RGB": "DeviceRGB", "CMYK": "DeviceCMYK", "G": "DeviceGray", "I": "Indexed"}


def describe_space(space, resources: pikepdf.Dictionary | None) -> str:
    """A readable name for a colour space object or resource name, resolving through
    ICC component counts, Indexed bases and Separation/DeviceN alternates."""
    if isinstance(space, Name | PdfName):
        name = str(space)[1:]
        name = _INLINE_ABBREV.get(name, name)
        if name in _DEVICE or name in ("CalRGB", "CalGray", "Lab"):
            return name
        cs_dict = resources.get("/ColorSpace") if resources is not None else None
        if cs_dict is not None and space in cs_dict:
            return describe_space(cs_dict[space], None)
        return f"unknown /{name}"
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])[1:]
        family = _INLINE_ABBREV.get(family, family)
        if family == "ICCBased":
            n = int(space[1].get("/N", 0))
            return {1: "ICCBased Gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}.get(n, "ICCBased")
        if family == "Indexed":
            return f"Indexed ({describe_space(space[1], resources)})"
        if family == "Separation":
            return f"Separation {str(space[1])[1:]} ({describe_space(space[2], resources)})"
        if family == "DeviceN":
            return f"DeviceN ({describe_space(space[2], resources)})"
        if family == "Pattern":
            return "Pattern" if len(space) == 1 else f"Pattern ({describe_space(space[1], None)})"
        if family in ("CalRGB", "CalGray", "Lab"):
            return family
        return family
    return "unknown"


def is_rgb(space: str) -> bool:
    return "DeviceRGB" in space or "CalRGB" in space or "ICCBased RGB" in space


# ------------------------------------------------------------------------------------ fonts

_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(begin|end)(bfchar|bfrange)")


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap."""
    if b"bfrange" not in data:
        sections = _BFCHAR.findall(data)
        if not any(b"[" in section or b"]" in section for section in sections):
            # only bfchar pairs (what ReportLab writes): read pair by pair, a third of the
            # time of the general reader below, with the same result
            mapping: dict[int, str] = {}
            for section in sections:
                tokens = _HEX.findall(section)
                for code, text in zip(tokens[0::2], tokens[1::2], strict=False):
                    mapping[_hex_code(code)] = _hex_text(text)
            return mapping
    return _parse_to_unicode(data)


def _hex_code(digits: bytes) -> int:
    if len(digits) in (2, 4) and _PLAIN_HEX.fullmatch(digits):
        return int(digits, 16)
    return int.from_bytes(bytes.fromhex(digits.decode()), "big")


def _hex_text(digits: bytes) -> str:
    if len(digits) == 4 and _PLAIN_HEX.fullmatch(digits):
        value = int(digits, 16)
        if not 0xD800 <= value < 0xE000:  # a lone surrogate is U+FFFD, as decoded below
            return chr(value)
    return bytes.fromhex(digits.decode()).decode("utf-16-be", errors="replace")


_PLAIN_HEX = re.compile(rb"[0-9A-Fa-f]+")


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    tokens = list(_CMAP_TOKEN.finditer(data))
    i = 0

    def hexval(m: re.Match) -> bytes:
        return bytes.fromhex(re.sub(rb"\s", b"", m.group(1)).decode())

    def utf16(raw: bytes) -> str:
        return raw.decode("utf-16-be", errors="replace")

    mode = None
    while i < len(tokens):
        t = tokens[i]
        if t.group(4):
            mode = t.group(5) if t.group(4) == b"begin" else None
            i += 1
            continue
        if mode == b"bfchar" and t.group(1) is not None and i + 1 < len(tokens):
            mapping[int.from_bytes(hexval(t), "big")] = utf16(hexval(tokens[i + 1]))
            i += 2
            continue
        if mode == b"bfrange" and t.group(1) is not None and i + 2 < len(tokens):
            lo = int.from_bytes(hexval(t), "big")
            hi = int.from_bytes(hexval(tokens[i + 1]), "big")
            dst = tokens[i + 2]
            if dst.group(2):  # array of destinations
                j = i + 3
                code = lo
                while j < len(tokens) and not tokens[j].group(3):
                    mapping[code] = utf16(hexval(tokens[j]))
                    code += 1
                    j += 1
                i = j + 1
            else:
                base = hexval(dst)
                for k, code in enumerate(range(lo, min(hi, lo + 65535) + 1)):
                    value = int.from_bytes(base, "big") + k
                    mapping[code] = utf16(value.to_bytes(max(len(base), 2), "big"))
                i += 3
            continue
        i += 1
    return mapping


_CMAPS_READ: dict[bytes, dict[int, str]] = {}


def to_unicode_of(data: bytes) -> dict[int, str]:
    """parse_to_unicode, cached by content like font_program (the regional variants of an
    output embed the same subsets). The mapping is shared: read it, never change it."""
    if data not in _CMAPS_READ:
        if len(_CMAPS_READ) >= _PROGRAMS_KEPT:
            _CMAPS_READ.pop(next(iter(_CMAPS_READ)))
        _CMAPS_READ[data] = parse_to_unicode(data)
    return _CMAPS_READ[data]


@dataclass(frozen=True)
class FontProgram:
    """What the checks read from an embedded TrueType program."""

    glyph_count: int
    notdef_codes: frozenset[int] | None  # simple fonts: the codes its cmap leaves on .notdef
    ink: dict[int, tuple[float, float]]  # simple fonts: code -> (yMin, yMax) in em


_PROGRAMS: dict[bytes, FontProgram | None] = {}
_PROGRAMS_KEPT = 64  # and CMaps: a worker checks a few fonts at a time


def font_program(data: bytes, key: bytes | None = None) -> FontProgram | None:
    """The program's facts, cached by content (``key``: its SHA-256, when known): the
    region variants of a document embed many identical subsets, and a build worker checks
    them one after the other."""
    key = key or hashlib.sha256(data).digest()
    if key not in _PROGRAMS:
        if len(_PROGRAMS) >= _PROGRAMS_KEPT:
            _PROGRAMS.pop(next(iter(_PROGRAMS)))
        _PROGRAMS[key] = _read_program(data)
    return _PROGRAMS[key]


def _read_program(data: bytes) -> FontProgram | None:
    try:
        return _read_simple_program(data)
    except (struct.error, ValueError, KeyError, IndexError):
        return _read_program_with_fonttools(data)


_CMAPS = ((3, 0), (1, 0), (3, 1))  # the subtables a simple font's codes are looked up in


def _read_simple_program(data: bytes) -> FontProgram:
    """What _read_program_with_fonttools reads, straight from the tables (a tenth of the
    time): the subsets ReportLab embeds have a format 6 (or 0) cmap. Raises ValueError
    for anything else (other cmap formats), read then by fontTools."""
    tables = {}
    count = struct.unpack_from(">H", data, 4)[0]
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if offset + length > len(data):
            raise ValueError(f"table {tag!r} beyond the end of the font")
        tables[tag] = (offset, length)
    glyph_count = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)[0]
    head = tables[b"head"][0]
    units = struct.unpack_from(">H", data, head + 18)[0]
    long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
    cmap_at = tables[b"cmap"][0]
    cmap: dict[int, int] = {}
    subtables = struct.unpack_from(">H", data, cmap_at + 2)[0]
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap_at + 4 + 8 * i)
        if (platform, encoding) not in _CMAPS:
            continue
        at = cmap_at + offset
        kind = struct.unpack_from(">H", data, at)[0]
        if kind == 0:
            first, gids = 0, data[at + 6:at + 6 + 256]
            if len(gids) != 256:
                raise ValueError("short cmap format 0")
        elif kind == 6:
            first, entries = struct.unpack_from(">HH", data, at + 6)
            gids = struct.unpack_from(f">{entries}H", data, at + 10)
        else:
            raise ValueError(f"cmap format {kind}")
        for k, gid in enumerate(gids):
            if gid:  # a code on glyph 0 is not mapped at all (as fontTools reads it)
                code = first + k
                cmap.setdefault(code & 0xFF if code >= 0xF000 else code, gid)
    notdef_codes = frozenset(code for code in range(256) if cmap.get(code, 0) == 0)
    loca_at, loca_length = tables[b"loca"]
    width, kind = (4, "L") if long_loca else (2, "H")
    loca = struct.unpack_from(f">{loca_length // width}{kind}", data, loca_at)
    scale = 1 if long_loca else 2
    glyf = tables[b"glyf"][0]
    ink = {}
    for code, gid in cmap.items():
        if gid >= glyph_count or gid + 1 >= len(loca):
            continue
        start, end = loca[gid] * scale, loca[gid + 1] * scale
        if end - start < 10:
            continue  # an empty glyph: no ink
        contours, _, y_min, _, y_max = struct.unpack_from(">hhhhh", data, glyf + start)
        if contours:
            ink[code] = (y_min / units, y_max / units)
    return FontProgram(glyph_count, notdef_codes, ink)


def _read_program_with_fonttools(data: bytes) -> FontProgram | None:
    from fontTools.ttLib import TTFont

    try:
        tt = TTFont(io.BytesIO(data), lazy=True)
        glyph_count = tt["maxp"].numGlyphs
    except Exception:
        return None
    try:
        cmap: dict[int, str] = {}
        for table in tt["cmap"].tables:
            if (table.platformID, table.platEncID) in ((3, 0), (1, 0), (3, 1)):
                for code, glyph in table.cmap.items():
                    cmap.setdefault(code & 0xFF if code >= 0xF000 else code, glyph)
        order = tt.getGlyphOrder()
    except Exception:
        return FontProgram(glyph_count, None, {})
    notdef = order[0] if order else ".notdef"
    notdef_codes = frozenset(
        code for code in range(256) if cmap.get(code, notdef) in (notdef, ".notdef"))
    return FontProgram(glyph_count, notdef_codes, _glyph_ink(tt, cmap))


def _glyph_ink(tt, cmap: dict[int, str]) -> dict[int, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """yMin and yMax from each glyph's header: the outlines themselves are not decoded."""
    try:
        units = tt["head"].unitsPerEm
        glyphs = tt["glyf"].glyphs
    except Exception:
        return {}
    extents = {}
    for code, name in cmap.items():
        glyph = glyphs.get(name)
        data = getattr(glyph, "data", None)
        if data is not None:
            if len(data) < 10:
                continue  # an empty glyph: no ink
            contours, _, y_min, _, y_max = struct.unpack(">hhhhh", data[:10])
        elif glyph is not None and getattr(glyph, "numberOfContours", 0):
            contours, y_min, y_max = glyph.numberOfContours, glyph.yMin, glyph.yMax
        else:
            continue
        if contours:
            extents[code] = (y_min / units, y_max / units)
    return extents


class _FontCaches:
    """What is read of a font as the pages show it, kept for every font with the same
    facts (FontInfo._facts): the print and screen files of an output, and most of its
    regional variants, embed the same subsets."""

    __slots__ = ("ink_of", "measured", "notdef_codes", "placed", "shown")

    def __init__(self) -> None:
        self.shown: dict[bytes, Shown] = {}
        self.ink_of: dict[tuple[int, ...], tuple[float, float] | None] = {}
        # (a Tj's string or a TJ's items, size, char and word spacing, scale, rise) ->
        # what Interpreter._show measures of it
        self.measured: dict[tuple, Measured] = {}
        # (a glyph's string, size, rise, (char and word spacing, scale, the ctm's a b c
        # d)) -> what Interpreter._placed works out of it
        self.placed: dict[tuple, tuple] = {}
        self.notdef_codes: frozenset[int] | None = None


# Bounded, for a batch of thousands of leaflets: fonts kept, entries per cache (an entry
# a few hundred bytes: at most 8 x 3 x 1,024 entries, under 10 MB; a poster's font fills
# a few hundred)
_FONTS_KEPT = 8
_FONT_CACHE_KEPT = 1024
_FONT_CACHES: dict[tuple, _FontCaches] = {}


def _font_caches(facts: tuple) -> _FontCaches:
    found = _FONT_CACHES.get(facts)
    if found is None:
        if len(_FONT_CACHES) >= _FONTS_KEPT:
            _FONT_CACHES.pop(next(iter(_FONT_CACHES)))
        found = _FONT_CACHES[facts] = _FontCaches()
    return found


class Shown(NamedTuple):
    """One string operand in one font: its codes, their text, their widths (in text space
    units per unit of font size) and which are single-byte spaces (word spacing)."""

    codes: tuple[int, ...]
    text: str
    widths: tuple[float, ...]
    spaces: tuple[bool, ...]


class FontInfo:
    """What the checks need to know about one font dictionary."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.font = font
        self.subtype = str(font.get("/Subtype", "/Unknown"))[1:]
        self.base_font = str(font.get("/BaseFont", "/unnamed"))[1:]
        self.two_byte = self.subtype == "Type0"
        self.descendant = font.DescendantFonts[0] if self.two_byte else None
        self.descriptor = (self.descendant or font).get("/FontDescriptor")
        cmap = font.ToUnicode.read_bytes() if "/ToUnicode" in font else None
        self.to_unicode = to_unicode_of(cmap) if cmap is not None else {}
        self._widths = self._read_widths()
        desc = self.descriptor
        self.ascent = float(desc.get("/Ascent", 800)) / 1000 if desc is not None else 0.8
        self.descent = float(desc.get("/Descent", -200)) / 1000 if desc is not None else -0.2
        if self.ascent <= self.descent:
            self.ascent, self.descent = 0.8, -0.2
        ff = self.font_file
        self._program_data = ff.read_bytes() if ff is not None \
            and "/FontFile2" in self.descriptor else None
        self._program_key = hashlib.sha256(self._program_data).digest() \
            if self._program_data is not None else None
        self._code_facts: dict[int, tuple] = {}
        facts = self._facts(cmap)
        self.identity = hashlib.sha256(repr(facts).encode()).digest()  # SEGMENTS' name for it
        caches = _font_caches(facts)
        self._shown, self._ink_of, self.measured = caches.shown, caches.ink_of, caches.measured
        self.placed = caches.placed
        self._caches = caches

    def code_facts(self, code: int) -> tuple:
        """All that showing this code reads of the font (_measure), floats as their bits;
        code -1: what showing any code reads (two fonts agreeing on these for a segment's
        codes draw it alike: SEGMENTS; the regional variants of an output embed subsets
        that differ by the glyphs of their local contacts only)."""
        found = self._code_facts.get(code)
        if found is None:
            found = self._code_facts[code] = (
                (self.two_byte, _bits(self.ascent, self.descent), bool(self._ink))
                if code < 0 else (_bits(self.width(code)), self.decode(code),
                                  self._ink.get(code), code in self.notdef_codes))
        return found

    def _facts(self, cmap: bytes | None) -> tuple:
        """Everything what this font shows, and how wide and high, follows from: its
        program, ToUnicode CMap, widths, CIDToGIDMap and descriptor's metrics."""
        cid_map = self.descendant.get("/CIDToGIDMap", Name.Identity) if self.two_byte else None
        return (self.subtype, self._program_key,
                hashlib.sha256(cmap).digest() if cmap is not None else None,
                hashlib.sha256(cid_map.read_bytes()).digest()
                if isinstance(cid_map, pikepdf.Stream) else str(cid_map),
                tuple(self._widths.items()),
                float(self.descendant.get("/DW", 1000)) if self.two_byte else None,
                self.ascent, self.descent)

    @property
    def font_file(self) -> pikepdf.Stream | None:
        if self.descriptor is None:
            return None
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if key in self.descriptor:
                return self.descriptor[key]
        return None

    @property
    def embedded(self) -> bool:
        return self.subtype == "Type3" or self.font_file is not None

    @property
    def subset(self) -> bool:
        return re.match(r"^[A-Z]{6}\+", self.base_font) is not None

    def _read_widths(self) -> dict[int, float]:
        widths: dict[int, float] = {}
        if self.two_byte:
            w = self.descendant.get("/W", [])
            i = 0
            while i < len(w):
                first = int(w[i])
                if isinstance(w[i + 1], pikepdf.Array):
                    for k, value in enumerate(w[i + 1]):
                        widths[first + k] = float(value)
                    i += 2
                else:
                    last, value = int(w[i + 1]), float(w[i + 2])
                    for code in range(first, last + 1):
                        widths[code] = value
                    i += 3
        elif "/Widths" in self.font:
            first = int(self.font.get("/FirstChar", 0))
            for k, value in enumerate(self.font.Widths):
                widths[first + k] = float(value)
        return widths

    def width(self, code: int) -> float:
        if code in self._widths:
            return self._widths[code] / 1000
        if self.two_byte:
            return float(self.descendant.get("/DW", 1000)) / 1000
        return 0.5  # standard 14 font without /Widths: a rough average advance

    def shown(self, raw: bytes) -> Shown:
        """What one string operand shows, read once per font: a right-to-left page shows
        the same few glyphs, one string each, a thousand times."""
        found = self._shown.get(raw)
        if found is None:
            if len(self._shown) >= _FONT_CACHE_KEPT:
                self._shown.clear()
            codes = tuple(self.split(raw))
            simple = not self.two_byte
            found = self._shown[raw] = Shown(
                codes, "".join(self.decode(code) for code in codes),
                tuple(self.width(code) for code in codes),
                tuple(simple and code == 32 for code in codes))
        return found

    def split(self, raw: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        return list(raw)

    def decode(self, code: int) -> str:
        if code in self.to_unicode:
            return self.to_unicode[code]
        if self.two_byte:
            return "\ufffd"
        return bytes([code]).decode("cp1252", errors="replace")

    @cached_property
    def notdef_codes(self) -> frozenset[int]:
        """Codes that draw no real glyph: the font program maps them to .notdef (glyph 0),
        or their ToUnicode is U+0000, which is what ReportLab writes for a character the
        font lacks (it draws the font's empty NULL glyph: nothing is printed)."""
        if self._caches.notdef_codes is None:
            nul = {code for code, text in self.to_unicode.items() if text == "\x00"}
            self._caches.notdef_codes = frozenset(nul | (self._program_notdef_codes() or set()))
        return self._caches.notdef_codes

    def _program_notdef_codes(self) -> frozenset[int] | None:
        program = self._program
        if program is None:
            return None
        if self.two_byte:
            cid_map = self.descendant.get("/CIDToGIDMap", Name.Identity)
            gid_of: dict[int, int] | None = None
            if isinstance(cid_map, pikepdf.Stream):
                data = cid_map.read_bytes()
                gid_of = {i // 2: int.from_bytes(data[i : i + 2], "big")
                          for i in range(0, len(data) - 1, 2)}
            bad = set()
            for code in set(self._widths) | set(self.to_unicode):
                gid = gid_of.get(code, 0) if gid_of is not None else code
                if gid == 0 or gid >= program.glyph_count:
                    bad.add(code)
            bad.add(0)
            return frozenset(bad)
        return program.notdef_codes

    def label(self, resource_name: str) -> str:
        return f"font {resource_name} ({self.base_font})"

    @cached_property
    def _program(self) -> FontProgram | None:
        if self._program_data is None:
            return None
        return font_program(self._program_data, self._program_key)

    @property
    def _ink(self) -> dict[int, tuple[float, float]]:
        """Per simple-font code, the glyph's ink from bottom to top in em, read from the
        embedded TrueType program: what is really printed, not the font's ascender (Arabic
        and Myanmar fonts declare ascenders twice the height of any real glyph)."""
        program = None if self.two_byte else self._program
        return program.ink if program is not None else {}

    def ink_extent(self, codes: tuple[int, ...]) -> tuple[float, float] | None:
        """Lowest and highest ink of these codes in em; None when the program is not
        readable or draws nothing (spaces)."""
        if codes in self._ink_of:
            return self._ink_of[codes]
        if len(self._ink_of) >= _FONT_CACHE_KEPT:
            self._ink_of.clear()
        extent = self._ink_of[codes] = self._ink_extent(codes)
        return extent

    def _ink_extent(self, codes: tuple[int, ...]) -> tuple[float, float] | None:
        ink = self._ink
        if not ink:
            return None
        boxes = [ink[code] for code in codes if code in ink]
        if not boxes:
            return None
        return min(low for low, _ in boxes), max(high for _, high in boxes)


# ------------------------------------------------------------------------- operator states

_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_TEXT_POSITIONING = {"Td", "TD", "Tm", "T*"}
_GENERAL_STATE = {"w", "J", "j", "M", "d", "ri", "i", "gs"}
_COLOUR = {"CS", "cs", "SC", "SCN", "sc", "scn", "G", "g", "RG", "rg", "K", "k"}
_TEXT_STATE = {"Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts"}
_MARKED = {"BDC", "BMC", "EMC", "MP", "DP"}
_PATH_START = {"m", "re"}
_PATH_BUILD = {"m", "l", "c", "v", "y", "h", "re"}
_PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_CLIP = {"W", "W*"}
# What may appear inside BT ... ET (ISO 32000-1, figure 9 and 8.2)
_IN_TEXT = _TEXT_SHOWING | _TEXT_POSITIONING | _GENERAL_STATE | _COLOUR | _TEXT_STATE \
    | _MARKED | {"ET"}


class OperatorStates:
    """Checks that each operator of one content stream comes in a state where ISO 32000-1
    (8.2, figure 9) allows it: text objects not nested and closed, q/Q balanced and
    never inside a text object, path construction only in a path object that a painting
    operator ends, text showing and positioning only in a text object, marked content
    balanced. What it finds is what Ghostscript repairs and warns about."""

    KEPT = 5  # problems kept per stream, beyond that only counted

    def __init__(self, where: str) -> None:
        self.where = where
        self.in_text = False
        self.in_path = False
        self.clipping = False
        self.saves = 0
        self.marked = 0
        self.found: list[str] = []
        self.count = 0
        self.index = 0

    def _bad(self, message: str) -> None:
        self.count += 1
        if len(self.found) < self.KEPT:
            self.found.append(f"{self.where}, operator {self.index}: {message}")

    def see(self, op: str) -> None:
        self.index += 1
        if self.in_text and not self.in_path and op in _IN_TEXT and op != "ET":
            return  # the common case, as below: what a text object may hold
        if self.in_path:
            if op in _PATH_BUILD:
                return
            if op in _CLIP and not self.clipping:
                self.clipping = True
                return
            if op in _PATH_PAINT:
                self.in_path = self.clipping = False
                return
            self._bad(f"{op} inside a path object (a path must end with a painting "
                      "operator such as f, S or n first)")
            self.in_path = self.clipping = False
        if op == "n":
            return  # ends no path: ReportLab's renderPDF writes one per shape, every reader
            # (Ghostscript, mupdf, pdf.js) takes it for the no-op it is
        if op in _PATH_PAINT or op in _CLIP:
            self._bad(f"{op} with no path to paint or clip")
            return
        if self.in_text:
            if op == "BT":
                self._bad("BT inside a text object (text objects cannot nest)")
                return
            if op == "ET":
                self.in_text = False
                return
            if op not in _IN_TEXT and op not in _PATH_START:
                self._bad(f"{op} inside a text object (BT ... ET)")
            elif op in _PATH_START:
                self._bad(f"{op} (path construction) inside a text object (BT ... ET)")
                self.in_path = True
            return
        if op == "BT":
            self.in_text = True
        elif op == "ET":
            self._bad("ET outside a text object")
        elif op in _TEXT_SHOWING or op in _TEXT_POSITIONING:
            self._bad(f"{op} outside a text object (BT ... ET)")
        elif op in _PATH_START:
            self.in_path = True
        elif op in _PATH_BUILD:
            self._bad(f"{op} outside a path object (a path starts with m or re)")
        elif op == "q":
            self.saves += 1
        elif op == "Q":
            if self.saves == 0:
                self._bad("Q without a matching q")
            else:
                self.saves -= 1
        if op in ("BDC", "BMC"):
            self.marked += 1
        elif op == "EMC":
            if self.marked == 0:
                self._bad("EMC without a matching BDC or BMC")
            else:
                self.marked -= 1

    def end(self) -> list[str]:
        if self.in_text:
            self._bad("the stream ends inside a text object (BT without ET)")
        if self.in_path:
            self._bad("the stream ends inside a path object (no painting operator)")
        if self.saves:
            self._bad(f"{self.saves} q without a matching Q")
        if self.marked:
            self._bad(f"{self.marked} marked-content sequence(s) not closed (BDC without EMC)")
        found = list(self.found)
        if self.count > len(found):
            found.append(f"{self.where}: {self.count - len(found)} more like these")
        return found


# --------------------------------------------------------------------------- instructions


class PdfName(str):
    """A name operand ("/F1"), told apart from a string operand (bytes)."""

    __slots__ = ()


class _NotPlain(Exception):
    """A content stream the fast reader leaves to qpdf (inline images, comments, nested
    arrays or parentheses, escaped names, anything unusual): read then through pikepdf."""


_WHITE = rb"[\x00\t\n\x0c\r ]"
_ENDS = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"  # a regular token ends here
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)" + _ENDS
_NAMED = rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%#]*"
_LITERAL = rb"\((?:[^\\()\r]|\\[\s\S])*\)"  # no nested parentheses, no bare CR
_HEXA = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"
_ATOM = b"|".join((_NUMBER, _NAMED, _LITERAL, _HEXA, rb"(?:true|false|null)" + _ENDS))
_ATOMS = rb"(?:" + _WHITE + rb"*(?:" + _ATOM + rb"))*" + _WHITE + rb"*"
_OPERAND = b"|".join((_ATOM, rb"\[" + _ATOMS + rb"\]", rb"<<" + _ATOMS + rb">>"))
# One match per operator: its operands' text and its name; or a byte nothing else reads
# (that stream is then left to qpdf); or the whitespace at the end.
_INSTRUCTION = re.compile(_WHITE + rb"*((?:(?:" + _OPERAND + rb")" + _WHITE + rb"*)*)"
                          rb"([A-Za-z'\"][A-Za-z0-9*'\"]*)" + _ENDS
                          + rb"|([^\x00\t\n\x0c\r ])|" + _WHITE + rb"+")
_ONE_STRING = re.compile(b"(?:" + _LITERAL + b"|" + _HEXA + b")" + _WHITE + b"*")
_SHOWN_ARRAY = re.compile(rb"\[(?:" + _WHITE + b"*(?:" + _LITERAL + b"|" + _HEXA + b"|"
                          + _NUMBER + b"))*" + _WHITE + rb"*\]" + _WHITE + b"*")
_SHOWN_ITEM = re.compile(b"(" + _LITERAL + b"|" + _HEXA + b")|(" + _NUMBER + b")")
_ELEMENT = re.compile(b"(" + _NUMBER + b")|(" + _NAMED + b")|(" + _LITERAL + b")|(" + _HEXA
                      + rb")|(true|false|null)|(\[|\]|<<|>>)")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(",
            b")": b")", b"\\": b"\\", b"\r\n": b"", b"\r": b"", b"\n": b""}
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_HEX_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]")


def _unescape(match: re.Match) -> bytes:
    escape = match.group(1)
    if escape in _ESCAPED:
        return _ESCAPED[escape]
    if escape[0] in b"01234567":
        return bytes([int(escape, 8) & 0xFF])
    return escape  # a backslash before any other character is ignored


_STRINGS: dict[bytes, bytes] = {}


def _string(token: bytes) -> bytes:
    """A literal or hexadecimal string token's bytes. A subset font's codes are mostly
    control characters, written escaped (``(\\r)``): the same few tokens, read once."""
    found = _STRINGS.get(token)
    if found is not None:
        return found
    if token[0] == 0x28:  # (
        body = token[1:-1]
        found = _ESCAPE.sub(_unescape, body) if b"\\" in body else body
    else:
        digits = _HEX_SPACE.sub(b"", token[1:-1])
        found = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    if len(_STRINGS) >= 8192:
        _STRINGS.clear()
    _STRINGS[token] = found
    return found


def _operands(text: bytes) -> list:
    """Operands as plain values: float, PdfName, bytes, list, dict, bool or None."""
    top: list = []
    outer: list[list] = []
    for number, name, literal, hexa, keyword, bracket in _ELEMENT.findall(text):
        if number:
            top.append(float(number))
        elif name:
            top.append(PdfName(name.decode("latin-1")))
        elif literal or hexa:
            top.append(_string(literal or hexa))
        elif keyword:
            top.append(_KEYWORDS[keyword])
        elif bracket in (b"[", b"<<"):
            outer.append(top)
            top = []
        else:
            items, top = top, outer.pop()
            if bracket == b"]":
                top.append(items)
            elif len(items) % 2 == 0 and all(type(k) is PdfName for k in items[::2]):
                top.append(dict(zip(items[::2], items[1::2], strict=True)))
            else:
                raise _NotPlain
    return top


def _numbers(text: bytes) -> list:
    return [float(v) for v in text.split()]


_NAMES: dict[bytes, PdfName] = {}


def _font_operands(text: bytes) -> list:
    """Tf's name and size, as most fonts are selected (once a glyph, right to left)."""
    parts = text.split()
    if len(parts) == 2 and parts[0].count(b"/") == 1 and parts[0][0] == 0x2F:
        return [_name(parts[0]), float(parts[1])]
    return _operands(text)


def _name(token: bytes) -> PdfName:
    name = _NAMES.get(token)
    if name is None:
        if len(_NAMES) > 4096:
            _NAMES.clear()
        name = _NAMES[token] = PdfName(token.decode("latin-1"))
    return name


def _shown_operands(text: bytes) -> list:
    """Tj's string (or '), as most glyphs are shown."""
    if _ONE_STRING.fullmatch(text):
        return [_string(text.rstrip(b"\x00\t\n\x0c\r "))]
    return _operands(text)


def _shown_array(text: bytes) -> list:
    """TJ's array of strings and adjustments, as a left-to-right line gives it."""
    if _SHOWN_ARRAY.fullmatch(text):
        return [[_string(shown) if shown else float(number)
                 for shown, number in _SHOWN_ITEM.findall(text)]]
    return _operands(text)


_ONE_NAME = re.compile(b"(" + _NAMED + b")" + _WHITE + b"*")
_MARKED_ID = re.compile(b"(" + _NAMED + b")" + _WHITE + rb"*<<" + _WHITE + rb"*/MCID" + _WHITE
                        + rb"+(\d+)" + _WHITE + rb"*>>" + _WHITE + b"*")
_MCID = PdfName("/MCID")


def _name_operand(text: bytes) -> list:
    """cs's, gs's, sh's or Do's resource name, as they are mostly given."""
    found = _ONE_NAME.fullmatch(text)
    return [_name(found[1])] if found else _operands(text)


def _marked_operands(text: bytes) -> list:
    """BDC's tag and marked-content id, as each element of a structure tree gives them."""
    found = _MARKED_ID.fullmatch(text)
    return [_name(found[1]), {_MCID: float(found[2])}] if found else _operands(text)


# How the interpreter's operators read their operands; the others' are never read.
_READ = dict.fromkeys(("Tm", "cm", "Ts", "re", "k", "K", "g", "G", "rg", "RG", "w", "Tc",
                       "Tw", "Tz", "TL", "Tr", "Td", "TD", "sc", "SC"), _numbers)
_READ.update(dict.fromkeys(('"', "scn", "SCN"), _operands))
_READ.update(dict.fromkeys(("cs", "CS", "gs", "sh", "Do"), _name_operand))
_READ["BDC"] = _marked_operands
_READ.update({"Tf": _font_operands, "Tj": _shown_operands, "'": _shown_operands,
              "TJ": _shown_array})
_OPERATORS: dict[bytes, str] = {}
_NO_OPERANDS: list = []


# A glyph drawn on its own, as the renderer draws right-to-left text (for pypdf's sake):
# ``1 0 0 1 x y Tm``, then maybe ``/F1 12 Tf`` and ``r Ts``, then ``(..) Tj``; on such a
# page 1,600 of each. A run of them is read with one match (GLYPHS) and interpreted in one
# step, each glyph exactly as the four operators would be one by one.
GLYPHS = "glyphs"


def _glyph_pattern(group: bytes) -> bytes:
    """One glyph's operators; ``group`` opens each operand's group ("(" or "(?:"). White
    space after every number and name ends its token (so a number needs no look-ahead,
    twice as fast, and a name cannot give its last digits to a number)."""
    w, number = _WHITE, rb"[+-]?(?:\d+\.?\d*|\.\d+)"
    return (b"1" + w + b"+0" + w + b"+0" + w + b"+1" + w + b"+" + group + number + b")" + w
            + b"+" + group + number + b")" + w + b"+Tm" + _ENDS + w + b"*(?:" + group + _NAMED
            + b")" + w + b"+" + group + number + b")" + w + b"+Tf" + _ENDS + w + b"*)?(?:"
            + group + number + b")" + w + b"+Ts" + _ENDS + w + b"*)?" + group + _LITERAL
            + b"|" + _HEXA + b")" + w + b"*Tj" + _ENDS)


# One match per glyph (its operands in the first six groups) or per other operator, as
# _INSTRUCTION matches them
_INSTRUCTION_OR_GLYPH = re.compile(
    _WHITE + rb"*(?:" + _glyph_pattern(b"(") + rb"|((?:(?:" + _OPERAND + rb")" + _WHITE
    + rb"*)*)([A-Za-z'\"][A-Za-z0-9*'\"]*)" + _ENDS + rb")|([^\x00\t\n\x0c\r ])|"
    + _WHITE + rb"+")
# Trying GLYPHS at every operator costs a fifth of the reading when there are none: a
# stream with fewer Tj is read one operator at a time (with the same result).
_GLYPHS_WORTH = 32


# One glyph of a GLYPHS run: its Tm's translation (x, y), its Tf (font name and size, or
# None, None), its Ts (or None) and its Tj's string. A plain tuple: 1,600 a page.
Glyph = tuple[float, float, "PdfName | None", "float | None", "float | None", bytes]


def glyph_operators(glyph: Glyph) -> tuple[str, ...]:
    _, _, font, _, rise, _ = glyph
    return ("Tm", *(("Tf",) if font is not None else ()),
            *(("Ts",) if rise is not None else ()), "Tj")


def expand(instructions: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """GLYPHS runs as the operators they stand for, as plain_instructions reads them."""
    out: list[tuple[str, list]] = []
    for op, operands in instructions:
        if op != GLYPHS:
            out.append((op, operands))
            continue
        for x, y, font, size, rise, shown in operands:
            out.append(("Tm", [1.0, 0.0, 0.0, 1.0, x, y]))
            if font is not None:
                out.append(("Tf", [font, size]))
            if rise is not None:
                out.append(("Ts", [rise]))
            out.append(("Tj", [shown]))
    return out


def plain_instructions(data: bytes, *, glyph_runs: bool = False) -> list[tuple[str, list]]:
    """The (operator, operands) of a content stream, read with one regular expression
    match per operator, without the Python object per operand (a Decimal for each real
    number) that reading through pikepdf makes: on a right-to-left page, glyph by glyph,
    that is half the time. Raises _NotPlain for what it does not read as qpdf does.
    With ``glyph_runs``, a run of glyphs drawn one by one is one GLYPHS instruction whose
    operands are its Glyphs (``expand`` gives the operators back)."""
    return _read_plain(data, glyph_runs and data.count(b"Tj") >= _GLYPHS_WORTH)


def _read_plain(data: bytes, with_glyphs: bool) -> list[tuple[str, list]]:
    """plain_instructions, told whether to read GLYPHS runs (a whole stream's choice, kept
    for each of its segments)."""
    out: list[tuple[str, list]] = []
    append = out.append
    read, operators, none = _READ, _OPERATORS, _NO_OPERANDS
    if with_glyphs:
        found = _INSTRUCTION_OR_GLYPH.findall(data)
    else:
        found = [(b"", b"", b"", b"", b"", b"", *match) for match in _INSTRUCTION.findall(data)]
    run: list[Glyph] | None = None  # the GLYPHS run being read
    names, strings = _NAMES.get, _STRINGS.get  # _name's and _string's caches, asked first
    for x, y, name, size, rise, shown, text, operator, stray in found:
        if x:
            if run is None:
                run = []
                append((GLYPHS, run))
            run.append((float(x), float(y), (names(name) or _name(name)) if name else None,
                        float(size) if name else None, float(rise) if rise else None,
                        strings(shown) or _string(shown)))
            continue
        if not operator:
            if stray:
                raise _NotPlain
            continue  # white space between operators, or between glyphs of a run
        run = None
        op = operators.get(operator)
        if op is None:
            if operator == b"BI" or len(operators) > 1024:
                raise _NotPlain  # an inline image, or not a content stream
            op = operators[operator] = operator.decode()
        reader = read.get(op)
        append((op, reader(text) if reader is not None and text else none))
    return out


def _plain(value):  # type: ignore[no-untyped-def]
    """A pikepdf operand as plain_instructions gives it."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | Decimal | float):
        return float(value)
    if isinstance(value, Name):
        return PdfName(str(value))
    if isinstance(value, pikepdf.String):
        return bytes(value)
    if isinstance(value, pikepdf.Array):
        return [_plain(v) for v in value]
    if isinstance(value, pikepdf.Dictionary):
        return {PdfName(k): _plain(v) for k, v in value.items()}
    return value  # an inline image, read by _inline_image


READINGS = ("glyphs", "plain", "qpdf")


def instructions(owner, reading: str = "glyphs") -> list[tuple[str, list]]:  # type: ignore[no-untyped-def]
    """The operators of a page's contents, a form's or an appearance stream's, read by
    plain_instructions (with GLYPHS runs unless ``reading`` is "plain"), or by qpdf
    (pikepdf) for what that leaves alone (or everything: ``reading`` "qpdf"), with the
    same result."""
    try:
        contents = owner if isinstance(owner, pikepdf.Stream) else owner.get("/Contents")
        if isinstance(contents, pikepdf.Stream) and reading != "qpdf":
            return plain_instructions(contents.read_bytes(), glyph_runs=reading == "glyphs")
    except (_NotPlain, ValueError, IndexError, pikepdf.PdfError):
        pass
    return [(str(i.operator), [_plain(v) for v in i.operands])
            for i in pikepdf.parse_content_stream(owner)]


# ------------------------------------------------------------------------------ interpreter


@dataclass
class _GState:
    ctm: Matrix = IDENTITY
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    font: FontInfo | None = None
    font_name: str = ""
    font_label: str = ""  # font.label(font_name), made once per Tf
    size: float = 0.0
    rise: float = 0.0
    render_mode: int = 0
    fill_space: str = "DeviceGray"
    stroke_space: str = "DeviceGray"
    fill: tuple[float, ...] | None = (0.0,)
    stroke: tuple[float, ...] | None = (0.0,)
    line_width: float = 1.0
    op: bool = False
    OP: bool = False
    opm: int = 0

    def copy(self) -> _GState:
        return _GState(**self.__dict__)


_PAINT = {"f": (1, 0), "F": (1, 0), "f*": (1, 0), "S": (0, 1), "s": (0, 1), "B": (1, 1),
          "B*": (1, 1), "b": (1, 1), "b*": (1, 1)}
_COLOUR_OPS_FIXED = {"rg": "DeviceRGB", "RG": "DeviceRGB", "k": "DeviceCMYK",
                     "K": "DeviceCMYK", "g": "DeviceGray", "G": "DeviceGray"}


# A form XObject that only paints paths in colours its own operators give (an icon, drawn
# once per colour into a form and placed on the pages of every output) draws the same
# colours and rules wherever it is placed at one scale: what it drew is kept, by its
# bytes and the graphics state it starts from, and shared between the outputs (and their
# regional variants) that a process checks.
_SHAREABLE = _PATH_BUILD | _PATH_PAINT | _CLIP | set(_COLOUR_OPS_FIXED) \
    | {"q", "Q", "cm", "w", "J", "j", "M", "d", "i", "ri", "sc", "SC"}
_FORMS: dict[tuple, tuple[tuple, tuple, tuple]] = {}
_FORMS_KEPT = 512


def _form_key(form, st: _GState, where: str) -> tuple:  # type: ignore[no-untyped-def]
    """What the events of a shareable form follow from: its content (the raw bytes and
    how they are encoded) and the state it starts in, but for where on the page (its
    translation moves no colour and no rule width)."""
    digest = hashlib.sha256(form.read_raw_bytes()).digest()
    a, b, c, d, _, _ = st.ctm
    return (digest, str(form.get("/Filter")), str(form.get("/DecodeParms")),
            (a, b, c, d), st.fill_space, st.fill, st.stroke_space, st.stroke,
            st.line_width, st.op, st.OP, st.opm, where)


Measured = tuple[tuple[int, ...], str, float, float, float, tuple[int, ...]]


def _measure(font: FontInfo, items, st: _GState) -> Measured:  # type: ignore[no-untyped-def]
    """What a text-showing operator's strings (and TJ adjustments) show in this font and
    text state: codes, text, advance in text space, the ink's bottom and top (rise
    included) and the codes that draw .notdef."""
    advance = 0.0
    size, char_spacing, word_spacing, scale = st.size, st.char_spacing, \
        st.word_spacing, st.scale
    shown = font.shown
    if len(items) == 1 and isinstance(items[0], bytes):
        one = shown(items[0])
        codes, text = one.codes, one.text
        for w, space in zip(one.widths, one.spaces, strict=True):
            w = w * size + char_spacing
            if space:
                w += word_spacing
            advance += w * scale
    else:
        all_codes: list[int] = []
        texts: list[str] = []
        known = font._shown.get
        for item in items:
            if isinstance(item, bytes):
                part_codes, part_text, widths, spaces = known(item) or shown(item)
                all_codes.extend(part_codes)
                texts.append(part_text)
                if len(widths) == 1:  # a line of the renderer's: a string a glyph
                    w = widths[0] * size + char_spacing
                    if spaces[0]:
                        w += word_spacing
                    advance += w * scale
                    continue
                for w, space in zip(widths, spaces, strict=True):
                    w = w * size + char_spacing
                    if space:
                        w += word_spacing
                    advance += w * scale
            else:
                adjust = float(item)
                advance -= adjust / 1000 * size * scale
                if adjust < -250:
                    texts.append(" ")
        codes, text = tuple(all_codes), "".join(texts)
    rise = st.rise
    ink = font.ink_extent(codes)
    if ink is not None:
        lo, hi = ink[0] * size + rise, ink[1] * size + rise
    else:
        lo = min(font.descent * size, 0) + rise
        hi = font.ascent * size + rise
    notdef = font.notdef_codes
    return (codes, text, advance, lo, hi,
            () if notdef.isdisjoint(codes) else tuple(k for k in codes if k in notdef))


def _gs_facts(state) -> tuple | None:  # type: ignore[no-untyped-def]
    """What ``gs`` reads of an ExtGState (overprint and its mode, line width), as found."""
    if not isinstance(state, pikepdf.Dictionary):
        return None
    return (bool(state.OP) if "/OP" in state else None,
            bool(state.op) if "/op" in state else None,
            int(state.OPM) if "/OPM" in state else None,
            float(state.LW) if "/LW" in state else None)


def _apply_gs(facts: tuple | None, st: _GState) -> None:
    if facts is None:
        return
    stroke, fill, mode, width = facts
    if stroke is not None:
        st.OP = stroke
        st.op = fill if fill is not None else stroke
    elif fill is not None:
        st.op = fill
    if mode is not None:
        st.opm = mode
    if width is not None:
        st.line_width = width


# --------------------------------------------------------------------- shared segments
#
# A content stream is interpreted segment by segment, a segment beginning at each ``q``
# on a line of its own. The regional variants of an output, and its print and screen
# files, write the same segments but for the few that draw what differs (a local contact
# box) and the marked-content ids (MCIDs, which no check reads); a segment interpreted
# from a clean start (outside any text or path object and any ActualText span), with no
# problem found in it and reading of the resources only fonts, ExtGStates and colour
# spaces, is remembered with all it drew and the state it leaves, keyed by its bytes
# (MCIDs left out), the state it starts from (every field bit for bit, the font by its
# facts) and where it is drawn, and is given back wherever those and the resources it
# read are the same (Interpreter._run_segments says why this is exact).

_SEGMENT_START = re.compile(rb"\nq\n")
_MCID_SITE = re.compile(rb"<</MCID (\d+)>>")
_LITERAL_TOKEN = re.compile(_LITERAL)
# a smaller stream (an icon's form, kept whole in _FORMS) is interpreted whole
_SEGMENTED_BYTES = 2048
_KEYWORD_OPERATORS = {"true", "false", "null"}  # operand keywords: never end a segment
# a segment's resources: what a remembered interpretation does not cover
_UNSHARED_OPERATORS = {"Do", "sh", "INLINE IMAGE", "BI"}
SEGMENT_CACHE_BYTES = 24 * 1024 * 1024  # a worker's Arabic outputs hold some 2 MB each
SHARING = True  # tests turn it off to compare with a fresh interpretation of every file


def _segments(owner, reading: str) -> tuple[bool, list[bytes]] | None:  # type: ignore[no-untyped-def]
    """Whether the stream's GLYPHS runs are read, and its segments; None when it is read
    whole (one segment, several streams, a qpdf reading)."""
    if reading == "qpdf":
        return None
    contents = owner if isinstance(owner, pikepdf.Stream) else owner.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return None
    try:
        data = contents.read_bytes()
    except (ValueError, IndexError, pikepdf.PdfError):
        return None
    if len(data) < _SEGMENTED_BYTES:
        return None
    cuts = [found.start() + 1 for found in _SEGMENT_START.finditer(data)]
    if not cuts:
        return None
    with_glyphs = reading == "glyphs" and data.count(b"Tj") >= _GLYPHS_WORTH
    return with_glyphs, [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)],
                                                    strict=True)]


class _Run:
    """The interpretation state of one content stream, carried from segment to segment."""

    __slots__ = (
        "actual",
        "deps",
        "depth",
        "gstates",
        "out",
        "path",
        "rect",
        "resources",
        "seen",
        "selected",
        "shareable",
        "span",
        "st",
        "stack",
        "states",
        "tlm",
        "tm",
        "where",
    )

    def __init__(self, resources, state: _GState, out: PageContent, where: str,  # type: ignore[no-untyped-def]
                 depth: int) -> None:
        self.resources, self.out, self.where, self.depth = resources, out, where, depth
        self.st = state
        self.stack: list[_GState] = []
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY
        self.actual: list[tuple[int, str] | None] = []
        self.span: tuple[int, str] | None = None
        self.selected: dict[str, tuple[FontInfo | None, str]] = {}
        self.states = OperatorStates(where)
        self.path: list[str] = []
        self.rect: tuple[float, float] | None = None
        self.seen: set[str] = set()
        self.deps: list[tuple] | None = None  # a segment's resources read, when recorded
        self.shareable = True
        self.gstates: dict[str, tuple | None] = {}  # ExtGState name -> what gs reads


_START = "start"  # a state's font is the one the segment started with


def _bits(*values: float) -> bytes:
    """Floats as their bits: 0.0 and -0.0 (equal, but printed and multiplied apart) and
    every NaN told apart."""
    return struct.pack(f"<{len(values)}d", *values)


def _state_key(st: _GState) -> tuple:
    return (_bits(*st.ctm, st.char_spacing, st.word_spacing, st.scale, st.leading, st.size,
                  st.rise, st.line_width),
            st.font_name, st.font is None, st.render_mode,
            st.fill_space, st.stroke_space,
            None if st.fill is None else _bits(*st.fill),
            None if st.stroke is None else _bits(*st.stroke), st.op, st.OP, st.opm)


class _Segment(NamedTuple):
    """One segment's interpretation: what it drew and the state it left, its fonts by
    name (or _START), its spans counted from the first it opens."""

    runs: tuple[TextRun, ...]  # as drawn the first time
    colours: tuple[ColourUse, ...]
    strokes: tuple[StrokeUse, ...]
    page: int  # the page they were drawn on
    base: int  # the ActualText spans opened before them
    used: tuple[tuple[str, str], ...]  # (font name or _START, its label then), in order
    spans: int  # ActualText spans opened
    stack: tuple[dict, ...]  # the states it saved (q) and did not restore
    st: dict
    tm: Matrix
    tlm: Matrix
    actual: tuple[tuple[int, str] | None, ...]
    span: tuple[int, str] | None
    path: tuple[str, ...]
    rect: tuple[float, float] | None
    states: tuple[bool, bool, bool, int, int, int]  # OperatorStates after it, relative
    seen: frozenset[str]
    deps: tuple[tuple, ...]  # ("font" | "gs" | "cs", name, what it gave)
    cost: int


_SEEN = "seen"  # a segment met once
_UNSHARED = "unshared"  # a segment interpreted in the stream's own state, every time


class _Mark(NamedTuple):  # what is known of a segment not remembered
    kind: str
    cost: int  # its key's bytes


def _segment_cost(entry) -> int:  # type: ignore[no-untyped-def]
    return entry.cost


SEGMENTS: BoundedCache = BoundedCache(SEGMENT_CACHE_BYTES, _segment_cost)


def _snapshot(st: _GState, start: _GState, names: dict[str, str]) -> dict:
    fields = dict(st.__dict__)
    fields["font"] = None
    # the labels a segment selects are its own objects: a state whose label is its
    # start's still holds the start's font
    fields["font_label"] = _START if st.font_label is start.font_label \
        else names.get(st.font_label, st.font_name)
    return fields


# (the font a segment was drawn with, another) -> the codes on which they agree
_AGREEING: dict[tuple[bytes, bytes], set[int]] = {}


def _agrees(font: FontInfo, identity: bytes, codes: frozenset[int],
            facts: dict[int, tuple]) -> bool:
    """Whether ``font`` shows ``codes`` as the font with ``identity`` and these facts."""
    if font.identity == identity:
        return True
    agreeing = _AGREEING.get((identity, font.identity))
    if agreeing is None:
        if len(_AGREEING) >= 256:
            _AGREEING.clear()
        agreeing = _AGREEING[identity, font.identity] = set()
    for code in codes - agreeing:
        if font.code_facts(code) != facts[code]:
            return False
        agreeing.add(code)
    return True


def _relocated(span: tuple[int, str] | None, base: int) -> tuple[int, str] | None:
    return None if span is None else (span[0] + base, span[1])


class Interpreter:
    def __init__(self, pdf: pikepdf.Pdf, reading: str = "glyphs") -> None:
        """``reading``: how content streams are read (one of READINGS; the results are
        the same, the first the fastest)."""
        if reading not in READINGS:
            raise ValueError(f"reading {reading!r}: one of {READINGS}")
        self.pdf = pdf
        self.reading = reading
        self._fonts: dict[tuple[int, int], FontInfo] = {}
        self._spans = 0
        self.used_fonts: dict[str, FontInfo] = {}  # label -> font, for every font shown
        self.declared_fonts: dict[str, FontInfo] = {}  # every font in a resource dictionary
        # remembered segments (SEGMENTS), or None: every stream interpreted whole
        self.segments: BoundedCache | None = SEGMENTS if SHARING else None

    def font(self, obj: pikepdf.Dictionary) -> FontInfo:
        key = obj.objgen
        if key == (0, 0):
            return FontInfo(obj)
        if key not in self._fonts:
            self._fonts[key] = FontInfo(obj)
        return self._fonts[key]

    def pages(self) -> Iterator[PageContent]:
        for index, page in enumerate(self.pdf.pages):
            yield self.page(index + 1, page)

    def page(self, number: int, page: pikepdf.Page) -> PageContent:
        out = PageContent(number)
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        try:
            self._run(page.obj, resources, _GState(), out, "content", depth=0)
        except Exception as exc:  # a broken stream is a finding, not a crash
            out.problems.append(f"content stream could not be interpreted: {exc}")
        for k, annot in enumerate(page.obj.get("/Annots", [])):
            sub = str(annot.get("/Subtype", "/?"))[1:]
            where = f"annotation {k + 1} ({sub})"
            colour = annot.get("/C")
            if colour is not None and len(colour) == 3:
                out.colours.append(ColourUse(number, "/C", "DeviceRGB", where))
            if colour is not None and len(colour) == 4:
                out.colours.append(ColourUse(number, "/C", "DeviceCMYK", where))
            ap = annot.get("/AP")
            normal = ap.get("/N") if ap is not None else None
            if isinstance(normal, pikepdf.Stream):
                self._form(normal, resources, _GState(), out, where, depth=1)
        return out

    def _form(self, form, resources, state: _GState, out, where, depth) -> None:
        if depth > 12:
            return
        st = state.copy()
        if "/Matrix" in form:
            st.ctm = mat_mul(tuple(float(v) for v in form.Matrix), st.ctm)
        resources = form.get("/Resources", resources)
        key = _form_key(form, st, where)
        found = _FORMS.get(key)
        if found is not None:
            self._declare(resources)
            colours, strokes, syntax = found
            number = out.number
            out.colours.extend(ColourUse(number, *use) for use in colours)
            out.strokes.extend(StrokeUse(number, *use) for use in strokes)
            out.syntax.extend(syntax)
            return
        before = (len(out.colours), len(out.strokes), len(out.syntax), len(out.runs),
                  len(out.images), len(out.problems))
        seen = self._run(form, resources, st, out, where, depth)
        if seen <= _SHAREABLE and before[3:] == (len(out.runs), len(out.images),
                                                 len(out.problems)):
            if len(_FORMS) >= _FORMS_KEPT:
                _FORMS.pop(next(iter(_FORMS)))
            _FORMS[key] = (
                tuple(tuple(use)[1:] for use in out.colours[before[0]:]),
                tuple((s.space, s.colour, s.width, s.overprint, s.where)
                      for s in out.strokes[before[1]:]),
                tuple(out.syntax[before[2]:]))

    def _declare(self, resources) -> None:  # type: ignore[no-untyped-def]
        for name, font in resources.get("/Font", {}).items():
            if isinstance(font, pikepdf.Dictionary):
                info = self.font(font)
                self.declared_fonts.setdefault(info.label(name), info)

    def _run(self, stream_owner, resources, state: _GState, out: PageContent, where,
             depth) -> set[str]:
        """Interpret one content stream into ``out``; returns the operators it holds."""
        self._declare(resources)
        segments = _segments(stream_owner, self.reading) if self.segments is not None \
            else None
        if segments is not None:
            saved = (len(out.runs), len(out.colours), len(out.images), len(out.strokes),
                     len(out.problems), len(out.syntax), dict(self.used_fonts),
                     dict(self.declared_fonts), self._spans)
            replayed = len(out.replayed)
            run = _Run(resources, state, out, where, depth)
            if self._run_segments(run, *segments):
                out.syntax.extend(run.states.end())
                return run.seen
            # a segment the plain reader leaves to qpdf: the stream is read whole, as if
            # the segments had never been tried
            for items, count in zip((out.runs, out.colours, out.images, out.strokes,
                                     out.problems, out.syntax), saved, strict=False):
                del items[count:]
            del out.replayed[replayed:]
            self.used_fonts, self.declared_fonts, self._spans = saved[6:]
        run = _Run(resources, state, out, where, depth)
        self._interpret(run, instructions(stream_owner, self.reading))
        out.syntax.extend(run.states.end())
        return run.seen

    def _selected(self, run: _Run, name: PdfName) -> tuple[FontInfo | None, str]:
        """The font a Tf names in the stream's resources and its label, once a stream."""
        found = run.selected.get(name)
        if found is None:
            fonts = run.resources.get("/Font", {})
            font = self.font(fonts[name]) if name in fonts else None
            found = run.selected[name] = (font, font.label(name) if font is not None else "")
            if run.deps is not None:
                run.deps.append(("font", name, font is None))
        return found

    def _interpret(self, run: _Run, instructions: list[tuple[str, list]]) -> None:
        """Interpret ``instructions`` from the state ``run`` holds, which they leave
        there for the stream's next segment."""
        resources, out, where, depth = run.resources, run.out, run.where, run.depth
        seen, stack, st, tm, tlm = run.seen, run.stack, run.st, run.tm, run.tlm
        # the ActualText span in force at each marked-content depth (None: none)
        actual, span, deps = run.actual, run.span, run.deps
        states = run.states
        see = states.see
        show = self._show
        path, rect = run.path, run.rect
        # Tf name -> (font, label): a right-to-left page sets its font once per glyph
        selected = run.selected

        def select(st: _GState, name: PdfName, size: float) -> None:  # Tf
            found = selected.get(name)
            st.font, st.font_label = found if found is not None else self._selected(run, name)
            st.font_name = name
            st.size = float(size)

        # The operators are tested in the order of their frequency on right-to-left
        # pages: Tm, Tf, Tj and Ts once a glyph.
        for o, operands in instructions:
            if o == GLYPHS:  # each glyph's Tm, Tf, Ts and Tj, as below
                tm, tlm, fonts, rises = self._show_glyphs(operands, st, select, out, where,
                                                          span)
                seen.update(("Tm", "Tj", *(("Tf",) if fonts else ()), *(("Ts",) if rises else ())))
                if states.in_text and not states.in_path:
                    # all allowed in a text object: what see() does is count them
                    states.index += 2 * len(operands) + fonts + rises
                else:
                    for glyph in operands:
                        for op in glyph_operators(glyph):
                            see(op)
                continue
            seen.add(o)
            if o == "INLINE IMAGE":
                see("BI")
            else:
                see(o)
            if o == "Tm":
                tm = tlm = tuple(map(float, operands))
            elif o == "Tf":
                select(st, operands[0], operands[1])
            elif o == "Tj":
                tm = show((operands[-1],), st, tm, out, where, span)
            elif o == "Ts":
                st.rise = float(operands[0])
            elif o == "TJ":
                tm = show(operands[-1], st, tm, out, where, span)
            elif o == "BDC":
                props = operands[1]
                if isinstance(props, PdfName):
                    props = resources.get("/Properties", {}).get(props)
                    if deps is not None:
                        run.shareable = False
                if isinstance(props, dict | pikepdf.Dictionary) and "/ActualText" in props:
                    self._spans += 1
                    text = props["/ActualText"]
                    span = (self._spans, str(pikepdf.String(text)) if isinstance(text, bytes)
                            else str(text))
                actual.append(span)
            elif o == "BMC":
                actual.append(span)
            elif o == "EMC":
                if actual:
                    actual.pop()
                    span = actual[-1] if actual else None
                elif deps is not None:  # closes what began before the segment
                    run.shareable = False
            elif o in ("'", '"'):
                if o == '"':
                    st.word_spacing, st.char_spacing = float(operands[0]), float(operands[1])
                tm = tlm = mat_mul((1, 0, 0, 1, 0, -st.leading), tlm)
                tm = show((operands[-1],), st, tm, out, where, span)
            elif o == "q":
                stack.append(st)
                st = st.copy()
            elif o == "Q":
                if stack:
                    st = stack.pop()
            elif o in _PATH_BUILD:
                if o == "re" and not path:
                        rect = (abs(float(operands[2])), abs(float(operands[3])))
                else:
                    rect = None
                path.append(o)
            elif o in _PAINT:
                fill, stroke = _PAINT[o]
                a, b, c, d, _, _ = st.ctm
                scale = abs(a * d - b * c) ** 0.5
                if fill and o in ("f", "F", "f*") and path == ["re"] and rect is not None \
                        and is_thin(min(rect) * scale):  # a rule drawn as a thin rectangle
                    out.strokes.append(StrokeUse(out.number, st.fill_space, st.fill,
                                                 min(rect) * scale,
                                                 st.op and st.opm == 1, f"{where}, rule"))
                path, rect = [], None
                if fill:
                    out.colours.append(ColourUse(out.number, o, st.fill_space, where))
                if stroke:
                    out.colours.append(ColourUse(out.number, o, st.stroke_space, where))
                    out.strokes.append(StrokeUse(out.number, st.stroke_space, st.stroke,
                                                 st.line_width * scale,
                                                 st.OP and st.opm == 1, where))
            elif o == "n":
                path, rect = [], None
            elif o in _COLOUR_OPS_FIXED:
                values = tuple(float(v) for v in operands)
                if o.islower():
                    st.fill_space, st.fill = _COLOUR_OPS_FIXED[o], values
                else:
                    st.stroke_space, st.stroke = _COLOUR_OPS_FIXED[o], values
            elif o == "BT":
                tm = tlm = IDENTITY
            elif o == "cm":
                st.ctm = mat_mul(tuple(float(v) for v in operands), st.ctm)
            elif o in ("cs", "CS"):
                space = describe_space(operands[0], resources)
                if deps is not None:
                    deps.append(("cs", operands[0], space))
                if o == "cs":
                    st.fill_space, st.fill = space, None
                else:
                    st.stroke_space, st.stroke = space, None
            elif o in ("sc", "scn", "SC", "SCN"):
                if o in ("scn", "SCN") and operands and isinstance(operands[-1], PdfName):
                    if deps is not None:
                        run.shareable = False
                    self._pattern(operands[-1], resources, st, out, where, depth)
                else:
                    values = tuple(float(v) for v in operands)
                    if o.islower():
                        st.fill = values
                    else:
                        st.stroke = values
            elif o == "w":
                st.line_width = float(operands[0])
            elif o == "gs":
                facts = self._gstate(run, operands[0])
                if deps is not None:
                    deps.append(("gs", operands[0], facts))
                _apply_gs(facts, st)
            elif o == "sh":
                sh = resources.get("/Shading", {}).get(operands[0])
                if sh is not None:
                    space = describe_space(sh.get("/ColorSpace"), resources)
                    out.colours.append(ColourUse(out.number, "sh", space, where))
            elif o == "Do":
                self._do(operands[0], resources, st, out, where, depth)
            elif o == "INLINE IMAGE":
                self._inline_image(operands[0], resources, st, out, where)
            elif o == "Tc":
                st.char_spacing = float(operands[0])
            elif o == "Tw":
                st.word_spacing = float(operands[0])
            elif o == "Tz":
                st.scale = float(operands[0]) / 100
            elif o == "TL":
                st.leading = float(operands[0])
            elif o == "Tr":
                st.render_mode = int(operands[0])
            elif o in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if o == "TD":
                    st.leading = -ty
                tm = tlm = mat_mul((1, 0, 0, 1, tx, ty), tlm)
            elif o == "T*":
                tm = tlm = mat_mul((1, 0, 0, 1, 0, -st.leading), tlm)
        run.st, run.tm, run.tlm, run.span, run.path, run.rect = st, tm, tlm, span, path, rect

    def _run_segments(self, run: _Run, with_glyphs: bool, segments: list[bytes]) -> bool:
        """Interpret a stream segment by segment, giving back what a segment met before
        drew from the same state; False (having drawn what it drew, which the caller
        takes back) when a segment is not read by the plain reader.

        Why this is exact. Reading: each segment begins with a ``q`` operator on a line
        of its own, and each one that the plain reader reads whole, ending with an
        operator that is not an operand keyword, is read as the whole stream is: no token
        can reach across a newline followed by ``q`` (an unclosed string or array in a
        segment is a stray byte there, and the reader gives up). The MCIDs left out of
        the key: a key keeps every byte but the digits of each ``<</MCID n>>`` outside a
        string, so two segments with one key read alike but for those numbers, which the
        interpretation never reads. Interpretation: a segment starting outside a text or
        path object and any span reads nothing of the state before it that is not in its
        key (the text matrices are set by BT before any operator that reads them, and
        reading them outside BT is a finding, which keeps a segment out); one started in
        a fresh state (no saved state, no span, the operator checks at zero) that finds
        nothing wrong never restores a state it did not save nor closes a span it did not
        open, so its effect on the stream's state is what it saved, opened and counted,
        added to what was there."""
        cache = self.segments
        for data in segments:
            states = run.states
            key = None
            if not states.in_text and not states.in_path and run.span is None:
                pieces = _MCID_SITE.split(data)
                key = (tuple(pieces[0::2]), run.where, with_glyphs, _state_key(run.st),
                       tuple(run.path), None if run.rect is None else _bits(*run.rect))
                entry = cache.get(key)
                if entry is None:
                    # met once: remembered when met again (an output with no variant
                    # pays for no remembering)
                    cache.put(key, _Mark(_SEEN, len(data) + 400))
                    key = None
                elif type(entry) is _Mark:
                    if entry.kind is _UNSHARED:
                        key = None
                elif self._deps_hold(run, entry.deps):
                    self._replay(run, entry)
                    continue
            try:
                found = _read_plain(data, with_glyphs)
            except (_NotPlain, ValueError, IndexError):
                return False
            if found and found[-1][0] in _KEYWORD_OPERATORS:
                return False
            if key is not None:
                entry = self._fresh(run, found, data)
                cache.put(key, entry if entry is not None
                          else _Mark(_UNSHARED, len(data) + 400))
                if entry is not None:
                    continue
            self._interpret(run, found)
        return True

    @staticmethod
    def _gstate(run: _Run, name) -> tuple | None:  # type: ignore[no-untyped-def]
        """What ``gs`` reads of the ExtGState it names, once a stream."""
        if type(name) is not PdfName:
            return _gs_facts(run.resources.get("/ExtGState", {}).get(name))
        found = run.gstates.get(name, run)
        if found is run:
            found = run.gstates[name] = _gs_facts(run.resources.get("/ExtGState", {}).get(name))
        return found

    def _deps_hold(self, run: _Run, deps: tuple[tuple, ...]) -> bool:
        resources = run.resources
        for kind, name, value in deps:
            if kind == "font":
                if (self._selected(run, name)[0] is None) != value:
                    return False
            elif kind == "codes":
                font = run.st.font if name is _START else self._selected(run, name)[0]
                if font is None or not _agrees(font, *value):
                    return False
            elif kind == "gs":
                if self._gstate(run, name) != value:
                    return False
            elif describe_space(name, resources) != value:
                return False
        return True

    def _fresh(self, run: _Run, found: list[tuple[str, list]], data: bytes) -> _Segment | None:
        """Interpret one segment in a fresh state; when it can be shared, add what it
        drew and left to ``run`` and return it; else None, nothing drawn."""
        sites = [found.start() for found in _MCID_SITE.finditer(data)]
        if sites:
            literals = [found.span() for found in _LITERAL_TOKEN.finditer(data)]
            starts = [begin for begin, _ in literals]
            for site in sites:
                at = bisect.bisect_right(starts, site) - 1
                if at >= 0 and site < literals[at][1]:
                    return None  # an MCID written inside a string: its digits are text
        out = run.out
        scratch = PageContent(out.number)
        start = run.st
        fresh = _Run(run.resources, start.copy(), scratch, run.where, run.depth)
        fresh.path, fresh.rect = list(run.path), run.rect
        fresh.deps = []
        fresh.gstates = run.gstates  # one stream's resources
        used, self.used_fonts = self.used_fonts, {}
        spans = self._spans
        try:
            self._interpret(fresh, found)
        except Exception:
            fresh.shareable = False  # interpreted again in the stream's state, which fails
        finally:
            shown, self.used_fonts = self.used_fonts, used
        if not fresh.shareable or fresh.states.count or scratch.problems or scratch.images \
                or scratch.syntax or not fresh.seen.isdisjoint(_UNSHARED_OPERATORS):
            self._spans = spans
            return None
        names = {label: name for name, (_, label) in fresh.selected.items()}
        shown_codes: dict[str, tuple[str, FontInfo | None, set[int]]] = {}
        whos: dict[int, str] = {}
        for r in scratch.runs:  # the codes each font showed, the font by where it came from
            found_font = shown_codes.get(r.font)
            if found_font is None or id(r.font) not in whos:
                who = whos[id(r.font)] = _START if r.font is start.font_label \
                    else names[r.font]
                font = start.font if who is _START else fresh.selected[who][0]
                if found_font is not None:  # the same label from elsewhere: not shared
                    self._spans = spans
                    return None
                found_font = shown_codes[r.font] = (who, font, set())
            found_font[2].update(r.codes)
        used_labels = {who: label for label, (who, _, _) in shown_codes.items()}
        if len(used_labels) < len(shown_codes):
            self._spans = spans
            return None  # one font's label shown from two places: which is which?
        for who, font, codes in shown_codes.values():
            codes.add(-1)
            fresh.deps.append(("codes", who, (font.identity, frozenset(codes),
                                              {code: font.code_facts(code) for code in codes})))
        for label, font in shown.items():
            if label not in used:
                used[label] = font
        out.runs.extend(scratch.runs)
        out.colours.extend(scratch.colours)
        out.strokes.extend(scratch.strokes)
        f = fresh.states
        entry = _Segment(
            tuple(scratch.runs), tuple(scratch.colours), tuple(scratch.strokes), out.number,
            spans, tuple(used_labels.items()), self._spans - spans,
            tuple(_snapshot(g, start, names) for g in fresh.stack),
            _snapshot(fresh.st, start, names), fresh.tm, fresh.tlm,
            tuple(_relocated(a, -spans) for a in fresh.actual), _relocated(fresh.span, -spans),
            tuple(fresh.path), fresh.rect,
            (f.in_text, f.in_path, f.clipping, f.saves, f.marked, f.index),
            frozenset(fresh.seen), tuple(fresh.deps),
            # its bytes (the key's), what it drew, its states, its fonts' facts
            len(data) + 600 * len(scratch.runs) + 150 * len(scratch.colours)
            + 250 * len(scratch.strokes) + 900 * (len(fresh.stack) + 1)
            + 150 * sum(len(codes) for _, _, codes in shown_codes.values()) + 4000)
        self._merge(run, entry, start, spans, fresh)
        return entry

    def _replay(self, run: _Run, entry: _Segment) -> None:
        """Draw what a remembered segment drew, on this page, with this stream's fonts."""
        out = run.out
        number, base = out.number, self._spans
        new = tuple.__new__
        start = run.st
        used = self.used_fonts
        labels: dict[str, str] = {}  # as drawn -> in this stream
        for who, drawn in entry.used:
            font, label = (start.font, start.font_label) if who is _START \
                else self._selected(run, who)
            labels[drawn] = label
            if label not in used:
                used[label] = font
        shift = base - entry.base
        out.replayed.append((len(out.runs), entry))
        if number == entry.page and not (entry.spans and shift) \
                and all(drawn == label for drawn, label in labels.items()):
            out.runs.extend(entry.runs)  # the very runs: immutable
        else:
            out.runs.extend(new(TextRun, (number, labels[r[1]], *r[2:6],
                                          None if r[6] is None else r[6] + shift, *r[7:]))
                            for r in entry.runs)
        if number == entry.page:
            out.colours.extend(entry.colours)
            out.strokes.extend(entry.strokes)
        else:
            out.colours.extend(new(ColourUse, (number, *use[1:])) for use in entry.colours)
            out.strokes.extend(StrokeUse(number, s.space, s.colour, s.width, s.overprint,
                                         s.where) for s in entry.strokes)
        self._spans += entry.spans
        self._merge(run, entry, start, base, None)

    def _merge(self, run: _Run, entry: _Segment, start: _GState, base: int,
               fresh: _Run | None) -> None:
        """The state a segment leaves, added to the stream's: its own states (a fresh
        interpretation's) or the remembered ones, with this stream's fonts."""
        if fresh is not None:
            run.stack.extend(fresh.stack)
            run.st = fresh.st
            run.actual.extend(fresh.actual)
            run.span = fresh.span
            run.path, run.rect = fresh.path, fresh.rect
        else:
            run.stack.extend(self._restore(run, g, start) for g in entry.stack)
            run.st = self._restore(run, entry.st, start)
            run.actual.extend(_relocated(a, base) for a in entry.actual)
            run.span = _relocated(entry.span, base)
            run.path, run.rect = list(entry.path), entry.rect
        run.tm, run.tlm = entry.tm, entry.tlm
        states = run.states
        states.in_text, states.in_path, states.clipping, saves, marked, index = entry.states
        states.saves += saves
        states.marked += marked
        states.index += index
        run.seen |= entry.seen

    def _restore(self, run: _Run, fields: dict, start: _GState) -> _GState:
        st = _GState(**fields)
        if fields["font_label"] is _START:
            st.font, st.font_label = start.font, start.font_label
        else:
            st.font, st.font_label = self._selected(run, fields["font_label"])
        return st

    def _show(self, items, st: _GState, tm: Matrix, out: PageContent, where,
              span: tuple[int, str] | None) -> Matrix:
        font = st.font
        if font is None:
            out.problems.append(f"text shown with no font set ({st.font_name or 'no Tf'})")
            return tm
        label = st.font_label
        if label not in self.used_fonts:
            self.used_fonts[label] = font
        number = out.number
        mode = st.render_mode
        if mode in (0, 2, 4, 6):
            out.colours.append(ColourUse(number, "Tj", st.fill_space, where))
        if mode in (1, 2, 5, 6):
            out.colours.append(ColourUse(number, "Tj", st.stroke_space, where))
        rise = st.rise
        # a right-to-left page shows the same glyphs at the same sizes a thousand times,
        # and the print and screen files of an output the same lines: each measured once
        key = (items[0] if len(items) == 1 and type(items[0]) is bytes else tuple(items),
               st.size, st.char_spacing, st.word_spacing, st.scale, rise)
        try:
            measured = font.measured.get(key)
        except TypeError:  # an operand that is neither a string nor a number
            measured = _measure(font, items, st)
        if measured is None:
            if len(font.measured) >= _FONT_CACHE_KEPT:
                font.measured.clear()
            measured = font.measured[key] = _measure(font, items, st)
        codes, text, advance, lo, hi, notdef_codes = measured
        # mat_mul(tm, st.ctm) written out (once a glyph on a right-to-left page)
        a1, b1, c1, d1, e1, f1 = tm
        a2, b2, c2, d2, e2, f2 = st.ctm
        a, b = a1 * a2 + b1 * c2, a1 * b2 + b1 * d2
        c, d = c1 * a2 + d1 * c2, c1 * b2 + d1 * d2
        e, f = e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2
        bbox = transform_bbox((a, b, c, d, e, f), 0, lo, advance, hi)
        out.runs.append(TextRun(
            number, label, codes, notdef_codes, text,
            span[1] if span else None,
            span[0] if span else None,
            bbox,
            (c * rise + e, d * rise + f),
            (a * advance + c * rise + e, b * advance + d * rise + f),
            abs(st.size) * ((c * c + d * d) ** 0.5),
            where,
            st.fill_space,
            st.fill,
            st.op and st.opm == 1,
        ))
        # mat_mul((1, 0, 0, 1, advance, 0), tm) written out: 1 * x is x, to the bit
        return (a1 + 0 * c1, b1 + 0 * d1, 0 * a1 + c1, 0 * b1 + d1,
                advance * a1 + 0 * c1 + e1, advance * b1 + 0 * d1 + f1)

    def _show_glyphs(self, glyphs: list[Glyph], st: _GState, select, out: PageContent,  # type: ignore[no-untyped-def]
                     where: str, span: tuple[int, str] | None,
                     ) -> tuple[Matrix, Matrix, int, int]:
        """A GLYPHS run, each glyph's Tm, Tf, Ts and Tj as _show shows them; returns the
        text matrix and the text line matrix after the last, and how many Tf and Ts the
        run holds (what the operators' check counts). A run changes nothing but the
        font, the size and the rise, so what _show works out from the ctm, the colour and
        the span is worked out once a run, and what it works out from a glyph's string,
        size and rise once a process (``FontInfo.placed``: a right-to-left page draws the
        same few hundred glyphs a thousand times); per glyph, only its translation is
        added, in the order _show adds it (the same floats, to the bit)."""
        runs_append = out.runs.append
        colours_extend = out.colours.extend
        new_run = tuple.__new__  # TextRun(...) without its keyword handling: 1,600 a page
        number = out.number
        actual, span_id = (span[1], span[0]) if span else (None, None)
        a2, b2, c2, d2, e2, f2 = st.ctm
        # mat_mul(tm, st.ctm) for a Tm of (1, 0, 0, 1, x, y), written out as _show does
        a, b = 1.0 * a2 + 0.0 * c2, 1.0 * b2 + 0.0 * d2
        c, d = 0.0 * a2 + 1.0 * c2, 0.0 * b2 + 1.0 * d2
        spacing = (st.char_spacing, st.word_spacing, st.scale)
        alike = (*spacing, a, b, c, d)
        mode = st.render_mode
        uses = ((ColourUse(number, "Tj", st.fill_space, where),) if mode in (0, 2, 4, 6)
                else ()) + ((ColourUse(number, "Tj", st.stroke_space, where),)
                            if mode in (1, 2, 5, 6) else ())
        fill_space, fill, overprint = st.fill_space, st.fill, st.op and st.opm == 1
        used = self.used_fonts
        chosen: tuple | None = None  # the (Tf name, size) selected last in this run
        label = None
        advance: float | None = None  # of the last glyph shown (None: not shown)
        x = y = 0.0
        fonts = rises = 0
        for x, y, font_name, size, rise, shown in glyphs:
            if font_name is not None:
                fonts += 1
                if (font_name, size) != chosen:
                    select(st, font_name, size)
                    chosen = (font_name, size)
            if rise is not None:
                rises += 1
                st.rise = rise
            font = st.font
            if font is None:
                out.problems.append(f"text shown with no font set ({st.font_name or 'no Tf'})")
                advance = None
                continue
            if st.font_label is not label:
                label = st.font_label
                if label not in used:
                    used[label] = font
            size, rise = st.size, st.rise
            key = (shown, size, rise, alike)
            placed = font.placed.get(key)
            if placed is None:
                placed = self._placed(font, shown, size, rise, spacing, a, b, c, d, st)
            codes, notdef_codes, text, x0, y0, x1, y1, sx, sy, ex, ey, on_page, advance \
                = placed
            e, f = x * a2 + y * c2 + e2, x * b2 + y * d2 + f2
            colours_extend(uses)
            runs_append(new_run(TextRun, (
                number, label, codes, notdef_codes, text, actual, span_id,
                (x0 + e, y0 + f, x1 + e, y1 + f), (sx + e, sy + f), (ex + e, ey + f),
                on_page, where, fill_space, fill, overprint)))
        tlm = (1.0, 0.0, 0.0, 1.0, x, y)
        if advance is None:
            return tlm, tlm, fonts, rises
        # _show's mat_mul((1, 0, 0, 1, advance, 0), tm), written out the same way
        return (1.0 + 0 * 0.0, 0.0 + 0 * 1.0, 0 * 1.0 + 0.0, 0 * 0.0 + 1.0,
                advance * 1.0 + 0 * 0.0 + x, advance * 0.0 + 0 * 1.0 + y), tlm, fonts, rises

    @staticmethod
    def _placed(font: FontInfo, shown: bytes, size: float, rise: float, spacing: tuple,
                a: float, b: float, c: float, d: float, st: _GState) -> tuple:
        """What _show works out for one glyph's string in this text state and ctm, but
        for its translation (e, f): its codes, .notdef codes, text, its box's and its
        start's and end's offsets from (e, f), its size on the page and its advance (the
        measurement kept here: no need for it in ``FontInfo.measured`` too)."""
        codes, text, advance, lo, hi, notdef_codes = _measure(font, (shown,), st)
        # transform_bbox's corners but for the translation: min(k + e) is min(k) + e,
        # rounding being monotonic
        ax0, ax1, cy0, cy1 = a * 0, a * advance, c * lo, c * hi
        bx0, bx1, dy0, dy1 = b * 0, b * advance, d * lo, d * hi
        xs = (ax0 + cy0, ax1 + cy0, ax0 + cy1, ax1 + cy1)
        ys = (bx0 + dy0, bx1 + dy0, bx0 + dy1, bx1 + dy1)
        placed = (codes, notdef_codes, text, min(xs), min(ys), max(xs), max(ys),
                  c * rise, d * rise, a * advance + c * rise, b * advance + d * rise,
                  abs(size) * ((c * c + d * d) ** 0.5), advance)
        if len(font.placed) >= _FONT_CACHE_KEPT:
            font.placed.clear()
        font.placed[(shown, size, rise, (*spacing, a, b, c, d))] = placed
        return placed

    def _do(self, name, resources, st: _GState, out: PageContent, where, depth) -> None:
        xobj = resources.get("/XObject", {}).get(name)
        if xobj is None:
            out.problems.append(f"XObject {name} is not in the resources")
            return
        sub = xobj.get("/Subtype")
        if sub == Name.Image:
            is_mask = bool(xobj.get("/ImageMask", False))
            space = st.fill_space if is_mask else describe_space(xobj.get("/ColorSpace"),
                                                                resources)
            out.colours.append(ColourUse(out.number, "Do", space, f"{where}, image {name}"))
            out.images.append(ImageUse(
                page=out.number, name=str(name), width_px=int(xobj.get("/Width", 0)),
                height_px=int(xobj.get("/Height", 0)), ctm=st.ctm, space=space,
                bits=int(xobj.get("/BitsPerComponent", 1 if is_mask else 8)), is_mask=is_mask,
                where=where,
            ))
            smask = xobj.get("/SMask")
            if isinstance(smask, pikepdf.Stream):
                pass  # soft masks are greyscale by definition
        elif sub == Name.Form:
            group = xobj.get("/Group")
            if isinstance(group, pikepdf.Dictionary) and "/CS" in group:
                space = describe_space(group.CS, resources)
                out.colours.append(ColourUse(out.number, "group", space, f"{where}, form {name}"))
            self._form(xobj, resources, st, out, f"form {name}", depth + 1)

    def _inline_image(self, image, resources, st: _GState, out: PageContent, where) -> None:
        d = getattr(image, "obj", None)
        raw = d.get("/CS", d.get("/ColorSpace")) if d is not None else None
        is_mask = bool(image.image_mask)
        if is_mask:
            space = st.fill_space
        else:
            space = describe_space(raw if raw is not None else Name.DeviceGray, resources)
        out.colours.append(ColourUse(out.number, "BI", space, f"{where}, inline image"))
        out.images.append(ImageUse(
            page=out.number, name="inline", width_px=int(image.width),
            height_px=int(image.height), ctm=st.ctm, space=space,
            bits=int(image.bits_per_component), is_mask=is_mask, where=where,
        ))

    def _pattern(self, name, resources, st, out: PageContent, where, depth) -> None:
        pattern = resources.get("/Pattern", {}).get(name)
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            space = describe_space(pattern.Shading.get("/ColorSpace"), resources)
            out.colours.append(ColourUse(out.number, "scn", space, f"{where}, pattern {name}"))
        elif isinstance(pattern, pikepdf.Stream):
            self._form(pattern, resources, _GState(), out, f"pattern {name}", depth + 1)
