"""A warm build of one campaign for `posters serve`: the page it shows, rebuilt on change.

The process keeps the text engine (fonts are loaded once) and each catalog's reading
(parsed again only when its file or the campaign file changes). A rebuild is an
ordinary `posters build` of the request: the fingerprints decide which outputs a change
affects and only those are made, here, in this process. When a rebuild fails, the page
says why with file and line and keeps the last good previews.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from posters.build import BuildInterrupted, BuildRequest, UsageError, build
from posters.build.pipeline import Progress, Stopping
from posters.build.report import BuildReport, ReportError
from posters.diagnostics import ContentError, Diagnostic, Level
from posters.files import relative_text
from posters.gallery.html import (
    Card,
    LanguageTexts,
    PageOptions,
    ReviewMark,
    TextRow,
    render_page,
)
from posters.gallery.previews import NAME, PREVIEWS, PreviewStore
from posters.gallery.site import INDEX, _write_if_changed, gallery_cards
from posters.i18n.lookups import catalog_lookups
from posters.i18n.paths import catalog_path
from posters.model import Campaign
from posters.serve.review import ReviewError, ReviewStore, state_of


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


class CatalogCache:
    """Each language's catalog lookup, read and checked once, and again only when its
    file or the campaign file (whose texts it is checked against) changes. The page's
    texts beside their translations come from the same lookup the build used."""

    def __init__(self) -> None:
        self._lookups: dict[tuple, tuple] = {}
        self._texts: dict[tuple, LanguageTexts] = {}

    def _key(self, campaign: Campaign, lang: str, draft: bool) -> tuple:
        return (lang, draft, _stat(catalog_path(campaign, lang)), _stat(campaign.source_file))

    def lookups(self, campaign: Campaign, lang: str, draft: bool):  # type: ignore[no-untyped-def]
        """A LookupFactory for the build, as ``posters.i18n.lookups.catalog_lookups``."""
        key = self._key(campaign, lang, draft)
        if key not in self._lookups:
            if len(self._lookups) > 256:
                self._lookups.clear()
            self._lookups[key] = catalog_lookups(campaign, lang, draft)
        lookup, problems = self._lookups[key]
        return lookup, list(problems)

    def texts(self, campaign: Campaign, lang: str, draft: bool) -> LanguageTexts:
        if lang == campaign.meta.source_language:
            return LanguageTexts(tuple(TextRow(t.key, t.source, t.source, "source")
                                       for t in campaign.texts()), source_language=True)
        key = self._key(campaign, lang, draft)
        if key in self._texts:
            return self._texts[key]
        lookup, problems = self.lookups(campaign, lang, draft)
        rows = []
        for text in campaign.texts():
            found = lookup(text) if lookup is not None else None
            # a fuzzy or rejected translation is not used: the source stands in
            rows.append(TextRow(text.key, text.source, found.text if found else None,
                                "translated" if found else "missing"))
        unusable = ""
        if not any(row.translation for row in rows):
            errors = [p for p in problems if p.level is Level.ERROR]
            if errors:  # a catalog that cannot be read: not 56 missing texts
                unusable = relative_text(str(errors[0]), campaign.source_file.parent)
        if len(self._texts) > 256:
            self._texts.clear()
        self._texts[key] = LanguageTexts(tuple(rows), unusable=unusable)
        return self._texts[key]


@dataclass(frozen=True)
class Rebuild:
    seconds: float
    built: int
    failed: int
    problems: tuple[str, ...]  # why the rebuild (or some outputs) failed, file:line first


class Session:
    """The campaign's outputs and the served page; every method is thread-safe."""

    def __init__(self, request: BuildRequest) -> None:
        self.request = request
        self.campaign_out = request.out_dir / request.campaign_dir.name
        self.reviews = ReviewStore(request.campaign_dir)
        self.catalogs = CatalogCache()
        self.page = ""
        self.version = 0
        self.changed = threading.Condition()
        self._lock = threading.RLock()
        self._report: BuildReport | None = None
        self._cards: list[Card] = []
        self._good: dict[str, Card] = {}  # the last card with a preview, by output path
        self._campaign: Campaign | None = None
        # the outputs of the selection (the report also keeps those of earlier builds
        # of other selections, which this server neither rebuilds nor should show)
        self._selected: set[str] | None = None
        self._problems: tuple[str, ...] = ()
        self._builds = 0
        self._static: tuple | None = None  # what index.html was last written from

    # ------------------------------------------------------------------ building

    def rebuild(self, progress: Progress | None = None,
                stopping: Stopping | None = None) -> Rebuild:
        """Build what changed and refresh the page. Never raises for the user's files;
        raises BuildInterrupted after Ctrl-C (in the main thread: the first build), whose
        outputs under way are kept, as `posters build` does."""
        with self._lock:
            started = time.perf_counter()
            # the first build may use every core; later ones run here, where fonts and
            # catalogs are loaded already (a worker would load them again)
            jobs = self.request.jobs if self._builds == 0 else 1
            # The first build's workers render the thumbnails (and regional areas) as they
            # write the PDFs, in parallel, and the build writes the static page (the one
            # this session writes next to it, nothing failed yet). A rebuild leaves both
            # to _refresh, here: it renders the few new thumbnails.
            gallery = self.request.gallery and self._builds == 0
            self._builds += 1
            request = replace(self.request, jobs=jobs, gallery=gallery)
            built = failed = 0
            try:
                result = build(request, lookups=self.catalogs.lookups, progress=progress,
                               stopping=stopping)
            except BuildInterrupted:
                raise  # Ctrl-C: not a failure to show, the user wants to stop
            except ContentError as exc:
                problems = self._shown(exc.diagnostics)
            except UsageError as exc:
                problems = (f"error: {exc}",)
            except Exception as exc:  # our bug: say so, keep serving the last good page
                problems = (f"error: internal error: {type(exc).__name__}: {exc}; please "
                            "report it with this campaign",)
            else:
                self._campaign = result.campaign
                self._selected = {r.output.path.relative_to(self.campaign_out).as_posix()
                                  for r in result.results}
                problems = self._shown(d for d in result.diagnostics
                                       if d.level is Level.ERROR)
                built = len(result.paths("built"))
                failed = len(result.paths("failed"))
            self._problems = problems
            self._refresh(render_previews=True)
            return Rebuild(time.perf_counter() - started, built, failed, problems)

    def _shown(self, diagnostics: Iterable[Diagnostic]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(relative_text(str(d), self.request.campaign_dir)
                                   for d in diagnostics))

    # ------------------------------------------------------------------ the page

    def refresh_reviews(self) -> None:
        """review.yaml changed (a decision, or edited by hand): show it."""
        with self._lock:
            self._refresh(render_previews=False)

    def _refresh(self, render_previews: bool) -> None:
        if render_previews or self._report is None:
            try:
                report, cards, _ = gallery_cards(self.campaign_out, jobs=1, keep=self._good)
            except ReportError as exc:
                if self._report is None:  # nothing built yet: the page says why
                    self._problems = (*self._problems, relative_text(
                        str(exc), self.campaign_out))
                    self._report, self._cards = BuildReport(
                        self.request.campaign_dir.name, "", ()), []
            else:
                # the static gallery next to the PDFs stays what `posters build` writes:
                # every output of the report, a failed one without a preview
                static = (report, [replace(c, pdf=None, preview=None, stale=False)
                                   if c.stale else c for c in cards])
                if static != self._static:
                    _write_if_changed(self.campaign_out / INDEX, render_page(*static))
                    self._static = static
                if self._selected is not None:
                    cards = [c for c in cards if c.entry.path in self._selected]
                self._report, self._cards = report, cards
                for card in cards:
                    if card.preview is not None and not card.stale:
                        self._good[card.entry.path] = card
        assert self._report is not None
        options = PageOptions(live=True, problems=self._problems, texts=self._texts(),
                              **self._review_marks())
        page = render_page(self._report, self._cards, options)
        with self.changed:
            if page != self.page:
                self.page = page
                self.version += 1
                self.changed.notify_all()

    def _texts(self) -> dict[str, LanguageTexts]:
        if self._campaign is None:
            return {}
        texts = {}
        for lang in {card.entry.lang for card in self._cards}:
            if lang in self._campaign.meta.languages:
                try:
                    texts[lang] = self.catalogs.texts(self._campaign, lang, self.request.draft)
                except (OSError, ValueError):
                    continue  # the build reports what is wrong with the catalog
        return texts

    def _review_marks(self) -> dict:
        try:
            decisions = self.reviews.load()
        except ReviewError as exc:
            return {"reviews": {}, "review_problem": str(exc)}
        marks = {}
        for card in self._cards:
            entry = card.entry
            decision = decisions.get(entry.path)
            state = state_of(decision, entry.fingerprint)
            if decision is None:
                continue
            marks[entry.path] = ReviewMark(state.state, decision.by, decision.date,
                                           decision.comment, decision.decision)
        return {"reviews": marks}

    # ------------------------------------------------------------------ review

    def record(self, paths: list[str], decision: str, by: str, comment: str) -> None:
        """Record a reviewer's decision on outputs of the page; raise ReviewError."""
        with self._lock:
            fingerprints = {card.entry.path: card.entry.fingerprint
                            for card in self._cards if card.entry.status != "failed"}
            unknown = [p for p in paths if p not in fingerprints]
            if unknown:
                raise ReviewError(f"{unknown[0]} is not an output that built; reload the "
                                  "page")
            self.reviews.record(paths, fingerprints, decision, by, comment)
            self._refresh(render_previews=False)

    def served_pdfs(self) -> set[str]:
        with self._lock:
            return {card.pdf for card in self._cards if card.pdf}

    def preview_file(self, name: str) -> Path | None:
        """A preview image of the page by name: a full-size page image is rendered when
        it is first asked for, from the PDF of a card on show with that content (named by
        it, so made once); None if there is no such image."""
        target = self.campaign_out / PREVIEWS / name
        if target.is_file():
            return target
        match = NAME.match(name)
        with self._lock:
            shown = {card.preview.digest for card in self._cards if card.preview is not None}
        if match is None or match.group(1) not in shown:
            return None
        return PreviewStore(self.campaign_out).page(name)

    def wait_for_change(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version
