from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.validation.cases import Case


def write_campaign(case: Case, root: Path) -> Path:
    """Write the case as ``root/content/bad`` and return that folder, relative to ``root``."""
    folder = root / "content" / "bad"
    folder.mkdir(parents=True)
    data = case.data if case.data is not None else case.text().encode("utf-8")
    (folder / "campaign.yaml").write_bytes(data)
    for name, content in case.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    for name, target in case.links.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / name)
    return Path("content/bad")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary project root, made the current folder (as when running `posters build`)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
