from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import FIXTURES


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small campaign that a test may change."""
    folder = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", folder)
    return folder
