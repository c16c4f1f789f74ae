"""Right-to-left order: words, numbers, phone numbers and URLs inside Arabic and Persian."""

from __future__ import annotations

from posters.text import Span, TextStyle, isolate_ltr
from posters.text.bidi import LRI, PDI, isolate_tokens


def _visual(set_text):
    """Per line: list of (x, run text, run is rtl), left to right."""
    return [[(r.x, r.text, r.rtl) for r in line.runs] for line in set_text.lines]


def _x_of(line_runs, needle):
    for x, text, _rtl in line_runs:
        if needle in text:
            return x
    raise AssertionError(f"{needle!r} not in any run: {line_runs}")


def test_isolate_helpers():
    assert isolate_ltr("0670-012904") == f"{LRI}0670-012904{PDI}"
    assert isolate_ltr(isolate_ltr("x")) == isolate_ltr("x")
    got = isolate_tokens("اتصل (0670-012904) أو https://www.kokunai4.jp.")
    assert f"{LRI}0670-012904{PDI}" in got
    assert f"{LRI}https://www.kokunai4.jp{PDI}." in got
    assert isolate_tokens(got) == got


def test_arabic_words_right_to_left_with_numbers(engine):
    text = "أكثر من 30% من الضحايا"
    st = engine.fit([Span(text)], "ar", TextStyle(size=12), 1000, 100)
    (line,) = _visual(st)
    # logical order أكثر, من, 30, الضحايا -> decreasing x
    xs = [_x_of(line, w) for w in ("أكثر", "30", "الضحايا")]
    assert xs == sorted(xs, reverse=True), line
    # the digits run reads 3 then 0, left to right
    digits = next(r for r in st.lines[0].runs if "30" in r.text)
    assert not digits.rtl
    order = [g.cluster for g in digits.glyphs]
    assert order == sorted(order)
    # RTL text is right-aligned by default ("start")
    assert st.align == "start" and st.rtl


def test_phone_and_url_stay_intact_in_rtl(engine):
    text = "اتصل بالرقم 0670-012904 أو زوروا https://www.kokunai4.jp اليوم"
    st = engine.fit([Span(text)], "fa", TextStyle(size=10), 2000, 100)
    (line,) = st.lines
    for token in ("0670-012904", "https://www.kokunai4.jp"):
        runs = [r for r in line.runs if not r.rtl and r.text.strip() and r.text in token]
        # the token's LTR runs are adjacent and read left to right in logical order
        xs = sorted(runs, key=lambda r: r.x)
        assert "".join(r.text for r in xs) == token, [r.text for r in line.runs]
        for r in xs:
            assert [g.cluster for g in r.glyphs] == sorted(g.cluster for g in r.glyphs)
    # the phone number comes logically before the URL, so it sits to its right
    x_phone = min(r.x for r in line.runs if r.text in "0670-012904" and r.text.strip())
    x_url = min(r.x for r in line.runs if r.text in "https://www.kokunai4.jp" and r.text.strip())
    assert x_phone > x_url


def test_mixed_lines_wrap_then_reorder(engine):
    words = ["الأولى", "2023", "الثالثة", "الرابعة", "الخامسة", "السادسة"]
    text = " ".join(words)
    width = engine.measure(" ".join(words[:3]), "ar", 12) + 1
    st = engine.fit([Span(text)], "ar", TextStyle(size=12), width, 200)
    assert len(st.lines) >= 2
    # the first line holds exactly the first three words, right to left
    assert st.lines[0].text == " ".join(words[:3])
    xs = [_x_of(_visual(st)[0], w) for w in words[:3]]
    assert xs == sorted(xs, reverse=True)
    # right aligned: each line ends at the box's right edge
    from posters.render.text import line_x

    for line in st.lines:
        assert abs(line_x(st, line.width) + line.width - width) < 1e-6
