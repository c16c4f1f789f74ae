"""Model + catalog -> a LocalizedCampaign for one language.

Translations are untrusted: a translation is only ever text; its ``{placeholders}`` are
filled by name from a fixed table of already formatted values (no attribute or index
access), and a translation whose placeholders differ from the source's is not used
(``posters.i18n.catalogs`` checks; ``fill_placeholders`` refuses anything else too).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from posters.diagnostics import Location
from posters.i18n import numbers
from posters.languages import autonym, is_rtl
from posters.localized import (
    LocalData,
    LocalDataset,
    LocalDataValue,
    LocalHotline,
    LocalizedCampaign,
    LocalLanguageCard,
    LocalRegion,
    LocalStatistic,
    LocalText,
    LocalWarningSign,
    LocalWeb,
    Role,
    Segment,
)
from posters.model import Campaign, Data, Hotline, Statistic, StatisticKind, Text


def _source_plural_index(count: int) -> int:
    return 0 if count == 1 else 1  # gettext's rule for an untranslated msgid/msgid_plural


@dataclass(frozen=True)
class Translation:
    text: str
    origin: Location
    plurals: tuple[str, ...] = ()  # every plural form, in the catalog's order
    plural_index: Callable[[int], int] = _source_plural_index  # the language's rule

    def for_count(self, count: int) -> str:
        if not self.plurals:
            return self.text
        index = self.plural_index(count)
        return self.plurals[index] if 0 <= index < len(self.plurals) else self.plurals[-1]


# Looks a source text up in a catalog; None when there is no usable translation.
Lookup = Callable[[Text], Translation | None]


def source_translation(text: Text) -> Translation:
    plurals = (text.source, text.plural) if text.plural is not None else ()
    return Translation(text.source, text.location, plurals)


def source_lookup(text: Text) -> Translation:
    return source_translation(text)


def uses_native_digits(campaign: Campaign, lang: str) -> bool | None:
    """True: the language's native digits; False: Latin digits; None: CLDR's default."""
    if lang in campaign.meta.native_digits:
        return True
    if lang in campaign.meta.latin_digits:
        return False
    return None


def format_statistic(statistic: Statistic, lang: str, *, native: bool | None = None) -> str:
    return numbers.format_statistic(statistic.value, statistic.kind, lang, native=native)


def format_year(year: int, lang: str, *, native: bool | None = None) -> str:
    return numbers.format_year(year, lang, native=native)


class Localizer:
    def __init__(self, campaign: Campaign, lang: str, lookup: Lookup | None = None) -> None:
        self.campaign = campaign
        self.lang = lang
        self.lookup: Lookup = lookup or source_lookup
        self.native = uses_native_digits(campaign, lang)

    def text(self, source: Text, values: Mapping[str, Segment] | None = None, *,
             count: int | None = None) -> LocalText:
        translation = self.lookup(source)
        fallback = translation is None
        if translation is None:
            translation = source_translation(source)
        template = translation.text if count is None else translation.for_count(count)
        try:
            segments = fill_placeholders(template, values or {})
        except UnsafeTemplate:  # a lookup that skipped the catalog checks: never trust it
            translation, fallback = source_translation(source), True
            template = translation.text if count is None else translation.for_count(count)
            segments = fill_placeholders(template, values or {})
        return LocalText(
            segments, source, translation.origin,
            fallback=fallback and self.lang != self.campaign.meta.source_language,
        )

    def optional(self, source: Text | None, values: Mapping[str, Segment] | None = None
                 ) -> LocalText | None:
        return None if source is None else self.text(source, values)

    def text_line(self, hotline: Hotline) -> tuple[LocalText | None, str]:
        """A hotline's text line, as a sentence of its own ("Text BEFREE to 233733") beside
        its voice number, or under its short code to say what to send; the short code and
        keyword are data, never translated."""
        line = hotline.text_line
        if line is None or (hotline.phone is None and not line.keyword):
            return None, ""  # a text-only line without a keyword is just its number
        number = Segment(line.number.display, Role.PHONE)
        keyword = Segment(line.keyword or "", Role.PHONE)
        if line.label is not None:
            return self.text(line.label, {"number": number, "keyword": keyword}), line.link
        parts = (number, Segment(" ("), keyword, Segment(")")) if line.keyword else (number,)
        source = Text("".join(p.text for p in parts), f"{hotline.id}.text", line.location)
        return LocalText(parts, source, line.location), line.link

    def localize(self) -> LocalizedCampaign:
        content = self.campaign.content
        phones = {h.id: Segment(h.number, Role.PHONE) for h in content.hotlines}
        statistics: list[LocalStatistic] = []
        heading = None
        if content.statistics:
            year = Segment(format_year(content.statistics.year, self.lang, native=self.native),
                           Role.NUMBER)
            heading = self.text(content.statistics.heading, {"year": year})
            for statistic in content.statistics.items:
                value = format_statistic(statistic, self.lang, native=self.native)
                count = statistic.value if statistic.kind is StatisticKind.COUNT else None
                statistics.append(LocalStatistic(
                    value, statistic.kind, statistic.qualifier,
                    self.text(statistic.caption, {"value": Segment(value, Role.VALUE)},
                              count=None if count is None else int(count)),
                    self.optional(statistic.source),
                ))
        signs = content.warning_signs
        web = content.web
        return LocalizedCampaign(
            campaign=self.campaign,
            lang=self.lang,
            rtl=is_rtl(self.lang),
            title=self.text(self.campaign.meta.title),
            headline=self.text(content.headline),
            tagline=self.optional(content.tagline),
            statistics_heading=heading,
            statistics=tuple(statistics),
            warning_heading=self.text(signs.heading) if signs else None,
            warning_intro=self.optional(signs.intro) if signs else None,
            warning_signs=tuple(
                LocalWarningSign(s.icon, s.icon_file, self.text(s.text))
                for s in (signs.items if signs else ())
            ),
            call_to_action=self.text(content.call_to_action.text, phones),
            hotlines=tuple(
                LocalHotline(h.id, self.text(h.label), h.number, self.optional(h.hours),
                             tuple(self.text(n) for n in h.notes), h.link,
                             *self.text_line(h))
                for h in content.hotlines
            ),
            web=LocalWeb(web.url, self.optional(web.label), self.optional(web.note), web.qr)
            if web else None,
            local_contacts_heading=self.optional(
                content.local_contacts.heading if content.local_contacts else None),
            copyright=self.text(content.footer.copyright),
            disclaimer=self.optional(content.footer.disclaimer),
            regions=tuple(
                LocalRegion(r.id, self.text(r.name), r.address, r.phone, self.optional(r.hours))
                for r in self.campaign.regions),
            language_name=autonym(self.lang),
            data=self.data(self.campaign.data) if self.campaign.data else None,
            language_card=LocalLanguageCard(self.text(content.language_card.heading),
                                            self.text(content.language_card.line))
            if content.language_card else None,
        )

    def count(self, value: int) -> str:
        return numbers.format_statistic(value, StatisticKind.COUNT, self.lang,
                                        native=self.native)

    def data(self, data: Data) -> LocalData:
        year = Segment(format_year(data.year, self.lang, native=self.native), Role.NUMBER)
        return LocalData(
            heading=self.text(data.heading, {"year": year}),
            source=self.optional(data.source),
            datasets=tuple(
                LocalDataset(
                    dataset.id, self.text(dataset.title),
                    tuple(LocalDataValue(self.text(v.label), v.value,
                                         self.count(v.value))
                          for v in dataset.values),
                    self.count(dataset.total))
                for dataset in data.datasets),
        )


def fill_placeholders(template: str, values: Mapping[str, Segment]) -> tuple[Segment, ...]:
    """Split ``template`` at its ``{name}`` fields and put the named segments in.

    Only plain names are filled; ``{{`` and ``}}`` are literal braces. The caller has
    checked the template; a field that is not a plain known name (``{value.__class__}``,
    ``{0}``, ``{value!r}``, ``{value:>99}``) raises UnsafeTemplate here all the same.
    """
    segments: list[Segment] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise UnsafeTemplate(f"unbalanced braces in {template!r}") from exc
    literal_last = False  # "{{" splits one literal in two: join them again
    for literal, name, spec, conversion in parsed:
        if literal and literal_last:
            segments[-1] = Segment(segments[-1].text + literal)
        elif literal:
            segments.append(Segment(literal))
        literal_last = literal_last or bool(literal)
        if name is not None:
            literal_last = False
            if name not in values or spec or conversion:
                raise UnsafeTemplate(f"the field {{{name}}} is not a known placeholder")
            segments.append(values[name])
    return tuple(segments)


class UnsafeTemplate(ValueError):
    """A template with a format field beyond the named placeholders it may use."""


def localize(campaign: Campaign, lang: str, lookup: Lookup | None = None) -> LocalizedCampaign:
    return Localizer(campaign, lang, lookup).localize()
