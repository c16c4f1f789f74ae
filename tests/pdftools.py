"""Reading our PDFs back in tests: text, boxes, fonts, rendered pixels."""

from __future__ import annotations

from pathlib import Path

import pypdf

MM = 72 / 25.4


def extract_text(path: Path) -> str:
    """The text a reader copies or searches: PDFium honours ActualText, as viewers do."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def squash(text: str) -> str:
    """Whitespace folded, so that wrapped lines compare equal to the source."""
    return " ".join(text.split())


def boxes_mm(path: Path, page: int = 0) -> dict[str, tuple[float, float, float, float]]:
    reader = pypdf.PdfReader(path)
    p = reader.pages[page]
    result = {}
    for name in ("mediabox", "trimbox", "bleedbox", "artbox"):
        box = getattr(p, name)
        result[name] = tuple(float(v) / MM for v in (box.left, box.bottom, box.right, box.top))
    return result


def font_report(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font any page uses."""
    reader = pypdf.PdfReader(path)
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return sorted(fonts.items())


def render_png(path: Path, dpi: int = 100, page: int = 0):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def qr_codes_mm(path: Path, dpi: int = 100, page: int = 0) -> list[tuple[str, float]]:
    """(text, side in mm) of every QR code zxing finds on the page rendered by PDFium: the
    side is the shorter edge between the corners zxing reports for the symbol (without its
    quiet zone)."""
    import math

    import zxingcpp

    found = []
    for code in zxingcpp.read_barcodes(render_png(path, dpi=dpi, page=page)):
        if code.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        p = code.position
        edges = (math.dist((p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y)),
                 math.dist((p.top_left.x, p.top_left.y), (p.bottom_left.x, p.bottom_left.y)))
        found.append((code.text, min(edges) / dpi * 25.4))
    return found


def require_pdftotext() -> None:
    """Skip, saying why, where poppler's pdftotext is missing (setup.sh installs it on
    Debian/Ubuntu)."""
    import shutil

    import pytest

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
