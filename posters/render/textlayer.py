"""What each drawn glyph says in the PDF's text layer.

Every glyph gets its own ToUnicode entry, in the logical order of its characters, so that
extractors which read only the font's mapping (pypdf, pdfminer, search indexers, many
screen readers) get the source text back: a ligature maps to all of its characters, an
Arabic contextual form to its letter, a Thai mark moved below its base to that mark. Where
the glyphs cannot each say their own characters (a pre-base vowel drawn before its
consonant, a vowel split in two, a conjunct), the cluster's whole text goes on its first
drawn glyph and the others say nothing; an ActualText span around the cluster says the
same for the readers that honour it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from fnmatch import fnmatch
from itertools import pairwise
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from posters.render.fontfile import LazyFace

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
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        from reportlab.pdfbase.ttfonts import SUBSETN

        for n, codes in enumerate(subsets):
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
                    ).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, codes, self.texts)
