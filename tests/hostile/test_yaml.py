"""campaign.yaml written to exhaust the loader: nesting, loops, numbers, invisible text."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_user_error, edit, line_of, posters


def test_nesting_twenty_thousand_deep_is_an_error_at_its_line(campaign: Path) -> None:
    """Required: exit 1, 'nested more than 50 deep' at campaign.yaml:<line>; no
    RecursionError (flow style, which libyaml refuses, and block style)."""
    source = campaign / "campaign.yaml"
    with source.open("a", encoding="utf-8") as file:
        file.write("extra: " + "[" * 20000 + "]" * 20000 + "\n")
    line = line_of(source, "extra:")
    assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:",
                      "nested more than 50 deep")


def test_deep_block_nesting_is_an_error(campaign: Path) -> None:
    """Required: exit 1 with the nesting message for 200 indented mapping levels."""
    source = campaign / "campaign.yaml"
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "end\n"
    source.write_text(source.read_text(encoding="utf-8") + "extra:\n" + "".join(
        "  " + line + "\n" for line in text.splitlines()), encoding="utf-8")
    assert_user_error(posters("validate", campaign), "nested more than 50 deep")


def test_an_alias_inside_its_own_anchor_is_an_error(campaign: Path) -> None:
    """Required: exit 1, 'refers to the list or mapping it is inside'; no RecursionError."""
    for loop in ("&a [*a]", "&a {b: [1, *a]}"):
        source = campaign / "campaign.yaml"
        text = source.read_text(encoding="utf-8").split("extra:")[0]
        source.write_text(text + f"extra: {loop}\n", encoding="utf-8")
        assert_user_error(posters("validate", campaign), "refers to the list or mapping")


def test_a_count_of_ten_to_the_400_is_out_of_range(campaign: Path) -> None:
    """Required: exit 1, the value's line and 'out of range'; no OverflowError."""
    path = edit(campaign, "value: 1234", "value: 1" + "0" * 400)
    line = line_of(path, "value: 1000")
    assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:", "out of range")


def test_numbers_beyond_floats_are_refused(campaign: Path) -> None:
    """Required: exit 1 for 1e400 (infinity) and .nan as a count or a share."""
    for old, new in (("value: 1234", "value: 1e400"), ("value: 1234", "value: .nan"),
                     ("value: 0.3", "value: -1e400")):
        edit(campaign, old, new)
        assert_user_error(posters("validate", campaign), "content.statistics.items[")
        edit(campaign, new, old)


def test_a_headline_of_zero_width_spaces_is_refused(campaign: Path) -> None:
    """Required: exit 1, the headline's line, 'only invisible characters'."""
    for blank in ("\\u200b\\u200b", "\\u2060", "\\u3164", "\\u200b \\u200d"):
        path = edit(campaign, "headline: Help is near", f'headline: "{blank}"')
        line = line_of(path, "headline:")
        assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:",
                          "content.headline", "only invisible characters")
        edit(campaign, f'headline: "{blank}"', "headline: Help is near")


def test_a_bidi_control_in_the_url_is_found_at_validate(campaign: Path) -> None:
    """Required: exit 1 at campaign.yaml:<url line> naming U+202E, for the control in the
    host (which IDNA cannot encode: once a traceback) and in the path."""
    for url in ("https://www.exa\\u202emple.org", "https://www.example.org/\\u202egro",
                "https://www.example.org/\\u2066x", "https://www.exam\\u200bple.org"):
        path = edit(campaign, "url: https://www.example.org", f'url: "{url}"')
        line = line_of(path, "url:")
        assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:",
                          "content.web.url", "invisible character U+")
        edit(campaign, f'url: "{url}"', "url: https://www.example.org")


def test_the_sample_still_validates() -> None:
    """Required: the limits leave a real campaign alone (exit 0)."""
    from .conftest import ROOT

    run = posters("validate", ROOT / "content" / "tip-2023")
    assert run.exit_code == 0, run.output


def test_a_regions_csv_row_error_cites_the_csv_line(campaign: Path) -> None:
    """Required: a row without a name is reported at regions.csv:<row line>, not at the
    'regions:' line of campaign.yaml; a bad phone at its cell."""
    (campaign / "regions.csv").write_text(
        "id,name,address,phone\n"
        "tokyo,Tokyo office,1-1 Chiyoda,03-1234-5678\n"
        "osaka,Osaka office,2-2 Kita,not-a-phone\n"
        "kyoto,,4-4 Sakyo,075-123-4567\n", encoding="utf-8")
    edit(campaign, "  footer:", "  local_contacts:\n    heading: Local help\n"
                                "    regions: regions.csv\n  footer:")
    run = posters("validate", campaign)
    assert_user_error(run, "regions.csv:3:4: error: regions.osaka.phone",
                      "regions.csv:4:1: error: regions.kyoto.name: required key 'name'")
    assert "campaign.yaml" not in run.output, run.output


def _with_regions(campaign: Path, content: str, name: str = "regions.csv") -> None:
    (campaign / name).write_text(content, encoding="utf-8")
    edit(campaign, "  footer:", "  local_contacts:\n    heading: Local help\n"
                                f"    regions: {name}\n  footer:")


@pytest.mark.parametrize(("content", "line"), [
    ("id,name,address\nx," + "a" * 200_000 + ",addr\n", 2),  # a cell over csv's limit
    ('id,name,address\ny,b,c\nx,"never closed,addr\n', 3),
    ('id,name,address\nx,"a"b,addr\n', 2),
])
def test_a_csv_the_csv_module_refuses_is_an_error_at_its_line(campaign: Path, content: str,
                                                              line: int) -> None:
    """Required: exit 1 at regions.csv:<line> 'not readable as CSV' (a cell over 128 KiB
    was a _csv.Error traceback; an unclosed quote swallowed the rest of the file)."""
    _with_regions(campaign, content)
    assert_user_error(posters("validate", campaign), f"regions.csv:{line}:",
                      "not readable as CSV")


def test_oversized_files_are_refused_before_they_are_read(campaign: Path) -> None:
    """Required: exit 1 naming the size, for a 12 MB campaign.yaml and a 3 MB regions.csv."""
    source = campaign / "campaign.yaml"
    original = source.read_text(encoding="utf-8")
    source.write_text(original + "# padding\n" * 1_200_000, encoding="utf-8")
    assert_user_error(posters("validate", campaign), "campaign.yaml", "bytes")
    source.write_text(original, encoding="utf-8")
    _with_regions(campaign, "id,name,address\n" + "x,y,z\n" * 500_000)
    assert_user_error(posters("validate", campaign), "regions.csv", "at most")


def test_a_text_of_a_million_characters_is_refused(campaign: Path) -> None:
    """Required: exit 1 at the headline's line, 'at most 2,000' (the text engine would
    shape it again at every size it tries)."""
    path = edit(campaign, "headline: Help is near", "headline: " + "Help " * 200_000)
    assert_user_error(posters("validate", campaign), f"campaign.yaml:{line_of(path, 'headline:')}:",
                      "at most 2,000")
