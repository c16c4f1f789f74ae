"""OverprintCanvas.push_state_stack (saveState, beginForm) keeps what ReportLab's keeps:
every state attribute, in order, and a copy of the graphics state parameters."""

from __future__ import annotations

import io

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from posters.render.overprint import OverprintCanvas


def _states(canvas: Canvas) -> list[list[tuple[str, object]]]:
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.saveState()
    canvas.translate(10, 20)
    canvas.setLineWidth(3)
    canvas.setFillAlpha(0.5)
    canvas.saveState()
    canvas.setDash(2, 1)
    canvas.setFont("Helvetica", 9)
    stacks = [[(name, value if name != "_extgstate" else sorted(value._d.items()))
               for name, value in state.items()] for state in canvas.state_stack]
    canvas.restoreState()
    canvas.restoreState()
    return stacks


def test_the_state_kept_is_reportlabs() -> None:
    ours = OverprintCanvas(io.BytesIO(), invariant=1)
    theirs = Canvas(io.BytesIO(), invariant=1)
    assert _states(ours) == _states(theirs)
    assert [name for name, _ in _states(ours)[0]] == Canvas.STATE_ATTRIBUTES
    assert ours._extgstate._d == theirs._extgstate._d
