"""Drawing set text on a ReportLab canvas: glyph IDs through ReportLab's TrueType subsetting,
each run (each cluster in right-to-left runs) wrapped in an ActualText span so that
copying and searching give back the source text."""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str

from .fonts import FontStore
from .model import GlyphRun, SetText


def _actual_text(text: str) -> str:
    data = "\ufeff".__add__(text).encode("utf-16-be")
    return "/Span <</ActualText <" + data.hex().upper() + ">>> BDC"


def line_x(set_text: SetText, width: float) -> float:
    free = set_text.box_width - width
    align = set_text.align
    if align == "center":
        return free / 2
    at_right = (align == "end") != set_text.rtl
    return free if at_right else 0.0


def draw_set_text(canvas, store: FontStore, set_text: SetText, x: float, y_top: float,
                  paint=None) -> None:
    """``paint`` maps a span's colour to a ReportLab colour (the renderer's variant decides
    CMYK or RGB); without it span colours are ReportLab colours already."""
    doc = canvas._doc
    base_color = canvas._fillColorObj
    code: list[str] = []
    current_color = base_color
    for line in set_text.lines:
        lx = x + line_x(set_text, line.width)
        baseline = y_top - line.baseline
        for run in line.runs:
            color = base_color if run.color is None else (
                paint(run.color) if paint else run.color)
            if color != current_color:
                code.append(_fill_code(canvas, color))
                current_color = color
            _run_code(code, canvas, doc, store, run, lx + run.x, baseline)
    if not code:
        return
    canvas.saveState()
    canvas._code.append("BT")
    canvas._code.extend(code)
    canvas._code.append("ET")
    canvas.restoreState()


def _fill_code(canvas, color) -> str:
    # Let ReportLab format the colour (RGB, CMYK, spot) exactly as setFillColor would;
    # a fresh text object starts its code with its own BT and Tm, which are not ours to
    # copy: inside our BT they would open a text object in a text object.
    tx = canvas.beginText()
    start = len(tx._code)
    tx.setFillColor(color)
    return " ".join(tx._code[start:])


def _run_code(
    code: list[str], canvas, doc, store: FontStore, run: GlyphRun, x: float, y: float
) -> None:
    font = store.by_key(run.font_key)
    rl = font.rl_font()
    chars = "".join(font.char_for_glyph(g.gid) for g in run.glyphs)
    widths = [rl.face.charWidths[ord(c)] for c in chars]
    # ReportLab assigns subset codes per character: glyph i -> (subset, code byte)
    assigned: list[tuple[int, int]] = []
    for subset, chunk in rl.splitString(chars, doc):
        assigned.extend((subset, b) for b in chunk)
    pen = []
    px = x
    for g in run.glyphs:
        pen.append(px)
        px += g.x_advance
    out = _GlyphWriter(code, canvas, doc, rl, run, widths, assigned, pen, y)
    if not run.rtl:
        code.append(_actual_text(run.text))
        out.glyphs(range(len(run.glyphs)))
        code.append("EMC")
    else:
        # Right-to-left runs go out cluster by cluster in logical order, each at its
        # visual position, so that extractors read the source order. A cluster's text
        # spans its spacing glyphs only; its marks (drawn at offsets) follow in an empty
        # span, or they would stretch the cluster's box and extractors would see a gap.
        for text, indexes in reversed(run.clusters):
            bases = [i for i in indexes if run.glyphs[i].x_advance] or list(indexes)
            marks = [i for i in indexes if i not in bases]
            code.append(_actual_text(text))
            out.glyphs(bases)
            code.append("EMC")
            if marks:
                code.append(_actual_text(""))
                for i in marks:
                    out.glyphs([i])
                code.append("EMC")
    out.reset_rise()


class _GlyphWriter:
    def __init__(self, code, canvas, doc, rl, run, widths, assigned, pen, y):
        self.code, self.escape, self.doc, self.rl = code, canvas._escape, doc, rl
        self.run, self.widths, self.assigned, self.pen, self.y = run, widths, assigned, pen, y
        self.subset = None
        self.rise = 0.0

    def glyphs(self, indexes) -> None:
        """Glyphs in pen order starting at the first one's pen position."""
        indexes = list(indexes)
        if not indexes:
            return
        code, size = self.code, self.run.size
        code.append(f"1 0 0 1 {fp_str(self.pen[indexes[0]])} {fp_str(self.y)} Tm")
        parts: list[str] = []
        for i in indexes:
            g = self.run.glyphs[i]
            subset, byte = self.assigned[i]
            if subset != self.subset or abs(g.y_offset - self.rise) > 1e-9:
                _flush(code, parts)
                if subset != self.subset:
                    name = self.rl.getSubsetInternalName(subset, self.doc)
                    code.append(f"{name} {fp_str(size)} Tf")
                    self.subset = subset
                if abs(g.y_offset - self.rise) > 1e-9:
                    code.append(f"{fp_str(g.y_offset)} Ts")
                    self.rise = g.y_offset
            # TJ numbers are in 1/1000 em and move the pen left: place the glyph at its
            # x offset, then advance by HarfBuzz's advance instead of the font's width.
            off = g.x_offset * 1000 / size
            adv = g.x_advance * 1000 / size
            if off:
                parts.append(fp_str(-off))
            parts.append("(" + self.escape(bytes((byte,))) + ")")
            adjust = self.widths[i] - adv + off
            if abs(adjust) > 1e-6:
                parts.append(fp_str(adjust))
        _flush(code, parts)

    def reset_rise(self) -> None:
        if self.rise:
            self.code.append("0 Ts")
            self.rise = 0.0


def _flush(code: list[str], parts: list[str]) -> None:
    if parts:
        code.append("[" + " ".join(parts) + "] TJ")
        parts.clear()
