"""One language's page: the campaign's content as headings, lists, tables and links."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from posters.edition.icons import inline_icon
from posters.localized import LocalizedCampaign, LocalText, Role
from posters.schema.phone import PhoneError, parse_phone


@dataclass(frozen=True)
class PageLink:
    lang: str
    name: str  # the language's own name
    href: str


def phone_links(localized: LocalizedCampaign) -> dict[str, str]:
    """Each hotline's printed number (voice number, text line's short code, chat URL) and
    the link posters.schema.phone made for it: the same table the screen PDF links its numbers by
    (``Hotline.links``), so that both editions dial the same URIs."""
    return {text.strip(): uri for hotline in localized.campaign.content.hotlines
            for text, uri in hotline.links}


def region_tel(localized: LocalizedCampaign, number: str) -> str | None:
    """A regional office's number as posters.schema.phone links it for the campaign's country;
    None for one it does not read (the campaign check reports that, with file and line)."""
    try:
        return parse_phone(number, localized.campaign.meta.country).tel
    except PhoneError:
        return None


def text_html(text: LocalText, links: Mapping[str, str] | None = None) -> str:
    """A localized text with its statistic values in <strong> and its phone numbers as
    links (``links``: printed number -> URI; none inside a link of its own), each isolated
    so that a right-to-left sentence keeps them in reading order."""
    parts = []
    for segment in text.segments:
        content = escape(segment.text)
        if segment.role is Role.VALUE:
            parts.append(f"<strong class=\"value\"><bdi>{content}</bdi></strong>")
        elif segment.role is Role.PHONE and links and segment.text.strip() in links:
            uri = links[segment.text.strip()]
            parts.append(f'<a href="{escape(uri)}" dir="ltr">{content}</a>')
        elif segment.role is Role.PHONE:  # a text line's keyword: data, kept in order
            parts.append(f'<bdi dir="ltr">{content}</bdi>')
        elif segment.role in (Role.NUMBER, Role.URL):
            parts.append(f"<bdi>{content}</bdi>")
        else:
            parts.append(content)
    return "".join(parts)


def render_page(localized: LocalizedCampaign, css: str, languages: Iterable[PageLink]) -> str:
    lang = localized.lang
    direction = "rtl" if localized.rtl else "ltr"
    body = [
        _header(localized),
        '<main id="content">',
        _statistics(localized),
        _warning_signs(localized),
        _action(localized),
        _web(localized),
        _contacts(localized),
        _data(localized),
        "</main>",
        _footer(localized, list(languages)),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}" dir="{direction}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(localized.headline.text)}: {escape(localized.title.text)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )


def _header(loc: LocalizedCampaign) -> str:
    tagline = f'<p class="tagline">{text_html(loc.tagline)}</p>' if loc.tagline else ""
    logo = logo_html(loc.campaign.brand.logo, loc.campaign.meta.organisation)
    return (f'<header class="band">\n{logo}<h1>{text_html(loc.headline)}</h1>\n{tagline}\n'
            "</header>")


IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg"}


def logo_html(path: Path | None, organisation: str) -> str:
    """The campaign's logo as an image in the page (a data: URL, so that the page stays one
    file), named by the organisation as in the tagged PDF. An SVG shown as an image runs
    no script and loads nothing; a TIFF, which browsers do not show, is converted to PNG."""
    if path is None:
        return ""
    suffix = path.suffix.lower()
    if suffix in IMAGE_TYPES:
        data, mime = path.read_bytes(), IMAGE_TYPES[suffix]
    else:
        from PIL import Image

        buffer = io.BytesIO()
        with Image.open(path) as image:
            image.convert("RGBA").save(buffer, format="PNG")
        data, mime = buffer.getvalue(), "image/png"
    source = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<img class="logo" src="{source}" alt="{escape(organisation)}">\n'


def _statistics(loc: LocalizedCampaign) -> str:
    if not loc.statistics:
        return ""
    items = []
    for statistic in loc.statistics:
        source = (f'<p class="source">{text_html(statistic.source)}</p>'
                  if statistic.source else "")
        items.append(f"<li><p>{text_html(statistic.caption)}</p>{source}</li>")
    return _section("statistics", loc.statistics_heading, f'<ul>{"".join(items)}</ul>')


def _warning_signs(loc: LocalizedCampaign) -> str:
    if not loc.warning_signs:
        return ""
    items = []
    for index, sign in enumerate(loc.warning_signs, 1):
        label = f"sign-{index}"
        icon = inline_icon(sign.icon_file, label) if sign.icon_file else ""
        items.append(f'<li>{icon}<p id="{label}">{text_html(sign.text)}</p></li>')
    intro = f"<p>{text_html(loc.warning_intro)}</p>" if loc.warning_intro else ""
    return _section("signs", loc.warning_heading, f'{intro}<ul>{"".join(items)}</ul>')


def _action(loc: LocalizedCampaign) -> str:
    links = phone_links(loc)
    hotlines = []
    for hotline in loc.hotlines:
        # as the posters print them: the text line first, then the hours and the notes
        text_line = (f'<span class="note"><a href="{escape(hotline.text_link)}">'
                     f"{text_html(hotline.text_line)}</a></span>"
                     if hotline.text_line and hotline.text_link else "")
        notes = "".join(f'<span class="note">{text_html(n, links)}</span>'
                        for n in hotline.notes)
        hours = (f'<span class="note">{text_html(hotline.hours, links)}</span>'
                 if hotline.hours else "")
        number = escape(hotline.number)
        if hotline.link:
            number = (f'<a class="number" href="{escape(hotline.link)}" dir="ltr">'
                      f"{number}</a>")
        else:
            number = f'<bdi class="number" dir="ltr">{number}</bdi>'
        hotlines.append(f'<li><span class="label">{text_html(hotline.label, links)}</span> '
                        f"{number}{text_line}{hours}{notes}</li>")
    listing = f'<ul class="hotlines">{"".join(hotlines)}</ul>' if hotlines else ""
    call = text_html(loc.call_to_action, links)
    return _section("action", None, f'<p class="call">{call}</p>{listing}')


def _web(loc: LocalizedCampaign) -> str:
    if loc.web is None:
        return ""
    label = f"<p>{text_html(loc.web.label)}</p>" if loc.web.label else ""
    note = f'<p class="note">{text_html(loc.web.note)}</p>' if loc.web.note else ""
    url = escape(loc.web.url)
    return _section("web", None, f'{label}<p><a href="{url}" dir="ltr">{url}</a></p>{note}')


def _contacts(loc: LocalizedCampaign) -> str:
    if not loc.regions:
        return ""
    items = []
    for region in loc.regions:
        phone = ""
        if region.phone:
            tel = region_tel(loc, region.phone)
            phone = (f' <a href="{escape(tel)}" dir="ltr">{escape(region.phone)}</a>' if tel
                     else f' <bdi dir="ltr">{escape(region.phone)}</bdi>')
        hours = f' <span class="note">{text_html(region.hours)}</span>' if region.hours else ""
        items.append(f'<li><strong class="name">{text_html(region.name)}</strong> '
                     f'<bdi class="address">{escape(region.address)}</bdi>{phone}{hours}</li>')
    return _section("contacts", loc.local_contacts_heading, f'<ul>{"".join(items)}</ul>')


def _data(loc: LocalizedCampaign) -> str:
    if loc.data is None or not loc.data.datasets:
        return ""
    tables = []
    for dataset in loc.data.datasets:
        rows = "".join(f'<tr><th scope="row">{text_html(v.label)}</th>'
                       f"<td><bdi>{escape(v.formatted)}</bdi></td></tr>"
                       for v in dataset.values)
        tables.append(f"<table><caption>{text_html(dataset.title)}</caption>"
                      f"<tbody>{rows}</tbody></table>")
    source = f'<p class="source">{text_html(loc.data.source)}</p>' if loc.data.source else ""
    return _section("data", loc.data.heading, "".join(tables) + source)


def _footer(loc: LocalizedCampaign, languages: list[PageLink]) -> str:
    disclaimer = f"<p>{text_html(loc.disclaimer)}</p>" if loc.disclaimer else ""
    others = "".join(
        f'<li><a href="{escape(link.href)}" lang="{escape(link.lang)}" '
        f'hreflang="{escape(link.lang)}">{escape(link.name)}</a></li>'
        for link in languages if link.lang != loc.lang)
    nav = (f'<nav><ul class="languages">{others}</ul>'
           "</nav>" if others else "")
    return f"<footer>\n<p>{text_html(loc.copyright)}</p>\n{disclaimer}\n{nav}\n</footer>"


def _section(kind: str, heading: LocalText | None, inner: str) -> str:
    """A section named by its heading where the campaign gives one."""
    if heading is None:
        return f'<section class="{kind}">\n{inner}\n</section>'
    return (f'<section class="{kind}" aria-labelledby="{kind}-heading">\n'
            f'<h2 id="{kind}-heading">{text_html(heading)}</h2>\n{inner}\n</section>')
