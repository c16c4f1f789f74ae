"""TextEngine.fit_measure: what fit sets, measured without setting glyphs. The same size,
height, lines' heights and fonts as fit, or the same TextOverflowError, for every script
of the sample, in boxes from roomy to too small, with spans of several sizes."""

from __future__ import annotations

import pytest

from posters.localize import localize
from posters.text import Span, TextEngine, TextOverflowError, TextStyle
from posters.text.config import load_config
from tests.formats.conftest import catalog_lookup


def _outcome(engine, spans, lang, style, width, height, measure):  # type: ignore[no-untyped-def]
    """What the engine's fit or fit_measure gives, as a TextMeasure holds it, or the
    overflow it raises."""
    try:
        fit = engine.fit_measure if measure else engine.fit
        text = fit(spans, lang, style, width, height)
    except TextOverflowError as exc:
        return ("overflow", exc.size, exc.over_by, exc.axis)
    if measure:
        return ("set", text.size, text.height, text.lines, text.fonts)
    return ("set", text.size, text.height, tuple(line.height for line in text.lines),
            frozenset(run.font.path for line in text.lines for run in line.runs))


@pytest.mark.parametrize("lang", ["en", "ar", "th", "my", "ja", "zh-Hans", "km", "fa"])
def test_fit_measure_is_what_fit_sets(sample_campaign, lang):
    localized = localize(sample_campaign, lang, catalog_lookup(lang))
    texts = [localized.call_to_action.text, localized.headline.text,
             localized.language_name]
    mixed = (Span(localized.call_to_action.text + " "), Span("0120-123-456", bold=True,
                                                            scale=1.2))
    # a fresh engine each, so that neither answers from what the other set
    fitting, measuring = TextEngine(load_config()), TextEngine(load_config())
    compared = 0
    for spans in [*texts, mixed]:
        for size, min_size in ((40, 5.5), (18.3, 7), (9, 9)):
            for width in (30.0, 85.5, 170.0, 400.0):
                for height in (12.0, 60.0, 250.0):
                    style = TextStyle(size=size, min_size=min_size, bold=False)
                    fitted = _outcome(fitting, spans, lang, style, width, height, False)
                    measured = _outcome(measuring, spans, lang, style, width, height, True)
                    assert measured == fitted, (lang, spans, size, width, height)
                    compared += 1
    assert compared == 4 * 3 * 4 * 3
