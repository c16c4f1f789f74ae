"""The XMP packet posters writes itself (posters.print.pdfx.xmp_packet): every value read
back as written by readers we did not write (pikepdf's XMP reader, pypdf, poppler), text
escaped, each namespace declared once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from posters.print.pdfx import finish_screen, make_pdfx
from tests.print.fixtures import TIMESTAMP, Poster, draw_poster

TITLE = 'Trafficking & "exploitation" <in> Persons: 人身取引 / الاتجار بالبشر'
AUTHOR = "Agency <A & B>"


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return draw_poster(tmp_path_factory.mktemp("xmp") / "raw.pdf", Poster())


@pytest.mark.parametrize("variant", ["print", "x-1a", "screen"])
def test_every_value_reads_back_as_written(raw, tmp_path, variant):
    out = tmp_path / f"{variant}.pdf"
    metadata = dict(title=TITLE, lang="ar", timestamp=TIMESTAMP, author=AUTHOR,
                    subject="tip & more", keywords="a, <b>, c")
    if variant == "screen":
        finish_screen(raw, out, **metadata)
    else:
        make_pdfx(raw, out, icc=None, version="x-1a" if variant == "x-1a" else "x-4",
                  **metadata)
    with pikepdf.open(out) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == TITLE
        assert xmp["dc:creator"] == [AUTHOR]
        assert xmp["dc:description"] == "tip & more"
        assert xmp["dc:language"] == {"ar"}
        assert xmp["pdf:Keywords"] == "a, <b>, c"
        assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2023-03-01T00:00:00Z"
        assert xmp["xmpMM:DocumentID"] == xmp["xmpMM:InstanceID"]
        assert xmp["xmpMM:DocumentID"].startswith("uuid:")
        if variant == "screen":
            assert "pdfxid:GTS_PDFXVersion" not in xmp and "pdf:Trapped" not in xmp
        else:
            assert xmp["pdfxid:GTS_PDFXVersion"] == str(pdf.docinfo.GTS_PDFXVersion)
            assert xmp["pdf:Trapped"] == "False"
        if variant == "x-1a":
            assert xmp["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2001"
        packet = pdf.Root.Metadata.read_bytes().decode()
        assert pdf.Root.Metadata.Subtype == pikepdf.Name.XML
        assert "/Filter" not in pdf.Root.Metadata  # readable by tools that are not PDF readers
    for prefix in ("dc", "xmp", "xmpMM"):
        assert packet.count(f"xmlns:{prefix}=") == 1
    reader = PdfReader(out)
    assert reader.xmp_metadata.dc_title == {"x-default": TITLE}
    assert reader.xmp_metadata.dc_creator == [AUTHOR]
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_a_tagged_screen_file_says_pdf_ua_in_its_xmp(raw, tmp_path):
    from posters.render.tags import Element, Structure

    out = tmp_path / "ua.pdf"
    structure = Structure(root=Element("Document"), pages=1, lang="en")
    finish_screen(raw, out, title="T", lang="en", timestamp=TIMESTAMP, structure=structure)
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
    finish_screen(raw, out, title="T", lang="en", timestamp=TIMESTAMP)
    with pikepdf.open(out) as pdf:
        assert "pdfuaid:part" not in pdf.open_metadata()


def test_the_preflight_reads_the_pdfx_claim_and_title_from_the_xmp(raw, tmp_path):
    from posters.preflight import PreflightExpectations, preflight

    good = tmp_path / "good.pdf"
    make_pdfx(raw, good, title="T", lang="en", icc=None, timestamp=TIMESTAMP)
    codes = {f.code for f in preflight(good, PreflightExpectations(),
                                       skip=("ink", "qr")).findings}
    assert not codes & {"PF092", "PF096"}
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["pdfxid:GTS_PDFXVersion"] = "PDF/X-3:2002"
            del xmp["dc:title"]
        del pdf.docinfo["/Title"]
        pdf.save(bad)
    findings = preflight(bad, PreflightExpectations(), skip=("ink", "qr")).findings
    assert any(f.code == "PF092" and "PDF/X-3:2002" in f.message for f in findings)
    assert any(f.code == "PF096" for f in findings)
    with pikepdf.open(bad) as pdf:  # the check only read the file
        assert "dc:title" not in pdf.open_metadata()
