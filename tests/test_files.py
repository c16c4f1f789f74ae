"""posters.files: atomic writes leave the old file or the new one, and every writer's
temporary names are recognized by the stage that writes them (the build removes a dead
process's leftovers by asking, not by knowing their schemes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from posters.build.write import temporary_owner
from posters.files import atomic_path, temporary_of, write_atomic


def test_write_atomic_replaces_the_file_and_a_failure_leaves_the_old_one(tmp_path: Path):
    target = tmp_path / "a" / "report.json"
    write_atomic(target, "first")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_temporary_names_the_writers_really_make_are_recognized(tmp_path: Path):
    """The renderer's and the PDF/X writer's temporaries (posters.files.atomic_path of
    write_output's own) name the output and this process."""
    output = tmp_path / "poster-jis-b2.pdf"
    own = [output.with_name(f".{output.name}.{os.getpid()}.raw.tmp"),
           output.with_name(f".{output.name}.{os.getpid()}.tmp")]
    for stage in own:
        assert temporary_owner(stage.name) == (output.name, os.getpid())
        with atomic_path(stage) as temporary:
            assert temporary_of(temporary.name) == (stage.name, os.getpid())
            assert temporary_owner(temporary.name) == (output.name, os.getpid())
            pikepdf = f".pikepdf.{temporary.name}a1b2c3d4"  # its NamedTemporaryFile
            assert temporary_owner(pikepdf) == (output.name, os.getpid())
            temporary.write_bytes(b"%PDF")
    for name in ("poster-jis-b2.pdf", ".notes.txt", ".poster-jis-b2.pdf.tmp",
                 ".poster-jis-b2.pdf.abc.tmp"):
        assert temporary_owner(name) is None, name
