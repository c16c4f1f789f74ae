"""Build progress on the terminal: a bar with counts and time left, or plain lines."""

from __future__ import annotations

import sys
import time

import click

from posters.build.task import TaskResult


class ProgressReporter:
    def __init__(self, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        self.drawn = False

    def update(self, result: TaskResult, done: int, total: int) -> None:
        counts = {status: sum(r.status == status for r in result.results)
                  for status in ("built", "unchanged", "failed")}
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        if not self.tty:
            what = result.lang
            if result.results:
                what += " " + result.results[0].output.format
            click.echo(f"[{done}/{total}] {what}: {summary} ({result.seconds:.2f} s)",
                       file=self.stream)
            return
        elapsed = time.perf_counter() - self.started
        left = elapsed / done * (total - done)
        width = 30
        filled = round(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r[{bar}] {done}/{total} tasks, {elapsed:.1f} s, about "
                   f"{left:.1f} s left  ", file=self.stream, nl=False)
        self.drawn = True

    def stopping(self, under_way: int) -> None:
        """Ctrl-C was taken: said at once, since the tasks under way still take a while."""
        self.finish()
        self.drawn = False
        click.echo(f"Stopping: waiting for the {under_way} task(s) under way, whose outputs "
                   "are kept; nothing else is started.", file=self.stream)

    def finish(self) -> None:
        if self.drawn:
            click.echo("", file=self.stream)
