"""Read YAML into a tree that remembers where every key and value was written.

PyYAML's composer gives nodes with marks; we keep the marks, the scalar text exactly as
authored (so ``0120-924-839`` or ``no`` is never reinterpreted), and the comment lines
written right above each key (translator comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from posters.diagnostics import Diagnostics, Location


@dataclass(frozen=True)
class Node:
    """A YAML value: ``items`` for a mapping, ``children`` for a sequence, else a scalar."""

    kind: str  # "mapping" | "sequence" | "scalar"
    location: Location
    raw: str = ""  # a scalar's text as written (after YAML unquoting/folding)
    value: Any = None  # a scalar's value as YAML resolves it (int, float, bool, None, str)
    plain: bool = False  # an unquoted scalar
    items: dict[str, MappingEntry] = field(default_factory=dict)
    children: tuple[Node, ...] = ()

    @property
    def type_name(self) -> str:
        if self.kind != "scalar":
            return self.kind
        if self.value is None:
            return "null"
        return {bool: "boolean", int: "number", float: "number", str: "text"}.get(
            type(self.value), type(self.value).__name__
        )

    def describe(self) -> str:
        """The value for a message: the authored text, shortened."""
        if self.kind != "scalar":
            return f"a {self.kind}"
        text = self.raw if len(self.raw) <= 40 else self.raw[:37] + "..."
        return repr(text)


@dataclass(frozen=True)
class MappingEntry:
    key_location: Location
    node: Node
    comments: tuple[str, ...] = ()  # comment lines directly above the key, without '#'


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str
    lines: tuple[str, ...]


class _Resolver(yaml.SafeLoader):
    pass


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, problems: Diagnostics) -> Node | None:
    """Parse one YAML file; report problems into ``problems`` and return None on failure."""
    display = _display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.error(Location(display), "file not found")
        return None
    except OSError as exc:
        problems.error(Location(display), f"cannot read file: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            Location(display, line, column),
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.error(Location(display, 1, 1), "the file is empty; see docs/campaign-format.md")
        return None
    source = SourceFile(path, display, tuple(text.splitlines()))
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        problems.error(_mark_location(display, exc), _yaml_problem(exc, source))
        return None
    if len(documents) != 1 or documents[0] is None:
        problems.error(
            Location(display, 1, 1), "expected exactly one YAML document (found "
            f"{len(documents)}); remove the extra '---' separators"
        )
        return None
    return _Converter(source, problems).convert(documents[0])


def _mark_location(display: str, exc: yaml.MarkedYAMLError) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Location(display)
    return Location(display, mark.line + 1, mark.column + 1)


def _yaml_problem(exc: yaml.MarkedYAMLError, source: SourceFile) -> str:
    mark = exc.problem_mark
    problem = exc.problem or "invalid YAML"
    if mark is not None and mark.line < len(source.lines):
        line = source.lines[mark.line]
        if "\t" in line[: mark.column + 1]:
            return "a tab character; YAML indents with spaces only: replace the tab with spaces"
    if "found character '\\t'" in problem:
        return "a tab character; YAML indents with spaces only: replace the tab with spaces"
    context = f" ({exc.context})" if exc.context else ""
    return f"YAML syntax: {problem}{context}"


def _location(node: yaml.Node, source: SourceFile) -> Location:
    mark = node.start_mark
    return Location(source.display, mark.line + 1, mark.column + 1)


def _comments_above(source: SourceFile, line_index: int) -> tuple[str, ...]:
    comments: list[str] = []
    index = line_index - 1
    while index >= 0:
        stripped = source.lines[index].strip()
        if not stripped.startswith("#"):
            break
        comments.append(stripped[1:].strip())
        index -= 1
    return tuple(reversed(comments))


_SCALAR_RESOLVER = _Resolver("")


class _Converter:
    """Converts composed nodes; an alias reuses its anchor's converted node (no expansion)."""

    def __init__(self, source: SourceFile, problems: Diagnostics) -> None:
        self.source = source
        self.problems = problems
        self.done: dict[int, Node] = {}

    def convert(self, node: yaml.Node) -> Node:
        known = self.done.get(id(node))
        if known is None:
            known = self.done[id(node)] = self._convert(node)
        return known

    def _convert(self, node: yaml.Node) -> Node:
        source, problems = self.source, self.problems
        location = _location(node, source)
        if isinstance(node, yaml.ScalarNode):
            try:
                value = _SCALAR_RESOLVER.construct_object(node, deep=True)
            except yaml.YAMLError:
                value = node.value
            return Node("scalar", location, raw=node.value, value=value, plain=node.style is None)
        if isinstance(node, yaml.SequenceNode):
            return Node("sequence", location, children=tuple(self.convert(c) for c in node.value))
        items: dict[str, MappingEntry] = {}
        for key_node, value_node in node.value:
            key_location = _location(key_node, source)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(key_location, "a key must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                problems.error(
                    key_location, "merge keys ('<<') are not supported; write the keys out"
                )
                continue
            if key in items:
                first = items[key].key_location
                problems.error(
                    key_location,
                    f"duplicate key '{key}' (first defined at line {first.line}); remove one",
                )
                continue
            items[key] = MappingEntry(
                key_location,
                self.convert(value_node),
                _comments_above(source, key_node.start_mark.line),
            )
        return Node("mapping", location, items=items)
