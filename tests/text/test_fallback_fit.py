# ruff: noqa: RUF001  (test texts are in many scripts on purpose)
"""Font fallback by coverage, the missing-glyph error, fitting and the overflow error."""

from __future__ import annotations

import dataclasses

import pytest

from posters.text import MissingGlyphError, Span, TextEngine, TextOverflowError, TextStyle


def _run_fonts(st):
    return {(r.text.strip(), r.font.postscript_name)
            for line in st.lines for r in line.runs if r.text.strip()}


def test_run_takes_first_font_that_covers_it(engine):
    # Noto Sans Thai has no Cyrillic: that run falls back to Noto Sans.
    st = engine.fit([Span("โทร Москва 30%")], "th", TextStyle(size=12), 500, 100)
    fonts = dict(_run_fonts(st))
    assert fonts["โทร"] == "PostersNotoSansThai-Regular"
    assert fonts["Москва"] == "PostersNotoSans-Regular"
    bold = engine.fit([Span("โทร Москва", bold=True)], "th", TextStyle(size=12), 500, 100)
    assert {k for _, k in _run_fonts(bold)} == {"PostersNotoSansThai-Bold",
                                                "PostersNotoSans-Bold"}


def test_han_forms_per_language(engine):
    keys = {}
    for lang in ("ja", "zh-Hans", "zh-Hant", "ko"):
        st = engine.fit([Span("人口")], lang, TextStyle(size=12), 500, 100)
        keys[lang] = st.lines[0].runs[0].font.postscript_name
    assert keys == {
        "ja": "PostersNotoSansJp-Regular",
        "zh-Hans": "PostersNotoSansSc-Regular",
        "zh-Hant": "PostersNotoSansTc-Regular",
        "ko": "PostersNotoSansKr-Regular",
    }


def test_missing_glyph_error(engine):
    with pytest.raises(MissingGlyphError) as err:
        engine.fit([Span("Call ሀ now")], "en", TextStyle(size=12), 500, 100)
    assert err.value.char == "ሀ"
    assert err.value.codepoint == "U+1200"
    assert err.value.lang == "en"
    assert "U+1200" in str(err.value)


def test_missing_glyph_without_fallback(engine):
    config = engine.config
    th = dataclasses.replace(config.languages["th"], stack=("noto-sans-thai",))
    narrow = TextEngine(
        dataclasses.replace(config, languages={**config.languages, "th": th}),
        engine.fonts.directory,
    )
    with pytest.raises(MissingGlyphError) as err:
        narrow.fit([Span("โทร Москва")], "th", TextStyle(size=12), 500, 100)
    assert err.value.char == "М" and err.value.lang == "th"


TEXT = "If you are asked for help, please contact the nearest police station or call 9110."


def test_fit_keeps_size_when_it_fits(engine):
    st = engine.fit([Span(TEXT)], "en", TextStyle(size=12, min_size=6), 1000, 100)
    assert st.size == 12 and len(st.lines) == 1
    assert abs(st.width - engine.measure(TEXT, "en", 12)) < 1e-6


def test_fit_shrinks_until_it_fits(engine):
    st = engine.fit([Span(TEXT)], "en", TextStyle(size=24, min_size=6), 200, 60)
    assert 6 <= st.size < 24
    assert st.height <= 60 and st.width <= 200
    # one step larger does not fit
    with pytest.raises(TextOverflowError):
        engine.fit([Span(TEXT)], "en", TextStyle(size=st.size + 0.5), 200, 60)


def test_overflow_error(engine):
    with pytest.raises(TextOverflowError) as err:
        engine.fit([Span(TEXT)], "th", TextStyle(size=24, min_size=12), 200, 30)
    e = err.value
    assert e.lang == "th" and e.size == 12 and e.axis == "height"
    # over_by is how much taller the text is than the box at the minimum size
    st = engine.fit([Span(TEXT)], "th", TextStyle(size=12), 200, 10_000)
    assert abs(e.over_by - (st.height - 30)) < 1e-6


def test_overflow_error_for_a_word_too_wide(engine):
    with pytest.raises(TextOverflowError) as err:
        engine.fit(
            [Span("https://www.kokunai4.jp")], "en", TextStyle(size=12, min_size=10), 40, 500
        )
    assert err.value.axis == "width" and err.value.over_by > 0


def test_scale_span_makes_line_taller(engine):
    plain = engine.fit([Span("More than 30%")], "en", TextStyle(size=10), 500, 100)
    big = engine.fit(
        [Span("More than "), Span("30%", scale=2.0, bold=True)], "en", TextStyle(size=10), 500, 100
    )
    assert big.height == pytest.approx(plain.height * 2)
    assert big.width > plain.width


def test_line_height_per_script(engine):
    heights = {
        lang: engine.fit([Span("x")], lang, TextStyle(size=10), 100, 100).height
        for lang in ("en", "th", "km", "my")
    }
    assert heights["en"] < heights["th"] < heights["km"] < heights["my"]
    assert heights["my"] == pytest.approx(17.5)


@pytest.mark.parametrize("size", [7.12344, 7.12346, 12.0])
def test_text_set_at_one_size_that_is_not_four_decimals(engine, size):
    # a layout that scales a style to one size (min_size == size) gets it, not its
    # rounding: the rounding of 7.12344 is under the minimum, and was an IndexError
    st = engine.fit([Span("Call 110")], "en", TextStyle(size=size, min_size=size), 500, 100)
    assert st.size == pytest.approx(size, abs=1e-4)
    assert st.size >= size - 1e-4


def test_fit_cache_is_bounded_and_keeps_what_is_used(engine, monkeypatch):
    import posters.text.engine as engine_module

    style = TextStyle(size=12)
    # room for "kept" and two stations' texts (bounded in bytes, text/lru.py)
    monkeypatch.setattr(engine_module, "FIT_CACHE_BYTES", engine_module.set_text_bytes(
        engine.fit("kept", "en", style, 500, 100)) + 2 * engine_module.set_text_bytes(
        engine.fit("station 0", "en", style, 500, 100)))
    fresh = TextEngine(engine.config)
    kept = fresh.fit("kept", "en", style, 500, 100)
    for n in range(6):
        fresh.fit(f"station {n}", "en", style, 500, 100)
        assert fresh.fit("kept", "en", style, 500, 100) is kept  # used, so never evicted
    assert len(fresh._fitted) == 3
