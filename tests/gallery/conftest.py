"""Fixtures: real PDFs built once per session (en and th, ISO A3, print and screen) and a
fresh copy of them with a build report for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posters.build.report import entry_json, load_report, parse_report, write_report
from tests.conftest import SAMPLE

LANGUAGES = ("en", "th")


def write_entries(campaign_out: Path, title: str, outputs: list[dict]) -> Path:
    """A build report with these entries (as they stand in the file), read and written by
    the build's own report module."""
    return write_report(campaign_out, parse_report(
        {"campaign": "tip-2023", "title": title, "outputs": outputs}))


@pytest.fixture(scope="session")
def built(tmp_path_factory, engine) -> tuple[Path, list[dict]]:
    from posters.build import BuildRequest, build

    out = tmp_path_factory.mktemp("gallery-build")
    # the poster's generic output only: 4 PDFs, not 36
    result = build(BuildRequest(SAMPLE, out_dir=out, languages=LANGUAGES, formats=("poster",),
                                sizes=("iso-a3",), variants=("print", "screen"),
                                regions=("generic",)), engine)
    campaign_out = out / result.campaign.name
    # the build's own entries; the tests add the findings and diagnostics they need
    outputs = [{**entry_json(entry), "findings": [], "diagnostics": []}
               for entry in load_report(campaign_out).outputs]
    assert sorted(o["status"] for o in outputs) == ["built"] * 4
    return campaign_out, outputs


@pytest.fixture
def campaign_out(built, tmp_path) -> Path:
    """A private copy of the built campaign with its build report and no previews yet."""
    source, outputs = built
    target = tmp_path / "out" / "tip-2023"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".previews", "index.html"))
    write_entries(target, "Trafficking in Persons awareness poster 2023", outputs)
    return target


@pytest.fixture
def outputs(built) -> list[dict]:
    return [dict(o) for o in built[1]]
