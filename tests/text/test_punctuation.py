# ruff: noqa: RUF001, RUF003  (fullwidth punctuation is the test data)
"""CJK punctuation compression: two adjacent fullwidth marks lose the blank half between
them (JLREQ, CLREQ; Chromium's default text-spacing-trim), through the font's halt forms."""

from __future__ import annotations

import pytest

from posters.text import Span, TextStyle

EM = 10.0


@pytest.mark.parametrize(
    ("lang", "text", "ems"),
    [
        ("zh-Hans", "了。”", 2.5),  # 。 before ” : 1/2 + 1
        ("zh-Hans", "说：“好", 3.5),  # ： is a closing mark in Simplified Chinese
        ("zh-Hant", "說：「好", 4.0),  # ： is centred in Traditional Chinese: nothing goes
        ("ja", "はい。」", 3.5),
        ("ja", "（「注」）", 4.0),  # （「 and 」） each lose a half
        ("ja", "人身取引", 4.0),  # no punctuation, nothing changes
        ("zh-Hant", "說：好", 3.0),  # a centred colon keeps its em
        ("ko", "」「", 2.0),  # Korean sets its punctuation as written
    ],
)
def test_adjacent_punctuation_is_compressed(engine, lang, text, ems):
    assert engine.measure(text, lang, EM) == pytest.approx(ems * EM)


def test_compression_lets_chromium_s_line_fill(engine):
    """On the zh-Hans flyer `了。”` wrapped alone in a frame that Chromium fills."""
    text = "他们说：“我们已经到了。”"  # 13 ems set as written, 12 compressed
    st = engine.fit([Span(text)], "zh-Hans", TextStyle(size=EM), 12 * EM + 0.01, 1000)
    assert [line.text for line in st.lines] == [text]
