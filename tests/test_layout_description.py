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


def _load(tmp_path, block: str):
    bad = tmp_path / "bad.yaml"
    bad.write_text("reference: {width: 100, height: 100}\n"
                   "styles: {s: {size: 10, min_size: 8}}\nrows:\n"
                   "  - type: hotlines\n    label_style: s\n    number_style: s\n"
                   f"    {block}\n")
    with pytest.raises(ContentError) as error:
        load_layout(bad)
    return str(error.value)


def test_an_unknown_option_is_named_with_its_line_and_the_likely_one(tmp_path):
    message = _load(tmp_path, "lable_share: 0.3")
    assert "bad.yaml:7:5: error: rows[0].lable_share: unknown option 'lable_share' for a " \
           "hotlines block; did you mean 'label_share'?" in message
    assert "number_share" in message  # the known ones are listed


@pytest.mark.parametrize(("option", "said"), [
    ("label_share: wide", "bad.yaml:7:18: error: rows[0].label_share: label_share: expected "
                          "a number, got 'wide'"),
    ("label_share: 1.5", "bad.yaml:7:18: error: rows[0].label_share: label_share: a share "
                         "of the cell's height is 0 to 1, got 1.5"),
    ("note_style: [s]", "bad.yaml:7:17: error: rows[0].note_style: note_style: expected a "
                        "name or text, got a list of 1 item"),
    ("columns: {two: 1}", "bad.yaml:7:14: error: rows[0].columns: columns is a number, or "
                          "{from N items: columns}"),
    ("order: diagonal", "bad.yaml:7:12: error: rows[0].order: order: expected rows or "
                        "columns, got 'diagonal'"),
    ("fill_last_row: 1", "rows[0].fill_last_row: fill_last_row: expected true or false"),
])
def test_an_option_of_the_wrong_type_is_refused_at_its_line(tmp_path, option, said):
    assert said in _load(tmp_path, option)


def test_a_languages_part_is_checked_key_by_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("reference: {width: 100, height: 100}\nmultilingual: true\n"
                   "styles: {s: {size: 10, min_size: 8}}\nrows:\n"
                   "  - type: languages\n    parts:\n      - {content: headline, style: s}\n"
                   "      - {content: tagline, stlye: s, share: much}\n")
    with pytest.raises(ContentError) as error:
        load_layout(bad)
    message = str(error.value)
    assert "bad.yaml:8:28: error: rows[0].parts[1].stlye: unknown option 'stlye' for " \
           "'rows[0].parts[1]'; did you mean 'style'?" in message
    assert "bad.yaml:8:45: error: rows[0].parts[1].share: share: expected a number, got " \
           "'much'" in message
    assert "rows[0].parts[0]" not in message


def test_every_stock_block_option_default_is_the_composer_s():
    """The defaults the composer used to hide (``block.option("label_share", 0.36)``) are
    the options' fields now."""
    from posters.layout.blocks import BLOCKS

    hotlines = BLOCKS["hotlines"].Options()
    assert (hotlines.label_share, hotlines.number_share) == (0.36, 0.40)
    chart = BLOCKS["chart"].Options()
    assert (chart.hole, chart.donut_share, chart.swatch, chart.label_share,
            chart.number_width) == (0.55, 0.45, 3.5, 0.5, 12.0)
    signs = BLOCKS["warning_signs"].Options()
    assert (signs.icon, signs.icon_gap, signs.min_share) == (20.0, 4.0, 1)
    assert BLOCKS["contacts"].Options().heading_height == 12.0
