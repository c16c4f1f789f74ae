
"""Set text is self-contained: it names its fonts by file, so a renderer with no text
engine (in another process) draws the same bytes; caches key by the font file, not by
the font id; ReportLab's settings do not depend on import order."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from posters.model import Colour
from posters.render.fonts import draw_font, font_name
from posters.render.text import draw_set_text
from posters.text import Span, TextEngine, TextStyle
from posters.text.cache import cache_dir
from tests.conftest import ROOT

RED = Colour("red", (0, 95, 85, 0))
TEXTS = {
    "en": [Span("Call "), Span("9110", bold=True, color=RED), Span(" if you need help.")],
    "ar": [Span("اتصل على "), Span("9110", bold=True, color=RED)],
    "th": [Span("ผู้เสียหายจากการค้ามนุษย์")],
}

DRAW = """
import pickle, sys
from reportlab.pdfgen.canvas import Canvas
from posters.render.fonts import font_name
from posters.render.text import draw_set_text
with open(sys.argv[1], "rb") as fh:
    base, texts = pickle.load(fh)
canvas = Canvas(sys.argv[2], invariant=1, initialFontName=font_name(base))
y = 800.0
for set_text in texts:
    draw_set_text(canvas, set_text, 40.0, y)
    y -= set_text.height + 10
canvas.showPage()
canvas.save()
assert "posters.text.engine" not in sys.modules, "drawing needed the text engine"
"""


def _draw(base, texts) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, initialFontName=font_name(base))
    y = 800.0
    for set_text in texts:
        draw_set_text(canvas, set_text, 40.0, y)
        y -= set_text.height + 10
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_set_text_draws_the_same_in_a_process_without_the_engine(engine, tmp_path):
    texts = [engine.fit(spans, lang, TextStyle(size=14), 400, 200)
             for lang, spans in TEXTS.items()]
    fonts = {run.font for st in texts for line in st.lines for run in line.runs}
    assert len(fonts) >= 4 and all(ref.path.is_file() for ref in fonts)
    data = tmp_path / "set.pickle"
    data.write_bytes(pickle.dumps((engine.base_font(), texts)))
    assert pickle.loads(data.read_bytes()) == (engine.base_font(), texts)  # comparable
    elsewhere = tmp_path / "elsewhere.pdf"
    subprocess.run([sys.executable, "-c", DRAW, str(data), str(elsewhere)], check=True,
                   env=_env(), cwd=tmp_path, timeout=120)
    here = _draw(engine.base_font(), texts)
    assert elsewhere.read_bytes() == here
    reader = pypdf.PdfReader(elsewhere)
    said = reader.pages[0].extract_text()
    assert "Call 9110 if you need help." in said and "ผู้เสียหาย" in said


def _other_cache(tmp_path: Path, replace: str, by: str) -> Path:
    """A font cache like the installed one, except that the file of ``replace`` (a font id
    and style) holds the font ``by``."""
    cache = tmp_path / "cache"
    cache.mkdir()
    installed = cache_dir()
    for font in installed.glob("*.ttf"):
        if not font.name.startswith(replace + "-"):
            (cache / font.name).symlink_to(font)
        else:
            source = next(installed.glob(f"{by}-*.ttf"))
            shutil.copyfile(source, cache / font.name)  # no record: checked by checksums
    return cache


@pytest.fixture
def impostor(engine, tmp_path) -> TextEngine:
    """An engine whose "noto-sans" regular is another file (Noto Sans Bold)."""
    return TextEngine(engine.config, _other_cache(tmp_path, "noto-sans-regular",
                                                  "noto-sans-bold"))


def test_engines_with_other_files_under_one_font_id_do_not_share_shaping(engine, impostor):
    text = "Trafficking in persons: you are not alone"
    ours = engine.measure(text, "en", 12)
    theirs = impostor.measure(text, "en", 12)
    assert theirs > ours * 1.02  # bold is wider: its own shaping, not our cached one
    assert TextEngine(engine.config, engine.fonts.directory).measure(text, "en", 12) == ours


def test_engines_with_other_files_under_one_font_id_embed_their_own_font(engine, impostor):
    style = TextStyle(size=12)
    ours = engine.fit([Span("Help")], "en", style, 300, 50)
    theirs = impostor.fit([Span("Help")], "en", style, 300, 50)
    ref_ours, ref_theirs = ours.lines[0].runs[0].font, theirs.lines[0].runs[0].font
    assert ref_ours.postscript_name == ref_theirs.postscript_name  # same id and style
    assert ref_ours != ref_theirs
    assert font_name(ref_ours) != font_name(ref_theirs)
    assert draw_font(ref_theirs).rl.face.name == b"PostersNotoSans-Bold"
    for set_text, embedded in ((ours, "PostersNotoSans-Regular"),
                               (theirs, "PostersNotoSans-Bold")):
        reader = pypdf.PdfReader(io.BytesIO(_draw(impostor.base_font(), [set_text])))
        fonts = {str(f["/BaseFont"]).split("+", 1)[1]
                 for f in reader.pages[0]["/Resources"]["/Font"].values()}
        assert embedded in fonts


# Three ways a process may come to draw the specimen: through the renderer alone, after the
# page renderer (which used to set rl_config.useA85 when imported), after ReportLab itself.
ORDERS = {
    "specimen only": "",
    "render.pdf first": "import posters.render.pdf\n",
    "reportlab first": "import reportlab.pdfgen.canvas, posters.text.specimen\n",
}
SPECIMEN = "from posters.render.specimen import build_specimen\n" \
           "import sys\nbuild_specimen(sys.argv[1], languages=['en', 'ar'])\n"


def test_output_does_not_depend_on_import_order(tmp_path):
    made = {}
    for name, first in ORDERS.items():
        target = tmp_path / (name.replace(" ", "-") + ".pdf")
        subprocess.run([sys.executable, "-c", first + SPECIMEN, str(target)], check=True,
                       env=_env(), cwd=tmp_path, timeout=120)
        made[name] = target.read_bytes()
    assert len(set(made.values())) == 1, {name: len(data) for name, data in made.items()}
    assert b"ASCII85Decode" not in made["specimen only"]  # binary streams, set once
