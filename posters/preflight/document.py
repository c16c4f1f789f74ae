"""One PDF under inspection: opened once, interpreted once, shared by every check."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pikepdf

from posters.preflight.content import Interpreter, PageContent

PT_PER_MM = 72.0 / 25.4
Box = tuple[float, float, float, float]


def normalise_box(box) -> Box:
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


@dataclass
class Document:
    path: Path
    label: str
    pdf: pikepdf.Pdf | None = None
    open_error: str | None = None
    _interpreter: Interpreter | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, label: str | None = None) -> Document:
        doc = cls(path=path, label=label or str(path))
        try:
            doc.pdf = pikepdf.open(path)
        except Exception as exc:
            doc.open_error = str(exc)
        return doc

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()

    @property
    def interpreter(self) -> Interpreter:
        if self._interpreter is None:
            self._interpreter = Interpreter(self.pdf)
        return self._interpreter

    @cached_property
    def pages(self) -> list[PageContent]:
        return list(self.interpreter.pages())

    def box(self, page_index: int, name: str) -> Box | None:
        """A page box as written in the file (no inheritance of Trim/Bleed from the MediaBox)."""
        page = self.pdf.pages[page_index].obj
        node = page
        while node is not None:
            if name in node:
                return normalise_box(node[name])
            if name != "/MediaBox":
                return None
            node = node.get("/Parent")
        return None

    def trim_or_media(self, page_index: int) -> Box:
        return self.box(page_index, "/TrimBox") or self.box(page_index, "/MediaBox")

    def looks_like_print(self) -> bool:
        """Guess the variant: an OutputIntent or a TrimBox smaller than the MediaBox."""
        if self.pdf is None:
            return True
        if "/OutputIntents" in self.pdf.Root:
            return True
        for i in range(len(self.pdf.pages)):
            trim, media = self.box(i, "/TrimBox"), self.box(i, "/MediaBox")
            if trim and media and trim != media:
                return True
        return False
