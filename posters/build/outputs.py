"""The outputs of a build: what each is (language, format, size, variant, region), where
it goes and under which name; and the removal of what earlier builds left that this one
no longer makes, or that a killed build left half written."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posters.files import process_alive, temporary_of

if TYPE_CHECKING:
    from posters.build.fingerprint import Manifest
    from posters.build.report import OutputEntry
    from posters.model import Campaign

# Multilingual formats carry every language at once: one output per size, under this name.
ALL_LANGUAGES = "all"
GENERIC = "generic"  # the output without a region: its local-contacts area left empty
VARIANTS = ("print", "screen")  # posters.build.write.variant makes each


@dataclass(frozen=True)
class Output:
    path: Path
    lang: str
    format: str
    size: str
    variant: str
    region: str | None = None


def output_path(out_dir: Path, campaign: Campaign, lang: str, format_name: str,
                size: str, variant: str, region: str | None = None) -> Path:
    """out/<campaign>/<lang>/<format>-<size>[-<region>][-<variant>].pdf; a size named
    after its format (card-jp) is not repeated: card-jp.pdf."""
    stem = [size] if size.startswith(f"{format_name}-") else [format_name, size]
    parts = stem + ([region] if region else []) + ([variant] if variant != "print" else [])
    return out_dir / campaign.name / lang / ("-".join(parts) + ".pdf")


def remove_outputs_no_longer_made(out_dir: Path, campaign: Campaign, manifest: Manifest,
                                  before: dict[str, OutputEntry]) -> list[str]:
    """Delete what an earlier build made for a language, region or format the campaign no
    longer has (a regional office closed, a language dropped), or under a name this
    version no longer gives it, so that neither the folder nor the gallery offers a stale
    poster. Only files the manifest says a build wrote are deleted. Returns the paths of
    the entries of the last report (``before``) that leave it, relative to the campaign's
    output folder."""
    from posters.layout.description import available_layouts

    campaign_out = out_dir / campaign.name
    languages = {*campaign.meta.languages, ALL_LANGUAGES}
    regions = {GENERIC, *(region.id for region in campaign.regions)}
    formats = available_layouts(campaign.root)
    removed = []
    for relative, entry in before.items():
        region = entry.region or GENERIC
        if entry.lang in languages and region in regions and entry.format in formats:
            named = output_path(out_dir, campaign, entry.lang, entry.format, entry.size,
                                entry.variant, None if region == GENERIC else region)
            if named == campaign_out / relative:
                continue
        parts = Path(relative).parts
        if Path(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
            continue  # not a path a build writes: leave it alone
        path = campaign_out / relative
        key = str(path)
        if key in manifest.entries:
            path.unlink(missing_ok=True)
            from posters.print.jobsheet import job_sheet_paths  # pikepdf: 50 ms

            for sheet in job_sheet_paths(path):  # the print output's job sheet goes with it
                sheet.unlink(missing_ok=True)
            del manifest.entries[key]
        removed.append(relative)
    if removed:
        manifest.save()
    return removed


# A temporary file of posters.files without a process id (as written before it had one)
# older than this is left from a killed build: a gallery file takes well under a second.
OLD_DEBRIS_AGE = 600.0


def remove_debris(campaign_out: Path, paths: Iterable[Path]) -> int:
    """Delete what killed builds left behind (SIGKILL, a power cut, a worker killed for
    memory): only temporary files named after an output this campaign makes or made, or
    in the campaign's own folders (manifest, report, gallery, previews), by a process that
    no longer runs (a build running at the same time keeps its own). ``paths``: the
    outputs this build makes and those the manifest lists. Each writer says which names
    are its temporaries. Returns how many went."""
    if not campaign_out.is_dir():
        return 0
    ours: dict[Path, set[str]] = {}
    for path in paths:
        ours.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for folder, names in ours.items():
        for entry in _entries(folder):
            owner = _temporary_owner(entry.name)
            if owner is not None and owner[0] in names and not process_alive(owner[1]):
                removed += _unlink(entry)
    now = time.time()
    for folder in (campaign_out, campaign_out / ".previews"):
        for entry in _entries(folder):
            found = temporary_of(entry.name)
            if found is None or _temporary_owner(entry.name) is not None:
                continue
            pid = found[1]
            dead = not process_alive(pid) if pid is not None else \
                _older_than(entry, now - OLD_DEBRIS_AGE)
            if dead:
                removed += _unlink(entry)
    return removed


def _temporary_owner(name: str) -> tuple[str, int] | None:
    """build.write's temporary_owner, asked only of a name that can be a temporary: every
    writer's temporaries (write_atomic's, write_output's, pikepdf's) are dot files with
    ``.tmp`` in their names, and asking imports the renderer (0.6 s), which a build that
    has nothing to make does not need."""
    if not (name.startswith(".") and ".tmp" in name):
        return None
    from posters.build.write import temporary_owner

    return temporary_owner(name)


def _entries(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []


def _older_than(entry: Path, when: float) -> bool:
    try:
        return entry.stat().st_mtime < when
    except OSError:
        return False


def _unlink(entry: Path) -> int:
    try:
        entry.unlink()
    except OSError:
        return 0
    return 1
