"""Pages as pixels: CMYK separations from Ghostscript for ink, RGB from PDFium for QR codes."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported where a page is rasterized (#20: not for a PDF
    from PIL import Image  # whose raster checks are remembered)


class RasterError(RuntimeError):
    pass


@dataclass(frozen=True)
class InkCoverage:
    page: int
    max_percent: float  # highest total of C+M+Y+K in one pixel
    over_limit_share: float  # share of the page's pixels above the limit
    mean_percent: tuple[float, float, float, float]  # average C, M, Y, K coverage


def ghostscript() -> str | None:
    return shutil.which("gs")


def cmyk_pages(path: Path, dpi: int) -> list[Image.Image]:
    """Render every page to 8-bit CMYK with Ghostscript (tiff32nc), DeviceCMYK kept as is."""
    from PIL import Image

    gs = ghostscript()
    if gs is None:
        raise RasterError("Ghostscript (gs) is not installed: apt-get install ghostscript")
    with tempfile.TemporaryDirectory(prefix="posters-ink-") as tmp:
        pattern = str(Path(tmp) / "p%04d.tif")
        cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
               f"-r{dpi}", "-dUseCropBox=false", f"-sOutputFile={pattern}", str(path)]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        if run.returncode != 0:
            raise RasterError(f"Ghostscript failed: {(run.stderr or run.stdout).strip()[:300]}")
        images = []
        for tif in sorted(Path(tmp).glob("p*.tif")):
            with Image.open(tif) as im:
                images.append(im.convert("CMYK").copy())
        return images


def ink_coverage(image: Image.Image, page: int, limit_percent: float) -> InkCoverage:
    from PIL import ImageMath

    c, m, y, k = image.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=c, m=m, y=y, k=k)  # mode I, 0..1020
    _, high = total.getextrema()
    threshold = limit_percent / 100 * 255
    over = ImageMath.lambda_eval(lambda a: a["convert"](a["t"] > threshold, "L"), t=total)
    hist = over.histogram()
    pixels = image.width * image.height
    over_count = pixels - hist[0]
    means = []
    for band in (c, m, y, k):
        h = band.histogram()
        means.append(sum(i * n for i, n in enumerate(h)) / pixels / 255 * 100)
    return InkCoverage(page, high / 255 * 100, over_count / pixels, tuple(means))


def rgb_page(path: Path, index: int, dpi: int) -> Image.Image:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        bitmap = pdf[index].render(scale=dpi / 72)
        return bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()


@dataclass(frozen=True)
class Barcode:
    text: str
    format: str
    position: tuple[float, float]  # centre, in points from the page's lower-left corner
    side_pt: float = 0.0  # the symbol's side (finder pattern corners), without quiet zone


def read_qr_codes(path: Path, index: int, dpi: int) -> list[Barcode]:
    import zxingcpp

    image = rgb_page(path, index, dpi)
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        pos = result.position
        cx = (pos.top_left.x + pos.bottom_right.x) / 2 * 72 / dpi
        cy = image.height * 72 / dpi - (pos.top_left.y + pos.bottom_right.y) / 2 * 72 / dpi
        side = ((pos.top_right.x - pos.top_left.x) ** 2
                + (pos.top_right.y - pos.top_left.y) ** 2) ** 0.5 * 72 / dpi
        found.append(Barcode(result.text, str(result.format), (cx, cy), side))
    return found
