"""What each drawn glyph says in the PDF's text layer.

Every glyph gets its own ToUnicode entry, in the logical order of its characters, so that
extractors which read only the font's mapping (pypdf, pdfminer, search indexers, many
screen readers) get the source text back: a ligature maps to all of its characters, an
Arabic contextual form to its letter, a Thai mark moved below its base to that mark. Where
the glyphs cannot each say their own characters (a pre-base vowel drawn before its
consonant, a vowel split in two, a conjunct), the cluster's whole text goes on its first
drawn glyph and the others say nothing; an ActualText span around the cluster says the
same for the readers that honour it. Right to left, a glyph with ink that would say
nothing (an Arabic letter's dots) is drawn as part of its letter's glyph instead
(``join_silent_glyphs``): PDFium reads an empty entry as the glyph's byte code.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from fnmatch import fnmatch
from itertools import pairwise
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from posters.render.fontfile import LazyFace
from posters.text.model import Glyph, GlyphRun

# Key code points for glyphs drawn with a text other than their own character: the
# private-use planes, which no font of ours maps. They never reach the PDF: ReportLab
# writes subset bytes, and the ToUnicode maps say the texts.
_KEY_RANGES = ((0xF0000, 0xFFFFD), (0x100000, 0x10FFFD), (0xE000, 0xF8FF))


def glyph_texts(
    text: str, gids: Sequence[int], nominal: Callable[[int], int | None],
    inked: Callable[[int], bool] = lambda gid: True,
) -> tuple[list[str], bool]:
    """The text of each glyph of one cluster (glyphs in logical order; ``nominal`` gives
    the font's glyph for a code point), and whether the cluster needs an ActualText span.

    A glyph that is its character's own glyph says that character. The glyphs between two
    such anchors share the characters between them: the first with ink (``inked``) says
    them all, the others (the dots of an Arabic letter drawn apart, the ring of Thai sara
    am, a blank placeholder) say nothing. If
    the anchors are out of order (a pre-base vowel) or characters have no glyph to say
    them, the first glyph says the whole cluster and an ActualText span says it again.
    The per-glyph texts always concatenate to ``text``."""
    n = len(gids)
    if n == 1:
        return [text], False
    anchors: list[tuple[int, int]] = []  # (glyph index, character index), both ascending
    used: set[int] = set()
    for i, gid in enumerate(gids):
        j = next(
            (k for k, ch in enumerate(text) if k not in used and nominal(ord(ch)) == gid
             and (ch.isspace() or inked(gid))), None
        )
        if j is None:
            continue
        if anchors and j < anchors[-1][1]:
            return _whole(text, n), True
        anchors.append((i, j))
        used.add(j)
    texts = [""] * n
    bounds = [(-1, -1), *anchors, (n, len(text))]
    for (g0, c0), (g1, c1) in pairwise(bounds):
        if g0 >= 0:
            texts[g0] = text[c0]
        between = text[c0 + 1 : c1]
        if not between:
            continue
        speaker = next((g for g in range(g0 + 1, g1) if inked(gids[g])), None)
        if speaker is not None:
            texts[speaker] = between  # the first glyph with ink between the anchors
        elif g0 >= 0:
            texts[g0] += between  # no inked glyph of their own: the anchor before says them
        else:
            return _whole(text, n), True
    return texts, False


def join_silent_glyphs(run: GlyphRun, font) -> GlyphRun:
    """``run`` with every glyph of a right-to-left cluster that has ink but says nothing
    (the dots Noto Sans Arabic draws apart from their letter, the Nastaliq letters' dots
    and other parts) drawn as part of the glyph that says its cluster's text before it
    (``font``: a DrawFont; its ``joined_glyph`` draws both outlines where they were).

    PDFium (Chromium's viewer) reads a glyph whose ToUnicode entry is empty as its byte
    code (``#``, ``$``, a control character); poppler, pypdf and pdfminer read nothing.
    A glyph that says nothing and draws nothing (a bridge, a blank) stays apart: PDFium
    leaves out a text object with no ink. Left to right, such glyphs stand inside the
    run's ActualText span, which PDFium reads instead of the glyphs."""
    if not run.rtl:
        return run
    glyphs = run.glyphs
    pen, at = [], 0.0
    for g in glyphs:
        pen.append(at)
        at += g.x_advance
    units = font.upem / run.size

    def offset(i: int, carrier: int) -> tuple[int, int] | None:
        """Glyph i's outline from the carrier's origin, in font units (None: not whole)."""
        gi, gc = glyphs[i], glyphs[carrier]
        dx = (pen[i] + gi.x_offset - pen[carrier] - gc.x_offset) * units
        dy = (gi.y_offset - gc.y_offset) * units
        if abs(dx - round(dx)) > 1e-3 or abs(dy - round(dy)) > 1e-3:
            return None
        return round(dx), round(dy)

    joined: dict[int, list[tuple[int, int, int]]] = {}  # carrier -> its parts
    dropped: set[int] = set()
    said = []
    for text, indexes in run.clusters:
        logical = list(reversed(indexes))
        texts, _ = font.cluster_texts(text, tuple(glyphs[i].gid for i in logical))
        said.append((logical, texts))
    # Nastaliq's letters cascade off the baseline: a letter's marks are drawn with it,
    # and said by a span of a bridge (render/text.py _cascades, _cascade_spans)
    cascades = any(glyphs[i].y_offset and t and unicodedata.category(t[0])[0] == "L"
                   for logical, texts in said for i, t in zip(logical, texts, strict=True))
    for (_text, indexes), (logical, texts) in zip(run.clusters, said, strict=True):
        if len(indexes) < 2:
            continue
        if not cascades and _letter_with_marks(texts):
            continue  # its marks' glyphs go in a reading span (text.py _letter_with_marks)
        carrier = None
        pending: list[int] = []  # silent glyphs before any glyph that says something
        for i, t in zip(logical, texts, strict=True):
            g = glyphs[i]
            if t:
                if font.inked(g.gid):
                    carrier = i
                    for j in pending:
                        _join(joined, dropped, glyphs, carrier, j, offset(j, carrier))
                    pending = []
                continue
            if g.x_advance or not font.inked(g.gid):
                continue  # it takes room, or has no ink: PDFium leaves it out
            if carrier is None:
                pending.append(i)
            else:
                _join(joined, dropped, glyphs, carrier, i, offset(i, carrier))
    if not dropped:
        return run
    new_index: dict[int, int] = {}
    kept: list[Glyph] = []
    for i, g in enumerate(glyphs):
        if i in dropped:
            continue
        new_index[i] = len(kept)
        parts = joined.get(i)
        kept.append(replace(g, gid=font.joined_glyph(tuple(parts))) if parts else g)
    clusters = tuple((text, tuple(new_index[i] for i in indexes if i in new_index))
                     for text, indexes in run.clusters)
    return replace(run, glyphs=tuple(kept), clusters=clusters)


def _letter_with_marks(texts: list[str]) -> bool:
    """Whether a cluster's first glyph says its letter and marks, the others nothing (the
    font's shadda-with-vowel glyphs): the glyphs that say nothing draw the marks."""
    first = texts[0]
    return (len(first) > 1 and unicodedata.category(first[0])[0] == "L"
            and all(unicodedata.category(c)[0] == "M" for c in first[1:])
            and not any(texts[1:]))


def _join(joined, dropped, glyphs, carrier: int, i: int, at: tuple[int, int] | None) -> None:
    if at is None:
        return
    parts = joined.setdefault(carrier, [(glyphs[carrier].gid, 0, 0)])
    parts.append((glyphs[i].gid, *at))
    dropped.add(i)


def _whole(text: str, n: int) -> list[str]:
    return [text, *([""] * (n - 1))]


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, codes: Sequence[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap for one 256-code subset: ``codes[i]`` is the key code point
    ReportLab subset under byte ``i``; ``texts`` says what keys that are not themselves
    stand for. A glyph that says nothing maps to the empty string."""
    entries = []
    for i, code in enumerate(codes):
        text = texts.get(code)
        if text is None:
            if code < 0x20 or code == 0x7F:
                continue  # .notdef and the control codes of ReportLab's ASCII subset
            text = chr(code)
        entries.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({name})",
        f"/Ordering ({name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(codes) - 1:02X}>",
        "endcodespacerange",
    ]
    # at most 100 entries per bfchar block (PDF 32000-1, 9.10.3)
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class MappedTTFont(TTFont):
    """A ReportLab TrueType font whose ToUnicode maps come from ``texts`` (key code point
    -> the characters its glyph stands for) instead of the key code points themselves."""

    def __init__(self, name: str, filename: str):
        # TTFont.__init__, with a face that reads the file on demand (fontfile.py)
        self.fontName = name
        self.face = LazyFace(filename)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
        self.texts: dict[int, str] = {}
        self._keys: dict[tuple[int, str, int, int], str] = {}
        self._next = [start for start, _ in _KEY_RANGES]
        self._lock = threading.Lock()
        self._silent: str | None = None  # the keys of codes 1 and 2 (_silent_keys)

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        # ReportLab's C accelerator wants charWidths to be a dict; this is its Python version
        width = self.face.charWidths.get
        default = self.face.defaultWidth
        return 0.001 * size * sum(width(ord(c), default) for c in text)

    def key_for(self, gid: int, text: str, width: float, spacing: int = 0,
                shift: int = 0) -> str:
        """The character to hand ReportLab so that it draws glyph ``gid`` and the text
        layer says ``text`` (``width``: the glyph's advance in 1000 units per em). With
        ``spacing`` or ``shift`` (font units), the glyph drawn is a copy of ``gid`` with
        that advance (else its own) and its outline raised by ``shift``
        (LazyFace.spacing_copy), and ``width`` is the copy's."""
        copied = bool(spacing or shift)
        if (not copied and len(text) == 1 and text != "\xa0"
                and self.face.charToGlyph.get(ord(text)) == gid):
            return text
        if not copied and not text and gid == self.face.charToGlyph.get(0x20):
            self._silent_keys()  # the font's space saying nothing: code 2 (line_end_key)
        with self._lock:
            key = self._keys.get((gid, text, spacing, shift))
            if key is None:
                code = self._allocate()
                if copied:
                    advance = spacing or self.face.hmetrics[gid][0]
                    self.face.charToGlyph[code] = self.face.spacing_copy(gid, advance, shift)
                    self.face.charWidths[code] = self.face._pdfScale(advance)
                else:
                    self.face.charToGlyph[code] = gid
                    self.face.charWidths[code] = width
                self.texts[code] = text
                key = self._keys[(gid, text, spacing, shift)] = chr(code)
        return key

    def line_end_key(self) -> str | None:
        """The key of the font's space saying nothing, which every document's first
        subset has at code 2 (None if the font has no space). PDFium reads codes 2 and
        3 of a glyph with an empty ToUnicode entry as nothing (``IsControlChar``), and
        takes a hyphen that ends the text it has read on a line for a word broken there
        (``CPDF_TextPage::IsHyphen``: the hyphen after a letter, the next line starting
        with a letter or digit), which it gives as U+FFFE and joins to the next line's
        word: drawn after the hyphen in the hyphen's own text object, this blank ends
        the line's text instead, and PDFium reads the hyphen and the line break."""
        keys = self._silent_keys()
        return keys[1] if len(keys) > 1 else None

    def zero_key(self) -> str | None:
        """The key of a copy of the font's space with an advance of one font unit, saying
        nothing, which every document's first subset has at code 3 (PDFium reads it as
        nothing)."""
        keys = self._silent_keys()
        return keys[2] if len(keys) > 2 else None

    def _silent_keys(self) -> str:
        """Keys that say nothing for codes 1 to 3 of a document's first subset: .notdef
        (never drawn), the font's space (line_end_key) and its copy with an advance of
        one unit (zero_key)."""
        with self._lock:
            if self._silent is None:
                cmap, widths = self.face.charToGlyph, self.face.charWidths
                space = cmap.get(0x20)
                glyphs = [(0, self.face.defaultWidth)]
                if space is not None:
                    # the copy's advance one unit, not none: no glyph that the text
                    # layer lists has a zero width (pdfminer.six parts a line at two)
                    glyphs += [(space, widths.get(0x20, 0)),
                               (self.face.spacing_copy(space, 1), self.face._pdfScale(1))]
                keys = []
                for gid, width in glyphs:
                    code = self._allocate()
                    cmap[code] = gid
                    widths[code] = width
                    self.texts[code] = ""
                    keys.append(chr(code))
                if space is not None:
                    self._keys[(space, "", 0, 0)] = keys[1]
                self._silent = "".join(keys)
        return self._silent

    def splitString(self, text, doc, encoding="utf-8"):
        # A document's first subset gives codes 1 to 3 to the silent keys first.
        if doc not in self.state and not getattr(self.face, "_full_font", None):
            super().splitString(self._silent_keys(), doc)
        return super().splitString(text, doc, encoding)

    def _allocate(self) -> int:
        cmap = self.face.charToGlyph
        for i, (_start, end) in enumerate(_KEY_RANGES):
            while self._next[i] <= end and self._next[i] in cmap:
                self._next[i] += 1
            if self._next[i] <= end:
                code = self._next[i]
                self._next[i] += 1
                return code
        raise RuntimeError(f"{self.fontName}: out of key code points")

    def addObjects(self, doc) -> None:
        """TTFont.addObjects (ReportLab 4), with each subset's ToUnicode map from
        to_unicode_cmap (ReportLab's own is not made, to be replaced) and its widths
        written by NumberArray."""
        from reportlab.pdfbase import pdfdoc
        from reportlab.pdfbase.ttfonts import SUBSETN

        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base = (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))
                    ).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = NumberArray(list(map(face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = to_unicode_cmap(base, list(subset), self.texts)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)
            font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


class NumberArray(PDFArray):
    """A PDFArray of numbers only (int or float), written as ReportLab writes a PDFArray
    (each number by fp_str, a line break every ten when not multiline), without its
    generic formatting of each element."""

    def __init__(self, numbers: list[float]) -> None:
        self.sequence = numbers
        for number in numbers:
            if type(number) not in (int, float):
                raise TypeError(f"not a number: {number!r}")

    def format(self, document, IND=b"\n "):  # type: ignore[no-untyped-def]
        numbers = self.sequence
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"[ " + IND.join(fp_str(n).encode("ascii") for n in numbers) + b" ]"
        lines = [fp_str(*numbers[at:at + 10]) for at in range(0, len(numbers), 10)]
        return b"[ " + " \n  ".join(lines).encode("ascii") + b" ]"
