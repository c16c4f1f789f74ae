"""A campaign's own language setup: ``campaign.locales`` (languages Babel has no locale
for), ``fonts:`` (its own faces and stacks, checked to be TrueType fonts inside the
folder), and the check that every language of the campaign has a font setup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from posters.diagnostics import Diagnostics, Location
from posters.languages import is_known
from posters.model import (
    Campaign,
    LocaleRule,
)
from posters.schema.readers import (
    INVALID,
    Context,
    Field,
    node_at,
    plain_text,
    read_asset,
    read_entry,
    read_language,
    read_list,
    read_mapping,
    read_string,
    scalar_text,
)
from posters.schema.source import Node, display_path

SCRIPT_CODE = re.compile(r"^[A-Z][a-z]{3}$")
LOCALE = {
    "rules": Field(read_language, required=True),
    "name": Field(read_string),
    "script": Field(lambda ctx, node, path: _read_script(ctx, node, path)),
}


def _read_script(ctx: Context, node: Node, path: str) -> str | Any:
    raw = scalar_text(ctx, node, path, "an ISO 15924 script code")
    if raw is INVALID:
        return INVALID
    if not SCRIPT_CODE.match(raw):
        return ctx.error(node, path, f"expected an ISO 15924 script code such as Latn, Arab "
                                     f"or Hmng, got {node.describe()}")
    return raw


def read_locales(ctx: Context, node: Node, path: str) -> tuple[LocaleRule, ...] | Any:
    """`locales: {hmn: {rules: en, name: Hmoob, script: Latn}}`: languages Babel has no
    locale for, and the locale whose number and plural rules each follows."""
    if node.kind != "mapping":
        return ctx.error(node, path, "expected a mapping of language codes to {rules: <a "
                                     "language Babel knows>, name: ..., script: ...}")
    out = []
    for tag, entry in node.items.items():
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
            ctx.problems.error(entry.key_location, f"'{tag}' is not a BCP 47 language code",
                               f"{path}.{tag}")
            continue
        if is_known(tag):
            ctx.problems.warning(entry.key_location, f"Babel knows '{tag}' already; its own "
                                 "rules are used and this entry only names it", f"{path}.{tag}")
        v = read_entry(ctx, entry, f"{path}.{tag}",
                        lambda c, n, p: read_mapping(c, n, p, LOCALE))
        if v is INVALID or INVALID in v.values():
            continue
        out.append(LocaleRule(tag, v["rules"], v["name"], v["script"], entry.node.location))
    return tuple(out) if len(out) == len(node.items) else INVALID


FONT_FACE = {
    "regular": Field(lambda ctx, node, path: read_font_file(ctx, node, path), required=True),
    "bold": Field(lambda ctx, node, path: read_font_file(ctx, node, path)),
}


def read_font_file(ctx: Context, node: Node, path: str) -> Path | Any:
    """A TrueType font file inside the campaign folder (the PDF renderer embeds TrueType
    outlines only)."""
    resolved = read_asset(ctx, node, path)
    if resolved is INVALID:
        return INVALID
    try:
        head = resolved.read_bytes()[:4]
    except OSError as exc:
        return ctx.error(node, path, f"cannot read {node.describe()}: {exc.strerror}")
    if head == b"OTTO":
        return ctx.error(node, path, f"{node.describe()} has PostScript (CFF) outlines, which "
                                     "the PDF renderer cannot embed; use the TrueType (.ttf) "
                                     "version of the font")
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return ctx.error(node, path, f"{node.describe()} is not a TrueType font file (.ttf)")
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(resolved, lazy=True)
        font["cmap"], font["glyf"], font["head"]
    except Exception as exc:  # a damaged or hostile file: fontTools raises many kinds
        return ctx.error(node, path, f"{node.describe()} is not a usable font: {exc}")
    return resolved


def read_fonts(ctx: Context, node: Node, path: str) -> Any:
    """`fonts: {faces: {id: {regular: f.ttf, bold: f-Bold.ttf}}, stacks: {lang: [id]}}`."""
    from posters.text.config import CampaignFonts, FontSource

    v = read_mapping(ctx, node, path, {"faces": Field(lambda c, n, p: _read_faces(c, n, p),
                                                       required=True),
                                        "stacks": Field(lambda c, n, p: _read_stacks(c, n, p),
                                                        default=())})
    if v is INVALID or INVALID in v.values():
        return INVALID
    faces = {fid: FontSource(f"campaign-{fid}", None,
                             tuple((style, str(f)) for style, f in files.items() if f),
                             campaign_file=True)
             for fid, files in v["faces"].items()}
    stacks = []
    for lang, ids, location in v["stacks"]:
        for fid in ids:
            if fid not in faces:
                ctx.problems.error(location, f"font stack for '{lang}' names '{fid}', which is "
                                   f"not under fonts.faces (the faces are "
                                   f"{', '.join(faces) or 'none'})", f"{path}.stacks.{lang}")
                return INVALID
        stacks.append((lang, tuple(faces[f].id for f in ids)))
    return CampaignFonts(tuple(faces.values()), tuple(stacks))


def _read_faces(ctx: Context, node: Node, path: str) -> Any:
    if node.kind != "mapping" or not node.items:
        return ctx.error(node, path, "expected a mapping of face ids to {regular: file.ttf, "
                                     "bold: file-Bold.ttf}")
    out = {}
    for fid, entry in node.items.items():
        v = read_entry(ctx, entry, f"{path}.{fid}",
                        lambda c, n, p: read_mapping(c, n, p, FONT_FACE))
        if v is INVALID or INVALID in v.values():
            return INVALID
        out[fid] = v
    return out


def _read_stacks(ctx: Context, node: Node, path: str) -> Any:
    if node.kind != "mapping":
        return ctx.error(node, path, "expected a mapping of language codes (or '*' for every "
                                     "language) to a list of face ids")
    out = []
    for lang, entry in node.items.items():
        ids = read_entry(ctx, entry, f"{path}.{lang}", read_list(read_string, min_items=1))
        if ids is INVALID:
            return INVALID
        out.append((lang, ids, entry.node.location))
    return tuple(out)


def campaign_font_config(campaign: Campaign):  # type: ignore[no-untyped-def]
    """The font configuration a campaign's outputs are set with: fonts.yaml, with the
    campaign's own faces, stacks and language scripts."""
    from posters.text.config import CampaignFonts, load_config

    config = load_config()
    own = campaign.fonts or CampaignFonts()
    scripts = tuple((rule.lang, rule.script) for rule in campaign.meta.locales if rule.script)
    if own.faces or own.stacks or scripts:
        config = config.with_campaign(CampaignFonts(own.faces, own.stacks, scripts))
    return config


def check_language_fonts(ctx: Context, root: Node, campaign: Campaign) -> None:
    """A language without a usable font setup is an error here, not at build time."""
    from posters.text.config import FontConfigError

    try:
        config = campaign_font_config(campaign)
    except FontConfigError as exc:
        ctx.problems.error(Location(str(campaign.source_file)), str(exc), "fonts")
        return
    languages = node_at(root, "campaign", "languages")
    nodes = {(plain_text(c) or ""): c for c in (languages.children if languages else ())}
    for lang in campaign.meta.languages:
        try:
            config.language(lang)
        except FontConfigError as exc:
            node = nodes.get(lang, languages)
            ctx.problems.error(node.location, str(exc), "campaign.languages")


def check_coverage(campaign: Campaign, problems: Diagnostics) -> None:
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
                               "remove it, or add a font that covers it (fonts: in "
                               "campaign.yaml, see docs/fonts.md)",
                               f"{text.key} [{lang}]")


def check_own_fonts_cover(campaign: Campaign, problems: Diagnostics) -> None:
    """A language set with the campaign's own faces (``fonts.stacks``) needs its letters in
    one of the fonts of its stack: CLDR's exemplar characters of the language (through
    ICU), or, for a script CLDR has none for here, the letters of the script. Checked
    before any text is translated, so that a face without the glyphs of its language is
    named now rather than when the first translation is built."""
    if campaign.fonts is None or not campaign.fonts.faces:
        return
    from posters.text.config import FontConfigError

    config = campaign_font_config(campaign)
    for lang in campaign.meta.languages:
        try:
            setup = config.language(lang)
        except FontConfigError:
            continue  # load_campaign reported it at the language
        own = [fid for fid in setup.stack if config.fonts[fid].campaign_file]
        if not own:
            continue
        letters = _letters(lang, setup.script)
        missing = [ch for ch in letters if not any(_covers(config, fid, ch) for fid in setup.stack)]
        if missing:
            files = ", ".join(display_path(Path(config.fonts[fid].file)) for fid in own)
            shown = " ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
            problems.error(Location(str(campaign.source_file)),
                           f"{lang} is set with the campaign's own font(s) {files}, but no font "
                           f"of its stack has {len(missing)} of its {len(letters)} letters "
                           f"({setup.script}: {shown}); use a font that covers "
                           f"{setup.script}, or add one to fonts.stacks.{lang}", "fonts.stacks")


def _letters(lang: str, script: str) -> list[str]:
    """The letters a text of ``lang`` in ``script`` is written with."""
    import icu

    exemplars = [item for item in icu.LocaleData(lang.replace("-", "_")).getExemplarSet(0, 0)
                 if len(item) == 1 and icu.Script.getScript(ord(item)).getShortName() == script]
    if exemplars:
        return exemplars
    return [ch for ch in icu.UnicodeSet(f"[[:sc={script}:]&[:L:]]") if len(ch) == 1]


def _covers(config, fid: str, ch: str) -> bool:  # type: ignore[no-untyped-def]
    source = config.fonts[fid]
    if source.campaign_file:
        return ord(ch) in _cmap(source.file)
    from posters.text import TextEngine

    return TextEngine.default().fonts.get(fid, "regular").covers(ord(ch))


@cache
def _cmap(file: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(file, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())
