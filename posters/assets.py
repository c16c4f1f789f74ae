"""A campaign's icons and artwork: where an icon name is found, and whether a file can be
drawn, checked when the campaign is validated rather than when a page is rendered.

An icon is ``<name>.svg`` in the campaign's own ``assets/icons/`` (which wins) or in the
stock set shipped with posters. Messages never show where posters is installed: a stock
icon is named as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ICON_DIR = Path("assets") / "icons"
STOCK_ICONS = Path(__file__).resolve().parent.parent / ICON_DIR


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
    """Why an SVG icon (or logo) cannot be drawn, or None when it can."""
    from posters.render.icons import IconError, load_icon

    try:
        load_icon(path)
    except IconError as error:
        return DrawingProblem(error.line, error.message)
    return None


def artwork_problem(path: Path) -> DrawingProblem | None:
    """Why a logo (SVG, PNG, JPEG or TIFF) cannot be placed and drawn, or None."""
    from posters.layout.artwork import ArtworkError, artwork_size

    try:
        artwork_size(path)
    except ArtworkError as error:
        return DrawingProblem(None, str(error).removeprefix(f"{path.name}: "))
    except OSError as error:
        return DrawingProblem(None, f"cannot read the file: {error.strerror}")
    if path.suffix.lower() == ".svg":
        return icon_problem(path)
    from PIL import Image

    try:  # the header was fine; decode the pixels too, as the renderer will
        with Image.open(path) as image:
            image.load()
    except Exception as error:  # Pillow raises many kinds for a damaged file
        return DrawingProblem(None, f"the image cannot be decoded ({error}); export it again")
    return None
