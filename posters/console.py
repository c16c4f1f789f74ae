"""Command-line conventions shared by every `posters` command.

- ``-q``/``--quiet``: only errors are printed; ``-v``/``--verbose``: more detail.
- Levels in colour on a terminal (errors red, warnings yellow), plain text when the
  output is a file or a pipe, or when ``NO_COLOR`` is set (https://no-color.org) or
  ``--no-color`` is given.
- ``--lang en,ja`` and ``--lang en --lang ja`` mean the same; so for formats, sizes,
  regions and variants.

Commands write plain lines with ``click.echo``; the streams installed here colour the
level word of each line (``path:3:1: error: ...``) and, with ``-q``, keep only the lines
that report errors. So every command, whichever module it lives in, behaves the same.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click

LIST_OPTIONS = ("--lang", "--format", "--size", "--region", "--variant")
_LEVEL = re.compile(r"(?:(?<=^)|(?<=: )|(?<=\] ))(internal error|error|warning)(?=:)",
                    re.MULTILINE)
_COLOURS = {"error": "red", "internal error": "red", "warning": "yellow"}
_ERROR_LINE = re.compile(r"(^|: )(internal )?error[:(]|^Error: |\berror\(s\)", re.IGNORECASE)


@dataclass
class Settings:
    verbosity: int = 0  # -1 quiet, 0 normal, 1 and more verbose
    no_color: bool = False


settings = Settings()


def colour_wanted(stream: object) -> bool:
    if settings.no_color or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colour_levels(text: str) -> str:
    return _LEVEL.sub(lambda m: click.style(m.group(1), fg=_COLOURS[m.group(1)], bold=True),
                      text)


def is_error_line(line: str) -> bool:
    return bool(_ERROR_LINE.search(line))


def verbose() -> bool:
    return settings.verbosity > 0


def quiet() -> bool:
    return settings.verbosity < 0


class LevelStream:
    """A text stream in front of stdout or stderr: colours level words on a terminal;
    with -q passes on only the lines that report errors."""

    def __init__(self, stream, errors: bool) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream
        self._is_stderr = errors
        self._pending = ""

    def write(self, text: str) -> int:
        if quiet():
            self._pending += text
            *lines, self._pending = self._pending.split("\n")
            for line in lines:
                if self._is_stderr and is_error_line(line):
                    self._emit(line + "\n")
            return len(text)
        self._emit(text)
        return len(text)

    def _emit(self, text: str) -> None:
        self._stream.write(colour_levels(text) if colour_wanted(self._stream) else text)

    def flush(self) -> None:
        self._stream.flush()

    def finish(self) -> None:
        if self._pending and self._is_stderr and is_error_line(self._pending):
            self._emit(self._pending)
        self._pending = ""
        self.flush()

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._stream, name)  # encoding, errors, isatty, fileno, buffer...


@contextmanager
def level_streams() -> Iterator[None]:
    """Install the streams for the length of a command."""
    out, err = sys.stdout, sys.stderr
    if isinstance(out, LevelStream) or out is None or err is None:
        yield
        return
    sys.stdout, sys.stderr = LevelStream(out, False), LevelStream(err, True)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, LevelStream):
                stream.finish()
        sys.stdout, sys.stderr = out, err


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings.verbosity = -1


def _set_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value and settings.verbosity >= 0:
        settings.verbosity = value


def _set_no_color(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings.no_color = True


def split_lists(values: tuple[str, ...]) -> tuple[str, ...]:
    """("en,ja", "th") -> ("en", "ja", "th")."""
    return tuple(part.strip() for value in values for part in str(value).split(",")
                 if part.strip())


def _splitting(callback):  # type: ignore[no-untyped-def]
    def split(ctx, param, value):  # type: ignore[no-untyped-def]
        value = split_lists(value) if value else value
        return callback(ctx, param, value) if callback else value

    return split


def with_conventions(command: click.Command) -> click.Command:
    """Add -q, -v and --no-color (unless the command has its own) and comma lists to a
    command and, for a group, to each of its subcommands."""
    if getattr(command, "_posters_conventions", False):
        return command
    command._posters_conventions = True  # type: ignore[attr-defined]
    taken = {opt for param in command.params for opt in getattr(param, "opts", ())}
    taken |= {opt for param in command.params for opt in getattr(param, "secondary_opts", ())}
    if "-q" not in taken and "--quiet" not in taken:
        command.params.append(click.Option(
            ["-q", "--quiet"], is_flag=True, expose_value=False, is_eager=True,
            callback=_set_quiet, help="Print only errors."))
    if "-v" not in taken and "--verbose" not in taken:
        command.params.append(click.Option(
            ["-v", "--verbose"], count=True, expose_value=False, is_eager=True,
            callback=_set_verbose, help="Print more detail (repeatable)."))
    if "--no-color" not in taken:
        command.params.append(click.Option(
            ["--no-color"], is_flag=True, expose_value=False, is_eager=True,
            callback=_set_no_color,
            help="No colour, even on a terminal (NO_COLOR=1 does the same)."))
    for param in command.params:
        if isinstance(param, click.Option) and param.multiple and any(
                opt in LIST_OPTIONS for opt in param.opts):
            param.callback = _splitting(param.callback)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_conventions(sub)
    return command
