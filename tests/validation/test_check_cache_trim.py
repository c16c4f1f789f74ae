"""The check cache stays bounded (posters.schema.checked): every kind of entry, a pass
or findings, is removed when it is the least recently used of its folder; a write looks
at its own folder only; the flat folder of earlier versions is cleared once; and a trim
never breaks a reader in another process."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from posters.schema import checked


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "checks"
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(folder))
    monkeypatch.setattr(checked, "_cleared", set())
    monkeypatch.setattr(checked, "_made", set())
    return folder


def _findings(number: int) -> checked.RememberedFindings:
    return checked.RememberedFindings("test findings", str(number).encode(), ["context"])


def _pass(number: int) -> checked.Remembered:
    return checked.Remembered("test pass", data=str(number).encode())


def _in_folder(prefix: str, count: int, make=_findings):  # type: ignore[no-untyped-def]
    """``count`` entries whose keys start with ``prefix`` (two hex digits)."""
    found, number = [], 0
    while len(found) < count:
        entry = make(number)
        if entry.key.startswith(prefix):
            found.append(entry)
        number += 1
    return found


def _age(path: Path, seconds_ago: float) -> None:
    when = time.time() - seconds_ago
    os.utime(path, (when, when))


def test_entries_live_in_the_folder_of_their_keys_first_two_digits(cache):
    findings, remembered = _findings(1), _pass(1)
    findings.remember({"problems": []})
    remembered.remember()
    assert findings.path == cache / findings.key[:2] / f"{findings.key}.json"
    assert sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()) \
        == sorted([f"{findings.key[:2]}/{findings.key}.json",
                   f"{remembered.key[:2]}/{remembered.key}", checked.TAG])
    assert (cache / checked.TAG).read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert findings.recall() == {"problems": []} and remembered.passed


def test_a_write_lists_only_its_own_folder(cache, monkeypatch):
    """35,000 entries elsewhere in the cache: a write looks at about MAX_SHARD_ENTRIES
    names, not at them (it used to scan every file of the cache on every write)."""
    for shard in range(256):
        folder = cache / f"{shard:02x}"
        folder.mkdir(parents=True)
        for number in range(137):
            (folder / hashlib.sha256(f"{shard} {number}".encode()).hexdigest()).touch()
    (cache / checked.TAG).write_text("tagged")
    listed: list[str] = []
    real = os.scandir

    def counting(path):  # type: ignore[no-untyped-def]
        entries = list(real(path))
        listed.extend(entry.name for entry in entries)

        class Listing(list):
            def __enter__(self):  # type: ignore[no-untyped-def]
                return self

            def __exit__(self, *exc):  # type: ignore[no-untyped-def]
                return False
        return Listing(entries)

    monkeypatch.setattr(checked.os, "scandir", counting)
    for number in range(20):
        _findings(number).remember({"n": number})
        _pass(number).remember()
    assert 0 < len(listed) <= 40 * (137 + 1)
    assert all(_findings(n).recall() == {"n": n} and _pass(n).passed for n in range(20))
    # every folder the writes touched is back under its bound
    for number in range(20):
        for key in (_findings(number).key, _pass(number).key):
            assert len(list((cache / key[:2]).iterdir())) <= checked.MAX_SHARD_ENTRIES


def _remember(entry) -> Path:  # type: ignore[no-untyped-def]
    if isinstance(entry, checked.RememberedFindings):
        entry.remember({"n": 1})
        return entry.path
    entry.remember()
    return checked.entry_path(entry.key)


def _used(entry) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(entry, checked.RememberedFindings):
        return entry.recall() == {"n": 1}
    return entry.passed


def test_the_least_recently_used_entries_of_every_kind_are_removed(cache):
    """A folder full of passes and findings: one more write removes the least recently
    used down to KEEP_SHARD_ENTRIES, of both kinds; an old entry used since stays."""
    half = checked.MAX_SHARD_ENTRIES // 2
    entries = [e for pair in zip(_in_folder("ab", half, _pass), _in_folder("ab", half),
                                 strict=True) for e in pair]
    paths = [_remember(entry) for entry in entries]
    assert len(list((cache / "ab").iterdir())) == checked.MAX_SHARD_ENTRIES  # not yet
    for age, path in enumerate(paths):
        _age(path, 10_000 - age)  # the first ones the oldest
    assert _used(entries[0]) and _used(entries[1])  # a pass and findings used now
    newest = _remember(_in_folder("ab", half + 1)[-1])
    left = {p.name for p in (cache / "ab").iterdir()}
    assert len(left) == checked.KEEP_SHARD_ENTRIES
    removed = checked.MAX_SHARD_ENTRIES + 1 - checked.KEEP_SHARD_ENTRIES
    assert {paths[0].name, paths[1].name, newest.name} <= left
    assert not left & {path.name for path in paths[2:2 + removed]}
    assert {path.name for path in paths[2 + removed:]} <= left
    gone = [entries[i] for i in range(2, 2 + removed)]
    assert any(isinstance(e, checked.Remembered) for e in gone)
    assert any(isinstance(e, checked.RememberedFindings) for e in gone)
    assert not any(_used(entry) for entry in gone)  # misses: checked again


def test_a_trim_removes_dead_writers_temporaries_only(cache):
    folder = cache / "cd"
    folder.mkdir(parents=True)
    dead = subprocess_pid()
    stale_dead = folder / f".{'c' * 64}.json.{dead}.abcdefgh.tmp"
    fresh_dead = folder / f".{'c' * 64}.json.{dead}.ijklmnop.tmp"
    running = folder / f".{'c' * 64}.json.{os.getpid()}.qrstuvwx.tmp"
    for path in (stale_dead, fresh_dead, running):
        path.write_text("partial")
    _age(stale_dead, 2 * checked.STALE_TEMPORARY_SECONDS)
    _age(running, 2 * checked.STALE_TEMPORARY_SECONDS)
    for entry in _in_folder("cd", checked.MAX_SHARD_ENTRIES + 1):
        entry.remember({})
    assert not stale_dead.exists()
    assert fresh_dead.exists() and running.exists()


def subprocess_pid() -> int:
    """The id of a process that has ended."""
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def test_the_flat_folder_of_earlier_versions_is_cleared_once(cache, monkeypatch):
    cache.mkdir()
    old_pass = cache / hashlib.sha256(b"old pass").hexdigest()
    old_findings = cache / f"{hashlib.sha256(b'old findings').hexdigest()}.json"
    not_ours = cache / "notes.txt"
    for path in (old_pass, old_findings, not_ours):
        path.write_text("")
    _findings(1).remember({})
    assert not old_pass.exists() and not old_findings.exists() and not_ours.exists()
    assert (cache / checked.TAG).is_file()
    # tagged: another process (a fresh memory) does not list the folder again
    monkeypatch.setattr(checked, "_cleared", set())
    old_pass.write_text("")
    _findings(2).remember({})
    assert old_pass.exists()


def _read_while_trimmed(path: str, key: str, start, stop) -> None:  # type: ignore[no-untyped-def]
    """A reader in another process: recalls one entry until told to stop; any exception
    fails its exit code. It does not mark the entry used (a hit touches it), so that the
    writers' trims do remove it under the reader."""
    os.environ["POSTERS_CHECK_CACHE"] = path
    os.utime = lambda *args, **kwargs: None  # this process only: it is a fork
    entry = checked.RememberedFindings("test findings", key.encode(), ["context"])
    remembered = checked.Remembered("test pass", data=key.encode())
    start.wait()
    while not stop.is_set():
        value = entry.recall()
        assert value is None or value == {"big": "x" * 200_000}
        remembered.passed  # noqa: B018 (a property that reads the cache)


def test_a_reader_is_never_broken_by_a_trim_in_another_process(cache):
    """A reader recalls an entry while writers fill its folder again and again, so that
    trims remove it over and over: it reads the whole value or nothing."""
    context = multiprocessing.get_context("fork")
    start, stop = context.Barrier(3), context.Event()
    key = "0"
    _findings(0).remember({"big": "x" * 200_000})
    shard = _findings(0).key[:2]
    readers = [context.Process(target=_read_while_trimmed, args=(str(cache), key, start, stop))
               for _ in range(2)]
    for reader in readers:
        reader.start()
    start.wait()
    try:
        entries = [entry for entry in _in_folder(shard, 2 * checked.MAX_SHARD_ENTRIES + 1)
                   if entry.key != _findings(0).key]
        for round_ in range(2):
            _findings(0).remember({"big": "x" * 200_000})
            _pass(0).remember()
            for entry in entries:
                entry.remember({"round": round_})
                assert len(list((cache / shard).iterdir())) <= checked.MAX_SHARD_ENTRIES + 1
    finally:
        stop.set()
        for reader in readers:
            reader.join(60)
    assert [reader.exitcode for reader in readers] == [0, 0]
    assert _findings(0).recall() is None  # it was trimmed under the readers


def test_a_cache_removed_while_a_process_runs_is_made_again(cache):
    """A long-running process (posters serve) whose cache folder is deleted by hand
    remembers again instead of failing every write."""
    import shutil

    _findings(1).remember({"n": 1})
    shutil.rmtree(cache)
    _findings(2).remember({"n": 2})
    _pass(2).remember()
    assert _findings(2).recall() == {"n": 2} and _pass(2).passed
