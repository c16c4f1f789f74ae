"""Bidi levels (Unicode bidi algorithm via ICU), isolation of LTR tokens, line reordering."""

from __future__ import annotations

import re
from collections.abc import Sequence

import icu

from posters.schema.phone import NUMBER_IN_TEXT

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# URLs and phone-like tokens (digit groups joined by - . / or a leading + or #): in RTL
# text they must stay one left-to-right unit or their parts come out reversed.
_URL = r"(?:https?://|www\.)[^\s\u2066-\u2069]*[^\s\u2066-\u2069.,;:!?)\]}\u00bb\u201d\u2019'\"]"
_LTR_TOKEN = re.compile(rf"{_URL}|{NUMBER_IN_TEXT}")


def isolate_ltr(text: str) -> str:
    """Wrap ``text`` in LRI ... PDI so that it reads left to right inside RTL text."""
    if text.startswith(LRI) and text.endswith(PDI):
        return text
    return f"{LRI}{text}{PDI}"


def isolate_tokens(text: str) -> str:
    """Isolate every URL and phone-like token of ``text`` that is not isolated yet."""
    out: list[str] = []
    pos = 0
    for m in _LTR_TOKEN.finditer(text):
        start, end = m.span()
        already = text[start - 1 : start] == LRI and text[end : end + 1] == PDI
        out.append(text[pos:start])
        out.append(m.group() if already else isolate_ltr(m.group()))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """Resolved bidi level of every character of one paragraph."""
    if not text:
        return []
    if not rtl and all(ord(c) < 0x590 for c in text):
        return [0] * len(text)
    b = icu.Bidi()
    b.setPara(icu.UnicodeString(text), 1 if rtl else 0)
    levels16 = b.getLevels()
    out = []
    i16 = 0
    for ch in text:  # ICU counts UTF-16 units; map back to code points
        out.append(levels16[i16])
        i16 += 2 if ord(ch) > 0xFFFF else 1
    return out


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indexes of runs in visual (left-to-right) order, from their levels (rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(lv for lv in levels if lv % 2) if any(lv % 2 for lv in levels) else None
    if lowest_odd is None:
        return order
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
