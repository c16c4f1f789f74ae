"""Screenshots per message and the translator kit, looked at as images."""

from __future__ import annotations

import io
import zipfile

import pytest

from posters.i18n.room import budgets
from posters.i18n.screenshots import file_name

from .helpers import JA, load, run, translate

LONG = "警察" * 200  # far more than any hotline label's box holds


def magenta(image) -> int:
    rgb = image.convert("RGB")
    return sum(1 for r, g, b in rgb.getdata() if r > 180 and g < 90 and b > 120)


def orange(image) -> int:
    rgb = image.convert("RGB")
    return sum(1 for r, g, b in rgb.getdata() if r > 200 and 90 < g < 190 and b < 80)


@pytest.fixture
def small_ja(small):
    assert run("init", small, "-l", "ja", "--no-room").exit_code == 0
    translate(small, "ja", {**JA, "content.tagline": "",
                            "content.hotlines.police.label": LONG})
    return small


def test_a_screenshot_per_printed_message_source_and_translation(small_ja, tmp_path, engine):
    from PIL import Image

    out = tmp_path / "shots"
    result = run("screenshots", small_ja, "-l", "ja", "-o", out)
    assert result.exit_code == 0, result.output
    keys = set(budgets(load(small_ja), engine))
    assert {p.name for p in out.iterdir()} == {file_name(k) for k in keys}
    image = Image.open(out / file_name("content.headline"))
    left = image.crop((0, 22, image.width // 2 - 6, image.height))
    right = image.crop((image.width // 2 + 6, 22, image.width, image.height))
    assert magenta(left) > 20 and magenta(right) > 20  # the text's box is framed
    assert left.tobytes() != right.tobytes()  # 助けは近くに, not the English
    # a translation too long to set: the source only, and said so
    assert "content.hotlines.police.label: the translation's page could not be set" in \
        result.output


def test_the_kit_holds_po_previews_screenshots_and_a_readme(small_ja, tmp_path, engine):
    import pypdfium2

    archive = tmp_path / "kit.zip"
    result = run("kit", small_ja, "-l", "ja", "-o", archive)
    assert result.exit_code == 0, result.output
    assert "1 untranslated, 1 too long" in result.output
    with zipfile.ZipFile(archive) as kit:
        names = sorted(kit.namelist())
        readme = kit.read("small-ja/README.txt").decode()
        po = kit.read("small-ja/ja.po")
        poster = kit.read("small-ja/previews/poster-jis-b2.pdf")
    assert po == (small_ja / "locale/ja/LC_MESSAGES/messages.po").read_bytes()
    previews = [n for n in names if n.startswith("small-ja/previews/")]
    assert {n.rsplit("/", 1)[1].split("-")[0] for n in previews} >= {"poster", "flyer",
                                                                     "trifold", "card"}
    shots = [n for n in names if n.startswith("small-ja/screenshots/")]
    assert len(shots) == len(budgets(load(small_ja), engine))
    assert set(names) == {"small-ja/README.txt", "small-ja/ja.po", *previews, *shots}
    assert "Translation desk <i18n@example.org>" in readme
    assert "1 text(s) untranslated, 1 too long" in readme
    assert "magenta frame" in readme and "orange" in readme
    page = pypdfium2.PdfDocument(io.BytesIO(poster))[0]
    image = page.render(scale=1).to_pil()
    assert magenta(image) > 50  # the tagline, untranslated, framed
    assert orange(image) > 50  # the police label, too long, framed (English in its place)
    again = tmp_path / "again.zip"
    assert run("kit", small_ja, "-l", "ja", "-o", again).exit_code == 0
    assert again.read_bytes() == archive.read_bytes()  # deterministic
