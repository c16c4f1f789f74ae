"""`posters new`, and the campaign a command works on: the one given (a folder or its
campaign.yaml) or the current folder's, never a default sample. Run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tests.pdftools import extract_text, squash


def posters(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "posters", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def catalog(folder: Path, lang: str):
    with (folder / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_new_writes_a_commented_campaign_with_a_catalog_per_language(tmp_path):
    result = posters("new", "notice", "--lang", "en", "--lang", "es", "--lang", "th",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "notice"
    source = (folder / "campaign.yaml").read_text(encoding="utf-8")
    assert "id: notice" in source and "languages: [en, es, th]" in source
    assert sum(line.lstrip().startswith("#") for line in source.splitlines()) >= 15
    assert (folder / "locale" / "messages.pot").is_file()
    assert not (folder / "locale" / "en").exists()  # the source language has no catalog
    spanish = [m for m in catalog(folder, "es") if m.id]
    assert spanish and all(m.string for m in spanish)  # the starter text comes translated
    headline = next(m for m in spanish if m.context == "content.headline")
    assert headline.string == "¿Alguien le obliga a trabajar?"
    thai = [m for m in catalog(folder, "th") if m.id]
    assert len(thai) == len(spanish) and not any(m.string for m in thai)
    assert "translate notice/locale/th/LC_MESSAGES/messages.po" in result.stderr
    # the catalogs are those `posters i18n` keeps: up to date with campaign.yaml
    check = posters("i18n", "update", "--check", "notice", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    for given in ("notice", "notice/campaign.yaml"):
        checked = posters("validate", given, "--strict", cwd=tmp_path)
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.startswith("notice/campaign.yaml: ok")


def test_new_then_build_inside_the_folder_passes(tmp_path):
    assert posters("new", "notice", "--lang", "en", "--lang", "es",
                   cwd=tmp_path).returncode == 0
    folder = tmp_path / "notice"
    result = posters("build", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "0 failed" in result.stdout
    built = sorted(p.relative_to(folder / "out").as_posix()
                   for p in (folder / "out").rglob("*.pdf"))
    assert built and {path.split("/")[1] for path in built} == {"en", "es"}
    assert all(path.startswith("notice/") for path in built)
    spanish = next(p for p in (folder / "out").rglob("es/*.pdf"))
    text = squash(extract_text(spanish))
    assert "¿Alguien le obliga a trabajar?" in text
    assert "Otra persona guarda su pasaporte o su documento de identidad." in text
    # and again: nothing changed, nothing rebuilt
    again = posters("build", cwd=folder)
    assert again.returncode == 0 and f"0 built, {len(built)} unchanged" in again.stdout


def test_new_in_another_source_language_writes_that_language(tmp_path):
    result = posters("new", "aviso", "--lang", "es,en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    source = (tmp_path / "aviso" / "campaign.yaml").read_text(encoding="utf-8")
    assert 'headline: "¿Alguien le obliga a trabajar?"' in source
    assert "languages: [es, en]" in source
    english = {m.context: m.string for m in catalog(tmp_path / "aviso", "en") if m.id}
    assert english["content.headline"] == "Is someone forcing you to work?"


@pytest.mark.parametrize(("args", "fragment"), [
    (("--lang", "xx-nowhere"), "unknown language code 'xx-nowhere'"),
    (("--lang", "es", "--lang", "es"), "es given twice"),
    (("--id", "Not An Id"), "lowercase letters"),
])
def test_new_refuses_bad_options(tmp_path, args, fragment):
    result = posters("new", "notice", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "notice").exists()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notice").mkdir()
    (tmp_path / "notice" / "draft.txt").write_text("mine")
    result = posters("new", "notice", cwd=tmp_path)
    assert result.returncode == 2 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "notice").iterdir()) == ["draft.txt"]


@pytest.mark.parametrize("command", [("build",), ("validate",), ("i18n", "status"),
                                     ("specimen",), ("gallery",), ("web",)])
def test_nothing_defaults_to_the_sample_campaign(tmp_path, command):
    """Outside a campaign folder, a command without a campaign says how to give one; it
    does not quietly work on content/tip-2023 (here, from the project root)."""
    result = posters(*command, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "tip-2023" not in result.stdout
    assert not (tmp_path / "out").exists()


def test_validate_from_the_project_root_needs_a_campaign():
    result = posters("validate", cwd=ROOT)
    assert result.returncode == 2
    assert "no campaign.yaml in the current folder" in result.stderr
    assert "posters new" in result.stderr


def test_validate_takes_a_campaign_file_and_refuses_another_yaml(tmp_path):
    sample = ROOT / "content" / "us-notice"
    result = posters("validate", str(sample / "campaign.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    other = tmp_path / "regions.yaml"
    other.write_text("tokyo: {}\n")
    refused = posters("validate", str(other), cwd=tmp_path)
    assert refused.returncode == 2
    assert "a campaign is read from a file named campaign.yaml" in refused.stderr


def test_a_build_refuses_a_missing_icon_before_writing_anything(tmp_path):
    assert posters("new", "notice", cwd=tmp_path).returncode == 0
    source = tmp_path / "notice" / "campaign.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("icon: unpaid-wages", "icon: unpaid-wage"),
                      encoding="utf-8")
    line = next(i for i, row in enumerate(source.read_text().splitlines(), 1)
                if "icon: unpaid-wage" in row)
    for command in ("validate", "build"):
        result = posters(command, cwd=tmp_path / "notice")
        assert result.returncode == 1, result.stderr
        assert (f"campaign.yaml:{line}:15: error: content.warning_signs.items[1].icon: no "
                "icon 'unpaid-wage'") in result.stderr
        assert "did you mean 'unpaid-wages'?" in result.stderr
        assert str(ROOT) not in result.stderr
    assert not (tmp_path / "notice" / "out").exists()


def test_a_folder_of_campaigns_names_the_campaigns_in_it():
    result = posters("validate", "content", cwd=ROOT)
    assert result.returncode == 2
    assert "no campaign.yaml in content; the campaigns in it are tip-2023, us-notice" in \
        result.stderr
