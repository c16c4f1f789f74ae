"""Checks of one translation against its source text.

A translation is untrusted: it may only be text in which the source's ``{placeholders}``
appear by name. Every finding is a (level, message) pair; any error makes the translation
unusable (the build then refuses it, or a draft falls back to the source text).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from posters.diagnostics import Level

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
# a number as written in prose: 18, 2023, 1,000, 3.5, 0120-924-839, +81 3 1234 5678
_NUMBER = re.compile(r"\+?\d+(?:[-.,:/ ]\d+)*")
PHONE_DIGITS = 6  # a run of this many digits or more reads as a phone number


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str


def _error(message: str) -> Finding:
    return Finding(Level.ERROR, message)


def _warning(message: str) -> Finding:
    return Finding(Level.WARNING, message)


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


def width(text: str) -> int:
    """Columns a text takes: wide (CJK) characters count two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def check_characters(text: str) -> Iterator[Finding]:
    if len(text) > MAX_LENGTH:
        yield _error(f"the translation is {len(text)} characters long; at most "
                     f"{MAX_LENGTH} are accepted")
    for ch in sorted(set(text)):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or (
                category in ("Cf", "Zl", "Zp") and ch not in ALLOWED_FORMAT):
            name = unicodedata.name(ch, "a control character")
            yield _error(f"contains U+{ord(ch):04X} ({name}); remove it: line breaks, "
                         "direction and spacing are the layout's job")


def check_markup(source: str, text: str) -> Iterator[Finding]:
    for pattern, what in ((_TAG, "markup tag"), (_ENTITY, "character entity")):
        for match in pattern.findall(text):
            if match not in source:
                yield _error(f"contains the {what} {match!r}; translations are plain text")


def check_placeholders(source: str, text: str, *, plural_form: bool = False
                       ) -> Iterator[Finding]:
    expected = Counter(name for name, _, _ in fields(source) or ())
    found = fields(text)
    if found is None:
        yield _error("unbalanced '{' or '}'; write '{{' or '}}' for a literal brace")
        return
    names: Counter[str] = Counter()
    for name, spec, conversion in found:
        if name not in expected or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            allowed = ", ".join("{" + n + "}" for n in expected) or "none"
            yield _error(f"the placeholder {shown} is not in the source; allowed: {allowed}")
            continue
        names[name] += 1
    added = [n for n, _, _ in found if n not in expected]
    for name in expected:
        if names[name] == 0:
            renamed = f" (renamed to {{{added[0]}}}?)" if len(added) == 1 else ""
            message = f"the placeholder {{{name}}} is missing{renamed}; keep it as written"
            # a singular form may spell the number out ("one victim")
            yield _warning(message) if plural_form else _error(message)
        elif names[name] > 1:
            yield _warning(f"the placeholder {{{name}}} appears {names[name]} times")


def check_data(source: str, text: str) -> Iterator[Finding]:
    """Numbers, phone numbers and URLs are data: the translation keeps the source's."""
    have = Counter(numbers(text))
    for number, count in (Counter(numbers(source)) - have).items():
        yield _error(f"the number {number} of the source is missing or altered"
                     + (f" ({count} times)" if count > 1 else "")
                     + "; copy it from the source")
    for number in Counter(numbers(text)) - Counter(numbers(source)):
        digits = sum(ch.isdigit() for ch in number)
        if digits >= PHONE_DIGITS:
            yield _error(f"the number {number} is not in the source; phone numbers come "
                         "from the campaign, never from a translation")
        else:
            yield _warning(f"the number {number} is not in the source; check it")
    source_urls, text_urls = urls(source), urls(text)
    for url in source_urls:
        if url not in text_urls:
            yield _error(f"the address {url} of the source is missing or altered")
    for url in text_urls:
        if url not in source_urls:
            yield _error(f"the address {url} is not in the source; addresses come from the "
                         "campaign, never from a translation")


def check_length(source: str, text: str) -> Iterator[Finding]:
    wide, narrow = width(without_fields(text)), width(without_fields(source))
    if narrow and wide > narrow * LONG_RATIO and wide - narrow > LONG_SLACK:
        yield _warning(f"the translation is {wide / narrow:.1f} times as long as the source "
                       f"({wide} columns for {narrow}); it may not fit")


def check_translation(source: str, text: str, *, plural_form: bool = False
                      ) -> list[Finding]:
    """Every finding about ``text`` as a translation of ``source``."""
    findings = list(check_characters(text))
    findings += check_markup(source, text)
    findings += check_placeholders(source, text, plural_form=plural_form)
    findings += check_data(source, text)
    if text != text.strip():
        findings.append(_warning("leading or trailing spaces"))
    findings += check_length(source, text)
    return findings
