"""The proof gallery: out/<campaign>/index.html with a preview of every output of the
build report (posters.build.report)."""

from posters.gallery.site import GalleryResult, build_gallery, make_gallery

__all__ = ["GalleryResult", "build_gallery", "make_gallery"]
