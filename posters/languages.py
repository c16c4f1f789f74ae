"""Language tags as campaigns write them (BCP 47: ``zh-Hans``) and Babel's locales.

A language Babel does not know (Hmong, ``hmn``) can still be used: the campaign names
the locale whose number and plural rules it follows (``campaign.locales: {hmn: {rules:
en}}``), and every lookup of ``hmn`` then gets that locale. Dari (``prs``) follows CLDR's
``fa-AF`` without being told."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError


class UnknownLanguage(ValueError):
    pass


# Tags Babel has no locale for, whose CLDR data lives under another tag.
BUILTIN_RULES = {"prs": "fa-AF"}
_BUILTIN_NAMES = {"prs": ("دری", "Dari")}
# tag -> Babel locale tag whose rules it follows; set per campaign (register_rules)
_rules: dict[str, str] = {}
# tag -> the language's own name, for tags Babel has no name for
_names: dict[str, str] = {}


def register_rules(rules: dict[str, str], names: dict[str, str] | None = None) -> None:
    """Make ``tag`` follow the rules of a Babel locale (from a campaign's `locales:`)."""
    changed = any(_rules.get(k) != v for k, v in rules.items())
    _rules.update(rules)
    _names.update(names or {})
    if changed:
        babel_locale.cache_clear()
        autonym.cache_clear()


def rules_locale(tag: str) -> str | None:
    """The tag whose CLDR rules ``tag`` follows, when it is not a Babel locale itself."""
    return _rules.get(tag) or BUILTIN_RULES.get(tag)


def is_known(tag: str) -> bool:
    """Babel knows the tag itself (not through a campaign's rules)."""
    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag; raises UnknownLanguage when Babel has none."""
    target = rules_locale(tag) or tag
    try:
        return Locale.parse(target.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLanguage(f"Babel knows no language {tag!r}") from exc


def is_rtl(tag: str) -> bool:
    return babel_locale(tag).text_direction == "rtl"


def catalog_name(tag: str) -> str:
    """The folder name of a tag's catalog under locale/ (gettext style: zh_Hans)."""
    return tag.replace("-", "_")


def native_numbering_system(tag: str) -> str | None:
    """CLDR's native numbering system of a language (``arab``, ``deva``...), or None when
    its native digits are the Latin ones."""
    system = babel_locale(tag).other_numbering_systems.get("native")
    return None if system in (None, "latn") else system


@cache
def autonym(tag: str, in_language: str | None = None) -> str:
    """The language's name in itself, from CLDR: 日本語, ไทย, العربية, 中文 (简体); or in
    ``in_language`` ("en": Japanese, Thai...).

    The script is named only where the tag has one (zh-Hans, zh-Hant); a name written
    lowercase for use inside a sentence (español) is capitalized, since it stands alone.
    A language known through a campaign's rules has the name the campaign gives it."""
    if tag in _names and (in_language is None or in_language == tag):
        return _names[tag]
    if tag in _BUILTIN_NAMES:
        own, english = _BUILTIN_NAMES[tag]
        if in_language is None or in_language == tag:
            return own
        if babel_locale(in_language).language == "en":
            return english
    locale = babel_locale(tag)
    reader = babel_locale(in_language) if in_language else locale
    if rules_locale(tag):
        name = Locale.parse("en").languages.get(tag) if reader.language == "en" else None
        name = reader.languages.get(tag) or name or _names.get(tag) or tag
    else:
        name = (locale.get_display_name(reader) if locale.script
                else locale.get_language_name(reader))
    name = name or tag
    return name[:1].upper() + name[1:]


SPECIMEN_FILE = Path(__file__).resolve().parent / "data" / "specimen-drafts.yaml"


@cache
def _drafted_specimens() -> dict[str, dict[str, str]]:
    import yaml

    with open(SPECIMEN_FILE, encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["texts"])


def specimen_text(tag: str) -> dict[str, str]:
    """The specimen's headline, statistic and paragraph in a language: the engine's
    specimen, the drafted texts of posters/data/specimen-drafts.yaml, or, for any other language Babel
    knows, text from CLDR in that language (its own name; a percentage and a number as
    CLDR writes them; the month and day names joined by its list pattern; a phone number)."""
    from posters.text.specimen import specimen_texts

    _url, texts = specimen_texts()
    if tag in texts:
        return dict(texts[tag])
    drafted = _drafted_specimens()
    if tag in drafted:
        return dict(drafted[tag])
    from babel.lists import format_list
    from babel.numbers import format_decimal, format_percent

    locale = babel_locale(tag)
    months = [locale.months["format"]["wide"][m] for m in range(1, 13)]
    days = [locale.days["format"]["wide"][d] for d in range(7)]
    return {
        "headline": autonym(tag),
        "statistic": f"{format_percent(0.3, locale=locale)} · "
                     f"{format_decimal(1234567.5, locale=locale)}",
        "paragraph": f"{format_list(months, locale=locale)}. {format_list(days, locale=locale)}"
                     " (0670-012904)",
    }
