"""Numbers for one locale, formatted by ICU (the library Chromium uses), in the digits
readers of the language expect.

The digits of a language are CLDR's default numbering system for its locale unless the
campaign asks otherwise: Persian gets Persian digits (``۳۰٪``), Nepali Devanagari and
Burmese Myanmar digits, Arabic Latin digits with the CLDR percent sign ``30‎%‎`` whose
left-to-right marks keep the sign on the right of the figure inside Arabic text.
``campaign.native_digits`` switches a language to its native digits,
``campaign.latin_digits`` to the Latin ones (docs/campaign-format.md lists the defaults).
"""

from __future__ import annotations

import threading
from functools import cache

import icu

from posters.languages import cldr_tag, native_numbering_system
from posters.model import StatisticKind

_lock = threading.Lock()  # ICU formatters are not thread-safe


def numbering_system(lang: str, native: bool | None = None) -> str:
    """The CLDR numbering system used for ``lang``: ``native`` None gives the locale's
    default, True its native digits, False Latin digits."""
    if native is None:
        return default_numbering_system(lang)
    if native:
        return native_numbering_system(lang) or "latn"
    return "latn"


@cache
def digits(system: str) -> str:
    """The characters of a numbering system, zero first (``۰۱۲۳۴۵۶۷۸۹`` for arabext)."""
    return icu.NumberingSystem.createInstanceByName(system).getDescription()


@cache
def default_numbering_system(lang: str) -> str:
    """CLDR's default numbering system of the locale (``arabext`` for fa, ``latn`` for ar)."""
    return icu.NumberingSystem.createInstance(icu_locale(lang)).getName()


def icu_locale(lang: str, system: str | None = None) -> icu.Locale:
    """The ICU locale numbers of ``lang`` are formatted for: the locale whose CLDR data it
    follows (the registry's: ``hmn`` follows its campaign's ``rules``, ``prs`` ``fa-AF``),
    in the numbering system ``system``."""
    tag = cldr_tag(lang)
    return icu.Locale.forLanguageTag(f"{tag}-u-nu-{system}" if system else tag)


@cache
def _formatter(lang: str, system: str, kind: str) -> icu.NumberFormat:
    locale = icu_locale(lang, system)
    if kind == "percent":
        return icu.NumberFormat.createPercentInstance(locale)
    fmt = icu.NumberFormat.createInstance(locale)
    if kind == "year":
        fmt.setGroupingUsed(False)
    return fmt


def _format(value: float | int, lang: str, system: str, kind: str) -> str:
    fmt = _formatter(lang, system, kind)
    with _lock:
        return fmt.format(value)


def format_statistic(value: float | int, kind: StatisticKind, lang: str, *,
                     native: bool | None = None) -> str:
    """``0.3`` as a share: ``30%`` (en), ``30 %`` (es), ``30‎%‎`` (ar), ``۳۰٪`` (fa)."""
    system = numbering_system(lang, native)
    if kind is StatisticKind.SHARE:
        return _format(value, lang, system, "percent")
    return _format(value, lang, system, "decimal")


def format_year(year: int, lang: str, *, native: bool | None = None) -> str:
    """A year: never grouped (``2021``, not ``2,021``)."""
    return _format(year, lang, numbering_system(lang, native), "year")
