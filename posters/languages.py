"""Language tags as campaigns write them (BCP 47: ``zh-Hans``) and Babel's locales."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError


class UnknownLanguage(ValueError):
    pass


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag; raises UnknownLanguage when Babel has none."""
    try:
        return Locale.parse(tag.replace("-", "_"))
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
    lowercase for use inside a sentence (español) is capitalized, since it stands alone."""
    locale = babel_locale(tag)
    reader = babel_locale(in_language) if in_language else locale
    name = locale.get_display_name(reader) if locale.script else locale.get_language_name(reader)
    name = name or tag
    return name[:1].upper() + name[1:]
