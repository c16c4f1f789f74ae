# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""Translation QA: each check catches its case and cites the PO file and line."""

from __future__ import annotations

import pytest

from posters.diagnostics import Level, Location
from posters.i18n.catalogs import check_catalog, load_lookup
from posters.i18n.qa import check_translation, width

from .helpers import JA, load, msgid_line, translate

# More than {value} of the victims were under 18!
CAPTION = "content.statistics.items.more-than-of-the-victims-were-under-18.caption"
ACTION = "content.call_to_action.text"  # Call {police} now.


AT = Location("locale/fr/LC_MESSAGES/messages.po", 12)


def findings(source: str, text: str) -> list[tuple[Level, str]]:
    return [(f.level, f.message) for f in check_translation(source, text, AT)]


def errors(source: str, text: str) -> list[str]:
    return [m for level, m in findings(source, text) if level is Level.ERROR]


def test_a_clean_translation_has_no_findings():
    assert findings("More than {value} of the victims were under 18!",
                    "被害者の{value}以上が18歳未満！") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("被害者の以上が18歳未満！", "the placeholder {value} is missing"),
    ("被害者の{valeur}以上が18歳未満！",
     "the placeholder {value} is missing (renamed to {valeur}?)"),
    ("被害者の{value}以上が18歳未満！{year}", "the placeholder {year} is not in the source"),
    ("被害者の{value}以上が歳未満！", "the number 18 of the source is missing or altered"),
    ("被害者の{value}以上が19歳未満！", "the number 18 of the source is missing or altered"),
    ("被害者の{value}以上が18歳未満！0120-111-222",
     "the number 0120-111-222 is not in the source; phone numbers come from the campaign"),
    ("被害者の{value}以上が18歳未満！https://evil.example",
     "the address https://evil.example is not in the source"),
    ("被害者の<b>{value}</b>以上が18歳未満！", "contains the markup tag '<b>'"),
    ('<font color="red">被害者の{value}以上が18歳未満！</font>',
     "contains the markup tag '<font color=\"red\">'"),
    ("被害者の{value}以上が18歳未満&amp;", "contains the character entity '&amp;'"),
    ("被害者の{value}以上が18歳未満！\u202e", "contains U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("被害者の{value}以上が\x0018歳未満！", "contains U+0000"),
    ("被害者の{value}以上が18歳\n未満！", "contains U+000A"),
])
def test_each_check_catches_its_case(text, expected):
    source = "More than {value} of the victims were under 18!"
    found = errors(source, text)
    assert any(message.startswith(expected) for message in found), found


def test_native_digits_in_a_translation_count_as_the_same_number():
    assert errors("under 18!", "تحت ١٨ عامًا!") == []


def test_a_source_phone_number_must_stay_exact():
    source = "Call 0120-924-839 (toll-free)."
    assert errors(source, "Appelez le 0120-924-839 (gratuit).") == []
    assert errors(source, "Appelez le 0120-924-893 (gratuit).")[0].startswith(
        "the number 0120-924-839 of the source is missing")


def test_length_is_a_warning_with_the_ratio_and_cjk_counts_double():
    assert width("人身取引") == 8
    assert width("ครับ") == 3  # the tone mark takes no column
    [(level, message)] = findings("Anonymous", "Hindi kailangang magpakilala pa rin po")
    assert level is Level.WARNING
    assert message.startswith("the translation is 4.2 times as long as the source")
    # twice as many CJK characters would be twice as long; these are under the ratio
    assert findings("Trafficking in Persons", "人身取引") == []


def test_catalog_findings_cite_file_and_line(small):
    path = translate(small, "ja", {**JA, CAPTION: "被害者の{valeur}以上が18歳未満！",
                                   ACTION: ""}, fuzzy=("content.headline",))
    problems = check_catalog(load(small), "ja")
    by_key = {p.subject: p for p in problems}
    caption = by_key[CAPTION]
    assert caption.level is Level.ERROR
    assert caption.location.file.endswith("locale/ja/LC_MESSAGES/messages.po")
    assert caption.location.line == msgid_line(path, CAPTION)
    assert str(caption).startswith(f"{caption.location.file}:{msgid_line(path, CAPTION)}: "
                                   f"error: {CAPTION}: the placeholder")
    assert by_key[ACTION].message == "untranslated"
    assert by_key[ACTION].location.line == msgid_line(path, ACTION)
    assert by_key["content.headline"].message.startswith("fuzzy")


def test_release_refuses_missing_translations_draft_falls_back(small):
    from posters.localize import localize

    translate(small, "ja", {**JA, ACTION: ""})
    campaign = load(small)
    _, release = load_lookup(campaign, "ja", draft=False)
    assert [(p.level, p.subject) for p in release] == [(Level.ERROR, ACTION)]
    lookup, draft = load_lookup(campaign, "ja", draft=True)
    assert [(p.level, p.subject) for p in draft] == [(Level.WARNING, ACTION)]
    localized = localize(campaign, "ja", lookup)
    assert localized.call_to_action.fallback
    assert localized.call_to_action.text == "Call 110 now."
    assert not localized.headline.fallback and localized.headline.text == "助けは近くに"
    assert localized.has_fallback


def test_a_catalog_entry_the_campaign_no_longer_has_is_reported(small):
    path = translate(small, "ja", JA)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgctxt "content.old"\nmsgid "Old text"\nmsgstr "古い"\n',
                    encoding="utf-8")
    [problem] = check_catalog(load(small), "ja")
    assert problem.level is Level.WARNING and problem.subject == "content.old"
    assert problem.location.line == len(text.splitlines()) + 3


def test_each_finding_is_a_diagnostic_at_the_entry_about_its_key():
    source = "More than {value} of the victims were under 18!"
    [problem] = check_translation(source, "被害者の以上が18歳未満！", AT, CAPTION)
    assert (problem.level, problem.location, problem.subject) == (Level.ERROR, AT, CAPTION)
    assert str(problem) == (f"locale/fr/LC_MESSAGES/messages.po:12: error: {CAPTION}: "
                            "the placeholder {value} is missing; keep it as written")
    # one form of several is named, and may spell the number out ("une victime")
    [form] = check_translation("{n} victim", "une victime", AT, CAPTION, plural_form=0)
    assert form.level is Level.WARNING and form.subject == CAPTION
    assert form.message == "plural form 0: the placeholder {n} is missing; keep it as written"
    [single] = check_translation("{n} victim", "une victime", AT, CAPTION)
    assert single.level is Level.ERROR and not single.message.startswith("plural form")


PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


def digit_warnings(source: str, text: str, digits: str) -> list[str]:
    return [f.message for f in check_translation(source, text, AT, digits=digits)
            if "digits" in f.message]


def test_a_number_in_other_digits_than_the_campaigns_is_a_warning_with_the_fix():
    [message] = digit_warnings("under 18", "زیر 18 سال", PERSIAN)
    assert message.startswith("the number 18 is written in Latin digits, but this campaign "
                              "shows this language's numbers in Persian digits: write ۱۸")
    assert "campaign.latin_digits" in message
    [level] = {f.level for f in check_translation("under 18", "زیر 18 سال", AT,
                                                  digits=PERSIAN)}
    assert level is Level.WARNING  # the page is still right; the data check accepts either
    assert digit_warnings("under 18", "زیر ۱۸ سال", PERSIAN) == []
    # Arabic-Indic digits in a language the campaign shows in Latin digits
    [message] = digit_warnings("under 18!", "تحت ١٨ عامًا!", "0123456789")
    assert "written in Arabic-Indic digits" in message and "write 18" in message
    # Arabic-Indic digits are not the Persian ones
    [message] = digit_warnings("under 18", "زیر ١٨ سال", PERSIAN)
    assert "write ۱۸" in message


def test_digits_that_are_data_or_part_of_a_word_are_left_alone():
    source = "Call 0120-924-839 (COVID-19, G7) at https://example.org/2023"
    text = "با 0120-924-839 تماس بگیرید (COVID-19, G7) https://example.org/2023"
    assert digit_warnings(source, text, PERSIAN) == []
    # fullwidth digits read as 0-9
    assert digit_warnings("under 18", "１８歳未満", "0123456789") == []
    # Chinese numerals are not decimal digits of their own: nothing to compare
    assert digit_warnings("under 18", "18岁以下", "〇一二三四五六七八九") == []
    # a placeholder is the campaign's number, formatted by ICU
    assert digit_warnings("{value} were under 18", "{value} زیر ۱۸ سال", PERSIAN) == []


def test_the_catalog_review_warns_in_the_campaigns_digits_at_the_entry(small):
    from .test_campaign_settings import edit

    caption = "content.statistics.items.more-than-of-the-victims-were-under-18.caption"
    path = translate(small, "ar", {**JA, caption: "أكثر من {value} من الضحايا دون 18 عامًا!",
                                   "content.footer.copyright": "© ٢٠٢٣ テスト庁"})
    [found] = [p for p in check_catalog(load(small), "ar") if "digits" in p.message]
    assert found.level is Level.WARNING and found.subject == caption
    assert found.location.line == msgid_line(path, caption)
    assert "in Arabic-Indic digits: write ١٨" in found.message
    # the remembered review gives it too, and depends on the campaign's choice of digits
    assert [p.message for p in load_lookup(load(small), "ar")[1]
            if "digits" in p.message] == [found.message]
    edit(small, "  native_digits: [ar]", "  native_digits: []")
    [now] = [p for p in load_lookup(load(small), "ar")[1] if "digits" in p.message]
    assert now.subject == "content.footer.copyright" and "write 2023" in now.message
