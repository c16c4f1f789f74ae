"""The methods @dataclass writes, compiled once per machine (posters.dataclass_code, #20):
the same classes, function for function, as dataclasses makes them; the source text
is the key, so a changed class is compiled anew."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from dataclasses import InitVar, dataclass, field
from typing import ClassVar

import pytest

from posters import dataclass_code
from tests.conftest import ROOT

ORIGINAL = dataclass_code._original  # dataclasses' own


def _classes():  # type: ignore[no-untyped-def]
    """Dataclasses of every kind the tool writes (frozen, ordered, slots, keyword-only,
    defaults and factories, InitVar, ClassVar, __post_init__)."""

    @dataclass(frozen=True, order=True)
    class Place:
        file: str
        line: int = 0
        column: int = 0

    @dataclass(slots=True, kw_only=True)
    class Options:
        names: list[str] = field(default_factory=list)
        size: float = 1.5
        hidden: bool = field(default=False, repr=False, compare=False)

    @dataclass(eq=False)
    class Holder:
        kind: ClassVar[str] = "holder"
        value: int
        scale: InitVar[int] = 2

        def __post_init__(self, scale: int) -> None:
            self.value *= scale

    @dataclass(unsafe_hash=True)
    class Key:
        a: int
        b: tuple[int, ...] = ()

    return Place, Options, Holder, Key


def _codes(classes) -> list:  # type: ignore[no-untyped-def]
    found = []
    for cls in classes:
        for name, value in sorted(vars(cls).items()):
            code = getattr(value, "__code__", None)
            if code is not None and code.co_filename == "<string>":
                found.append((cls.__name__, name, code))
    return found


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """No code known to this process; the tool cache in a fresh folder."""
    monkeypatch.setenv("POSTERS_TOOL_CACHE", str(tmp_path / "tool"))
    monkeypatch.setattr(dataclass_code, "_codes", {})
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(dataclass_code, "_new", False)
    return dataclass_code


def test_this_python_is_one_it_reproduces():
    if sys.version_info[:2] != (3, 11):
        pytest.skip("dataclass_code reproduces CPython 3.11's dataclasses only")
    assert dataclass_code.shape_digest(ORIGINAL) in dataclass_code.SUPPORTED.values()
    assert dataclass_code.install()
    assert dataclasses._create_fn is dataclass_code._create_fn


def test_the_classes_are_those_dataclasses_makes(fresh, monkeypatch):
    monkeypatch.setattr(dataclasses, "_create_fn", ORIGINAL)
    theirs = _classes()
    monkeypatch.setattr(dataclasses, "_create_fn", dataclass_code._create_fn)
    ours = _classes()  # compiled here
    again = _classes()  # from what was compiled
    assert len(_codes(theirs)) >= 15
    assert _codes(ours) == _codes(theirs) == _codes(again)  # code objects compare by value
    assert fresh._codes  # and they went through the cache
    Place, Options, Holder, Key = again
    assert Place("a", 2) < Place("a", 3) and hash(Place("a")) == hash(Place("a"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Place("a").line = 1  # type: ignore[misc]
    assert repr(Options(size=2.0)).endswith(".Options(names=[], size=2.0)")
    assert Holder(3).value == 6 and Holder(3, 5).value == 15
    assert Key(1) == Key(1, ()) and len({Key(1), Key(1)}) == 1


def test_a_changed_class_is_compiled_anew(fresh, monkeypatch):
    monkeypatch.setattr(dataclasses, "_create_fn", dataclass_code._create_fn)

    @dataclass
    class One:
        a: int

    known = len(fresh._codes)

    @dataclass
    class Two:
        a: int
        b: int = 7

    assert len(fresh._codes) > known  # another __init__, __repr__, __eq__
    assert Two(1) == Two(1, 7) and repr(Two(1)).endswith(".Two(a=1, b=7)")
    assert One(1) == One(1) and repr(One(1)).endswith(".One(a=1)")


def test_what_is_compiled_is_written_and_read_back(fresh, monkeypatch):
    monkeypatch.setattr(dataclasses, "_create_fn", dataclass_code._create_fn)
    _classes()
    compiled = dict(fresh._codes)
    fresh.save()
    path = fresh.cache_file()
    assert fresh._load(path) == compiled
    # cut short, damaged or not ours: nothing is read from it
    data = path.read_bytes()
    for damaged in (data[: len(data) // 2], b"not ours" + data, data[:30]):
        path.write_bytes(damaged)
        assert fresh._load(path) == {}


_COUNT = """
import sys
import posters.cli
from posters import dataclass_code
import posters.model, posters.localized, posters.layout.geometry
print(dataclass_code._new, len(dataclass_code._used))
"""


def test_a_second_process_compiles_no_dataclass_method(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTERS_TOOL_CACHE": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", _COUNT], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(2)]
    assert runs[0][0] == "True" and int(runs[0][1]) > 100
    assert runs[1] == ["False", runs[0][1]]  # every one found; nothing new to write
