"""make_pdfx: PDF/X-4 markers, a valid file, byte-identical output."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest

from posters.print.icc import GHOSTSCRIPT_PROFILES, default_cmyk_profile
from posters.print.pdfx import PdfxError, make_pdfx
from tests.print.fixtures import TIMESTAMP, Poster, draw_poster


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return draw_poster(tmp_path_factory.mktemp("pdfx") / "raw.pdf", Poster())


def test_output_is_valid_and_carries_the_output_intent(raw, tmp_path):
    out = tmp_path / "x4.pdf"
    make_pdfx(raw, out, title="Trafficking in Persons", lang="ja", icc=None, timestamp=TIMESTAMP)
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        # the default: a registered condition with its free profile, never "Custom"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "FOGRA39" in str(intent.OutputCondition)
        assert "FOGRA39" in str(intent.Info)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes() == default_cmyk_profile().read_bytes()
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-4"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) == "Trafficking in Persons"
        assert str(info.CreationDate) == "D:20230301000000+00'00'"
        assert str(pdf.Root.Lang) == "ja"
        assert len(pdf.trailer.ID) == 2
        page = pdf.pages[0].obj
        assert "/TrimBox" in page and "/ArtBox" not in page
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == "Trafficking in Persons"
        assert meta["xmp:CreateDate"].startswith("2023-03-01T00:00:00")
    # poppler reads the PDF/X claim from the XMP
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "PDF/X-4" in info


def test_output_is_byte_identical_for_the_same_input(raw, tmp_path):
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    for path in (a, b):
        make_pdfx(raw, path, title="T", lang="en", icc=None, timestamp=TIMESTAMP)
    assert a.read_bytes() == b.read_bytes()
    later = datetime(2024, 1, 1, tzinfo=UTC)
    make_pdfx(raw, c, title="T", lang="en", icc=None, timestamp=later)
    assert c.read_bytes() != a.read_bytes()


def test_custom_profile(raw, tmp_path):
    """The printer's own profile: named by its description, with no registry (it is not
    a registered condition); with a named condition, that condition's identifier."""
    other = GHOSTSCRIPT_PROFILES / "ps_cmyk.icc"
    if not other.exists():
        pytest.skip("Ghostscript's ps_cmyk.icc is not installed")
    out = tmp_path / "custom.pdf"
    make_pdfx(raw, out, title="T", lang="en", icc=other, timestamp=TIMESTAMP)
    with pikepdf.open(out) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.DestOutputProfile.read_bytes() == other.read_bytes()
        assert str(intent.OutputConditionIdentifier) not in ("", "Custom")
        assert "/RegistryName" not in intent
    make_pdfx(raw, out, title="T", lang="en", icc=other, timestamp=TIMESTAMP,
              condition="JC2011")
    with pikepdf.open(out) as pdf:
        intent = pdf.Root.OutputIntents[0]
        # the ICC characterization data registry's reference name for Japan Color 2011
        # Coated is JCS2011 (it carried the campaign key, JC2011, which no registry has)
        assert str(intent.OutputConditionIdentifier) == "JCS2011"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "Japan Color 2011" in str(intent.OutputCondition)
        assert intent.DestOutputProfile.read_bytes() == other.read_bytes()


def test_a_condition_without_a_free_profile_asks_for_the_printers(raw, tmp_path):
    with pytest.raises(PdfxError, match=r"ask your printer.*print\.profile"):
        make_pdfx(raw, tmp_path / "jc.pdf", title="T", lang="en", icc=None,
                  timestamp=TIMESTAMP, condition="JC2011")
    with pytest.raises(PdfxError, match="unknown printing condition"):
        make_pdfx(raw, tmp_path / "x.pdf", title="T", lang="en", icc=None,
                  timestamp=TIMESTAMP, condition="Custom")


@pytest.mark.parametrize("condition, identifier", [
    ("FOGRA39", "FOGRA39"), ("SWOP", "CGATS TR 003"), ("GRACoL2006", "CGATS TR 006")])
def test_free_profiles_are_real_cmyk_profiles_of_their_condition(raw, tmp_path, condition,
                                                                 identifier):
    """Read back by littleCMS: paper white is light, 100 % K is dark, cyan is cyan."""
    import io

    from PIL import Image, ImageCms

    out = tmp_path / "c.pdf"
    make_pdfx(raw, out, title="T", lang="en", icc=None, timestamp=TIMESTAMP,
              condition=condition)
    with pikepdf.open(out) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == identifier
        data = intent.DestOutputProfile.read_bytes()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    assert profile.profile.xcolor_space.strip() == "CMYK"
    # the ICC registry asks profiles made from its data to name it in the 'targ' tag
    assert profile.profile.target == f"ICCHDAT {identifier}"
    to_lab = ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"), "CMYK", "LAB",
                                     ImageCms.Intent.ABSOLUTE_COLORIMETRIC)
    patches = Image.new("CMYK", (3, 1))
    patches.putdata([(0, 0, 0, 0), (0, 0, 0, 255), (255, 0, 0, 0)])
    lab = ImageCms.applyTransform(patches, to_lab)
    (paper, _, _), (black, _, _), (_, cyan_a, cyan_b) = (lab.getpixel((i, 0)) for i in range(3))
    assert paper > 0.9 * 255 and black < 0.3 * 255
    assert cyan_a < 128 - 20 and cyan_b < 128 - 30  # a* and b* negative: cyan


def test_refuses_rgb_profile_and_missing_trimbox(raw, tmp_path):
    rgb = GHOSTSCRIPT_PROFILES / "srgb.icc"
    with pytest.raises(PdfxError, match="CMYK"):
        make_pdfx(raw, tmp_path / "rgb.pdf", title="T", lang="en", icc=rgb,
                  timestamp=TIMESTAMP)
    no_trim = draw_poster(tmp_path / "no-trim.pdf", Poster(trim_box=False))
    with pytest.raises(PdfxError, match="TrimBox"):
        make_pdfx(no_trim, tmp_path / "out.pdf", title="T", lang="en", icc=None,
                  timestamp=TIMESTAMP)
    assert not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob(".out.pdf.*"))

