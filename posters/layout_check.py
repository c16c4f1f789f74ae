"""The layout dry run of `posters validate`: text that does not fit, found before a build.

A build finds a text too long for its box only when it composes that output. The dry run
plans the outputs a default `posters build` would make (every language, format, size and
region, as ``posters.build.plan`` lists them), localizes each language with the catalogs
the build would use, and composes every page with the build's composer and text engine:
layout only, nothing is drawn and no PDF is written. Each text that does not fit is
reported where a person fixes it (the catalog's file:line for a translation, the
campaign.yaml line for source text), with the format and size, and the room it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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


def layout_problems(campaign: Campaign, engine: TextEngine | None = None) -> list[Diagnostic]:
    """Every problem composing the campaign's default build would meet: texts that do not
    fit (errors), texts set under a script's recommended size (warnings), missing glyphs,
    and the catalog problems that stop a language's build."""
    from posters.build import ALL_LANGUAGES, BuildRequest, campaign_engine, plan
    from posters.text import TextEngine as Engine

    _, outputs, _ = plan(BuildRequest(campaign.root, strict=False))
    recorder = _FitRecorder(engine or campaign_engine(campaign) or Engine.default())
    problems = Diagnostics()
    localized, stopped = _localize(campaign, {o.lang for o in outputs}, problems)
    done: set[tuple[str, str, str, str | None]] = set()
    for output in outputs:
        key = (output.lang, output.format, output.size, output.region)
        if key in done:
            continue  # the variants (print, screen) share one layout
        done.add(key)
        if output.lang == ALL_LANGUAGES:
            if stopped:
                continue
            languages: Any = [localized[lang] for lang in campaign.meta.languages]
        elif output.lang in stopped:
            continue
        else:
            languages = localized[output.lang]
        recorder.output = (output.format, output.size)
        problems.extend(_compose(campaign, output, languages, recorder))
    return _with_room(_unique(problems), campaign, localized, recorder)


def _localize(campaign: Campaign, wanted: set[str], problems: Diagnostics
              ) -> tuple[dict[str, LocalizedCampaign], set[str]]:
    """Each language as the build localizes it (catalogs, locked wording); the languages
    whose catalog problems stop their build."""
    from posters.build import catalog_lookups
    from posters.localize import localize

    localized, stopped = {}, set()
    for lang in campaign.meta.languages:
        lookup, found = catalog_lookups(campaign, lang, False)
        errors = [d for d in found if d.level is Level.ERROR]
        if errors:
            problems.extend(errors)
            stopped.add(lang)
            continue
        localized[lang] = localize(campaign, lang, lookup)
    return localized, stopped


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


def _unique(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One report per text, message and output name (the regional outputs of a format
    repeat the generic one's overflows)."""
    return list(dict.fromkeys(problems))


def _with_room(problems: list[Diagnostic], campaign: Campaign,
               localized: dict[str, LocalizedCampaign], recorder: _FitRecorder
               ) -> list[Diagnostic]:
    """Overflows get the length budget: how many characters of such text fit the box."""
    texts = {(loc.lang, t.key): t.text for loc in localized.values() for t in loc.texts()}
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
    return replace(problem, message=f"{problem.message} (about {room} characters fit there; "
                                    f"this text has {len(failed.text)})")
