"""The build record (posters.build.record): a build with nothing changed since the last
successful one is answered from it; any change to what that build depended on, and the
build runs as always and rebuilds what the change touched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters.build import BuildRequest, build
from posters.build import fingerprint as fingerprint_module
from posters.build import record as record_module
from posters.build.record import RECORD, record_path, replay
from posters.cli import main
from tests.conftest import ROOT, SAMPLE

POSTER = dict(formats=("poster",), sizes=("jis-b2",), regions=("generic",), jobs=1)


@pytest.fixture
def campaign(tmp_path) -> Path:
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    return folder


@pytest.fixture
def request_(campaign, tmp_path) -> BuildRequest:
    """One Japanese poster (a language with a catalog), without the gallery."""
    return BuildRequest(campaign, out_dir=tmp_path / "out", languages=("ja",),
                        gallery=False, **POSTER)


def statuses(result) -> list[str]:
    return [r.status for r in result.results]


def pdf_of(request: BuildRequest) -> Path:
    return request.out_dir / request.campaign_dir.name / "ja" / "poster-jis-b2.pdf"


def built(request: BuildRequest, engine) -> BuildRequest:
    """``request`` built, and the record it left answering."""
    assert "failed" not in statuses(build(request, engine))
    assert replay(request) is not None
    return request


def test_nothing_changed_is_answered_from_the_record(request_, engine):
    first = build(request_, engine)
    assert statuses(first) == ["built"]
    answer = replay(request_)
    assert answer is not None
    assert [(r.output, r.fingerprint) for r in answer.results] == \
        [(r.output, r.fingerprint) for r in first.results]
    assert statuses(answer) == ["unchanged"] and answer.campaign_name == "tip-2023"
    # the normal path agrees: nothing to build
    assert statuses(build(request_, engine)) == ["unchanged"]


def test_force_and_shards_do_not_read_the_record(request_, engine):
    built(request_, engine)
    assert replay(replace(request_, force=True)) is None
    assert replay(replace(request_, shard=(1, 1))) is None


def _same_stat_times(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change a file keeping its size and putting its modification time back."""
    before = path.stat()
    change(path)
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index("「".encode()) if "「".encode() in data else len(data) // 2
    data[at + 2] ^= 1
    path.write_bytes(bytes(data))


def test_a_catalog_byte_changed_with_its_size_and_mtime_put_back_rebuilds(
        request_, engine, monkeypatch):
    # outside the racy window (as a file saved a while before the build): by stat alone
    monkeypatch.setattr(record_module, "_RACY_NS", 0)
    built(request_, engine)
    catalog = request_.campaign_dir / "locale" / "ja" / "LC_MESSAGES" / "messages.po"
    _same_stat_times(catalog, lambda p: p.write_text(p.read_text().replace("# ", "#\t", 1)))
    assert replay(request_) is None  # the status-change time moved
    assert statuses(build(request_, engine)) == ["built"]


def test_a_change_the_clock_cannot_show_is_seen_by_the_recorded_digest(request_, engine):
    """A file changed within the file system's timestamp granularity of being recorded
    has the same times: it was recorded with its digest (racy), which tells."""
    built(request_, engine)
    path = record_path(request_)
    data = json.loads(path.read_text())
    name = "locale/ja/LC_MESSAGES/messages.po"
    assert len(data["inputs"][name]) == 5  # copied just now: recorded with its digest
    catalog = request_.campaign_dir / name
    catalog.write_text(catalog.read_text().replace("# ", "#\t", 1))
    stat = catalog.stat()
    # as a coarse clock would have left it: the same times as recorded
    data["inputs"][name][:4] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                                stat.st_ino]
    path.write_text(json.dumps(data))
    assert replay(request_) is None


def test_racy_entries_are_recorded_without_their_digest_once_old_enough(
        request_, engine, monkeypatch):
    built(request_, engine)
    path = record_path(request_)
    racy = [name for name, state in json.loads(path.read_text())["inputs"].items()
            if len(state) == 5]
    assert racy, "a campaign copied just now has racy files"
    monkeypatch.setattr(record_module, "_RACY_NS", 0)  # the window has passed
    assert replay(request_) is not None
    data = json.loads(path.read_text())
    assert all(len(data["inputs"][name]) == 4 for name in racy)
    assert all(len(state) == 4 for state in data["outputs"].values())
    assert replay(request_) is not None


@pytest.mark.parametrize("change", ["new file", "deleted file", "new folder file"])
def test_a_file_added_to_or_deleted_from_the_campaign_folder_is_a_change(
        request_, engine, change):
    built(request_, engine)
    folder = request_.campaign_dir
    if change == "new file":
        (folder / "notes.txt").write_text("to do\n")
    elif change == "deleted file":
        (folder / "babel.cfg").unlink()
    else:
        (folder / "assets" / "icons").mkdir(parents=True)
        (folder / "assets" / "icons" / "new.svg").write_text("<svg/>")
    assert replay(request_) is None
    # the normal path: nothing this output depends on changed; and a record again
    assert statuses(build(request_, engine)) == ["unchanged"]
    assert replay(request_) is not None


@pytest.mark.parametrize("what", ["deleted", "rewritten"])
def test_an_output_deleted_or_changed_behind_the_tools_back_is_built_again(
        request_, engine, monkeypatch, what):
    monkeypatch.setattr(record_module, "_RACY_NS", 0)
    built(request_, engine)
    pdf = pdf_of(request_)
    if what == "deleted":
        pdf.unlink()
    else:
        _same_stat_times(pdf, _flip_byte)
    assert replay(request_) is None
    assert statuses(build(request_, engine)) == ["built"]


@pytest.mark.parametrize("name", ["build-report.json", ".build-manifest.json"])
def test_the_report_or_manifest_gone_is_a_change(request_, engine, name):
    built(request_, engine)
    (request_.out_dir / "tip-2023" / name).unlink()
    assert replay(request_) is None


def test_the_gallery_page_gone_is_a_change_and_is_written_again(request_, engine):
    request = built(replace(request_, gallery=True), engine)
    page = request.out_dir / "tip-2023" / "index.html"
    page.unlink()
    assert replay(request) is None
    build(request, engine)
    assert page.is_file() and replay(request) is not None


@pytest.mark.parametrize("option", [
    {"languages": ("ja", "en")}, {"formats": ("poster", "card")}, {"sizes": ("iso-a2",)},
    {"variants": ("print", "screen")}, {"regions": ("generic", "tokyo")}, {"strict": True},
    {"draft": True}, {"checks": "full"}, {"gallery": True}, {"out_dir": Path("elsewhere")},
])
def test_another_request_is_not_answered_by_the_record(request_, engine, option):
    built(request_, engine)
    assert replay(replace(request_, **option)) is None
    # what does not change the outputs does not count
    assert replay(replace(request_, jobs=2)) is not None


def test_source_date_epoch_set_rebuilds(request_, engine, monkeypatch):
    built(request_, engine)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert replay(request_) is None
    assert statuses(build(request_, engine)) == ["built"]
    assert replay(request_) is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert replay(request_) is None


def _git(folder: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date \
        else None
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, check=True,
                   capture_output=True, env=env)


def test_a_commit_that_dates_the_files_anew_rebuilds(request_, engine):
    """The files' date is the campaign folder's last commit (posters.dates): committing
    an edit already built changes no file there, but every output's date."""
    folder = request_.campaign_dir
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "one", date="2024-01-01T00:00:00Z")
    built(request_, engine)
    catalog = folder / "locale" / "ja" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text().replace("# ", "#\t", 1))
    assert statuses(build(request_, engine)) == ["built"]  # dated by the last commit
    assert replay(request_) is not None
    _git(folder, "commit", "-q", "-am", "two", date="2024-02-01T00:00:00Z")
    assert replay(request_) is None
    assert statuses(build(request_, engine)) == ["built"]  # dated by the new commit
    assert replay(request_) is not None


def test_the_font_instances_in_the_cache_count(request_, engine, tmp_path, monkeypatch):
    cache = tmp_path / "fonts"
    cache.mkdir()
    real = fingerprint_module.font_cache_dir()
    for font in real.iterdir():
        (cache / font.name).symlink_to(font)
    monkeypatch.setenv("POSTERS_FONT_CACHE", str(cache))
    fingerprint_module.fonts_fingerprint.cache_clear()
    built(request_, engine)
    (cache / "another-regular-0123456789abcdef.ttf").symlink_to(next(real.glob("*.ttf")))
    fingerprint_module.fonts_fingerprint.cache_clear()
    try:
        assert replay(request_) is None
    finally:
        monkeypatch.undo()
        fingerprint_module.fonts_fingerprint.cache_clear()


def test_the_font_cache_folder_is_the_text_packages(monkeypatch, tmp_path):
    from posters.text.cache import cache_dir

    assert fingerprint_module.font_cache_dir() == cache_dir()
    monkeypatch.setenv("POSTERS_FONT_CACHE", str(tmp_path))
    assert fingerprint_module.font_cache_dir() == cache_dir() == tmp_path


def test_an_installed_distribution_counts(request_, engine, tmp_path, monkeypatch):
    site = tmp_path / "venv" / "site-packages"
    site.mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    built(request_, engine)
    (site / "reportlab-99.0.dist-info").mkdir()
    assert replay(request_) is None


def _package_copy(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    package = tmp_path / "package"
    shutil.copytree(ROOT / "posters", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(record_module, "PACKAGE_DIR", package)
    monkeypatch.setattr(fingerprint_module, "PACKAGE_DIR", package)
    fingerprint_module.tool_fingerprint.cache_clear()
    return package


@pytest.fixture
def package(tmp_path, monkeypatch):
    """The tool's files as a copy that a test may change."""
    yield _package_copy(tmp_path, monkeypatch)
    monkeypatch.undo()
    fingerprint_module.tool_fingerprint.cache_clear()


def test_the_tools_files_count_by_their_bytes_where_its_digest_covers_them(
        request_, engine, package, monkeypatch):
    monkeypatch.setattr(record_module, "_RACY_NS", 0)
    built(request_, engine)
    module = package / "layout" / "flow.py"
    # times moved, bytes the same (a checkout back and forth): the digest says unchanged
    module.write_bytes(module.read_bytes())
    assert replay(request_) is not None
    module.write_text(module.read_text() + "\n# changed\n")
    fingerprint_module.tool_fingerprint.cache_clear()
    assert replay(request_) is None


def test_a_stock_icon_rewritten_counts(request_, engine, package, monkeypatch):
    monkeypatch.setattr(record_module, "_RACY_NS", 0)
    built(request_, engine)
    icon = next((package / "icons").glob("*.svg"))
    icon.write_bytes(icon.read_bytes())  # not in the tool's digest: its times decide
    assert replay(request_) is None


def test_a_failed_build_leaves_no_record_and_removes_the_last(request_, engine):
    built(request_, engine)
    catalog = request_.campaign_dir / "locale" / "ja" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text() + '\nmsgid "broken\n')
    result = build(request_, engine)
    assert result.failed
    assert not record_path(request_).exists() and replay(request_) is None


def test_a_campaign_error_or_a_mistyped_option_keeps_the_record_that_still_holds(
        request_, engine):
    from posters.build import UsageError
    from posters.diagnostics import ContentError

    built(request_, engine)
    with pytest.raises(UsageError):
        build(replace(request_, languages=("jp",)), engine)
    assert replay(request_) is not None  # the right command is still answered
    source = request_.campaign_dir / "campaign.yaml"
    text = source.read_text()
    source.write_text(text.replace("  languages: [", "  languages: [[", 1))
    with pytest.raises(ContentError):
        build(request_, engine)
    assert replay(request_) is None  # campaign.yaml changed
    source.write_text(text)  # the same bytes again: its times still differ
    assert replay(request_) is None


def test_a_shard_neither_writes_nor_reads_a_record(request_, engine):
    build(replace(request_, shard=(1, 2)), engine)
    build(replace(request_, shard=(2, 2)), engine)
    assert not record_path(request_).exists()


def test_an_output_folder_inside_the_campaign_folder_is_not_an_input(request_, engine):
    request = built(replace(request_, out_dir=request_.campaign_dir / "out"), engine)
    assert not any(name.startswith("out/") for name in
                   json.loads(record_path(request).read_text())["inputs"])


# --------------------------------------------------------------------------- the CLI

def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _without_times(text: str) -> str:
    import re

    return re.sub(r"in \d+\.\d s", "in - s", text)


def test_the_cli_answers_as_the_normal_path_with_the_campaigns_warnings(campaign, tmp_path):
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text().replace("  tagline:", "  slogan: Extra\n  tagline:"))
    args = [str(campaign), "--out", str(tmp_path / "out"), "--lang", "en", "--format",
            "poster", "--size", "jis-b2", "--region", "generic", "-j", "1", "--no-gallery"]
    code, _, stderr = _cli(*args)
    assert code == 0 and "unknown key 'slogan'" in stderr
    replayed = _cli(*args)
    record = tmp_path / "out" / "tip-2023" / RECORD
    record.unlink()
    normal = _cli(*args)  # the same request the normal way (it writes a record again)
    assert record.is_file()
    assert _without_times(replayed[1]) == _without_times(normal[1]) == \
        "0 built, 1 unchanged, 0 failed in - s; outputs in " \
        f"{tmp_path / 'out' / 'tip-2023'}\n"
    assert replayed[0] == normal[0] == 0
    # the same warnings; the normal path's progress lines too ("[1/1] en poster: ...")
    assert replayed[2] == "".join(line for line in normal[2].splitlines(keepends=True)
                                  if not line.startswith("[1/1] en poster: "))
    assert "unknown key 'slogan'" in replayed[2]
    # -v says where the answer came from; --force builds
    assert "nothing changed since the last build" in _cli(*args, "-v")[1]
    assert _cli(*args, "--force")[1].startswith("1 built")


def test_the_package_gives_each_of_its_names():
    import posters.build as package

    assert sorted(package.__all__) == sorted(package._WHERE)
    for name in package.__all__:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_an_output_folder_that_is_the_campaign_folder_is_walked(request_, engine, tmp_path):
    """OUT/<campaign> is the campaign folder itself: its files are still inputs."""
    campaign = request_.campaign_dir
    request = replace(request_, out_dir=campaign.parent)
    assert statuses(build(request, engine)) == ["built"]
    assert "campaign.yaml" in json.loads(record_path(request).read_text())["inputs"]
    assert replay(request) is None  # its own outputs moved since the walk: never replayed


def test_release_is_answered_alike(campaign, tmp_path):
    args = [str(campaign), "--out", str(tmp_path / "out"), "--lang", "en", "--format",
            "poster", "--size", "jis-b2", "--region", "generic", "-j", "1", "--no-gallery",
            "-q"]
    _cli(*args)
    replayed = _cli(*args, "--release")
    (tmp_path / "out" / "tip-2023" / RECORD).unlink()
    normal = _cli(*args, "--release")
    assert replayed == normal
    assert replayed[0] == 1 and "poster-jis-b2.pdf: not reviewed" in replayed[2]


def test_an_interrupted_build_leaves_no_record(request_, engine, monkeypatch):
    import posters.build.pipeline as pipeline
    from posters.build import BuildInterrupted
    from posters.build.pool import Stopped

    built(request_, engine)
    source = request_.campaign_dir / "campaign.yaml"
    source.write_text(source.read_text().replace("It can happen to anybody!",
                                                 "It can happen to anyone!"))

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise Stopped  # Ctrl-C taken before a task was done
        yield  # a generator, as run_tasks is

    monkeypatch.setattr(pipeline, "run_tasks", interrupted)
    with pytest.raises(BuildInterrupted):
        build(request_, engine)
    assert not record_path(request_).exists()


def test_a_killed_writers_leftover_takes_the_normal_path_which_removes_it(request_, engine):
    built(request_, engine)
    campaign_out = request_.out_dir / "tip-2023"
    dead = 2 ** 22 + 12345  # above the kernel's largest pid: no such process
    leftover = campaign_out / f".build-report.json.{dead}.ab12cd34.tmp"
    leftover.write_bytes(b"partial")
    assert replay(request_) is None
    build(request_, engine)
    assert not leftover.exists()
    # what the normal path keeps (not named after anything a build writes) is no change
    foreign = campaign_out / "ja" / ".notes.pdf.1.tmp"
    foreign.write_bytes(b"someone's")
    assert replay(request_) is None
    build(request_, engine)
    assert foreign.exists() and replay(request_) is not None


def test_a_font_installed_in_a_system_font_folder_counts(request_, engine, tmp_path,
                                                         monkeypatch):
    from posters.text.config import SYSTEM_FONT_DIRS, _system_dirs

    assert record_module.SYSTEM_FONT_DIRS == SYSTEM_FONT_DIRS
    folder = tmp_path / "system-fonts"
    folder.mkdir()
    monkeypatch.setenv("POSTERS_SYSTEM_FONT_DIRS", os.pathsep.join(
        [*SYSTEM_FONT_DIRS, str(folder)]))
    assert record_module.font_folders() == list(_system_dirs())
    built(request_, engine)
    (folder / "NotoSansNew-Regular.ttf").write_bytes(b"")
    assert replay(request_) is None
