"""Pseudo-locales: every text of the campaign, accented, bracketed and about 40 % longer,
so that overflow and text that escaped the catalog show before translations arrive.

``qps-ploc`` is left to right; ``qps-plocm`` is set right to left (the page mirrored,
as for Arabic). Both are the codes Windows reserves for pseudo-localization. They are
not languages of the campaign: the build makes them on request (``--lang qps-ploc``),
with the numbers, fonts and direction of a base language, and never from a catalog.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from posters.model import Campaign, Text

if TYPE_CHECKING:  # the build asks is_pseudo() of every language: that brings no Babel/ICU
    from posters.localize import Lookup, Translation

LTR, RTL = "qps-ploc", "qps-plocm"
PSEUDO_LOCALES = (LTR, RTL)
EXPANSION = 1.4
_ACCENTED = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķĺɱñöþʠŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ", strict=True))
_VOWELS = set("aeiouyAEIOUY")
_FIELD = re.compile(r"(\{\{|\}\}|\{[^{}]*\})")  # placeholders and literal braces stay


def is_pseudo(lang: str) -> bool:
    return lang in PSEUDO_LOCALES


def base_language(campaign: Campaign, lang: str) -> str:
    """The language whose numbers, fonts and direction a pseudo-locale borrows: the
    source language for qps-ploc; for qps-plocm the campaign's first right-to-left
    language, else Arabic."""
    from posters.languages import is_rtl

    if lang == LTR:
        source = campaign.meta.source_language
        return source if not is_rtl(source) else "en"
    return next((code for code in campaign.meta.languages if is_rtl(code)), "ar")


def pseudo_text(text: str) -> str:
    """``Call {police} now.`` -> ``[Çàĺĺ {police} ñöŵ.]`` with doubled vowels until
    the letters are about 40 % more (placeholders untouched)."""
    parts = _FIELD.split(text)
    letters = sum(len(p) for i, p in enumerate(parts) if i % 2 == 0)
    extra = math.ceil(letters * (EXPANSION - 1)) - 2  # the brackets count
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        chars = []
        for char in part:
            accented = _ACCENTED.get(char, char)
            chars.append(accented)
            if extra > 0 and char in _VOWELS:
                chars.append(accented)
                extra -= 1
        out.append("".join(chars))
    padding = " ~" * max(0, (extra + 1) // 2) if extra > 0 else ""
    return "[" + "".join(out) + padding + "]"


def pseudo_lookup(text: Text) -> Translation:
    from posters.localize import Translation

    plurals = ((pseudo_text(text.source), pseudo_text(text.plural))
               if text.plural is not None else ())
    return Translation(pseudo_text(text.source), text.location, plurals)


def lookup_for(lang: str) -> Lookup:
    del lang  # both pseudo-locales transform the text the same way
    return pseudo_lookup
