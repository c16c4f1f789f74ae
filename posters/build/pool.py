"""Running a build's tasks: in this process (``-j 1``) or in a pool of worker processes.

Both go through the same net (posters.build.task.run_task). The pool adds what processes
need: Ctrl-C (``Stop``: the tasks under way finish and are recorded, nothing more is
started), a worker that dies (its tasks fail with a message, its temporary files are
removed) and a memory ceiling per worker.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
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

# A group larger than a worker's fair share is split into parts, so that every worker
# has work (a personalised batch is one group of a thousand outputs per language). A part
# localizes its language again (some 40 ms), so it has at least this many outputs.
MIN_PART = 24
PARTS_PER_WORKER = 4  # parts of about equal size balance the workers' loads


def parts_of(groups: Groups, jobs: int) -> Parts:
    """The build's tasks: each group whole, or in consecutive parts when it is larger
    than a worker's share of the build (``jobs`` > 1 only). The same for the same plan
    and job count; every output is built the same whichever task builds it."""
    size = None
    if jobs > 1:
        total = sum(len(outputs) for outputs in groups.values())
        size = max(MIN_PART, -(-total // (jobs * PARTS_PER_WORKER)))
    parts: Parts = {}
    for (lang, format_name), outputs in groups.items():
        step = size if size is not None and len(outputs) > size else len(outputs) or 1
        for part, start in enumerate(range(0, len(outputs), step)):
            parts[(lang, format_name, part)] = outputs[start:start + step]
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
              stop: Stop | None = None) -> Iterator[TaskResult]:
    """Each task's result as it is done (``len(parts_of(groups, request.jobs))`` of
    them), or after Ctrl-C (``stop``, whose on_ctrl_c() the caller is inside) those of the
    tasks that ran, then ``Stopped``. A task whose outputs are all up to date is decided
    here, without starting a worker or loading fonts."""
    stop = stop or Stop()
    task = LanguageTask(request, campaign, engine, lookups)
    task.stop = stop.is_requested  # in this process: stops after the output under way
    pending: Parts = {}
    for key, outputs in parts_of(groups, request.jobs).items():
        if stop.requested:
            raise Stopped
        done = task.up_to_date(key[0], outputs, manifest)
        if done is not None:
            yield done
        else:
            pending[key] = outputs
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
    events: queue.SimpleQueue[Future[TaskResult] | None] = queue.SimpleQueue()
    workers = min(request.jobs, len(pending))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(replace(request, jobs=1), campaign, lookups)) as pool, \
            stop.waking(events.put):
        waiting = list(pending)  # not started yet, in task_order
        under_way: dict[Future[TaskResult], tuple[str, str, int]] = {}

        def start() -> None:
            key = waiting.pop(0)
            try:
                future = pool.submit(_run_in_worker, key[0], pending[key],
                                     _entries_of(pending[key], manifest))
            except BrokenProcessPool:  # a worker died: this task and the rest are lost
                lost.extend([key, *waiting])
                waiting.clear()
                return
            under_way[future] = key
            future.add_done_callback(events.put)

        def outcome(future: Future[TaskResult], key: tuple[str, str, int]) -> TaskResult | None:
            try:
                return future.result()
            except BrokenProcessPool:
                lost.append(key)  # reported once the pool has stopped
                return None
            except Exception as error:  # the result did not come back: a bug
                return _failed(key[0], key[1], pending[key], internal_error(error))

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
            if waiting and not stop.requested:
                start()
            if (result := outcome(done, key)) is not None:
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


def _run_in_worker(lang: str, outputs: list[Output], manifest: dict[str, str]) -> TaskResult:
    assert _worker is not None
    try:
        return run_task(_worker, lang, outputs, manifest)
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

