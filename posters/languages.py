"""THE language registry: what the pipeline knows about each language, in one place.

A language is a BCP 47 tag as campaigns write it (``zh-Hans``). From CLDR (Babel, and ICU
for scripts) come its locale, its script, its direction and its digits; from the font
configuration (posters/data/fonts.yaml, plus a campaign's ``fonts:``) its ICU line-break
locale, HarfBuzz language tag, line height, font stack and breaking rules. Both meet in
one frozen `Language` record (`posters.text.config.FontConfig.language` assembles it);
modules that need only the CLDR facts ask the functions here (`direction`, `is_rtl`,
`cldr_tag`, `babel_locale`, `script_of`...). Direction is decided here and only here:
fonts.yaml may state it for a script or a language, and is refused where it contradicts
CLDR.

A language Babel does not know (Hmong, ``hmn``) can still be used: the campaign names
the locale whose number and plural rules it follows (``campaign.locales: {hmn: {rules:
en}}``), and every lookup of ``hmn`` then gets that locale. Dari (``prs``) follows CLDR's
``fa-AF`` without being told."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import icu
from babel import Locale, UnknownLocaleError

Direction = Literal["ltr", "rtl"]


class UnknownLanguage(ValueError):
    pass


@dataclass(frozen=True)
class Language:
    """One language as every stage sees it."""

    lang: str  # the BCP 47 tag, as the campaign writes it
    script: str  # ISO 15924: its subtag, the campaign's `locales: script`, or CLDR's likely one
    direction: Direction  # from CLDR (`direction`)
    cldr: str  # the BCP 47 tag whose CLDR data it uses: itself, or what it follows (hmn: en)
    icu_locale: str  # ICU locale for line breaking (``ja@lb=strict``)
    hb_language: str  # HarfBuzz language tag (shaping: localized forms)
    line_height: float  # x font size
    stack: tuple[str, ...]  # font ids, first choice first
    keep_all: bool = False  # break at spaces only (Korean)
    phrase_model: str | None = None  # BudouX model that keeps phrases whole (CJK)
    cjk_punctuation: str | None = None  # how fullwidth punctuation is compressed

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


# Tags Babel has no locale for, whose CLDR data lives under another tag.
BUILTIN_RULES = {"prs": "fa-AF"}
_BUILTIN_NAMES = {"prs": ("دری", "Dari")}
# tag -> Babel locale tag whose rules it follows; set per campaign (register_locales)
_rules: dict[str, str] = {}
# tag -> the language's own name, for tags Babel has no name for
_names: dict[str, str] = {}
# tag -> the ISO 15924 script a campaign declares for a tag Babel does not know
_scripts: dict[str, str] = {}


def register_locales(rules: dict[str, str], names: dict[str, str] | None = None,
                     scripts: dict[str, str] | None = None) -> None:
    """Extend the registry with a campaign's `locales:`: ``tag`` follows the rules of a
    Babel locale, has its own name and is written in a script."""
    changed = (any(_rules.get(k) != v for k, v in rules.items())
               or any(_scripts.get(k) != v for k, v in (scripts or {}).items()))
    _rules.update(rules)
    _names.update(names or {})
    _scripts.update(scripts or {})
    if changed:
        babel_locale.cache_clear()
        autonym.cache_clear()
        direction.cache_clear()


def rules_locale(tag: str) -> str | None:
    """The tag whose CLDR rules ``tag`` follows, when it is not a Babel locale itself."""
    return _rules.get(tag) or BUILTIN_RULES.get(tag)


def cldr_tag(tag: str) -> str:
    """The BCP 47 tag whose CLDR data (numbers, plurals) ``tag`` uses: the tag itself, or
    the locale it follows (``hmn`` -> ``en``, ``prs`` -> ``fa-AF``)."""
    return rules_locale(tag) or tag


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
    try:
        return Locale.parse(cldr_tag(tag).replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLanguage(f"Babel knows no language {tag!r}") from exc


def script_of(tag: str, declared: dict[str, str] | None = None) -> str:
    """The ISO 15924 script a language tag is written in: its script subtag, what the
    campaign declared for it, or CLDR's likely script for the language."""
    from babel.core import get_global

    parts = tag.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.capitalize()
    declared = _scripts if declared is None else declared
    if tag in declared:
        return declared[tag]
    likely = get_global("likely_subtags")
    rules = (rules_locale(tag) or "").replace("-", "_")
    for key in (tag.replace("-", "_"), parts[0], rules, rules.split("_")[0]):
        found = likely.get(key) if key else None
        if found:
            for part in found.split("_")[1:]:
                if len(part) == 4 and part.isalpha():
                    return part
    return "Latn"


_SCRIPT_NAMES = {
    "Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew",
    "Thaa": "Thaana", "Deva": "Devanagari", "Beng": "Bengali", "Guru": "Gurmukhi",
    "Gujr": "Gujarati", "Orya": "Odia", "Taml": "Tamil", "Telu": "Telugu", "Knda": "Kannada",
    "Mlym": "Malayalam", "Sinh": "Sinhala", "Thai": "Thai", "Laoo": "Lao", "Khmr": "Khmer",
    "Mymr": "Myanmar", "Ethi": "Ethiopic", "Armn": "Armenian", "Geor": "Georgian",
    "Cher": "Cherokee", "Jpan": "Japanese", "Hans": "Simplified Han", "Hant": "Traditional Han",
    "Kore": "Korean", "Tibt": "Tibetan", "Mong": "Mongolian", "Hmng": "Pahawh Hmong",
    "Olck": "Ol Chiki", "Adlm": "Adlam", "Nkoo": "N'Ko", "Vaii": "Vai", "Yiii": "Yi",
    "Tfng": "Tifinagh", "Syrc": "Syriac", "Cans": "Canadian Aboriginal Syllabics",
}


def script_name(code: str) -> str:
    """``Arabic (Arab)``: an ISO 15924 code as messages name it."""
    return f"{_SCRIPT_NAMES.get(code, code)} ({code})"


@cache
def script_direction(script: str) -> Direction:
    """The direction of an ISO 15924 script, from Unicode's data as ICU has it."""
    try:
        (code,) = icu.Script.getCode(script)
    except (icu.ICUError, ValueError):
        return "ltr"
    return "rtl" if icu.Script(code).isRightToLeft() else "ltr"


@cache
def direction(tag: str, script: str | None = None) -> Direction:
    """THE direction of a language: CLDR's for a locale Babel knows itself; for any other
    tag (``hmn``, ``prs``), the direction of the script it is written in."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return script_direction(script or script_of(tag))
    return cldr_direction(locale)


DIRECTIONS_FILE = Path(__file__).resolve().parent / "data" / "cldr-directions.json"


def cldr_direction(locale: Locale) -> Direction:
    """CLDR's character order of a Babel locale. Asking Babel loads and merges the
    locale's whole CLDR data (10 ms a language, a second for the languages fonts.yaml
    names), so the answer comes from posters/data/cldr-directions.json, every locale
    Babel carries that CLDR writes right to left, written from Babel by
    `python -m posters.languages` for the Babel version it names; under any other
    version Babel is asked."""
    rtl = _rtl_locales()
    if rtl is None:
        return locale.text_direction  # type: ignore[return-value]
    return "rtl" if str(locale) in rtl else "ltr"


@cache
def _rtl_locales() -> frozenset[str] | None:
    import json

    import babel

    try:
        table = json.loads(DIRECTIONS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return frozenset(table["rtl"]) if table.get("babel") == babel.__version__ else None


def rtl_locales_from_babel() -> list[str]:
    """Every Babel locale whose CLDR character order is right to left, asked of Babel."""
    from babel import localedata

    return sorted(name for name in localedata.locale_identifiers()
                  if Locale.parse(name).text_direction == "rtl")


def write_directions_file(path: Path = DIRECTIONS_FILE) -> None:
    import json

    import babel

    table = {"babel": babel.__version__, "rtl": rtl_locales_from_babel()}
    path.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")


NAMES_FILE = Path(__file__).resolve().parent / "data" / "cldr-names.json"


def own_names_from_babel() -> dict[str, str]:
    """Every Babel locale's name in itself, asked of Babel (each locale's data loaded)."""
    from babel import localedata

    names = {}
    for identifier in sorted(localedata.locale_identifiers()):
        locale = Locale.parse(identifier)
        name = _babel_name(locale, locale)
        if name:  # a locale without a name of its own is named by its tag: asked each time
            names[identifier] = _capitalized(name)
    return names


def write_names_file(path: Path = NAMES_FILE) -> None:
    import json

    import babel

    table = {"babel": babel.__version__, "names": own_names_from_babel()}
    path.write_text(json.dumps(table, indent=0, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


@cache
def _own_names() -> dict[str, str] | None:
    """posters/data/cldr-names.json: each Babel locale's own name, as `autonym` gives it,
    written by `python -m posters.languages` for the Babel version it names (asking Babel
    loads and merges the locale's whole CLDR data: 10 to 30 ms a language, in every
    process that names languages); None under any other Babel version."""
    import json

    import babel

    try:
        table = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(table, dict) or table.get("babel") != babel.__version__ \
            or not isinstance(table.get("names"), dict):
        return None
    return table["names"]


def is_rtl(tag: str) -> bool:
    return direction(tag) == "rtl"


# BudouX's models by language; Thai is left to ICU's dictionary (BudouX splits words).
_PHRASE_MODELS = {
    "ja": "load_default_japanese_parser",
    "zh-hans": "load_default_simplified_chinese_parser",
    "zh-cn": "load_default_simplified_chinese_parser",
    "zh-sg": "load_default_simplified_chinese_parser",
    "zh": "load_default_simplified_chinese_parser",
    "zh-hant": "load_default_traditional_chinese_parser",
    "zh-tw": "load_default_traditional_chinese_parser",
    "zh-hk": "load_default_traditional_chinese_parser",
    "zh-mo": "load_default_traditional_chinese_parser",
}


def phrase_model(tag: str) -> str | None:
    """The BudouX parser (a loader's name) that keeps a language's phrases whole, or None."""
    low = tag.lower().replace("_", "-")
    return _PHRASE_MODELS.get(low) or _PHRASE_MODELS.get(low.split("-")[0])


def cjk_punctuation(tag: str) -> str | None:
    """How a language compresses fullwidth punctuation (posters.text.punctuation):
    ``"centred-colon"`` (Japanese, Traditional Chinese: colons keep their em),
    ``"closing-colon"`` (Simplified Chinese), or None (no compression)."""
    low = tag.lower().replace("_", "-")
    if low.startswith("ja") or low in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "centred-colon"
    if low.startswith("zh"):
        return "closing-colon"
    return None


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
    if rules_locale(tag):
        reader = babel_locale(in_language) if in_language else locale
        name = Locale.parse("en").languages.get(tag) if reader.language == "en" else None
        name = reader.languages.get(tag) or name or _names.get(tag) or tag
        return name[:1].upper() + name[1:]
    if in_language is None or in_language == tag:
        known = (_own_names() or {}).get(str(locale))
        if isinstance(known, str) and known:
            return known
    reader = babel_locale(in_language) if in_language else locale
    return _capitalized(_babel_name(locale, reader) or tag)


def _babel_name(locale: Locale, reader: Locale) -> str | None:
    return (locale.get_display_name(reader) if locale.script
            else locale.get_language_name(reader))


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


SPECIMEN_FILE = Path(__file__).resolve().parent / "data" / "specimen-drafts.yaml"


@cache
def _drafted_specimens() -> dict[str, dict[str, str]]:
    import yaml

    with open(SPECIMEN_FILE, encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["texts"])


def specimen_text(tag: str) -> dict[str, str]:
    """The specimen's headline, statistic and paragraph in a language: the engine's
    specimen, the drafted texts of posters/data/specimen-drafts.yaml, or, for any other
    language Babel knows, text from CLDR in that language (its own name; a percentage and
    a number as CLDR writes them; the month and day names joined by its list pattern;
    a phone number)."""
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


if __name__ == "__main__":
    write_directions_file()
    write_names_file()
    print(f"wrote {DIRECTIONS_FILE} and {NAMES_FILE}")
