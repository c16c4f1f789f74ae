"""Legal requirements of a notice (campaign.yaml `requirements:`), checked from the
written PDF. See docs/requirements.md.

A campaign declares one rule set per law it must meet (California Civil Code § 52.6,
Texas Gov't Code § 402.0351, ...): the smallest page, the smallest text (per format or
per size), the languages the notice must be made in, text that must appear word for
word in a language (the statute's wording, locked against catalog changes) and numbers
that must appear. `posters validate` checks what can be known before a build; every
build checks every output it applies to, from the PDF itself (each text run's effective
size, the TrimBox, the extracted text), and fails the output naming the requirement and
what falls short.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.diagnostics import Diagnostic, Level, Location

if TYPE_CHECKING:
    from posters.model import Campaign
    from posters.schema.readers import Context
    from posters.schema.source import Node

PT_PER_IN = 72.0
PT_PER_MM = 72.0 / 25.4
# Rounding of sizes read back from a PDF (a 16 pt run may read 15.9999).
TOLERANCE_PT = 0.01
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|in)\s*$")
_PAGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x\u00d7]\s*(\d+(?:\.\d+)?)\s*(mm|in)\s*$")


@dataclass(frozen=True)
class TextSizeRule:
    min_pt: float
    formats: tuple[str, ...] = ()  # empty: every format
    sizes: tuple[str, ...] = ()  # empty: every size
    location: Location | None = None

    def applies(self, fmt: str, size: str) -> bool:
        return (not self.formats or fmt in self.formats) and (not self.sizes or size in self.sizes)


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    location: Location
    source: str | None = None  # where the law is published
    formats: tuple[str, ...] = ()  # the formats the law is about; empty: all
    min_page: tuple[float, float] | None = None  # (width, height) pt, either orientation
    min_page_text: str = ""  # as written, for messages
    min_page_location: Location | None = None
    text_sizes: tuple[TextSizeRule, ...] = ()
    languages: tuple[str, ...] = ()
    languages_location: Location | None = None
    verbatim: tuple[tuple[str, str, Location], ...] = ()  # (lang, text, where written)
    numbers: tuple[tuple[str, Location], ...] = ()

    def applies_to(self, fmt: str) -> bool:
        return not self.formats or fmt in self.formats

    def min_text_pt(self, fmt: str, size: str) -> float | None:
        sizes = [r.min_pt for r in self.text_sizes if r.applies(fmt, size)]
        return max(sizes) if sizes else None

    def verbatim_for(self, lang: str) -> list[str]:
        return [text for tag, text, _ in self.verbatim if tag == lang]


@dataclass(frozen=True)
class Requirements:
    rule_sets: tuple[RuleSet, ...]

    def locked(self, lang: str) -> list[str]:
        return [t for r in self.rule_sets for t in r.verbatim_for(lang)]


# ------------------------------------------------------------------------ reading


def parse_length_pt(text: str) -> float | None:
    m = _LENGTH.match(str(text))
    if not m:
        return None
    value, unit = float(m.group(1)), m.group(2)
    return value * {"pt": 1.0, "mm": PT_PER_MM, "in": PT_PER_IN}[unit]


def parse_page_pt(text: str) -> tuple[float, float] | None:
    """``8.5x11in``, ``216x279mm`` or a size name (``us-letter``, ``iso-a4``)."""
    m = _PAGE.match(str(text))
    if m:
        unit = PT_PER_IN if m.group(3) == "in" else PT_PER_MM
        return float(m.group(1)) * unit, float(m.group(2)) * unit
    from posters.sizes import UnknownPaperSize, paper_size

    try:
        size = paper_size(str(text))
    except UnknownPaperSize:
        return None
    return size.width_pt, size.height_pt


def read_requirements(ctx: Context, node: Node, path: str) -> Requirements | Any:
    from posters.schema.readers import INVALID, read_entry

    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of rule-set ids (e.g. "
                                     "ca-civil-code-52-6) to the rules each law sets; see "
                                     "docs/requirements.md")
    sets = []
    for key, entry in node.items.items():
        value = read_entry(ctx, entry, f"{path}.{key}", _rule_set_reader(key))
        if value is not INVALID:
            sets.append(value)
    return Requirements(tuple(sets)) if len(sets) == len(node.items) else INVALID


def _rule_set_reader(rule_id: str):
    def read(ctx: Context, node: Node, path: str) -> RuleSet | Any:
        from posters.schema.readers import (
            INVALID,
            Field,
            read_language,
            read_list,
            read_mapping,
            read_slug,
            read_string,
            read_url,
        )

        spec = {
            "title": Field(read_string, required=True),
            "source": Field(read_url),
            "formats": Field(read_list(read_slug, min_items=1), default=()),
            "min_page": Field(_read_page),
            "min_text_size": Field(_read_text_sizes, default=()),
            "languages": Field(read_list(read_language, min_items=1), default=()),
            "verbatim": Field(_read_verbatim, default=()),
            "numbers": Field(read_list(_read_number, min_items=1), default=()),
        }
        v = read_mapping(ctx, node, path, spec)
        if v is INVALID or INVALID in v.values():
            return INVALID
        if not any(v[k] for k in ("min_page", "min_text_size", "languages", "verbatim",
                                  "numbers")):
            return ctx.error(node, path, "a rule set needs at least one rule: min_page, "
                                         "min_text_size, languages, verbatim or numbers")
        languages_node = node.items.get("languages")
        page_node = node.items.get("min_page")
        page = v["min_page"]
        return RuleSet(
            id=rule_id, title=v["title"], location=node.location, source=v["source"],
            formats=v["formats"], min_page=page[0] if page else None,
            min_page_text=page[1] if page else "", text_sizes=v["min_text_size"],
            min_page_location=page_node.node.location if page_node else None,
            languages=v["languages"],
            languages_location=languages_node.node.location if languages_node else None,
            verbatim=v["verbatim"], numbers=v["numbers"])

    return read


def _read_page(ctx: Context, node: Node, path: str) -> Any:
    from posters.schema.readers import INVALID, scalar_text

    raw = scalar_text(ctx, node, path, "a page size")
    if raw is INVALID:
        return INVALID
    size = parse_page_pt(raw)
    if size is None:
        return ctx.error(node, path, f"expected a page size such as 8.5x11in, 216x279mm or "
                                     f"us-letter, got {node.describe()}")
    return size, raw


def _read_text_sizes(ctx: Context, node: Node, path: str) -> Any:
    """``16pt`` for every output, or a list of {min: 16pt, formats: [...], sizes: [...]}."""
    from posters.schema.readers import INVALID, Field, read_list, read_mapping, read_slug

    if node.kind == "scalar":
        size = _length(ctx, node, path)
        return INVALID if size is INVALID else (TextSizeRule(size, location=node.location),)

    def one(ctx: Context, item: Node, item_path: str) -> Any:
        v = read_mapping(ctx, item, item_path, {
            "min": Field(_length, required=True),
            "formats": Field(read_list(read_slug, min_items=1), default=()),
            "sizes": Field(read_list(_read_size_name, min_items=1), default=()),
        })
        if v is INVALID or INVALID in v.values():
            return INVALID
        return TextSizeRule(v["min"], v["formats"], v["sizes"], item.location)

    return read_list(one, min_items=1)(ctx, node, path)


def _read_size_name(ctx: Context, node: Node, path: str) -> Any:
    from posters.schema.readers import INVALID, scalar_text

    raw = scalar_text(ctx, node, path, "a size name")
    return INVALID if raw is INVALID else raw.strip().lower()


def _length(ctx: Context, node: Node, path: str) -> Any:
    from posters.schema.readers import INVALID, scalar_text

    raw = scalar_text(ctx, node, path, "a type size")
    if raw is INVALID:
        return INVALID
    size = parse_length_pt(raw)
    if size is None or not 1 <= size <= 1000:
        return ctx.error(node, path, f"expected a type size in points such as 16pt (1 pt = "
                                     f"1/72 in), got {node.describe()}")
    return size


def _read_verbatim(ctx: Context, node: Node, path: str) -> Any:
    """{lang: text} or {lang: [text, ...]}: each must appear word for word."""
    from posters.languages import UnknownLanguage, babel_locale
    from posters.schema.readers import INVALID, read_entry, read_string

    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of language codes to the text that "
                                     "must appear word for word (one text or a list)")
    out: list[tuple[str, str, Location]] = []
    ok = True
    for lang, entry in node.items.items():
        try:
            babel_locale(lang)
        except UnknownLanguage:
            ctx.problems.error(entry.key_location, f"unknown language code '{lang}'",
                               f"{path}.{lang}")
            ok = False
        children = entry.node.children if entry.node.kind == "sequence" else (entry.node,)
        for i, child in enumerate(children):
            text = read_entry(ctx, None, f"{path}.{lang}[{i}]", read_string, child)
            if text is INVALID:
                ok = False
                continue
            out.append((lang, " ".join(text.split()), child.location))
    return tuple(out) if ok else INVALID


def _read_number(ctx: Context, node: Node, path: str) -> Any:
    from posters.schema.readers import INVALID, read_phone

    display = read_phone(ctx, node, path)
    return INVALID if display is INVALID else (display, node.location)


# ----------------------------------------------------------------- before a build


def validate_requirements(ctx: Context, campaign: Campaign, formats: dict[str, list[str]]
                          | None = None) -> None:
    """What is knowable before a build: required languages and numbers the campaign does
    not have, verbatim text no campaign string carries, rules no format can meet."""
    reqs = campaign.requirements
    if reqs is None:
        return
    languages = set(campaign.meta.languages)
    source_texts = {normalize(t.source) for t in campaign.texts()}
    hotline_digits = {_digits(n, campaign.meta.country): n for h in campaign.content.hotlines
                      for n in _hotline_displays(h)}
    for rule in reqs.rule_sets:
        where = f"requirements.{rule.id}"
        for lang in rule.languages:
            if lang not in languages:
                ctx.problems.error(rule.languages_location or rule.location,
                                   f"{rule.title} requires the notice in '{lang}', which is not "
                                   "one of the campaign's languages; add it to "
                                   "campaign.languages", f"{where}.languages")
        for lang, text, location in rule.verbatim:
            if lang not in languages:
                ctx.problems.error(location, f"{rule.title}: verbatim text in '{lang}', which "
                                   "is not one of the campaign's languages",
                                   f"{where}.verbatim.{lang}")
            elif lang == campaign.meta.source_language and not any(
                    normalize(text) in s for s in source_texts):
                ctx.problems.error(location, f"{rule.title}: this text must appear word for "
                                   "word, but no text of the campaign contains it; put it in "
                                   "the content (e.g. content.call_to_action.text)",
                                   f"{where}.verbatim.{lang}")
        for display, location in rule.numbers:
            if _digits(display, campaign.meta.country) not in hotline_digits:
                ctx.problems.error(location, f"{rule.title} requires the number {display}, "
                                   "which no hotline has; add it under content.hotlines",
                                   f"{where}.numbers")
        unknown = [f for f in rule.formats if formats is not None and f not in formats]
        if unknown:
            ctx.problems.error(rule.location, f"{rule.title} names the format(s) "
                               f"{', '.join(unknown)}, which the campaign does not make (it "
                               f"has {', '.join(formats or ())})", f"{where}.formats")
        if formats is not None and rule.min_page:
            fits = [(f, s) for f, sizes in formats.items() if rule.applies_to(f) for s in sizes
                    if _page_fits(parse_page_pt(s), rule.min_page)]
            if not fits:
                ctx.problems.error(rule.min_page_location or rule.location,
                                   f"{rule.title} needs pages of at least "
                                   f"{rule.min_page_text}, and no format of the campaign is "
                                   "made at such a size; add a size under `formats:`",
                                   f"{where}.min_page")


def _hotline_displays(hotline) -> list[str]:
    out = [hotline.number]
    if hotline.text_line:
        out.append(hotline.text_line.number.display)
    return out


def _digits(display: str, country: str | None) -> str:
    from posters.schema.phone import dial_key

    return dial_key(display, country)


def _page_fits(size: tuple[float, float] | None, minimum: tuple[float, float]) -> bool:
    if size is None:
        return True  # a size we cannot measure here is checked from the PDF
    w, h = size
    a, b = minimum
    return (w + 0.5 >= a and h + 0.5 >= b) or (w + 0.5 >= b and h + 0.5 >= a)


# ------------------------------------------------------------------ from the PDF


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u2032"} | {
    ord(c): '"' for c in "\u201c\u201d\u201e\u2033"}
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\u2066-\u2069\u061c\ufeff]")


def normalize(text: str) -> str:
    """For comparing mandated text: NFC, one kind of dash and quote, no soft hyphens or
    bidi marks, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    text = text.translate(_DASHES).translate(_QUOTES)
    return " ".join(text.split())


def check_pdf(path: Path, campaign: Campaign, lang: str, fmt: str, size: str,
              label: str | None = None) -> list[Diagnostic]:
    """Check one written output against every rule set that applies to its format."""
    reqs = campaign.requirements
    if reqs is None:
        return []
    rules = [r for r in reqs.rule_sets if r.applies_to(fmt)]
    if not rules:
        return []
    from posters.preflight.document import Document

    doc = Document.open(path, label or str(path))
    try:
        if doc.pdf is None:
            return [Diagnostic(Level.ERROR, Location(doc.label),
                               f"cannot open the PDF: {doc.open_error}", code="RQ000")]
        pages = doc.pages
        text = _page_texts(pages)
        findings: list[Diagnostic] = []
        for rule in rules:
            findings += _check_rule(doc, pages, text, rule, campaign, lang, fmt, size)
        return findings
    finally:
        doc.close()


def _page_texts(pages) -> str:
    parts = []
    for page in pages:
        seen_spans: set[int] = set()
        for run in page.runs:
            if run.actual_text is not None and run.span is not None:
                if run.span in seen_spans:
                    continue
                seen_spans.add(run.span)
                parts.append(run.actual_text)
            else:
                parts.append(run.text)
        parts.append("\n")
    return "".join(parts)


def _check_rule(doc, pages, text: str, rule: RuleSet, campaign: Campaign, lang: str,
                fmt: str, size: str) -> list[Diagnostic]:
    out = []
    name = f"{rule.title} ({rule.id})"

    def fail(page: int, message: str, code: str) -> None:
        out.append(Diagnostic(Level.ERROR, Location(doc.label, page=page), f"{name}: {message}",
                              code=code))

    if rule.min_page:
        for i in range(len(pages)):
            x0, y0, x1, y1 = doc.trim_or_media(i)
            w, h = x1 - x0, y1 - y0
            if not _page_fits((w, h), rule.min_page):
                fail(i + 1, f"the page is {w / PT_PER_IN:.2f} x {h / PT_PER_IN:.2f} in "
                            f"({w / PT_PER_MM:.0f} x {h / PT_PER_MM:.0f} mm, trim box); the "
                            f"law requires at least {rule.min_page_text}", "RQ010")
    minimum = rule.min_text_pt(fmt, size)
    if minimum is not None:
        for page in pages:
            small = [r for r in page.runs if (r.actual_text or r.text).strip()
                     and r.size + TOLERANCE_PT < minimum]
            if small:
                smallest = min(small, key=lambda r: r.size)
                sample = " ".join((smallest.actual_text or smallest.text).split())[:40]
                fail(page.number, f"{len(small)} text run(s) smaller than {minimum:g} pt; the "
                                  f"smallest is {smallest.size:.1f} pt ({sample!r})", "RQ020")
    flat = normalize(text)
    squashed = flat.replace(" ", "")
    if lang in rule.languages or any(t == lang for t, _, _ in rule.verbatim):
        for wanted in rule.verbatim_for(lang):
            target = normalize(wanted)
            if target not in flat and target.replace(" ", "") not in squashed:
                fail(0, f"the mandated {lang} text is not on the page word for word: "
                           f"{_short(target)!r}", "RQ030")
    digits = re.sub(r"\D", "", flat)
    for display, _ in rule.numbers:
        if normalize(display) in flat:
            continue
        if _digits(display, campaign.meta.country) in digits or re.sub(
                r"\D", "", display) in digits:
            continue
        fail(0, f"the number {display} does not appear", "RQ040")
    return out


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------- locked wording


def locked_text_problems(campaign: Campaign, lang: str, lookup) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    """Catalog entries that change mandated wording, reported at the PO file's line.

    The verbatim texts of a rule set are parallel lists: the n-th ``es`` text is the
    mandated Spanish of the n-th source-language text. A campaign string that contains
    the n-th source text must, in ``lang``, contain the n-th ``lang`` text word for word."""
    reqs = campaign.requirements
    if reqs is None or lookup is None or lang == campaign.meta.source_language:
        return []
    problems = []
    source = campaign.meta.source_language
    for rule in reqs.rule_sets:
        pairs = list(zip(rule.verbatim_for(source), rule.verbatim_for(lang), strict=False))
        if not pairs:
            continue
        for text in campaign.texts():
            for original, mandated in pairs:
                if normalize(original) not in normalize(text.source):
                    continue
                translation = lookup(text)
                if translation is None:
                    continue  # missing: the catalog check and the PDF check report it
                if normalize(mandated) not in normalize(translation.text):
                    problems.append(Diagnostic(
                        Level.ERROR, translation.origin,
                        f"{rule.title} ({rule.id}) locks this text: the {lang} translation "
                        f"must contain the mandated wording word for word: "
                        f"{_short(normalize(mandated))!r}", text.key))
    return problems
