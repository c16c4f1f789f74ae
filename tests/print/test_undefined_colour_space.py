"""PF025: a form (an icon's, say) that names a colour space its resources do not define.
MuPDF cannot find it (and draws in whatever colour was current, or nothing), so the
preflight must fail it, and a form whose space is defined must pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf

from posters.diagnostics import Level
from posters.preflight import PreflightExpectations, preflight


def _pdf(path: Path, content: bytes, spaces: dict[str, object] | None) -> Path:
    """One A6 page drawing one form XObject with ``content``; its resources define
    ``spaces`` as /ColorSpace (none when None)."""
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    if spaces is not None:
        resources.ColorSpace = pikepdf.Dictionary(
            {f"/{name}": space for name, space in spaces.items()})
    form = pikepdf.Stream(pdf, content)
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox = [0, 0, 100, 100]
    form.Resources = resources
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 298, 420], TrimBox=[0, 0, 298, 420],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form)),
        Contents=pdf.make_stream(b"q 1 0 0 1 50 50 cm /Fm0 Do Q"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def _pf025(path: Path) -> list[str]:
    report = preflight(path, PreflightExpectations(variant="screen"))
    return [str(f) for f in report.findings if f.code == "PF025" and f.level is Level.ERROR]


def test_a_form_naming_an_undefined_colour_space_fails(tmp_path):
    content = b"/Undefined CS 0 SC 4 w 0 0 m 90 90 l S /Undefined cs 0 sc 0 0 50 50 re f"
    path = _pdf(tmp_path / "undefined.pdf", content, None)
    findings = _pf025(path)
    assert len(findings) == 1, findings  # the stroke and the fill: one finding
    assert "colour space /Undefined is used (2x)" in findings[0]
    assert "form /Fm0" in findings[0] and "define it" in findings[0]
    # what the finding is about, as MuPDF sees it
    assert "cannot find ColorSpace resource 'Undefined'" in _mupdf_errors(path, tmp_path)


def test_a_form_whose_colour_space_is_defined_passes(tmp_path):
    content = b"/Ink CS 0 SC 4 w 0 0 m 90 90 l S /Ink cs 0 sc 0 0 50 50 re f"
    path = _pdf(tmp_path / "defined.pdf", content, {"Ink": pikepdf.Name.DeviceGray})
    assert _pf025(path) == []
    assert "error" not in _mupdf_errors(path, tmp_path)


def test_an_image_of_an_undefined_colour_space_fails(tmp_path):
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, b"\x80" * 4)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 2, 2, 8
    image.ColorSpace = pikepdf.Name("/Missing")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 298, 420], TrimBox=[0, 0, 298, 420],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pdf.make_stream(b"q 100 0 0 100 50 50 cm /Im0 Do Q"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "image.pdf")
    findings = _pf025(tmp_path / "image.pdf")
    assert len(findings) == 1 and "colour space /Missing" in findings[0], findings


def _mupdf_errors(path: Path, tmp_path: Path) -> str:
    """What MuPDF (mutool draw) says while drawing the page."""
    drawn = subprocess.run(["mutool", "draw", "-o", str(tmp_path / f"{path.stem}.png"),
                            "-r", "36", str(path), "1"], capture_output=True, text=True,
                           timeout=60)
    return drawn.stderr
