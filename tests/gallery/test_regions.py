"""A regional variant's area: found and rendered by the build's worker, which has the
generic output's thumbnail and the variant's page in hand, and taken up by the gallery
without decoding thumbnails or opening the PDF again."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from posters.gallery import make_gallery
from posters.gallery import previews as previews_module
from posters.gallery import regions as regions_module
from posters.gallery.previews import PREVIEWS, area_name, file_digest
from tests.conftest import SAMPLE
from tests.gallery.page import parse


@pytest.fixture(scope="module")
def regional(tmp_path_factory, engine):
    from posters.build import BuildRequest, build

    out = tmp_path_factory.mktemp("regional")
    build(BuildRequest(SAMPLE, out_dir=out, languages=("en",), formats=("poster",),
                       sizes=("iso-a3",), variants=("print",), regions=("generic", "tokyo")),
          engine)
    return out / "tip-2023"


def test_the_worker_notes_the_area_and_renders_only_it(regional):
    folder = regional / PREVIEWS
    generic = file_digest(regional / "en" / "poster-iso-a3.pdf")
    tokyo = file_digest(regional / "en" / "poster-iso-a3-tokyo.pdf")
    # what the gallery would find comparing the two thumbnails
    area = regions_module._compare(folder / f"{generic}-thumb.png", folder / f"{tokyo}-thumb.png")
    assert area.top > 100  # the contacts, low on the page: not the whole page
    image = folder / area_name(tokyo, area)
    assert image.is_file()
    # noted in the area's image: found against this generic output's content
    assert previews_module.area_against(image) == generic
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(
        [f"{generic}-thumb.png", f"{tokyo}-thumb.png", image.name])
    # the page shows that picture in the generic output's card
    doc = parse((regional / "index.html").read_text())
    picture = doc.find("details", class_="variants").find("span", class_="area").find("img")
    assert picture.attrs["src"] == f"{PREVIEWS}/{image.name}"
    assert (int(picture.attrs["width"]), int(picture.attrs["height"])) == Image.open(image).size
    # the thumbnails carry no note: they are the same whichever worker made them when
    assert previews_module.AREA_KEY.decode() not in Image.open(folder / f"{tokyo}-thumb.png").text


def test_the_gallery_takes_the_noted_area_up_without_comparing_or_rendering(regional,
                                                                            tmp_path,
                                                                            monkeypatch):
    import shutil

    copy = tmp_path / "tip-2023"
    shutil.copytree(regional, copy)
    (copy / PREVIEWS / "areas.json").unlink()
    (copy / "index.html").unlink()

    def refused(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("compared or rendered again")

    monkeypatch.setattr(regions_module, "_compare", refused)
    monkeypatch.setattr(regions_module, "render_area", refused)
    monkeypatch.setattr(previews_module, "render_pdf", refused)
    result = make_gallery(copy, jobs=1)
    variant = next(c for c in result.cards if c.entry.region == "tokyo")
    assert variant.area is not None and variant.area_picture is not None
    assert result.path.read_text() == (regional / "index.html").read_text()
    saved = json.loads((copy / PREVIEWS / "areas.json").read_text())
    assert list(saved["areas"].values()) == [[variant.area.left, variant.area.top,
                                              variant.area.width, variant.area.height]]
    picture = variant.area_picture
    assert saved["pictures"] == {picture.name: [picture.width, picture.height]}
    # the next page takes the picture's size from there, without opening it
    monkeypatch.setattr(regions_module, "png_size", refused)
    assert make_gallery(copy, jobs=1).written is False


def test_an_area_found_against_another_generic_output_is_found_again(regional, tmp_path,
                                                                     monkeypatch):
    """A worker may compare with an earlier generic output (another worker still writing
    the new one): its area image is not taken up, and goes."""
    import shutil

    copy = tmp_path / "tip-2023"
    shutil.copytree(regional, copy)
    folder = copy / PREVIEWS
    (folder / "areas.json").unlink()
    (image,) = folder.glob("*-a*.png")
    stale = folder / image.name.replace("-a", "-a1", 1)
    data = image.read_bytes().replace(
        previews_module.AREA_KEY + b"\0" + previews_module.area_against(image).encode(),
        previews_module.AREA_KEY + b"\0" + b"0" * 24)
    image.unlink()
    stale.write_bytes(data)
    compared = []
    original = regions_module._compare

    def counting(a, b):  # type: ignore[no-untyped-def]
        compared.append(b.name)
        return original(a, b)

    monkeypatch.setattr(regions_module, "_compare", counting)
    make_gallery(copy, jobs=1)
    assert len(compared) == 1
    assert sorted(p.name for p in folder.glob("*-a*.png")) == [image.name]
    assert (folder / image.name).read_bytes() == (regional / PREVIEWS / image.name).read_bytes()
