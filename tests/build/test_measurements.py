"""The languages block's measurements remembered between builds (posters.layout.blocks
.languages): a rebuild after one catalog changed measures again only what changed, and
writes the same bytes as a build that remembers nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posters.build import BuildRequest, build
from posters.layout.blocks import languages as languages_block
from tests.conftest import SAMPLE

LINE = "content.language_card.line"


@pytest.fixture
def campaign(tmp_path) -> Path:
    folder = tmp_path / "tip"
    shutil.copytree(SAMPLE, folder)
    return folder


def _card(campaign: Path, out: Path, cache: Path, engine, monkeypatch) -> tuple[bytes, int]:
    """The language card built with the check cache ``cache``: its bytes and how many
    texts were placed to measure or draw the languages block."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(cache))
    placed = []

    def counting(real):  # type: ignore[no-untyped-def]
        def count(*args, **kwargs):  # type: ignore[no-untyped-def]
            placed.append(args[2].lang)
            return real(*args, **kwargs)
        return count

    reals = {name: getattr(languages_block, name)
             for name in ("_place_part", "_measure_part")}  # drawn, measured
    for name, real in reals.items():
        monkeypatch.setattr(languages_block, name, counting(real))
    result = build(BuildRequest(campaign, out_dir=out, formats=("language-card",),
                                gallery=False, force=True), engine)
    for name, real in reals.items():
        monkeypatch.setattr(languages_block, name, real)
    assert [r.status for r in result.results] == ["built"]
    return result.results[0].output.path.read_bytes(), len(placed)


def _change_arabic(campaign: Path, context: str) -> None:
    catalog = campaign / "locale" / "ar" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text("utf-8")
    start = text.index(f'msgctxt "{context}"')
    at = text.index('msgstr "', start) + len('msgstr "')
    catalog.write_text(text[:at] + "أتكلم هذه اللغة وأحتاج إلى مترجم فوري من فضلك. "
                       + text[at:], "utf-8")


@pytest.mark.parametrize("context", [
    "content.language_card.line",  # on the card: its rows and sizes change
    "content.call_to_action.text"])  # not on the card: only Arabic is measured again
def test_a_changed_catalog_is_measured_again_and_the_rest_remembered(
        campaign, tmp_path, engine, monkeypatch, context):
    cache = tmp_path / "cache"
    first, cold = _card(campaign, tmp_path / "out1", cache, engine, monkeypatch)
    assert list(cache.rglob("*.json")), "nothing remembered"
    _change_arabic(campaign, context)
    warm, measured = _card(campaign, tmp_path / "out2", cache, engine, monkeypatch)
    fresh, measured_fresh = _card(campaign, tmp_path / "out3", tmp_path / "empty", engine,
                                  monkeypatch)
    assert warm == fresh  # the same bytes as a build that remembers nothing
    assert (warm != first) == (context == "content.language_card.line")
    print(context, cold, measured, measured_fresh)
    # the other languages' measurements were remembered: fewer texts set
    assert measured < measured_fresh * (0.9 if context == LINE else 0.2)


@pytest.mark.parametrize("damage", ["cut short", "other heights", "a font changed"])
def test_a_damaged_or_stale_entry_is_measured_again(campaign, tmp_path, engine, monkeypatch,
                                                   damage):
    cache = tmp_path / "cache"
    first, cold = _card(campaign, tmp_path / "out1", cache, engine, monkeypatch)
    entries = list(cache.rglob("*.json"))
    assert entries
    for entry in entries:
        data = entry.read_bytes()
        if damage == "cut short":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "other heights":  # the digest no longer matches the value
            entry.write_bytes(data.replace(b'"heights":{"', b'"heights":{"0.5":[1.0],"'))
        else:  # written with a font file as it was then: a miss now
            entry.write_bytes(data.replace(b'"fonts":{"', b'"fonts":{"/nonexistent.ttf":'
                                                        b'[1,1],"'))
    again, measured = _card(campaign, tmp_path / "out2", cache, engine, monkeypatch)
    assert again == first
    assert measured == cold
