"""The build report: written deterministically, read back, and every problem reported."""

from __future__ import annotations

import json

import pytest

from posters.gallery import REPORT, Finding, ReportError, load_report, write_report

ENTRY = {"path": "th/poster-iso-a3.pdf", "lang": "th", "language_name": "Thai",
         "format": "poster", "size": "iso-a3", "variant": "print", "status": "built",
         "findings": [Finding("PF003", "warning", "ภาพความละเอียดต่ำ", "page 1")],
         "diagnostics": ["content/tip-2023/locale/th/LC_MESSAGES/messages.po:12: warning: x"]}


def test_written_report_reads_back_sorted_and_byte_identical(tmp_path):
    second = {**ENTRY, "path": "en/poster-iso-a3.pdf", "lang": "en", "language_name": "English",
              "findings": [], "diagnostics": []}
    path = write_report(tmp_path, "tip-2023", "Title", [ENTRY, second])
    first_bytes = path.read_bytes()
    write_report(tmp_path, "tip-2023", "Title", [second, ENTRY])
    assert path.read_bytes() == first_bytes
    report = load_report(tmp_path)
    assert [o.path for o in report.outputs] == ["en/poster-iso-a3.pdf", "th/poster-iso-a3.pdf"]
    thai = report.outputs[1]
    assert thai.findings == (Finding("PF003", "warning", "ภาพความละเอียดต่ำ", "page 1"),)
    assert thai.diagnostics == tuple(ENTRY["diagnostics"])
    assert "ภาพ" in first_bytes.decode()  # kept readable, not \u-escaped


def test_missing_report_says_what_to_do(tmp_path):
    with pytest.raises(ReportError, match=r"no build report; run `posters build` first"):
        load_report(tmp_path)


def test_invalid_json_names_the_line(tmp_path):
    (tmp_path / REPORT).write_text('{"campaign": "x",\n"outputs": [}\n')
    with pytest.raises(ReportError, match=rf"{REPORT}:2: the build report is not valid JSON"):
        load_report(tmp_path)


def test_every_shape_problem_is_collected(tmp_path):
    bad = [{**ENTRY, "findings": [], "status": "done"}, {**ENTRY, "lang": 3, "findings": [],
                                                         "diagnostics": "oops"}, "nonsense"]
    (tmp_path / REPORT).write_text(json.dumps({"campaign": "c", "title": "t", "outputs": bad}))
    with pytest.raises(ReportError) as info:
        load_report(tmp_path)
    message = str(info.value)
    for expected in ("outputs[0].status: 'done' is not one of built, unchanged, failed",
                     "outputs[1].lang: expected a string",
                     "outputs[1].diagnostics: expected a list of strings",
                     "outputs[2]: expected an object"):
        assert expected in message
