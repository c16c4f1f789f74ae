"""Drawing reads font files through a memory map; a build lets go of the pages it read
after each task (posters.render.fonts.release_font_pages), so that a process that has set
every language does not hold every CJK font's outlines (some 4 MiB each)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from posters.text import TextEngine

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/self/smaps")


def mapped_kib(path: Path) -> int:
    """The resident KiB of this process's mappings of ``path`` (/proc/self/smaps)."""
    total, current = 0, None
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if fields and "-" in fields[0] and not fields[0].endswith(":"):
                current = fields[5] if len(fields) > 5 else None
            elif fields[0] == "Rss:" and current == str(path):
                total += int(fields[1])
    return total


def test_the_pages_drawing_read_are_let_go_and_read_again_alike(tmp_path, engine: TextEngine):
    from posters.render.fonts import draw_font, release_font_pages
    from posters.text.model import FontRef

    source = engine.fonts.get(engine.config.language("ja").stack[0], "regular").ref
    copy = tmp_path / source.path.name  # mapped by nothing else in this process
    shutil.copyfile(source.path, copy)
    font = draw_font(FontRef(copy, source.postscript_name))
    face = font.rl.face
    data = face._map
    step = len(data) // 200
    before = bytes(data[i] for i in range(0, len(data), step))  # touches 200 pages
    touched = mapped_kib(copy)
    assert touched >= 200 * 4
    release_font_pages()
    assert mapped_kib(copy) < touched / 10
    assert bytes(data[i] for i in range(0, len(data), step)) == before  # read again alike
    # and the face still draws: its glyph outlines come from the same mapping
    gid = font.nominal_glyph(ord("交"))
    assert gid and font.inked(gid) and font.glyph_width_1000(gid) > 0
