"""The one vocabulary of problems: what validation, translation QA, preflight and the
gallery report, each with the place (a file, a line and column in it, a page or a PDF
object of it) where the problem is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

# str(Location) read back: file[:line[:column]][, page N][, object]. A file name may hold
# ", ": the first ", page N" ends it, else the first ", " (a name and object both with one
# cannot be told apart; the text still reads back the same)
_FILE = r"(?P<file>.*?)(?::(?P<line>[1-9]\d*)(?::(?P<column>[1-9]\d*))?)?"
_LOCATION_TEXTS = (re.compile(_FILE + r", page (?P<page>[1-9]\d*)(?:, (?P<object>.+))?", re.S),
                   re.compile(_FILE + r"(?:, (?P<object>.+))?", re.S))


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

    def to_json(self) -> dict[str, Any]:
        """The parts as `posters check --json` writes them: file, page and object (null
        when unknown), and line and column when known."""
        data: dict[str, Any] = {"file": self.file}
        if self.line:
            data["line"] = self.line
            if self.column:
                data["column"] = self.column
        data["page"] = self.page or None
        data["object"] = self.object or None
        return data

    @classmethod
    def from_json(cls, data: Any) -> Location:
        """A location from ``to_json()``'s mapping or from its ``str()`` (the build
        report's form). Untrusted input: anything else raises ValueError."""
        if isinstance(data, str):
            match = (_LOCATION_TEXTS[0].fullmatch(data) or _LOCATION_TEXTS[1].fullmatch(data))
            assert match is not None  # the second matches any text
            parts = match.groupdict()
            numbers = {key: int(parts.get(key) or 0) for key in ("line", "column", "page")}
            return cls(parts["file"], **numbers, object=parts["object"] or "")
        if not isinstance(data, Mapping):
            raise ValueError("location: expected a string or an object")
        parts = {key: data.get(key) for key in ("file", "line", "column", "page", "object")}
        if not isinstance(parts["file"], str):
            raise ValueError("location.file: expected a string")
        for key in ("line", "column", "page"):
            value = parts[key] or 0
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"location.{key}: expected a whole number from 1, or null")
            parts[key] = value
        if not isinstance(parts["object"] or "", str):
            raise ValueError("location.object: expected a string or null")
        parts["object"] = parts["object"] or ""
        return cls(**parts)


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

    def to_json(self, *, structured_location: bool = False) -> dict[str, Any]:
        """The finding as the build report keeps it: code, level, message and the location
        as text (``str(location)``); with ``structured_location`` the location is
        ``Location.to_json()``'s mapping (`posters check --json`). "subject" only when set."""
        data: dict[str, Any] = {
            "code": self.code, "level": str(self.level),
            "location": self.location.to_json() if structured_location else str(self.location),
            "message": self.message,
        }
        if self.subject:
            data["subject"] = self.subject
        return data

    @classmethod
    def from_json(cls, data: Any) -> Diagnostic:
        """The diagnostic ``to_json()`` wrote (either location form). Untrusted input (a
        report from another machine): a wrong shape raises ValueError naming the key."""
        if not isinstance(data, Mapping):
            raise ValueError("expected an object")
        texts = {}
        for key, default in (("code", ""), ("level", None), ("message", None),
                             ("subject", "")):
            value = data.get(key, default)
            if not isinstance(value, str):
                raise ValueError(f"{key}: expected a string")
            texts[key] = value
        level_text = texts.pop("level")
        try:
            level = Level(level_text)
        except ValueError:
            raise ValueError(f"level: {level_text!r} is not one of {', '.join(Level)}") from None
        return cls(level, Location.from_json(data.get("location", "")), **texts)


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
