# ruff: noqa: RUF001  (translations in many scripts are the test data)
"""Catalogs from volunteers: a contact point the source lacks never reaches a poster."""

from __future__ import annotations

from pathlib import Path

import pytest

from posters.diagnostics import Level, Location
from posters.i18n.catalogs import check_catalog
from posters.i18n.qa import check_translation
from tests.i18n.helpers import JA, load, msgid_line, translate

AT = Location("locale/ja/LC_MESSAGES/messages.po", 1)

TAGLINE = "content.tagline"  # source: "Help is near" (no contact point)


@pytest.mark.parametrize(("added", "what"), [
    ("相談: evil-help.example.org", "evil-help.example.org"),  # the issue's case
    ("相談：evil-help。example。org", "evil-help.example.org"),  # ideographic full stops
    ("相談 evil-help．example．org", "evil-help.example.org"),  # fullwidth full stops
    ("相談は相談.example.jp まで", "相談.example.jp"),  # an IDN host
    ("相談 www.evil.example へ", "www.evil.example"),
    ("相談 https://evil.example/help", "https://evil.example/help"),
    ("メール help@evil.example.org", "help@evil.example.org"),
    ("Telegram @help_now_jp", "@help_now_jp"),
    ("LINE ＠helpline", "@helpline"),
    ("t.me/helpnow", "t.me"),
    ("wa.me/818012345678", "wa.me"),
    ("電話 0120-111-222", "0120-111-222"),
    ("電話 ０３・１２３４・５６７８", "0312345678"),  # fullwidth digits, katakana dots
    ("电话 (03) 1234-5678", "0312345678"),
    ("هاتف ٠٣١٢٣٤٥٦٧٨", "0312345678"),  # Arabic-Indic digits
    ("फ़ोन ०३१२३४५६७८", "0312345678"),  # Devanagari digits
    ("โทร ๐๘๑ ๒๓๔ ๕๖๗๘", "081 234 5678"),  # Thai digits in groups
])
def test_a_contact_point_the_source_lacks_is_an_error(added: str, what: str) -> None:
    """Required: an ERROR naming the added contact point (URL, bare domain, e-mail,
    messaging handle or phone number in any digits)."""
    errors = [f.message for f in check_translation("Help is near", f"助けは近くに {added}", AT)
              if f.level is Level.ERROR]
    assert any(what in message and "not in the source" in message for message in errors), \
        errors


@pytest.mark.parametrize(("source", "text"), [
    ("Visit www.example.org", "Visitez www.example.org"),
    ("Write to help@example.org", "Écrivez à help@example.org"),
    ("See example.org", "Voir example.org"),
    ("Call 0120-924-839", "電話 0120-924-839"),
    ("e.g. anyone, Node.js, a.m.", "z.B. jeder, Node.js, a.m."),
    ("in {year}", "{year}年"),
    ("More than {value} of the victims were under 18!", "被害者の{value}以上が18歳未満！"),
])
def test_the_source_contact_points_and_prose_pass(source: str, text: str) -> None:
    """Required: no error when the translation keeps the source's contacts or has none."""
    assert [f.message for f in check_translation(source, text, AT) if f.level is Level.ERROR] == []


def test_the_issue_case_fails_the_catalog_at_its_line(campaign: Path) -> None:
    """Required: `check_catalog` gives an ERROR at messages.po:<msgid line> for the bare
    domain in the Japanese tagline (once printed with exit 0)."""
    path = translate(campaign, "ja", {**JA, TAGLINE: "相談: evil-help.example.org"})
    problems = [p for p in check_catalog(load(campaign), "ja") if p.subject == TAGLINE]
    assert problems and problems[0].level is Level.ERROR
    assert "evil-help.example.org" in problems[0].message
    assert problems[0].location.line == msgid_line(path, TAGLINE)


def test_a_duplicate_po_entry_is_an_error_at_its_line(campaign: Path) -> None:
    """Required: an ERROR at the second entry's msgid line citing the first (Babel kept
    the first silently, so a reviewer never saw which one is printed)."""
    path = translate(campaign, "ja", JA)
    text = path.read_text(encoding="utf-8")
    first = msgid_line(path, TAGLINE)
    extra = f'\nmsgctxt "{TAGLINE}"\nmsgid "Help is near"\nmsgstr "別の訳"\n'
    path.write_text(text + extra, encoding="utf-8")
    second = len(text.split("\n")) + 2  # the added msgid line
    problems = check_catalog(load(campaign), "ja")
    assert [p.level for p in problems] == [Level.ERROR], problems
    assert problems[0].location.line == second
    assert f"line {first}" in problems[0].message and "keep one" in problems[0].message


def test_the_same_msgid_in_two_contexts_is_not_a_duplicate(campaign: Path) -> None:
    """Required: headline and tagline share the text 'Help is near' under different
    msgctxt: no finding."""
    translate(campaign, "ja", JA)
    assert [p for p in check_catalog(load(campaign), "ja") if p.level is Level.ERROR] == []
