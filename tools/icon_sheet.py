"""Draw a contact sheet of warning-sign icons: each icon through the renderer that prints
it (posters.render.icons.draw_icon), its name underneath, written as a small PNG.

    .venv/bin/python tools/icon_sheet.py                       # the stock set -> docs/icons.png
    .venv/bin/python tools/icon_sheet.py content/x/assets/icons --out /tmp/x.png

docs/icons.md shows the stock set's sheet; re-run this after adding or changing an icon.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.colors import Color  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from posters.render.icons import draw_icon  # noqa: E402
from posters.schema.assets import STOCK_ICONS  # noqa: E402

MM = 72 / 25.4
CELL_W, CELL_H, ICON = 34 * MM, 30 * MM, 15 * MM  # the icon at its printed size
INK = Color(0.1, 0.1, 0.1)


def sheet_pdf(icons: list[Path], columns: int) -> bytes:
    rows = -(-len(icons) // columns)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(columns * CELL_W, rows * CELL_H), invariant=1)
    canvas.setFont("Helvetica", 7)
    for index, svg in enumerate(icons):
        column, row = index % columns, index // columns
        left, top = column * CELL_W, (rows - row) * CELL_H
        draw_icon(canvas, svg, left + (CELL_W - ICON) / 2, top - 4 * MM - ICON, ICON, ICON,
                  INK)
        canvas.setFillColor(INK)
        canvas.drawCentredString(left + CELL_W / 2, top - CELL_H + 5 * MM, svg.stem)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=STOCK_ICONS)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "icons.png")
    parser.add_argument("--columns", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    icons = sorted(args.folder.glob("*.svg"))
    if not icons:
        sys.exit(f"no .svg files in {args.folder}")

    import pypdfium2

    document = pypdfium2.PdfDocument(sheet_pdf(icons, args.columns))
    try:
        image = document[0].render(scale=args.dpi / 72).to_pil()
    finally:
        document.close()
    # greys only: a 16-level palette keeps the committed PNG small
    image = image.convert("L").quantize(16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, optimize=True)
    print(f"wrote {args.out} ({len(icons)} icons, {args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
