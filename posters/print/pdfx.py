"""Turn a rendered print PDF into PDF/X-4 with pikepdf.

Adds what ReportLab does not write: the OutputIntent with an embedded ICC output profile,
GTS_PDFXVersion and Trapped in the Info dictionary and the XMP metadata, a title, the
document language, an ArtBox where a page has none, PDF version 1.6 and a document ID.
Every value that could change between runs (dates, IDs) comes from the input, so the same
input gives a byte-identical file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import uuid
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from posters.print.icc import default_cmyk_profile, profile_colour_space, profile_description

PDFX_VERSION = "PDF/X-4"


class PdfxError(ValueError):
    """The input cannot become PDF/X-4 (no TrimBox, encrypted, wrong profile...)."""


def pdf_date(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def source_date(default: datetime | None = None) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else ``default``, else the epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return default or datetime(2000, 1, 1, tzinfo=UTC)


def make_pdfx(src: Path, dst: Path, *, title: str, lang: str, icc: Path | None,
              timestamp: datetime, condition: str | None = None) -> None:
    """Write ``dst``: ``src`` made PDF/X-4 with ``icc`` (a CMYK profile; None means the
    default from :func:`default_cmyk_profile`) as output intent. ``condition`` is a
    registered OutputConditionIdentifier such as "FOGRA39" or "JC200103" when the profile
    is that condition's; otherwise "Custom". ``dst`` appears complete or not at all."""
    src, dst = Path(src), Path(dst)
    profile_path = Path(icc) if icc is not None else default_cmyk_profile()
    try:
        profile = profile_path.read_bytes()
    except OSError as exc:
        raise PdfxError(f"cannot read ICC profile {profile_path}: {exc.strerror}") from exc
    if len(profile) < 128 or profile[36:40] != b"acsp":
        raise PdfxError(f"{profile_path} is not an ICC profile")
    if profile_colour_space(profile) != "CMYK":
        raise PdfxError(f"{profile_path} is a {profile_colour_space(profile)} profile; "
                        "PDF/X-4 print output needs a CMYK output profile")
    source = src.read_bytes()
    digest = hashlib.sha256()
    for part in (source, profile, title.encode(), lang.encode(), pdf_date(timestamp).encode()):
        digest.update(hashlib.sha256(part).digest())
    doc_uuid = uuid.UUID(bytes=digest.digest()[:16], version=4)

    with pikepdf.open(src) as pdf:
        if pdf.is_encrypted:
            raise PdfxError(f"{src} is encrypted; PDF/X forbids encryption")
        _check_boxes(pdf, src)
        _output_intent(pdf, profile, profile_path, condition)
        date = pdf_date(timestamp)
        info = pdf.docinfo
        info[Name.Title] = title
        info[Name.GTS_PDFXVersion] = PDFX_VERSION
        info[Name.Trapped] = Name("/False")
        info[Name.CreationDate] = date
        info[Name.ModDate] = date
        pdf.Root.Lang = pikepdf.String(lang)
        viewer = pdf.Root.get("/ViewerPreferences", Dictionary())
        viewer.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = viewer
        iso = timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if timestamp.tzinfo \
            else timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
            meta["pdfxid:GTS_PDFXVersion"] = PDFX_VERSION
            meta["pdf:Trapped"] = "False"
            meta["xmp:CreateDate"] = iso
            meta["xmp:ModifyDate"] = iso
            meta["xmp:MetadataDate"] = iso
            if "/Producer" in info:
                meta["pdf:Producer"] = str(info.Producer)
            if "/Creator" in info:
                meta["xmp:CreatorTool"] = str(info.Creator)
            meta["xmpMM:DocumentID"] = f"uuid:{doc_uuid}"
            meta["xmpMM:InstanceID"] = f"uuid:{doc_uuid}"
            meta["xmpMM:VersionID"] = "1"
            meta["xmpMM:RenditionClass"] = "default"
        _save_atomically(pdf, dst)


def _check_boxes(pdf: pikepdf.Pdf, src: Path) -> None:
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if "/TrimBox" not in obj and "/ArtBox" not in obj:
            raise PdfxError(f"{src}, page {number}: no TrimBox; PDF/X needs the finished size")
        if "/ArtBox" not in obj:
            obj.ArtBox = obj.TrimBox
        if "/TrimBox" not in obj:
            obj.TrimBox = obj.ArtBox


@functools.lru_cache(maxsize=4)
def _deflated(profile: bytes) -> bytes:
    # Compressed once per process: qpdf leaves Flate streams as they are when saving, and
    # a build writes the same profile into hundreds of files.
    return zlib.compress(profile, 6)


def _output_intent(pdf: pikepdf.Pdf, profile: bytes, path: Path, condition: str | None) -> None:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(_deflated(profile), filter=Name.FlateDecode)
    stream.N = 4
    description = profile_description(profile)
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=condition or "Custom",
        OutputCondition=description,
        Info=description,
        RegistryName="http://www.color.org",
        DestOutputProfile=pdf.make_indirect(stream),
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _save_atomically(pdf: pikepdf.Pdf, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    try:
        pdf.save(tmp, force_version="1.6", deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for the temporary name only
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
