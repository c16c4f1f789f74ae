"""The output folder and the disk fail: full, read-only, Ctrl-C. Each is a message naming
the file, exit 1 (130 for Ctrl-C), no temporary file left, and the next build, once the
fault is gone, completes the set."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, posters
from .test_faults import ARGS, OUTPUTS, assert_complete_and_sound, build, hidden_files


def _fail_with(code: int):  # type: ignore[no-untyped-def]
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(code, os.strerror(code), str(args[0]) if args else None)

    return fail


def _full_after_first_chunk(code: int):  # type: ignore[no-untyped-def]
    """The report is written an output at a time: the disk fills after its first part."""
    import posters.build.report as report

    chunks = report._report_chunks

    def fill(*args, **kwargs):  # type: ignore[no-untyped-def]
        parts = chunks(*args, **kwargs)
        yield next(parts)
        raise OSError(code, os.strerror(code), "build-report.json")

    return fill


@pytest.mark.parametrize(("where", "code"), [
    ("posters.build.fingerprint.Manifest.save", errno.ENOSPC),
    ("posters.build.report._report_chunks", errno.ENOSPC),
    ("posters.build.write.os.replace", errno.EROFS),
], ids=["manifest-disk-full", "report-disk-full", "read-only-output"])
def test_a_full_or_read_only_disk_is_a_message_and_the_next_build_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    """Required: exit 1 with the system's reason (no traceback, no "internal error"), no
    temporary file left behind; once the disk is fine, the next build leaves four sound
    PDFs in a report that lists them."""
    import importlib

    module_name, _, attribute = where.rpartition(".")
    try:
        target = importlib.import_module(module_name)
    except ModuleNotFoundError:  # a class attribute: module.Class.method
        module_name, _, class_name = module_name.rpartition(".")
        target = getattr(importlib.import_module(module_name), class_name)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(target, attribute, _fail_with(code))
        run = posters(*ARGS, "--out", out, "--no-gallery")
    assert run.exit_code == 1, run.output
    assert os.strerror(code) in run.output, run.output
    assert "Traceback" not in run.output and "internal error" not in run.output, run.output
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    again = build(out)
    assert again.exit_code == 0, again.output
    assert hidden_files(out) == []
    assert_complete_and_sound(out)


def test_ctrl_c_in_a_single_process_build_then_the_next_build_completes(tmp_path: Path) -> None:
    """Required: SIGINT mid-build (-j 1) exits 130 with 'Interrupted', leaves no temporary
    file, and the next build completes the set without rebuilding what was kept."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "posters", *map(str, ARGS), "--out",
                                str(out)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    first = process.stderr.readline()  # the first task is done
    assert first.startswith("[1/2]"), first
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    again = build(out)
    assert again.exit_code == 0, again.output
    assert "0 failed" in again.output and len(OUTPUTS) == 4
    assert_complete_and_sound(out)
