"""A campaign's icons and artwork, checked when the campaign is validated rather than
when a page is rendered: where an icon name is found, the SVG rules of an icon (or SVG
logo), the size and soundness of a raster logo, and the ICC header of an output profile.

An icon is ``<name>.svg`` in the campaign's own ``assets/icons/`` (which wins) or in the
stock set shipped inside the package (``posters/icons/``). Messages never show where
posters is installed: a stock icon is named as such.

An icon's SVG file is read as untrusted input, without a renderer: parsed strictly (no
entities, no network, no recovery) and refused, with the line, when it holds anything
that would not print as one solid colour or that would pull in fonts, rasters, scripts
or other files. ``posters validate`` runs these checks; the renderer runs them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.diagnostics import Diagnostics, Location
from posters.model import Campaign
from posters.schema.readers import INVALID, Context, read_asset
from posters.schema.source import Node, display_path

if TYPE_CHECKING:
    from lxml import etree  # the SVG reader: imported where an icon is read (_parse)

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
    from lxml import etree

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
    from lxml import etree

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


ICON_DIR = Path("assets") / "icons"
STOCK_ICONS = Path(__file__).resolve().parent.parent / "icons"  # inside the package


def _icon_folders(campaign_root: Path) -> tuple[tuple[Path, Path], ...]:
    """(folder, the root it must stay inside), campaign first."""
    return ((campaign_root / ICON_DIR, campaign_root), (STOCK_ICONS, STOCK_ICONS))


def find_icon(campaign_root: Path, name: str) -> Path | None:
    """An icon by name: the campaign's own assets first, then the stock set. A file that
    leads outside its folder (a symbolic link to elsewhere) does not count."""
    for folder, root in _icon_folders(campaign_root):
        candidate = folder / f"{name}.svg"
        if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
            return candidate.resolve()
    return None


def icon_names(campaign_root: Path) -> list[str]:
    """Every icon name a campaign can use, sorted."""
    names: set[str] = set()
    for folder, _root in _icon_folders(campaign_root):
        if folder.is_dir():
            names.update(path.stem for path in folder.glob("*.svg"))
    return sorted(names)


def is_stock(path: Path) -> bool:
    return path.resolve().is_relative_to(STOCK_ICONS.resolve())


@dataclass(frozen=True)
class DrawingProblem:
    line: int | None  # in the file, 1-based; None for the whole file
    message: str


def icon_problem(path: Path) -> DrawingProblem | None:
    """Why an SVG icon (or logo) cannot be drawn, or None when it can. Bytes that were
    drawn once by this code are not drawn again (posters.schema.checked)."""
    from posters.schema.checked import Remembered

    remembered = Remembered("icon draws", path)
    if remembered.passed:
        return None
    from posters.render.icons import load_icon

    try:
        load_icon(path)
    except IconError as error:
        return DrawingProblem(error.line, error.message)
    remembered.remember()
    return None


MAX_LOGO_PIXELS = 100_000_000  # 10,000 x 10,000 px: a logo at 1,000 ppi on a 25 cm box


def read_logo(ctx: Context, node: Node, path: str) -> Path | Any:
    """The logo file; a raster image is checked from its header (its size in pixels,
    before anything decodes it: a 30,000 x 30,000 px PNG is a memory bomb) and then read
    through, so that a damaged or cut-off file is named here, not by the renderer."""
    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return resolved
    if resolved.suffix.lower() == ".svg":
        from posters.schema.assets import IconError, check_icon

        try:
            check_icon(resolved)
        except IconError as error:
            return ctx.error(node, path, f"the logo {display_path(error.path)}:"
                                         f"{error.line or 1} cannot be drawn: {error.message}")
        return resolved
    problem = _raster_problem(resolved)
    if problem:
        return ctx.error(node, path, f"the logo {node.describe()} {problem}")
    return resolved


def _raster_problem(file: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    # Pillow's own bomb check raises before the size can be told; the size is checked
    # here instead, from the header, before any pixel is decoded
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(file) as image:  # reads the header only
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                return (f"is {width} x {height} px; a logo has at most "
                        f"{MAX_LOGO_PIXELS // 1_000_000} million pixels: scale it down or "
                        "use an SVG logo")
            image.load()  # decodes every pixel: a cut-off file ends here
    except UnidentifiedImageError:
        return "is not an image Pillow can read; save it as PNG, JPEG or TIFF"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is damaged or cut off ({exc}); export it again"
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return None


def read_output_profile(ctx: Context, node: Node, path: str) -> Path | Any:
    """The print shop's CMYK ICC profile, checked here rather than when the first PDF/X
    file is written."""
    from posters.print.icc import profile_colour_space

    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return INVALID
    try:
        header = resolved.read_bytes()[:128]
    except OSError as exc:
        return ctx.error(node, path, f"cannot read {node.describe()}: {exc.strerror}")
    if len(header) < 128 or header[36:40] != b"acsp":
        return ctx.error(node, path, f"{node.describe()} is not an ICC profile; name the print "
                                     "shop's CMYK output profile (an .icc file)")
    space = profile_colour_space(header)
    if space != "CMYK":
        return ctx.error(node, path, f"{node.describe()} is a {space} profile; print output "
                                     "(PDF/X) needs the print shop's CMYK output profile")
    return resolved


def icon_link_problem(campaign_root: Path, name: str) -> str | None:
    """A campaign icon that is a link out of the campaign: never read, and never silently
    replaced by the stock icon of that name."""
    own = campaign_root / ICON_DIR / f"{name}.svg"
    if (own.exists() or own.is_symlink()) and not own.resolve().is_relative_to(
            campaign_root.resolve()):
        return (f"the icon file {ICON_DIR.as_posix()}/{name}.svg is a link to a file outside "
                "the campaign folder; copy the icon into the campaign instead")
    return None


def read_icon_file(ctx: Context, node: Node, path: str, name: str) -> Path | Any:
    """The file of a warning sign's icon, checked to draw: a name found nowhere is an error
    listing the names there are, and a file that cannot be drawn is an error at its line."""
    found = find_icon(ctx.root, name)
    if found is None:
        names = icon_names(ctx.root)
        import difflib  # the suggestion only: not on a campaign's path without mistakes

        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean '{close[0]}'? Otherwise " if close else ""
        return ctx.error(node, path, f"no icon '{name}' in {ICON_DIR.as_posix()}/ of the campaign "
                                     f"or in the stock set; {hint}add "
                                     f"{ICON_DIR.as_posix()}/{name}.svg or use one of: "
                                     f"{', '.join(names)} (see docs/icons.md)")
    problem = icon_problem(found)
    if problem is None:
        return found
    if is_stock(found):
        where = f" (line {problem.line})" if problem.line else ""
        return ctx.error(node, path, f"the stock icon '{name}' cannot be drawn{where}: "
                                     f"{problem.message}; reinstall posters or add your own "
                                     f"{ICON_DIR.as_posix()}/{name}.svg")
    folder = Path(node.location.file).parent
    svg = Location(str(folder / ICON_DIR / f"{name}.svg"), problem.line or 1)
    ctx.problems.error(svg, f"{problem.message} (the icon of the warning sign at "
                            f"{node.location})", path)
    return INVALID


def check_drawings(campaign: Campaign, problems: Diagnostics) -> None:
    """Each icon and SVG logo drawn (``icon_problem``: bytes that drew before under this
    code are not drawn again, so validate imports the SVG reader only for a new file)."""
    drawings: list[tuple[Path, Location, str]] = []
    signs = campaign.content.warning_signs
    for i, sign in enumerate(signs.items if signs else ()):
        if sign.icon_file is not None:
            where = sign.text.location if sign.text else Location(str(campaign.source_file))
            drawings.append((Path(sign.icon_file), where, f"content.warning_signs.items[{i}]"
                                                          ".icon"))
    logo = campaign.brand.logo
    if logo is not None and Path(logo).suffix.lower() == ".svg":
        drawings.append((Path(logo), campaign.brand.logo_location
                         or Location(str(campaign.source_file)), "brand.logo"))
    for path, where, subject in drawings:
        problem = icon_problem(path)  # bytes that drew before are not drawn again
        if problem is not None:
            problems.error(where, f"{path.resolve().name}:{problem.line or 1}: "
                                  f"{problem.message}; fix the SVG file or choose another",
                           subject)
