"""Build out/<campaign>/index.html from the build report and the PDFs next to it."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from posters.build.report import BuildReport, OutputEntry, load_report
from posters.diagnostics import Diagnostic, Level, Location
from posters.files import default_jobs, write_atomic
from posters.gallery.html import GENERIC, Card, PageOptions, render_page
from posters.gallery.previews import PREVIEWS, Preview, PreviewStats, PreviewStore, Renderer
from posters.gallery.regions import AreaCache

INDEX = "index.html"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass(frozen=True)
class GalleryResult:
    path: Path
    cards: tuple[Card, ...]
    stats: PreviewStats
    written: bool  # False when index.html already had this content


def gallery_finding(level: Level, message: str) -> Diagnostic:
    """A problem the gallery itself found (a missing PDF, a failed preview)."""
    return Diagnostic(level, Location(""), message, code="GALLERY")


def build_gallery(campaign_out: Path, jobs: int | None = None, *, full: bool = False,
                  report: BuildReport | None = None) -> Path:
    """Write campaign_out/index.html (and the previews it shows) from ``report`` or the
    build report there; return its path. Raise ReportError when the build report is
    missing or malformed."""
    return make_gallery(campaign_out, jobs=jobs, full=full, report=report).path


def web_languages(campaign_out: Path) -> frozenset[str]:
    """The languages whose HTML edition page the build wrote (web/<lang>/index.html)."""
    return frozenset(path.parent.name for path in (campaign_out / "web").glob("*/index.html")
                     if path.is_file() and not path.is_symlink())


def make_gallery(campaign_out: Path, jobs: int | None = None,
                 renderer: Renderer | None = None, *, full: bool = False,
                 report: BuildReport | None = None) -> GalleryResult:
    """The page with a thumbnail of every output; ``full``: and a full-size image of
    every page (`posters gallery`), else the page links the PDF's pages instead of the
    images not made yet (`posters build`)."""
    report, cards, stats = gallery_cards(campaign_out, jobs=jobs, renderer=renderer,
                                         full=full, report=report)
    page = render_page(report, cards, PageOptions(web=web_languages(campaign_out)))
    target = campaign_out / INDEX
    written = _write_if_changed(target, page)
    return GalleryResult(target, tuple(cards), stats, written)


def gallery_cards(campaign_out: Path, jobs: int | None = None,
                  renderer: Renderer | None = None, *, keep: dict[str, Card] | None = None,
                  report: BuildReport | None = None, full: bool = False
                  ) -> tuple[BuildReport, list[Card], PreviewStats]:
    """The report and a card per output, its thumbnail rendered where it is new (and
    with ``full`` its full-size page images). ``keep``: the cards of the last good build
    by path (``posters serve``), whose previews stay on show for outputs that failed
    since."""
    report = report or load_report(campaign_out)
    locate = _Locator(campaign_out)
    checked = [(entry, *locate(entry)) for entry in report.outputs]
    store = PreviewStore(campaign_out)
    previews, stats = store.update(sorted({rel for _, rel, _ in checked if rel}),
                                   jobs=jobs or default_jobs(), renderer=renderer, full=full)
    cards = []
    for entry, rel, problem in checked:
        preview = previews.get(rel) if rel else None
        problems = (problem,) if problem else ()
        if rel and not isinstance(preview, Preview):
            problems += (gallery_finding(Level.WARNING, "no preview: the PDF could not be "
                                         f"rendered ({getattr(preview, 'message', 'unknown')})"),)
            preview = None
        last = (keep or {}).get(entry.path)
        if entry.status == "failed" and last is not None and last.preview is not None:
            cards.append(Card(entry, last.pdf, last.preview, problems, stale=True))
            continue
        cards.append(Card(entry, rel, preview, problems))
    return report, _with_areas(campaign_out, cards), stats


def _with_areas(campaign_out: Path, cards: list[Card]) -> list[Card]:
    """Each regional variant with the area where it differs from its generic output,
    and that area's picture at full size (made here: the page shows it)."""
    generic = {(c.entry.lang, c.entry.format, c.entry.size, c.entry.variant): c
               for c in cards if c.entry.region == GENERIC and c.preview is not None}
    areas = AreaCache(campaign_out / PREVIEWS)
    result = []
    for card in cards:
        base = generic.get((card.entry.lang, card.entry.format, card.entry.size,
                            card.entry.variant))
        if base is not None and card is not base and card.preview is not None:
            area = areas.area(base.preview.thumbnail.name, card.preview.thumbnail.name)
            picture = None
            if area is not None and card.pdf is not None:
                picture = areas.picture(f"{campaign_out}/{card.pdf}", card.preview, area,
                                        base.preview.digest)
            card = replace(card, area=area, area_picture=picture)
        result.append(card)
    areas.save()
    return result


class _Locator:
    """The PDF's safe relative path if it is a file inside the campaign folder (no
    symbolic link leading out); otherwise why the card gets no link."""

    def __init__(self, campaign_out: Path) -> None:
        self.root = campaign_out
        self.real_root = os.path.realpath(campaign_out)
        self._folders: dict[str, bool] = {}

    def __call__(self, entry: OutputEntry) -> tuple[str | None, Diagnostic | None]:
        if entry.status == "failed":
            return None, None
        rel = safe_relative(entry.path)
        if rel is None:
            return None, gallery_finding(Level.ERROR, "the build report gives an unusable "
                                                      f"path for this output: {entry.path!r}")
        folder, _, _ = rel.rpartition("/")
        if folder not in self._folders:
            real = os.path.realpath(os.path.join(self.root, folder))
            self._folders[folder] = (real + os.sep).startswith(self.real_root + os.sep)
        try:  # a plain file, not a link to one
            plain = stat.S_ISREG(os.lstat(os.path.join(self.root, rel)).st_mode)
        except OSError:
            plain = False
        if not (self._folders[folder] and plain):
            return None, gallery_finding(Level.ERROR, f"the PDF {rel} is missing; build it "
                                                      "again with `posters build --force`")
        return rel, None


def gallery_whole(campaign_out: Path) -> bool:
    """Whether the gallery page is there and complete (a cut-off page is written again)."""
    try:
        with (campaign_out / INDEX).open("rb") as page:
            page.seek(0, os.SEEK_END)
            page.seek(max(0, page.tell() - 64))
            return b"</html>" in page.read()
    except OSError:
        return False


def safe_relative(path: str) -> str | None:
    """The path if it is a plain relative path to a PDF inside the campaign folder: no
    absolute path, no empty, "." or ".." segment, no hidden file or folder (.previews,
    temporary files), no backslash or control character; otherwise None."""
    if not path or _UNSAFE.search(path) or not path.lower().endswith(".pdf"):
        return None
    if any(not part or part.startswith(".") for part in path.split("/")):
        return None  # also catches "/abs", "a//b", "." and ".."
    return path


def _write_if_changed(target: Path, text: str) -> bool:
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(target, text)
    return True
