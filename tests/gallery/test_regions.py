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
    noted = previews_module.png_area(folder / f"{tokyo}-thumb.png", generic)
    assert noted is not None and noted[0] == "area"
    # what the gallery would find comparing the two thumbnails
    area = regions_module._compare(folder / f"{generic}-thumb.png", folder / f"{tokyo}-thumb.png")
    assert noted[1] == area
    assert area.top > 100  # the contacts, low on the page: not the whole page
    image = folder / area_name(tokyo, area)
    assert image.is_file()
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(
        [f"{generic}-thumb.png", f"{tokyo}-thumb.png", image.name])
    # the page shows that picture in the generic output's card
    doc = parse((regional / "index.html").read_text())
    picture = doc.find("details", class_="variants").find("span", class_="area").find("img")
    assert picture.attrs["src"] == f"{PREVIEWS}/{image.name}"
    assert (int(picture.attrs["width"]), int(picture.attrs["height"])) == Image.open(image).size
    # a note about another generic output is not taken for this one's
    assert previews_module.png_area(folder / f"{tokyo}-thumb.png", "0" * 24) is None


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
    assert list(saved.values()) == [[variant.area.left, variant.area.top, variant.area.width,
                                     variant.area.height]]
