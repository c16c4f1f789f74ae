"""Length budgets from the layouts, and `status` measuring each translation's fit."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from posters.i18n.room import _filler, _fits, budgets, local_texts, targets
from posters.localize import localize, source_lookup
from posters.text import TextStyle

from .helpers import SAMPLE, load, msgid_line, po_path, run


@pytest.fixture(scope="module")
def sample_budgets(engine):
    return budgets(load(SAMPLE), engine)


def test_every_printed_text_has_a_budget_from_its_tightest_box(sample_budgets, engine):
    campaign = load(SAMPLE)
    names = {t.name for t in targets(campaign)}
    assert {"poster jis-b2", "flyer iso-a5", "card card-jp", "trifold iso-a4",
            "language-card iso-a5"} <= names
    keys = {t.key for t in campaign.texts()}
    english = {t.key: t.text for t in local_texts(localize(campaign, "en", source_lookup))}
    assert set(sample_budgets) == keys - {"campaign.title"}  # the title is PDF metadata
    for key, budget in sample_budgets.items():
        p = budget.placement
        # what the budget promises, the text engine confirms: that many characters of
        # text like the source fit at the minimum size; a quarter more do not
        source = english[key]  # as printed: placeholders filled
        assert _fits(engine, _filler(source, budget.characters), p), key
        if not p.shared:  # a shared box (notes) gives each its part of the room
            assert not _fits(engine, _filler(source, budget.characters * 5 // 4 + 4), p), key
        # and it is the tightest: no other box of the text holds fewer
        assert budget.uses >= 1
    hotline = sample_budgets["content.hotlines.police.label"]
    # the tightest box: since the card's hotline rows grew to 13 mm (labels 67 %) and the
    # poster's floor follows its scale down to 4.8 pt (wt-fixlayout), the Letter poster's
    assert hotline.placement.target.name == "poster us-letter"
    assert "max-size:" in " ".join(hotline.flags())


def test_the_catalogs_carry_the_room_in_words_and_as_weblate_flags():
    with po_path(SAMPLE, "ja").open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        notes = " ".join(message.auto_comments)
        assert "Room: " in notes, message.context
        if message.context == "campaign.title":
            continue
        assert re.search(r"Room: about \d+ characters \(\d+ lines? at [\d.]+ pt", notes)
        assert "Tightest box: " in notes
        flags = {f.split(":")[0] for f in message.flags}
        assert {"max-length", "max-size", "font-family", "font-size"} <= flags, message.context


def _sample_with(tmp_path: Path, lang: str, key: str, translation: str) -> Path:
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    path = po_path(folder, lang)
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    for message in catalog:
        if message.context == key:
            message.string = translation
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())
    return folder


def test_status_names_the_po_line_and_format_of_a_translation_too_long(tmp_path, engine):
    key = "content.hotlines.police.label"
    long = "警察相談専用電話" * 12
    folder = _sample_with(tmp_path, "ja", key, long)
    result = run("status", folder, "-l", "ja")
    assert result.exit_code == 1
    line = msgid_line(po_path(folder, "ja"), key)
    findings = [f for f in result.output.splitlines() if f": {key}: does not fit" in f]
    assert findings, result.output
    assert all(f.startswith(f"{po_path(folder, 'ja')}:{line}: error: ") or
               f.startswith(f"tip-2023/locale/ja/LC_MESSAGES/messages.po:{line}:") or
               f":{line}: error: " in f for f in findings)
    formats = {re.search(r"does not fit (\S+ \S+)", f).group(1) for f in findings}
    assert "card card-jp" in formats
    assert re.search(r"at its minimum size [\d.]+ pt: [\d.]+ mm too (tall|wide); about "
                     rf"\d+ characters fit there, the translation has {len(long)}",
                     findings[0])
    table = result.output.splitlines()[1]
    assert table.split()[0] == "ja" and table.split()[-1] == "1"  # one message too long
    # the same text in a bigger style would fit: the check is the engine's, not a ratio
    style = TextStyle(size=20, min_size=20)
    assert engine.fit(long, "ja", style, 2000, 200) is not None


def test_status_passes_when_every_translation_fits(tmp_path):
    folder = _sample_with(tmp_path, "th", "content.headline", "การค้ามนุษย์")
    result = run("status", folder, "-l", "th", "-v")
    assert result.exit_code == 0, result.output
    assert "th: 56 of 56 translations fit every format and size" in result.output
