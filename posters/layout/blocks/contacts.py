"""The local-contacts area: a heading and a frame, filled with a region's office in a
regional variant, left empty for a sticker or a stamp otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from posters.layout.blocks.base import BlockType
from posters.layout.blocks.context import PageContext
from posters.layout.geometry import Rect, Stroke, mm
from posters.layout.options import BlockOptions, option
from posters.layout.tree import Block


@dataclass(frozen=True)
class ContactsOptions(BlockOptions):
    heading_style: str | None = option(None, "the style of the heading (required)")
    name_style: str | None = option(None, "the style of the office's name; default the "
                                          "heading's")
    detail_style: str | None = option(None, "the style of its address, phone and hours; "
                                            "default the heading's")
    heading_height: float = option(12.0, "mm: the most the heading takes (at most 30 % of "
                                         "the block)")
    colour: str | None = option(None, "a brand colour name for the frame; default `ink`")


class Contacts(BlockType[ContactsOptions]):
    name = "contacts"
    Options = ContactsOptions
    summary = "a framed area for local addresses"
    required_styles = ("heading_style",)

    def has_content(self, page: PageContext, block: Block) -> bool:
        return page.localized.local_contacts_heading is not None

    def place(self, page: PageContext, block: Block) -> None:
        options = self.options(block)
        rect = page.rect(block.box)  # type: ignore[arg-type]
        heading = page.localized.local_contacts_heading
        if heading is None:
            return
        heading_style: str = options.heading_style  # type: ignore[assignment]
        # the heading takes 30 % of the block, at most `heading_height` mm (a tall frame
        # keeps its heading right above it)
        heading_h = min(rect.height * 0.3, mm(options.heading_height * page.scale))
        page.place_text(heading, Rect(rect.x, rect.y, rect.width, heading_h),
                        heading_style, "local_contacts.heading")
        area = Rect(rect.x, rect.y + heading_h, rect.width, rect.height - heading_h)
        page.add(Stroke(area, page.colour(options.colour), mm(0.5 * page.scale),
                        radius=mm(2 * page.scale)))
        if page.region is None:
            return  # left empty for a sticker or a stamp
        region = page.localized.region(page.region)
        inner = area.inset(mm(2.5 * page.scale))
        name_h = inner.height * 0.45
        page.place_text(region.name, Rect(inner.x, inner.y, inner.width, name_h),
                        options.name_style or heading_style, f"regions.{region.id}.name")
        # addresses and numbers are data written left to right: kept whole in RTL text
        from posters.text import isolate_ltr  # ICU's bidi: not to read a layout (#20)

        details = [isolate_ltr(region.address)]
        if region.phone:
            details.append(isolate_ltr(region.phone))
        if region.hours:
            details.append(region.hours.text)
        page.place_text("\n".join(details),
                        Rect(inner.x, inner.y + name_h, inner.width, inner.height - name_h),
                        options.detail_style or heading_style,
                        f"regions.{region.id}.address")
