"""`posters fonts install`: instance every configured (font, style) into the cache once.

Incremental: an instance already in the cache (same source hash) is left alone, so a
second run takes a second. A font whose file is not on this machine (a Debian-only font
on macOS) is skipped with a line saying which package brings it; the languages that need
it are then reported unusable by `posters validate`, and nothing else changes."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .cache import (
    RECORD_SUFFIX,
    InstanceSpec,
    cache_dir,
    instance_ok,
    instance_spec,
    make_instance,
)
from .config import STYLES, FontConfig, load_config


def planned_instances(config: FontConfig, skipped: dict[str, str] | None = None
                      ) -> list[InstanceSpec]:
    """The instances of every available font some stack uses; unavailable fonts go into
    ``skipped`` (font id -> why)."""
    specs = []
    for fid in config.used_fonts():
        why = config.fonts[fid].unavailable()
        if why:
            if skipped is not None:
                skipped[fid] = why
            continue
        specs += [instance_spec(config, fid, style) for style in STYLES]
    return specs


def stale_instances(config: FontConfig, directory: Path | None = None,
                    planned: list[InstanceSpec] | None = None) -> list[Path]:
    """The cache's instances of the configured fonts that this posters does not make: an
    older posters' (another INSTANCE_FORMAT) or of a font file since updated, with their
    records. Fonts whose file is not on this machine are left out (their current name
    cannot be told). ``planned``: planned_instances(config), when the caller has it."""
    directory = directory or cache_dir()
    current = {spec.filename for spec in planned or planned_instances(config)}
    stale = []
    for fid in config.used_fonts():
        if config.fonts[fid].unavailable():
            continue
        for style in STYLES:
            name = re.compile(rf"{re.escape(fid)}-{re.escape(style)}-[0-9a-f]{{16}}\.ttf")
            for path in sorted(directory.glob(f"{fid}-{style}-*.ttf")):
                if name.fullmatch(path.name) and path.name not in current:
                    stale.append(path)
    return stale


def prune(paths: list[Path]) -> int:
    """Remove the instances and their records; the bytes freed."""
    freed = 0
    for path in paths:
        for file in (path, path.with_name(path.name + RECORD_SUFFIX)):
            try:
                freed += file.stat().st_size
                file.unlink()
            except FileNotFoundError:
                pass
    return freed


def _build(spec: InstanceSpec, directory: str) -> tuple[str, float]:
    start = time.perf_counter()
    make_instance(spec, Path(directory))
    return spec.filename, time.perf_counter() - start


def install(
    config: FontConfig | None = None,
    directory: Path | None = None,
    jobs: int | None = None,
    echo: Callable[[str], None] = print,
    quiet_ok: bool = False,
    remove_stale: bool = False,
) -> list[Path]:
    """Make the missing instances in parallel; return the paths of all instances. The
    instances this posters no longer makes are said (``remove_stale``: removed)."""
    started = time.perf_counter()
    config = config or load_config()
    directory = directory or cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    skipped: dict[str, str] = {}
    specs = planned_instances(config, skipped)
    missing = [s for s in specs if not instance_ok(s.path(directory))]  # or damaged
    echo(f"font cache: {directory}")
    if not quiet_ok:
        for spec in specs:
            if spec not in missing:
                echo(f"  ok       {spec.filename}")
    for fid, why in skipped.items():
        echo(f"  skipped  {fid}: {why}")
    if missing:
        # Biggest first so the long CJK instances start early on every core.
        missing.sort(key=lambda s: -s.font.path(s.style).stat().st_size)
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
        echo(f"instancing {len(missing)} font(s) on {jobs} process(es); CJK takes 20-40 s each")
        if jobs == 1:
            for spec in missing:
                name, seconds = _build(spec, str(directory))
                echo(f"  made     {name} ({seconds:.1f} s)")
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(_build, spec, str(directory)) for spec in missing]
                for fut in as_completed(futures):
                    name, seconds = fut.result()
                    echo(f"  made     {name} ({seconds:.1f} s)")
    stale = stale_instances(config, directory, specs)
    if stale and remove_stale:
        freed = prune(stale)
        echo(f"  removed  {len(stale)} instance(s) this posters no longer makes "
             f"({freed / 2**20:.0f} MiB)")
    elif stale:
        size = sum(path.stat().st_size for path in stale)
        echo(f"  stale    {len(stale)} instance(s) this posters no longer makes "
             f"({size / 2**20:.0f} MiB: an older posters', or of a font file since "
             "updated); `posters fonts install --prune` removes them")
    echo(f"{len(specs) - len(missing)} instance(s) up to date, {len(missing)} made, "
         f"{len(skipped)} font(s) skipped, in {time.perf_counter() - started:.1f} s")
    return [s.path(directory) for s in specs]


def ensure_campaign_fonts(config: FontConfig, directory: Path | None = None) -> None:
    """Instance a campaign's own faces (a static TrueType file takes well under a second;
    done before a build so that a newcomer's font needs no extra command)."""
    directory = directory or cache_dir()
    for face in config.campaign.faces:
        for style in STYLES:
            spec = instance_spec(config, face.id, style)
            if not spec.path(directory).exists():
                make_instance(spec, directory)
