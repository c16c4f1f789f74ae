"""PDF/X-1a:2001 on request, a job sheet beside each print output, and the printing
condition named in campaign.yaml (print:), checked by readers we did not write."""

from __future__ import annotations

import json
import shutil
import subprocess

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from posters.build import BuildRequest, build
from posters.cli import main
from posters.preflight import PreflightExpectations, preflight
from tests.conftest import SAMPLE
from tests.print.readers import ghostscript_warnings


def _campaign(tmp_path, settings: str):
    folder = tmp_path / "campaign"
    shutil.copytree(SAMPLE, folder)
    with (folder / "campaign.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nprint:\n" + settings)
    return folder


@pytest.fixture(scope="module")
def x1a(tmp_path_factory, engine):
    root = tmp_path_factory.mktemp("x1a")
    folder = _campaign(root, '  pdfx: x-1a\n  condition: SWOP\n  date: "2023-03-01"\n')
    result = build(BuildRequest(folder, out_dir=root / "out", languages=("en", "my"),
                                formats=("trifold", "card"), regions=("generic",)), engine)
    assert not result.failed
    return result


def test_x1a_files_are_pdf_13_with_their_conformance_and_no_transparency(x1a):
    for path in x1a.paths("built"):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.3")
        assert b"/ObjStm" not in data and b"/XRef" not in data  # PDF 1.5 structures
        with pikepdf.open(path) as pdf:
            info = pdf.docinfo
            assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
            assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
            assert str(info.CreationDate) == "D:20230301000000+00'00'"
            (intent,) = pdf.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == "CGATS TR 003"
        pdfinfo = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                 check=True).stdout
        assert "PDF/X-1a:2001" in pdfinfo or "PDF/X-1:2001" in pdfinfo
        assert ghostscript_warnings(path) == []
        qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert qpdf.returncode == 0, qpdf.stdout


def test_transparency_in_an_x1a_file_is_an_error(x1a, tmp_path):
    path = tmp_path / "transparent.pdf"
    with pikepdf.open(x1a.paths("built")[0]) as pdf:
        page = pdf.pages[0].obj
        page.Resources.ExtGState = pikepdf.Dictionary(
            Ghost=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5))
        pdf.save(path, force_version="1.3",
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    report = preflight(path, PreflightExpectations(), skip=("ink", "qr"))
    assert "PF099" in {f.code for f in report.findings}


def test_each_print_output_has_a_job_sheet_that_matches_the_file(x1a):
    prints = x1a.paths("built")
    for path in prints:
        sheet = json.loads(path.with_suffix(".job.json").read_text("utf-8"))
        text = path.with_suffix(".job.txt").read_text("utf-8")
        page = pypdf.PdfReader(path).pages[0]
        trim = page.trimbox
        mm = 72 / 25.4
        assert sheet["trim_mm"] == [round(float(trim.width) / mm, 1),
                                    round(float(trim.height) / mm, 1)]
        assert sheet["bleed_mm"] == 3.0
        assert sheet["pages"] == len(pypdf.PdfReader(path).pages) == 2
        assert sheet["printing_condition"]["identifier"] == "CGATS TR 003"
        assert sheet["pdfx"] == "PDF/X-1a:2001"
        assert f"{sheet['trim_mm'][0]:g} x {sheet['trim_mm'][1]:g} mm" in text
        assert "CGATS TR 003" in text and "both sides" in text
        if path.stem.startswith("trifold"):
            assert len(sheet["folds_mm"]) == 2 and "fold at" in text
    assert not any(p.with_suffix(".job.json").exists()
                   for p in (q.with_name(q.stem + "-screen.pdf") for q in prints))


def test_a_condition_without_a_free_profile_asks_for_the_printers_file(tmp_path):
    folder = _campaign(tmp_path, "  condition: JC2011\n")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code != 0
    assert "campaign.yaml:" in result.output and "JC2011" in result.output
    assert "ask your printer" in result.output and "print.profile" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_condition_is_an_error_with_the_known_ones(tmp_path):
    folder = _campaign(tmp_path, "  condition: Custom\n")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code != 0
    assert "unknown printing condition 'Custom'" in result.output and "FOGRA39" in result.output
