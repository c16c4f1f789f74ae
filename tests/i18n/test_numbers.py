# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""ICU formatting of statistics for every language of the sample campaign, in the digits
each language's readers expect by default, checked against ICU itself."""

from __future__ import annotations

import pytest

from posters.i18n.numbers import format_statistic, format_year
from posters.model import StatisticKind

from .helpers import SAMPLE, load

NBSP = "\u00a0"

# language: (30 % as a share, 1234567 as a count, the year 2021), default digits
DEFAULT = {
    "en": ("30%", "1,234,567", "2021"),
    "ja": ("30%", "1,234,567", "2021"),
    "zh-Hans": ("30%", "1,234,567", "2021"),
    "zh-Hant": ("30%", "1,234,567", "2021"),
    "ko": ("30%", "1,234,567", "2021"),
    "th": ("30%", "1,234,567", "2021"),
    "vi": ("30%", "1.234.567", "2021"),
    "tl": ("30%", "1,234,567", "2021"),
    "id": ("30%", "1.234.567", "2021"),
    "es": (f"30{NBSP}%", "1.234.567", "2021"),
    "pt": ("30%", "1.234.567", "2021"),
    "ru": (f"30{NBSP}%", f"1{NBSP}234{NBSP}567", "2021"),
    "ne": ("३०%", "१२,३४,५६७", "२०२१"),  # CLDR default: Devanagari digits, lakh grouping
    "my": ("၃၀%", "၁,၂၃၄,၅၆၇", "၂၀၂၁"),  # CLDR default: Myanmar digits
    "km": ("30%", "1,234,567", "2021"),
    "ar": ("30\u200e%\u200e", "1,234,567", "2021"),  # CLDR's LRM % LRM keeps % on the right
    "fa": ("۳۰٪", "۱٬۲۳۴٬۵۶۷", "۲۰۲۱"),  # CLDR default: Persian digits
}
LATIN_WHERE_DEFAULT_IS_NATIVE = {
    "ne": ("30%", "12,34,567", "2021"),
    "my": ("30%", "1,234,567", "2021"),
    "fa": ("30%", "1,234,567", "2021"),
}

# with campaign.native_digits: 35.5 % (rounds half to even), 1234567, 2021
NATIVE = {
    "th": ("๓๖%", "๑,๒๓๔,๕๖๗", "๒๐๒๑"),
    "ne": ("३६%", "१२,३४,५६७", "२०२१"),
    "my": ("၃၆%", "၁,၂၃၄,၅၆၇", "၂၀၂၁"),
    "km": ("៣៦%", "១.២៣៤.៥៦៧", "២០២១"),
    "ar": ("٣٦٪\u061c", "١٬٢٣٤٬٥٦٧", "٢٠٢١"),  # Arabic percent sign and letter mark
    "fa": ("۳۶٪", "۱٬۲۳۴٬۵۶۷", "۲۰۲۱"),  # Persian digits, not Arabic-Indic
}


def test_the_table_covers_every_language_of_the_sample():
    assert set(DEFAULT) == set(load(SAMPLE).meta.languages)


@pytest.mark.parametrize("lang", sorted(DEFAULT))
def test_cldr_formatting(lang):
    share, count, year = DEFAULT[lang]
    assert format_statistic(0.3, StatisticKind.SHARE, lang) == share
    assert format_statistic(1234567, StatisticKind.COUNT, lang) == count
    assert format_year(2021, lang) == year


@pytest.mark.parametrize("lang", sorted(LATIN_WHERE_DEFAULT_IS_NATIVE))
def test_latin_digits_on_request(lang):
    share, count, year = LATIN_WHERE_DEFAULT_IS_NATIVE[lang]
    assert format_statistic(0.3, StatisticKind.SHARE, lang, native=False) == share
    assert format_statistic(1234567, StatisticKind.COUNT, lang, native=False) == count
    assert format_year(2021, lang, native=False) == year


@pytest.mark.parametrize("lang", sorted(DEFAULT))
@pytest.mark.parametrize("value", [0.3, 0.125, 0.005, 1.0])
def test_percentages_equal_icu(lang, value):
    """The browser's formatting is ICU's: the same locale gives the same string."""
    import icu

    from posters.i18n.numbers import default_numbering_system

    locale = icu.Locale.forLanguageTag(f"{lang}-u-nu-{default_numbering_system(lang)}")
    expected = icu.NumberFormat.createPercentInstance(locale).format(value)
    assert format_statistic(value, StatisticKind.SHARE, lang) == expected


def test_arabic_percent_reads_with_the_sign_right_of_the_figure():
    """After Arabic letters a bare '%' resolves as an Arabic-number separator and lands
    left of the digits (%30); CLDR's LRM % LRM keeps it right, as Chromium shows it."""
    from posters.text.bidi import embedding_levels, visual_order

    text = "أكثر من " + format_statistic(0.3, StatisticKind.SHARE, "ar") + " من الضحايا"
    levels = embedding_levels(text, rtl=True)
    visible = [i for i, c in enumerate(text) if c in "0123456789%"]
    # visual order of the figure's characters (left to right on the page)
    runs = [levels[i] for i in visible]
    order = [visible[k] for k in visual_order(runs)]
    assert "".join(text[i] for i in order) == "30%"


@pytest.mark.parametrize("lang", sorted(NATIVE))
def test_native_digits(lang):
    share, count, year = NATIVE[lang]
    assert format_statistic(0.355, StatisticKind.SHARE, lang, native=True) == share
    assert format_statistic(1234567, StatisticKind.COUNT, lang, native=True) == count
    assert format_year(2021, lang, native=True) == year


def test_native_digits_change_nothing_where_the_native_digits_are_latin():
    for lang in ("en", "ja", "ko", "vi", "es", "ru"):
        assert format_statistic(0.3, StatisticKind.SHARE, lang, native=True) == DEFAULT[lang][0]
