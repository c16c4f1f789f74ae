"""Fixtures: real PDFs built once per session (en and th, ISO A3, print and screen) and a
fresh copy of them with a build report for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posters.gallery import write_report
from tests.conftest import SAMPLE

LANGUAGES = ("en", "th")


def report_outputs(result, campaign_out: Path) -> list[dict]:  # type: ignore[no-untyped-def]
    """The report's outputs for a BuildResult, as the build will write them."""
    from babel import Locale

    outputs = []
    for r in result.results:
        o = r.output
        region = {"region": o.region or "generic"} if hasattr(o, "region") else {}
        outputs.append({**region,
            "path": o.path.relative_to(campaign_out).as_posix(), "lang": o.lang,
            "language_name": Locale.parse(o.lang.replace("-", "_")).get_display_name("en"),
            "format": o.format, "size": o.size, "variant": o.variant, "status": r.status,
            "findings": [], "diagnostics": [],
        })
    return outputs


@pytest.fixture(scope="session")
def built(tmp_path_factory, engine) -> tuple[Path, list[dict]]:
    from posters.build import BuildRequest, build

    out = tmp_path_factory.mktemp("gallery-build")
    # the poster's generic output only: 4 PDFs, not 36
    result = build(BuildRequest(SAMPLE, out_dir=out, languages=LANGUAGES, formats=("poster",),
                                sizes=("iso-a3",), variants=("print", "screen"),
                                regions=("generic",)), engine)
    campaign_out = out / result.campaign.name
    outputs = report_outputs(result, campaign_out)
    assert sorted(o["status"] for o in outputs) == ["built"] * 4
    return campaign_out, outputs


@pytest.fixture
def campaign_out(built, tmp_path) -> Path:
    """A private copy of the built campaign with its build report and no previews yet."""
    source, outputs = built
    target = tmp_path / "out" / "tip-2023"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".previews", "index.html"))
    write_report(target, "tip-2023", "Trafficking in Persons awareness poster 2023", outputs)
    return target


@pytest.fixture
def outputs(built) -> list[dict]:
    return [dict(o) for o in built[1]]
