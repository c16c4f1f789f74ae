"""Warning-sign icons: the SVG files, and drawing them into a PDF as one-colour vectors."""

from __future__ import annotations

import math
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas

from posters.render.icons import draw_icon, load_icon, shapes
from posters.schema.assets import STOCK_ICONS, IconError
from tests.conftest import ROOT
from tests.pdftools import MM, render_png

ICONS = STOCK_ICONS
NAMES = ("contract", "social-media-offer", "video-production", "children-lured",
         "runaway-shelter", "passport-taken", "obscene-acts", "heavy-work")
# the stock set: the sample's eight and the common trafficking indicators (docs/icons.md)
STOCK = tuple(sorted(svg.stem for svg in ICONS.glob("*.svg")))
NAVY = CMYKColor(1, 0.6, 0, 0.2)
MAGENTA = CMYKColor(0, 1, 0, 0)
DPI = 200


def operations(pdf: Path, page: int = 0) -> list[tuple[str, list[float]]]:
    """The page's operators, and those of the form XObjects it places (icons are forms)."""
    reader = pypdf.PdfReader(pdf)
    streams = [ContentStream(reader.pages[page].get_contents(), reader)]
    xobjects = (reader.pages[page].get("/Resources") or {}).get("/XObject") or {}
    for xobject in xobjects.values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            streams.append(ContentStream(xobject, reader))
    return [(op.decode(), [float(v) for v in operands if isinstance(v, int | float)])
            for stream in streams for operands, op in stream.operations]


def one_icon_pdf(path: Path, svg: Path, rect_mm: tuple[float, float, float, float],
                 colour: Color, page_mm: tuple[float, float] = (60, 40)) -> Path:
    # Times-Roman as the canvas font, so a Helvetica in the file can only come from the icon.
    canvas = Canvas(str(path), pagesize=(page_mm[0] * MM, page_mm[1] * MM), invariant=1,
                    pageCompression=0, initialFontName="Times-Roman")
    canvas.setFillColor(MAGENTA)  # the icon must not depend on the canvas's colour
    canvas.setStrokeColor(MAGENTA)
    x, y, w, h = (v * MM for v in rect_mm)
    draw_icon(canvas, svg, x, y, w, h, colour)
    canvas.showPage()
    canvas.save()
    return path


def ink_box(image, threshold: int = 230) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom) of every pixel darker than paper."""
    grey = image.convert("L").point(lambda v: 255 if v < threshold else 0)
    return grey.getbbox()


def px(mm_value: float) -> float:
    return mm_value * DPI / 25.4


def test_sample_campaign_finds_every_icon(sample_campaign):
    signs = sample_campaign.content.warning_signs.items
    assert {sign.icon for sign in signs} == set(NAMES)
    for sign in signs:
        assert sign.icon_file == (ICONS / f"{sign.icon}.svg").resolve()


@pytest.mark.parametrize("name", STOCK)
def test_icon_follows_the_family_rules(name):
    svg = ICONS / f"{name}.svg"
    source = svg.read_text(encoding="utf-8")
    assert 'viewBox="0 0 48 48"' in source
    assert svg.stat().st_size < 2048
    drawing = load_icon(svg)
    assert load_icon(svg) is drawing  # parsed once
    stroked = [s for s in shapes(drawing) if getattr(s, "strokeColor", None) is not None]
    assert stroked
    for shape in stroked:
        assert shape.strokeWidth == 3
        assert shape.strokeLineCap == 1 and shape.strokeLineJoin == 1  # round
    # everything, strokes included, stays inside the 48 x 48 box
    scale = drawing.width / 48
    x0, y0, x1, y1 = (v / scale for v in drawing.getBounds())
    half = 1.5
    assert x0 - half >= 0 and y0 - half >= 0
    assert x1 + half <= 48 and y1 + half <= 48


@pytest.mark.parametrize("name", STOCK)
def test_icon_draws_cmyk_vectors_inside_its_rectangle(name, tmp_path):
    rect = (20, 12, 15, 15)  # 15 mm, the size on a poster
    pdf = one_icon_pdf(tmp_path / f"{name}.pdf", ICONS / f"{name}.svg", rect, NAVY)

    raw = pdf.read_bytes()
    assert b"Helvetica" not in raw
    assert b"/Subtype /Image" not in raw
    ops = operations(pdf)
    names = {op for op, _ in ops}
    assert not names & {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN", "cs", "CS"}
    colours = [values for op, values in ops if op in ("k", "K")]
    assert [0.0, 1.0, 0.0, 0.0] in colours  # the canvas's own colour, set before the icon
    assert [1.0, 0.6, 0.0, 0.2] in colours
    # after the icon starts, every colour set is the icon's
    first = next(i for i, (op, values) in enumerate(ops)
                 if op in ("k", "K") and values == [1.0, 0.6, 0.0, 0.2])
    assert all(values == [1.0, 0.6, 0.0, 0.2] for op, values in ops[first:] if op in ("k", "K"))
    assert names & {"c", "l", "re"}  # drawn as paths

    image = render_png(pdf, dpi=DPI).convert("RGB")
    box = ink_box(image)
    assert box is not None, "the icon left no ink"
    left, top = px(rect[0]), image.height - px(rect[1] + rect[3])
    right, bottom = px(rect[0] + rect[2]), image.height - px(rect[1])
    assert box[0] >= left - 1 and box[1] >= top - 1
    assert box[2] <= right + 1 and box[3] <= bottom + 1
    # it fills its square, not a corner of it
    assert box[2] - box[0] > 0.6 * (right - left) or box[3] - box[1] > 0.6 * (bottom - top)
    data = image.crop(box).tobytes()
    pixels = (tuple(data[i:i + 3]) for i in range(0, len(data), 3))
    inked = [p for p in pixels if sum(p) < 600]
    assert len(inked) > 0.05 * (right - left) * (bottom - top)
    # navy, not the magenta the canvas was left in
    assert all(b > r and b > g - 10 for r, g, b in inked)


def test_icon_keeps_its_aspect_and_is_centred_in_a_wide_rectangle(tmp_path):
    rect = (5, 10, 50, 20)
    pdf = one_icon_pdf(tmp_path / "wide.pdf", ICONS / "obscene-acts.svg", rect, NAVY)
    image = render_png(pdf, dpi=DPI)
    box = ink_box(image)
    assert box is not None
    # the viewfinder corners reach the icon's square: 20 mm wide, centred at 30 mm
    assert abs((box[0] + box[2]) / 2 - px(30)) < 3
    assert px(20) * 0.75 < box[2] - box[0] <= px(20) + 1
    assert px(20) * 0.75 < box[3] - box[1] <= px(20) + 1


def test_an_icon_drawing_outside_its_viewbox_is_clipped_to_the_rectangle(tmp_path):
    svg = tmp_path / "big.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">'
                   '<circle cx="24" cy="24" r="40"/></svg>', encoding="utf-8")
    rect = (20, 12, 15, 15)
    image = render_png(one_icon_pdf(tmp_path / "big.pdf", svg, rect, NAVY), dpi=DPI)
    box = ink_box(image)
    assert box is not None
    assert abs(box[0] - px(20)) <= 1 and abs(box[2] - px(35)) <= 1
    assert abs(box[1] - (image.height - px(27))) <= 1
    assert abs(box[3] - (image.height - px(12))) <= 1


def test_same_icon_same_bytes(tmp_path):
    svg = ICONS / "passport-taken.svg"
    first = one_icon_pdf(tmp_path / "1.pdf", svg, (20, 12, 15, 15), NAVY).read_bytes()
    second = one_icon_pdf(tmp_path / "2.pdf", svg, (20, 12, 15, 15), NAVY).read_bytes()
    assert first == second


def test_screen_colour_draws_rgb(tmp_path):
    pdf = one_icon_pdf(tmp_path / "screen.pdf", ICONS / "contract.svg", (20, 12, 15, 15),
                       Color(0.1, 0.2, 0.5))
    ops = operations(pdf)
    fills = [values for op, values in ops if op == "rg"]
    assert [0.1, 0.2, 0.5] in fills
    assert all(values == [0.1, 0.2, 0.5] for values in fills)


def test_the_cached_drawing_is_not_recoloured(tmp_path):
    svg = ICONS / "heavy-work.svg"
    one_icon_pdf(tmp_path / "a.pdf", svg, (20, 12, 15, 15), NAVY)
    pdf = one_icon_pdf(tmp_path / "b.pdf", svg, (20, 12, 15, 15), CMYKColor(0, 0, 0, 1))
    colours = [values for op, values in operations(pdf) if op in ("k", "K")]
    assert [0.0, 0.0, 0.0, 1.0] in colours
    assert [1.0, 0.6, 0.0, 0.2] not in colours


def test_the_whole_stock_set_on_one_sheet(tmp_path):
    """The contact sheet used to look at the family; each icon stays in its own cell."""
    pdf = tmp_path / "sheet.pdf"
    rows = -(-len(STOCK) // 4)
    canvas = Canvas(str(pdf), pagesize=(4 * 20 * MM, rows * 20 * MM), invariant=1,
                    initialFontName="Times-Roman")
    for i, name in enumerate(STOCK):
        col, row = i % 4, i // 4
        draw_icon(canvas, ICONS / f"{name}.svg", (col * 20 + 2.5) * MM,
                  ((rows - 1 - row) * 20 + 2.5) * MM, 15 * MM, 15 * MM, NAVY)
    canvas.showPage()
    canvas.save()
    image = render_png(pdf, dpi=DPI)
    for i, name in enumerate(STOCK):
        col, row = i % 4, i // 4
        cell = image.crop((round(px(col * 20)), round(px(row * 20)),
                           round(px(col * 20 + 20)), round(px(row * 20 + 20))))
        box = ink_box(cell)
        assert box is not None, name
        inner = (px(2.5) - 1, px(2.5) - 1, px(17.5) + 1, px(17.5) + 1)
        assert box[0] >= inner[0] and box[1] >= inner[1], name
        assert box[2] <= inner[2] and box[3] <= inner[3], name


# The indicators the stock set must cover besides the sample's eight (issue #11).
INDICATORS = ("documents-confiscated", "debt-bondage", "unpaid-wages", "cannot-leave",
              "living-at-work", "phone-controlled", "movement-watched", "physical-abuse",
              "minor-exploited", "scripted-answers", "excessive-hours", "recruitment-fees",
              "threats-to-family", "cannot-speak-freely", "no-days-off", "false-job-offer",
              "crowded-housing", "no-medical-care", "fenced-in", "security-camera",
              "unknown-address", "no-food", "money-controlled", "moved-often")


def test_the_stock_set_covers_the_common_indicators():
    assert set(NAMES) <= set(STOCK)
    assert set(INDICATORS) <= set(STOCK)
    assert len(set(STOCK) - set(NAMES)) >= 20


def test_every_stock_icon_is_documented_with_its_picture():
    docs = (ROOT / "docs" / "icons.md").read_text(encoding="utf-8")
    readme = (ICONS / "README.md").read_text(encoding="utf-8")
    for name in STOCK:
        assert f"`{name}`" in docs, name
        assert f"`{name}.svg`" in readme, name
    assert "icons.png" in docs
    from PIL import Image

    sheet = ROOT / "docs" / "icons.png"
    assert sheet.stat().st_size < 100 * 1024
    with Image.open(sheet) as image:
        # tools/icon_sheet.py: 6 columns of 34 x 30 mm cells at 100 dpi, one cell per icon
        rows = -(-len(STOCK) // 6)
        assert image.size == (math.ceil(6 * 34 / 25.4 * 100), math.ceil(rows * 30 / 25.4 * 100))


GOOD = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n'
        '<circle cx="24" cy="24" r="10"/>\n{}</svg>\n')


@pytest.mark.parametrize(("text", "line", "fragment"), [
    (GOOD.format('<path d="M0 0L4 4">\n'), 4, "not well-formed"),
    ("", 1, "not well-formed"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', 1, "root element must be <svg>"),
    ('<svg viewBox="0 0 48 48"><circle r="3"/></svg>', 1, "root element must be <svg>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<circle cx="9" cy="9" r="3"/></svg>', 1,
     "viewBox"),
    (GOOD.format('<text x="1" y="9">Hi</text>\n'), 3, "<text>: text needs a font"),
    (GOOD.format('<image href="photo.png" width="9" height="9"/>\n'), 3, "<image>"),
    (GOOD.format('<use href="other.svg#a"/>\n'), 3, "must not load other files"),
    (GOOD.format('<linearGradient id="g"/>\n'), 3, "one solid colour"),
    (GOOD.format('<rect width="9" height="9" fill-opacity="0.5"/>\n'), 3, "remove the opacity"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n<g/>\n</svg>', 1,
     "draws nothing"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle r="3"/>&x;</svg>',
     1, "DOCTYPE"),
    (GOOD.format('<rect width="9" height="9" fill="nocolour"/>\n'), None, "cannot convert"),
])
def test_a_broken_icon_raises_icon_error_with_its_line(text, line, fragment, tmp_path):
    svg = tmp_path / "broken.svg"
    svg.write_text(text, encoding="utf-8")
    with pytest.raises(IconError) as caught:
        load_icon(svg)
    error = caught.value
    assert error.path == svg.resolve()
    assert fragment in error.message
    if line is not None:
        assert error.line == line
        assert str(error).startswith(f"{svg.resolve()}:{line}: ")


def test_draw_icon_raises_icon_error_and_draws_nothing(tmp_path):
    svg = tmp_path / "missing.svg"
    canvas = Canvas(str(tmp_path / "x.pdf"), invariant=1)
    with pytest.raises(IconError, match="cannot read the icon"):
        draw_icon(canvas, svg, 0, 0, 10, 10, NAVY)


def test_the_contact_sheet_in_the_docs_is_drawn_from_the_current_icons(tmp_path):
    """docs/icons.png is what tools/icon_sheet.py draws from posters/icons today: an icon
    added or changed without redrawing the sheet fails here."""
    import subprocess
    import sys

    from PIL import Image, ImageChops

    fresh = tmp_path / "sheet.png"
    subprocess.run([sys.executable, str(ROOT / "tools" / "icon_sheet.py"), "--out", str(fresh)],
                   check=True, capture_output=True, timeout=120)
    with Image.open(fresh) as new, Image.open(ROOT / "docs" / "icons.png") as committed:
        assert new.size == committed.size
        difference = ImageChops.difference(new.convert("L"), committed.convert("L"))
        changed = difference.point(lambda value: 255 if value > 64 else 0).histogram()[255]
    # anti-aliasing may differ a little between PDFium versions; a changed icon does more
    assert changed <= 40, f"{changed} pixels differ: run tools/icon_sheet.py, commit the PNG"
