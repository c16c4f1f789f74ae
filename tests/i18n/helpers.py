from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from posters.commands.i18n import i18n
from posters.model import Campaign
from posters.validate import load_campaign

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content" / "tip-2023"


def run(*args: object) -> Result:
    return CliRunner().invoke(i18n, [str(a) for a in args], catch_exceptions=False)


def load(folder: Path) -> Campaign:
    return load_campaign(folder)[0]
