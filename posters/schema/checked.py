"""Checks of a user's file that passed, remembered by the file's bytes and the tool's code.

Drawing a campaign's icons once to know that they can be drawn costs 50 ms each and the
import of ReportLab and svglib (0.3 s), on every build and every validate, also of a build
with nothing to do. A pass is remembered in the user cache (``~/.cache/posters/checks``,
or ``$POSTERS_CHECK_CACHE``) as an empty file whose name is a hash of the check's name,
the file's bytes and the tool's code (`posters.build.fingerprint.tool_fingerprint`): the
same bytes under the same code pass again without being drawn. A failure is never
remembered (its message comes from running the check), and a file that changes while it
is checked is not remembered either. A cache that cannot be written only costs the
check again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from posters.files import user_cache


def cache_dir() -> Path:
    return user_cache("checks", "POSTERS_CHECK_CACHE")


def _key(check: str, data: bytes) -> str:
    # the tool's code decides what passes; the build's fingerprint module knows it
    from posters.build.fingerprint import tool_fingerprint

    digest = hashlib.sha256(f"{check}\0{tool_fingerprint()}\0".encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class Remembered:
    """One check of one file (``path``) or of what ``data`` says (a check whose inputs
    are not one file: the campaign's model and a layout): ``passed`` says whether the
    same bytes passed it before; ``remember()`` records that they pass now."""

    def __init__(self, check: str, path: Path | None = None, data: bytes | None = None
                 ) -> None:
        self.path = path
        data = _read(path) if path is not None else data
        self.key = _key(check, data) if data is not None else None
        self.check = check

    @property
    def passed(self) -> bool:
        return self.key is not None and (cache_dir() / self.key).is_file()

    def remember(self) -> None:
        if self.key is None:
            return
        if self.path is not None:
            data = _read(self.path)
            if data is None or _key(self.check, data) != self.key:
                return  # changed while it was checked: check it again next time
        try:
            directory = cache_dir()
            directory.mkdir(parents=True, exist_ok=True)
            (directory / self.key).touch()
        except OSError:
            pass
