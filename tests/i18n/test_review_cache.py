
"""A catalog's review (Babel's reading and the translation QA) is remembered by the
catalog's bytes, the campaign's texts, the language, the flags and the tool's code
(posters.i18n.catalogs.reviewed_catalog): an unchanged catalog is not checked again and
its findings, warnings included, are still given; anything changed is checked again; a
damaged or foreign cache file is a miss, never a crash nor a wrong answer."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import posters.i18n.catalogs as catalogs
from posters.build import fingerprint
from posters.diagnostics import Level
from posters.i18n.catalogs import load_lookup, validation_lookup

from .helpers import JA, load, po_path, translate

LONG = "content.hotlines.police.label"  # "Police": a long translation is a warning
TAGLINE = "content.tagline"


@pytest.fixture
def checked(tmp_path, monkeypatch):
    """The texts the translation QA checks, in order; the check cache in a fresh folder."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    seen: list[str] = []
    real = catalogs.check_translation

    def counting(source, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(text)
        return real(source, text, *args, **kwargs)

    monkeypatch.setattr(catalogs, "check_translation", counting)
    return seen


def _translated(small: Path) -> Path:
    # a warning (a translation five times the source's length) and an error (a phone
    # number the source does not have: the translation is refused)
    return translate(small, "ja", {**JA, LONG: "警察署の生活安全課の相談窓口の担当者",
                                   TAGLINE: "助けはすぐそばに 0120-111-222"})


def _texts(lookup, campaign) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    found = {}
    for text in campaign.texts():
        translation = lookup(text)
        found[text.key] = None if translation is None else (
            translation.text, translation.origin, translation.plurals)
    return found


def test_an_unchanged_catalog_is_not_checked_again_and_its_findings_still_come(
        small, checked):
    _translated(small)
    campaign = load(small)
    first_lookup, first = load_lookup(campaign, "ja")
    assert checked  # the first review checks every translation
    assert any(p.level is Level.WARNING and p.subject == LONG for p in first)
    assert any(p.level is Level.ERROR and p.subject == TAGLINE for p in first)
    count = len(checked)
    again_lookup, again = load_lookup(campaign, "ja")
    assert len(checked) == count  # nothing checked again
    assert again == first  # the warning and the error, at the same file and line
    assert _texts(again_lookup, campaign) == _texts(first_lookup, campaign)
    assert _texts(again_lookup, campaign)[TAGLINE] is None  # still refused
    assert _texts(again_lookup, campaign)[LONG][0] == "警察署の生活安全課の相談窓口の担当者"


def test_a_changed_catalog_is_checked_again(small, checked):
    path = _translated(small)
    campaign = load(small)
    _, first = load_lookup(campaign, "ja")
    count = len(checked)
    translate(small, "ja", {**JA, LONG: "警察"})  # the long one shortened
    assert path.exists()
    lookup, again = load_lookup(campaign, "ja")
    assert len(checked) > count
    assert not any(p.subject == LONG for p in again)
    assert any(p.subject == LONG for p in first)
    assert _texts(lookup, campaign)[LONG][0] == "警察"


def test_changed_texts_flags_or_code_are_checked_again(small, checked, monkeypatch):
    _translated(small)
    campaign = load(small)
    load_lookup(campaign, "ja")
    counts = [len(checked)]
    _, drafted = load_lookup(campaign, "ja", draft=True)  # a draft: other levels
    counts.append(len(checked))
    assert not any(p.level is Level.ERROR for p in drafted)
    validation_lookup(campaign, "ja")  # validate's view: in progress
    counts.append(len(checked))
    source = small / "campaign.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "tagline: Help is near", "tagline: Help is nearby"), encoding="utf-8")
    load_lookup(load(small), "ja")  # a source text changed
    counts.append(len(checked))
    monkeypatch.setattr(fingerprint, "tool_fingerprint", lambda: "another version")
    load_lookup(campaign, "ja")  # the tool changed
    counts.append(len(checked))
    assert all(b > a for a, b in itertools.pairwise(counts)), counts


def _reviews(cache: Path) -> list[Path]:
    """The catalog reviews remembered in ``cache`` (``posters i18n init`` lays the
    campaign out to measure each text's room, which remembers the languages block's
    measurements there too)."""
    return [path for path in sorted(cache.glob("*/*.json"))
            if json.loads(path.read_bytes()).get("check") == "catalog review"]


def _damage(cache: Path, how: str) -> None:
    (entry,) = _reviews(cache)
    stored = json.loads(entry.read_bytes())
    if how == "truncated":
        entry.write_bytes(entry.read_bytes()[:100])
    elif how == "garbage":
        entry.write_bytes(b"\xff\x00 not json")
    elif how == "edited":  # a finding removed, the digest left as it was
        stored["value"]["problems"] = []
        entry.write_text(json.dumps(stored), encoding="utf-8")
    elif how == "reshaped":  # a consistent digest over a value of the wrong shape
        import hashlib

        stored["value"]["usable"] = [["content.tagline", 3, None, [], -1]]
        stored["sha256"] = hashlib.sha256(json.dumps(
            stored["value"], sort_keys=True, ensure_ascii=False,
            separators=(",", ":")).encode()).hexdigest()
        entry.write_text(json.dumps(stored), encoding="utf-8")
    elif how == "nested":
        entry.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif how == "folder":
        entry.unlink()
        entry.mkdir()


@pytest.mark.parametrize("how", ["truncated", "garbage", "edited", "reshaped", "nested",
                                 "folder"])
def test_a_damaged_cache_file_is_a_miss(small, checked, tmp_path, how):
    _translated(small)
    campaign = load(small)
    lookup, first = load_lookup(campaign, "ja")
    count = len(checked)
    _damage(tmp_path / "checks", how)
    again_lookup, again = load_lookup(campaign, "ja")
    assert len(checked) > count  # checked again
    assert again == first
    assert _texts(again_lookup, campaign) == _texts(lookup, campaign)


def test_a_cache_file_copied_under_another_name_is_a_miss(small, checked, tmp_path):
    _translated(small)
    campaign = load(small)
    load_lookup(campaign, "ja")
    (entry,) = _reviews(tmp_path / "checks")
    translate(small, "ja", {**JA, LONG: "警察"})
    _, found = load_lookup(campaign, "ja")
    count = len(checked)
    for other in _reviews(tmp_path / "checks"):
        if other != entry:
            other.write_bytes(entry.read_bytes())  # the old review under the new key
    _, again = load_lookup(campaign, "ja")
    assert len(checked) > count
    assert again == found


def test_a_missing_catalog_is_reviewed_every_time_and_nothing_is_remembered(
        small, checked, tmp_path):
    campaign = load(small)
    assert not po_path(small, "ja").exists()
    _, first = load_lookup(campaign, "ja")
    _, again = load_lookup(campaign, "ja")
    assert first == again and any("no catalog" in p.message for p in first)
    assert not _reviews(tmp_path / "checks")  # (the campaign's YAML tree may be)
