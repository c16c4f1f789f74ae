"""Write the HTML edition of a campaign: ``<out>/web/<lang>/index.html`` and an index."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from posters.edition.contrast import LARGE_TEXT, NORMAL_TEXT, readable_on
from posters.edition.fonts import page_fonts
from posters.edition.page import PageLink, render_page
from posters.files import write_atomic
from posters.localized import LocalizedCampaign
from posters.model import Brand, Campaign
from posters.print.colour import CMYK, RGB, ColourConverter, ColourSettings
from posters.text.config import FontConfig


@dataclass(frozen=True)
class EditionPage:
    lang: str
    path: Path


@dataclass(frozen=True)
class Palette:
    """Screen colours of the brand (through the print profile, as the screen PDFs show
    them), each text colour chosen to meet WCAG 2.1 AA on its background."""

    band: RGB
    on_band: RGB
    accent: RGB
    on_accent: RGB
    heading: RGB
    ink: RGB
    muted: RGB
    muted_on_accent: RGB  # notes and sources inside the call-to-action band
    paper: RGB


def palette(brand: Brand) -> Palette:
    converter = ColourConverter(ColourSettings(profile=brand.output_profile))

    def screen(name: str, fallback: RGB) -> RGB:
        colour = brand.colours.get(name)
        return converter.cmyk_to_rgb(CMYK.from_percent(*colour.cmyk)) if colour else fallback

    paper = screen("paper", RGB(255, 255, 255))
    ink = readable_on(paper, [screen("ink", RGB(0, 0, 0))], NORMAL_TEXT)
    primary = screen("primary", ink)
    accent = screen("accent", paper)
    return Palette(
        band=primary,
        on_band=readable_on(primary, [paper, ink], LARGE_TEXT),
        accent=accent,
        on_accent=readable_on(accent, [ink, paper], NORMAL_TEXT),
        heading=readable_on(paper, [primary, ink], LARGE_TEXT),
        ink=ink,
        muted=readable_on(paper, [screen("muted", ink), ink], NORMAL_TEXT),
        muted_on_accent=readable_on(accent, [screen("muted", ink), ink, paper], NORMAL_TEXT),
        paper=paper,
    )


def stylesheet(colours: Palette) -> str:
    c = colours
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: {c.paper.hex}; color: {c.ink.hex}; line-height: 1.5;
  font-size: 1.0625rem; }}
header.band {{ background: {c.band.hex}; color: {c.on_band.hex}; padding: 1.5rem 1rem; }}
header.band .logo {{ display: block; max-height: 4rem; max-width: 60%;
  margin-bottom: .75rem; }}
header.band h1 {{ margin: 0; font-size: clamp(2rem, 8vw, 3.5rem); line-height: 1.15; }}
header.band .tagline {{ margin: .5rem 0 0; font-size: 1.25rem; font-weight: 700; }}
main, footer {{ max-width: 46rem; margin: 0 auto; padding: 0 1rem; }}
h2 {{ color: {c.heading.hex}; font-size: 1.5rem; line-height: 1.25; margin: 1.75rem 0 .5rem; }}
ul {{ padding: 0; list-style: none; }}
.statistics li {{ margin: .75rem 0; font-size: 1.2rem; }}
.value {{ font-size: 1.6em; }}
.source, .note {{ color: {c.muted.hex}; font-size: .95rem; }}
.note {{ display: block; }}
.contacts li {{ margin: .75rem 0; }}
.contacts .name, .contacts .address {{ display: block; }}
.signs li {{ display: flex; gap: .75rem; align-items: flex-start; margin: .75rem 0; }}
.signs .icon {{ flex: none; width: 3rem; height: 3rem; color: {c.heading.hex}; }}
.signs p {{ margin: 0; }}
.action {{ background: {c.accent.hex}; color: {c.on_accent.hex}; padding: 1rem;
  margin: 1.5rem -1rem; }}
.action a {{ color: inherit; }}
.action .source, .action .note {{ color: {c.muted_on_accent.hex}; }}
.call {{ font-weight: 700; font-size: 1.15rem; margin-top: 0; }}
.hotlines li {{ margin: .75rem 0; }}
.hotlines .label {{ display: block; }}
.hotlines .number {{ font-size: 1.6rem; font-weight: 700; white-space: nowrap; }}
a {{ color: {c.ink.hex}; overflow-wrap: anywhere; }}
a:focus-visible {{ outline: 3px solid currentColor; outline-offset: 2px; }}
table {{ border-collapse: collapse; margin: 1rem 0; min-width: 60%; }}
caption {{ text-align: start; font-weight: 700; }}
th, td {{ text-align: start; padding: .25rem .75rem .25rem 0;
  border-bottom: 1px solid {c.muted.hex}; }}
td {{ text-align: end; }}
footer {{ margin-top: 2rem; padding-bottom: 2rem; font-size: .95rem; }}
.languages {{ display: flex; flex-wrap: wrap; gap: .5rem 1rem; }}
.languages a {{ display: inline-block; padding: .5rem 0; }}
@media print {{ header.band, .action {{ -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }} a {{ text-decoration: none; }} }}
"""


def write_edition(localized: list[LocalizedCampaign], out_dir: Path) -> list[EditionPage]:
    """One page per language and an index naming each language in itself; files are
    written whole (to a temporary name, then renamed) and are the same bytes for the same
    input."""
    if not localized:
        return []
    links = [PageLink(one.lang, one.language_name or one.lang, f"../{one.lang}/")
             for one in localized]
    css_base = stylesheet(palette(localized[0].campaign.brand))
    fonts = _font_config(localized[0].campaign)
    pages = []
    for one in localized:
        without_fonts = render_page(one, css_base, links)
        html = render_page(one, page_fonts(without_fonts, one.lang, fonts) + "\n" + css_base,
                           links)
        path = out_dir / one.lang / "index.html"
        _write(path, html)
        pages.append(EditionPage(one.lang, path))
    _write(out_dir / "index.html", _index(localized, css_base, fonts))
    return pages


def _font_config(campaign: Campaign) -> FontConfig:
    """The fonts the campaign's posters are set with (fonts.yaml and its own faces)."""
    from posters.schema.language_setup import campaign_font_config
    from posters.text.install import ensure_campaign_fonts

    config = campaign_font_config(campaign)
    ensure_campaign_fonts(config)
    return config


def _index(localized: list[LocalizedCampaign], css: str, config: FontConfig) -> str:
    source = localized[0].campaign.meta.source_language
    first = next((one for one in localized if one.lang == source), localized[0])
    items = "".join(
        f'<li lang="{escape(one.lang)}" dir="{"rtl" if one.rtl else "ltr"}">'
        f'<a href="{escape(one.lang)}/" hreflang="{escape(one.lang)}">'
        f"{escape(one.language_name or one.lang)}</a> "
        f"<span>{escape(one.headline.text)}</span></li>"
        for one in localized)
    body = (f'<header class="band"><h1>{escape(first.title.text)}</h1></header>\n'
            f'<main id="content"><ul class="languages index">{items}</ul></main>')
    fonts = page_fonts(body, first.lang, config)
    return (f'<!DOCTYPE html>\n<html lang="{escape(first.lang)}" '
            f'dir="{"rtl" if first.rtl else "ltr"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(first.title.text)}</title>\n<style>\n{fonts}\n{css}\n"
            ".index { flex-direction: column; } .index li span { display: block; }\n"
            f"</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _write(path: Path, text: str) -> None:
    write_atomic(path, text, 0o644)
