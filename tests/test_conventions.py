"""Command-line conventions: -q and -v everywhere, colour on a terminal only (NO_COLOR,
--no-color), comma lists, paths relative to the campaign."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE
from tests.test_cli import broken_line, posters

RED = "\x1b[31m"


def on_terminal(*args: str, env: dict | None = None) -> str:
    """Run posters with its stdout and stderr on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "posters", *args], cwd=ROOT,
                               stdout=follower, stderr=follower, stdin=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    campaign = tmp_path_factory.mktemp("conventions") / "broken"
    shutil.copytree(SAMPLE, campaign)
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text().replace("value: 0.30", "value: ten"))
    return campaign


def test_every_command_takes_q_v_and_no_color():
    from click import Group

    from posters.cli import main

    def commands(group, ctx, prefix=()):  # type: ignore[no-untyped-def]
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            yield (*prefix, name), command
            if isinstance(command, Group):
                yield from commands(command, ctx, (*prefix, name))

    import click

    ctx = click.Context(main)
    found = list(commands(main, ctx))
    assert len(found) >= 8
    for name, command in found:
        opts = {opt for param in command.params for opt in getattr(param, "opts", ())}
        assert {"-q", "-v", "--no-color"} <= opts, name


def test_levels_are_coloured_on_a_terminal_and_plain_otherwise(broken):
    shown = on_terminal("validate", str(broken))
    assert f"{RED}" in shown and "error" in shown
    assert "\x1b[" not in posters("validate", str(broken)).stderr  # a pipe: plain
    assert "\x1b[" not in on_terminal("validate", str(broken), env={"NO_COLOR": "1"})
    assert "\x1b[" not in on_terminal("validate", str(broken), "--no-color")


def test_messages_name_files_relative_to_the_campaign(broken):
    result = posters("validate", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith(f"campaign.yaml:{broken_line()}:16: error: ")
    assert str(broken) not in result.stderr


def test_quiet_prints_only_errors_and_verbose_lists_each_output(tmp_path, broken):
    args = ("build", str(SAMPLE), "--lang", "en", "--format", "poster", "--size", "iso-a3",
            "--region", "generic", "--out", str(tmp_path))
    result = posters(*args, "-q")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    result = posters(*args, "-v")
    assert "unchanged: " in result.stdout and "poster-iso-a3.pdf" in result.stdout
    failed = posters("validate", str(broken), "-q")
    assert failed.returncode == 1
    assert f"campaign.yaml:{broken_line()}:16: error:" in failed.stderr


def test_comma_lists_and_repeated_options_are_the_same(tmp_path):
    one = posters("build", str(SAMPLE), "--lang", "en,th", "--format", "poster",
                  "--size", "iso-a3,iso-a4", "--region", "generic", "--variant",
                  "print,screen", "--out", str(tmp_path / "a"), "--no-gallery")
    assert one.returncode == 0, one.stderr
    made = sorted(p.relative_to(tmp_path / "a").as_posix()
                  for p in (tmp_path / "a").rglob("*.pdf"))
    assert len(made) == 8 and "tip-2023/th/poster-iso-a4-screen.pdf" in made
    two = posters("build", str(SAMPLE), "-l", "en", "-l", "th", "-f", "poster", "-s",
                  "iso-a3", "-s", "iso-a4", "-r", "generic", "--variant", "print",
                  "--variant", "screen", "--out", str(tmp_path / "b"), "--no-gallery")
    assert two.returncode == 0, two.stderr
    assert sorted(p.relative_to(tmp_path / "b").as_posix()
                  for p in (tmp_path / "b").rglob("*.pdf")) == made
    bad = posters("build", str(SAMPLE), "--lang", "en,xx", "--out", str(tmp_path / "c"))
    assert bad.returncode == 2 and "xx" in bad.stderr
