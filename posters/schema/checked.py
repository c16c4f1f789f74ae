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

A check whose findings matter, not only whether it passed (a catalog's translation QA:
its warnings are shown on every build), is remembered with its findings
(`RememberedFindings`): a JSON file named by the same kind of key, holding the key and a
digest of what it records. A file that is not exactly that (cut short, damaged, written
by hand, copied under another name) is a miss: the check runs again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from posters.files import user_cache, write_atomic


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


# A findings file is read only up to this size: anything larger is not one of ours.
MAX_FINDINGS_BYTES = 64_000_000
# More findings files than this and the least recently used half is removed.
MAX_FINDINGS_FILES = 4096


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


class RememberedFindings:
    """What one check found in ``data`` (its input's bytes), in the context ``context``
    (everything else the findings depend on: the texts a catalog is checked against, the
    language, the draft flag...), remembered as JSON by a key of the check's name, the
    tool's code, the context and the bytes. ``recall()`` gives what ``remember()`` stored
    for the same key, or None."""

    def __init__(self, check: str, data: bytes, context: Any) -> None:
        self.check = check
        self.key = _key(check, _canonical(context) + b"\0" + hashlib.sha256(data).digest())

    @property
    def path(self) -> Path:
        return cache_dir() / f"{self.key}.json"

    def recall(self) -> Any | None:
        try:
            path = self.path
            if path.stat().st_size > MAX_FINDINGS_BYTES:
                return None
            stored = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(stored, dict) or stored.get("key") != self.key \
                or stored.get("check") != self.check or "value" not in stored:
            return None
        value = stored["value"]
        try:
            if stored.get("sha256") != hashlib.sha256(_canonical(value)).hexdigest():
                return None
        except (TypeError, ValueError, RecursionError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when the cache is trimmed
        return value

    def remember(self, value: Any, *, trim: bool = True) -> None:
        """Store ``value``; ``trim=False`` for a record written again by the same process
        (one that grows), which need not count the cache's files again (tens of ms)."""
        stored = {"check": self.check, "key": self.key, "value": value,
                  "sha256": hashlib.sha256(_canonical(value)).hexdigest()}
        try:
            directory = cache_dir()
            directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, _canonical(stored))
            if trim:
                _trim(directory)
        except OSError:
            pass


def _trim(directory: Path) -> None:
    """Keep the findings files to MAX_FINDINGS_FILES: drop the least recently used half."""
    with os.scandir(directory) as entries:
        found = [entry for entry in entries if entry.name.endswith(".json")]
    if len(found) <= MAX_FINDINGS_FILES:
        return
    aged = []
    for entry in found:
        try:
            aged.append((entry.stat().st_mtime_ns, entry.path))
        except OSError:
            continue
    for _, path in sorted(aged)[: len(aged) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(path)
