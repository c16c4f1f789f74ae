"""Overprint set while drawing (posters.print.overprint holds the rule): the canvas that
writes the overprint states among a page's resources, and which colours ReportLab writes
as 100 % process black."""

from __future__ import annotations

from operator import itemgetter

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFPage
from reportlab.pdfgen.canvas import Canvas

from posters.print.overprint import is_black, state_entries, state_name

_STATE_NAMES = tuple(Canvas.STATE_ATTRIBUTES)
_state = itemgetter(*_STATE_NAMES)


class OverprintCanvas(Canvas):
    """ReportLab's canvas, with the overprint states the renderer sets while drawing
    (posters.print.overprint) among each page's ExtGState resources."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.overprint_states: set[str] = set()  # used on the page being drawn

    def push_state_stack(self) -> None:
        # Canvas.push_state_stack (saveState, beginForm), its state read in one step
        self.state_stack.append(dict(zip(_STATE_NAMES, _state(self.__dict__), strict=True)))
        self._extgstate = self._extgstate.pushCopy()

    def overprint(self, fill: bool, stroke: bool) -> str:
        """The operator that sets fill and stroke overprint (with OPM 1)."""
        name = state_name(fill, stroke)
        self.overprint_states.add(name)
        return f"{name} gs"

    def _setExtGState(self, obj) -> None:  # type: ignore[no-untyped-def]
        # ReportLab's hook for a page's (or form's) ExtGState resources, at showPage
        super()._setExtGState(obj)
        if not isinstance(obj, PDFPage) or not self.overprint_states:
            return
        states = dict(obj.ExtGState.dict) if obj.ExtGState else {}
        for name in sorted(self.overprint_states):
            entries = {key: ("true" if value else "false") if isinstance(value, bool)
                       else value for key, value in state_entries(name).items()}
            states[name[1:]] = PDFDictionary({"Type": PDFName("ExtGState"), **entries})
        obj.ExtGState = PDFDictionary(states)
        self.overprint_states = set()


def written_black(colour: Color) -> bool:
    """Whether ReportLab writes ``colour`` as 100 % process black (0 0 0 1 k)."""
    if not isinstance(colour, CMYKColor) or colour.spotName:
        return False
    d = colour.density
    written = fp_str(d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)
    return is_black(tuple(float(v) for v in written.split()))
