"""A wheel carries the tool's stock data: built with pip, installed into a folder of its own
and run from outside the source tree, it builds a campaign (issue #16, item 8)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

US_NOTICE = ROOT / "content" / "us-notice"
# pip fails this way when it cannot fetch setuptools for its isolated build (no index)
_OFFLINE = ("No matching distribution", "Could not find a version", "Network is unreachable",
            "Temporary failure in name resolution", "Failed to establish a new connection")


def _pip_available() -> bool:
    try:
        subprocess.run([sys.executable, "-m", "pip", "--version"], check=True,
                       capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


pytestmark = pytest.mark.skipif(not _pip_available(), reason="pip is not available")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The package as a wheel installs it: pip wheel from a copy of the sources (pip writes
    build/ and *.egg-info next to them), pip install --target a fresh folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT / "posters", source / "posters",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(work / "dist"), str(source)],
                          capture_output=True, text=True, timeout=600)
    if made.returncode != 0 and any(s in made.stderr + made.stdout for s in _OFFLINE):
        pytest.skip("pip wheel cannot fetch its build backend here: " + made.stderr[-300:])
    assert made.returncode == 0, made.stdout + made.stderr
    (wheel,) = (work / "dist").glob("posters-*.whl")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                                "--target", str(work / "site"), str(wheel)],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return work / "site"


def run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_wheel_holds_the_stock_data(site):
    wheel = next(site.parent.glob("dist/posters-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("posters/data/fonts.yaml", "posters/data/specimen-drafts.yaml",
                 "posters/layouts/poster.yaml", "posters/text/data/specimen.yaml"):
        assert name in names, name


def test_the_installed_package_is_imported_not_the_tree(site, tmp_path):
    result = run(site, tmp_path, "-c", "import posters, posters.text.config as c; "
                                       "print(posters.__file__); print(c.DEFAULT_CONFIG)")
    assert result.returncode == 0, result.stderr
    package, config = result.stdout.split()
    assert Path(package).is_relative_to(site)
    assert Path(config) == site / "posters" / "data" / "fonts.yaml"


def test_the_installed_wheel_builds_a_campaign(site, tmp_path):
    """Everything a build reads besides the campaign comes from the installed package:
    fonts.yaml, the stock icons, the layouts, the ICC profile, the specimen drafts."""
    folder = tmp_path / "us-notice"
    shutil.copytree(US_NOTICE, folder)
    result = run(site, tmp_path, "-m", "posters", "build", str(folder), "--lang", "en",
                 "--format", "poster", "--out", str(tmp_path / "out"), "--no-gallery", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted((tmp_path / "out" / "us-notice" / "en").glob("poster-*.pdf"))
    assert pdfs and pdfs[0].read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):  # read back by a reader we did not write
        text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True,
                              text=True, timeout=60, check=True).stdout
        assert "1-888-373-7888" in text
