"""`posters serve`: from a save to the refreshed preview, as the page sees it.

    .venv/bin/python benchmarks/serve_bench.py [--rounds N] [--lang en] [--size jis-b2]

Starts a real `posters serve` process on a copy of content/tip-2023 for one output (one
language, the poster at one size, the generic region), listens to its event stream like
the page does, and times, for each round: writing a changed file -> the new PDF in place
(#20's "change on disk to the new file": the output's file replaced, polled every
millisecond) -> the server's event that the page changed -> the page and its new
thumbnail fetched. Two kinds of save: campaign.yaml (a colour) and the language's catalog
(one translation; for the source language, the campaign file again).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Events:
    """The server's event stream, read in a thread: the latest version and when."""

    def __init__(self, url: str) -> None:
        self.response = urllib.request.urlopen(url + "events", timeout=60)
        self.versions: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.response:
            line = raw.decode().strip()
            if line.startswith("data: "):
                self.versions.append((time.perf_counter(), line[6:]))

    def wait_after(self, count: int, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        while len(self.versions) <= count:
            if time.monotonic() > deadline:
                raise TimeoutError("no event from the server")
            time.sleep(0.002)
        return self.versions[count][0]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def wait_replaced(path: Path, before: tuple[int, int] | None, timeout: float = 60) -> float:
    """When ``path`` became another file than ``before`` (the build renames the new file
    into place)."""
    deadline = time.monotonic() + timeout
    while _identity(path) == before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} not rewritten")
        time.sleep(0.001)
    return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--size", default="jis-b2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        campaign = Path(scratch) / "campaign"
        shutil.copytree(ROOT / "content" / "tip-2023", campaign)
        process = subprocess.Popen(
            [sys.executable, "-m", "posters", "serve", str(campaign), "--out",
             f"{scratch}/out", "--port", "0", "--lang", args.lang, "--format", "poster",
             "--size", args.size, "--region", "generic"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
                 "PATH": "/usr/bin:/bin"})
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            print("  server:", line.rstrip())
            if match := re.search(r"at (http://\S+/)", line):
                url = match.group(1)
                break
        threading.Thread(target=lambda: [print("  server:", line.rstrip())
                                         for line in process.stdout], daemon=True).start()
        events = Events(url)
        events.wait_after(0)
        source = campaign / "campaign.yaml"
        catalog = campaign / "locale" / args.lang / "LC_MESSAGES" / "messages.po"
        colours = ["cmyk: [0, 96, 86, 0]", "cmyk: [100, 60, 0, 0]"]
        output = Path(scratch) / "out" / campaign.name / args.lang / f"poster-{args.size}.pdf"
        timings: dict[str, list[float]] = {"campaign.yaml": [], "catalog": []}
        to_file: dict[str, list[float]] = {"campaign.yaml": [], "catalog": []}
        try:
            for round_ in range(args.rounds):
                kind = "catalog" if round_ % 2 and catalog.is_file() else "campaign.yaml"
                seen = len(events.versions)
                before = _identity(output)
                started = time.perf_counter()
                if kind == "campaign.yaml":
                    text = source.read_text()
                    old, new = colours if colours[0] in text else colours[::-1]
                    source.write_text(text.replace(old, new))
                else:
                    # the first translation after the header, with a word added or taken away
                    text = catalog.read_text()
                    first = re.search(r'\nmsgstr "(.+?)( ABC)?"\n', text)
                    assert first, "no translation to change in the catalog"
                    old = first.group(0)
                    new = (old.replace(' ABC"', '"') if first.group(2)
                           else old.replace(f'"{first.group(1)}"', f'"{first.group(1)} ABC"'))
                    catalog.write_text(text.replace(old, new, 1))
                to_file[kind].append(wait_replaced(output, before) - started)
                events.wait_after(seen)
                with urllib.request.urlopen(url, timeout=30) as response:
                    page = response.read().decode()
                thumb = re.search(r'src="(\.previews/[0-9a-f]+-thumb\.png)"', page)
                assert thumb, "no thumbnail in the page"
                with urllib.request.urlopen(url + thumb.group(1), timeout=30) as response:
                    response.read()
                timings[kind].append(time.perf_counter() - started)
                time.sleep(1.0)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # the figures are still worth printing
                process.kill()
                process.wait()
                print("  server: not stopped 30 s after Ctrl-C (started with SIGINT "
                      "ignored?); killed")
        print(f"save -> refreshed preview, {args.lang} poster {args.size}, one output:")
        for kind, values in timings.items():
            if values:
                print(f"  {kind:14} median {statistics.median(values):.2f} s, "
                      f"max {max(values):.2f} s over {len(values)} saves; to the new "
                      f"PDF median {statistics.median(to_file[kind]):.3f} s, "
                      f"max {max(to_file[kind]):.3f} s")


if __name__ == "__main__":
    main()
