"""The campaign's date (posters.dates): one deterministic, true date for the PDFs' Info and
XMP, the job sheets and the catalogs' headers. Two copies of the same commit (a copy with
other file times, a git clone) build byte-identical PDFs without SOURCE_DATE_EPOCH; the
date does not depend on the number of workers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from posters import dates
from posters.build import BuildRequest, build
from posters.cli import main
from posters.dates import FILE_TIME, campaign_date
from posters.schema.campaign import load_campaign
from tests.conftest import SAMPLE

COMMITTED = "2024-05-06T07:08:09+00:00"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(folder: Path, *args: str, when: str = COMMITTED) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def _repository(tmp_path: Path) -> Path:
    """A git repository holding a copy of the sample campaign, committed at COMMITTED."""
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo / "tip-2023")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "the campaign")
    return repo


def _set_times(folder: Path, stamp: float) -> None:
    for path in folder.rglob("*"):
        os.utime(path, (stamp, stamp))


def _build(campaign: Path, out: Path, engine, **options) -> dict[str, bytes]:
    settings = dict(out_dir=out, languages=("en",), formats=("card",), regions=("generic",),
                    variants=("print",), gallery=False)
    settings.update(options)
    result = build(BuildRequest(campaign, **settings), engine)
    assert not [r for r in result.results if r.status == "failed"]
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*.pdf"))}


def test_copies_and_clones_of_one_commit_build_identical_pdfs(tmp_path, engine,
                                                                monkeypatch):
    """A copy with other file times (cp -a, then touched) and a git clone of the same
    commit give byte-identical PDFs dated by the commit (they were dated by campaign.yaml's
    modification time, which differs in every checkout)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(repo), str(copy)], check=True)
    _set_times(copy, datetime(2025, 1, 2, tzinfo=UTC).timestamp())
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    _set_times(clone, datetime(2026, 3, 4, tzinfo=UTC).timestamp())

    built = [_build(folder / "tip-2023", tmp_path / f"out-{folder.name}", engine)
             for folder in (repo, copy, clone)]
    assert built[0] and built[0] == built[1] == built[2]
    with pikepdf.open(tmp_path / "out-repo" / next(iter(built[0]))) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20240506070809+00'00'"
        assert str(pdf.docinfo["/ModDate"]) == "D:20240506070809+00'00'"
        with pdf.open_metadata() as xmp:
            assert xmp["xmp:CreateDate"].startswith("2024-05-06T07:08:09")
    sheet = next((tmp_path / "out-clone").rglob("*.job.json"))
    assert json.loads(sheet.read_text("utf-8"))["date"] == COMMITTED


def test_the_date_is_the_same_with_one_or_two_workers_and_git_is_asked_once(
        tmp_path, engine, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    calls: list[tuple[str, ...]] = []
    real = dates._git

    def counted(folder: Path, *args: str) -> str | None:
        calls.append(args)
        return real(folder, *args)

    monkeypatch.setattr(dates, "_git", counted)
    options = dict(languages=("en", "es"), formats=("card", "flyer"))
    one = _build(repo / "tip-2023", tmp_path / "j1", engine, jobs=1, **options)
    # one look-up for the whole build, not one per output (and the build record's one
    # question: which repository and commit the date would be read from)
    assert [args[0] for args in calls] == ["rev-parse", "log"]
    two = _build(repo / "tip-2023", tmp_path / "j2", engine, jobs=2, **options)
    assert len(one) == 4 and one == two


def test_the_order_epoch_then_print_date_then_campaign_date_then_git(tmp_path,
                                                                     monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    folder = repo / "tip-2023"
    campaign, _ = load_campaign(folder)
    found = campaign_date(campaign)
    assert (found.source, found.when) == ("git", datetime.fromisoformat(COMMITTED))
    assert found.pinned

    text = (folder / "campaign.yaml").read_text("utf-8")
    assert "\nprint:" not in text and "\n  date:" not in text
    text = text.replace("  reference_year:", "  date: \"2023-04-01\"\n  reference_year:", 1)
    (folder / "campaign.yaml").write_text(text + "print:\n  date: \"2023-05-01\"\n", "utf-8")
    campaign, _ = load_campaign(folder)
    assert (campaign_date(campaign).source, campaign_date(campaign).when) == (
        "print.date", datetime(2023, 5, 1, tzinfo=UTC))
    (folder / "campaign.yaml").write_text(text, "utf-8")
    campaign, _ = load_campaign(folder)
    assert (campaign_date(campaign).source, campaign_date(campaign).when) == (
        "campaign.date", datetime(2023, 4, 1, tzinfo=UTC))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1677628800")
    assert campaign_date(campaign).when == datetime(2023, 3, 1, tzinfo=UTC)


def test_edits_keep_the_commits_date_until_committed_and_outside_git_validate_says_so(
        tmp_path, engine, monkeypatch):
    """Saving a catalog does not move the date (only that language is built again); the
    commit that records it does. Outside git the date is campaign.yaml's modification
    time, and `posters validate` says how to pin it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    folder = repo / "tip-2023"
    out = tmp_path / "out"
    _build(folder, out, engine, languages=("en", "es"))
    catalog = folder / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")
    edited = load_campaign(folder)[0]
    assert campaign_date(edited).when == datetime.fromisoformat(COMMITTED)
    result = build(BuildRequest(folder, out_dir=out, languages=("en", "es"),
                                formats=("card",), regions=("generic",),
                                variants=("print",), gallery=False), engine)
    assert {r.output.lang: r.status for r in result.results} == {"en": "unchanged",
                                                                 "es": "built"}
    result = CliRunner().invoke(main, ["validate", "--no-layout", str(folder)])
    assert result.exit_code == 0 and "are dated" not in result.output

    later = "2024-07-08T09:10:11+00:00"
    _git(repo, "commit", "-q", "-am", "the catalog", when=later)
    assert campaign_date(load_campaign(folder)[0]).when == datetime.fromisoformat(later)

    outside = tmp_path / "outside"
    shutil.copytree(folder, outside)  # no .git above it
    stamp = datetime(2025, 6, 8, 9, 10, tzinfo=UTC)
    os.utime(outside / "campaign.yaml", (stamp.timestamp(), stamp.timestamp()))
    found = campaign_date(load_campaign(outside)[0])
    assert (found.source, found.when, found.pinned) == (FILE_TIME, stamp, False)
    assert "campaign.yaml" in found.detail and "not in git" in found.detail
    result = CliRunner().invoke(main, ["validate", "--no-layout", str(outside)])
    assert result.exit_code == 0, result.output
    assert "info: the PDFs and catalogs are dated 2025-06-08 09:10 UTC" in result.output
    assert "date: YYYY-MM-DD" in result.output and "print:" in result.output


def test_the_catalog_template_carries_the_campaigns_date(tmp_path, monkeypatch):
    from posters.i18n.extract import template_catalog

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    (repo / "tip-2023" / "locale" / "messages.pot").unlink()  # no written date to keep
    _git(repo, "commit", "-q", "-am", "no template")
    campaign, _ = load_campaign(repo / "tip-2023")
    assert template_catalog(campaign).creation_date == \
        campaign_date(campaign).when.replace(second=0)


def test_a_campaigns_git_config_runs_no_program(tmp_path, monkeypatch):
    """A campaign folder (its .git/config too) is untrusted: reading its dates must not run
    the fsmonitor hook, a clean filter or gpg that the repository's config names."""
    from posters.dates import last_commit

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = _repository(tmp_path)
    ran = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\necho \"$0 $*\" >> {ran}\ncat\n", "utf-8")
    hook.chmod(0o755)
    (repo / ".gitattributes").write_text("*.po filter=evil\n", "utf-8")
    _git(repo, "add", ".gitattributes")
    _git(repo, "commit", "-q", "-m", "attributes")
    for key, value in (("core.fsmonitor", str(hook)), ("filter.evil.clean", str(hook)),
                       ("log.showSignature", "true"), ("gpg.program", str(hook))):
        _git(repo, "config", key, value)
    catalog = repo / "tip-2023" / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    os.utime(catalog, (0, 0))  # stat-dirty: `git status` would run the clean filter on it
    assert last_commit(catalog, unchanged=True) == datetime.fromisoformat(COMMITTED)
    assert campaign_date(load_campaign(repo / "tip-2023")[0]).source == "git"
    assert not ran.exists(), ran.read_text("utf-8")
    catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")  # an edit, uncommitted
    assert last_commit(catalog, unchanged=True) is None
    assert not ran.exists(), ran.read_text("utf-8")
