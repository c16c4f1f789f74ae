"""PyYAML's side of reading a campaign's YAML (posters.schema.source.read_yaml): the
checks of the text before it is composed, composing with libyaml (PyYAML's own parser
for the messages of a file libyaml rejects), syntax errors said where they really are,
and the composed nodes converted to ``Node`` trees with their marks and comments.
Imported only for bytes the user cache does not hold the tree of."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from posters.diagnostics import Diagnostics, Location
from posters.schema.source import MAX_DEPTH, MappingEntry, Node

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """The file being read, for the messages and comments its nodes take (here only: a
    tree recalled from the user cache needs none of it)."""

    path: Path
    display: str
    lines: tuple[str, ...]


class _Resolver(yaml.SafeLoader):
    pass


def _compose(text: str) -> list[yaml.Node]:
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return list(yaml.compose_all(text, Loader=fast))
        except yaml.YAMLError:
            pass  # PyYAML's parser says what is wrong in its own words
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def parse(path: Path, data: bytes, display: str, problems: Diagnostics) -> Node | None:
    """The tree of ``data`` (the bytes of ``path``, named ``display`` in messages), or
    None with its problems reported into ``problems``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(Location(display, 1, 1), "the file is UTF-16; save it as UTF-8")
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
    if _odd_line_breaks(text, display, problems):
        return None
    source = SourceFile(path, display, tuple(text.splitlines()))
    try:
        if _too_deep(text, display, problems):
            return None
        documents = _compose(text)
    except yaml.MarkedYAMLError as exc:
        location, message = _yaml_problem(exc, source)
        problems.error(location, f"YAML syntax: {message}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        problems.error(Location(display, line, column),
                       f"the character U+{exc.character:04X} is not allowed in YAML; remove it")
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(display), f"YAML: {exc}")
        return None
    if len(documents) != 1 or documents[0] is None:
        line = _separator_line(source, documents[1].start_mark.line) if len(documents) > 1 else 1
        problems.error(
            Location(display, line, 1),
            f"a second YAML document starts here (found {len(documents)}); a campaign is "
            "one document: remove the '---' separator and merge or delete what follows",
        )
        return None
    return _Converter(source, problems).convert(documents[0])


def _too_deep(text: str, display: str, problems: Diagnostics) -> bool:
    """Lists or mappings nested deeper than MAX_DEPTH: reported at the first one too deep,
    before composing (which recurses once per level and would overflow the stack).
    libyaml's events come one by one; where libyaml stops (it has a depth limit of its
    own, and syntax errors), PyYAML's scanner, which does not recurse either, counts."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _deepest(yaml.parse(text, Loader=fast), display, problems,
                            yaml.CollectionStartEvent, yaml.CollectionEndEvent)
        except yaml.YAMLError:
            pass
    try:
        return _deepest(yaml.scan(text, Loader=yaml.SafeLoader), display, problems,
                        _OPENING_TOKENS, _CLOSING_TOKENS)
    except yaml.YAMLError:
        return False  # a syntax error: composing reports it in PyYAML's words


_OPENING_TOKENS = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                   yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
_CLOSING_TOKENS = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _deepest(items, display: str, problems: Diagnostics,  # type: ignore[no-untyped-def]
             opening: tuple[type, ...] | type, closing: tuple[type, ...] | type) -> bool:
    depth = 0
    for item in items:
        if isinstance(item, opening):
            depth += 1
            if depth > MAX_DEPTH:
                problems.error(_mark(display, item.start_mark),
                               f"lists and mappings are nested more than {MAX_DEPTH} deep "
                               "here; a campaign needs only a few levels: check the brackets "
                               "and the indentation")
                return True
        elif isinstance(item, closing):
            depth -= 1
    return False


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _odd_line_breaks(text: str, display: str, problems: Diagnostics) -> bool:
    """NEL and the Unicode line/paragraph separators: YAML breaks lines there, editors
    don't, so every line number after one would be off. Report them all first."""
    found = False
    for match in _ODD_BREAKS.finditer(text):
        before = text[: match.start()]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        problems.error(Location(display, line, column),
                       f"the invisible line break U+{ord(match.group()):04X} (often pasted from "
                       "a word processor); remove it")
        found = True
    return found


# Tags a campaign may carry: the ones YAML gives plain values anyway (``!!str 2023``).
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


def _mark(display: str, mark: yaml.Mark) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


_TAB = "a tab character; YAML indents with spaces only: replace the tab with spaces"


def _yaml_problem(exc: yaml.MarkedYAMLError, source: SourceFile) -> tuple[Location, str]:
    """Where a syntax error really is and what to do, for PyYAML's most common complaints."""
    display = source.display
    mark, context_mark = exc.problem_mark, exc.context_mark
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    if mark is None:
        return Location(display), problem
    here = _mark(display, mark)
    if mark.line < len(source.lines) and "\t" in source.lines[mark.line][: mark.column + 1]:
        return Location(display, mark.line + 1, 1), _TAB
    if "found character '\\t'" in problem:
        return here, _TAB
    opened = _mark(display, context_mark) if context_mark is not None else here
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, "this quote is never closed; add the closing quote at the end of the text"
    if "flow sequence" in context:
        return opened, (f"the list opened with '[' here is not closed with ']' "
                        f"(YAML found {_token_name(problem)} at line {mark.line + 1})")
    if "flow mapping" in context:
        return opened, (f"the mapping opened with '{{' here is not closed with '}}' "
                        f"(YAML found {_token_name(problem)} at line {mark.line + 1})")
    runaway = _runaway_quote(source, mark)
    if runaway is not None:
        return _mark(display, runaway.start_mark), (
            f"this quoted text runs on to line {runaway.end_mark.line + 1}; "
            "close the quote on this line")
    if problem.startswith("mapping values are not allowed"):
        deeper = _indented_under_value(source, mark.line)
        if deeper is not None:
            return Location(display, mark.line + 1, deeper + 1), (
                "this line is indented more than the line above, so YAML reads it as more "
                "of that line's value; indent it like the key above")
        example = _quote_it(source.lines[mark.line]) if mark.line < len(source.lines) else ""
        return here, ("unexpected ': ' here; a value that contains ': ' must be in quotes "
                      f"({example}), else check this line's indentation")
    if problem.startswith("expected <block end>") or "block collection" in context:
        started = f" that starts at line {context_mark.line + 1}" if context_mark else ""
        return here, (f"this line's indentation does not fit the block{started}; "
                      "check the spaces at the start of the line")
    if "cannot start any token" in problem:
        char = source.lines[mark.line][mark.column] if mark.line < len(source.lines) else "?"
        return here, f"a plain value cannot start with '{char}'; put the value in quotes"
    if problem.startswith("found undefined alias") or "scanning an alias" in context:
        where = here if problem.startswith("found undefined alias") else opened
        return where, "a value starting with '*' must be in quotes (YAML reads it as an alias)"
    if "scanning an anchor" in context:
        return opened, "a value starting with '&' must be in quotes (YAML reads it as an anchor)"
    where = f" (while {context.removeprefix('while ')} at line {context_mark.line + 1})" if (
        context and context_mark is not None) else ""
    return here, f"{problem}{where}"


def _separator_line(source: SourceFile, before: int) -> int:
    """The line (from 1) of the '---' that starts the document whose content is at ``before``."""
    for index in range(min(before, len(source.lines) - 1), -1, -1):
        if source.lines[index].startswith("---"):
            return index + 1
    return before + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_under_value(source: SourceFile, index: int) -> int | None:
    """The indentation of line ``index`` when it sits deeper than a ``key: value`` above it."""
    line = source.lines[index] if index < len(source.lines) else ""
    above = next((source.lines[i] for i in range(index - 1, -1, -1)
                  if source.lines[i].strip() and not source.lines[i].lstrip().startswith("#")),
                 None)
    if above is None or _indent(line) <= _indent(above):
        return None
    if not re.match(r"^\s*(?:- )?[\w-]+:\s+\S", above):
        return None
    return _indent(line)


def _quote_it(line: str) -> str:
    """``title: Demo: poster`` -> ``title: "Demo: poster"``, to show how to quote a value."""
    found = re.match(r"^\s*(?:- )?([\w-]+):\s+(.+?)\s*$", line)
    if not found:
        return 'title: "Demo: poster"'
    value = found.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f'{found.group(1)}: "{value}"'


def _token_name(problem: str) -> str:
    found = re.search(r"but (?:got|found) (.+)$", problem)
    return found.group(1) if found else "something else"


def _runaway_quote(source: SourceFile, mark: yaml.Mark) -> yaml.Token | None:
    """A quoted value that ends on the error's line after spanning lines: a missing quote."""
    tokens: list[yaml.Token] = []
    with contextlib.suppress(yaml.YAMLError):
        for token in yaml.scan("\n".join(source.lines), Loader=yaml.SafeLoader):
            tokens.append(token)
    for token in tokens:
        if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == mark.line):
            return token
    return None


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
        self.open: set[int] = set()  # the nodes being converted: an alias to one is a loop

    def convert(self, node: yaml.Node) -> Node:
        known = self.done.get(id(node))
        if known is None:
            if id(node) in self.open:
                location = _location(node, self.source)
                self.problems.error(location, "an alias ('*') here refers to the list or "
                                              "mapping it is inside; write the value out")
                return Node("scalar", location)
            self.open.add(id(node))
            try:
                known = self.done[id(node)] = self._convert(node)
            finally:
                self.open.discard(id(node))
        return known

    def _convert(self, node: yaml.Node) -> Node:
        source, problems = self.source, self.problems
        location = _location(node, source)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            problems.error(location, f"the YAML tag '{tag}' is not supported; remove it")
        if isinstance(node, yaml.ScalarNode):
            try:
                value = _SCALAR_RESOLVER.construct_object(node, deep=True)
            except yaml.YAMLError:
                value = node.value
            # a plain scalar has no style: None from PyYAML's parser, "" from libyaml's
            return Node("scalar", location, raw=node.value, value=value, plain=not node.style)
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
