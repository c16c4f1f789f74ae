"""Turn the positioned YAML tree of ``campaign.yaml`` into a ``Campaign``: the campaign's
schema (its blocks and their keys), the cross-checks on the tree, and ``load_campaign``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from posters.diagnostics import ContentError, Diagnostic, Diagnostics, Location
from posters.i18n.ids import stable_content, stable_data
from posters.languages import is_known, native_numbering_system
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
    Hotline,
    LanguageCard,
    LocalContacts,
    Meta,
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
from posters.schema.assets import (
    check_drawings,
    icon_link_problem,
    read_icon_file,
    read_logo,
    read_output_profile,
)
from posters.schema.language_setup import (
    SCRIPT_CODE,
    check_coverage,
    check_language_fonts,
    check_own_fonts_cover,
    read_fonts,
    read_locales,
)
from posters.schema.phone import is_country
from posters.schema.printing import (
    PRINT,
    check_output_intent,
    check_requirements,
    print_settings,
    read_formats,
    read_requirements_key,
)
from posters.schema.readers import (
    INVALID,
    Context,
    Field,
    Reader,
    node_at,
    placeholders,
    plain_text,
    read_bool,
    read_country,
    read_date,
    read_entry,
    read_enum,
    read_int_range,
    read_language,
    read_list,
    read_mapping,
    read_phone_number,
    read_slug,
    read_string,
    read_text,
    read_url,
    read_year,
)
from posters.schema.source import Node, read_yaml

CAMPAIGN_FILE = "campaign.yaml"


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
        spec = read_entry(ctx, entry, f"{path}.{name}", read_colour_spec)
        if spec is not INVALID:
            colours[name] = Colour(name, spec[0], spec[1])
    missing = [name for name in ("primary", "ink", "paper") if name not in node.items]
    for name in missing:
        ctx.problems.error(ctx.key_location or node.location,
                           f"required colour '{name}' is missing; add it under '{path}'", path)
    return colours if len(colours) == len(node.items) and not missing else INVALID


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
    problem = icon_link_problem(ctx.root, v["icon"])
    if problem:
        return ctx.error(_child(node, "icon"), f"{path}.icon", problem)
    icon_file = read_icon_file(ctx, _child(node, "icon"), f"{path}.icon", v["icon"])
    if icon_file is INVALID:
        return INVALID
    return WarningSign(v["icon"], v["text"], icon_file, v["id"] or "")


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
    # a YAML or CSV file in the campaign folder; read by posters.schema.regions
    "regions": Field(lambda ctx, node, path: _read_regions(ctx, node, path), default=()),
}


def _read_regions(ctx: Context, node: Node, path: str) -> Any:
    from posters.schema.regions import read_regions  # it builds on this module's readers

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


TOP = {
    "campaign": Field(_mapping(META), required=True),
    "brand": Field(_mapping(BRAND), required=True),
    "content": Field(_mapping(CONTENT), required=True),
    "data": Field(read_data),
    "formats": Field(read_formats, default=()),
    "print": Field(_mapping(PRINT), default={}),
    "fonts": Field(lambda ctx, node, path: read_fonts(ctx, node, path)),
    "requirements": Field(lambda ctx, node, path: read_requirements_key(ctx, node, path)),
}


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


def _check_hotline_references(ctx: Context, root: Node) -> None:
    hotlines = node_at(root, "content", "hotlines")
    if hotlines is None or hotlines.kind != "sequence":
        return
    first_seen: dict[str, Node] = {}
    for i, item in enumerate(hotlines.children):
        id_node = node_at(item, "id")
        hotline_id = plain_text(id_node)
        if id_node is None or hotline_id is None:
            continue
        if hotline_id in first_seen:
            ctx.error(id_node, f"content.hotlines[{i}].id",
                      f"hotline id '{hotline_id}' is already used at line "
                      f"{first_seen[hotline_id].location.line}; ids must be unique")
        else:
            first_seen[hotline_id] = id_node
    text_node = node_at(root, "content", "call_to_action", "text")
    text = plain_text(text_node)
    if text_node is None or text is None:
        return
    ids = list(first_seen)
    for name in placeholders(text) or ():
        if name not in ids:
            import difflib  # the suggestion only: not on a campaign's path without mistakes

            close = difflib.get_close_matches(name, ids, n=1)
            known = f" (the ids are {', '.join(ids)})" if ids else ""
            hint = (f"did you mean {{{close[0]}}}?" if close else
                    f"a placeholder here names a hotline by its id; no hotline has the id "
                    f"'{name}'{known}")
            ctx.error(text_node, "content.call_to_action.text",
                      f"unknown placeholder {{{name}}}; {hint}")


def _check_item_ids(ctx: Context, root: Node) -> None:
    """Given ids of warning signs, statistics and dataset values are unique in their list."""
    lists = [("content.warning_signs.items", node_at(root, "content", "warning_signs", "items")),
             ("content.statistics.items", node_at(root, "content", "statistics", "items"))]
    datasets = node_at(root, "data", "datasets")
    for d, dataset in enumerate(datasets.children if datasets and datasets.kind == "sequence"
                                else ()):
        lists.append((f"data.datasets[{d}].values", node_at(dataset, "values")))
    for path, items in lists:
        seen: dict[str, Node] = {}
        for i, item in enumerate(items.children if items and items.kind == "sequence" else ()):
            id_node = node_at(item, "id")
            item_id = plain_text(id_node)
            if id_node is None or item_id is None:
                continue
            if item_id in seen:
                ctx.error(id_node, f"{path}[{i}].id", f"id '{item_id}' is already used at line "
                          f"{seen[item_id].location.line}; ids must be unique in the list")
            seen.setdefault(item_id, id_node)


def _check_languages(ctx: Context, root: Node) -> None:
    languages = node_at(root, "campaign", "languages")
    source = plain_text(node_at(root, "campaign", "source_language"))
    if languages is None or languages.kind != "sequence":
        return
    seen: set[str] = set()
    for i, child in enumerate(languages.children):
        code = plain_text(child)
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
        digits = node_at(root, "campaign", key)
        if digits is None or digits.kind != "sequence":
            continue
        for i, child in enumerate(digits.children):
            code = plain_text(child)
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


def load_campaign(folder: Path, *, strict: bool = False,
                  formats: tuple[str, ...] = ()) -> tuple[Campaign, Diagnostics]:
    """Load and validate ``folder/campaign.yaml``. Raises ContentError listing every error;
    returns the campaign and its warnings otherwise. ``formats``: check the layouts of
    these formats only (a build of some formats); every format when empty."""
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
                check_output_intent(ctx, root_node, campaign)
                check_language_fonts(ctx, root_node, campaign)
                check_requirements(ctx, campaign)
            logo = node_at(root_node, "brand", "logo")
            if campaign is not None and logo is not None:
                campaign = replace(campaign, brand=replace(campaign.brand,
                                                           logo_location=logo.location))
    if campaign is not None and not problems.errors:
        from posters.formats import check_formats  # layouts read this module

        problems.extend(check_formats(campaign, formats))
    if strict:
        problems.promote_warnings()
    if problems.errors or campaign is None:
        raise ContentError(sorted(problems, key=lambda d: (d.location, d.message)))
    return campaign, problems


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
        print_settings=print_settings(top.get("print")),
        formats=top["formats"] if top["formats"] is not INVALID else (),
        bleed_mm=(top["print"] or {}).get("bleed", 3.0),
        fonts=top["fonts"],
        requirements=top["requirements"],
    )


def _prepare_languages_and_country(ctx: Context, root: Node) -> None:
    """Before the campaign is read: the country its phone numbers are read for, and the
    rules of languages Babel does not know (so that `languages: [hmn]` reads)."""
    from posters.languages import register_locales

    country = plain_text(node_at(root, "campaign", "country"))
    if country and is_country(country) and country == country.upper():
        ctx.country = country
    locales = node_at(root, "campaign", "locales")
    if locales is None or locales.kind != "mapping":
        return
    rules, names, scripts = {}, {}, {}
    for tag, entry in locales.items.items():
        rule = plain_text(node_at(entry.node, "rules"))
        if rule and is_known(rule):
            rules[tag] = rule
            name = plain_text(node_at(entry.node, "name"))
            if name:
                names[tag] = name
            script = plain_text(node_at(entry.node, "script"))
            if script and SCRIPT_CODE.match(script):
                scripts[tag] = script
    register_locales(rules, names, scripts)


def deep_checks(campaign: Campaign) -> list[Diagnostic]:
    """Every problem of the campaign's own files a build would report beyond the YAML,
    found with the fonts and the SVG reader (``load_campaign`` stays light: a build whose
    outputs are up to date loads neither): an icon or SVG logo that cannot be drawn, a
    catalog a build would refuse, a character no font of its language covers."""
    problems = Diagnostics()
    check_drawings(campaign, problems)
    check_coverage(campaign, problems)
    check_own_fonts_cover(campaign, problems)
    return list(problems)
