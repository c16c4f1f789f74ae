"""Finish a rendered PDF with pikepdf: PDF/X-4 (or PDF/X-1a:2001) for print, metadata for
both variants.

Adds what ReportLab does not write: the OutputIntent naming the printing condition with
its ICC output profile, GTS_PDFXVersion and Trapped in the Info dictionary and the XMP
metadata, title, author, subject and language in both, the PDF version and a document ID;
font subsets get tags derived from their content. Leaves out what ReportLab writes and no
reader needs (``tidy``). Every value that could change between runs (dates, IDs) comes from
the input, so the same input gives a byte-identical file.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from html import escape as escape_markup
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from posters.files import atomic_path
from posters.print.conditions import PDFX_VERSIONS, ConditionError, OutputIntent, resolve
from posters.print.icc import profile_colour_space
from posters.print.overprint import apply_overprint
from posters.print.structure import apply_structure
from posters.render.tags import Structure

PDFX_VERSION = "PDF/X-4"


def escape(text: str) -> str:
    """XML character data with &, < and > escaped, as xml.sax.saxutils.escape does (whose
    module imports urllib.request, http.client and ssl: 50 ms a process)."""
    return escape_markup(text, quote=False)


class PdfxError(ValueError):
    """The input cannot become PDF/X (no TrimBox, encrypted, wrong profile...)."""


@dataclass(frozen=True)
class Metadata:
    title: str
    lang: str
    timestamp: datetime
    author: str = ""
    subject: str = ""
    keywords: str = ""


def pdf_date(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def make_pdfx(src: Path | bytes, dst: Path, *, title: str, lang: str, icc: Path | None,
              timestamp: datetime, condition: str | None = None,
              intent: OutputIntent | None = None, author: str = "", subject: str = "",
              keywords: str = "", version: str = "x-4", structure: Structure | None = None,
              overprint: bool = True) -> None:
    """Write ``dst``: ``src`` made PDF/X (``version`` "x-4" or "x-1a") with the output
    intent ``intent``, or the one :func:`posters.print.conditions.resolve` gives for
    ``condition`` and ``icc`` (neither: FOGRA39 with its free profile). ``dst`` appears
    complete or not at all. ``overprint``: set black text and thin rules to overprint in
    the page content (posters.print.overprint); False for a file posters' renderer drew,
    which set it while drawing, so that no content stream is parsed here. ``src``: a file,
    or the bytes of one (the renderer's, never written to disk)."""
    source, name = _source(src)
    dst = Path(dst)
    if version not in PDFX_VERSIONS:
        raise PdfxError(f"PDF/X version must be one of {', '.join(PDFX_VERSIONS)}, "
                        f"not {version!r}")
    if intent is None:
        try:
            intent = resolve(condition, Path(icc) if icc is not None else None)
        except (ConditionError, OSError) as exc:
            raise PdfxError(str(exc)) from exc
    try:
        profile = intent.profile.read_bytes()
    except OSError as exc:
        raise PdfxError(f"cannot read ICC profile {intent.profile}: {exc.strerror}") from exc
    if len(profile) < 128 or profile[36:40] != b"acsp":
        raise PdfxError(f"{intent.profile} is not an ICC profile")
    if profile_colour_space(profile) != "CMYK":
        raise PdfxError(f"{intent.profile} is a {profile_colour_space(profile)} profile; "
                        "PDF/X print output needs a CMYK output profile")
    meta = Metadata(title, lang, timestamp, author, subject, keywords)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        if pdf.is_encrypted:
            raise PdfxError(f"{name} is encrypted; PDF/X forbids encryption")
        _check_boxes(pdf, name)
        if overprint:
            apply_overprint(pdf)
        _output_intent(pdf, profile, intent)
        _finish(pdf, source, meta, profile, PDFX_VERSIONS[version])
        if structure is not None:
            apply_structure(pdf, structure)
        _save_atomically(pdf, dst, "1.3" if version == "x-1a" else "1.6")


def finish_screen(src: Path | bytes, dst: Path, *, title: str, lang: str,
                  timestamp: datetime, author: str = "", subject: str = "",
                  keywords: str = "", structure: Structure | None = None) -> None:
    """Write ``dst``: the screen variant ``src`` (a file or its bytes) with the same
    metadata as print files (Info and XMP agreeing) and content-derived subset tags; no
    output intent. With ``structure`` the file is tagged and identifies itself as
    PDF/UA-1."""
    source, _ = _source(src)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        _finish(pdf, source, Metadata(title, lang, timestamp, author, subject,
                                                keywords), b"", None,
                pdfua=structure is not None)
        if structure is not None:
            apply_structure(pdf, structure)
        _save_atomically(pdf, Path(dst), "1.6")


def _source(src: Path | bytes) -> tuple[bytes, str]:
    """The input's bytes, read once (they are parsed, and digested for the document ID),
    and its name in messages."""
    if isinstance(src, bytes):
        return src, "the rendered PDF"
    return Path(src).read_bytes(), str(src)


def _finish(pdf: pikepdf.Pdf, source: bytes, meta: Metadata, profile: bytes,
            pdfx: str | None, *, pdfua: bool = False) -> None:
    """Info, XMP metadata (written here in one go: no other step edits it), /Lang, the
    viewer's title and content-derived subset tags."""
    digest = hashlib.sha256()
    for part in (source, profile, meta.title.encode(), meta.lang.encode(),
                 pdf_date(meta.timestamp).encode(), (pdfx or "").encode()):
        digest.update(hashlib.sha256(part).digest())
    doc_uuid = uuid.UUID(bytes=digest.digest()[:16], version=4)
    # a PDF 1.3 file for older presses keeps its procedure sets (obsolete only from 1.4)
    tidy(pdf, procedure_sets=pdfx is not None and pdfx.startswith("PDF/X-1a"))
    date = pdf_date(meta.timestamp)
    info = pdf.docinfo
    info[Name.Title] = meta.title
    for key, value in ((Name.Author, meta.author), (Name.Subject, meta.subject),
                       (Name.Keywords, meta.keywords)):
        if value:
            info[key] = value
        elif key in info:
            del info[key]
    if pdfx is not None:
        if pdfx.startswith("PDF/X-1a"):
            info[Name.GTS_PDFXVersion] = "PDF/X-1:2001"
            info[Name.GTS_PDFXConformance] = pdfx
        else:
            info[Name.GTS_PDFXVersion] = pdfx
        info[Name.Trapped] = Name("/False")
    elif Name.Trapped in info:  # ReportLab's; trapping is a press's concern, as in the XMP
        del info[Name.Trapped]
    info[Name.CreationDate] = date
    info[Name.ModDate] = date
    pdf.Root.Lang = pikepdf.String(meta.lang)
    viewer = pdf.Root.get("/ViewerPreferences", Dictionary())
    viewer.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = viewer
    stamp = meta.timestamp if meta.timestamp.tzinfo else meta.timestamp.replace(tzinfo=UTC)
    iso = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    properties: list[tuple[str, str]] = [
        ("dc:title", _alt(meta.title)),
        ("dc:language", f"<rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag>"),
    ]
    if meta.author:
        properties.append(("dc:creator",
                           f"<rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq>"))
    if meta.subject:
        properties.append(("dc:description", _alt(meta.subject)))
    if meta.keywords:
        properties.append(("pdf:Keywords", escape(meta.keywords)))
    if pdfx is not None:
        properties.append(("pdfxid:GTS_PDFXVersion", escape(str(info[Name.GTS_PDFXVersion]))))
        if Name.GTS_PDFXConformance in info:
            properties.append(("pdfx:GTS_PDFXConformance", escape(pdfx)))
        properties.append(("pdf:Trapped", "False"))
    properties += [("xmp:CreateDate", iso), ("xmp:ModifyDate", iso), ("xmp:MetadataDate", iso)]
    if "/Producer" in info:
        properties.append(("pdf:Producer", escape(str(info.Producer))))
    if "/Creator" in info:
        properties.append(("xmp:CreatorTool", escape(str(info.Creator))))
    properties += [("xmpMM:DocumentID", f"uuid:{doc_uuid}"),
                   ("xmpMM:InstanceID", f"uuid:{doc_uuid}"),
                   ("xmpMM:VersionID", "1"), ("xmpMM:RenditionClass", "default")]
    if pdfua:
        properties.append(("pdfuaid:part", "1"))
    metadata = pikepdf.Stream(pdf, xmp_packet(properties))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)


# The XMP namespaces the metadata uses, each declared once (pikepdf's XMP writer declares
# them on every property: 40 % more bytes, and it takes 3 ms a file to write).
XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def xmp_packet(properties: list[tuple[str, str]]) -> bytes:
    """An XMP packet (ISO 16684-1) of one rdf:Description: ``properties`` are (qualified
    name, XML content already escaped), in order; each prefix's namespace is declared once."""
    used = dict.fromkeys(name.split(":")[0] for name, _ in properties)
    declarations = "".join(f' xmlns:{prefix}="{XMP_NAMESPACES[prefix]}"' for prefix in used)
    body = "".join(f"\n<{name}>{value}</{name}>" for name, value in properties)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'<rdf:Description rdf:about=""{declarations}>{body}\n</rdf:Description>'
            '</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>').encode()


_TAG = re.compile(r"^[A-Z]{6}\+")


def subset_tag(program: bytes) -> str:
    """Six capital letters derived from a subset's font program: the same subset gets the
    same tag in every file, different subsets different tags."""
    number = int.from_bytes(hashlib.sha256(program).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def _tag_subset(font: Dictionary) -> None:
    """Replace ReportLab's numbered subset tag (AAAAAA+ for every first subset) with a
    tag from the subset's content, in the font and its descriptor."""
    base = str(font.get("/BaseFont", ""))[1:]
    if not _TAG.match(base):
        return
    target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = target.get("/FontDescriptor")
    if descriptor is None:
        return
    program = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if k in descriptor), None)
    if program is None:
        return
    tagged = f"{subset_tag(program.read_raw_bytes())}+{base[7:]}"
    font.BaseFont = Name("/" + tagged)
    if target is not font and "/BaseFont" in target:
        target.BaseFont = Name("/" + tagged)
    descriptor.FontName = Name("/" + tagged)


_IDENTITY = (1, 0, 0, 1, 0, 0)


def tidy(pdf: pikepdf.Pdf, *, procedure_sets: bool = False) -> None:
    """Subset tags derived from the subsets' content (:func:`_tag_subset`), and what
    ReportLab writes and a reader assumes anyway left out: procedure sets (obsolete since
    PDF 1.4, ignored by readers), a form XObject's /FormType 1 and identity /Matrix, the
    catalog's /PageMode /UseNone (the defaults) and a font's /Name (only PDF 1.0 needed
    it); a separation's tint transform written as the function it is
    (:func:`_affine_tint`). 84 bytes a form, written uncompressed in its stream's
    dictionary; 120 bytes the registration colour's function stream. A stream's one
    filter is written as its name, not an array of one. One walk over the objects (0.3 ms
    a file). ``procedure_sets``: keep them."""
    if pdf.Root.get("/PageMode") == Name.UseNone:
        del pdf.Root["/PageMode"]
    all_resources = [page.obj.get("/Resources") for page in pdf.pages]
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font:
            _tag_subset(obj)
            if "/Name" in obj:
                del obj["/Name"]
            continue
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        if isinstance(filters, Array) and len(filters) == 1:
            # ReportLab's [/FlateDecode]: as a name, qpdf copies the stream as it is
            # instead of inflating and deflating it again (_save_atomically)
            obj.Filter = filters[0]
            parameters = obj.get("/DecodeParms")
            if isinstance(parameters, Array) and len(parameters) == 1:
                obj.DecodeParms = parameters[0]
        if obj.get("/Subtype") != Name.Form:
            continue
        if obj.get("/FormType") == 1:
            del obj["/FormType"]
        matrix = obj.get("/Matrix")
        if matrix is not None and tuple(float(v) for v in matrix) == _IDENTITY:
            del obj["/Matrix"]
        all_resources.append(obj.get("/Resources"))
    for resources in all_resources:
        if not isinstance(resources, Dictionary):
            continue
        if "/ProcSet" in resources and not procedure_sets:
            del resources["/ProcSet"]
        spaces = resources.get("/ColorSpace")
        for space in spaces.values() if isinstance(spaces, Dictionary) else ():
            if isinstance(space, pikepdf.Array) and len(space) == 4 \
                    and space[0] == Name.Separation and isinstance(space[3], pikepdf.Stream) \
                    and space[3].get("/FunctionType") == 4:
                function = _affine_tint(space[3])
                if function is not None:
                    space[3] = function


def _number(value: float) -> int | Decimal:
    return int(value) if value == int(value) else Decimal(repr(value))


def _affine_tint(function: pikepdf.Stream) -> Dictionary | None:
    """A PostScript calculator function of one input ``t`` in [0 1] that computes
    ``a * t + b`` for each output (ReportLab's tint transform of a CMYK separation,
    ``{dup 1.0 mul exch ... 1.0 mul}``), as the exponential interpolation function that
    computes the same (type 2: C0 = b, C1 = a + b, N = 1), a few bytes in the colour space
    instead of a stream object; None for any other program."""
    if [float(v) for v in function.get("/Domain", [])] != [0, 1]:
        return None
    tokens = function.read_bytes().decode("latin-1").strip()
    if not (tokens.startswith("{") and tokens.endswith("}")):
        return None
    stack: list[tuple[float, float]] = [(1.0, 0.0)]  # (a, b): a * t + b
    for token in tokens[1:-1].split():
        if token == "dup" and stack:
            stack.append(stack[-1])
        elif token == "exch" and len(stack) >= 2:
            stack[-2:] = stack[-1], stack[-2]
        elif token == "pop" and stack:
            stack.pop()
        elif token == "mul" and len(stack) >= 2:
            (a, b), (c, d) = stack[-2], stack[-1]
            if a and c:
                return None  # t * t: not affine
            stack[-2:] = [(a * d + c * b, b * d)]
        else:
            try:
                stack.append((0.0, float(token)))
            except ValueError:
                return None
    ranges = function.get("/Range")
    if ranges is not None and len(ranges) != 2 * len(stack):
        return None
    low = [b for _, b in stack]
    high = [a + b for a, b in stack]
    if ranges is not None and any(
            not float(ranges[2 * i]) <= min(lo, hi) <= max(lo, hi) <= float(ranges[2 * i + 1])
            for i, (lo, hi) in enumerate(zip(low, high, strict=True))):
        return None  # the program's results were clipped: not the same function
    return Dictionary(FunctionType=2, Domain=Array([0, 1]), N=1,
                      C0=Array([_number(v) for v in low]), C1=Array([_number(v) for v in high]))


def _check_boxes(pdf: pikepdf.Pdf, src: str) -> None:
    """Each page has a TrimBox and no ArtBox: PDF/X-1a and X-3 forbid both on one page,
    and X-4 preflight profiles flag it."""
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if "/TrimBox" not in obj and "/ArtBox" not in obj:
            raise PdfxError(f"{src}, page {number}: no TrimBox; PDF/X needs the finished size")
        if "/TrimBox" not in obj:
            obj.TrimBox = obj.ArtBox
        if "/ArtBox" in obj:
            del obj["/ArtBox"]


@functools.lru_cache(maxsize=4)
def _deflated(profile: bytes) -> bytes:
    # Compressed once per process: qpdf leaves Flate streams as they are when saving, and
    # a build writes the same profile into hundreds of files.
    return zlib.compress(profile, 6)


def _output_intent(pdf: pikepdf.Pdf, profile: bytes, intent: OutputIntent) -> None:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(_deflated(profile), filter=Name.FlateDecode)
    stream.N = 4
    entries = dict(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=intent.identifier,
        OutputCondition=intent.condition,
        Info=intent.info,
        DestOutputProfile=pdf.make_indirect(stream),
    )
    if intent.registry:
        entries["RegistryName"] = intent.registry
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(Dictionary(**entries))])


def _save_atomically(pdf: pikepdf.Pdf, dst: Path, version: str) -> None:
    # object streams came with PDF 1.5: not in a PDF/X-1a:2001 (PDF 1.3) file
    streams = pikepdf.ObjectStreamMode.generate if version >= "1.5" \
        else pikepdf.ObjectStreamMode.disable
    # qpdf copies a stream compressed with Flate (its /Filter a name: tidy) as it is: the
    # renderer compressed it at the level the file wants (posters.render.settings). What
    # qpdf compresses itself, the object and cross-reference streams (10 to 14 KB of
    # dictionaries a poster; and a stream another program left uncompressed), at zlib's
    # level 9: 5 to 25 bytes smaller than at 7 for a few microseconds (#20 item 4).
    pikepdf.settings.set_flate_compression_level(9)
    # written into atomic_path's file itself: given its name, pikepdf would find it there
    # and write a temporary file of its own beside it, to rename over it
    with atomic_path(dst) as temporary, temporary.open("wb") as file:
        # fix_metadata_version would rewrite our XMP in pikepdf's longer form
        pdf.save(file, force_version=version, deterministic_id=True,
                 object_stream_mode=streams, fix_metadata_version=False)


# pikepdf's own temporary file when it saves to a path: ``.pikepdf.<name><random>`` (a
# NamedTemporaryFile) or ``.pikepdf.<name>.<hex>``.
_PIKEPDF_TEMPORARY = re.compile(
    r"^\.pikepdf\.(?P<name>.+?\.tmp)(?:\.[0-9a-f]{12}|[A-Za-z0-9_]{8})$")


def pikepdf_target(name: str) -> str | None:
    """The name of the file pikepdf was saving when ``name`` is its temporary, else None."""
    found = _PIKEPDF_TEMPORARY.match(name)
    return found["name"] if found else None
