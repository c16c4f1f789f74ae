"""Small helpers about files that every stage needs: writing a file atomically, showing a
path in a message, where the user cache is, and how many worker processes this machine
takes.

Paths as messages show them: relative to the campaign folder, or naming the tool's own
file (``posters/layouts/poster.yaml``), never an absolute path of the machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parent.parent  # holds posters/


def user_cache(name: str, variable: str) -> Path:
    """The user cache folder ``name`` (``$XDG_CACHE_HOME/posters/<name>``, by default
    ``~/.cache/posters/<name>``), or the folder the environment ``variable`` names."""
    chosen = os.environ.get(variable)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "posters" / name


# --------------------------------------------------------------------------- atomic writes

# write_atomic's and atomic_path's temporary files: ``.<name>.<pid>.<random>.tmp`` beside
# the target (tempfile.mkstemp's eight random characters). Hidden, so that neither the
# gallery nor a glob for ``*.pdf`` takes one for a finished file; named after the process,
# so that a later build can tell a dead process's leftover from a running one's.
_TEMPORARY = re.compile(r"^\.(?P<name>[^/]+?)\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{8}\.tmp$")


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextmanager
def atomic_path(target: Path, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside ``target`` for a writer that wants a file name (ReportLab,
    pikepdf); renamed to ``target`` when the block ends, deleted if it raises. The file
    gets ``mode`` (default: what the umask gives a new file), not mkstemp's 0600."""
    import tempfile  # here: a build with nothing to do writes nothing (shutil, random)

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                         suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(target: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8) to ``target`` so that a reader sees the old file or
    the new one, never half of one; a full disk leaves no temporary file."""
    with atomic_path(target, mode) as temporary:
        temporary.write_bytes(data.encode() if isinstance(data, str) else data)


def temporary_of(name: str) -> tuple[str, int | None] | None:
    """(the name of the file it was to become, the writing process's id) when ``name`` is a
    temporary file of write_atomic/atomic_path, else None. The id is None for a name
    without one (written by an older version)."""
    found = _TEMPORARY.match(name)
    if found is None:
        return None
    return found["name"], int(found["pid"]) if found["pid"] else None


def process_alive(pid: int) -> bool:
    """Whether the process may still be running (another user's counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a pid: leave its files alone
    return True


# --------------------------------------------------------------------------- processes

def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


# --------------------------------------------------------------------------- display

def shown(path: Path) -> str:
    """A path as the user typed it; an absolute path under the current folder is shown
    relative to it."""
    try:
        return str(path.relative_to(Path.cwd())) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _prefixes(campaign_dir: Path | None) -> list[str]:
    prefixes = []
    if campaign_dir is not None:
        prefixes.append(str(campaign_dir.resolve()) + os.sep)
        if not campaign_dir.is_absolute() and str(campaign_dir) not in ("", "."):
            prefixes.append(str(campaign_dir) + os.sep)
            prefixes.append("./" + str(campaign_dir) + os.sep)
    prefixes.append(str(TOOL_ROOT) + os.sep)
    return sorted(set(prefixes), key=len, reverse=True)


def display_path(path: str | Path, campaign_dir: Path | None = None) -> str:
    """``path`` relative to the campaign folder if inside it, relative to the tool's root
    if it is one of the tool's files (a stock layout, fonts.yaml), else as given."""
    text = str(path)
    candidates = [text]
    if not os.path.isabs(text):
        candidates.append(os.path.abspath(text))
    for candidate in candidates:
        for prefix in _prefixes(campaign_dir):
            if candidate.startswith(prefix):
                return candidate[len(prefix):].replace(os.sep, "/")
    return text


def relative_text(text: str, campaign_dir: Path | None = None) -> str:
    """A message with every path of the campaign or the tool in it shown relatively."""
    for prefix in _prefixes(campaign_dir):
        if prefix in text:
            text = text.replace(prefix, "")
    return text
