"""Ctrl-C during a build run in this process (``-j 1``): the task under way stops after the
output it is writing, and every output then in place is recorded as built, so that the
next build builds exactly the rest. (The pool's case, with worker processes, is
tests/test_cli.py::test_ctrl_c_keeps_what_was_built_and_stops.)"""

from __future__ import annotations

import signal

import pytest

from posters.build import BuildInterrupted, BuildRequest, build
from posters.build import write as write_module
from tests.conftest import SAMPLE


def _files(folder) -> dict:  # type: ignore[no-untyped-def]
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*.pdf")}


def test_ctrl_c_inside_a_task_keeps_and_records_the_outputs_it_wrote(tmp_path, engine,
                                                                     monkeypatch):
    request = BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",), formats=("poster",),
                           sizes=("jis-b2",), jobs=1, gallery=False)  # one task, 9 posters
    original = write_module.write_output
    written = []

    def write_output(document, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(document, target, *args, **kwargs)
        written.append(target)
        if len(written) == 3:  # the third is in place: Ctrl-C before the task goes on
            signal.raise_signal(signal.SIGINT)
        return result

    monkeypatch.setattr(write_module, "write_output", write_output)
    with pytest.raises(BuildInterrupted) as interrupted:
        build(request, engine)
    kept = _files(tmp_path)
    assert sorted(kept) == sorted(written) and len(kept) == 3  # nothing after Ctrl-C
    assert interrupted.value.built == 3
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # given back

    monkeypatch.setattr(write_module, "write_output", original)
    again = build(request, engine)
    statuses = {r.output.path: r.status for r in again.results}
    assert sorted(statuses.values()).count("built") == 6
    assert {path for path, status in statuses.items() if status == "unchanged"} == set(kept)
    assert {path: _files(tmp_path)[path] for path in kept} == kept  # not written again
