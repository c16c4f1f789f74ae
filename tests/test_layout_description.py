import pytest

from posters.diagnostics import ContentError
from posters.layout import load_layout
from posters.sizes import paper_size


def test_poster_serves_jis_b2_and_iso_a3_from_one_description():
    poster = load_layout("poster")
    assert poster.default_size == "jis-b2"
    for name in ("jis-b2", "iso-a3", "iso-a4", "jis-b3"):
        assert poster.check_size(paper_size(name)) is None, name


def test_poster_refuses_a_shape_it_is_not_made_for():
    reason = load_layout("poster").check_size(paper_size("500x500mm"))
    assert reason and "not a shape the poster layout takes" in reason
    # the layout is named, never by the path it is installed at
    assert "<stock>/poster.yaml:" in reason and "/posters/layouts" not in reason


def test_safe_zone_is_checked_at_small_sizes():
    reason = load_layout("poster").check_size(paper_size("60x84.8mm"))
    assert reason and "safe zone" in reason


def test_layout_errors_cite_the_layout_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: bad\nreference: {width: 100, height: 100}\nsizes: [iso-a4]\n"
                   "styles: {}\nblocks:\n  - {type: blob, box: [0, 0, 1, 1]}\n")
    with pytest.raises(ContentError) as error:
        load_layout(bad)
    assert "bad.yaml:6:5: error: blocks[0]: unknown block type 'blob'" in str(error.value)


@pytest.mark.parametrize(("block", "message"), [
    ("{type: text, content: headline}", "a text block needs 'style'"),
    ("{type: hotlines, label_style: s}", "a hotlines block needs 'number_style'"),
    ("{type: warning_signs, height: 2fr}", "a warning_signs block needs 'style'"),
    ("{type: text, content: headline, style: s, height: tall}", "expected a length in mm"),
    ("{type: text, content: headline, style: s, width: 20}", "in rows, a block's size is its "
                                                               "height"),
    ("{rows: [{type: band}], justify: middle}", "justify is start, center, end, spread"),
])
def test_flow_mistakes_are_reported_with_the_line(tmp_path, block, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text("reference: {width: 100, height: 100}\n"
                   f"styles: {{s: {{size: 10, min_size: 8}}}}\nrows:\n  - {block}\n")
    with pytest.raises(ContentError) as error:
        load_layout(bad)
    assert "bad.yaml:4:" in str(error.value) and message in str(error.value)
