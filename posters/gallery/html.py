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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import escape
from importlib import resources
from urllib.parse import quote

from posters.build.outputs import GENERIC
from posters.build.report import STATUSES, BuildReport, OutputEntry
from posters.diagnostics import Diagnostic
from posters.gallery.fonts import embedded_fonts
from posters.gallery.previews import PREVIEWS, Picture, Preview
from posters.gallery.regions import Area

LEVELS = ("error", "warning")  # levels with a filter and a colour; others are listed only
CHECKS = {"error": "With errors", "warning": "With warnings", "clean": "No errors or warnings"}
STATUS_LABELS = {"built": "Built", "unchanged": "Unchanged", "failed": "Failed"}
VARIANT_ORDER = {"print": 0, "screen": 1}
_PLAIN = re.compile(r"^[A-Za-z0-9._/-]*$")  # nothing to encode or escape in these
_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_DIAGNOSTIC_LEVEL = re.compile(r": (error|warning): ")


REVIEW_LABELS = {"approved": "Approved", "changes-requested": "Changes requested",
                 "changed": "Changed since reviewed", "unreviewed": "Not reviewed"}


@dataclass(frozen=True)
class Card:
    entry: OutputEntry
    pdf: str | None  # the PDF's path relative to the campaign folder, if it can be linked
    preview: Preview | None
    problems: tuple[Diagnostic, ...] = ()  # the gallery's own: missing PDF, failed preview
    stale: bool = False  # the build failed: the preview is the last good one (serve)
    area: Area | None = None  # where a regional variant differs from the generic output
    area_picture: Picture | None = None  # that area of its first page, at full size

    @property
    def findings(self) -> tuple[Diagnostic, ...]:
        return self.problems + self.entry.findings

    def level_counts(self) -> Counter[str]:
        return self._counts

    @cached_property
    def _counts(self) -> Counter[str]:  # asked for several times per card
        counts = Counter(f.level for f in self.findings)
        if self.entry.fallbacks:
            counts["untranslated text"] = len(self.entry.fallbacks)
        for diagnostic in self.entry.diagnostics:
            match = _DIAGNOSTIC_LEVEL.search(diagnostic)
            counts[match.group(1) if match else "message"] += 1
        return counts

    @cached_property
    def checks(self) -> str:
        counts = self.level_counts()
        if not counts["error"] and not counts["warning"] and counts["untranslated text"]:
            return "warning"  # a draft: the source language stands in somewhere
        return next((level for level in LEVELS if counts[level]), "clean")


@dataclass(frozen=True)
class TextRow:
    key: str
    source: str
    translation: str | None  # None: not translated (the build shows the source)
    state: str  # "translated", "fuzzy", "missing", "source"


@dataclass(frozen=True)
class LanguageTexts:
    """A language's texts beside the source, for the reviewer (from the catalogs)."""

    rows: tuple[TextRow, ...]
    source_language: bool = False
    unusable: str = ""  # why the catalog cannot be used at all (its first error)

    def count(self, state: str) -> int:
        return sum(row.state == state for row in self.rows)


@dataclass(frozen=True)
class ReviewMark:
    """An output's sign-off as the page shows it (see posters.serve.review)."""

    state: str  # a key of REVIEW_LABELS
    by: str = ""
    date: str = ""
    comment: str = ""
    decision: str = ""  # the earlier decision of a "changed" output


@dataclass(frozen=True)
class PageOptions:
    """What a page served by `posters serve` adds to the static gallery."""

    live: bool = False  # the review form works and the page reloads itself
    reviews: Mapping[str, ReviewMark] = field(default_factory=dict)  # by output path
    texts: Mapping[str, LanguageTexts] = field(default_factory=dict)  # by language
    problems: tuple[str, ...] = ()  # the last rebuild failed: why, file:line first
    review_problem: str = ""  # review.yaml cannot be read
    web: frozenset[str] = frozenset()  # languages with an HTML edition in web/<lang>/


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
    """Names from CLDR; the report's own name (untrusted, either form) only as a fallback.
    A CLDR language's names are remembered on disk (posters.gallery.memo): Babel loads a
    locale's data to name it; a campaign's own language is named as the campaign says."""
    from posters.gallery.memo import remembered
    from posters.languages import UnknownLanguage, autonym, is_rtl, rules_locale

    def names() -> list:
        return [autonym(tag), autonym(tag, "en"), is_rtl(tag)]

    try:
        own, english, rtl = names() if rules_locale(tag) else remembered("language", tag,
                                                                          names)
    except (UnknownLanguage, TypeError):
        name = reported or tag
        return Language(tag, name[:1].upper() + name[1:], name, False)
    return Language(tag, own, english, rtl)


def lang_attrs(lang: Language) -> str:
    attrs = f' lang="{e(lang.tag)}"' if _LANG_TAG.match(lang.tag) else ""
    return attrs + (' dir="rtl"' if lang.rtl else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts_text(counts: Counter[str]) -> str:
    order = [*LEVELS, *sorted(k for k in counts if k not in LEVELS)]
    return ", ".join(plural(counts[k], k) for k in order if counts[k])


def render_page(report: BuildReport, cards: Sequence[Card],
                options: PageOptions | None = None) -> str:
    options = options or PageOptions()
    languages: dict[str, Language] = {}
    for card in cards:
        languages.setdefault(card.entry.lang, language(card.entry.lang, card.entry.language_name))
    # regional variants of one output are one card: (lang, format) -> [variants, ...]
    by_lang: dict[str, dict[str, dict[tuple, list[Card]]]] = {}
    for card in sorted(cards, key=_card_order):
        entry = card.entry
        by_lang.setdefault(entry.lang, {}).setdefault(entry.format, {}).setdefault(
            (entry.size, VARIANT_ORDER.get(entry.variant, 9), entry.variant), []).append(card)

    # A build without regional variants calls every output "generic": no need to say so.
    regional = len({card.entry.region for card in cards}) > 1
    title = f"Proofs: {report.title or report.campaign}"
    out = [
        '<a class="skip" href="#outputs">Skip to the outputs</a>',
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="summary">{_summary(report, cards)}</p>',
        *_review_note(options),
        *_pages_note(cards, options),
        *_problems(options),
        "</header>",
        *_filters(cards, languages, regional, options),
        '<main id="outputs" tabindex="-1">',
    ]
    for g, lang_tag in enumerate(sorted(by_lang)):
        lang = languages[lang_tag]
        aside = f"{lang.english} · {lang.tag}" if lang.english != lang.autonym else lang.tag
        out.append(f'<section class="language" data-group="lang" aria-labelledby="l{g}">')
        out.append(f'<h2 id="l{g}"{lang_attrs(lang)}>{e(lang.autonym)} '
                   f'<span class="aside" lang="en" dir="ltr">({e(aside)})</span></h2>')
        if lang_tag in options.web:
            out.append(f'<p class="web"><a href="web/{e(lang_tag)}/index.html"'
                       f'{lang_attrs(lang)}>{e(lang.autonym)}: HTML</a> '
                       '<span class="aside">(web page for phones and screen readers)</span></p>')
        out.extend(_texts(lang, options.texts.get(lang_tag), by_lang[lang_tag], g))
        for f, format_name in enumerate(sorted(by_lang[lang_tag])):
            out.append(f'<section class="format" data-group="format" '
                       f'aria-labelledby="l{g}f{f}">')
            out.append(f'<h3 id="l{g}f{f}">{e(format_name.capitalize())} '
                       f'<span class="aside">({e(lang.english)})</span></h3>')
            out.append('<ul class="cards">')
            out.extend(_card(group, lang, regional, options)
                       for _, group in sorted(by_lang[lang_tag][format_name].items()))
            out.append("</ul>")
            out.append("</section>")
        out.append("</section>")
    if not cards:
        out.append("<p>The build report lists no outputs.</p>")
    out.append("</main>")
    body = "\n".join(out)
    if options.live:
        out.append(_review_dialog())
        body = "\n".join(out)
    script = _asset("gallery.js") + ("\n" + _asset("live.js") if options.live else "")
    fonts = embedded_fonts(body)  # language names in scripts the reviewer may lack
    style = "\n".join(part for part in (_asset("gallery.css"), fonts.css) if part)
    # the served page talks to its own server only: events and review decisions
    connect = "connect-src 'self'; " if options.live else ""
    csp = (f"default-src 'none'; img-src 'self' file: data:; font-src data:; "
           f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; {connect}"
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
    """Counts of outputs (an output with 40 warnings is one output with warnings)."""
    statuses = Counter(card.entry.status for card in cards)
    checks = Counter(card.checks for card in cards)
    parts = [f"Campaign <code>{e(report.campaign)}</code>: {plural(len(cards), 'output')}",
             ", ".join(f"{statuses[s]} {s}" for s in STATUSES)]
    found = [f"{checks[c]} {label}" for c, label in (
        ("error", "with errors"), ("warning", "with warnings")) if checks[c]]
    parts.append(", ".join(found) if found else "no check findings")
    return "; ".join(parts) + "."


def _review_note(options: PageOptions) -> list[str]:
    if not options.live:
        return ['<p class="review-note">Approving outputs or asking for changes needs the '
                "server: run <code>posters serve</code> and open the address it prints.</p>"]
    if options.review_problem:
        return [f'<p class="problem" role="alert">{e(options.review_problem)}</p>']
    return []


def _pages_note(cards: Sequence[Card], options: PageOptions) -> list[str]:
    """What the static page links instead of the full-size images not made yet."""
    if options.live or all(c.preview is None or c.preview.full for c in cards):
        return []
    return ['<p class="pages-note">Full-size page images are made when they are asked for: '
            "here each card's PDF link opens its pages at full size; "
            "<code>posters gallery</code> makes the images for this page, and "
            "<code>posters serve</code> makes each when it is opened.</p>"]


def _problems(options: PageOptions) -> list[str]:
    """Why the last rebuild failed; the cards below are the last good build."""
    if not options.problems:
        return []
    out = ['<section class="problems" role="alert" aria-labelledby="problems">',
           '<h2 id="problems">The last change did not build; the previews below are the '
           "last good ones</h2><ul>"]
    for problem in options.problems:
        match = _DIAGNOSTIC_LEVEL.search(problem)
        level = match.group(1) if match else "error"
        out.append(f'<li><span class="{_level_class(level)}">{e(level)}</span> '
                   f'<code dir="auto">{e(problem)}</code></li>')
    out.append("</ul></section>")
    return out


def _texts(lang: Language, texts: LanguageTexts | None, formats: Mapping[str, Mapping],
           g: int) -> list[str]:
    """The language's translation status and, served, every text beside its source."""
    if texts is None:
        fallbacks = max((len(card.entry.fallbacks) for groups in formats.values()
                         for group in groups.values() for card in group), default=0)
        if not fallbacks:
            return []
        return [f'<p class="translation level-warning">{plural(fallbacks, "text")} not '
                "translated: the source text stands in (a draft)</p>"]
    if texts.source_language:
        return [f'<p class="translation">Source language: {plural(len(texts.rows), "text")}'
                "</p>"]
    if texts.unusable:
        return [f'<p class="translation level-error">The catalog cannot be used: '
                f'<code dir="auto">{e(texts.unusable)}</code></p>']
    done, fuzzy, missing = (texts.count(s) for s in ("translated", "fuzzy", "missing"))
    status = f"{done} of {len(texts.rows)} texts translated"
    status += "".join(f", {n} {what}" for n, what in ((fuzzy, "fuzzy"),
                                                     (missing, "missing")) if n)
    level = "level-warning" if fuzzy or missing else "level-ok"
    out = [f'<details class="texts" id="texts-{g}"><summary><span class="{level}">'
           f"{e(status)}</span> · source and translation side by side</summary>",
           '<table><thead><tr><th scope="col">Text</th><th scope="col">Source</th>'
           '<th scope="col">Translation</th></tr></thead><tbody>']
    for row in texts.rows:
        if row.translation is None:
            shown = f'<td class="untranslated">{e(row.state)}: the source stands in</td>'
        else:
            shown = f"<td{lang_attrs(lang)}>{e(row.translation)}</td>"
        out.append(f'<tr class="text-{e(row.state)}"><th scope="row"><code>{e(row.key)}'
                   f'</code></th><td lang="und" dir="auto">{e(row.source)}</td>{shown}</tr>')
    out.append("</tbody></table></details>")
    return out


def _review_dialog() -> str:
    return """<dialog id="review" aria-labelledby="review-title">
<form method="dialog" id="review-form">
<h2 id="review-title">Review</h2>
<p id="review-what"></p>
<fieldset><legend>Decision</legend>
<label><input type="radio" name="decision" value="approved" checked> Approve</label>
<label><input type="radio" name="decision" value="changes-requested"> Request changes</label>
</fieldset>
<label>Your name <input name="by" required maxlength="100" autocomplete="name"></label>
<label>Comment <textarea name="comment" rows="4" maxlength="4000"></textarea></label>
<p id="review-status" role="status" aria-live="polite"></p>
<button type="submit" value="save">Save</button>
<button type="button" id="review-cancel">Cancel</button>
</form>
</dialog>"""


def _filters(cards: Sequence[Card], languages: dict[str, Language],
             regional: bool, options: PageOptions) -> list[str]:
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
    if options.live:
        reviews = Counter(_review(options, c.entry.path).state for c in cards)
        out.append("<fieldset><legend>Review</legend>")
        out += [box("review", r, label, reviews[r]) for r, label in REVIEW_LABELS.items()
                if reviews[r]]
        out.append("</fieldset>")
    out.append('<button type="reset">Show all</button>')
    out.append(f'<p id="shown" role="status" aria-live="polite">Showing {len(cards)} of '
               f"{len(cards)} outputs</p>")
    out.append("</form>")
    return out


def _card(group: Sequence[Card], lang: Language, regional: bool,
          options: PageOptions) -> str:
    """One output, or one output and its regional variants (which differ only in the
    area that shows local contacts: the card shows that area of each)."""
    card = group[0]  # the generic output comes first
    entry = card.entry
    name = f"{entry.format.capitalize()} {entry.size}, {entry.variant}"
    title = f"{entry.size} · {entry.variant}"
    if regional and len(group) == 1:
        name += f", {region_label(entry.region)}"
        title += f" · {region_label(entry.region)}"

    def values(attr: str) -> str:
        return e(" ".join(dict.fromkeys(getattr(c, attr) if attr == "checks"
                                        else getattr(c.entry, attr) for c in group)))

    paths = [c.entry.path for c in group]
    attrs = (f'data-lang="{e(entry.lang)}" data-format="{e(entry.format)}" '
             f'data-status="{values("status")}" data-checks="{values("checks")}" '
             f'data-region="{values("region")}" data-outputs="{len(group)}"')
    if options.live:
        attrs += f' data-review="{values_of(_review(options, p).state for p in paths)}"'
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
    if card.stale:
        out.append('<p class="stale level-error">Last good preview: the latest change did '
                   "not build</p>")
    out.append(f'<p class="status status-{e(entry.status)}">{STATUS_LABELS[entry.status]}</p>')
    if options.live:
        out.extend(_review_mark(_review(options, entry.path)))
    links = []
    if card.pdf is not None:
        links.append(f'<a href="{href(card.pdf)}">PDF <span class="aside">'
                     f"({e(card.pdf.rsplit('/', 1)[-1])})</span></a>")
    if card.preview is not None and card.pdf is not None:
        links += _page_links(card.preview, card.pdf, options)
    if links:
        out.append(f'<p class="links">{" · ".join(links)}</p>')
    out.extend(_checks(card))
    if len(group) > 1:
        out.extend(_variants(group[1:], lang, options))
    if options.live:
        reviewable = [c.entry.path for c in group if c.entry.fingerprint]
        if reviewable:
            label = "Review" if len(group) == 1 else f"Review all {len(group)}"
            out.append(f'<button type="button" class="review" data-paths="'
                       f'{e(" ".join(reviewable))}" data-name="{e(name)}, '
                       f'{e(lang.english)}">{label}</button>')
    out.append("</li>")
    return "\n".join(out)


def values_of(items: Iterable[str]) -> str:
    return e(" ".join(dict.fromkeys(items)))


def _review(options: PageOptions, path: str) -> ReviewMark:
    return options.reviews.get(path) or ReviewMark("unreviewed")


def _review_mark(mark: ReviewMark) -> list[str]:
    label = REVIEW_LABELS[mark.state]
    if mark.state == "changed":
        earlier = REVIEW_LABELS.get(mark.decision, mark.decision).lower()
        label = (f"Changed since {earlier} by {mark.by} on {mark.date}" if mark.by
                 else label)
    elif mark.by:
        label += f" by {mark.by} on {mark.date}"
    out = [f'<p class="review-state review-{e(mark.state)}">{e(label)}</p>']
    if mark.comment:
        out.append(f'<blockquote class="review-comment" dir="auto">{e(mark.comment)}'
                   "</blockquote>")
    return out


def _page_links(preview: Preview, pdf: str, options: PageOptions) -> list[str]:
    """A link to each page at full size: its image where it is made (or, served, is made
    when opened), else the page in the PDF itself."""
    count = preview.page_count
    links = []
    for number in range(1, count + 1):
        if options.live or preview.full:
            label = "Full-size preview" if count == 1 else f"Page {number} full size"
            target = href(PREVIEWS + "/" + preview.page_name(number))
        elif count == 1:
            continue  # the PDF link opens its one page
        else:
            label, target = f"Page {number}", f"{href(pdf)}#page={number}"
        links.append(f'<a href="{target}">{label}</a>')
    return links


def _variants(cards: Sequence[Card], lang: Language, options: PageOptions
              ) -> Iterable[str]:
    yield (f'<details class="variants" open><summary>{plural(len(cards), "regional variant")}'
           ": the area that differs</summary><ul>")
    for card in cards:
        entry = card.entry
        label = e(region_label(entry.region))
        yield f'<li data-region="{e(entry.region)}">'
        picture = ""
        if card.area_picture is not None:
            image = card.area_picture
            picture = (f'<span class="area"><img src="{href(PREVIEWS + "/" + image.name)}" '
                       f'width="{image.width}" height="{image.height}" loading="lazy" '
                       f'alt="{label}: the area that differs"></span>')
        elif card.area is not None:
            picture = '<span class="aside">(differs from the generic output; no preview)</span>'
        elif card.preview is not None:
            picture = '<span class="aside">(the same as the generic output)</span>'
        if card.pdf is not None:
            yield f'<a href="{href(card.pdf)}">{picture}<span>{label}</span></a>'
        else:
            yield f"<span>{label}</span> {picture}"
        counts = card.level_counts()
        status = STATUS_LABELS[entry.status]
        yield (f' <span class="status status-{e(entry.status)}">{status}</span>'
               + (f' <span class="aside">{e(counts_text(counts))}</span>' if +counts else ""))
        if card.stale:
            yield '<span class="level-error"> (last good preview)</span>'
        if options.live:
            yield from _review_mark(_review(options, entry.path))
        if +counts:
            yield from _checks(card)
        yield "</li>"
    yield "</ul></details>"


def _checks(card: Card) -> Iterable[str]:
    counts = card.level_counts()
    if not +counts:
        yield '<p class="clean">No check findings</p>'
        return
    is_open = " open" if card.entry.status == "failed" or card.problems else ""
    yield f'<details class="checks"{is_open}><summary>{e(counts_text(counts))}</summary><ul>'
    for finding in sorted(card.findings, key=_finding_order):
        place = str(finding.location)
        where = f" ({e(place)})" if place else ""
        yield (f'<li><span class="{_level_class(finding.level)}">{e(finding.level)}</span> '
               f"<code>{e(finding.code)}</code>: {e(finding.message)}{where}</li>")
    for diagnostic in card.entry.diagnostics:
        match = _DIAGNOSTIC_LEVEL.search(diagnostic)
        level = match.group(1) if match else "message"
        yield (f'<li><span class="{_level_class(level)}">{e(level)}</span> '
               f'<code dir="auto">{e(diagnostic)}</code></li>')
    yield "</ul></details>"


def _finding_order(finding: Diagnostic) -> tuple:
    rank = LEVELS.index(finding.level) if finding.level in LEVELS else len(LEVELS)
    return (rank, finding.code, str(finding.location), finding.message)


def _level_class(level: str) -> str:
    return f"level-{level}" if level in LEVELS else "level-other"
