"""Turn the positioned YAML tree into a ``Campaign``, collecting every problem on the way.

Each field is read by a small reader that reports into ``Diagnostics`` and returns
``INVALID`` instead of raising, so one run shows all the problems of a campaign.
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from posters.diagnostics import ContentError, Diagnostics, Location
from posters.languages import UnknownLanguage, babel_locale, native_numbering_system
from posters.model import (
    Brand,
    CallToAction,
    Campaign,
    Colour,
    Content,
    Footer,
    Hotline,
    LocalContacts,
    Meta,
    Qualifier,
    Statistic,
    StatisticKind,
    Statistics,
    Text,
    WarningSign,
    WarningSigns,
    WebAddress,
)
from posters.source import MappingEntry, Node, read_yaml

CAMPAIGN_FILE = "campaign.yaml"
ICON_DIRS = ("assets/icons",)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    def error(self, node: Node, path: str, message: str) -> Any:
        self.problems.error(node.location, message, path)
        return INVALID


def read_mapping(
    ctx: Context, node: Node, path: str, spec: dict[str, Field]
) -> dict[str, Any] | Any:
    if node.kind != "mapping":
        return ctx.error(node, path, f"expected a mapping with keys {_keys(spec)}, "
                                     f"got {node.type_name} {node.describe()}")
    values: dict[str, Any] = {}
    for key, entry in node.items.items():
        if key not in spec:
            _unknown_key(ctx, entry, f"{path}.{key}" if path else key, key, spec)
    for key, field in spec.items():
        child_path = f"{path}.{key}" if path else key
        entry = node.items.get(key)
        if entry is None or (entry.node.kind == "scalar" and entry.node.value is None
                             and entry.node.plain):
            if field.required:
                where = entry.node.location if entry else node.location
                ctx.problems.error(where, f"missing required key '{key}'", child_path)
                values[key] = INVALID
            else:
                values[key] = field.default
            continue
        values[key] = _read_entry(ctx, entry, child_path, field.read)
    return values


def _read_entry(ctx: Context, entry: MappingEntry, path: str, read: Reader) -> Any:
    outer = ctx.comments
    ctx.comments = entry.comments
    try:
        return read(ctx, entry.node, path)
    finally:
        ctx.comments = outer


def _keys(spec: dict[str, Field]) -> str:
    return ", ".join(spec)


def _unknown_key(
    ctx: Context, entry: MappingEntry, path: str, key: str, spec: dict[str, Field]
) -> None:
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {_keys(spec)}"
    ctx.problems.warning(entry.key_location, f"unknown key '{key}' is ignored; {hint}", path)


def read_list(item: Reader, *, min_items: int = 0, max_items: int = 1000) -> Reader:
    def read(ctx: Context, node: Node, path: str) -> Any:
        if node.kind != "sequence":
            return ctx.error(node, path, f"expected a list, got {node.type_name} "
                                         f"{node.describe()}")
        if not min_items <= len(node.children) <= max_items:
            wanted = (f"at least {min_items}" if len(node.children) < min_items
                      else f"at most {max_items}")
            return ctx.error(node, path, f"expected {wanted} items, got {len(node.children)}")
        values = tuple(item(ctx, child, f"{path}[{i}]") for i, child in enumerate(node.children))
        return INVALID if any(v is INVALID for v in values) else values

    return read


def _scalar_text(ctx: Context, node: Node, path: str, what: str) -> str | Any:
    if node.kind != "scalar" or node.value is None:
        return ctx.error(node, path, f"expected {what}, got {node.type_name} {node.describe()}")
    return node.raw


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_prose(ctx: Context, node: Node, path: str, text: str) -> bool:
    if not text.strip():
        ctx.error(node, path, "is empty; write the text or remove the key")
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


def read_int_range(low: int, high: int, what: str = "a whole number") -> Reader:
    def read(ctx: Context, node: Node, path: str) -> int | Any:
        if node.kind != "scalar" or type(node.value) is not int:
            return ctx.error(node, path, f"expected {what} between {low} and {high}, got "
                                         f"{node.type_name} {node.describe()}")
        if not low <= node.value <= high:
            return ctx.error(node, path, f"expected {what} between {low} and {high}, got "
                                         f"{node.value}")
        return node.value

    return read


read_year = read_int_range(1900, 2100, "a year")


def read_bool(ctx: Context, node: Node, path: str) -> bool | Any:
    if node.kind != "scalar" or type(node.value) is not bool:
        return ctx.error(node, path, f"expected true or false, got {node.type_name} "
                                     f"{node.describe()}")
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


def read_language(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "a language code")
    if raw is INVALID:
        return INVALID
    try:
        babel_locale(raw)
    except UnknownLanguage:
        return ctx.error(node, path, f"unknown language code {node.describe()}; use a BCP 47 "
                                     "code that Babel knows, such as 'ja', 'pt' or 'zh-Hant'")
    return raw


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def read_url(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "a URL")
    if raw is INVALID:
        return INVALID
    parts = urlsplit(raw)
    host = (parts.hostname or "").encode("idna").decode("ascii") if parts.hostname else ""
    if (parts.scheme not in ("https", "http") or not _HOST.match(host) or " " in raw
            or parts.username or parts.password):
        return ctx.error(node, path, f"expected a web address such as https://example.org, "
                                     f"got {node.describe()}")
    return raw


_PHONE = re.compile(r"^[+#*]?[0-9][0-9 ()\-.]*[0-9]$")


def read_phone(ctx: Context, node: Node, path: str) -> str | Any:
    raw = _scalar_text(ctx, node, path, "a phone number")
    if raw is INVALID:
        return INVALID
    digits = sum(ch.isdigit() for ch in raw)
    if not _PHONE.match(raw) or digits < 3 or digits > 17:
        return ctx.error(node, path, f"expected a phone number of digits, spaces, '-', '(', ')' "
                                     f"and an optional leading '+' or '#', got {node.describe()}")
    return raw


def read_colour_spec(ctx: Context, node: Node, path: str) -> tuple[Any, Any] | Any:
    values = read_mapping(ctx, node, path, {
        "cmyk": Field(_read_cmyk, required=True),
        "spot": Field(read_string),
    })
    if values is INVALID or INVALID in values.values():
        return INVALID
    return values["cmyk"], values["spot"]


def _read_cmyk(ctx: Context, node: Node, path: str) -> tuple[float, ...] | Any:
    message = "expected four percentages [C, M, Y, K], each from 0 to 100"
    if node.kind != "sequence" or len(node.children) != 4:
        return ctx.error(node, path, f"{message}, got {node.type_name} {node.describe()}")
    values = []
    for i, child in enumerate(node.children):
        value = child.value
        if child.kind != "scalar" or type(value) not in (int, float) or not 0 <= value <= 100:
            return ctx.error(child, f"{path}[{i}]", f"{message}, got {child.describe()}")
        values.append(float(value))
    return tuple(values)


def read_colours(ctx: Context, node: Node, path: str) -> dict[str, Colour] | Any:
    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of colour names to {cmyk: [C, M, Y, K]}")
    colours: dict[str, Colour] = {}
    for name, entry in node.items.items():
        spec = read_colour_spec(ctx, entry.node, f"{path}.{name}")
        if spec is not INVALID:
            colours[name] = Colour(name, spec[0], spec[1])
    missing = [name for name in ("primary", "ink", "paper") if name not in node.items]
    for name in missing:
        ctx.error(node, path, f"missing required colour '{name}'")
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
    if not resolved.is_file():
        return ctx.error(node, path, f"file {node.describe()} not found in {ctx.root}; add it "
                                     "or correct the path")
    return resolved


# ---------------------------------------------------------------------------- blocks

META = {
    "id": Field(read_slug, required=True),
    "title": Field(read_text(), required=True),
    "source_language": Field(read_language, required=True),
    "languages": Field(read_list(read_language, min_items=1), required=True),
    "reference_year": Field(read_year, required=True),
    "organisation": Field(read_string, required=True),
    "copyright": Field(read_string, required=True),
    "native_digits": Field(read_list(read_language), default=()),
}

BRAND = {
    "colours": Field(read_colours, required=True),
    "logo": Field(read_asset),
}

STATISTIC = {
    "value": Field(lambda ctx, node, path: _read_number(ctx, node, path), required=True),
    "kind": Field(read_enum(StatisticKind), required=True),
    "qualifier": Field(read_enum(Qualifier)),
    "caption": Field(lambda ctx, node, path: _read_caption(ctx, node, path), required=True),
    "year": Field(read_year, required=True),
    "source": Field(read_text()),
}


def _read_number(ctx: Context, node: Node, path: str) -> float | Any:
    if node.kind != "scalar" or type(node.value) not in (int, float):
        return ctx.error(node, path, f"expected a number, got {node.type_name} {node.describe()}")
    return node.value


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
    value, kind = v["value"], v["kind"]
    if value is not INVALID and kind is StatisticKind.SHARE and not 0 <= value <= 1:
        return ctx.error(_child(node, "value"), f"{path}.value",
                         f"expected a number between 0 and 1 for a share, got {value!r}")
    if value is not INVALID and kind is StatisticKind.COUNT and (
            not float(value).is_integer() or value < 0):
        return ctx.error(_child(node, "value"), f"{path}.value",
                         f"expected a whole number of 0 or more for a count, got {value!r}")
    if v["caption"] is not INVALID and v["caption"].plural and kind is not StatisticKind.COUNT:
        return ctx.error(_child(node, "caption"), f"{path}.caption",
                         "singular and plural forms (one/other) are for counts only; "
                         "write one caption")
    if INVALID in v.values():
        return INVALID
    if kind is StatisticKind.COUNT:
        value = int(value)
    return Statistic(value, kind, v["caption"], v["year"], node.location, v["qualifier"],
                     v["source"])


def _child(node: Node, key: str) -> Node:
    entry = node.items.get(key)
    return entry.node if entry else node


def read_statistics(ctx: Context, node: Node, path: str) -> Statistics | Any:
    v = read_mapping(ctx, node, path, {
        "heading": Field(read_text(frozenset({"year"})), required=True),
        "year": Field(read_year, required=True),
        "items": Field(read_list(read_statistic, min_items=1, max_items=6), required=True),
    })
    if v is INVALID or INVALID in v.values():
        return INVALID
    return Statistics(v["heading"], v["year"], v["items"])


def read_warning_sign(ctx: Context, node: Node, path: str) -> WarningSign | Any:
    v = read_mapping(ctx, node, path, {
        "icon": Field(read_slug, required=True),
        "text": Field(read_text(), required=True),
    })
    if v is INVALID or INVALID in v.values():
        return INVALID
    return WarningSign(v["icon"], v["text"], find_icon(ctx.root, v["icon"]))


def find_icon(campaign_root: Path, name: str) -> Path | None:
    """An icon by name: the campaign's own assets first, then the project's."""
    for base in (campaign_root, PROJECT_ROOT):
        for folder in ICON_DIRS:
            candidate = base / folder / f"{name}.svg"
            if candidate.is_file() and candidate.resolve().is_relative_to(base.resolve()):
                return candidate.resolve()
    return None


def read_warning_signs(ctx: Context, node: Node, path: str) -> WarningSigns | Any:
    v = read_mapping(ctx, node, path, {
        "heading": Field(read_text(), required=True),
        "intro": Field(read_text()),
        "items": Field(read_list(read_warning_sign, min_items=1, max_items=12), required=True),
    })
    if v is INVALID or INVALID in v.values():
        return INVALID
    return WarningSigns(v["heading"], v["intro"], v["items"])


def read_hotline(ctx: Context, node: Node, path: str) -> Hotline | Any:
    v = read_mapping(ctx, node, path, {
        "id": Field(read_slug, required=True),
        "label": Field(read_text(), required=True),
        "number": Field(read_phone, required=True),
        "hours": Field(read_text()),
        "notes": Field(read_list(read_text(), max_items=6), default=()),
    })
    if v is INVALID or INVALID in v.values():
        return INVALID
    return Hotline(v["id"], v["label"], v["number"], node.location, v["hours"], v["notes"])


def read_web(ctx: Context, node: Node, path: str) -> WebAddress | Any:
    v = read_mapping(ctx, node, path, {
        "url": Field(read_url, required=True),
        "label": Field(read_text()),
        "note": Field(read_text()),
        "qr": Field(read_bool, default=True),
    })
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

CONTENT = {
    "headline": Field(read_text(), required=True),
    "tagline": Field(read_text()),
    "statistics": Field(read_statistics),
    "warning_signs": Field(read_warning_signs),
    # the call to action's placeholders are checked against the hotline ids afterwards
    "call_to_action": Field(_block({"text": Field(read_text(ANY_PLACEHOLDER), required=True)},
                                   CallToAction), required=True),
    "hotlines": Field(read_list(read_hotline, min_items=1, max_items=12), required=True),
    "web": Field(read_web),
    "local_contacts": Field(_block({"heading": Field(read_text(), required=True)},
                                   LocalContacts)),
    "footer": Field(_block({"copyright": Field(read_text(), required=True),
                            "disclaimer": Field(read_text())}, Footer), required=True),
}

TOP = {
    "campaign": Field(lambda ctx, node, path: read_mapping(ctx, node, path, META), required=True),
    "brand": Field(lambda ctx, node, path: read_mapping(ctx, node, path, BRAND), required=True),
    "content": Field(lambda ctx, node, path: read_mapping(ctx, node, path, CONTENT),
                     required=True),
}


def _check_cross_references(ctx: Context, content: dict[str, Any]) -> None:
    hotlines = content["hotlines"]
    ids = [h.id for h in hotlines]
    for hotline in hotlines:
        if ids.count(hotline.id) > 1:
            ctx.problems.error(hotline.location, f"hotline id '{hotline.id}' is used twice; "
                                                 "ids must be unique", "content.hotlines")
            break
    action = content["call_to_action"]
    for name in placeholders(action.text.source) or ():
        if name not in ids:
            close = difflib.get_close_matches(name, ids, n=1)
            hint = f"did you mean {{{close[0]}}}?" if close else (
                "placeholders here name hotline ids: " + ", ".join("{" + i + "}" for i in ids))
            ctx.problems.error(action.text.location, f"unknown placeholder {{{name}}}; {hint}",
                               action.text.key)


def _check_languages(ctx: Context, root: Node, meta: dict[str, Any]) -> None:
    languages, source = meta["languages"], meta["source_language"]
    node = root.items["campaign"].node
    where = node.items["languages"].node.location if "languages" in node.items else node.location
    seen = set()
    for language in languages:
        if language in seen:
            ctx.problems.error(where, f"language '{language}' is listed twice",
                               "campaign.languages")
        seen.add(language)
    if source not in languages:
        ctx.problems.error(where, f"the source language '{source}' must be one of the "
                                  "languages", "campaign.languages")
    digits_node = node.items["native_digits"].node if "native_digits" in node.items else node
    for language in meta["native_digits"] or ():
        if language not in languages:
            ctx.problems.error(digits_node.location, f"'{language}' is not one of the "
                               "campaign's languages", "campaign.native_digits")
        elif native_numbering_system(language) is None:
            ctx.problems.error(digits_node.location, f"'{language}' has no native digits "
                               "in CLDR; remove it", "campaign.native_digits")


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
        top = read_mapping(ctx, root_node, "", TOP)
        if top is not INVALID and INVALID not in top.values():
            campaign = _assemble(ctx, root_node, folder, source_file, top)
    if strict:
        problems.promote_warnings()
    if problems.errors or campaign is None:
        raise ContentError(sorted(problems, key=lambda d: (d.location, d.message)))
    return campaign, problems


def _assemble(ctx: Context, root_node: Node, folder: Path, source_file: Path,
              top: dict[str, Any]) -> Campaign | None:
    meta, brand, content = top["campaign"], top["brand"], top["content"]
    if INVALID in meta.values() or INVALID in brand.values() or INVALID in content.values():
        return None
    _check_languages(ctx, root_node, meta)
    _check_cross_references(ctx, content)
    return Campaign(
        root=folder,
        source_file=source_file,
        meta=Meta(meta["id"], meta["title"], meta["source_language"], meta["languages"],
                  meta["reference_year"], meta["organisation"], meta["copyright"],
                  meta["native_digits"] or ()),
        brand=Brand(brand["colours"], brand["logo"]),
        content=Content(**content),
    )
