"""Running a build's tasks: in this process (``-j 1``) or in a pool of worker processes.

Both go through the same net (posters.build.task.run_task). The pool adds what processes
need: Ctrl-C (``Stop``: the tasks under way finish and are recorded, nothing more is
started), a worker that dies (its tasks fail with a message, its temporary files are
removed) and a memory ceiling per worker.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from posters.build.failures import internal_error, worker_memory_limit
from posters.build.outputs import ALL_LANGUAGES, Output
from posters.build.task import LanguageTask, OutputResult, TaskResult, run_task
from posters.diagnostics import Diagnostic, Level, Location
from posters.i18n.lookups import LookupFactory
from posters.i18n.pseudo import is_pseudo
from posters.languages import is_rtl
from posters.model import Campaign

if TYPE_CHECKING:
    from concurrent.futures import Future

    from posters.build.request import BuildRequest
    from posters.text import TextEngine

Groups = dict[tuple[str, str], list[Output]]  # (language, format) -> its outputs
# a task: (language, format, part) -> its outputs; part 0 unless the group is split
Parts = dict[tuple[str, str, int], list[Output]]

# A group larger than a worker's fair share of the work to do is split into parts, so
# that every worker has work: a personalised batch is one group of a thousand outputs per
# language, and a changed catalog leaves one language's groups to build (nine outputs
# each for the sample), which whole would keep one worker busy while the other idles. A
# part localizes its language again and composes its format's shared pages again when
# another process builds the group's other parts, so it has at least this many outputs.
MIN_PART = 3
# A worker's share of the work in this many parts, of about equal size: as a free worker
# goes on with the group it was building (next_task), parts of one group cost about what
# the group whole does, and the last tasks of a build are small enough that the workers
# finish together (the sample's cold build: its groups of 9 in parts of 5 and 4).
PARTS_PER_WORKER = 32


def parts_of(groups: Groups, jobs: int) -> Parts:
    """The tasks of ``groups`` (those with something to build): each group whole, or in
    consecutive parts of about equal size when it is larger than a worker's share of them
    (``jobs`` > 1 only). The same for the same groups and job count; every output is
    built the same whichever task builds it."""
    size = None
    if jobs > 1:
        total = sum(len(outputs) for outputs in groups.values())
        size = max(MIN_PART, -(-total // (jobs * PARTS_PER_WORKER)))
    parts: Parts = {}
    for (lang, format_name), outputs in groups.items():
        count = 1 if size is None else max(1, -(-len(outputs) // size))
        step, longer = divmod(len(outputs), count)  # the first ``longer`` take one more
        start = 0
        for part in range(count):
            end = start + step + (part < longer)
            parts[(lang, format_name, part)] = outputs[start:end]
            start = end
    return parts


class Stopped(Exception):
    """Ctrl-C was taken: every result of a task that ran has been given, and no other task
    will start."""


class Stop:
    """Ctrl-C while a build's tasks run, taken as a request to stop rather than as a
    KeyboardInterrupt raised wherever the main process happens to be (it could land while
    a result is being recorded, and drop the results of tasks whose outputs are then in
    place). The tasks under way finish (a worker ignores Ctrl-C; a task in this process
    stops after the output under way), their results are given, then ``Stopped``.
    ``notice`` is told how many tasks are still under way when Ctrl-C is taken."""

    def __init__(self, notice: Callable[[int], None] | None = None) -> None:
        self.notice = notice
        self.requested = False
        self._wake: Callable[[None], None] | None = None

    def is_requested(self) -> bool:
        return self.requested

    def request(self) -> None:
        """The SIGINT handler: sets a flag and wakes a waiting pool; prints nothing (it may
        run while the main process is writing to the terminal)."""
        self.requested = True
        if self._wake is not None:
            self._wake(None)  # queue.SimpleQueue.put: safe to call from a signal handler

    @contextmanager
    def on_ctrl_c(self) -> Iterator[Stop]:
        """While inside, SIGINT in this process calls request() (the main thread only:
        a build run from another thread, as ``posters serve`` does, leaves it alone)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = signal.signal(signal.SIGINT, lambda signum, frame: self.request())
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)

    @contextmanager
    def waking(self, wake: Callable[[None], None]) -> Iterator[None]:
        self._wake = wake
        try:
            yield
        finally:
            self._wake = None


def run_tasks(request: BuildRequest, campaign: Campaign, engine: TextEngine | None,
              lookups: LookupFactory, groups: Groups, manifest: dict[str, str],
              stop: Stop | None = None, counted: Callable[[int], None] | None = None
              ) -> Iterator[TaskResult]:
    """Each task's result as it is done, or after Ctrl-C (``stop``, whose on_ctrl_c() the
    caller is inside) those of the tasks that ran, then ``Stopped``. A group whose outputs
    are all up to date is one task, decided here without starting a worker or loading
    fonts; the others are split in parts sized from them (``parts_of``), each decided
    here too when its own outputs are up to date. ``counted`` is told the number of tasks
    before the first result is given."""
    stop = stop or Stop()
    task = LanguageTask(request, campaign, engine, lookups)
    task.stop = stop.is_requested  # in this process: stops after the output under way
    done: dict[tuple[str, str, int], TaskResult] = {}
    stale: set[tuple[str, str]] = set()
    for key, outputs in groups.items():
        if stop.requested:
            raise Stopped
        result = task.up_to_date(key[0], outputs, manifest)
        if result is not None:
            done[(*key, 0)] = result
        else:
            stale.add(key)
    pending: Parts = {}
    for key, outputs in parts_of({key: groups[key] for key in groups if key in stale},
                                 request.jobs).items():
        if stop.requested:
            raise Stopped
        # a part of a group may be up to date (a batch's other rows): decided here too
        result = task.up_to_date(key[0], outputs, manifest) \
            if len(outputs) < len(groups[key[:2]]) else None
        if result is not None:
            done[key] = result
        else:
            pending[key] = outputs
    if counted is not None:
        counted(len(done) + len(pending))
    yield from done.values()
    pending = {key: pending[key] for key in task_order(pending)}
    if min(request.jobs, len(pending)) <= 1:
        for (lang, _, _), outputs in pending.items():
            if stop.requested:
                break
            yield run_task(task, lang, outputs, manifest)
    else:
        yield from _run_in_pool(request, campaign, lookups, pending, manifest, stop)
    if stop.requested:
        raise Stopped


def task_order(tasks: Parts) -> list[tuple[str, str, int]]:
    """The order tasks are started in: longest first, so that no worker is left with a
    long task at the end: the documents that carry every language (each one output, but
    every language set and fitted: the longest single tasks of a build, 1.5 to 3 s of CPU
    for the sample's 17), then by the cost of a language's outputs (right-to-left pages
    take several times longer), and then a language's formats one after the other (the
    plan lists them format by format), so that a process sets one language's texts at a
    time: its texts, shaped runs and font pages are then in use together, and the text
    engine's caches, bounded in bytes, need hold one language rather than every one at
    once. Outputs are the same in any order; the results are put back in the plan's."""
    languages = {lang: i for i, lang in enumerate(dict.fromkeys(key[0] for key in tasks))}
    return sorted(tasks, key=lambda key: (key[0] != ALL_LANGUAGES, -expected_cost(key[0]),
                                          languages[key[0]]))


def next_task(waiting: list[tuple[str, str, int]], last: tuple[str, str] | None,
              others: Collection[tuple[str, str]]) -> int:
    """Which of the tasks ``waiting`` (in task_order) a free worker starts: the next part
    of the group it built last (``last``), whose language, fonts and shared pages it
    holds; else the first task of a group no other worker is building (``others``: the
    groups of the tasks under way); else the last part of the group with the most parts
    waiting, which another worker is building from its first. Each worker so builds whole
    groups while there are groups to start, and a group is shared only at the end."""
    if last is not None:
        for index, key in enumerate(waiting):
            if key[:2] == last:
                return index
    for index, key in enumerate(waiting):
        if key[:2] not in others:
            return index
    left = Counter(key[:2] for key in waiting)
    most = max(left.values())
    group = next(key[:2] for key in waiting if left[key[:2]] == most)
    return max(index for index, key in enumerate(waiting) if key[:2] == group)


def _entries_of(outputs: list[Output], manifest: dict[str, str]) -> dict[str, str]:
    """The manifest's entries of a task's outputs: all a worker needs of it (the whole
    manifest, sent with every task, grows with the square of the build)."""
    return {key: manifest[key] for key in (str(o.path) for o in outputs) if key in manifest}


def _run_in_pool(request: BuildRequest, campaign: Campaign, lookups: LookupFactory,
                 pending: Parts, manifest: dict[str, str], stop: Stop) -> Iterator[TaskResult]:
    """The tasks in a pool of worker processes, each started when a worker is free (in
    task_order), so that after Ctrl-C only the tasks under way finish."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Workers fork from this process (Linux's default start method): with the composer
    # and the writer (renderer, PDF/X, preflight) imported once here, no worker imports
    # them again (0.3 CPU-s a worker); so are littleCMS, which the writer imports only to
    # convert an image or a colour the check cache does not hold, the localizer (which
    # posters.i18n.pseudo no longer brings) and the catalog reader, which every worker of
    # a build in several languages imports.
    import PIL.ImageCms  # noqa: F401

    import posters.build.write
    import posters.i18n.catalogs
    import posters.layout.compose
    import posters.localize  # noqa: F401

    lost: list[tuple[str, str, int]] = []  # tasks of a worker that died, and those after
    # the tasks done, and None for Ctrl-C, in the order they happen
    events: queue.SimpleQueue[Future[tuple[int, TaskResult]] | None] = queue.SimpleQueue()
    workers = min(request.jobs, len(pending))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(replace(request, jobs=1), campaign, lookups)) as pool, \
            stop.waking(events.put):
        waiting = list(pending)  # not started yet, in task_order
        under_way: dict[Future[tuple[int, TaskResult]], tuple[str, str, int]] = {}
        # the group each worker process (by pid) last built a part of: a task started
        # when it is done goes to that worker, the only one free
        building: dict[int, tuple[str, str]] = {}

        def start(freed: int | None = None) -> None:
            others = [key[:2] for key in under_way.values()]
            key = waiting.pop(next_task(waiting, building.get(freed) if freed else None,
                                        others))
            try:
                future = pool.submit(_run_in_worker, key[0], pending[key],
                                     _entries_of(pending[key], manifest))
            except BrokenProcessPool:  # a worker died: this task and the rest are lost
                lost.extend([key, *waiting])
                waiting.clear()
                return
            under_way[future] = key
            future.add_done_callback(events.put)

        def outcome(future: Future[tuple[int, TaskResult]], key: tuple[str, str, int]
                    ) -> tuple[int | None, TaskResult | None]:
            try:
                pid, result = future.result()
                building[pid] = key[:2]
                return pid, result
            except BrokenProcessPool:
                lost.append(key)  # reported once the pool has stopped
                return None, None
            except Exception as error:  # the result did not come back: a bug
                return None, _failed(key[0], key[1], pending[key], internal_error(error))

        while waiting and len(under_way) < workers and not stop.requested:
            start()
        told = False  # whether Ctrl-C's notice was given
        while under_way:
            done = events.get()
            if done is None:  # Ctrl-C: start nothing more; the tasks under way finish
                if not told and stop.notice is not None:
                    stop.notice(len(under_way))
                told = True
                waiting.clear()
                continue
            key = under_way.pop(done)
            pid, result = outcome(done, key)
            if waiting and not stop.requested:
                start(pid)
            if not under_way and not lost:
                # every result is in: the workers are let go, and exit while this
                # process records the last one and writes the report (after a worker
                # died, leaving the block waits for the pool: its debris is removed next)
                pool.shutdown(wait=False)
            if result is not None:
                yield result
    # The pool's processes are gone now: what a killed worker was writing is removed
    # with the rest of the debris of dead processes.
    if lost:
        from posters.build.outputs import remove_debris

        remove_debris(request.out_dir / campaign.name,
                      [o.path for key in lost for o in pending[key]])
    for key in lost:
        yield _failed(key[0], key[1], pending[key],
                      "a worker process stopped before this task was done (killed, out of "
                      "memory, or crashed); build again, with -j 1 to see where")


def _failed(lang: str, format_name: str, outputs: list[Output], why: str) -> TaskResult:
    return TaskResult(lang, tuple(OutputResult(o, "failed") for o in outputs),
                      (Diagnostic(Level.ERROR, Location(str(outputs[0].path.parent)),
                                  f"{lang} {format_name}: {why}"),))


def groups_of(outputs: list[Output]) -> Groups:
    """The build's tasks: its outputs by language and format, in the plan's order."""
    groups: Groups = {}
    for output in outputs:
        groups.setdefault((output.lang, output.format), []).append(output)
    return groups


def expected_cost(lang: str) -> int:
    """A task's cost per output, relative to a left-to-right language's."""
    if lang == ALL_LANGUAGES:
        return 2
    if is_pseudo(lang):
        return 1
    return 3 if is_rtl(lang) else 1


# Worker processes keep their engine and campaign between tasks: fonts load once per worker.
_worker: LanguageTask | None = None


def _limit_memory() -> None:
    limit = worker_memory_limit()
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if limit is not None:
            soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this system: the worker runs without one


def _init_worker(request: BuildRequest, campaign: Campaign, lookups: LookupFactory) -> None:
    """A worker builds the campaign plan() validated (not read again: a file saved since
    the build started is the next build's), with its own engine."""
    global _worker
    # Ctrl-C reaches every process of the terminal's group: the main process stops the
    # build, and a worker finishes its task rather than leave it half done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    _worker = LanguageTask(request, campaign, None, lookups)


def _run_in_worker(lang: str, outputs: list[Output], manifest: dict[str, str]
                   ) -> tuple[int, TaskResult]:
    """The task's result, and which worker process built it (posters.build.pool's
    next_task gives a worker the next part of the group it is building)."""
    assert _worker is not None
    try:
        return os.getpid(), run_task(_worker, lang, outputs, manifest)
    finally:
        _release_font_files()


def _release_font_files() -> None:
    """After a worker's task, the pages of the font files it mapped (drawing's and
    HarfBuzz's) are let go (posters.render.fontfile.release_mapped_files): a worker that
    has set every language holds the pages of the language it is setting, not of every
    CJK font's. A worker runs one task at a time in one thread, and unmaps no font file."""
    fontfile = sys.modules.get("posters.render.fontfile")  # not loaded: nothing was drawn
    if fontfile is not None:
        fontfile.release_mapped_files()

