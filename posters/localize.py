"""Model + catalog -> a LocalizedCampaign for one language.

Translations are untrusted: a translation is only ever text; its ``{placeholders}`` are
filled by name from a fixed table of already formatted values (no attribute or index
access), and a translation whose placeholders differ from the source's is not used.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent

from posters.diagnostics import Location
from posters.languages import autonym, babel_locale, is_rtl
from posters.localized import (
    LocalData,
    LocalDataset,
    LocalDataValue,
    LocalHotline,
    LocalizedCampaign,
    LocalLanguageCard,
    LocalStatistic,
    LocalText,
    LocalWarningSign,
    LocalWeb,
    Role,
    Segment,
)
from posters.model import Campaign, Data, Statistic, StatisticKind, Text


@dataclass(frozen=True)
class Translation:
    text: str
    origin: Location


# Looks a source text up in a catalog; None when there is no usable translation.
Lookup = Callable[[Text], Translation | None]


def source_lookup(text: Text) -> Translation:
    return Translation(text.source, text.location)


def format_statistic(statistic: Statistic, lang: str) -> str:
    locale = babel_locale(lang)
    if statistic.kind is StatisticKind.SHARE:
        return format_percent(statistic.value, locale=locale)
    return format_decimal(statistic.value, locale=locale)


def format_year(year: int, lang: str) -> str:
    return str(year)


class Localizer:
    def __init__(self, campaign: Campaign, lang: str, lookup: Lookup | None = None) -> None:
        self.campaign = campaign
        self.lang = lang
        self.lookup: Lookup = lookup or source_lookup

    def text(self, source: Text, values: Mapping[str, Segment] | None = None) -> LocalText:
        translation = self.lookup(source)
        fallback = translation is None
        if translation is None:
            translation = Translation(source.source, source.location)
        return LocalText(
            fill_placeholders(translation.text, values or {}), source, translation.origin,
            fallback=fallback and self.lang != self.campaign.meta.source_language,
        )

    def optional(self, source: Text | None, values: Mapping[str, Segment] | None = None
                 ) -> LocalText | None:
        return None if source is None else self.text(source, values)

    def localize(self) -> LocalizedCampaign:
        content = self.campaign.content
        phones = {h.id: Segment(h.number, Role.PHONE) for h in content.hotlines}
        statistics: list[LocalStatistic] = []
        heading = None
        if content.statistics:
            year = Segment(format_year(content.statistics.year, self.lang), Role.NUMBER)
            heading = self.text(content.statistics.heading, {"year": year})
            for statistic in content.statistics.items:
                value = format_statistic(statistic, self.lang)
                statistics.append(LocalStatistic(
                    value, statistic.kind, statistic.qualifier,
                    self.text(statistic.caption, {"value": Segment(value, Role.VALUE)}),
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
                             tuple(self.text(n) for n in h.notes))
                for h in content.hotlines
            ),
            web=LocalWeb(web.url, self.optional(web.label), self.optional(web.note), web.qr)
            if web else None,
            local_contacts_heading=self.optional(
                content.local_contacts.heading if content.local_contacts else None),
            copyright=self.text(content.footer.copyright),
            disclaimer=self.optional(content.footer.disclaimer),
            language_name=autonym(self.lang),
            data=self.data(self.campaign.data) if self.campaign.data else None,
            language_card=LocalLanguageCard(self.text(content.language_card.heading),
                                            self.text(content.language_card.line))
            if content.language_card else None,
        )

    def data(self, data: Data) -> LocalData:
        locale = babel_locale(self.lang)
        year = Segment(format_year(data.year, self.lang), Role.NUMBER)
        return LocalData(
            heading=self.text(data.heading, {"year": year}),
            source=self.optional(data.source),
            datasets=tuple(
                LocalDataset(
                    dataset.id, self.text(dataset.title),
                    tuple(LocalDataValue(self.text(v.label), v.value,
                                         format_decimal(v.value, locale=locale))
                          for v in dataset.values),
                    format_decimal(dataset.total, locale=locale))
                for dataset in data.datasets),
        )


def fill_placeholders(template: str, values: Mapping[str, Segment]) -> tuple[Segment, ...]:
    """Split ``template`` at its ``{name}`` fields and put the named segments in.

    Only plain names are filled; ``{{`` and ``}}`` are literal braces. The caller has
    checked that the template's fields are exactly the expected ones.
    """
    segments: list[Segment] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            segments.append(Segment(literal))
        if name is not None:
            segments.append(values[name])
    return tuple(segments)


def localize(campaign: Campaign, lang: str, lookup: Lookup | None = None) -> LocalizedCampaign:
    return Localizer(campaign, lang, lookup).localize()
