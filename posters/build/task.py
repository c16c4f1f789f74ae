"""One task of a build: a language and a format, every size, region and variant of it.
Localize, lay out, then write each output (posters.build.write). A task runs in whichever
process it is handed to, and its exceptions go through the one net (``run_task``)."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from posters.build.failures import diagnose, font_cache_errors, font_cache_failure, out_of_memory
from posters.build.fingerprint import InputDigests, output_fingerprint
from posters.build.outputs import ALL_LANGUAGES, Output, output_path
from posters.diagnostics import ContentError, Diagnostic, Diagnostics, Location
from posters.i18n.lookups import LookupFactory
from posters.i18n.pseudo import base_language, is_pseudo
from posters.layout.description import load_layout
from posters.model import Campaign
from posters.sizes import paper_size

if TYPE_CHECKING:
    from posters.build.request import BuildRequest
    from posters.layout import PageLayout
    from posters.localized import LocalizedCampaign
    from posters.render import DocumentInfo
    from posters.text import TextEngine

# Rendering, preflight, gallery and the text engine are imported where they are used:
# a build whose outputs are all up to date never loads them.


@dataclass(frozen=True)
class OutputResult:
    output: Output
    status: str  # "built" | "unchanged" | "failed"
    fingerprint: str = ""
    findings: tuple[Diagnostic, ...] = ()  # preflight findings on the written file
    # what the file must show, as checked: {"texts": [...], "url": ..., "qr": bool}
    expected: dict[str, object] | None = None
    # the warnings about the inputs it was made from (its catalog's QA, its layout's "may
    # not fit"), said again by a build that finds it unchanged (posters.build.pipeline)
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class TaskResult:
    lang: str
    results: tuple[OutputResult, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0


def campaign_engine(campaign: Campaign) -> TextEngine | None:
    """An engine with the campaign's own font faces and stacks; None when it has none
    (the process's default engine then serves)."""
    from posters.schema.language_setup import campaign_font_config

    config = campaign_font_config(campaign)
    if not config.campaign.faces and not config.campaign.scripts:
        return None
    from posters.text import TextEngine
    from posters.text.install import ensure_campaign_fonts  # its worker pool: 40 ms

    ensure_campaign_fonts(config)
    return TextEngine(config)


def run_task(task: LanguageTask, lang: str, outputs: list[Output],
             manifest: dict[str, str]) -> TaskResult:
    """The task's result, whatever it raises: the net shared by -j 1 and the workers."""
    started = time.perf_counter()
    try:
        return task.run(lang, outputs, manifest)
    except (Exception, MemoryError) as error:  # one task's failure must not stop the others
        if isinstance(error, MemoryError):
            task.forget()  # let go of what this task held
        return failed_task(task.campaign, lang, outputs, error, time.perf_counter() - started)


def failed_task(campaign: Campaign, lang: str, outputs: list[Output], error: BaseException,
                seconds: float = 0.0) -> TaskResult:
    where = outputs[0].path.parent
    return TaskResult(lang, tuple(OutputResult(o, "failed") for o in outputs),
                      tuple(diagnose(error, campaign, where, f"{lang} {outputs[0].format}: ")),
                      seconds)


def _never() -> bool:
    return False


def _release_font_pages() -> None:
    """After a task: the font file pages its drawing read are let go, so that a process
    holds those of the language it is setting, not of every one it has set."""
    fonts = sys.modules.get("posters.render.fonts")  # not loaded: nothing was drawn
    if fonts is not None:
        fonts.release_font_pages()


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
        # Ctrl-C in this process (posters.build.pool.Stop): the task stops after the output
        # under way, and its result lists the outputs it wrote (a worker never stops)
        self.stop: Callable[[], bool] = _never

    @property
    def engine(self) -> TextEngine:
        """Made when the first output has to be built: fonts load once per process."""
        if self._engine is None:
            from posters.text import TextEngine

            self._engine = campaign_engine(self.campaign) or TextEngine.default()
        return self._engine

    def forget(self) -> None:
        self._localized.clear()

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
        problems = Diagnostics()
        if lang == ALL_LANGUAGES:
            localized: LocalizedCampaign | list[LocalizedCampaign] = self.localize_all(problems)
        else:
            localized, catalog_problems = self.localized(lang)
            problems.extend(catalog_problems)
        if problems.errors:
            results += [OutputResult(o, "failed") for o in pending]
            return TaskResult(lang, tuple(results), tuple(problems),
                              time.perf_counter() - started)
        said = tuple(problems)  # the catalogs' warnings: about every output of the task
        # The variants of one format, size and region share their pages, and come one
        # after the other: only the pages being written are kept (a batch task has a
        # hundred regions, each a page of its own).
        current: tuple[tuple[str, str, str | None], tuple[PageLayout, ...] | None, tuple]
        current = (("", "", None), None, ())
        layout_warnings: dict[tuple[str, str, str | None], tuple[Diagnostic, ...]] = {}
        for output in pending:
            if self.stop():
                break
            key = (output.format, output.size, output.region)
            if current[0] != key:
                current = (key, *self._compose(localized, output, problems))
            _, document, untranslated = current
            if document is None:
                results.append(OutputResult(output, "failed"))
                continue
            if key not in layout_warnings:
                layout_warnings[key] = tuple(w for page in document for w in page.warnings)
                problems.extend(layout_warnings[key])
            result = self._write(output, document, fingerprints[output], untranslated,
                                 problems)
            results.append(replace(result, warnings=said + layout_warnings[key])
                           if result.status == "built" else result)
        _release_font_pages()
        return TaskResult(lang, tuple(results), tuple(problems), time.perf_counter() - started)

    def _compose(self, localized: LocalizedCampaign | list[LocalizedCampaign], output: Output,
                 problems: Diagnostics) -> tuple[tuple[PageLayout, ...] | None, tuple]:
        """The laid-out pages of an output's format, size and region, and the texts the
        source stood in for (a draft); None when the content has errors (in ``problems``)."""
        from posters.layout.compose import compose_document

        try:
            pages = compose_document(localized, load_layout(output.format, self.campaign.root),
                                     paper_size(output.size), self.engine, output.region)
            if self.request.draft:  # the source standing in is framed, and listed
                from posters.i18n.marks import mark_fallbacks

                return mark_fallbacks(pages, localized)
            return pages, ()
        except ContentError as error:
            problems.extend(error.diagnostics)
        except font_cache_errors() as error:  # the machine's cache, not a bug
            problems.extend([font_cache_failure(error)])
        except MemoryError:
            problems.error(Location(str(output.path)), out_of_memory())
        return None, ()

    def _info(self, output: Output, document: tuple[PageLayout, ...]) -> DocumentInfo:
        from posters.render import DocumentInfo

        campaign = self.campaign
        what = f"{output.format}, {output.size}" + (
            f", {output.region}" if output.region else "")
        return DocumentInfo(
            title=f"{document[0].title} ({what})", author=campaign.meta.organisation,
            subject=f"{campaign.meta.id}: {output.format} {output.size}"
                    + (f" ({output.region})" if output.region else ""),
            lang=document[0].lang, output_profile=campaign.output_intent.profile,
            keywords=f"{campaign.meta.id}, {output.format}, {output.size}",
            phone_links=tuple(link for h in campaign.content.hotlines
                              for link in h.links),  # posters.schema.phone made them
        )

    def _write(self, output: Output, document: tuple[PageLayout, ...], fingerprint: str,
               untranslated: tuple | None, problems: Diagnostics) -> OutputResult:
        from posters.build.write import variant, write_output

        try:
            output.path.parent.mkdir(parents=True, exist_ok=True)
            written = write_output(document, output.path,
                                   variant(output.variant, self.campaign.bleed_mm),
                                   self._info(output, document), self.campaign, self.engine,
                                   checks=self.request.checks,
                                   output_of=(output.lang, output.format, output.size))
            if written.ok and self.request.gallery:
                from posters.gallery.previews import prerender

                # the thumbnail is rendered here, in the worker, while its core is warm;
                # full-size page images only when asked for (posters.gallery.previews)
                generic = None if output.region is None else output_path(
                    self.request.out_dir, self.campaign, output.lang, output.format,
                    output.size, output.variant)  # a regional variant's: compared with it
                prerender(output.path, self.request.out_dir / self.campaign.name, generic)
        except (Exception, MemoryError) as error:  # one output's failure must not stop the others
            problems.extend(diagnose(error, self.campaign, output.path))
            return OutputResult(output, "failed")
        expected = None
        if written.expectations is not None:
            expected = {"texts": list(written.expectations.texts),
                        "url": written.expectations.url,
                        "qr": written.expectations.expect_qr,
                        # the links posters.schema.phone made, which check must hold it to
                        "links": [list(link) for link in written.expectations.links],
                        **written.expectations.print_rules()}
        findings = written.findings
        if untranslated:
            from posters.i18n.marks import fallback_findings

            findings += fallback_findings(untranslated, output.lang, output.path.name)
        return OutputResult(output, "built" if written.ok else "failed",
                            fingerprint if written.ok else "", findings, expected)
