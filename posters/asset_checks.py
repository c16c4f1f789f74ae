"""Checks of a campaign that need the renderer or the fonts, run by ``posters validate`` so
that it finds what a build would otherwise find first: an icon or SVG logo that cannot be
drawn, a catalog a build would refuse, a character no font of its language covers.

``load_campaign`` stays light (a build whose outputs are up to date loads no renderer);
these checks load the fonts' character maps and the SVG converter.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from posters.diagnostics import Diagnostic, Diagnostics, Location
from posters.model import Campaign


def deep_checks(campaign: Campaign) -> list[Diagnostic]:
    """Every problem of the campaign's own files a build would report, beyond the YAML."""
    problems = Diagnostics()
    _check_drawings(campaign, problems)
    _check_languages(campaign, problems)
    return list(problems)


def _check_drawings(campaign: Campaign, problems: Diagnostics) -> None:
    from posters.render.icons import IconError, load_icon

    drawings: list[tuple[Path, Location, str]] = []
    signs = campaign.content.warning_signs
    for i, sign in enumerate(signs.items if signs else ()):
        if sign.icon_file is not None:
            where = sign.text.location if sign.text else Location(str(campaign.source_file))
            drawings.append((Path(sign.icon_file), where, f"content.warning_signs.items[{i}]"
                                                          ".icon"))
    logo = campaign.brand.logo
    if logo is not None and Path(logo).suffix.lower() == ".svg":
        drawings.append((Path(logo), campaign.brand.logo_location
                         or Location(str(campaign.source_file)), "brand.logo"))
    for path, where, subject in drawings:
        try:
            load_icon(path)
        except IconError as error:
            problems.error(where, f"{error.path.name}:{error.line or 1}: {error.message}; fix "
                                  "the SVG file or choose another", subject)


def _check_languages(campaign: Campaign, problems: Diagnostics) -> None:
    """Each language's catalog as a build reads it, and the characters of its texts
    against the fonts of the language."""
    from posters.i18n.catalogs import validation_lookup
    from posters.i18n.paths import catalog_path
    from posters.localize import localize
    from posters.text import TextEngine
    from posters.text.breaking import grapheme_ends
    from posters.text.cache import DamagedFontError
    from posters.text.itemize import is_ignorable
    from posters.text.model import FontsNotInstalledError

    engine = TextEngine.default()
    for lang in campaign.meta.languages:
        if lang != campaign.meta.source_language and not catalog_path(campaign, lang).exists():
            continue  # not translated yet: a build says so; nothing in the files is wrong
        lookup, found = (validation_lookup(campaign, lang)
                         if lang != campaign.meta.source_language else (None, []))
        problems.extend(found)
        localized = localize(campaign, lang, lookup)
        try:
            stack = engine.config.language(lang).stack
        except Exception as error:
            problems.error(Location(str(campaign.source_file)), str(error), lang)
            continue
        reported: set[tuple[str, str]] = set()
        for text in localized.texts():
            value = text.text
            ends = grapheme_ends(value)
            start = 0
            for end in ends:
                cps = [ord(c) for c in value[start:end] if not is_ignorable(c) and c != "\n"]
                start = end
                if not cps:
                    continue
                try:
                    covered = any(all(engine.fonts.get(fid, style).covers(cp) for cp in cps)
                                  for fid in stack for style in ("regular",))
                except (DamagedFontError, FontsNotInstalledError) as error:
                    problems.error(Location(str(getattr(error, "path", "font cache"))),
                                   str(error))
                    return
                if covered:
                    continue
                char = next((chr(cp) for cp in cps if not any(
                    engine.fonts.get(fid, "regular").covers(cp) for fid in stack)), chr(cps[0]))
                if (text.key, char) in reported:
                    continue
                reported.add((text.key, char))
                problems.error(text.origin,
                               f"no font for {lang} has the character {char!r} "
                               f"(U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}); "
                               "remove it, or add a font that covers it to posters/data/fonts.yaml",
                               f"{text.key} [{lang}]")
