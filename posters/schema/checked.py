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

How the cache stays bounded. Every entry, a pass or findings, lives in one of 256
folders named by the first two hex digits of its key (``checks/3f/3f09...``), as git
keeps its objects. An entry's modification time is when it was last written or used
(a hit touches it). Each write counts the entries of its own folder only (about
MAX_SHARD_ENTRIES names, never the whole cache), and when there are more than
MAX_SHARD_ENTRIES it removes the least recently used until KEEP_SHARD_ENTRIES are left;
so the cache holds at most about 256 x MAX_SHARD_ENTRIES entries (32,768), whatever
their kind, and what a build uses stays. The same pass removes the temporary files of
writers that died (a process that no longer runs, a file older than an hour). The flat
folder of earlier versions is cleared once, on the first write; ``CACHEDIR.TAG`` (the
Cache Directory Tagging Specification's tag, so that backup tools skip the folder) says
it was.

Several processes and workers use the cache at once. Entries are written atomically
(`posters.files.write_atomic`) and never changed in place; a trim only unlinks whole
entries, so a reader that has opened one reads all of it, and one that has not finds
nothing: a miss, and the check runs again. A temporary file of a running writer is
never removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from posters.files import process_alive, temporary_of, user_cache, write_atomic

# Entries in each of the 256 folders before the least recently used are removed, and
# how many are kept then (a trim every MAX - KEEP writes to a folder, not every write).
MAX_SHARD_ENTRIES = 128
KEEP_SHARD_ENTRIES = 96
# A dead writer's temporary file is removed once it is this old (seconds).
STALE_TEMPORARY_SECONDS = 3600
TAG = "CACHEDIR.TAG"
_TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
             "# This file is a cache tag created by posters (the check cache).\n"
             "# For information about cache directory tags see https://bford.info/cachedir/\n")
_ENTRY = re.compile(r"[0-9a-f]{64}(?:\.json)?")


def cache_dir() -> Path:
    return user_cache("checks", "POSTERS_CHECK_CACHE")


def entry_path(key: str, suffix: str = "") -> Path:
    """Where the entry of ``key`` lives: in the folder of its first two hex digits."""
    return cache_dir() / key[:2] / f"{key}{suffix}"


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
        if self.key is None:
            return False
        path = entry_path(self.key)
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return False
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when its folder is trimmed
        return True

    def remember(self) -> None:
        if self.key is None:
            return
        if self.path is not None:
            data = _read(self.path)
            if data is None or _key(self.check, data) != self.key:
                return  # changed while it was checked: check it again next time
        _store(self.key, Path.touch)


# A findings file is read only up to this size: anything larger is not one of ours.
MAX_FINDINGS_BYTES = 64_000_000


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
        return entry_path(self.key, ".json")

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
            os.utime(path)  # recently used: kept when its folder is trimmed
        return value

    def remember(self, value: Any) -> None:
        stored = {"check": self.check, "key": self.key, "value": value,
                  "sha256": hashlib.sha256(_canonical(value)).hexdigest()}
        _store(f"{self.key}.json", lambda path: write_atomic(path, _canonical(stored)))


def _store(name: str, write: Callable[[Path], None]) -> None:
    """``write`` the entry ``name`` in its folder, then trim that folder. A cache that
    cannot be written only costs the check again."""
    for _ in range(2):
        try:
            path = _folder_for(name) / name
            write(path)
        except FileNotFoundError:  # the cache removed by hand since this process made it
            _made.clear()
            _cleared.clear()
            continue
        except OSError:
            return
        with contextlib.suppress(OSError):
            trim(path.parent)
        return


_cleared: set[Path] = set()  # cache folders this process has seen tagged
_made: set[Path] = set()  # and the entries' folders it has seen made


def _folder_for(key: str) -> Path:
    """The folder of ``key``'s entry, made; the cache's flat folder of earlier versions
    cleared first (once: the tag says it was)."""
    directory = cache_dir()
    if directory not in _cleared:
        if not (directory / TAG).is_file():
            _clear_flat_entries(directory)
        _cleared.add(directory)
    folder = directory / key[:2]
    if folder not in _made:
        folder.mkdir(parents=True, exist_ok=True)
        _made.add(folder)
    return folder


def _clear_flat_entries(directory: Path) -> None:
    """Remove the entries earlier versions kept directly in ``directory`` (never read by
    this one, never trimmed by them: tens of thousands of files), then tag the folder."""
    directory.mkdir(parents=True, exist_ok=True)
    with os.scandir(directory) as entries:
        listed = [entry for entry in entries if not entry.is_dir(follow_symlinks=False)]
    _remove_dead_temporaries(listed)
    for entry in listed:
        if _ENTRY.fullmatch(entry.name):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    write_atomic(directory / TAG, _TAG_TEXT)


def trim(folder: Path) -> None:
    """Keep the entries of one of the cache's folders to MAX_SHARD_ENTRIES: above it,
    remove the least recently used (oldest modification time) down to
    KEEP_SHARD_ENTRIES, and dead writers' temporary files."""
    if len(os.listdir(folder)) <= MAX_SHARD_ENTRIES:
        return  # the common case: only names counted (a folder holds only ours)
    with os.scandir(folder) as listing:
        listed = list(listing)
    _remove_dead_temporaries(listed)
    entries = [entry for entry in listed if _ENTRY.fullmatch(entry.name)]
    if len(entries) <= MAX_SHARD_ENTRIES:
        return
    aged = []
    for entry in entries:
        with contextlib.suppress(OSError):
            aged.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    aged.sort()
    for _, path in aged[: len(aged) - KEEP_SHARD_ENTRIES]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _remove_dead_temporaries(listed: list[os.DirEntry]) -> None:
    """write_atomic's leftovers of processes that no longer run and are an hour old."""
    old = time.time() - STALE_TEMPORARY_SECONDS
    for entry in listed:
        found = temporary_of(entry.name)
        if found is None or found[1] is None or process_alive(found[1]):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mtime < old:
                os.unlink(entry.path)
