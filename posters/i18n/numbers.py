"""Numbers for one locale: Babel (CLDR) patterns, optionally in the language's own digits.

Babel formats with the Latin digits of any numbering system; native digits are a
content decision (``campaign.native_digits``), so the digits are mapped here, from
ICU's description of the numbering system.
"""

from __future__ import annotations

from functools import cache

import icu
from babel.numbers import format_decimal, format_percent

from posters.languages import babel_locale, native_numbering_system
from posters.model import StatisticKind


@cache
def _digit_table(system: str) -> dict[int, str]:
    digits = icu.NumberingSystem.createInstanceByName(system).getDescription()
    if len(digits) != 10:
        raise ValueError(f"numbering system {system!r} is not a decimal digit set")
    return {ord(str(i)): digit for i, digit in enumerate(digits)}


def _system(lang: str, native: bool) -> str:
    return (native_numbering_system(lang) or "latn") if native else "latn"


def _in_system(formatted: str, lang: str, system: str) -> str:
    if system == "latn":
        return formatted
    symbols = babel_locale(lang).number_symbols.get(system, {})
    # Babel keeps the pattern's ASCII '%' whatever the numbering system
    percent = symbols.get("percentSign", "%")
    return formatted.replace("%", percent).translate(_digit_table(system))


def format_statistic(value: float | int, kind: StatisticKind, lang: str, *,
                     native: bool = False) -> str:
    """``0.3`` as a share: ``30%`` (en), ``30 %`` (es), ``٣٠٪`` (ar, native digits)."""
    locale = babel_locale(lang)
    system = _system(lang, native)
    if kind is StatisticKind.SHARE:
        formatted = format_percent(value, locale=locale, numbering_system=system)
    else:
        formatted = format_decimal(value, locale=locale, numbering_system=system)
    return _in_system(formatted, lang, system)


def format_year(year: int, lang: str, *, native: bool = False) -> str:
    """A year: never grouped (``2021``, not ``2,021``)."""
    system = _system(lang, native)
    formatted = format_decimal(year, format="0", locale=babel_locale(lang),
                               numbering_system=system)
    return _in_system(formatted, lang, system)
