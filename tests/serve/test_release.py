"""`posters build --release` refuses outputs that are not approved as they are now."""

from __future__ import annotations

import json
import shutil

from posters.serve.review import ReviewStore
from tests.conftest import SAMPLE
from tests.test_cli import posters

SELECTION = ("--lang", "en,th", "--format", "poster", "--size", "iso-a3", "--region",
             "generic")


def test_release_needs_every_output_approved_as_it_is(tmp_path):
    campaign = tmp_path / "campaign"
    shutil.copytree(SAMPLE, campaign)
    out = tmp_path / "out"
    args = ("build", str(campaign), *SELECTION, "--out", str(out), "--release")

    result = posters(*args)
    assert result.returncode == 1
    assert "review.yaml: error: en/poster-iso-a3.pdf: not reviewed" in result.stderr
    assert "review.yaml: error: th/poster-iso-a3.pdf: not reviewed" in result.stderr
    assert "2 output(s) not approved; not released" in result.stderr

    report = json.loads((out / "campaign" / "build-report.json").read_text())
    fingerprints = {o["path"]: o["fingerprint"] for o in report["outputs"]}
    store = ReviewStore(campaign)
    store.record(["en/poster-iso-a3.pdf"], fingerprints, "approved", "Aiko")
    store.record(["th/poster-iso-a3.pdf"], fingerprints, "changes-requested", "Niran",
                 "The hotline hours are missing")
    result = posters(*args)
    assert result.returncode == 1
    assert "en/poster-iso-a3.pdf" not in result.stderr
    assert ("th/poster-iso-a3.pdf: changes requested by Niran on "
            in result.stderr) and "The hotline hours are missing" in result.stderr

    store.record(["th/poster-iso-a3.pdf"], fingerprints, "approved", "Niran")
    result = posters(*args)
    assert result.returncode == 0, result.stderr
    assert "release: all 2 outputs approved" in result.stdout

    # The campaign changes: every approval is void.
    source = campaign / "campaign.yaml"
    assert "cmyk: [0, 96, 86, 0]" in source.read_text()  # the sample's red, to be edited
    source.write_text(source.read_text().replace("cmyk: [0, 96, 86, 0]",
                                                 "cmyk: [100, 60, 0, 0]"))
    result = posters(*args)
    assert result.returncode == 1
    assert "en/poster-iso-a3.pdf: changed since approved by Aiko on " in result.stderr


def test_a_release_is_not_a_draft(tmp_path):
    result = posters("build", str(SAMPLE), "--draft", "--release", "--out", str(tmp_path))
    assert result.returncode == 2 and "cannot be a draft" in result.stderr
