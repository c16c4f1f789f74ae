"""The checks' own caches (posters/preflight/checks.py): a run's text stripped and
whether it draws (_TEXT_FACTS), what a remembered segment's runs say and what
check_legibility notes of them (_SEGMENT_TEXTS, _SEGMENT_LEGIBILITY; from
PageContent.replayed), and what an XMP packet says (_XMP). Regional variants, print/screen
pairs and broken files checked one after the other, with every cache warm, give every
finding that a process remembering nothing gives, in the same order; and what changed in
one variant is found in it."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

import posters.preflight.checks as checks
import posters.preflight.content as content
from posters.preflight import PreflightExpectations, guess_variant, preflight
from posters.preflight.document import Document
from posters.text.lru import BoundedCache
from tests.print.test_preflight_sharing import (  # noqa: F401
    FAST,
    broken,
    forget_other_files,
    rewritten,
    variants,
)

ABSENT = "no poster says this 0000-000"
SEGMENT_CACHES = ("_SEGMENT_TEXTS", "_SEGMENT_LEGIBILITY", "_XMP")


def _forgetting() -> BoundedCache:
    return BoundedCache(1, lambda value: 2)  # every entry costs more than the bound: none kept


def fresh_text(path: Path) -> list[str]:
    """Each page's text read without remembered segments: the whole page joined."""
    doc = Document.open(path)
    try:
        return [checks.page_text(page.runs) for page in doc.pages]
    finally:
        doc.close()


def expectations(path: Path, strict: bool) -> PreflightExpectations:
    """The tests' usual limits, or strict ones under which most text is too small or in
    a tint, and texts that are on the page (its text's start, middle and end) or not."""
    variant = guess_variant(path)
    if not strict:
        return PreflightExpectations(variant=variant, min_text_pt=6.0, solid_black_below_pt=12.0)
    wanted = [ABSENT]
    for text in fresh_text(path):
        text = checks.normalise_text(text)
        if len(text) > 60:
            wanted += [text[:20], text[len(text) // 2:len(text) // 2 + 20], text[-20:]]
    return PreflightExpectations(variant=variant, min_text_pt=30.0, marks_extra_pt=4.0,
                                 solid_black_below_pt=60.0, texts=tuple(wanted))


def check_all(files: list[Path], *, remember: bool, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every finding of every file under both expectations, by repr: with the checks'
    caches and the interpreter's segments shared between files, or with nothing
    remembered from one file to the next (nor a segment given back)."""
    monkeypatch.setattr(content, "SHARING", remember)
    content.SEGMENTS.clear()
    if remember:
        monkeypatch.setattr(checks, "_TEXT_FACTS", BoundedCache(
            checks._TEXT_FACTS.max_cost, checks._TEXT_FACTS._cost_of))
        for name in SEGMENT_CACHES:
            cache = getattr(checks, name)
            monkeypatch.setattr(checks, name, BoundedCache(cache.max_cost, cache._cost_of,
                                                           cache.max_entries))
    else:
        for name in ("_TEXT_FACTS", *SEGMENT_CACHES):
            monkeypatch.setattr(checks, name, _forgetting())
    strict = {path: expectations(path, True) for path in files}
    found = []
    for path in files:
        if not remember:
            forget_other_files()
        for exp in (expectations(path, False), strict[path]):
            report = preflight(path, exp, skip=FAST, label=path.name)
            found.append(repr(report.findings))
    return found


def test_remembered_check_facts_give_every_finding_a_fresh_process_gives(
        variants, broken, monkeypatch):  # noqa: F811
    files = variants + broken + variants[::-1]
    remembered = check_all(files, remember=True, monkeypatch=monkeypatch)
    for name in ("_TEXT_FACTS", *SEGMENT_CACHES):  # it did remember
        assert len(getattr(checks, name)) > 10, name
    fresh = check_all(files, remember=False, monkeypatch=monkeypatch)
    for name in ("_TEXT_FACTS", *SEGMENT_CACHES):
        assert len(getattr(checks, name)) == 0, name
    for i, (one, other) in enumerate(zip(remembered, fresh, strict=True)):
        assert one == other, files[i // 2].name
    everything = "\n".join(remembered)
    for code in ("PF110", "PF111", "PF080", "PF050", "PF020", "PF012", "PF010", "PF030"):
        assert f"code='{code}'" in everything, code  # the comparison is of real findings
    # the texts taken from the pages are found: the absent one alone is reported, per file
    strict = remembered[1::2]
    assert all(found.count("code='PF080'") == 1 and repr(ABSENT) in found for found in strict)


def test_a_too_small_glyph_in_one_variant_is_found_in_it(variants, tmp_path, monkeypatch):  # noqa: F811
    prints = [p for p in variants if p.name.startswith("poster") and "screen" not in p.name
              and "/ar/" in str(p)]

    def shrunk(data: bytes) -> bytes:  # one glyph, two thirds into the page, at 3 pt
        at = data.index(b" Tf\n", len(data) * 2 // 3)
        head = data[:at].rsplit(b" ", 1)[0]
        return head + b" 3" + data[at:]

    small = rewritten(prints[1], tmp_path / "small.pdf", shrunk)
    files = [*prints, small, *prints]
    remembered = check_all(files, remember=True, monkeypatch=monkeypatch)
    usual = remembered[0::2]  # each file's findings under the usual limits
    assert "PF110" in usual[len(prints)] and "at 3 pt" in usual[len(prints)]
    assert not any("PF110" in found for i, found in enumerate(usual) if i != len(prints))
    assert remembered == check_all(files, remember=False, monkeypatch=monkeypatch)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_text_changed_in_one_variant_is_read_in_it(variants, tmp_path, monkeypatch, lang):  # noqa: F811
    """page_text from the remembered segments' texts is the text of the whole page
    joined afresh, in every variant, and in one whose late glyphs were changed."""
    prints = [p for p in variants if "screen" not in p.name and f"/{lang}/" in str(p)]

    def changed(data: bytes) -> bytes:  # a text object half way down the page left out
        at = data.index(b"\nBT\n", len(data) // 2)
        return data[:at + 1] + data[data.index(b"\nET\n", at) + 4:]

    other = rewritten(prints[0], tmp_path / "changed.pdf", changed)
    monkeypatch.setattr(content, "SHARING", True)
    content.SEGMENTS.clear()
    monkeypatch.setattr(checks, "_SEGMENT_TEXTS", BoundedCache(
        8 << 20, lambda held: len(held[1]), max_entries=8192))
    segments = 0
    for path in [*prints, other, *prints]:
        doc = Document.open(path)
        try:
            read = [checks.page_text(page.runs, page.replayed) for page in doc.pages]
            segments += sum(len(page.replayed) for page in doc.pages)
        finally:
            doc.close()
        assert read == fresh_text(path), path.name
    assert segments > 10 and len(checks._SEGMENT_TEXTS) > 0
    assert fresh_text(other) != fresh_text(prints[0])


def test_an_xmp_changed_in_one_variant_is_read_in_it(variants, tmp_path, monkeypatch):  # noqa: F811
    prints = [p for p in variants if "screen" not in p.name and "/en/" in str(p)]
    other = tmp_path / "x3.pdf"
    with pikepdf.open(prints[0]) as pdf:
        data = pdf.Root.Metadata.read_bytes()
        pdf.Root.Metadata.write(data.replace(b">PDF/X-4</pdfxid", b">PDF/X-3</pdfxid"))
        pdf.save(other)
    files = [*prints, other, *prints]
    remembered = check_all(files, remember=True, monkeypatch=monkeypatch)
    assert len(checks._XMP) >= 2
    said = [found for i, found in enumerate(remembered) if "PF092" in found]
    assert len(said) == 2 and all("XMP says PDF/X-3, Info says PDF/X-4" in f for f in said)
    assert "PF092" in remembered[2 * len(prints)]  # the changed file, under both limits
    assert remembered == check_all(files, remember=False, monkeypatch=monkeypatch)
