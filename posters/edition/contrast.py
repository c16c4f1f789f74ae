"""WCAG 2.1 contrast between two screen colours (sRGB), for text on its background."""

from __future__ import annotations

from posters.print.colour import RGB

NORMAL_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3
LARGE_TEXT = 3.0  # 18 pt, or 14 pt bold, and larger


def relative_luminance(colour: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.r) + 0.7152 * channel(colour.g)
            + 0.0722 * channel(colour.b))


def contrast_ratio(a: RGB, b: RGB) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: RGB, candidates: list[RGB], minimum: float) -> RGB:
    """The first candidate that meets ``minimum`` on ``background``; failing that, black or
    white, whichever contrasts more (one of them always meets 4.5:1)."""
    for colour in candidates:
        if contrast_ratio(colour, background) >= minimum:
            return colour
    black, white = RGB(0, 0, 0), RGB(255, 255, 255)
    return max((black, white), key=lambda c: contrast_ratio(c, background))
