"""A real `posters serve` process for the tests, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT


@dataclass
class Server:
    process: subprocess.Popen
    url: str = ""
    lines: list[str] = field(default_factory=list)
    returncode: int | None = None

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            for line in self.lines[seen:]:
                seen += 1
                if match := re.search(pattern, line):
                    return match
            assert self.process.poll() is None or seen < len(self.lines), (
                f"posters serve exited {self.process.returncode}:\n{self.output}")
            time.sleep(0.05)
        raise TimeoutError(f"no line matching {pattern!r}:\n{self.output}")


@contextmanager
def running_server(campaign: Path, out: Path, *args: str) -> Iterator[Server]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "posters", "serve", str(campaign), "--out", str(out),
         "--port", "0", "-j", "1", *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(process)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        server.url = server.wait_for_line(r"at (http://127\.0\.0\.1:\d+/)", 180).group(1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=10)
        server.returncode = process.returncode
