"""XLIFF 1.2 and 2.0 for CAT tools (memoQ, Trados, Phrase, Crowdin); the PO file stays the
file of record.

Export keeps what a translator needs: the message context (1.2: ``resname`` and an
``x-po-msgctxt`` context, as Translate Toolkit writes it; 2.0: the unit's ``name``), the
notes (authors' notes and the room), the source location, the length limit (1.2
``maxwidth`` in characters; 2.0 the Size and Length Restriction module), placeholders
as protected inline codes (``<ph>``), plural forms as a group, and each entry's state.

Import reads XLIFF 1.2 or 2.0, or a PO file (what Translate Toolkit's ``xliff2po``
gives back), and puts each translation into the catalog entry it belongs to: by its
context, or, when a converter dropped the context, by its source location and English
(then by the English alone when only one entry has it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from lxml import etree

from posters.diagnostics import ContentError, Diagnostic, Level, Location
from posters.files import shown
from posters.model import Campaign

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
XML = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("1.2", "2.0")
MAX_BYTES = 20_000_000
PLACEHOLDER = re.compile(r"(\{[A-Za-z_][A-Za-z0-9_]*\})")
_NMTOKEN = re.compile(r"^[\w.\-:]+$")
ROOM_NOTE = "Room: "


@dataclass(frozen=True)
class Unit:
    """One message as read from a file, before it is matched to the catalog."""

    context: str | None
    sources: tuple[str, ...]  # the singular, and the plural for a count
    targets: tuple[str, ...]  # every form; empty strings when untranslated
    fuzzy: bool
    locations: tuple[tuple[str, int], ...] = ()
    line: int = 0  # in the imported file


@dataclass
class ImportResult:
    changed: int = 0
    unchanged: int = 0
    problems: list[Diagnostic] = field(default_factory=list)


# --------------------------------------------------------------------------- export

def _max_length(message: Message) -> int | None:
    for flag in message.flags:
        if flag.startswith("max-length:"):
            try:
                return int(flag.split(":", 1)[1])
            except ValueError:
                return None
    return None


def _forms(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(s or "" for s in strings)


def _sources(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _inline_12(element: etree._Element, text: str) -> None:
    """``text`` into ``element`` with each {placeholder} a protected <ph>."""
    last = None
    for index, part in enumerate(PLACEHOLDER.split(text)):
        if index % 2 == 0:
            if last is None:
                element.text = (element.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        last = etree.SubElement(element, f"{{{XLIFF12}}}ph", id=str(index // 2 + 1),
                                ctype="x-python-brace-format")
        last.text = part


def _inline_20(element: etree._Element, text: str, refs: dict[str, str]) -> None:
    last = None
    for index, part in enumerate(PLACEHOLDER.split(text)):
        if index % 2 == 0:
            if last is None:
                element.text = (element.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        ref = refs.setdefault(part, f"d{len(refs) + 1}")
        last = etree.SubElement(element, f"{{{XLIFF20}}}ph", id=f"ph{index // 2 + 1}",
                                dataRef=ref, equiv=part, disp=part, canCopy="yes",
                                canDelete="no")


def _messages(catalog: Catalog) -> Iterator[Message]:
    yield from (m for m in catalog if m.id)


def export_xliff(campaign: Campaign, catalog: Catalog, lang: str, version: str) -> bytes:
    """The catalog of ``lang`` as an XLIFF document (``version`` 1.2 or 2.0)."""
    if version == "1.2":
        return _export_12(campaign, catalog, lang)
    if version == "2.0":
        return _export_20(campaign, catalog, lang)
    raise ValueError(f"XLIFF version {version!r}; choose {' or '.join(VERSIONS)}")


def _notes(message: Message) -> list[tuple[str, str]]:
    """(kind, text): the authors' notes as one, the room as another (PO files wrap notes
    over lines, so the room is found in the words)."""
    words = " ".join(" ".join(message.auto_comments).split())
    at = words.find(ROOM_NOTE)
    authors, room = (words[:at].strip(), words[at:]) if at >= 0 else (words, "")
    notes = [("developer", authors)] if authors else []
    notes += [("room", room)] if room else []
    comments = " ".join(message.user_comments).strip()
    notes += [("translator", comments)] if comments else []
    return notes


def _export_12(campaign: Campaign, catalog: Catalog, lang: str) -> bytes:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    file = etree.SubElement(root, f"{{{XLIFF12}}}file", original="messages.po",
                            datatype="po", attrib={"source-language":
                                                   campaign.meta.source_language,
                                                   "target-language": lang})
    header = etree.SubElement(file, f"{{{XLIFF12}}}header")
    note = etree.SubElement(header, f"{{{XLIFF12}}}note", attrib={"from": "posters"})
    note.text = (f"{campaign.meta.title.source} ({campaign.meta.id}): {lang}. Keep every "
                 "protected code ({placeholder}); 'Room:' notes say how much space a text "
                 "has.")
    body = etree.SubElement(file, f"{{{XLIFF12}}}body")
    for message in _messages(catalog):
        sources, targets = _sources(message), _forms(message)
        state = _state(message)
        if len(sources) == 1:
            _unit_12(body, message.context or "", message, sources[0], targets[0], state)
        else:
            group = etree.SubElement(body, f"{{{XLIFF12}}}group", id=message.context or "",
                                     restype="x-gettext-plurals")
            for index, target in enumerate(targets):
                source = sources[0] if index == 0 else sources[1]
                _unit_12(group, f"{message.context}[{index}]", message, source, target, state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _state(message: Message) -> str:
    if not any(_forms(message)):
        return "new"
    return "fuzzy" if message.fuzzy else "translated"


def _unit_12(parent: etree._Element, unit_id: str, message: Message, source: str,
             target: str, state: str) -> None:
    attrib = {"id": unit_id, "resname": message.context or "",
              f"{{{XML}}}space": "preserve",
              "approved": "yes" if state == "translated" else "no"}
    limit = _max_length(message)
    if limit:
        attrib.update({"maxwidth": str(limit), "size-unit": "char"})
    unit = etree.SubElement(parent, f"{{{XLIFF12}}}trans-unit", attrib=attrib)
    _inline_12(etree.SubElement(unit, f"{{{XLIFF12}}}source"), source)
    if state != "new":
        target_element = etree.SubElement(unit, f"{{{XLIFF12}}}target", state={
            "translated": "translated", "fuzzy": "needs-review-translation"}[state])
        _inline_12(target_element, target)
    for kind, text in _notes(message):
        note = etree.SubElement(unit, f"{{{XLIFF12}}}note",
                                attrib={"from": "po-translator" if kind == "translator"
                                        else "developer"})
        note.text = text
    for file_name, line in message.locations:
        group = etree.SubElement(unit, f"{{{XLIFF12}}}context-group", name="po-reference",
                                 purpose="location")
        etree.SubElement(group, f"{{{XLIFF12}}}context",
                         attrib={"context-type": "sourcefile"}).text = file_name
        if line:
            etree.SubElement(group, f"{{{XLIFF12}}}context",
                             attrib={"context-type": "linenumber"}).text = str(line)
    group = etree.SubElement(unit, f"{{{XLIFF12}}}context-group", name="po-entry",
                             purpose="information")
    etree.SubElement(group, f"{{{XLIFF12}}}context",
                     attrib={"context-type": "x-po-msgctxt"}).text = message.context or ""


def _export_20(campaign: Campaign, catalog: Catalog, lang: str) -> bytes:
    root = etree.Element(f"{{{XLIFF20}}}xliff", nsmap={None: XLIFF20, "slr": SLR},
                         version="2.0", srcLang=campaign.meta.source_language, trgLang=lang)
    file = etree.SubElement(root, f"{{{XLIFF20}}}file", id="f1", original="messages.po")
    etree.SubElement(file, f"{{{SLR}}}profiles", generalProfile="xliff:codepoints",
                     storageProfile="xliff:utf8")
    used: set[str] = set()
    for number, message in enumerate(_messages(catalog), 1):
        sources, targets = _sources(message), _forms(message)
        context = message.context or ""
        unit_id = context if _NMTOKEN.match(context) and context not in used else f"u{number}"
        used.add(unit_id)
        if len(sources) == 1:
            _unit_20(file, unit_id, context, message, [(sources[0], targets[0])])
        else:
            group = etree.SubElement(file, f"{{{XLIFF20}}}group", id=f"g-{unit_id}",
                                     name=context, type="x-gettext:plurals")
            for index, target in enumerate(targets):
                source = sources[0] if index == 0 else sources[1]
                _unit_20(group, f"{unit_id}.form-{index}", f"{context}[{index}]", message,
                         [(source, target)])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit_20(parent: etree._Element, unit_id: str, name: str, message: Message,
             pairs: list[tuple[str, str]]) -> None:
    attrib = {"id": unit_id, "name": name}
    limit = _max_length(message)
    if limit:
        attrib[f"{{{SLR}}}sizeRestriction"] = str(limit)
    unit = etree.SubElement(parent, f"{{{XLIFF20}}}unit", attrib=attrib)
    notes = etree.SubElement(unit, f"{{{XLIFF20}}}notes")
    for kind, text in _notes(message):
        etree.SubElement(notes, f"{{{XLIFF20}}}note", category=kind).text = text
    for file_name, line in message.locations:
        etree.SubElement(notes, f"{{{XLIFF20}}}note", category="location").text = \
            f"{file_name}:{line}" if line else file_name
    if not len(notes):
        unit.remove(notes)
    refs: dict[str, str] = {}
    segments = []
    for source, target in pairs:
        segment = etree.Element(f"{{{XLIFF20}}}segment")
        state = _state(message)
        segment.set("state", {"new": "initial", "fuzzy": "initial",
                              "translated": "translated"}[state])
        if state == "fuzzy":
            segment.set("subState", "x-gettext:fuzzy")
        _inline_20(etree.SubElement(segment, f"{{{XLIFF20}}}source"), source, refs)
        if state != "new":
            _inline_20(etree.SubElement(segment, f"{{{XLIFF20}}}target"), target, refs)
        segments.append(segment)
    if refs:
        data = etree.SubElement(unit, f"{{{XLIFF20}}}originalData")
        for text, ref in refs.items():
            etree.SubElement(data, f"{{{XLIFF20}}}data", id=ref).text = text
    for segment in segments:
        unit.append(segment)


# --------------------------------------------------------------------------- import

def _text(element: etree._Element | None, refs: dict[str, str] | None = None) -> str:
    """An element's text with inline codes put back as the text they protect."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        local = etree.QName(child).localname
        if local in ("ph", "x", "bx", "ex", "sc", "ec"):
            ref = child.get("dataRef")
            parts.append((refs or {}).get(ref or "", "") or child.get("equiv") or
                         child.get("disp") or child.text or "")
        elif local in ("mrk", "g", "pc", "sub"):
            parts.append(_text(child, refs))
        parts.append(child.tail or "")
    return "".join(parts)


XLIFF11 = b"urn:oasis:names:tc:xliff:document:1.1"


def _unusable(where: str, line: int, message: str) -> ContentError:
    return ContentError([Diagnostic(Level.ERROR, Location(where, line), message)])


def _parse(data: bytes, where: str) -> etree._Element:
    # XLIFF 1.1 (what Translate Toolkit's po2xliff writes) has 1.2's elements
    data = data.replace(XLIFF11, XLIFF12.encode(), 1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _unusable(where, error.lineno or 0, f"not well-formed XML: {error.msg}") from None


def file_language(data: bytes, where: str) -> str | None:
    """The target language an XLIFF file names (1.2 target-language, 2.0 trgLang)."""
    root = _parse(data, where)
    if etree.QName(root).namespace == XLIFF20:
        return root.get("trgLang")
    file = root.find(f"{{{XLIFF12}}}file")
    return file.get("target-language") if file is not None else None


def read_units(data: bytes, where: str) -> list[Unit]:
    """The units of XLIFF ``data`` read from the file ``where`` (shown in diagnostics)."""
    root = _parse(data, where)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF12, XLIFF20):
        raise _unusable(where, root.sourceline or 1, "not an XLIFF 1.1, 1.2 or 2.0 document")
    return _units_12(root) if namespace == XLIFF12 else _units_20(root)


def _context_12(unit: etree._Element) -> str | None:
    for context in unit.iter(f"{{{XLIFF12}}}context"):
        if context.get("context-type") == "x-po-msgctxt":
            return context.text or None
    return unit.get("resname") or None


def _locations_12(unit: etree._Element) -> tuple[tuple[str, int], ...]:
    found = []
    for group in unit.iter(f"{{{XLIFF12}}}context-group"):
        if group.get("purpose") != "location":
            continue
        values = {c.get("context-type"): (c.text or "") for c in group}
        if values.get("sourcefile"):
            line = values.get("linenumber", "")
            found.append((values["sourcefile"], int(line) if line.isdigit() else 0))
    return tuple(found)


def _fuzzy_12(unit: etree._Element, target: etree._Element | None) -> bool:
    if target is None:
        return False
    state = target.get("state", "")
    return state.startswith("needs-") or state == "new" or (unit.get("approved") == "no" \
        and state not in ("translated", "final", "signed-off"))


def _units_12(root: etree._Element) -> list[Unit]:
    units = []
    for group in root.iter(f"{{{XLIFF12}}}group"):
        if group.get("restype") != "x-gettext-plurals":
            continue
        members = group.findall(f"{{{XLIFF12}}}trans-unit")
        if not members:
            continue
        sources = tuple(_text(m.find(f"{{{XLIFF12}}}source")) for m in members[:2])
        targets = tuple(_text(m.find(f"{{{XLIFF12}}}target")) for m in members)
        fuzzy = any(_fuzzy_12(m, m.find(f"{{{XLIFF12}}}target")) for m in members)
        context = _context_12(members[0])
        if context and context.endswith("[0]"):
            context = context[:-3]
        units.append(Unit(group.get("id") if context is None else context, sources, targets,
                          fuzzy, _locations_12(members[0]), members[0].sourceline or 0))
    for unit in root.iter(f"{{{XLIFF12}}}trans-unit"):
        parent = unit.getparent()
        if parent is not None and parent.get("restype") == "x-gettext-plurals":
            continue  # read with its group
        if unit.get("restype") == "x-gettext-domain-header":
            continue
        target = unit.find(f"{{{XLIFF12}}}target")
        units.append(Unit(_context_12(unit), (_text(unit.find(f"{{{XLIFF12}}}source")),),
                          (_text(target),), _fuzzy_12(unit, target), _locations_12(unit),
                          unit.sourceline or 0))
    return units


def _units_20(root: etree._Element) -> list[Unit]:
    units = []
    for group in root.iter(f"{{{XLIFF20}}}group"):
        if group.get("type") != "x-gettext:plurals":
            continue
        members = group.findall(f"{{{XLIFF20}}}unit")
        read = [_unit_20_text(m) for m in members]
        if read:
            units.append(Unit(group.get("name"), tuple(r[0] for r in read[:2]),
                              tuple(r[1] for r in read), any(r[2] for r in read),
                              read[0][3], members[0].sourceline or 0))
    for unit in root.iter(f"{{{XLIFF20}}}unit"):
        parent = unit.getparent()
        if parent is not None and parent.get("type") == "x-gettext:plurals":
            continue  # read with its group
        source, target, fuzzy, locations = _unit_20_text(unit)
        units.append(Unit(unit.get("name") or unit.get("id"), (source,), (target,), fuzzy,
                          locations, unit.sourceline or 0))
    return units


def _unit_20_text(unit: etree._Element) -> tuple[str, str, bool, tuple[tuple[str, int], ...]]:
    refs = {d.get("id", ""): d.text or "" for d in unit.iter(f"{{{XLIFF20}}}data")}
    sources, targets, fuzzy = [], [], False
    for segment in unit.iter(f"{{{XLIFF20}}}segment"):
        sources.append(_text(segment.find(f"{{{XLIFF20}}}source"), refs))
        target = segment.find(f"{{{XLIFF20}}}target")
        targets.append(_text(target, refs))
        if target is not None and (segment.get("state", "initial") == "initial"
                                   or segment.get("subState") == "x-gettext:fuzzy"):
            fuzzy = True
    locations = []
    for note in unit.iter(f"{{{XLIFF20}}}note"):
        if note.get("category") == "location" and note.text:
            name, _, line = note.text.rpartition(":")
            locations.append((name, int(line)) if line.isdigit() and name
                             else (note.text, 0))
    return "".join(sources), "".join(targets), fuzzy, tuple(locations)


def units_from_catalog(catalog: Catalog) -> list[Unit]:
    return [Unit(m.context, _sources(m), _forms(m), m.fuzzy,
                 tuple((f, int(line) if line else 0) for f, line in m.locations),
                 m.lineno or 0)
            for m in catalog if m.id]


def _same_english(unit: Unit, message: Message) -> bool:
    """A plural group of a one-form language carries the singular English only."""
    sources = _sources(message)
    return unit.sources == sources or (len(sources) == 2 and unit.sources == sources[:1])


def apply_units(catalog: Catalog, units: list[Unit], shown: str) -> ImportResult:
    """Put each unit's translation into the catalog entry it belongs to."""
    result = ImportResult()
    by_context = {m.context: m for m in _messages(catalog)}
    by_place: dict[tuple[tuple[str, ...], tuple[str, int]], list[Message]] = defaultdict(list)
    by_source: dict[tuple[str, ...], list[Message]] = defaultdict(list)
    for message in _messages(catalog):
        by_source[_sources(message)].append(message)
        for location in message.locations:
            by_place[(_sources(message), (location[0], location[1] or 0))].append(message)
    for unit in units:
        where = Location(shown, unit.line)
        message = by_context.get(unit.context) if unit.context else None
        if message is None:
            places = {id(m): m for loc in unit.locations
                      for m in by_place.get((unit.sources, loc), [])}
            candidates = list(places.values()) or by_source.get(unit.sources, [])
            message = candidates[0] if len(candidates) == 1 else None
        if message is None:
            what = f"context {unit.context!r}" if unit.context else "no context"
            result.problems.append(Diagnostic(
                Level.WARNING, where, f"{what}, English {unit.sources[0][:40]!r}: no entry "
                "of the catalog matches; not imported (was the file made for another "
                "version of the campaign?)", unit.context or ""))
            continue
        if not _same_english(unit, message):
            result.problems.append(Diagnostic(
                Level.WARNING, where, "the English changed since this file was made; the "
                "translation is imported as fuzzy, to be checked", message.context or ""))
            unit = Unit(unit.context, unit.sources, unit.targets, True, unit.locations,
                        unit.line)
        if not any(unit.targets):
            result.unchanged += 1
            continue
        forms = unit.targets
        wanted: str | tuple[str, ...] = forms[0] if len(_sources(message)) == 1 else forms
        fuzzy = unit.fuzzy
        if wanted == message.string and fuzzy == message.fuzzy:
            result.unchanged += 1
            continue
        message.string = wanted
        if fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
            message.previous_id = []
        result.changed += 1
    return result


def read_xliff(path: Path) -> tuple[list[Unit], str | None]:
    """The units of an XLIFF 1.2 / 2.0 file and its target language. Raises
    ContentError with the file and line of the problem."""
    where = shown(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unusable(where, 0, f"cannot read the file: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise _unusable(where, 0, f"the file is {len(data)} bytes; at most {MAX_BYTES} are "
                                  "accepted")
    return read_units(data, where), file_language(data, where)
