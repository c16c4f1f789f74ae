"""Overprint for 100 % black text and thin black rules; everything else knocks out.

Black text set in DeviceCMYK 0 0 0 1 overprints (ExtGState ``op``/``OP`` true, ``OPM`` 1:
the zero cyan, magenta and yellow leave the plates under it as they are), so that
misregistration never shows a white edge around it on a coloured panel. The same holds
for strokes in 100 % K up to ``THIN_RULE_PT`` wide. Any other painting has overprint off.

posters' renderer sets it while drawing (posters.render.pdf), with the states named here:
a build parses no content stream to finish a file. ``apply_overprint`` does the same to
the written page content of a PDF drawn by anything else (``make_pdfx``'s default), and
``overprint_code`` to a piece of content another library drew (artwork through svglib):
every way text or a rule reaches such a page gets the same treatment, and the states are
switched only where the drawing needs another one.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Dictionary, Name, Operator

THIN_RULE_PT = 2.0


def is_thin(width_pt: float) -> bool:
    """A rule up to THIN_RULE_PT wide on the page: the limit itself, as a CTM computes it
    (an artwork's 1-unit line scaled by 2 is 2.00000025 pt), included."""
    return width_pt <= THIN_RULE_PT + 1e-6
BLACK = (0.0, 0.0, 0.0, 1.0)
_TEXT_SHOW = {"Tj", "TJ", "'", '"'}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_FILL_SPACE_OPS = {"g", "rg", "k", "cs", "sc", "scn"}
_STROKE_SPACE_OPS = {"G", "RG", "K", "CS", "SC", "SCN"}


def state_name(fill: bool, stroke: bool) -> str:
    return f"/PostersOP{int(fill)}{int(stroke)}"


def state_entries(name: str) -> dict[str, bool | int]:
    """The ExtGState entries of the state ``name`` (``state_name``), beyond its /Type."""
    fill, stroke = name[-2] == "1", name[-1] == "1"
    return {"op": fill, "OP": stroke, "OPM": 1}


def _states() -> dict[str, Dictionary]:
    return {name: Dictionary(Type=Name.ExtGState, **state_entries(name))
            for name in (state_name(f, s) for f in (False, True) for s in (False, True))}


def is_black(colour) -> bool:  # type: ignore[no-untyped-def]
    """100 % process black: DeviceCMYK 0 0 0 1 (components as written in the file)."""
    if colour == BLACK:
        return True
    return colour is not None and len(colour) == 4 and all(
        abs(a - b) < 1e-6 for a, b in zip(colour, BLACK, strict=True))


class _State:
    __slots__ = ("OP", "fill", "op", "render", "scale", "stroke", "width")

    def __init__(self) -> None:
        self.fill: tuple[float, ...] | None = (0.0,)  # DeviceGray black: not DeviceCMYK
        self.stroke: tuple[float, ...] | None = (0.0,)
        self.width = 1.0
        self.op = False
        self.OP = False
        self.render = 0
        self.scale = 1.0  # of the CTM, for widths on the page

    def copy(self) -> _State:
        other = _State()
        for slot in self.__slots__:
            setattr(other, slot, getattr(self, slot))
        return other


def _colour(op: str, operands) -> tuple[float, ...] | None:  # type: ignore[no-untyped-def]
    if op in ("k", "K", "g", "G", "rg", "RG"):
        return tuple(float(v) for v in operands)
    return None  # a colour space or a pattern: never 100 % process black


def apply_overprint(pdf: pikepdf.Pdf) -> None:
    """Rewrite each page's content so that 100 % K text and thin rules overprint."""
    for page in pdf.pages:
        _page(pdf, page)


def _page(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    out, used, changed = _rewrite(pikepdf.parse_content_stream(page),
                                  lambda name, st: _external_state(page, name, st))
    if not changed:
        return
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = Dictionary()
    states = resources.get("/ExtGState")
    if states is None:
        states = resources.ExtGState = Dictionary()
    for name, state in _states().items():
        if name in used:
            states[name] = pdf.make_indirect(state)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def overprint_code(code: bytes) -> tuple[bytes, set[str]]:
    """``code`` (content drawn from the default graphics state, without ExtGState
    resources of its own, such as artwork that svglib draws) with the overprint states
    switched where its painting needs them, and the names of the states it now uses."""
    with pikepdf.new() as scratch:
        out, used, changed = _rewrite(pikepdf.parse_content_stream(scratch.make_stream(code)),
                                      lambda name, st: None)
        return (pikepdf.unparse_content_stream(out) if changed else code), used


def _rewrite(instructions, external_state) -> tuple[list, set[str], bool]:  # type: ignore[no-untyped-def]
    out: list = []
    st = _State()
    stack: list[_State] = []
    used: set[str] = set()
    changed = False
    path: list[str] = []  # the current path's construction operators
    pending: list = []  # the current path's instructions, written with its painting one
    thin_rect = False
    for instruction in instructions:
        op = str(instruction.operator)
        operands = instruction.operands
        if op in ("m", "l", "c", "v", "y", "h", "re", "W", "W*"):
            if op not in ("W", "W*"):
                thin_rect = op == "re" and not path and is_thin(min(
                    abs(float(operands[2])), abs(float(operands[3]))) * st.scale)
                path.append(op)
            pending.append(instruction)  # a gs cannot go inside a path object: held back
            continue
        if op in _TEXT_SHOW or op in _FILL or op in _STROKE:
            fill_op = st.op
            stroke_op = st.OP
            if op in _TEXT_SHOW:
                if st.render in (0, 2, 4, 6):
                    fill_op = is_black(st.fill)
                if st.render in (1, 2, 5, 6):
                    stroke_op = is_black(st.stroke)
            if op in _FILL:
                # a rule drawn as a thin filled rectangle is a rule too
                fill_op = op in ("f", "F", "f*") and path == ["re"] and thin_rect \
                    and is_black(st.fill)
            if op in _STROKE:
                stroke_op = is_black(st.stroke) and is_thin(st.width * st.scale)
            if (fill_op, stroke_op) != (st.op, st.OP):
                name = state_name(fill_op, stroke_op)
                used.add(name)
                out.append(pikepdf.ContentStreamInstruction([Name(name)], Operator("gs")))
                st.op, st.OP = fill_op, stroke_op
                changed = True
        out.extend(pending)
        pending.clear()
        out.append(instruction)
        if op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
            path, thin_rect = [], False
        if op == "cm":
            a, b, c, d = (float(v) for v in operands[:4])
            st.scale *= abs(a * d - b * c) ** 0.5
        elif op == "q":
            stack.append(st.copy())
        elif op == "Q" and stack:
            st = stack.pop()
        elif op in _FILL_SPACE_OPS:
            st.fill = _colour(op, operands)
        elif op in _STROKE_SPACE_OPS:
            st.stroke = _colour(op, operands)
        elif op == "w":
            st.width = float(operands[0])
        elif op == "Tr":
            st.render = int(operands[0])
        elif op == "gs":
            external_state(operands[0], st)
    out.extend(pending)
    return out, used, changed


def _external_state(page: pikepdf.Page, name, st: _State) -> None:  # type: ignore[no-untyped-def]
    states = page.obj.get("/Resources", {}).get("/ExtGState", {})
    state = states.get(name) if isinstance(states, Dictionary) else None
    if not isinstance(state, Dictionary):
        return
    if "/OP" in state:
        st.OP = bool(state.OP)
        st.op = bool(state.get("/op", state.OP))
    elif "/op" in state:
        st.op = bool(state.op)
    if "/LW" in state:
        st.width = float(state.LW)
