"""Exit codes and messages of the command line, run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE


def posters(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "posters", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_help_lists_every_command():
    result = posters("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "fonts"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["build", "validate", "fonts"])
def test_each_command_has_help(command):
    result = posters(command, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_build_selection_exits_0_and_writes_one_pdf(tmp_path):
    result = posters("build", str(SAMPLE), "--lang", "en", "--format", "poster", "--size",
                     "jis-b2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf"))
    regions = ["fukuoka", "hiroshima", "nagoya", "osaka", "sapporo", "sendai", "takamatsu",
               "tokyo"]
    assert built == ["tip-2023/en/poster-jis-b2-" + r + ".pdf" for r in regions] + [
        "tip-2023/en/poster-jis-b2.pdf"]


def test_region_selection_builds_one_pdf(tmp_path):
    result = posters("build", str(SAMPLE), "--lang", "en", "--format", "poster", "--size",
                     "iso-a3", "--region", "generic", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")] == [
        "tip-2023/en/poster-iso-a3.pdf"]


def broken_line() -> int:
    """The line of the sample's first statistic's value, which the broken copies spoil
    (computed: the keys other branches add above it move it)."""
    lines = (SAMPLE / "campaign.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == "value: 0.30")


def test_content_error_exits_1_with_file_line_and_no_traceback(tmp_path):
    campaign = tmp_path / "broken"
    shutil.copytree(SAMPLE, campaign)
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text().replace("value: 0.30", "value: ten"))
    result = posters("build", str(campaign), "--lang", "en", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (f"campaign.yaml:{broken_line()}:16: error: content.statistics.items[0].value: "
            "expected a number") in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [
    ("build", str(SAMPLE), "--size", "b2"),
    ("build", str(SAMPLE), "--lang", "xx"),
    ("build", str(SAMPLE), "--format", "billboard"),
    ("build", "no/such/campaign"),
    ("build", "--bogus-option"),
])
def test_usage_errors_exit_2(args, tmp_path):
    result = posters(*args, "--out", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


# `python -m posters` with Ctrl-C pressed at one chosen moment: while the main process
# handles the first task's result (after its progress line is written, before it asks
# for the next), where a KeyboardInterrupt used to drop the results of the tasks under
# way although their workers went on to put their outputs in place.
_CTRL_C_WHILE_RECORDING = """
import os, signal, sys
from posters.cli import main
from posters.progress import ProgressReporter
update = ProgressReporter.update
def pressed(self, result, done, total):
    update(self, result, done, total)
    if done == 1:
        os.killpg(0, signal.SIGINT)  # the whole group, as a terminal does
ProgressReporter.update = pressed
main(sys.argv[1:], prog_name="posters")
"""

CTRL_C_LANGUAGES = ("en", "th", "ja", "ko", "vi", "es", "pt", "id")  # 9 posters each


@pytest.mark.parametrize("when", ["after-first-line", "while-recording"])
def test_ctrl_c_keeps_what_was_built_and_stops(tmp_path, when):
    """Ctrl-C reaches the whole process group, as in a terminal: the build stops after the
    tasks under way, leaves no temporary file, exits 130, says how many outputs it built,
    and every output in place is one of those, recorded: the next build builds exactly
    the rest and leaves those files alone."""
    import os
    import re
    import signal
    import threading

    from posters.build import BuildRequest, plan
    from posters.build.pool import groups_of, parts_of

    _, outputs, _ = plan(BuildRequest(SAMPLE, languages=CTRL_C_LANGUAGES, formats=("poster",),
                                      variants=("print",), gallery=False))
    tasks = parts_of(groups_of(outputs), 2)  # the build's tasks: its groups in parts
    part = len(next(iter(tasks.values())))
    assert len(outputs) == 72 and {len(p) for p in tasks.values()} == {part}
    build_args = ["build", str(SAMPLE), "--out", str(tmp_path), "-j", "2", "--no-gallery",
                  "-f", "poster", *[arg for lang in CTRL_C_LANGUAGES for arg in ("-l", lang)]]
    runner = (["-c", _CTRL_C_WHILE_RECORDING] if when == "while-recording"
              else ["-m", "posters"])
    process = subprocess.Popen([sys.executable, *runner, *build_args], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    hung = threading.Timer(120, os.killpg, (process.pid, signal.SIGKILL))
    hung.start()
    try:
        first = process.stderr.readline()  # the first task is done
        assert first.startswith(f"[1/{len(tasks)}]"), first
        if when == "after-first-line":
            os.killpg(process.pid, signal.SIGINT)
        # read on from the same buffered stream (communicate() would skip what readline
        # has already buffered)
        err = first + process.stderr.read()
        process.wait()
    finally:
        hung.cancel()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    found = re.search(r"Interrupted: (\d+) outputs built before it are kept", err)
    assert found, err
    kept = int(found.group(1))
    in_place = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tmp_path.rglob("*.pdf")}
    assert kept == len(in_place), err  # every output in place is counted as built
    assert kept % part == 0 and part <= kept < 72, err  # whole tasks; not all of them
    if when == "while-recording":
        # the first task's outputs, and the 2 tasks under way when it was recorded (a
        # task is started as soon as a worker is free): no more is started after Ctrl-C
        # (said at once: 1 task left when the other finished before Ctrl-C was taken)
        assert re.search(r"Stopping: waiting for the [12] task\(s\) under way", err), err
        assert kept == 3 * part, err
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]

    again = posters(*build_args)
    assert again.returncode == 0, again.stderr
    assert f"{72 - kept} built, {kept} unchanged, 0 failed" in again.stdout
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in in_place} == in_place


def test_an_unusable_output_folder_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "tip-2023").write_text("a file where the campaign's folder goes")
    result = posters("build", str(SAMPLE), "--out", str(tmp_path), "-l", "en", "-f", "card")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'tip-2023'}: error: cannot write the build's output" in result.stderr


def test_check_holds_a_built_pdf_to_what_the_build_checked(tmp_path):
    """`posters check` on a build's folder holds each PDF to its own format and content, as
    the build did: the card keeps text 3.5 mm inside the trim, not 5; the "I speak..."
    card carries no hotline even when --campaign lists them. Limits given on the command
    line win."""
    import json

    built = posters("build", str(SAMPLE), "--out", str(tmp_path), "-l", "en", "-l", "all",
                    "-f", "card", "-f", "language-card", "-r", "generic", "--no-gallery")
    assert built.returncode == 0, built.stderr
    folder = tmp_path / "tip-2023"
    campaign = str(SAMPLE / "campaign.yaml")
    own = posters("check", str(folder), "--campaign", campaign, "-j", "2")
    assert own.returncode == 0, own.stdout
    assert "checked 2 files: 0 errors, 0 warnings" in own.stdout
    # in the order of the files, whatever the number of processes
    assert own.stdout == posters("check", str(folder), "--campaign", campaign, "-j", "1").stdout
    strict = posters("check", str(folder / "en" / "card-jp.pdf"), "--safe-zone", "5")
    assert strict.returncode == 1 and "PF050" in strict.stdout

    # what the report says the build checked is checked again: here, a number the card lacks
    report_path = folder / "build-report.json"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    for entry in report["outputs"]:
        if entry["path"] == "en/card-jp.pdf":
            entry["expected"]["texts"].append("0000-000-000")
    report_path.write_text(json.dumps(report), encoding="utf-8")
    again = posters("check", str(folder / "en" / "card-jp.pdf"))
    assert again.returncode == 1 and "PF080 '0000-000-000' not found" in again.stdout
