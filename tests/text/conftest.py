from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from posters.render.specimen import build_specimen
from posters.text import TextEngine
from posters.text.install import planned_instances


@pytest.fixture(scope="session")
def engine() -> TextEngine:
    eng = TextEngine.default()
    missing = [
        s.filename
        for s in planned_instances(eng.config)
        if not s.path(eng.fonts.directory).exists()
    ]
    if missing:
        pytest.fail(f"font instances missing ({', '.join(missing)}): run `posters fonts install`")
    return eng


@pytest.fixture(scope="session")
def specimen(engine, tmp_path_factory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("specimen") / "specimen.pdf"
    entries = build_specimen(path, engine=engine)
    return path, entries


def pdftotext(path: Path, page: int | None = None, raw: bool = False) -> str:
    from tests.pdftools import require_pdftotext

    require_pdftotext()
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else [])]
    if page is not None:
        args += ["-f", str(page + 1), "-l", str(page + 1)]
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
