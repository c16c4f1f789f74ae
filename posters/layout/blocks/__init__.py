"""The block types a layout can use, one module each, and the registry that is the one
list of them: ``BLOCKS`` maps a block's ``type:`` to its block type (options dataclass,
content test, placement). A new block type is a module here with a ``BlockType``
subclass, listed in ``STOCK`` below (or, from elsewhere, registered with ``register``)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

from posters.layout.blocks.base import BlockType

# The stock block types, by name: (module in this package, class). Each module is
# imported when a layout first names its type (#20: a poster's build loads neither the
# chart nor the languages block), in this order when all are asked for.
STOCK: dict[str, tuple[str, str]] = {
    "band": ("band", "Band"), "rule": ("band", "Rule"), "text": ("text", "Text"),
    "statistics": ("statistics", "Statistics"),
    "warning_signs": ("warning_signs", "WarningSigns"), "hotlines": ("hotlines", "Hotlines"),
    "qr": ("qr", "Qr"), "contacts": ("contacts", "Contacts"), "logo": ("logo", "Logo"),
    "chart": ("chart", "Chart"), "charts": ("chart", "Charts"),
    "languages": ("languages", "Languages"), "group": ("group", "Group"),
}


class Registry(MutableMapping[str, BlockType]):
    """Block types by name: the stock ones made when first asked for, then any
    registered."""

    def __init__(self, stock: dict[str, tuple[str, str]]) -> None:
        self._stock = dict(stock)
        self._types: dict[str, BlockType] = {}

    def __getitem__(self, name: str) -> BlockType:
        found = self._types.get(name)
        if found is None:
            module, cls = self._stock[name]  # KeyError: no such block type
            kind = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
            found = self._types[name] = kind()
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._types or name in self._stock

    def __setitem__(self, name: str, kind: BlockType) -> None:
        self._types[name] = kind

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._types.pop(name, None)
        self._stock.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._stock, *self._types]))

    def __len__(self) -> int:
        return len(self._stock.keys() | self._types.keys())


BLOCKS: Registry = Registry(STOCK)


def register(kind: type[BlockType]) -> type[BlockType]:
    """Make a block type known to layout files by its ``name`` (a class decorator)."""
    if kind.name in BLOCKS and type(BLOCKS[kind.name]) is not kind:
        raise ValueError(f"a block type named {kind.name!r} is already registered")
    BLOCKS[kind.name] = kind()
    return kind


def unregister(name: str) -> None:
    BLOCKS.pop(name, None)


def block_type(name: str) -> BlockType:
    return BLOCKS[name]


def decorative(name: str) -> bool:
    """Drawn, but not content: a group of only such blocks has nothing to show."""
    found = BLOCKS.get(name)
    return found is not None and found.decorative


__all__ = ["BLOCKS", "BlockType", "block_type", "decorative", "register", "unregister"]
