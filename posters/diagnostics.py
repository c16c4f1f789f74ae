"""Problems a user can cause, with the place in their files where each one is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1 (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    location: Location
    message: str
    subject: str = ""  # what the message is about: a key path, a block, a message id

    def __str__(self) -> str:
        subject = f"{self.subject}: " if self.subject else ""
        return f"{self.location}: {self.level.value}: {subject}{self.message}"


class Diagnostics:
    """Collects every problem before the caller decides whether to stop."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, location: Location, message: str, subject: str = "") -> None:
        self._items.append(Diagnostic(Level.ERROR, location, message, subject))

    def warning(self, location: Location, message: str, subject: str = "") -> None:
        self._items.append(Diagnostic(Level.WARNING, location, message, subject))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._items.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self._items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self._items if d.level is Level.WARNING]

    def promote_warnings(self) -> None:
        """--strict: every warning becomes an error."""
        self._items = [
            Diagnostic(Level.ERROR, d.location, d.message, d.subject) for d in self._items
        ]


class ContentError(Exception):
    """Raised by a stage when the user's content has errors; carries all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
