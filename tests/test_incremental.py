"""Unchanged outputs are not rebuilt; a changed input rebuilds what depends on it."""

from __future__ import annotations

import shutil

import pytest

from posters.build import BuildRequest, build
from tests.conftest import SAMPLE


@pytest.fixture
def campaign(tmp_path):
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    return folder


def statuses(result):
    return sorted((r.output.lang, r.status) for r in result.results)


def test_second_build_changes_nothing(campaign, tmp_path, engine):
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("iso-a3",), regions=("generic",))
    assert statuses(build(request, engine)) == [("en", "built")]
    pdf = tmp_path / "out" / "tip-2023" / "en" / "poster-iso-a3.pdf"
    before = pdf.stat().st_mtime_ns
    assert statuses(build(request, engine)) == [("en", "unchanged")]
    assert pdf.stat().st_mtime_ns == before


def test_force_rebuilds(campaign, tmp_path, engine):
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("iso-a3",), regions=("generic",))
    build(request, engine)
    forced = BuildRequest(**{**request.__dict__, "force": True})
    assert statuses(build(forced, engine)) == [("en", "built")]


def test_changed_content_rebuilds_and_deleted_output_is_made_again(campaign, tmp_path, engine):
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("iso-a3",), regions=("generic",))
    build(request, engine)
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text().replace("It can happen to anybody!",
                                                 "It can happen to anyone!"))
    assert statuses(build(request, engine)) == [("en", "built")]
    (tmp_path / "out" / "tip-2023" / "en" / "poster-iso-a3.pdf").unlink()
    assert statuses(build(request, engine)) == [("en", "built")]


def _dies_on_thai(campaign, lang, draft):
    """A catalog loader that kills its worker process, as the kernel's OOM killer would."""
    import os

    if lang == "th":
        os._exit(9)
    from posters.i18n.lookups import catalog_lookups

    return catalog_lookups(campaign, lang, draft)


def test_a_worker_that_dies_fails_its_outputs_without_a_traceback(campaign, tmp_path):
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en", "th"),
                           formats=("poster",), regions=("generic",), jobs=2, gallery=False)
    result = build(request, lookups=_dies_on_thai)
    assert result.failed
    assert ("th", "failed") in statuses(result)
    messages = [d.message for d in result.diagnostics]
    assert any("th poster: a worker process stopped" in m for m in messages), messages
    # the pool is broken: nothing is left half-written, and the next build makes the rest
    assert not [p for p in (tmp_path / "out").rglob(".*") if ".pdf" in p.name or
                p.name.endswith(".tmp")]
    again = build(request)
    assert statuses(again) == [("en", "built" if ("en", "failed") in statuses(result)
                                else "unchanged"), ("th", "built")]


def test_an_output_that_cannot_be_written_fails_alone(campaign, tmp_path, engine, monkeypatch):
    import errno

    import posters.build.write

    real = posters.build.write.write_output

    def disk_full_for_tokyo(pages, target, *args, **kwargs):
        if target.name.endswith("-tokyo.pdf"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(pages, target, *args, **kwargs)

    monkeypatch.setattr(posters.build.write, "write_output", disk_full_for_tokyo)
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), regions=("generic", "tokyo", "osaka"),
                           gallery=False)
    result = build(request, engine)
    by_region = {r.output.region: r.status for r in result.results}
    assert by_region == {None: "built", "tokyo": "failed", "osaka": "built"}
    [problem] = [d for d in result.diagnostics if d.level.value == "error"]
    assert problem.location.file.endswith("en/poster-jis-b2-tokyo.pdf")
    assert problem.message.startswith("cannot write the file: No space left on device")


def test_a_new_version_of_the_output_profile_rebuilds(campaign, tmp_path, engine):
    from posters.print.icc import default_cmyk_profile

    profile = campaign / "shop.icc"
    profile.write_bytes(default_cmyk_profile().read_bytes())
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text().replace("brand:\n", "brand:\n  output_profile: shop.icc\n",
                                                 1))
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                           formats=("card",), gallery=False)
    assert statuses(build(request, engine)) == [("en", "built")]
    assert statuses(build(request, engine)) == [("en", "unchanged")]
    profile.write_bytes(profile.read_bytes() + b"\0")  # the print shop's updated profile
    assert statuses(build(request, engine)) == [("en", "built")]


def _breaks_on_thai(campaign, lang, draft):
    """A catalog loader with a bug for one language."""
    if lang == "th":
        raise ZeroDivisionError("a bug")
    from posters.i18n.lookups import catalog_lookups

    return catalog_lookups(campaign, lang, draft)


def test_a_bug_in_one_task_fails_that_task_only(campaign, tmp_path):
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en", "th"),
                           formats=("poster",), regions=("generic",), jobs=2, gallery=False)
    result = build(request, lookups=_breaks_on_thai)
    assert statuses(result) == [("en", "built"), ("th", "failed")]
    [error] = [d for d in result.diagnostics if d.level.value == "error"]
    assert "th poster: internal error: ZeroDivisionError: a bug" in error.message


@pytest.mark.parametrize("jobs", [1, 2])
def test_outputs_are_checked_by_their_bytes_but_not_with_force(campaign, tmp_path, engine,
                                                               monkeypatch, jobs):
    """Before a build, each output's file is compared with the bytes the build wrote (by
    ``jobs`` threads): a damaged one is built again. --force builds every output anyway,
    and reads none of them first."""
    from posters.build.fingerprint import Manifest

    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en", "th"),
                           formats=("poster",), sizes=("iso-a3",), regions=("generic",),
                           gallery=False, jobs=jobs)
    build(request, engine)
    read: list[str] = []
    real = Manifest.intact
    monkeypatch.setattr(Manifest, "intact",
                        lambda self, path: read.append(path.parent.name) or real(self, path))
    pdf = tmp_path / "out" / "tip-2023" / "th" / "poster-iso-a3.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-100])  # cut short behind the tool's back
    assert statuses(build(request, engine)) == [("en", "unchanged"), ("th", "built")]
    assert sorted(read) == ["en", "th"]
    read.clear()
    forced = BuildRequest(**{**request.__dict__, "force": True})
    assert statuses(build(forced, engine)) == [("en", "built"), ("th", "built")]
    assert read == []
