"""Drawing reads font files through a memory map; a build lets go of the pages it read
after each task (posters.render.fonts.release_font_pages), so that a process that has set
every language does not hold every CJK font's outlines (some 4 MiB each)."""

from __future__ import annotations

import os
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


def mapped_kib_of(path: Path, perms: str) -> int:
    """The resident KiB of this process's mappings of ``path`` with these permissions
    ('r--s': a LazyFace's own map; 'r--p': HarfBuzz's)."""
    total, current = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if fields and "-" in fields[0] and not fields[0].endswith(":"):
                current = len(fields) > 5 and fields[5] == str(path) and fields[1] == perms
            elif fields[0] == "Rss:" and current:
                total += int(fields[1])
    return total


def _copied_font(tmp_path: Path, engine: TextEngine, lang: str = "ja"):
    from posters.render.fonts import draw_font
    from posters.text.model import FontRef

    source = engine.fonts.get(engine.config.language(lang).stack[0], "regular").ref
    copy = tmp_path / source.path.name  # mapped by nothing else in this process
    shutil.copyfile(source.path, copy)
    return copy, draw_font(FontRef(copy, source.postscript_name))


def _glyphs(font, count: int = 3000) -> list[int]:
    """Glyphs of CJK ideographs spread over the font (their outlines over its file)."""
    gids = [font.nominal_glyph(cp) for cp in range(0x4E00, 0x9FA0, 0x9FA0 // count or 1)]
    return [g for g in gids if g]


def test_a_subset_made_lets_go_of_the_outlines_it_read(tmp_path, engine: TextEngine):
    """Subsetting copies outlines from all over a CJK font's file (the system maps a
    file in its cache's pieces, up to 2 MiB each); the face's own map lets them go as
    soon as the subset is made, and the next subset reads them again alike."""
    copy, font = _copied_font(tmp_path, engine)
    face = font.rl.face
    codes = [cp for cp in range(0x4E00, 0x9FA0, 40) if face.charToGlyph.get(cp)][:200]
    first = face.makeSubset(codes)
    assert mapped_kib_of(copy, "r--s") < 256  # the head of the file, at most
    again = face.makeSubset(list(reversed(codes)))  # another subset: read once more
    assert mapped_kib_of(copy, "r--s") < 256
    assert first != again and len(again) == len(first)  # same outlines, another order
    assert face.makeSubset(codes) == first


def test_a_worker_lets_go_of_every_mapping_of_the_fonts_it_drew(tmp_path, engine: TextEngine,
                                                             monkeypatch):
    """After each task, a worker releases the pages of its font files, HarfBuzz's map
    of them included (drawing's hb.Face reads each glyph's extents from all over the
    file); the fonts then answer as before."""
    from posters.build import pool

    copy, font = _copied_font(tmp_path, engine)
    gids = _glyphs(font)
    assert len(gids) > 500
    answers = {}

    def task(worker, lang, outputs, manifest):
        answers.update((g, (font.inked(g), font.glyph_width_1000(g))) for g in gids)
        assert mapped_kib_of(copy, "r--p") > 1024  # HarfBuzz's pages of the file
        return "result"

    monkeypatch.setattr(pool, "run_task", task)
    monkeypatch.setattr(pool, "_worker", object())
    assert pool._run_in_worker("ja", [], {}) == (os.getpid(), "result")
    assert mapped_kib(copy) < 256
    font._inked.clear()
    font._widths.clear()
    assert {g: (font.inked(g), font.glyph_width_1000(g)) for g in gids} == answers


def test_only_read_only_mappings_of_the_fonts_drawn_are_released(tmp_path, engine: TextEngine):
    """A writable private map of a font file (its pages may have been changed) and a
    map of a file no face has read keep their pages."""
    import mmap

    from posters.render.fontfile import release_mapped_files

    copy, font = _copied_font(tmp_path, engine)
    other = tmp_path / "other.bin"
    other.write_bytes(bytes(range(256)) * 4096)
    with open(copy, "rb") as file:
        written = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_COPY)
    with open(other, "rb") as file:
        unrelated = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    written[:4] = b"XXXX"
    font.rl.face._map[len(font.rl.face._map) // 2]  # a page of the face's own map
    sum(unrelated[i] for i in range(0, len(unrelated), 4096))
    assert release_mapped_files() > 0
    assert written[:4] == b"XXXX"
    assert mapped_kib_of(copy, "r--s") == 0
    assert mapped_kib_of(other, "r--s") >= len(unrelated) // 1024


def test_drawing_reads_no_page_of_the_font_file(tmp_path, engine: TextEngine):
    """A face keeps the little of its file drawing asks about (cmap, hmtx, loca: a CJK
    font's 260 KiB) and lets go of what loading read: until a subset is made, its own
    map holds no page (the piece of the file that holds those tables is 2 MiB)."""
    copy, font = _copied_font(tmp_path, engine)
    face = font.rl.face
    assert mapped_kib_of(copy, "r--s") == 0
    for gid in _glyphs(font, 500):
        font.key_for(gid, "x")  # a glyph given another text: a key code of the face
        font.key_for(gid, "y", spacing=500)  # a spacing copy: loca and hmtx
        assert face.hmetrics[gid][0] > 0 and face.glyphPos[gid + 1] > face.glyphPos[gid]
    assert face.charWidths.get(ord("中")) and face.charToGlyph.get(ord("中"))
    assert mapped_kib_of(copy, "r--s") == 0


def test_a_font_read_through_a_link_is_released_too(tmp_path, engine: TextEngine):
    """/proc/self/maps names a mapped file by its real path: a font cache reached through
    a symbolic link (a home folder on another disk) is released all the same."""
    from posters.render.fontfile import release_mapped_files
    from posters.render.fonts import draw_font
    from posters.text.model import FontRef

    source = engine.fonts.get(engine.config.language("ja").stack[0], "regular").ref
    real = tmp_path / source.path.name  # drawn only through the link
    shutil.copyfile(source.path, real)
    (tmp_path / "link").mkdir()
    linked = tmp_path / "link" / "font.ttf"
    linked.symlink_to(real)
    font = draw_font(FontRef(linked, source.postscript_name))
    for gid in _glyphs(font, 500):
        font.inked(gid)
    assert mapped_kib_of(real, "r--p") > 1024
    release_mapped_files()
    assert mapped_kib_of(real, "r--p") < 256
