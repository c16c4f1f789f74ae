"""The logical structure of a rendered document (PDF/UA-1, ISO 14289-1).

ReportLab writes no tags. While the renderer draws a layout item it asks a
:class:`Tagger` for the item's role: the tagger wraps the item's drawing in a marked-content
sequence (``/P <</MCID 3>> BDC ... EMC``) or marks it as an artifact (bands, rules, crop
marks), and records where the item belongs in the structure tree. The finished
:class:`Structure` is plain data; ``posters.print.structure`` writes it into the file with
pikepdf (StructTreeRoot, ParentTree, OBJR for link annotations).

Roles come from what the layout says an item is (its ``block``): the headline is H1, a
``*heading`` H2, warning signs a list (the icon the item's label, a Figure whose
alternative text is the sign), hotlines a list whose numbers a screen reader spells digit
by digit, the QR code a Figure whose alternative text is its address. Items are drawn in the
layout's reading order (grid cells are already mirrored on right-to-left pages), so the
tree's order is the reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from posters.layout.geometry import Icon, Item, PageLayout, Picture, QrCode, TextFrame
from posters.schema.phone import spoken_digits


@dataclass(frozen=True)
class MarkRef:
    """Marked content ``mcid`` on page ``page`` (0-based)."""

    page: int
    mcid: int


@dataclass(frozen=True)
class AnnotRef:
    """The ``index``-th annotation of page ``page`` (both 0-based), in the order drawn."""

    page: int
    index: int


@dataclass
class Element:
    role: str
    children: list[Element | MarkRef | AnnotRef] = field(default_factory=list)
    lang: str | None = None
    alt: str | None = None
    expansion: str | None = None  # /E: how a screen reader says it (a phone number's digits)
    bbox: tuple[float, float, float, float] | None = None  # a Figure's, in page space
    key: str = ""  # groups consecutive items into one container (a list, a language)


@dataclass(frozen=True)
class Structure:
    root: Element  # the Document element
    pages: int
    lang: str


def _walk(element: Element):
    yield element
    for child in element.children:
        if isinstance(child, Element):
            yield from _walk(child)


def _in_other_language(element: Element, root: Element) -> bool:
    """Whether ``element`` is inside a language's section (the multilingual sheet)."""
    def inside(node: Element, sect: bool) -> bool | None:
        if node is element:
            return sect
        for child in node.children:
            if isinstance(child, Element):
                found = inside(child, sect or node.role == "Sect")
                if found is not None:
                    return found
        return None
    return bool(inside(root, False))


@dataclass(frozen=True)
class Role:
    """Where an item goes: containers from the outermost (role, key), then its own role."""

    containers: tuple[tuple[str, str], ...]
    role: str
    lang: str | None = None
    alt: str | None = None
    expansion: str | None = None
    link: bool = False  # the item's drawing is a link's content (an annotation follows)


_INDEXED = re.compile(r"^(?P<name>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<part>[a-z_]+))?$")
_IN_LANGUAGE = re.compile(r"^(?P<name>.+) \[(?P<lang>[A-Za-z0-9-]+)\]$")


class Tagger:
    """Collects the structure while a document is drawn; one per document."""

    def __init__(self, lang: str, logo_alt: str = "", links: bool = True) -> None:
        self.lang = lang
        self.links = links  # the variant draws link annotations (screen, not print)
        self.logo_alt = logo_alt
        self.root = Element("Document")
        self.page = -1
        self.mcid = 0
        self.annotations = 0
        self.open: list[Element] = []  # the container chain of the last item
        # a folded sheet's panels: (page, panel in reading direction) -> (name, element
        # holding its items); the document reads them in the order structure() decides
        self.groups: dict[tuple[int, int], tuple[str, Element]] = {}
        self.group: tuple[int, int] | None = None
        self.headline_seen = False
        self.canvas = None
        self.content = self.root  # the element whose content is being drawn

    # -- pages

    def start_page(self, canvas) -> None:
        self.canvas = canvas
        self.page += 1
        self.mcid = 0
        self.annotations = 0

    def structure(self) -> Structure:
        """The tree in reading order: on a folded sheet the cover panel first, then the
        pages after it, then the cover page's other panels (a roll fold's flap and back);
        the first heading of that order is the H1."""
        cover = next((key for key, (name, _) in self.groups.items()
                      if name in ("cover", "front")), None)

        def rank(key: tuple[int, int]) -> tuple[int, int, int]:
            if key == cover:
                return (0, *key)
            if cover is not None and key[0] == cover[0]:
                return (2, *key)
            return (1, *key)

        root = Element("Document")
        for key in sorted(self.groups, key=rank):
            root.children += self.groups[key][1].children
        first = True
        for element in _walk(root):
            if element.role in ("H1", "H2") and not _in_other_language(element, root):
                element.role = "H1" if first else ("H2" if element.role == "H1"
                                                   else element.role)
                first = False
        return Structure(root, self.page + 1, self.lang)

    def _enter(self, item: Item, page: PageLayout) -> None:
        """Switch to the group (panel) that holds ``item``."""
        panels = list(page.panels)
        index, name = 0, ""
        if len(panels) > 1:
            if page.rtl:
                panels.reverse()
            rect = item.rect
            centre = rect.x + rect.width / 2
            index = next((i for i, panel in enumerate(panels)
                          if panel.rect.x - 0.01 <= centre <= panel.rect.right + 0.01), 0)
            name = panels[index].name
        key = (self.page, index)
        if key != self.group:
            self.group = key
            self.open = []
            if key not in self.groups:
                self.groups[key] = (name, Element("Group"))
        self.root = self.groups[key][1]

    # -- marked content

    def artifact_begin(self, kind: str = "") -> None:
        props = f" <</Type /{kind}>> BDC" if kind else " BMC"
        self.canvas._code.append("/Artifact" + props)

    def end(self) -> None:
        self.canvas._code.append("EMC")

    def begin(self, item: Item, page: PageLayout, following: tuple[Item, ...],
              bbox: tuple[float, float, float, float] | None = None,
              inline: bool = False) -> Element:
        """Open the marked content of ``item`` (``inline``: the drawing opens it, calling
        :meth:`mark`); returns its element (for link annotations)."""
        self._enter(item, page)
        role = self.role(item, page, following)
        parent = self._container(role.containers)
        leaf = Element(role.role, lang=role.lang, alt=role.alt, expansion=role.expansion,
                       bbox=bbox if role.role == "Figure" else None)
        parent.children.append(leaf)
        owner = content = leaf
        if role.link and self.links:
            link = Element("Link")
            if role.role == "Figure":  # the link holds the picture
                parent.children[-1] = link
                link.children.append(leaf)
            else:  # a paragraph holds the link, the link its text
                leaf.children.append(link)
                content = link
            owner = link
        if role.expansion:
            content.expansion = role.expansion
            leaf.expansion = None if content is not leaf else role.expansion
        self.content = content
        if not inline:
            self.canvas._code.append(self.mark())
        return owner

    def mark(self) -> str:
        """Open a new marked-content sequence of the current item's element (text opens
        several: posters.render.text)."""
        content = self.content
        content.children.append(MarkRef(self.page, self.mcid))
        self.mcid += 1
        return f"/{content.role} <</MCID {self.mcid - 1}>> BDC"

    def annotation(self, owner: Element | None, *, wrap: bool = False) -> None:
        """A link annotation just drawn on this page belongs to ``owner`` (a Link element,
        or a text whose own Link gets it when ``wrap``)."""
        ref = AnnotRef(self.page, self.annotations)
        self.annotations += 1
        if owner is None:
            return
        if wrap or owner.role != "Link":  # a link's annotation is always a Link's
            owner.children.append(Element("Link", [ref]))
        else:
            owner.children.append(ref)

    def _container(self, chain: tuple[tuple[str, str], ...]) -> Element:
        """The innermost container for ``chain``, reusing the open ones that match."""
        parent = self.root
        kept: list[Element] = []
        for depth, (role, key) in enumerate(chain):
            if depth < len(self.open) and len(kept) == depth and \
                    self.open[depth].role == role and self.open[depth].key == key:
                node = self.open[depth]
            else:
                node = Element(role, key=key)
                if role == "Sect" and key.startswith("lang:"):
                    node.lang = self._other(key[5:])
                parent.children.append(node)
            kept.append(node)
            parent = node
        self.open = kept
        return parent

    def _other(self, lang: str | None) -> str | None:
        """``lang`` when it is not the document's language (elements say only a change)."""
        return lang if lang and lang != self.lang else None

    # -- roles

    def role(self, item: Item, page: PageLayout, following: tuple[Item, ...]) -> Role:
        if isinstance(item, QrCode):
            return Role((), "Figure", alt=item.data, link=True)
        if isinstance(item, Picture):
            return Role((), "Figure", alt=self.logo_alt)
        if isinstance(item, Icon):
            sign = next((f for f in following if isinstance(f, TextFrame)), None)
            index = _INDEXED.match(sign.block) if sign is not None else None
            key = index["index"] if index else ""
            alt = sign.source if sign is not None else item.label
            lang = self._other(sign.set_text.lang) if sign is not None else None
            return Role((("L", "warning_signs"), ("LI", key), ("Lbl", key)), "Figure",
                        lang=lang, alt=alt)
        assert isinstance(item, TextFrame)
        return self.text_role(item, page)

    def text_role(self, frame: TextFrame, page: PageLayout) -> Role:
        lang = self._other(frame.set_text.lang)
        block = frame.block
        language = _IN_LANGUAGE.match(block)
        outer: tuple[tuple[str, str], ...] = ()
        if language:
            block = language["name"]
            outer = (("Sect", f"lang:{language['lang']}"),)
            lang = None  # said by the section
        indexed = _INDEXED.match(block)
        if indexed and indexed["name"] == "warning_signs":
            key = indexed["index"]
            return Role((*outer, ("L", "warning_signs"), ("LI", key), ("LBody", key)), "P",
                        lang=lang)
        if indexed and indexed["name"] == "hotlines":
            key = indexed["index"]
            chain = (*outer, ("L", "hotlines"), ("LI", key), ("LBody", key))
            if indexed["part"] == "number":
                return Role(chain, "P", lang=lang, expansion=spoken_digits(frame.source),
                            link=bool(frame.link))
            return Role(chain, "P", lang=lang, link=bool(frame.link))
        heading = block == "headline" or block.endswith("heading") or block == "language_name"
        if heading and not self.headline_seen and not language:
            # the document's first heading (its headline, or a language card's heading)
            self.headline_seen = True
            return Role(outer, "H1", lang=lang)
        if heading:
            return Role(outer, "H2", lang=lang)
        return Role(outer, "P", lang=lang, link=bool(frame.link))
