"""Draw chart geometry (donut sectors) as filled vector paths."""

from __future__ import annotations

import math

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from posters.layout.geometry import Sector


def draw_sector(canvas: Canvas, sector: Sector, page_height: float, colour: Color) -> None:
    """``sector`` is in layout coordinates (y down from the trim's top); angles are from
    twelve o'clock, clockwise as seen on the page."""
    cx, cy = sector.cx, page_height - sector.cy
    start = 90 - sector.start  # ReportLab: degrees anticlockwise from three o'clock
    extent = -sector.sweep
    path = canvas.beginPath()
    outer = sector.outer
    path.moveTo(cx + outer * math.cos(math.radians(start)),
                cy + outer * math.sin(math.radians(start)))
    path.arcTo(cx - outer, cy - outer, cx + outer, cy + outer, start, extent)
    inner = sector.inner
    if inner > 0:
        path.arcTo(cx - inner, cy - inner, cx + inner, cy + inner, start + extent, -extent)
    else:
        path.lineTo(cx, cy)
    path.close()
    canvas.setFillColor(colour)
    canvas.drawPath(path, stroke=0, fill=1)
