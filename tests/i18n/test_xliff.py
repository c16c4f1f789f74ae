"""XLIFF 1.2 / 2.0 export and import; round trips through ours and through Translate
Toolkit's converters lose nothing (Translate Toolkit is the independent reader)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from lxml import etree

from .helpers import JA, SAMPLE, po_path, run, translate

TT = Path(sys.executable).parent  # translate-toolkit's console scripts (test extra)
RU_COUNT = "content.statistics.items.victim-was-identified.caption"


def entries(path: Path) -> list[tuple[object, ...]]:
    """What a translation is: context, English, every form, fuzzy or not."""
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    return [(m.context, m.id, m.string, m.fuzzy) for m in catalog if m.id]


def blank(path: Path) -> None:
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    for message in catalog:
        if message.id:
            message.string = "" if isinstance(message.id, str) else ("",) * len(
                message.string)
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    return folder


@pytest.fixture
def small_ja(small: Path) -> Path:
    """The small campaign with Japanese and Russian (plural forms), one entry fuzzy."""
    assert run("init", small, "--no-room").exit_code == 0
    translate(small, "ja", JA, fuzzy=("content.tagline",))
    translate(small, "ru", {RU_COUNT: ("Выявлена {value} жертва", "Выявлены {value} жертвы",
                                       "Выявлено {value} жертв"),
                            "content.headline": "Помощь рядом"})
    return small


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_our_round_trip_loses_nothing(small_ja, tmp_path, version):
    for lang in ("ja", "ru"):
        before = entries(po_path(small_ja, lang))
        out = tmp_path / f"x{version}"
        result = run("export", small_ja, "-l", lang, "--xliff-version", version, "-o", out)
        assert result.exit_code == 0, result.output
        blank(po_path(small_ja, lang))
        assert entries(po_path(small_ja, lang)) != before
        result = run("import", small_ja, out / f"{lang}.xlf")
        assert entries(po_path(small_ja, lang)) == before, result.output
    assert any(fuzzy for *_, fuzzy in entries(po_path(small_ja, "ja")))  # kept fuzzy


def test_xliff_12_carries_context_notes_placeholders_and_limits(sample, tmp_path):
    from translate.storage import xliff

    assert run("export", sample, "-l", "ru", "-o", tmp_path).exit_code == 0
    data = (tmp_path / "ru.xlf").read_bytes()
    store = xliff.xlifffile.parsestring(data)  # Translate Toolkit reads it
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 56
    by_name = {u.xmlelement.get("resname"): u for u in units}
    action = by_name["content.call_to_action.text"]
    assert "keep both placeholders" in action.getnotes("developer")
    assert "Room: about" in action.getnotes("developer")
    lines = (sample / "campaign.yaml").read_text("utf-8").splitlines()
    start = lines.index("  call_to_action:")
    text_line = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("text:"))
    assert action.getlocations() == [f"campaign.yaml:{text_line + 1}"]
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    element = root.find(".//x:trans-unit[@resname='content.call_to_action.text']", ns)
    codes = [ph.text for ph in element.findall("x:source/x:ph", ns)]
    assert codes == ["{police}", "{immigration}"]
    assert [ph.text for ph in element.findall("x:target/x:ph", ns)] == codes
    catalog = read_po(io.StringIO(po_path(sample, "ru").read_text(encoding="utf-8")))
    flag = next(f for f in catalog.get("Police consultation",
                                       context="content.hotlines.police.label").flags
                if f.startswith("max-length:"))
    police = root.find(".//x:trans-unit[@resname='content.hotlines.police.label']", ns)
    assert (police.get("maxwidth"), police.get("size-unit")) == (flag.split(":")[1], "char")
    assert police.find("x:target", ns).get("state") == "translated"
    context = police.find(".//x:context[@context-type='x-po-msgctxt']", ns)
    assert context.text == "content.hotlines.police.label"


def test_xliff_20_carries_names_limits_and_codes(sample, tmp_path):
    from translate.storage import xliff2

    assert run("export", sample, "-l", "ja", "--xliff-version", "2.0", "-o",
               tmp_path).exit_code == 0
    data = (tmp_path / "ja.xlf").read_bytes()
    store = xliff2.Xliff2File.parsestring(data)  # Translate Toolkit reads it
    assert len(store.units) == 56
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0",
          "slr": "urn:oasis:names:tc:xliff:sizerestriction:2.0"}
    assert root.get("trgLang") == "ja"
    unit = root.find(".//x:unit[@name='content.call_to_action.text']", ns)
    refs = [ph.get("dataRef") for ph in unit.findall(".//x:source/x:ph", ns)]
    data_of = {d.get("id"): d.text for d in unit.findall(".//x:originalData/x:data", ns)}
    assert [data_of[r] for r in refs] == ["{police}", "{immigration}"]
    assert unit.get("{urn:oasis:names:tc:xliff:sizerestriction:2.0}sizeRestriction")
    assert root.find(".//slr:profiles", ns).get("generalProfile") == "xliff:codepoints"
    notes = {n.get("category") for n in unit.findall(".//x:note", ns)}
    assert notes == {"developer", "room", "location"}


def _tt(script: str, *args: Path) -> None:
    done = subprocess.run([str(TT / script), *map(str, args)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_translate_toolkit_po2xliff_then_our_import_restores_every_context(sample, tmp_path):
    """po2xliff drops msgctxt; entries come back by their source line and English."""
    for lang in ("ja", "ar"):
        before = entries(po_path(sample, lang))
        _tt("po2xliff", po_path(sample, lang), tmp_path / f"{lang}.xlf")
        assert b">content.hotlines.police.label<" not in (tmp_path / f"{lang}.xlf").read_bytes()
        blank(po_path(sample, lang))
        result = run("import", sample, tmp_path / f"{lang}.xlf")
        assert result.exit_code == 0, result.output
        assert entries(po_path(sample, lang)) == before


def test_our_xliff_through_translate_toolkit_xliff2po_then_import(sample, tmp_path):
    before = entries(po_path(sample, "th"))
    assert run("export", sample, "-l", "th", "-o", tmp_path).exit_code == 0
    _tt("xliff2po", tmp_path / "th.xlf", tmp_path / "th.po")
    blank(po_path(sample, "th"))
    result = run("import", sample, tmp_path / "th.po", "-l", "th")
    assert result.exit_code == 0, result.output
    assert "56 translation(s) imported" in result.output
    assert entries(po_path(sample, "th")) == before


def test_a_translation_made_in_a_cat_tool_lands_in_its_entry(sample, tmp_path):
    from translate.storage import xliff

    blank(po_path(sample, "ko"))
    assert run("export", sample, "-l", "ko", "-o", tmp_path).exit_code == 0
    store = xliff.xlifffile.parsestring((tmp_path / "ko.xlf").read_bytes())
    unit = next(u for u in store.units if u.xmlelement.get("resname") ==
                "content.hotlines.tipline.notes.toll-free")
    unit.target = "무료"
    unit.markapproved(True)
    (tmp_path / "ko.xlf").write_bytes(bytes(store))
    result = run("import", sample, tmp_path / "ko.xlf")
    assert "1 translation(s) imported" in result.output, result.output
    catalog = read_po(io.StringIO(po_path(sample, "ko").read_text(encoding="utf-8")))
    assert catalog.get("Toll-free", context="content.hotlines.tipline.notes.toll-free"
                       ).string == "무료"


def test_a_hostile_or_foreign_file_is_an_error_with_its_line(sample, tmp_path):
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
                    '<file target-language="ja"><body><trans-unit id="content.headline">'
                    '<source>Trafficking in Persons</source><target>&b;</target>'
                    '</trans-unit></body></file></xliff>\n')
    result = run("import", sample, bomb)
    assert "Traceback" not in result.output
    catalog = read_po(io.StringIO(po_path(sample, "ja").read_text(encoding="utf-8")))
    assert "aaaa" not in catalog.get("Trafficking in Persons", context="content.headline"
                                     ).string  # entities are not expanded into a catalog
    other = tmp_path / "other.xlf"
    other.write_text('<?xml version="1.0"?>\n<html><body/></html>\n')
    result = run("import", sample, other, "-l", "ja")
    assert result.exit_code == 1
    assert "other.xlf:2: error: not an XLIFF 1.1, 1.2 or 2.0 document" in result.output
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff>\n<file>\n</xliff>\n')
    result = run("import", sample, broken, "-l", "ja")
    assert result.exit_code == 1 and "broken.xlf:4: error: not well-formed XML" in \
        result.output
