"""A reference image per script added for #12, compared with a tolerance (the scripts of
the first 17 languages have theirs in tests/text/references).

Regenerate on purpose only, after looking at them:
POSTERS_REGENERATE_REFERENCES=1 pytest tests/languages/test_reference_scripts.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from posters.languages import specimen_text
from tests.reference_render import render_reference

from .conftest import usable_or_skip

REFERENCES = Path(__file__).parent / "references"
SCRIPTS = {  # script: a language written in it
    "greek": "el",
    "hebrew": "he",
    "ethiopic": "am",
    "bengali": "bn",
    "tamil": "ta",
    "telugu": "te",
    "gurmukhi": "pa",
    "gujarati": "gu",
    "kannada": "kn",
    "malayalam": "ml",
    "odia": "or",
    "sinhala": "si",
    "armenian": "hy",
    "georgian": "ka",
    "cherokee": "chr",
    "lao": "lo",
    "nastaliq": "ur",
    "pashto": "ps",
}
TOLERANCE = 2.0  # mean absolute difference per channel, 0-255


def _render(engine, lang: str, pdf: Path) -> Image.Image:
    return render_reference(engine, lang, specimen_text(lang), pdf)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_reference_image(engine, tmp_path, script):
    usable_or_skip(engine, SCRIPTS[script])
    image = _render(engine, SCRIPTS[script], tmp_path / f"{script}.pdf")
    ref_path = REFERENCES / f"{script}.png"
    if os.environ.get("POSTERS_REGENERATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        image.save(ref_path, optimize=True)
        pytest.skip(f"regenerated {ref_path.name}")
    assert ref_path.exists(), f"no reference {ref_path}; look at the output, then regenerate"
    ref = Image.open(ref_path).convert("L")
    assert ref.size == image.size
    diff = ImageStat.Stat(ImageChops.difference(ref, image)).mean[0]
    if diff > TOLERANCE:
        image.save(tmp_path / f"{script}-actual.png")
    assert diff <= TOLERANCE, f"{script}: mean difference {diff:.2f} > {TOLERANCE}"
    assert ImageStat.Stat(image).mean[0] < 250  # the text is really there
