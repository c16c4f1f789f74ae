"""Python's cyclic garbage collector in a one-shot command (#20: a process's fixed cost).

A `posters build` process imports some 470 modules and reads its campaign before it
draws anything; every object they make lives until the process exits, yet the collector,
counting allocations, walks them again and again while they load (tens of collections,
one of them full: 40 ms of a one-poster build's 0.45 CPU-s). So when the process itself
runs one command (its own command line: `posters ...`, `python -m posters ...`; not a
test's CliRunner, nor `posters serve`'s rebuilds) the build command holds the collector
off (``hold``); once the campaign is read the build calls ``release``, which freezes
everything alive then (gc.freeze: never walked again, and a forked worker's collections
do not touch those pages either) and collects from there on, so a long build's garbage
is collected all the same. Anywhere else ``hold`` and ``release`` do nothing.

From there on the youngest generation is collected after YOUNG_THRESHOLD allocations
rather than Python's 700: a build allocates glyphs, runs and content-stream tokens by the
hundred thousand, nearly none of them in a cycle, and the default walked them about 250
times for 17 posters, its collections promoting the text and preflight caches' entries
to the older generations and walking those again (22 middle and 2 full collections):
180 ms of 3.2 CPU-s, counted with gc.callbacks in one process. At 20,000: 8 collections,
77 ms, the same peak memory (105 MiB). Cyclic garbage is still collected, later.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000

_one_command = False  # this process runs one command of its own command line, then exits
_held = False


def one_command() -> None:
    """Say that this process exits after the command it is running (posters.cli)."""
    global _one_command
    _one_command = True


def hold() -> None:
    """No collection until ``release``, in a process that runs one command."""
    global _held
    if _one_command and gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """What is alive now frozen, and the collector running again, if ``hold`` stopped it."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
