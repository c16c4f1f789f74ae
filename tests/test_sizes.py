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
