from __future__ import annotations

import pytest

from posters.text import TextEngine
from posters.text.config import FontConfigError


@pytest.fixture(scope="session")
def engine() -> TextEngine:
    return TextEngine.default()


def usable_or_skip(engine: TextEngine, lang: str) -> None:
    """A language whose fonts are not on this machine (Debian's fonts-noto-core on macOS)
    is skipped with the reason; everywhere the set-up runs, none is."""
    try:
        engine.config.language(lang)
    except FontConfigError as exc:
        pytest.skip(str(exc))
