"""A campaign localized for one language: every string final, numbers formatted.

This is what the layout consumes. Each string keeps where it came from (the model's
``Text`` and the catalog entry) so that layout problems can cite a file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from posters.diagnostics import Location
from posters.model import Campaign, Qualifier, StatisticKind, Text


class Role(StrEnum):
    PROSE = "prose"
    VALUE = "value"  # a statistic's formatted value, set large and bold
    NUMBER = "number"  # a year or other formatted number
    PHONE = "phone"  # a phone number exactly as authored
    URL = "url"


@dataclass(frozen=True)
class Segment:
    text: str
    role: Role = Role.PROSE


@dataclass(frozen=True)
class LocalText:
    segments: tuple[Segment, ...]
    source: Text  # the translatable string this comes from
    origin: Location  # the catalog entry, or the campaign line for source text
    fallback: bool = False  # the source text stands in for a missing translation (draft)

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def key(self) -> str:
        return self.source.key


@dataclass(frozen=True)
class LocalStatistic:
    value: str  # formatted for the locale: "30%", "30 %", "٣٠٪"
    kind: StatisticKind
    qualifier: Qualifier | None
    caption: LocalText  # contains the value as a Role.VALUE segment
    source: LocalText | None


@dataclass(frozen=True)
class LocalWarningSign:
    icon: str
    icon_file: Path | None
    text: LocalText


@dataclass(frozen=True)
class LocalHotline:
    id: str
    label: LocalText
    number: str
    hours: LocalText | None
    notes: tuple[LocalText, ...]
    link: str = ""  # tel:, sms: or https: URI of the number (posters.schema.phone)
    text_line: LocalText | None = None  # "Text BEFREE to 233733", beside a voice number
    text_link: str = ""  # its sms: URI


@dataclass(frozen=True)
class LocalWeb:
    url: str
    label: LocalText | None
    note: LocalText | None
    qr: bool


@dataclass(frozen=True)
class LocalRegion:
    id: str
    name: LocalText
    address: str
    phone: str | None
    hours: LocalText | None


@dataclass(frozen=True)
class LocalDataValue:
    label: LocalText
    value: int
    formatted: str  # the value formatted for the locale


@dataclass(frozen=True)
class LocalDataset:
    id: str
    title: LocalText
    values: tuple[LocalDataValue, ...]
    total: str  # formatted

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(value.value for value in self.values)


@dataclass(frozen=True)
class LocalData:
    heading: LocalText
    source: LocalText | None
    datasets: tuple[LocalDataset, ...]

    def dataset(self, dataset_id: str) -> LocalDataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)


@dataclass(frozen=True)
class LocalLanguageCard:
    heading: LocalText
    line: LocalText


@dataclass(frozen=True)
class LocalizedCampaign:
    campaign: Campaign
    lang: str  # BCP 47 tag as the campaign writes it
    rtl: bool
    title: LocalText
    headline: LocalText
    tagline: LocalText | None
    statistics_heading: LocalText | None
    statistics: tuple[LocalStatistic, ...]
    warning_heading: LocalText | None
    warning_intro: LocalText | None
    warning_signs: tuple[LocalWarningSign, ...]
    call_to_action: LocalText
    hotlines: tuple[LocalHotline, ...]
    web: LocalWeb | None
    local_contacts_heading: LocalText | None
    copyright: LocalText
    disclaimer: LocalText | None
    regions: tuple[LocalRegion, ...] = ()
    language_name: str = ""  # the language's own name in its own script (CLDR)
    data: LocalData | None = None
    language_card: LocalLanguageCard | None = None

    @property
    def has_fallback(self) -> bool:
        return any(text.fallback for text in self.texts())

    def region(self, region_id: str) -> LocalRegion:
        return next(r for r in self.regions if r.id == region_id)

    def texts(self) -> list[LocalText]:
        texts: list[LocalText | None] = [
            self.title, self.headline, self.tagline, self.statistics_heading,
            self.warning_heading, self.warning_intro, self.call_to_action,
            self.local_contacts_heading, self.copyright, self.disclaimer,
        ]
        for statistic in self.statistics:
            texts += [statistic.caption, statistic.source]
        texts += [sign.text for sign in self.warning_signs]
        for hotline in self.hotlines:
            texts += [hotline.label, hotline.hours, *hotline.notes]
        if self.web:
            texts += [self.web.label, self.web.note]
        for region in self.regions:
            texts += [region.name, region.hours]
        if self.data:
            texts += [self.data.heading, self.data.source]
            for dataset in self.data.datasets:
                texts += [dataset.title, *(value.label for value in dataset.values)]
        if self.language_card:
            texts += [self.language_card.heading, self.language_card.line]
        return [text for text in texts if text is not None]
