"""Paragraph preparation (size-independent, cached) and line setting at one size."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from posters.languages import Language

from .bidi import BIDI_CONTROLS, embedding_levels, isolate_tokens, visual_order
from .breaking import line_breaks, phrase_breaks
from .fonts import FontStore
from .itemize import Item, itemize
from .lru import BoundedCache
from .model import Glyph, GlyphRun, Line, Span

# Prepared paragraphs kept, least recently used out first: every text of the language
# being built (its formats share most texts: some 60 paragraphs, 0.5 MiB) and more. A
# paragraph holds per character its span, advance and break data, and the shaped glyphs
# of its runs; bytes measured with tracemalloc as what emptying the cache frees (265
# texts of five scripts: 2.01 MiB).
PREPARED_CACHE_BYTES = 3 << 19  # 1.5 MiB
PARAGRAPH_BYTES, PARAGRAPH_BYTES_PER_CHAR, PARAGRAPH_BYTES_PER_GLYPH = 768, 64, 140


def prepared_bytes(paragraphs: tuple[Paragraph, ...]) -> int:
    """About the bytes a text's prepared paragraphs hold (their glyphs included)."""
    return sum(PARAGRAPH_BYTES + PARAGRAPH_BYTES_PER_CHAR * len(p.text)
               + PARAGRAPH_BYTES_PER_GLYPH * sum(len(item.glyphs) for item in p.items)
               for p in paragraphs)


@dataclass(frozen=True)
class Paragraph:
    text: str
    span_of: tuple[int, ...]
    items: tuple[Item, ...]
    breaks: tuple[int, ...]
    prefix: tuple[float, ...]  # prefix sums of character advances, em x span scale
    phrases: tuple[int, ...] | None = None  # the breaks between phrases (ja, zh)


@dataclass(frozen=True)
class Prepared:
    paragraphs: tuple[Paragraph, ...]
    colors: tuple  # per span


def normalize_spans(spans: tuple[Span, ...] | list[Span], rtl: bool) -> list[str]:
    texts = []
    for span in spans:
        text = unicodedata.normalize("NFC", span.text.replace("\r\n", "\n"))
        texts.append(isolate_tokens(text) if rtl else text)
    return texts


class Preparer:
    def __init__(self, store: FontStore, max_bytes: int = PREPARED_CACHE_BYTES):
        self.store = store
        self._cache: BoundedCache[tuple[Paragraph, ...]] = BoundedCache(max_bytes,
                                                                       prepared_bytes)

    def prepare(self, spans, setup: Language, bold: bool) -> Prepared:
        texts = normalize_spans(spans, setup.rtl)
        bolds = tuple(bold if s.bold is None else s.bold for s in spans)
        scales = tuple(float(s.scale) for s in spans)
        key = (tuple(texts), bolds, scales, setup.lang)
        paragraphs = self._cache.get(key)
        if paragraphs is None:
            paragraphs = self._prepare(texts, bolds, scales, setup)
            self._cache.put(key, paragraphs)
        return Prepared(paragraphs, tuple(s.color for s in spans))

    def _prepare(self, texts, bolds, scales, setup: Language) -> tuple[Paragraph, ...]:
        full = "".join(texts)
        span_of_full = [i for i, t in enumerate(texts) for _ in t]
        out = []
        pos = 0
        for para_text in full.split("\n"):
            span_of = tuple(span_of_full[pos : pos + len(para_text)])
            pos += len(para_text) + 1
            levels = embedding_levels(para_text, setup.rtl)
            items = itemize(para_text, span_of, bolds, scales, levels, setup, self.store)
            adv = [0.0] * len(para_text)
            for item in items:
                for _gid, cluster, x_adv, _xo, _yo in item.glyphs:
                    adv[cluster] += x_adv * item.scale
            breaks = line_breaks(para_text, setup.icu_locale, setup.keep_all)
            phrases = phrase_breaks(para_text, setup.lang, breaks)
            out.append(
                Paragraph(para_text, span_of, tuple(items), tuple(breaks),
                          (0.0, *accumulate(adv)),
                          tuple(phrases) if phrases is not None else None)
            )
        return tuple(out)


def _trim(text: str, a: int, b: int) -> int:
    while b > a and (text[b - 1].isspace() or text[b - 1] in BIDI_CONTROLS):
        b -= 1
    return b


# A paragraph of at most this many lines is short (a headline, a caption, a call to
# action): it breaks between phrases where a phrase model exists and it avoids a last
# line shorter than a third of the box (18歳未 / 満). Longer text breaks as Chromium does.
SHORT_PARAGRAPH_LINES = 3
SHORT_LAST_LINE = 1 / 3


def break_lines(para: Paragraph, size: float, width: float) -> list[tuple[int, int]]:
    """The lines of a paragraph, (start, end-without-trailing-space) each: greedy, as
    Chromium breaks, except that short paragraphs break between phrases and avoid a
    short last line when they can in the same number of lines."""
    lines = greedy_lines(para, para.breaks, size, width)
    if len(lines) < 2 or len(lines) > SHORT_PARAGRAPH_LINES:
        return lines
    breaks = para.breaks
    if para.phrases is not None and para.phrases != para.breaks:
        by_phrase = greedy_lines(para, para.phrases, size, width)
        if len(by_phrase) == len(lines) and _fits(para, by_phrase, size, width):
            lines, breaks = by_phrase, para.phrases
    if _width(para, lines[-1], size) >= SHORT_LAST_LINE * width:
        return lines
    # Balance: the narrowest measure that keeps the number of lines (text-wrap: balance)
    lo, hi = 0.0, width
    best = lines
    for _ in range(16):
        mid = (lo + hi) / 2
        trial = greedy_lines(para, breaks, size, mid)
        if len(trial) == len(lines) and _fits(para, trial, size, mid):
            best, hi = trial, mid
        else:
            lo = mid
        if hi - lo < 0.5:
            break
    return best


def _width(para: Paragraph, line: tuple[int, int], size: float) -> float:
    a, e = line
    return (para.prefix[e] - para.prefix[a]) * size


def _fits(para: Paragraph, lines: list[tuple[int, int]], size: float, width: float) -> bool:
    return all(_width(para, line, size) <= width + 1e-6 for line in lines)


def greedy_lines(
    para: Paragraph, breaks: tuple[int, ...], size: float, width: float
) -> list[tuple[int, int]]:
    """Greedy line breaking at ``breaks``: (start, end-without-trailing-space) of every
    line."""
    text, prefix = para.text, para.prefix
    if not text:
        return [(0, 0)]
    lines = []
    a = 0
    last_ok = None
    i = 0
    while i < len(breaks):
        b = breaks[i]
        e = _trim(text, a, b)
        if (prefix[e] - prefix[a]) * size <= width + 1e-6:
            last_ok = b
            i += 1
            continue
        if last_ok is None:  # one unbreakable piece wider than the box: overflow
            lines.append((a, e))
            a = b
            i += 1
        else:
            lines.append((a, _trim(text, a, last_ok)))
            a = last_ok
        last_ok = None
    if a < len(text) or not lines:
        lines.append((a, _trim(text, a, len(text))))
    return lines


def natural_width(para: Paragraph, size: float) -> float:
    e = _trim(para.text, 0, len(para.text))
    return (para.prefix[e] - para.prefix[0]) * size


def _pieces(para: Paragraph, a: int, e: int) -> list[tuple[Item, int, int, list]]:
    """The items of text[a:e] that have glyphs there, logical order: (item, start, end,
    its glyphs there)."""
    pieces = []
    for item in para.items:
        if item.end <= a or item.start >= e:
            continue
        lo, hi = max(a, item.start), min(e, item.end)
        glyphs = [g for g in item.glyphs if lo <= g[1] < hi]
        if glyphs:
            pieces.append((item, lo, hi, glyphs))
    return pieces


def build_line(para: Paragraph, colors, a: int, e: int, size: float) -> list[GlyphRun]:
    """The glyph runs of text[a:e] in visual order, positioned from x = 0."""
    text = para.text
    pieces = _pieces(para, a, e)
    runs = []
    x = 0.0
    for idx in visual_order([p[0].level for p in pieces]):
        item, lo, hi, glyphs = pieces[idx]
        run_size = size * item.scale
        starts = sorted({g[1] for g in glyphs})
        ends = dict(zip(starts, [*starts[1:], hi], strict=True))
        out_glyphs = []
        clusters: list[tuple[int, list[int]]] = []
        indexes: list[int] = []
        last = -1
        width = 0.0
        for gid, cluster, x_adv, x_off, y_off in glyphs:
            if cluster != last:  # consecutive glyphs of one cluster are grouped
                indexes = []
                clusters.append((cluster, indexes))
                last = cluster
            indexes.append(len(out_glyphs))
            advance = x_adv * run_size
            out_glyphs.append(Glyph(gid, cluster, advance, x_off * run_size, y_off * run_size))
            width += advance
        runs.append(
            GlyphRun(
                font=item.font.ref,
                bold=item.font.bold,
                size=run_size,
                color=colors[item.span],
                rtl=item.level % 2 == 1,
                text=_visible(text[lo:hi]),
                x=x,
                width=width,
                glyphs=tuple(out_glyphs),
                clusters=tuple((_visible(text[c : ends[c]]), tuple(ix)) for c, ix in clusters),
                start=lo,
            )
        )
        x += width
    return runs


_INVISIBLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def _visible(s: str) -> str:
    """``s`` without its bidi controls."""
    return s.translate(_INVISIBLE)


def line_extent(para: Paragraph, a: int, e: int, size: float
                ) -> tuple[float, float | None, set]:
    """What ``build_line`` gives text[a:e] without making its glyphs: the line's width
    (the same sums in the same order, so the same float), its largest run size (None:
    no runs) and its runs' fonts."""
    pieces = _pieces(para, a, e)
    line_width: float = 0
    for idx in visual_order([p[0].level for p in pieces]):
        item, _, _, glyphs = pieces[idx]
        run_size = size * item.scale
        width = 0.0
        for glyph in glyphs:
            width += glyph[2] * run_size
        line_width += width
    max_size = max((size * p[0].scale for p in pieces), default=None)
    return line_width, max_size, {p[0].font.ref for p in pieces}


def measure_lines(prepared: Prepared, size: float, width: float, leading: float
                  ) -> tuple[tuple[float, ...], float, frozenset]:
    """``set_lines`` measured without setting glyphs: each line's height, the widest
    line's width and the fonts (FontRef) of the runs, each equal to what set_lines
    gives."""
    heights: list[float] = []
    widest = 0.0
    fonts: set = set()
    for para in prepared.paragraphs:
        for a, e in break_lines(para, size, width):
            line_width, max_size, line_fonts = line_extent(para, a, e, size)
            widest = max(widest, line_width)
            heights.append(leading * (size if max_size is None else max_size))
            fonts |= line_fonts
    return tuple(heights), widest, frozenset(fonts)


def set_lines(
    prepared: Prepared,
    store: FontStore,
    setup: Language,
    size: float,
    width: float,
    leading: float,
) -> tuple[list[Line], float]:
    """All lines at one size; returns them and the widest natural line width."""
    lines: list[Line] = []
    top = 0.0
    widest = 0.0
    primary = store.get(setup.stack[0], "regular")
    for para in prepared.paragraphs:
        for a, e in break_lines(para, size, width):
            runs = build_line(para, prepared.colors, a, e, size)
            line_width = sum(r.width for r in runs)
            widest = max(widest, line_width)
            if runs:
                max_size = max(r.size for r in runs)
                ascent = max(store.by_ref(r.font).ascender * r.size for r in runs)
                descent = max(store.by_ref(r.font).descender * r.size for r in runs)
            else:
                max_size = size
                ascent, descent = primary.ascender * size, primary.descender * size
            height = leading * max_size
            baseline = top + (height - (ascent + descent)) / 2 + ascent
            lines.append(
                Line(
                    baseline=baseline,
                    width=line_width,
                    ascent=ascent,
                    descent=descent,
                    height=height,
                    text=_visible(para.text[a:e]),
                    runs=tuple(runs),
                )
            )
            top += height
    return lines, widest
