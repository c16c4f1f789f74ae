"""The renderer's caches of campaign files (icons, logos) key by the file's state as well as
its path: a file changed while a long process runs (posters serve, a test session) is read
again, and an icon's form is named by its content, not by where the campaign lives."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from posters.render.icons import draw_icon, load_icon
from posters.render.pdf import prepared_image

ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
        '<path d="M2 2 L{end} 2 L{end} {end} Z" fill="none" stroke="#000" '
        'stroke-width="2"/></svg>')


def _write(path: Path, data: bytes, when: int) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(when, when))


def test_a_changed_icon_is_read_again(tmp_path):
    icon = tmp_path / "sign.svg"
    _write(icon, ICON.format(size=24, end=22).encode(), 1_000_000_000_000_000_000)
    small = load_icon(icon).width
    _write(icon, ICON.format(size=48, end=46).encode(), 1_000_000_001_000_000_000)
    assert load_icon(icon).width == 2 * small > 0


def _form_names(icon: Path) -> set[str]:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    draw_icon(canvas, icon, 10, 10, 50, 50, CMYKColor(0, 0, 0, 1))
    canvas.showPage()
    canvas.save()
    return {name for name in out.getvalue().decode("latin-1").split("/")
            if name.startswith("FormXob.Icon")}


def test_an_icon_form_is_named_by_its_content_not_its_place(tmp_path):
    data = ICON.format(size=24, end=22).encode()
    one, two = tmp_path / "a" / "sign.svg", tmp_path / "b" / "other.svg"
    for path in (one, two):
        path.parent.mkdir()
        path.write_bytes(data)
    assert _form_names(one) == _form_names(two) != set()
    _write(two, ICON.format(size=48, end=46).encode(), 1_000_000_002_000_000_000)
    assert _form_names(one) != _form_names(two)


def test_a_changed_logo_is_read_again(tmp_path):
    logo = tmp_path / "logo.png"
    for when, colour in ((1_000_000_000_000_000_000, (255, 0, 0)),
                         (1_000_000_001_000_000_000, (0, 0, 255))):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
        _write(logo, buffer.getvalue(), when)
        assert prepared_image(logo, False, None).getpixel((0, 0))[:3] == colour
