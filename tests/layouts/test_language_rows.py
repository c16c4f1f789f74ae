"""The multilingual formats' grid: rows as tall as their texts need at one common size
(CSS grid's minmax(min-content, 1fr)), the largest size at which every row fits."""

from __future__ import annotations

import pytest

from posters.layout import compose_document, load_layout
from posters.layout.blocks.languages import share_out
from posters.print.legibility import legibility
from posters.sizes import paper_size
from tests.layouts.test_optional import _languages


def test_share_out_gives_each_track_its_need_and_shares_the_rest():
    assert share_out([1, 1, 1], 30) == [10, 10, 10]
    assert share_out([25, 1, 1], 30) == [25, 2.5, 2.5]  # the tall one takes what it needs
    assert share_out([1, 1], 30, [1, 2]) == [10, 20]
    assert share_out([15, 1], 30, [1, 5]) == [15, 15]


@pytest.mark.parametrize("size", ["iso-a4", "us-letter"])
def test_thirty_languages_share_one_size_and_long_ones_take_taller_rows(
        engine, sample_campaign, size):
    layout = load_layout("multilingual")
    front = compose_document(_languages(sample_campaign, 30), layout, paper_size(size),
                             engine)[0]
    scale = layout.scale_for(paper_size(size))
    actions = [f for f in front.text_frames() if f.block.startswith("call_to_action [")]
    assert len(actions) == 30
    rules = legibility()
    common = min(f.set_text.size for f in actions)
    for frame in actions:
        floor = rules.minimum("multilingual", frame.source, size, scale)
        assert frame.set_text.size >= floor - 1e-6  # the script's own floor, no warning
        # one size, unless the script's floor is larger
        assert frame.set_text.size == pytest.approx(max(common, floor), abs=0.01), frame.block
    assert not [w for w in front.warnings if "call_to_action" in w.subject]
    # rows differ: the one holding the Burmese text is taller than the shortest
    rows: dict[float, float] = {}
    for frame in actions:
        rows[round(frame.rect.y, 1)] = max(rows.get(round(frame.rect.y, 1), 0),
                                           frame.rect.height)
    burmese = next(f for f in actions if "[my]" in f.block)
    assert rows[round(burmese.rect.y, 1)] > 1.2 * min(rows.values())


def test_fewer_languages_are_set_larger(engine, sample_campaign):
    layout = load_layout("multilingual")
    sizes = []
    for count in (4, 9, 17, 30):
        front = compose_document(_languages(sample_campaign, count), layout,
                                 paper_size("iso-a4"), engine)[0]
        sizes.append(min(f.set_text.size for f in front.text_frames()
                         if f.block.startswith("call_to_action [")))
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 2 * sizes[-1], sizes
