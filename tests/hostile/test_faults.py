"""Faults of the machine and of the output folder: SIGKILL at any point, outputs and the
report damaged behind the tool's back, two builds at once. Nothing lost, nothing stale:
the next build removes only its own debris and leaves a correct, complete set."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posters.build.record import RECORD

from .conftest import ROOT, run_posters

SAMPLE = ROOT / "content" / "tip-2023"
# two languages (one right-to-left), the poster at one size, the generic output and one
# region: four PDFs, about two seconds of building
ARGS = ("build", SAMPLE, "--lang", "en", "--lang", "ar", "--format", "poster", "--size",
        "jis-b2", "--region", "generic", "--region", "tokyo", "--jobs", "1")
OUTPUTS = ("en/poster-jis-b2.pdf", "en/poster-jis-b2-tokyo.pdf", "ar/poster-jis-b2.pdf",
           "ar/poster-jis-b2-tokyo.pdf")


def build(out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_posters(*ARGS, "--out", out, *extra)


def hidden_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*") if p.is_file()
                  and p.name not in (".build-manifest.json", ".build-digests.json", RECORD)
                  and ".previews" not in p.parts)


def assert_complete_and_sound(out: Path) -> None:
    """Every output is a whole PDF (qpdf reads it without error), the report lists each."""
    campaign_out = out / "tip-2023"
    for name in OUTPUTS:
        pdf = campaign_out / name
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, (name, check.stdout[-500:], check.stderr[-500:])
    report = json.loads((campaign_out / "build-report.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["status"] for entry in report["outputs"]}
    assert all(listed.get(name) in ("built", "unchanged") for name in OUTPUTS), listed


def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.parametrize("delay", [0.8, 2.0])
def test_sigkill_at_any_point_then_the_next_build_cleans_up(tmp_path: Path,
                                                            delay: float) -> None:
    """Required: after SIGKILL mid-build, the next build exits 0, removes every temporary
    file the killed build left (once they piled up), and leaves four sound PDFs listed in
    the report. Files it cannot prove its own stay: a temporary of a running process and
    a hidden file not named after an output."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "posters", *map(str, ARGS), "--out",
                                str(out), "--force"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    en = out / "tip-2023" / "en"
    en.mkdir(parents=True, exist_ok=True)
    dead = dead_pid()
    # each writer's temporaries: write_output's, the renderer's and the PDF/X writer's
    # (posters.files.atomic_path), pikepdf's; the report's, the manifest's and a preview's
    planted_debris = [en / f".poster-jis-b2.pdf.{dead}.tmp",
                      en / f"..poster-jis-b2.pdf.{dead}.raw.tmp.ab12cd34.tmp",
                      en / f"..poster-jis-b2.pdf.{dead}.raw.tmp.{dead}.ab12cd34.tmp",
                      en / f".pikepdf...poster-jis-b2.pdf.{dead}.tmp.{dead}.ab12cd34.tmpq1w2e3r4",
                      out / "tip-2023" / f".build-report.json.{dead}.ab12cd34.tmp",
                      out / "tip-2023" / f".build-manifest.json.{dead}.x_9z8y7w.tmp"]
    live = en / f".poster-jis-b2.pdf.{os.getpid()}.tmp"  # a build under way: kept
    foreign = en / f".notes.pdf.{dead}.tmp"  # not an output's name: kept
    for path in [*planted_debris, live, foreign]:
        path.write_bytes(b"partial")
    again = build(out)
    assert again.exit_code == 0, again.output
    assert hidden_files(out) == sorted([live, foreign])
    assert_complete_and_sound(out)


DAMAGED_OUTPUTS = ("cut-in-half", "bytes-flipped", "emptied")


def _damage(data: bytes, how: str) -> bytes:
    if how == "cut-in-half":
        return data[: len(data) // 2]
    if how == "bytes-flipped":
        flipped = bytearray(data)
        for index in range(1000, len(flipped), len(flipped) // 50):
            flipped[index] ^= 0x55
        return bytes(flipped)
    return b""


def test_an_output_damaged_behind_the_tools_back_is_rebuilt(tmp_path: Path) -> None:
    """Required: an output whose bytes no longer match the manifest (cut in half, bytes
    flipped at the same size and time stamp, emptied) is built again; it was reported
    "unchanged", exit 0. The other outputs stay unchanged."""
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    pdf = out / "tip-2023" / "en" / "poster-jis-b2.pdf"
    for how in DAMAGED_OUTPUTS:
        stat = pdf.stat()
        pdf.write_bytes(_damage(pdf.read_bytes(), how))
        os.utime(pdf, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time stamp
        again = build(out)
        assert again.exit_code == 0, (how, again.output)
        assert "1 built, 3 unchanged, 0 failed" in again.output, (how, again.output)
        assert_complete_and_sound(out)


DAMAGED_REPORTS = {"cut": b'{"outputs": [', "empty": b"", "nul": b"\x00" * 100,
                   "wrong-type": b'{"outputs": 7}',
                   "lists-nothing": b'{"campaign": "tip-2023", "outputs": []}'}


def test_a_damaged_report_is_rewritten_by_an_unchanged_build(tmp_path: Path) -> None:
    """Required: build-report.json is rewritten whole even when nothing is rebuilt (cut,
    empty, NUL bytes, the wrong type, listing nothing); it was left damaged, and `posters
    gallery` then refused it. The gallery command reads the rewritten report."""
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    report = out / "tip-2023" / "build-report.json"
    for name, damage in DAMAGED_REPORTS.items():
        report.write_bytes(damage)
        again = build(out)
        assert again.exit_code == 0 and "0 built, 4 unchanged" in again.output, (name,
                                                                                 again.output)
        assert_complete_and_sound(out)
    gallery = run_posters("gallery", out / "tip-2023")
    assert gallery.exit_code == 0, gallery.output


def test_a_cut_off_gallery_page_is_rewritten(tmp_path: Path) -> None:
    """Required: an index.html cut short is written again by an unchanged build."""
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    page = out / "tip-2023" / "index.html"
    whole = page.read_text(encoding="utf-8")
    page.write_text(whole[: len(whole) // 3], encoding="utf-8")
    assert build(out).exit_code == 0
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_two_builds_at_once_leave_a_sound_set(tmp_path: Path) -> None:
    """Required: two builds into the same folder at the same time both exit 0, and
    afterwards the set is complete, sound and free of temporary files."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "posters", *map(str, ARGS), "--out", str(out)]
    first = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    second = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    outputs = [first.communicate(timeout=240)[0], second.communicate(timeout=240)[0]]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert hidden_files(out) == []
    assert_complete_and_sound(out)
    assert build(out).exit_code == 0
    assert_complete_and_sound(out)
