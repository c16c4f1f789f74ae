"""`posters fonts install`: instance every configured (font, style) into the cache once."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .cache import InstanceSpec, cache_dir, instance_ok, instance_spec, make_instance
from .config import STYLES, FontConfig, load_config


def planned_instances(config: FontConfig) -> list[InstanceSpec]:
    used = sorted({fid for setup in config.languages.values() for fid in setup.stack})
    return [instance_spec(config, fid, style) for fid in used for style in STYLES]


def _build(spec: InstanceSpec, directory: str) -> tuple[str, float]:
    start = time.perf_counter()
    make_instance(spec, Path(directory))
    return spec.filename, time.perf_counter() - start


def install(
    config: FontConfig | None = None,
    directory: Path | None = None,
    jobs: int | None = None,
    echo: Callable[[str], None] = print,
) -> list[Path]:
    """Make the missing instances in parallel; return the paths of all instances.

    Idempotent: instances already in the cache (same source hash) are left alone."""
    config = config or load_config()
    directory = directory or cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    specs = planned_instances(config)
    missing = [s for s in specs if not instance_ok(s.path(directory))]  # or damaged
    echo(f"font cache: {directory}")
    for spec in specs:
        if spec not in missing:
            echo(f"  ok       {spec.filename}")
    if missing:
        # Biggest first so the long CJK instances start early on every core.
        missing.sort(key=lambda s: -s.font.path().stat().st_size)
        jobs = jobs or os.cpu_count() or 1
        echo(f"instancing {len(missing)} font(s) on {jobs} process(es); CJK takes 20-40 s each")
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_build, spec, str(directory)) for spec in missing]
            for fut in as_completed(futures):
                name, seconds = fut.result()
                echo(f"  made     {name} ({seconds:.1f} s)")
    return [s.path(directory) for s in specs]
