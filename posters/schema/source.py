"""Read YAML into a tree that remembers where every key and value was written.

PyYAML's composer gives nodes with marks; we keep the marks, the scalar text exactly as
authored (so ``0120-924-839`` or ``no`` is never reinterpreted), and the comment lines
written right above each key (translator comments). PyYAML's side is
posters.schema.yaml_reader.

The tree of a file that read without a problem is remembered in the user cache
(posters.schema.checked: by the file's bytes, the name it is shown by and the tool's
code, PyYAML's version included), so that a build reading the same campaign and layouts
again neither imports PyYAML nor composes them (#20); a file with a problem is read
again every time, its messages coming from reading it.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posters.diagnostics import Diagnostics, Location
from posters.schema.checked import RememberedFindings


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
        """The value for a message, as authored: ``'ten'``, ``30``, ``a list of 3 items``."""
        if self.kind == "sequence":
            count = len(self.children)
            return f"a list of {count} item{'' if count == 1 else 's'}"
        if self.kind == "mapping":
            return "a mapping"
        if self.value is None and self.plain:
            return "nothing"
        if self.plain and type(self.value) in (int, float, bool):
            return self.raw
        text = self.raw if len(self.raw) <= 40 else self.raw[:37] + "..."
        if not text.isprintable():
            return repr(text)  # shows control characters as escapes
        return f'"{text}"' if "'" in text else f"'{text}'"


@dataclass(frozen=True)
class MappingEntry:
    key_location: Location
    node: Node
    comments: tuple[str, ...] = ()  # comment lines directly above the key, without '#'


def _display_path(path: Path) -> str:
    """The path as the user typed it; an absolute path under the current folder is shortened."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


display_path = _display_path  # for messages that name a file the user gave


def read_yaml(path: Path, problems: Diagnostics, display: str | None = None) -> Node | None:
    """Parse one YAML file; report problems into ``problems`` and return None on failure.

    The file is composed with libyaml where PyYAML has it (the same nodes and marks, five
    times faster); a file libyaml rejects is parsed again by PyYAML's own parser, whose
    syntax messages are the ones the validation table pins down. ``display`` names the
    file in messages (a stock layout inside the package is named, not its path)."""
    display = display or _display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.error(Location(display), f"the file is {size:,} bytes; a campaign file "
                                              f"is at most {MAX_BYTES:,}: is it the right file?")
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        problems.error(Location(display), "file not found")
        return None
    except OSError as exc:
        problems.error(Location(display), f"cannot read file: {exc.strerror}")
        return None
    remembered = _remembered_tree(data, display)
    tree = _recalled_tree(remembered.recall(), display)
    if tree is not None:
        return tree
    from posters.schema.yaml_reader import parse  # PyYAML: bytes not read before

    before = len(problems)
    tree = parse(path, data, display, problems)
    if tree is not None and len(problems) == before:
        encoded = _encoded_tree(tree)
        if encoded is not None and _recalled_tree(encoded, display) == tree:
            remembered.remember(encoded)
    return tree


MAX_BYTES = 10_000_000  # the sample campaign is 20 KB
MAX_DEPTH = 50  # lists and mappings inside each other; a campaign needs about 6


def yaml_data(text: str, *, libyaml: bool = True) -> Any:
    """The plain data of one of the tool's own YAML files (fonts.yaml, legibility.yaml):
    what PyYAML's safe loader gives (libyaml's with ``libyaml``), remembered in the user
    cache by the text, the loader and the tool's code when JSON holds it exactly (keys
    that are text, in their order; no dates), so that a process that read it before does
    not import PyYAML."""
    remembered = RememberedFindings("yaml data", text.encode(), {"libyaml": libyaml})
    stored = remembered.recall()
    if isinstance(stored, str):
        with contextlib.suppress(ValueError, RecursionError):
            return json.loads(stored)
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if libyaml else yaml.SafeLoader
    data = yaml.load(text, Loader=loader)  # a safe loader
    try:
        encoded = json.dumps(data, ensure_ascii=False, allow_nan=False)
        same = json.loads(encoded) == data  # JSON keeps int, float and bool apart
    except (TypeError, ValueError, RecursionError):
        return data
    if same:
        remembered.remember(encoded)
    return data


# ------------------------------------------------------------ trees remembered in the cache
#
# A tree as JSON: a scalar ["s", line, column, raw, value, plain], a sequence ["q", line,
# column, [node...]], a mapping ["m", line, column, [[key, line, column, [comment...],
# node]...]] (the key's place; the entries in the file's order); every location is in the
# file the tree was read from. A date or timestamp value is {"date": ISO} or
# {"datetime": ISO}. A tree that would not come back equal is not remembered.


class _NotEncodable(Exception):
    pass


def _remembered_tree(data: bytes, display: str) -> RememberedFindings:
    return RememberedFindings("yaml tree", data, {"display": display})


def _encoded_tree(tree: Node) -> list | None:
    try:
        return _encode(tree, tree.location.file)
    except (_NotEncodable, RecursionError):
        return None


def _place(location: Location, display: str) -> tuple[int, int]:
    if location != Location(display, location.line, location.column):
        raise _NotEncodable  # another file's place, or a page's
    return location.line, location.column


def _encode(node: Node, display: str) -> list:
    line, column = _place(node.location, display)
    if node.kind == "scalar":
        if node.items or node.children:
            raise _NotEncodable
        return ["s", line, column, node.raw, _encode_value(node.value), node.plain]
    if node.kind == "sequence":
        if node.items or node.raw or node.value is not None or node.plain:
            raise _NotEncodable
        return ["q", line, column, [_encode(child, display) for child in node.children]]
    if node.kind != "mapping" or node.children or node.raw or node.value is not None \
            or node.plain:
        raise _NotEncodable
    return ["m", line, column, [[key, *_place(entry.key_location, display),
                                 list(entry.comments), _encode(entry.node, display)]
                                for key, entry in node.items.items()]]


def _encode_value(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is datetime.date:
        return {"date": value.isoformat()}
    if type(value) is datetime.datetime:
        return {"datetime": value.isoformat()}
    raise _NotEncodable


def _recalled_tree(value: Any, display: str) -> Node | None:
    """The tree ``value`` encodes, or None for anything that is not one."""
    if value is None:
        return None
    try:
        return _decode(value, display)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
        return None


def _decode(value: list, display: str) -> Node:
    kind, line, column = value[0], value[1], value[2]
    if type(line) is not int or type(column) is not int:
        raise TypeError("not a place")
    location = Location(display, line, column)
    if kind == "s":
        raw, scalar, plain = value[3], value[4], value[5]
        if type(raw) is not str or type(plain) is not bool:
            raise TypeError("not a scalar")
        return Node("scalar", location, raw=raw, value=_decode_value(scalar), plain=plain)
    if kind == "q":
        return Node("sequence", location,
                    children=tuple(_decode(child, display) for child in value[3]))
    if kind != "m":
        raise ValueError(kind)
    items: dict[str, MappingEntry] = {}
    for key, key_line, key_column, comments, child in value[3]:
        if type(key) is not str or type(key_line) is not int or type(key_column) is not int \
                or not all(type(comment) is str for comment in comments) or key in items:
            raise TypeError("not a mapping entry")
        items[key] = MappingEntry(Location(display, key_line, key_column),
                                  _decode(child, display), tuple(comments))
    return Node("mapping", location, items=items)


def _decode_value(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    (kind, text), = value.items()
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "datetime":
        return datetime.datetime.fromisoformat(text)
    raise ValueError(kind)
