"""The gallery page: one self-contained HTML file, deterministic, every report string escaped.

Everything is grouped language -> format -> card (size, variant). Languages, formats and
cards are sorted; the page has no timestamps. The only script is the inline filter
script, allowed by its hash in the page's Content-Security-Policy, so even a string that
escaped escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from urllib.parse import quote

from posters.gallery.fonts import embedded_fonts
from posters.gallery.previews import PREVIEWS, Preview
from posters.gallery.report import STATUSES, BuildReport, Finding, OutputEntry

GENERIC = "generic"  # the build's name for the output without a region
LEVELS = ("error", "warning")  # levels with a filter and a colour; others are listed only
CHECKS = {"error": "With errors", "warning": "With warnings", "clean": "No errors or warnings"}
STATUS_LABELS = {"built": "Built", "unchanged": "Unchanged", "failed": "Failed"}
VARIANT_ORDER = {"print": 0, "screen": 1}
_PLAIN = re.compile(r"^[A-Za-z0-9._/-]*$")  # nothing to encode or escape in these
_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_DIAGNOSTIC_LEVEL = re.compile(r": (error|warning): ")


@dataclass(frozen=True)
class Card:
    entry: OutputEntry
    pdf: str | None  # the PDF's path relative to the campaign folder, if it can be linked
    preview: Preview | None
    problems: tuple[Finding, ...] = ()  # the gallery's own: missing PDF, failed preview

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.problems + self.entry.findings

    def level_counts(self) -> Counter[str]:
        counts = Counter(f.level for f in self.findings)
        for diagnostic in self.entry.diagnostics:
            match = _DIAGNOSTIC_LEVEL.search(diagnostic)
            counts[match.group(1) if match else "message"] += 1
        return counts

    @property
    def checks(self) -> str:
        counts = self.level_counts()
        return next((level for level in LEVELS if counts[level]), "clean")


def e(text: object) -> str:
    return escape(str(text), quote=True)


def href(rel: str) -> str:
    """A relative URL for a relative path: each segment percent-encoded, then escaped."""
    if _PLAIN.match(rel):
        return rel
    return e("/".join(quote(part, safe="") for part in rel.split("/")))


@cache
def _asset(name: str) -> str:
    return resources.files("posters.gallery").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@dataclass(frozen=True)
class Language:
    tag: str
    autonym: str  # the language's name in itself
    english: str
    rtl: bool


@cache
def language(tag: str, reported: str) -> Language:
    """Names from CLDR; the report's own name (untrusted, either form) only as a fallback."""
    from posters.languages import UnknownLanguage, autonym, is_rtl

    try:
        return Language(tag, autonym(tag), autonym(tag, "en"), is_rtl(tag))
    except (UnknownLanguage, TypeError):
        name = reported or tag
        return Language(tag, name[:1].upper() + name[1:], name, False)


def lang_attrs(lang: Language) -> str:
    attrs = f' lang="{e(lang.tag)}"' if _LANG_TAG.match(lang.tag) else ""
    return attrs + (' dir="rtl"' if lang.rtl else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts_text(counts: Counter[str]) -> str:
    order = [*LEVELS, *sorted(k for k in counts if k not in LEVELS)]
    return ", ".join(plural(counts[k], k) for k in order if counts[k])


def render_page(report: BuildReport, cards: Sequence[Card],
                web: frozenset[str] = frozenset()) -> str:
    """``web``: the languages whose HTML edition page is in ``web/<lang>/index.html``."""
    languages: dict[str, Language] = {}
    for card in cards:
        languages.setdefault(card.entry.lang, language(card.entry.lang, card.entry.language_name))
    by_lang: dict[str, dict[str, list[Card]]] = {}
    for card in sorted(cards, key=_card_order):
        by_lang.setdefault(card.entry.lang, {}).setdefault(card.entry.format, []).append(card)

    # A build without regional variants calls every output "generic": no need to say so.
    regional = len({card.entry.region for card in cards}) > 1
    title = f"Proofs: {report.title or report.campaign}"
    out = [
        '<a class="skip" href="#outputs">Skip to the outputs</a>',
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="summary">{_summary(report, cards)}</p>',
        "</header>",
        *_filters(cards, languages, regional),
        '<main id="outputs" tabindex="-1">',
    ]
    for g, lang_tag in enumerate(sorted(by_lang)):
        lang = languages[lang_tag]
        aside = f"{lang.english} · {lang.tag}" if lang.english != lang.autonym else lang.tag
        out.append(f'<section class="language" data-group="lang" aria-labelledby="l{g}">')
        out.append(f'<h2 id="l{g}"{lang_attrs(lang)}>{e(lang.autonym)} '
                   f'<span class="aside" lang="en" dir="ltr">({e(aside)})</span></h2>')
        if lang_tag in web:
            out.append(f'<p class="web"><a href="web/{e(lang_tag)}/index.html"'
                       f'{lang_attrs(lang)}>{e(lang.autonym)}: HTML</a> '
                       '<span class="aside">(web page for phones and screen readers)</span></p>')
        for f, format_name in enumerate(sorted(by_lang[lang_tag])):
            out.append(f'<section class="format" data-group="format" '
                       f'aria-labelledby="l{g}f{f}">')
            out.append(f'<h3 id="l{g}f{f}">{e(format_name.capitalize())} '
                       f'<span class="aside">({e(lang.english)})</span></h3>')
            out.append('<ul class="cards">')
            out.extend(_card(card, lang, regional)
                       for card in by_lang[lang_tag][format_name])
            out.append("</ul>")
            out.append("</section>")
        out.append("</section>")
    if not cards:
        out.append("<p>The build report lists no outputs.</p>")
    out.append("</main>")
    body = "\n".join(out)
    script = _asset("gallery.js")
    fonts = embedded_fonts(body)  # language names in scripts the reviewer may lack
    style = _asset("gallery.css") + ("\n" + fonts.css if fonts.css else "")
    csp = (f"default-src 'none'; img-src 'self' file: data:; font-src data:; "
           f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
           "base-uri 'none'; form-action 'none'")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">',
        '<meta name="referrer" content="no-referrer">',
        '<link rel="icon" href="data:,">',  # else browsers ask the server for /favicon.ico
        f"<title>{e(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, body, f"<script>{script}</script>", "</body>", "</html>", ""])


def _card_order(card: Card) -> tuple:
    entry = card.entry
    return (entry.lang, entry.format, entry.size, VARIANT_ORDER.get(entry.variant, 9),
            entry.variant, _region_order(entry.region), entry.path)


def _region_order(region: str) -> tuple[bool, str]:
    return (region not in ("", GENERIC), region)


def region_label(region: str) -> str:
    return "Generic (no local addresses)" if region == GENERIC else region.capitalize()


def _summary(report: BuildReport, cards: Sequence[Card]) -> str:
    statuses = Counter(card.entry.status for card in cards)
    levels: Counter[str] = Counter()
    for card in cards:
        levels.update(card.level_counts())
    parts = [f"Campaign <code>{e(report.campaign)}</code>: {plural(len(cards), 'output')}",
             ", ".join(f"{statuses[s]} {s}" for s in STATUSES)]
    parts.append(f"checks: {e(counts_text(levels))}" if +levels else "no check findings")
    return "; ".join(parts) + "."


def _filters(cards: Sequence[Card], languages: dict[str, Language],
             regional: bool) -> list[str]:
    langs = Counter(c.entry.lang for c in cards)
    formats = Counter(c.entry.format for c in cards)
    statuses = Counter(c.entry.status for c in cards)
    checks = Counter(c.checks for c in cards)
    regions = Counter(c.entry.region for c in cards)

    def box(axis: str, value: str, label: str, count: int, attrs: str = "",
            aside: str = "") -> str:
        aside = f' <span class="aside" lang="en">{aside}</span>' if aside else ""
        return (f'<label><input type="checkbox" name="{axis}" value="{e(value)}" checked> '
                f"<span{attrs}>{label}</span>{aside} ({count})</label>")

    out = ['<form id="filters" class="filters" hidden aria-label="Filter the outputs">']
    out.append("<fieldset><legend>Language</legend>")
    for tag in sorted(langs):
        lang = languages[tag]
        out.append(box("lang", tag, e(lang.autonym), langs[tag], lang_attrs(lang),
                       e(lang.english) if lang.english != lang.autonym else ""))
    out.append("</fieldset>")
    out.append("<fieldset><legend>Format</legend>")
    out += [box("format", f, e(f.capitalize()), formats[f]) for f in sorted(formats)]
    out.append("</fieldset>")
    if regional:
        out.append("<fieldset><legend>Region</legend>")
        out += [box("region", r, e(region_label(r)), regions[r])
                for r in sorted(regions, key=_region_order)]
        out.append("</fieldset>")
    out.append("<fieldset><legend>Status</legend>")
    out += [box("status", s, STATUS_LABELS[s], statuses[s]) for s in STATUSES if statuses[s]]
    out.append("</fieldset>")
    out.append("<fieldset><legend>Checks</legend>")
    out += [box("checks", c, label, checks[c]) for c, label in CHECKS.items() if checks[c]]
    out.append("</fieldset>")
    out.append('<button type="reset">Show all</button>')
    out.append(f'<p id="shown" role="status" aria-live="polite">Showing {len(cards)} of '
               f"{len(cards)} outputs</p>")
    out.append("</form>")
    return out


def _card(card: Card, lang: Language, regional: bool) -> str:
    entry = card.entry
    name = f"{entry.format.capitalize()} {entry.size}, {entry.variant}"
    title = f"{entry.size} · {entry.variant}"
    if regional:
        name += f", {region_label(entry.region)}"
        title += f" · {region_label(entry.region)}"
    attrs = (f'data-lang="{e(entry.lang)}" data-format="{e(entry.format)}" '
             f'data-status="{e(entry.status)}" data-checks="{card.checks}" '
             f'data-region="{e(entry.region)}"')
    out = [f'<li class="card" {attrs}>', f"<h4>{e(title)}</h4>"]
    if card.preview is not None and card.pdf is not None:
        thumb = card.preview.thumbnail
        out.append(f'<a class="thumb" href="{href(card.pdf)}"><img '
                   f'src="{href(PREVIEWS + "/" + thumb.name)}" width="{thumb.width}" '
                   f'height="{thumb.height}" loading="lazy" '
                   f'alt="{e(name)}, {e(lang.english)}: first page, trimmed"></a>')
    else:
        why = "Not built" if entry.status == "failed" else "No preview"
        out.append(f'<p class="nothumb">{why}</p>')
    out.append(f'<p class="status status-{e(entry.status)}">{STATUS_LABELS[entry.status]}</p>')
    links = []
    if card.pdf is not None:
        links.append(f'<a href="{href(card.pdf)}">PDF <span class="aside">'
                     f"({e(card.pdf.rsplit('/', 1)[-1])})</span></a>")
    if card.preview is not None:
        pages = card.preview.pages
        for i, page in enumerate(pages, start=1):
            label = "Full-size preview" if len(pages) == 1 else f"Page {i} full size"
            links.append(f'<a href="{href(PREVIEWS + "/" + page.name)}">{label}</a>')
    if links:
        out.append(f'<p class="links">{" · ".join(links)}</p>')
    out.extend(_checks(card))
    out.append("</li>")
    return "\n".join(out)


def _checks(card: Card) -> Iterable[str]:
    counts = card.level_counts()
    if not +counts:
        yield '<p class="clean">No check findings</p>'
        return
    is_open = " open" if card.entry.status == "failed" or card.problems else ""
    yield f'<details class="checks"{is_open}><summary>{e(counts_text(counts))}</summary><ul>'
    for finding in sorted(card.findings, key=_finding_order):
        where = f" ({e(finding.location)})" if finding.location else ""
        yield (f'<li><span class="{_level_class(finding.level)}">{e(finding.level)}</span> '
               f"<code>{e(finding.code)}</code>: {e(finding.message)}{where}</li>")
    for diagnostic in card.entry.diagnostics:
        match = _DIAGNOSTIC_LEVEL.search(diagnostic)
        level = match.group(1) if match else "message"
        yield (f'<li><span class="{_level_class(level)}">{e(level)}</span> '
               f'<code dir="auto">{e(diagnostic)}</code></li>')
    yield "</ul></details>"


def _finding_order(finding: Finding) -> tuple:
    rank = LEVELS.index(finding.level) if finding.level in LEVELS else len(LEVELS)
    return (rank, finding.code, finding.location, finding.message)


def _level_class(level: str) -> str:
    return f"level-{level}" if level in LEVELS else "level-other"
