"""A campaign's gettext catalogs: where they live, reading them safely, and the lookup the
build uses.

Catalogs are untrusted input. A PO file is read as UTF-8 text with a syntax pass of our
own first (so a broken file is reported with its line), then by Babel. A translation is
used only when it passes every error-level check of ``posters.i18n.qa``.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from posters.diagnostics import Diagnostic, Level, Location
from posters.files import shown as shown_path
from posters.i18n.paths import catalog_path
from posters.i18n.qa import check_translation
from posters.languages import UnknownLanguage, babel_locale
from posters.localize import Lookup, Translation, uses_native_digits
from posters.model import Campaign, Text

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

# Babel's catalog reader (babel.messages: 60 ms to import) is imported where a catalog is
# read: a build whose catalogs are unchanged takes their review from the check cache.

MAX_CATALOG_BYTES = 5_000_000


def translated_languages(campaign: Campaign) -> list[str]:
    return [lang for lang in campaign.meta.languages if lang != campaign.meta.source_language]


# --------------------------------------------------------------------------- plurals

@dataclass(frozen=True)
class PluralRule:
    """gettext's rule for a language, from Babel's table (never from the PO header)."""

    count: int
    expression: str
    choose: Callable[[int], int]


@cache
def plural_rule(lang: str) -> PluralRule:
    from babel.messages.plurals import get_plural

    plural = get_plural(babel_locale(lang))
    return PluralRule(plural.num_plurals, plural.plural_expr, gettext.c2py(plural.plural_expr))


# --------------------------------------------------------------------------- reading

# each escape is one backslash and one character, so a long bad line fails in linear time
_STRING = r'"(?:[^"\\]|\\["\\abfnrtvx0-7])*"'
_LINE = re.compile(rf"^(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d{{1,2}}\])"
                   rf"\s+{_STRING}|{_STRING})\s*$")


@dataclass(frozen=True)
class CatalogFile:
    path: Path
    display: str
    catalog: Catalog | None  # None when the file could not be read
    problems: tuple[Diagnostic, ...] = ()
    lines: tuple[str, ...] = field(default=(), repr=False)

    def location(self, message: Message | None = None) -> Location:
        return Location(self.display, message.lineno if message and message.lineno else 0)


def _syntax_problem(text: str) -> tuple[int, str] | None:
    plural = False  # the entry being read has a msgid_plural
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip(" \t")
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and not stripped[2:].strip():
            continue
        if not _LINE.match(stripped):
            shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
            return number, (f"not a PO line: {shown!r}; each line is a comment, a keyword "
                            "(msgctxt, msgid, msgid_plural, msgstr) with a quoted string, "
                            "or a quoted string")
        keyword = stripped.removeprefix("#~").strip().split(" ", 1)[0]
        if keyword in ("msgctxt", "msgid"):
            plural = False
        elif keyword == "msgid_plural":
            plural = True
        elif keyword.startswith("msgstr[") and not plural:
            return number, f"{keyword} belongs to an entry with msgid_plural; write msgstr"
        elif keyword == "msgstr" and plural:
            return number, "an entry with msgid_plural takes msgstr[0], msgstr[1]..."
    return None


def _duplicate_problem(text: str) -> tuple[int, str] | None:
    """A second entry with the same msgctxt and msgid: Babel keeps one silently, so a
    translation a reviewer reads may not be the one printed. (Run after the syntax pass:
    every line is a comment, a keyword with a string, or a string.)"""
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    keyword, parts, start = "", [], 0  # the keyword being read, its strings, its line

    def finish() -> tuple[int, str] | None:
        nonlocal context
        if keyword == "msgctxt":
            context = "".join(parts)
        elif keyword == "msgid":
            key = (context, "".join(parts))
            context = None
            if key in seen and key[1]:  # the header (msgid "") is not a text
                shown = key[0] or key[1]
                return start, (f"a second entry for {shown!r} (the first is at line "
                               f"{seen[key]}); only one would be used: keep one and delete "
                               "the other")
            seen.setdefault(key, start)
        return None

    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue  # comments, and obsolete (#~) entries, which are never used
        if stripped.startswith('"'):
            parts.append(stripped[1:-1])
            continue
        problem = finish()
        if problem:
            return problem
        keyword, rest = stripped.split(" ", 1) if " " in stripped else (stripped, '""')
        parts, start = [rest.strip()[1:-1]], number
    return finish()


_PLURAL_HEADER = re.compile(r'^"Plural-Forms:\s*nplurals\s*=\s*(\d+)', re.MULTILINE)


def _plural_header_problem(text: str, lang: str) -> tuple[int, str] | None:
    match = _PLURAL_HEADER.search(text)
    rule = plural_rule(lang)
    if match and int(match.group(1)) != rule.count:
        return (text[: match.start()].count("\n") + 1,
                f"Plural-Forms gives {match.group(1)} forms; {lang} has {rule.count}: "
                f"write nplurals={rule.count}; plural={rule.expression};")
    return None


def read_catalog(path: Path, lang: str, data: bytes | None = None) -> CatalogFile:
    """Read a PO file (or ``data``, its bytes as already read); every problem becomes a
    diagnostic with the file and line."""
    shown = shown_path(path)

    def failed(line: int, message: str) -> CatalogFile:
        return CatalogFile(path, shown, None,
                           (Diagnostic(Level.ERROR, Location(shown, line), message),))

    try:
        data = path.read_bytes() if data is None else data
    except FileNotFoundError:
        return failed(0, f"no catalog for {lang}; run 'posters i18n init'")
    except OSError as exc:
        return failed(0, f"cannot read the catalog: {exc.strerror}")
    if len(data) > MAX_CATALOG_BYTES:
        return failed(0, f"the catalog is {len(data)} bytes; at most {MAX_CATALOG_BYTES} "
                         "are accepted")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return failed(line, f"byte 0x{data[exc.start]:02x} is not UTF-8; save the catalog "
                            "as UTF-8")
    text = text.removeprefix("\ufeff")
    if "\x00" in text or "\r" in text.replace("\r\n", "\n"):
        line = text[: max(text.find("\x00"), 0)].count("\n") + 1 if "\x00" in text else 0
        return failed(line, "the catalog contains NUL or lone carriage-return characters")
    problem = (_syntax_problem(text) or _duplicate_problem(text)
               or _plural_header_problem(text, lang))
    if problem:
        return failed(*problem)
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.StringIO(text), locale=babel_locale(lang), abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        return failed(exc.lineno + 1, f"invalid catalog: {message}")
    except (ValueError, LookupError, TypeError, IndexError) as exc:
        return failed(0, f"invalid catalog: {exc}")
    return CatalogFile(path, shown, catalog, (), tuple(text.split("\n")))


def _header_line(file: CatalogFile, name: str) -> int:
    for number, line in enumerate(file.lines, 1):
        if line.startswith(f'"{name}:'):
            return number
    return 1


# --------------------------------------------------------------------------- checking

@dataclass(frozen=True)
class Entry:
    """One campaign text and what its catalog holds for it."""

    text: Text
    message: Message | None  # None: not in the catalog
    forms: tuple[str, ...] = ()  # the usable translation (one string, or every plural form)
    fuzzy: bool = False
    problems: tuple[Diagnostic, ...] = ()

    @property
    def translated(self) -> bool:
        return bool(self.forms)


def _msgid(text: Text) -> str | tuple[str, str]:
    return text.source if text.plural is None else (text.source, text.plural)


def _forms(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(s or "" for s in strings)


def _check_entry(text: Text, message: Message | None, file: CatalogFile, lang: str,
                 draft: bool, digits: str | None = None) -> Entry:
    missing_level = Level.WARNING if draft else Level.ERROR
    if message is None:
        where = Location(file.display)
        return Entry(text, None, problems=(Diagnostic(
            missing_level, where, "not in the catalog; run 'posters i18n update'", text.key),))
    where = file.location(message)
    forms = tuple(unicodedata.normalize("NFC", s).strip() for s in _forms(message))
    if not any(forms):
        return Entry(text, message, problems=(
            Diagnostic(missing_level, where, "untranslated", text.key),))
    if message.fuzzy:
        return Entry(text, message, fuzzy=True, problems=(Diagnostic(
            missing_level, where, "fuzzy: review the translation and remove the fuzzy "
                                  "flag", text.key),))
    problems: list[Diagnostic] = []
    if text.plural is not None:
        rule = plural_rule(lang)
        if len(forms) != rule.count:
            problems.append(Diagnostic(Level.ERROR, where, f"{len(forms)} plural forms; "
                                       f"{lang} has {rule.count} ({rule.expression})",
                                       text.key))
    if not all(forms):
        problems.append(Diagnostic(missing_level, where, "a plural form is untranslated",
                                   text.key))
    for index, form in enumerate(_forms(message)):
        if not form.strip():
            continue
        source = text.source if text.plural is None or index == 0 else text.plural
        problems += check_translation(source, unicodedata.normalize("NFC", form), where,
                                      text.key,
                                      plural_form=None if text.plural is None else index,
                                      digits=digits)
    usable = not any(p.level is Level.ERROR for p in problems) and all(forms)
    return Entry(text, message, forms if usable else (), problems=tuple(problems))


@dataclass(frozen=True)
class CatalogReport:
    lang: str
    file: CatalogFile
    entries: tuple[Entry, ...]
    problems: tuple[Diagnostic, ...]  # every diagnostic, file problems first

    @property
    def translated(self) -> int:
        return sum(e.translated for e in self.entries)

    @property
    def fuzzy(self) -> int:
        return sum(e.fuzzy for e in self.entries)

    @property
    def missing(self) -> int:
        return len(self.entries) - self.translated - self.fuzzy

    @property
    def errors(self) -> int:
        return sum(p.level is Level.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level is Level.WARNING for p in self.problems)


def _outside(campaign: Campaign, path: Path) -> bool:
    """The catalog is a link (or in a linked folder) that leads out of the campaign."""
    return (path.exists() or path.is_symlink()) and not path.resolve().is_relative_to(
        campaign.root.resolve())


def _campaign_catalog(campaign: Campaign, lang: str, data: bytes | None = None
                      ) -> CatalogFile:
    """The language's catalog, never read through a link that leads out of the campaign
    folder (the catalog file, or its locale folder, linked to a file elsewhere)."""
    path = catalog_path(campaign, lang)
    if _outside(campaign, path):
        shown = shown_path(path)
        return CatalogFile(path, shown, None, (Diagnostic(
            Level.ERROR, Location(shown), "the catalog is a link to a file outside the "
            "campaign folder; it is not read: copy the file into the campaign instead"),))
    return read_catalog(path, lang, data)


def review_catalog(campaign: Campaign, lang: str, *, draft: bool = False,
                   in_progress: bool = False, data: bytes | None = None) -> CatalogReport:
    """Read and check the catalog of ``lang`` against the campaign's texts (``data``: the
    catalog's bytes, when the caller has read them already).

    ``in_progress``: missing and fuzzy translations are warnings (a catalog being
    translated is not a mistake in the files), every other problem keeps its level."""
    file = _campaign_catalog(campaign, lang, data)
    texts = list(campaign.texts())
    if file.catalog is None:
        level = Level.WARNING if draft else Level.ERROR
        problems = tuple(Diagnostic(level, p.location, p.message, p.subject)
                         for p in file.problems)
        return CatalogReport(lang, file, tuple(Entry(t, None) for t in texts), problems)
    catalog = file.catalog
    problems: list[Diagnostic] = list(file.problems)
    rule = plural_rule(lang)
    if catalog.num_plurals != rule.count:
        problems.append(Diagnostic(
            Level.ERROR, Location(file.display, _header_line(file, "Plural-Forms")),
            f"Plural-Forms gives {catalog.num_plurals} forms; {lang} has {rule.count}: "
            f"nplurals={rule.count}; plural={rule.expression};"))
    digits = _campaign_digits(campaign, lang)
    entries = [_check_entry(t, catalog.get(_msgid(t), context=t.key), file, lang,
                            draft or in_progress, digits)
               for t in texts]
    wanted = {(_msgid(t), t.key) for t in texts}
    for message in catalog:
        if message.id and (message.id, message.context) not in wanted:
            problems.append(Diagnostic(
                Level.WARNING, file.location(message),
                "not a text of the campaign (changed or removed); run 'posters i18n update'",
                message.context or ""))
    for entry in entries:
        problems.extend(entry.problems)
    if draft:  # a draft shows the source text instead of any rejected translation
        problems = [_as_draft(p) for p in problems]
    return CatalogReport(lang, file, tuple(entries), tuple(problems))


def _campaign_digits(campaign: Campaign, lang: str) -> str:
    """The digits, zero to nine, the campaign shows ``lang``'s numbers in."""
    from posters.i18n import numbers

    return numbers.digits(numbers.numbering_system(lang, uses_native_digits(campaign, lang)))


def _as_draft(problem: Diagnostic) -> Diagnostic:
    if problem.level is Level.WARNING:
        return problem
    return Diagnostic(Level.WARNING, problem.location,
                      f"{problem.message} (draft: the source text stands in)", problem.subject)


def check_catalog(campaign: Campaign, lang: str, *, draft: bool = False) -> list[Diagnostic]:
    """Translation QA for one language: what ``status`` and the build report."""
    if lang == campaign.meta.source_language:
        return []
    return list(review_catalog(campaign, lang, draft=draft).problems)


# --------------------------------------------------------------------------- lookup

# A usable translation: (key, source, plural, forms, line of its entry in the catalog).
Usable = tuple[str, str, "str | None", tuple[str, ...], int]


@dataclass(frozen=True)
class ReviewedCatalog:
    """What a build takes from a reviewed catalog: its usable translations and every
    finding. Made from a `CatalogReport`, or recalled from the check cache (the same
    catalog bytes, texts, language and tool give the same review)."""

    lang: str
    display: str  # the catalog as messages name it
    usable: tuple[Usable, ...]
    problems: tuple[Diagnostic, ...]

    @classmethod
    def of(cls, report: CatalogReport) -> ReviewedCatalog:
        usable = tuple((e.text.key, e.text.source, e.text.plural, e.forms,
                        report.file.location(e.message).line)
                       for e in report.entries if e.translated)
        return cls(report.lang, report.file.display, usable, report.problems)

    def to_json(self) -> dict[str, object]:
        return {"lang": self.lang, "display": self.display,
                "usable": [[key, source, plural, list(forms), line]
                           for key, source, plural, forms, line in self.usable],
                "problems": [p.to_json(structured_location=True) for p in self.problems]}

    @classmethod
    def from_json(cls, data: object, lang: str, display: str) -> ReviewedCatalog | None:
        """The review ``to_json()`` wrote for ``lang`` and the catalog ``display``; None
        for anything else (a damaged or foreign cache file)."""
        if not isinstance(data, dict) or data.get("lang") != lang \
                or data.get("display") != display:
            return None
        rows, problems = data.get("usable"), data.get("problems")
        if not isinstance(rows, list) or not isinstance(problems, list):
            return None
        usable: list[Usable] = []
        for row in rows:
            if not (isinstance(row, list) and len(row) == 5):
                return None
            key, source, plural, forms, line = row
            if not (isinstance(key, str) and isinstance(source, str)
                    and (plural is None or isinstance(plural, str))
                    and isinstance(forms, list) and forms
                    and all(isinstance(f, str) and f for f in forms)
                    and isinstance(line, int) and not isinstance(line, bool) and line >= 0):
                return None
            usable.append((key, source, plural, tuple(forms), line))
        try:
            found = tuple(Diagnostic.from_json(p) for p in problems)
        except ValueError:
            return None
        return cls(lang, display, tuple(usable), found)

    def lookup(self) -> Lookup:
        """Only usable translations; None for any other text."""
        usable = {(key, source, plural): (forms, line)
                  for key, source, plural, forms, line in self.usable}
        lang = self.lang

        @cache
        def rule() -> PluralRule:  # made at the first plural text, once per lookup
            return plural_rule(lang)

        def lookup(text: Text) -> Translation | None:
            found = usable.get((text.key, text.source, text.plural))
            if found is None:
                return None
            forms, line = found
            origin = Location(self.display, line)
            if text.plural is None:
                return Translation(forms[0], origin)
            return Translation(forms[0], origin, plurals=forms, plural_index=rule().choose)

        return lookup


def lookup_from(report: CatalogReport) -> Lookup:
    """The lookup of a reviewed catalog: only usable translations."""
    return ReviewedCatalog.of(report).lookup()


_texts: tuple[Campaign, str] | None = None


def _texts_digest(campaign: Campaign) -> str:
    """The campaign's texts (key, source, plural), hashed once per loaded campaign."""
    global _texts
    if _texts is None or _texts[0] is not campaign:
        import json

        texts = [[t.key, t.source, t.plural] for t in campaign.texts()]
        digest = hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()
        _texts = (campaign, digest)
    return _texts[1]


@cache
def _judges() -> tuple[str, ...]:
    """What judges a catalog besides the tool's code: Babel reads it and gives the plural
    rules, the Public Suffix List tells a domain, Python's Unicode data the characters."""
    import sys
    import unicodedata

    import babel
    from publicsuffixlist import PSLFILE

    try:
        suffixes = hashlib.sha256(Path(PSLFILE).read_bytes()).hexdigest()
    except OSError:
        suffixes = "<missing>"
    return babel.__version__, suffixes, sys.version, unicodedata.unidata_version


def _review_context(campaign: Campaign, lang: str, path: Path, draft: bool,
                    in_progress: bool) -> list[object]:
    """Everything a catalog's review depends on besides its bytes and the tool's code: the
    campaign's texts, the language's locale (which, with Babel's version, decides its
    plural rule and, with ICU's, its default digits), the campaign's choice of digits,
    the flags, the name messages give the file, and its judges."""
    return [3, lang, str(babel_locale(lang)), uses_native_digits(campaign, lang), draft,
            in_progress, shown_path(path), *_judges(), _texts_digest(campaign)]


def reviewed_catalog(campaign: Campaign, lang: str, *, draft: bool = False,
                     in_progress: bool = False) -> ReviewedCatalog:
    """``review_catalog``'s usable translations and findings, remembered in the check
    cache (posters.schema.checked) by the catalog's bytes and everything else the review
    depends on: an unchanged catalog is not read by Babel nor checked again, and its
    warnings are still given. A catalog that cannot be read as it is (missing, a link out
    of the campaign, too large) is reviewed every time."""
    from posters.schema.checked import RememberedFindings

    path = catalog_path(campaign, lang)
    data = None
    if not _outside(campaign, path):
        try:
            data = path.read_bytes()
        except OSError:
            data = None
    try:
        context = _review_context(campaign, lang, path, draft, in_progress) \
            if data is not None and len(data) <= MAX_CATALOG_BYTES else None
    except UnknownLanguage:
        context = None
    if data is None or context is None:
        return ReviewedCatalog.of(review_catalog(campaign, lang, draft=draft,
                                                 in_progress=in_progress))
    remembered = RememberedFindings("catalog review", data, context)
    recalled = ReviewedCatalog.from_json(remembered.recall(), lang, shown_path(path))
    if recalled is not None:
        return recalled
    reviewed = ReviewedCatalog.of(review_catalog(campaign, lang, draft=draft,
                                                 in_progress=in_progress, data=data))
    remembered.remember(reviewed.to_json())
    return reviewed


def validation_lookup(campaign: Campaign, lang: str) -> tuple[Lookup, list[Diagnostic]]:
    """The translations of ``lang`` as ``posters validate`` judges them: every problem of
    the catalog file is reported at its level, missing and fuzzy ones as warnings."""
    reviewed = reviewed_catalog(campaign, lang, in_progress=True)
    return reviewed.lookup(), list(reviewed.problems)


def load_lookup(campaign: Campaign, lang: str, *, draft: bool = False
                ) -> tuple[Lookup, list[Diagnostic]]:
    """The translations of ``lang`` for ``localize`` and every QA finding.

    Missing, fuzzy and rejected translations are errors, or warnings with ``draft`` (the
    lookup then returns None for them and the source text stands in).
    """
    if lang == campaign.meta.source_language:
        from posters.localize import source_lookup
        return source_lookup, []
    reviewed = reviewed_catalog(campaign, lang, draft=draft)
    return reviewed.lookup(), list(reviewed.problems)
