import pytest

from posters.sizes import UnknownPaperSize, paper_size


@pytest.mark.parametrize(("name", "width", "height"), [
    ("jis-b2", 515, 728), ("iso-b2", 500, 707), ("iso-a3", 297, 420), ("a3", 297, 420),
    ("JIS-B5", 182, 257), ("us-letter", 215.9, 279.4), ("120x200mm", 120, 200),
])
def test_known_sizes(name, width, height):
    size = paper_size(name)
    assert (round(size.width_mm, 2), round(size.height_mm, 2)) == (width, height)


def test_ambiguous_b_size_names_the_two_systems():
    with pytest.raises(UnknownPaperSize, match="jis-b2 or iso-b2"):
        paper_size("b2")


@pytest.mark.parametrize("name", ["a9", "0x0mm", "9000x10mm", "huge"])
def test_unknown_sizes(name):
    with pytest.raises(UnknownPaperSize):
        paper_size(name)


@pytest.mark.parametrize(("name", "width", "height"), [
    ("us-letter", 215.9, 279.4), ("letter", 215.9, 279.4), ("us-legal", 215.9, 355.6),
    ("tabloid", 279.4, 431.8), ("ledger", 431.8, 279.4), ("18x24in", 457.2, 609.6),
    ("24x36in", 609.6, 914.4), ("card-jp", 91, 55), ("card-eu", 85, 55),
    ("card-us", 88.9, 50.8), ("8.5x11in", 215.9, 279.4), ("11x17in", 279.4, 431.8),
    ("12.5x19in", 317.5, 482.6), ("jis-b4", 257, 364), ("iso-b4", 250, 353),
])
def test_us_card_and_inch_sizes(name, width, height):
    size = paper_size(name)
    assert (size.width_mm, size.height_mm) == pytest.approx((width, height), abs=0.005)


def test_size_families():
    assert {paper_size(n).family for n in ("iso-a4", "iso-b2", "jis-b2", "us-letter",
                                           "card-us", "300x400mm")} == {
        "iso-a", "iso-b", "jis-b", "us", "card", "custom"}


@pytest.mark.parametrize(("text", "mm"), [("3mm", 3), ("0.125in", 3.175), (5, 5),
                                          ("2.5 mm", 2.5), ("0.25IN", 6.35)])
def test_lengths_in_mm_or_inches(text, mm):
    from posters.sizes import parse_length

    assert parse_length(text) == pytest.approx(mm)


@pytest.mark.parametrize("text", ["3cm", "three mm", "", "-1mm"])
def test_lengths_refused(text):
    from posters.sizes import parse_length

    with pytest.raises(ValueError):
        parse_length(text)


def test_custom_inch_sizes_have_limits():
    with pytest.raises(UnknownPaperSize, match="between"):
        paper_size("300x2in")
