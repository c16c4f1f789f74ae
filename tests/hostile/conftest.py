"""The hostile suite: input an attacker or a careless volunteer could write, and faults of
the machine. Every case states its required outcome in its docstring: an error a person can
act on (the file, the line where there is one, what to do; exit 1), never a traceback or
"internal error"."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "i18n" / "fixtures" / "small"


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str  # stdout and stderr


def posters(*args: object) -> Run:
    """Run the command line in this process; an exception escaping it fails the test."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.output)


def assert_user_error(run: Run, *expected: str) -> None:
    """Exit 1 with a message (no traceback, no "internal error") containing each text."""
    assert run.exit_code == 1, run.output
    assert "Traceback" not in run.output and "internal error" not in run.output, run.output
    for text in expected:
        assert text in run.output, run.output


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """A copy of the small four-language campaign that a test may damage."""
    folder = tmp_path / "small"
    shutil.copytree(SMALL, folder)
    return folder


def edit(folder: Path, old: str, new: str, name: str = "campaign.yaml") -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def run_posters(*args: object, env: dict[str, str] | None = None, timeout: float = 240,
                cwd: Path | None = None) -> Run:
    """The command line in a fresh process (its own font store and caches)."""
    import os
    import subprocess
    import sys

    merged = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-m", "posters", *map(str, args)], env=merged,
                          capture_output=True, text=True, timeout=timeout, cwd=cwd or ROOT)
    return Run(done.returncode, done.stdout + done.stderr)


@pytest.fixture
def font_cache(tmp_path: Path) -> Path:
    """A private copy of the font cache a test may damage (never the shared one)."""
    from posters.text.cache import cache_dir

    copy = tmp_path / "font-cache"
    shutil.copytree(cache_dir(), copy, ignore=shutil.ignore_patterns("*.tmp"))
    return copy
