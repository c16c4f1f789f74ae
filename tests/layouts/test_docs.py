"""docs/layouts.md stays true: it documents every block type and key the reader knows,
and its walk-through (copy the stock poster into a campaign, change it) builds."""

from __future__ import annotations

import re
from pathlib import Path

from posters.layout import compose_document, load_layout
from posters.layout.blocks import BLOCKS
from posters.layout.description import LAYOUT_DIR, STRUCTURE
from posters.localize import localize
from posters.schema.campaign import load_campaign
from posters.sizes import paper_size
from tests.layouts.conftest import write_campaign

DOC = (Path(__file__).resolve().parents[2] / "docs" / "layouts.md").read_text("utf-8")


def test_every_block_type_and_structural_key_is_documented():
    for kind in BLOCKS.keys() - {"group"}:
        assert f"| `{kind}` |" in DOC, kind
    for key in STRUCTURE - {"type", "panel"}:
        assert f"`{key}`" in DOC, key


def test_the_walk_through_builds(tmp_path, engine):
    """Step 2 of "Copying a stock layout and changing it", applied to a copy."""
    poster = (LAYOUT_DIR / "poster.yaml").read_text("utf-8")
    changed = re.sub(r"  action: .*\n", "  action: {size: 40, min_size: 20, grow: 1.5, "
                     "bold: true, colour: ink, valign: middle}\n", poster)
    changed = changed.replace("      - height: 74fr\n", "      - height: 110fr\n")
    changed = changed.replace("        columns: {1: 1, 2: 2, 3: 3, 4: 2, 5: 3}\n",
                              "        columns: 1\n")
    assert changed.count("110fr") == 1 and "columns: 1\n" in changed
    assert "size: 40, min_size: 20" in changed
    folder = write_campaign(tmp_path / "notice", None, {"poster": changed})
    campaign, _ = load_campaign(folder)
    layout = load_layout("poster", folder)
    page = compose_document(localize(campaign, "en"), layout, paper_size("us-letter"),
                            engine)[0]
    numbers = [f for f in page.text_frames() if f.block.endswith(".number")]
    assert len({round(f.rect.x) for f in numbers}) == 1  # one under the other
    stock = compose_document(localize(campaign, "en"), load_layout("poster"),
                             paper_size("us-letter"), engine)[0]
    action = next(f for f in page.text_frames() if f.block == "call_to_action")
    before = next(f for f in stock.text_frames() if f.block == "call_to_action")
    assert action.set_text.size > before.set_text.size


def test_the_block_reference_is_the_options_dataclasses():
    """Every option documented exists, with its default, and every option is documented:
    the reference in docs/layouts.md is the one the dataclasses write."""
    from posters.layout.blocks.reference import BEGIN, END, reference

    documented = DOC[DOC.index(BEGIN):DOC.index(END) + len(END)] + "\n"
    assert documented == reference(), (
        "docs/layouts.md's block reference is out of date: paste the output of "
        "`python -m posters.layout.blocks.reference` over it")
    assert "| `label_share` | number | `0.36` |" in documented  # the hotlines' default
    assert "| `hole` | number | `0.55` |" in documented
