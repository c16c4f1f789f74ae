"""Ctrl-C during `posters serve`'s first build stops it as it stops `posters build`: the
tasks under way finish and are kept, nothing more is started, and the server exits 130
without serving, with no traceback and no "internal error"."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

from tests.conftest import ROOT, SAMPLE

LANGUAGES = ("en", "th", "ja", "ko", "vi", "es", "pt", "id", "ru", "tl")  # a task each


def test_ctrl_c_during_the_first_build_stops_the_build_and_the_server(tmp_path):
    command = [sys.executable, "-m", "posters", "serve", str(SAMPLE), "--out", str(tmp_path),
               "--port", "0", "-j", "2", "-f", "poster", "-s", "jis-b2", "-r", "generic",
               *[arg for lang in LANGUAGES for arg in ("-l", lang)]]
    process = subprocess.Popen(command, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(ROOT),
                                    "PYTHONUNBUFFERED": "1"},
                               start_new_session=True)  # Ctrl-C reaches the group
    hung = threading.Timer(180, os.killpg, (process.pid, signal.SIGKILL))
    hung.start()
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # the first task is done: 9 are left, 2 at most run
            lines.append(line)
            if line.startswith("[1/") or "Serving" in line:
                break
        os.killpg(process.pid, signal.SIGINT)
        lines.append(process.stdout.read())
        process.wait()
    finally:
        hung.cancel()
    output = "".join(lines)
    assert lines and lines[0].startswith(f"[1/{len(LANGUAGES)}]"), output
    assert process.returncode == 130, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert "Serving" not in output, output
    assert re.search(r"Stopping: waiting for the [0-2] task\(s\) under way", output), output
    found = re.search(r"Interrupted: (\d+) outputs built before it are kept", output)
    assert found, output
    in_place = sorted(tmp_path.rglob("*.pdf"))
    assert int(found.group(1)) == len(in_place), output  # whole tasks, every one kept
    assert 1 <= len(in_place) < len(LANGUAGES), output
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
