"""Layout: a format's description + a localized campaign -> page geometry (no drawing)."""

from posters.layout.compose import compose_document, compose_page
from posters.layout.description import LayoutDescription, load_layout
from posters.layout.geometry import PageLayout

__all__ = ["LayoutDescription", "PageLayout", "compose_document", "compose_page", "load_layout"]
