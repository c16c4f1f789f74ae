"""WCAG 2.1 AA contrast of every text against its background, from the colours the screen
variant draws (CMYK through the campaign's profile)."""

from __future__ import annotations

import re
from dataclasses import replace

import pikepdf
import pytest

from posters.model import Colour


@pytest.fixture(scope="module")
def poster(engine, sample_campaign):
    from posters.layout import compose_page, load_layout
    from posters.localize import localize
    from posters.sizes import paper_size

    return compose_page(localize(sample_campaign, "en"), load_layout("poster"),
                        paper_size("jis-b2"), engine)


def _recolour(page, names: dict[str, Colour]):
    """The page with every run and fill of the named colours in others (the geometry kept)."""
    from posters.layout.geometry import Fill, TextFrame

    def run(r):
        return replace(r, color=names.get(r.color.name, r.color)) if r.color else r

    items = []
    for item in page.items:
        if isinstance(item, TextFrame):
            lines = tuple(replace(line, runs=tuple(run(r) for r in line.runs))
                          for line in item.set_text.lines)
            item = replace(item, set_text=replace(item.set_text, lines=lines))
        elif isinstance(item, Fill) and item.colour.name in names:
            item = replace(item, colour=names[item.colour.name])
        items.append(item)
    return replace(page, items=tuple(items),
                   background=names.get(page.background.name, page.background))


def test_black_on_white_passes(poster):
    from posters.preflight.accessibility import contrast_findings

    black, white = Colour("ink", (0, 0, 0, 100)), Colour("paper", (0, 0, 0, 0))
    every = {c.name: black for item in poster.items for c in _colours(item)}
    every["paper"] = white
    page = _recolour(poster, every)
    # every text black; every fill (bands) black too, so text on a band is black on black
    findings = contrast_findings((page,), None, "p.pdf")
    on_paper = [f for f in findings if "on paper" in f.message]
    assert not on_paper


def test_low_contrast_text_is_named_with_its_pair(poster):
    from posters.preflight.accessibility import contrast_findings

    grey = Colour("muted", (0, 0, 0, 40))  # #a3a3a3-ish on white: about 2.5:1
    findings = contrast_findings((_recolour(poster, {"muted": grey}),), None, "p.pdf")
    muted = [f for f in findings if "text muted" in f.message and "on paper" in f.message]
    assert muted
    finding = muted[0]
    assert finding.code == "PF120" and finding.location.page == 1
    assert finding.location.object in finding.message  # the block, e.g. statistics[0].source
    ratio = float(re.search(r"contrast of ([\d.]+):1", finding.message)[1])
    needed = float(re.search(r"AA's ([\d.]+):1 for (large|normal) text", finding.message)[1])
    assert 1.5 < ratio < needed
    size = max(r.size for item in poster.text_frames() if item.block == finding.location.object
               for line in item.set_text.lines for r in line.runs)
    assert needed == (3.0 if size >= 18 else 4.5)


def test_ratio_is_measured_on_the_colours_the_screen_file_draws(tmp_path, engine):
    """The colour named in the finding is the one in the screen PDF's content stream (the
    sample with its grey made too light: the sample itself meets WCAG AA)."""
    import shutil

    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    campaign = shutil.copytree(SAMPLE, tmp_path / "tip-2023")
    yaml = campaign / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "muted: {cmyk: [0, 0, 0, 68]}" in text
    yaml.write_text(text.replace("muted: {cmyk: [0, 0, 0, 68]}", "muted: {cmyk: [0, 0, 0, 40]}"),
                    encoding="utf-8")
    result = build(BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                                formats=("poster",), variants=("screen",),
                                regions=("generic",)), engine)
    [output] = [r for r in result.results if r.status == "built"]
    warnings = [f for f in output.findings if f.code == "PF120" and "text muted" in f.message]
    assert warnings
    hexes = re.findall(r"text \S+ \([^)]*\) \((#[0-9a-f]{6})\)", warnings[0].message)
    assert hexes
    with pikepdf.open(output.output.path) as pdf:
        content = pikepdf.unparse_content_stream(
            pikepdf.parse_content_stream(pdf.pages[0])).decode("latin1")
    drawn = {"#{:02x}{:02x}{:02x}".format(*tuple(round(float(v) * 255) for v in m.groups()))
             for m in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)}
    assert hexes[0] in drawn


def _colours(item):
    from posters.layout.geometry import Fill, TextFrame

    if isinstance(item, TextFrame):
        return [r.color for line in item.set_text.lines for r in line.runs if r.color]
    if isinstance(item, Fill):
        return [item.colour]
    return []
