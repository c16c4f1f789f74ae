"""Build out/<campaign>/index.html from the build report and the PDFs next to it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from posters.gallery.html import Card, render_page
from posters.gallery.previews import Preview, PreviewStats, PreviewStore, Renderer
from posters.gallery.report import Finding, OutputEntry, load_report, write_atomic

INDEX = "index.html"


@dataclass(frozen=True)
class GalleryResult:
    path: Path
    cards: tuple[Card, ...]
    stats: PreviewStats
    written: bool  # False when index.html already had this content


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def build_gallery(campaign_out: Path, jobs: int | None = None) -> Path:
    """Write campaign_out/index.html (and the previews it shows); return its path.
    Raise ReportError when the build report is missing or malformed."""
    return make_gallery(campaign_out, jobs=jobs).path


def make_gallery(campaign_out: Path, jobs: int | None = None,
                 renderer: Renderer | None = None) -> GalleryResult:
    report = load_report(campaign_out)
    root = campaign_out.resolve()
    checked: list[tuple[OutputEntry, str | None, Finding | None]] = []
    for entry in report.outputs:
        checked.append((entry, *_locate(root, entry)))
    store = PreviewStore(campaign_out)
    previews, stats = store.update(sorted({rel for _, rel, _ in checked if rel}),
                                   jobs=jobs or default_jobs(), renderer=renderer)
    cards = []
    for entry, rel, problem in checked:
        preview = previews.get(rel) if rel else None
        problems = (problem,) if problem else ()
        if rel and not isinstance(preview, Preview):
            problems += (Finding("GALLERY", "warning", "no preview: the PDF could not be "
                                 f"rendered ({getattr(preview, 'message', 'unknown')})"),)
            preview = None
        cards.append(Card(entry, rel, preview, problems))
    page = render_page(report, cards)
    target = campaign_out / INDEX
    written = _write_if_changed(target, page)
    return GalleryResult(target, tuple(cards), stats, written)


def _locate(root: Path, entry: OutputEntry) -> tuple[str | None, Finding | None]:
    """The PDF's safe relative path if it exists; otherwise why there is no link."""
    if entry.status == "failed":
        return None, None
    rel = safe_relative(entry.path)
    if rel is None:
        return None, Finding("GALLERY", "error", "the build report gives an unusable path "
                             f"for this output: {entry.path!r}")
    path = root / rel
    try:
        inside = path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        inside = False
    if not inside or not path.is_file():
        return None, Finding("GALLERY", "error", f"the PDF {rel} is missing; build it again "
                             "with `posters build --force`")
    return rel, None


def safe_relative(path: str) -> str | None:
    """A normalised relative path inside the campaign folder, or None."""
    if not path or "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in path.split("/")):
        return None
    if pure.suffix.lower() != ".pdf" or pure.parts[0].startswith("."):
        return None
    return str(pure)


def _write_if_changed(target: Path, text: str) -> bool:
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(target, text)
    return True
