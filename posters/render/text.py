"""Drawing set text on a ReportLab canvas: glyph IDs through ReportLab's TrueType subsetting,
each glyph with its own ToUnicode text (textlayer.py), in logical order, so that copying,
searching and every extractor give back the source text.

Set text names its fonts by file (FontRef): any process draws it, without the engine that
set it."""

from __future__ import annotations

import bisect
import functools
import math
import re
import sys
import threading
import unicodedata
import weakref
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from weakref import WeakKeyDictionary

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str

from posters.model import Colour
from posters.render.colours import cmyk
from posters.render.fonts import DrawFont, draw_font
from posters.render.textlayer import join_silent_glyphs
from posters.text.lru import BoundedCache
from posters.text.model import FontRef, Glyph, GlyphRun, Line, SetText

Paint = Callable[[Colour], Color]


def _actual_text(text: str) -> str:
    data = "\ufeff".__add__(text).encode("utf-16-be")
    return "/Span <</ActualText <" + data.hex().upper() + ">>> BDC"


def _reads_right_to_left(text: str) -> bool:
    """Whether pypdf treats some character of ``text`` as right-to-left: it goes by the
    Hebrew and Arabic blocks, which hold the Persian digits (bidi class EN) too."""
    return not text.isascii() and any(map(_right_to_left_char, text))


@functools.lru_cache(maxsize=4096)
def _right_to_left_char(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL", "AN") or 0x0590 <= ord(c) <= 0x08FF


def line_x(set_text: SetText, width: float) -> float:
    free = set_text.box_width - width
    align = set_text.align
    if align == "center":
        return free / 2
    at_right = (align == "end") != set_text.rtl
    return free if at_right else 0.0


def draw_set_text(canvas, set_text: SetText, x: float, y_top: float, paint: Paint = cmyk,
                  mark: Callable[[], str] | None = None,
                  overprint: Callable[[Color], list[str]] | None = None) -> None:
    """Draw ``set_text`` with its top-left corner at (x, y_top), PDF points. ``paint`` maps
    a span's colour to a ReportLab colour (the renderer's variant decides CMYK or RGB;
    print CMYK by default); runs without a colour take the canvas's fill colour. ``mark`` (tagged
    PDF) returns the operator that opens a new marked-content sequence of the text's
    structure element (``/P <</MCID 3>> BDC``); see :func:`_marked`. ``overprint`` (print)
    returns the operators that set the overprint a text colour needs (posters.render.pdf).

    What the text draws at a place is worked out once (a :class:`_Plan`, kept in a small
    cache while the set text lives: regional variants and the print and screen files of a
    poster draw the same texts at the same places); each document fills in only what is
    its own: the subset codes and font names ReportLab gives the glyphs in that document,
    the colours, the marked-content identifiers."""
    doc = canvas._doc
    fonts = _document_fonts(doc)
    key = (id(set_text), x, y_top, mark is not None)
    plan = _plans.get(key, set_text, fonts)
    if plan is not None:
        numbers = plan.assign(doc)
        if plan.fits(numbers):
            plan.fill(canvas, numbers, paint, mark, overprint)
            return
    draft = _Draft(set_text, x, y_top, fonts)
    if draft.empty:
        return
    numbers = draft.slots.assign(doc)
    plan = draft.plan(numbers, marked=mark is not None)
    _plans.put(key, set_text, plan)
    plan.fill(canvas, numbers, paint, mark, overprint)


_LINE = "%line"  # where a line starts in the code (not written out)


def _marked(code: list[str], mark) -> list[str]:
    """``code`` with its glyphs in marked-content sequences from ``mark``: each ActualText
    span in a sequence of its own, the glyphs between spans in others, a line in a new
    one (so that a reader that joins sequences with a space reads the line break). Poppler (pdfinfo
    -struct-text, pdftotext's tagged reading) closes the enclosing sequence at a nested
    span's EMC and would lose the text after it; nothing follows a span in our sequences."""
    out: list[str] = []
    depth = 0
    open_ = False
    for op in code:
        if op == _LINE:
            if open_ and not depth:
                out.append("EMC")
                open_ = False
            continue
        if op.startswith("/Span <<"):
            if depth == 0:
                if open_:
                    out.append("EMC")
                out.append(mark())
                open_ = True
            depth += 1
        elif op == "EMC" and depth:
            depth -= 1
            out.append(op)
            if depth == 0:
                out.append("EMC")
                open_ = False
            continue
        elif not open_ and op.endswith(("TJ", "Tj")):
            out.append(mark())
            open_ = True
        out.append(op)
    if open_:
        out.append("EMC")
    return out


def _fill_code(canvas, color) -> str:
    # Let ReportLab format the colour (RGB, CMYK, spot) exactly as setFillColor would;
    # a fresh text object starts its code with its own BT and Tm, which are not ours to
    # copy: inside our BT they would open a text object in a text object.
    kind = type(color)
    if (kind is CMYKColor or kind is Color) and canvas._enforceColorSpace is None \
            and color.alpha is not None and canvas._extgstate.getValue("ca") == color.alpha:
        # a process or RGB colour whose alpha is already the fill's: only its colour
        # operator, the same for every canvas (set once; the version check as ReportLab's)
        key = (kind, color.__key__)
        code = _plain_fill_codes.get(key)
        if code is not None:
            canvas._doc.ensureMinPdfVersion("transparency")
            return code
        if len(_plain_fill_codes) >= 1024:
            _plain_fill_codes.clear()
        code = _plain_fill_codes[key] = _text_fill_code(canvas, color)
        return code
    return _text_fill_code(canvas, color)


_plain_fill_codes: dict[tuple, str] = {}


def _text_fill_code(canvas, color) -> str:
    tx = canvas.beginText()
    start = len(tx._code)
    tx.setFillColor(color)
    return " ".join(tx._code[start:])


# Places in a plan's code that each document fills in (never in the PDF): a glyph's subset
# code and the font (subset) name selected for a glyph, by slot (every run's keys, then its
# bridges, in the order ReportLab is given them); a marked-content sequence opened; the
# colour operators before a run (0: before the first line).
_GLYPH, _NAME, _MARK, _COLOUR = "g", "n", "m", "c"
_GLYPH_OPEN = "(\x00" + _GLYPH  # a string of one glyph's hole, less its slot and end


def _hole(kind: str, number: int | str = "") -> str:
    return f"\x00{kind}{number}\x00"


_MARK_HOLE = _hole(_MARK)
# A plan's holes, as numbers: a glyph's code by slot (>= 0), a mark (-1), the font name of
# a slot's subset (-2 - slot).
_MARK_NUMBER = -1


class _DocumentFonts:
    """The drawing font of each FontRef, looked up once per document (draw_font checks the
    file each time it is asked)."""

    def __init__(self) -> None:
        self._fonts: dict[FontRef, DrawFont] = {}

    def get(self, ref: FontRef) -> DrawFont:
        font = self._fonts.get(ref)
        if font is None:
            font = self._fonts[ref] = draw_font(ref)
        return font


_document_fonts_of: WeakKeyDictionary = WeakKeyDictionary()
_document_fonts_lock = threading.Lock()


def _document_fonts(doc) -> _DocumentFonts:
    with _document_fonts_lock:
        fonts = _document_fonts_of.get(doc)
        if fonts is None:
            fonts = _document_fonts_of[doc] = _DocumentFonts()
        return fonts


def _signature(numbers: list[int], ranges: list[tuple[int, int]],
               pairs: list[tuple[int, int]] = ()) -> tuple:
    """Where the subset changes inside a run written as TJ arrays (a new font selection
    splits the array there), from ReportLab's codes (subset << 8 | byte) of the slots: for
    each such run that changes, its slots that start a new subset. Nothing else in a
    plan's code depends on the document's subsets."""
    out = []
    for start, end in ranges:
        if end - start > 1 and min(numbers[start:end]) >> 8 != max(numbers[start:end]) >> 8:
            out.append((start, tuple(n for n in range(start + 1, end)
                                     if numbers[n] >> 8 != numbers[n - 1] >> 8)))
    # and which of the glyphs written with a bridge after them share its subset
    out.append(tuple(numbers[a] >> 8 == numbers[b] >> 8 for a, b in pairs))
    return tuple(out)


@dataclass
class _RunDraft:
    """One run of a draft: the prepared run, its spacing copies and bridges, and what is
    handed to ReportLab for each glyph (keys) and bridge."""

    prepared: _Run
    copies: dict[int, tuple[int, int, float | None]]
    bridges: list[tuple[float, int]]
    y: float  # the baseline
    keys: list[str]
    widths: list[float]  # each key's width in the PDF (1000 units per em)
    rises: list[float]
    drawn: list[float]
    start: int  # the slot of its first key
    chars: str  # its keys, then its bridges' keys
    # reading spans (_reading_spans): the ActualText opened before a glyph, by index, with
    # the bridge written first in it (by place in ``bridges``, or None), and where poppler
    # is to take the span as ending, after the glyph that closes it; the last ``inner``
    # bridges are written in spans, not after the run
    opens: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    closes: dict[int, float] = field(default_factory=dict)
    inner: int = 0
    plain: set[int] = field(default_factory=set)  # clusters (first glyph) said by them
    # the font size poppler is to give the text of the run's spans (_reading_size), or
    # None for the run's own; and by glyph, the bridge (by place in ``bridges``) written
    # at that size before the EMC of the span that closes after it (_resized_spans)
    resize: float | None = None
    closers: dict[int, int] = field(default_factory=dict)
    # bridges (by place in ``bridges``) written with the two after them in one string
    # (_number_spans: a number's bridge, for PDFium)
    tails: set[int] = field(default_factory=set)
    # by glyph (a zero-width non-joiner's blank), the bridge (by place in ``bridges``)
    # written after it in its string (_non_joiners)
    after: dict[int, int] = field(default_factory=dict)
    # by glyph, the reading spans written after it (and after the span it closes), each
    # of one bridge (by place in ``bridges``): its text and where poppler is to take it
    # as ending (_cascade_spans: a Nastaliq glyph's characters after its first)
    trails: dict[int, list[tuple[str, int, float]]] = field(default_factory=dict)
    # in a text that mixes sizes, the bridges (by place in ``bridges``, and their size)
    # written before the run's glyphs and after everything of the run (_size_bridges)
    lead: tuple[int, float] | None = None
    trail: tuple[int, float] | None = None
    # right to left, the reading spans opened before a glyph that start with a bridge
    # (by place in ``bridges``) set that far (points) below the baseline, at a size
    # (_size_bridges)
    stones: list[tuple[int, int, float, float]] = field(default_factory=list)  # and size
    # right to left, after everything of the run, spans that read a right-to-left mark
    # alone, each started by a bridge (by place in ``bridges``) set that far (points)
    # below the baseline, at a size (_rungs)
    rungs: list[tuple[int, float, float]] = field(default_factory=list)

    @property
    def keys_end(self) -> int:
        return self.start + len(self.keys)


# a string's code points as array("I") bytes, in the machine's order
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
assert array("I").itemsize == 4


class _Slots:
    """What a set text hands ReportLab, slot by slot (every run's keys, then its bridges):
    each run's font and ReportLab's code point of each slot (splitString maps a no-break
    space to a space), and each font's code points in the order first given."""

    def __init__(self, runs: list[_RunDraft]) -> None:
        fonts: dict[FontRef, DrawFont] = {}
        for run in runs:
            fonts.setdefault(run.prepared.run.font, run.prepared.font)
        self.fonts = tuple(fonts.items())
        self.rls = [font.rl for font in fonts.values()]
        index = {ref: n for n, ref in enumerate(fonts)}
        self.runs: list[tuple[int, array]] = []
        first: list[dict[int, None]] = [{} for _ in fonts]
        for run in runs:
            n = index[run.prepared.run.font]
            points = array("I")
            points.frombytes(run.chars.replace("\xa0", " ").encode(_UTF32, "surrogatepass"))
            self.runs.append((n, points))
            first[n].update(dict.fromkeys(points))
        self.first = [array("I", points) for points in first]
        self.slot_fonts = array("H")
        for n, points in self.runs:
            self.slot_fonts.extend(array("H", [n]) * len(points))
        self.size = sys.getsizeof(self.slot_fonts) + sum(
            sys.getsizeof(points) + 120 for points in (*self.first, *(p for _, p in self.runs)))

    def assign(self, doc) -> list[int]:
        """ReportLab's code (subset << 8 | byte) for each slot in this document. New
        characters go to splitString in the order drawing always gave them (each font's
        own order: a font's subsets do not depend on another's), so that the document's
        subsets are the same; the codes are then read from its assignments."""
        lookups = []
        for rl, points in zip(self.rls, self.first, strict=True):
            state = rl.state.get(doc)
            assigned = state.assignments if state is not None else {}
            new = [chr(p) for p in points if p not in assigned]
            if new:
                rl.splitString("".join(new), doc)
                assigned = rl.state[doc].assignments
            lookups.append(assigned.get)
        numbers: list[int] = []
        for n, points in self.runs:
            get = lookups[n]
            numbers += [get(p, 0) for p in points]  # 0: a character the font lacks
        numbers.append(0)  # what the holes that are not glyphs read
        return numbers


class _Draft:
    """Everything about drawing a set text at a place that no document changes: each
    line's runs prepared, with their spacing copies, keys and bridges."""

    def __init__(self, set_text: SetText, x: float, y_top: float,
                 fonts: _DocumentFonts) -> None:
        self.set_text = set_text
        self.empty = not set_text.lines
        self.lines: list[tuple[str, bool, list[_RunDraft]]] = []
        # A left-to-right text with a line that mixes sizes (a statistic's figure set
        # larger inside its caption) says its whole text once more in one ActualText
        # span (_caption_text): poppler reads it as one word, at the caption's size
        # (_size_bridges), whatever the lines' spacing.
        self.mixed = any(len({r.size for r in line.runs}) > 1 for line in set_text.lines)
        self.caption = (_caption_text(set_text.lines)
                        if self.mixed and not set_text.rtl else None)
        built: list[tuple[Line, bool, list[_RunDraft]]] = []
        for line in set_text.lines:
            lx = x + line_x(set_text, line.width)
            baseline = y_top - line.baseline
            # Runs go out in logical order (an RTL line's runs right to left), each at its
            # visual place, so that extractors that keep the content stream's order read the
            # sentence; those that sort by position are not affected.
            # Extractors that build lines by font size (pdftotext) would read a larger
            # figure apart from its sentence: left to right, the text's span says it all.
            # Poppler reverses an ActualText string in right-to-left lines, so those keep
            # their glyphs' own order (which every extractor reads in -raw order).
            whole_line = self.caption is not None
            ordered = sorted(line.runs, key=lambda r: r.start)
            if not set_text.rtl and not whole_line and line.text.endswith(_HYPHENS):
                ordered[-1] = _ended_for_pdfium(ordered[-1], fonts)
            runs = [_prepare(run, lx + run.x, fonts, spans=not whole_line)
                    for run in ordered]
            copies, bridges = _spacing_copies(runs, jumps=set_text.rtl)
            drafts = [_run_draft(run, baseline, copied, bridged, 0)
                      for run, copied, bridged in zip(runs, copies, bridges, strict=True)]
            if set_text.rtl:
                drafts = _reading_spans(drafts, _reading_size(set_text, line))
                for draft in drafts:
                    _non_joiners(draft)
            built.append((line, whole_line, drafts))
        stones = _stones(set_text, [drafts for _, _, drafts in built]) if (
            self.mixed and set_text.rtl) else [(0.0, 0.0, True)] * len(built)
        if self.mixed and set_text.rtl:
            stones = _rungs(set_text, [drafts for _, _, drafts in built], stones)
        slot = 0
        for (line, whole_line, drafts), stone in zip(built, stones, strict=True):
            if self.mixed:
                _size_bridges(drafts, set_text, not set_text.rtl, stone)
            for draft in drafts:
                draft.start = slot
                slot += len(draft.chars)
            self.lines.append((line.text, whole_line, drafts))
        self.runs = [run for _, _, drafts in self.lines for run in drafts]
        self.slots = _Slots(self.runs)

    def plan(self, numbers: list[int], marked: bool) -> _Plan:
        """The text's code with holes for what each document fills in; ``numbers`` (this
        document's codes of the slots, subset << 8 | byte) decide only where a TJ array
        is split (_signature)."""
        code: list[str] = [_hole(_COLOUR, 0)]
        number = 0
        for n, (_text, _whole_line, drafts) in enumerate(self.lines):
            code.append(_LINE)
            if self.caption is not None and n == 0:
                code.append(_actual_text(self.caption))
            for draft in drafts:
                number += 1
                code.append(_hole(_COLOUR, number))
                _run_code(code, draft, numbers)
        if self.caption is not None:
            code.append("EMC")
        ops = _marked(code, lambda: _MARK_HOLE) if marked else [op for op in code
                                                                 if op != _LINE]
        ranges = [(run.start, run.keys_end) for run in self.runs if not run.prepared.in_order]
        ranges += [(run.keys_end + n, run.keys_end + n + 3)  # a bridge and its ends
                   for run in self.runs for n in sorted(run.tails)]
        pairs = [(run.start + i, run.keys_end + n)  # a glyph and the bridge after it
                 for run in self.runs for i, n in sorted(run.after.items())]
        return _Plan(self, ops, ranges, _signature(numbers, ranges, pairs), pairs)


class _Plan:
    """A set text's code at a place, compiled: literal code, and holes that
    :meth:`fill` fills in for a document (immutable once made; shared by every document
    that draws the same text at the same place)."""

    def __init__(self, draft: _Draft, ops: list[str], ranges: list[tuple[int, int]],
                 signature: tuple, pairs: list[tuple[int, int]]) -> None:
        self.slots = slots = draft.slots
        self.fonts = slots.fonts
        self.colours = [run.prepared.run.color for run in draft.runs]
        self.ranges, self.pairs = ranges, pairs
        self.signature = signature
        self.template: list[int | str | tuple[str, array, tuple[tuple[int, int], ...]]] = []
        group: list[str] = []
        for op in ops:
            if op.startswith("\x00c"):
                self._add(group)
                self.template.append(int(op[2:-1]))
            else:
                group.append(op)
        self._add(group)
        self.size = 600 + slots.size + sum(map(_size_of, self.template))

    def _add(self, group: list[str]) -> None:
        if not group:
            return
        text = "\n".join(group)
        group.clear()
        parts = text.split("\x00")  # literal code and holes, in turn
        if len(parts) == 1:
            self.template.append(text)
            return
        found = parts[1::2]
        # the slot of each glyph hole (-1 for the others)
        holes = array("i", [int(hole[1:]) if hole[0] == _GLYPH else -1 for hole in found])
        # (hole, the slot of a font name or -1: a mark)
        special = tuple((n, int(hole[1:]) if hole[0] == _NAME else -1)
                        for n, hole in enumerate(found) if hole[0] != _GLYPH)
        fmt = "%s".join(literal.replace("%", "%%") for literal in parts[0::2])
        self.template.append((fmt, holes, special))

    def assign(self, doc) -> list[int]:
        return self.slots.assign(doc)

    def fits(self, numbers: list[int]) -> bool:
        """Whether this document's subsets split the TJ arrays where the plan does."""
        return _signature(numbers, self.ranges, self.pairs) == self.signature

    def fill(self, canvas, numbers: list[int], paint: Paint, mark, overprint) -> None:
        doc = canvas._doc
        base_color = canvas._fillColorObj
        colours: list[list[str]] = [overprint(base_color) if overprint is not None else []]
        current_color = base_color
        for colour in self.colours:
            color = base_color if colour is None else paint(colour)
            if color != current_color:
                ops = [_fill_code(canvas, color)]
                if overprint is not None:
                    ops.extend(overprint(color))
                current_color = color
                colours.append(ops)
            else:
                colours.append([])
        escaped = _escapes(canvas)
        names: dict[tuple[int, int], str] = {}
        slot_fonts, rls = self.slots.slot_fonts, self.slots.rls
        out: list[str] = []
        for item in self.template:
            if isinstance(item, int):
                out.extend(colours[item])
            elif isinstance(item, str):
                out.append(item)
            else:
                fmt, holes, special = item
                values = [escaped[numbers[slot] & 0xFF] for slot in holes]
                for hole, slot in special:
                    if slot < 0:
                        values[hole] = mark()
                        continue
                    name_key = (slot_fonts[slot], numbers[slot] >> 8)
                    name = names.get(name_key)
                    if name is None:
                        name = names[name_key] = rls[name_key[0]].getSubsetInternalName(
                            name_key[1], doc)
                    values[hole] = name
                out.append(fmt % tuple(values))
        canvas.saveState()
        canvas._code.append("BT")
        canvas._code.extend(out)
        canvas._code.append("ET")
        canvas.restoreState()


def _size_of(item: int | str | tuple[str, array, tuple[tuple[int, int], ...]]) -> int:
    """The bytes a template item holds (roughly: what Python allocates for it)."""
    if isinstance(item, tuple):
        fmt, holes, special = item
        return (sys.getsizeof(item) + sys.getsizeof(fmt) + sys.getsizeof(holes)
                + sys.getsizeof(special) + 64 * len(special))
    return sys.getsizeof(item) + 8


_escapes_of: dict = {}


def _escapes(canvas) -> list[str]:
    """The canvas's escape of each byte, as it writes a one-byte string."""
    escape = canvas._escape
    key = getattr(escape, "__func__", escape)
    table = _escapes_of.get(key)
    if table is None:
        table = _escapes_of[key] = [escape(bytes((b,))) for b in range(256)]
    return table


class _PlanCache:
    """Plans by (set text, place, tagged): least recently used first out, bounded in
    entries and in (roughly) bytes (text/lru.py; no bound at all keeps nothing). A plan
    holds no reference to its set text (the text engine's caches decide how long set
    texts live): a weak reference tells that the text is the one the plan was made for."""

    def __init__(self, entries: int, size: int) -> None:
        self._kept: BoundedCache[tuple[weakref.ref, _Plan]] | None = (
            BoundedCache(size, lambda kept: kept[1].size, max_entries=entries)
            if entries > 0 and size > 0 else None)

    @property
    def size(self) -> int:
        """The estimated bytes of the plans kept."""
        return self._kept.cost if self._kept is not None else 0

    def get(self, key: tuple, set_text: SetText, fonts: _DocumentFonts) -> _Plan | None:
        found = self._kept.get(key) if self._kept is not None else None
        if found is None or found[0]() is not set_text:
            return None
        plan = found[1]
        if any(fonts.get(ref) is not font for ref, font in plan.fonts):
            return None  # a font file changed
        return plan

    def put(self, key: tuple, set_text: SetText, plan: _Plan) -> None:
        if self._kept is not None:
            self._kept.put(key, (weakref.ref(set_text), plan))

    def clear(self) -> None:
        if self._kept is not None:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept) if self._kept is not None else 0


# Enough for the texts of a few (language, format) groups: a worker builds a group's
# regional variants one after the other, and they share all but the local contacts.
_PLAN_ENTRIES = 512
_PLAN_BYTES = 4 << 20
_plans = _PlanCache(_PLAN_ENTRIES, _PLAN_BYTES)


@dataclass
class _Run:
    """A run ready to be written: its font, pen positions, what each glyph says and the
    order the glyphs go out in."""

    run: GlyphRun
    font: DrawFont
    pen: list[float]  # where the pen is before each glyph (points)
    end: float  # where it is after the last
    in_order: bool  # glyphs each placed by its own text matrix, in logical order
    said: list[tuple[int, str]]  # (glyph index, its text), in the order first asked
    clusters: list[tuple[list[int], str | None]]  # (glyph indexes, ActualText)
    order: list[int]  # glyph indexes in content order
    spans: bool  # ActualText spans allowed (not inside a line's own)

    xs: list[float]  # where each glyph is drawn (points)
    widths: list[float]  # each glyph's own width in the PDF (points)
    own: list[float]  # and in 1000 units per em (DrawFont.glyph_width_1000)


# The hyphens PDFium takes for a word broken at a line's end (CPDF_TextPage IsHyphenCode).
_HYPHENS = ("-", "\xad")


def _ended_for_pdfium(run: GlyphRun, fonts: _DocumentFonts) -> GlyphRun:
    """A left-to-right run that ends a line with a hyphen, with the font's space saying
    nothing after it (MappedTTFont.line_end_key: code 2, which PDFium reads as nothing),
    drawn in the same TJ with no advance: PDFium then reads `кто-` and a line break, not
    `кто\ufffe` joined to the next line's word. Poppler, pypdf and pdfminer.six read
    nothing for it, as for a bridge."""
    if run.rtl or not run.glyphs or not run.text.endswith(_HYPHENS):
        return run
    font = fonts.get(run.font)
    if font.rl.line_end_key() is None:
        return run
    space = font.nominal_glyph(0x20)
    last = run.glyphs[-1]
    blank = Glyph(space, last.cluster, 0.0, 0.0, 0.0)
    return replace(run, glyphs=(*run.glyphs, blank),
                   clusters=(*run.clusters, ("", (len(run.glyphs),))))


def _prepare(run: GlyphRun, x: float, fonts: _DocumentFonts, spans: bool = True) -> _Run:
    """``spans`` False inside a line's own ActualText span (ActualText spans do not nest
    in extractors)."""
    font = fonts.get(run.font)
    run = join_silent_glyphs(run, font)  # an Arabic letter's dots are drawn with it
    glyphs, rtl = run.glyphs, run.rtl
    pen = []
    append_pen = pen.append
    px = x
    for g in glyphs:
        append_pen(px)
        px += g.x_advance
    in_order = rtl or _reads_right_to_left(run.text)
    # The glyphs of each cluster in logical order, with what each says in the text layer.
    said: list[tuple[int, str]] = []
    clusters: list[tuple[list[int], str | None]] = []
    say, cluster = said.append, clusters.append
    for text, indexes in (reversed(run.clusters) if rtl else run.clusters):
        if len(indexes) == 1:  # one glyph: in order, nothing to stack
            # (glyph_texts of one glyph: the cluster's text, no span)
            i = indexes[0]
            say((i, text))
            cluster(([i], None))
            continue
        logical = list(reversed(indexes)) if rtl else list(indexes)
        texts, needs_span = font.cluster_texts(text, tuple([glyphs[i].gid for i in logical]))
        said.extend(zip(logical, texts, strict=True))
        if rtl:
            # Glyphs that say nothing (an Arabic letter's dots) go last, so that a mark
            # follows its letter directly and pdftotext joins the two.
            saying = [i for i, t in zip(logical, texts, strict=True) if t]
            logical = saying + [i for i in logical if i not in saying]
        # Right to left, poppler reverses ActualText: the marks follow their letters in
        # the content stream instead, and only reordered clusters get a span.
        # Left to right, so does a cluster with a glyph of its own width that says
        # nothing (the left part of Tamil ோ, drawn before its consonant): poppler sees
        # no character where it stands and reads the gap as a space (அதிகமா னோர்).
        stacked = not rtl and len(logical) > 1 and any(
            not glyphs[i].x_advance or not t for i, t in zip(logical, texts, strict=True))
        clusters.append((logical, text if (needs_span or stacked) and spans else None))
    order = ([i for indexes, _ in clusters for i in indexes] if in_order
             else list(range(len(glyphs))))
    xs = [p + g.x_offset for p, g in zip(pen, glyphs, strict=True)]
    scale = run.size / 1000
    own = font.glyph_widths_1000([g.gid for g in glyphs])
    widths = [w * scale for w in own]
    return _Run(run, font, pen, px, in_order, said, clusters, order, spans, xs, widths, own)


def _run_draft(prepared: _Run, y: float, copies: dict[int, tuple[int, int, float | None]],
               bridges: list[tuple[float, int]], start: int) -> _RunDraft:
    """What ReportLab is given for the run's glyphs, each glyph i in ``copies`` drawn as its
    copy with that advance (0: its own) and its outline raised (font units), set that much
    lower, and where given elsewhere; then for the ``bridges`` (where, advance): see
    _spacing_copies."""
    run, font = prepared.run, prepared.font
    glyphs = run.glyphs
    keys: list[str] = [""] * len(glyphs)
    widths: list[float] = [0.0] * len(glyphs)
    rises = [g.y_offset for g in glyphs]
    drawn = list(prepared.xs)
    key_for, known = font.key_for, font.known_key
    if not copies:  # every glyph itself, where it stands
        for i, t in prepared.said:
            gid = glyphs[i].gid
            keys[i], widths[i] = known((gid, t, 0, 0)) or key_for(gid, t)
    for i, t in prepared.said if copies else ():
        copy = copies.get(i)
        if copy is None:  # the glyph itself, where it stands
            gid = glyphs[i].gid
            keys[i], widths[i] = known((gid, t, 0, 0)) or key_for(gid, t)
            continue
        advance, shift, x = copy
        keys[i], widths[i] = key_for(glyphs[i].gid, t, advance, shift)
        if shift:
            rises[i] -= shift * run.size / font.upem
        if x is not None:
            drawn[i] = x
    space = font.nominal_glyph(0x20) if bridges else None
    # a bridge of advance -1: the space's one-unit copy, at code 3 (_number_spans)
    bridging = [font.rl.zero_key() if advance < 0 else font.key_for(space, "", advance)[0]
                for _, advance in bridges] if space else []
    return _RunDraft(prepared, copies, bridges, y, keys, widths, rises, drawn, start,
                     "".join(keys) + "".join(bridging))


def _run_code(code: list[str], draft: _RunDraft, numbers: list[int]) -> None:
    """The run's code, with holes for its glyphs' codes and font names (``numbers``: the
    document's code of each slot, whose subset decides where a TJ array is split)."""
    prepared = draft.prepared
    run, pen = prepared.run, prepared.pen
    in_order, clusters = prepared.in_order, prepared.clusters
    widths = draft.widths
    out = _GlyphWriter(code, run, widths, numbers, draft.start, pen, draft.y, draft.rises,
                       draft.drawn)
    if draft.lead is not None:
        _sized_bridge(out, draft, numbers, *draft.lead)
    if in_order:
        # Right to left, glyphs go out in logical order, each at its visual position, so
        # that extractors reading the content stream (pdfminer) get the source order and
        # a mark follows its letter. pypdf reverses each run of right-to-left characters
        # it collects between font selections (it expects visual order): selecting the
        # font again before each glyph keeps every run one glyph long. The same holds for
        # digits inside right-to-left text (Persian ۳۰) set left to right: pypdf takes
        # Arabic-script digits for right-to-left characters and would reverse them.
        out.spacing = _spacing_in_order(run, widths, out.drawn, prepared.order)
        for indexes, actual in clusters:
            if indexes and indexes[0] in draft.plain:
                actual = None  # said by reading spans instead
            if actual is not None:
                code.append(_actual_text(actual))
            for i in indexes:
                out.subset = None
                opened = draft.opens.get(i)
                if opened is not None:
                    code.append(_actual_text(opened[0]))
                    _stone(out, draft, numbers, i)
                    if opened[1] is not None:
                        _open_bridge(out, draft, numbers, opened[1])
                then = draft.after.get(i)
                if then is not None:
                    then = draft.keys_end + then
                    if numbers[then] >> 8 != numbers[draft.start + i] >> 8:
                        then = None
                out.glyph_at(i, then)
                end = draft.closes.get(i)
                if end is not None:
                    _close_span(out, draft, numbers, i, end)
                for trail in draft.trails.get(i, ()):
                    _trailing_span(out, draft, numbers, *trail)
            if actual is not None:
                _close_span(out, draft, numbers, indexes[-1], None)
    else:
        # Left to right, visual order is logical order: one TJ. A run with a cluster
        # whose glyphs stack or are reordered (Thai, Devanagari, Khmer, Burmese) says its
        # text once more as one ActualText span: pdftotext orders characters by position
        # and would put a mark drawn at its base's right edge after the next letter
        # (ผูเ้), and small spans per cluster make it see gaps between them. So does a
        # run where a glyph starts well inside the previous glyph's width (kerning:
        # Ethiopic ኢሚ pulls back 0.24 em; CJK punctuation pairs compressed by `halt`,
        # U+FF09 U+3002 0.5 em): poppler takes such an overlap for the start of another line.
        whole = _whole(prepared)
        out.spacing = _spacing(run, widths, pen, prepared.end)
        if whole:
            code.append(_actual_text(run.text))
        opened = draft.opens.get(0)
        if opened is not None:  # a number's or a resized run's reading span (_reading_spans)
            code.append(_actual_text(opened[0]))
            _stone(out, draft, numbers, 0)
            if opened[1] is not None:
                _open_bridge(out, draft, numbers, opened[1])
        out.glyphs(range(len(run.glyphs)))
        if whole:
            _close_span(out, draft, numbers, len(run.glyphs) - 1, None)
        end = draft.closes.get(len(run.glyphs) - 1)
        if end is not None:
            _close_span(out, draft, numbers, len(run.glyphs) - 1, end)
    first = draft.keys_end
    for n, (x, _) in enumerate(draft.bridges[:len(draft.chars) - len(draft.keys)
                                             - draft.inner]):
        out.subset = None
        out.slot = first + n
        out.bridge(x, numbers[out.slot] >> 8, 0)
    if draft.trail is not None:
        _sized_bridge(out, draft, numbers, *draft.trail)
    for n, drop, size in draft.rungs:
        code.append(_actual_text(_RLM))
        out.slot = draft.keys_end + n
        out.bridge(draft.bridges[n][0], numbers[out.slot] >> 8, 0, size, rise=-drop)
        out.subset = None
        code.append("EMC")
    out.reset_rise()


def _sized_bridge(out: _GlyphWriter, draft: _RunDraft, numbers: list[int], n: int,
                  size: float) -> None:
    """The bridge ``n`` of the draft, written at ``size`` (_size_bridges)."""
    out.slot = draft.keys_end + n
    out.bridge(draft.bridges[n][0], numbers[out.slot] >> 8, 0, size)
    out.subset = None


# PDFium reads a space between two text objects where the gap is over a sixth of the
# wider one's first or last glyph's width (``NormalizeThreshold``, for widths of an em or
# more): a bridge's first glyph at most this many spaces wide keeps a space's gap above.
_SPACE_TEST = 4.5


def _non_joiners(draft: _RunDraft) -> None:
    """A zero-width non-joiner's blank (right to left: the font's space, its box centred
    on the join; text/shaping.py) gets the space's one-unit copy, saying nothing
    (code 3, which PDFium reads as nothing), after it in its TJ, on the join (a TJ
    number takes the pen back to the middle of the blank's box: a move to the left,
    which pypdf never reads as a space): PDFium leaves out a text object whose glyphs'
    boxes have no width (CPDF_TextPage::ProcessTextObject), and read می‌کنید as
    میکنید; a TJ of inkless glyphs reaches from the first one's origin to the last
    one's, and PDFium measures the gap to the next glyph from the last (at the blank's
    right edge it read `خانه ‌ای`). Poppler, pypdf and pdfminer.six read nothing for it."""
    prepared = draft.prepared
    if not prepared.in_order:
        return
    glyphs, font = prepared.run.glyphs, prepared.font
    for i, text in prepared.said:
        if text == "\u200c" and not font.inked(glyphs[i].gid) and draft.widths[i] > 0:
            key = font.rl.zero_key()
            if key is None:
                return
            draft.after[i] = len(draft.bridges)
            draft.bridges.append((draft.drawn[i], -1))
            draft.chars += key
            draft.inner += 1


def _open_bridge(out: _GlyphWriter, draft: _RunDraft, numbers: list[int], n: int) -> None:
    """The bridge ``n`` that starts a reading span, and where it has two more
    (``tails``, in the same subset: _Draft.plan's ranges keep a plan to documents whose
    subsets agree), those after it in its string."""
    out.slot = slot = draft.keys_end + n
    ends = (slot + 1, slot + 2)
    then = (ends if n in draft.tails and all(numbers[e] >> 8 == numbers[slot] >> 8
                                             for e in ends) else None)
    out.bridge(draft.bridges[n][0], numbers[slot] >> 8, 0, then=then)
    out.subset = None


def _trailing_span(out: _GlyphWriter, draft: _RunDraft, numbers: list[int], text: str,
                   n: int, end: float) -> None:
    """A reading span of the bridge ``n`` alone (_cascade_spans), which reaches the
    origin of the glyph it follows (pdfminer.six parts a line where the next box is
    more than twice the wider one away), with the space's one-unit copy after it in its
    string, a TJ number back at ``end``, where the next bridge is that copy in the same
    subset: PDFium leaves out a text object whose glyphs' boxes have no width, and read
    no marks for it."""
    out.code.append(_actual_text(text))
    out.slot = slot = draft.keys_end + n
    x, units = draft.bridges[n]
    size, upem = out.run.size, draft.prepared.font.upem
    pen = x + units * size / upem
    if (n + 1 < len(draft.bridges) and draft.bridges[n + 1][1] < 0
            and numbers[slot + 1] >> 8 == numbers[slot] >> 8):
        out.code.append(f"1 0 0 1 {fp_str(x)} {out.y_text} Tm")
        out._select(numbers[slot] >> 8, 0.0)
        out._spacing(0.0)
        back = fp_str((pen - end) * 1000 / size)
        out.code.append(f"[({out.escape(b'')}) {back} ({_hole(_GLYPH, slot + 1)})] TJ")
        pen = end + size / upem
    else:
        out.bridge(x, numbers[slot] >> 8, 0)
    out.subset = None
    out.end_bridge_span(pen, end)


def _whole(prepared: _Run) -> bool:
    """Whether a left-to-right run (one TJ) says its text in one span (_run_code)."""
    return prepared.spans and (any(actual is not None for _, actual in prepared.clusters)
                               or _overlaps(prepared.run, prepared.own, prepared.pen))


def _close_span(out: _GlyphWriter, draft: _RunDraft, numbers: list[int], i: int,
                end: float | None) -> None:
    """Close the span that ends after glyph i: where the run is read at another size
    (_resized_spans), after its bridge at that size; else a reading span (``end`` given)
    with the character spacing that places its end, a cluster's span as it is."""
    closer = draft.closers.get(i)
    if closer is not None:
        out.slot = draft.keys_end + closer
        out.bridge(draft.bridges[closer][0], numbers[out.slot] >> 8, 0, draft.resize)
        out.subset = None
        out.code.append("EMC")
    elif end is not None:
        out.end_span(i, end)
    else:
        out.code.append("EMC")


# The smallest advance given to a mark's spacing copy, and the grid its advances are
# rounded up to (per em): few copies, each reaching where it must.
_MARK_STEP_EM = 0.01
# The share of the smaller height two boxes written one after the other must overlap by
# (pdfminer needs half).
_OVERLAP_SHARE = 0.55
# How far from the baseline a mark or dots in a cascade may stay (per em): two boxes
# that far on either side still overlap by more than _OVERLAP_SHARE.
_ATTACHED_EM = 0.2
# How far (points) a mark's baseline in a cascade stays from its letter's: poppler adds a
# character to the word before it only where their baselines are within 0.5 pt.
_APART_PT = 0.6


_OWN = (0, 0, None)  # a glyph drawn as itself, where it stands
# pdfminer's layout analysis keeps two characters written one after the other on a line
# when the gap between them is under twice the wider one's width (LAParams.char_margin);
# a margin under it. A glyph widened to close a smaller gap could cover its neighbour's
# start by more than half an em, and poppler ends a line there (the dots of ض, set well
# right of its start, made و reach across it: يعرض / ون).
_NEAR = 1.5


def _spacing_copies(runs: list[_Run], jumps: bool) -> tuple[
        list[dict[int, tuple[int, int, float | None]]], list[list[tuple[float, int]]]]:
    """For each run of a line (in content order), the glyphs to draw as copies
    (LazyFace.spacing_copy: the glyph's outline, with an advance that hmtx and /W agree
    on, raised or not) by glyph index: (advance, or 0 for the glyph's own; how far the
    outline is raised, in font units; where an inkless glyph is drawn instead, or None).
    The pen move after a copy takes its advance back and a raised copy is set that much
    lower: nothing moves on the page. And for each run, the bridges to write after its
    glyphs: (where, advance) of an inkless copy of its space that says nothing.

    pdfminer.six's layout analysis (extract_text) builds a line from the characters in
    content order, each next one less than twice the wider one's width from the last,
    and adds a space where the next starts right of the last one's right edge by a
    tenth of its size. So:

    - two zero-width characters in a row (stacked marks: Thai ผู้, Khmer ឆ្នាំ, an
      Arabic mark and its letter's dots) started a new line, and a zero-width mark set
      back over its base was followed by a space. A glyph with no width of its own
      becomes a copy whose box reaches the glyphs written before and after it where
      they lie to its right;
    - with ``jumps`` (a right-to-left paragraph's line), where the content order jumps
      across a left-to-right stretch (a number, a URL: `من 30%` is written ن then 3,
      and 3 stands left of the whole number), the space before the stretch is drawn at
      its left end, reaching across it; an inked glyph on either side of the stretch
      (`(0670-012904).`) is bridged instead of widened; elsewhere the glyph on the left
      of a jump reaches towards the one on its right (as far as pdfminer needs when it
      is written after it).

    Poppler's default mode ends a line where a box reaches half an em over the start of
    the box on its right, and takes a line's words from within half an em of its
    baseline (docs/text.md): hence the bridges, the short reaches, and in a run that
    cascades (Nastaliq) every glyph on the baseline and each letter's box the room it
    takes (_room_taken)."""
    seq = [(k, i) for k, run in enumerate(runs) for i in run.order]
    xs: list[float] = []
    own: list[float] = []
    movable: list[bool] = []
    for run in runs:
        order, at, width = run.order, run.xs, run.widths
        xs += [at[i] for i in order]
        own += [width[i] for i in order]
        if run.in_order:
            glyphs, inked = run.run.glyphs, run.font.inked
            movable += [not inked(glyphs[i].gid) for i in order]
        else:
            movable += [False] * len(order)
    bare = [not w and runs[k].run.glyphs[i].gid != 0 for (k, i), w in zip(seq, own, strict=True)]
    cascades = [_cascades(run) for run in runs]
    room = _room_taken(runs, seq, cascades, own) if any(cascades) else {}
    reach: dict[int, float] = {}  # by place in seq: the box's width (points) it needs
    moved: dict[int, float] = {}  # by place in seq: where it is drawn instead
    bridges: list[list[tuple[float, float]]] = [[] for _ in runs]  # (where, width) per run
    if seq and (any(bare) or jumps or room):
        for n, is_bare in enumerate(bare):
            if is_bare:
                reach[n] = runs[seq[n][0]].run.size * _MARK_STEP_EM
        for n, width in room.items():
            reach[n] = max(reach.get(n, 0.0), width)
        pairs = []
        for n in range(len(seq) - 1):
            left, right = (n, n + 1) if xs[n] <= xs[n + 1] else (n + 1, n)
            pairs.append((left, right, abs(xs[n + 1] - xs[n])))
        for left, _right, distance in pairs:
            if bare[left]:
                reach[left] = max(reach[left], distance)
        if jumps:
            def width(n: int) -> float:
                return max(own[n], reach.get(n, 0.0))

            for left, right, distance in pairs:
                # written right to left (the right one first), pdfminer adds no space
                # between the two: only its line break matters
                leftward = left == right + 1
                near = _NEAR if leftward else 1.0
                if distance - width(left) < near * max(width(left), width(right)):
                    continue
                if movable[right] and not movable[left]:
                    # an inkless glyph (a space) placed by its own matrix, moved to the
                    # left one's place, spans the jump to where it ended
                    moved[right] = xs[left]
                    reach[right] = max(reach.get(right, 0.0), distance + width(right))
                elif leftward and not movable[left] and seq[left][0] != seq[right][0]:
                    # an inked glyph after a left-to-right stretch (`012904)`): widened
                    # back across the stretch, its box would cover the stretch's words,
                    # and poppler ends a line at a word that starts inside the one
                    # before; an inkless glyph that says nothing, written after the
                    # stretch's last glyph at the inked one's place, spans the jump
                    bridges[seq[right][0]].append((xs[left], distance))
                elif leftward and not movable[left] and runs[seq[left][0]].in_order:
                    # an inked glyph after one on its right (the dots of ض, a mark):
                    # widened only as far as pdfminer needs, not to the right one's
                    # start, which could cover its neighbour's by half an em
                    reach[left] = max(reach.get(left, 0.0), distance / (1 + _NEAR))
                elif movable[left] or runs[seq[left][0]].in_order:
                    reach[left] = max(reach.get(left, 0.0), distance)
                elif right + 1 == left and runs[seq[right][0]].in_order:
                    # the first glyph of a left-to-right stretch after an inked one
                    # (`(0670`): widened, it would split its number for poppler (0 /
                    # 670); an inkless glyph that says nothing, written after the right
                    # one at the stretch's start, spans the jump instead
                    bridges[seq[right][0]].append((xs[left], distance))
        _marks_inside(runs, seq, xs, own, reach, room)
        _span_ends(runs, seq, xs, own, reach)
        last = runs[-1]
        if bare[-1] and not last.in_order:  # a mark ending a left-to-right line
            reach[len(seq) - 1] = max(reach[len(seq) - 1], last.end - xs[-1])
    out: list[dict[int, tuple[int, int, float | None]]] = [{} for _ in runs]
    for n, width in reach.items():
        k, i = seq[n]
        run = runs[k]
        upem = run.font.upem
        step = max(1, round(upem * _MARK_STEP_EM))
        units = width * upem / run.run.size
        advance = min(max(step, math.ceil(units / step - 1e-9) * step), 0xFFFF)  # hmtx
        if bare[n] or n in moved or n in room or advance > own[n] * upem / run.run.size:
            out[k][i] = (advance, 0, moved.get(n))
    # Raised copies: pdfminer starts a new line where a character's box (from the font's
    # descent, as tall as the font size, moved by the text rise) overlaps the last one's
    # by less than half the smaller height: Nastaliq letters climb a word by more than
    # half an em (اسمگلنگ came out in three lines). A glyph set that far from the one
    # before is set at that one's box, its outline raised by the difference (an exact
    # number of font units). Poppler (pdftotext's default mode) takes a line's words
    # from within half an em of its first word's baseline, the rest for other lines: in
    # a run whose letters step down a cascade (Nastaliq), every letter is set on the
    # baseline, its outline raised by its own offset, and its marks and dots with it.
    before: tuple[float, float] | None = None  # the last glyph's box: bottom, height
    for k, run in enumerate(runs):
        size = run.run.size
        descent = run.font.rl.face.descent * size / 1000
        glyphs = run.run.glyphs
        cascade = cascades[k]
        if not cascade:
            upem = run.font.upem
            for i in run.order:
                bottom = descent + glyphs[i].y_offset
                # a box the same as the last one's overlaps it whole
                if before is not None and (bottom != before[0] or size != before[1]):
                    overlap = (min(before[0] + before[1], bottom + size)
                               - max(before[0], bottom))
                    need = _OVERLAP_SHARE * min(size, before[1])
                    if overlap < need:
                        # moved toward the last box only as far as the share needs: set
                        # at that box, a letter after a mark raised 0.46 em (the last
                        # letter of للّٰه) stood as high for poppler, which takes a line's
                        # words within half an em of its first word's baseline, and a
                        # mark lowered a little on that line (أيّامِ) was read apart
                        target = (min(bottom, before[0] + before[1] - need)
                                  if bottom > before[0] else max(bottom, before[0] - size + need))
                        units = (bottom - target) * upem / size
                        shift = math.ceil(units - 1e-9) if units > 0 else math.floor(units + 1e-9)
                        bottom -= shift * size / upem
                        if shift:
                            advance, _, x = out[k].get(i, _OWN)
                            out[k][i] = (advance, shift, x)
                    before = (bottom, size)
                elif before is None:
                    before = (bottom, size)
            continue
        said = dict(run.said)
        letter = 0  # in a cascade: the last glyph with an advance's shift
        for i in run.order:
            bottom = descent + glyphs[i].y_offset
            shift = 0
            if cascade:
                # a mark or a letter's dots keep their height over their letter, within
                # _ATTACHED_EM of the baseline (so that every box overlaps the next by
                # more than pdfminer's share): on the baseline, a mark that starts
                # within 0.2 em of its letter's end joins the letter's word in
                # pdftotext -raw, which reverses the two (ًا)
                if glyphs[i].x_advance:
                    letter = round(glyphs[i].y_offset * run.font.upem / size)
                shift = letter
                bottom -= shift * size / run.font.upem
                over = bottom - descent
                if abs(over) > _ATTACHED_EM * size:
                    more = round((over - math.copysign(_ATTACHED_EM * size, over))
                                 * run.font.upem / size)
                    bottom -= more * size / run.font.upem
                    shift += more
                elif (not glyphs[i].x_advance and abs(over) < _APART_PT
                      and unicodedata.category((said.get(i) or " ")[0])[0] == "M"):
                    # and a mark's baseline stays more than 0.5 pt from its letter's,
                    # so that poppler does not take the two for one word
                    apart = math.copysign(_APART_PT, over or 1.0)
                    units = (over - apart) * run.font.upem / size
                    more = math.floor(units) if apart > 0 else math.ceil(units)
                    bottom -= more * size / run.font.upem
                    shift += more
            elif before is not None:
                overlap = min(before[0] + before[1], bottom + size) - max(before[0], bottom)
                if overlap < _OVERLAP_SHARE * min(size, before[1]):
                    more = round((bottom - before[0]) * run.font.upem / size)
                    bottom -= more * size / run.font.upem
                    shift += more
            if shift:
                advance, _, x = out[k].get(i, _OWN)
                out[k][i] = (advance, shift, x)
            before = (bottom, size)
    bridged = []
    for run, spans in zip(runs, bridges, strict=True):
        upem = run.font.upem
        step = max(1, round(upem * _MARK_STEP_EM))
        bridged.append([(x, min(max(step, math.ceil(width * upem / run.run.size / step
                                                      - 1e-9) * step), 0xFFFF))
                        for x, width in spans])
    return out, bridged


def _cascades(run: _Run) -> bool:
    """Whether the run's letters are set off the baseline (Nastaliq's cascade), glyphs
    placed each by its own text matrix."""
    glyphs = run.run.glyphs
    return run.in_order and any(
        glyphs[i].y_offset and text and unicodedata.category(text[0])[0] == "L"
        for i, text in run.said)


# The difference between a glyph's width and the room it takes on the line that makes
# it drawn as a copy with the room as its advance (per em).
_ROOM_EM = 0.005


def _room_taken(runs: list[_Run], seq: list[tuple[int, int]], cascades: list[bool],
                own: list[float]) -> dict[int, float]:
    """In the runs that cascade, the boxes (by place in ``seq``: width, points) that the
    glyphs saying something must have: a letter's is the room it takes on the line (to
    where the next glyph's pen starts; ``own`` is made that), a mark's reaches the end of
    the letter box it stands in. Nastaliq letters are joined by cursive attachment,
    their advances are not their widths, and marks have none: poppler's default mode
    reads a space between two words whose boxes are 0.03 em apart (TextLine::coalesce,
    maxCharSpacing, where some word of the line overlaps the next), and each letter and
    mark of a right-to-left line is a word (قر یبی, کر یں, فور ًا)."""
    room: dict[int, float] = {}
    for k, run in enumerate(runs):
        if not cascades[k]:
            continue
        said = dict(run.said)
        glyphs = run.run.glyphs
        places = [(n, i) for n, (kn, i) in enumerate(seq) if kn == k and said.get(i, "").strip()]
        boxes = []  # letters' (start, end), left to right
        for n, i in places:
            g = glyphs[i]
            width = run.pen[i] + g.x_advance - run.xs[i]
            if g.x_advance > 0 and width > 0:
                boxes.append((run.xs[i], run.xs[i] + width))
                if abs(width - own[n]) > _ROOM_EM * run.run.size:
                    own[n] = room[n] = width
        boxes.sort()
        starts = [start for start, _ in boxes]
        for n, i in places:
            if glyphs[i].x_advance <= 0:
                at = bisect.bisect_right(starts, run.xs[i]) - 1
                if at >= 0 and run.xs[i] < boxes[at][1]:
                    room[n] = boxes[at][1] - run.xs[i]
    return room


# The most (per em) a box is left to reach past the start of a mark's box on its right:
# poppler's default mode ends a line at a word starting half an em inside the one before.
_PAST_EM = 0.4


def _marks_inside(runs: list[_Run], seq: list[tuple[int, int]], xs: list[float],
                  own: list[float], reach: dict[int, float], room: dict[int, float]) -> None:
    """Right to left, the marks standing in a letter's box (their own letter's, or
    another's) and the box itself, left to right, each reach no
    more than _PAST_EM past the start of the next and the last one where the letter's
    box ended. Poppler's default mode takes each mark for a word: one starting half an
    em inside the end of a wide letter's box ended the line (the fatha of a headline's
    final ت: لستَ read لس َ / ت), and a gap of 0.03 em after the last one is a space
    (حقٌّ read ح ٌّق). Not in a run that cascades: there every mark says itself in a
    reading span just left of its letter (_reading_spans). ``own`` and ``reach`` are by
    place in ``seq``; ``room`` gets each letter box made narrower than its glyph."""
    for k, run in enumerate(runs):
        if not (run.in_order and run.run.rtl) or _cascades(run):
            continue
        said = dict(run.said)
        glyphs = run.run.glyphs
        size = run.run.size
        letters, marks = [], []
        for n, (kn, i) in enumerate(seq):
            text = said.get(i, "") if kn == k else ""
            if not text:
                continue
            kind = unicodedata.category(text[0])[0]
            if kind == "L" and glyphs[i].x_advance:
                letters.append((xs[n], xs[n] + max(own[n], reach.get(n, 0.0)), n))
            elif kind == "M" and not glyphs[i].x_advance:
                marks.append(n)
        if not marks or not letters:
            continue
        letters.sort()
        starts = [start for start, _, _ in letters]
        inside: dict[int, list[int]] = {}  # by letter: the marks in its box
        for m in marks:
            at = bisect.bisect_right(starts, xs[m]) - 1
            if at >= 0 and xs[m] < letters[at][1]:
                inside.setdefault(at, []).append(m)
        for at, held in inside.items():
            start, end, n = letters[at]
            chain = [n, *sorted(held, key=lambda m: xs[m])]
            for here, after in zip(chain, [*chain[1:], None], strict=True):
                right = end if after is None else min(end, xs[after] + _PAST_EM * size)
                if here == n:
                    # never so narrow that pdfminer would part it from the glyph on
                    # its right, written before it
                    width = max(right - start, (end - start) / (1 + _NEAR))
                    if width < own[n]:
                        own[n] = reach[n] = room[n] = width
                else:  # as wide as pdfminer needs it, at least
                    reach[here] = max(reach.get(here, 0.0), right - xs[here])


def _span_ends(runs: list[_Run], seq: list[tuple[int, int]], xs: list[float],
               own: list[float], reach: dict[int, float]) -> None:
    """Right to left, the last glyph written in a cluster's ActualText span reaches the
    right end of the cluster's boxes: poppler gives the span's text the room from the
    first glyph's start to where the last one's advance ends (ActualText::end), and a
    mark written last left a gap before the next letter that it read as a space (قٌّ
    after ح read ح ٌّق)."""
    places: dict[tuple[int, int], int] = {}
    for k, run in enumerate(runs):
        if not (run.in_order and run.run.rtl) or all(a is None for _, a in run.clusters):
            continue
        if not places:
            places = {key: n for n, key in enumerate(seq)}
        for indexes, actual in run.clusters:
            if actual is None or not indexes:
                continue
            at = [places[k, i] for i in indexes]
            right = max(xs[n] + max(own[n], reach.get(n, 0.0)) for n in at)
            last = at[-1]
            if right - xs[last] > max(own[last], reach.get(last, 0.0)):
                reach[last] = right - xs[last]


# The bidi classes that poppler's Unicode type table keeps with the digits ('#' in
# UnicodeTypeTable.cc): its reorderText takes them for a left-to-right section and
# writes them in the order they stand on the page.
_NUMBER_CLASSES = frozenset(("EN", "AN", "ES", "ET", "CS"))
# How far (per em) each mark of a cluster is taken to start left of its letter or of
# the mark before it, for poppler (_reading_spans).
_MARK_LEAD_EM = 0.01
# Poppler's TextPage::addChar: a character joins the word before it when it starts
# within 0.2 em (minDupBreakOverlap) before the word's end to 0.1 em (minWordBreakSpace)
# after it, on a baseline within 0.5 pt, and not within 0.1 em (dupMaxPriDelta) of the
# last character's start.
_JOIN_BEFORE_EM, _JOIN_AFTER_EM, _JOIN_BASE_PT, _DUPLICATE_EM = 0.2, 0.1, 0.5, 0.1


def _reading_spans(drafts: list[_RunDraft], size: float | None = None) -> list[_RunDraft]:
    """The reading spans of a right-to-left line: ActualText spans that say what their
    glyphs say, for poppler (pdftotext's default mode and -raw), which gives a span's
    text the room from its first glyph's origin to where the pen stands after its last
    one, less the character spacing in force at its EMC (ActualText::end feeds the span
    to TextPage::addChar, which takes the character spacing off every advance); a room
    that comes out negative is turned round, to the left of the first glyph's origin, and
    its text starts a word of its own. Every other reader ignores the spans and reads the
    glyphs, and nothing moves on the page: the character spacing set before the EMC
    places no glyph (the next one has its own text matrix).

    - A number whose signs bidi draws left of its digits (Persian ``۳۰٪``: the digits
      resolve as Arabic numbers after Persian letters, and the sign, left neutral, takes
      the paragraph's direction): poppler reads the digits and signs (bidi classes EN,
      AN, ES, ET, CS) as one left-to-right section in the order they stand (``٪۳۰``).
      Its glyphs (consecutive in content order, logical order) say it in a span whose
      room is the digits' (from the first glyph's origin to the right end of the
      rightmost): poppler spreads the text over it left to right, ``۳۰٪``.
    - Marks: poppler sorts a line's words by where they start and reverses the line, so
      a mark whose glyph starts right of its letter's origin (inside the letter's box:
      the fatha of ``يُستدرَجون``) came out before the letter (``يُستدَرجون``), and one that
      starts within 0.2 em of a narrow letter's end joins the letter's word, which
      ``-raw`` reverses (``سرًّا``). In a cluster where either happens, each mark says
      itself in a span of its own whose room is turned round to start just left of its
      letter's origin (or the mark's before it): it sorts right after its letter, in its
      own word. Where the mark stands more than _PAST_EM inside the letter (the tanween
      of ``شخصًا``), so turned round its room would reach that far over the letter's
      start, and poppler ends a line there: the span starts with a bridge at that place
      instead (reaching the mark's origin, for pdfminer and pypdf), and its room is
      _MARK_LEAD_EM wide. In a run that cascades (Nastaliq), every character of a
      cluster after its first says itself so, wherever its glyph stands
      (_cascade_spans).
    - Direction marks (_direction_marks): the first neutral after a number or a
      left-to-right stretch (the space of ``۱۸ سال``, the space after the comma of
      ``ژاپن، گزارش``), and a sign set right to left next to one, say themselves with a
      right-to-left mark on the stretch's side.
    - In a line that mixes sizes (a statistic's figure inside its caption), with
      ``size`` the text's own: every glyph of a run at another size says itself in a
      span that poppler reads at ``size`` (_resized_spans).

    Returns the drafts, those with bridges of their own in spans made again."""
    inner: list[list[tuple[float, int]]] = [[] for _ in drafts]  # bridges in spans
    band = _rise_band(drafts)
    _number_spans(drafts, inner)
    _direction_marks(drafts, inner)
    out = []
    for draft, bridges in zip(drafts, inner, strict=True):
        prepared = draft.prepared
        copies = draft.copies
        if prepared.in_order and prepared.run.rtl and not _cascades(prepared):
            copies = _mark_spans(draft, bridges, band)
            _cascade_spans(draft, bridges, only=_says_a_later_letter)
        elif prepared.in_order and prepared.run.rtl:
            _cascade_spans(draft, bridges)
        if bridges or copies is not draft.copies:
            opens, closes, plain, tails = draft.opens, draft.closes, draft.plain, draft.tails
            old = draft
            draft = _run_draft(prepared, draft.y, copies, draft.bridges + bridges, 0)
            draft.opens, draft.closes, draft.inner = opens, closes, len(bridges)
            draft.plain, draft.tails = plain, tails
            draft.trails = old.trails
        out.append(draft)
    return out if size is None else _resized_spans(out, size)


def _reading_size(set_text: SetText, line: Line) -> float | None:
    """The size at which poppler is to read a right-to-left line that mixes sizes (a
    statistic's figure set larger inside its caption): the text's own where the line
    has it, else the size most of its glyphs have; None for a line of one size.

    Poppler's default mode starts a word where the font size changes (TextPage::
    addChar) and builds blocks, and their lines, of words whose font sizes differ by
    less than 5 to 60 % (TextPage::coalesce, maxBlockFontSizeDelta1-3): the figure's
    words made a block of their own, read apart from the sentence around them. A
    left-to-right line says its text once more in one span (_Draft); right to left,
    poppler reverses a span's characters, so there each of the figure's glyphs says
    what it says in a reading span of its own, read at the caption's size."""
    sizes: dict[float, int] = {}
    for run in line.runs:
        sizes[run.size] = sizes.get(run.size, 0) + len(run.glyphs)
    if len(sizes) < 2:
        return None
    if set_text.size in sizes:
        return set_text.size
    return max(sizes, key=lambda size: (sizes[size], -size))


def _spanned(drafts: list[_RunDraft]) -> set[tuple[int, int]]:
    """The glyphs (run, index) written inside an ActualText span: their cluster's, or a
    reading span (opened before a glyph, closed after the same or a later one in
    content order)."""
    inside: set[tuple[int, int]] = set()
    depth = False
    for k, draft in enumerate(drafts):
        prepared = draft.prepared
        for indexes, actual in prepared.clusters:
            if actual is not None and not (indexes and indexes[0] in draft.plain):
                inside.update((k, i) for i in indexes)
        for i in prepared.order:
            if i in draft.opens:
                depth = True
            if depth:
                inside.add((k, i))
            if i in draft.closes:
                depth = False
    return inside


# The right-to-left mark: a character of class R in poppler's type table, which reads
# nothing (default ignorable).
_RLM = "\u200f"


def _poppler_class(c: str) -> str:
    """The class poppler's reorderText gives a character (UnicodeTypeTable.cc): 'R'
    (right-to-left letters and marks of direction), 'L' (left-to-right letters), '#'
    (digits and their signs: bidi EN, AN, ES, ET, CS) or 'N' (the rest: spaces,
    punctuation, combining marks)."""
    bidi = unicodedata.bidirectional(c)
    if bidi in ("R", "AL"):
        return "R"
    if bidi == "L":
        return "L"
    return "#" if bidi in _NUMBER_CLASSES else "N"


def _direction_marks(drafts: list[_RunDraft], inner: list[list[tuple[float, int]]]
                     ) -> None:
    """Reading spans with right-to-left marks, where a right-to-left line meets a
    left-to-right section. Poppler's reorderText reads a right-to-left line from its
    right end: each right-to-left section (up to a left-to-right letter or a digit,
    classes 'L' and '#' of _poppler_class) reversed, then each left-to-right section in
    the order it stands, taking every character up to the next right-to-left letter
    with it: the neutrals on its left, which follow it in the text, come out before it.
    The space after a number moved into it (``زیر ۱۸ سال`` read ``زیر  ۱۸سال``), the
    space after an Arabic comma (a '#' of its own) went over to the word after it
    (``ژاپن ،گزارش``), the ``!`` after a number came out before it (``!18``), and a
    sign of class '#' that bidi sets right to left next to a left-to-right stretch
    joined it (the comma of ``30%،``, the hyphen of Hebrew ``ל-SOS`` read ``לSOS-``).
    The first neutral after such a section, or such a sign, says itself in a span over
    its own glyph's box, with a right-to-left mark (U+200F, class 'R') on the side of
    the section: the section ends there. Every other reader ignores the span; the mark
    is a default-ignorable format character, the kind pdftotext writes itself around
    every section (U+202A-U+202C). A space drawn elsewhere (at the start of the
    left-to-right stretch after it, for pdfminer.six: _spacing_copies) has its span
    start with a bridge where the space stood (added to ``inner``)."""
    spanned = _spanned(drafts)
    said: list[tuple[int, int, str, bool]] = []  # (run, glyph, its text, rtl): content order
    for k, draft in enumerate(drafts):
        texts = dict(draft.prepared.said)
        rtl = draft.prepared.run.rtl
        said.extend((k, i, texts[i], rtl) for i in draft.prepared.order if texts.get(i))
    for n, (k, i, text, rtl) in enumerate(said):
        draft = drafts[k]
        prepared = draft.prepared
        if not (rtl and prepared.in_order) or (k, i) in spanned:
            continue
        first, last = _poppler_class(text[0]), _poppler_class(text[-1])
        after = n > 0 and _poppler_class(said[n - 1][2][-1]) in ("L", "#") and (
            first == "N" or (first == "#" and not said[n - 1][3]))
        before = (n + 1 < len(said) and last == "#" and not said[n + 1][3]
                  and _poppler_class(said[n + 1][2][0]) in ("L", "#"))
        if not (after or before):
            continue
        x = prepared.xs[i]
        width = max(prepared.widths[i], _MARK_STEP_EM * prepared.run.size)
        bridge = None
        if abs(draft.drawn[i] - x) > 1e-6:
            units = _bridge_units(draft, width)
            if units is None:
                continue
            bridge = len(draft.bridges) + len(inner[k])
            inner[k].append((x, units))
        draft.opens[i] = (_RLM * before + text + _RLM * after, bridge)
        draft.closes[i] = x + width


def _resized_spans(drafts: list[_RunDraft], size: float) -> list[_RunDraft]:
    """In a right-to-left line that mixes sizes, each glyph of a run set at another
    size than ``size`` (_reading_size) that is not in a span yet says what it says in a
    reading span of its own (a run written as one TJ, its text), and every span of such
    a run ends with a bridge at ``size`` (the smallest, its end where the span's room is
    to end): poppler's Gfx tells its text output of a font change only when a glyph is
    drawn (opSetFont sets fontChanged; doShowText calls updateFont), and
    ActualText::end hands the span's text to TextPage::addChar, which starts its word at
    the font size of the last glyph drawn. Poppler then reads the figure in the caption's
    block and line. Nothing drawn moves; pypdf and pdfminer.six see an inkless glyph that
    says nothing inside the figure's last box. Returns the drafts, those of such runs
    made again."""
    spanned = _spanned(drafts)
    out = []
    for k, draft in enumerate(drafts):
        prepared = draft.prepared
        run = prepared.run
        if abs(run.size - size) < 1e-9 or prepared.font.nominal_glyph(0x20) is None:
            out.append(draft)
            continue
        said = dict(prepared.said)
        scale = run.size / 1000
        ends: dict[int, float] = dict(draft.closes)  # the spans' ends, by closing glyph
        if not prepared.in_order:
            # one TJ: its own span (_run_code's whole, a number's) or one saying its text
            last = len(run.glyphs) - 1
            natural = draft.drawn[last] + draft.widths[last] * scale
            if _whole(prepared):
                ends[last] = natural
            elif not any((k, i) in spanned for i in range(last + 1)):
                draft.opens[0] = (run.text, None)
                draft.closes[last] = ends[last] = natural
        else:
            for indexes, actual in prepared.clusters:
                if actual is not None and indexes and indexes[0] not in draft.plain:
                    last = indexes[-1]
                    ends[last] = draft.drawn[last] + draft.widths[last] * scale
            for i in prepared.order:
                if (k, i) in spanned or not said.get(i):
                    continue
                draft.opens[i] = (said[i], None)
                draft.closes[i] = ends[i] = draft.drawn[i] + draft.widths[i] * scale
        if not ends:
            out.append(draft)
            continue
        upem = prepared.font.upem
        step = max(1, round(upem * _MARK_STEP_EM))
        closers = {}
        bridges = list(draft.bridges)
        for i, end in ends.items():
            # from where the span's last glyph stands (pypdf reads a space where a text
            # matrix moves the pen right, and pdfminer.six's layout parts a box that
            # far from the next one) to the span's end
            start = min(draft.drawn[i], end - step * size / upem)
            units = min(math.ceil((end - start) * upem / size / step - 1e-9) * step, 0xFFFF)
            closers[i] = len(bridges)
            bridges.append((end - units * size / upem, units))
        made = _run_draft(prepared, draft.y, draft.copies, bridges, 0)
        made.opens, made.closes, made.plain = draft.opens, draft.closes, draft.plain
        made.tails = draft.tails
        made.inner = draft.inner + len(closers)
        made.resize, made.closers = size, closers
        out.append(made)
    return out


def _caption_text(lines: tuple[Line, ...]) -> str:
    """The text of a left-to-right text's lines as its source has it: a space between
    two lines where the source breaks at whitespace (the line's runs end before the next
    one's start), nothing where it breaks between two characters (Chinese, Japanese,
    Thai, after a hyphen)."""
    out: list[str] = []
    end = None
    for line in lines:
        if not line.runs:
            continue
        start = min(run.start for run in line.runs)
        if out:
            out.append("" if start == end else " ")
        out.append(line.text)
        end = max(run.start + len(run.text) for run in line.runs)
    return "".join(out)


def _stones(set_text: SetText, lines: list[list[_RunDraft]]
            ) -> list[tuple[float, float, bool]]:
    """For each line (its drafts) of a right-to-left text that mixes sizes, how far
    (points) one of its reading words is to be raised toward the line above and another
    lowered toward the line below (_size_bridges), and whether the lowered one is the
    line's leftmost (else its rightmost), so that poppler chains the lines into one
    block (docs/text.md, "A caption read as its sentence").

    TextPage::coalesce grows a block down by its rule for the line below: the words
    whose baseline lies at most 1.5 em below the block's ``maxBase``, which becomes the
    baseline of the last word that rule took (rows of 4 pt top down, each left to
    right); the words it leaves within half an em are taken by the rule for lines
    already in the block, which does not move ``maxBase``. So the block's bottom after
    a line is, in order: its lowered word where the rule for the line below took it
    with the line (it lies within 1.5 em of the bottom before, and is the line's
    rightmost; on the first line, the leftmost, which starts the block); its raised
    word where that rule reached only it, or its lowered word where that lies more than
    half an em below the raised one (the next pass takes it alone); else its baseline.
    Where two baselines lie more than 1.45 em apart, each line's bottom is planned from
    the last line up (_stone_plan), with the widest margin that keeps every lowered word
    within 0.35 em and every raised one within 0.4 (and within poppler's rows of 4 pt:
    _POOL_ROWS_PT); a text that no plan chains gets no stones, and rungs (_rungs)
    chain its far pairs."""
    size = _text_size(set_text)
    gaps = [(b.baseline - a.baseline) / size
            for a, b in pairwise(set_text.lines)]
    if not any(gap > 1.45 for gap in gaps):
        return [(0.0, 0.0, True)] * len(lines)
    counts = [len(_stone_candidates(drafts, size)) for drafts in lines]
    # the first line's lowered word starts its TextLine (TextBlock::coalesce: the words
    # within half an em of it): a mark raised above the line must stay within it
    raised = max((glyph.y_offset for run in set_text.lines[0].runs for glyph in run.glyphs),
                 default=0.0) / size
    # and it starts poppler's block only where it lies within the pool's first four rows
    # of 4 pt (TextPage::coalesce: "the left-most word in the first four lines of the
    # pool"), with a row to spare for words a little higher (a mark raised beside it);
    # else the block started at its neighbour, which it does not overlap, and the line
    # below was out of reach (`بیش از ۳۵٪ از` on the B2 poster, 38 pt: 13.3 pt down)
    first = min(_STONE_DROP, 0.495 - max(raised, 0.0),
                (_POOL_ROWS_PT - max(raised, 0.0) * size) / size)
    # nor where a word that takes no stone stands left of every one that may: the block
    # starts at it, and a lowered word beside it touches it without overlapping (`(۳۰٪)`
    # ending the first line: the `)` is a span of its own)
    candidates = _stone_candidates(lines[0], size)
    inked = [d.drawn[i] for d in lines[0] for i in d.prepared.order if d.widths[i] > 0]
    if candidates and inked and min(c[3] for c in candidates) > min(inked) + 0.1 * size:
        first = 0.0
    # a raised word that is not its line's leftmost must lie within the same four rows
    # as the line's other words, else TextBlock::coalesce starts the line at it and it
    # reads on a line of its own (`خ` / `ارجی بودند!`: 15 pt up at 38 pt)
    most_rise = min(_STONE_RISE, _RISE_ROWS_PT / size)
    for apart in (False, True):
        for reach in (1.42, 1.45, 1.47):  # em: 1.5 less the margin
            plan = _stone_plan(gaps, counts, reach, apart, first, most_rise)
            if plan is not None:
                return [(up * size, down * size, n == 0)
                        for n, (up, down) in enumerate(plan)]
    # no plan: rungs chain the far pairs (_rungs)
    return [(0.0, 0.0, True)] * len(lines)


def _rungs(set_text: SetText, lines: list[list[_RunDraft]],
           stones: list[tuple[float, float, bool]]) -> list[tuple[float, float, bool]]:
    """Where two lines of a right-to-left text that mixes sizes lie farther apart than
    the stones can chain (_stones: a caption whose figure stands on a later line, its
    baseline some 2.6 em below the line above), rungs between them: spans that read a
    right-to-left mark alone (U+200F, default ignorable, as in _direction_marks), each a
    bridge at the text's size set lower by the text rise, under the upper line's
    leftmost glyph (where pdftotext's column for the caption begins), at most _RUNG_EM
    apart. Poppler's TextPage::coalesce takes each into the
    block by its rule for the line below (a word within 1.5 em below the block's
    bottom, which then becomes its baseline), each a line of its own that reads
    nothing but the mark, so the lines chain; pypdf and pdfminer.six read nothing for
    a bridge, PDFium leaves out a span with no printable character. Returns the stones
    without those toward a pair so chained (a raised word there made a line of its own)."""
    size = _text_size(set_text)
    stones = list(stones)
    for n, (upper, lower) in enumerate(pairwise(set_text.lines)):
        gap = lower.baseline - upper.baseline
        if gap - stones[n][1] - stones[n + 1][0] <= _STONE_REACH_EM * size:
            continue
        drafts = [d for d in lines[n] if d.prepared.order
                  and d.prepared.font.nominal_glyph(0x20) is not None]
        if not drafts:
            continue
        x = min(d.drawn[i] for d in drafts for i in d.prepared.order)
        last = drafts[-1]
        font = last.prepared.font
        units = max(1, round(font.upem * _MARK_STEP_EM))
        count = math.ceil(gap / (_RUNG_EM * size)) - 1
        for k in range(1, count + 1):
            last.rungs.append((_add_bridge(last, x, units), gap * k / (count + 1), size))
        stones[n] = (stones[n][0], 0.0, stones[n][2])
        stones[n + 1] = (0.0, stones[n + 1][1], stones[n + 1][2])
    return stones


_STONE_REACH_EM = 1.47  # the widest reach of a plan (_stones): 1.5 em less the margin
_RUNG_EM = 1.3  # the most two rungs, or a rung and a line, lie apart (em)


# poppler's pool rows are 4 pt: a word less than 12 pt below the top lies in the first
# four; the first line's lowered word keeps a row to spare for a word a little higher
# beside it (another caption's raised mark), a raised word lies above its own line only
_POOL_ROWS_PT, _RISE_ROWS_PT = 8.0, 11.0
_STONE_DROP, _STONE_RISE = 0.35, 0.4  # em: the most a reading word is lowered, raised
_STONE_APART = 0.55  # em: a raised and a lowered word on one line farther apart than
# the rule for lines already in the block reaches (half an em), with a margin


def _stone_plan(gaps: list[float], counts: list[int], reach: float, apart: bool,
                first: float, most_rise: float = _STONE_RISE
                ) -> list[tuple[float, float]] | None:
    """Each line's (raise, drop) in em, planned from the last line up (_stones): ``need``
    is how far below its baseline a line's bottom must lie for the lines after it to
    chain (negative: how far above it may), each line's words within ``reach`` em
    below the bottom before; ``apart``: a line may be entered by its raised word alone
    and end at a lowered one more than half an em below it. None where some line
    cannot (``counts``: each line's candidate words; ``first``: the most the first
    line's may be lowered; ``most_rise``: the most a word may be raised)."""
    def cap(n: int) -> float:
        return (first if n == 0 else _STONE_DROP) if counts[n] else 0.0

    plan = [(0.0, 0.0)] * (len(gaps) + 1)
    need = -math.inf
    for n in range(len(gaps) - 1, -1, -1):
        gap, count = gaps[n], counts[n + 1]
        if need <= 0:
            # line n + 1's words within reach of line n's bottom, or only its raised word
            step = gap - reach if gap > 1.45 else min(gap - reach, 0.0)
            rise = min(most_rise, -need, step - cap(n)) if count else 0.0
            rise = max(rise, 0.0)
            plan[n + 1] = (rise, 0.0)
            need = step - rise
        elif count and need <= _STONE_DROP + 1e-9 and gap - reach + need <= cap(n) + 1e-9:
            # line n + 1's lowered word taken with its words: line n's bottom nearer
            plan[n + 1] = (0.0, need)
            need = gap - reach + need
        elif apart and count > 1 and need <= _STONE_DROP + 1e-9:
            # line n + 1 entered by its raised word alone (its words out of reach: line
            # n's bottom at its baseline), its lowered word then taken alone
            drop = max(need, _STONE_APART - most_rise)
            if gap - reach - most_rise > 0 or gap - 1.5 < 0.05 or drop > _STONE_DROP:
                return None
            plan[n + 1] = (most_rise, drop)
            need = 0.0
        else:
            return None
    if need > 0:
        if need > cap(0) + 1e-9:
            return None
        plan[0] = (0.0, need)
    return plan


def _stone(out: _GlyphWriter, draft: _RunDraft, numbers: list[int], i: int) -> None:
    """The bridge that starts the draft's raised or lowered reading span opened before
    glyph i (_size_bridges)."""
    for stone in draft.stones:
        if stone[0] == i:
            _i, n, drop, size = stone
            out.slot = draft.keys_end + n
            out.bridge(draft.bridges[n][0], numbers[out.slot] >> 8, 0, size, rise=-drop)
            out.subset = None


def _stone_candidates(drafts: list[_RunDraft], size: float
                      ) -> list[tuple[_RunDraft, int, bool, float, float]]:
    """The line's reading spans that may start with a stone (_place_stone), in the
    order written: (draft, glyph, whether a new span, x, width)."""
    spanned = _spanned(drafts)
    out = []
    for k, draft in enumerate(drafts):
        prepared = draft.prepared
        if prepared.font.nominal_glyph(0x20) is None:
            continue
        # (a run with a zero-width non-joiner: PDFium read the joiner apart from a new
        # span next to it, نزدیک‌ترین)
        used = {stone[0] for stone in draft.stones}
        said = dict(prepared.said)
        scale = prepared.run.size / 1000
        # a run set left to right (a figure, 30%) is one TJ, in a span only whole: its
        # figure's span may start with a stone (the first line's leftmost word, which
        # starts poppler's block: `في عام 2021، طلب 30%`), no new span inside it
        for i in prepared.order if prepared.in_order else [0]:
            if i in used:
                continue
            if i in draft.opens and abs(prepared.run.size - size) > 1e-9:
                bridge = draft.opens[i][1]
                if bridge is not None:
                    x = draft.bridges[bridge][0]
                    width = draft.bridges[bridge][1] * prepared.run.size / prepared.font.upem
                else:
                    x, width = draft.drawn[i], draft.widths[i] * scale
                new = False
            elif ((k, i) not in spanned and said.get(i, "").strip() and draft.widths[i] > 0
                  and not draft.after and prepared.in_order):
                # (a space's span reads nothing: no word)
                x, width = draft.drawn[i], draft.widths[i] * scale
                new = True
            else:
                continue
            out.append((draft, i, new, x, width))
    return out


def _place_stone(drafts: list[_RunDraft], size: float, drop: float, side: str) -> None:
    """A reading span of the line, ``drop`` points lower (raised where negative),
    started by a bridge at ``size`` as wide as the span's first glyph or bridge (for
    pdfminer.six, which parts a line at a box far from the one before): the leftmost,
    the rightmost, the first written or the first but the leftmost (``side``: "left",
    "right", "first", "inner") of the
    figure's spans and of new spans over a glyph that no span says, saying its text."""
    candidates = _stone_candidates(drafts, size)
    if not candidates:
        return
    if side == "left":
        found = min(candidates, key=lambda c: c[3])
    elif side == "right":
        found = max(candidates, key=lambda c: c[3] + c[4])
    elif side == "inner" and len(candidates) > 1:  # the first written but the leftmost
        leftmost = min(candidates, key=lambda c: c[3])
        found = next(c for c in candidates if c is not leftmost)
    else:
        found = candidates[0]
    draft, i, new, x, width = found
    # drawn at ``size``: as wide there as ``width`` (a figure's span set 2.3 times larger
    # had a stone a fifth as wide as its number, and pdfminer.six parted the `(` before it)
    units = _bridge_units(draft, width * draft.prepared.run.size / size)
    if units is None:
        return
    if new:
        draft.opens[i] = (dict(draft.prepared.said)[i], None)
        draft.closes[i] = x + width
    draft.stones.append((i, _add_bridge(draft, x, units), drop, size))


def _size_bridges(drafts: list[_RunDraft], set_text: SetText, trail: bool,
                  stones: tuple[float, float, bool]) -> None:
    """The bridges a line of a text that mixes sizes (a statistic's caption) writes
    at another size than its glyphs', for the readers that go by font size:

    - before its first glyph, a bridge as large as the text's largest glyphs (one step
      wide) where the line has none so large: pdfminer.six's layout (LTLayoutContainer.
      group_textlines, LTTextLineHorizontal.find_neighbors) puts two lines in one text
      box only where their heights (their characters' boxes, the font size high) differ
      by at most ``line_margin`` (half) of the one's height, and read the figure's line
      and the caption's next lines as boxes of their own, ordered among the other
      column's (`Mais de 30% das vítimas` / `Mais de 35% das vítimas` / `eram
      estrangeiras!`). A bridge says nothing and has no ink: its box only makes the line
      as high as the figure's;
    - ``trail`` (left to right), after the line's last glyph where that is set at another
      size than the caption's (_reading_size), a bridge at the caption's size ending
      where the glyph's advance ends: pypdf's crlf_space_check reads a line break where
      the text matrix moves down by more than 0.8 of the smaller of the last string's
      height and the font size in force, which were the figure's (a move of 59.2 pt
      under 0.8 of 87.4: `30%of the victims`); and poppler's ActualText::end gives the
      text's span the size of the last glyph drawn before its EMC (TextPage::addChar
      takes curFontSize, which Gfx updates when a glyph is drawn).
    - right to left, where the next line's baseline lies more than 1.45 em (of the
      caption's size) below (``below``: a figure's line is a line height of the figure
      high), the line's first reading span at the caption's size (_resized_spans) starts
      with a bridge (at that size) set lower by the text rise, as little as needed and at
      most 0.3 em (a raised mark may start the line: TextBlock::coalesce takes the line's
      words within half an em of its first one's baseline): TextPage::coalesce adds
      to a block the words whose baseline lies at most ``maxLineSpacingDelta`` (1.5 em of
      the block's first word) below its lowest one, and ActualText::end places the span's
      word at its first glyph's origin (the rise included: Gfx::doShowText). The
      caption's next line was read in a block of its own (`دون سن 18!` after the other
      column's statistic).
    """
    if not drafts:
        return
    largest = max(run.size for line in set_text.lines for run in line.runs)
    size = _text_size(set_text)
    first = drafts[0]
    font = first.prepared.font
    if font.nominal_glyph(0x20) is not None and max(
            d.prepared.run.size for d in drafts) < largest - 1e-9:
        i = first.prepared.order[0] if first.prepared.order else 0
        units = max(1, round(font.upem * _MARK_STEP_EM))
        first.lead = (_add_bridge(first, first.drawn[i], units), largest)
    up, down, leftmost = stones
    if down > 0:
        _place_stone(drafts, size, down, "left" if leftmost else "right")
    if up > 0:
        # (after a lowered word: not the leftmost, which would start the line's
        # TextLine in TextBlock::coalesce, half an em from it at most)
        _place_stone(drafts, size, -up, "inner" if down > 0 else "first")
    last = drafts[-1]
    run = last.prepared.run
    if not trail or abs(run.size - size) < 1e-9 or not run.glyphs:
        return
    font = last.prepared.font
    if font.nominal_glyph(0x20) is None:
        return
    i = len(run.glyphs) - 1
    end = last.drawn[i] + last.widths[i] * run.size / 1000
    units = max(1, round(font.upem * _MARK_STEP_EM))
    last.trail = (_add_bridge(last, end - units * size / font.upem, units), size)


def _add_bridge(draft: _RunDraft, x: float, units: int) -> int:
    """A bridge (at ``x``, ``units`` wide) the draft writes itself, not after its run:
    its place in ``bridges``."""
    font = draft.prepared.font
    draft.chars += font.key_for(font.nominal_glyph(0x20), "", units)[0]
    draft.bridges.append((x, units))
    draft.inner += 1
    return len(draft.bridges) - 1


def _text_size(set_text: SetText) -> float:
    """The size a text that mixes sizes is read at: the text's own where a run has it,
    else the size most of its glyphs have (as _reading_size for a line)."""
    sizes: dict[float, int] = {}
    for line in set_text.lines:
        for run in line.runs:
            sizes[run.size] = sizes.get(run.size, 0) + len(run.glyphs)
    if set_text.size in sizes:
        return set_text.size
    return max(sizes, key=lambda size: (sizes[size], -size))


def _bridge_units(draft: _RunDraft, width: float) -> int | None:
    """The advance (font units) of a bridge ``width`` points wide in the draft's run, or
    None where its font has no space to make one of."""
    prepared = draft.prepared
    if prepared.font.nominal_glyph(0x20) is None:
        return None
    upem = prepared.font.upem
    step = max(1, round(upem * _MARK_STEP_EM))
    units = math.ceil(width * upem / prepared.run.size / step - 1e-9) * step
    return min(max(step, units), 0xFFFF)


def _number_spans(drafts: list[_RunDraft], inner: list[list[tuple[float, int]]]) -> None:
    """The numbers' spans of a line (_reading_spans): each span's room is the whole
    number's, from its leftmost glyph's origin to its right end; where the first glyph
    written is not the leftmost (۳۰٪, or #9110 with the sign drawn right of the
    digits), the span starts with a bridge there, as wide as the number (for pdfminer,
    which would part a glyph that far from the one before, and pypdf)."""
    group: list[tuple[int, int, str]] = []  # (run, glyph index, its text)

    def close() -> None:
        if len(group) > 1:
            xs = [drafts[k].drawn[i] for k, i, _ in group]
            if any(b < a for a, b in pairwise(xs)):
                k, i, _ = group[0]
                text = "".join(text for _, _, text in group)
                left, first = min(xs), xs[0]
                right = max(drafts[n].drawn[j] + drafts[n].widths[j]
                            * drafts[n].prepared.run.size / 1000 for n, j, _ in group)
                em = drafts[k].prepared.run.size
                n, j, _ = group[0]
                first_right = drafts[n].drawn[j] + drafts[n].widths[j] * em / 1000
                # the bridge's first glyph: wide enough for pdfminer.six, which keeps it
                # on the line of the glyph before it (twice its width away at most)
                head = (right - left) / 2.5
                font = drafts[k].prepared.font
                space = font.nominal_glyph(0x20)
                widest = (_SPACE_TEST * font.glyph_width_1000(space) * em / 1000
                          if space is not None else 0.0)
                split = right - first_right < 0.05 * em and head <= widest
                units = (_bridge_units(drafts[k], head if split else right - left)
                         if left < first else None)
                if units is not None:
                    drafts[k].opens[i] = (text, len(drafts[k].bridges) + len(inner[k]))
                    inner[k].append((left, units))
                    if split:
                        # The number's first glyph written stands at its right end
                        # (Hebrew `מ-30%`: the `-`), right of the digits' TJ, which
                        # PDFium (ordering a line's text objects by origin) takes for the
                        # span's first object, spreads the number over and measures the
                        # gap to the next glyph from: it read `מ -30%`. The bridge goes
                        # on to the right end in one string (one text object, which
                        # reaches from its first glyph's origin to its last's), ending
                        # with the space's one-unit copy (code 3, which PDFium
                        # reads as nothing), from where the gap to the next glyph is
                        # the page's; its first glyph no wider than _SPACE_TEST spaces.
                        rest = _bridge_units(drafts[k], right - left
                                             - units * em / drafts[k].prepared.font.upem)
                        if rest is not None:
                            drafts[k].tails.add(len(drafts[k].bridges) + len(inner[k]) - 1)
                            inner[k] += [(left, rest), (right, -1)]
                    end = right
                else:
                    # no bridge: the larger of the rooms from the first glyph's origin,
                    # to the right end or turned round to the leftmost glyph's origin
                    drafts[k].opens[i] = (text, None)
                    end = right if right - first >= first - left else left
                k, i, _ = group[-1]
                drafts[k].closes[i] = end
        group.clear()

    def number(text: str) -> bool:
        return bool(text) and all(unicodedata.bidirectional(c) in _NUMBER_CLASSES
                                  for c in text)

    for k, draft in enumerate(drafts):
        prepared = draft.prepared
        said = dict(prepared.said)
        spanned = {i for indexes, actual in prepared.clusters if actual is not None
                   for i in indexes}
        if not prepared.in_order:
            # one TJ: in a span only whole, and not in its own (_run_code)
            glyphs = prepared.run.glyphs
            if (spanned or _overlaps(prepared.run, prepared.own, prepared.pen)
                    or not all(number(said.get(i, "")) for i in range(len(glyphs)))):
                close()
                continue
            group.extend((k, i, said[i]) for i in range(len(glyphs)))
            continue
        for i in prepared.order:
            text = said.get(i, "")
            if number(text) and i not in spanned:
                group.append((k, i, text))
            else:
                close()
    close()


def _letter_with_marks(draft: _RunDraft, indexes: list[int], actual: str | None,
                       said: dict[int, str], bridges: list[tuple[float, int]]) -> bool:
    """A cluster whose letter's glyph says the letter and its marks, its marks' glyphs
    nothing (the font's shadda-with-vowel glyphs: لِّ, and رًّ in a span of its own):
    poppler spreads the characters of one glyph or span over its box left to right, and
    reverses the line (ًّر). The letter's glyph says its letter in a reading span, and
    the marks' glyphs the marks in one that starts with a bridge just left of the
    letter's origin (_reading_spans). Whether the cluster is said so."""
    if not indexes or draft.opens.keys() & set(indexes):
        return False
    letter, rest = indexes[0], indexes[1:]
    own = said.get(letter, "")
    text = actual if actual is not None else own
    if (len(text) < 2 or own != text or not rest or any(said.get(i) for i in rest)
            or unicodedata.category(text[0])[0] != "L"
            or not all(unicodedata.category(c)[0] == "M" for c in text[1:])):
        return False
    size = draft.prepared.run.size
    lead = _MARK_LEAD_EM * size
    start = draft.drawn[letter] - lead
    units = _bridge_units(draft, max(draft.drawn[rest[0]] - start, lead))
    if units is None:
        return False
    draft.opens[letter] = (text[0], None)
    draft.closes[letter] = draft.drawn[letter] + draft.widths[letter] * size / 1000
    draft.opens[rest[0]] = (text[1:], len(draft.bridges) + len(bridges))
    bridges.append((start, units))
    draft.closes[rest[-1]] = start + lead
    draft.plain.add(letter)
    return True


_REPEATS = re.compile(r"(.)\1*", re.DOTALL)


def _says_a_later_letter(texts: list[str]) -> bool:
    """Whether one of a cluster's glyph texts has a letter after its first character: a
    ligature of several letters (Arabic's اللّٰه drawn by one glyph) or a mark's glyph
    that says a letter too (the last glyph of Nastaliq's اللّٰہ, drawn over the ligature,
    says ٰہ). Poppler spreads a glyph's characters over its box left to right and
    reverses the line: هّٰللا, اہٰللّ."""
    return any(any(unicodedata.category(c)[0] == "L" for c in text[1:]) for text in texts)


def _cascade_spans(draft: _RunDraft, bridges: list[tuple[float, int]],
                   only: Callable[[list[str]], bool] | None = None) -> None:
    """The reading spans of a right-to-left run that cascades (Nastaliq: _reading_spans),
    adding to ``bridges`` those that start some of them. Its marks often stand in the box
    of the letter before or after their own, its letters' boxes are the room they take
    (_room_taken), and a glyph may say several letters (the ligature of اللّٰہ says
    للّہ, its last glyph ٰہ) or its letter and marks (مَّ, the marks' glyphs drawn with
    it: textlayer.join_silent_glyphs). Poppler spreads a glyph's characters over its box
    left to right and reverses the line. So each character of a cluster after its first
    says itself in a span of its own, each starting _MARK_LEAD_EM further left of the
    origin of the glyph that says the first: a glyph's first character over the glyph,
    turned round where the glyph starts right of that place and within _PAST_EM of the
    cluster's origin, else started by a bridge there; a glyph's other characters each
    in a span of a bridge alone after it (_trailing_span). No letter is widened to its
    marks' boxes (the چ of بچّوں reached over the ب on its right, and poppler cut the
    line there) and none is narrowed for them (_marks_inside). With ``only``, just the
    clusters whose glyph texts it holds to (a run that does not cascade: _reading_spans)."""
    prepared = draft.prepared
    size = prepared.run.size
    lead = _MARK_LEAD_EM * size
    said = dict(prepared.said)
    drawn = draft.drawn
    zero = prepared.font.rl.zero_key() is not None
    units = _bridge_units(draft, lead)
    if units is None:
        return  # no space to make a bridge of: left as it is
    for indexes, actual in prepared.clusters:
        saying = [i for i in indexes if said.get(i)]
        if (actual is not None or not saying or draft.opens.keys() & set(indexes)
                or (len(saying) == 1 and len(said[saying[0]]) == 1)
                or (only is not None and not only([said[i] for i in saying]))):
            continue
        first = saying[0]
        start = drawn[first]
        for i in saying:
            # a letter said twice in a row is one span: poppler drops a word that repeats
            # the one before within 0.1 em (TextPage::coalesce, duplicated text)
            pieces = [m.group() for m in _REPEATS.finditer(said[i])]
            if i != first:
                start -= lead
                if start < drawn[i] <= drawn[first] + _PAST_EM * size:
                    draft.opens[i] = (pieces[0], None)
                    draft.closes[i] = start  # turned round: from start to the origin
                else:
                    draft.opens[i] = (pieces[0], len(draft.bridges) + len(bridges))
                    bridges.append((start, _bridge_units(draft, drawn[i] - start) or units))
                    draft.closes[i] = start + lead
            elif len(pieces) > 1:
                draft.opens[i] = (pieces[0], None)
                draft.closes[i] = drawn[i] + draft.widths[i] * size / 1000
            for c in pieces[1:]:
                start -= lead
                draft.trails.setdefault(i, []).append(
                    (c, len(draft.bridges) + len(bridges), start + lead))
                bridges.append((start, _bridge_units(draft, drawn[i] - start) or units))
                if zero:
                    bridges.append((start + lead, -1))  # for PDFium (_trailing_span)


def _rise_band(drafts: list[_RunDraft]) -> tuple[float, float]:
    """The text rises (points, lowest and highest) within which a right-to-left line's
    marks may start their reading spans themselves (_mark_spans): poppler places a
    span's word at its first glyph's origin, the rise included, and takes a line's words
    within half an em of its first word's baseline (TextBlock::coalesce,
    maxIntraLineDelta), so the words' baselines must lie within _RISE_BAND_EM of each
    other. The letters' own (0, or a raised copy's: _spacing_copies) are fixed; the
    marks are taken nearest the baseline first, and a mark outside the band starts its
    span with a bridge on the baseline instead. The superscript alef of للّٰه stands
    0.46 em up and the shadda of أيّامِ 0.05 em down: poppler read the shadda on a line of
    its own."""
    letters: list[float] = [0.0]
    marks: list[float] = []
    size = min((d.prepared.run.size for d in drafts), default=0.0)
    for draft in drafts:
        prepared = draft.prepared
        if not (prepared.in_order and prepared.run.rtl) or _cascades(prepared):
            continue
        for i, text in prepared.said:
            if text:
                kind = marks if all(unicodedata.category(c)[0] == "M" for c in text) else letters
                kind.append(draft.rises[i])
    low, high = min(letters), max(letters)
    for rise in sorted(marks, key=abs):
        if max(high, rise) - min(low, rise) > _RISE_BAND_EM * size:
            break
        low, high = min(low, rise), max(high, rise)
    return low, high


# How far apart (per em) the baselines of a right-to-left line's words may lie for
# poppler (half an em, with a margin).
_RISE_BAND_EM = 0.45


def _mark_spans(draft: _RunDraft, bridges: list[tuple[float, int]],
                band: tuple[float, float] = (-math.inf, math.inf),
                ) -> dict[int, tuple[int, int, float | None]]:
    """The marks' spans of a right-to-left run (_reading_spans), adding to ``bridges``
    (where, advance in font units) those that start some of them; returns the run's
    copies, with each letter whose marks are spanned reaching as far right as its marks'
    boxes did (poppler no longer sees the marks there: a gap to the next letter would be
    a space)."""
    copies = draft.copies
    prepared = draft.prepared
    size = prepared.run.size
    upem = prepared.font.upem
    step = max(1, round(upem * _MARK_STEP_EM))
    said = dict(prepared.said)
    drawn, rises = draft.drawn, draft.rises

    def marks_only(text: str) -> bool:
        return bool(text) and all(unicodedata.category(c)[0] == "M" for c in text)

    for indexes, actual in prepared.clusters:
        if _says_a_later_letter([said.get(i, "") for i in indexes]):
            continue  # spanned as in a cascade (_reading_spans)
        if _letter_with_marks(draft, indexes, actual, said, bridges):
            continue
        if actual is not None:
            continue
        letter = next((i for i in indexes if said.get(i) and not marks_only(said[i])), None)
        if letter is None:
            continue
        marks = [i for i in indexes[indexes.index(letter) + 1:]
                 if marks_only(said.get(i, "")) and i not in draft.opens]
        if not marks:
            continue
        need = False
        before = letter  # the glyph poppler's word has last
        for m in marks:
            x = drawn[m]
            end = drawn[before] + draft.widths[before] * size / 1000
            joins = (abs(rises[m] - rises[before]) <= _JOIN_BASE_PT
                     and abs(x - drawn[before]) >= _DUPLICATE_EM * size
                     and -_JOIN_BEFORE_EM * size <= x - end <= _JOIN_AFTER_EM * size)
            if joins or x >= drawn[before]:  # joins, or sorts before it
                need = True
                break
            before = m
        if not need:
            continue
        start = drawn[letter]
        lead = _MARK_LEAD_EM * size

        def in_place(m: int, letter: int = letter) -> bool:  # its span starts at its origin
            return (drawn[m] - drawn[letter] <= _PAST_EM * size
                    and band[0] - 1e-9 <= rises[m] <= band[1] + 1e-9)

        if prepared.font.nominal_glyph(0x20) is None and not all(map(in_place, marks)):
            continue  # no space to make a bridge of: left as it is
        def right(i: int) -> float:
            return drawn[i] + draft.widths[i] * size / 1000

        reach = max(map(right, marks))
        if reach > right(letter) + 1e-6:
            if copies is draft.copies:
                copies = dict(copies)
            units = math.ceil((reach - drawn[letter]) * upem / size / step - 1e-9) * step
            _, shift, x = copies.get(letter, _OWN)
            copies[letter] = (min(units, 0xFFFF), shift, x)
        for m in marks:
            start = min(start, drawn[m]) - lead
            if in_place(m):
                draft.opens[m] = (said[m], None)
                draft.closes[m] = start  # turned round: from start to the mark's origin
                continue
            draft.opens[m] = (said[m], len(draft.bridges) + len(bridges))
            bridges.append((start, _bridge_units(draft, drawn[m] - start) or step))
            draft.closes[m] = start + lead
    return copies


# pypdf reads a TJ number that moves the pen forward by 0.475 of the font's space or more
# as a word space; a forward move over this is made by character spacing (Tc) instead.
_FORWARD_EM = 0.05


def _spacing(run: GlyphRun, widths: list[float], pen: list[float], end: float) -> list[float]:
    """The character spacing (Tc, points) to set for each glyph of a left-to-right run:
    the distance from where the glyph's own width leaves the pen to where the next glyph
    is drawn, when that is more than _FORWARD_EM, else 0. A mark set back over its base
    (Khmer, Burmese, Devanagari) is otherwise followed by a TJ number that moves the pen
    forward again, and pypdf reads a space inside the word (ឆ្នា ំ). Character spacing
    moves the pen without a TJ number and leaves the font's widths as its program says
    (PDF/UA-1 7.21.5); moves back stay TJ numbers."""
    glyphs = run.glyphs
    size = run.size
    drawn = [p + g.x_offset for p, g in zip(pen, glyphs, strict=True)]
    least = _FORWARD_EM * size
    return [forward if (forward := (after - at) - width * size / 1000) > least else 0.0
            for at, after, width in zip(drawn, [*drawn[1:], end], widths, strict=True)]


def _spacing_in_order(run: GlyphRun, widths: list[float], drawn: list[float],
                      order: list[int]) -> list[float]:
    """Character spacing (points) for glyphs placed each by its own text matrix, in
    ``order``: where the next glyph written stands more than _FORWARD_EM right of where
    this one's width ends (an Urdu Nastaliq letter placed right of the one before it, an
    Arabic letter's dots written after its marks), pypdf compares the move with the
    glyph's width plus its character spacing and would read a space. The text matrix
    places every glyph, so the spacing moves nothing on the page."""
    size = run.size
    out = [0.0] * len(run.glyphs)
    for i, j in pairwise(order):
        end = drawn[i] + widths[i] * size / 1000
        forward = drawn[j] - end
        if forward > _FORWARD_EM * size:
            out[i] = forward
    return out


# Poppler's TextOutputDev starts a new line (raw mode) or word when a character begins more
# than 0.2 em (minDupBreakOverlap) inside the previous one's width; a margin under it.
_OVERLAP_EM = 0.15


def _overlaps(run: GlyphRun, widths: list[float], pen: list[float]) -> bool:
    """Whether some glyph of the run starts more than _OVERLAP_EM inside the box that the
    font's width gives the glyph before it (what extractors measure)."""
    size = run.size
    most = _OVERLAP_EM * size
    glyphs = run.glyphs
    for i, (g, nxt) in enumerate(pairwise(glyphs)):
        if not g.x_advance or not nxt.x_advance:
            continue  # marks: the stacked-cluster rule above covers them
        end = pen[i] + g.x_offset + widths[i] * size / 1000
        if end - (pen[i + 1] + nxt.x_offset) > most:
            return True
    return False


class _GlyphWriter:
    """Writes a run's glyphs into a plan's code: each glyph's code and the font name of
    each selection are holes (by slot) that each document fills in (_Plan.fill)."""

    def __init__(self, code, run, widths, numbers, start, pen, y, rises, drawn):
        self.code, self.run, self.widths, self.pen, self.y = code, run, widths, pen, y
        self.y_text = fp_str(y)  # as Tm writes it
        self.numbers = numbers  # the document's code of each slot (subset << 8 | byte)
        self.start = start  # the slot of the run's first glyph
        self.slot = start  # the slot of the glyph being written
        self.rises = rises  # each glyph's text rise
        self.drawn = drawn  # where glyph_at places each glyph
        self.subset = None
        self.rise = 0.0
        self.size_text = fp_str(run.size)  # as Tf writes it
        self.spacing = [0.0] * len(run.glyphs)  # character spacing (Tc) per glyph
        self.tc = 0.0

    def escape(self, _code: bytes) -> str:
        """The hole for the code of the glyph being written."""
        return _hole(_GLYPH, self.slot)

    def glyphs(self, indexes) -> None:
        """Glyphs in pen order starting at the first one's pen position: one TJ number
        between two glyphs, the move from where the first one's width leaves the pen to
        where the next one is drawn (its x offset included)."""
        indexes = list(indexes)
        if not indexes:
            return
        code, size, glyphs = self.code, self.run.size, self.run.glyphs
        numbers, start = self.numbers, self.start
        pen, widths, rises, spacing = self.pen, self.widths, self.rises, self.spacing
        code.append(f"1 0 0 1 {fp_str(pen[indexes[0]])} {self.y_text} Tm")
        parts: list[str] = []
        add = parts.append
        at = pen[indexes[0]]  # where the pen is
        selected, raised, spaced = self.subset, self.rise, self.tc
        for i in indexes:
            slot = start + i
            subset = numbers[slot] >> 8
            tc, rise = spacing[i], rises[i]
            if (subset != selected or abs(rise - raised) > 1e-9
                    or abs(tc - spaced) > 1e-9):
                _flush(code, parts)
                self.slot = slot
                self._select(subset, rise)
                self._spacing(tc)
                selected, raised, spaced = self.subset, self.rise, self.tc
            drawn = pen[i] + glyphs[i].x_offset
            forward = (drawn - at) * 1000 / size  # a TJ number moves the pen back
            if forward > 1e-6 or forward < -1e-6:
                add(fp_str(-forward))
            add(f"{_GLYPH_OPEN}{slot}\x00)")
            at = drawn + widths[i] * size / 1000 + tc
        last = indexes[-1]
        _move(parts, (pen[last] + glyphs[last].x_advance - at) * 1000 / size)
        _flush(code, parts)

    def glyph_at(self, i: int, then: int | None = None) -> None:
        """One glyph placed by its own text matrix (its x offset included), with no pen
        adjustment after it: extractors see neither a gap nor an overlap; then, where
        given, the glyph of slot ``then`` in the same text object, at the middle of the
        first one's box (_non_joiners)."""
        self.slot = slot = self.start + i
        code = self.code
        code.append(f"1 0 0 1 {fp_str(self.drawn[i])} {self.y_text} Tm")
        self._select(self.numbers[slot] >> 8, self.rises[i])
        tc = self.spacing[i]
        if abs(tc - self.tc) > 1e-9:
            self._spacing(tc)
        if then is None:
            code.append(f"(\x00{_GLYPH}{slot}\x00) Tj")
        else:  # at the middle of the glyph's box
            back = fp_str(self.widths[i] / 2)
            code.append(f"[(\x00{_GLYPH}{slot}\x00) {back} (\x00{_GLYPH}{then}\x00)] TJ")

    def end_span(self, i: int, end: float) -> None:
        """Close a reading span after glyph i, with the character spacing that makes
        poppler take the span as ending at ``end`` (_reading_spans)."""
        pen = self.drawn[i] + self.widths[i] * self.run.size / 1000 + self.tc
        self._spacing(pen - end)
        self.code.append("EMC")

    def end_bridge_span(self, pen: float, end: float) -> None:
        """Close a reading span after a bridge that leaves the pen at ``pen``, poppler
        to take the span as ending at ``end``."""
        self._spacing(pen - end)
        self.code.append("EMC")

    def bridge(self, x: float, subset: int, byte: int, size: float | None = None,
               then: tuple[int, int] | None = None, rise: float = 0.0) -> None:
        """An inkless glyph that says nothing, at ``x`` on the baseline (_spacing_copies),
        at ``size`` where given (else the run's), raised by ``rise``; with the glyphs of
        the slots ``then``, where given, after it in the same string (_open_bridge)."""
        self.code.append(f"1 0 0 1 {fp_str(x)} {self.y_text} Tm")
        if size is None:
            self._select(subset, rise)
        else:
            self.code.append(f"\x00{_NAME}{self.slot}\x00 {fp_str(size)} Tf")
            self.subset = None
            if abs(rise - self.rise) > 1e-9:
                self.code.append(f"{fp_str(rise)} Ts")
                self.rise = rise
        self._spacing(0.0)
        more = "" if then is None else "".join(_hole(_GLYPH, n) for n in then)
        self.code.append("(" + self.escape(bytes((byte,))) + more + ") Tj")

    def _spacing(self, tc: float) -> None:
        if abs(tc - self.tc) > 1e-9:
            self.code.append(f"{fp_str(tc)} Tc")
            self.tc = tc

    def _select(self, subset: int, rise: float) -> None:
        """Select the glyph's font subset and text rise where they change."""
        if subset != self.subset:
            # the font of the glyph being written: a hole
            self.code.append(f"\x00{_NAME}{self.slot}\x00 {self.size_text} Tf")
            self.subset = subset
        if abs(rise - self.rise) > 1e-9:
            self.code.append(f"{fp_str(rise)} Ts")
            self.rise = rise

    def reset_rise(self) -> None:
        """Text rise and character spacing back to 0 after the run."""
        if self.rise:
            self.code.append("0 Ts")
            self.rise = 0.0
        if self.tc:
            self.code.append("0 Tc")
            self.tc = 0.0


def _move(parts: list[str], forward: float) -> None:
    """A TJ number that moves the pen ``forward`` (1000 units/em; TJ numbers move it back)."""
    if abs(forward) > 1e-6:
        parts.append(fp_str(-forward))


def _flush(code: list[str], parts: list[str]) -> None:
    if parts:
        code.append("[" + " ".join(parts) + "] TJ")
        parts.clear()
