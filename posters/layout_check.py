"""The layout dry run of `posters validate`: text that does not fit, found before a build.

A build finds a text too long for its box only when it composes that output. The dry run
plans the outputs a default `posters build` would make (every language, format, size and
region, as ``posters.build.plan`` lists them), localizes each language with its catalog
as a draft build does (a missing translation is not an error here: the source text
stands in, as in `posters build --draft`), and composes every page with the build's
composer and text engine: layout only, nothing is drawn and no PDF is written. Each
text that does not fit is reported where a person fixes it (the catalog's file:line for
a translation, the campaign.yaml line for source text), with the format and size, and
the room it has.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.diagnostics import ContentError, Diagnostic, Diagnostics, Level

if TYPE_CHECKING:
    from posters.build import Output
    from posters.localized import LocalizedCampaign
    from posters.model import Campaign
    from posters.text import TextEngine

# the composer's overflow message (posters.layout.compose), which gets the room added
_OVERFLOW = "does not fit its "


@dataclass(frozen=True)
class FailedFit:
    """A text the engine could not fit at its minimum size, as asked by the composer."""

    lang: str
    text: str
    width: float  # pt
    height: float  # pt
    max_pt: float
    min_pt: float
    bold: bool


class _FitRecorder:
    """The text engine, remembering the last failed fit of each text (the composer's
    last attempt is at the format's smallest size: the one it reports)."""

    def __init__(self, engine: TextEngine) -> None:
        self.engine = engine
        self.output = ("", "")  # (format, size) being composed
        self.failed: dict[tuple[str, str, str, str], FailedFit] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def fit(self, spans: Any, lang: str, style: Any, width: float, height: float) -> Any:
        from posters.text import TextOverflowError

        try:
            return self.engine.fit(spans, lang=lang, style=style, width=width, height=height)
        except TextOverflowError:
            text = spans if isinstance(spans, str) else "".join(s.text for s in spans)
            min_pt = style.min_size if style.min_size is not None else style.size
            self.failed[(*self.output, lang, text)] = FailedFit(
                lang, text, width, height, style.size, min_pt, style.bold)
            raise


def layout_problems(campaign: Campaign, engine: TextEngine | None = None, jobs: int = 1
                    ) -> list[Diagnostic]:
    """Every problem composing the campaign's default build would meet: texts that do not
    fit (errors, with the room they have), texts set under a script's recommended size
    (warnings), missing glyphs, and the catalog problems that stop a language's build.
    ``jobs`` > 1 lays the languages out in that many processes, as the build does."""
    from posters.build import BuildRequest, plan

    _, outputs, _ = plan(BuildRequest(campaign.root))
    groups: dict[str, list[Output]] = {}
    seen: set[tuple[str, str, str, str | None]] = set()
    for output in outputs:  # the variants (print, screen) share one layout
        key = (output.lang, output.format, output.size, output.region)
        if key not in seen:
            seen.add(key)
            groups.setdefault(output.lang, []).append(output)
    if jobs <= 1 or len(groups) <= 1:
        task = _LanguageLayouts(campaign, engine)
        found = [task.run(lang, group) for lang, group in groups.items()]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(groups)), initializer=_init_worker,
                                 initargs=(campaign.root,)) as pool:
            found = list(pool.map(_run_in_worker, list(groups), list(groups.values())))
    return list(dict.fromkeys(d for problems in found for d in problems))


class _LanguageLayouts:
    """Lays out one language's outputs (or the all-language ones); one per process."""

    def __init__(self, campaign: Campaign, engine: TextEngine | None) -> None:
        from posters.build.task import campaign_engine
        from posters.text import TextEngine as Engine

        self.campaign = campaign
        self.recorder = _FitRecorder(engine or campaign_engine(campaign) or Engine.default())
        self.localized: dict[str, tuple[LocalizedCampaign | None, list[Diagnostic]]] = {}

    def language(self, lang: str) -> tuple[LocalizedCampaign | None, list[Diagnostic]]:
        """The language as a draft build localizes it (catalogs, locked wording; the
        source text standing in for a translation not made yet: a campaign being
        translated is valid), or None with the catalog errors that stop its build."""
        if lang not in self.localized:
            from posters.i18n.lookups import catalog_lookups
            from posters.localize import localize

            lookup, found = catalog_lookups(self.campaign, lang, True)
            errors = [d for d in found if d.level is Level.ERROR]
            self.localized[lang] = (None, errors) if errors else (
                localize(self.campaign, lang, lookup), [])
        return self.localized[lang]

    def run(self, lang: str, outputs: list[Output]) -> list[Diagnostic]:
        from posters.build import ALL_LANGUAGES

        problems = Diagnostics()
        wanted = self.campaign.meta.languages if lang == ALL_LANGUAGES else (lang,)
        languages = [self.language(one) for one in wanted]
        for _, errors in languages:
            problems.extend(errors)
        if problems.errors:
            return list(problems)
        localized = [one for one, _ in languages if one is not None]
        for output in outputs:
            self.recorder.output = (output.format, output.size)
            problems.extend(_compose(self.campaign, output, localized if lang == ALL_LANGUAGES
                                     else localized[0], self.recorder))
        return _with_room(list(dict.fromkeys(problems)), localized, self.recorder)


_worker: _LanguageLayouts | None = None


def _init_worker(campaign_dir: Path) -> None:
    global _worker
    from posters.schema.campaign import load_campaign

    campaign, _ = load_campaign(campaign_dir)
    _worker = _LanguageLayouts(campaign, None)


def _run_in_worker(lang: str, outputs: list[Output]) -> list[Diagnostic]:
    assert _worker is not None
    return _worker.run(lang, outputs)


def _compose(campaign: Campaign, output: Output, languages: Any, engine: Any
             ) -> list[Diagnostic]:
    from posters.layout.compose import compose_document
    from posters.layout.description import load_layout
    from posters.sizes import paper_size

    description = load_layout(output.format, campaign.root)
    try:
        document = compose_document(languages, description, paper_size(output.size), engine,
                                    output.region)
    except ContentError as error:
        return list(error.diagnostics)
    return [w for page in document for w in page.warnings]


def _with_room(problems: list[Diagnostic], localized: list[LocalizedCampaign],
               recorder: _FitRecorder) -> list[Diagnostic]:
    """Overflows get the length budget: how many characters of such text fit the box."""
    texts = {(loc.lang, t.key): t.text for loc in localized for t in loc.texts()}
    out = []
    for problem in problems:
        out.append(_budgeted(problem, texts, recorder) if problem.message.startswith(
            _OVERFLOW) else problem)
    return out


def _budgeted(problem: Diagnostic, texts: dict[tuple[str, str], str],
              recorder: _FitRecorder) -> Diagnostic:
    from posters.i18n.room import Placement, Target, capacity

    key, _, where = problem.subject.partition(" [")  # "key [lang, format size]"
    lang, _, output = where.rstrip("]").partition(", ")
    fmt, _, size = output.partition(" ")
    text = texts.get((lang, key))
    failed = recorder.failed.get((fmt, size, lang, text)) if text else None
    if failed is None:
        return problem
    placement = Placement(Target(fmt, size), "", lang, failed.text, failed.width,
                          failed.height, failed.max_pt, failed.min_pt, failed.bold, None)
    room = capacity(recorder.engine, placement, failed.text)
    if room <= 1 and not _fits_one(recorder.engine, placement, failed.text):
        return replace(problem, message=f"{problem.message} (the box is too low for one "
                                        f"line at {failed.min_pt:g} pt)")
    return replace(problem, message=f"{problem.message} (about {room} characters fit there; "
                                    f"this text has {len(failed.text)})")


def _fits_one(engine: TextEngine, placement: Any, text: str) -> bool:
    """Whether the box holds even one character at the minimum size."""
    from posters.text import TextOverflowError, TextStyle

    size = round(placement.min_pt, 4)
    try:
        engine.fit(text[:1], lang=placement.lang, style=TextStyle(
            size=size, min_size=size, bold=placement.bold), width=placement.width,
            height=placement.height)
    except TextOverflowError:
        return False
    return True
