"""The garbage collector in a one-shot `posters build` (posters.collector, #20): held off
while the tool and the campaign load, then what they made frozen and collection back on;
a build run in a test's process (CliRunner) or by `posters serve` is left alone."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from click.testing import CliRunner

from posters import collector
from posters.cli import main
from tests.conftest import ROOT, SAMPLE

POSTER = ["--lang", "en", "--format", "poster", "--size", "jis-b2", "--variant", "print",
          "--region", "generic", "--jobs", "1", "--quiet", "--no-gallery", "--force"]

# the process's own command line: main() without arguments, as the `posters` script and
# `python -m posters` call it; says at exit whether the collector runs and what it froze,
# and whether it was off while the campaign was read
_COMMAND_LINE = """
import atexit, gc, sys
import posters.build.request as request
seen = []
plan = request.plan
def watched(*args, **kwargs):
    seen.append(gc.isenabled())
    return plan(*args, **kwargs)
request.plan = watched
atexit.register(lambda: print("collector", seen, gc.isenabled(), gc.get_freeze_count() > 0,
                              gc.get_threshold()[0]))
from posters.cli import main
sys.argv = ["posters", *sys.argv[1:]]
main()
"""


def test_a_build_on_its_own_command_line_holds_the_collector_until_the_campaign_is_read(
        tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTERS_CHECK_CACHE": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-c", _COMMAND_LINE, "build", str(SAMPLE),
                             "--out", str(tmp_path / "out"), *POSTER], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    # off while planning; on again afterwards, with what was loaded frozen and the
    # youngest generation collected less often
    assert result.stdout.strip().splitlines()[-1] == \
        f"collector [False] True True {collector.YOUNG_THRESHOLD}"


def test_a_build_in_a_test_runner_leaves_the_collector_alone(tmp_path):
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--out", str(tmp_path / "out"),
                                       *POSTER], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_hold_and_release_only_for_a_one_command_process(monkeypatch):
    monkeypatch.setattr(collector, "_one_command", False)
    collector.hold()
    assert gc.isenabled()  # not this process's own command: nothing held
    collector.release()
    assert gc.isenabled()
    assert gc.get_threshold()[0] != collector.YOUNG_THRESHOLD
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    monkeypatch.setattr(collector, "_one_command", True)
    try:
        collector.hold()
        assert not gc.isenabled()
        collector.release()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
        # the youngest generation collected less often from here on, the others as before
        assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, *thresholds[1:])
        collector.release()  # once only
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*thresholds)
