"""Checks of one translation against its source text.

A translation is untrusted: it may only be text in which the source's ``{placeholders}``
appear by name. Every finding is a ``Diagnostic`` at the catalog entry's file and line,
about its message's key; any error makes the translation unusable (the build then refuses
it, or a draft falls back to the source text).
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from posters.diagnostics import Diagnostic, Level, Location
from posters.schema.phone import PHONE_DIGITS, digit_runs

# A translation this much wider than its source (and LONG_SLACK columns wider) is flagged.
LONG_RATIO = 2.0
LONG_SLACK = 12
MAX_LENGTH = 2000  # characters; a poster string is never longer

# Format characters a language's spelling needs: ZWNJ/ZWJ (Persian, Indic), word joiner,
# zero-width space (Thai, Khmer, Burmese break hints), LRM/RLM/ALM, soft hyphen.
ALLOWED_FORMAT = frozenset("\u200c\u200d\u2060\u200b\u200e\u200f\u061c\u00ad")

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                  re.IGNORECASE)
# The dots IDNA reads as a domain's dots: full stop, ideographic, fullwidth, halfwidth.
_DOTS = ".\u3002\uff0e\uff61"
# a host name written without a scheme: evil-help.example.org, 相談。example。jp
_DOMAIN = re.compile(rf"(?<![\w@{_DOTS}-])((?:[\w-]+[{_DOTS}])+[A-Za-z][A-Za-z0-9-]+)(?![\w-])")
# a messaging handle: @name (Telegram, Instagram, X, LINE); not the middle of an e-mail
_HANDLE = re.compile(r"(?<![\w.@])[@\uff20][A-Za-z0-9_][A-Za-z0-9_.]{2,}")
# a number as written in prose: 18, 2023, 1,000, 3.5, 0120-924-839, +81 3 1234 5678
_NUMBER = re.compile(r"\+?\d+(?:[-.,:/ ]\d+)*")


@dataclass(frozen=True)
class _Entry:
    """The catalog entry being checked: where its findings are reported and about what."""

    location: Location
    subject: str
    prefix: str  # "plural form 1: " when one form of several is checked

    def error(self, message: str) -> Diagnostic:
        return Diagnostic(Level.ERROR, self.location, self.prefix + message, self.subject)

    def warning(self, message: str) -> Diagnostic:
        return Diagnostic(Level.WARNING, self.location, self.prefix + message, self.subject)


def fields(text: str) -> list[tuple[str, str | None, str | None]] | None:
    """The format fields of ``text`` as (name, spec, conversion); None if unbalanced."""
    try:
        return [(name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(text)
                if name is not None]
    except ValueError:
        return None


def without_fields(text: str) -> str:
    try:
        return "".join(literal for literal, *_ in string.Formatter().parse(text))
    except ValueError:
        return text


def ascii_digits(text: str) -> str:
    """Native digits (Arabic-Indic, Devanagari, Thai...) read as ASCII for comparison."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii()
                   else ch for ch in text)


def numbers(text: str) -> list[str]:
    prose = _URL.sub(" ", ascii_digits(without_fields(text)))
    return [match.strip() for match in _NUMBER.findall(prose)]


def urls(text: str) -> list[str]:
    return [url.rstrip(".,;:!?") for url in _URL.findall(text)]


@functools.cache
def _suffixes():  # type: ignore[no-untyped-def]
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=False)


def domains(text: str) -> list[str]:
    """Host names written without a scheme, whose ending is a real top-level domain (the
    Public Suffix List): ``evil-help.example.org``, ``t.me``; not ``e.g.`` or ``Node.js``."""
    prose = _URL.sub(" ", text)
    found = []
    for match in _DOMAIN.finditer(prose):
        name = re.sub(f"[{_DOTS}]", ".", match.group(1)).lower()
        try:
            ascii_name = name.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_name = name
        if _suffixes().privatesuffix(ascii_name) is not None:
            found.append(name)
    return found


def handles(text: str) -> list[str]:
    return [handle.replace("\uff20", "@").rstrip(".") for handle in
            _HANDLE.findall(_URL.sub(" ", text))]


def phone_numbers(text: str) -> list[str]:
    """Digit runs of PHONE_DIGITS digits or more, in any digits and however grouped, as
    ASCII digits only: fullwidth ``03-1234-5678`` and ``03 1234 5678`` are ``0312345678``."""
    prose = _URL.sub(" ", ascii_digits(without_fields(text)))
    return digit_runs(prose)


def contact_points(text: str) -> list[tuple[str, str]]:
    """Every way a text gives a reader somewhere to go: (what, as written)."""
    points = [("e-mail address" if "@" in url and "://" not in url else "address", url)
              for url in urls(text)]
    points += [("address", name) for name in domains(text)]
    points += [("messaging handle", handle) for handle in handles(text)]
    return points


def width(text: str) -> int:
    """Columns a text takes: wide (CJK) characters count two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def check_characters(text: str, at: _Entry) -> Iterator[Diagnostic]:
    if len(text) > MAX_LENGTH:
        yield at.error(f"the translation is {len(text)} characters long; at most "
                       f"{MAX_LENGTH} are accepted")
    for ch in sorted(set(text)):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or (
                category in ("Cf", "Zl", "Zp") and ch not in ALLOWED_FORMAT):
            name = unicodedata.name(ch, "a control character")
            yield at.error(f"contains U+{ord(ch):04X} ({name}); remove it: line breaks, "
                           "direction and spacing are the layout's job")


def _invisible_only(text: str) -> bool:
    from posters.schema.readers import invisible_only

    return invisible_only(text)


def check_markup(source: str, text: str, at: _Entry) -> Iterator[Diagnostic]:
    for pattern, what in ((_TAG, "markup tag"), (_ENTITY, "character entity")):
        for match in pattern.findall(text):
            if match not in source:
                yield at.error(f"contains the {what} {match!r}; translations are plain text")


def check_placeholders(source: str, text: str, at: _Entry, *, plural_form: bool = False
                       ) -> Iterator[Diagnostic]:
    expected = Counter(name for name, _, _ in fields(source) or ())
    found = fields(text)
    if found is None:
        yield at.error("unbalanced '{' or '}'; write '{{' or '}}' for a literal brace")
        return
    names: Counter[str] = Counter()
    for name, spec, conversion in found:
        if name not in expected or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            allowed = ", ".join("{" + n + "}" for n in expected) or "none"
            yield at.error(f"the placeholder {shown} is not in the source; allowed: {allowed}")
            continue
        names[name] += 1
    added = [n for n, _, _ in found if n not in expected]
    for name in expected:
        if names[name] == 0:
            renamed = f" (renamed to {{{added[0]}}}?)" if len(added) == 1 else ""
            message = f"the placeholder {{{name}}} is missing{renamed}; keep it as written"
            # a singular form may spell the number out ("one victim")
            yield at.warning(message) if plural_form else at.error(message)
        elif names[name] > 1:
            yield at.warning(f"the placeholder {{{name}}} appears {names[name]} times")


def check_data(source: str, text: str, at: _Entry) -> Iterator[Diagnostic]:
    """Numbers, phone numbers and URLs are data: the translation keeps the source's."""
    have = Counter(numbers(text))
    for number, count in (Counter(numbers(source)) - have).items():
        yield at.error(f"the number {number} of the source is missing or altered"
                       + (f" ({count} times)" if count > 1 else "")
                       + "; copy it from the source")
    source_phones = set(phone_numbers(source))
    added_runs = [run for run in phone_numbers(text) if run not in source_phones]
    for number in Counter(numbers(text)) - Counter(numbers(source)):
        digits = "".join(ch for ch in number if ch.isdigit())
        if len(digits) >= PHONE_DIGITS:
            if digits not in source_phones and not any(
                    digits in run and digits != run for run in added_runs):
                yield at.error(f"the number {number} is not in the source; phone numbers come "
                               "from the campaign, never from a translation")
        else:
            yield at.warning(f"the number {number} is not in the source; check it")
    reported = {"".join(ch for ch in n if ch.isdigit()) for n in numbers(text)}
    for digits in dict.fromkeys(phone_numbers(text)):
        if digits not in source_phones and digits not in reported:
            yield at.error(f"the digits {digits} read as a phone number that is not in the "
                           "source; phone numbers come from the campaign, never from a "
                           "translation")
    source_urls, text_urls = urls(source), urls(text)
    for url in source_urls:
        if url not in text_urls:
            yield at.error(f"the address {url} of the source is missing or altered")
    source_points = {point.lower() for _, point in contact_points(source)}
    source_points |= {d for url in source_urls for d in domains(url.split("//")[-1])}
    for what, point in dict.fromkeys(contact_points(text)):
        if point.lower() not in source_points:
            yield at.error(f"the {what} {point} is not in the source; addresses and contacts "
                           "come from the campaign, never from a translation")


def _digit_names(digits: str) -> str:
    """What readers call a set of digits: Latin, Persian, Devanagari..."""
    name = unicodedata.name(digits[0], "")
    kind = name.split(" DIGIT")[0].title() if " DIGIT" in name else ""
    return _DIGIT_NAMES.get(kind, kind) or "Latin"


_DIGIT_NAMES = {"Extended Arabic-Indic": "Persian", "Fullwidth": "Latin"}


def _looks_latin(digit: str) -> bool:
    """Whether a decimal digit reads as one of 0-9 (fullwidth ones do)."""
    return digit.isascii() or "\uff10" <= digit <= "\uff19"


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def check_digits(text: str, at: _Entry, digits: str) -> Iterator[Diagnostic]:
    """A number in prose written in other digits than the ones the campaign shows the
    language's numbers in (``digits``: zero to nine): a Persian page that reads ``۳۰٪`` in
    its statistic and ``18`` in the sentence around it mixes two kinds of figures. Phone
    numbers (printed exactly as written), addresses and numbers inside a word (``G7``,
    ``COVID-19``) are left alone, and so are digits that are not decimal digits of their
    own (Chinese numerals)."""
    if len(digits) != 10 or not all(d.isdecimal() for d in digits):
        return
    wanted_latin = _looks_latin(digits[0])
    prose = _URL.sub(" ", without_fields(text))
    for match in _NUMBER.finditer(prose):
        number = match.group().strip()
        before = prose[match.start() - 1] if match.start() else " "
        after = prose[match.end()] if match.end() < len(prose) else " "
        if _latin_letter(before) or _latin_letter(after) or before in "-_":
            continue
        figures = [ch for ch in number if ch.isdecimal()]
        if len(figures) >= PHONE_DIGITS:
            continue
        if all(_looks_latin(ch) == wanted_latin and (wanted_latin or ch in digits)
               for ch in figures):
            continue
        written = "".join(digits[unicodedata.decimal(ch)] if ch.isdecimal() else ch
                          for ch in number)
        yield at.warning(
            f"the number {number} is written in {_digit_names(figures[0])} digits, but this "
            f"campaign shows this language's numbers in {_digit_names(digits)} digits: write "
            f"{written}, or change the language's digits with campaign.native_digits or "
            "campaign.latin_digits")


def check_length(source: str, text: str, at: _Entry) -> Iterator[Diagnostic]:
    wide, narrow = width(without_fields(text)), width(without_fields(source))
    if narrow and wide > narrow * LONG_RATIO and wide - narrow > LONG_SLACK:
        yield at.warning(f"the translation is {wide / narrow:.1f} times as long as the source "
                         f"({wide} columns for {narrow}); it may not fit")


def check_translation(source: str, text: str, location: Location, subject: str = "", *,
                      plural_form: int | None = None,
                      digits: str | None = None) -> list[Diagnostic]:
    """Every finding about ``text`` as a translation of ``source``, reported at
    ``location`` (the catalog entry) about ``subject`` (its message's key).
    ``plural_form``: which form of a message with plurals ``text`` is (a singular form may
    spell the number out); None for a message without plurals. ``digits``: the digits,
    zero to nine, that the campaign shows the language's numbers in (check_digits)."""
    at = _Entry(location, subject,
                "" if plural_form is None else f"plural form {plural_form}: ")
    findings = list(check_characters(text, at))
    if text and _invisible_only(text):
        findings.append(at.error("the translation has only invisible characters (such as "
                                 "zero-width spaces) and would print as a blank; translate "
                                 "the text"))
    findings += check_markup(source, text, at)
    findings += check_placeholders(source, text, at, plural_form=plural_form is not None)
    findings += check_data(source, text, at)
    if digits is not None:
        findings += check_digits(text, at, digits)
    if text != text.strip():
        findings.append(at.warning("leading or trailing spaces"))
    findings += check_length(source, text, at)
    return findings
