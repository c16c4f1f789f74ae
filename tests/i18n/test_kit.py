"""Screenshots per message and the translator kit, looked at as images."""

from __future__ import annotations

import io
import zipfile

import pytest

from posters.i18n.room import budgets
from posters.i18n.screenshots import file_name

from .helpers import JA, load, run, translate

LONG = "警察" * 200  # far more than any hotline label's box holds


def pixels(image):
    data = image.convert("RGB").tobytes()
    return zip(data[0::3], data[1::3], data[2::3], strict=True)


def magenta(image) -> int:
    return sum(1 for r, g, b in pixels(image) if r > 180 and g < 90 and b > 120)


def orange(image) -> int:
    return sum(1 for r, g, b in pixels(image) if r > 200 and 90 < g < 190 and b < 80)


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


def test_a_draft_frames_untranslated_text_without_covering_numbers_and_lists_it(
        tmp_path):
    """The police label untranslated on the card: framed, listed, and the phone number
    and the QR code are left clear (the old band across the top covered both)."""
    import json
    import shutil
    import subprocess
    import sys

    import pypdfium2

    from .helpers import ROOT, SAMPLE

    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    catalog = folder / "locale/ja/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "警察相談専用電話"', 'msgstr ""'), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "posters", "build", str(folder), "--lang",
                           "ja", "--format", "card", "--draft", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "out/tip-2023/ja/card-jp.pdf"
    document = pypdfium2.PdfDocument(str(pdf))
    side = next(i for i in range(len(document))
                if "Police consultation" in document[i].get_textpage().get_text_range())
    page = document[side]
    words = page.get_textpage().get_text_range()
    assert "Police consultation" in words and "DRAFT" not in words
    scale = 100 / 72
    image = page.render(scale=scale).to_pil().convert("RGB")
    pixels = [(x, y) for y in range(image.height) for x in range(image.width)
              if (lambda r, g, b: r > 180 and g < 90 and b > 120)(*image.getpixel((x, y)))]
    assert len(pixels) > 100  # the frame
    search = page.get_textpage().search("9110")
    index, count = search.get_next()
    boxes = [page.get_textpage().get_charbox(index + i) for i in range(count)]
    height = page.get_height()
    left, right = min(b[0] for b in boxes) * scale, max(b[2] for b in boxes) * scale
    top, bottom = (height - max(b[3] for b in boxes)) * scale, \
        (height - min(b[1] for b in boxes)) * scale
    assert not [p for p in pixels if left <= p[0] <= right and top <= p[1] <= bottom]
    document.close()
    report = json.loads((tmp_path / "out/tip-2023/build-report.json").read_text())
    entry = next(o for o in report["outputs"] if o["path"] == "ja/card-jp.pdf")
    assert [f["code"] for f in entry["findings"]] == ["I18N001"]
    assert entry["findings"][0]["message"].startswith(
        "content.hotlines.police.label: untranslated in ja")
    gallery = (tmp_path / "out/tip-2023/index.html").read_text(encoding="utf-8")
    assert "content.hotlines.police.label: untranslated in ja" in gallery
