"""Layout: a format's description + a localized campaign -> page geometry (no drawing).

The composer (which needs the text engine) is imported on first use, so that reading a
layout description stays light.
"""

from posters.layout.description import LayoutDescription, load_layout
from posters.layout.geometry import PageLayout

__all__ = ["LayoutDescription", "PageLayout", "compose_document", "compose_page", "load_layout"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name in ("compose_document", "compose_page"):
        from posters.layout import compose

        return getattr(compose, name)
    raise AttributeError(f"module 'posters.layout' has no attribute {name!r}")
