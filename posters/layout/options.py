"""Typed block options: each block type's options are a frozen dataclass whose fields
carry their defaults and a line of documentation; reading a block from a layout file
checks every option against it, with the option's file and line.

A field's type says what the layout may write: ``float`` (a number), ``int``, ``bool``,
``str`` (a style or colour name, a content path), ``Literal[...]`` (one of some words),
``X | None`` (may be left out), ``tuple[X, ...]`` (a list), ``dict[int, int]`` (a
mapping with number keys) or another options dataclass (a nested mapping).
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, TypeVar, Union

from posters.diagnostics import Location
from posters.schema.source import MappingEntry, Node


@dataclass(frozen=True)
class BlockOptions:
    """The options of a block type that has none."""


OptionsT = TypeVar("OptionsT", bound=BlockOptions)


def option(default: Any, doc: str, *, expected: str = "", check: Any = None,
           key: str = "") -> Any:
    """A field of an options dataclass: its default, its line in docs/layouts.md, what
    a wrong value is told it should be (``expected``), ``check``: a function of the
    read value that returns a message when the value is of the right type but wrong,
    and the ``key`` a layout writes when it is not the field's name (``except``)."""
    metadata = {"doc": doc, "expected": expected, "check": check, "key": key}
    if isinstance(default, list | dict):
        raise TypeError("option defaults are immutable: a tuple, not a list")
    return field(default=default, metadata=metadata)


def required(doc: str, *, expected: str = "", check: Any = None) -> Any:
    """A field a nested mapping must have (a languages block's part needs its style)."""
    return field(metadata={"doc": doc, "expected": expected, "check": check, "key": ""})


@dataclass(frozen=True)
class Problem:
    location: Location
    path: str
    message: str


class _Wrong(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def read_options(cls: type[OptionsT], entries: dict[str, MappingEntry], path: str, what: str,
                 location: Location) -> tuple[OptionsT | None, list[Problem]]:
    """``cls`` from a block's option keys (``entries``); ``what`` names the block in
    messages ("a hotlines block"), ``location`` is the block's. None with the problems
    when any option is wrong."""
    problems: list[Problem] = []
    value = _read_dataclass(cls, entries, path, what, problems, location)
    return (value if not problems else None), problems


def _read_dataclass(cls: type, entries: dict[str, MappingEntry], path: str, what: str,
                    problems: list[Problem], location: Location) -> Any:
    hints = typing.get_type_hints(cls)
    known = {key_of(f): f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, entry in entries.items():
        where = f"{path}.{key}" if path else key
        if key not in known:
            problems.append(Problem(entry.key_location, where, unknown_message(
                key, what, sorted(known))))
            continue
        spec = known[key]
        try:
            read = _convert(hints[spec.name], entry.node, where, problems)
        except _Wrong as wrong:
            expected = spec.metadata.get("expected") or f"{key}: {wrong.message}"
            problems.append(Problem(wrong.node.location, where,
                                    f"{expected}, got {wrong.node.describe()}"))
            continue
        check = spec.metadata.get("check")
        message = check(read) if check else None
        if message:
            said = message if message.startswith(key) else f"{key}: {message}"
            problems.append(Problem(entry.node.location, where,
                                    f"{said}, got {entry.node.describe()}"))
            continue
        values[spec.name] = read
    for name, spec in known.items():
        if spec.default is MISSING and name not in entries:
            problems.append(Problem(location, path,
                                    f"{what} needs '{name}': {spec.metadata.get('doc', '')}"))
    if problems:
        return None
    return cls(**values)


def key_of(spec: Any) -> str:
    """The key a layout writes for a field."""
    return spec.metadata.get("key") or spec.name


def did_you_mean(word: str, known: list[str]) -> str:
    import difflib  # the suggestion only: not on a layout's path without mistakes

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_message(key: str, what: str, known: list[str]) -> str:
    listing = f" (known: {', '.join(known)})" if known else " (it has none)"
    return f"unknown option '{key}' for {what}{did_you_mean(key, known)}{listing}"


def _convert(hint: Any, node: Node, where: str, problems: list[Problem]) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        members = typing.get_args(hint)
        if type(None) in members and node.kind == "scalar" and node.value is None:
            return None
        wrongs = []
        for member in (m for m in members if m is not type(None)):
            try:
                return _convert(member, node, where, problems)
            except _Wrong as wrong:
                wrongs.append(wrong.message)
        raise _Wrong(node, " or ".join(dict.fromkeys(wrongs)))
    if origin is Literal:
        choices = typing.get_args(hint)
        if node.kind == "scalar" and node.value in choices:
            return node.value
        raise _Wrong(node, f"expected {' or '.join(choices)}")
    if origin is tuple:
        args = typing.get_args(hint)
        if node.kind != "sequence":
            raise _Wrong(node, "expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], child, f"{where}[{i}]", problems)
                         for i, child in enumerate(node.children))
        if len(node.children) != len(args):
            raise _Wrong(node, f"expected a list of {len(args)}")
        return tuple(_convert(arg, child, f"{where}[{i}]", problems)
                     for i, (arg, child) in enumerate(zip(args, node.children, strict=True)))
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        if node.kind != "mapping" or not node.items:
            raise _Wrong(node, "expected a mapping")
        out = {}
        for key, entry in node.items.items():
            if key_type is int and not key.isdigit():
                raise _Wrong(entry.node, "expected whole numbers as keys")
            out[int(key) if key_type is int else key] = _convert(
                value_type, entry.node, f"{where}.{key}", problems)
        return out
    if isinstance(hint, type) and issubclass(hint, BlockOptions):
        if node.kind != "mapping":
            raise _Wrong(node, "expected a mapping")
        before = len(problems)
        read = _read_dataclass(hint, node.items, where, f"'{where}'", problems, node.location)
        if len(problems) > before:
            return None
        return read
    if node.kind != "scalar":
        raise _Wrong(node, _EXPECTED.get(hint, "expected a value"))
    value = node.value
    kinds = {bool: (bool,), int: (int,), float: (int, float), str: (str,)}.get(hint, ())
    if type(value) in kinds and value != "":
        return float(value) if hint is float else value
    raise _Wrong(node, _EXPECTED.get(hint, "expected a value"))


_EXPECTED = {bool: "expected true or false", int: "expected a whole number",
             float: "expected a number", str: "expected a name or text"}


def describe_type(hint: Any) -> str:
    """What a field takes, for docs/layouts.md."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        members = [m for m in typing.get_args(hint) if m is not type(None)]
        return " or ".join(describe_type(member) for member in members)
    if origin is Literal:
        return " / ".join(f"`{choice}`" for choice in typing.get_args(hint))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"list of {describe_type(args[0])}"
        return f"[{', '.join(describe_type(arg) for arg in args)}]"
    if origin is dict:
        return "{items: columns}"
    if isinstance(hint, type) and issubclass(hint, BlockOptions):
        return "mapping"
    return {bool: "true/false", int: "whole number", float: "number",
            str: "name"}.get(hint, str(hint))


def describe_default(value: Any) -> str:
    if value is MISSING:
        return "required"
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    if isinstance(value, tuple):
        return f"`[{', '.join(str(v) for v in value)}]`" if value else "`[]`"
    return f"`{value}`"
