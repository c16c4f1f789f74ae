"""A build: campaign x languages x formats x sizes x variants -> PDFs.

The campaign is validated once; then each language is a task (localize, lay out every
format and size, render every variant) run in this process or in worker processes. A
task's errors are reported with their locations and the other tasks go on. Each PDF is
written to a temporary file and renamed, and an output whose inputs have not changed
since it was written is not rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from posters.diagnostics import ContentError, Diagnostic, Diagnostics, Level, Location
from posters.display import relative_text
from posters.fingerprint import InputDigests, Manifest, output_fingerprint
from posters.formats import planned_formats
from posters.i18n.pseudo import PSEUDO_LOCALES, base_language, is_pseudo
from posters.languages import is_rtl
from posters.layout.description import available_layouts, load_layout
from posters.model import Campaign
from posters.print.jobsheet import job_sheet_paths
from posters.report import language_name, previous_outputs, write_report
from posters.schema.campaign import load_campaign
from posters.sizes import UnknownPaperSize, paper_size

if TYPE_CHECKING:
    from posters.localize import Lookup
    from posters.localized import LocalizedCampaign
    from posters.preflight import Finding
    from posters.text import TextEngine

# Rendering, preflight, gallery and the text engine are imported where they are used:
# a build whose outputs are all up to date never loads them.

# Multilingual formats carry every language at once: one output per size, under this name.
ALL_LANGUAGES = "all"
VARIANTS = ("print", "screen")


def variant(name: str, bleed_mm: float | None = None):  # type: ignore[no-untyped-def]
    """The named variant; the print variant with the campaign's bleed."""
    from posters.render.pdf import PRINT, SCREEN

    chosen = {"print": PRINT, "screen": SCREEN}[name]
    return replace(chosen, bleed_mm=bleed_mm) if bleed_mm is not None and \
        chosen.is_print else chosen


class UsageError(ValueError):
    """The request itself is wrong (unknown language, format or size): exit code 2."""


class BuildInterrupted(Exception):
    """Ctrl-C: the outputs finished before it are in place and recorded as built."""

    def __init__(self, built: int) -> None:
        super().__init__(f"interrupted after {built} outputs were built")
        self.built = built


@dataclass(frozen=True)
class BuildRequest:
    campaign_dir: Path
    out_dir: Path = Path("out")
    languages: tuple[str, ...] = ()  # empty: all of the campaign's
    formats: tuple[str, ...] = ()  # empty: all formats
    sizes: tuple[str, ...] = ()  # empty: each format's default size
    variants: tuple[str, ...] = ("print",)
    strict: bool = False
    draft: bool = False
    regions: tuple[str, ...] = ()  # empty: the generic output and one per region
    force: bool = False  # rebuild even what is up to date
    gallery: bool = True  # write out/<campaign>/index.html with previews of every output
    checks: str = "fast"  # preflight on each written file: fast, full or none
    jobs: int = 1  # worker processes; 1 builds in this process


GENERIC = "generic"  # the output without a region: its local-contacts area left empty


@dataclass(frozen=True)
class Output:
    path: Path
    lang: str
    format: str
    size: str
    variant: str
    region: str | None = None


@dataclass(frozen=True)
class OutputResult:
    output: Output
    status: str  # "built" | "unchanged" | "failed"
    fingerprint: str = ""
    findings: tuple[Finding, ...] = ()  # preflight findings on the written file
    # what the file must show, as checked: {"texts": [...], "url": ..., "qr": bool}
    expected: dict[str, object] | None = None


@dataclass(frozen=True)
class TaskResult:
    lang: str
    results: tuple[OutputResult, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0


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

    def paths(self, status: str | None = None) -> list[Path]:
        return [r.output.path for r in self.results if status in (None, r.status)]


LookupFactory = Callable[[Campaign, str, bool], "tuple[Lookup | None, list[Diagnostic]]"]


def catalog_lookups(campaign: Campaign, lang: str, draft: bool
                    ) -> tuple[Lookup | None, list[Diagnostic]]:
    """The language's catalog; the source language needs none."""
    if lang == campaign.meta.source_language:
        return None, []
    if is_pseudo(lang):
        from posters.i18n.pseudo import lookup_for

        return lookup_for(lang), []
    from posters.i18n.catalogs import load_lookup

    lookup, problems = load_lookup(campaign, lang, draft=draft)
    if campaign.requirements is not None:  # mandated wording a catalog may not change
        from posters.preflight.requirements import locked_text_problems

        problems = [*problems, *locked_text_problems(campaign, lang, lookup)]
    return lookup, problems


def default_lookups() -> LookupFactory:
    return catalog_lookups


def output_path(request: BuildRequest, campaign: Campaign, lang: str, format_name: str,
                size: str, variant: str, region: str | None = None) -> Path:
    # a size named after its format (card-jp) is not repeated: card-jp.pdf
    stem = [size] if size.startswith(f"{format_name}-") else [format_name, size]
    parts = stem + ([region] if region else []) + ([variant] if variant != "print" else [])
    return request.out_dir / campaign.name / lang / ("-".join(parts) + ".pdf")


def selected_regions(request: BuildRequest, campaign: Campaign) -> list[str | None]:
    known = [region.id for region in campaign.regions]
    if not request.regions:
        return [None, *known]
    unknown = [r for r in request.regions if r != GENERIC and r not in known]
    if unknown:
        raise UsageError(f"unknown region(s) {', '.join(unknown)}; the campaign has "
                         f"{', '.join([GENERIC, *known])}")
    return [None if r == GENERIC else r for r in dict.fromkeys(request.regions)]


def plan(request: BuildRequest) -> tuple[Campaign, list[Output], list[Diagnostic]]:
    """Validate the campaign and the request; the outputs to make, grouped by language."""
    campaign, warnings = load_campaign(request.campaign_dir, strict=request.strict)
    languages = request.languages or campaign.meta.languages
    with_all = not request.languages or ALL_LANGUAGES in request.languages
    languages = tuple(lang for lang in languages if lang != ALL_LANGUAGES)
    unknown = [lang for lang in languages if lang not in campaign.meta.languages
               and not is_pseudo(lang)]  # qps-ploc, qps-plocm: made on request only
    if unknown:
        raise UsageError(f"language(s) {', '.join(unknown)} not in the campaign; it has "
                         f"{', '.join(campaign.meta.languages)} (and the pseudo-locales "
                         f"{', '.join(PSEUDO_LOCALES)})")
    planned = {p.name: p.sizes for p in planned_formats(campaign)}
    known = available_layouts(campaign.root)
    formats = request.formats or tuple(planned)
    for name in formats:
        if name not in known:
            raise UsageError(f"unknown format {name!r}; known: {', '.join(known)}")
    for name in request.variants:
        if name not in VARIANTS:
            raise UsageError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
    regions = selected_regions(request, campaign)
    outputs = []
    unused = set(request.sizes)
    for format_name in formats:
        description = load_layout(format_name, campaign.root)
        for size_name in request.sizes or planned.get(format_name) or \
                (description.default_size,):
            try:
                size = paper_size(size_name)
            except UnknownPaperSize as exc:
                raise UsageError(str(exc)) from exc
            reason = description.check_size(size)
            if reason and request.sizes and not request.formats:
                continue  # all formats: each takes the sizes it is made for
            if reason:
                raise UsageError(reason)
            unused.discard(size_name)
            targets = ((ALL_LANGUAGES,) if with_all else ()) if description.multilingual \
                else languages
            # regional variants only where the format shows the local contacts
            format_regions = regions if description.has_block("contacts") else [None]
            for lang in targets:
                for region in format_regions:
                    for variant in request.variants:
                        outputs.append(Output(
                            output_path(request, campaign, lang, format_name, size.name,
                                        variant, region),
                            lang, format_name, size.name, variant, region))
    if unused:
        raise UsageError(f"no format is made for the size(s) {', '.join(sorted(unused))}; "
                         "name a format and a size it takes")
    return campaign, outputs, list(warnings)


def campaign_engine(campaign: Campaign) -> TextEngine | None:
    """An engine with the campaign's own font faces and stacks; None when it has none
    (the process's default engine then serves)."""
    from posters.schema.language_setup import campaign_font_config
    from posters.text import TextEngine
    from posters.text.install import ensure_campaign_fonts

    config = campaign_font_config(campaign)
    if not config.campaign.faces and not config.campaign.scripts:
        return None
    ensure_campaign_fonts(config)
    return TextEngine(config)


class LanguageTask:
    """Everything one language needs; runs in whichever process it is handed to."""

    def __init__(self, request: BuildRequest, campaign: Campaign,
                 engine: TextEngine | None, lookups: LookupFactory) -> None:
        self.request = request
        self.campaign = campaign
        self._engine = engine
        self.lookups = lookups
        self._localized: dict[str, tuple[LocalizedCampaign, list[Diagnostic]]] = {}
        self.digests = InputDigests()  # a task object lives for one build

    @property
    def engine(self) -> TextEngine:
        """Made when the first output has to be built: fonts load once per process."""
        if self._engine is None:
            from posters.text import TextEngine

            self._engine = campaign_engine(self.campaign) or TextEngine.default()
        return self._engine

    def fingerprint(self, o: Output) -> str:
        if o.lang != ALL_LANGUAGES:
            return output_fingerprint(self.campaign, o.lang, o.format, o.size, o.variant,
                                      o.region, draft=self.request.draft, digests=self.digests)
        parts = [output_fingerprint(self.campaign, lang, o.format, o.size, o.variant,
                                    o.region, draft=self.request.draft, digests=self.digests)
                 for lang in self.campaign.meta.languages]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def localized(self, lang: str) -> tuple[LocalizedCampaign, list[Diagnostic]]:
        """The language's campaign and its catalog's findings, made once per process (a
        worker builds several formats of a language, and the all-language documents)."""
        if lang not in self._localized:
            from posters.localize import localize

            lookup, problems = self.lookups(self.campaign, lang, self.request.draft)
            # a pseudo-locale is set with its base language's numbers, fonts, direction
            base = base_language(self.campaign, lang) if is_pseudo(lang) else lang
            self._localized[lang] = (localize(self.campaign, base, lookup), problems)
        return self._localized[lang]

    def localize_all(self, problems: Diagnostics) -> list[LocalizedCampaign]:
        localized = []
        for lang in self.campaign.meta.languages:
            one, catalog_problems = self.localized(lang)
            problems.extend(catalog_problems)
            localized.append(one)
        return localized

    def up_to_date(self, lang: str, outputs: list[Output], manifest: dict[str, str]
                   ) -> TaskResult | None:
        """The task's result when none of its outputs needs building, else None."""
        if self.request.force:
            return None
        results = []
        for output in outputs:
            fingerprint = self.fingerprint(output)
            if not output.path.is_file() or manifest.get(str(output.path)) != fingerprint:
                return None
            results.append(OutputResult(output, "unchanged", fingerprint))
        return TaskResult(lang, tuple(results))

    def run(self, lang: str, outputs: list[Output], manifest: dict[str, str]) -> TaskResult:
        started = time.perf_counter()
        fingerprints = {o: self.fingerprint(o) for o in outputs}
        pending = [o for o in outputs if self.request.force or not o.path.is_file()
                   or manifest.get(str(o.path)) != fingerprints[o]]
        results = [OutputResult(o, "unchanged", fingerprints[o]) for o in outputs
                   if o not in pending]
        if not pending:
            return TaskResult(lang, tuple(results), (), time.perf_counter() - started)
        from posters.gallery.previews import prerender
        from posters.layout.compose import compose_document
        from posters.output import write_output
        from posters.render import DocumentInfo

        problems = Diagnostics()
        font_errors = _font_cache_errors()
        if lang == ALL_LANGUAGES:
            localized: LocalizedCampaign | list[LocalizedCampaign] = self.localize_all(problems)
        else:
            localized, catalog_problems = self.localized(lang)
            problems.extend(catalog_problems)
        if problems.errors:
            results += [OutputResult(o, "failed") for o in pending]
            return TaskResult(lang, tuple(results), tuple(problems),
                              time.perf_counter() - started)
        pages = {}
        untranslated: dict[tuple[str, str, str | None], tuple] = {}
        warned: set[tuple[str, str, str | None]] = set()
        for output in pending:
            key = (output.format, output.size, output.region)
            if key not in pages:
                try:
                    pages[key] = compose_document(localized, load_layout(output.format,
                                                                         self.campaign.root),
                                                  paper_size(output.size), self.engine,
                                                  output.region)
                    if self.request.draft:  # the source standing in is framed, and listed
                        from posters.i18n.marks import mark_fallbacks

                        pages[key], untranslated[key] = mark_fallbacks(pages[key], localized)
                except ContentError as error:
                    problems.extend(error.diagnostics)
                    pages[key] = None
                except font_errors as error:  # the machine's cache, not a bug
                    problems.extend([_font_cache_failure(error)])
                    pages[key] = None
                except MemoryError:
                    problems.error(Location(str(output.path)), _out_of_memory())
                    pages[key] = None
            document = pages[key]
            if document is None:
                results.append(OutputResult(output, "failed"))
                continue
            if key not in warned:
                problems.extend(w for page in document for w in page.warnings)
                warned.add(key)
            what = f"{output.format}, {output.size}" + (
                f", {output.region}" if output.region else "")
            info = DocumentInfo(
                title=f"{document[0].title} ({what})", author=self.campaign.meta.organisation,
                subject=f"{self.campaign.meta.id}: {output.format} {output.size}"
                        + (f" ({output.region})" if output.region else ""),
                lang=document[0].lang, output_profile=self.campaign.output_intent.profile,
                keywords=f"{self.campaign.meta.id}, {output.format}, {output.size}",
                phone_links=tuple(link for h in self.campaign.content.hotlines
                                  for link in h.links),  # posters.schema.phone made them
            )
            try:
                output.path.parent.mkdir(parents=True, exist_ok=True)
                written = write_output(document, output.path,
                                       variant(output.variant, self.campaign.bleed_mm), info,
                                       self.campaign, self.engine, checks=self.request.checks,
                                       output_of=(output.lang, output.format, output.size))
                if written.ok and self.request.gallery:
                    # the previews are rendered here, in the worker, while its core is warm
                    prerender(output.path, self.request.out_dir / self.campaign.name)
            except Exception as error:  # one output's failure must not stop the others
                problems.extend([_write_failure(output, error)])
                results.append(OutputResult(output, "failed"))
                continue
            expected = None
            if written.expectations is not None:
                expected = {"texts": list(written.expectations.texts),
                            "url": written.expectations.url,
                            "qr": written.expectations.expect_qr,
                            # the links posters.schema.phone made, which check must hold it to
                            "links": [list(link) for link in written.expectations.links],
                            **written.expectations.print_rules()}
            findings = written.findings
            if untranslated.get(key):
                from posters.i18n.marks import fallback_findings

                findings += fallback_findings(untranslated[key], lang, output.path.name)
            results.append(OutputResult(output, "built" if written.ok else "failed",
                                        fingerprints[output] if written.ok else "",
                                        findings, expected))
        return TaskResult(lang, tuple(results), tuple(problems), time.perf_counter() - started)


# Worker processes keep their engine and campaign between tasks: fonts load once per worker.
_worker: LanguageTask | None = None


# Each worker process may use this much address space (bytes); a task that needs more
# fails with a message instead of taking the machine down. POSTERS_WORKER_MEMORY sets it
# (``6G``, ``1500M``; ``0`` for no limit). A worker building the sample's heaviest
# tasks (the all-language documents, Arabic, Japanese) peaks under 0.4 GB of it.
WORKER_MEMORY_ENV = "POSTERS_WORKER_MEMORY"
DEFAULT_WORKER_MEMORY = 4 * 2**30


def worker_memory_limit() -> int | None:
    """The ceiling in bytes, or None for none (a value that cannot be read: the default)."""
    written = os.environ.get(WORKER_MEMORY_ENV, "").strip().upper()
    if not written:
        return DEFAULT_WORKER_MEMORY
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)I?B?", written)
    if not found:
        return DEFAULT_WORKER_MEMORY
    factor = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}[found[2]]
    value = int(float(found[1]) * factor)
    return value or None


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


def _out_of_memory() -> str:
    limit = worker_memory_limit()
    ceiling = f"the ceiling of {limit / 2**30:.1f} GiB per worker" if limit else "the memory"
    return (f"ran out of memory ({ceiling}); set {WORKER_MEMORY_ENV} higher (e.g. 8G) or "
            "build fewer outputs at once (fewer --jobs, or one --format at a time)")


def _init_worker(request: BuildRequest, lookups: LookupFactory) -> None:
    global _worker
    # Ctrl-C reaches every process of the terminal's group: the main process stops the
    # build, and a worker finishes its task rather than leave it half done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    campaign, _ = load_campaign(request.campaign_dir, strict=request.strict)
    _worker = LanguageTask(request, campaign, None, lookups)


def _run_in_worker(lang: str, outputs: list[Output], manifest: dict[str, str]) -> TaskResult:
    assert _worker is not None
    try:
        return _worker.run(lang, outputs, manifest)
    except MemoryError:
        _worker._localized.clear()  # let go of what this task held
        return _failed_task(lang, outputs[0].format, outputs, _out_of_memory())


Progress = Callable[[TaskResult, int, int], None]


def build(request: BuildRequest, engine: TextEngine | None = None,
          lookups: LookupFactory | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Raise ContentError if the campaign does not validate, UsageError for a bad request;
    otherwise build every output and return what happened to each."""
    started = time.perf_counter()
    lookups = lookups or default_lookups()
    campaign, outputs, warnings = plan(request)
    # One task per language and format: a changed catalog still keeps every core busy.
    groups: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:
        groups.setdefault((output.lang, output.format), []).append(output)
    manifest = Manifest.load(request.out_dir / campaign.name)
    _remove_debris(request.out_dir / campaign.name, outputs, manifest)
    results: list[TaskResult] = []
    tasks = _run_tasks(request, campaign, engine, lookups, groups,
                       _trusted_entries(outputs, manifest))
    try:
        for result in tasks:
            results.append(result)
            manifest.update((str(r.output.path), r.fingerprint) for r in result.results
                            if r.status != "failed")
            for r in result.results:
                if r.status == "built":
                    manifest.record_output(r.output.path)
            if progress:
                progress(result, len(results), len(groups))
    except KeyboardInterrupt:
        tasks.close()  # starts nothing more; waits for the tasks under way
        manifest.save()  # what was built is not built again
        raise BuildInterrupted(sum(r.status == "built" for task in results
                                   for r in task.results)) from None
    manifest.save()
    order = {key: i for i, key in enumerate(groups)}
    results.sort(key=lambda r: order[(r.lang, r.results[0].output.format)] if r.results
                 else -1)
    campaign_out = request.out_dir / campaign.name
    before = {str(entry["path"]): entry for entry in previous_outputs(campaign_out)}
    removed = _remove_outputs_no_longer_made(request, campaign, manifest, before)
    # Nothing built and nothing failed: the report and the gallery already say all this.
    nothing_new = all(r.status == "unchanged" for task in results for r in task.results) and (
        _report_lists(campaign_out, outputs, before)) and (
        not request.gallery or _gallery_whole(campaign_out)) and not removed
    gallery_problem = None
    edition_problem = None
    if "screen" in request.variants and not nothing_new:
        edition_problem = _write_web_edition(request, campaign, lookups, results)
    if not nothing_new:
        _write_report(request, campaign, results, removed, before)
        gallery_problem = _write_gallery(request, campaign) if request.gallery else None
    # a language's catalog findings come once per format task: report them once
    diagnostics = list(dict.fromkeys([*warnings, *(d for r in results for d in r.diagnostics)]))
    if gallery_problem:
        diagnostics.append(gallery_problem)
    if edition_problem:
        diagnostics.append(edition_problem)
    problems = Diagnostics()
    problems.extend(diagnostics)
    if request.strict:
        problems.promote_warnings()
    return BuildResult(campaign, tuple(r for t in results for r in t.results), tuple(problems),
                       time.perf_counter() - started,
                       tuple(campaign_out / path for path in removed))


def _trusted_entries(outputs: list[Output], manifest: Manifest) -> dict[str, str]:
    """The manifest's entries, less those of outputs whose file no longer holds the bytes
    the build wrote (cut short, edited or damaged since): those are built again."""
    entries = dict(manifest.entries)
    for output in outputs:
        key = str(output.path)
        if key in entries and output.path.is_file() and not manifest.intact(output.path):
            del entries[key]
    return entries


# Temporary files a build writes next to an output and renames or deletes when done:
# ``.<name>.<pid>.tmp``, ``.<name>.<pid>.raw.tmp`` and the renderer's and PDF/X writer's
# ``..<name>.<pid>[.raw].tmp.<random>.tmp``, pikepdf's own ``.pikepdf.`` temporary of
# that one when it saves (``...tmp<random>``); and next to the manifest and the report.
_OUTPUT_DEBRIS = re.compile(r"^(?:\.pikepdf\.)?\.\.?(?P<name>[^/]+?\.pdf)\.(?P<pid>\d+)"
                            r"\.(?:raw\.)?tmp(?:\.[A-Za-z0-9_]+\.tmp[A-Za-z0-9_]*)?$")
_FOLDER_DEBRIS = re.compile(r"^(?:\.build-manifest|\.build-digests|build-report)"
                            r"\.(?P<pid>\d+)\.tmp$")


def _remove_debris(campaign_out: Path, outputs: list[Output], manifest: Manifest) -> int:
    """Delete what killed builds left behind (SIGKILL, a power cut): only temporary files
    named after an output this campaign makes or made, by a process that no longer runs
    (a build running at the same time keeps its own). Returns how many went."""
    if not campaign_out.is_dir():
        return 0
    ours: dict[Path, set[str]] = {}
    for path in [o.path for o in outputs] + [Path(key) for key in manifest.entries]:
        ours.setdefault(path.parent, set()).add(path.name)
    removed = 0
    candidates = [(campaign_out, _FOLDER_DEBRIS, None)]
    candidates += [(folder, _OUTPUT_DEBRIS, names) for folder, names in ours.items()]
    for folder, pattern, names in candidates:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = pattern.match(entry.name)
            if (found is None or (names is not None and found["name"] not in names)
                    or _process_alive(int(found["pid"])) or not entry.is_file()):
                continue
            try:
                entry.unlink()
                removed += 1
            except OSError:
                pass
    return removed + _remove_stale_gallery_files(campaign_out)


# The gallery's atomic writes (``.<name>.<random>.tmp``) carry no process id: one older
# than this is left from a killed build (a gallery file takes well under a second).
GALLERY_DEBRIS_AGE = 600.0
_GALLERY_DEBRIS = re.compile(r"^\.[^/]+\.[A-Za-z0-9_]{8}\.tmp$")


def _remove_stale_gallery_files(campaign_out: Path) -> int:
    removed = 0
    now = time.time()
    for folder in (campaign_out, campaign_out / ".previews"):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if not _GALLERY_DEBRIS.match(entry.name) or _OUTPUT_DEBRIS.match(entry.name):
                continue
            try:
                if entry.is_file() and now - entry.stat().st_mtime > GALLERY_DEBRIS_AGE:
                    entry.unlink()
                    removed += 1
            except OSError:
                pass
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a pid: leave its files alone
    return True


def _report_lists(campaign_out: Path, outputs: list[Output], listed: dict[str, dict]) -> bool:
    """Whether build-report.json (its entries by path: ``listed``, empty when it cannot be
    read) lists every output of this build."""
    return all(o.path.relative_to(campaign_out).as_posix() in listed for o in outputs
               if o.path.is_relative_to(campaign_out))


def _gallery_whole(campaign_out: Path) -> bool:
    """Whether the gallery page is there and complete (a cut-off page is written again)."""
    try:
        with (campaign_out / "index.html").open("rb") as page:
            page.seek(0, os.SEEK_END)
            page.seek(max(0, page.tell() - 64))
            return b"</html>" in page.read()
    except OSError:
        return False


def _remove_outputs_no_longer_made(request: BuildRequest, campaign: Campaign,
                                   manifest: Manifest, before: dict[str, dict]) -> list[str]:
    """Delete what an earlier build made for a language, region or format the campaign no
    longer has (a regional office closed, a language dropped), or under a name this
    version no longer gives it, so that neither the folder nor the gallery offers a stale
    poster. Only files the manifest says a build wrote are deleted. Returns the paths of
    the entries of the last report (``before``) that leave it, relative to the campaign's
    output folder."""
    campaign_out = request.out_dir / campaign.name
    languages = {*campaign.meta.languages, ALL_LANGUAGES}
    regions = {GENERIC, *(region.id for region in campaign.regions)}
    removed = []
    for relative, entry in before.items():
        lang, region = entry.get("lang"), entry.get("region", GENERIC)
        if lang in languages and region in regions and \
                entry.get("format") in available_layouts(campaign.root):
            named = output_path(request, campaign, str(lang), str(entry.get("format")),
                                str(entry.get("size")), str(entry.get("variant")),
                                None if region == GENERIC else str(region))
            if named == campaign_out / relative:
                continue
        parts = Path(relative).parts
        if Path(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
            continue  # not a path a build writes: leave it alone
        path = campaign_out / relative
        key = str(path)
        if key in manifest.entries:
            path.unlink(missing_ok=True)
            for sheet in job_sheet_paths(path):  # the print output's job sheet goes with it
                sheet.unlink(missing_ok=True)
            del manifest.entries[key]
        removed.append(relative)
    if removed:
        manifest.save()
    return removed


def _write_web_edition(request: BuildRequest, campaign: Campaign, lookups: LookupFactory,
                       results: list[TaskResult]) -> Diagnostic | None:
    """The HTML edition (docs/web.md) of every language the build made, beside the screen
    variant: out/<campaign>/web/<lang>/index.html and an index."""
    from posters.edition import write_edition
    from posters.localize import localize
    from posters.schema.assets import IconError

    languages = [lang for lang in dict.fromkeys(task.lang for task in results)
                 if lang in campaign.meta.languages]
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
        return Diagnostic(Level.WARNING, Location(str(target / "index.html")),
                          f"the HTML edition was not written: {getattr(exc, 'message', exc)}")
    return None


def _write_gallery(request: BuildRequest, campaign: Campaign) -> Diagnostic | None:
    from posters.gallery.report import ReportError
    from posters.gallery.site import build_gallery

    campaign_out = request.out_dir / campaign.name
    try:
        build_gallery(campaign_out, jobs=request.jobs)
    except (ReportError, OSError) as exc:
        return Diagnostic(Level.WARNING, Location(str(campaign_out / "index.html")),
                          f"the proof gallery was not written: {exc}")
    return None


def _write_report(request: BuildRequest, campaign: Campaign, results: list[TaskResult],
                  removed: list[str], before: dict[str, dict]) -> None:
    campaign_out = request.out_dir / campaign.name
    entries = []
    for task in results:
        # relative to the campaign folder: the report goes to other machines and people
        diagnostics = [relative_text(str(d), request.campaign_dir) for d in task.diagnostics]
        for result in task.results:
            output = result.output
            path = output.path.relative_to(campaign_out).as_posix()
            entry = {
                "path": path,
                "lang": output.lang, "language_name": language_name(output.lang),
                "format": output.format, "size": output.size, "variant": output.variant,
                "region": output.region or GENERIC,
                "status": result.status,
                "findings": [{"code": f.code, "level": str(f.level), "message": f.message,
                              "location": str(f.location)} for f in result.findings],
                "diagnostics": diagnostics if result.status == "failed" else [],
            }
            if result.fingerprint:  # what a reviewer's approval is bound to (review.yaml)
                entry["fingerprint"] = result.fingerprint
            if result.expected is not None:
                entry["expected"] = result.expected
            elif result.status == "unchanged" and path in before:
                # the same file as last time: what it was checked for, and found, still holds
                for kept in ("expected", "findings"):
                    if kept in before[path]:
                        entry[kept] = before[path][kept]
            entries.append(entry)
    write_report(campaign_out, campaign.meta.id, campaign.meta.title.source, entries, removed,
                 previous=list(before.values()))


def _run_tasks(request: BuildRequest, campaign: Campaign, engine: TextEngine | None,
               lookups: LookupFactory, groups: dict[tuple[str, str], list[Output]],
               manifest: dict[str, str]) -> Iterator[TaskResult]:
    task = LanguageTask(request, campaign, engine, lookups)
    pending = {}
    for (lang, format_name), outputs in groups.items():
        done = task.up_to_date(lang, outputs, manifest)
        if done is not None:
            yield done  # decided here, without starting a worker or loading fonts
        else:
            pending[(lang, format_name)] = outputs
    workers = min(request.jobs, len(pending))
    if workers <= 1:
        for (lang, _), outputs in pending.items():
            yield task.run(lang, outputs, manifest)
        return
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    lost: list[tuple[str, str]] = []  # tasks of a worker that died, and those after it
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(replace(request, jobs=1), lookups)) as pool:
        # longest first, so that no worker is left with a long task at the end:
        # right-to-left pages and the all-language documents take several times longer
        order = sorted(pending, key=lambda key: -_expected_cost(key[0]))
        futures = [pool.submit(_run_in_worker, key[0], pending[key], manifest)
                   for key in order]
        task_of = dict(zip(futures, order, strict=True))
        finished = set()

        def outcome(future: Future[TaskResult]) -> TaskResult | None:
            finished.add(future)
            key = task_of[future]
            try:
                return future.result()
            except BrokenProcessPool:
                lost.append(key)  # reported once the pool has stopped
                return None
            except MemoryError:
                return _failed_task(*key, pending[key], _out_of_memory())
            except Exception as error:  # a bug in one task must not stop the others
                return _failed_task(*key, pending[key], _internal_error(error))

        try:
            for future in as_completed(futures):
                if (result := outcome(future)) is not None:
                    yield result
        except KeyboardInterrupt:
            # Ctrl-C: the workers ignore it and finish the tasks under way, whose outputs
            # are then in place and are recorded; the tasks not started are dropped.
            for future in futures:
                future.cancel()
            for future in futures:
                if (future not in finished and not future.cancelled()
                        and (result := outcome(future)) is not None):
                    yield result
            raise
        finally:
            for future in futures:
                future.cancel()  # the generator was closed: start nothing more
    # The pool's processes are gone now: remove what a killed worker was writing.
    for key in lost:
        _remove_partial_files(request, pending[key])
        yield _lost(*key, pending[key])


def _write_failure(output: Output, error: Exception) -> Diagnostic:
    """Why an output could not be written: the disk, a profile, or (a bug) anything else."""
    from posters.print.pdfx import PdfxError
    from posters.schema.assets import IconError

    if isinstance(error, _font_cache_errors()):
        return _font_cache_failure(error)
    if isinstance(error, IconError):  # the campaign's (or a logo's) SVG file: not a bug
        return Diagnostic(Level.ERROR, Location(str(error.path), error.line or 0),
                          f"{error.message}; fix the SVG file or choose another icon")
    if isinstance(error, MemoryError):
        message = _out_of_memory()
    elif isinstance(error, PdfxError):
        message = f"cannot make PDF/X: {error}"
    elif isinstance(error, OSError):
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        message = f"cannot write the file: {reason}{where}"
    else:
        message = _internal_error(error)
    return Diagnostic(Level.ERROR, Location(str(output.path)), message)


def _font_cache_errors() -> tuple[type[Exception], ...]:
    from posters.text.cache import DamagedFontError
    from posters.text.model import FontsNotInstalledError

    return (DamagedFontError, FontsNotInstalledError)


def _font_cache_failure(error: Exception) -> Diagnostic:
    from posters.text.cache import DamagedFontError, cache_dir

    where = error.path if isinstance(error, DamagedFontError) else cache_dir()
    message = (f"the cached font is damaged ({error.reason}); run `posters fonts install` "
               "to make it again" if isinstance(error, DamagedFontError) else str(error))
    return Diagnostic(Level.ERROR, Location(str(where)), message)


def _internal_error(error: Exception) -> str:
    return (f"internal error: {type(error).__name__}: {error}; please report it with this "
            "campaign")


def _failed_task(lang: str, format_name: str, outputs: list[Output], why: str) -> TaskResult:
    return TaskResult(lang, tuple(OutputResult(o, "failed") for o in outputs),
                      (Diagnostic(Level.ERROR, Location(str(outputs[0].path.parent)),
                                  f"{lang} {format_name}: {why}"),))


def _lost(lang: str, format_name: str, outputs: list[Output]) -> TaskResult:
    """A task whose worker process died (killed for memory, or a crash in a library):
    its outputs failed; so did every task not finished, the pool being broken."""
    return _failed_task(lang, format_name, outputs,
                        "a worker process stopped before this task was done (killed, out of "
                        "memory, or crashed); build again, with -j 1 to see where")


def _remove_partial_files(request: BuildRequest, outputs: list[Output]) -> None:
    """Temporary files of these outputs and of the previews: hidden files named after the
    output (``.<name>.<pid>.tmp``, the renderer's ``..<name>.<pid>.raw.tmp.<x>.tmp``,
    pikepdf's ``.pikepdf..<name>...``)."""
    from glob import escape

    for output in outputs:
        for partial in output.path.parent.glob(f".*{escape(output.path.name)}.*"):
            partial.unlink(missing_ok=True)
    for previews in request.out_dir.glob("*/.previews"):
        for partial in previews.glob(".*.tmp"):
            partial.unlink(missing_ok=True)


def _expected_cost(lang: str) -> int:
    if lang == ALL_LANGUAGES:
        return 2
    if is_pseudo(lang):
        return 1
    return 3 if is_rtl(lang) else 1


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
