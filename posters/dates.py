"""The campaign's date: the one date every file a build writes carries (the PDFs' Info and
XMP dates, the job sheets) and the catalogs' ``POT-Creation-Date``. It is deterministic
(every copy and clone of the same commit gives the same date, whatever the file times or
the number of workers) and true (never a placeholder). In order:

1. ``SOURCE_DATE_EPOCH``, when set (reproducible builds);
2. ``print.date``, then ``campaign.date``, when the campaign pins one (midnight UTC);
3. the commit date of the last commit that changed the campaign folder, when it is in
   git; edits not yet committed keep that date (so that saving a catalog rebuilds only
   that language's outputs), committing them dates the files by them;
4. otherwise (not in git) campaign.yaml's modification time: true, but another copy of
   the folder may have another, so ``posters validate`` says how to pin the date.

The date is part of every output's fingerprint; what moves it (a commit of the folder, a
campaign.yaml written anew) rebuilds every output, as the campaign.yaml it hashes does.
The git look-up runs once per loaded campaign (a build's worker processes inherit it).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from posters.diagnostics import Diagnostic, Level, Location

if TYPE_CHECKING:
    from posters.model import Campaign

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
FILE_TIME = "file time"


@dataclass(frozen=True)
class CampaignDate:
    when: datetime  # UTC, whole seconds
    source: str  # SOURCE_DATE_EPOCH, "print.date", "campaign.date", "git" or FILE_TIME
    detail: str = ""  # where it comes from, as validate says it

    @property
    def pinned(self) -> bool:
        """The same in every copy of the campaign folder."""
        return self.source != FILE_TIME


_last: tuple[Campaign, CampaignDate] | None = None


def campaign_date(campaign: Campaign) -> CampaignDate:
    """The campaign's date (see the module's documentation)."""
    global _last
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch.isdigit():
        return CampaignDate(datetime.fromtimestamp(int(epoch), UTC), SOURCE_DATE_EPOCH)
    if campaign.print_settings.date:
        return CampaignDate(_midnight(date.fromisoformat(campaign.print_settings.date)),
                            "print.date")
    if campaign.meta.date is not None:
        return CampaignDate(_midnight(campaign.meta.date), "campaign.date")
    if _last is not None and _last[0] is campaign:
        return _last[1]
    found = _committed(campaign.root) or _file_time(campaign)
    _last = (campaign, found)
    return found


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# A campaign folder is untrusted input, its .git/config too: git runs programs that a
# repository's config names (core.fsmonitor, a clean filter for `git status`, gpg for
# log.showSignature). Only commands that run none are used (log, rev-parse, hash-object
# --no-filters), and the settings that could name one are overridden.
_SAFE_GIT = ("-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
             "-c", "core.hooksPath=/dev/null")
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def _git(folder: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *_SAFE_GIT, "-C", str(folder), *args],
                              capture_output=True, text=True, timeout=10, check=True,
                              env={**os.environ, **_GIT_ENV}).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def git_state(folder: Path) -> str | None:
    """The repository and commit a folder's date would be read from (its top level and
    HEAD), None outside git or before the first commit: while it stays the same, so does
    ``last_commit(folder)`` (the build record compares it instead of asking for the date)."""
    return _git(folder, "rev-parse", "--show-toplevel", "HEAD")


def last_commit(path: Path, *, unchanged: bool = False) -> datetime | None:
    """The commit date of the last commit that changed ``path`` (a file or a folder) in
    git, else None; with ``unchanged`` (a file), None too when the file differs from its
    last committed version (its bytes, compared without the repository's filters)."""
    folder, name = (path, ".") if path.is_dir() else (path.parent, path.name)
    if unchanged:
        if path.is_dir():
            return None
        committed = _git(folder, "rev-parse", "--verify", "--quiet", f"HEAD:./{name}")
        if not committed or committed != _git(folder, "hash-object", "--no-filters", "--",
                                              name):
            return None
    stamp = _git(folder, "log", "-1", "--format=%cI", "--", name)
    if not stamp:
        return None
    return datetime.fromisoformat(stamp).astimezone(UTC)


def _committed(root: Path) -> CampaignDate | None:
    when = last_commit(root)
    return CampaignDate(when, "git", "the last commit of the campaign folder") \
        if when is not None else None


def _file_time(campaign: Campaign) -> CampaignDate:
    try:
        stamp = int(campaign.source_file.stat().st_mtime)
    except OSError:  # removed since it was read: the time it was read
        stamp = int(datetime.now(UTC).timestamp())
    return CampaignDate(datetime.fromtimestamp(stamp, UTC), FILE_TIME,
                        f"the modification time of {campaign.source_file.name}: the campaign "
                        "folder is not in git")


def date_findings(campaign: Campaign) -> list[Diagnostic]:
    """What ``posters validate`` says of a date taken from a file time: how to pin it."""
    found = campaign_date(campaign)
    if found.pinned:
        return []
    return [Diagnostic(
        Level.INFO, Location(str(campaign.source_file)),
        f"the PDFs and catalogs are dated {found.when:%Y-%m-%d %H:%M} UTC, {found.detail}, "
        "so another copy of the folder may date them differently; commit the campaign to "
        "git, or pin the date with `date: YYYY-MM-DD` under `print:` (or set "
        "SOURCE_DATE_EPOCH)")]
