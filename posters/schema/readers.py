"""The field readers every input file of a campaign is read with: ``Field``, ``Context``,
``INVALID`` and ``read_mapping``/``read_list``/``read_text``/``read_slug``/``read_url``/
``read_phone``/``read_asset``... Each reports into ``Diagnostics`` and returns ``INVALID``
instead of raising, so one run shows all the problems of a file.
"""

from __future__ import annotations

import datetime
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from posters.diagnostics import Diagnostics, Location
from posters.languages import UnknownLanguage, babel_locale
from posters.model import (
    Text,
)
from posters.schema.phone import PhoneError, PhoneNumber, is_country, parse_phone, unchecked_phone
from posters.schema.source import MappingEntry, Node


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

Reader = Callable[["Context", Node, str], Any]


@dataclass(frozen=True)
class Field:
    read: Reader
    required: bool = False
    default: Any = None


@dataclass
class Context:
    problems: Diagnostics
    root: Path  # the campaign folder
    comments: tuple[str, ...] = ()  # comments above the key being read
    key_location: Location | None = None  # where the key being read is written
    country: str | None = None  # campaign.country, for phone numbers

    def error(self, node: Node, path: str, message: str) -> Any:
        self.problems.error(node.location, message, path)
        return INVALID


def read_mapping(
    ctx: Context, node: Node, path: str, spec: dict[str, Field]
) -> dict[str, Any] | Any:
    if node.kind != "mapping":
        return ctx.error(node, path, f"expected a mapping with the keys {_keys(spec)}; "
                                     f"got {node.describe()}")
    values: dict[str, Any] = {}
    unknown = [key for key in node.items if key not in spec]
    for key in unknown:
        _unknown_key(ctx, node.items[key], f"{path}.{key}" if path else key, key, spec)
    for key, field in spec.items():
        child_path = f"{path}.{key}" if path else key
        entry = node.items.get(key)
        if entry is None or (entry.node.kind == "scalar" and entry.node.value is None
                             and entry.node.plain):
            if field.required:
                _missing(ctx, node, path, key, entry, unknown)
                values[key] = INVALID
            else:
                values[key] = field.default
            continue
        values[key] = read_entry(ctx, entry, child_path, field.read)
    return values


def _missing(ctx: Context, node: Node, path: str, key: str, entry: MappingEntry | None,
             unknown: list[str]) -> None:
    if entry is not None:
        ctx.problems.error(entry.key_location, f"'{key}' is required but has no value; "
                                               "write its value after the ':'",
                           f"{path}.{key}" if path else key)
        return
    # point at the parent key ("content:"), where the missing key belongs
    where = ctx.key_location or node.location
    import difflib  # the suggestion only: not on a campaign's path without mistakes

    close = difflib.get_close_matches(key, unknown, n=1, cutoff=_CLOSE)
    if close:
        line = node.items[close[0]].key_location.line
        fix = f"rename '{close[0]}' (line {line}) to '{key}'"
    else:
        fix = f"add it under '{path}'" if path else "add it at the top level"
    ctx.problems.error(where, f"required key '{key}' is missing; {fix}",
                       f"{path}.{key}" if path else key)


def read_entry(ctx: Context, entry: MappingEntry | None, path: str, read: Reader,
                node: Node | None = None) -> Any:
    """Read a value with the comments and key location of its entry. A list item has no
    entry: it keeps the comments written above its list and has no key location."""
    outer = ctx.comments, ctx.key_location
    ctx.comments = entry.comments if entry else ctx.comments
    ctx.key_location = entry.key_location if entry else None
    try:
        return read(ctx, entry.node if entry else node, path)
    finally:
        ctx.comments, ctx.key_location = outer


def _keys(spec: dict[str, Field]) -> str:
    return ", ".join(spec)


_CLOSE = 0.7  # how alike two keys must be for "did you mean" (difflib ratio)


def _unknown_key(
    ctx: Context, entry: MappingEntry, path: str, key: str, spec: dict[str, Field]
) -> None:
    import difflib  # the suggestion only: not on a campaign's path without mistakes

    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=_CLOSE)
    hint = f"did you mean '{close[0]}'?" if close else f"the keys here are {_keys(spec)}"
    ctx.problems.warning(entry.key_location, f"unknown key '{key}'; {hint}", path)


def read_list(item: Reader, *, min_items: int = 0, max_items: int = 1000) -> Reader:
    def read(ctx: Context, node: Node, path: str) -> Any:
        if node.kind != "sequence":
            return ctx.error(node, path, f"expected a list (one '- ' line per item), got "
                                         f"{node.describe()}")
        if not min_items <= len(node.children) <= max_items:
            wanted = (f"at least {min_items}" if len(node.children) < min_items
                      else f"at most {max_items}")
            return ctx.error(node, path, f"expected {wanted} items, got {len(node.children)}")
        values = tuple(read_entry(ctx, None, f"{path}[{i}]", item, child)
                       for i, child in enumerate(node.children))
        return INVALID if any(v is INVALID for v in values) else values

    return read


def scalar_text(ctx: Context, node: Node, path: str, what: str) -> str | Any:
    if node.kind != "scalar" or node.value is None:
        return ctx.error(node, path, f"expected {what}, got {node.describe()}")
    return node.raw


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


MAX_TEXT_LENGTH = 2000  # as for a translation (posters.i18n.qa.MAX_LENGTH)

# Characters that show nothing: a text of only these would print as a blank area.
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def invisible_only(text: str) -> bool:
    """Whether the text has nothing to see: spaces, zero-width and format characters."""
    return all(ch.isspace() or ch in _BLANK_FILLERS
               or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in text)


def _check_prose(ctx: Context, node: Node, path: str, text: str) -> bool:
    if not text.strip():
        ctx.error(node, path, "is empty; write the text or remove the key")
        return False
    if invisible_only(text):
        ctx.error(node, path, "has only invisible characters (such as zero-width spaces) "
                              "and would print as a blank; write the text or remove the key")
        return False
    if len(text) > MAX_TEXT_LENGTH:
        ctx.error(node, path, f"is {len(text):,} characters long; a text on a poster has at "
                              f"most {MAX_TEXT_LENGTH:,}: shorten it")
        return False
    bad = _CONTROL.search(text)
    if bad:
        ctx.error(node, path, f"contains the control character U+{ord(bad.group()):04X}; "
                              "remove it (the text engine handles direction and breaks)")
        return False
    return True


def placeholders(text: str) -> list[str] | None:
    """The ``{name}`` fields of a text, or None when it is not a valid format string."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return None


def _decorated_placeholder(text: str) -> str | None:
    """The first ``{name:spec}`` or ``{name!r}`` field: formats are the localizer's job."""
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None and (spec or conversion):
            return "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
    return None


def read_text(allowed: frozenset[str] = frozenset(), required: frozenset[str] = frozenset()
              ) -> Reader:
    """A translatable string whose ``{placeholders}`` must be among ``allowed``."""

    def read(ctx: Context, node: Node, path: str) -> Text | Any:
        raw = scalar_text(ctx, node, path, "text")
        if raw is INVALID:
            return INVALID
        text = unicodedata.normalize("NFC", raw.strip())
        if not _check_prose(ctx, node, path, text):
            return INVALID
        names = placeholders(text)
        if names is None:
            return ctx.error(node, path, "unbalanced '{' or '}'; write '{{' or '}}' for a "
                                         "literal brace")
        decorated = _decorated_placeholder(text)
        if decorated:
            return ctx.error(node, path, f"placeholder {decorated} has a format or conversion; "
                                         "write just the name in braces, like {value}")
        for name in names:
            if name not in allowed:
                known = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                return ctx.error(node, path, f"unknown placeholder {{{name}}}; allowed here: "
                                             f"{known}")
        for name in sorted(required - set(names)):
            return ctx.error(node, path, f"must contain the placeholder {{{name}}}")
        comments = tuple(c for c in ctx.comments if c)
        return Text(text, path, node.location, comments)

    return read


def read_string(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "text")
    if raw is INVALID or not _check_prose(ctx, node, path, raw):
        return INVALID
    return raw.strip()


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def read_slug(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "an identifier")
    if raw is INVALID:
        return INVALID
    if not _SLUG.match(raw):
        return ctx.error(node, path, f"expected an identifier of lowercase letters, digits and "
                                     f"'-', got {node.describe()}")
    return raw


def read_date(ctx: Context, node: Node, path: str) -> datetime.date | Any:
    raw = scalar_text(ctx, node, path, "a date")
    if raw is INVALID:
        return INVALID
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return datetime.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    return ctx.error(node, path, f"expected a date written YYYY-MM-DD, got {node.describe()}")


def read_int_range(low: int, high: int, what: str = "a whole number") -> Reader:
    def read(ctx: Context, node: Node, path: str) -> int | Any:
        if node.kind != "scalar" or type(node.value) is not int:
            return ctx.error(node, path, f"expected {what} between {low} and {high}, got "
                                         f"{node.describe()}")
        if not low <= node.value <= high:
            return ctx.error(node, path, f"expected {what} between {low} and {high}, got "
                                         f"{node.value}")
        return node.value

    return read


read_year = read_int_range(1900, 2100, "a year")


def read_bool(ctx: Context, node: Node, path: str) -> bool | Any:
    if node.kind != "scalar" or type(node.value) is not bool:
        return ctx.error(node, path, f"expected true or false, got {node.describe()}")
    return node.value


def read_enum(enum: type) -> Reader:
    def read(ctx: Context, node: Node, path: str) -> Any:
        raw = scalar_text(ctx, node, path, "one of " + ", ".join(e.value for e in enum))
        if raw is INVALID:
            return INVALID
        try:
            return enum(raw)
        except ValueError:
            choices = [e.value for e in enum]
            import difflib  # the suggestion only

            close = difflib.get_close_matches(raw, choices, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return ctx.error(node, path, f"expected one of {', '.join(choices)}, got "
                                         f"{node.describe()}{hint}")

    return read


# Country or legacy codes people write for a language.
_LANGUAGE_MIXUPS = {
    "jp": "ja", "cn": "zh-Hans", "tw": "zh-Hant", "kr": "ko", "vn": "vi", "ph": "tl",
    "br": "pt", "cz": "cs", "dk": "da", "gr": "el", "se": "sv", "ua": "uk", "ir": "fa",
    "np": "ne", "mm": "my", "kh": "km", "in": "id", "iw": "he", "zh-cn": "zh-Hans",
    "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-sg": "zh-Hans", "sa": "ar",
}


def read_language(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "a language code")
    if raw is INVALID:
        return INVALID
    try:
        babel_locale(raw)
    except UnknownLanguage:
        mixup = _LANGUAGE_MIXUPS.get(raw.lower())
        if mixup:
            hint = f"did you mean '{mixup}'?"
        elif re.fullmatch(r"[a-z]{2,3}", raw) and path.startswith("campaign.languages"):
            hint = (f"Babel has no locale for it; to use it, name the language whose number "
                    f"and plural rules it follows under campaign.locales, e.g. "
                    f"`locales: {{{raw}: {{rules: en}}}}` (docs/fonts.md)")
        else:
            hint = "use a BCP 47 code that Babel knows, such as 'ja', 'pt' or 'zh-Hant'"
        return ctx.error(node, path, f"unknown language code {node.describe()}; {hint}")
    return raw


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def read_url(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "a URL")
    if raw is INVALID:
        return INVALID
    hidden = _hidden_in_url(raw)
    if hidden is not None:
        return ctx.error(node, path, f"the web address contains the invisible character "
                                     f"U+{ord(hidden):04X} ({unicodedata.name(hidden, 'control')})"
                                     "; it can make the printed address read otherwise than "
                                     "the link: retype the address")
    parts = urlsplit(raw)
    try:
        # an ASCII name is its own IDNA spelling (the codec's fast path, whose label
        # lengths _HOST checks too): the codec and its tables (stringprep) only for others
        host = (parts.hostname if parts.hostname.isascii()
                else parts.hostname.encode("idna").decode("ascii")) if parts.hostname else ""
    except UnicodeError:
        host = ""  # not a host name IDNA can spell: reported below
    if (parts.scheme not in ("https", "http") or not _HOST.match(host) or " " in raw
            or parts.username or parts.password):
        hint = ""
        if not parts.scheme and _HOST.match(raw.split("/")[0].lower()):
            hint = f"; did you mean 'https://{raw}'?"
        return ctx.error(node, path, f"expected a web address such as https://example.org, "
                                     f"got {node.describe()}{hint}")
    return raw


def _hidden_in_url(raw: str) -> str | None:
    """The first control, format (bidi, zero-width) or separator character of an address."""
    return next((ch for ch in raw if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                 or (ch.isspace() and ch != " ")), None)


def read_phone_number(ctx: Context, node: Node, path: str) -> PhoneNumber | Any:
    """A phone number as people write it, checked with libphonenumber for the campaign's
    country (posters.schema.phone); printed exactly as authored."""
    raw = scalar_text(ctx, node, path, "a phone number")
    if raw is INVALID:
        return INVALID
    country = ctx.country
    if country is None and not raw.strip().startswith("+"):
        # without campaign.country only the characters can be checked (docs: hotlines)
        return _unchecked_phone(ctx, node, path, raw)
    try:
        return parse_phone(raw, country)
    except PhoneError as exc:
        where = f" for {country}" if country else ""
        return ctx.error(node, path, f"expected a phone number{where}, got {node.describe()}: "
                                     f"{exc}")


def _unchecked_phone(ctx: Context, node: Node, path: str, raw: str) -> PhoneNumber | Any:
    number = unchecked_phone(raw)
    if number is None:
        return ctx.error(node, path, f"expected a phone number of digits, spaces, '-', '(', ')' "
                                     f"and an optional leading '+' or '#', got {node.describe()}")
    return number


def read_phone(ctx: Context, node: Node, path: str) -> str | Any:
    """A phone number's display string (as authored), checked like a hotline's."""
    number = read_phone_number(ctx, node, path)
    return INVALID if number is INVALID else number.display


def read_country(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "a country code")
    if raw is INVALID:
        return INVALID
    if not is_country(raw) or raw != raw.upper():
        hint = f"; did you mean '{raw.upper()}'?" if is_country(raw.upper()) else ""
        return ctx.error(node, path, f"expected an ISO 3166-1 alpha-2 country code such as US, "
                                     f"JP or GB, got {node.describe()}{hint}")
    return raw


def read_asset(ctx: Context, node: Node, path: str) -> Path | Any:
    """A file inside the campaign folder; never outside it, however the path is written."""
    raw = scalar_text(ctx, node, path, "a file path")
    if raw is INVALID:
        return INVALID
    candidate = Path(raw)
    if candidate.is_absolute() or raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
        return ctx.error(node, path, f"absolute path {node.describe()}; write a path relative "
                                     "to the campaign folder")
    root = ctx.root.resolve()
    resolved = (ctx.root / candidate).resolve()
    if not resolved.is_relative_to(root):
        through = " through a symbolic link" if ".." not in candidate.parts else ""
        return ctx.error(node, path, f"path {node.describe()} leads outside the campaign "
                                     f"folder{through}; keep assets inside {ctx.root}")
    if resolved.is_dir():
        return ctx.error(node, path, f"{node.describe()} is a folder; name a file in it")
    if not resolved.is_file():
        return ctx.error(node, path, f"file {node.describe()} not found in {ctx.root}; add it "
                                     "or correct the path")
    return resolved


def node_at(node: Node | None, *keys: str) -> Node | None:
    for key in keys:
        if node is None or node.kind != "mapping" or key not in node.items:
            return None
        node = node.items[key].node
    return node


def plain_text(node: Node | None) -> str | None:
    return node.raw if node is not None and node.kind == "scalar" and node.raw else None
