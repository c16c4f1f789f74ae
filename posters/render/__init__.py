"""The renderer: the only package that imports ReportLab. It draws page layouts and set
text (posters.render.text) measured by posters.text."""

from posters.render import settings  # noqa: F401  (ReportLab's globals, before any canvas)
from posters.render.pdf import DocumentInfo, Variant, render_document

__all__ = ["DocumentInfo", "Variant", "render_document"]
