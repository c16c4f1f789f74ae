"""An icon's SVG file read as untrusted input, without a renderer: parsed strictly (no
entities, no network, no recovery) and refused, with the line, when it holds anything
that would not print as one solid colour or that would pull in fonts, rasters, scripts
or other files. ``posters validate`` runs these checks; the renderer runs them again."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Elements that would bring text (and with it a font), pixels, other files, scripts
# or more than one colour into a print PDF.
REFUSED = {
    "text": "text needs a font; draw the shape as paths instead",
    "tspan": "text needs a font; draw the shape as paths instead",
    "textPath": "text needs a font; draw the shape as paths instead",
    "image": "raster images do not belong in a line icon",
    "foreignObject": "foreign content cannot be drawn as vectors",
    "script": "scripts are not allowed in an icon",
    "linearGradient": "an icon is drawn in one solid colour; use a plain fill",
    "radialGradient": "an icon is drawn in one solid colour; use a plain fill",
    "pattern": "an icon is drawn in one solid colour; use a plain fill",
    "filter": "filters cannot be drawn as vectors",
    "mask": "masks cannot be drawn in one solid colour",
}
OPACITY_ATTRIBUTES = ("opacity", "fill-opacity", "stroke-opacity")
MAX_BYTES = 256 * 1024


class IconError(Exception):
    """An icon file that cannot be drawn. `line` is 1-based, or None for the whole file."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line or 1}: {message}")
        self.path = path
        self.line = line
        self.message = message


def _parse(path: Path) -> etree._Element:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IconError(path, None, f"cannot read the icon: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise IconError(path, None, f"the icon is {len(data)} bytes; keep icons under "
                                    f"{MAX_BYTES // 1024} KiB of simple paths")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False,
                             remove_comments=True, remove_pis=True, huge_tree=False,
                             load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        message = error.msg or "malformed XML"
        message = message.split(", line ")[0]
        raise IconError(path, error.lineno, f"not well-formed SVG: {message}") from None
    if root is not None and root.getroottree().docinfo.internalDTD is not None:
        raise IconError(path, 1, "a DOCTYPE with declarations (entities) is not allowed in an "
                                 "icon; remove it")
    if root is None or root.tag != f"{{{SVG_NS}}}svg":
        line = root.sourceline if root is not None else None
        raise IconError(path, line, "the root element must be <svg> in the SVG namespace "
                                    f'(xmlns="{SVG_NS}")')
    return root


def _check(path: Path, root: etree._Element) -> None:
    if not root.get("viewBox"):
        raise IconError(path, root.sourceline, 'the <svg> needs a viewBox, e.g. "0 0 48 48"')
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # entity references and the like
        name = etree.QName(element).localname
        if name in REFUSED:
            raise IconError(path, element.sourceline, f"<{name}>: {REFUSED[name]}")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local == "href" and not value.startswith("#"):
                raise IconError(path, element.sourceline,
                                f"<{name}> refers to {value!r}; an icon must not load other "
                                "files")
            if local in OPACITY_ATTRIBUTES and _number(value) not in (None, 1.0):
                raise IconError(path, element.sourceline,
                                f'{local}="{value}": an icon is drawn in one solid colour; '
                                "remove the opacity")
            if local == "style" and any(key in value for key in OPACITY_ATTRIBUTES):
                raise IconError(path, element.sourceline,
                                "opacity in a style: an icon is drawn in one solid colour")


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        return None
    return value / 100 if text.strip().endswith("%") else value


def check_icon(path: Path) -> etree._Element:
    """The icon's parsed and checked SVG root; raises IconError naming the file and line."""
    root = _parse(path)
    _check(path, root)
    return root
