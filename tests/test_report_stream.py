"""build-report.json is written an output at a time, and is the very text one json.dumps
of the whole report gives (the gallery, serve and `posters check` read it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posters.build.report import (
    REPORT,
    BuildReport,
    OutputEntry,
    entry_json,
    load_report,
    report_json,
    write_report,
)
from posters.diagnostics import Diagnostic, Level, Location


def _whole(report: BuildReport) -> str:
    outputs = sorted(report.outputs, key=lambda e: (e.path, e.lang, e.format, e.size,
                                                     e.variant, e.region))
    return json.dumps({"campaign": report.campaign, "title": report.title,
                       "outputs": [entry_json(e) for e in outputs]},
                      ensure_ascii=False, indent=1, sort_keys=True)


def _entry(i: int) -> OutputEntry:
    finding = Diagnostic(Level.WARNING, Location(f"ar/flyer-{i}.pdf", page=1),
                         "QR code \"23 mm\"\nwide: نص عربي", "qr", "PF073")
    return OutputEntry(f"ar/flyer-iso-a5-station-{i:04d}.pdf", "ar", "العربية", "flyer",
                       "iso-a5", "print", "built", findings=(finding,), region=f"s-{i}",
                       fingerprint="f" * 64,
                       expected={"texts": ["١٢٣", "tab\there"], "qr": True, "url": None})


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_report_is_the_text_of_one_json_dump(tmp_path: Path, count: int):
    report = BuildReport("tip-2023", "Title with \"quotes\" and ไทย",
                         tuple(_entry(i) for i in reversed(range(count))))
    assert report_json(report) == _whole(report)
    write_report(tmp_path, report)
    assert (tmp_path / REPORT).read_text(encoding="utf-8") == _whole(report)
    assert [e.path for e in load_report(tmp_path).outputs] == sorted(e.path for e in
                                                                     report.outputs)
    assert [p.name for p in tmp_path.iterdir()] == [REPORT]  # no temporary left


def test_writing_the_report_does_not_hold_its_whole_text(tmp_path: Path):
    import tracemalloc

    report = BuildReport("batch", "A personalised batch", tuple(_entry(i) for i in range(3000)))
    size = len(_whole(report).encode())
    tracemalloc.start()
    try:
        write_report(tmp_path, report)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (tmp_path / REPORT).stat().st_size == size
    assert peak < size / 4, (peak, size)
