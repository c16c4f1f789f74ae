"""Colour management with littleCMS (Pillow's ImageCms).

RGB inputs (SVG fills, logos, photographs) become CMYK through an ICC output profile for
the print variant: pure greys (R = G = B) become black ink only, so grey text and hairlines
print on one plate without registration fringes, and the total ink (C+M+Y+K) is held
under a limit by taking cyan, magenta and yellow back (black is kept). CMYK brand colours
become sRGB for the screen variant through the same profile.

Building a littleCMS transform from a CMYK profile takes 50-80 ms, in every process that
converts one colour: a single colour's conversion (and the grey-to-black table) is
remembered in the check cache (`posters.schema.checked`) by the profile's bytes, the
intent, black point compensation and Pillow's and littleCMS's versions, so that a
process converting only colours seen before builds no transform. Images are always
converted through the transform.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from posters.print.icc import default_cmyk_profile, profile_colour_space

if TYPE_CHECKING:
    from PIL import Image, ImageCms

# the intents by their names in ImageCms.Intent: Pillow is imported where a transform is
# built or an image converted, not by a process whose colours are all remembered (#20)
INTENTS = {
    "perceptual": "PERCEPTUAL",
    "relative": "RELATIVE_COLORIMETRIC",
    "saturation": "SATURATION",
    "absolute": "ABSOLUTE_COLORIMETRIC",
}


@dataclass(frozen=True)
class RGB:
    """sRGB, 0-255 per channel."""

    r: int
    g: int
    b: int

    def __post_init__(self) -> None:
        for v in (self.r, self.g, self.b):
            if not (isinstance(v, int) and 0 <= v <= 255):
                raise ValueError(f"RGB components are integers 0-255, not {v!r}")

    @classmethod
    def from_hex(cls, text: str) -> RGB:
        value = text.strip().lstrip("#")
        if len(value) == 3:
            value = "".join(ch * 2 for ch in value)
        if len(value) != 6:
            raise ValueError(f"not a hex colour: {text!r}")
        return cls(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))

    @property
    def hex(self) -> str:
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"

    @property
    def is_grey(self) -> bool:
        return self.r == self.g == self.b


@dataclass(frozen=True)
class CMYK:
    """Ink coverage, 0.0-1.0 per channel (ReportLab's CMYKColor takes the same)."""

    c: float
    m: float
    y: float
    k: float

    def __post_init__(self) -> None:
        for v in (self.c, self.m, self.y, self.k):
            if not (0.0 <= v <= 1.0):
                raise ValueError(f"CMYK components are 0.0-1.0, not {v!r}")

    @classmethod
    def from_percent(cls, c: float, m: float, y: float, k: float) -> CMYK:
        return cls(c / 100, m / 100, y / 100, k / 100)

    @property
    def total_percent(self) -> float:
        return (self.c + self.m + self.y + self.k) * 100


@dataclass(frozen=True)
class ColourSettings:
    profile: Path | None = None  # CMYK output profile; None: the default (see icc.py)
    ink_limit_percent: float = 300.0
    intent: str = "relative"  # relative colorimetric with black point compensation
    black_point_compensation: bool = True
    greys_to_black: bool = True

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"intent must be one of {', '.join(INTENTS)}, not {self.intent!r}")
        if not (100 <= self.ink_limit_percent <= 400):
            raise ValueError("ink_limit_percent must be between 100 and 400")


@dataclass
class ColourConverter:
    """Transforms are built once per converter; conversions are pure functions of input."""

    settings: ColourSettings = field(default_factory=ColourSettings)

    @cached_property
    def _profile(self) -> tuple[Path, bytes]:
        path = Path(self.settings.profile or default_cmyk_profile())
        return path, path.read_bytes()

    @cached_property
    def _profiles(self) -> tuple[ImageCms.ImageCmsProfile, ImageCms.ImageCmsProfile]:
        from PIL import ImageCms

        path, data = self._profile
        if profile_colour_space(data) != "CMYK":
            raise ValueError(f"{path} is not a CMYK profile")
        cmyk = ImageCms.ImageCmsProfile(io.BytesIO(data))
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        return srgb, cmyk

    @property
    def _flags(self) -> int:
        from PIL import ImageCms

        flags = ImageCms.Flags.NONE
        if self.settings.black_point_compensation:
            flags |= ImageCms.Flags.BLACKPOINTCOMPENSATION
        return flags

    @cached_property
    def _to_cmyk(self) -> ImageCms.ImageCmsTransform:
        from PIL import ImageCms

        srgb, cmyk = self._profiles
        return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK",
                                      ImageCms.Intent[INTENTS[self.settings.intent]],
                                      self._flags)

    @cached_property
    def _to_rgb(self) -> ImageCms.ImageCmsTransform:
        from PIL import ImageCms

        srgb, cmyk = self._profiles
        return ImageCms.buildTransform(cmyk, srgb, "CMYK", "RGB",
                                      ImageCms.Intent[INTENTS[self.settings.intent]],
                                      self._flags)

    @cached_property
    def _remembered(self) -> RememberedConversions:
        from PIL import __version__

        try:  # what PIL.features.version("littlecms2") reads, without importing PIL.Image
            from PIL._imagingcms import littlecms_version
        except ImportError:
            littlecms_version = None
        _, data = self._profile
        return RememberedConversions(data, [__version__, littlecms_version,
                                            self.settings.intent,
                                            self.settings.black_point_compensation])

    @cached_property
    def grey_to_k(self) -> tuple[int, ...]:
        """For each sRGB grey level 0-255, the black-only ink (0-255) with the nearest
        lightness on the output profile."""
        known = self._remembered.get("grey_to_k", 256)
        if known is None:
            known = self._remembered.put("grey_to_k", self._grey_to_k())
        return known

    def _grey_to_k(self) -> tuple[int, ...]:
        from PIL import Image, ImageCms

        srgb, cmyk = self._profiles
        lab = ImageCms.createProfile("LAB")
        ramp = Image.new("CMYK", (256, 1))
        ramp.putdata([(0, 0, 0, k) for k in range(256)])
        greys = Image.new("RGB", (256, 1))
        greys.putdata([(v, v, v) for v in range(256)])
        k_lab = ImageCms.applyTransform(ramp, ImageCms.buildTransform(
            cmyk, lab, "CMYK", "LAB", ImageCms.Intent.RELATIVE_COLORIMETRIC, self._flags))
        g_lab = ImageCms.applyTransform(greys, ImageCms.buildTransform(
            srgb, lab, "RGB", "LAB", ImageCms.Intent.RELATIVE_COLORIMETRIC, self._flags))
        k_light = [k_lab.getpixel((x, 0))[0] for x in range(256)]
        table = []
        for px in (g_lab.getpixel((x, 0)) for x in range(256)):
            target = px[0]
            table.append(min(range(256), key=lambda k: (abs(k_light[k] - target), k)))
        # Black stays solid black and white stays paper, whatever the profile's ends.
        table[0], table[255] = 255, 0
        return tuple(table)

    # -------------------------------------------------------------------------- colours

    def rgb_to_cmyk(self, colour: RGB) -> CMYK:
        if self.settings.greys_to_black and colour.is_grey:
            return CMYK(0.0, 0.0, 0.0, self.grey_to_k[colour.r] / 255)
        c, m, y, k = self._pixel("RGB", (colour.r, colour.g, colour.b), "CMYK")
        return limit_ink(CMYK(c / 255, m / 255, y / 255, k / 255),
                         self.settings.ink_limit_percent)

    def cmyk_to_rgb(self, colour: CMYK) -> RGB:
        r, g, b = self._pixel("CMYK", tuple(round(v * 255) for v in
                                            (colour.c, colour.m, colour.y, colour.k)), "RGB")
        return RGB(r, g, b)

    def _pixel(self, mode: str, values: tuple[int, ...], to: str) -> tuple[int, ...]:
        """One pixel's values through the transform from ``mode`` to ``to``."""
        key = f"{mode}>{to}:{','.join(map(str, values))}"
        known = self._remembered.get(key, len(to))
        if known is not None:
            return known
        from PIL import Image, ImageCms

        pixel = Image.new(mode, (1, 1), values)
        transform = self._to_cmyk if to == "CMYK" else self._to_rgb
        return self._remembered.put(key, ImageCms.applyTransform(pixel, transform)
                                    .getpixel((0, 0)))

    # --------------------------------------------------------------------------- images

    def image_to_cmyk(self, image: Image.Image) -> Image.Image:
        """An RGB(A)/L/P image as CMYK for print (alpha is dropped: flatten first if the
        image is not opaque)."""
        from PIL import Image, ImageChops, ImageCms

        if image.mode == "CMYK":
            return limit_image_ink(image, self.settings.ink_limit_percent)
        rgb = image.convert("RGB")
        converted = ImageCms.applyTransform(rgb, self._to_cmyk)
        converted = limit_image_ink(converted, self.settings.ink_limit_percent)
        if not self.settings.greys_to_black:
            return converted
        r, g, b = rgb.split()
        spread = ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b))
        grey_mask = spread.point(lambda v: 255 if v == 0 else 0)
        table = self.grey_to_k
        k_band = r.point(lambda v: table[v])
        zero = Image.new("L", rgb.size, 0)
        black_only = Image.merge("CMYK", (zero, zero, zero, k_band))
        return Image.composite(black_only, converted, grey_mask)

    def image_to_rgb(self, image: Image.Image) -> Image.Image:
        from PIL import ImageCms

        if image.mode != "CMYK":
            return image.convert("RGB")
        return ImageCms.applyTransform(image, self._to_rgb)


class RememberedConversions:
    """The conversions of single colours through one profile and setting (``context``),
    read from the check cache once and written back when one is added, up to ``LIMIT``
    of them (a campaign's colours; artwork of thousands of colours is converted, not
    written thousands of times). Another process adding its own at the same time may win
    the write: what it drops is converted again."""

    LIMIT = 256

    def __init__(self, profile: bytes, context: list[object]) -> None:
        from posters.schema.checked import RememberedFindings

        self._store = RememberedFindings("colour conversions", profile, context)
        known = self._store.recall()
        self._known: dict[str, list[int]] = known if isinstance(known, dict) else {}

    def get(self, key: str, length: int) -> tuple[int, ...] | None:
        """The values remembered for ``key``: ``length`` integers 0-255, or None."""
        values = self._known.get(key)
        if (isinstance(values, list) and len(values) == length
                and all(type(v) is int and 0 <= v <= 255 for v in values)):
            return tuple(values)
        return None

    def put(self, key: str, values: tuple[int, ...]) -> tuple[int, ...]:
        if len(self._known) < self.LIMIT:
            self._known[key] = list(values)
            self._store.remember(self._known)
        return tuple(values)


def limit_ink(colour: CMYK, limit_percent: float) -> CMYK:
    """Take cyan, magenta and yellow back in proportion until C+M+Y+K <= the limit."""
    limit = limit_percent / 100
    total = colour.c + colour.m + colour.y + colour.k
    if total <= limit + 1e-9:
        return colour
    cmy = colour.c + colour.m + colour.y
    allowed = max(limit - colour.k, 0.0)
    factor = allowed / cmy if cmy > 0 else 0.0
    return CMYK(colour.c * factor, colour.m * factor, colour.y * factor, colour.k)


def limit_image_ink(image: Image.Image, limit_percent: float) -> Image.Image:
    """:func:`limit_ink` for every pixel of a CMYK image (8 bits per channel)."""
    from PIL import Image, ImageMath

    limit = limit_percent / 100 * 255
    c, m, y, k = (band.convert("F") for band in image.split())

    def scaled(a):
        cmy = a["c"] + a["m"] + a["y"]
        allowed = a["max"](a["limit"] - a["k"], 0.0)
        factor = a["min"](allowed / a["max"](cmy, 0.001), 1.0)
        return a[a["band"]] * factor

    bands = []
    for name in ("c", "m", "y"):
        out = ImageMath.lambda_eval(scaled, c=c, m=m, y=y, k=k, limit=limit, band=name)
        # floor, so that rounding never pushes a pixel back over the limit
        bands.append(out.point(lambda v: v - 0.4999).convert("L"))
    bands.append(image.split()[3])
    return Image.merge("CMYK", bands)
