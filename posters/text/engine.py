"""The text engine: fit spans into a box and measure them (posters.render.text draws)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from posters.languages import Language

from .config import FontConfig, load_config
from .fonts import FontStore
from .lru import BoundedCache
from .model import FontRef, SetText, Span, TextMeasure, TextOverflowError, TextStyle
from .setting import Prepared, Preparer, measure_lines, natural_width, set_lines

T = TypeVar("T")
_default: list[TextEngine] = []
# Set texts kept, least recently used out first: every text of a (language, format)
# group's size, whose regional variants a worker builds one after the other (a format is
# some 50 texts, 0.7 MiB), about three times over; bounded in bytes so that a batch of
# thousands of personalised outputs keeps a flat memory. On the sample's 70 generic
# outputs in one process 2 MiB sets 1 % more texts again than 4 MiB, and 1,000 texts
# (some 14 MiB, the bound before) as many as 4 MiB. Bytes per SetText, measured with
# tracemalloc as what emptying the cache frees (413 texts of five scripts, 15,717
# glyphs: 5.65 MiB): about 320 a glyph and 2 KiB a text (its lines, runs, strings).
FIT_CACHE_BYTES = 2 << 20  # 2 MiB
SET_TEXT_BYTES_PER_GLYPH = 320
SET_TEXT_BYTES = 2048
_default_lock = threading.Lock()
# Measured texts kept (posters.layout.blocks.languages measures every language's texts at
# a dozen sizes to find the one at which a sheet of every language fits): each attempt of
# a fit, keyed by the text, its weight, the size, the width and the leading (a measured
# line holds a few floats: about 100 bytes a line).
MEASURE_CACHE_BYTES = 1 << 20  # 1 MiB


def set_text_bytes(text: SetText) -> int:
    """About the bytes a SetText holds."""
    glyphs = sum(len(run.glyphs) for line in text.lines for run in line.runs)
    return SET_TEXT_BYTES + SET_TEXT_BYTES_PER_GLYPH * glyphs


class TextEngine:
    def __init__(self, config: FontConfig, cache_directory: Path | None = None):
        self.config = config
        self.fonts = FontStore(config, cache_directory)
        self._preparer = Preparer(self.fonts)
        # The same text in the same box (a regional variant, a second size of a format
        # built before) is set once while it is in use; SetText is immutable.
        self._fitted: BoundedCache[SetText] = BoundedCache(FIT_CACHE_BYTES, set_text_bytes)
        # each language's setup, once its fonts were found (asking looks for every font
        # file of its stack on disk); a language without one is asked again, and raises
        self._setups: dict[str, Language] = {}
        self._measured: BoundedCache[tuple[TextMeasure, float]] = BoundedCache(
            MEASURE_CACHE_BYTES, lambda found: 256 + 100 * len(found[0].lines))

    @classmethod
    def default(cls) -> TextEngine:
        """One engine per process (fonts load once and are reused)."""
        with _default_lock:
            if not _default:
                _default.append(cls(load_config()))
            return _default[0]

    def base_font(self) -> FontRef:
        """The document's base font (Noto Sans regular): the renderer makes it a canvas's
        initial font, so that no non-embedded Helvetica is referenced."""
        fid = (
            self.config.languages["en"].stack[0]
            if "en" in self.config.languages
            else next(iter(self.config.fonts))
        )
        return self.fonts.get(fid, "regular").ref

    def fit(
        self, spans: Sequence[Span] | str, lang: str, style: TextStyle, width: float, height: float
    ) -> SetText:
        """Set the spans in a width x height box at the largest size from style.size down
        to style.min_size (in style.step steps) at which they fit.

        Raises TextOverflowError if they do not fit at the minimum size and
        MissingGlyphError if no font of the language covers a character."""
        spans = _as_spans(spans)
        key = (spans, lang, style, round(width, 4), round(height, 4))
        cached = self._fitted.get(key)
        if cached is not None:
            return cached
        fitted = self._fit(spans, lang, style, width, height)
        self._fitted.put(key, fitted)
        return fitted

    def language(self, lang: str) -> Language:
        """The language's setup (``FontConfig.language``), looked up once."""
        setup = self._setups.get(lang)
        if setup is None:
            setup = self._setups[lang] = self.config.language(lang)
        return setup

    def fit_measure(
        self, spans: Sequence[Span] | str, lang: str, style: TextStyle, width: float,
        height: float
    ) -> TextMeasure:
        """What ``fit`` would set, measured without setting its glyphs: the same size,
        height, lines' heights and fonts, found by the same attempts (each remembered
        while in use: the same text at the same width and size is measured once)."""
        spans = _as_spans(spans)
        setup = self.language(lang)
        prepared = self._preparer.prepare(spans, setup, style.bold)
        leading = style.leading if style.leading is not None else setup.line_height

        def attempt(size: float):
            return self._measure_at(spans, lang, style.bold, prepared, size, width, height,
                                    leading)

        return _largest_fitting(style, lang, attempt)

    def _measure_at(self, spans: tuple[Span, ...], lang: str, bold: bool,
                    prepared: Prepared, size: float, width: float, height: float,
                    leading: float) -> tuple[TextMeasure, float, float]:
        """The text measured at ``size``, and how much it is too wide and too tall."""
        key = (spans, lang, bold, size, width, leading)
        found = self._measured.get(key)
        if found is None:
            lines, widest, fonts = measure_lines(prepared, size, width, leading)
            found = (TextMeasure(size, sum(lines), lines,
                                 frozenset(font.path for font in fonts)), widest)
            self._measured.put(key, found)
        measured, widest = found
        return measured, widest - width, measured.height - height

    def _fit(self, spans: tuple[Span, ...], lang: str, style: TextStyle, width: float,
             height: float) -> SetText:
        setup = self.language(lang)
        prepared = self._preparer.prepare(spans, setup, style.bold)
        leading = style.leading if style.leading is not None else setup.line_height

        def attempt(size: float):
            lines, widest = set_lines(prepared, self.fonts, setup, size, width, leading)
            total = sum(line.height for line in lines)
            over_w = widest - width
            over_h = total - height
            result = SetText(
                lang=lang,
                rtl=setup.rtl,
                align=style.align,
                box_width=width,
                width=widest,
                height=total,
                size=size,
                lines=tuple(lines),
            )
            return result, over_w, over_h

        tried: list[float] = []

        def first_set_then_measured(size: float):
            # the first size is set (it fits, mostly); the others only measured until the
            # one that fits is found, then set
            if not tried:
                tried.append(size)
                return attempt(size)
            return self._measure_at(spans, lang, style.bold, prepared, size, width, height,
                                    leading)

        found = _largest_fitting(style, lang, first_set_then_measured)
        return found if isinstance(found, SetText) else attempt(found.size)[0]

    def measure(
        self, spans: Sequence[Span] | str, lang: str, size: float, bold: bool = False
    ) -> float:
        """Natural width of the widest paragraph set on one line."""
        spans = _as_spans(spans)
        setup = self.language(lang)
        prepared = self._preparer.prepare(spans, setup, bold)
        return max((natural_width(p, size) for p in prepared.paragraphs), default=0.0)


def _largest_fitting(style: TextStyle, lang: str, attempt: Callable[[float], tuple[T, float, float]]
                     ) -> T:
    """``attempt(size)``'s result (and how much it is too wide and too tall) at the largest
    size from style.size down to style.min_size (in style.step steps) at which it fits;
    TextOverflowError if none does."""
    min_size = style.min_size if style.min_size is not None else style.size
    sizes = _size_steps(style.size, min_size, style.step)
    first, ow, oh = attempt(sizes[0])
    if ow <= 1e-6 and oh <= 1e-6:
        return first
    # The largest size that fits, by bisection over the steps (fit shrinks monotonically
    # in practice; the result is always verified).
    lo, hi = 1, len(sizes) - 1
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        result, ow, oh = attempt(sizes[mid])
        if ow <= 1e-6 and oh <= 1e-6:
            best = result
            hi = mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return best
    _, ow, oh = attempt(sizes[-1])
    axis, over = ("width", ow) if ow > 1e-6 else ("height", oh)
    raise TextOverflowError(lang, sizes[-1], over, axis)


def _as_spans(spans) -> tuple[Span, ...]:
    if isinstance(spans, str):
        return (Span(spans),)
    return tuple(spans)


def _size_steps(size: float, min_size: float, step: float) -> list[float]:
    if min_size > size:
        raise ValueError(f"min_size {min_size} is larger than size {size}")
    # sizes step in 4 decimals; a size whose rounding falls under its minimum (text set
    # at one size) is tried as it is
    first = round(size, 4)
    sizes = [first if first >= min_size else size]
    k = 1
    while True:
        s = round(size - k * step, 4)
        if s < min_size - 1e-9:
            break
        sizes.append(s)
        k += 1
    if sizes[-1] > min_size + 1e-9:
        sizes.append(min_size)
    return sizes
