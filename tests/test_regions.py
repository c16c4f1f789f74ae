"""Regional variants: regions from YAML or CSV, one output per region, clear errors."""

from __future__ import annotations

import shutil

import pytest

from posters.build import BuildRequest, UsageError, build
from posters.diagnostics import ContentError
from posters.validate import load_campaign
from tests.conftest import SAMPLE
from tests.pdftools import extract_text, squash


def campaign_with_regions(tmp_path, name: str, text: str):
    folder = tmp_path / "tip"
    shutil.copytree(SAMPLE, folder)
    (folder / name).write_text(text, encoding="utf-8")
    source = folder / "campaign.yaml"
    body = source.read_text().replace("    regions: regions.yaml\n", f"    regions: {name}\n")
    source.write_text(body)
    return folder


def test_yaml_regions(tmp_path):
    folder = campaign_with_regions(tmp_path, "regions.yaml", (SAMPLE / "regions.yaml")
                                   .read_text())
    campaign, _ = load_campaign(folder)
    assert [r.id for r in campaign.regions] == ["sapporo", "sendai", "tokyo", "nagoya",
                                                "osaka", "hiroshima", "takamatsu", "fukuoka"]
    tokyo = campaign.region("tokyo")
    assert tokyo.name.key == "regions.tokyo.name"
    assert tokyo.name in list(campaign.texts())
    assert tokyo.address == "5-5-30 Konan, Minato-ku, Tokyo 108-8255"


def test_csv_regions_keep_line_and_column(tmp_path):
    folder = campaign_with_regions(
        tmp_path, "regions.csv",
        "id,name,address,phone\n"
        "north,North Office,\"1 Main St, North Town\",011-000-0000\n"
        "south,South Office,2 Side St,not a phone\n")
    with pytest.raises(ContentError) as error:
        load_campaign(folder)
    assert [str(d).split(": error: ")[0].rsplit("/", 1)[-1] for d in error.value.diagnostics] \
        == ["regions.csv:3:4"]
    assert "regions.south.phone: expected a phone number" in str(error.value)


def test_duplicate_region_ids(tmp_path):
    folder = campaign_with_regions(
        tmp_path, "regions.yaml",
        "- {id: a, name: A, address: x}\n- {id: a, name: B, address: y}\n")
    with pytest.raises(ContentError, match="region id 'a' is used twice"):
        load_campaign(folder)


def test_regions_file_must_stay_inside_the_campaign(tmp_path):
    folder = campaign_with_regions(tmp_path, "regions.yaml", "[]\n")
    source = folder / "campaign.yaml"
    source.write_text(source.read_text().replace("regions: regions.yaml",
                                                 "regions: ../../etc/passwd"))
    with pytest.raises(ContentError, match="leads outside the campaign folder"):
        load_campaign(folder)


def test_one_output_per_region_with_its_office(tmp_path, engine):
    folder = campaign_with_regions(tmp_path, "regions.yaml", (SAMPLE / "regions.yaml")
                                   .read_text())
    request = BuildRequest(folder, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",),
                           sizes=("iso-a3",), regions=("generic", "tokyo", "osaka"))
    result = build(request, engine)
    names = sorted(p.name for p in result.paths("built"))
    assert names == ["poster-iso-a3-osaka.pdf", "poster-iso-a3-tokyo.pdf",
                     "poster-iso-a3.pdf"]
    tokyo = squash(extract_text(tmp_path / "out" / "tip" / "en" / "poster-iso-a3-tokyo.pdf"))
    assert "Tokyo Regional Immigration Services Bureau" in tokyo
    assert "5-5-30 Konan, Minato-ku, Tokyo 108-8255" in tokyo
    generic = squash(extract_text(tmp_path / "out" / "tip" / "en" / "poster-iso-a3.pdf"))
    assert "Regional Immigration Services Bureau" not in generic


def test_unknown_region_is_a_usage_error(tmp_path):
    folder = campaign_with_regions(tmp_path, "regions.yaml", (SAMPLE / "regions.yaml")
                                   .read_text())
    with pytest.raises(UsageError, match="unknown region"):
        build(BuildRequest(folder, out_dir=tmp_path / "out", regions=("atlantis",)))
