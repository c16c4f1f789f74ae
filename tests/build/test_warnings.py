"""A build's warnings about the user's files (a catalog's QA, a layout's "may not fit") are
given by every build until their cause is fixed, as a compiler that caches its work
replays its diagnostics: also by a build that finds the outputs up to date, whether the
build record answers it or the normal path does, and once each when some outputs are
built and others not."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from posters.build.record import RECORD
from posters.cli import main
from tests.conftest import SAMPLE

# the sample's Tagalog catalog has two translations over three times the source's length
LONG = "content.hotlines.tipline.notes.anonymous: the translation is 3.1 times as long"
ALSO_LONG = "data.datasets.victims-by-age.values.under-18.label: the translation is 3.1 times"


@pytest.fixture
def campaign(tmp_path):
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    return folder


def build(campaign, *options: str) -> tuple[int, list[str], str]:  # type: ignore[no-untyped-def]
    """The exit code, the problems as printed, and what the build said on stdout (-v)."""
    result = CliRunner().invoke(main, [
        "build", str(campaign), "-l", "tl", "-f", "poster", "--size", "jis-b2",
        "--region", "generic", "--region", "tokyo", "--out", str(campaign.parent / "out"),
        "-j", "1", "--no-gallery", "-v", *options])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    problems = [line for line in result.stderr.splitlines()
                if ": warning" in line or ": error" in line]
    return result.exit_code, problems, result.stdout


def test_every_build_gives_the_warnings_until_their_cause_is_fixed(campaign):
    record = campaign.parent / "out" / "tip-2023" / RECORD
    code, first, said = build(campaign)
    assert code == 0 and "2 built, 0 unchanged, 0 failed" in said
    assert len(first) == 2 and LONG in first[0] and ALSO_LONG in first[1], first
    assert all(w.startswith("locale/tl/LC_MESSAGES/messages.po:") for w in first)

    # nothing changed: the build record answers, with the same warnings
    code, again, said = build(campaign)
    assert code == 0 and "nothing changed since the last build" in said
    assert "0 built, 2 unchanged, 0 failed" in said and again == first
    # the normal path (no record) finds both outputs unchanged: the same warnings
    record.unlink()
    code, again, said = build(campaign)
    assert code == 0 and "nothing changed" not in said
    assert "0 built, 2 unchanged, 0 failed" in said and again == first
    # the warnings are the report's too, each output's, the file relative to the campaign
    report = json.loads((record.parent / "build-report.json").read_text())
    for entry in report["outputs"]:
        assert [w["location"].split(":")[0] for w in entry["warnings"]] == [
            "locale/tl/LC_MESSAGES/messages.po"] * 2

    # one output built again (its region changed), the other not: each warning once
    regions = campaign / "regions.yaml"
    regions.write_text(regions.read_text() + "\n# edited\n")
    code, mixed, said = build(campaign)
    assert code == 0 and "1 built, 1 unchanged, 0 failed" in said and mixed == first

    # --strict holds a build with nothing to build to the warnings, as the first one
    code, strict, said = build(campaign, "--strict")
    assert code == 1 and "0 built, 2 unchanged" in said
    assert strict == [w.replace(": warning:", ": error:") for w in first]

    # the cause fixed: that warning is gone, from this build and the ones after
    catalog = campaign / "locale" / "tl" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Hindi kailangang magpakilala"',
                                                   'msgstr "Lihim"'))
    code, fixed, said = build(campaign)
    assert code == 0 and "2 built, 0 unchanged, 0 failed" in said
    assert fixed == first[1:]
    assert build(campaign)[1] == fixed  # the record
    record.unlink()
    assert build(campaign)[1] == fixed  # the normal path


def test_an_outputs_findings_are_given_again_too(campaign):
    """A draft's untranslated text (I18N001, a finding on the written file): given by the
    build that wrote the file and by every build that finds it up to date."""
    catalog = campaign / "locale" / "tl" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Hindi kailangang magpakilala"',
                                                   'msgstr ""'))
    code, first, said = build(campaign, "--draft")
    assert code == 0 and "2 built" in said
    findings = [line for line in first if " I18N001: " in line]
    # each output's own finding, named by its file
    assert [line.split(":")[0] for line in findings] == ["poster-jis-b2.pdf",
                                                        "poster-jis-b2-tokyo.pdf"]
    code, again, said = build(campaign, "--draft")
    assert "nothing changed since the last build" in said and again == first
    (campaign.parent / "out" / "tip-2023" / RECORD).unlink()
    code, again, said = build(campaign, "--draft")
    assert "0 built, 2 unchanged" in said and again == first
