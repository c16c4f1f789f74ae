"""A reference image per script, compared with a tolerance.

Regenerate on purpose only: POSTERS_REGENERATE_REFERENCES=1 pytest tests/text
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from posters.text.specimen import specimen_texts
from tests.reference_render import render_reference

REFERENCES = Path(__file__).parent / "references"
SCRIPTS = {  # script: language whose specimen texts show it
    "latin": "en",
    "vietnamese": "vi",
    "cyrillic": "ru",
    "japanese": "ja",
    "simplified-chinese": "zh-Hans",
    "traditional-chinese": "zh-Hant",
    "korean": "ko",
    "thai": "th",
    "devanagari": "ne",
    "myanmar": "my",
    "khmer": "km",
    "arabic": "ar",
    "persian": "fa",
}
TOLERANCE = 2.0  # mean absolute difference per channel, 0-255


def _render(engine, lang: str, pdf: Path) -> Image.Image:
    _url, texts = specimen_texts()
    return render_reference(engine, lang, texts[lang], pdf)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_reference_image(engine, tmp_path, script):
    image = _render(engine, SCRIPTS[script], tmp_path / f"{script}.pdf")
    ref_path = REFERENCES / f"{script}.png"
    if os.environ.get("POSTERS_REGENERATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        image.save(ref_path, optimize=True)
        pytest.skip(f"regenerated {ref_path.name}")
    assert ref_path.exists(), (
        f"no reference {ref_path}; look at the output, then run with "
        "POSTERS_REGENERATE_REFERENCES=1"
    )
    ref = Image.open(ref_path).convert("L")
    assert ref.size == image.size
    diff = ImageStat.Stat(ImageChops.difference(ref, image)).mean[0]
    if diff > TOLERANCE:
        image.save(tmp_path / f"{script}-actual.png")
    assert diff <= TOLERANCE, f"{script}: mean difference {diff:.2f} > {TOLERANCE}"
    # and the text is really there: enough dark pixels
    assert ImageStat.Stat(image).mean[0] < 250
