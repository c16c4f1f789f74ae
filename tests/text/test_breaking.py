# ruff: noqa: RUF001  (test texts are in many scripts on purpose)
"""Line breaking: no break inside a word of a no-space script, Korean at spaces only,
Japanese kinsoku, explicit newlines."""

from __future__ import annotations

import itertools

import pytest

from posters.text import Span, TextStyle

# Words that ICU's dictionaries keep whole; run together without spaces.
WORDS = {
    "th": ["ตำรวจ", "โทรศัพท์", "ติดต่อ", "มนุษย์", "เด็ก", "อายุ", "ประเทศ", "ภาษา"],
    "km": ["ប៉ូលិស", "មនុស្ស", "ទូរសព្ទ", "ជំនួយ", "កុមារ", "ប្រទេស"],
    "my": ["ရဲစခန်း", "တယ်လီဖုန်း", "အကူအညီ", "ကလေး", "နိုင်ငံ", "အသက်"],
}


def _line_starts(st, text):
    starts, pos = [], 0
    for line in st.lines:
        pos = text.index(line.text, pos)
        starts.append(pos)
        pos += len(line.text)
    return starts


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_no_break_inside_words(engine, lang):
    words = WORDS[lang] * 3
    text = "".join(words)
    bounds = {0}
    pos = 0
    for w in words:
        pos += len(w)
        bounds.add(pos)
    widest = max(engine.measure(w, lang, 12) for w in words)
    broke = False
    for width in range(int(widest) + 2, int(widest) * 4, 7):
        st = engine.fit([Span(text)], lang, TextStyle(size=12), width, 10_000)
        assert "".join(line.text for line in st.lines) == text
        starts = _line_starts(st, text)
        assert set(starts) <= bounds, f"{lang} broke inside a word at width {width}"
        broke = broke or len(starts) > 1
    assert broke, "the test never wrapped a line"


def test_korean_breaks_at_spaces_only(engine):
    text = "도움을 요청받으면 가까운 경찰서나 지방출입국재류관리국에 연락해 주십시오."
    words = text.split(" ")
    widest = max(engine.measure(w, "ko", 12) for w in words)
    for width in range(int(widest) + 1, int(widest) * 4, 5):
        st = engine.fit([Span(text)], "ko", TextStyle(size=12), width, 10_000)
        for line in st.lines:
            assert all(w in words for w in line.text.split(" ")), line.text


def test_korean_keep_all_keeps_digits_with_the_hangul_after_them(engine):
    """The tri-fold broke "(또는 9110" / "번) 또는"; Chromium's keep-all keeps 9110번."""
    from posters.text.breaking import line_breaks

    text = "가까운 경찰서(또는 9110번) 또는 2021년에"
    points = line_breaks(text, "ko", keep_all=True)
    assert text.index("번") not in points
    assert text.index("년") not in points
    widest = max(engine.measure(w, "ko", 12) for w in text.split(" "))
    for width in range(int(widest) + 1, int(widest) * 4, 3):
        st = engine.fit([Span(text)], "ko", TextStyle(size=12), width, 10_000)
        for line in st.lines:
            assert "9110" not in line.text or "9110번" in line.text, line.text


KINSOKU_START = set(
    "）)」』】〕〉》。、，．・：；？！ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)


def test_japanese_kinsoku(engine):
    text = (
        "助けを求められたら、最寄りの警察署（または9110番）か地方出入国在留管理局"
        "（0670-012904）にご連絡ください。ちょっと、ぎゅっと「ジョッキ」を持ってしゃべった。"
    )
    lines_seen = 0
    for width in range(80, 400, 3):
        st = engine.fit([Span(text)], "ja", TextStyle(size=10), width, 10_000)
        assert "".join(line.text for line in st.lines) == text
        for line in st.lines[1:]:
            assert line.text[0] not in KINSOKU_START, (width, line.text)
        for line in st.lines[:-1]:
            assert line.text[-1] not in "（(「『【〔〈《", (width, line.text)
        lines_seen += len(st.lines)
    assert lines_seen > 200


def test_newline_is_a_hard_break(engine):
    st = engine.fit([Span("Call us\nnow")], "en", TextStyle(size=12), 500, 100)
    assert [line.text for line in st.lines] == ["Call us", "now"]


# Captions seen on the sample's pages: (language, text, what must not be split off)
SHORT_CAPTIONS = [
    ("ja", "被害者の35%以上が18歳未満！", ("18歳未", "満！")),
    ("ja", "被害者の30%以上が外国人！", ("外国", "人！")),
    ("zh-Hans", "超过35%的受害者未满18岁！", ("未满18", "岁！")),
    ("zh-Hant", "超過35%的受害者未滿18歲！", ("未滿18", "歲！")),
]


@pytest.mark.parametrize(("lang", "text", "split"), SHORT_CAPTIONS)
def test_short_cjk_text_breaks_between_phrases_without_a_short_last_line(
    engine, lang, text, split
):
    """Seen on the poster and flyer: 18歳未 / 満, 外国 / 人, 未满18 / 岁 (then a !)."""
    size = 14
    whole = engine.measure(text, lang, size)
    seen = 0
    for width in range(int(whole * 0.45), int(whole), 2):
        st = engine.fit([Span(text)], lang, TextStyle(size=size), width, 10_000)
        lines = [line.text for line in st.lines]
        assert "".join(lines) == text
        if len(lines) < 2:
            continue
        seen += 1
        for upper, lower in itertools.pairwise(lines):
            assert not (upper.endswith(split[0]) and lower.startswith(split[1])), lines
        assert len(lines[-1]) >= 3, lines  # never one or two characters alone
    assert seen, "the caption never wrapped"


def test_short_last_line_rule_keeps_the_number_of_lines(engine):
    text = "Trafficking in persons can happen to anyone"
    for width in range(120, 300, 7):
        st = engine.fit([Span(text)], "en", TextStyle(size=14), width, 10_000)
        from posters.text.setting import greedy_lines

        para = engine._preparer.prepare((Span(text),), engine.config.language("en"),
                                        False).paragraphs[0]
        assert len(st.lines) == len(greedy_lines(para, para.breaks, 14, width))
        if 1 < len(st.lines) <= 3:
            assert st.lines[-1].width >= width / 3 - 1e-6, [line.text for line in st.lines]
