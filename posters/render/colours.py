"""Campaign colours as ReportLab print colours."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, CMYKColorSep

from posters.model import Colour


def cmyk(colour: Colour) -> CMYKColor:
    c, m, y, k = (v / 100 for v in colour.cmyk)
    if colour.spot:
        return CMYKColorSep(c, m, y, k, spotName=colour.spot)
    return CMYKColor(c, m, y, k)
