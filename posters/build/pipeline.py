"""``build()``: the pipeline of a build in order (plan, tasks, manifest, stale outputs,
HTML edition, report, gallery, and the build record of a successful one). The package's
docstring (``posters.build``) names each room it goes through."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from posters import collector
from posters.build.fingerprint import Manifest
from posters.build.outputs import Output, remove_debris, remove_outputs_no_longer_made
from posters.build.pool import Groups, Stop, Stopped, groups_of, run_tasks
from posters.build.record import Snapshot, remove_record, write_record
from posters.build.report import (
    BuildReport,
    OutputEntry,
    build_entries,
    local,
    merged,
    previous_entries,
)
from posters.build.report import write_report as _write_report
from posters.build.request import BuildRequest, plan
from posters.build.task import OutputResult, TaskResult
from posters.dates import campaign_date
from posters.diagnostics import Diagnostic, Diagnostics, Level, Location
from posters.i18n.lookups import LookupFactory, catalog_lookups
from posters.model import Campaign

if TYPE_CHECKING:
    from posters.text import TextEngine


class BuildInterrupted(Exception):
    """Ctrl-C: the outputs built before the build stopped (those of the tasks under way
    included) are in place and recorded as built; no other output was written."""

    def __init__(self, built: int) -> None:
        super().__init__(f"interrupted after {built} outputs were built")
        self.built = built


@dataclass(frozen=True)
class BuildResult:
    campaign: Campaign
    results: tuple[OutputResult, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
    seconds: float = 0.0
    # earlier outputs this build no longer makes (language, region or format gone, or
    # named otherwise now): deleted
    removed: tuple[Path, ...] = ()

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.results) or any(
            d.level.value == "error" for d in self.diagnostics)

    @property
    def campaign_name(self) -> str:
        return self.campaign.name

    def paths(self, status: str | None = None) -> list[Path]:
        return [r.output.path for r in self.results if status in (None, r.status)]


Progress = Callable[[TaskResult, int, int], None]
Stopping = Callable[[int], None]  # Ctrl-C taken: the number of tasks still under way


def build(request: BuildRequest, engine: TextEngine | None = None,
          lookups: LookupFactory | None = None,
          progress: Progress | None = None, stopping: Stopping | None = None) -> BuildResult:
    """Raise ContentError if the campaign does not validate, UsageError for a bad request,
    BuildInterrupted after Ctrl-C; otherwise build every output and return what happened
    to each."""
    started = time.perf_counter()
    lookups = lookups or catalog_lookups
    # the campaign folder as found before it is read (a shard leaves the record alone)
    snapshot = Snapshot.take(request) if request.shard is None else None
    campaign, outputs, warnings = plan(request)
    collector.release()  # the tool and the campaign loaded: collect from here on
    campaign_out = request.out_dir / campaign.name
    # One task per language and format: a changed catalog still keeps every core busy.
    groups: Groups = groups_of(outputs)
    if request.shard is not None:
        return _build_shard(request, engine, lookups, progress, stopping, campaign, outputs,
                            groups, warnings, started)
    assert snapshot is not None
    remove_record(request)
    manifest = Manifest.load(campaign_out)
    remove_debris(campaign_out, [o.path for o in outputs] + [Path(k) for k in manifest.entries])
    stop = Stop(stopping)
    total: list[int] = []  # the number of tasks, once run_tasks has dealt them
    tasks = run_tasks(request, campaign, engine, lookups, groups,
                      _trusted_entries(outputs, manifest, request), stop, total.append)
    results = _record(tasks, manifest, total, progress, stop)
    _in_order(results, outputs)
    before = previous_entries(campaign_out)
    results = _recalled(results, before, campaign_out, request.campaign_dir)
    removed = remove_outputs_no_longer_made(request.out_dir, campaign, manifest, before)
    problems = Diagnostics()
    given = _given(warnings, results)
    problems.extend(given)
    # Nothing built and nothing failed: the report and the gallery already say all this.
    if not _nothing_new(request, campaign_out, outputs, results, before, removed):
        edition = _write_web_edition(request, campaign, lookups,
                                     [task.lang for task in results]) \
            if "screen" in request.variants else []
        report = BuildReport(campaign.meta.id, campaign.meta.title.source, merged(
            before.values(), build_entries(results, campaign_out, request.campaign_dir, before),
            removed))
        _write_report(campaign_out, report)
        problems.extend(_write_gallery(request, campaign, report) if request.gallery else [])
        problems.extend(edition)
    if request.strict:
        problems.promote_warnings()
    result = BuildResult(campaign, tuple(r for t in results for r in t.results),
                         tuple(problems), time.perf_counter() - started,
                         tuple(campaign_out / path for path in removed))
    if not result.failed:  # what a build with nothing to do says: the same warnings
        write_record(snapshot, campaign_out, outputs, result.results, given,
                     campaign_date(campaign).source)
    return result


def _in_order(results: list[TaskResult], outputs: list[Output]) -> None:
    """The tasks' results in the plan's order (that of their first outputs), whichever
    finished first."""
    order = {output.path: i for i, output in enumerate(outputs)}
    results.sort(key=lambda r: order.get(r.results[0].output.path, -1) if r.results
                 else -1)


def _build_shard(request: BuildRequest, engine: TextEngine | None, lookups: LookupFactory,
                 progress: Progress | None, stopping: Stopping | None, campaign: Campaign,
                 outputs: list[Output], groups: Groups, warnings: list[Diagnostic],
                 started: float) -> BuildResult:
    """One shard (posters.build.shard): its tasks, its manifest and its report; nothing
    of the whole build's (report, gallery, HTML edition, stale outputs)."""
    from posters.build.shard import identity, select, shard_names, write_shard_report
    from posters.build.task import LanguageTask

    assert request.shard is not None
    index, count = request.shard
    campaign_out = request.out_dir / campaign.name
    ident = identity(request, campaign, outputs, LanguageTask(request, campaign, None, lookups))
    groups = select(groups, index, count)
    outputs = [o for group in groups.values() for o in group]
    report_name, manifest_name, digests_name = shard_names(index, count)
    manifest = Manifest.load_shard(campaign_out, manifest_name, digests_name,
                                   [str(o.path) for o in outputs])
    remove_debris(campaign_out, [o.path for o in outputs])
    stop = Stop(stopping)
    total: list[int] = []  # the number of tasks, once run_tasks has dealt them
    tasks = run_tasks(request, campaign, engine, lookups, groups,
                      _trusted_entries(outputs, manifest, request), stop, total.append)
    results = _record(tasks, manifest, total, progress, stop)
    _in_order(results, outputs)
    before = {**previous_entries(campaign_out),
              **previous_entries(campaign_out, report_name)}
    results = _recalled(results, before, campaign_out, request.campaign_dir)
    problems = Diagnostics()
    problems.extend(_given(warnings, results))
    report = BuildReport(campaign.meta.id, campaign.meta.title.source, tuple(
        build_entries(results, campaign_out, request.campaign_dir, before)))
    write_shard_report(campaign_out, report, index, count, ident, request.campaign_dir)
    if request.strict:
        problems.promote_warnings()
    return BuildResult(campaign, tuple(r for t in results for r in t.results), tuple(problems),
                       time.perf_counter() - started)


def _record(tasks, manifest: Manifest, total: list[int],  # type: ignore[no-untyped-def]
            progress: Progress | None, stop: Stop) -> list[TaskResult]:
    """Each task's result as it comes, recorded in the manifest at once (an interrupted
    build keeps what it finished). Ctrl-C meanwhile is ``stop``'s (posters.build.pool):
    it never lands between a result and its recording, and the results of the tasks
    under way come before ``Stopped``. ``total`` ends with the number of tasks, which
    run_tasks gives before its first result."""
    results: list[TaskResult] = []
    with stop.on_ctrl_c():
        try:
            for result in tasks:
                results.append(result)
                manifest.update((str(r.output.path), r.fingerprint) for r in result.results
                                if r.status != "failed")
                for r in result.results:
                    if r.status == "built":
                        manifest.record_output(r.output.path)
                if progress:
                    progress(result, len(results), total[-1])
        except Stopped:
            manifest.save()  # what was built is not built again
            raise BuildInterrupted(sum(r.status == "built" for task in results
                                       for r in task.results)) from None
        manifest.save()
    return results


def _recalled(results: list[TaskResult], before: dict[str, OutputEntry], campaign_out: Path,
              campaign_dir: Path) -> list[TaskResult]:
    """The results with each unchanged output's warnings and findings as the build that
    made it gave them (its entry in the last report): a build that finds it up to date
    says them again, as a compiler that caches its work replays its diagnostics, until
    their cause is fixed (which changes the output's fingerprint)."""
    recalled = []
    for task in results:
        outputs = []
        for result in task.results:
            last = before.get(result.output.path.relative_to(campaign_out).as_posix()) \
                if result.status == "unchanged" and result.output.path.is_relative_to(
                    campaign_out) else None
            if last is not None and (last.warnings or last.findings):
                result = replace(result, findings=result.findings or last.findings,
                                 warnings=tuple(local(w, campaign_dir) for w in last.warnings))
            outputs.append(result)
        recalled.append(replace(task, results=tuple(outputs)))
    return recalled


def _given(plan_warnings: list[Diagnostic], results: list[TaskResult]) -> list[Diagnostic]:
    """What the build says, each once: the plan's warnings, then each task's in the plan's
    order, those about each output (said by its task or recalled) and the task's own (a
    language's catalog findings come once per format task, and once per output)."""
    return list(dict.fromkeys([*plan_warnings, *(
        d for task in results
        for d in (*(w for r in task.results for w in r.warnings), *task.diagnostics))]))


def _trusted_entries(outputs: list[Output], manifest: Manifest, request: BuildRequest
                     ) -> dict[str, str]:
    """The manifest's entries, less those of outputs whose file no longer holds the bytes
    the build wrote (cut short, edited or damaged since): those are built again. Each
    file is read whole (its SHA-256), by ``request.jobs`` threads (hashlib lets go of
    the interpreter while it reads and hashes); none with --force, which builds every
    output regardless."""
    entries = dict(manifest.entries)
    if request.force:
        return entries
    known = [output.path for output in outputs
             if str(output.path) in entries and output.path.is_file()]
    if request.jobs > 1 and len(known) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(request.jobs, len(known))) as threads:
            intact = list(threads.map(manifest.intact, known))
    else:
        intact = [manifest.intact(path) for path in known]
    for path, whole in zip(known, intact, strict=True):
        if not whole:
            del entries[str(path)]
    return entries


def _nothing_new(request: BuildRequest, campaign_out: Path, outputs: list[Output],
                 results: list[TaskResult], before: dict, removed: list[str]) -> bool:
    """Whether nothing was built or failed, the report lists every output and the
    gallery page is whole: then neither is written again."""
    listed = all(o.path.relative_to(campaign_out).as_posix() in before for o in outputs
                 if o.path.is_relative_to(campaign_out))
    if not (listed and not removed
            and all(r.status == "unchanged" for task in results for r in task.results)):
        return False
    if not request.gallery:
        return True
    from posters.gallery.site import gallery_whole  # the gallery's code: only when asked

    return gallery_whole(campaign_out)


def _write_web_edition(request: BuildRequest, campaign: Campaign, lookups: LookupFactory,
                       tasks: list[str]) -> list[Diagnostic]:
    """The HTML edition (docs/web.md) of every language the build made (``tasks``: the
    language of each task, in the plan's order), beside the screen variant:
    out/<campaign>/web/<lang>/index.html and an index."""
    from posters.edition.site import write_edition
    from posters.localize import localize
    from posters.schema.assets import IconError

    languages = [lang for lang in dict.fromkeys(tasks) if lang in campaign.meta.languages]
    localized = []
    for lang in languages:
        lookup, found = lookups(campaign, lang, request.draft)
        if any(d.level.value == "error" for d in found):
            continue  # its PDFs failed already, with the catalog's errors
        localized.append(localize(campaign, lang, lookup))
    target = request.out_dir / campaign.name / "web"
    try:
        write_edition(localized, target)
    except (IconError, OSError) as exc:
        return [Diagnostic(Level.WARNING, Location(str(target / "index.html")),
                           f"the HTML edition was not written: {getattr(exc, 'message', exc)}")]
    return []


def _write_gallery(request: BuildRequest, campaign: Campaign,
                   report: BuildReport | None = None) -> list[Diagnostic]:
    """The gallery page from the report just written (``report``: as it is in memory,
    not read back) and the previews the workers made."""
    from posters.build.report import ReportError
    from posters.gallery.site import build_gallery

    campaign_out = request.out_dir / campaign.name
    try:
        build_gallery(campaign_out, jobs=request.jobs, report=report)
    except (ReportError, OSError) as exc:
        return [Diagnostic(Level.WARNING, Location(str(campaign_out / "index.html")),
                           f"the proof gallery was not written: {exc}")]
    return []
