"""A campaign's logo: converted to the variant's colours, checked for resolution."""

from __future__ import annotations

import shutil

import pikepdf
import pytest
from PIL import Image, ImageDraw

from posters.build import BuildRequest, build
from tests.conftest import SAMPLE

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 24">'
       '<rect width="24" height="24" fill="#005aaa"/><circle cx="40" cy="12" r="10" '
       'fill="#808080"/><rect x="56" y="4" width="40" height="16" fill="#e60012"/></svg>')


def campaign_with_logo(tmp_path, name: str, width_px: int = 1200):
    folder = tmp_path / "tip"
    shutil.copytree(SAMPLE, folder)
    (folder / "assets").mkdir(exist_ok=True)
    if name.endswith(".svg"):
        (folder / "assets" / name).write_text(SVG)
    else:
        image = Image.new("RGBA", (width_px, width_px // 4), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width_px // 4, width_px // 4), fill=(0, 90, 170, 255))
        draw.ellipse((width_px // 3, 0, width_px // 2, width_px // 4), fill=(128, 128, 128, 255))
        image.save(folder / "assets" / name)
    source = folder / "campaign.yaml"
    source.write_text(source.read_text().replace("brand:\n", f"brand:\n  logo: assets/{name}\n"))
    return folder


def image_colour_spaces(path):
    with pikepdf.open(path) as pdf:
        return sorted(str(image.ColorSpace) for page in pdf.pages
                      for image in page.get_images().values())


def test_raster_logo_is_cmyk_in_print_and_rgb_on_screen(tmp_path, engine):
    folder = campaign_with_logo(tmp_path, "logo.png")
    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=("en",),
                                variants=("print", "screen")), engine)
    assert not result.failed
    paths = {p.stem: p for p in result.paths("built")}
    assert image_colour_spaces(paths["poster-jis-b2"]) == ["/DeviceCMYK"]
    assert image_colour_spaces(paths["poster-jis-b2-screen"]) == ["/DeviceRGB"]


def test_svg_logo_keeps_its_colours_as_cmyk_vectors(tmp_path, engine):
    folder = campaign_with_logo(tmp_path, "logo.svg")
    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=("en",)), engine)
    assert not result.failed
    pdf = result.paths("built")[0]
    with pikepdf.open(pdf) as document:
        operators = [str(op) for _, op in pikepdf.parse_content_stream(document.pages[0])]
    assert "k" in operators and "rg" not in operators and "RG" not in operators


@pytest.mark.parametrize(("width_px", "size", "level"), [
    (90, "iso-a3", "error"),  # 80 ppi: refused for a poster
    (250, "jis-b2", "warning"),  # 127 ppi: printed, with a warning
])
def test_low_resolution_logo_is_reported_with_its_line(tmp_path, engine, width_px, size,
                                                       level):
    folder = campaign_with_logo(tmp_path, "small.png", width_px)
    result = build(BuildRequest(folder, out_dir=tmp_path / "out", languages=("en",),
                                sizes=(size,)), engine)
    messages = [str(d) for d in result.diagnostics if d.level.value == level]
    assert any("campaign.yaml:" in m and "brand.logo" in m and "ppi" in m for m in messages)
    assert result.failed == (level == "error")
