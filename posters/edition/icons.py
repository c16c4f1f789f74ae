"""Warning-sign icons inline in the page, re-written from a whitelist.

An icon may come from a campaign folder, so it is untrusted: it is first held to the
print rules (``posters.render.icons``: no entities, scripts, text, rasters or other
files), then only known shape elements and geometry attributes are copied into the
page. Every colour becomes ``currentColor``, so the page's stylesheet colours the icon
as the posters' layouts do.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from lxml import etree

from posters.schema.assets import SVG_NS, IconError, icon_problem

SHAPES = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
GEOMETRY = {
    "d", "x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "x1", "y1", "x2", "y2",
    "points", "transform", "viewBox", "fill-rule", "clip-rule", "stroke-width",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
}
PAINT = {"fill", "stroke"}


def inline_icon(path: Path, label_id: str) -> str:
    """The icon as an inline ``<svg>`` named by the element whose id is ``label_id``."""
    body = _shapes(Path(path).resolve())
    return (f'<svg class="icon" role="img" aria-labelledby="{escape(label_id)}" '
            f'focusable="false" xmlns="{SVG_NS}"{body}')


@cache
def _shapes(path: Path) -> str:
    # the print rules first (drawn once per version of the file: posters.schema.checked)
    problem = icon_problem(path)
    if problem is not None:
        raise IconError(path, problem.line, problem.message)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True, load_dtd=False)
    root = etree.fromstring(path.read_bytes(), parser=parser)
    return _attributes(root) + ">" + "".join(_element(child) for child in root) + "</svg>"


def _element(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    name = etree.QName(element).localname
    if name not in SHAPES or name == "svg":
        return ""
    children = "".join(_element(child) for child in element)
    return f"<{name}{_attributes(element)}>{children}</{name}>"


def _attributes(element: etree._Element) -> str:
    parts = []
    for attribute, value in element.attrib.items():
        name = etree.QName(attribute).localname
        if name in GEOMETRY and not (name in ("width", "height") and element.tag ==
                                     f"{{{SVG_NS}}}svg"):
            parts.append(f' {name}="{escape(value)}"')
        elif name in PAINT:
            paint = "none" if value.strip() == "none" else "currentColor"
            parts.append(f' {name}="{paint}"')
    return "".join(parts)
