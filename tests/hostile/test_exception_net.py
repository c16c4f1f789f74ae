"""One exception net for a build in this process (-j 1) and in worker processes (-j 2):
the same bad input that slips past `posters validate` gives the same messages either way,
each naming the user's file and line, with no traceback and no "internal error"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SMALL, edit, line_of, run_posters
from .test_assets import ATTACKS

SAMPLE = ROOT / "content" / "tip-2023"


def problems(output: str) -> list[str]:
    """The build's messages, without the progress lines and the timed summary."""
    return [line for line in output.splitlines()
            if ": error:" in line or ": warning:" in line]


def build_both_ways(campaign: Path, out: Path, *args: str) -> tuple[list[str], list[str]]:
    runs = {}
    for jobs in ("1", "2"):
        run = run_posters("build", campaign, *args, "--out", out / jobs, "--jobs", jobs,
                          "--no-gallery", cwd=campaign.parent)
        assert run.exit_code == 1, run.output
        assert "Traceback" not in run.output, run.output
        assert "internal error" not in run.output, run.output
        runs[jobs] = [line.replace(str(out / jobs), "<out>") for line in problems(run.output)]
    return runs["1"], runs["2"]


@pytest.mark.parametrize("attack", ["bad-colour", "script"])
def test_a_bad_icon_is_the_same_user_error_with_j1_and_j2(tmp_path: Path, attack: str) -> None:
    """Required: a broken icon is refused at contract.svg:<line>, the same lines with -j 1
    and -j 2, no traceback."""
    campaign = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, campaign)
    (campaign / "assets" / "icons").mkdir(parents=True, exist_ok=True)
    (campaign / "assets" / "icons" / "contract.svg").write_text(ATTACKS[attack])
    single, pooled = build_both_ways(campaign, tmp_path / "out", "--lang", "en", "--lang", "ja",
                                     "--format", "poster", "--size", "jis-b2",
                                     "--region", "generic")
    assert single == pooled
    errors = [line for line in single if ": error:" in line]
    assert errors and all("contract.svg:" in line for line in errors), single


@pytest.mark.parametrize("attack", ["bad-colour", "script"])
def test_an_icon_broken_after_validation_fails_the_same_way_with_j1_and_j2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str, engine) -> None:  # type: ignore[no-untyped-def]
    """The icon is saved broken while the build runs, after plan() validated it: the
    drawing fails with IconError, and the net reports each output that draws it at
    contract.svg:<line> with what to do, the same with one process and with two workers
    (which build the campaign plan() read, not a second reading)."""
    import posters.build.pipeline
    from posters.build import BuildRequest, build

    campaign = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, campaign)
    icon = campaign / "assets" / "icons" / "contract.svg"
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "posters" / "icons" / "contract.svg", icon)
    real_plan = posters.build.pipeline.plan
    messages = {}
    for jobs in (1, 2):
        icon.write_text((ROOT / "posters" / "icons" / "contract.svg").read_text())

        def plan_then_break(request):  # type: ignore[no-untyped-def]
            from posters.render import icons

            planned = real_plan(request)
            icon.write_text(ATTACKS[attack])
            # what validation drew is cached by path: forget it, as a process that had
            # not validated would not know it
            icons._load.cache_clear()
            icons._form.cache_clear()
            return planned

        monkeypatch.setattr(posters.build.pipeline, "plan", plan_then_break)
        out = tmp_path / f"out-{jobs}"
        result = build(BuildRequest(campaign, out_dir=out, languages=("en", "ja"),
                                    formats=("poster",), sizes=("jis-b2",),
                                    regions=("generic",), gallery=False, jobs=jobs),
                       engine if jobs == 1 else None)
        assert [r.status for r in result.results] == ["failed", "failed"]
        messages[jobs] = [str(d).replace(str(out), "<out>") for d in result.diagnostics
                          if d.level.value == "error"]
    assert messages[1] == messages[2]
    assert messages[1], messages
    for message in messages[1]:
        assert message.startswith(f"{icon}:"), message
        assert "fix the SVG file or choose another icon" in message, message
        assert "internal error" not in message, message


def test_a_language_without_a_font_setup_is_the_same_user_error_with_j1_and_j2(
        tmp_path: Path) -> None:
    """Required: a language whose script has no font stack (Tibetan) fails at the
    campaign.yaml line that names it, the same with -j 1 and -j 2 (once a traceback with
    -j 1 and "internal error" with -j 2)."""
    campaign = tmp_path / "small"
    shutil.copytree(SMALL, campaign)
    path = edit(campaign, "languages: [en, ja, ru, ar]", "languages: [en, ja, ru, ar,\n    bo]")
    single, pooled = build_both_ways(campaign, tmp_path / "out", "--draft", "--lang", "en",
                                     "--lang", "bo", "--format", "poster", "--size", "jis-b2")
    assert single == pooled
    errors = [line for line in single if ": error:" in line]
    assert errors, single
    where = f"campaign.yaml:{line_of(path, '    bo]')}:"
    assert all(where in line and "'bo'" in line for line in errors), errors


def test_the_net_names_the_campaign_line_of_a_language_whose_setup_fails(tmp_path: Path) -> None:
    """When validation lets it through, the build's net turns the text engine's
    FontConfigError into a user error at the line of campaign.yaml that lists the language,
    and a genuine bug into an internal error to report."""
    from dataclasses import replace

    from posters.build.failures import diagnose
    from posters.schema.campaign import load_campaign
    from posters.text.config import FontConfigError, load_config

    campaign, _ = load_campaign(SMALL)
    path = tmp_path / "campaign.yaml"
    path.write_text((SMALL / "campaign.yaml").read_text(encoding="utf-8").replace(
        "languages: [en, ja, ru, ar]", "languages:\n    - en\n    - bo\n"), encoding="utf-8")
    campaign = replace(campaign, source_file=path)
    with pytest.raises(FontConfigError) as raised:
        load_config().language("bo")
    (found,) = diagnose(raised.value, campaign, tmp_path / "out" / "bo")
    assert (found.location.file, found.location.line) == (str(path), line_of(path, "- bo"))
    assert found.level.value == "error" and "Tibetan" in found.message
    (bug,) = diagnose(KeyError("x"), campaign, tmp_path / "out" / "bo", "bo poster: ")
    assert str(bug).startswith(f"{tmp_path / 'out' / 'bo'}: error: bo poster: internal "
                               "error: KeyError")
