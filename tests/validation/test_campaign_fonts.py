"""A campaign's own font (``fonts.faces``) is checked by `posters validate` as a build
would use it: a language set with a face that has none of its letters is refused before
any of its text is translated (a build of the translation would find no glyph)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from posters.schema.campaign import deep_checks, load_campaign
from tests.validation.cases import MINIMAL
from tests.validation.test_docs import BRAND_FONT  # Noto Sans Symbols 2: no Tibetan letter

TIBETAN_FONT = Path("/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf")


def _campaign(root: Path, font: Path) -> Path:
    folder = root / "campaign"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "brand.ttf").write_bytes(font.read_bytes())
    text = MINIMAL.replace("[en, ja]", "[en, ja, bo]") + (
        "fonts:\n  faces:\n    brand: {regular: fonts/brand.ttf}\n"
        "  stacks:\n    bo: [brand]\n")
    (folder / "campaign.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_face_without_the_letters_of_its_language_is_refused(tmp_path: Path) -> None:
    campaign, _ = load_campaign(_campaign(tmp_path, BRAND_FONT))  # the YAML itself is fine
    found = [str(d) for d in deep_checks(campaign)]
    assert len(found) == 1, found
    assert found[0].startswith(f"{campaign.source_file}: error: fonts.stacks: bo is set with "
                               "the campaign's own font(s) ")
    assert "no font of its stack has 86 of its 86 letters (Tibt: ཀ ཁ ག ང" in found[0]
    run = subprocess.run([sys.executable, "-m", "posters", "validate", str(tmp_path / "campaign")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "fonts.stacks: bo is set with" in run.stderr + run.stdout


@pytest.mark.skipif(not TIBETAN_FONT.exists(), reason="Noto Serif Tibetan not installed")
def test_a_face_with_the_letters_passes(tmp_path: Path) -> None:
    campaign, _ = load_campaign(_campaign(tmp_path, TIBETAN_FONT))
    assert [str(d) for d in deep_checks(campaign)] == []
