"""The one vocabulary of problems: what validation, translation QA, preflight and the
gallery report, each with the place (a file, a line and column in it, a page or a PDF
object of it) where the problem is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file (line and column count from 1; 0 = unknown) or in a PDF
    (page counts from 1, 0 = unknown; object names one, e.g. "font /F1 (NotoSans)")."""

    file: str
    line: int = 0
    column: int = 0
    page: int = 0
    object: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        if self.page:
            place += f", page {self.page}"
        if self.object:
            place += f", {self.object}"
        return place


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    location: Location
    message: str
    subject: str = ""  # what the message is about: a key path, a block, a message id
    code: str = ""  # a stable identifier where the check has one, e.g. "PF003"

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        subject = f"{self.subject}: " if self.subject else ""
        return f"{self.location}: {self.level.value}{code}: {subject}{self.message}"


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
            replace(d, level=Level.ERROR) if d.level is Level.WARNING else d
            for d in self._items
        ]


class ContentError(Exception):
    """Raised by a stage when the user's content has errors; carries all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
