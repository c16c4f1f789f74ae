"""One text of the campaign, by its path (``headline``, ``web.url``, ``hotlines[0].number``)."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block
from posters.schema.layouts import content_path_problem


def content_known(path: object) -> bool:
    """Whether a content path names a text of the localized campaign."""
    return content_path_problem(path) is None


@dataclass(frozen=True)
class TextOptions(BlockOptions):
    content: str | None = option(
        None, "a path into the localized campaign: `headline`, `tagline`, "
              "`statistics_heading`, `warning_heading`, `warning_intro`, `call_to_action`, "
              "`copyright`, `disclaimer`, `web.label`, `web.url`, `web.note`, "
              "`hotlines[0].number`, `hotlines[1].label`, `data.heading`, `data.source`, "
              "`language_card.heading`, `language_card.line`, `language_name` (the "
              "language's own name, from CLDR)")
    style: str | None = option(None, "the style it is set in (required)")
    lang: str | None = option(
        None, "multilingual formats only: set the text in that language instead of the "
              "source language: a tag (`ja`), or `second` for the campaign's first "
              "language after the source")


class Text(BlockType[TextOptions]):
    name = "text"
    Options = TextOptions
    summary = "one text"
    required_styles = ("style",)

    def check(self, options: TextOptions, multilingual: bool) -> list[str]:
        problems = super().check(options, multilingual)
        if (problem := content_path_problem(options.content)) is not None:
            problems.append(f"unknown content {options.content!r}: {problem}; see "
                            "docs/layouts.md for the paths")
        if options.lang is not None and not multilingual:
            problems.append("'lang' is for multilingual formats (multilingual: true)")
        return problems

    def has_content(self, page: PageContext, block: Block) -> bool:
        options = self.options(block)
        localized = page.language(options.lang)
        return localized is not None and bool(page.content(options.content, localized))  # type: ignore[arg-type]

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        name = options.content
        localized = page.language(options.lang)
        if localized is None or name is None:
            return
        link = localized.web.url if name == "web.url" and localized.web else None
        page.place_text(page.content(name, localized), page.rect(block.box),  # type: ignore[arg-type]
                        options.style, name, link, localized)  # type: ignore[arg-type]
