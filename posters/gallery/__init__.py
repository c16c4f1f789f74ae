"""The proof gallery: out/<campaign>/index.html with a preview of every output."""

from posters.gallery.report import (
    REPORT,
    BuildReport,
    Finding,
    OutputEntry,
    ReportError,
    load_report,
    make_report,
    write_report,
)
from posters.gallery.site import GalleryResult, build_gallery, make_gallery

__all__ = [
    "REPORT",
    "BuildReport",
    "Finding",
    "GalleryResult",
    "OutputEntry",
    "ReportError",
    "build_gallery",
    "load_report",
    "make_gallery",
    "make_report",
    "write_report",
]
