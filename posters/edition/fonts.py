"""The page's fonts: the stacks the campaign's posters are set with, cut down to the
characters the page shows and embedded, so that a page reads the same offline, on a phone
that lacks the language's fonts, as on the poster.

Each language on a page (the page's own, and each language's name in the list of the
others) is set in its own stack: ``html`` takes the page language's stack and every
element with another ``lang`` takes that language's. A font of a stack carries only the
characters that the fonts before it lack, as a browser falls back from font to font.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

from posters.text.config import FontConfig, FontConfigError
from posters.text.webfont import WEIGHTS, face_rule, load_face

_NOT_SHOWN = {"style", "title", "script", "head"}


def family(font_id: str) -> str:
    return f"edition-{font_id}"


class _TextByLanguage(HTMLParser):
    """The characters a page shows, by the language of the element that shows them."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, lang, hidden
        self.lang, self.hidden = lang, False
        self.texts: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in ("meta", "link", "br", "img", "input", "hr", "path", "rect", "circle",
                   "ellipse", "line", "polyline", "polygon"):
            return  # void (or, inside an icon, empty) elements
        self.stack.append((tag, self.lang, self.hidden))
        self.lang = dict(attrs).get("lang") or self.lang
        self.hidden = self.hidden or tag in _NOT_SHOWN

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        while self.stack:
            open_tag, self.lang, self.hidden = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self.hidden:
            # a space is drawn too, from the font of the text around it
            self.texts.setdefault(self.lang, set()).update(c for c in data
                                                           if c not in "\n\r\t\f")


# Characters a shaper splits into others before it looks them up in the font (HarfBuzz's
# Thai, Lao and Khmer shapers): without those the browser draws the cluster from a system
# font, or as a box.
_SPLIT = {"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2", "\u17be": "\u17c1",
          "\u17bf": "\u17c1", "\u17c0": "\u17c1", "\u17c4": "\u17c1", "\u17c5": "\u17c1"}


def shown_text(html: str, lang: str) -> dict[str, set[str]]:
    """Language -> the characters shown in it (``lang`` is the page's)."""
    parser = _TextByLanguage(lang)
    parser.feed(html)
    parser.close()
    return parser.texts


def _with_parts(chars: set[str]) -> set[str]:
    """The characters and what a shaper may split them into (canonical decompositions,
    Thai and Lao SARA AM, Khmer split vowels), for the font to carry them all."""
    out = set(chars)
    for c in chars:
        out.update(unicodedata.normalize("NFD", c))
        out.update(_SPLIT.get(c, ""))
    return out


def page_fonts(html: str, lang: str, config: FontConfig) -> str:
    """@font-face rules (data: URLs) and the font-family rules of each language on the
    page. A language without a usable stack, or a font not installed, is left to the
    system's fonts (the campaign check reports a language that cannot be set)."""
    texts = shown_text(html, lang)
    chars_of: dict[str, set[str]] = {}  # font id -> the characters it must carry
    stacks: dict[str, list[str]] = {}
    faces: dict[str, object] = {}
    for one, chars in sorted(texts.items()):
        try:
            stack = config.language(one).stack
        except FontConfigError:
            continue
        left = _with_parts(chars)
        for font_id in stack:
            if font_id not in faces:
                faces[font_id] = load_face(font_id, config, "regular")
            face = faces[font_id]
            if face is None:
                continue
            covered = {c for c in left if ord(c) in face.unicodes}  # type: ignore[attr-defined]
            stacks.setdefault(one, []).append(font_id)
            chars_of.setdefault(font_id, set()).update(covered)
            left -= covered
    rules = []
    for font_id in sorted(chars_of):
        if chars_of[font_id]:
            rules += [_face(font_id, config, style, chars_of[font_id]) or "" for style in WEIGHTS]
    families = {font_id for font_id in chars_of if chars_of[font_id]}

    def font_family(one: str) -> str:
        names = [f'"{family(f)}"' for f in stacks.get(one, []) if f in families]
        return ", ".join([*names, "sans-serif"])

    css = ["".join(rules), f"html {{ font-family: {font_family(lang)}; }}"]
    css += [f":lang({one}) {{ font-family: {font_family(one)}; }}"
            for one in sorted(stacks) if one != lang]
    return "\n".join(css)


def _face(font_id: str, config: FontConfig, style: str, chars: set[str]) -> str | None:
    face = load_face(font_id, config, style)
    if face is None:
        return None
    return face_rule(face, family(font_id), style, (ord(c) for c in chars))
