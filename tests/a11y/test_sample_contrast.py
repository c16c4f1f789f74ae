"""Both sample campaigns meet WCAG 2.1 AA on screen (#19): a screen build of every format,
in a few languages of different scripts, has no PF120; and every grey the screen files draw
text in contrasts at least 4.5:1 with the white paper, read from the content streams with
pikepdf and measured with WCAG's formula written out here, not posters' own."""

from __future__ import annotations

import pikepdf
import pytest

from tests.conftest import ROOT

CASES = {
    "tip-2023": (("en", "ar", "my", "all"),
                 {"poster", "trifold", "flyer", "card", "multilingual", "language-card"}),
    "us-notice": (("en", "vi", "all"),
                  {"poster", "trifold", "card", "multilingual", "language-card"}),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def screen_build(request, tmp_path_factory, engine):
    from posters.build import BuildRequest, build

    languages, formats = CASES[request.param]
    result = build(BuildRequest(ROOT / "content" / request.param,
                                out_dir=tmp_path_factory.mktemp(request.param),
                                languages=languages, variants=("screen",),
                                regions=("generic",)), engine)
    built = [r for r in result.results if r.status == "built"]
    assert not result.failed and {r.output.format for r in built} == formats
    return built


def test_no_text_contrasts_too_little_on_screen(screen_build):
    findings = [f"{r.output.path.name}: {f.message}" for r in screen_build
                for f in r.findings if f.code == "PF120"]
    assert findings == []


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_fills(path) -> set[tuple[float, float, float]]:
    """The DeviceRGB fill colours in force where the file shows text."""
    fills: set[tuple[float, float, float]] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            current = (0.0, 0.0, 0.0)
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "rg":
                    current = tuple(float(v) for v in operands)
                elif op == "g":
                    current = (float(operands[0]),) * 3
                elif op in ("Tj", "TJ", "'", '"'):
                    fills.add(current)
    return fills


def test_grey_text_on_the_screen_files_meets_4_5_to_1(screen_build):
    greys = {}
    for result in screen_build:
        for fill in _text_fills(result.output.path):
            if max(fill) - min(fill) < 0.02 and 0.05 < max(fill) < 0.95:
                greys.setdefault(fill, result.output.path.name)
    assert greys, "no grey text drawn: the check would prove nothing"
    for grey, name in greys.items():
        ratio = (1.0 + 0.05) / (_luminance(grey) + 0.05)
        hexed = "#" + "".join(f"{round(c * 255):02x}" for c in grey)
        assert ratio >= 4.5, f"{name}: grey text {hexed} on white is {ratio:.2f}:1"


def test_the_muted_grey_is_the_lightest_that_passes(screen_build):
    """K68, not darker than it needs to be: K67 would fail, K68 passes (FOGRA39)."""
    from dataclasses import replace

    from posters.edition.contrast import contrast_ratio
    from posters.preflight.accessibility import on_screen
    from posters.schema.campaign import load_campaign

    folder = screen_build[0].output.path.parent.parent.name
    campaign, _ = load_campaign(ROOT / "content" / folder)
    colours, profile = campaign.brand.colours, campaign.output_intent.profile
    paper = on_screen(colours["paper"], profile)
    muted = colours["muted"]
    k = muted.cmyk[3]
    assert contrast_ratio(on_screen(muted, profile), paper) >= 4.5
    lighter = replace(muted, cmyk=(*muted.cmyk[:3], k - 1))
    assert contrast_ratio(on_screen(lighter, profile), paper) < 4.5
