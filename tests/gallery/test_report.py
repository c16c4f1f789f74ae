"""The build report: written deterministically, read back, and every problem reported."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from posters.build.report import (
    REPORT,
    BuildReport,
    OutputEntry,
    ReportError,
    load_report,
    write_report,
)
from posters.diagnostics import Diagnostic, Level, Location

FINDING = Diagnostic(Level.WARNING, Location("page 1"), "ภาพความละเอียดต่ำ", code="PF003")
ENTRY = OutputEntry(
    path="th/poster-iso-a3.pdf", lang="th", language_name="Thai", format="poster",
    size="iso-a3", variant="print", status="built", findings=(FINDING,),
    diagnostics=("content/tip-2023/locale/th/LC_MESSAGES/messages.po:12: warning: x",),
    region="generic", fingerprint="3f2a", expected={"texts": ["0120"], "qr": True})


def test_written_report_reads_back_sorted_and_byte_identical(tmp_path):
    second = replace(ENTRY, path="en/poster-iso-a3.pdf", lang="en", language_name="English",
                     findings=(), diagnostics=())
    path = write_report(tmp_path, BuildReport("tip-2023", "Title", (ENTRY, second)))
    first_bytes = path.read_bytes()
    write_report(tmp_path, BuildReport("tip-2023", "Title", (second, ENTRY)))
    assert path.read_bytes() == first_bytes
    report = load_report(tmp_path)
    assert [o.path for o in report.outputs] == ["en/poster-iso-a3.pdf", "th/poster-iso-a3.pdf"]
    thai = report.outputs[1]
    assert thai == ENTRY and thai.expected == ENTRY.expected
    assert json.loads(first_bytes)["outputs"][1]["findings"] == [
        {"code": "PF003", "level": "warning", "message": "ภาพความละเอียดต่ำ",
         "location": "page 1"}]
    assert "ภาพ" in first_bytes.decode()  # kept readable, not \u-escaped


def test_missing_report_says_what_to_do(tmp_path):
    with pytest.raises(ReportError, match=r"no build report; run `posters build` first"):
        load_report(tmp_path)


def test_invalid_json_names_the_line(tmp_path):
    (tmp_path / REPORT).write_text('{"campaign": "x",\n"outputs": [}\n')
    with pytest.raises(ReportError, match=rf"{REPORT}:2: the build report is not valid JSON"):
        load_report(tmp_path)


def test_every_shape_problem_is_collected(tmp_path):
    entry = {"path": "th/poster-iso-a3.pdf", "lang": "th", "format": "poster",
             "size": "iso-a3", "variant": "print", "status": "built", "findings": []}
    bad = [{**entry, "status": "done"}, {**entry, "lang": 3, "diagnostics": "oops"},
           "nonsense", {**entry, "findings": [{"level": "fatal", "message": "m"}]}]
    (tmp_path / REPORT).write_text(json.dumps({"campaign": "c", "title": "t", "outputs": bad}))
    with pytest.raises(ReportError) as info:
        load_report(tmp_path)
    message = str(info.value)
    for expected in ("outputs[0].status: 'done' is not one of built, unchanged, failed",
                     "outputs[1].lang: expected a string",
                     "outputs[1].diagnostics: expected a list of strings",
                     "outputs[2]: expected an object",
                     "outputs[3].findings[0].level: 'fatal' is not one of error, warning, info"):
        assert expected in message
