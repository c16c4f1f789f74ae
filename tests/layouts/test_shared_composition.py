"""The pages one worker composes share what is the same between them
(``posters.layout.compose.SHARING``): the regional variants of a side share the flow's
boxes and every block placement that does not depend on the region, and give the same
pages and the same files, byte for byte, as pages composed whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import posters.layout.compose as compose
from posters.layout import compose_document, load_layout
from posters.layout.blocks import BlockType, register, unregister
from posters.layout.geometry import TextFrame
from posters.layout.options import BlockOptions
from posters.localize import localize
from posters.schema.campaign import load_campaign
from posters.sizes import paper_size

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "tip-2023"
# each format of the sample with local contacts, at its default size
FORMATS = (("poster", "jis-b2"), ("flyer", "iso-a4"), ("trifold", "iso-a4"))


@pytest.fixture(scope="module")
def sample():
    return load_campaign(SAMPLE)[0]


@pytest.fixture
def sharing(monkeypatch):
    """Sharing on, starting from nothing shared; what is shared is forgotten after."""
    def switch(on: bool) -> None:
        monkeypatch.setattr(compose, "SHARING", on)
        compose.clear_shared()

    yield switch
    compose.clear_shared()


def _variants(localized, engine, regions):
    """Every format's pages for each region, composed one after the other as a
    worker does (the generic output first)."""
    return {(fmt, region): compose_document(localized, load_layout(fmt), paper_size(size),
                                            engine, region)
            for fmt, size in FORMATS for region in regions}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_regional_variants_composed_with_sharing_are_the_pages_composed_whole(
        lang, sample, engine, sharing):
    regions = [None, *(region.id for region in sample.regions)]
    assert len(regions) == 9
    localized = localize(sample, lang)
    sharing(False)
    whole = _variants(localized, engine, regions)
    sharing(True)
    shared = _variants(localized, engine, regions)
    assert shared == whole
    assert repr(shared) == repr(whole)
    for fmt, _ in FORMATS:
        generic = {f.block: f for page in shared[fmt, None] for f in page.items
                   if isinstance(f, TextFrame)}
        for region in regions[1:]:
            frames = {f.block: f for page in shared[fmt, region] for f in page.items
                      if isinstance(f, TextFrame)}
            # the headline is the generic's own frame (shared, not set again) ...
            assert frames["headline"] is generic["headline"]
            # ... the region's office is its own
            office = frames[f"regions.{region}.name"]
            assert office.source == localized.region(region).name.text
            assert f"regions.{region}.name" not in generic
    # composed whole, nothing is the same object: the identity above is the sharing's
    whole_generic = next(f for f in whole["poster", None][0].items
                         if isinstance(f, TextFrame) and f.block == "headline")
    whole_regional = next(f for f in whole["poster", "tokyo"][0].items
                          if isinstance(f, TextFrame) and f.block == "headline")
    assert whole_generic == whole_regional and whole_generic is not whole_regional


def test_print_and_screen_files_of_regional_variants_are_the_same_bytes(
        tmp_path, sharing):
    from posters.build import BuildRequest, build

    def files(out: Path) -> dict[str, bytes]:
        request = BuildRequest(SAMPLE, out_dir=out, languages=("en", "ar"),
                               formats=("poster", "trifold"),
                               regions=("generic", "sapporo", "fukuoka"),
                               variants=("print", "screen"), force=True, gallery=False,
                               jobs=1)
        result = build(request)
        assert all(r.status == "built" for r in result.results), result.results
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}

    sharing(False)
    whole = files(tmp_path / "whole")
    sharing(True)
    shared = files(tmp_path / "shared")
    # 2 languages x 2 formats x 3 regions x print and screen, and the job sheets
    assert len([name for name in whole if "sapporo" in name]) >= 8
    assert shared.keys() == whole.keys()
    different = [name for name in whole if shared[name] != whole[name]]
    assert different == []


@dataclass(frozen=True)
class NoteOptions(BlockOptions):
    pass


class RegionNote(BlockType[NoteOptions]):
    """A test block shown only in a regional variant: its office's name. Where it is,
    the blocks after it have other boxes than in the generic output."""

    name = "region_note"
    Options = NoteOptions

    def has_content(self, page, block) -> bool:
        return page.region is not None

    def place(self, page, block) -> None:
        region = page.localized.region(page.region)
        page.place_text(region.name, page.rect(block.box), "body", "region_note")


@pytest.fixture
def region_note():
    register(RegionNote)
    yield
    unregister("region_note")


LAYOUT = """\
format: regional-test
reference: {width: 200, height: 200}
sizes: [200x200mm]
safe_zone: 5
styles:
  headline: {size: 40, min_size: 10, bold: true}
  body: {size: 14, min_size: 6}
pages:
  - name: front
    rows:
      - {type: text, content: headline, style: headline}
      - {type: region_note, height: 60}
      - {type: text, content: call_to_action, style: body, height: 60}
"""


def test_a_variant_whose_boxes_change_is_not_given_the_generic_s_frames(
        tmp_path, sample, engine, sharing, region_note):
    path = tmp_path / "regional-test.yaml"
    path.write_text(LAYOUT, "utf-8")
    layout, size, localized = load_layout(path), paper_size("200x200mm"), localize(sample, "en")

    def pages():
        return {region: compose_document(localized, layout, size, engine, region)
                for region in (None, "tokyo", "osaka")}

    sharing(False)
    whole = pages()
    sharing(True)
    shared = pages()
    assert shared == whole

    def headline(pages):
        return next(f for f in pages[0].items
                    if isinstance(f, TextFrame) and f.block == "headline")

    # the note takes 60 mm from the headline in a regional variant: another box, and
    # the frame set in it, not the generic's
    assert headline(shared["tokyo"]).rect != headline(shared[None]).rect
    assert headline(shared["tokyo"]) is not headline(shared[None])
    assert headline(shared["tokyo"]) == headline(whole["tokyo"])
    # the regional variants' flow is each its own, and so are their placements
    assert headline(shared["osaka"]) == headline(shared["tokyo"])
    assert headline(shared["osaka"]) is not headline(shared["tokyo"])
