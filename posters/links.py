"""Link targets of the screen variant (tel: URIs), shared by the layout and the preflight."""

from __future__ import annotations

import re

_VISUAL_SEPARATORS = re.compile(r"[\s\-.()\u00a0\u2010\u2011\u2012\u2013\u2212]")


def tel_uri(number: str) -> str:
    """The RFC 3966 ``tel:`` URI of a phone number as authored: visual separators go, the
    digits, a leading ``+`` and the ``*`` and ``#`` of service codes stay, ``#`` escaped
    as ``%23`` (in a URI it would start a fragment): ``#9110`` -> ``tel:%239110``."""
    kept = _VISUAL_SEPARATORS.sub("", number.strip())
    kept = "".join(c for c in kept if c.isdigit() or c in "+*#")
    plus = "+" if kept.startswith("+") else ""
    body = kept.lstrip("+").replace("+", "")
    return "tel:" + plus + body.replace("#", "%23")
