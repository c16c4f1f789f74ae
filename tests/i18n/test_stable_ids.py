"""Message contexts come from ids, never list positions; old catalogs migrate losslessly."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from posters.diagnostics import ContentError
from posters.i18n.catalogs import load_lookup, review_catalog, translated_languages
from posters.i18n.ids import assign_ids, slug
from posters.localize import localize

from .helpers import FIXTURES, SAMPLE, load, po_path, run

POSITIONAL = FIXTURES / "positional-catalogs.tar.xz"  # the 16 catalogs before migration


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_slug_is_the_words_of_any_script():
    assert slug("More than {value} of the victims were under 18!") == \
        "more-than-of-the-victims-were-under-18"
    assert slug("Toll-free") == "toll-free"
    assert slug("警察 相談") == "警察-相談"
    assert slug("{value}") == ""
    assert len(slug("word " * 40)) <= 48


def test_given_ids_win_and_clashes_are_numbered_in_order():
    assert assign_ids([None, "male", None], ["Male", "x", "Male"], "value") == (
        "male-2", "male", "male-3")
    assert assign_ids([None, None], ["{value}", "{value}"], "statistic") == (
        "statistic", "statistic-2")


def _reorder(folder: Path) -> None:
    """Reverse the warning signs and hotlines, swap two chart values, insert a sign."""
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    signs_start = text.index("    items:\n      - icon: contract")
    signs_end = text.index("\n  call_to_action:")
    block = text[signs_start + len("    items:\n"):signs_end].rstrip("\n")
    signs = ["      - icon:" + s for s in block.split("      - icon:")[1:]]
    new = ("    items:\n      - icon: unpaid-wages\n        text: Someone keeps your wages.\n"
           + "".join(s if s.endswith("\n") else s + "\n" for s in reversed(signs)))
    text = text[:signs_start] + new + text[signs_end:]
    hot_start = text.index("    - id: police")
    hot_end = text.index("\n  web:")
    hotlines = ["    - id:" + h for h in text[hot_start:hot_end].split("    - id:")[1:]]
    text = text[:hot_start] + "".join(
        h if h.endswith("\n") else h + "\n" for h in reversed(hotlines)) + text[hot_end:]
    text = text.replace("        - {label: Male, value: 2}\n        - {label: Female, value: 44}",
                        "        - {label: Female, value: 44}\n        - {label: Male, value: 2}")
    path.write_text(text, encoding="utf-8")


def test_reordering_and_inserting_items_keeps_every_other_translation(sample):
    before = load(sample)
    lookup, _ = load_lookup(before, "ja")
    was = {t.key: lookup(t).text for t in before.texts()}
    _reorder(sample)
    after = load(sample)
    assert [h.id for h in after.content.hotlines] == ["tipline", "immigration", "police"]
    assert after.content.warning_signs.items[0].icon == "unpaid-wages"
    report = review_catalog(after, "ja", draft=True)
    assert report.translated == len(was)
    missing = [e.text.key for e in report.entries if not e.translated]
    assert missing == ["content.warning_signs.items.unpaid-wages.text"]
    lookup, _ = load_lookup(after, "ja", draft=True)
    for text in after.texts():
        if text.key in was:  # the same text, the same translation, wherever it moved
            assert lookup(text).text == was[text.key], text.key
    localized = localize(after, "ja", lookup)
    assert localized.hotlines[2].label.text == "警察相談専用電話"  # police, now last
    assert localized.hotlines[2].number == "#9110"


def test_a_duplicate_given_id_is_an_error_with_its_line(sample):
    path = sample / "campaign.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: minors", "- id: "
                                                             "non-japanese-victims"))
    with pytest.raises(ContentError) as raised:
        load(sample)
    line = path.read_text(encoding="utf-8").splitlines().index(
        "      - id: non-japanese-victims", 40) + 1
    assert any(d.location.line == line and "already used at line" in d.message
               and d.subject == "content.statistics.items[1].id"
               for d in raised.value.diagnostics)


def _old_catalogs(folder: Path) -> None:
    shutil.rmtree(folder / "locale")
    with tarfile.open(POSITIONAL) as archive:
        archive.extractall(folder, filter="data")


def _translations(path: Path) -> list[tuple[object, object, bool]]:
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    return sorted(((m.id, m.string, m.fuzzy) for m in catalog if m.id), key=repr)


def _entries(path: Path) -> list[tuple[object, ...]]:
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    return [(m.context, m.id, m.string, m.fuzzy, m.locations, m.previous_id) for m in catalog
            if m.id]


def test_migrating_the_16_catalogs_loses_no_translation(sample):
    _old_catalogs(sample)
    campaign = load(sample)
    languages = translated_languages(campaign)
    assert len(languages) == 16
    old = {lang: _translations(po_path(sample, lang)) for lang in languages}
    # before: every message's context is stale, nothing is usable
    assert {review_catalog(campaign, lang, draft=True).translated for lang in languages} \
        == {24}  # only those without a list position (headline, footer, regions...)
    result = run("migrate", sample, "--check")
    assert result.exit_code == 1 and "512 message(s) to migrate" in result.output
    result = run("migrate", sample, "--no-room")
    assert result.exit_code == 0, result.output
    for lang in languages:
        assert _translations(po_path(sample, lang)) == old[lang], lang  # same texts, flags
        report = review_catalog(campaign, lang)
        assert report.translated == len(old[lang]) == len(list(campaign.texts())), lang
        assert report.errors == 0
        # what the repository now holds (the migration of record), room notes aside
        assert _entries(po_path(sample, lang)) == _entries(po_path(SAMPLE, lang)), lang
    assert run("migrate", sample, "--check").exit_code == 0
    again = {lang: po_path(sample, lang).read_bytes() for lang in languages}
    assert run("migrate", sample, "--no-room").exit_code == 0
    assert {lang: po_path(sample, lang).read_bytes() for lang in languages} == again


def test_migration_finds_a_moved_item_by_its_text(sample):
    """Catalog written, then the hotlines reordered, then migrated: the position no longer
    names the right text, the English still does."""
    _old_catalogs(sample)
    _reorder(sample)
    assert run("migrate", sample, "-l", "ja", "--no-room").exit_code == 0
    report = review_catalog(load(sample), "ja", draft=True)
    missing = [e.text.key for e in report.entries if not e.translated]
    assert missing == ["content.warning_signs.items.unpaid-wages.text"]
