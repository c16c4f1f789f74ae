"""The trees of YAML files that read without a problem, and the tool's own data files,
are remembered in the user cache by their bytes (posters.schema.source, #20): the same
tree comes back without PyYAML; anything changed is read again."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posters.diagnostics import Diagnostics
from posters.schema import source
from posters.schema.source import read_yaml, yaml_data
from tests.conftest import ROOT, SAMPLE

TEXT = """\
# the campaign
campaign:
  # translator: the headline
  title: "Stop & think"
  when: 2023-10-01
  stamp: 2023-10-01T09:30:00+09:00
  plain: no
  number: 0120-924-839
  count: 30
  ratio: 1.5
  empty:
  list: [a, 'b', 3]
  anchor: &shared {x: 1}
  again: *shared
"""


@pytest.fixture
def parsed(tmp_path, monkeypatch):
    """read_yaml in a fresh check cache; the files PyYAML composed, in order."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    from posters.schema import yaml_reader

    seen: list[str] = []
    real = yaml_reader.parse

    def counting(path, data, display, problems):  # type: ignore[no-untyped-def]
        seen.append(display)
        return real(path, data, display, problems)

    monkeypatch.setattr(yaml_reader, "parse", counting)
    return seen


def _read(path: Path, display: str | None = None):  # type: ignore[no-untyped-def]
    problems = Diagnostics()
    tree = read_yaml(path, problems, display)
    return tree, [str(d) for d in problems]


def test_the_same_bytes_give_the_same_tree_without_composing_again(tmp_path, parsed):
    path = tmp_path / "campaign.yaml"
    path.write_text(TEXT, encoding="utf-8")
    first, problems = _read(path)
    assert problems == [] and parsed == [str(path)]
    again, _ = _read(path)
    assert again == first and parsed == [str(path)]  # recalled, not composed
    meta = again.items["campaign"].node.items
    assert meta["title"].comments == ("translator: the headline",)
    assert meta["when"].node.value == datetime.date(2023, 10, 1)
    stamp = meta["stamp"].node.value
    assert stamp == first.items["campaign"].node.items["stamp"].node.value
    assert stamp.utcoffset() == datetime.timedelta(hours=9)
    assert (meta["plain"].node.raw, meta["plain"].node.value) == ("no", False)
    assert meta["number"].node.raw == "0120-924-839"
    assert type(meta["count"].node.value) is int and type(meta["ratio"].node.value) is float
    assert meta["again"].node == meta["anchor"].node
    assert meta["title"].key_location.line == 4 and meta["title"].node.location.column == 10


def test_changed_bytes_or_another_name_are_read_again(tmp_path, parsed):
    path = tmp_path / "campaign.yaml"
    path.write_text(TEXT, encoding="utf-8")
    _read(path)
    path.write_text(TEXT.replace("count: 30", "count: 31"), encoding="utf-8")
    changed, _ = _read(path)
    assert changed.items["campaign"].node.items["count"].node.value == 31
    assert len(parsed) == 2
    # the same bytes shown by another name: its places name that file
    named, _ = _read(path, "layouts/poster.yaml")
    assert len(parsed) == 3
    assert named.items["campaign"].node.location.file == "layouts/poster.yaml"
    assert _read(path, "layouts/poster.yaml")[0] == named and len(parsed) == 3


def test_a_file_with_a_problem_is_read_and_reported_every_time(tmp_path, parsed):
    path = tmp_path / "campaign.yaml"
    path.write_text("campaign:\n  id: a\n  id: b\n", encoding="utf-8")
    for count in (1, 2):
        tree, problems = _read(path)
        assert len(parsed) == count
        assert any("duplicate key 'id'" in problem for problem in problems)
    path.write_text("campaign: [unclosed\n", encoding="utf-8")
    for count in (3, 4):
        tree, problems = _read(path)
        assert tree is None and len(parsed) == count and "YAML syntax" in problems[0]


def test_a_damaged_entry_is_read_again(tmp_path, parsed):
    path = tmp_path / "campaign.yaml"
    path.write_text(TEXT, encoding="utf-8")
    first, _ = _read(path)
    entry = source._remembered_tree(path.read_bytes(), str(path))
    entry.path.write_text("{not json")
    assert _read(path)[0] == first and len(parsed) == 2
    entry.remember(["m", 1, 1, [["campaign", 1, 1, [], ["x"]]]])  # not a tree
    assert _read(path)[0] == first and len(parsed) == 3
    # a new tool (or PyYAML: its version is in the tool's fingerprint) reads it again
    from posters.build import fingerprint

    entry.remember(["m", 1, 1, []])  # an empty mapping, forged under this tool's key
    assert _read(path)[0].items == {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fingerprint, "tool_fingerprint", lambda: "an upgraded tool")
        assert _read(path)[0] == first


def test_the_tools_data_files_are_remembered_exactly_or_not_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    text = "b: 1\na: [1.0, true, null, x]\n"
    assert list(yaml_data(text)) == ["b", "a"]
    import yaml

    monkeypatch.setattr(yaml, "load", lambda *a, **k: pytest.fail("composed again"))
    recalled = yaml_data(text)
    assert recalled == {"b": 1, "a": [1.0, True, None, "x"]} and list(recalled) == ["b", "a"]
    assert type(recalled["a"][0]) is float and recalled["a"][1] is True
    monkeypatch.undo()
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    assert yaml_data("b: 2\n") == {"b": 2}  # other bytes: read
    # what JSON would not give back as it was (a number as key, a date) is read each time
    calls: list[str] = []
    real = yaml.load

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("load")
        return real(*args, **kwargs)

    for odd in ("1: one\n", "when: 2023-10-01\n"):
        first = yaml_data(odd)
        calls.clear()
        with monkeypatch.context() as patch:
            patch.setattr(yaml, "load", counted)
            assert yaml_data(odd) == first and calls == ["load"]


def test_a_warm_build_reads_the_campaign_without_pyyaml(tmp_path):
    """`posters validate --no-layout` twice in one check cache: the second loads the
    campaign, its layouts and the font configuration without importing PyYAML."""
    from tests.probe import loaded, modules_after

    cache = tmp_path / "checks"
    first = modules_after("validate", str(SAMPLE), "--no-layout", cache=cache)
    assert loaded(first, ("yaml",)) != []
    again = modules_after("validate", str(SAMPLE), "--no-layout", cache=cache)
    assert loaded(again, ("yaml",)) == []
    # and says the same
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTERS_CHECK_CACHE": str(cache)}
    said = [subprocess.run([sys.executable, "-m", "posters", "validate", str(SAMPLE),
                            "--no-layout"], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True) for _ in range(2)]
    assert said[0].stdout == said[1].stdout and said[0].stderr == said[1].stderr
