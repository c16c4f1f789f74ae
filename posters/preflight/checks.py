"""The preflight checks. Each takes the document and the expectations and returns findings.

Codes:
  PF000 a check could not run            PF050 text outside the safe zone
  PF001 structure damaged (qpdf)         PF060 TrimBox missing
  PF002 structure warning (qpdf)         PF061 boxes not nested
  PF003 operator in the wrong state (content stream syntax: BT/ET, q/Q, paths)
  PF010 font not embedded                PF062 bleed narrower than expected
  PF011 font embedded but not subset     PF063 screen variant with bleed or marks
  PF012 .notdef glyph drawn              PF070 QR code missing
  PF020 RGB colour in content            PF071 QR code decodes to another URL
  PF021 RGB image                        PF072 QR code found (info)
  PF022 RGB shading or pattern           PF080 expected text not found verbatim
  PF023 RGB in an annotation             PF090 OutputIntent missing or incomplete
  PF024 device-independent RGB (ICC)     PF091 GTS_PDFXVersion missing in Info
  PF025 colour space named but not defined in the resources
  PF030 image resolution under the limit PF092 GTS_PDFXVersion missing in XMP
  PF031 image resolution low             PF093 Trapped missing or invalid
  PF085 screen variant: URL or phone number not linked
  PF040 total ink over the limit         PF094 document ID missing
  PF041 ink coverage (info)              PF095 PDF version above 1.6
                                         PF096 title missing
                                         PF097 encrypted
                                         PF098 document language missing
                                         PF099 transparency in PDF/X-1a
  PF100 100 % black text knocks out (no overprint)
  PF101 text in another colour overprints (it would mix with what is under it)
  PF102 thin 100 % black rule knocks out
  PF110 text under the format's minimum size (warning: under the script's recommended size)
  PF111 small text in a tint of black (a dot screen)
  PF073 QR code smaller than its viewing distance needs
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import pikepdf

from posters.diagnostics import Diagnostic, Level, Location
from posters.preflight.content import TextRun, is_rgb
from posters.preflight.document import PT_PER_MM, Document
from posters.preflight.expectations import PreflightExpectations
from posters.preflight.raster import RasterError, cmyk_pages, ink_coverage, read_qr_codes
from posters.print.overprint import THIN_RULE_PT, is_black, is_thin
from posters.schema.phone import written_links
from posters.text.lru import BoundedCache

Check = Callable[[Document, PreflightExpectations], list[Diagnostic]]


def _at(doc: Document, page: int = 0, obj: str = "") -> Location:
    return Location(doc.label, page=page, object=obj)


# ------------------------------------------------------------------------------ structure


def check_structure(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """What `qpdf --check` checks, through libqpdf in this process: the cross-reference
    table (qpdf warns when it had to reconstruct it), the page tree and every stream,
    decoded. The interpreter parses the page contents (PF000 where it cannot), so they are
    not parsed twice: on a right-to-left page that second parse cost 35 ms."""
    if doc.pdf is None:
        return [Diagnostic(Level.ERROR, _at(doc), f"cannot open: {doc.open_error}", code="PF001")]
    problems = []
    try:
        if len(doc.pdf.pages) == 0:
            problems.append("the file has no pages")
        for obj in doc.pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                _decode(doc.pdf, obj)
    except pikepdf.PdfError as exc:
        problems.append(str(exc))
    problems = [*doc.pdf.get_warnings(), *problems]
    if not problems:
        return []
    return [Diagnostic(Level.ERROR, _at(doc),
                       f"qpdf's check reports a damaged file: {'; '.join(problems[:5])}",
                       code="PF001")]


# Large streams that decoded without a word from qpdf in this process, by the digest of
# their raw bytes and their filters: every print file of a campaign carries the same
# output profile (117 KiB decoded: 1.2 of the 4 ms this check took on a file) and a
# language's regional variants the same font programs. The same bytes through the same
# filters decode the same, so once is enough.
_DECODED: set[tuple[bytes, str, str]] = set()
_DECODED_KEPT = 1024
_SHARED_STREAM_BYTES = 16 << 10


def _decode(pdf: pikepdf.Pdf, stream: pikepdf.Stream) -> None:
    """Decode the stream (PdfError where it cannot be), unless the same raw bytes
    through the same filters decoded cleanly before."""
    raw = stream.read_raw_bytes()
    if len(raw) < _SHARED_STREAM_BYTES:
        stream.read_bytes()
        return
    key = (hashlib.sha256(raw).digest(), str(stream.get("/Filter")),
           str(stream.get("/DecodeParms")))
    if key in _DECODED:
        return
    warned = len(pdf.get_warnings())
    stream.read_bytes()
    if len(pdf.get_warnings()) == warned:  # a decoding qpdf warned of is decoded again
        if len(_DECODED) >= _DECODED_KEPT:
            _DECODED.clear()
        _DECODED.add(key)


def check_operators(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """Every content stream's operators in a state ISO 32000-1 allows (our own reader:
    qpdf checks the file's structure, not the order of operators)."""
    findings = []
    for page in doc.pages:
        if page.syntax:
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                "content stream does not conform to the PDF specification (a RIP repairs "
                "or rejects it): " + "; ".join(page.syntax), code="PF003"))
    return findings


# ---------------------------------------------------------------------------------- fonts


def check_fonts(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    _ = doc.pages  # interpreting the pages collects the fonts they use
    used = {font.base_font for font in doc.interpreter.used_fonts.values()}
    seen: set[str] = set()
    fonts = {**doc.interpreter.declared_fonts, **doc.interpreter.used_fonts}
    for label, font in fonts.items():
        if font.base_font in seen:
            continue
        seen.add(font.base_font)
        drawn = font.base_font in used
        if not font.embedded:
            if drawn:
                findings.append(Diagnostic(Level.ERROR, _at(doc, obj=label),
                                           f"font {font.base_font} is not embedded", code="PF010"))
            else:
                findings.append(Diagnostic(
                    Level.WARNING, _at(doc, obj=label),
                    f"font {font.base_font} is not embedded; it draws no text but sits in "
                    "the page resources, where print preflights (pdffonts) still flag it",
                    code="PF010"))
        elif not font.subset and font.subtype != "Type3":
            findings.append(Diagnostic(Level.WARNING, _at(doc, obj=label),
                                       f"font {font.base_font} is embedded whole, not subset",
                                       code="PF011"))
    for page in doc.pages:
        for problem in page.problems:
            findings.append(Diagnostic(Level.ERROR, _at(doc, page.number), problem, code="PF000"))
    return findings


def check_notdef(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    for page in doc.pages:
        for run in page.runs:
            if run.notdef_codes:
                sample = run.actual_text or run.text
                findings.append(Diagnostic(
                    Level.ERROR, _at(doc, page.number, run.font),
                    f"{len(run.notdef_codes)} glyph(s) drawn as .notdef (a missing glyph, "
                    f"printed as a box or nothing) in {sample.strip()[:60]!r} at "
                    f"({run.start[0]:.0f}, {run.start[1]:.0f}) pt; use a font that covers "
                    "these characters", code="PF012",
                ))
    return findings


# --------------------------------------------------------------------------------- colour


def check_no_rgb(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    if not exp.is_print:
        return []
    counts: Counter[tuple[int, str, str, str]] = Counter()
    for page in doc.pages:
        # each kind of use once (a right-to-left page has one a glyph), in the order
        # each first comes
        for use, n in Counter(page.colours).items():
            if is_rgb(use.space):
                counts[(page.number, use.where, use.operator, use.space)] += n
    findings = []
    for (page, where, op, space), n in counts.items():
        if where.startswith("annotation"):
            code = "PF023"
        elif op in ("Do", "BI"):
            code = "PF021"
        elif op in ("sh", "scn", "group") and ("pattern" in where or op != "scn"):
            code = "PF022"
        else:
            code = "PF020"
        level = Level.ERROR
        if space == "ICCBased RGB" and code != "PF023":
            code, level = "PF024", Level.WARNING
        what = {"PF020": "colour operator", "PF021": "image", "PF022": "shading or group",
                "PF023": "annotation", "PF024": "ICC-based RGB"}[code]
        findings.append(Diagnostic(
            level, _at(doc, page, where),
            f"{space} {what} ({op}, {n}x) in the print variant; convert to CMYK", code=code,
        ))
    return findings


_UNDEFINED_SPACE = re.compile(r"unknown /(\S+)")  # content.describe_space's undefined name


def check_colour_spaces(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """A colour space that the content names (cs/CS, an image's or a shading's
    /ColorSpace) but that its resources do not define: a renderer cannot know the colour
    (MuPDF keeps the one set before, others draw nothing), in either variant. Only a
    defect of the writer makes one: in a file that posters built, our renderer's."""
    counts: Counter[tuple[int, str, str]] = Counter()
    undefined: dict[str, str | None] = {}  # a space's description -> the name not defined
    for page in doc.pages:
        for use in page.colours:
            space = use.space
            if space in undefined:
                name = undefined[space]
            else:  # a page names a handful of spaces, a glyph a use on a right-to-left page
                found = _UNDEFINED_SPACE.search(space)
                name = undefined[space] = None if found is None else found.group(1)
            if name is not None:
                counts[(page.number, use.where, name)] += 1
    return [Diagnostic(
        Level.ERROR, _at(doc, page, where),
        f"colour space /{name} is used ({n}x) but not defined in the /ColorSpace of the "
        "resources; a viewer or RIP draws it in another colour (MuPDF: the one set "
        "before) or not at all: define it, or use DeviceCMYK (print) or DeviceRGB "
        "(screen)", code="PF025")
        for (page, where, name), n in counts.items()]


def check_images(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    for page in doc.pages:
        for image in page.images:
            ppi = image.effective_ppi
            if image.width_px <= 1 and image.height_px <= 1:
                continue  # a 1x1 fill, not a picture
            w_pt, h_pt = image.placed_size_pt
            size = f"{image.width_px}x{image.height_px} px placed at " \
                   f"{w_pt / PT_PER_MM:.0f}x{h_pt / PT_PER_MM:.0f} mm"
            where = f"{image.where}, image {image.name}"
            if ppi < exp.error_ppi:
                findings.append(Diagnostic(Level.ERROR, _at(doc, page.number, where),
                                           f"{ppi:.0f} ppi effective ({size}), under the "
                                           f"limit of {exp.error_ppi:.0f} ppi", code="PF030"))
            elif ppi < exp.warn_ppi:
                findings.append(Diagnostic(Level.WARNING, _at(doc, page.number, where),
                                           f"{ppi:.0f} ppi effective ({size}), under "
                                           f"{exp.warn_ppi:.0f} ppi", code="PF031"))
    return findings


def check_ink(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    if not exp.is_print:
        return []
    try:
        pages = cmyk_pages(doc.path, exp.ink_dpi)
    except RasterError as exc:
        return [Diagnostic(Level.WARNING, _at(doc), f"total ink not measured: {exc}", code="PF000")]
    findings = []
    for number, image in enumerate(pages, 1):
        # Marks outside the bleed are in registration colour (400%) on purpose.
        media = doc.box(number - 1, "/MediaBox")
        area = doc.box(number - 1, "/BleedBox") or doc.trim_or_media(number - 1)
        scale = exp.ink_dpi / 72
        left = round((area[0] - media[0]) * scale)
        top = round((media[3] - area[3]) * scale)
        right = round((area[2] - media[0]) * scale)
        bottom = round((media[3] - area[1]) * scale)
        image = image.crop((max(left, 0), max(top, 0), min(right, image.width),
                            min(bottom, image.height)))
        cov = ink_coverage(image, number, exp.ink_limit_percent)
        c, m, y, k = cov.mean_percent
        if cov.max_percent > exp.ink_limit_percent + 0.5:
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, number),
                f"total ink reaches {cov.max_percent:.0f}% (limit {exp.ink_limit_percent:.0f}%) "
                f"on {cov.over_limit_share:.1%} of the page (measured at {exp.ink_dpi} dpi)",
                code="PF040",
            ))
        findings.append(Diagnostic(
            Level.INFO, _at(doc, number),
            f"ink: max {cov.max_percent:.0f}%, mean C {c:.1f}% M {m:.1f}% Y {y:.1f}% K {k:.1f}%",
            code="PF041",
        ))
    return findings


def _black(colour, space: str) -> bool:  # type: ignore[no-untyped-def]
    return space == "DeviceCMYK" and is_black(colour)


def check_overprint(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """Print variant: 100 % K text and thin 100 % K rules overprint (op/OP with OPM 1), so
    misregistration shows no white edge; anything else knocks out."""
    if not exp.is_print:
        return []
    findings = []
    for page in doc.pages:
        knocked: list[TextRun] = []
        mixed: list[TextRun] = []
        fill = space = black = None  # the last run's colour, and whether it is black
        for r in page.runs:
            if not r.text.strip():
                continue
            if r.fill is not fill or r.fill_space is not space:  # runs share colours
                fill, space = r.fill, r.fill_space
                black = _black(fill, space)
            if black and not r.overprint:
                knocked.append(r)
            elif r.overprint and not black:
                mixed.append(r)
        rules = [s for s in page.strokes if _black(s.colour, s.space)
                 and is_thin(s.width) and not s.overprint]
        if knocked:
            sample = (knocked[0].actual_text or knocked[0].text).strip()[:40]
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                f"{len(knocked)} run(s) of 100 % black text knock out, e.g. {sample!r} at "
                f"{knocked[0].size:.1f} pt: any misregistration shows a white edge; set "
                "overprint (ExtGState op true, OPM 1)", code="PF100"))
        if mixed:
            sample = (mixed[0].actual_text or mixed[0].text).strip()[:40]
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                f"{len(mixed)} run(s) of text in {mixed[0].fill_space} {mixed[0].fill} "
                f"overprint, e.g. {sample!r}: they would mix with the colour under them",
                code="PF101"))
        if rules:
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                f"{len(rules)} 100 % black rule(s) up to {THIN_RULE_PT:g} pt wide knock out; "
                "set stroke overprint (OP true, OPM 1)", code="PF102"))
    return findings


def _tint_of_black(colour, space: str) -> bool:  # type: ignore[no-untyped-def]
    if colour is None:
        return False
    if space == "DeviceCMYK" and len(colour) == 4:
        return colour[0] == colour[1] == colour[2] == 0 and 0 < colour[3] < 1
    if space == "DeviceGray" and len(colour) == 1:
        return 0 < colour[0] < 1
    return False


_SMALL, _MARKS, _TINT = range(3)


class _Limits(NamedTuple):
    """check_legibility's limits for one file, and what it found once a text there."""

    rules: Any  # posters.print.legibility.Legibility
    minimum: float | None
    scripted: float  # under this size a run's script matters
    marks_extra: float
    solid: float | None  # under this size no tint of black
    script_of: dict[str, str | None]
    facts: dict[str, tuple[str, bool]]  # a run's text -> _facts


def _legibility(runs: Sequence[TextRun], limits: _Limits) -> list[tuple]:
    """What check_legibility notes of ``runs``, in their order: (_SMALL or _MARKS, (script,
    size), text, index) for text too small, (_TINT, None, None, index) for a tint."""
    events: list[tuple] = []
    rules, minimum, scripted, marks_extra, solid, script_of, facts = limits
    fill = space = tint = None  # the last run's colour, and whether it is a tint
    for at, run in enumerate(runs):
        said = run.actual_text or run.text
        found = facts.get(said)
        if found is None:
            found = facts[said] = _facts(said)
        text, draws = found
        if not draws or run.where.startswith("annotation"):
            continue
        size = run.size
        if size < scripted:
            if text in script_of:
                script = script_of[text]
            else:
                script = script_of[text] = rules.marks_script(text)
            if size < minimum - 0.05:
                events.append((_SMALL, (script or "", round(size, 1)), text, at))
            elif script and size < minimum + marks_extra - 0.05:
                events.append((_MARKS, (script, round(size, 1)), text, at))
        if solid is not None and size < solid:
            if run.fill is not fill or run.fill_space is not space:  # runs share colours
                fill, space = run.fill, run.fill_space
                tint = _tint_of_black(fill, space)
            if tint:
                events.append((_TINT, None, None, at))
    return events


# What check_legibility notes of a remembered segment's runs (the same texts, sizes and
# colours wherever they are given back), by the segment and the limits; held with the
# segment (so that its id is not another's), its cost counted again.
_SEGMENT_LEGIBILITY: BoundedCache[tuple[Any, Any, list[tuple]]] = BoundedCache(
    8 << 20, lambda held: held[0].cost + 64 + 200 * len(held[2]), max_entries=8192)


def _segment_legibility(segment: Any, limits: _Limits) -> list[tuple]:
    key = (id(segment), id(limits.rules), limits.minimum, limits.scripted,
           limits.marks_extra, limits.solid)
    held = _SEGMENT_LEGIBILITY.get(key)
    if held is None or held[0] is not segment or held[1] is not limits.rules:
        held = (segment, limits.rules, _legibility(segment.runs, limits))
        _SEGMENT_LEGIBILITY.put(key, held)
    return held[2]


def check_legibility(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """The format's minimum text size (more for scripts with stacking marks), and small
    text solid, never a tint of black, from the sizes and colours the file draws."""
    from posters.print.legibility import legibility

    rules = legibility()
    findings = []
    minimum = exp.min_text_pt
    # under this size a run's script matters (its marks' extra size); the script of a
    # text is found once (a right-to-left page has a run a glyph, the same few letters)
    scripted = -math.inf if minimum is None else max(minimum, minimum + exp.marks_extra_pt) - 0.05
    solid = exp.solid_black_below_pt - 0.05 if exp.is_print \
        and exp.solid_black_below_pt is not None else None
    limits = _Limits(rules, minimum, scripted, exp.marks_extra_pt, solid, {}, {})
    for page in doc.pages:
        small: dict[tuple[str, float], list[str]] = {}
        marks: dict[tuple[str, float], list[str]] = {}
        tints: list[TextRun] = []
        runs = page.runs
        done = 0
        for start, segment in [*page.replayed, (len(runs), None)]:
            if segment is not None and (start < done or len(segment.runs) < 3):
                continue
            parts = [(done, _legibility(runs[done:start], limits))]
            if segment is not None:
                parts.append((start, _segment_legibility(segment, limits)))
                done = start + len(segment.runs)
            for offset, events in parts:
                for kind, key, text, at in events:
                    if kind == _SMALL:
                        small.setdefault(key, []).append(text)
                    elif kind == _MARKS:
                        marks.setdefault(key, []).append(text)
                    else:
                        tints.append(runs[offset + at])
        for (script, size), texts in sorted(small.items()):
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                f"{len(texts)} run(s) of {script + ' ' if script else ''}text at {size:g} pt, "
                f"under this format's minimum of {exp.min_text_pt:g} pt, e.g. "
                f"{texts[0][:40]!r}", code="PF110"))
        for (script, size), texts in sorted(marks.items()):
            findings.append(Diagnostic(
                Level.WARNING, _at(doc, page.number),
                f"{len(texts)} run(s) of {script} text at {size:g} pt, under the "
                f"{exp.min_text_pt + exp.marks_extra_pt:g} pt recommended for its stacking "
                f"marks, e.g. {texts[0][:40]!r}", code="PF110"))
        if tints:
            run = tints[0]
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number),
                f"{len(tints)} run(s) of text under {exp.solid_black_below_pt:g} pt in a "
                f"{run.fill[-1]:.0%} tint of black, e.g. "
                f"{(run.actual_text or run.text).strip()[:40]!r} at {run.size:.1f} pt: it "
                "prints as a dot screen; use 100 % K", code="PF111"))
    return findings


# -------------------------------------------------------------------------- geometry


def _inside(inner, outer, tol: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def check_boxes(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    for i in range(len(doc.pdf.pages)):
        n = i + 1
        media = doc.box(i, "/MediaBox")
        trim = doc.box(i, "/TrimBox")
        bleed = doc.box(i, "/BleedBox")
        art = doc.box(i, "/ArtBox")
        crop = doc.box(i, "/CropBox")
        if media is None:
            findings.append(Diagnostic(Level.ERROR, _at(doc, n), "no MediaBox", code="PF061"))
            continue
        if not exp.is_print:
            if (trim and trim != media) or (bleed and bleed != media):
                findings.append(Diagnostic(Level.WARNING, _at(doc, n),
                                           "screen variant has a TrimBox or BleedBox smaller than "
                                           "the page: bleed or marks will show on screen",
                                           code="PF063"))
            continue
        if trim is None:
            findings.append(Diagnostic(Level.ERROR, _at(doc, n),
                                       "no TrimBox: the printer cannot tell the finished size",
                                       code="PF060"))
            continue
        outer = bleed or trim
        for name, small, big in (("BleedBox", outer, media), ("TrimBox", trim, outer),
                                 ("CropBox", outer, crop or media)):
            if not _inside(small, big):
                findings.append(Diagnostic(Level.ERROR, _at(doc, n),
                                           f"{name} {_fmt(small)} is not inside {_fmt(big)}: "
                                           "MediaBox >= BleedBox >= TrimBox is required",
                                           code="PF061"))
        if art is not None and not _inside(art, trim):
            findings.append(Diagnostic(Level.ERROR, _at(doc, n),
                                       f"ArtBox {_fmt(art)} is not inside the TrimBox {_fmt(trim)}",
                                       code="PF061"))
        need = exp.min_bleed_mm * PT_PER_MM
        if need > 0:
            sides = (trim[0] - outer[0], trim[1] - outer[1], outer[2] - trim[2],
                     outer[3] - trim[3])
            narrowest = min(sides)
            if narrowest < need - 0.05:
                findings.append(Diagnostic(
                    Level.ERROR, _at(doc, n),
                    f"bleed is {narrowest / PT_PER_MM:.1f} mm on the narrowest side "
                    f"(BleedBox {'missing' if bleed is None else _fmt(bleed)}), "
                    f"{exp.min_bleed_mm:g} mm expected", code="PF062",
                ))
    return findings


def _fmt(box) -> str:
    return "[" + " ".join(f"{v:.1f}" for v in box) + "]"


def _draws(text: str) -> bool:
    """Whether a run's text has a character that shows: not only spaces and invisible
    format characters (the right-to-left mark a reading span says over a blank)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


# A run's text stripped, and whether it draws: the same few texts come back run after run
# (a right-to-left page shows a glyph a run, under its cluster's or its line's ActualText)
# and output after output; depends on the text alone. Bounded in bytes: a str costs
# about 49 bytes and its characters (4 each at worst), twice (key and stripped value).
_TEXT_FACTS: BoundedCache[tuple[str, bool]] = BoundedCache(
    4 << 20, lambda facts: 2 * (49 + 4 * len(facts[0])) + 120)


def _facts(said: str) -> tuple[str, bool]:
    found = _TEXT_FACTS.get(said)
    if found is None:
        text = said.strip()
        found = (text, _draws(text))
        _TEXT_FACTS.put(said, found)
    return found


def check_safe_zone(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    inset = exp.safe_zone_mm * PT_PER_MM
    for page in doc.pages:
        i = page.number - 1
        trim = doc.trim_or_media(i)
        bleed = doc.box(i, "/BleedBox") or trim
        safe = (trim[0] + inset, trim[1] + inset, trim[2] - inset, trim[3] - inset)
        # whether a run's box meets the bleed, and _inside(box, safe, tol=0.5), written
        # out: once a run, a glyph on a right-to-left page
        bleed_x0, bleed_y0, bleed_x1, bleed_y1 = bleed
        safe_x0, safe_y0 = safe[0] - 0.5, safe[1] - 0.5
        safe_x1, safe_y1 = safe[2] + 0.5, safe[3] + 0.5
        for run in page.runs:
            x0, y0, x1, y1 = run.bbox
            if not (x0 < bleed_x1 and bleed_x0 < x1 and y0 < bleed_y1 and bleed_y0 < y1):
                continue  # slug line or marks outside the bleed: cut away, on purpose
            if x0 >= safe_x0 and y0 >= safe_y0 and x1 <= safe_x1 and y1 <= safe_y1:
                continue
            if not _facts(run.actual_text or run.text)[1] or run.where.startswith("annotation"):
                continue
            over = max(safe[0] - x0, safe[1] - y0, x1 - safe[2], y1 - safe[3])
            findings.append(Diagnostic(
                Level.ERROR, _at(doc, page.number, run.font),
                f"text {(run.actual_text or run.text).strip()[:50]!r} reaches "
                f"{over / PT_PER_MM:.1f} mm into the {exp.safe_zone_mm:g} mm margin inside "
                f"the trim (text box {_fmt(run.bbox)} pt)", code="PF050",
            ))
    return findings


# ----------------------------------------------------------------------------- content


def check_qr(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    findings = []
    found_any = False
    for i in range(len(doc.pdf.pages)):
        try:
            codes = read_qr_codes(doc.path, i, exp.qr_dpi)
        except Exception as exc:
            return [Diagnostic(Level.WARNING, _at(doc, i + 1), f"QR codes not read: {exc}",
                               code="PF000")]
        for code in codes:
            found_any = True
            where = f"QR code at ({code.position[0]:.0f}, {code.position[1]:.0f}) pt"
            side_mm = code.side_pt / PT_PER_MM
            ratio = _qr_ratio()
            if exp.min_qr_mm and side_mm and side_mm < exp.min_qr_mm - 0.5:
                findings.append(Diagnostic(
                    Level.WARNING, _at(doc, i + 1, where),
                    qr_warning(side_mm, exp.min_qr_mm, ratio), code="PF073"))
            if exp.url is not None and code.text != exp.url:
                findings.append(Diagnostic(Level.ERROR, _at(doc, i + 1, where),
                                           f"QR code decodes to {code.text!r}, not {exp.url!r}",
                                           code="PF071"))
            else:
                findings.append(Diagnostic(Level.INFO, _at(doc, i + 1, where),
                                           f"QR code decodes to {code.text!r}", code="PF072"))
    if exp.expect_qr and not found_any:
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"no readable QR code found (rendered at {exp.qr_dpi} dpi)"
                                   + (f"; expected one for {exp.url}" if exp.url else ""),
                                   code="PF070"))
    return findings


def _qr_ratio() -> float:
    from posters.print.legibility import legibility

    return legibility().qr_distance_ratio


def qr_warning(side_mm: float, min_mm: float, ratio: float) -> str:
    return (f"QR code {side_mm:.0f} mm wide scans from about {side_mm * ratio / 10:.0f} cm; "
            f"this format is scanned from {min_mm * ratio / 10:.0f} cm, which needs "
            f"{min_mm:.0f} mm (1/{ratio:g} of the distance): enlarge the qr box in the layout")


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u200b]+")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                          "\u2212": "-", "\ufe63": "-", "\uff0d": "-"})


def page_text(runs: list[TextRun], replayed: Sequence[tuple[int, Any]] = ()) -> str:
    """The page's text in drawing order; a run's ActualText replaces its glyphs' text, runs
    that continue on the same baseline are joined, others are separated by a line break.

    ``replayed`` (PageContent.replayed): where the interpreter gave back the runs of a
    segment it remembered. What those runs say after the first is the same wherever they
    are given back (the same texts, places and sizes; their spans renumbered alike), so
    it is joined once a segment, not once an output."""
    parts: list[str] = []
    prev: TextRun | None = None
    done = 0
    for start, segment in replayed:
        count = len(segment.runs)
        if start < done or count < 3:
            continue
        prev = _join(runs, done, start + 1, prev, parts)  # up to the segment's first run
        parts.append(_said_after_first(segment))
        prev, done = runs[start + count - 1], start + count
    _join(runs, done, len(runs), prev, parts)
    return "".join(parts)


def _join(runs: Sequence[TextRun], lo: int, hi: int, prev: TextRun | None,
          parts: list[str]) -> TextRun | None:
    """page_text's reading of ``runs[lo:hi]`` after ``prev``, into ``parts``; the last run."""
    append = parts.append
    for run in runs[lo:hi]:
        span = run.span
        if span is not None and prev is not None and prev.span == span:
            prev = run
            continue
        text = run.actual_text if run.actual_text is not None else run.text
        if prev is not None:
            x, y = run.start
            end_x, end_y = prev.end
            dy = abs(y - end_y)
            gap = x - end_x
            size = max(run.size, prev.size, 1.0)
            if dy < 0.3 * size:
                if -0.5 * size < gap < 0.2 * size:
                    pass  # the same word
                elif abs(gap) < 3 * size:
                    append(" ")
                else:
                    append("\n")
            else:
                append("\n")
        append(text)
        prev = run
    return prev


# What a remembered segment's runs say after its first, by the segment (held, so that its
# id is not another's): its own cost counted again, as it may outlive SEGMENTS' entry.
_SEGMENT_TEXTS: BoundedCache[tuple[Any, str]] = BoundedCache(
    8 << 20, lambda held: held[0].cost + 2 * (49 + 4 * len(held[1])), max_entries=8192)


def _said_after_first(segment: Any) -> str:
    held = _SEGMENT_TEXTS.get(id(segment))
    if held is None or held[0] is not segment:
        parts: list[str] = []
        _join(segment.runs, 1, len(segment.runs), segment.runs[0], parts)
        held = (segment, "".join(parts))
        _SEGMENT_TEXTS.put(id(segment), held)
    return held[1]


def normalise_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def check_texts(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    texts = [normalise_text(page_text(p.runs, p.replayed)) for p in doc.pages]
    joined = "\n".join(texts)
    findings = []
    wanted = list(exp.texts)
    if exp.url:
        wanted.append(exp.url)
    for item in wanted:
        target = normalise_text(item)
        candidates = [target]
        if exp.url and item == exp.url:
            bare = re.sub(r"^https?://", "", target).rstrip("/")
            candidates.append(bare)  # posters usually print the address without the scheme
        if any(c in joined for c in candidates):
            continue
        hint = ""
        if any(c.translate(_HYPHENS) in joined.translate(_HYPHENS) for c in candidates):
            hint = " (it is there with a different hyphen or minus sign, which breaks copy " \
                   "and paste and screen readers)"
        elif any(c.replace(" ", "") in joined.replace(" ", "") for c in candidates):
            hint = " (it is there with different spacing or split over lines)"
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"{item!r} not found verbatim in the extracted text{hint}",
                                   code="PF080"))
    return findings


def _same_link(a: str, b: str) -> bool:
    from urllib.parse import unquote

    return unquote(a).rstrip("/") == unquote(b).rstrip("/")


def check_links(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    """Screen variant: the URL and every phone number are clickable."""
    if exp.is_print:
        return []
    uris = set()
    for page in doc.pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if annot.get("/Subtype") == pikepdf.Name.Link and action is not None \
                    and "/URI" in action:
                uris.add(str(action.URI))
    wanted = [(exp.url, exp.url)] if exp.url else []
    if exp.links:
        wanted += list(exp.links)
    else:
        wanted += written_links(exp.texts)
    findings = []
    for text, uri in wanted:
        if not any(_same_link(uri, u) for u in uris):
            findings.append(Diagnostic(Level.ERROR, _at(doc),
                                       f"no link to {uri} for {text!r} in the screen variant",
                                       code="PF085"))
    return findings


# ----------------------------------------------------------------------------- PDF/X


# What an XMP packet says of a property, by the packet's bytes and the property: pikepdf
# parses the packet (lxml) each time it is opened, 0.4 ms a file, for the same packet
# output after output.
_XMP: BoundedCache[str] = BoundedCache(1 << 20, lambda value: 49 + 4 * len(value) + 400,
                                       max_entries=256)


def _xmp(pdf: pikepdf.Pdf, name: str) -> str:
    """str(pdf.open_metadata().get(name, "") or ""): read, not opened as a context (leaving
    one writes the XMP back, 2.5 ms a file)."""
    try:
        stream = pdf.Root.get("/Metadata")
        data = stream.read_bytes() if isinstance(stream, pikepdf.Stream) else None
    except Exception:  # whatever open_metadata makes of it, below
        data = None
    if data is None:
        return str(pdf.open_metadata().get(name, "") or "")
    key = (hashlib.sha256(data).digest(), name)
    value = _XMP.get(key)
    if value is None:
        value = str(pdf.open_metadata().get(name, "") or "")
        _XMP.put(key, value)
    return value


def check_pdfx(doc: Document, exp: PreflightExpectations) -> list[Diagnostic]:
    pdf = doc.pdf
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    findings = []
    title = str(info.get("/Title", "")).strip()
    if not title:
        title = _xmp(pdf, "dc:title").strip()
    if not title:
        findings.append(Diagnostic(Level.ERROR if exp.is_print else Level.WARNING,
                                   _at(doc), "the document has no title (Info /Title, dc:title)",
                                   code="PF096"))
    if pdf.is_encrypted:
        findings.append(Diagnostic(Level.ERROR, _at(doc), "the file is encrypted", code="PF097"))
    if not exp.is_print:
        if "/Lang" not in pdf.Root:
            findings.append(Diagnostic(Level.WARNING, _at(doc),
                                       "no document language (/Lang) for screen readers",
                                       code="PF098"))
        return findings
    intents = pdf.Root.get("/OutputIntents", [])
    gts = [oi for oi in intents if oi.get("/S") == pikepdf.Name("/GTS_PDFX")]
    if not gts:
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   "no OutputIntent with /S /GTS_PDFX", code="PF090"))
    for oi in gts:
        profile = oi.get("/DestOutputProfile")
        ident = str(oi.get("/OutputConditionIdentifier", "")).strip()
        if not ident:
            findings.append(Diagnostic(Level.ERROR, _at(doc),
                                       "OutputIntent has no OutputConditionIdentifier",
                                       code="PF090"))
        if profile is None and ident == "Custom":
            findings.append(Diagnostic(Level.ERROR, _at(doc),
                                       "OutputIntent 'Custom' without a DestOutputProfile",
                                       code="PF090"))
        if profile is not None and int(profile.get("/N", 0)) != 4:
            findings.append(Diagnostic(Level.WARNING, _at(doc),
                                       f"output profile has {profile.get('/N')} components, "
                                       "not 4 (CMYK)", code="PF090"))
    version = str(info.get("/GTS_PDFXVersion", ""))
    if not version.startswith("PDF/X-"):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   "Info has no GTS_PDFXVersion", code="PF091"))
    xmp_version = _xmp(pdf, "pdfxid:GTS_PDFXVersion")
    if not xmp_version.startswith("PDF/X-"):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   "XMP metadata has no pdfxid:GTS_PDFXVersion", code="PF092"))
    elif version and xmp_version != version:
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"XMP says {xmp_version}, Info says {version}", code="PF092"))
    trapped = info.get("/Trapped")
    if trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"Info /Trapped is {trapped!s}; /True or /False expected",
                                   code="PF093"))
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2:
        findings.append(Diagnostic(Level.ERROR, _at(doc), "the trailer has no /ID", code="PF094"))
    if tuple(int(x) for x in pdf.pdf_version.split(".")) > (1, 6):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"PDF {pdf.pdf_version}; PDF/X-4 allows up to 1.6",
                                   code="PF095"))
    if version.startswith("PDF/X-1"):
        findings += _pdfx1a(doc, info)
    return findings


def _pdfx1a(doc: Document, info) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    """PDF/X-1a:2001: PDF 1.3 or 1.4, its conformance named, no transparency, no colour
    but CMYK, grey and spot (the RGB checks cover the last)."""
    pdf = doc.pdf
    findings = []
    if str(info.get("/GTS_PDFXConformance", "")) not in ("PDF/X-1a:2001", "PDF/X-1a:2003"):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   "PDF/X-1 file without GTS_PDFXConformance PDF/X-1a:2001",
                                   code="PF091"))
    if tuple(int(x) for x in pdf.pdf_version.split(".")) > (1, 4):
        findings.append(Diagnostic(Level.ERROR, _at(doc),
                                   f"PDF {pdf.pdf_version}; PDF/X-1a allows 1.3 or 1.4",
                                   code="PF095"))
    for number, page in enumerate(pdf.pages, 1):
        reason = _transparency(page.obj, set())
        if reason:
            findings.append(Diagnostic(Level.ERROR, _at(doc, number),
                                       f"transparency ({reason}); PDF/X-1a forbids it",
                                       code="PF099"))
    return findings


def _transparency(node, seen: set) -> str | None:  # type: ignore[no-untyped-def]
    key = node.objgen
    if key != (0, 0):
        if key in seen:
            return None
        seen.add(key)
    group = node.get("/Group")
    if isinstance(group, pikepdf.Dictionary) and group.get("/S") == pikepdf.Name.Transparency:
        return "a transparency group"
    if isinstance(node, pikepdf.Stream) and node.get("/Subtype") == pikepdf.Name.Image:
        smask = node.get("/SMask")
        return "an image with a soft mask" if smask is not None and \
            smask != pikepdf.Name("/None") else None
    resources = node.get("/Resources") or {}
    for state in (resources.get("/ExtGState") or {}).values():
        if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
            return "an opacity under 1"
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            return f"blend mode {state.get('/BM')}"
        if state.get("/SMask", pikepdf.Name("/None")) != pikepdf.Name("/None"):
            return "a soft mask"
    for xobject in (resources.get("/XObject") or {}).values():
        reason = _transparency(xobject, seen)
        if reason:
            return reason
    return None


# Order matters only for reading: structure first, then what a printer looks at.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("structure", check_structure),
    ("operators", check_operators),
    ("pdfx", check_pdfx),
    ("boxes", check_boxes),
    ("fonts", check_fonts),
    ("notdef", check_notdef),
    ("rgb", check_no_rgb),
    ("colour-spaces", check_colour_spaces),
    ("images", check_images),
    ("ink", check_ink),
    ("overprint", check_overprint),
    ("legibility", check_legibility),
    ("safe-zone", check_safe_zone),
    ("qr", check_qr),
    ("texts", check_texts),
    ("links", check_links),
)
