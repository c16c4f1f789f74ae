"""Regional variants: regions from YAML or CSV, one output per region, clear errors."""

from __future__ import annotations

import shutil

import pytest

from posters.build import BuildRequest, UsageError, build
from posters.diagnostics import ContentError
from posters.schema.campaign import load_campaign
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
        "north,North Office,\"1 Main St, North Town\",011-231-4111\n"
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


def test_a_region_dropped_from_the_data_leaves_the_folder_and_the_gallery(tmp_path, engine):
    import json
    import shutil

    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    campaign = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, campaign)
    out = tmp_path / "out"
    request = BuildRequest(campaign, out_dir=out, languages=("en",), formats=("poster",),
                           regions=("generic", "sendai"))
    first = build(request, engine)
    assert {r.status for r in first.results} == {"built"}
    sendai = out / "tip-2023" / "en" / "poster-jis-b2-sendai.pdf"
    assert sendai.is_file()

    # the Sendai office closes: its entry leaves the regions file
    regions = campaign / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    start = text.index("- id: sendai")
    end = text.index("- id:", start + 1)
    regions.write_text(text[:start] + text[end:], encoding="utf-8")
    second = build(BuildRequest(campaign, out_dir=out, languages=("en",), formats=("poster",),
                                regions=("generic",)), engine)
    assert {r.status for r in second.results} == {"unchanged"}  # and yet the report changes
    assert second.removed == (out / "tip-2023" / "en" / "poster-jis-b2-sendai.pdf",)
    assert not sendai.exists()
    report = json.loads((out / "tip-2023" / "build-report.json").read_text(encoding="utf-8"))
    assert [entry["region"] for entry in report["outputs"]] == ["generic"]
    assert "sendai" not in (out / "tip-2023" / "index.html").read_text(encoding="utf-8").lower()


def test_an_output_under_a_name_no_longer_given_is_removed(tmp_path, engine):
    """Say an earlier version called the card card-card-jp.pdf: the file, its manifest
    entry and its report entry go; the output under its current name stays."""
    import json

    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    out = tmp_path / "out"
    request = BuildRequest(SAMPLE, out_dir=out, languages=("en",), formats=("card",),
                           gallery=False)
    build(request, engine)
    folder = out / "tip-2023"
    old = folder / "en" / "card-card-jp.pdf"
    old.write_bytes((folder / "en" / "card-jp.pdf").read_bytes())
    manifest = json.loads((folder / ".build-manifest.json").read_text())
    manifest[str(old)] = "an earlier fingerprint"
    (folder / ".build-manifest.json").write_text(json.dumps(manifest))
    report = json.loads((folder / "build-report.json").read_text())
    report["outputs"].append({**report["outputs"][0], "path": "en/card-card-jp.pdf"})
    (folder / "build-report.json").write_text(json.dumps(report))

    again = build(request, engine)
    assert [r.status for r in again.results] == ["unchanged"]
    assert again.removed == (old,) and not old.exists()
    assert (folder / "en" / "card-jp.pdf").is_file()
    paths = [e["path"] for e in json.loads((folder / "build-report.json").read_text())["outputs"]]
    assert paths == ["en/card-jp.pdf"]
