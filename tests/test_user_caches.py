"""The tests keep out of the user's caches (~/.cache/posters): every user cache but the
fonts' is a folder of the test session (tests/conftest.py), in this process and in every
build a test runs in a subprocess."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE, SESSION_CACHES

PACKAGE = ROOT / "posters"


def _user_caches() -> dict[str, str]:
    """Every ``user_cache("name", "VARIABLE")`` call in the package: name -> variable."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "user_cache"):
                name, variable = (arg.value for arg in node.args)  # type: ignore[attr-defined]
                found[name] = variable
    return found


def test_every_user_cache_but_the_fonts_is_the_sessions():
    caches = _user_caches()
    assert {"checks", "tool", "gallery", "fonts"} <= caches.keys()  # the reader works
    assert {name: caches[name] for name in caches if name != "fonts"} == SESSION_CACHES
    from posters.build.fingerprint import tool_cache_dir
    from posters.files import user_cache
    from posters.gallery.memo import cache_dir as gallery_cache
    from posters.schema.checked import cache_dir as check_cache

    session = Path(os.environ["POSTERS_CHECK_CACHE"]).parent
    real = Path.home() / ".cache" / "posters"
    for folder in (tool_cache_dir(), gallery_cache(), check_cache(),
                   *(user_cache(name, variable) for name, variable in SESSION_CACHES.items())):
        assert folder.parent == session and real not in folder.parents, folder


def test_a_build_in_a_subprocess_writes_no_user_cache_but_the_session(tmp_path):
    """A build run as the tests run them, with HOME and XDG_CACHE_HOME pointed at an
    empty folder (the fonts' cache named, so that it is not built again there): it
    writes its caches into the session's folders and nothing under that folder."""
    from posters.text.cache import cache_dir as font_cache

    home = tmp_path / "home"
    home.mkdir()
    session = {name: Path(os.environ[variable]) for name, variable in SESSION_CACHES.items()}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home),
           "XDG_CACHE_HOME": str(home / ".cache"), "POSTERS_FONT_CACHE": str(font_cache())}
    result = subprocess.run(
        [sys.executable, "-m", "posters", "build", str(SAMPLE), "--out", str(tmp_path / "out"),
         "-l", "en", "-f", "poster", "-s", "jis-b2", "-r", "generic", "--force", "-j", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []
    # the build did use its caches (the tool's digests, the icons' and QR code's checks,
    # the gallery's values): they are in the session's folders
    for name, folder in session.items():
        assert folder.is_dir() and any(p.is_file() for p in folder.rglob("*")), name
