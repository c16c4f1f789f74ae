"""Turn the positioned YAML tree into a ``Campaign``, collecting every problem on the way.

Each field is read by a small reader that reports into ``Diagnostics`` and returns
``INVALID`` instead of raising, so one run shows all the problems of a campaign.
"""

from __future__ import annotations

import datetime
import difflib
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from posters.assets import ICON_DIR, find_icon, icon_names, icon_problem, is_stock
from posters.diagnostics import ContentError, Diagnostics, Location
from posters.i18n.ids import stable_content, stable_data
from posters.languages import UnknownLanguage, babel_locale, is_known, native_numbering_system
from posters.model import (
    Brand,
    CallToAction,
    Campaign,
    Colour,
    Content,
    Data,
    Dataset,
    DataValue,
    Footer,
    FormatChoice,
    Hotline,
    LanguageCard,
    LocalContacts,
    LocaleRule,
    Meta,
    PrintSettings,
    Qualifier,
    Statistic,
    StatisticKind,
    Statistics,
    Text,
    TextLine,
    WarningSign,
    WarningSigns,
    WebAddress,
)
from posters.phone import PhoneError, PhoneNumber, is_country, parse_phone
from posters.source import MappingEntry, Node, display_path, read_yaml

CAMPAIGN_FILE = "campaign.yaml"


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
        values[key] = _read_entry(ctx, entry, child_path, field.read)
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
    close = difflib.get_close_matches(key, unknown, n=1, cutoff=_CLOSE)
    if close:
        line = node.items[close[0]].key_location.line
        fix = f"rename '{close[0]}' (line {line}) to '{key}'"
    else:
        fix = f"add it under '{path}'" if path else "add it at the top level"
    ctx.problems.error(where, f"required key '{key}' is missing; {fix}",
                       f"{path}.{key}" if path else key)


def _read_entry(ctx: Context, entry: MappingEntry | None, path: str, read: Reader,
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
        values = tuple(_read_entry(ctx, None, f"{path}[{i}]", item, child)
                       for i, child in enumerate(node.children))
        return INVALID if any(v is INVALID for v in values) else values

    return read


def _scalar_text(ctx: Context, node: Node, path: str, what: str) -> str | Any:
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
        raw = _scalar_text(ctx, node, path, "text")
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
    raw = _scalar_text(ctx, node, path, "text")
    if raw is INVALID or not _check_prose(ctx, node, path, raw):
        return INVALID
    return raw.strip()


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def read_slug(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "an identifier")
    if raw is INVALID:
        return INVALID
    if not _SLUG.match(raw):
        return ctx.error(node, path, f"expected an identifier of lowercase letters, digits and "
                                     f"'-', got {node.describe()}")
    return raw


def read_date(ctx: Context, node: Node, path: str) -> datetime.date | Any:
    raw = _scalar_text(ctx, node, path, "a date")
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
        raw = _scalar_text(ctx, node, path, "one of " + ", ".join(e.value for e in enum))
        if raw is INVALID:
            return INVALID
        try:
            return enum(raw)
        except ValueError:
            choices = [e.value for e in enum]
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
    raw = _scalar_text(ctx, node, path, "a language code")
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
    raw = _scalar_text(ctx, node, path, "a URL")
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
        host = (parts.hostname or "").encode("idna").decode("ascii") if parts.hostname else ""
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
    country (posters.phone); printed exactly as authored."""
    raw = _scalar_text(ctx, node, path, "a phone number")
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


_LOOSE_PHONE = re.compile(r"^[+#*]?[0-9][0-9A-Za-z ()\-.]*[0-9A-Za-z]$")


def _unchecked_phone(ctx: Context, node: Node, path: str, raw: str) -> PhoneNumber | Any:
    digits = sum(ch.isdigit() for ch in raw)
    if not _LOOSE_PHONE.match(raw) or digits < 3 or len(re.sub(r"[^0-9A-Za-z]", "", raw)) > 17:
        return ctx.error(node, path, f"expected a phone number of digits, spaces, '-', '(', ')' "
                                     f"and an optional leading '+' or '#', got {node.describe()}")
    dial = re.sub(r"[^0-9#*+]", "", raw)
    return PhoneNumber(raw, dial, "number", None, "tel:" + dial.replace("#", "%23"))


def read_phone(ctx: Context, node: Node, path: str) -> str | Any:
    """A phone number's display string (as authored), checked like a hotline's."""
    number = read_phone_number(ctx, node, path)
    return INVALID if number is INVALID else number.display


def read_country(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "a country code")
    if raw is INVALID:
        return INVALID
    if not is_country(raw) or raw != raw.upper():
        hint = f"; did you mean '{raw.upper()}'?" if is_country(raw.upper()) else ""
        return ctx.error(node, path, f"expected an ISO 3166-1 alpha-2 country code such as US, "
                                     f"JP or GB, got {node.describe()}{hint}")
    return raw


def read_colour_spec(ctx: Context, node: Node, path: str) -> tuple[Any, Any] | Any:
    if node.kind != "mapping":
        return ctx.error(node, path, "colours are CMYK for print: write {cmyk: [C, M, Y, K]} "
                                     f"with percentages from 0 to 100, got {node.describe()}")
    values = read_mapping(ctx, node, path, COLOUR)
    if values is INVALID or INVALID in values.values():
        return INVALID
    return values["cmyk"], values["spot"]


def _read_cmyk(ctx: Context, node: Node, path: str) -> tuple[float, ...] | Any:
    message = "expected four percentages [C, M, Y, K], each from 0 to 100"
    if node.kind != "sequence" or len(node.children) != 4:
        return ctx.error(node, path, f"{message}, got {node.describe()}")
    values = []
    for i, child in enumerate(node.children):
        value = child.value
        if child.kind != "scalar" or type(value) not in (int, float) or not 0 <= value <= 100:
            return ctx.error(child, f"{path}[{i}]", f"{message}, got {child.describe()}")
        values.append(float(value))
    return tuple(values)


def read_colours(ctx: Context, node: Node, path: str) -> dict[str, Colour] | Any:
    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of colour names to {cmyk: [C, M, Y, K]}, "
                                     f"got {node.describe()}")
    colours: dict[str, Colour] = {}
    for name, entry in node.items.items():
        spec = _read_entry(ctx, entry, f"{path}.{name}", read_colour_spec)
        if spec is not INVALID:
            colours[name] = Colour(name, spec[0], spec[1])
    missing = [name for name in ("primary", "ink", "paper") if name not in node.items]
    for name in missing:
        ctx.problems.error(ctx.key_location or node.location,
                           f"required colour '{name}' is missing; add it under '{path}'", path)
    return colours if len(colours) == len(node.items) and not missing else INVALID


def read_asset(ctx: Context, node: Node, path: str) -> Path | Any:
    """A file inside the campaign folder; never outside it, however the path is written."""
    raw = _scalar_text(ctx, node, path, "a file path")
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


MAX_LOGO_PIXELS = 100_000_000  # 10,000 x 10,000 px: a logo at 1,000 ppi on a 25 cm box


def read_logo(ctx: Context, node: Node, path: str) -> Path | Any:
    """The logo file; a raster image is checked from its header (its size in pixels,
    before anything decodes it: a 30,000 x 30,000 px PNG is a memory bomb) and then read
    through, so that a damaged or cut-off file is named here, not by the renderer."""
    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return resolved
    if resolved.suffix.lower() == ".svg":
        from posters.icon_files import IconError, check_icon

        try:
            check_icon(resolved)
        except IconError as error:
            return ctx.error(node, path, f"the logo {display_path(error.path)}:"
                                         f"{error.line or 1} cannot be drawn: {error.message}")
        return resolved
    problem = _raster_problem(resolved)
    if problem:
        return ctx.error(node, path, f"the logo {node.describe()} {problem}")
    return resolved


def _raster_problem(file: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    # Pillow's own bomb check raises before the size can be told; the size is checked
    # here instead, from the header, before any pixel is decoded
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(file) as image:  # reads the header only
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                return (f"is {width} x {height} px; a logo has at most "
                        f"{MAX_LOGO_PIXELS // 1_000_000} million pixels: scale it down or "
                        "use an SVG logo")
            image.load()  # decodes every pixel: a cut-off file ends here
    except UnidentifiedImageError:
        return "is not an image Pillow can read; save it as PNG, JPEG or TIFF"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is damaged or cut off ({exc}); export it again"
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return None


def read_output_profile(ctx: Context, node: Node, path: str) -> Path | Any:
    """The print shop's CMYK ICC profile, checked here rather than when the first PDF/X
    file is written."""
    from posters.print.icc import profile_colour_space

    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return INVALID
    try:
        header = resolved.read_bytes()[:128]
    except OSError as exc:
        return ctx.error(node, path, f"cannot read {node.describe()}: {exc.strerror}")
    if len(header) < 128 or header[36:40] != b"acsp":
        return ctx.error(node, path, f"{node.describe()} is not an ICC profile; name the print "
                                     "shop's CMYK output profile (an .icc file)")
    space = profile_colour_space(header)
    if space != "CMYK":
        return ctx.error(node, path, f"{node.describe()} is a {space} profile; print output "
                                     "(PDF/X) needs the print shop's CMYK output profile")
    return resolved


# ---------------------------------------------------------------------------- blocks
# Each block's keys, in the order the docs list them. The JSON Schema
# (posters/schema/campaign.schema.json) describes the same keys; a test keeps them in step.


def _read_value(ctx: Context, node: Node, path: str) -> Node:
    """A statistic's value: checked in read_statistic, where its kind is known."""
    return node


def _mapping(spec: dict[str, Field]) -> Reader:
    return lambda ctx, node, path: read_mapping(ctx, node, path, spec)


COLOUR = {
    "cmyk": Field(_read_cmyk, required=True),
    "spot": Field(read_string),
}

META = {
    "id": Field(read_slug, required=True),
    "title": Field(read_text(), required=True),
    "source_language": Field(read_language, required=True),
    "languages": Field(read_list(read_language, min_items=1), required=True),
    "reference_year": Field(read_year, required=True),
    "organisation": Field(read_string, required=True),
    "copyright": Field(read_string, required=True),
    "native_digits": Field(read_list(read_language), default=()),
    "latin_digits": Field(read_list(read_language), default=()),
    "contact": Field(read_string),  # translators' contact, for the catalog headers
    "date": Field(lambda ctx, node, path: read_date(ctx, node, path)),  # the text's edition
    "country": Field(read_country),
    "locales": Field(lambda ctx, node, path: read_locales(ctx, node, path), default=()),
}

BRAND = {
    "colours": Field(read_colours, required=True),
    "logo": Field(lambda ctx, node, path: read_logo(ctx, node, path)),
    "output_profile": Field(read_output_profile),
    "output_condition": Field(read_string),
}

def read_condition(ctx: Context, node: Node, path: str) -> str | Any:
    from posters.print.conditions import CONDITIONS, find_condition

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    if find_condition(raw) is None:
        return ctx.error(node, path, f"unknown printing condition {raw!r}; name one of "
                                     f"{', '.join(CONDITIONS)}, or give your printer's "
                                     "profile as print.profile")
    return raw


def read_pdfx(ctx: Context, node: Node, path: str) -> str | Any:
    from posters.print.conditions import PDFX_VERSIONS

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    if raw.lower() not in PDFX_VERSIONS:
        return ctx.error(node, path, f"print.pdfx is {raw!r}; use x-4 (PDF/X-4, the default) "
                                     "or x-1a (PDF/X-1a:2001, for printers that ask for it)")
    return raw.lower()


def read_print_date(ctx: Context, node: Node, path: str) -> str | Any:
    import datetime

    raw = read_string(ctx, node, path)
    if raw is INVALID:
        return INVALID
    try:
        datetime.date.fromisoformat(raw)
    except ValueError:
        return ctx.error(node, path, f"{raw!r} is not a date; write YYYY-MM-DD")
    return raw


STATISTIC = {
    "id": Field(read_slug),  # optional: derived from the caption (posters.i18n.ids)
    "value": Field(_read_value, required=True),
    "kind": Field(read_enum(StatisticKind), required=True),
    "qualifier": Field(read_enum(Qualifier)),
    "caption": Field(lambda ctx, node, path: _read_caption(ctx, node, path), required=True),
    "year": Field(read_year, required=True),
    "source": Field(read_text()),
}


MAX_COUNT = 10**15  # larger numbers cannot be set, let alone be true, on a poster


def _short_number(raw: str) -> str:
    return raw if len(raw) <= 24 else f"{raw[:12]}...({len(raw)} digits)"


def _statistic_value(ctx: Context, node: Node, path: str, kind: Any) -> float | int | Any:
    number = node.value if node.kind == "scalar" and type(node.value) in (int, float) else None
    if kind is StatisticKind.SHARE:
        if number is not None and 0 <= number <= 1:
            return number
        hint = ""
        percent = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", node.raw) if node.kind == "scalar" \
            else None
        written = float(percent.group(1)) if percent else number
        if written is not None and 1 < written <= 100:
            hint = f"; a share is a fraction: write {written:g}% as {written / 100:g}"
        return ctx.error(node, path, f"expected a number between 0 and 1 for a share, got "
                                     f"{node.describe()}{hint}")
    if kind is StatisticKind.COUNT:
        if number is not None and abs(number) > MAX_COUNT:
            return ctx.error(node, path, f"the count {_short_number(node.raw)} is out of range; "
                                         f"a count is a whole number from 0 to {MAX_COUNT:,}")
        if number is not None and number >= 0 and float(number).is_integer():
            return int(number)
        return ctx.error(node, path, f"expected a whole number of 0 or more for a count, got "
                                     f"{node.describe()}")
    if number is None:  # the kind is wrong too; say what we can
        return ctx.error(node, path, f"expected a number, got {node.describe()}")
    return INVALID


def _read_caption(ctx: Context, node: Node, path: str) -> Text | Any:
    """A caption, or for a count its singular and plural: ``{one: ..., other: ...}``."""
    read = read_text({"value"}, required=frozenset({"value"}))
    if node.kind != "mapping":
        return read(ctx, node, path)
    above = tuple(c for c in ctx.comments if c)
    forms = read_mapping(ctx, node, path, {"one": Field(read, required=True),
                                           "other": Field(read, required=True)})
    if forms is INVALID or INVALID in forms.values():
        return INVALID
    one, other = forms["one"], forms["other"]
    return replace(one, key=path, plural=other.source,
                   comments=above + one.comments + other.comments)


def read_statistic(ctx: Context, node: Node, path: str) -> Statistic | Any:
    v = read_mapping(ctx, node, path, STATISTIC)
    if v is INVALID:
        return INVALID
    if v["value"] is not INVALID:
        v["value"] = _statistic_value(ctx, v["value"], f"{path}.value", v["kind"])
    caption = v["caption"]
    if caption not in (INVALID, None) and caption.plural and v["kind"] is not StatisticKind.COUNT:
        return ctx.error(_child(node, "caption"), f"{path}.caption",
                         "singular and plural forms (one/other) are for counts only; "
                         "write one caption")
    if INVALID in v.values():
        return INVALID
    return Statistic(v["value"], v["kind"], v["caption"], v["year"], node.location,
                     v["qualifier"], v["source"], v["id"] or "")


def _child(node: Node, key: str) -> Node:
    entry = node.items.get(key)
    return entry.node if entry else node


STATISTICS = {
    "heading": Field(read_text(frozenset({"year"})), required=True),
    "year": Field(read_year, required=True),
    "items": Field(read_list(read_statistic, min_items=1, max_items=6), required=True),
}


WARNING_SIGN = {
    "id": Field(read_slug),  # optional: the icon's name (posters.i18n.ids)
    "icon": Field(read_slug, required=True),
    "text": Field(read_text(), required=True),
}


def read_warning_sign(ctx: Context, node: Node, path: str) -> WarningSign | Any:
    v = read_mapping(ctx, node, path, WARNING_SIGN)
    if v is INVALID or INVALID in v.values():
        return INVALID
    problem = _icon_link_problem(ctx.root, v["icon"])
    if problem:
        return ctx.error(_child(node, "icon"), f"{path}.icon", problem)
    icon_file = read_icon_file(ctx, _child(node, "icon"), f"{path}.icon", v["icon"])
    if icon_file is INVALID:
        return INVALID
    return WarningSign(v["icon"], v["text"], icon_file, v["id"] or "")


def _icon_link_problem(campaign_root: Path, name: str) -> str | None:
    """A campaign icon that is a link out of the campaign: never read, and never silently
    replaced by the stock icon of that name."""
    own = campaign_root / ICON_DIR / f"{name}.svg"
    if (own.exists() or own.is_symlink()) and not own.resolve().is_relative_to(
            campaign_root.resolve()):
        return (f"the icon file {ICON_DIR.as_posix()}/{name}.svg is a link to a file outside "
                "the campaign folder; copy the icon into the campaign instead")
    return None


def read_icon_file(ctx: Context, node: Node, path: str, name: str) -> Path | Any:
    """The file of a warning sign's icon, checked to draw: a name found nowhere is an error
    listing the names there are, and a file that cannot be drawn is an error at its line."""
    found = find_icon(ctx.root, name)
    if found is None:
        names = icon_names(ctx.root)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean '{close[0]}'? Otherwise " if close else ""
        return ctx.error(node, path, f"no icon '{name}' in {ICON_DIR.as_posix()}/ of the campaign "
                                     f"or in the stock set; {hint}add "
                                     f"{ICON_DIR.as_posix()}/{name}.svg or use one of: "
                                     f"{', '.join(names)} (see docs/icons.md)")
    problem = icon_problem(found)
    if problem is None:
        return found
    if is_stock(found):
        where = f" (line {problem.line})" if problem.line else ""
        return ctx.error(node, path, f"the stock icon '{name}' cannot be drawn{where}: "
                                     f"{problem.message}; reinstall posters or add your own "
                                     f"{ICON_DIR.as_posix()}/{name}.svg")
    folder = Path(node.location.file).parent
    svg = Location(str(folder / ICON_DIR / f"{name}.svg"), problem.line or 1)
    ctx.problems.error(svg, f"{problem.message} (the icon of the warning sign at "
                            f"{node.location})", path)
    return INVALID


WARNING_SIGNS = {
    "heading": Field(read_text(), required=True),
    "intro": Field(read_text()),
    "items": Field(read_list(read_warning_sign, min_items=1, max_items=12), required=True),
}


TEXT_LINE = {
    "number": Field(read_phone_number, required=True),
    "keyword": Field(read_string),
    # how the poster says it: "Text {keyword} to {number}" (translatable)
    "label": Field(read_text(frozenset({"keyword", "number"}), frozenset({"number"}))),
}


def read_text_line(ctx: Context, node: Node, path: str) -> TextLine | Any:
    """A line people text: a short code (or number) and the keyword to send."""
    v = read_mapping(ctx, node, path, TEXT_LINE)
    if v is INVALID or INVALID in v.values():
        return INVALID
    keyword = v["keyword"]
    if keyword is not None and (len(keyword) > 40 or "\n" in keyword):
        return ctx.error(node, f"{path}.keyword", "a keyword is one short word or phrase, "
                                                  "at most 40 characters")
    if v["label"] is not None and keyword is not None and "{keyword}" not in v["label"].source:
        return ctx.error(node, f"{path}.label", "must contain the placeholder {keyword}, or "
                                                "people cannot know what to send")
    return TextLine(v["number"], keyword, node.location, v["label"])


HOTLINE = {
    "id": Field(read_slug, required=True),
    "label": Field(read_text(), required=True),
    "number": Field(read_phone_number),
    "text": Field(read_text_line),
    "chat": Field(read_url),
    "hours": Field(read_text()),
    "notes": Field(read_list(read_text(), max_items=6), default=()),
}


def read_hotline(ctx: Context, node: Node, path: str) -> Hotline | Any:
    v = read_mapping(ctx, node, path, HOTLINE)
    if v is INVALID or INVALID in v.values():
        return INVALID
    voice, text, chat = v["number"], v["text"], v["chat"]
    if voice is None and text is None and chat is None:
        return ctx.error(node, path, "a hotline needs a way to reach it: `number:` (a voice "
                                     "line), `text: {number: ..., keyword: ...}` (a text line) "
                                     "or `chat:` (a chat or messaging URL)")
    if voice is not None:
        display, link = voice.display, voice.tel
    elif text is not None:
        display, link = text.number.display, text.number.sms(text.keyword)
    else:
        display, link = chat, chat
    return Hotline(v["id"], v["label"], display, node.location, v["hours"], v["notes"],
                   phone=voice, text_line=text, chat=chat, link=link)


WEB = {
    "url": Field(read_url, required=True),
    "label": Field(read_text()),
    "note": Field(read_text()),
    "qr": Field(read_bool, default=True),
}


def read_web(ctx: Context, node: Node, path: str) -> WebAddress | Any:
    v = read_mapping(ctx, node, path, WEB)
    if v is INVALID or INVALID in v.values():
        return INVALID
    return WebAddress(v["url"], _child(node, "url").location, v["label"], v["note"], v["qr"])


def _block(spec: dict[str, Field], build: Callable[..., Any]) -> Reader:
    def read(ctx: Context, node: Node, path: str) -> Any:
        v = read_mapping(ctx, node, path, spec)
        if v is INVALID or INVALID in v.values():
            return INVALID
        return build(**v)

    return read


class _AnyName(frozenset):
    """Accepts every placeholder name (checked later against the hotline ids)."""

    def __contains__(self, item: object) -> bool:
        return True


ANY_PLACEHOLDER = _AnyName()

# the call to action's placeholders are checked against the hotline ids afterwards
CALL_TO_ACTION = {"text": Field(read_text(ANY_PLACEHOLDER), required=True)}
LOCAL_CONTACTS = {
    "heading": Field(read_text(), required=True),
    # a YAML or CSV file in the campaign folder; read by posters.regions
    "regions": Field(lambda ctx, node, path: _read_regions(ctx, node, path), default=()),
}


def _read_regions(ctx: Context, node: Node, path: str) -> Any:
    from posters.regions import read_regions  # it builds on this module's readers

    return read_regions(ctx, node, path)
LANGUAGE_CARD = {
    "heading": Field(read_text(), required=True),
    "line": Field(read_text(), required=True),
}
FOOTER = {
    "copyright": Field(read_text(), required=True),
    "disclaimer": Field(read_text()),
}

CONTENT = {
    "headline": Field(read_text(), required=True),
    "tagline": Field(read_text()),
    "statistics": Field(_block(STATISTICS, Statistics)),
    "warning_signs": Field(_block(WARNING_SIGNS, WarningSigns)),
    "call_to_action": Field(_block(CALL_TO_ACTION, CallToAction), required=True),
    "hotlines": Field(read_list(read_hotline, min_items=1, max_items=12), required=True),
    "web": Field(read_web),
    "local_contacts": Field(_block(LOCAL_CONTACTS, LocalContacts)),
    "footer": Field(_block(FOOTER, Footer), required=True),
    "language_card": Field(_block(LANGUAGE_CARD, LanguageCard)),
}

DATA_VALUE = {
    "id": Field(read_slug),  # optional: derived from the label (posters.i18n.ids)
    "label": Field(read_text(), required=True),
    "value": Field(read_int_range(0, 10**9, "a count"), required=True),
}


def read_data_value(ctx: Context, node: Node, path: str) -> DataValue | Any:
    v = read_mapping(ctx, node, path, DATA_VALUE)
    if v is INVALID or INVALID in v.values():
        return INVALID
    return DataValue(v["label"], v["value"], node.location, v["id"] or "")


DATASET = {
    "id": Field(read_slug, required=True),
    "title": Field(read_text(), required=True),
    "values": Field(read_list(read_data_value, min_items=1, max_items=8), required=True),
    "chart": Field(read_string, default="donut"),
}


def read_dataset(ctx: Context, node: Node, path: str) -> Dataset | Any:
    v = read_mapping(ctx, node, path, DATASET)
    if v is INVALID or INVALID in v.values():
        return INVALID
    if sum(value.value for value in v["values"]) == 0:
        return ctx.error(node, f"{path}.values", "the values add up to 0; a chart needs at "
                                                 "least one value above 0")
    if v["chart"] not in ("donut", "bar"):
        return ctx.error(_child(node, "chart"), f"{path}.chart",
                         "chart is donut (each value a part of the whole) or bar (values "
                         "compared)")
    return Dataset(v["id"], v["title"], v["values"], node.location, v["chart"])


DATA = {
    "heading": Field(read_text(frozenset({"year"})), required=True),
    "year": Field(read_year, required=True),
    "source": Field(read_text()),
    "datasets": Field(read_list(read_dataset, min_items=1, max_items=12), required=True),
}


def read_data(ctx: Context, node: Node, path: str) -> Data | Any:
    v = read_mapping(ctx, node, path, DATA)
    if v is INVALID or INVALID in v.values():
        return INVALID
    seen: dict[str, Dataset] = {}
    for i, dataset in enumerate(v["datasets"]):
        if dataset.id in seen:
            ctx.problems.error(dataset.location, f"dataset id '{dataset.id}' is already used "
                               f"at line {seen[dataset.id].location.line}; ids must be unique",
                               f"{path}.datasets[{i}].id")
        seen.setdefault(dataset.id, dataset)
    if len(seen) != len(v["datasets"]):
        return INVALID
    return Data(v["heading"], v["year"], v["datasets"], v["source"])


def read_formats(ctx: Context, node: Node, path: str) -> tuple[FormatChoice, ...] | Any:
    """``formats: {poster: [us-letter, tabloid], card: [card-us]}``: the formats the
    campaign builds, each at its sizes (the first its default). Whether a layout exists
    and takes the size is checked by posters.formats once the campaign is read."""
    from posters.sizes import UnknownPaperSize, paper_size

    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of format names to lists of sizes, "
                                     "e.g. {poster: [us-letter, tabloid], card: [card-us]}")
    choices = []
    for name, entry in node.items.items():
        sizes_node = entry.node
        where = f"{path}.{name}"
        if sizes_node.kind == "scalar" and isinstance(sizes_node.value, str):
            sizes_node = Node("sequence", sizes_node.location, children=(sizes_node,))
        if sizes_node.kind != "sequence" or not sizes_node.children:
            ctx.error(entry.node, where, "expected a list of paper sizes, e.g. [us-letter]; "
                                         "the first is the default")
            continue
        sizes, locations = [], []
        for i, child in enumerate(sizes_node.children):
            try:
                sizes.append(paper_size(child.raw).name)
                locations.append(child.location)
            except UnknownPaperSize as exc:
                ctx.error(child, f"{where}[{i}]", str(exc))
        choices.append(FormatChoice(name, tuple(sizes), entry.key_location, tuple(locations)))
    return tuple(choices)


def read_length(ctx: Context, node: Node, path: str) -> float | Any:
    from posters.sizes import parse_length

    try:
        value = parse_length(node.value if node.kind == "scalar" else node.describe())
    except ValueError as exc:
        return ctx.error(node, path, str(exc))
    if not 0 <= value <= 25:
        return ctx.error(node, path, "a bleed is between 0 and 25 mm (1 in); printers ask "
                                     "3 mm or 0.125 in")
    return value


PRINT = {
    "bleed": Field(read_length, default=3.0),
    "condition": Field(read_condition),
    "profile": Field(read_output_profile),
    "pdfx": Field(read_pdfx),
    "date": Field(read_print_date),
}

TOP = {
    "campaign": Field(_mapping(META), required=True),
    "brand": Field(_mapping(BRAND), required=True),
    "content": Field(_mapping(CONTENT), required=True),
    "data": Field(read_data),
    "formats": Field(read_formats, default=()),
    "print": Field(_mapping(PRINT), default={}),
    "fonts": Field(lambda ctx, node, path: read_fonts(ctx, node, path)),
    "requirements": Field(lambda ctx, node, path: _read_requirements(ctx, node, path)),
}


def _read_requirements(ctx: Context, node: Node, path: str) -> Any:
    from posters.preflight.requirements import read_requirements

    return read_requirements(ctx, node, path)

# Every block with fixed keys, by where it sits ("[]" is any list item, "*" any key).
BLOCKS: dict[str, dict[str, Field]] = {
    "": TOP,
    "campaign": META,
    "brand": BRAND,
    "brand.colours.*": COLOUR,
    "print": PRINT,
    "content": CONTENT,
    "content.statistics": STATISTICS,
    "content.statistics.items[]": STATISTIC,
    "content.warning_signs": WARNING_SIGNS,
    "content.warning_signs.items[]": WARNING_SIGN,
    "content.call_to_action": CALL_TO_ACTION,
    "content.hotlines[]": HOTLINE,
    "content.hotlines[].text": TEXT_LINE,
    "content.web": WEB,
    "content.local_contacts": LOCAL_CONTACTS,
    "content.footer": FOOTER,
    "content.language_card": LANGUAGE_CARD,
    "data": DATA,
    "data.datasets[]": DATASET,
    "data.datasets[].values[]": DATA_VALUE,
}


# ------------------------------------------------------------------ cross-checks
# These work on the YAML tree, not on the read values, so that they still run (and
# report) when some other part of the same block is wrong.


def _at(node: Node | None, *keys: str) -> Node | None:
    for key in keys:
        if node is None or node.kind != "mapping" or key not in node.items:
            return None
        node = node.items[key].node
    return node


def _plain_text(node: Node | None) -> str | None:
    return node.raw if node is not None and node.kind == "scalar" and node.raw else None


def _check_hotline_references(ctx: Context, root: Node) -> None:
    hotlines = _at(root, "content", "hotlines")
    if hotlines is None or hotlines.kind != "sequence":
        return
    first_seen: dict[str, Node] = {}
    for i, item in enumerate(hotlines.children):
        id_node = _at(item, "id")
        hotline_id = _plain_text(id_node)
        if id_node is None or hotline_id is None:
            continue
        if hotline_id in first_seen:
            ctx.error(id_node, f"content.hotlines[{i}].id",
                      f"hotline id '{hotline_id}' is already used at line "
                      f"{first_seen[hotline_id].location.line}; ids must be unique")
        else:
            first_seen[hotline_id] = id_node
    text_node = _at(root, "content", "call_to_action", "text")
    text = _plain_text(text_node)
    if text_node is None or text is None:
        return
    ids = list(first_seen)
    for name in placeholders(text) or ():
        if name not in ids:
            close = difflib.get_close_matches(name, ids, n=1)
            known = f" (the ids are {', '.join(ids)})" if ids else ""
            hint = (f"did you mean {{{close[0]}}}?" if close else
                    f"a placeholder here names a hotline by its id; no hotline has the id "
                    f"'{name}'{known}")
            ctx.error(text_node, "content.call_to_action.text",
                      f"unknown placeholder {{{name}}}; {hint}")


def _check_item_ids(ctx: Context, root: Node) -> None:
    """Given ids of warning signs, statistics and dataset values are unique in their list."""
    lists = [("content.warning_signs.items", _at(root, "content", "warning_signs", "items")),
             ("content.statistics.items", _at(root, "content", "statistics", "items"))]
    datasets = _at(root, "data", "datasets")
    for d, dataset in enumerate(datasets.children if datasets and datasets.kind == "sequence"
                                else ()):
        lists.append((f"data.datasets[{d}].values", _at(dataset, "values")))
    for path, items in lists:
        seen: dict[str, Node] = {}
        for i, item in enumerate(items.children if items and items.kind == "sequence" else ()):
            id_node = _at(item, "id")
            item_id = _plain_text(id_node)
            if id_node is None or item_id is None:
                continue
            if item_id in seen:
                ctx.error(id_node, f"{path}[{i}].id", f"id '{item_id}' is already used at line "
                          f"{seen[item_id].location.line}; ids must be unique in the list")
            seen.setdefault(item_id, id_node)


def _check_languages(ctx: Context, root: Node) -> None:
    languages = _at(root, "campaign", "languages")
    source = _plain_text(_at(root, "campaign", "source_language"))
    if languages is None or languages.kind != "sequence":
        return
    seen: set[str] = set()
    for i, child in enumerate(languages.children):
        code = _plain_text(child)
        if code in seen:
            ctx.error(child, f"campaign.languages[{i}]", f"language '{code}' is listed twice; "
                                                         "remove one")
        if code:
            seen.add(code)
    if source and source not in seen:
        ctx.error(languages, "campaign.languages", f"the source language '{source}' must be "
                                                   "one of the languages; add it to the list")
    native: set[str] = set()
    for key in ("native_digits", "latin_digits"):
        digits = _at(root, "campaign", key)
        if digits is None or digits.kind != "sequence":
            continue
        for i, child in enumerate(digits.children):
            code = _plain_text(child)
            if not code:
                continue
            if code not in seen:
                ctx.error(child, f"campaign.{key}[{i}]", f"'{code}' is not one of the "
                                                         "campaign's languages")
            elif key == "native_digits" and native_numbering_system(code) is None:
                ctx.error(child, f"campaign.{key}[{i}]", f"'{code}' has no native digits "
                                                         "in CLDR; remove it")
            elif key == "native_digits":
                native.add(code)
            elif code in native:
                ctx.error(child, f"campaign.{key}[{i}]", f"'{code}' is also in "
                                                         "campaign.native_digits; keep one")


def load_campaign(folder: Path, *, strict: bool = False) -> tuple[Campaign, Diagnostics]:
    """Load and validate ``folder/campaign.yaml``. Raises ContentError listing every error;
    returns the campaign and its warnings otherwise."""
    problems = Diagnostics()
    source_file = folder / CAMPAIGN_FILE
    if not folder.is_dir():
        problems.error(Location(str(folder)), "no such campaign folder")
        raise ContentError(problems)
    root_node = read_yaml(source_file, problems)
    campaign = None
    if root_node is not None:
        ctx = Context(problems, folder)
        _prepare_languages_and_country(ctx, root_node)
        top = read_mapping(ctx, root_node, "", TOP)
        if top is not INVALID:
            _check_languages(ctx, root_node)
            _check_hotline_references(ctx, root_node)
            _check_item_ids(ctx, root_node)
            campaign = _assemble(folder, source_file, top)
            if campaign is not None:
                _check_output_intent(ctx, root_node, campaign)
                _check_language_fonts(ctx, root_node, campaign)
                _check_requirements(ctx, campaign)
            logo = _at(root_node, "brand", "logo")
            if campaign is not None and logo is not None:
                campaign = replace(campaign, brand=replace(campaign.brand,
                                                           logo_location=logo.location))
    if campaign is not None and not problems.errors:
        from posters.formats import check_formats  # layouts read this module

        problems.extend(check_formats(campaign))
    if strict:
        problems.promote_warnings()
    if problems.errors or campaign is None:
        raise ContentError(sorted(problems, key=lambda d: (d.location, d.message)))
    return campaign, problems


def _check_output_intent(ctx: Context, root_node: Node, campaign: Campaign) -> None:
    """A named condition without a free profile needs the printer's profile: said here,
    not when the first print file is written."""
    from posters.print.conditions import ConditionError

    try:
        _ = campaign.output_intent
    except ConditionError as exc:
        node = _at(root_node, "print", "condition") or _at(root_node, "brand",
                                                           "output_condition") or root_node
        where = "print.condition" if _at(root_node, "print", "condition") else \
            "brand.output_condition"
        ctx.error(node, where, str(exc))


def _assemble(folder: Path, source_file: Path, top: dict[str, Any]) -> Campaign | None:
    if INVALID in top.values():
        return None
    meta, brand, content = top["campaign"], top["brand"], top["content"]
    if INVALID in meta.values() or INVALID in brand.values() or INVALID in content.values():
        return None
    return Campaign(
        root=folder,
        source_file=source_file,
        meta=Meta(meta["id"], meta["title"], meta["source_language"], meta["languages"],
                  meta["reference_year"], meta["organisation"], meta["copyright"],
                  native_digits=meta["native_digits"] or (),
                  latin_digits=meta["latin_digits"] or (),
                  contact=meta["contact"], date=meta["date"],
                  country=meta["country"], locales=meta["locales"] or ()),
        brand=Brand(brand["colours"], brand["logo"], brand["output_profile"],
                    brand["output_condition"]),
        content=stable_content(Content(**content)),
        data=stable_data(top["data"]),
        print_settings=_print_settings(top.get("print")),
        formats=top["formats"] if top["formats"] is not INVALID else (),
        bleed_mm=(top["print"] or {}).get("bleed", 3.0),
        fonts=top["fonts"],
        requirements=top["requirements"],
    )


def _print_settings(values: dict[str, Any] | None) -> PrintSettings:
    if not values or values is INVALID or INVALID in values.values():
        return PrintSettings()
    return PrintSettings(values.get("condition"), values.get("profile"),
                         values.get("pdfx") or "x-4", values.get("date"))


# ------------------------------------------------------- languages, fonts, requirements


def _prepare_languages_and_country(ctx: Context, root: Node) -> None:
    """Before the campaign is read: the country its phone numbers are read for, and the
    rules of languages Babel does not know (so that `languages: [hmn]` reads)."""
    from posters.languages import register_locales

    country = _plain_text(_at(root, "campaign", "country"))
    if country and is_country(country) and country == country.upper():
        ctx.country = country
    locales = _at(root, "campaign", "locales")
    if locales is None or locales.kind != "mapping":
        return
    rules, names, scripts = {}, {}, {}
    for tag, entry in locales.items.items():
        rule = _plain_text(_at(entry.node, "rules"))
        if rule and is_known(rule):
            rules[tag] = rule
            name = _plain_text(_at(entry.node, "name"))
            if name:
                names[tag] = name
            script = _plain_text(_at(entry.node, "script"))
            if script and _SCRIPT_CODE.match(script):
                scripts[tag] = script
    register_locales(rules, names, scripts)


_SCRIPT_CODE = re.compile(r"^[A-Z][a-z]{3}$")
LOCALE = {
    "rules": Field(read_language, required=True),
    "name": Field(read_string),
    "script": Field(lambda ctx, node, path: _read_script(ctx, node, path)),
}


def _read_script(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "an ISO 15924 script code")
    if raw is INVALID:
        return INVALID
    if not _SCRIPT_CODE.match(raw):
        return ctx.error(node, path, f"expected an ISO 15924 script code such as Latn, Arab "
                                     f"or Hmng, got {node.describe()}")
    return raw


def read_locales(ctx: Context, node: Node, path: str) -> tuple[LocaleRule, ...] | Any:
    """`locales: {hmn: {rules: en, name: Hmoob, script: Latn}}`: languages Babel has no
    locale for, and the locale whose number and plural rules each follows."""
    if node.kind != "mapping":
        return ctx.error(node, path, "expected a mapping of language codes to {rules: <a "
                                     "language Babel knows>, name: ..., script: ...}")
    out = []
    for tag, entry in node.items.items():
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
            ctx.problems.error(entry.key_location, f"'{tag}' is not a BCP 47 language code",
                               f"{path}.{tag}")
            continue
        if is_known(tag):
            ctx.problems.warning(entry.key_location, f"Babel knows '{tag}' already; its own "
                                 "rules are used and this entry only names it", f"{path}.{tag}")
        v = _read_entry(ctx, entry, f"{path}.{tag}",
                        lambda c, n, p: read_mapping(c, n, p, LOCALE))
        if v is INVALID or INVALID in v.values():
            continue
        out.append(LocaleRule(tag, v["rules"], v["name"], v["script"], entry.node.location))
    return tuple(out) if len(out) == len(node.items) else INVALID


FONT_FACE = {
    "regular": Field(lambda ctx, node, path: read_font_file(ctx, node, path), required=True),
    "bold": Field(lambda ctx, node, path: read_font_file(ctx, node, path)),
}


def read_font_file(ctx: Context, node: Node, path: str) -> Path | Any:
    """A TrueType font file inside the campaign folder (the PDF renderer embeds TrueType
    outlines only)."""
    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return INVALID
    try:
        head = resolved.read_bytes()[:4]
    except OSError as exc:
        return ctx.error(node, path, f"cannot read {node.describe()}: {exc.strerror}")
    if head == b"OTTO":
        return ctx.error(node, path, f"{node.describe()} has PostScript (CFF) outlines, which "
                                     "the PDF renderer cannot embed; use the TrueType (.ttf) "
                                     "version of the font")
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return ctx.error(node, path, f"{node.describe()} is not a TrueType font file (.ttf)")
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(resolved, lazy=True)
        font["cmap"], font["glyf"], font["head"]
    except Exception as exc:  # a damaged or hostile file: fontTools raises many kinds
        return ctx.error(node, path, f"{node.describe()} is not a usable font: {exc}")
    return resolved


def read_fonts(ctx: Context, node: Node, path: str) -> Any:
    """`fonts: {faces: {id: {regular: f.ttf, bold: f-Bold.ttf}}, stacks: {lang: [id]}}`."""
    from posters.text.config import CampaignFonts, FontSource

    v = read_mapping(ctx, node, path, {"faces": Field(lambda c, n, p: _read_faces(c, n, p),
                                                       required=True),
                                        "stacks": Field(lambda c, n, p: _read_stacks(c, n, p),
                                                        default=())})
    if v is INVALID or INVALID in v.values():
        return INVALID
    faces = {fid: FontSource(f"campaign-{fid}", None,
                             tuple((style, str(f)) for style, f in files.items() if f),
                             campaign_file=True)
             for fid, files in v["faces"].items()}
    stacks = []
    for lang, ids, location in v["stacks"]:
        for fid in ids:
            if fid not in faces:
                ctx.problems.error(location, f"font stack for '{lang}' names '{fid}', which is "
                                   f"not under fonts.faces (the faces are "
                                   f"{', '.join(faces) or 'none'})", f"{path}.stacks.{lang}")
                return INVALID
        stacks.append((lang, tuple(faces[f].id for f in ids)))
    return CampaignFonts(tuple(faces.values()), tuple(stacks))


def _read_faces(ctx: Context, node: Node, path: str) -> Any:
    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of face ids to {regular: file.ttf, "
                                     "bold: file-Bold.ttf}")
    out = {}
    for fid, entry in node.items.items():
        v = _read_entry(ctx, entry, f"{path}.{fid}",
                        lambda c, n, p: read_mapping(c, n, p, FONT_FACE))
        if v is INVALID or INVALID in v.values():
            return INVALID
        out[fid] = v
    return out


def _read_stacks(ctx: Context, node: Node, path: str) -> Any:
    if node.kind != "mapping":
        return ctx.error(node, path, "expected a mapping of language codes (or '*' for every "
                                     "language) to a list of face ids")
    out = []
    for lang, entry in node.items.items():
        ids = _read_entry(ctx, entry, f"{path}.{lang}", read_list(read_string, min_items=1))
        if ids is INVALID:
            return INVALID
        out.append((lang, ids, entry.node.location))
    return tuple(out)


def campaign_font_config(campaign: Campaign):  # type: ignore[no-untyped-def]
    """The font configuration a campaign's outputs are set with: fonts.yaml, with the
    campaign's own faces, stacks and language scripts."""
    from posters.text.config import CampaignFonts, load_config

    config = load_config()
    own = campaign.fonts or CampaignFonts()
    scripts = tuple((rule.lang, rule.script) for rule in campaign.meta.locales if rule.script)
    if own.faces or own.stacks or scripts:
        config = config.with_campaign(CampaignFonts(own.faces, own.stacks, scripts))
    return config


def _check_language_fonts(ctx: Context, root: Node, campaign: Campaign) -> None:
    """A language without a usable font setup is an error here, not at build time."""
    from posters.text.config import FontConfigError

    try:
        config = campaign_font_config(campaign)
    except FontConfigError as exc:
        ctx.problems.error(Location(str(campaign.source_file)), str(exc), "fonts")
        return
    languages = _at(root, "campaign", "languages")
    nodes = {(_plain_text(c) or ""): c for c in (languages.children if languages else ())}
    for lang in campaign.meta.languages:
        try:
            config.language(lang)
        except FontConfigError as exc:
            node = nodes.get(lang, languages)
            ctx.problems.error(node.location, str(exc), "campaign.languages")


def _check_requirements(ctx: Context, campaign: Campaign) -> None:
    from posters.preflight.requirements import validate_requirements

    if campaign.requirements is not None:
        validate_requirements(ctx, campaign, _campaign_formats(campaign))


def _campaign_formats(campaign: Campaign) -> dict[str, list[str]] | None:
    """The formats a plain build makes and their sizes: the campaign's `formats:`, else
    every layout at its default size."""
    try:
        from posters.formats import planned_formats
        from posters.layout.description import load_layout

        return {planned.name: list(planned.sizes)
                or [load_layout(planned.name, campaign.root).default_size]
                for planned in planned_formats(campaign)}
    except Exception:  # a broken layout is reported by the format checks, not here
        return None
