"""How much room each text has, and whether a translation fits, measured on the layouts.

Every page of every format and size the campaign prints is composed (the layout stage
only: nothing is rendered) with an engine that records each text the composer fits:
its box, its size range and whether it fitted. A text's **budget** is its tightest box:
the one where the fewest characters fit at the minimum size. ``status`` composes the
pages with the translations and reports each text that does not fit, per format.
"""

from __future__ import annotations

import contextlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.diagnostics import ContentError, Diagnostic, Level
from posters.localized import LocalizedCampaign, LocalText
from posters.model import Campaign

if TYPE_CHECKING:
    from posters.i18n.catalogs import CatalogReport
from posters.text import TextEngine, TextOverflowError, TextStyle

PT_PER_MM = 72 / 25.4
NOTE_SEPARATORS = (" · ", "\n")  # how the composer joins texts that share a box


@dataclass(frozen=True)
class Target:
    """One composed document: a format at a size, for a region (None: generic)."""

    format: str
    size: str
    region: str | None = None
    multilingual: bool = False

    @property
    def name(self) -> str:
        return f"{self.format} {self.size}" + (f" ({self.region})" if self.region else "")


@dataclass(frozen=True)
class Placement:
    """A text set in a box of a composed page."""

    target: Target
    page: str
    lang: str
    text: str  # as set
    width: float  # pt
    height: float  # pt
    max_pt: float
    min_pt: float
    bold: bool
    set_pt: float | None  # the size it was set at; None: it does not fit at min_pt
    over_by: float = 0.0  # pt beyond the box at min_pt when it does not fit
    shared: bool = False  # the box holds other texts too (a hotline's notes)
    axis: str = ""  # "width" or "height": where it does not fit

    @property
    def fits(self) -> bool:
        return self.set_pt is not None

    def box(self) -> str:
        return f"{self.width / PT_PER_MM:.0f} x {self.height / PT_PER_MM:.0f} mm"


class RecordingEngine:
    """The text engine, noting every fit that a composer asks of it."""

    def __init__(self, engine: TextEngine) -> None:
        self.engine = engine
        self.keys: tuple[str, ...] = ()
        self.shared = False
        self.target: Target | None = None
        self.page = ""
        self.records: list[tuple[tuple[str, ...], Placement]] = []
        self.trials = 0  # inside a composer's trial: fits that measure, not placements
        # where each text was placed: (keys, page name, rect, fitted)
        self.frames: list[tuple[tuple[str, ...], str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def fit(self, spans: Any, lang: str, style: TextStyle, width: float, height: float
            ) -> Any:
        text = spans if isinstance(spans, str) else "".join(s.text for s in spans)
        min_pt = style.min_size if style.min_size is not None else style.size

        def note(set_pt: float | None, over: float = 0.0, axis: str = "") -> None:
            if self.keys and self.target is not None and not self.trials:
                self.records.append((self.keys, Placement(
                    self.target, self.page, lang, text, width, height, style.size, min_pt,
                    style.bold, set_pt, over, self.shared, axis)))

        try:
            result = self.engine.fit(spans, lang=lang, style=style, width=width, height=height)
        except TextOverflowError as exc:
            note(None, exc.over_by, exc.axis)
            raise
        note(result.size)
        return result


def local_texts(value: object) -> Iterator[LocalText]:
    if isinstance(value, LocalText):
        yield value
    elif isinstance(value, LocalizedCampaign):
        for field in fields(value):
            if field.name != "campaign":
                yield from local_texts(getattr(value, field.name))
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from local_texts(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from local_texts(item)


def _composer_class():  # type: ignore[no-untyped-def]
    from posters.layout.compose import PageComposer

    class MeasuringComposer(PageComposer):
        """Tells the recording engine which message a text belongs to."""

        def place_text(self, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            recorder: RecordingEngine = self.engine  # type: ignore[assignment]
            keys, shared = self._keys(text)
            recorder.keys, recorder.shared = keys, shared
            rect = args[0] if args else kwargs.get("rect")
            if keys and rect is not None and not recorder.trials:
                recorder.frames.append((keys, self.page.name, rect))
            try:
                return super().place_text(text, *args, **kwargs)
            finally:
                recorder.keys, recorder.shared = (), False

        @contextlib.contextmanager
        def trial(self):  # type: ignore[no-untyped-def]
            # a block measuring what would fit (a source's lines, a grid's rows) is not
            # where its text is set: its attempts are neither budgets nor overflows
            recorder: RecordingEngine = self.engine  # type: ignore[assignment]
            recorder.trials += 1
            try:
                with super().trial():
                    yield
            finally:
                recorder.trials -= 1

        def _keys(self, text: object) -> tuple[tuple[str, ...], bool]:
            if isinstance(text, LocalText):
                return (text.key,), False
            if not isinstance(text, str):
                return (), False
            parts = [text]
            for separator in NOTE_SEPARATORS:
                parts = [piece for part in parts for piece in part.split(separator)]
            lang = self.localized.lang
            table = _texts_by_value(self.localized) if lang else {}
            keys = tuple(dict.fromkeys(k for part in parts for k in table.get(part, ())))
            return keys, len(parts) > 1

    return MeasuringComposer


def _texts_by_value(localized: LocalizedCampaign) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for text in local_texts(localized):
        table[text.text].append(text.key)
    return {value: tuple(keys) for value, keys in table.items()}


def targets(campaign: Campaign) -> list[Target]:
    """Every format and size the campaign prints (each size a format is made for), with
    each region where the format shows local contacts."""
    from posters.build import ALL_LANGUAGES, BuildRequest, plan
    from posters.layout.description import load_layout
    from posters.sizes import paper_size

    source = campaign.meta.source_language
    _, outputs, _ = plan(BuildRequest(campaign.root, languages=(source, ALL_LANGUAGES)))
    found: dict[Target, None] = {}
    for output in outputs:
        description = load_layout(output.format)
        sizes = [output.size] + [s for s in description.sizes if s != output.size
                                 and description.check_size(paper_size(s)) is None]
        for size in sizes:
            found[Target(output.format, size, output.region, description.multilingual)] = None
    return list(found)


def compose_targets(localized: LocalizedCampaign, others: Iterable[LocalizedCampaign],
                    engine: TextEngine, campaign_targets: Iterable[Target]
                    ) -> list[tuple[tuple[str, ...], Placement]]:
    """Compose every target for ``localized`` (``others``: the rest of the languages,
    for multilingual formats) and return each text fitted in ``localized``'s language."""
    from posters.layout.description import load_layout
    from posters.sizes import paper_size

    composer = _composer_class()
    recorder = RecordingEngine(engine)
    others = [o for o in others if o.lang != localized.lang]
    for target in campaign_targets:
        description = load_layout(target.format)
        size = paper_size(target.size)
        languages = [localized, *others] if description.multilingual else []
        page_language = localized
        if languages:
            source = localized.campaign.meta.source_language
            page_language = next((o for o in languages if o.lang == source), localized)
        recorder.target = target
        for page in description.pages:
            recorder.page = page.name
            with contextlib.suppress(ContentError):  # overflows are what we measure
                composer(page_language, description, size, recorder, page, languages,
                         target.region).compose()  # type: ignore[arg-type]
    return [(keys, p) for keys, p in recorder.records if p.lang == localized.lang]


def compose_pages(localized: LocalizedCampaign, others: Iterable[LocalizedCampaign],
                  engine: TextEngine, target: Target
                  ) -> tuple[tuple[Any, ...], list[tuple[tuple[str, ...], str, Any]]]:
    """The pages of one target (those that compose) and where each text was placed."""
    from posters.layout.description import load_layout
    from posters.sizes import paper_size

    composer = _composer_class()
    recorder = RecordingEngine(engine)
    recorder.target = target
    description = load_layout(target.format)
    others = [o for o in others if o.lang != localized.lang]
    languages = [localized, *others] if description.multilingual else []
    pages = []
    for page in description.pages:
        recorder.page = page.name
        with contextlib.suppress(ContentError):
            pages.append(composer(localized, description, paper_size(target.size), recorder,
                                  page, languages, target.region).compose())
    return tuple(pages), recorder.frames


def placements_by_key(records: Iterable[tuple[tuple[str, ...], Placement]]
                      ) -> dict[str, list[Placement]]:
    found: dict[str, list[Placement]] = defaultdict(list)
    for keys, placement in records:
        for key in keys:
            found[key].append(placement)
    return dict(found)


# --------------------------------------------------------------------------- budgets

@dataclass(frozen=True)
class Budget:
    """The room of a text: its tightest box and how many characters fit there."""

    key: str
    placement: Placement
    characters: int  # characters of text like the source that fit at the minimum size
    lines: int  # lines at the minimum size
    source_length: int
    font_family: str
    uses: int  # boxes the text is set in, across formats and sizes

    def comment(self) -> str:
        p = self.placement
        sizes = (f"{p.max_pt:.1f} pt, down to {p.min_pt:.1f} pt" if p.max_pt > p.min_pt
                 else f"{p.min_pt:.1f} pt")
        shared = ", shared with the other notes" if p.shared else ""
        return (f"Room: about {self.characters} characters ({self.lines} line"
                f"{'s' if self.lines != 1 else ''} at {p.min_pt:.1f} pt; the English has "
                f"{self.source_length}). Tightest box: {p.target.format} {p.target.size}, "
                f"{p.box()}{shared}, set in {self.font_family}"
                f"{' bold' if p.bold else ''} at {sizes}.")

    def flags(self) -> tuple[str, ...]:
        p = self.placement
        flags = [f"max-length:{self.characters}",
                 f"max-size:{math.floor(p.width)}:{self.lines}",
                 f'font-family:"{self.font_family}"', f"font-size:{round(p.min_pt, 1):g}"]
        if p.bold:
            flags.append("font-weight:bold")
        return tuple(flags)


ROOM_PREFIX = "Room: "
ROOM_FLAGS = ("max-length:", "max-size:", "font-family:", "font-size:", "font-weight:")


@cache
def font_family(font_path: Path) -> str:
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(font_path), lazy=True) as font:
            return font["name"].getBestFamilyName() or font_path.stem
    except Exception:  # any unreadable font: its file name still tells a person
        return font_path.stem.split("[")[0]


def _family(engine: TextEngine, lang: str) -> str:
    setup = engine.config.language(lang)
    source = engine.config.fonts[setup.stack[0]]
    return font_family(source.path())


def _fits(engine: TextEngine, text: str, placement: Placement) -> bool:
    size = round(placement.min_pt, 4)  # one size only (the engine steps in 4 decimals)
    style = TextStyle(size=size, min_size=size, bold=placement.bold)
    try:
        engine.fit(text, lang=placement.lang, style=style, width=placement.width,
                   height=placement.height)
    except TextOverflowError:
        return False
    return True


def _filler(text: str, length: int) -> str:
    words = text.split() or ["x"]
    out = ""
    index = 0
    while len(out) < length:
        out = (out + " " + words[index % len(words)]).strip()
        index += 1
    return out[:length].rstrip()


def capacity(engine: TextEngine, placement: Placement, source: str) -> int:
    """How many characters of text like ``source`` fit in the box at the minimum size:
    the longest repetition of its words that the text engine fits."""
    low, high = 1, max(8, len(source))
    while _fits(engine, _filler(source, high), placement) and high < 20_000:
        low, high = high, high * 2
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(engine, _filler(source, middle), placement):
            low = middle
        else:
            high = middle - 1
    return low


def _lines(engine: TextEngine, placement: Placement) -> int:
    leading = engine.config.language(placement.lang).line_height
    return max(1, math.floor(placement.height / (placement.min_pt * leading) + 1e-6))


def budgets(campaign: Campaign, engine: TextEngine) -> dict[str, Budget]:
    """The budget of every text of the campaign, from the source language's pages."""
    from posters.localize import localize, source_lookup

    source = campaign.meta.source_language
    localized = localize(campaign, source, source_lookup)
    # a multilingual page shares itself among every language: compose it with them all
    others = [localize(campaign, lang, source_lookup) for lang in campaign.meta.languages
              if lang != source]
    found = placements_by_key(compose_targets(localized, others, engine, targets(campaign)))
    family = _family(engine, source)
    result: dict[str, Budget] = {}
    for text in local_texts(localized):
        placements = found.get(text.key)
        if not placements:
            continue
        # the tightest box: the fewest characters fit there (estimated by width x lines,
        # then measured exactly by the engine)
        def estimate(p: Placement) -> float:
            advance = engine.measure(p.text, p.lang, p.min_pt, p.bold) / max(1, len(p.text))
            return _lines(engine, p) * p.width / max(advance, 0.01)

        tightest = min(placements, key=lambda p: (estimate(p), p.target.name))
        room = capacity(engine, tightest, text.text)
        if tightest.shared:  # notes share a box: each gets its part
            room = max(1, room * len(text.text) // max(1, len(tightest.text)))
        result[text.key] = Budget(text.key, tightest, room, _lines(engine, tightest),
                                  len(text.text), family, len(placements))
    return result


# --------------------------------------------------------------------------- fit check

@dataclass(frozen=True)
class Overflow:
    key: str
    placement: Placement


def overflows(campaign: Campaign, localized: LocalizedCampaign, engine: TextEngine,
              campaign_targets: Iterable[Target] | None = None) -> list[Overflow]:
    """Every text of ``localized`` that does not fit its box at its minimum size, in any
    format and size the campaign prints."""
    from posters.localize import localize, source_lookup

    others = [localize(campaign, lang, source_lookup) for lang in campaign.meta.languages
              if lang != localized.lang]
    chosen = list(campaign_targets) if campaign_targets is not None else targets(campaign)
    records = compose_targets(localized, others, engine, chosen)
    seen: set[tuple[str, str]] = set()
    found = []
    for keys, placement in records:
        if placement.fits:
            continue
        for key in keys:
            if (key, placement.target.name) not in seen:
                seen.add((key, placement.target.name))
                found.append(Overflow(key, placement))
    return found


def fit_findings(campaign: Campaign, report: CatalogReport, engine: TextEngine,
                 campaign_targets: Iterable[Target] | None = None
                 ) -> tuple[list[Diagnostic], int]:
    """Each usable translation of the report that does not fit a box of a format at its
    minimum size, as an error at its PO line naming the format; and the number of
    translations that fit everywhere."""
    from posters.i18n.catalogs import lookup_from
    from posters.localize import localize

    localized = localize(campaign, report.lang, lookup_from(report))
    entries = {e.text.key: e for e in report.entries if e.translated}
    problems: list[Diagnostic] = []
    too_long: set[str] = set()
    for overflow in overflows(campaign, localized, engine, campaign_targets):
        entry = entries.get(overflow.key)
        if entry is None:
            continue  # the source text stands in: not this translation's problem
        p = overflow.placement
        too_long.add(overflow.key)
        mine = next((t.text for t in local_texts(localized) if t.key == overflow.key), "")
        room = capacity(engine, p, mine) if mine else 0
        problems.append(Diagnostic(
            Level.ERROR, report.file.location(entry.message),
            f"does not fit {p.target.name} ({p.page} side, a {p.box()} box) at its minimum "
            f"size {p.min_pt:.1f} pt: {p.over_by / PT_PER_MM:.1f} mm too "
            f"{'wide' if p.axis == 'width' else 'tall'}; about {room} characters fit there, "
            f"the translation has {len(mine)}: shorten it", overflow.key))
    return problems, len(entries) - len(too_long)
