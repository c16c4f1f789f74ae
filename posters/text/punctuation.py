# ruff: noqa: RUF001, RUF002, RUF003  (fullwidth CJK punctuation is what this module is about)
"""CJK punctuation compression (JLREQ 3.1.4, CLREQ; CSS text-spacing-trim: trim-adjacent,
as Chromium applies it by default): of two adjacent fullwidth punctuation marks the
blank half between them goes, so `。」`, `：“` and `）（` take one and a half em, not two.
The half-width forms are the font's own (its ``halt`` feature)."""

from __future__ import annotations

from posters.languages import cjk_punctuation

# Fullwidth punctuation whose glyph sits on one side of its em box
_OPENING = frozenset("（「『【〔〈《［｛〖〘“‘")
_CLOSING = frozenset("）」』】〕〉》］｝〗〙”’、。，．")
# On the left (closing) in Simplified Chinese fonts; centred, and left alone, in Japanese
# and Traditional Chinese ones
_COLONS = frozenset("：；")
_MIDDLE = frozenset("・")
_IDEOGRAPHIC_SPACE = "\u3000"


def _classes(lang: str) -> tuple[frozenset, frozenset] | None:
    style = cjk_punctuation(lang)  # the registry says which languages compress, and how
    if style == "centred-colon":
        return _CLOSING, _MIDDLE  # a centred colon keeps its em, as in Chromium
    if style == "closing-colon":
        return _CLOSING | _COLONS, _MIDDLE
    return None


def trimmed_punctuation(text: str, lang: str) -> tuple[int, ...]:
    """Indexes of the punctuation marks of ``text`` to set half-width."""
    classes = _classes(lang)
    if classes is None:
        return ()
    closing, middle = classes
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prev = text[i - 1] if i else ""
        if ch in closing and nxt and (nxt in closing or nxt in _OPENING or nxt in middle):
            out.append(i)  # 。」  。“  ）（  、・: the closing mark gives up its blank half
        elif ch in _OPENING and prev and (
            prev in _OPENING or prev in middle or prev == _IDEOGRAPHIC_SPACE
        ):
            out.append(i)  # （「  ・「: the second opening mark gives up its blank half
    return tuple(out)
