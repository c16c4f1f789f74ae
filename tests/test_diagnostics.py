"""The one vocabulary of problems: its printed form and its JSON, read back."""

from __future__ import annotations

import json

import pytest

from posters.diagnostics import Diagnostic, Level, Location

FINDING = Diagnostic(Level.ERROR, Location("out/tip-2023/en/poster-jis-b2.pdf", page=2,
                                            object="font /F1 (AAAAAA+NotoSans-Regular)"),
                     "font NotoSans-Regular is not embedded", code="PF010")


def test_a_finding_prints_file_page_object_level_code_message():
    assert str(FINDING) == ("out/tip-2023/en/poster-jis-b2.pdf, page 2, font /F1 "
                            "(AAAAAA+NotoSans-Regular): error PF010: font NotoSans-Regular "
                            "is not embedded")


def test_the_build_report_form_has_its_four_keys_and_the_location_as_text():
    data = FINDING.to_json()
    assert data == {"code": "PF010", "level": "error", "message": FINDING.message,
                    "location": "out/tip-2023/en/poster-jis-b2.pdf, page 2, font /F1 "
                                "(AAAAAA+NotoSans-Regular)"}
    assert Diagnostic.from_json(json.loads(json.dumps(data))) == FINDING


def test_the_check_form_has_the_location_parts_with_null_for_unknown():
    located = FINDING.to_json(structured_location=True)["location"]
    assert located == {"file": "out/tip-2023/en/poster-jis-b2.pdf", "page": 2,
                       "object": "font /F1 (AAAAAA+NotoSans-Regular)"}
    whole_file = Diagnostic(Level.WARNING, Location("a.pdf"), "m", code="PF098")
    assert whole_file.to_json(structured_location=True)["location"] == {
        "file": "a.pdf", "page": None, "object": None}
    assert list(FINDING.to_json(structured_location=True)) == [
        "code", "level", "location", "message"]  # `posters check --json` keeps its order
    for diagnostic in (FINDING, whole_file):
        assert Diagnostic.from_json(diagnostic.to_json(structured_location=True)) == diagnostic


@pytest.mark.parametrize("location", [
    Location("content/x/locale/ja/LC_MESSAGES/messages.po", 12, 3),
    Location("a, b.pdf", page=2),  # a comma in the file name
    Location("a, b.pdf", page=10, object="annotation 2 (Link), rect"),
    Location("poster.pdf", object="font /F2 (Noto Sans Thai)"),
    Location("x.pdf:0"),
    Location(""),
])
def test_a_location_read_back_from_its_text_is_the_same(location):
    assert Location.from_json(str(location)) == location
    assert Location.from_json(location.to_json()) == location


def test_a_catalog_problem_keeps_its_key_as_subject():
    problem = Diagnostic(Level.WARNING, Location("messages.po", 40), "fuzzy: review it",
                         subject="content.headline")
    assert problem.to_json()["subject"] == "content.headline"
    assert "subject" not in FINDING.to_json()
    assert Diagnostic.from_json(problem.to_json()) == problem


@pytest.mark.parametrize(("data", "named"), [
    ([], "expected an object"),
    ({"level": "error"}, "message"),
    ({"level": "fatal", "message": "m"}, "level: 'fatal' is not one of error, warning, info"),
    ({"level": "error", "message": 3}, "message"),
    ({"level": "error", "message": "m", "location": 7}, "location"),
    ({"level": "error", "message": "m", "location": {"file": "a", "page": "2"}},
     "location.page"),
    ({"level": "error", "message": "m", "location": {"page": 1}}, "location.file"),
])
def test_an_unusable_record_is_refused_naming_the_key(data, named):
    with pytest.raises(ValueError, match=named):
        Diagnostic.from_json(data)
