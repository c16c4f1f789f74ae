"""Line-break opportunities from ICU's BreakIterator (dictionaries for th, lo, km, my;
strict kinsoku for ja and zh), keep-all for Korean, and BudouX's phrase boundaries for
Japanese and Chinese (short, prominent text breaks between phrases, not inside words)."""

from __future__ import annotations

import threading
import unicodedata

import icu

from posters.languages import phrase_model

_iterators: dict[str, icu.BreakIterator] = {}
_chars_iter: list[icu.BreakIterator] = []
_lock = threading.Lock()


def _utf16_to_index(text: str) -> list[int] | None:
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    table = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


def _boundaries(bi: icu.BreakIterator, text: str) -> list[int]:
    with _lock:
        bi.setText(text)
        raw = list(bi)
    table = _utf16_to_index(text)
    return [table[p] for p in raw] if table else raw


def line_breaks(text: str, locale: str, keep_all: bool = False) -> list[int]:
    """Positions after which a line may end (ascending, ending with len(text))."""
    if not text:
        return [0]
    bi = _iterators.get(locale)
    if bi is None:
        bi = _iterators[locale] = icu.BreakIterator.createLineInstance(icu.Locale(locale))
    points = [p for p in _boundaries(bi, text) if p > 0]
    if keep_all:
        points = [
            p for p in points
            if p == len(text) or not (_letter_unit(text[p - 1]) and _letter_unit(text[p]))
        ]
    return points


# CSS word-break: keep-all suppresses the opportunities between "typographic letter
# units" of the NU, AL, AI and ID classes (Hangul syllables and jamo resolve to ID): so
# 9110번 stays whole, as in Chromium.
_LETTER_UNIT_CLASSES = frozenset(
    icu.Char.getPropertyValueEnum(icu.UProperty.LINE_BREAK, name)
    for name in ("NU", "AL", "AI", "ID", "H2", "H3", "JL", "JV", "JT")
)


def _letter_unit(ch: str) -> bool:
    return (
        icu.Char.getIntPropertyValue(ch, icu.UProperty.LINE_BREAK) in _LETTER_UNIT_CLASSES
        or _cjk(ch)
    )


_parsers: dict[str, object] = {}


def phrase_breaks(text: str, lang: str, breaks: list[int]) -> list[int] | None:
    """The line-break opportunities of ``breaks`` that fall between BudouX phrases
    (``有人向您`` / ``求助``, not ``外国`` / ``人``), or None without a model for ``lang``."""
    name = phrase_model(lang)
    if name is None or not text:
        return None
    parser = _parsers.get(name)
    if parser is None:
        import budoux

        parser = _parsers[name] = getattr(budoux, name)()
    ends = set()
    pos = 0
    for phrase in parser.parse(text):
        pos += len(phrase)
        ends.add(pos)
    return [p for p in breaks if p in ends or p == len(text) or text[p - 1].isspace()]


def grapheme_ends(text: str) -> list[int]:
    """End positions of the grapheme clusters of ``text``."""
    if not _chars_iter:
        _chars_iter.append(icu.BreakIterator.createCharacterInstance(icu.Locale.getRoot()))
    return [p for p in _boundaries(_chars_iter[0], text) if p > 0]


def _cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0xAC00 <= cp <= 0xD7AF  # Hangul syllables
        or 0x1100 <= cp <= 0x11FF
        or 0x3130 <= cp <= 0x318F
        or 0x4E00 <= cp <= 0x9FFF
        or 0x3040 <= cp <= 0x30FF
        or (unicodedata.east_asian_width(ch) == "W" and unicodedata.category(ch).startswith("L"))
    )
