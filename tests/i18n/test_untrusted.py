# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""Catalogs are untrusted input: nothing in a msgstr reaches the page but its own text,
and a broken PO file is an error with file:line, never a traceback."""

from __future__ import annotations

import pytest

from posters.diagnostics import Level
from posters.i18n.catalogs import check_catalog, load_lookup, read_catalog
from posters.localize import UnsafeTemplate, fill_placeholders, localize
from posters.localized import Role, Segment

from .helpers import JA, load, msgid_line, po_path, translate

CAPTION = "content.statistics.items.more-than-of-the-victims-were-under-18.caption"
ACTION = "content.call_to_action.text"
SOURCE_CAPTION = "More than 30% of the victims were under 18!"


@pytest.mark.parametrize("field", [
    "{value.__class__}", "{value.__class__.__init__.__globals__}", "{value[0]}", "{0}", "{}",
    "{value!r}", "{value:>500}", "{value:{value}}", "{police}", "{value",
])
def test_format_fields_beyond_the_placeholder_never_reach_the_page(small, field):
    path = translate(small, "ja", {**JA, CAPTION: f"被害者の{field}以上が18歳未満！"})
    campaign = load(small)
    problems = [p for p in check_catalog(campaign, "ja") if p.subject == CAPTION]
    assert problems and all(p.level is Level.ERROR for p in problems)
    assert problems[0].location.line == msgid_line(path, CAPTION)
    lookup, _ = load_lookup(campaign, "ja", draft=True)
    caption = localize(campaign, "ja", lookup).statistics[0].caption
    assert caption.fallback and caption.text == SOURCE_CAPTION


@pytest.mark.parametrize("template", ["{value.__class__}", "{value[0]}", "{0}", "{value!r}",
                                      "{value:>9}", "{other}", "{value"])
def test_fill_placeholders_itself_refuses_anything_but_known_names(template):
    with pytest.raises(UnsafeTemplate):
        fill_placeholders(template, {"value": Segment("30%", Role.VALUE)})


def test_placeholders_are_filled_as_separate_segments():
    segments = fill_placeholders("{{literal}} {value}!", {"value": Segment("30%", Role.VALUE)})
    assert segments == (Segment("{literal} "), Segment("30%", Role.VALUE), Segment("!"))


@pytest.mark.parametrize("text", [
    '<font name="Courier" size="90">助けは近くに</font>', "助けは<br/>近くに",
    '<img src="/etc/passwd"/>助けは近くに', "助けは&nbsp;近くに", "助けは&#60;b&#62;近くに",
    "助けは<para>近くに", "<a href='https://evil.example'>助けは近くに</a>",
])
def test_markup_never_reaches_the_page(small, text):
    translate(small, "ja", {**JA, "content.headline": text})
    campaign = load(small)
    [problem, *_] = [p for p in check_catalog(campaign, "ja") if p.subject == "content.headline"]
    assert problem.level is Level.ERROR
    lookup, _ = load_lookup(campaign, "ja", draft=True)
    assert localize(campaign, "ja", lookup).headline.text == "Help is near"


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u0000", "\u0007",
                                  "\u001b", "\u0085", "\u2028", "\ufeff", "\ue000", "\ufff9"])
def test_control_characters_never_reach_the_page(small, char):
    path = translate(small, "ja", {**JA, "content.headline": f"助けは{char}近くに"})
    campaign = load(small)
    if char == "\u0000":  # a NUL makes the whole file unreadable
        [problem] = check_catalog(campaign, "ja")
        assert problem.level is Level.ERROR and "NUL" in problem.message
    else:
        [problem] = check_catalog(campaign, "ja")
        assert problem.level is Level.ERROR and f"U+{ord(char):04X}" in problem.message
        assert problem.location.line == msgid_line(path, "content.headline")
    lookup, _ = load_lookup(campaign, "ja", draft=True)
    localized = localize(campaign, "ja", lookup)
    assert char not in "".join(t.text for t in localized.texts())


def test_spelling_format_characters_are_kept(small):
    """ZWNJ (Persian, Indic spelling) and a zero-width space (a Thai break hint) are text."""
    translate(small, "ja", {**JA, "content.headline": "助け\u200cは\u200b近くに"})
    campaign = load(small)
    assert check_catalog(campaign, "ja") == []
    lookup, _ = load_lookup(campaign, "ja")
    assert localize(campaign, "ja", lookup).headline.text == "助け\u200cは\u200b近くに"


def test_a_translation_cannot_add_a_phone_number_or_an_address(small):
    translate(small, "ja", {**JA, ACTION: "今すぐ{police}へ電話を。または 090-1234-5678",
                            "content.web.label": "詳しくは https://evil.example へ："})
    campaign = load(small)
    problems = [(p.level, p.subject, p.message) for p in check_catalog(campaign, "ja")]
    assert any(level is Level.ERROR and subject == ACTION and "090-1234-5678" in message
               for level, subject, message in problems)
    assert any(level is Level.ERROR and subject == "content.web.label"
               and "https://evil.example" in message for level, subject, message in problems)
    lookup, _ = load_lookup(campaign, "ja", draft=True)
    localized = localize(campaign, "ja", lookup)
    assert [s for s in localized.call_to_action.segments if s.role is Role.PHONE] == [
        Segment("110", Role.PHONE)]
    assert "evil" not in "".join(t.text for t in localized.texts())


def test_phone_numbers_come_from_the_campaign_as_authored(small):
    translate(small, "ja", JA)
    campaign = load(small)
    lookup, problems = load_lookup(campaign, "ja")
    assert problems == []
    action = localize(campaign, "ja", lookup).call_to_action
    assert action.segments == (Segment("今すぐ"), Segment("110", Role.PHONE), Segment("へ電話を。"))


HEADER = ('msgid ""\nmsgstr ""\n"Language: ja\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')


@pytest.mark.parametrize(("body", "line", "words"), [
    ('msgctxt "content.headline"\nmsgid "Help is near"\nmsgstr "助けは近くに\n', 9, "not a PO"),
    ('msgctxt "content.headline"\nmsgid "Help is near"\nmsgtsr "助け"\n', 9, "not a PO"),
    ('msgctxt "content.headline"\nmsgid "Help is near"\n', 8, "missing msgstr"),
    ('msgctxt "content.headline"\nmsgid "Help is near"\nmsgstr[0] "x"\n', 9, "msgid_plural"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[7] "x"\n', 7, "more translations"),
    ('<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n', 7, "not a PO"),
    ('msgctxt "content.headline"\nmsgid "Help is near"\nmsgstr "a" "b" garbage\n', 9, "not a PO"),
    ('msgctxt "content.headline"\nmsgid "Help is near"\nmsgstr "\\q"\n', 9, "not a PO"),
])
def test_a_malformed_catalog_is_an_error_with_its_line(small, body, line, words):
    path = po_path(small, "ja")
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + body, encoding="utf-8")
    file = read_catalog(path, "ja")
    assert file.catalog is None
    [problem] = file.problems
    assert problem.level is Level.ERROR
    assert problem.location.line == line, problem
    assert words in problem.message
    # the build gets the same error, not a traceback; a draft falls back to the source
    [error] = check_catalog(load(small), "ja")
    assert error == problem
    lookup, [warning] = load_lookup(load(small), "ja", draft=True)
    assert warning.level is Level.WARNING
    assert localize(load(small), "ja", lookup).headline.text == "Help is near"


def test_a_catalog_that_is_not_utf8_is_an_error_with_its_line(small):
    path = po_path(small, "ja")
    path.parent.mkdir(parents=True)
    path.write_bytes(HEADER.encode() + b'msgid "Help is near"\nmsgstr "\x83\x65"\n')
    [problem] = read_catalog(path, "ja").problems
    assert problem.location.line == 8 and "not UTF-8" in problem.message


def test_a_catalog_plural_header_that_disagrees_with_the_language_is_an_error(small):
    path = translate(small, "ru", {})
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index('"MIME-Version')
    path.write_text(text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
                    + text[end:], encoding="utf-8")
    problems = [p for p in check_catalog(load(small), "ru") if "Plural-Forms" in p.message]
    assert problems and problems[0].level is Level.ERROR
    assert problems[0].location.line == text[:start].count("\n") + 1


def test_localize_never_fills_an_unsafe_template_from_any_lookup(small):
    """Even a lookup that skipped the checks cannot reach attributes: the source stands in."""
    from posters.localize import Translation

    campaign = load(small)

    def careless(text):
        return Translation("{value.__class__.__mro__}", text.location)

    localized = localize(campaign, "ja", careless)
    caption = localized.statistics[0].caption
    assert caption.fallback and caption.text == SOURCE_CAPTION
    assert "class" not in "".join(t.text for t in localized.texts())


def test_a_long_malformed_line_is_rejected_quickly(small):
    import time

    path = po_path(small, "ja")
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + 'msgid "a"\nmsgstr "' + "\\123" * 20000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    [problem] = read_catalog(path, "ja").problems
    assert time.perf_counter() - started < 1.0
    assert problem.location.line == 8
