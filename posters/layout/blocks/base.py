"""What every block type is: a name, an options dataclass, and how it is placed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic

from posters.layout.options import BlockOptions, OptionsT

if TYPE_CHECKING:
    from posters.layout.blocks.context import PageContext
    from posters.layout.tree import Block


class BlockType(Generic[OptionsT]):
    """One kind of block. A subclass names itself (``name``), gives its options
    dataclass (``Options``) and places a block of its kind on a page (``place``); the
    flow asks it whether the campaign has what it shows (``has_content``) and, for a
    grid, how many items it holds (``item_count``)."""

    name: ClassVar[str]
    Options: type[OptionsT]
    decorative: ClassVar[bool] = False  # drawn, but not content (a band, a rule)
    summary: ClassVar[str] = ""  # what it draws, for docs/layouts.md
    required_styles: ClassVar[tuple[str, ...]] = ()  # the styles it cannot be drawn without

    def options(self, block: Block) -> OptionsT:
        assert isinstance(block.options, self.Options), (block.type, block.options)
        return block.options

    def check(self, options: OptionsT, multilingual: bool) -> list[str]:
        """Problems with the options taken together (each option's type is already
        checked), for ``posters validate``."""
        return [f"a {self.name} block needs '{key}': the name of one of the styles"
                for key in self.required_styles if not getattr(options, key)]

    def styles(self, options: OptionsT) -> list[tuple[str, str]]:
        """(option, style name) of every style the block uses."""
        return [(name, value) for name, value in vars(options).items()
                if name.endswith("style") and isinstance(value, str)]

    def has_content(self, page: PageContext, block: Block) -> bool:
        return True

    def item_count(self, page: PageContext, block: Block) -> int:
        return 0

    def place(self, page: PageContext, block: Block) -> None:
        raise NotImplementedError


__all__ = ["BlockOptions", "BlockType"]
