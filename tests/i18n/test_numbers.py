# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""CLDR formatting of statistics for every language of the sample campaign."""

from __future__ import annotations

import pytest

from posters.i18n.numbers import format_statistic, format_year
from posters.model import StatisticKind

from .helpers import SAMPLE, load

NBSP = "\u00a0"

# language: (30 % as a share, 1234567 as a count, the year 2021)
LATIN = {
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
    "ne": ("30%", "12,34,567", "2021"),  # lakh grouping
    "my": ("30%", "1,234,567", "2021"),
    "km": ("30%", "1,234,567", "2021"),
    "ar": ("30%", "1,234,567", "2021"),
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
    assert set(LATIN) == set(load(SAMPLE).meta.languages)


@pytest.mark.parametrize("lang", sorted(LATIN))
def test_cldr_formatting(lang):
    share, count, year = LATIN[lang]
    assert format_statistic(0.3, StatisticKind.SHARE, lang) == share
    assert format_statistic(1234567, StatisticKind.COUNT, lang) == count
    assert format_year(2021, lang) == year


@pytest.mark.parametrize("lang", sorted(NATIVE))
def test_native_digits(lang):
    share, count, year = NATIVE[lang]
    assert format_statistic(0.355, StatisticKind.SHARE, lang, native=True) == share
    assert format_statistic(1234567, StatisticKind.COUNT, lang, native=True) == count
    assert format_year(2021, lang, native=True) == year


def test_native_digits_change_nothing_where_the_native_digits_are_latin():
    for lang in ("en", "ja", "ko", "vi", "es", "ru"):
        assert format_statistic(0.3, StatisticKind.SHARE, lang, native=True) == LATIN[lang][0]
