"""`posters validate` lays out every output a build makes (nothing drawn, nothing written)
and reports each text that does not fit its box where a person fixes it: the catalog's
line for a translation, the campaign.yaml line for source text, with the format, the size
and the room there is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters.cli import main
from tests.conftest import ROOT

NOTICE = ROOT / "content" / "us-notice"
HEADLINE = "Is someone forcing you to work, or selling you for sex?"


def validate(*args: str):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    folder = tmp_path / "notice"
    shutil.copytree(NOTICE, folder)
    return folder


def test_a_translation_too_long_for_its_box_is_refused_at_its_catalog_line(notice):
    po = notice / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    old = 'msgstr "¿Alguien le obliga a trabajar o le vende para el comercio sexual?"'
    assert old in text
    po.write_text(text.replace(old, 'msgstr "' + "¿Alguien le obliga a trabajar? " * 12 + '"'),
                  encoding="utf-8")
    line = line_of(po, f'msgid "{HEADLINE}"')
    result = validate(notice)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    where = f"locale/es/LC_MESSAGES/messages.po:{line}: error: content.headline"
    for output in ("poster tabloid", "trifold us-letter", "card card-us"):
        assert f"{where} [es, {output}]: does not fit its " in out, out
    assert "characters fit there; this text has 371)" in out
    assert "[en," not in out and "[vi," not in out  # only the long translation
    assert validate(notice, "--no-layout").exit_code == 0  # the dry run is what found it


def test_source_text_too_long_is_refused_at_its_campaign_yaml_line(notice):
    campaign = notice / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    old = "  tagline: You have rights. Help is free, confidential and in your language."
    assert old in text
    campaign.write_text(text.replace(old, "  tagline: " + "You have rights. " * 30),
                        encoding="utf-8")
    line = line_of(campaign, "  tagline: You have rights.")
    result = validate(notice)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert f"campaign.yaml:{line}:12: error: content.tagline [en, poster tabloid]: does not " \
           "fit its " in out, out
    assert "shorten the text or enlarge the box in the layout" in out


def test_nothing_is_written(notice, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert validate(notice).exit_code == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("name", ["us-notice", "tip-2023"])
def test_the_sample_campaigns_lay_out_without_an_overflow(name):
    result = validate(ROOT / "content" / name)
    assert result.exit_code == 0, result.output
    assert "does not fit" not in result.output
    # every text of the samples is set at or above the size its script is recommended
    assert "recommended" not in result.output, result.output


def test_a_box_too_low_for_one_line_says_so_rather_than_a_budget(notice):
    from posters.layout_check import layout_problems
    from posters.schema.campaign import load_campaign

    layout = notice / "layouts" / "poster.yaml"
    old = "{type: text, content: copyright, style: footer, height: 16}"
    text = layout.read_text(encoding="utf-8")
    assert old in text
    layout.write_text(text.replace(old, old.replace("height: 16", "height: 4")),
                      encoding="utf-8")
    campaign, _ = load_campaign(notice)
    found = [str(d) for d in layout_problems(campaign) if "content.footer.copyright" in str(d)]
    assert len(found) == 4, found  # one per language, at the poster
    assert all("187 x 4 mm box" in f and f.endswith("(the box is too low for one line at "
                                                    "16 pt)") for f in found), found
