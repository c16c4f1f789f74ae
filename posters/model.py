"""The campaign as validated content. It knows no language: prose is ``Text`` in the
source language with its key path and location; numbers, phone numbers and URLs are data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from posters.diagnostics import Location
from posters.schema.phone import PhoneNumber

if TYPE_CHECKING:  # light imports only: the model is loaded by every stage
    from posters.preflight.requirements import Requirements
    from posters.text.config import CampaignFonts


@dataclass(frozen=True)
class Text:
    """A translatable string. ``key`` (e.g. ``content.tagline``,
    ``content.hotlines.police.label``) is its message context: list items are named by
    their id, never by position (posters.i18n.ids)."""

    source: str
    key: str
    location: Location
    comments: tuple[str, ...] = ()  # comment lines written above it (translator notes)
    plural: str | None = None  # the plural form for a count ("{value} victims"); gettext's
    # msgid_plural, with ``source`` as the singular
    path: str = ""  # where it was written when that differs from ``key``, list items by
    # position (``content.hotlines[0].label``): for messages and catalog migration

    @property
    def written_at(self) -> str:
        return self.path or self.key


@dataclass(frozen=True)
class Colour:
    name: str
    cmyk: tuple[float, float, float, float]  # each 0..100 percent
    spot: str | None = None  # a named spot colour (e.g. "PANTONE 185 C")


@dataclass(frozen=True)
class Brand:
    colours: dict[str, Colour]
    logo: Path | None = None
    output_profile: Path | None = None  # the print shop's CMYK ICC profile
    output_condition: str | None = None  # e.g. FOGRA39, JC200103
    logo_location: Location | None = None  # where the logo was named, for messages

    def colour(self, name: str) -> Colour:
        return self.colours[name]


@dataclass(frozen=True)
class PrintSettings:
    """campaign.yaml's ``print:`` (condition, profile, pdfx: owner print)."""

    condition: str | None = None  # a named printing condition: FOGRA39, JC2011, SWOP...
    profile: Path | None = None  # the printer's CMYK ICC profile
    pdfx: str = "x-4"  # "x-4" or "x-1a" (PDF/X-1a:2001)
    date: str | None = None  # the edition's date (YYYY-MM-DD): the files' dates


@dataclass(frozen=True)
class Meta:
    id: str
    title: Text
    source_language: str
    languages: tuple[str, ...]
    reference_year: int
    organisation: str
    copyright: str
    native_digits: tuple[str, ...] = ()  # languages whose statistics use native digits
    latin_digits: tuple[str, ...] = ()  # languages whose statistics use Latin digits
    contact: str | None = None  # who answers translators (catalog headers)
    date: datetime.date | None = None  # the edition of the text (POT-Creation-Date)
    country: str | None = None  # ISO 3166-1 alpha-2: phone numbers are read for it
    locales: tuple[LocaleRule, ...] = ()  # languages Babel lacks, and whose rules they follow


@dataclass(frozen=True)
class LocaleRule:
    """``campaign.locales.hmn: {rules: en, name: Hmoob, script: Latn}``."""

    lang: str
    rules: str  # a Babel locale: numbers and plurals follow it
    name: str | None  # the language's own name (for the language card)
    script: str | None  # ISO 15924, for its fonts
    location: Location


class StatisticKind(StrEnum):
    SHARE = "share"  # a fraction 0..1, shown as a percentage
    COUNT = "count"  # a whole number of people or cases


class Qualifier(StrEnum):
    MORE_THAN = "more-than"
    LESS_THAN = "less-than"
    ABOUT = "about"
    EXACTLY = "exactly"


@dataclass(frozen=True)
class Statistic:
    value: float | int
    kind: StatisticKind
    caption: Text  # contains the placeholder {value}
    year: int
    location: Location
    qualifier: Qualifier | None = None
    source: Text | None = None
    id: str = ""  # given, or derived from the caption (posters.i18n.ids)


@dataclass(frozen=True)
class Statistics:
    heading: Text  # may contain {year}
    year: int
    items: tuple[Statistic, ...]


@dataclass(frozen=True)
class WarningSign:
    icon: str
    text: Text
    icon_file: Path | None  # resolved SVG, or None when the campaign has no such icon
    id: str = ""  # given, or derived from the icon (posters.i18n.ids)


@dataclass(frozen=True)
class WarningSigns:
    heading: Text
    intro: Text | None
    items: tuple[WarningSign, ...]


@dataclass(frozen=True)
class TextLine:
    """A line people text: "Text BEFREE to 233733"."""

    number: PhoneNumber  # the short code or number, as authored and as dialled
    keyword: str | None
    location: Location
    label: Text | None = None  # "Text {keyword} to {number}"; placeholders filled as data

    @property
    def link(self) -> str:
        return self.number.sms(self.keyword)


@dataclass(frozen=True)
class Hotline:
    """A voice line (``phone``), a text line, both, or a chat contact by URL. ``number``
    is what the poster prints for it, exactly as authored: the voice number, else the
    text line's short code, else the chat URL; ``link`` its screen link (tel:, sms:,
    https:)."""

    id: str
    label: Text
    number: str  # exactly as authored; never localized
    location: Location
    hours: Text | None = None
    notes: tuple[Text, ...] = ()
    phone: PhoneNumber | None = None
    text_line: TextLine | None = None
    chat: str | None = None
    link: str = ""

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(printed text, URI) for every way of reaching it."""
        out = []
        if self.phone:
            out.append((self.phone.display, self.phone.tel))
        if self.text_line:
            out.append((self.text_line.number.display, self.text_line.link))
        if self.chat:
            out.append((self.chat, self.chat))
        return tuple(out)


@dataclass(frozen=True)
class CallToAction:
    text: Text  # may name hotlines by id: {police}


@dataclass(frozen=True)
class WebAddress:
    url: str
    location: Location
    label: Text | None = None
    note: Text | None = None
    qr: bool = True


@dataclass(frozen=True)
class Region:
    """An office for the local-contacts area; each region is a variant of every output."""

    id: str
    name: Text  # translatable; key regions.<id>.name
    address: str  # as authored, never translated
    location: Location
    phone: str | None = None
    hours: Text | None = None


@dataclass(frozen=True)
class LocalContacts:
    heading: Text
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class LanguageCard:
    heading: Text  # what to do with the card
    line: Text  # "I speak this language", set next to each language's own name


@dataclass(frozen=True)
class Footer:
    copyright: Text
    disclaimer: Text | None = None


@dataclass(frozen=True)
class Content:
    headline: Text
    tagline: Text | None
    statistics: Statistics | None
    warning_signs: WarningSigns | None
    call_to_action: CallToAction
    hotlines: tuple[Hotline, ...]
    web: WebAddress | None
    local_contacts: LocalContacts | None
    footer: Footer
    language_card: LanguageCard | None = None


@dataclass(frozen=True)
class DataValue:
    label: Text
    value: int  # a count of people or cases
    location: Location
    id: str = ""  # given, or derived from the label (posters.i18n.ids)


@dataclass(frozen=True)
class Dataset:
    """Figures for a chart: each value a part of the dataset (a donut shows the parts
    of the total; bars compare them)."""

    id: str
    title: Text
    values: tuple[DataValue, ...]
    location: Location
    chart: str = "donut"  # how a layout's `charts` block draws it: donut or bar

    @property
    def total(self) -> int:
        return sum(value.value for value in self.values)


@dataclass(frozen=True)
class Data:
    heading: Text  # may contain {year}
    year: int
    datasets: tuple[Dataset, ...]
    source: Text | None = None

    def dataset(self, dataset_id: str) -> Dataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)


@dataclass(frozen=True)
class FormatChoice:
    """A format the campaign builds (``formats:`` in campaign.yaml) and its sizes."""

    name: str
    sizes: tuple[str, ...]
    location: Location  # where the format is named
    size_locations: tuple[Location, ...] = ()  # where each size is written


@dataclass(frozen=True)
class Campaign:
    root: Path  # the campaign folder
    source_file: Path  # its campaign.yaml
    meta: Meta
    brand: Brand
    content: Content
    data: Data | None = None  # figures for charts
    # format name -> sizes to build it at (the first is its default); empty: every stock
    # format at its own default size
    formats: tuple[FormatChoice, ...] = ()
    bleed_mm: float = 3.0  # print.bleed
    print_settings: PrintSettings = PrintSettings()

    @property
    def output_intent(self):  # type: ignore[no-untyped-def]
        """The print files' output intent (posters.print.conditions.OutputIntent):
        ``print:`` first, ``brand.output_profile``/``output_condition`` still honoured."""
        from posters.print.conditions import resolve

        settings = self.print_settings
        return resolve(settings.condition or self.brand.output_condition,
                       settings.profile or self.brand.output_profile)
    fonts: CampaignFonts | None = None  # the campaign's own faces and stacks
    requirements: Requirements | None = None  # what its notices must meet by law

    def format_sizes(self, name: str) -> tuple[str, ...] | None:
        return next((f.sizes for f in self.formats if f.name == name), None)

    @property
    def name(self) -> str:
        return self.root.name

    @property
    def regions(self) -> tuple[Region, ...]:
        contacts = self.content.local_contacts
        return contacts.regions if contacts else ()

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def hotline(self, hotline_id: str) -> Hotline | None:
        return next((h for h in self.content.hotlines if h.id == hotline_id), None)

    def texts(self) -> Iterator[Text]:
        """Every translatable string, in the order it was written."""
        yield from sorted(_walk_texts(self), key=lambda text: text.location)


def _walk_texts(value: object) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _walk_texts(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk_texts(item)
