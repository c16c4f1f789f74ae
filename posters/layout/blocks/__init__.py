"""The block types a layout can use, one module each, and the registry that is the one
list of them: ``BLOCKS`` maps a block's ``type:`` to its block type (options dataclass,
content test, placement). A new block type is a module here with a ``BlockType``
subclass, registered below (or, from elsewhere, with ``register``)."""

from __future__ import annotations

from posters.layout.blocks.band import Band, Rule
from posters.layout.blocks.base import BlockType
from posters.layout.blocks.chart import Chart, Charts
from posters.layout.blocks.contacts import Contacts
from posters.layout.blocks.group import Group
from posters.layout.blocks.hotlines import Hotlines
from posters.layout.blocks.languages import Languages
from posters.layout.blocks.logo import Logo
from posters.layout.blocks.qr import Qr
from posters.layout.blocks.statistics import Statistics
from posters.layout.blocks.text import Text
from posters.layout.blocks.warning_signs import WarningSigns

BLOCKS: dict[str, BlockType] = {}


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


for _kind in (Band, Rule, Text, Statistics, WarningSigns, Hotlines, Qr, Contacts, Logo,
              Chart, Charts, Languages, Group):
    register(_kind)

__all__ = ["BLOCKS", "BlockType", "block_type", "decorative", "register", "unregister"]
