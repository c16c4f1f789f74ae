"""`posters build --shard I/N` and `posters merge`: N shards, built in one folder or on
"separate machines" (separate folders copied together), merge into the very files one
unsharded build writes."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from posters.build import BuildRequest, build, plan
from posters.build.pool import groups_of
from posters.build.record import RECORD
from posters.build.shard import ShardError, assign, merge, parse_shard, task_cost
from tests.conftest import ROOT

NOTICE = ROOT / "content" / "us-notice"
# four tasks (two languages x two formats), both variants (the screen one brings the HTML
# edition), the gallery: everything an unsharded build writes
OPTIONS = {"languages": ("en", "es"), "formats": ("poster", "card"),
           "variants": ("print", "screen")}
PREVIEW_INDEX = ".previews/index.json"


@contextlib.contextmanager
def inside(folder: Path):
    """Build with --out out from ``folder``, as a user does: the manifest names outputs
    as the build was told (out/us-notice/...), the same in every folder."""
    folder.mkdir(parents=True, exist_ok=True)
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield folder / "out" / "us-notice"
    finally:
        os.chdir(here)


def request(shard=None):
    return BuildRequest(NOTICE, out_dir=Path("out"), shard=shard, **OPTIONS)


def files(campaign_out: Path) -> dict[str, bytes]:
    """The folder's files, less the build record (posters.build.record): the stat of every
    file an unsharded build found and left, which a merge does not write."""
    return {path.relative_to(campaign_out).as_posix(): path.read_bytes()
            for path in sorted(campaign_out.rglob("*"))
            if path.is_file() and path.name != RECORD}


def without_stat(index: bytes) -> dict:
    """The gallery's preview index less what it caches of each file's stat (inode and
    mtime differ between any two builds, sharded or not)."""
    data = json.loads(index)
    for entry in data["files"].values():
        del entry["ino"], entry["mtime_ns"]
    return data


def assert_same_folder(merged: dict[str, bytes], reference: dict[str, bytes]) -> None:
    assert sorted(merged) == sorted(reference)
    differ = [name for name in reference if merged[name] != reference[name]]
    # the one file that differs: .previews/index.json caches each PDF's inode and mtime
    assert differ in ([], [PREVIEW_INDEX])
    assert without_stat(merged[PREVIEW_INDEX]) == without_stat(reference[PREVIEW_INDEX])


@pytest.fixture(scope="module")
def folders(tmp_path_factory, engine):
    root = tmp_path_factory.mktemp("shards")
    with inside(root / "unsharded") as out:
        result = build(request(), engine)
        assert not result.failed and len(result.results) == 8
        reference = out
    # three shards into one folder
    with inside(root / "one") as out:
        for i in (1, 2, 3):
            build(request((i, 3)), engine)
        one = out
        shutil.copytree(one, root / "untouched" / "out" / "us-notice")  # before the merge
    # three machines, their folders copied together afterwards
    for i in (1, 2, 3):
        with inside(root / f"machine-{i}") as out:
            build(request((i, 3)), engine)
        shutil.copytree(out, root / "joined" / "out" / "us-notice", dirs_exist_ok=True)
    return {"root": root, "reference": reference, "one": one,
            "joined": root / "joined" / "out" / "us-notice",
            "untouched": root / "untouched" / "out" / "us-notice"}


def test_shards_write_only_their_part(folders):
    untouched = folders["untouched"]
    names = set(files(untouched))
    # nothing of the whole build's: no report, gallery or HTML edition yet
    assert "build-report.json" not in names and "index.html" not in names
    assert not any(name.startswith("web/") for name in names)
    paths = []
    for i in (1, 2, 3):
        data = json.loads((untouched / f"build-report.shard-{i}-of-3.json").read_text())
        assert (data["shard"]["index"], data["shard"]["count"]) == (i, 3)
        paths += [entry["path"] for entry in data["outputs"]]
    # every output in exactly one shard, whole tasks (both variants of a task together)
    reference = json.loads((folders["reference"] / "build-report.json").read_text())
    assert sorted(paths) == sorted(entry["path"] for entry in reference["outputs"])


def test_merged_in_one_folder_equals_unsharded(folders):
    with inside(folders["root"] / "one"):
        result = merge(Path("out/us-notice"))
    assert result.shards == 3 and result.failed == 0 and len(result.entries) == 8
    assert_same_folder(files(folders["one"]), files(folders["reference"]))


def test_merged_from_separate_machines_equals_unsharded(folders):
    """The command, as the last job of a batch runs it: the campaign folder is the one the
    shards name."""
    result = subprocess.run([sys.executable, "-m", "posters", "merge", "out/us-notice"],
                            cwd=folders["root"] / "joined", capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "merged 3 shards: 8 outputs, 0 failed" in result.stdout
    assert_same_folder(files(folders["joined"]), files(folders["reference"]))


def test_after_a_merge_nothing_is_built_again_and_no_shard_removes_another(folders, engine):
    merged = folders["root"] / "joined"
    with inside(merged) as out:
        if not (out / "build-report.json").is_file():
            merge(Path("out/us-notice"))
        # the merged manifest is the unsharded build's: everything is up to date
        result = build(request(), engine)
        assert {r.status for r in result.results} == {"unchanged"}
        # a shard built again keeps its outputs, and leaves every other shard's in place
        again = build(request((2, 3)), engine)
        assert {r.status for r in again.results} == {"unchanged"}
        assert all((out / name).is_file() for name in files(folders["reference"]))
        (out / "build-report.shard-2-of-3.json").unlink()
        for name in (".build-manifest.shard-2-of-3.json", ".build-digests.shard-2-of-3.json"):
            (out / name).unlink()


def test_more_shards_than_tasks(folders, engine, tmp_path):
    with inside(tmp_path) as out:
        sizes = []
        for i in range(1, 7):
            sizes.append(len(build(request((i, 6)), engine).results))
        assert sorted(sizes) == [0, 0, 2, 2, 2, 2]  # four tasks of two outputs; two empty
        merge(Path("out/us-notice"))
    assert_same_folder(files(out), files(folders["reference"]))


def _copy(folders, tmp_path, name):
    target = tmp_path / name / "out" / "us-notice"
    shutil.copytree(folders["untouched"], target)
    return target


def test_a_missing_shard_is_refused(folders, tmp_path):
    out = _copy(folders, tmp_path, "missing")
    (out / "build-report.shard-2-of-3.json").unlink()
    result = subprocess.run([sys.executable, "-m", "posters", "merge", str(out),
                             "--campaign", str(NOTICE)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "shard(s) 2/3 missing" in result.stderr
    assert "posters build --shard 2/3" in result.stderr
    assert not (out / "build-report.json").exists() and not (out / "index.html").exists()


def test_shards_of_two_splits_are_refused(folders, tmp_path):
    out = _copy(folders, tmp_path, "mixed")
    data = json.loads((out / "build-report.shard-1-of-3.json").read_text())
    data["shard"]["count"] = 2
    (out / "build-report.shard-1-of-2.json").write_text(json.dumps(data))
    with pytest.raises(ShardError, match="split 2 and 3 ways"):
        merge(out, NOTICE)


def test_an_output_in_two_shards_is_refused(folders, tmp_path):
    out = _copy(folders, tmp_path, "twice")
    first = json.loads((out / "build-report.shard-1-of-3.json").read_text())
    second = json.loads((out / "build-report.shard-2-of-3.json").read_text())
    second["outputs"].append(first["outputs"][0])
    (out / "build-report.shard-2-of-3.json").write_text(json.dumps(second))
    twice = re.escape(f"{first['outputs'][0]['path']} is in shard 1/3 and in shard 2/3")
    with pytest.raises(ShardError, match=twice):
        merge(out, NOTICE)


@pytest.mark.parametrize(("key", "what"), [("campaign", "another campaign"),
                                           ("tool", "another version of posters"),
                                           ("plan", "other inputs")])
def test_a_shard_of_another_build_is_refused(folders, tmp_path, key, what):
    out = _copy(folders, tmp_path, key)
    path = out / "build-report.shard-3-of-3.json"
    data = json.loads(path.read_text())
    data["shard"][key] = "something else"
    path.write_text(json.dumps(data))
    with pytest.raises(ShardError, match=f"shard 3/3 was built from {what}"):
        merge(out, NOTICE)


def test_shards_of_inputs_changed_since_are_refused(folders, tmp_path):
    campaign = tmp_path / "us-notice"
    shutil.copytree(NOTICE, campaign)
    out = _copy(folders, tmp_path, "changed")
    source = campaign / "campaign.yaml"
    source.write_text(source.read_text() + "\n# edited after the shards were built\n")
    with pytest.raises(ShardError, match=r"other inputs than .* has now"):
        merge(out, campaign)


@pytest.mark.parametrize("spec", ["0/3", "4/3", "x/y", "1/0", "3", "-1/3"])
def test_a_bad_shard_is_a_usage_error(spec):
    result = subprocess.run([sys.executable, "-m", "posters", "build", str(NOTICE),
                             "--shard", spec, "--out", "out/never"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert f"--shard {spec!r}" in result.stderr
    assert "I/N" in result.stderr or "1 to N" in result.stderr


def test_parse_shard():
    assert parse_shard("2/5") == (2, 5)
    assert parse_shard(" 1 / 1 ") == (1, 1)
    with pytest.raises(ValueError, match="1 to N"):
        parse_shard("6/5")


def test_assignment_is_balanced_and_depends_only_on_the_plan():
    """The sample campaign's whole matrix: each task in one shard, the shards' expected
    costs within one task's cost of each other, the same whatever order the plan's
    tasks come in."""
    from tests.conftest import SAMPLE

    _, outputs, _ = plan(BuildRequest(SAMPLE, variants=("print", "screen")))
    groups = groups_of(outputs)
    shards = assign(groups, 4)
    assert sorted(key for shard in shards for key in shard) == sorted(groups)
    loads = [sum(task_cost(key[0], groups[key]) for key in shard) for shard in shards]
    assert max(loads) - min(loads) <= max(task_cost(k[0], v) for k, v in groups.items())
    shuffled = list(groups.items())
    random.Random(7).shuffle(shuffled)
    assert [sorted(s) for s in assign(dict(shuffled), 4)] == [sorted(s) for s in shards]


def test_shards_at_the_same_time_in_one_folder(folders, tmp_path):
    """Three processes building their shards into one folder at once (pods sharing a
    volume) write only their own files."""
    args = [sys.executable, "-m", "posters", "build", str(NOTICE), "--out", "out", "-j", "1",
            "-q", "--lang", "en,es", "--format", "poster,card", "--variant", "print,screen"]
    processes = [subprocess.Popen([*args, "--shard", f"{i}/3"], cwd=tmp_path,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for i in (1, 2, 3)]
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    with inside(tmp_path) as out:
        merge(Path("out/us-notice"))
    assert_same_folder(files(out), files(folders["reference"]))
