"""Draft pages: text where the source language stands in for a missing translation is
framed on the page, and listed per output.

The frame goes around the text's own box, so it never covers a phone number or a QR
code (those are data, never untranslated); it replaces the band across the top of the
page that the composer draws, which on a small card covered both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from posters.i18n.room import NOTE_SEPARATORS, local_texts
from posters.layout.geometry import Fill, Stroke, TextFrame
from posters.localized import LocalizedCampaign, LocalText
from posters.model import Colour

FALLBACK = Colour("untranslated", (0, 100, 0, 0))  # magenta, like the translator kit's
FRAME_WIDTH = 1.2
FINDING = "I18N001"
_BAND_BLOCK = "draft-mark"
_BAND_COLOUR = "draft"


def _parts(text: str) -> list[str]:
    parts = [text]
    for separator in NOTE_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return parts


def _is_band(item: Any) -> bool:
    return (isinstance(item, TextFrame) and item.block == _BAND_BLOCK) or (
        isinstance(item, Fill) and item.colour.name == _BAND_COLOUR)


def mark_fallbacks(pages: Sequence[Any],
                   localized: LocalizedCampaign | Sequence[LocalizedCampaign]
                   ) -> tuple[tuple[Any, ...], tuple[LocalText, ...]]:
    """The pages with each fallback text framed (and no top band), and those texts."""
    languages = [localized] if isinstance(localized, LocalizedCampaign) else list(localized)
    fallbacks = {t.text: t for one in languages for t in local_texts(one) if t.fallback}
    if not fallbacks:
        return tuple(pages), ()
    found: dict[str, LocalText] = {}
    marked = []
    for page in pages:
        items = [item for item in page.items if not _is_band(item)]
        frames = []
        for item in items:
            if not isinstance(item, TextFrame):
                continue
            hits = [fallbacks[p] for p in _parts(item.source) if p in fallbacks]
            if hits:
                frames.append(Stroke(item.rect, FALLBACK, FRAME_WIDTH))
                for hit in hits:
                    found.setdefault(hit.key, hit)
        marked.append(replace(page, items=tuple(items) + tuple(frames)))
    return tuple(marked), tuple(found.values())


def fallback_findings(texts: Sequence[LocalText], lang: str, output: str) -> tuple[Any, ...]:
    """One warning per text the source language stands in for, for the build report
    and the gallery."""
    from posters.diagnostics import Diagnostic, Level, Location

    return tuple(Diagnostic(Level.WARNING, Location(output),
                            f"{text.key}: untranslated in {lang}; the source text stands in "
                            f"(framed in magenta on the page); written at "
                            f"{text.source.location.file.rsplit('/', 1)[-1]}:"
                            f"{text.source.location.line}", code=FINDING)
                 for text in texts)
