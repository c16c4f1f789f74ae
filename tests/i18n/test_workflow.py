# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""The workflow end to end: extract -> init -> translate -> compile -> localize (-> build),
plural forms for counts, native digits, update --check and status."""

from __future__ import annotations

import gettext
import importlib.util
import re

import pytest

from posters.diagnostics import Level
from posters.i18n.catalogs import check_catalog, load_lookup, translated_languages
from posters.localize import localize
from posters.localized import Role

from .helpers import JA, SAMPLE, load, po_path, run, translate

COUNT = "content.statistics.items.victim-was-identified.caption"
RU = {**{key: "" for key in JA}, COUNT: (
    "Выявлена {value} жертва", "Выявлены {value} жертвы", "Выявлено {value} жертв")}
AR = {COUNT: ("لم يُحدَّد أي ضحية ({value})", "حُدِّدت ضحية واحدة ({value})",
              "حُدِّدت ضحيتان ({value})", "حُدِّدت {value} ضحايا", "حُدِّدت {value} ضحية",
              "حُدِّدت {value} ضحية")}
AR_HEADING = "content.statistics.heading"


def test_round_trip_extract_init_translate_compile_localize(small, tmp_path):
    assert run("extract", small).exit_code == 0
    result = run("init", small)
    assert result.exit_code == 0, result.output
    assert {p.parent.parent.name for p in (small / "locale").glob("*/LC_MESSAGES/*.po")} == {
        "ja", "ru", "ar"}
    translate(small, "ja", JA)
    result = run("compile", small, "-l", "ja")
    assert result.exit_code == 0, result.output
    assert "12 of 12 translations" in result.output
    # the compiled catalog works with plain gettext
    mo = gettext.translation("messages", small / "locale", ["ja"])
    assert mo.pgettext("content.tagline", "Help is near") == "助けはすぐそばに"
    assert mo.pgettext("content.headline", "Help is near") == "助けは近くに"
    campaign = load(small)
    lookup, problems = load_lookup(campaign, "ja")
    assert problems == []
    localized = localize(campaign, "ja", lookup)
    assert not localized.has_fallback
    assert localized.headline.text == "助けは近くに"
    assert localized.tagline.text == "助けはすぐそばに"  # same English, other context
    caption = localized.statistics[0].caption
    assert [(s.text, s.role) for s in caption.segments] == [
        ("被害者の", Role.PROSE), ("30%", Role.VALUE), ("以上が18歳未満！", Role.PROSE)]
    assert localized.statistics[1].caption.text == "1,234人の被害者が確認されました"
    assert localized.call_to_action.text == "今すぐ110へ電話を。"
    assert localized.statistics_heading.text == "2021年"
    assert caption.origin.file.endswith("ja/LC_MESSAGES/messages.po")
    if importlib.util.find_spec("posters.build") is None:
        return  # the PDF part runs once the build exists
    built_pdf_contains(small, tmp_path, "ja", lookup_factory(), ["助けは近くに", "1,234人"])


def lookup_factory():
    def lookups(campaign, lang, draft):
        return load_lookup(campaign, lang, draft=draft)
    return lookups


def built_pdf_contains(folder, tmp_path, lang, lookups, texts):
    import pypdfium2

    from posters.build import BuildRequest, build

    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=(lang,),
                                formats=("poster",)),
                   lookups=lookups)
    paths = result.paths("built")
    assert paths, result.diagnostics
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        extracted = "".join(page.get_textpage().get_text_range() for page in pdf)
        squashed = re.sub(r"\s+", "", extracted)
        for text in texts:
            assert re.sub(r"\s+", "", text) in squashed, (path, text)


@pytest.mark.parametrize(("count", "expected"), [
    (1, "Выявлена 1 жертва"), (3, "Выявлены 3 жертвы"), (5, "Выявлено 5 жертв"),
    (21, "Выявлена 21 жертва"), (1234, "Выявлены 1\u00a0234 жертвы"),
    (1111, "Выявлено 1\u00a0111 жертв"),
])
def test_russian_plural_forms_come_from_the_catalog(small, count, expected):
    text = (small / "campaign.yaml").read_text(encoding="utf-8")
    (small / "campaign.yaml").write_text(text.replace("value: 1234", f"value: {count}"),
                                         encoding="utf-8")
    translate(small, "ru", RU)
    campaign = load(small)
    lookup, problems = load_lookup(campaign, "ru", draft=True)
    assert [p for p in problems if p.subject == COUNT] == []
    assert localize(campaign, "ru", lookup).statistics[1].caption.text == expected


@pytest.mark.parametrize(("count", "form"), [(0, 0), (1, 1), (2, 2), (7, 3), (11, 4), (100, 5)])
def test_arabic_six_plural_forms_and_native_digits(small, count, form):
    text = (small / "campaign.yaml").read_text(encoding="utf-8")
    (small / "campaign.yaml").write_text(text.replace("value: 1234", f"value: {count}"),
                                         encoding="utf-8")
    translate(small, "ar", {**AR, AR_HEADING: "في عام {year}"})
    campaign = load(small)
    lookup, _ = load_lookup(campaign, "ar", draft=True)
    localized = localize(campaign, "ar", lookup)
    digits = str(count).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert localized.statistics[1].caption.text == AR[COUNT][form].replace("{value}", digits)
    assert localized.statistics_heading.text == "في عام ٢٠٢١"  # campaign.native_digits: [ar]
    assert localized.statistics[0].value == "٣٠٪\u061c"
    assert localized.rtl
    # phone numbers stay as authored, in ASCII digits
    assert localized.hotlines[1].number == "0120-924-839"
    assert "110" in localized.call_to_action.text


def test_a_wrong_number_of_plural_forms_is_an_error(small):
    translate(small, "ru", {COUNT: ("Выявлена {value} жертва", "Выявлены {value} жертвы", "")})
    problems = [p for p in check_catalog(load(small), "ru") if p.subject == COUNT]
    assert [p.message for p in problems] == ["a plural form is untranslated"]


def test_update_check_detects_a_stale_catalog_and_update_marks_changes_fuzzy(small):
    assert run("init", small).exit_code == 0
    translate(small, "ja", JA)
    result = run("update", small, "--check")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    # a blank line moves every line number below it: not stale
    yaml_file = small / "campaign.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "content:\n", "content:\n\n"), encoding="utf-8")
    assert run("update", small, "--check").exit_code == 0
    # a changed source text is
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "label: Police\n", "label: Police station\n"), encoding="utf-8")
    before = po_path(small, "ja").read_bytes()
    result = run("update", small, "--check")
    assert result.exit_code == 1
    assert "locale/messages.pot: 1 new, 1 changed or removed (stale)" in result.output
    assert "ja/LC_MESSAGES/messages.po: 1 new, 1 changed or removed (stale)" in result.output
    assert po_path(small, "ja").read_bytes() == before  # --check writes nothing
    result = run("update", small)
    assert result.exit_code == 0, result.output
    assert run("update", small, "--check").exit_code == 0
    po = po_path(small, "ja").read_text(encoding="utf-8")
    assert re.search(r'#, [^\n]*\bfuzzy\b[^\n]*\n#\| msgid "Police"\n'
                     r'msgctxt "content.hotlines.police.label"\n'
                     r'msgid "Police station"\nmsgstr "警察"', po), po
    problems = check_catalog(load(small), "ja")
    assert [(p.level, p.subject, p.message[:5]) for p in problems] == [
        (Level.ERROR, "content.hotlines.police.label", "fuzzy")]


def test_status_table_and_findings(small):
    run("init", small)
    translate(small, "ja", {**JA, "content.headline": "<b>助け</b>"}, fuzzy=("content.tagline",))
    result = run("status", small)
    assert result.exit_code == 1  # QA refused a translation
    lines = result.output.splitlines()
    assert lines[0].split() == ["language", "translated", "fuzzy", "missing", "errors",
                                "warnings", "too", "long"]
    assert lines[1].split() == ["ja", "10/12", "1", "1", "2", "0", "0"]
    assert lines[2].split() == ["ru", "0/12", "0", "12", "0", "0", "0"]
    assert re.search(r"ja/LC_MESSAGES/messages.po:\d+: error: content.headline: contains the "
                     r"markup tag '<b>'", result.output)


def test_the_sample_campaign_is_completely_translated():
    campaign = load(SAMPLE)
    assert len(translated_languages(campaign)) == 16
    for lang in translated_languages(campaign):
        problems = check_catalog(campaign, lang)
        assert [p for p in problems if p.level is Level.ERROR] == [], lang
        lookup, _ = load_lookup(campaign, lang)
        localized = localize(campaign, lang, lookup)
        assert not localized.has_fallback, lang
        for text in localized.texts():
            # the copyright line is a name and a year; Filipino readers in Japan know the
            # bureaus by their official English names
            same_is_right = text.key == "content.footer.copyright" or (
                lang == "tl" and text.key.startswith("regions."))
            assert text.text != text.source.source or same_is_right, (lang, text.key)
    result = run("update", SAMPLE, "--check")
    assert result.exit_code == 0, result.output
