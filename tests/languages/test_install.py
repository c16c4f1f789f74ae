"""`posters fonts install`: incremental, timed, and without Debian's fonts on other
systems it skips them cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from posters.text.cache import cache_dir
from tests.conftest import ROOT


def _install(cache: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posters", "fonts", "install"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "POSTERS_FONT_CACHE": str(cache), **env})


def _linked_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    for font in cache_dir().glob("*.ttf"):
        (cache / font.name).symlink_to(font)
    return cache


def test_a_second_install_makes_nothing_and_says_so(tmp_path):
    cache = _linked_cache(tmp_path)
    result = _install(cache)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert " up to date, 0 made, " in last and last.endswith(" s")


def test_without_debians_fonts_they_are_skipped_cleanly(tmp_path):
    cache = _linked_cache(tmp_path)
    result = _install(cache, POSTERS_SYSTEM_FONT_DIRS=str(tmp_path / "none"))
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.startswith("  skipped")]
    assert any("noto-sans-armenian" in line and "apt-get install fonts-noto-core" in line
               for line in skipped)
    assert not any("noto-sans-arabic" in line for line in skipped)  # PyPI fonts are kept
    assert "Traceback" not in result.stderr
