"""RGB to CMYK through the ICC profile: greys on black only, total ink under the limit."""

from __future__ import annotations

import hashlib
import json

import pytest
from PIL import Image

from posters.print.colour import (
    CMYK,
    RGB,
    ColourConverter,
    ColourSettings,
    limit_image_ink,
    limit_ink,
)


@pytest.fixture(scope="module")
def conv() -> ColourConverter:
    return ColourConverter()


def test_greys_become_black_only(conv):
    assert conv.rgb_to_cmyk(RGB(0, 0, 0)) == CMYK(0, 0, 0, 1)
    assert conv.rgb_to_cmyk(RGB(255, 255, 255)) == CMYK(0, 0, 0, 0)
    levels = []
    for v in (32, 64, 128, 192, 230):
        c = conv.rgb_to_cmyk(RGB(v, v, v))
        assert (c.c, c.m, c.y) == (0, 0, 0)
        levels.append(c.k)
    assert levels == sorted(levels, reverse=True)  # lighter grey, less black
    assert 0.35 < conv.rgb_to_cmyk(RGB(128, 128, 128)).k < 0.75


def test_colours_go_through_the_profile(conv):
    red = conv.rgb_to_cmyk(RGB.from_hex("#e60012"))
    assert red.m > 0.8 and red.y > 0.7 and red.c < 0.15
    blue = conv.rgb_to_cmyk(RGB(0, 70, 160))
    assert blue.c > 0.8 and blue.y < 0.2


def test_total_ink_limit(conv):
    rich = ColourConverter(ColourSettings(ink_limit_percent=300))
    dark = rich.rgb_to_cmyk(RGB(20, 10, 40))
    assert dark.total_percent <= 300 + 1e-6
    strict = ColourConverter(ColourSettings(ink_limit_percent=220))
    capped = strict.rgb_to_cmyk(RGB(20, 10, 40))
    assert capped.total_percent <= 220 + 1e-6
    assert capped.k == pytest.approx(dark.k)  # black is kept, CMY taken back
    assert limit_ink(CMYK(1, 1, 1, 1), 300) == CMYK(2 / 3, 2 / 3, 2 / 3, 1)


def test_images(conv):
    img = Image.new("RGB", (4, 1))
    img.putdata([(128, 128, 128), (255, 0, 0), (10, 5, 30), (255, 255, 255)])
    out = ColourConverter(ColourSettings(ink_limit_percent=260)).image_to_cmyk(img)
    assert out.mode == "CMYK"
    grey, red, dark, white = (out.getpixel((x, 0)) for x in range(4))
    assert grey[:3] == (0, 0, 0) and grey[3] == round(conv.grey_to_k[128])
    assert red[1] > 200 and red[2] > 180
    assert sum(dark) <= 260 / 100 * 255
    assert white == (0, 0, 0, 0)


def test_image_ink_limit_matches_colour_limit():
    img = Image.new("CMYK", (1, 1), (255, 255, 255, 255))
    c, m, y, k = limit_image_ink(img, 300).getpixel((0, 0))
    assert k == 255 and c + m + y + k <= 765 and c >= 169


def test_cmyk_to_rgb_for_screen(conv):
    assert min(conv.cmyk_to_rgb(CMYK(0, 0, 0, 0)).r, 255) >= 245
    red = conv.cmyk_to_rgb(CMYK.from_percent(0, 95, 85, 0))
    assert red.r > 180 and red.g < 80 and red.b < 80
    back = conv.image_to_rgb(Image.new("CMYK", (1, 1), (0, 0, 0, 255))).getpixel((0, 0))
    assert max(back) < 60


def test_validation():
    with pytest.raises(ValueError):
        RGB(256, 0, 0)
    with pytest.raises(ValueError):
        CMYK(1.2, 0, 0, 0)
    with pytest.raises(ValueError):
        ColourSettings(intent="vivid")
    with pytest.raises(ValueError):
        RGB.from_hex("#12")


def _littlecms(source: str, target: str, values: tuple[int, ...],
               intent: str = "relative") -> tuple[int, ...]:
    """One pixel converted by littleCMS directly (Pillow's ImageCms), with the FOGRA39
    profile, black point compensation and the given intent."""
    import io

    from PIL import ImageCms

    from posters.print.icc import default_cmyk_profile

    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(default_cmyk_profile().read_bytes()))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    profiles = (srgb, cmyk) if source == "RGB" else (cmyk, srgb)
    chosen = {"relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
              "perceptual": ImageCms.Intent.PERCEPTUAL}[intent]
    transform = ImageCms.buildTransform(*profiles, source, target, chosen,
                                        ImageCms.Flags.BLACKPOINTCOMPENSATION)
    pixel = Image.new(source, (1, 1), values)
    return tuple(ImageCms.applyTransform(pixel, transform).getpixel((0, 0)))


BRAND = (CMYK.from_percent(100, 60, 0, 10), CMYK.from_percent(0, 0, 0, 100),
         CMYK.from_percent(5, 90, 85, 0))


def _screen(converter: ColourConverter) -> list[tuple[int, int, int]]:
    return [(rgb.r, rgb.g, rgb.b) for rgb in map(converter.cmyk_to_rgb, BRAND)]


def test_single_colours_are_converted_once_for_every_process(tmp_path, monkeypatch):
    """A colour's conversion is remembered by the profile's bytes and the settings (check
    cache): a second converter, as in the next process, builds no littleCMS transform
    and gives littleCMS's own values; other settings are converted again."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    expected = [_littlecms("CMYK", "RGB", tuple(round(v * 255) for v in
                                                (c.c, c.m, c.y, c.k))) for c in BRAND]
    first = ColourConverter()
    assert _screen(first) == expected
    assert first.rgb_to_cmyk(RGB(200, 30, 40)) == CMYK(*(v / 255 for v in _littlecms(
        "RGB", "CMYK", (200, 30, 40))))
    table = first.grey_to_k
    assert "_to_rgb" in vars(first) and "_to_cmyk" in vars(first)

    again = ColourConverter()
    assert _screen(again) == expected
    assert again.rgb_to_cmyk(RGB(200, 30, 40)) == first.rgb_to_cmyk(RGB(200, 30, 40))
    assert again.grey_to_k == table
    assert again.rgb_to_cmyk(RGB(128, 128, 128)).k == table[128] / 255
    assert not {"_profiles", "_to_rgb", "_to_cmyk"} & set(vars(again))  # no transform

    perceptual = ColourConverter(ColourSettings(intent="perceptual"))
    assert _screen(perceptual) == [
        _littlecms("CMYK", "RGB", tuple(round(v * 255) for v in (c.c, c.m, c.y, c.k)),
                   "perceptual") for c in BRAND]
    assert "_to_rgb" in vars(perceptual)


def test_a_damaged_record_of_conversions_is_converted_again(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    expected = _screen(ColourConverter())
    (entry,) = (tmp_path / "checks").glob("*/*.json")
    stored = json.loads(entry.read_bytes())
    # values out of range under a correct digest (written by hand): not used
    stored["value"] = {key: [300, -1, 0.5] for key in stored["value"]}
    stored["sha256"] = hashlib.sha256(json.dumps(
        stored["value"], sort_keys=True, ensure_ascii=False,
        separators=(",", ":")).encode()).hexdigest()
    entry.write_text(json.dumps(stored), encoding="utf-8")
    converter = ColourConverter()
    assert _screen(converter) == expected
    assert "_to_rgb" in vars(converter)
    entry.write_bytes(entry.read_bytes()[:40])  # cut short
    converter = ColourConverter()
    assert _screen(converter) == expected
    assert "_to_rgb" in vars(converter)


def test_the_record_of_conversions_stops_growing_at_its_limit(tmp_path, monkeypatch):
    """Artwork of many colours is converted, each colour right, without writing a record
    per colour beyond the limit."""
    from posters.print.colour import RememberedConversions

    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    monkeypatch.setattr(RememberedConversions, "LIMIT", 3)
    colours = [CMYK.from_percent(10 * i, 20, 30, 5) for i in range(6)]
    expected = [_littlecms("CMYK", "RGB", tuple(round(v * 255) for v in
                                                (c.c, c.m, c.y, c.k))) for c in colours]
    converted = [ColourConverter().cmyk_to_rgb(c) for c in colours]
    assert [(rgb.r, rgb.g, rgb.b) for rgb in converted] == expected
    (entry,) = (tmp_path / "checks").glob("*/*.json")
    assert len(json.loads(entry.read_bytes())["value"]) == 3
