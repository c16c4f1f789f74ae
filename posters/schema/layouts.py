"""What a layout file (stock, or a campaign's own ``layouts/<format>.yaml``) may name of
the campaign: the content paths of its text blocks (``headline``, ``web.url``,
``hotlines[0].number``, ``data.heading``), checked against the fields of the localized
campaign before anything is built.

A path that names a field the campaign may leave empty (``web.url`` of a campaign
without a web address, ``hotlines[5].number`` of one with three hotlines) is valid: the
block is left out. A path that names no field at all would be left out of every build
without a word (``web.adress``), and one that ends at something other than a text
(``hotlines``, ``web.qr``) cannot be set: both are refused here.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

_PART = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def content_path_problem(path: object) -> str | None:
    """Why ``path`` names no text of the localized campaign, or None when it does."""
    from posters.localized import LocalizedCampaign, LocalText

    if not isinstance(path, str) or not path:
        return "a text block needs 'content': a path such as headline or web.url"
    current: Any = LocalizedCampaign
    walked: list[str] = []
    for part in path.split("."):
        m = _PART.match(part)
        if m is None:
            return f"{part!r} is not a field name, optionally with an index ([0])"
        name, index = m.groups()
        hints = _fields(current)
        where = ".".join(walked) or "the campaign"
        if name not in hints:
            return (f"{where} has no field {name!r} (it has: "
                    f"{', '.join(sorted(n for n in hints if n not in _INTERNAL))})")
        current = _optional(hints[name])
        if index is not None:
            if typing.get_origin(current) is not tuple:
                return f"{'.'.join([*walked, name])} is not a list; remove [{index}]"
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is tuple:
            return f"{'.'.join([*walked, name])} is a list; name one item, e.g. {name}[0]"
        walked.append(part)
    if current not in (LocalText, str):
        return f"{path} is not a text; name one of its fields"
    return None


_INTERNAL = {"campaign", "lang", "rtl"}  # fields of the record, not content


@cache
def _fields(kind: type) -> dict[str, Any]:
    if not is_dataclass(kind):
        return {}
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in fields(kind) if f.name not in _INTERNAL}


def _optional(hint: Any) -> Any:
    """``X | None`` -> ``X``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint
