from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "tip-2023"

# The user caches (posters.files.user_cache and its callers) are the user's: the tests'
# builds remember their checks, the tool's digests and the gallery's values in a folder
# of this session, set here, before any module that reads these variables is imported,
# so that a build in a subprocess inherits it too. One folder for the whole session, not
# one per test: a cold check cache draws every icon through svglib again. The font cache
# stays the user's (building it takes minutes); a test that needs another sets
# POSTERS_FONT_CACHE itself.
SESSION_CACHES = {"checks": "POSTERS_CHECK_CACHE", "tool": "POSTERS_TOOL_CACHE",
                  "gallery": "POSTERS_GALLERY_CACHE"}
_SESSION_CACHE_ROOT = Path(tempfile.mkdtemp(prefix="posters-test-caches-"))
for _name, _variable in SESSION_CACHES.items():
    os.environ[_variable] = str(_SESSION_CACHE_ROOT / _name)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-goldens", action="store_true",
                     help="rewrite tests/golden/pdfs from this build (look at what changed)")


@pytest.fixture(scope="session")
def engine():
    from posters.text import TextEngine

    return TextEngine.default()


@pytest.fixture(scope="session")
def sample_campaign():
    from posters.schema.campaign import load_campaign

    campaign, _ = load_campaign(SAMPLE)
    return campaign


# The working tree is the user's: a build, benchmark or test writes only into out/ or a
# temporary folder. The tree is compared before and after the whole session; tool caches
# that every Python project ignores are not the tests' output.
_TOOL_CACHES = ("__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".egg-info")


def _tree_entries() -> set[str] | None:
    import subprocess

    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all", "--ignored=matching"],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout (an sdist, say): nothing to compare
    entries = set()
    for line in result.stdout.splitlines():
        path = line[3:]
        if path.startswith(("out/", ".venv/")) or any(c in path for c in _TOOL_CACHES):
            continue
        entries.add(line)
    return entries


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_TREE_BEFORE] = _tree_entries()


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_CACHE_ROOT, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_TREE_BEFORE, None)
    if before is None:
        return
    after = _tree_entries() or set()
    written = sorted(after - before)
    if session.config.getoption("--regenerate-goldens"):
        written = [entry for entry in written if "tests/golden/pdfs/" not in entry]
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = ("the tests wrote into the working tree outside out/:\n  "
                   + "\n  ".join(written))
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_TREE_BEFORE = pytest.StashKey[set[str] | None]()
