"""The one exception net of a build: what an exception that stopped a task or an output
means to the person who ran it.

The same net serves a task run in this process (``-j 1``) and one run in a worker
(``-j 2``), so that the same bad input gives the same report either way. A problem in the
user's files (an icon, a logo, the font setup of a language, the printing condition)
names that file and line and says what to do; the machine's problems (the disk, the
memory, the font cache) say so; only anything else is an internal error, which asks to
be reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from posters.diagnostics import ContentError, Diagnostic, Level, Location
from posters.model import Campaign

# Each worker process may use this much address space (bytes); a task that needs more
# fails with a message instead of taking the machine down. POSTERS_WORKER_MEMORY sets it
# (``6G``, ``1500M``; ``0`` for no limit). A worker building the sample's heaviest
# tasks (the all-language documents, Arabic, Japanese) peaks under 0.4 GB of it.
WORKER_MEMORY_ENV = "POSTERS_WORKER_MEMORY"
DEFAULT_WORKER_MEMORY = 4 * 2**30


def worker_memory_limit() -> int | None:
    """The ceiling in bytes, or None for none (a value that cannot be read: the default)."""
    written = os.environ.get(WORKER_MEMORY_ENV, "").strip().upper()
    if not written:
        return DEFAULT_WORKER_MEMORY
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)I?B?", written)
    if not found:
        return DEFAULT_WORKER_MEMORY
    factor = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}[found[2]]
    value = int(float(found[1]) * factor)
    return value or None


def out_of_memory() -> str:
    limit = worker_memory_limit()
    ceiling = f"the ceiling of {limit / 2**30:.1f} GiB per worker" if limit else "the memory"
    return (f"ran out of memory ({ceiling}); set {WORKER_MEMORY_ENV} higher (e.g. 8G) or "
            "build fewer outputs at once (fewer --jobs, or one --format at a time)")


def diagnose(error: BaseException, campaign: Campaign, where: Path,
             what: str = "") -> list[Diagnostic]:
    """The diagnostics for ``error``, raised while making what is at ``where`` (an output,
    or the folder of a task's outputs). ``what`` prefixes a message that names no file of
    the user's (e.g. "th poster: ran out of memory ...")."""
    user = _user_error(error, campaign)
    if user is not None:
        return user
    machine = _machine_error(error, where)
    if machine is not None:
        return [replace(machine, message=what + machine.message)]
    return [Diagnostic(Level.ERROR, Location(str(where)), what + internal_error(error))]


def internal_error(error: BaseException) -> str:
    return (f"internal error: {type(error).__name__}: {error}; please report it with this "
            "campaign")


def font_cache_errors() -> tuple[type[Exception], ...]:
    from posters.text.cache import DamagedFontError
    from posters.text.model import FontsNotInstalledError

    return (DamagedFontError, FontsNotInstalledError)


def font_cache_failure(error: Exception) -> Diagnostic:
    from posters.text.cache import DamagedFontError, cache_dir

    where = error.path if isinstance(error, DamagedFontError) else cache_dir()
    message = (f"the cached font is damaged ({error.reason}); run `posters fonts install` "
               "to make it again" if isinstance(error, DamagedFontError) else str(error))
    return Diagnostic(Level.ERROR, Location(str(where)), message)


def _user_error(error: BaseException, campaign: Campaign) -> list[Diagnostic] | None:
    """A problem in the campaign's files, at the file and line that caused it."""
    from posters.layout.blocks.logo import ArtworkError
    from posters.print.conditions import ConditionError
    from posters.print.icc import ProfileNotFound
    from posters.schema.assets import IconError
    from posters.schema.phone import PhoneError
    from posters.text.config import FontConfigError
    from posters.text.model import TextError

    if isinstance(error, ContentError):
        return list(error.diagnostics)
    if isinstance(error, IconError):  # the campaign's (or a logo's) SVG file
        return [Diagnostic(Level.ERROR, Location(str(error.path), error.line or 0),
                           f"{error.message}; fix the SVG file or choose another icon")]
    if isinstance(error, FontConfigError):
        return [Diagnostic(Level.ERROR, _language_location(campaign, str(error)),
                           str(error))]
    if isinstance(error, ArtworkError):
        where = campaign.brand.logo_location or Location(str(campaign.source_file))
        return [Diagnostic(Level.ERROR, where, f"the logo: {error}")]
    if isinstance(error, ConditionError | ProfileNotFound | PhoneError):
        return [Diagnostic(Level.ERROR, Location(str(campaign.source_file)), str(error))]
    if isinstance(error, TextError) and not isinstance(error, font_cache_errors()):
        return [Diagnostic(Level.ERROR, Location(str(campaign.source_file)), str(error))]
    return None


def _machine_error(error: BaseException, where: Path) -> Diagnostic | None:
    """The disk, the memory, the font cache or PDF/X output: not the user's files, not a
    bug either."""
    from posters.print.pdfx import PdfxError

    if isinstance(error, font_cache_errors()):
        return font_cache_failure(error)  # type: ignore[arg-type]
    if isinstance(error, MemoryError):
        message = out_of_memory()
    elif isinstance(error, PdfxError):
        message = f"cannot make PDF/X: {error}"
    elif isinstance(error, OSError):
        reason = error.strerror or str(error)
        found = f" ({error.filename})" if error.filename else ""
        message = f"cannot write the file: {reason}{found}"
    else:
        return None
    return Diagnostic(Level.ERROR, Location(str(where)), message)


_LANGUAGE = re.compile(r"language '?(?P<lang>[A-Za-z0-9-]+)'?")


def _language_location(campaign: Campaign, message: str) -> Location:
    """Where campaign.yaml names the language a font-setup error is about (the line of
    its tag under ``languages:``); the file alone when it cannot be told."""
    where = Location(str(campaign.source_file))
    found = _LANGUAGE.search(message)
    if found is None:
        return where
    try:
        lines = campaign.source_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return where
    tag = re.compile(rf"(?:^|[\s\[,'\"-]){re.escape(found['lang'])}(?:$|[\s\],'\"#])")
    start = next((i for i, line in enumerate(lines)
                  if line.lstrip().startswith("languages:")), None)
    if start is None:
        return where
    for number, line in enumerate(lines[start:], start + 1):
        text = line.split(":", 1)[1] if number == start + 1 else line
        if tag.search(text):
            return Location(str(campaign.source_file), number)
    return where
