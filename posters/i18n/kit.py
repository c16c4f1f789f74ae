"""A translator kit: one archive with everything a freelance translator without the tool
needs for one language, and nothing more.

    <campaign>-<lang>/README.txt            what to do, in plain words
    <campaign>-<lang>/<lang>.po             the catalog to translate (the file of record)
    <campaign>-<lang>/previews/*.pdf        each format in the language; untranslated text
                                            framed magenta, text too long framed orange
    <campaign>-<lang>/screenshots/*.png     every message where it has the least room

The archive is deterministic: entries in name order, dated by the catalog.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from posters.i18n.room import Target, budgets, compose_pages, local_texts, overflows, targets
from posters.i18n.screenshots import take_screenshots
from posters.layout.geometry import Stroke
from posters.localize import Lookup
from posters.model import Campaign, Colour, Text
from posters.text import TextEngine

UNTRANSLATED = Colour("untranslated", (0, 100, 0, 0))  # magenta
TOO_LONG = Colour("too-long", (0, 55, 100, 0))  # orange
FRAME_WIDTH = 1.6


@dataclass(frozen=True)
class KitContents:
    archive: Path
    previews: tuple[str, ...]
    screenshots: int
    untranslated: tuple[str, ...]
    too_long: tuple[str, ...]


def _preview_targets(campaign: Campaign) -> list[Target]:
    """One document per format: its default size, without a region (the generic one)."""
    chosen: dict[str, Target] = {}
    for target in targets(campaign):
        if target.region is None and target.format not in chosen:
            chosen[target.format] = target
    return list(chosen.values())


def _without(lookup: Lookup, keys: set[str]) -> Lookup:
    """The lookup, with the source standing in for ``keys`` (texts too long to set)."""
    def shortened(text: Text):  # type: ignore[no-untyped-def]
        return None if text.key in keys else lookup(text)

    return shortened


def _marked(pages: tuple[Any, ...], frames: list[tuple[tuple[str, ...], str, Any]],
            untranslated: set[str], too_long: set[str]) -> tuple[Any, ...]:
    marked = []
    for page in pages:
        strokes = []
        for keys, side, rect in frames:
            if side != page.side:
                continue
            colour = (TOO_LONG if too_long & set(keys) else
                      UNTRANSLATED if untranslated & set(keys) else None)
            if colour is not None:
                strokes.append(Stroke(rect, colour, FRAME_WIDTH))
        marked.append(replace(page, items=page.items + tuple(strokes)))
    return tuple(marked)


def readme(campaign: Campaign, lang: str, contents: KitContents, po_name: str) -> str:
    from posters.i18n.headers import contact_address
    from posters.languages import babel_locale

    name = babel_locale(lang).english_name if "qps" not in lang else lang
    contact = contact_address(campaign) or campaign.meta.organisation
    lines = [
        f"Translation kit: {campaign.meta.title.source} - {name}",
        "",
        f"This folder has everything you need to translate the posters and leaflets of "
        f"\"{campaign.meta.title.source}\" ({campaign.meta.organisation}) into {name}.",
        "",
        f"1. {po_name}: the file to translate. Open it in Poedit (free, poedit.net), in "
        "any translation tool that reads PO files, or in a plain text editor. For each "
        "entry, write your translation after msgstr. The top of the file explains the "
        "rest: placeholders such as {police} (keep them), plural forms, and notes.",
        "2. Each entry has a note 'Room: about N characters': the space the text has on "
        "the smallest poster or card. A longer text is printed smaller; one that does "
        "not fit at the smallest size cannot be printed. Stay within the room.",
        "3. previews/: each poster and leaflet in your language as it is now. Text in a "
        "magenta frame is not translated yet (the English stands in); text in an orange "
        "frame is too long for its place.",
        "4. screenshots/: one picture per entry, named like its msgctxt line: where the "
        "text is printed with the least room, the English on the left and your language "
        "on the right.",
        "",
        "Phone numbers, web addresses and figures are not in the file: they are printed "
        "as they are. Never type a phone number or a number that the English does not "
        "have.",
        "",
        f"Now: {len(contents.untranslated)} text(s) untranslated, {len(contents.too_long)} "
        "too long.",
        "",
        f"When you are done, send {po_name} back to: {contact}",
    ]
    import textwrap

    return "\n".join(textwrap.fill(line, 78, subsequent_indent="   " if line[:2].rstrip(".")
                                   .isdigit() else "") if line else "" for line in lines) + "\n"


def make_kit(campaign: Campaign, lang: str, archive: Path, engine: TextEngine) -> KitContents:
    from posters.i18n.catalogs import load_lookup, read_catalog
    from posters.i18n.paths import catalog_path
    from posters.i18n.pseudo import base_language, is_pseudo, lookup_for
    from posters.localize import localize, source_lookup

    room = budgets(campaign, engine)
    source = localize(campaign, campaign.meta.source_language, source_lookup)
    if is_pseudo(lang):
        lookup, base = lookup_for(lang), base_language(campaign, lang)
    else:
        lookup, _ = load_lookup(campaign, lang, draft=True)
        base = lang
    local = localize(campaign, base, lookup)
    others = [source]
    chosen = _preview_targets(campaign)
    too_long = {o.key for o in overflows(campaign, local, engine, chosen)}
    local = localize(campaign, base, _without(lookup, too_long))
    untranslated = {t.key for t in local_texts(local) if t.fallback} - too_long
    stem = f"{campaign.meta.id}-{lang}"
    po_name = f"{lang}.po"
    files: dict[str, bytes] = {}
    previews = []
    with tempfile.TemporaryDirectory(prefix="posters-kit-") as temporary:
        folder = Path(temporary)
        for target in chosen:
            pages, frames = compose_pages(local, others, engine, target)
            if not pages:
                continue
            from posters.build.write import write_output
            from posters.render import DocumentInfo
            from posters.render.pdf import SCREEN

            name = f"{target.format}-{target.size}.pdf"
            info = DocumentInfo(title=local.title.text, author=campaign.meta.organisation,
                                subject=f"{campaign.meta.id}: {target.name} ({lang}, "
                                        "translator preview)", lang=pages[0].lang)
            written = write_output(_marked(pages, frames, untranslated, too_long),
                                   folder / name, SCREEN, info, campaign, engine,
                                   checks="none")
            if written.ok:
                files[f"{stem}/previews/{name}"] = (folder / name).read_bytes()
                previews.append(name)
        shots = take_screenshots(campaign, lang, folder / "shots", engine, room)
        for shot in shots:
            files[f"{stem}/screenshots/{shot.path.name}"] = shot.path.read_bytes()
    if not is_pseudo(lang):
        files[f"{stem}/{po_name}"] = catalog_path(campaign, lang).read_bytes()
        catalog = read_catalog(catalog_path(campaign, lang), lang).catalog
        stamp = catalog.revision_date if catalog is not None else None
    else:
        stamp = None
    contents = KitContents(archive, tuple(previews), len(shots), tuple(sorted(untranslated)),
                           tuple(sorted(too_long)))
    files[f"{stem}/README.txt"] = readme(campaign, lang, contents, po_name).encode()
    _write_zip(archive, files, stamp)
    return contents


def _write_zip(archive: Path, files: dict[str, bytes], stamp: datetime | None) -> None:
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, 0) if stamp and \
        stamp.year >= 1980 else (2000, 1, 1, 0, 0, 0)
    archive.parent.mkdir(parents=True, exist_ok=True)
    temporary = archive.with_name(f".{archive.name}.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, files[name])
    temporary.replace(archive)
