from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "tip-2023"


@pytest.fixture(scope="session")
def engine():
    from posters.text import TextEngine

    return TextEngine.default()


@pytest.fixture(scope="session")
def sample_campaign():
    from posters.validate import load_campaign

    campaign, _ = load_campaign(SAMPLE)
    return campaign
