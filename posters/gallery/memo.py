"""What the gallery page takes from slow sources, remembered across processes.

The page names each language in itself (CLDR through Babel: loading a locale's data
costs 25-40 ms) and embeds the posters' fonts cut down to the page's characters (55
font instances looked up and subset: 60-150 ms). Both are the same from one build to
the next, and a build is a new process: they are kept in the user cache
(``~/.cache/posters/gallery``, or ``$POSTERS_GALLERY_CACHE``), one JSON file per value,
named by a hash of what it is made from and of the tool's code
(`posters.build.fingerprint.tool_fingerprint`). A cache that cannot be read or written only costs
making the value again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from posters.files import user_cache, write_atomic


def cache_dir():  # type: ignore[no-untyped-def]
    return user_cache("gallery", "POSTERS_GALLERY_CACHE")


def remembered(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``'s JSON value for ``key`` (everything it is made from besides the tool's
    code), from the cache when an earlier process made it."""
    from posters.build.fingerprint import tool_fingerprint

    name = hashlib.sha256(f"{kind}\0{tool_fingerprint()}\0{key}".encode()).hexdigest()
    path = cache_dir() / f"{kind}-{name[:40]}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("key") == key:
            return stored["value"]
    except (OSError, ValueError, KeyError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"key": key, "value": value}, ensure_ascii=False))
    except OSError:
        pass
    return value
