"""A block without a type: it only arranges its children (``rows`` or ``columns``)."""

from __future__ import annotations

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.options import BlockOptions
from posters.layout.tree import Block


class Group(BlockType[BlockOptions]):
    name = "group"
    Options = BlockOptions
    summary = "nothing itself: it arranges its children"

    def has_content(self, page: PageContext, block: Block) -> bool:
        return False

    def place(self, page: PageContext, block: Block) -> None:
        return None
