"""Split a paragraph into runs by bidi level, script and font coverage, and shape them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import icu

from posters.languages import Language

from .bidi import BIDI_CONTROLS
from .breaking import grapheme_ends
from .fonts import FontStore, LoadedFont
from .model import MissingGlyphError
from .punctuation import trimmed_punctuation
from .shaping import ShapedGlyph, shape

_NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
_script_cache: dict[str, str] = {}


@dataclass(frozen=True)
class Item:
    """One shaped run in logical order: same level, script, font and span."""

    start: int
    end: int
    level: int
    font: LoadedFont
    span: int
    scale: float
    glyphs: tuple[ShapedGlyph, ...]


def is_ignorable(ch: str) -> bool:
    """Default-ignorable characters need no glyph: bidi controls, ZWJ/ZWNJ, selectors."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cf" or "\ufe00" <= ch <= "\ufe0f"


def script_of(ch: str) -> str:
    tag = _script_cache.get(ch)
    if tag is None:
        tag = _script_cache[ch] = icu.Script.getScript(ch).getShortName()
    return tag


def _fill_neutral(values: list, neutral) -> list:
    """Neutral entries take the value before them, or after them at the start."""
    last = None
    for i, v in enumerate(values):
        if neutral(v):
            if last is not None:
                values[i] = last
        else:
            last = v
    nxt = None
    for i in range(len(values) - 1, -1, -1):
        if neutral(values[i]):
            if nxt is not None:
                values[i] = nxt
        else:
            nxt = values[i]
    return values


def itemize(
    text: str,
    span_of: Sequence[int],
    span_bold: Sequence[bool],
    span_scale: Sequence[float],
    levels: Sequence[int],
    setup: Language,
    store: FontStore,
) -> list[Item]:
    n = len(text)
    if n == 0:
        return []
    fonts: list[LoadedFont | None] = [None] * n
    # A paragraph repeats its graphemes: each (grapheme, bold) is matched to a font once.
    chosen_for: dict[tuple[str, bool], LoadedFont | None] = {}
    start = 0
    for end in grapheme_ends(text):
        bold = span_bold[span_of[start]]
        key = (text[start:end], bold)
        if key in chosen_for:
            chosen = chosen_for[key]
        else:
            chosen = chosen_for[key] = _font_for(key[0], "bold" if bold else "regular",
                                                 setup, store)
        if chosen is not None:
            for i in range(start, end):
                fonts[i] = chosen
        start = end
    if all(f is None for f in fonts):
        fonts = [store.get(setup.stack[0], "regular")] * n
    fonts = _fill_neutral(fonts, lambda f: f is None)
    scripts = _fill_neutral([script_of(c) for c in text], lambda s: s in _NEUTRAL_SCRIPTS)
    halt = trimmed_punctuation(text, setup.lang)

    items: list[Item] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or (levels[i], scripts[i], fonts[i], span_of[i]) != (
            levels[start],
            scripts[start],
            fonts[start],
            span_of[start],
        ):
            font = fonts[start]
            assert font is not None
            rtl = levels[start] % 2 == 1
            glyphs = shape(font, text, start, i, rtl, scripts[start], setup.hb_language, halt)
            items.append(
                Item(
                    start,
                    i,
                    levels[start],
                    font,
                    span_of[start],
                    span_scale[span_of[start]],
                    glyphs,
                )
            )
            start = i
    return items


def _font_for(grapheme: str, style: str, setup: Language, store: FontStore
              ) -> LoadedFont | None:
    """The first font of the stack with every character of ``grapheme`` that needs a
    glyph; None if none does (only ignorable characters or a line feed)."""
    cps = [ord(c) for c in grapheme if not is_ignorable(c) and c != "\n"]
    if not cps:
        return None
    for fid in setup.stack:
        font = store.get(fid, style)
        if all(font.covers(cp) for cp in cps):
            return font
    raise MissingGlyphError(_uncovered(cps, setup, store, style), setup.lang, setup.stack)


def _uncovered(cps: list[int], setup: Language, store: FontStore, style: str) -> str:
    for cp in cps:
        if not any(store.get(fid, style).covers(cp) for fid in setup.stack):
            return chr(cp)
    return chr(cps[-1])  # each is covered somewhere, but no one font has the whole cluster
