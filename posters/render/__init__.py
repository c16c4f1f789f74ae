"""The renderer: the only stage besides the text engine that draws with ReportLab."""

from posters.render.pdf import DocumentInfo, Variant, render_document

__all__ = ["DocumentInfo", "Variant", "render_document"]
