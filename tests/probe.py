"""What a `posters` command loads: it runs in a fresh interpreter (the tree's package first,
the check cache given), and its ``sys.modules`` when the command returns is the answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

_PROBE = """
import json, sys
from posters.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str, cache: Path) -> set[str]:
    """The modules loaded by `posters ARGS` (it must succeed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTERS_CHECK_CACHE": str(cache)}
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Those of ``modules`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))
